use crate::ui::*;

/// KPI score (spec §8): items, attainment per tier, scores, tier and rank;
/// weights and targets editable (what-if) without re-reading files.
#[component]
pub(crate) fn KpiView() -> impl IntoView {
    let app = use_app();
    let report = RwSignal::new(None::<kefu_lens::engine::kpi::KpiReport>);
    let manual_scores = RwSignal::new(load_json::<ManualScores>(MANUAL_KEY).unwrap_or_default());
    use_answer(move |filter| api::kpi(filter, manual_scores.get()), move |r| report.set(Some(r)));
    // The template rows below are keyed: an input is never re-created while
    // the user edits; its value follows the settings reactively.
    let template = move || {
        app.settings
            .get()
            .or_else(|| app.loaded.get().map(|l| l.settings))
            .map(|s| s.kpi_template())
            .unwrap_or_default()
    };
    let edit = move |i: usize, field: &'static str, tier: usize, v: f64| {
        let mut s = current_settings(app);
        let mut tpl = s.kpi_template();
        if let Some(item) = tpl.items.get_mut(i) {
            match field {
                "weight" => item.weight = v.max(0.0),
                _ => {
                    if let Some(t) = item.targets.get_mut(tier) {
                        *t = v;
                    }
                }
            }
        }
        s.kpi = Some(tpl);
        apply_settings(app, s);
    };
    view! {
        <div id="view-kpi">
            <h3>{t(app, "kpi_template")}</h3>
            <p class="hint">{t(app, "kpi_hint")}</p>
            <table class="grid small" id="kpi-template">
                <thead><tr>
                    <th>{t(app, "metric")}</th><th>{t(app, "weight")}</th>
                    {move || template().tiers.into_iter().map(|tn| view! { <th>{tn}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    <For each={move || (0..template().items.len()).collect::<Vec<usize>>()} key={|i: &usize| *i} let:i>
                        <tr data-item=move || template().items.get(i).map(|it| it.metric.clone()).unwrap_or_default()>
                            <td>{move || {
                                let lang = app.lang.get();
                                template().items.get(i).map(|it| format!("{}{}", tr(lang, i18n_key(&it.metric)), if it.per_day { tr(lang, "per_day") } else { "" })).unwrap_or_default()
                            }}</td>
                            <td><input type="number" class="kpi-weight" min="0" step="1"
                                prop:value=move || template().items.get(i).map(|it| it.weight.to_string()).unwrap_or_default()
                                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { edit(i, "weight", 0, v) } }/></td>
                            <For each={move || (0..template().items.get(i).map(|it| it.targets.len()).unwrap_or(0)).collect::<Vec<usize>>()} key={|ti: &usize| *ti} let:ti>
                                <td><input type="number" class="kpi-target" step="any"
                                    prop:value=move || template().items.get(i).and_then(|it| it.targets.get(ti)).map(|v| v.to_string()).unwrap_or_default()
                                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { edit(i, "target", ti, v) } }/></td>
                            </For>
                        </tr>
                    </For>
                </tbody>
            </table>
            <div class="actions left">
                <button class="button" id="kpi-seed003" on:click=move |_| { let mut s = current_settings(app); s.kpi = Some(kefu_lens::settings::KpiTemplate::seed003()); apply_settings(app, s); }>{t(app, "kpi_seed003")}</button>
                <button class="button" id="kpi-seed002" on:click=move |_| { let mut s = current_settings(app); s.kpi = Some(kefu_lens::engine::kpi::seed002_template()); apply_settings(app, s); }>{t(app, "kpi_seed002")}</button>
                <button class="button" on:click=move |_| download_text("kpi-template.json", &serde_json::to_string_pretty(&template()).unwrap_or_default(), "application/json")>{t(app, "export_settings")}</button>
            </div>
            {move || {
                let manual_items: Vec<String> = template().items.into_iter().map(|i| i.metric).filter(|m| m.starts_with("manual:")).collect();
                if manual_items.is_empty() { return None; }
                let agents = app.loaded.get().map(|l| l.agents).unwrap_or_default();
                let lang = app.lang.get();
                let scores = manual_scores.get_untracked();
                Some(view! {
                    <h3>{tr(lang, "manual_scores")}</h3>
                    <p class="hint">{tr(lang, "manual_hint")}</p>
                    <table class="grid small" id="manual-scores">
                        <thead><tr><th>{tr(lang, "agent")}</th>{manual_items.iter().map(|m| view! { <th>{manual_label(lang, m)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {agents.into_iter().map(|a| view! {
                                <tr data-agent=a.clone()><td>{a.clone()}</td>
                                    {manual_items.iter().map(|m| {
                                        let (a2, m2) = (a.clone(), m.clone());
                                        let cur = scores.get(&a).and_then(|x| x.get(m)).map(|v| v.to_string()).unwrap_or_default();
                                        view! { <td><input type="number" min="0" max="100" class="manual-score" prop:value=cur on:change=move |ev| {
                                            let v = event_target_value(&ev).parse::<f64>().ok();
                                            manual_scores.update(|ms| {
                                                let e = ms.entry(a2.clone()).or_default();
                                                match v { Some(v) => { e.insert(m2.clone(), v.clamp(0.0, 100.0)); } None => { e.remove(&m2); } }
                                            });
                                            save_json(MANUAL_KEY, &manual_scores.get_untracked());
                                        }/></td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <button class="button small" on:click=move |_| download_text("manual-scores.json", &serde_json::to_string_pretty(&manual_scores.get_untracked()).unwrap_or_default(), "application/json")>{tr(lang, "export_settings")}</button>
                })
            }}
            <h3>{t(app, "kpi_scores")}</h3>
            <div class="table-scroll">
            <table class="grid" id="kpi-table">
                <thead><tr>
                    <th>{t(app, "rank")}</th><th>{t(app, "agent")}</th><th>{t(app, "active_days")}</th>
                    {move || template().tiers.into_iter().map(|tn| view! { <th>{tn}{t(app, "score")()}</th> }).collect_view()}
                    <th>{t(app, "tier")}</th>
                    {move || { let lang = app.lang.get(); template().items.into_iter().map(|it| view! { <th>{tr(lang, i18n_key(&it.metric))}</th> }).collect_view() }}
                </tr></thead>
                <tbody>
                    {move || report.get().map(|r| r.rows).unwrap_or_default().into_iter().map(|row| {
                        let lang = app.lang.get();
                        view! {
                            <tr data-agent=row.agent.clone() data-rank=row.rank.to_string()>
                                <td class="num">{row.rank}</td>
                                <td>{row.agent.clone()}</td>
                                <td class="num">{row.active_days}</td>
                                {row.scores.iter().map(|sc| view! { <td class="num" data-score=sc.to_string()>{format!("{sc:.1}")}</td> }).collect_view()}
                                <td data-tier=row.tier.clone().unwrap_or_default()>{row.tier.clone().unwrap_or_else(|| "—".into())}</td>
                                {row.items.iter().map(|it| {
                                    // Weighted score of this item at the top tier: 100 × weight × attainment / Σ weight.
                                    let tpl = template();
                                    let total_w: f64 = tpl.items.iter().map(|x| x.weight.max(0.0)).sum();
                                    let w = tpl.items.iter().find(|x| x.metric == it.metric).map(|x| x.weight.max(0.0)).unwrap_or(0.0);
                                    let item_score = if total_w > 0.0 { 100.0 * w * it.attainment.last().copied().unwrap_or(0.0) / total_w } else { 0.0 };
                                    let shown = kefu_lens::present::kpi_actual(&it.metric, it.actual, lang.zh());
                                    // Rounded down: 99.9% must not read as met.
                                    let att = it.attainment.iter().map(|a| format!("{:.0}%", (a * 100.0).floor())).collect::<Vec<_>>().join(" / ");
                                    view! { <td class="num" data-metric=it.metric.clone() data-value=it.actual.map(|v| v.to_string()).unwrap_or_default()>
                                        {shown}<br/><small class="attain" data-attainment={it.attainment.iter().map(|a| a.to_string()).collect::<Vec<String>>().join(",")}>{att}</small>
                                        <br/><small class="attain" data-item-score=item_score.to_string()>{format!("{}{:.1}", tr(lang, "item_score"), item_score)}</small></td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </div>
    }
}

pub(crate) fn manual_label(lang: Lang, m: &str) -> &'static str {
    match m {
        "manual:work_performance" => tr(lang, "manual_work"),
        "manual:execution" => tr(lang, "manual_exec"),
        _ => tr(lang, "metric"),
    }
}
