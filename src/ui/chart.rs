//! Charts drawn with plotters on a canvas: sized to the container, crisp on
//! high-DPI screens. Each draw returns the plot area so a click or hover can
//! be mapped back to the bar or point under the pointer.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

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

pub struct Series<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    pub values: &'a [f64],
}

pub const BLUE: RGBColor = RGBColor(37, 99, 235);
pub const ORANGE: RGBColor = RGBColor(234, 88, 12);
pub const GREEN: RGBColor = RGBColor(22, 163, 74);

fn prepare(canvas: &HtmlCanvasElement, css_h: u32) -> (u32, u32, f64) {
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
    let css_w = (canvas.client_width().max(320)) as u32;
    let _ = canvas.set_attribute("style", &format!("height: {css_h}px"));
    canvas.set_width((css_w as f64 * dpr) as u32);
    canvas.set_height((css_h as f64 * dpr) as u32);
    (css_w, css_h, dpr)
}

/// Grouped vertical bars: one group per label, one bar per series.
/// `fmt` formats the y axis.
pub fn bars(
    canvas: &HtmlCanvasElement,
    labels: &[String],
    series: &[Series],
    fmt: &dyn Fn(f64) -> String,
) -> Option<Layout> {
    let (_w, _h, dpr) = prepare(canvas, 280);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let max = series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0f64, f64::max);
    let ymax = if max <= 0.0 { 1.0 } else { max * 1.12 };
    let mut chart = category_axes(&root, labels, ymax, dpr, fmt)?;
    let k = series.len().max(1) as f64;
    for (si, s) in series.iter().enumerate() {
        let color = s.color;
        chart
            .draw_series(s.values.iter().enumerate().map(|(i, v)| {
                let x0 = i as f64 + 0.1 + 0.8 * si as f64 / k;
                let x1 = x0 + 0.8 / k;
                Rectangle::new([(x0, 0.0), (x1, *v)], color.filled())
            }))
            .ok()?
            .label(s.name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
    }
    finish(&root, &mut chart, series.len() > 1, dpr, labels.len())
}

type CategoryChart<'a> = ChartContext<
    'a,
    CanvasBackend,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Axes for one bar (or stack, or point) per label: y formatted by `fmt`;
/// x labels centred under their slots, thinned to about 12.
fn category_axes<'a>(
    root: &'a DrawingArea<CanvasBackend, plotters::coord::Shift>,
    labels: &[String],
    ymax: f64,
    dpr: f64,
    fmt: &dyn Fn(f64) -> String,
) -> Option<CategoryChart<'a>> {
    let n = labels.len().max(1);
    let font = (12.0 * dpr) as u32;
    let mut chart = ChartBuilder::on(root)
        .margin((10.0 * dpr) as u32)
        .x_label_area_size((34.0 * dpr) as u32)
        .y_label_area_size((56.0 * dpr) as u32)
        .build_cartesian_2d(0f64..n as f64, 0f64..ymax)
        .ok()?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .x_labels(0)
        .y_label_formatter(&|y| fmt(*y))
        .label_style(("sans-serif", font))
        .draw()
        .ok()?;
    // Thin labels only as far as they would overlap.
    let text_px = |l: &str| l.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum::<f64>() * font as f64;
    let widest = labels.iter().map(|l| text_px(l)).fold(0.0f64, f64::max) + 8.0 * dpr;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let slot = (xr.end - xr.start) as f64 / n as f64;
    let step = if slot <= 0.0 { 1 } else { (widest / slot).ceil().max(1.0) as usize };
    let style =
        TextStyle::from(("sans-serif", font).into_font()).color(&BLACK).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        ));
    for (i, l) in labels.iter().enumerate().filter(|(i, _)| i % step == 0) {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        root.draw_text(l, &style, (px, py + (6.0 * dpr) as i32)).ok()?;
    }
    Some(chart)
}

/// Draw the legend (if wanted), present the canvas and say where the bars are.
fn finish(
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    chart: &mut CategoryChart<'_>,
    legend: bool,
    dpr: f64,
    n: usize,
) -> Option<Layout> {
    if legend {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.2))
            .label_font(("sans-serif", (12.0 * dpr) as u32))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .ok()?;
    }
    let (xr, _) = chart.plotting_area().get_pixel_range();
    root.present().ok()?;
    Some(Layout { left: xr.start as f64 / dpr, right: xr.end as f64 / dpr, n, rows: None, cells: None })
}

/// Download the canvas as a PNG file.
pub fn download_png(canvas: &HtmlCanvasElement, name: &str) {
    use wasm_bindgen::JsCast;
    let Ok(url) = canvas.to_data_url_with_type("image/png") else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
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

/// A heatmap: `values[row][col]`, rows labelled top to bottom, with a colour
/// scale (0 → max of `scale_label`) at the right.
pub fn heatmap(
    canvas: &HtmlCanvasElement,
    row_labels: &[String],
    col_labels: &[String],
    values: &[Vec<f64>],
    scale_label: &str,
) -> Option<Grid> {
    let (w, _h, dpr) = prepare(canvas, 300);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let legend_w = (86.0 * dpr) as u32;
    let (main, legend) = root.split_horizontally(((w as f64 * dpr) as u32).saturating_sub(legend_w));
    let (nx, ny) = (col_labels.len().max(1), row_labels.len().max(1));
    let max = values.iter().flatten().copied().fold(0.0f64, f64::max).max(1.0);
    let font = (12.0 * dpr) as u32;
    let color_of = |v: f64| {
        let t = (v / max).clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t) as u8;
        RGBColor(mix(239, 30), mix(246, 64), mix(255, 175))
    };
    let mut chart = ChartBuilder::on(&main)
        .margin((10.0 * dpr) as u32)
        .x_label_area_size((26.0 * dpr) as u32)
        .y_label_area_size((44.0 * dpr) as u32)
        .build_cartesian_2d(0f64..nx as f64, 0f64..ny as f64)
        .ok()?;
    chart.configure_mesh().disable_mesh().x_labels(0).y_labels(0).draw().ok()?;
    chart
        .draw_series(values.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(c, v)| {
                let y0 = (ny - 1 - r) as f64;
                Rectangle::new([(c as f64 + 0.04, y0 + 0.06), (c as f64 + 0.96, y0 + 0.94)], color_of(*v).filled())
            })
        }))
        .ok()?;
    // Labels centred on their columns (every other hour) and rows.
    let top_center =
        TextStyle::from(("sans-serif", font).into_font()).color(&BLACK).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        ));
    let right_center =
        TextStyle::from(("sans-serif", font).into_font()).color(&BLACK).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Right,
            plotters::style::text_anchor::VPos::Center,
        ));
    for (i, l) in col_labels.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
        main.draw_text(l, &top_center, (px, py + (5.0 * dpr) as i32)).ok()?;
    }
    for (r, l) in row_labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(0.0, (ny - 1 - r) as f64 + 0.5));
        main.draw_text(l, &right_center, (px - (6.0 * dpr) as i32, py)).ok()?;
    }
    // Colour scale: 0 at the bottom, the maximum at the top.
    let (_, yr) = chart.plotting_area().get_pixel_range();
    let (x0, x1) = ((12.0 * dpr) as i32, (26.0 * dpr) as i32);
    let steps = 24;
    let h = (yr.end - yr.start) as f64 / steps as f64;
    for k in 0..steps {
        let v = max * (steps - k) as f64 / steps as f64;
        let y = yr.start as f64 + k as f64 * h;
        legend.draw(&Rectangle::new([(x0, y as i32), (x1, (y + h).ceil() as i32)], color_of(v).filled())).ok()?;
    }
    let left_center =
        TextStyle::from(("sans-serif", font).into_font()).color(&BLACK).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ));
    legend.draw_text(&format!("{max:.0}"), &left_center, (x1 + (4.0 * dpr) as i32, yr.start)).ok()?;
    legend.draw_text("0", &left_center, (x1 + (4.0 * dpr) as i32, yr.end)).ok()?;
    let caption =
        TextStyle::from(("sans-serif", font).into_font()).color(&BLACK).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Top,
        ));
    legend.draw_text(scale_label, &caption, (x0 - (8.0 * dpr) as i32, yr.end + (8.0 * dpr) as i32)).ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    root.present().ok()?;
    Some(Grid {
        left: xr.start as f64 / dpr,
        right: xr.end as f64 / dpr,
        top: yr.start as f64 / dpr,
        bottom: yr.end as f64 / dpr,
        nx,
        ny,
    })
}

/// Stacked vertical bars: one bar per label, one coloured segment per series.
pub fn stacked(canvas: &HtmlCanvasElement, labels: &[String], series: &[(String, Vec<f64>)]) -> Option<Layout> {
    let (_w, _h, dpr) = prepare(canvas, 300);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let totals: Vec<f64> =
        (0..labels.len()).map(|i| series.iter().map(|(_, v)| v.get(i).copied().unwrap_or(0.0)).sum()).collect();
    let ymax = totals.iter().copied().fold(0.0f64, f64::max).max(1.0) * 1.1;
    let mut chart = category_axes(&root, labels, ymax, dpr, &|y| format!("{y:.0}"))?;
    let palette = [
        BLUE,
        ORANGE,
        RGBColor(22, 163, 74),
        RGBColor(147, 51, 234),
        RGBColor(220, 38, 38),
        RGBColor(8, 145, 178),
        RGBColor(202, 138, 4),
        RGBColor(100, 116, 139),
    ];
    let mut base = vec![0.0; labels.len()];
    for (si, (name, vals)) in series.iter().enumerate() {
        let color = palette[si % palette.len()];
        let bars: Vec<_> = (0..labels.len())
            .map(|i| {
                let v = vals.get(i).copied().unwrap_or(0.0);
                let r = Rectangle::new([(i as f64 + 0.12, base[i]), (i as f64 + 0.88, base[i] + v)], color.filled());
                base[i] += v;
                r
            })
            .collect();
        chart
            .draw_series(bars)
            .ok()?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
    }
    finish(&root, &mut chart, true, dpr, labels.len())
}

/// Line chart: one point per label (at the middle of its slot, so clicks map
/// like bars), one line per series. `None` values leave a gap.
pub fn lines(
    canvas: &HtmlCanvasElement,
    labels: &[String],
    series: &[(String, RGBColor, Vec<Option<f64>>)],
    fmt: &dyn Fn(f64) -> String,
) -> Option<Layout> {
    let (_w, _h, dpr) = prepare(canvas, 280);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let max = series.iter().flat_map(|s| s.2.iter().flatten().copied()).fold(0.0f64, f64::max);
    let ymax = if max <= 0.0 { 1.0 } else { max * 1.12 };
    let mut chart = category_axes(&root, labels, ymax, dpr, fmt)?;
    let stroke = (2.0 * dpr).max(1.0) as u32;
    let dot = (3.0 * dpr).max(2.0) as i32;
    for (name, color, vals) in series {
        let color = *color;
        // one line per run of present values
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, v) in vals.iter().enumerate() {
            match v {
                Some(v) => runs.last_mut()?.push((i as f64 + 0.5, *v)),
                None if !runs.last()?.is_empty() => runs.push(Vec::new()),
                None => {}
            }
        }
        for run in &runs {
            chart.draw_series(LineSeries::new(run.iter().copied(), color.stroke_width(stroke))).ok()?;
        }
        chart
            .draw_series(runs.iter().flatten().map(|&p| Circle::new(p, dot, color.filled())))
            .ok()?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(stroke)));
    }
    finish(&root, &mut chart, true, dpr, labels.len())
}

/// Histogram: adjacent bars, each with its own colour.
pub fn histogram(
    canvas: &HtmlCanvasElement,
    labels: &[String],
    values: &[f64],
    colors: &[RGBColor],
    legend: &[(String, RGBColor)],
) -> Option<Layout> {
    let (_w, _h, dpr) = prepare(canvas, 260);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let max = values.iter().copied().fold(0.0f64, f64::max);
    let ymax = if max <= 0.0 { 1.0 } else { max * 1.12 };
    let mut chart = category_axes(&root, labels, ymax, dpr, &|y| format!("{y:.0}"))?;
    chart
        .draw_series(values.iter().enumerate().map(|(i, v)| {
            let c = colors.get(i).copied().unwrap_or(BLUE);
            Rectangle::new([(i as f64 + 0.02, 0.0), (i as f64 + 0.98, *v)], c.filled())
        }))
        .ok()?;
    for (name, color) in legend {
        let color = *color;
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
            .ok()?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
    }
    finish(&root, &mut chart, !legend.is_empty(), dpr, labels.len())
}

/// Funnel: one centred bar per stage, top to bottom, each labelled with its
/// name, value and share of the first stage.
pub fn funnel(
    canvas: &HtmlCanvasElement,
    labels: &[String],
    values: &[f64],
    value_text: &dyn Fn(usize) -> String,
) -> Option<Layout> {
    let n = labels.len().max(1);
    let (_w, _h, dpr) = prepare(canvas, (60 + 44 * n) as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let max = values.iter().copied().fold(0.0f64, f64::max).max(1.0);
    let mut chart =
        ChartBuilder::on(&root).margin((12.0 * dpr) as u32).build_cartesian_2d(-1f64..1f64, 0f64..n as f64).ok()?;
    let palette = [BLUE, RGBColor(59, 130, 246), RGBColor(96, 165, 250), GREEN, RGBColor(74, 222, 128)];
    let font = (13.0 * dpr) as u32;
    for (i, v) in values.iter().enumerate() {
        // row 0 at the top
        let y0 = (n - 1 - i) as f64;
        let half = (v / max).max(0.004) * 0.98;
        let color = palette[i % palette.len()];
        chart
            .draw_series(std::iter::once(Rectangle::new([(-half, y0 + 0.1), (half, y0 + 0.9)], color.filled())))
            .ok()?;
        let text = format!("{}  {}", labels.get(i).map(String::as_str).unwrap_or(""), value_text(i));
        let style = TextStyle::from(("sans-serif", font).into_font()).color(&BLACK).pos(
            plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            ),
        );
        let backdrop = WHITE.mix(0.8);
        let tw = (text.chars().map(|c| if c.is_ascii() { 0.58 } else { 1.0 }).sum::<f64>() + 1.0) * font as f64;
        let (xr, _) = chart.plotting_area().get_pixel_range();
        let half_w = tw / 2.0 / (xr.end - xr.start) as f64 * 2.0;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(-half_w, y0 + 0.28), (half_w, y0 + 0.72)],
                backdrop.filled(),
            )))
            .ok()?;
        chart.draw_series(std::iter::once(Text::new(text, (0.0, y0 + 0.5), style))).ok()?;
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    root.present().ok()?;
    Some(Layout {
        left: xr.start as f64 / dpr,
        right: xr.end as f64 / dpr,
        n: labels.len(),
        rows: Some((yr.start as f64 / dpr, yr.end as f64 / dpr)),
        cells: None,
    })
}
