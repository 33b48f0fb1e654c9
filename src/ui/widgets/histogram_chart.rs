use crate::ui::*;

/// Response times of answered rounds in buckets; bars within the threshold
/// in blue, over it in orange. A bar drills to its rounds.
#[component]
pub(crate) fn ResponseHistogramChart() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    use kefu_lens::engine::histogram::{ResponseHistogram, HIST_KEY, HIST_METRIC};
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let hist = RwSignal::new(ResponseHistogram::default());
    use_answer(api::histogram, move |h| hist.set(h));
    let label = range_label;
    Effect::new(move |_| {
        let lang = app.lang.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        hist.with(|h| {
            let labels: Vec<String> = h.buckets.iter().map(|b| label(b.lo, b.hi, lang.zh())).collect();
            let vals: Vec<f64> = h.buckets.iter().map(|b| b.rounds as f64).collect();
            let colors: Vec<_> = h
                .buckets
                .iter()
                .map(|b| if b.hi.is_some_and(|x| x <= h.threshold_secs) { chart::BLUE } else { chart::ORANGE })
                .collect();
            let legend = [
                (tr(lang, "within_threshold").to_string(), chart::BLUE),
                (tr(lang, "over_threshold").to_string(), chart::ORANGE),
            ];
            if let Some(l) = chart::histogram(&c, &labels, &vals, &colors, &legend) {
                layout.set(l);
            }
        });
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let lang = app.lang.get_untracked();
        hist.with_untracked(|h| {
            let b = h.buckets.get(i)?;
            let share = if h.answered > 0 { Some(b.rounds as f64 / h.answered as f64) } else { None };
            Some(format!(
                "{} · {} {} · {}",
                label(b.lo, b.hi, lang.zh()),
                tr(lang, "rounds"),
                format::int(b.rounds),
                format::pct(share)
            ))
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        if let Some(range) = hist.with_untracked(|h| h.buckets.get(i).map(|b| b.range_key())) {
            let mut key = std::collections::BTreeMap::new();
            key.insert(HIST_KEY.to_string(), range);
            open_drill(vs, dr, HIST_METRIC, key);
        }
    });
    let table = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = app.lang.get();
        let h = hist.get();
        Table {
            headers: headers(lang, &["response_secs", "rounds", "share"]),
            rows: h
                .buckets
                .iter()
                .map(|b| {
                    vec![
                        Cell::Text(label(b.lo, b.hi, lang.zh())),
                        Cell::Int(b.rounds as i64),
                        if h.answered > 0 { Cell::Pct(b.rounds as f64 / h.answered as f64) } else { Cell::Empty },
                    ]
                })
                .collect(),
        }
    });
    view! {
        <div class="chart-box">
            <div class="chart-head">
                <h3>{t(app, "response_histogram")}
                    " "<HelpMark key="response_hist"/></h3>
                <span class="hint" id="histogram-summary" data-answered={move || hist.get().answered.to_string()} data-unanswered={move || hist.get().unanswered.to_string()}>
                    {move || {
                        let lang = app.lang.get();
                        let h = hist.get();
                        tr(lang, "histogram_summary").replace("{answered}", &format::int(h.answered)).replace("{unanswered}", &format::int(h.unanswered))
                            .replace("{thr}", &format::duration(Some(h.threshold_secs as f64), lang.zh()))
                    }}
                </span>
                // The failures of 3分钟人工响应率 (slow and 未回复), longest first: unanswered on top.
                <button class="button ghost small" id="histogram-fails" on:click=move |_| {
                    let view = DrillView { failures_only: true, sort: Some(DrillColumn::Detail), desc: true, ..Default::default() };
                    open_drill_view(vs, dr, "response_rate_3min", Default::default(), view);
                }>{t(app, "list_fails_3min")}</button>
            </div>
            <ChartCanvas id="response-histogram" canvas layout tip pick table/>
        </div>
    }
}
