//! Charts drawn with plotters on a canvas: sized to the container, crisp on
//! high-DPI screens. Each draw returns the plot area so a click or hover can
//! be mapped back to the bar or point under the pointer.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

mod draw;
mod grid;

pub use self::draw::{bars, histogram, lines, stacked};
pub use self::grid::{funnel, heatmap};
pub use crate::ui::pure::layout::{y_label_count, Grid, Layout};

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
        .y_labels(y_label_count(ymax, fmt))
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
