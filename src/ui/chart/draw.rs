use super::*;

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
