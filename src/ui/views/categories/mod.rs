use crate::ui::*;

pub(crate) mod stack;

/// Consultation categories (spec §7): the tree with roll-up counts and shares,
/// category × day, category × agent, and 未分类 per agent.
#[component]
pub(crate) fn Categories(ui: Ui) -> impl IntoView {
    let rows = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    let unclassified = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(
            QueryKind::Report { query: Query { by: vec![Dim::Category], filter: filter.clone() } },
            move |a| {
                if let Answer::Report { report } = a {
                    rows.set(report.rows);
                }
            },
        );
        client::query(QueryKind::Report { query: Query { by: vec![Dim::Agent, Dim::Category], filter } }, move |a| {
            if let Answer::Report { report } = a {
                unclassified.set(
                    report
                        .rows
                        .into_iter()
                        .filter(|r| r.key.get("category_code").map(String::as_str) == Some("未分类"))
                        .collect(),
                );
            }
        });
    });
    let collapsed = RwSignal::new(std::collections::HashSet::<String>::new());
    view! {
        <div id="view-categories">
            <TreeEditor ui/>
            <h3>{t(ui, "category_tree")}</h3>
            <p class="hint">{t(ui, "category_hint")}</p>
            <table class="grid" id="category-tree">
                <thead><tr><th>{t(ui, "category_path")}</th><th>{t(ui, "category_code")}</th><th>{t(ui, "consult_buyers")}</th><th>{t(ui, "share")}</th>
                    <th>{t(ui, "reception_buyers")}</th><th>{t(ui, "avg_response_secs")}</th><th>{t(ui, "inquiry_conversion_final")}</th></tr></thead>
                <tbody>
                    {move || {
                        let lang = ui.lang.get();
                        let rows = rows.get();
                        // Top-level rows (and 未分类) add up to all conversation-days.
                        let total: u64 = rows.iter().filter(|r| {
                            let c = r.key.get("category_code").cloned().unwrap_or_default();
                            !c.contains('.')
                        }).map(|r| r.metrics.consult_buyers).sum();
                        let hidden = collapsed.get();
                        rows.into_iter().filter(|r| {
                            let code = r.key.get("category_code").cloned().unwrap_or_default();
                            !hidden.iter().any(|h| code.starts_with(&format!("{h}.")))
                        }).map(|r| {
                            let code = r.key.get("category_code").cloned().unwrap_or_default();
                            let path = r.key.get("category_path").cloned().unwrap_or_default();
                            let depth = if code == "未分类" { 0 } else { code.matches('.').count() };
                            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                            let share = if total > 0 { Some(r.metrics.consult_buyers as f64 / total as f64) } else { None };
                            let code2 = code.clone();
                            let is_open = !hidden.contains(&code);
                            let key = r.key.clone();
                            let cells = ["reception_buyers", "avg_response_secs", "inquiry_conversion_final"].into_iter().map(|k| {
                                let (shown, raw) = metric_text(&r.metrics, k, lang);
                                view! { <td class="num" data-metric=k data-value=raw>{shown}</td> }
                            }).collect_view();
                            view! {
                                <tr data-code=code.clone()>
                                    <td style:padding-left=format!("{}px", 8 + depth * 20)>
                                        <button class="button ghost small toggle" on:click=move |_| collapsed.update(|c| { if !c.remove(&code2) { c.insert(code2.clone()); } })>
                                            {if is_open { "▾" } else { "▸" }}</button>" "{name}</td>
                                    <td>{code.clone()}</td>
                                    <td class="num"><a href="#" data-metric="consult_buyers" data-value=r.metrics.consult_buyers.to_string()
                                        on:click=move |ev| { ev.prevent_default(); open_drill(ui, "consult_buyers", key.clone()); }>{format::int(r.metrics.consult_buyers)}</a></td>
                                    <td class="num" data-share=share.map(|x| x.to_string()).unwrap_or_default()>{format::pct(share)}</td>
                                    {cells}
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <CategoryStack ui/>
            <h3>{t(ui, "category_by_day")}</h3>
            <KeyedTable ui id="category-day-table" by=vec![Dim::Day, Dim::Category] columns=&["consult_buyers"]/>
            <h3>{t(ui, "unclassified_by_agent")}</h3>
            <table class="grid small" id="unclassified-table">
                <thead><tr><th>{t(ui, "agent")}</th><th>{t(ui, "consult_buyers")}</th></tr></thead>
                <tbody>
                    {move || {
                        let mut v = unclassified.get();
                        v.sort_by(|a, b| b.metrics.consult_buyers.cmp(&a.metrics.consult_buyers));
                        v.into_iter().map(|r| {
                            let key = r.key.clone();
                            view! { <tr><td>{r.key.get("agent").cloned().unwrap_or_default()}</td>
                                <td class="num" data-metric="consult_buyers" data-value=r.metrics.consult_buyers.to_string()
                                    on:click=move |_| open_drill(ui, "consult_buyers", key.clone())>{format::int(r.metrics.consult_buyers)}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <h3>{t(ui, "category_by_agent")}</h3>
            <KeyedTable ui id="category-agent-table" by=vec![Dim::Category, Dim::Agent] columns=&["consult_buyers", "reception_buyers", "avg_response_secs"]/>
        </div>
    }
}
