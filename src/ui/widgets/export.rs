use crate::ui::*;

/// Offer text as a file download (a blob URL: nothing leaves the machine).
pub(crate) fn download_text(name: &str, text: &str, mime: &str) {
    download_bytes(name, text.as_bytes(), mime);
}

/// Offer bytes as a file download.
pub(crate) fn download_bytes(name: &str, bytes: &[u8], mime: &str) {
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(bytes, Some(mime)));
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // The URL is revoked when dropped: a little later, so the download has
    // surely started.
    set_timeout(move || drop(url), std::time::Duration::from_secs(30));
}

/// The text of a file the user chose.
pub(crate) async fn read_text(file: web_sys::File) -> Result<String, String> {
    gloo_file::futures::read_as_text(&gloo_file::File::from(file)).await.map_err(|e| e.to_string())
}

/// The report a table export is, in the UI language: the title part of its
/// file and sheet names (the table id when unnamed).
pub(crate) fn report_title(lang: Lang, id: &str) -> String {
    let t = match id {
        "daily-table" => tr(lang, "rt_daily"),
        "agent-table" => tr(lang, "rt_agents"),
        "agent-day-table" => tr(lang, "rt_agent_day"),
        "my-trend-table" => tr(lang, "rt_my_trend"),
        "team-table" => tr(lang, "rt_teams"),
        "group-table" => tr(lang, "rt_groups"),
        "group-agent-table" => tr(lang, "rt_group_agents"),
        "conversion-table" => tr(lang, "rt_conversion"),
        "hour-table" => tr(lang, "rt_hours"),
        "category-pivot" => tr(lang, "rt_category_pivot"),
        "category-agent-table" => tr(lang, "rt_category_agent"),
        "alerts" => tr(lang, "rt_alerts"),
        "kpi-table" => tr(lang, "rt_kpi"),
        _ => return id.to_string(),
    };
    t.to_string()
}

/// File stem and sheet name of an export titled `title`: shop (the one
/// chosen in the filter, else the only shop loaded), report and the
/// filter's dates (else the loaded data's first and last day), e.g.
/// `某某店_客服日报_2024-06-01至2024-06-30`.
pub(crate) fn export_names(app: AppState, vs: Option<ViewState>, title: &str) -> (String, String) {
    let lang = app.lang.get_untracked();
    let f = vs.map(|vs| vs.filter.get_untracked()).unwrap_or_default();
    let loaded = app.loaded.get_untracked();
    let shop = match f.shops.as_slice() {
        [one] => Some(one.clone()),
        _ => loaded.as_ref().and_then(|l| match l.shops.as_slice() {
            [one] => Some(one.clone()),
            [] => None,
            _ => Some(tr(lang, "all_shops").to_string()),
        }),
    };
    let from = f.from.clone().or_else(|| loaded.as_ref().and_then(|l| l.summary.first_day.clone()));
    let to = f.to.clone().or_else(|| loaded.as_ref().and_then(|l| l.summary.last_day.clone()));
    let zh = lang.zh();
    (
        kefu_lens::export::file_stem(shop.as_deref(), title, from.as_deref(), to.as_deref(), zh),
        kefu_lens::export::sheet_title(title, from.as_deref(), to.as_deref(), zh),
    )
}

/// Download exactly the table shown, as CSV or XLSX, its headers carrying
/// their units and its file and sheet named by [`export_names`]. The file is
/// built in the worker (the UI bundle links no file writer).
pub(crate) fn export_table(
    app: AppState,
    vs: Option<ViewState>,
    title: &str,
    table: kefu_lens::export::Table,
    xlsx: bool,
) {
    let (stem, sheet) = export_names(app, vs, title);
    let file = format!("{stem}.{}", if xlsx { "xlsx" } else { "csv" });
    let table = kefu_lens::export::with_units(table, app.lang.get_untracked().zh());
    let ask = api::export_table(table, sheet, xlsx, app.redact.get_untracked(), app.lang.get_untracked().zh());
    leptos::task::spawn_local(async move {
        match ask.await {
            Ok(Ok(f)) => download_bytes(&file, &f.bytes, &f.mime),
            Ok(Err(e)) | Err(e) => app.show_error(e),
        }
    });
}

pub(crate) fn report_table(
    lang: Lang,
    dims: &[&str],
    columns: &[&str],
    rows: &[kefu_lens::engine::Row],
) -> kefu_lens::export::Table {
    use kefu_lens::export::{Cell, Table};
    let mut headers: Vec<String> = dims.iter().map(|d| dim_label(lang, d).to_string()).collect();
    headers.extend(columns.iter().map(|k| tr(lang, k).to_string()));
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<Cell> =
                dims.iter().map(|d| Cell::Text(r.key.get(*d).cloned().unwrap_or_default())).collect();
            cells.extend(columns.iter().map(|k| metric_cell(&r.metrics, k)));
            cells
        })
        .collect();
    Table { headers, rows }
}

/// CSV and XLSX buttons for a table; `name` is its id (`data-export`),
/// `title` the report name in file and sheet names (default: from the id,
/// [`report_title`]).
#[component]
pub(crate) fn ExportButtons(
    #[prop(into)] name: String,
    table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table>,
    #[prop(optional)] title: Option<std::rc::Rc<dyn Fn() -> String>>,
) -> impl IntoView {
    let app = use_app();
    let vs = use_context::<ViewState>();
    let id = name.clone();
    let title: std::rc::Rc<dyn Fn() -> String> =
        title.unwrap_or_else(|| std::rc::Rc::new(move || report_title(app.lang.get_untracked(), &id)));
    let (t1, t2) = (table.clone(), table);
    let (ti1, ti2) = (title.clone(), title);
    view! {
        <span class="export-buttons">
            <button class="button ghost small export-csv" data-export=name.clone() on:click=move |_| export_table(app, vs, &ti1(), t1(), false)>{t(app, "export_csv")}</button>
            <button class="button ghost small export-xlsx" data-export=name.clone() on:click=move |_| export_table(app, vs, &ti2(), t2(), true)>{t(app, "export_xlsx")}</button>
        </span>
    }
}
