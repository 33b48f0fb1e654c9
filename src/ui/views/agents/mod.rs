use self::my_perf::MyPerf;
use self::rules::PlatformRules;
use crate::ui::*;

pub(crate) mod my_perf;
pub(crate) mod rules;

#[component]
pub(crate) fn Agents() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let sort = RwSignal::new(("consult_buyers".to_string(), true));
    // Computed once per answer or metric change (not per redraw or mousemove).
    let ranked = Memo::new(move |_| -> Vec<(String, f64)> {
        let metric = vs.rank_metric.get();
        let mut v: Vec<(String, f64)> = vs
            .agents
            .get()
            .map(|r| r.rows)
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                let val = r.metrics.get(&metric).unwrap_or(0.0);
                (r.key.get("agent").cloned().unwrap_or_default(), val)
            })
            .collect();
        v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(&b.0)));
        v
    });
    Effect::new(move |_| {
        let v = ranked.get();
        let lang = app.lang.get();
        let metric = vs.rank_metric.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = v.iter().map(|(a, _)| a.rsplit(':').next().unwrap_or(a).to_string()).collect();
        let vals: Vec<f64> = v.iter().map(|x| x.1).collect();
        let series = [chart::Series { name: tr(lang, i18n_key(&metric)), color: chart::BLUE, values: &vals }];
        if let Some(l) = chart::bars(&c, &labels, &series, &axis_fmt(&metric)) {
            layout.set(l);
        }
    });
    view! {
        <div class="agents" id="view-agents">
            {move || (vs.filter.get().agents.len() == 1).then(|| view! { <MyPerf/> })}
            <div class="chart-box">
                <div class="chart-head">
                    <h3>{t(app, "agent_ranking")}</h3>
                    <select id="rank-metric" on:change=move |ev| vs.set_rank_metric(event_target_value(&ev))>
                        {move || {
                            let lang = app.lang.get();
                            let cur = vs.rank_metric.get_untracked();
                            AGENT_COLUMNS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                        }}
                    </select>
                    <HelpMarkFor key=Signal::derive(move || vs.rank_metric.get())/>
                </div>
                <ChartCanvas id="rank-chart" canvas layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = app.lang.get_untracked();
                        let m = vs.rank_metric.get_untracked();
                        ranked.with_untracked(|v| v.get(i).map(|(a, x)| format!("{} · {} {} · {} {}/{}", a, tr(lang, i18n_key(&m)), chart_value(&m, *x, lang), tr(lang, "rank"), i + 1, v.len())))
                    })
                    pick=std::rc::Rc::new(move |i: usize| {
                        if let Some((agent, _)) = ranked.with_untracked(|r| r.get(i).cloned()) {
                            open_drill(vs, dr, &vs.rank_metric.get_untracked(), agent_key(agent));
                        }
                    })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = app.lang.get();
                        let m = vs.rank_metric.get();
                        Table {
                            headers: headers(lang, &["rank", "agent", i18n_key(&m)]),
                            rows: ranked.get().into_iter().enumerate().map(|(i, (a, x))| vec![Cell::Int(i as i64 + 1), Cell::Text(a), value_cell(&m, x)]).collect(),
                        }
                    })/>
                <table class="grid small" id="rank-table">
                    <tbody>
                        {move || {
                            let lang = app.lang.get();
                            let metric = vs.rank_metric.get();
                            let rows = vs.agents.get().map(|r| r.rows).unwrap_or_default();
                            let mut pairs: Vec<_> = rows.into_iter().map(|r| {
                                let (shown, raw) = metric_text(&r.metrics, &metric, lang);
                                (r.key.get("agent").cloned().unwrap_or_default(), shown, raw)
                            }).collect();
                            let order: Vec<String> = ranked.with(|r| r.iter().map(|x| x.0.clone()).collect());
                            pairs.sort_by_key(|p| order.iter().position(|a| *a == p.0).unwrap_or(usize::MAX));
                            pairs.into_iter().map(|(a, shown, raw)| {
                                let m = metric.clone();
                                let a2 = a.clone();
                                view! { <tr data-agent=a2><td>{a}</td><td class="num" data-metric=m data-value=raw>{shown}</td></tr> }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <PlatformRules/>
            <h3>{t(app, "agent_daily")}</h3>
            <KeyedTable id="agent-day-table" by=vec![Dim::Agent, Dim::Day]
                columns=&["consult_buyers", "reception_buyers", "paid_buyers_same_day", "avg_response_secs", "avg_reception_secs", "sales_conversion"]/>
            <h3>{t(app, "agent_table")}</h3>
            <div class="table-tools"><ExportButtons name="agent-table" table=std::rc::Rc::new(move || {
                let rows = sorted_rows(vs.agents.get_untracked().map(|r| r.rows).unwrap_or_default(), &sort.get_untracked());
                report_table(app.lang.get_untracked(), &["agent"], &AGENT_COLUMNS, &rows)
            })/></div>
            <div class="table-scroll">
            <table class="grid" id="agent-table">
                <thead><tr>
                    <th>{t(app, "agent")}</th>
                    {AGENT_COLUMNS.iter().map(|&k| view! {
                        <th class="sortable" on:click=move |_| sort.update(|s| { if s.0 == k { s.1 = !s.1 } else { *s = (k.to_string(), true) } })>
                            {t(app, k)}
                        </th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = app.lang.get();
                        let rows = sorted_rows(vs.agents.get().map(|r| r.rows).unwrap_or_default(), &sort.get());
                        rows.into_iter().map(|r| {
                            let agent = r.key.get("agent").cloned().unwrap_or_default();
                            view! {
                                <tr data-agent=agent.clone()>
                                    <td>{agent.clone()}</td>
                                    {AGENT_COLUMNS.iter().map(|&k| {
                                        let (shown, raw) = metric_text(&r.metrics, k, lang);
                                        let agent = agent.clone();
                                        view! {
                                            <td class="num" data-metric=k data-value=raw
                                                on:click=move |_| open_drill(vs, dr, k, agent_key(agent.clone()))>{shown}</td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            </div>
        </div>
    }
}

/// The drill key of one agent's row.
pub(crate) fn agent_key(agent: String) -> std::collections::BTreeMap<String, String> {
    std::collections::BTreeMap::from([("agent".to_string(), agent)])
}
