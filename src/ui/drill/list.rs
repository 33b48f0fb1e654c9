use crate::ui::*;

#[component]
pub(crate) fn DrillPanel(ui: Ui) -> impl IntoView {
    move || {
        let d = ui.drill.get()?;
        let lang = ui.lang.get();
        let total = ui.drill_total.get();
        let page = ui.drill_page.get();
        let pages = total.div_ceil(DRILL_PAGE).max(1);
        let title = tr(lang, "drill_title")
            .replace("{metric}", tr(lang, i18n_key(&d.metric)))
            .replace("{n}", &format::int(total as u64));
        Some(view! {
            <section class="drill" id="drill-panel" data-metric-drill=d.metric.clone() data-rows=total.to_string()>
                <div class="panel-head">
                    <h3>{title}</h3>
                    <span class="export-buttons">
                        <button class="button ghost small export-csv" data-export="drill" on:click=move |_| drill_export(ui, false)>{t(ui, "export_csv")}</button>
                        <button class="button ghost small export-xlsx" data-export="drill" on:click=move |_| drill_export(ui, true)>{t(ui, "export_xlsx")}</button>
                    </span>
                    <button class="button ghost small" on:click=move |_| ui.drill.set(None)>{t(ui, "close")}</button>
                </div>
                {if total == 0 { Some(view! { <p class="empty">{tr(lang, "no_rows")}</p> }) } else { None }}
                <div class="table-scroll">
                <table class="grid" id="drill-table" data-page=page.to_string()>
                    <thead><tr>
                        <th>{tr(lang, "day")}</th><th>{tr(lang, "agent")}</th><th>{tr(lang, "buyer")}</th>
                        <th>{tr(lang, "time")}</th><th>{tr(lang, "detail")}</th><th></th>
                    </tr></thead>
                    <tbody>
                        {d.rows.into_iter().map(|r| {
                            let conv = r.conv;
                            view! {
                                <tr class="drill-row">
                                    <td>{r.day}</td><td>{r.agent}</td><td>{r.buyer}</td><td>{r.time}</td>
                                    <td data-raw=r.detail.clone()>{format::drill_detail(&r.detail, lang.zh())}</td>
                                    <td><button class="button small open-chat" on:click=move |_| {
                                        client::query(QueryKind::Transcript { conv }, move |a| {
                                            if let Answer::Transcript { transcript } = a { ui.transcript.set(transcript); }
                                        });
                                    }>{tr(lang, "open")}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                {(pages > 1).then(|| view! {
                    <div class="pager">
                        <button class="button small" id="drill-prev" prop:disabled={page == 0} on:click=move |_| drill_goto(ui, page.saturating_sub(1))>"‹"</button>
                        <span>{format!("{} / {}", page + 1, pages)}</span>
                        <button class="button small" id="drill-next" prop:disabled={page + 1 >= pages} on:click=move |_| drill_goto(ui, page + 1)>"›"</button>
                    </div>
                })}
            </section>
        })
    }
}
