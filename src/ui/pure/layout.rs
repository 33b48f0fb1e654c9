//! Where a chart's categories sit on the canvas, and which one is under the
//! pointer. Pure (no web-sys), so it is tested natively.

/// Where the data sits on the canvas, in CSS pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Layout {
    pub left: f64,
    pub right: f64,
    pub n: usize,
    /// For charts with one category per row (the funnel): the plot's top
    /// and bottom; categories are then picked by y.
    pub rows: Option<(f64, f64)>,
    /// For grids (the heatmap): top, bottom and number of rows; `n` is then
    /// the number of columns and a cell's index is `row * n + column`.
    pub cells: Option<(f64, f64, usize)>,
}

impl Layout {
    /// Index of the category under CSS point (x, y), if any.
    pub fn pick(&self, x: f64, y: f64) -> Option<usize> {
        if let Some((top, bottom, ny)) = self.cells {
            let g = Grid { left: self.left, right: self.right, top, bottom, nx: self.n, ny };
            return g.cell_at(x, y).map(|(c, r)| r * self.n + c);
        }
        match self.rows {
            None => self.index_at(x),
            Some((top, bottom)) => {
                if self.n == 0 || y < top || y > bottom || x < self.left || x > self.right {
                    return None;
                }
                let h = (bottom - top) / self.n as f64;
                Some((((y - top) / h).floor() as usize).min(self.n - 1))
            }
        }
    }

    /// Index of the category under CSS x, if any.
    pub fn index_at(&self, x: f64) -> Option<usize> {
        if self.n == 0 || x < self.left || x > self.right {
            return None;
        }
        let w = (self.right - self.left) / self.n as f64;
        Some((((x - self.left) / w).floor() as usize).min(self.n - 1))
    }
}

/// Where a grid's cells sit, in CSS pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Grid {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub nx: usize,
    pub ny: usize,
}

impl Grid {
    /// The grid as a [`Layout`] whose categories are its cells, row-major.
    pub fn layout(&self) -> Layout {
        Layout {
            left: self.left,
            right: self.right,
            n: self.nx,
            rows: None,
            cells: Some((self.top, self.bottom, self.ny)),
        }
    }

    /// (column, row) under CSS point (x, y).
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        if self.nx == 0 || self.ny == 0 || x < self.left || x > self.right || y < self.top || y > self.bottom {
            return None;
        }
        let cx = ((x - self.left) / ((self.right - self.left) / self.nx as f64)).floor() as usize;
        let cy = ((y - self.top) / ((self.bottom - self.top) / self.ny as f64)).floor() as usize;
        Some((cx.min(self.nx - 1), cy.min(self.ny - 1)))
    }
}

/// How many y-axis labels to ask for: no more than `fmt` can tell apart, so
/// a small count axis (0–2 buyers) reads 0, 1, 2 and not 0, 0, 1, 1, 2, 2.
pub fn y_label_count(ymax: f64, fmt: &dyn Fn(f64) -> String) -> usize {
    let mut seen: Vec<String> = (0..=10).map(|i| fmt(ymax * i as f64 / 10.0)).collect();
    seen.dedup();
    seen.len().clamp(2, 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn y_labels_are_never_repeated_on_a_small_count_axis() {
        let int = |y: f64| format!("{}", y.round() as i64);
        assert_eq!(y_label_count(1.0, &int), 2);
        assert_eq!(y_label_count(2.0, &int), 3);
        assert_eq!(y_label_count(2.2, &int), 3);
        assert_eq!(y_label_count(500.0, &int), 10, "a wide axis keeps its ten labels");
        let pct = |y: f64| format!("{:.0}%", y * 100.0);
        assert_eq!(y_label_count(1.0, &pct), 10);
    }

    #[test]
    fn picks_the_category_under_x() {
        let l = Layout { left: 100.0, right: 500.0, n: 4, rows: None, cells: None };
        assert_eq!(l.pick(99.0, 0.0), None);
        assert_eq!(l.pick(100.0, 0.0), Some(0));
        assert_eq!(l.pick(199.9, 0.0), Some(0));
        assert_eq!(l.pick(200.0, 0.0), Some(1));
        assert_eq!(l.pick(500.0, 0.0), Some(3));
        assert_eq!(l.pick(500.1, 0.0), None);
        assert_eq!(Layout::default().pick(0.0, 0.0), None);
    }

    #[test]
    fn picks_rows_by_y() {
        let l = Layout { left: 0.0, right: 100.0, n: 5, rows: Some((10.0, 60.0)), cells: None };
        assert_eq!(l.pick(50.0, 9.0), None);
        assert_eq!(l.pick(50.0, 10.0), Some(0));
        assert_eq!(l.pick(50.0, 35.0), Some(2));
        assert_eq!(l.pick(50.0, 60.0), Some(4));
        assert_eq!(l.pick(101.0, 35.0), None);
    }

    #[test]
    fn picks_grid_cells_row_major() {
        let g = Grid { left: 0.0, right: 240.0, top: 0.0, bottom: 70.0, nx: 24, ny: 7 };
        let l = g.layout();
        assert_eq!(g.cell_at(15.0, 25.0), Some((1, 2)));
        assert_eq!(l.pick(15.0, 25.0), Some(2 * 24 + 1));
        assert_eq!(l.pick(240.0, 70.0), Some(6 * 24 + 23));
        assert_eq!(l.pick(-1.0, 5.0), None);
        assert_eq!(Grid::default().cell_at(0.0, 0.0), None);
    }
}
