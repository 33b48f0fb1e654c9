//! 平台规则对比 (issue 14): each agent's response under the rule of each
//! platform that judges the shop — Taobao's rounds (today's 3分钟人工响应率),
//! Kuaishou's and Pinduoduo's per-person rules, Xiaohongshu's sessions
//! (spec §3.1). Asked only while the section is open (the three rules cost
//! a pass over the conversations). A rate clearly below the Taobao one is
//! marked; a click opens that rule's records on their failures — the
//! people or sessions the other platform would count against the agent.

use kefu_lens::engine::metric::Rule;

use super::agent_key;
use crate::ui::*;

/// The people the four rules judge differently (spec §3.1): the
/// conversations where the rules disagree, one click away.
const DISAGREE: &str = "rules_disagree_buyers";

/// A platform's rate this much below Taobao's is marked as a disagreement.
const GAP: f64 = 0.05;

#[component]
pub(crate) fn PlatformRules() -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    view! {
        <details class="platform-rules" id="platform-rules" on:toggle=move |ev| {
            let el: web_sys::HtmlElement = event_target(&ev);
            open.set(el.has_attribute("open"));
        }>
            <summary><h3>{t(app, "platform_rules")}" "<HelpMark key="kuaishou_response_rate_3min"/></h3></summary>
            <p class="hint">{t(app, "platform_rules_hint")}</p>
            {move || open.get().then(|| view! { <RulesTable/> })}
        </details>
    }
}

#[component]
fn RulesTable() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let rows = use_report_rules(vec![Dim::Agent], Rule::ALL.to_vec());
    view! {
        <div class="table-scroll">
        <table class="grid" id="rules-table">
            <thead><tr>
                <th>{t(app, "agent")}</th>
                {RULE_RATES.iter().map(|&k| view! { <th>{t(app, k)}" "<HelpMark key=k/></th> }).collect_view()}
                <th>{t(app, DISAGREE)}" "<HelpMark key=DISAGREE/></th>
            </tr></thead>
            <tbody>
                {move || {
                    let lang = app.lang.get();
                    rows.get().into_iter().map(|r| {
                        let agent = r.key.get("agent").cloned().unwrap_or_default();
                        let taobao = r.metrics.get(RULE_RATES[0]);
                        view! {
                            <tr data-agent=agent.clone()>
                                <td>{agent.clone()}</td>
                                {RULE_RATES.iter().map(|&k| {
                                    let (shown, raw) = metric_text(&r.metrics, k, lang);
                                    let v = r.metrics.get(k);
                                    let below = k != RULE_RATES[0] && matches!((v, taobao), (Some(v), Some(t)) if v < t - GAP);
                                    let agent = agent.clone();
                                    view! {
                                        <td class=if below { "num disagree" } else { "num" } data-metric=k data-value=raw
                                            title=if below { tr(lang, "rules_disagree") } else { "" }
                                            on:click=move |_| {
                                                // On the records that fail the rule.
                                                let view = DrillView { failures_only: true, ..Default::default() };
                                                open_drill_view(vs, dr, k, agent_key(agent.clone()), view);
                                            }>{shown}</td>
                                    }
                                }).collect_view()}
                                {
                                    let (shown, raw) = metric_text(&r.metrics, DISAGREE, lang);
                                    let agent = agent.clone();
                                    view! {
                                        <td class="num"><a href="#" data-metric=DISAGREE data-value=raw on:click=move |ev| {
                                            ev.prevent_default();
                                            open_drill(vs, dr, DISAGREE, agent_key(agent.clone()));
                                        }>{shown}</a></td>
                                    }
                                }
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        </div>
    }
}
