use crate::ui::*;

/// 我的绩效: one agent's numbers, its rank among all agents for each, and
/// its daily trend (shown when the agent filter names one agent).
#[component]
pub(crate) fn MyPerf() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    // The agent's days: one query for the trend chart and its table.
    let by_day = use_report(vec![Dim::Day]);
    // Every agent, for the ranks.
    let all = use_report_with(vec![Dim::Agent], |f| f.agents.clear());
    view! {
        <section class="my-perf" id="my-perf">
            {move || {
                let lang = app.lang.get();
                let me = vs.filter.get().agents.first().cloned().unwrap_or_default();
                let rows = all.get();
                let n = rows.len();
                let mine = rows.iter().find(|r| r.key.get("agent") == Some(&me)).cloned();
                view! {
                    <h3>{tr(lang, "my_perf")}" · "{me.clone()}</h3>
                    <div class="cards">
                        {AGENT_COLUMNS.iter().filter_map(|&k| {
                            let m = mine.as_ref()?;
                            let val = |r: &kefu_lens::engine::Row| r.metrics.get(k);
                            let my_v = val(m)?;
                            // Which direction is better comes from the metric registry.
                            let rank = kefu_lens::present::rank(k, my_v, rows.iter().filter_map(val));
                            let (shown, raw) = metric_text(&m.metrics, k, lang);
                            Some(view! {
                                <div class="card">
                                    <span class="card-label">{tr(lang, k)}</span>
                                    <b class="card-value" data-metric=k data-value=raw>{shown}</b>
                                    <span class="rank" data-rank=k>{format!("{} {}/{}", tr(lang, "rank"), rank, n)}</span>
                                </div>
                            })
                        }).collect_view()}
                    </div>
                }
            }}
            <h3>{t(app, "my_trend")}</h3>
            <TrendChart id="my-trend-chart" default_metric="consult_buyers" rows_from=by_day/>
            <KeyedTable id="my-trend-table" by=vec![Dim::Day] rows_from=by_day
                columns=&["consult_buyers", "reception_buyers", "response_rate_3min", "avg_response_secs", "paid_buyers_same_day", "sales_amount"]/>
        </section>
    }
}
