use super::*;

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
