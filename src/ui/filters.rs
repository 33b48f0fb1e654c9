use crate::ui::*;

/// Shift a `YYYY-MM-DD` by days.
pub(crate) fn shift_day(d: &str, by: i32) -> Option<String> {
    parse_day(d).map(|x| day_string(x + by))
}

/// After the team or role filter changed: an agent outside them is no
/// longer a choice, so the agent filter lets go of it.
fn drop_agent_outside(app: AppState, vs: ViewState) {
    let Some(l) = app.loaded.get_untracked() else { return };
    let f = vs.filter.get_untracked();
    if let Some(a) = f.agents.first() {
        if !agents_in(&l.agents, &l.settings.accounts, &f.team, f.role).contains(a) {
            vs.update_filter(|f| f.agents.clear());
        }
    }
}

#[component]
pub(crate) fn FilterBar() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let set_range = move |from: Option<String>, to: Option<String>| {
        vs.update_filter(|f| {
            f.from = from;
            f.to = to;
        });
        refresh(app, vs);
    };
    let last = move || app.loaded.get_untracked().and_then(|l| l.summary.last_day);
    let first = move || app.loaded.get_untracked().and_then(|l| l.summary.first_day);
    let quick = move |kind: &'static str| {
        move |_| {
            let Some(end) = last() else { return };
            match kind {
                "yesterday" => set_range(Some(end.clone()), Some(end)),
                "last7" => set_range(shift_day(&end, -6), Some(end)),
                "last30" => set_range(shift_day(&end, -29), Some(end)),
                "this_month" => set_range(Some(format!("{}-01", &end[..7])), Some(end)),
                _ => set_range(first(), Some(end)),
            }
        }
    };
    view! {
        <div class="filters" id="filters">
            <label>{t(app, "from")}
                <input type="date" id="filter-from" prop:value=move || vs.filter.get().from.unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); set_range(Some(v).filter(|s| !s.is_empty()), vs.filter.get_untracked().to); }/>
            </label>
            <label>{t(app, "to")}
                <input type="date" id="filter-to" prop:value=move || vs.filter.get().to.unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); set_range(vs.filter.get_untracked().from, Some(v).filter(|s| !s.is_empty())); }/>
            </label>
            <div class="quick" title=t(app, "quick_hint")>
                <button data-quick="yesterday" on:click=quick("yesterday")>{t(app, "yesterday")}</button>
                <button data-quick="last7" on:click=quick("last7")>{t(app, "last7")}</button>
                <button data-quick="last30" on:click=quick("last30")>{t(app, "last30")}</button>
                <button data-quick="this_month" on:click=quick("this_month")>{t(app, "this_month")}</button>
                <button data-quick="all" on:click=quick("all")>{t(app, "all_days")}</button>
            </div>
            {move || {
                let shops = app.loaded.get().map(|l| l.shops).unwrap_or_default();
                (shops.len() > 1).then(|| view! {
                    <label>{t(app, "shops")}
                        <select id="filter-shop" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            vs.update_filter(|f| f.shops = if v.is_empty() { vec![] } else { vec![v] });
                            refresh(app, vs);
                        }>
                            <option value="">{t(app, "all_shops")}</option>
                            {shops.into_iter().map(|sh| {
                                let sel = vs.filter.get_untracked().shops.first() == Some(&sh);
                                let label = sh.clone();
                                view! { <option value=sh selected=sel>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })
            }}
            <label>{t(app, "team")}
                <select id="filter-team" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    vs.update_filter(|f| f.team = if v.is_empty() { vec![] } else { v.split('/').map(str::to_string).collect() });
                    drop_agent_outside(app, vs);
                    refresh(app, vs);
                }>
                    <option value="">{t(app, "all_teams")}</option>
                    {move || {
                        let mut paths: Vec<String> = Vec::new();
                        for a in app.loaded.get().map(|l| l.settings.accounts).unwrap_or_default() {
                            for i in 1..=a.team.len() {
                                let p = a.team[..i].join("/");
                                if !paths.contains(&p) { paths.push(p); }
                            }
                        }
                        paths.sort();
                        let cur = vs.filter.get_untracked().team.join("/");
                        paths.into_iter().map(|p| {
                            let depth = p.matches('/').count();
                            let label = format!("{}{}", "\u{3000}".repeat(depth), p.rsplit('/').next().unwrap_or(&p));
                            let sel = p == cur;
                            view! { <option value=p selected=sel>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            <label>{t(app, "role")}
                <select id="filter-role" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    vs.update_filter(|f| f.role = role_from_code(&v));
                    drop_agent_outside(app, vs);
                    refresh(app, vs);
                }>
                    {move || {
                        let cur = vs.filter.get().role.map(role_code).unwrap_or("");
                        view! {
                            <option value="" selected=cur.is_empty()>{t(app, "all_roles")}</option>
                            <option value="presales" selected=cur == "presales">{t(app, "presales")}</option>
                            <option value="aftersales" selected=cur == "aftersales">{t(app, "aftersales")}</option>
                        }
                    }}
                </select>
            </label>
            <label>{t(app, "agent")}
                <select id="filter-agent" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    vs.update_filter(|f| f.agents = if v.is_empty() { vec![] } else { vec![v] });
                    refresh(app, vs);
                }>
                    <option value="">{t(app, "all_agents")}</option>
                    {move || {
                        let f = vs.filter.get();
                        app.loaded.get().map(|l| agents_in(&l.agents, &l.settings.accounts, &f.team, f.role)).unwrap_or_default().into_iter().map(move |a| {
                        let a2 = a.clone();
                        let sel = f.agents.first() == Some(&a);
                        view! { <option value=a selected=sel>{a2}</option> }
                    }).collect_view()
                    }}
                </select>
            </label>
        </div>
    }
}
