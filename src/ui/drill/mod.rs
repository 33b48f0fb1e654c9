use crate::ui::*;

pub(crate) mod crumbs;
pub(crate) mod explorer;
pub(crate) mod levels;
pub(crate) mod list;
pub(crate) mod transcript;

/// The drill-down's state: the list shown (a page of it), its key, the open
/// transcript, and the explorer's path. Written only here.
#[derive(Clone, Copy)]
pub(crate) struct DrillState {
    pub(crate) drill: RwSignal<Option<Drill>>,
    pub(crate) transcript: RwSignal<Option<Transcript>>,
    pub(crate) drill_page: RwSignal<usize>,
    /// Rows behind the drill shown (the worker holds them; the UI has a page).
    pub(crate) drill_total: RwSignal<usize>,
    /// How the list is sorted and narrowed (applied in the worker), and how
    /// many rows that view shows.
    pub(crate) view: RwSignal<DrillView>,
    pub(crate) drill_shown: RwSignal<usize>,
    pub(crate) drill_id: RwSignal<u64>,
    /// The key of the drill shown (its breadcrumb).
    pub(crate) drill_key: RwSignal<std::collections::BTreeMap<String, String>>,
    /// The drill-down explorer's path: (dimension key, value), shop → team →
    /// group → agent.
    pub(crate) explore: RwSignal<Vec<(String, String)>>,
    /// Where a failed question is reported.
    app: AppState,
}

impl DrillState {
    pub(crate) fn new(app: AppState) -> Self {
        DrillState {
            drill: RwSignal::new(None),
            transcript: RwSignal::new(None),
            drill_page: RwSignal::new(0),
            drill_total: RwSignal::new(0),
            view: RwSignal::new(DrillView::default()),
            drill_shown: RwSignal::new(0),
            drill_id: RwSignal::new(0),
            drill_key: RwSignal::new(Default::default()),
            explore: RwSignal::new(Vec::new()),
            app,
        }
    }
}

pub(crate) fn use_drill() -> DrillState {
    expect_context()
}

pub(crate) fn open_drill(vs: ViewState, dr: DrillState, metric: &str, key: std::collections::BTreeMap<String, String>) {
    open_drill_view(vs, dr, metric, key, DrillView::default());
}

/// Open a drill as `view` says: on a rate's failures (the box ticked) when
/// the user clicked a failure count, sorted when the count asks for it.
pub(crate) fn open_drill_view(
    vs: ViewState,
    dr: DrillState,
    metric: &str,
    key: std::collections::BTreeMap<String, String>,
    view: DrillView,
) {
    let mut filter = vs.filter.get_untracked();
    if let Some(day) = key.get("day") {
        filter.from = Some(day.clone());
        filter.to = Some(day.clone());
    }
    let req = DrillRequest { filter, key: key.clone(), metric: metric.to_string() };
    then(dr.app, api::drill(req, view.clone()), move |(drill, total, drill_id, shown)| {
        dr.drill_page.set(0);
        dr.drill_total.set(total);
        dr.drill_shown.set(shown);
        dr.view.set(view);
        dr.drill_id.set(drill_id);
        dr.drill_key.set(key);
        dr.drill.set(Some(drill));
        dr.transcript.set(None);
        bring_into_view(&["drill-crumbs", "drill-panel"]);
    });
}

/// After the next frame, scroll the first of these elements that exists to
/// the top of the window: a drill opens where the user is looking.
pub(crate) fn bring_into_view(ids: &'static [&'static str]) {
    request_animation_frame(move || {
        if let Some(el) = ids.iter().find_map(|id| document().get_element_by_id(id)) {
            el.scroll_into_view();
        }
    });
}

/// Esc: close the transcript if one is open, else the drill list. True when
/// something was closed.
pub(crate) fn close_top(dr: DrillState) -> bool {
    if dr.transcript.get_untracked().is_some() {
        close_transcript(dr);
        true
    } else if dr.drill.get_untracked().is_some() {
        close_drill(dr);
        true
    } else {
        false
    }
}

/// Go back up to a point of the drill-down path (closing the list and the
/// transcript) and bring the explorer into view.
pub(crate) fn explore_to(vs: ViewState, dr: DrillState, path: Vec<(String, String)>) {
    dr.explore.set(path);
    dr.drill.set(None);
    dr.transcript.set(None);
    if vs.tab.get_untracked() != Tab::Teams {
        vs.tab.set(Tab::Teams);
        write_hash(vs);
    }
    request_animation_frame(|| {
        if let Some(el) = document().get_element_by_id("drill-explorer") {
            el.scroll_into_view();
        }
    });
}

/// Show page `page` of the current drill (rows come from the worker).
pub(crate) fn drill_goto(dr: DrillState, page: usize) {
    let drill_id = dr.drill_id.get_untracked();
    then(dr.app, api::drill_page(drill_id, page * DRILL_PAGE, DRILL_PAGE), move |(id, rows)| {
        if id == dr.drill_id.get_untracked() {
            dr.drill.update(|d| {
                if let Some(d) = d {
                    d.rows = rows;
                }
            });
            dr.drill_page.set(page);
        }
    });
}

/// Sort or narrow the list shown: the worker applies `change` to the view
/// over all rows and answers with its first page.
pub(crate) fn drill_set_view(dr: DrillState, change: impl FnOnce(&mut DrillView)) {
    let mut view = dr.view.get_untracked();
    change(&mut view);
    let drill_id = dr.drill_id.get_untracked();
    then(dr.app, api::drill_view(drill_id, view.clone()), move |(id, shown, rows)| {
        if id == dr.drill_id.get_untracked() {
            dr.view.set(view);
            dr.drill_shown.set(shown);
            dr.drill_page.set(0);
            dr.drill.update(|d| {
                if let Some(d) = d {
                    d.rows = rows;
                }
            });
        }
    });
}

/// A header click: sort by `col`, or reverse when it is already the sort.
pub(crate) fn drill_sort(dr: DrillState, col: DrillColumn) {
    drill_set_view(dr, |v| {
        let current = v.sort.unwrap_or(DrillColumn::Time);
        v.desc = current == col && !v.desc;
        v.sort = Some(col);
    });
}

/// Download the whole drill (all pages of its view) as a file the worker builds.
pub(crate) fn drill_export(app: AppState, dr: DrillState, xlsx: bool) {
    let lang = app.lang.get_untracked();
    let headers = headers(lang, &["day", "agent", "buyer", "time", "detail", "opening"]);
    // The file and sheet say shop, list and dates (widgets/export.rs).
    let metric = dr.drill.get_untracked().map(|d| d.metric).unwrap_or_default();
    let title = format!("{}{}", tr(lang, i18n_key(&metric)), tr(lang, "rt_detail"));
    let (name, sheet) = export_names(app, use_context::<ViewState>(), &title);
    let drill_id = dr.drill_id.get_untracked();
    then(
        app,
        api::export_drill(drill_id, headers, xlsx, lang.zh(), Some(sheet), app.redact.get_untracked()),
        move |file| match file {
            Ok(f) => download_bytes(&format!("{name}.{}", if xlsx { "xlsx" } else { "csv" }), &f.bytes, &f.mime),
            Err(e) => app.show_error(e),
        },
    );
}

/// Open conversation-day `conv` as a chat.
pub(crate) fn open_transcript(dr: DrillState, conv: u32) {
    then(dr.app, api::transcript(conv), move |t| {
        dr.transcript.set(t);
        // The transcript opens beside its list (wide windows) or under it.
        bring_into_view(&["drill-area"]);
    });
}

/// Close the drill list (and its transcript).
pub(crate) fn close_drill(dr: DrillState) {
    dr.drill.set(None);
}

/// Close the transcript, back to the list.
pub(crate) fn close_transcript(dr: DrillState) {
    dr.transcript.set(None);
}

/// One level down the explorer.
pub(crate) fn explore_push(dr: DrillState, step: (String, String)) {
    dr.explore.update(|p| p.push(step));
}

/// Show the explorer at `path`.
pub(crate) fn set_explore(dr: DrillState, path: Vec<(String, String)>) {
    dr.explore.set(path);
}
