use crate::ui::*;

#[component]
pub(crate) fn DrillPanel() -> impl IntoView {
    let app = use_app();
    let dr = use_drill();
    move || {
        let d = dr.drill.get()?;
        let lang = app.lang.get();
        let total = dr.drill_total.get();
        let page = dr.drill_page.get();
        let pages = total.div_ceil(DRILL_PAGE).max(1);
        let title = tr(lang, "drill_title")
            .replace("{metric}", tr(lang, i18n_key(&d.metric)))
            .replace("{n}", &format::int(total as u64));
        Some(view! {
            <section class="drill" id="drill-panel" data-metric-drill=d.metric.clone() data-rows=total.to_string()>
                <div class="panel-head">
                    <h3>{title}</h3>
                    <span class="export-buttons">
                        <button class="button ghost small export-csv" data-export="drill" on:click=move |_| drill_export(app, dr, false)>{t(app, "export_csv")}</button>
                        <button class="button ghost small export-xlsx" data-export="drill" on:click=move |_| drill_export(app, dr, true)>{t(app, "export_xlsx")}</button>
                    </span>
                    <button class="button ghost small" on:click=move |_| close_drill(dr)>{t(app, "close")}</button>
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
                                    <td data-raw=r.detail.raw()>{format::drill_detail(&r.detail, lang.zh())}</td>
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
