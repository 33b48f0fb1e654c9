use crate::ui::*;

pub(crate) mod crumbs;
pub(crate) mod explorer;
pub(crate) mod levels;
pub(crate) mod list;
pub(crate) mod transcript;

pub(crate) fn open_drill(ui: Ui, metric: &str, key: std::collections::BTreeMap<String, String>) {
    let mut filter = ui.filter.get_untracked();
    if let Some(day) = key.get("day") {
        filter.from = Some(day.clone());
        filter.to = Some(day.clone());
    }
    let req = DrillRequest { filter, key: key.clone(), metric: metric.to_string() };
    client::query(QueryKind::Drill { request: req }, move |a| {
        if let Answer::Drill { drill, total, drill_id } = a {
            ui.drill_page.set(0);
            ui.drill_total.set(total);
            ui.drill_id.set(drill_id);
            ui.drill_key.set(key);
            ui.drill.set(Some(drill));
            ui.transcript.set(None);
        }
    });
}

/// Go back up to a point of the drill-down path (closing the list and the
/// transcript) and bring the explorer into view.
pub(crate) fn explore_to(ui: Ui, path: Vec<(String, String)>) {
    ui.explore.set(path);
    ui.drill.set(None);
    ui.transcript.set(None);
    if ui.tab.get_untracked() != Tab::Teams {
        ui.tab.set(Tab::Teams);
        write_hash(ui);
    }
    request_animation_frame(|| {
        if let Some(el) = document().get_element_by_id("drill-explorer") {
            el.scroll_into_view();
        }
    });
}

/// Show page `page` of the current drill (rows come from the worker).
pub(crate) fn drill_goto(ui: Ui, page: usize) {
    let drill_id = ui.drill_id.get_untracked();
    client::query(QueryKind::DrillPage { drill_id, offset: page * DRILL_PAGE, limit: DRILL_PAGE }, move |a| {
        if let Answer::DrillPage { drill_id: id, rows, .. } = a {
            if id == ui.drill_id.get_untracked() {
                ui.drill.update(|d| {
                    if let Some(d) = d {
                        d.rows = rows;
                    }
                });
                ui.drill_page.set(page);
            }
        }
    });
}

/// Download the whole drill (all pages) as a file the worker builds.
pub(crate) fn drill_export(ui: Ui, xlsx: bool) {
    let lang = ui.lang.get_untracked();
    let headers = headers(lang, &["day", "agent", "buyer", "time", "detail"]);
    let name = format!("drill-{}", ui.drill.get_untracked().map(|d| d.metric).unwrap_or_default());
    let drill_id = ui.drill_id.get_untracked();
    client::query(QueryKind::ExportDrill { drill_id, headers, xlsx, zh: lang.zh() }, move |a| {
        if let Answer::File { mime, error, bytes } = a {
            match error {
                Some(e) => ui.error.set(Some(e)),
                None => download_bytes(&format!("{name}.{}", if xlsx { "xlsx" } else { "csv" }), &bytes, &mime),
            }
        }
    });
}
