use crate::ui::*;

/// Stacked bars of the top-level categories (and 未分类) per day; click a
/// bar to list that day's conversations.
#[component]
pub(crate) fn CategoryStack() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let rows = use_report(vec![Dim::Day, Dim::Category]);
    // (days, top-level categories as (legend name, count per day)), computed
    // once per answer (hover and redraws read it).
    let stack = Memo::new(move |_| -> (Vec<String>, Vec<(String, Vec<f64>)>) {
        rows.with(|rows| {
            let mut days: Vec<String> = rows.iter().filter_map(|r| r.key.get("day").cloned()).collect();
            days.sort();
            days.dedup();
            // Top-level categories only (their counts include their children).
            let mut cats: std::collections::BTreeMap<String, String> = Default::default();
            let mut count: std::collections::HashMap<(&str, &str), f64> = Default::default();
            for r in rows {
                let (Some(code), Some(day)) = (r.key.get("category_code"), r.key.get("day")) else { continue };
                if code.contains('.') {
                    continue;
                }
                cats.entry(code.clone()).or_insert_with(|| r.key.get("category_path").cloned().unwrap_or_default());
                count.insert((day.as_str(), code.as_str()), r.metrics.consult_buyers as f64);
            }
            let series = cats
                .iter()
                .map(|(code, path)| {
                    let vals =
                        days.iter().map(|d| count.get(&(d.as_str(), code.as_str())).copied().unwrap_or(0.0)).collect();
                    (if path.is_empty() { code.clone() } else { path.clone() }, vals)
                })
                .collect();
            (days, series)
        })
    });
    Effect::new(move |_| {
        let (days, series) = stack.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = days.iter().map(|d| d.get(5..).unwrap_or(d).to_string()).collect();
        if let Some(l) = chart::stacked(&c, &labels, &series) {
            layout.set(l);
        }
    });
    view! {
        <div class="chart-box">
            <div class="chart-head"><h3>{t(app, "category_stack")}</h3></div>
            <ChartCanvas id="category-stack" canvas layout
                tip=std::rc::Rc::new(move |i: usize| {
                    stack.with_untracked(|(days, series)| {
                        let day = days.get(i)?;
                        let mut parts: Vec<(f64, &str)> = series.iter().map(|(n, v)| (v.get(i).copied().unwrap_or(0.0), n.as_str())).filter(|p| p.0 > 0.0).collect();
                        parts.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
                        let list: Vec<String> = parts.iter().take(6).map(|(v, n)| format!("{n} {}", format::int(*v as u64))).collect();
                        Some(format!("{day} · {}", list.join(" · ")))
                    })
                })
                pick=std::rc::Rc::new(move |i: usize| {
                    if let Some(d) = stack.with_untracked(|s| s.0.get(i).cloned()) {
                        let mut key = std::collections::BTreeMap::new();
                        key.insert("day".to_string(), d);
                        open_drill(vs, dr, "consult_buyers", key);
                    }
                })
                table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = app.lang.get();
                    let (days, series) = stack.get();
                    let mut headers = vec![tr(lang, "day").to_string()];
                    headers.extend(series.iter().map(|s| s.0.clone()));
                    Table {
                        headers,
                        rows: days.iter().enumerate().map(|(i, d)| {
                            let mut r = vec![Cell::Text(d.clone())];
                            r.extend(series.iter().map(|s| Cell::Int(s.1.get(i).copied().unwrap_or(0.0) as i64)));
                            r
                        }).collect(),
                    }
                })/>
        </div>
    }
}
