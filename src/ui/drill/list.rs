use crate::ui::*;

/// Characters of the buyer's opening message shown in a cell (the whole
/// text is its `title`).
const OPENING_CHARS: usize = 24;

#[component]
pub(crate) fn DrillPanel() -> impl IntoView {
    let app = use_app();
    let dr = use_drill();
    move || {
        let d = dr.drill.get()?;
        let lang = app.lang.get();
        let total = dr.drill_total.get();
        let shown = dr.drill_shown.get();
        let view = dr.view.get();
        let page = dr.drill_page.get();
        let pages = shown.div_ceil(DRILL_PAGE).max(1);
        let narrowed = shown != total;
        let title = if narrowed {
            tr(lang, "drill_title_of")
                .replace("{metric}", tr(lang, i18n_key(&d.metric)))
                .replace("{shown}", &format::int(shown as u64))
                .replace("{n}", &format::int(total as u64))
        } else {
            tr(lang, "drill_title")
                .replace("{metric}", tr(lang, i18n_key(&d.metric)))
                .replace("{n}", &format::int(total as u64))
        };
        let sort = view.sort.unwrap_or(DrillColumn::Time);
        let desc = view.desc;
        let header = move |col: DrillColumn| {
            let aria = if col == sort {
                if desc {
                    "descending"
                } else {
                    "ascending"
                }
            } else {
                "none"
            };
            view! {
                <th aria-sort=aria data-sort=col.key() class="sortable" title=tr(lang, "sort_by")>
                    <button class="th-sort" on:click=move |_| drill_sort(dr, col)>{tr(lang, col.key())}</button>
                </th>
            }
        };
        let failures = d.failures.map(|n| {
            let checked = view.failures_only;
            view! {
                <label class="drill-failures">
                    <input type="checkbox" id="drill-failures-only" prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            drill_set_view(dr, move |v| v.failures_only = on);
                        }/>
                    <span data-metric="drill_failures" data-value=n.to_string()>
                        {tr(lang, "failures_only").replace("{n}", &format::int(n as u64))}
                    </span>
                </label>
            }
        });
        Some(view! {
            <section class="drill" id="drill-panel" data-metric-drill=d.metric.clone() data-rows=total.to_string()
                data-shown=shown.to_string()>
                <div class="panel-head">
                    <h3>{title}" "<HelpMark key="drill"/></h3>
                    <span class="export-buttons">
                        <button class="button ghost small export-csv" data-export="drill" on:click=move |_| drill_export(app, dr, false)>{t(app, "export_csv")}</button>
                        <button class="button ghost small export-xlsx" data-export="drill" on:click=move |_| drill_export(app, dr, true)>{t(app, "export_xlsx")}</button>
                    </span>
                    <button class="button ghost small" on:click=move |_| close_drill(dr)>{t(app, "close")}</button>
                </div>
                <div class="drill-tools">
                    <input type="search" id="drill-filter" placeholder=tr(lang, "drill_filter") prop:value=view.text.clone()
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            drill_set_view(dr, move |v| v.text = text);
                        }/>
                    {failures}
                </div>
                {if shown == 0 { Some(view! { <p class="empty">{tr(lang, "no_rows")}</p> }) } else { None }}
                <div class="table-scroll">
                <table class="grid" id="drill-table" data-page=page.to_string()>
                    <thead><tr>
                        {DrillColumn::ALL.into_iter().map(header).collect_view()}<th></th>
                    </tr></thead>
                    <tbody>
                        {d.rows.into_iter().map(|r| {
                            let conv = r.conv;
                            let short = format::clip(&r.opening, OPENING_CHARS);
                            view! {
                                <tr class="drill-row" class:fail=r.fail data-fail=r.fail.to_string() data-ts=r.ts.to_string()>
                                    <td>{r.day}</td><td>{r.agent}</td><td>{r.buyer}</td><td>{r.time}</td>
                                    <td data-raw=r.detail.raw()>{format::drill_detail(&r.detail, lang.zh())}</td>
                                    <td class="opening" title=r.opening>{short}</td>
                                    <td><button class="button small open-chat" on:click=move |_| {
                                        open_transcript(dr, conv);
                                    }>{tr(lang, "open")}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <Pager page pages ids="drill" on_go=move |p| drill_goto(dr, p)/>
            </section>
        })
    }
}
