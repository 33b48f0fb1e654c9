use crate::ui::*;

pub(crate) const CARD_METRICS: [&str; 8] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "response_rate_3min",
    "avg_response_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

#[component]
pub(crate) fn Overview(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    Effect::new(move |_| {
        let rows = ui.daily.get();
        let lang = ui.lang.get();
        ui.resize.track();
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
        let lang = ui.lang.get_untracked();
        ui.daily.with_untracked(|rows| {
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
        if let Some(day) = ui.daily.with_untracked(|rows| rows.get(i).map(|r| r.day.clone())) {
            let mut key = std::collections::BTreeMap::new();
            key.insert("day".to_string(), day);
            open_drill(ui, "consult_buyers", key);
        }
    });
    view! {
        <div class="overview" id="view-overview">
            <div class="cards">
                {move || {
                    let lang = ui.lang.get();
                    let m = ui.totals.get().unwrap_or_default();
                    let prev = ui.prev_totals.get();
                    CARD_METRICS.iter().map(|&k| {
                        let (shown, raw) = metric_text(&m, k, lang);
                        let delta = prev.as_ref().and_then(|p| change(p, &m, k)).map(|(txt, class)| view! {
                            <span class=format!("delta {class}") data-delta=k title=tr(lang, "vs_prev")>{txt}</span>
                        });
                        view! {
                            <div class="card" on:click=move |_| open_drill(ui, k, Default::default())>
                                <span class="card-label">{tr(lang, k)}
                                    <button class="help" data-help=k title=tr(lang, "help")
                                        on:click=move |ev| { ev.stop_propagation(); ui.help.set(Some(k.to_string())); }>"?"</button>
                                </span>
                                <b class="card-value" data-metric=k data-value=raw>{shown}</b>
                                {delta}
                            </div>
                        }
                    }).collect_view()
                }}
            </div>
            <div class="chart-box">
                <div class="chart-head"><h3>{t(ui, "daily_chart")}</h3></div>
                <ChartCanvas ui id="daily-chart" canvas layout tip pick table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = ui.lang.get();
                    let headers = headers(lang, &["day", "consult_buyers", "online_agents"]);
                    let rows = ui.daily.get().into_iter().map(|r| vec![Cell::Text(r.day), Cell::Int(r.consult_buyers as i64), Cell::Int(r.online_agents as i64)]).collect();
                    Table { headers, rows }
                })/>
            </div>
            <TrendChart ui id="trend-chart" default_metric="response_rate_3min"/>
            <ResponseHistogramChart ui/>
            <h3>{t(ui, "summary_table")}</h3>
            <div class="table-tools"><ExportButtons name="daily-table" ui table=std::rc::Rc::new(move || {
                use kefu_lens::export::{Cell, Table};
                let lang = ui.lang.get_untracked();
                let headers = headers(lang, &["day", "consult_buyers", "online_agents", "avg_response_secs", "avg_reception_secs"]);
                let rows = ui.daily.get_untracked().into_iter().map(|r| vec![
                    Cell::Text(r.day), Cell::Int(r.consult_buyers as i64), Cell::Int(r.online_agents as i64),
                    r.avg_response_secs.map(Cell::Secs).unwrap_or(Cell::Empty), r.avg_reception_secs.map(Cell::Secs).unwrap_or(Cell::Empty),
                ]).collect();
                Table { headers, rows }
            })/></div>
            <table class="grid" id="daily-table">
                <thead><tr>
                    <th>{t(ui, "day")}</th>
                    <th>{t(ui, "consult_buyers")}</th>
                    <th>{t(ui, "online_agents")}</th>
                    <th>{t(ui, "avg_response_secs")}</th>
                    <th>{t(ui, "avg_reception_secs")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = ui.lang.get();
                        ui.daily.get().into_iter().map(|r| {
                            let day = r.day.clone();
                            view! {
                                <tr data-day=r.day.clone()>
                                    <td>{r.day.clone()}</td>
                                    <td class="num"><a href="#" data-metric="consult_buyers" data-value=r.consult_buyers.to_string()
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            let mut key = std::collections::BTreeMap::new();
                                            key.insert("day".to_string(), day.clone());
                                            open_drill(ui, "consult_buyers", key);
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
