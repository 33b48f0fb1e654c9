use crate::ui::*;

/// Metrics offered in the trend chart's picker.
pub(crate) const TREND_METRICS: [&str; 12] = [
    "response_rate_3min",
    "avg_response_secs",
    "first_response_secs",
    "reply_rate",
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "inquiry_conversion_final",
    "sales_amount",
    "avg_order_value",
    "satisfaction_rate",
    "avg_reception_secs",
];

/// One metric by day as a line; a point drills to that day's records.
#[component]
pub(crate) fn TrendChart(
    id: &'static str,
    default_metric: &'static str,
    /// The by-day rows when the parent already has them (else it asks).
    #[prop(optional, into)]
    rows_from: Option<Signal<Vec<kefu_lens::engine::Row>>>,
) -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let metric = RwSignal::new(default_metric.to_string());
    let rows = rows_from.unwrap_or_else(|| use_report(vec![Dim::Day]).into());
    let day_of = move |r: &kefu_lens::engine::Row| r.key.get("day").cloned().unwrap_or_default();
    Effect::new(move |_| {
        let m = metric.get();
        let lang = app.lang.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        rows.with(|rows| {
            let labels: Vec<String> = rows.iter().map(|r| day_of(r).get(5..).unwrap_or_default().to_string()).collect();
            let vals: Vec<Option<f64>> = rows.iter().map(|r| r.metrics.get(&m)).collect();
            let series = [(tr(lang, i18n_key(&m)).to_string(), chart::BLUE, vals)];
            if let Some(l) = chart::lines(&c, &labels, &series, &axis_fmt(&m)) {
                layout.set(l);
            }
        });
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let m = metric.get_untracked();
        let lang = app.lang.get_untracked();
        rows.with_untracked(|rows| {
            rows.get(i).map(|r| {
                let v = r.metrics.get(&m).map(|v| chart_value(&m, v, lang)).unwrap_or_else(|| "—".into());
                format!("{} · {} {}", day_of(r), tr(lang, i18n_key(&m)), v)
            })
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        if let Some(day) = rows.with_untracked(|rows| rows.get(i).map(day_of)) {
            let mut key = std::collections::BTreeMap::new();
            key.insert("day".to_string(), day);
            open_drill(vs, dr, &metric.get_untracked(), key);
        }
    });
    let table = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = app.lang.get();
        let m = metric.get();
        Table {
            headers: headers(lang, &["day", i18n_key(&m)]),
            rows: rows.get().iter().map(|r| vec![Cell::Text(day_of(r)), metric_cell(&r.metrics, &m)]).collect(),
        }
    });
    view! {
        <div class="chart-box">
            <div class="chart-head">
                <h3>{t(app, "trend_chart")}</h3>
                <select id=format!("{id}-metric") on:change=move |ev| metric.set(event_target_value(&ev))>
                    {move || {
                        let lang = app.lang.get();
                        let cur = metric.get_untracked();
                        TREND_METRICS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                    }}
                </select>
                <HelpMarkFor key=Signal::derive(move || metric.get())/>
            </div>
            <ChartCanvas id canvas layout tip pick table/>
        </div>
    }
}
