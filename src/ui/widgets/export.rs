use crate::ui::*;

/// Offer text as a file download (a blob URL: nothing leaves the machine).
pub(crate) fn download_text(name: &str, text: &str, mime: &str) {
    download_bytes(name, text.as_bytes(), mime);
}

pub(crate) fn download_bytes(name: &str, bytes: &[u8], mime: &str) {
    let arr = js_sys::Array::new();
    arr.push(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&arr, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Download exactly the table shown, as CSV or XLSX.
pub(crate) fn export_table(name: &str, table: kefu_lens::export::Table, xlsx: bool) {
    if xlsx {
        match kefu_lens::export::to_xlsx(&table, name) {
            Ok(b) => download_bytes(
                &format!("{name}.xlsx"),
                &b,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(e) => web_sys::console::error_1(&e.into()),
        }
    } else {
        download_bytes(&format!("{name}.csv"), &kefu_lens::export::to_csv(&table), "text/csv");
    }
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
    ui: Ui,
) -> impl IntoView {
    let (n1, n2) = (name.clone(), name);
    let (t1, t2) = (table.clone(), table);
    view! {
        <span class="export-buttons">
            <button class="button ghost small export-csv" data-export=n1.clone() on:click=move |_| export_table(&n1, t1(), false)>{t(ui, "export_csv")}</button>
            <button class="button ghost small export-xlsx" data-export=n2.clone() on:click=move |_| export_table(&n2, t2(), true)>{t(ui, "export_xlsx")}</button>
        </span>
    }
}
