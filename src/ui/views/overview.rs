use crate::ui::*;

#[component]
pub(crate) fn Overview() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    Effect::new(move |_| {
        let rows = vs.daily.get();
        let lang = app.lang.get();
        app.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = rows.iter().map(|r| r.day[5..].to_string()).collect();
        let series = vec![
            (
                tr(lang, "consult_buyers").to_string(),
                chart::BLUE,
                rows.iter().map(|r| Some(r.consult_buyers as f64)).collect(),
            ),
            (
                tr(lang, "online_agents").to_string(),
                chart::ORANGE,
                rows.iter().map(|r| Some(r.online_agents as f64)).collect(),
            ),
        ];
        if let Some(l) = chart::lines(&c, &labels, &series, &|y| format!("{y:.0}")) {
            layout.set(l);
        }
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let lang = app.lang.get_untracked();
        vs.daily.with_untracked(|rows| {
            rows.get(i).map(|r| {
                format!(
                    "{} · {} {} · {} {}",
                    r.day,
                    tr(lang, "consult_buyers"),
                    format::int(r.consult_buyers),
                    tr(lang, "online_agents"),
                    r.online_agents
                )
            })
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        if let Some(day) = vs.daily.with_untracked(|rows| rows.get(i).map(|r| r.day.clone())) {
            let mut key = std::collections::BTreeMap::new();
            key.insert("day".to_string(), day);
            open_drill(vs, dr, "consult_buyers", key);
        }
    });
    view! {
        <div class="overview" id="view-overview">
            <div class="cards">
                {move || {
                    let lang = app.lang.get();
                    let m = vs.totals.get();
                    let prev = vs.prev_totals.get();
                    CARD_METRICS.iter().map(|&k| {
                        let (shown, raw) = card_text(m.as_ref(), k, lang);
                        let delta = prev.as_ref().zip(m.as_ref()).and_then(|(p, m)| change(p, m, k)).map(|(txt, class)| view! {
                            <span class=format!("delta {class}") data-delta=k title=tr(lang, "vs_prev")>{txt}</span>
                        });
                        view! {
                            <div class="card" on:click=move |_| open_drill(vs, dr, k, Default::default())>
                                <span class="card-label">{tr(lang, k)}
                                    <HelpMark key=k/>
                                </span>
                                <b class="card-value" data-metric=k data-value=raw>{shown}</b>
                                {delta}
                            </div>
                        }
                    }).collect_view()
                }}
            </div>
            <h3>{t(app, "auto_title")}" "<HelpMark key="auto_intercept_rate"/></h3>
            <MetricCards id="auto-cards" keys=&AUTO_CARDS/>
            <GoldTeams id="gold-teams"/>
            <div class="chart-box">
                <div class="chart-head"><h3>{t(app, "daily_chart")}</h3></div>
                <ChartCanvas id="daily-chart" canvas layout tip pick table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = app.lang.get();
                    let headers = headers(lang, &["day", "consult_buyers", "online_agents"]);
                    let rows = vs.daily.get().into_iter().map(|r| vec![Cell::Text(r.day), Cell::Int(r.consult_buyers as i64), Cell::Int(r.online_agents as i64)]).collect();
                    Table { headers, rows }
                })/>
            </div>
            <TrendChart id="trend-chart" default_metric="response_rate_3min"/>
            <ResponseHistogramChart/>
            <h3>{t(app, "summary_table")}</h3>
            <div class="table-tools"><ExportButtons name="daily-table" table=std::rc::Rc::new(move || {
                use kefu_lens::export::{Cell, Table};
                let lang = app.lang.get_untracked();
                let headers = headers(lang, &["day", "consult_buyers", "online_agents", "avg_response_secs", "avg_reception_secs"]);
                let rows = vs.daily.get_untracked().into_iter().map(|r| vec![
                    Cell::Text(r.day), Cell::Int(r.consult_buyers as i64), Cell::Int(r.online_agents as i64),
                    r.avg_response_secs.map(Cell::Secs).unwrap_or(Cell::Empty), r.avg_reception_secs.map(Cell::Secs).unwrap_or(Cell::Empty),
                ]).collect();
                Table { headers, rows }
            })/></div>
            <table class="grid" id="daily-table">
                <thead><tr>
                    <th>{t(app, "day")}</th>
                    <th>{t(app, "consult_buyers")}</th>
                    <th>{t(app, "online_agents")}</th>
                    <th>{t(app, "avg_response_secs")}</th>
                    <th>{t(app, "avg_reception_secs")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = app.lang.get();
                        vs.daily.get().into_iter().map(|r| {
                            let day = r.day.clone();
                            view! {
                                <tr data-day=r.day.clone()>
                                    <td>{r.day.clone()}</td>
                                    <td class="num"><a href="#" data-metric="consult_buyers" data-value=r.consult_buyers.to_string()
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            let mut key = std::collections::BTreeMap::new();
                                            key.insert("day".to_string(), day.clone());
                                            open_drill(vs, dr, "consult_buyers", key);
                                        }>{format::int(r.consult_buyers)}</a></td>
                                    <td class="num" data-metric="online_agents" data-value=r.online_agents.to_string()>{format::int(r.online_agents)}</td>
                                    <td class="num" data-metric="avg_response_secs" data-value=r.avg_response_secs.map(|v| v.to_string()).unwrap_or_default()>
                                        {format::duration(r.avg_response_secs, lang.zh())}</td>
                                    <td class="num" data-metric="avg_reception_secs" data-value=r.avg_reception_secs.map(|v| v.to_string()).unwrap_or_default()>
                                        {format::duration(r.avg_reception_secs, lang.zh())}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
