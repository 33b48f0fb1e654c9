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
}

impl Layout {
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

fn prepare(canvas: &HtmlCanvasElement, css_h: u32) -> (u32, u32, f64) {
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
    let css_w = (canvas.client_width().max(320)) as u32;
    canvas.set_width((css_w as f64 * dpr) as u32);
    canvas.set_height((css_h as f64 * dpr) as u32);
    (css_w, css_h, dpr)
}

/// Grouped vertical bars: one group per label, one bar per series.
/// `fmt` formats the y axis.
pub fn bars(canvas: &HtmlCanvasElement, labels: &[String], series: &[Series], fmt: &dyn Fn(f64) -> String) -> Option<Layout> {
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

type CategoryChart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>;

/// Axes for one bar (or stack) per label: at most ~12 x labels, y formatted by `fmt`.
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
    let step = (labels.len() / 12).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(labels.len().min(13).max(1))
        .x_label_formatter(&|x| {
            let i = x.floor() as usize;
            if i < labels.len() && i % step == 0 && (x - x.floor()).abs() < 1e-9 {
                labels[i].clone()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| fmt(*y))
        .label_style(("sans-serif", font))
        .draw()
        .ok()?;
    Some(chart)
}

/// Draw the legend (if wanted), present the canvas and say where the bars are.
fn finish(root: &DrawingArea<CanvasBackend, plotters::coord::Shift>, chart: &mut CategoryChart<'_>, legend: bool, dpr: f64, n: usize) -> Option<Layout> {
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
    Some(Layout { left: xr.start as f64 / dpr, right: xr.end as f64 / dpr, n })
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

/// A heatmap: `values[row][col]`, rows labelled top to bottom.
pub fn heatmap(canvas: &HtmlCanvasElement, row_labels: &[String], col_labels: &[String], values: &[Vec<f64>]) -> Option<Grid> {
    let (_w, _h, dpr) = prepare(canvas, 300);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let (nx, ny) = (col_labels.len().max(1), row_labels.len().max(1));
    let max = values.iter().flatten().copied().fold(0.0f64, f64::max).max(1.0);
    let font = (12.0 * dpr) as u32;
    let mut chart = ChartBuilder::on(&root)
        .margin((10.0 * dpr) as u32)
        .x_label_area_size((26.0 * dpr) as u32)
        .y_label_area_size((44.0 * dpr) as u32)
        .build_cartesian_2d(0f64..nx as f64, 0f64..ny as f64)
        .ok()?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(nx)
        .y_labels(ny)
        .x_label_formatter(&|x| {
            let i = x.floor() as usize;
            if (x - x.floor()).abs() < 1e-9 && i < col_labels.len() && i % 2 == 0 { col_labels[i].clone() } else { String::new() }
        })
        .y_label_formatter(&|y| {
            // Row 0 is drawn at the top.
            let i = y.floor() as usize;
            if (y - y.floor()).abs() < 1e-9 && i < row_labels.len() { row_labels[ny - 1 - i].clone() } else { String::new() }
        })
        .label_style(("sans-serif", font))
        .draw()
        .ok()?;
    chart
        .draw_series(values.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(c, v)| {
                let t = (v / max).clamp(0.0, 1.0);
                let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t) as u8;
                let color = RGBColor(mix(239, 30), mix(246, 64), mix(255, 175));
                let y0 = (ny - 1 - r) as f64;
                Rectangle::new([(c as f64 + 0.04, y0 + 0.06), (c as f64 + 0.96, y0 + 0.94)], color.filled())
            })
        }))
        .ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    root.present().ok()?;
    Some(Grid { left: xr.start as f64 / dpr, right: xr.end as f64 / dpr, top: yr.start as f64 / dpr, bottom: yr.end as f64 / dpr, nx, ny })
}


/// Stacked vertical bars: one bar per label, one coloured segment per series.
pub fn stacked(canvas: &HtmlCanvasElement, labels: &[String], series: &[(String, Vec<f64>)]) -> Option<Layout> {
    let (_w, _h, dpr) = prepare(canvas, 300);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let totals: Vec<f64> = (0..labels.len()).map(|i| series.iter().map(|(_, v)| v.get(i).copied().unwrap_or(0.0)).sum()).collect();
    let ymax = totals.iter().copied().fold(0.0f64, f64::max).max(1.0) * 1.1;
    let mut chart = category_axes(&root, labels, ymax, dpr, &|y| format!("{y:.0}"))?;
    let palette = [BLUE, ORANGE, RGBColor(22, 163, 74), RGBColor(147, 51, 234), RGBColor(220, 38, 38), RGBColor(8, 145, 178), RGBColor(202, 138, 4), RGBColor(100, 116, 139)];
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
