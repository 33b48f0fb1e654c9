use crate::ui::*;
use kefu_lens::engine::alerts::AlertRule;

#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Handled {
    pub(crate) note: String,
    pub(crate) at: String,
}

pub(crate) const ALERT_RULES: [&str; 6] =
    ["wait", "reply_timeout", "low_rating", "sensitive_words", "complaint", "unpaid_no_reminder"];

pub(crate) const ALERTS_PAGE: usize = 100;

/// Quality alerts (seeds 002, 004): rules switchable with thresholds, the list
/// with drill to the transcript, counts per agent and per rule, handled state
/// with a note kept in this browser and exported as CSV.
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
    let shown = move || {
        let rf = rule_filter.get();
        rows.get().into_iter().filter(|a| rf.is_empty() || a.rule == *rf).collect::<Vec<_>>()
    };
    view! {
        <div id="view-alerts">
            <h3>{t(app, "alert_rules")}</h3>
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
            <div class="table-tools">
                <select id="alert-rule-filter" on:change=move |ev| { rule_filter.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{t(app, "all_rules")}</option>
                    {move || { let lang = app.lang.get(); AlertRule::ALL.map(AlertRule::as_str).into_iter()
                        .map(|r| view! { <option value=r selected=rule_filter.get() == r>{tr(lang, rule_key(r))}</option> }).collect_view() }}
                </select>
                <ExportButtons name="alerts" table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = app.lang.get_untracked();
                    let h = handled.get_untracked();
                    let headers = headers(lang, &["time", "agent", "buyer", "rule", "level", "excerpt", "handled", "note"]);
                    let rows = shown().into_iter().map(|a| {
                        let hd = h.get(&a.id);
                        vec![Cell::Text(a.time), Cell::Text(a.agent), Cell::Text(a.buyer), Cell::Text(tr(lang, rule_key(a.rule.as_str())).to_string()),
                             Cell::Text(a.level.to_string()), Cell::Text(a.excerpt), Cell::Text(hd.map(|x| x.at.clone()).unwrap_or_default()),
                             Cell::Text(hd.map(|x| x.note.clone()).unwrap_or_default())]
                    }).collect();
                    Table { headers, rows }
                })/>
            </div>
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
                            view! {
                                <tr class=format!("alert {}{}", a.level, if is_done { " handled" } else { "" }) data-alert=a.id.clone() data-rule=a.rule.as_str()>
                                    <td>{a.time.clone()}</td><td>{a.agent.clone()}</td><td>{a.buyer.clone()}</td>
                                    <td><span class=format!("level {}", a.level)>{tr(lang, rule_key(a.rule.as_str()))}</span></td>
                                    <td class="excerpt">{a.excerpt.clone()}</td>
                                    <td>
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
                                    </td>
                                    <td>{conv.map(|c| view! { <button class="button small open-chat" on:click=move |_| {
                                        open_transcript(dr, c);
                                    }>{tr(lang, "open")}</button> })}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
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
