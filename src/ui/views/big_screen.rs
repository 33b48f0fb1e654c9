use crate::ui::*;

pub(crate) const BIG_ROTATE: std::time::Duration = std::time::Duration::from_millis(8000);

/// The wall display (seed 004): one panel per team, rotating on a timer,
/// readable from across a room. Esc or the × closes it.
#[component]
pub(crate) fn BigScreen() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let teams = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    let shop = RwSignal::new(None::<Metrics>);
    let alerts_by_agent = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let idx = RwSignal::new(0usize);
    let filter = vs.filter.get_untracked();
    then(app, api::report(Query { by: vec![Dim::Team], filter: filter.clone() }), move |r| teams.set(r.rows));
    then(app, api::report(Query { by: vec![], filter: filter.clone() }), move |r| {
        shop.set(r.rows.into_iter().next().map(|r| r.metrics))
    });
    then(app, api::alerts(filter), move |(_, by_agent, _)| alerts_by_agent.set(by_agent));
    // Rotate through the teams.
    let tick = move || {
        let n = teams.get_untracked().len().max(1);
        idx.update(|i| *i = (*i + 1) % n);
    };
    // Cleared (and its closure freed) when the big screen closes.
    let interval = set_interval_with_handle(tick, BIG_ROTATE).ok();
    on_cleanup(move || {
        if let Some(h) = interval {
            h.clear();
        }
    });
    let team_of = move |agent: &str| -> String {
        app.loaded
            .get_untracked()
            .and_then(|l| l.settings.account(agent).and_then(|a| a.team.first().cloned()))
            .unwrap_or_else(|| "未分组".into())
    };
    let tile = move |lang: Lang, m: &Metrics, key: &'static str| {
        let (shown, raw) = metric_text(m, key, lang);
        view! { <div class="big-tile"><span>{tr(lang, key)}</span><b data-metric=key data-value=raw>{shown}</b></div> }
    };
    view! {
        <div class="big-screen" id="big-screen">
            <button class="big-close" id="close-big-screen" on:click=move |_| app.set_big(false)>"×"</button>
            {move || {
                let lang = app.lang.get();
                let rows = teams.get();
                if rows.is_empty() { return view! { <p class="big-empty">{tr(lang, "no_rows")}</p> }.into_any(); }
                let i = idx.get() % rows.len();
                let r = rows[i].clone();
                let team = r.key.get("team").cloned().unwrap_or_default();
                let alerts: u64 = alerts_by_agent.get().iter().filter(|(a, _)| team_of(a) == team).map(|(_, n)| n).sum();
                let m = r.metrics;
                view! {
                    <div class="big-head">
                        <h1 data-team=team.clone()>{team.clone()}</h1>
                        <span class="big-pages">{format!("{} / {}", i + 1, rows.len())}</span>
                        <span class="big-span">{vs.filter.get_untracked().from.unwrap_or_default()}" ~ "{vs.filter.get_untracked().to.unwrap_or_default()}</span>
                    </div>
                    <div class="big-grid">
                        {tile(lang, &m, "reception_buyers")}
                        {tile(lang, &m, "first_response_secs")}
                        {tile(lang, &m, "max_first_response_secs")}
                        {tile(lang, &m, "avg_response_secs")}
                        {tile(lang, &m, "max_response_secs")}
                        {tile(lang, &m, "response_rate_3min")}
                        {tile(lang, &m, "satisfaction_rate")}
                        {tile(lang, &m, "rating_rate")}
                        <div class="big-tile alerts"><span>{tr(lang, "tab_alerts")}</span><b data-alerts=alerts.to_string()>{format::int(alerts)}</b></div>
                    </div>
                    <div class="big-dots">
                        {rows.iter().enumerate().map(|(j, t)| {
                            let name = t.key.get("team").cloned().unwrap_or_default();
                            view! { <button class=if j == i { "dot on" } else { "dot" } on:click=move |_| idx.set(j)>{name}</button> }
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            {move || shop.get().map(|m| {
                let lang = app.lang.get();
                view! { <div class="big-foot">{tr(lang, "shop_total")}": "
                    {tr(lang, "consult_buyers")}" "{format::int(m.consult_buyers)}" · "
                    {tr(lang, "response_rate_3min")}" "{format::pct(m.response_rate_3min)}" · "
                    {tr(lang, "satisfaction_rate")}" "{format::pct(m.satisfaction_rate)}</div> }
            })}
        </div>
    }
}
