use self::pivot::CategoryPivotTable;
use self::stack::CategoryStack;
use crate::ui::*;

pub(crate) mod pivot;
pub(crate) mod stack;

/// Consultation categories (spec §7): the tree with roll-up counts and shares,
/// the 咨询类目汇总表 (days × categories of a level), category × agent, and
/// 未分类 per agent.
#[component]
pub(crate) fn Categories() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let rows = use_report(vec![Dim::Category]);
    let by_agent = use_report(vec![Dim::Agent, Dim::Category]);
    let unclassified = Signal::derive(move || {
        by_agent.with(|rows| {
            rows.iter()
                .filter(|r| r.key.get("category_code").map(String::as_str) == Some("未分类"))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let collapsed = RwSignal::new(std::collections::HashSet::<String>::new());
    view! {
        <div id="view-categories">
            <TreeEditor/>
            <h3>{t(app, "category_tree")}" "<HelpMark key="categories"/></h3>
            <p class="hint">{t(app, "category_hint")}</p>
            <table class="grid" id="category-tree">
                <thead><tr><th>{t(app, "category_path")}</th><th>{t(app, "category_code")}</th><th>{t(app, "consult_buyers")}</th><th>{t(app, "share")}</th>
                    <th>{t(app, "reception_buyers")}</th><th>{t(app, "avg_response_secs")}</th><th>{t(app, "inquiry_conversion_final")}</th></tr></thead>
                <tbody>
                    {move || {
                        let lang = app.lang.get();
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
                                        on:click=move |ev| { ev.prevent_default(); open_drill(vs, dr, "consult_buyers", key.clone()); }>{format::int(r.metrics.consult_buyers)}</a></td>
                                    <td class="num" data-share=share.map(|x| x.to_string()).unwrap_or_default()>{format::pct(share)}</td>
                                    {cells}
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <CategoryStack/>
            <CategoryPivotTable/>
            <h3>{t(app, "unclassified_by_agent")}</h3>
            <table class="grid small" id="unclassified-table">
                <thead><tr><th>{t(app, "agent")}</th><th>{t(app, "consult_buyers")}</th></tr></thead>
                <tbody>
                    {move || {
                        let mut v = unclassified.get();
                        v.sort_by_key(|r| std::cmp::Reverse(r.metrics.consult_buyers));
                        v.into_iter().map(|r| {
                            let key = r.key.clone();
                            view! { <tr><td>{r.key.get("agent").cloned().unwrap_or_default()}</td>
                                <td class="num" data-metric="consult_buyers" data-value=r.metrics.consult_buyers.to_string()
                                    on:click=move |_| open_drill(vs, dr, "consult_buyers", key.clone())>{format::int(r.metrics.consult_buyers)}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <h3>{t(app, "category_by_agent")}</h3>
            <KeyedTable id="category-agent-table" by=vec![Dim::Category, Dim::Agent] columns=&["consult_buyers", "reception_buyers", "avg_response_secs"]/>
        </div>
    }
}
