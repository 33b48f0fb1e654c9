use crate::ui::*;
use kefu_lens::engine::Row;

pub(crate) const BIG_ROTATE: std::time::Duration = std::time::Duration::from_millis(8000);

/// Agents listed on one panel; more are summed up as "+n".
const BIG_AGENTS: usize = 10;

/// The tiles of a panel (seed 004's wall display).
const BIG_TILES: [&str; 8] = [
    "reception_buyers",
    "first_response_secs",
    "max_first_response_secs",
    "avg_response_secs",
    "max_response_secs",
    "response_rate_3min",
    "satisfaction_rate",
    "rating_rate",
];

/// The columns of a panel's agent list.
const BIG_AGENT_COLUMNS: [&str; 4] =
    ["reception_buyers", "response_rate_3min", "avg_response_secs", "satisfaction_rate"];

/// One panel of the rotation: a team (first level of the team path) or a
/// group inside it, its numbers and its agents (most receptions first).
#[derive(Clone, PartialEq)]
struct Panel {
    /// `team` or `group`.
    kind: &'static str,
    name: String,
    metrics: Metrics,
    agents: Vec<Row>,
}

/// The panels: every team, then every group that is not a team by itself.
fn panels(teams: &[Row], groups: &[Row], team_agents: &[Row], group_agents: &[Row]) -> Vec<Panel> {
    let agents_of = |rows: &[Row], dim: &str, name: &str| {
        let mut v: Vec<Row> =
            rows.iter().filter(|r| r.key.get(dim).map(String::as_str) == Some(name)).cloned().collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.metrics.reception_buyers));
        v
    };
    let mut out: Vec<Panel> = teams
        .iter()
        .filter_map(|r| {
            let name = r.key.get("team")?.clone();
            Some(Panel {
                kind: "team",
                agents: agents_of(team_agents, "team", &name),
                name,
                metrics: r.metrics.clone(),
            })
        })
        .collect();
    out.extend(groups.iter().filter_map(|r| {
        let name = r.key.get("group")?.clone();
        name.contains('/').then(|| Panel {
            kind: "group",
            agents: agents_of(group_agents, "group", &name),
            name,
            metrics: r.metrics.clone(),
        })
    }));
    out
}

/// The wall display (seed 004): one panel per team and per group, rotating
/// on a timer, with the agents of the team on screen; sized to the window
/// (1280×720 up to 3840×2160) so nothing scrolls. Esc or × closes it; ⛶
/// asks the browser for full screen; ← → change panel.
#[component]
pub(crate) fn BigScreen() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let teams = RwSignal::new(Vec::<Row>::new());
    let groups = RwSignal::new(Vec::<Row>::new());
    let team_agents = RwSignal::new(Vec::<Row>::new());
    let group_agents = RwSignal::new(Vec::<Row>::new());
    let shop = RwSignal::new(None::<Metrics>);
    let alerts_by_agent = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let idx = RwSignal::new(0usize);
    let filter = vs.filter.get_untracked();
    let ask = move |by: Vec<Dim>, into: RwSignal<Vec<Row>>| {
        then(app, api::report(Query { rules: vec![], by, filter: filter.clone() }), move |r| into.set(r.rows));
    };
    ask(vec![Dim::Team], teams);
    ask(vec![Dim::Group], groups);
    ask(vec![Dim::Team, Dim::Agent], team_agents);
    ask(vec![Dim::Group, Dim::Agent], group_agents);
    then(app, api::report(Query { rules: vec![], by: vec![], filter: vs.filter.get_untracked() }), move |r| {
        shop.set(r.rows.into_iter().next().map(|r| r.metrics))
    });
    then(app, api::alerts(vs.filter.get_untracked()), move |(_, by_agent, _)| alerts_by_agent.set(by_agent));
    let all = Memo::new(move |_| panels(&teams.get(), &groups.get(), &team_agents.get(), &group_agents.get()));
    let step = move |d: isize| {
        let n = all.get_untracked().len().max(1) as isize;
        idx.update(|i| *i = ((*i as isize + d).rem_euclid(n)) as usize);
    };
    // Rotate through the panels; cleared (its closure freed) on close.
    let interval = set_interval_with_handle(move || step(1), BIG_ROTATE).ok();
    let keys = window_event_listener(leptos::ev::keydown, move |e| match e.key().as_str() {
        "ArrowRight" => step(1),
        "ArrowLeft" => step(-1),
        _ => {}
    });
    on_cleanup(move || {
        if let Some(h) = interval {
            h.clear();
        }
        keys.remove();
    });
    let full_screen = move |_| {
        if let Some(el) = document().get_element_by_id("big-screen") {
            let _ = el.request_fullscreen();
        }
    };
    let tile = move |lang: Lang, m: &Metrics, key: &'static str| {
        let (shown, raw) = metric_text(m, key, lang);
        view! { <div class="big-tile"><span>{tr(lang, key)}</span><b data-metric=key data-value=raw>{shown}</b></div> }
    };
    view! {
        <div class="big-screen" id="big-screen">
            {move || {
                let lang = app.lang.get();
                let list = all.get();
                let span = format!("{} ~ {}", vs.filter.get_untracked().from.unwrap_or_default(), vs.filter.get_untracked().to.unwrap_or_default());
                let head_tools = view! {
                    <span class="big-tools">
                        <button class="big-full" id="big-full-screen" on:click=full_screen>{tr(lang, "full_screen")}</button>
                        <button class="big-close" id="close-big-screen" title=tr(lang, "close") on:click=move |_| app.set_big(false)>"×"</button>
                    </span>
                };
                if list.is_empty() {
                    return view! { <div class="big-head"><h1>{tr(lang, "shop_total")}</h1>{head_tools}</div><p class="big-empty">{tr(lang, "no_rows")}</p> }.into_any();
                }
                let i = idx.get() % list.len();
                let p = list[i].clone();
                let alerts_map = alerts_by_agent.get();
                let alerts_of = |r: &Row| r.key.get("agent").and_then(|a| alerts_map.get(a)).copied().unwrap_or(0);
                let alerts: u64 = p.agents.iter().map(alerts_of).sum();
                let more = p.agents.len().saturating_sub(BIG_AGENTS);
                let agent_rows = p.agents.iter().take(BIG_AGENTS).map(|r| {
                    let agent = r.key.get("agent").cloned().unwrap_or_default();
                    let n = alerts_of(r);
                    let alert_class = if n > 0 { "big-alerts hot" } else { "big-alerts" };
                    view! {
                        <tr data-agent=agent.clone()>
                            <td class="big-agent-name">{agent.clone()}</td>
                            {BIG_AGENT_COLUMNS.iter().map(|&k| {
                                let (shown, raw) = metric_text(&r.metrics, k, lang);
                                view! { <td data-metric=k data-value=raw>{shown}</td> }
                            }).collect_view()}
                            <td class=alert_class data-alerts=n.to_string()>{format::int(n)}</td>
                        </tr>
                    }
                }).collect_view();
                let (team_attr, group_attr) = if p.kind == "team" { (Some(p.name.clone()), None) } else { (None, Some(p.name.clone())) };
                view! {
                    <div class="big-head">
                        <h1 data-team=team_attr data-group=group_attr data-kind=p.kind>{p.name.clone()}</h1>
                        <span class="big-kind">{tr(lang, if p.kind == "team" { "team" } else { "group" })}</span>
                        <span class="big-pages">{format!("{} / {}", i + 1, list.len())}</span>
                        <span class="big-span">{span}</span>
                        {head_tools}
                    </div>
                    <div class="big-body">
                        <div class="big-grid">
                            {BIG_TILES.iter().map(|&k| tile(lang, &p.metrics, k)).collect_view()}
                            <div class="big-tile alerts"><span>{tr(lang, "tab_alerts")}</span><b data-alerts=alerts.to_string()>{format::int(alerts)}</b></div>
                        </div>
                        <div class="big-agents" id="big-agents">
                            <table>
                                <thead><tr>
                                    <th>{tr(lang, "agent")}</th>
                                    {BIG_AGENT_COLUMNS.iter().map(|&k| view! { <th>{tr(lang, k)}</th> }).collect_view()}
                                    <th>{tr(lang, "tab_alerts")}</th>
                                </tr></thead>
                                <tbody>{agent_rows}</tbody>
                            </table>
                            {(more > 0).then(|| view! { <p class="big-more">{tr(lang, "big_more_agents").replace("{n}", &more.to_string())}</p> })}
                        </div>
                    </div>
                    <div class="big-dots">
                        {list.iter().enumerate().map(|(j, t)| {
                            let name = t.name.clone();
                            view! { <button class=if j == i { "dot on" } else { "dot" } on:click=move |_| idx.set(j)>{name}</button> }
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            {move || shop.get().map(|m| {
                let lang = app.lang.get();
                let part = |k: &'static str| {
                    let (shown, raw) = metric_text(&m, k, lang);
                    view! { <span>{tr(lang, k)}" "<b data-metric=k data-value=raw>{shown}</b></span> }
                };
                view! { <div class="big-foot" id="big-foot">{tr(lang, "shop_total")}": "
                    {part("consult_buyers")}" · "{part("response_rate_3min")}" · "{part("satisfaction_rate")}</div> }
            })}
            <GoldStrip/>
        </div>
    }
}
