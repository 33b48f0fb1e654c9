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

/// Download exactly the table shown, as CSV or XLSX. The file is built in
/// the worker (the UI bundle links no file writer).
pub(crate) fn export_table(name: &str, table: kefu_lens::export::Table, xlsx: bool) {
    let file = format!("{name}.{}", if xlsx { "xlsx" } else { "csv" });
    let ask = api::export_table(table, name.to_string(), xlsx);
    leptos::task::spawn_local(async move {
        match ask.await {
            Ok(Ok(f)) => download_bytes(&file, &f.bytes, &f.mime),
            Ok(Err(e)) | Err(e) => web_sys::console::error_1(&e.into()),
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

#[component]
pub(crate) fn ExportButtons(
    #[prop(into)] name: String,
    table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table>,
) -> impl IntoView {
    let app = use_app();
    let (n1, n2) = (name.clone(), name);
    let (t1, t2) = (table.clone(), table);
    view! {
        <span class="export-buttons">
            <button class="button ghost small export-csv" data-export=n1.clone() on:click=move |_| export_table(&n1, t1(), false)>{t(app, "export_csv")}</button>
            <button class="button ghost small export-xlsx" data-export=n2.clone() on:click=move |_| export_table(&n2, t2(), true)>{t(app, "export_xlsx")}</button>
        </span>
    }
}
