use crate::ui::*;
use kefu_lens::settings::{KpiItem, KpiTemplate, Role};

/// KPI score (spec §8): items, attainment per tier, scores, tier and rank;
/// weights and targets editable (what-if) without re-reading files. Each
/// role (售前/售后) has its own template; the table shows one role's agents,
/// scored with that role's template, and exports as CSV/XLSX.
#[component]
pub(crate) fn KpiView() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let report = RwSignal::new(None::<kefu_lens::engine::kpi::KpiReport>);
    let manual_scores = RwSignal::new(load_json::<ManualScores>(MANUAL_KEY).unwrap_or_default());
    // The role whose table is shown: the filter's role when one is chosen.
    let role = RwSignal::new(vs.filter.get_untracked().role.unwrap_or_default());
    Effect::new(move |_| {
        if let Some(r) = vs.filter.get().role {
            role.set(r);
        }
    });
    // The selector chooses the role (the answer holds only its agents), so
    // the filter's own role does not also narrow them.
    use_answer(
        move |mut filter| {
            filter.role = None;
            api::kpi(filter, manual_scores.get(), Some(role.get()), crate::ui::storage::qa_book())
        },
        move |r| report.set(Some(r)),
    );
    // The template rows below are keyed: an input is never re-created while
    // the user edits; its value follows the settings reactively.
    let template = move || {
        app.settings
            .get()
            .or_else(|| app.loaded.get().map(|l| l.settings))
            .map(|s| s.kpi_for(role.get()))
            .unwrap_or_else(|| kefu_lens::Settings::default().kpi_for(role.get()))
    };
    // The template that scored the rows shown (the answer carries it).
    let scored = move || report.get().and_then(|r| r.template).unwrap_or_else(template);
    let set_template = move |tpl: KpiTemplate| {
        let mut s = current_settings(app);
        s.set_kpi_for(role.get_untracked(), tpl);
        apply_settings(app, s);
    };
    let edit = move |i: usize, field: &'static str, tier: usize, v: f64| {
        let mut tpl = current_settings(app).kpi_for(role.get_untracked());
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
        set_template(tpl);
    };
    let role_name = move |lang: Lang| tr(lang, role_code(role.get_untracked()));
    let export_title: std::rc::Rc<dyn Fn() -> String> = std::rc::Rc::new(move || {
        let lang = app.lang.get_untracked();
        format!("{}_{}", tr(lang, "rt_kpi"), role_name(lang))
    });
    let export: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table> = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = app.lang.get_untracked();
        let Some(r) = report.get_untracked() else { return Table { headers: Vec::new(), rows: Vec::new() } };
        let tpl = r.template.clone().unwrap_or_else(|| untrack(template));
        let tiers = kefu_lens::engine::kpi::tier_names(&tpl);
        let mut headers: Vec<String> = headers(lang, &["rank", "agent", "active_days"]);
        headers.extend(tiers.iter().map(|tn| format!("{tn}{}", tr(lang, "score"))));
        headers.push(tr(lang, "tier").to_string());
        headers.extend(tpl.items.iter().map(|it| item_label(lang, it)));
        let rows = r
            .rows
            .iter()
            .map(|row| {
                let mut v =
                    vec![Cell::Int(row.rank as i64), Cell::Text(row.agent.clone()), Cell::Int(row.active_days as i64)];
                v.extend(row.scores.iter().map(|sc| Cell::Num((sc * 10.0).round() / 10.0)));
                v.push(row.tier.clone().map_or(Cell::Empty, Cell::Text));
                v.extend(row.items.iter().map(|it| kefu_lens::present::kpi_cell(&it.metric, it.actual)));
                v
            })
            .collect();
        Table { headers, rows }
    });
    view! {
        <div id="view-kpi" data-role=move || role_code(role.get())>
            <div class="table-tools">
                <label>{t(app, "kpi_role")}" "
                    <select id="kpi-role" on:change=move |ev| { if let Some(r) = role_from_code(&event_target_value(&ev)) { role.set(r) } }>
                        <option value="presales" selected=move || role.get() == Role::Presales>{t(app, "presales")}</option>
                        <option value="aftersales" selected=move || role.get() == Role::Aftersales>{t(app, "aftersales")}</option>
                    </select>
                </label>
            </div>
            <p class="hint">{t(app, "kpi_role_hint")}</p>
            <h3>{t(app, "kpi_template")}" · "{move || template().name}" "<HelpMark key="kpi"/></h3>
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
                                template().items.get(i).map(|it| item_label(lang, it)).unwrap_or_default()
                            }}" "<HelpMarkFor key=Signal::derive(move || {
                                // A metric's own entry; a manager-scored item points at the KPI chapter.
                                template().items.get(i).map(|it| it.metric.clone())
                                    .filter(|m| kefu_lens::engine::METRIC_KEYS.contains(&m.as_str()))
                                    .unwrap_or_else(|| "kpi".to_string())
                            })/></td>
                            <td><input type="number" class="kpi-weight" min="0" step="1"
                                prop:value=Memo::new(move |_| template().items.get(i).map(|it| it.weight.to_string()).unwrap_or_default())
                                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { edit(i, "weight", 0, v) } }/></td>
                            <For each={move || (0..template().items.get(i).map(|it| it.targets.len()).unwrap_or(0)).collect::<Vec<usize>>()} key={|ti: &usize| *ti} let:ti>
                                <td><input type="number" class="kpi-target" step="any"
                                    prop:value=Memo::new(move |_| template().items.get(i).and_then(|it| it.targets.get(ti)).map(|v| v.to_string()).unwrap_or_default())
                                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { edit(i, "target", ti, v) } }/></td>
                            </For>
                        </tr>
                    </For>
                </tbody>
            </table>
            <div class="actions left">
                <button class="button" id="kpi-seed003" on:click=move |_| set_template(KpiTemplate::seed003())>{t(app, "kpi_seed003")}</button>
                <button class="button" id="kpi-seed002" on:click=move |_| set_template(KpiTemplate::seed002())>{t(app, "kpi_seed002")}</button>
                <button class="button" id="kpi-aftersales" on:click=move |_| set_template(KpiTemplate::aftersales())>{t(app, "kpi_aftersales_default")}</button>
                <button class="button" on:click=move |_| download_text("kpi-template.json", &serde_json::to_string_pretty(&template()).unwrap_or_default(), "application/json")>{t(app, "export_settings")}</button>
            </div>
            {move || {
                let manual_items: Vec<KpiItem> = template().items.into_iter().filter(|i| i.metric.starts_with("manual:")).collect();
                if manual_items.is_empty() { return None; }
                let agents = app.loaded.get().map(|l| l.agents).unwrap_or_default();
                let lang = app.lang.get();
                let scores = manual_scores.get_untracked();
                // A manual item can take the QA average instead (issue 15):
                // its metric becomes `qa:<the first QA template>`, its name stays.
                let qa_id = current_settings(app).qa.templates.first().map(|t| t.id.clone());
                let use_qa = qa_id.map(|id| manual_items.iter().map(|m| {
                    let metric = m.metric.clone();
                    let id = id.clone();
                    let label = item_label(lang, m);
                    view! {
                        <button class="button small kpi-use-qa" data-item=metric.clone() on:click=move |_| {
                            let mut tpl = current_settings(app).kpi_for(role.get_untracked());
                            if let Some(it) = tpl.items.iter_mut().find(|it| it.metric == metric) {
                                if it.label_zh.is_empty() {
                                    it.label_zh = item_label(Lang::Zh, it);
                                }
                                if it.label_en.is_empty() {
                                    it.label_en = item_label(Lang::En, it);
                                }
                                it.metric = format!("{}{id}", kefu_lens::settings::kpi::QA_PREFIX);
                            }
                            set_template(tpl);
                        }>{tr(lang, "kpi_use_qa").replace("{item}", &label)}</button>
                    }
                }).collect_view());
                Some(view! {
                    <h3>{tr(lang, "manual_scores")}</h3>
                    <p class="hint">{tr(lang, "manual_hint")}</p>
                    <p class="actions left">{use_qa}</p>
                    <table class="grid small" id="manual-scores">
                        <thead><tr><th>{tr(lang, "agent")}</th>{manual_items.iter().map(|m| view! { <th>{item_label(lang, m)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {agents.into_iter().map(|a| view! {
                                <tr data-agent=a.clone()><td>{a.clone()}</td>
                                    {manual_items.iter().map(|m| {
                                        let m = &m.metric;
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
            <h3>{t(app, "kpi_scores")}" · "{move || role_name(app.lang.get())}" "<HelpMark key="kpi"/></h3>
            <div class="table-tools"><ExportButtons name="kpi-table" table=export title=export_title/></div>
            <div class="table-scroll">
            <table class="grid" id="kpi-table" data-role=move || report.get().and_then(|r| r.role).map(role_code).unwrap_or_default()>
                <thead><tr>
                    <th>{t(app, "rank")}</th><th>{t(app, "agent")}</th><th>{t(app, "active_days")}</th>
                    {move || kefu_lens::engine::kpi::tier_names(&scored()).into_iter().map(|tn| view! { <th>{tn}{t(app, "score")()}</th> }).collect_view()}
                    <th>{t(app, "tier")}</th>
                    {move || { let lang = app.lang.get(); scored().items.into_iter().map(|it| view! { <th data-item=it.metric.clone()>{item_label(lang, &it)}</th> }).collect_view() }}
                </tr></thead>
                <tbody>
                    {move || report.get().map(|r| r.rows).unwrap_or_default().into_iter().map(|row| {
                        let lang = app.lang.get();
                        let tpl = scored();
                        view! {
                            <tr data-agent=row.agent.clone() data-rank=row.rank.to_string()>
                                <td class="num">{row.rank}</td>
                                <td>{row.agent.clone()}</td>
                                <td class="num">{row.active_days}</td>
                                {row.scores.iter().map(|sc| view! { <td class="num" data-score=sc.to_string()>{format!("{sc:.1}")}</td> }).collect_view()}
                                <td data-tier=row.tier.clone().unwrap_or_default()>{row.tier.clone().unwrap_or_else(|| "—".into())}</td>
                                {row.items.iter().map(|it| {
                                    // Weighted score of this item at the top tier: 100 × weight × attainment / Σ weight.
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

/// What an item is called: the template's label in the UI language, else
/// the metric's name (with "per day" for a per-day item).
pub(crate) fn item_label(lang: Lang, it: &KpiItem) -> String {
    match it.label(lang.zh()) {
        Some(l) => l.to_string(),
        None => format!("{}{}", tr(lang, i18n_key(&it.metric)), if it.per_day { tr(lang, "per_day") } else { "" }),
    }
}
