use crate::ui::*;
use kefu_lens::engine::alerts::{Alert, AlertLevel, AlertRule};

#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Handled {
    pub(crate) note: String,
    pub(crate) at: String,
}

pub(crate) const ALERT_RULES: [&str; 6] =
    ["wait", "reply_timeout", "low_rating", "sensitive_words", "complaint", "unpaid_no_reminder"];

pub(crate) const ALERTS_PAGE: usize = 100;

/// Whether an alert passes the list's filters: unhandled only, a rule (the
/// alert's own or one of those that also fired on its event), a level.
fn passes(a: &Alert, unhandled_only: bool, handled: bool, rule: &str, level: &str) -> bool {
    (!unhandled_only || !handled)
        && (rule.is_empty() || a.rule == *rule || a.also.iter().any(|r| *r == *rule))
        && (level.is_empty() || a.level == *level)
}

/// The rules that also fired on an alert's event, as the row shows them.
fn also_text(lang: Lang, also: &[AlertRule]) -> String {
    let sep = if lang.zh() { "、" } else { ", " };
    let names: Vec<&str> = also.iter().map(|r| tr(lang, rule_key(r.as_str()))).collect();
    format!("{}{}", tr(lang, "also_fired"), names.join(sep))
}

/// Quality alerts (seeds 002, 004): rules switchable with thresholds, the list
/// (one alert per event, the other rules that fired on it shown on the row)
/// with drill to the transcript, filters (unhandled only, rule, level),
/// counts per agent and per rule, handled state with a note kept in this
/// browser and exported as CSV.
#[component]
pub(crate) fn AlertsView() -> impl IntoView {
    let app = use_app();
    let dr = use_drill();
    let rows = RwSignal::new(Vec::<kefu_lens::engine::alerts::Alert>::new());
    let by_agent = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let by_rule = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let handled =
        RwSignal::new(load_json::<std::collections::BTreeMap<String, Handled>>(HANDLED_KEY).unwrap_or_default());
    let rule_filter = RwSignal::new(String::new());
    let level_filter = RwSignal::new(String::new());
    let unhandled_only = RwSignal::new(false);
    let page = RwSignal::new(0usize);
    use_answer(api::alerts, move |(r, ba, br)| {
        page.set(0);
        rows.set(r);
        by_agent.set(ba);
        by_rule.set(br);
    });
    let rules_json = move || serde_json::to_value(current_settings(app).alert_rules()).unwrap_or_default();
    let set_rule = move |rule: &'static str, field: &'static str, v: serde_json::Value| {
        let mut s = current_settings(app);
        let mut j = serde_json::to_value(s.alert_rules()).unwrap_or_default();
        j[rule][field] = v;
        if let Ok(r) = serde_json::from_value(j) {
            s.alerts = Some(r);
            apply_settings(app, s);
        }
    };
    let set_top = move |field: &'static str, v: serde_json::Value| {
        let mut s = current_settings(app);
        let mut j = serde_json::to_value(s.alert_rules()).unwrap_or_default();
        j[field] = v;
        if let Ok(r) = serde_json::from_value(j) {
            s.alerts = Some(r);
            apply_settings(app, s);
        }
    };
    let shown = move || {
        let (rf, lf, only) = (rule_filter.get(), level_filter.get(), unhandled_only.get());
        let h = handled.get();
        rows.get().into_iter().filter(|a| passes(a, only, h.contains_key(&a.id), &rf, &lf)).collect::<Vec<_>>()
    };
    view! {
        <div id="view-alerts">
            <h3>{t(app, "alert_rules")}" "<HelpMark key="alerts"/></h3>
            <div class="rules" id="alert-rules">
                {move || {
                    let lang = app.lang.get();
                    let j = rules_json();
                    let _ = app.loaded.get();
                    ALERT_RULES.iter().map(|&r| {
                        let on = j[r]["enabled"].as_bool().unwrap_or(false);
                        let threshold = match r {
                            "wait" => Some(("yellow_secs", j[r]["yellow_secs"].clone())),
                            "reply_timeout" => Some(("secs", j[r]["secs"].clone())),
                            "low_rating" => Some(("max_score", j[r]["max_score"].clone())),
                            "unpaid_no_reminder" => Some(("within_secs", j[r]["within_secs"].clone())),
                            _ => None,
                        };
                        let red = (r == "wait").then(|| j[r]["red_secs"].clone());
                        view! {
                            <div class="rule" data-rule=r>
                                <label><input type="checkbox" class="rule-enabled" prop:checked=on on:change=move |ev| set_rule(r, "enabled", serde_json::Value::Bool(event_target_checked(&ev)))/>
                                    {tr(lang, rule_key(r))}</label>
                                {threshold.map(|(field, v)| view! {
                                    <input type="number" class="rule-threshold" data-field=field min="0" prop:value=v.to_string()
                                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u64>() { set_rule(r, field, n.into()) } }/>
                                })}
                                {red.map(|v| view! {
                                    <input type="number" class="rule-threshold" data-field="red_secs" min="0" prop:value=v.to_string()
                                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u64>() { set_rule(r, "red_secs", n.into()) } }/>
                                })}
                            </div>
                        }
                    }).collect_view()
                }}
                <div class="rule" data-rule="exclude_off_hours">
                    <label><input type="checkbox" id="alert-exclude-off-hours" prop:checked=move || { let _ = app.loaded.get(); rules_json()["exclude_off_hours"].as_bool().unwrap_or(true) }
                        on:change=move |ev| set_top("exclude_off_hours", serde_json::Value::Bool(event_target_checked(&ev)))/>
                        {t(app, "alert_exclude_off_hours")}</label>
                </div>
                <p class="hint">{t(app, "alert_rules_hint")}</p>
            </div>
            <div class="alert-counts">
                <table class="grid small" id="alerts-by-rule">
                    <thead><tr><th>{t(app, "rule")}</th><th>{t(app, "count")}</th></tr></thead>
                    <tbody>{move || { let lang = app.lang.get(); by_rule.get().into_iter().map(|(r, n)| {
                        let r2 = r.clone();
                        view! { <tr data-rule=r.clone()><td><a href="#" on:click=move |ev| { ev.prevent_default(); rule_filter.set(r2.clone()); page.set(0); }>{tr(lang, rule_key(&r))}</a></td><td class="num" data-count=n.to_string()>{format::int(n)}</td></tr> }
                    }).collect_view() }}</tbody>
                </table>
                <table class="grid small" id="alerts-by-agent">
                    <thead><tr><th>{t(app, "agent")}</th><th>{t(app, "count")}</th></tr></thead>
                    <tbody>{move || by_agent.get().into_iter().map(|(a, n)| { let a2 = a.clone(); view! { <tr data-agent=a2><td>{a}</td><td class="num" data-count=n.to_string()>{format::int(n)}</td></tr> } }).collect_view()}</tbody>
                </table>
            </div>
            <div class="table-tools alert-filters">
                <label><input type="checkbox" id="alert-unhandled-only" prop:checked=move || unhandled_only.get()
                    on:change=move |ev| { unhandled_only.set(event_target_checked(&ev)); page.set(0); }/>
                    {t(app, "unhandled_only")}</label>
                <select id="alert-rule-filter" on:change=move |ev| { rule_filter.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{t(app, "all_rules")}</option>
                    {move || { let lang = app.lang.get(); AlertRule::ALL.map(AlertRule::as_str).into_iter()
                        .map(|r| view! { <option value=r selected=rule_filter.get() == r>{tr(lang, rule_key(r))}</option> }).collect_view() }}
                </select>
                <select id="alert-level-filter" on:change=move |ev| { level_filter.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{t(app, "all_levels")}</option>
                    {move || { let lang = app.lang.get(); AlertLevel::ALL.map(AlertLevel::as_str).into_iter()
                        .map(|l| view! { <option value=l selected=level_filter.get() == l>{tr(lang, level_key(l))}</option> }).collect_view() }}
                </select>
                <ExportButtons name="alerts" table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = app.lang.get_untracked();
                    let h = handled.get_untracked();
                    let headers = headers(lang, &["time", "agent", "buyer", "rule", "also_fired_col", "level", "excerpt", "wait_secs_col", "handled", "note"]);
                    let rows = shown().into_iter().map(|a| {
                        let hd = h.get(&a.id);
                        let also: Vec<&str> = a.also.iter().map(|r| tr(lang, rule_key(r.as_str()))).collect();
                        let wait = a.wait_secs.map(Cell::Int).unwrap_or(Cell::Empty);
                        vec![Cell::Text(a.time), Cell::Text(a.agent), Cell::Text(a.buyer), Cell::Text(tr(lang, rule_key(a.rule.as_str())).to_string()),
                             Cell::Text(also.join(if lang.zh() { "、" } else { ", " })),
                             Cell::Text(a.level.to_string()), Cell::Text(a.excerpt), wait, Cell::Text(hd.map(|x| x.at.clone()).unwrap_or_default()),
                             Cell::Text(hd.map(|x| x.note.clone()).unwrap_or_default())]
                    }).collect();
                    Table { headers, rows }
                })/>
            </div>
            <div class="table-scroll">
            <table class="grid" id="alerts-table">
                <thead><tr><th>{t(app, "time")}</th><th>{t(app, "agent")}</th><th>{t(app, "buyer")}</th><th>{t(app, "rule")}</th>
                    <th>{t(app, "excerpt")}</th><th>{t(app, "handled")}</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let lang = app.lang.get();
                        let h = handled.get();
                        shown().into_iter().skip(page.get() * ALERTS_PAGE).take(ALERTS_PAGE).map(|a| {
                            let id = a.id.clone();
                            let id2 = a.id.clone();
                            let done = h.get(&a.id).cloned();
                            let is_done = done.is_some();
                            let conv = a.conv;
                            let also = a.also.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ");
                            let handled_attr = if is_done { "1" } else { "0" };
                            let also_view = (!a.also.is_empty()).then(|| view! { <span class="also">{also_text(lang, &a.also)}</span> });
                            view! {
                                <tr class=format!("alert {}{}", a.level, if is_done { " handled" } else { "" }) data-alert=a.id.clone() data-rule=a.rule.as_str()
                                    data-level=a.level.as_str() data-also=also data-handled=handled_attr>
                                    <td>{a.time.clone()}</td><td>{a.agent.clone()}</td><td>{a.buyer.clone()}</td>
                                    <td class="alert-rule"><span class=format!("level {}", a.level)>{tr(lang, rule_key(a.rule.as_str()))}</span>{also_view}</td>
                                    <td class="excerpt">{a.excerpt.clone()}</td>
                                    <td class="handled-cell"><div class="handled-box">
                                        <input type="checkbox" class="alert-handled" prop:checked=is_done on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            handled.update(|m| { if on { m.insert(id.clone(), Handled { note: String::new(), at: now_string() }); } else { m.remove(&id); } });
                                            save_json(HANDLED_KEY, &handled.get_untracked());
                                        }/>
                                        {done.map(|d| view! { <input type="text" class="alert-note" placeholder=tr(lang, "note") prop:value=d.note on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            handled.update(|m| if let Some(x) = m.get_mut(&id2) { x.note = v; });
                                            save_json(HANDLED_KEY, &handled.get_untracked());
                                        }/> })}
                                    </div></td>
                                    <td>{conv.map(|c| view! { <button class="button small open-chat" on:click=move |_| {
                                        open_transcript(dr, c);
                                    }>{tr(lang, "open")}</button> })}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            </div>
            {move || {
                let n = shown().len();
                let pages = n.div_ceil(ALERTS_PAGE).max(1);
                let p = page.get().min(pages - 1);
                let suffix = format!(" · {}", format::int(n as u64));
                view! { <Pager page=p pages suffix on_go=move |x| page.set(x)/> }
            }}
        </div>
    }
}

pub(crate) fn level_key(l: &str) -> &'static str {
    match l {
        "red" => "level_red",
        "yellow" => "level_yellow",
        "info" => "level_info",
        _ => "level",
    }
}

pub(crate) fn rule_key(r: &str) -> &'static str {
    match r {
        "wait" => "rule_wait",
        "wait_yellow" => "rule_wait_yellow",
        "wait_red" => "rule_wait_red",
        "reply_timeout" => "rule_reply_timeout",
        "low_rating" => "rule_low_rating",
        "sensitive_words" | "sensitive_word" => "rule_sensitive",
        "complaint" => "rule_complaint",
        "unpaid_no_reminder" => "rule_unpaid",
        _ => "rule",
    }
}
