use crate::ui::*;

/// A report table for any grouping: dimension columns then metric columns;
/// each metric cell drills to the records behind it. The table asks the
/// worker for its report itself, unless `rows_from` supplies the rows (a
/// view that already has them from a combined query).
#[component]
pub(crate) fn KeyedTable(
    id: &'static str,
    by: Vec<Dim>,
    columns: &'static [&'static str],
    #[prop(optional, into)] rows_from: Option<Signal<Vec<kefu_lens::engine::Row>>>,
) -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    let rows = rows_from.unwrap_or_else(|| use_report(by.clone()).into());
    // Long tables render a page at a time so the UI thread stays responsive.
    let page = RwSignal::new(0usize);
    // Sort by a metric column (None = report order), a text filter on the
    // dimension cells, and the columns the user chose to see.
    let sort = RwSignal::new(None::<(&'static str, bool)>);
    let text = RwSignal::new(String::new());
    let visible = RwSignal::new(columns.to_vec());
    let dims: Vec<&'static str> = by.iter().map(|d| d.key()).collect();
    // New rows: back to the first page.
    Effect::new(move |_| {
        rows.track();
        page.set(0);
    });
    // The rows as shown: filtered, then sorted.
    let shown = move || -> Vec<kefu_lens::engine::Row> {
        let needle = text.get().trim().to_lowercase();
        let v: Vec<_> = rows
            .get()
            .into_iter()
            .filter(|r| needle.is_empty() || r.key.values().any(|x| x.to_lowercase().contains(&needle)))
            .collect();
        match sort.get() {
            Some((k, desc)) => sorted_rows(v, &(k.to_string(), desc)),
            None => v,
        }
    };
    let dims2 = dims.clone();
    let dims3 = dims.clone();
    let table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table> = std::rc::Rc::new(move || {
        let cols = visible.get_untracked();
        report_table(app.lang.get_untracked(), &dims3, &cols, &untrack(shown))
    });
    view! {
        <div class="table-tools">
            <input type="search" class="table-filter" data-filter=id placeholder=t(app, "filter_rows")
                on:input=move |ev| { text.set(event_target_value(&ev)); page.set(0); }/>
            <details class="column-chooser" data-columns=id>
                <summary>{t(app, "columns")}</summary>
                {columns.iter().map(|&k| view! {
                    <label><input type="checkbox" data-column=k prop:checked=move || visible.get().contains(&k)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            visible.update(|v| { v.retain(|c| *c != k); if on { v.push(k); v.sort_by_key(|c| columns.iter().position(|x| x == c)); } });
                        }/>{t(app, k)}</label>
                }).collect_view()}
            </details>
            <ExportButtons name=id table/>
        </div>
        <div class="table-scroll">
        <table class="grid" id=id>
            <thead><tr>
                {move || { let lang = app.lang.get(); dims2.iter().map(|d| view! { <th>{dim_label(lang, d)}</th> }).collect_view() }}
                {move || visible.get().into_iter().map(|k| view! {
                    <th class="sortable" data-sort=k on:click=move |_| sort.update(|s| *s = match *s { Some((c, d)) if c == k => Some((k, !d)), _ => Some((k, true)) })>
                        {t(app, k)}" "<HelpMark key=k/>{move || match sort.get() { Some((c, true)) if c == k => " ▼", Some((c, false)) if c == k => " ▲", _ => "" }}
                    </th>
                }).collect_view()}
            </tr></thead>
            <tbody>
                {move || {
                    let lang = app.lang.get();
                    let dims = dims.clone();
                    let p = page.get();
                    let cols = visible.get();
                    shown().into_iter().skip(p * TABLE_PAGE).take(TABLE_PAGE).map(|r| {
                        let key = r.key.clone();
                        // A product shows its title (its key may be an item id).
                        let label = |d: &str| match d {
                            "product" => key.get("product_title").filter(|t| !t.is_empty()).or_else(|| key.get(d)).cloned(),
                            _ => key.get(d).cloned(),
                        };
                        let label_cells = dims.iter().map(|d| view! { <td>{label(d).unwrap_or_default()}</td> }).collect_view();
                        view! {
                            <tr data-key=serde_json::to_string(&r.key).unwrap_or_default()>
                                {label_cells}
                                {cols.iter().map(|&k| {
                                    let (shown, raw) = metric_text(&r.metrics, k, lang);
                                    let key = r.key.clone();
                                    view! { <td class="num" data-metric=k data-value=raw on:click=move |_| open_drill(vs, dr, k, key.clone())>{shown}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        </div>
        {move || {
            let n = shown().len();
            let pages = n.div_ceil(TABLE_PAGE).max(1);
            let p = page.get().min(pages - 1);
            let suffix = format!(" · {} {}", format::int(n as u64), tr(app.lang.get(), "rows"));
            view! { <Pager page=p pages suffix data_pager=id next_class="pager-next" on_go=move |x| page.set(x)/> }
        }}
    }
}

pub(crate) const TABLE_PAGE: usize = 100;
