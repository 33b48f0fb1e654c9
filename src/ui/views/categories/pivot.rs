use crate::ui::*;
use kefu_lens::engine::category::CategoryPivot;

/// The 咨询类目汇总表 as seed 003 shows it: days as rows, the categories of
/// one tree level (chosen here) as named columns, each cell the day's
/// 咨询人数 in that category, with a 合计 row and a 合计 column. The table is
/// built by the worker (`Engine::category_pivot`); each number drills to the
/// buyer-days behind it.
#[component]
pub(crate) fn CategoryPivotTable() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let level = RwSignal::new(1usize);
    let pivot = RwSignal::new(None::<CategoryPivot>);
    use_answer(
        move |filter| api::category_pivot(filter, level.get()),
        move |p: CategoryPivot| {
            // A tree made shallower: the level shown is the deepest there is.
            if p.level != level.get_untracked() {
                level.set(p.level);
            }
            pivot.set(Some(p));
        },
    );
    let levels = move || pivot.with(|p| p.as_ref().map_or(1, |p| p.levels.max(1)));
    let col_label = move |lang: Lang, c: &kefu_lens::engine::category::PivotColumn| {
        if c.direct {
            format!("{}{}", c.name, tr(lang, "category_direct"))
        } else {
            c.name.clone()
        }
    };
    let table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table> = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = app.lang.get_untracked();
        let Some(p) = pivot.get_untracked() else { return Table { headers: Vec::new(), rows: Vec::new() } };
        let mut headers = vec![tr(lang, "day").to_string()];
        headers.extend(p.columns.iter().map(|c| col_label(lang, c)));
        headers.push(tr(lang, "total_col").to_string());
        let count = |n: u64| Cell::Int(n as i64);
        let mut rows: Vec<Vec<Cell>> = p
            .rows
            .iter()
            .map(|r| {
                let mut v = vec![Cell::Text(r.day.clone())];
                v.extend(r.cells.iter().map(|&n| count(n)));
                v.push(count(r.total));
                v
            })
            .collect();
        let mut last = vec![Cell::Text(tr(lang, "total_col").to_string())];
        last.extend(p.totals.iter().map(|&n| count(n)));
        last.push(count(p.total));
        rows.push(last);
        Table { headers, rows }
    });
    // One number: its cell, drilling to the buyer-days behind it (a
    // "not subdivided" column has no drill of its own: a category drill
    // includes the children).
    let cell = move |n: u64, key: Option<std::collections::BTreeMap<String, String>>, class: &'static str| {
        match key {
        Some(key) => view! {
            <td class=format!("num {class}")><a href="#" data-metric="consult_buyers" data-value=n.to_string()
                on:click=move |ev| { ev.prevent_default(); open_drill(vs, dr, "consult_buyers", key.clone()); }>{format::int(n)}</a></td>
        }
        .into_any(),
        None => view! { <td class=format!("num {class}") data-metric="consult_buyers" data-value=n.to_string()>{format::int(n)}</td> }.into_any(),
    }
    };
    let key = |pairs: &[(&str, &str)]| -> std::collections::BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    view! {
        <h3>{t(app, "category_pivot")}" "<HelpMark key="categories"/></h3>
        <p class="hint">{t(app, "category_pivot_hint")}</p>
        <div class="table-tools">
            <label>{t(app, "category_level")}" "
                <select id="category-level" on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse() { level.set(n) } }>
                    {move || (1..=levels()).map(|n| view! { <option value=n.to_string() selected=move || level.get() == n>{n}</option> }).collect_view()}
                </select>
            </label>
            <ExportButtons name="category-pivot" table/>
        </div>
        <div class="table-scroll">
        <table class="grid" id="category-pivot" data-level=move || pivot.with(|p| p.as_ref().map(|p| p.level.to_string()).unwrap_or_default())>
            <thead><tr>
                <th>{t(app, "day")}</th>
                {move || {
                    let lang = app.lang.get();
                    pivot.get().map(|p| p.columns.iter().map(|c| view! {
                        <th data-code=c.code.clone() title=c.path.clone()>{col_label(lang, c)}</th>
                    }).collect_view())
                }}
                <th class="total">{t(app, "total_col")}</th>
            </tr></thead>
            <tbody>
                {move || pivot.get().map(|p| {
                    let cols = p.columns.clone();
                    p.rows.into_iter().map(|r| {
                        let day = r.day.clone();
                        let cells = r.cells.iter().zip(&cols).map(|(&n, c)| {
                            let k = (!c.direct).then(|| key(&[("day", &day), ("category_code", &c.code)]));
                            cell(n, k, "")
                        }).collect_view();
                        view! {
                            <tr data-day=r.day.clone()>
                                <td>{r.day.clone()}</td>
                                {cells}
                                {cell(r.total, Some(key(&[("day", &day)])), "total")}
                            </tr>
                        }
                    }).collect_view()
                })}
            </tbody>
            <tfoot>
                {move || pivot.get().map(|p| {
                    let cols = p.columns.clone();
                    view! {
                        <tr class="total" data-day="total">
                            <th>{t(app, "total_col")}</th>
                            {p.totals.iter().zip(&cols).map(|(&n, c)| cell(n, (!c.direct).then(|| key(&[("category_code", &c.code)])), "")).collect_view()}
                            {cell(p.total, Some(key(&[])), "total")}
                        </tr>
                    }
                })}
            </tfoot>
        </table>
        </div>
    }
}
