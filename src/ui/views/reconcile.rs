//! 对账 (issue 15 item 2): the official 生意参谋 客服 sheets dropped with
//! the inputs, beside our figures — one row per compared cell (day, and
//! agent for the per-agent sheet), differences beyond the sheets' rounding
//! plus a tolerance marked, and the causes the data can show. Our numbers
//! open their records like everywhere else. The comparison covers every
//! day of the official sheets, whatever the filter bar says.

use kefu_lens::reconcile::{Compared, ReconcileAnswer};

use crate::ui::*;

#[component]
pub(crate) fn ReconcileView() -> impl IntoView {
    let app = use_app();
    // Percent, as typed (the worker takes a fraction).
    let tolerance = RwSignal::new(0.0_f64);
    let only_diff = RwSignal::new(false);
    let answer = RwSignal::new(None::<ReconcileAnswer>);
    let official_files = Memo::new(move |_| {
        app.loaded.get().map_or(0, |l| l.reports.iter().filter(|r| !r.removed && r.reference.is_some()).count())
    });
    Effect::new(move |_| {
        let tol = tolerance.get() / 100.0;
        app.loaded.track();
        if official_files.get() == 0 {
            answer.set(None);
            return;
        }
        then(app, api::reconcile(tol), move |a| answer.set(Some(a)));
    });
    view! {
        <div id="view-reconcile">
            <h3>{t(app, "reconcile_title")}" "<HelpMark key="reconcile_concept"/></h3>
            {move || (official_files.get() == 0).then(|| view! {
                <div class="empty" id="reconcile-empty">
                    <p>{t(app, "reconcile_empty")}</p>
                </div>
            })}
            {move || answer.get().map(|a| view! { <Comparison a tolerance only_diff/> })}
        </div>
    }
}

#[component]
fn Comparison(a: ReconcileAnswer, tolerance: RwSignal<f64>, only_diff: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let differing = a.rows.iter().filter(|r| r.differs).count();
    let total = a.rows.len();
    let files = a.files.clone();
    let n_files = files.len().to_string();
    let explanations = a.explanations.clone();
    let rows = a.rows.clone();
    view! {
        <div class="reconcile-head">
            <span class="stat">{t(app, "reconcile_cells")}" "
                <b id="reconcile-compared" data-value=total.to_string()>{format::int(total as u64)}</b></span>
            <span class=if differing == 0 { "stat good" } else { "stat bad" }>{t(app, "reconcile_differ")}" "
                <b id="reconcile-differ" data-value=differing.to_string()>{format::int(differing as u64)}</b></span>
            <label>{t(app, "reconcile_tolerance")}" "
                <input type="number" id="reconcile-tolerance" min="0" max="100" step="0.5"
                    prop:value=move || tolerance.get().to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).trim().parse::<f64>() {
                            tolerance.set(v.clamp(0.0, 100.0));
                        }
                    }/>"%"</label>
            <label><input type="checkbox" id="reconcile-only-diff" prop:checked=move || only_diff.get()
                on:change=move |ev| only_diff.set(event_target_checked(&ev))/>{t(app, "reconcile_only_diff")}</label>
        </div>
        <p class="hint">{t(app, "reconcile_hint")}</p>
        {(!explanations.is_empty()).then(|| view! {
            <ul class="reconcile-causes" id="reconcile-causes">
                {move || {
                    let lang = app.lang.get();
                    explanations.iter().map(|e| {
                        let text = if lang.zh() { e.message_zh.clone() } else { e.message_en.clone() };
                        view! { <li data-code=e.code.to_string()>{text}</li> }
                    }).collect_view()
                }}
            </ul>
        })}
        <details class="reconcile-files" id="reconcile-files">
            <summary>{move || tr(app.lang.get(), "reconcile_files").replace("{n}", &n_files)}</summary>
            <ul>
                {move || {
                    let lang = app.lang.get();
                    files.iter().map(|f| {
                        let kind = f.kind.map_or("—", |k| k.label(lang.zh()));
                        let span = match (&f.first_day, &f.last_day) {
                            (Some(a), Some(b)) if a == b => a.clone(),
                            (Some(a), Some(b)) => format!("{a} ~ {b}"),
                            _ => "—".into(),
                        };
                        view! {
                            <li data-file=f.name.clone()><b>{f.name.clone()}</b>" · "{kind}" · "{span}
                                {f.problems.iter().map(|p| view! { <div class="hint">{p.clone()}</div> }).collect_view()}
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </details>
        <div class="table-scroll">
            <table class="grid" id="reconcile-table">
                <thead><tr>
                    <th>{t(app, "day")}</th>
                    <th>{t(app, "agent")}</th>
                    <th>{t(app, "reconcile_metric")}</th>
                    <th class="num">{t(app, "reconcile_ours")}</th>
                    <th class="num">{t(app, "reconcile_official")}</th>
                    <th class="num">{t(app, "reconcile_gap")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let only = only_diff.get();
                        rows.iter().filter(|r| !only || r.differs).cloned().map(|r| view! { <CellRow r/> }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// One compared cell: ours (drills), theirs, the gap.
#[component]
fn CellRow(r: Compared) -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let metric = r.metric.to_string();
    let mut key = std::collections::BTreeMap::new();
    key.insert("day".to_string(), r.day.clone());
    if let Some(a) = &r.agent {
        key.insert("agent".to_string(), a.clone());
    }
    let text = move |v: Option<f64>| {
        let zh = app.lang.get().zh();
        v.map_or_else(|| "—".to_string(), |x| kefu_lens::present::value_text(&metric, x, zh))
    };
    let m = r.metric.to_string();
    let gap = match (r.ours, r.official) {
        (Some(a), Some(b)) => Some(a - b),
        _ => None,
    };
    let (ours, official) = (r.ours, r.official);
    let (m1, m2, m3, m4, m5) = (m.clone(), m.clone(), m.clone(), m.clone(), m.clone());
    let text2 = text.clone();
    let official_raw = kefu_lens::present::raw(&m, official);
    view! {
        <tr class=if r.differs { "differs" } else { "" } data-day=r.day.clone() data-agent=r.agent.clone() data-key=m5>
            <td>{r.day.clone()}</td>
            <td>{r.agent.clone().unwrap_or_default()}</td>
            <td>{move || tr(app.lang.get(), &m1)}" "<HelpMark key=leak(&m2)/></td>
            <td class="num"><a href="#" data-metric=m3.clone() data-value=kefu_lens::present::raw(&m3, ours) on:click=move |ev| {
                ev.prevent_default();
                open_drill(vs, dr, &m, key.clone());
            }>{move || text(ours)}</a></td>
            <td class="num" data-official=official_raw>{move || text2(official)}</td>
            <td class="num gap">{move || gap.map_or_else(String::new, |g| {
                let zh = app.lang.get().zh();
                let s = kefu_lens::present::value_text(&m4, g.abs(), zh);
                if g > 0.0 { format!("+{s}") } else if g < 0.0 { format!("−{s}") } else { s }
            })}</td>
        </tr>
    }
}

/// A metric key as the `'static` name `HelpMark` takes: the registry's own
/// spelling of it (every compared cell is a registry key).
fn leak(key: &str) -> &'static str {
    kefu_lens::engine::METRIC_KEYS.iter().find(|k| **k == key).copied().unwrap_or("metric")
}
