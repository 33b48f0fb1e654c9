use crate::ui::*;

pub(crate) const LANG_KEY: &str = "kefu-lens.lang";

pub(crate) const SETTINGS_KEY: &str = "kefu-lens.settings";

thread_local! {
    /// The URL hash's filters are applied to the first dataset loaded only.
    pub(crate) static HASH_USED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The File objects the user gave us, by name, so a file can be
    /// re-imported as another kind without choosing it again.
    pub(crate) static FILES: std::cell::RefCell<std::collections::HashMap<String, web_sys::File>> = Default::default();
}

/// Everything the UI shows, as signals.
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    pub(crate) lang: RwSignal<Lang>,
    pub(crate) loaded: RwSignal<Option<Loaded>>,
    pub(crate) progress: RwSignal<Option<Progress>>,
    pub(crate) busy: RwSignal<bool>,
    pub(crate) error: RwSignal<Option<String>>,
    pub(crate) filter: RwSignal<Filter>,
    pub(crate) tab: RwSignal<Tab>,
    pub(crate) totals: RwSignal<Option<Metrics>>,
    /// Totals of the period of the same length just before the filter's.
    pub(crate) prev_totals: RwSignal<Option<Metrics>>,
    pub(crate) daily: RwSignal<Vec<DailyRow>>,
    pub(crate) agents: RwSignal<Option<Report>>,
    pub(crate) rank_metric: RwSignal<String>,
    pub(crate) drill: RwSignal<Option<Drill>>,
    pub(crate) transcript: RwSignal<Option<Transcript>>,
    /// The metric whose definition is open.
    pub(crate) help: RwSignal<Option<String>>,
    pub(crate) drill_page: RwSignal<usize>,
    /// Rows behind the drill shown (the worker holds them; the UI has a page).
    pub(crate) drill_total: RwSignal<usize>,
    pub(crate) drill_id: RwSignal<u64>,
    /// Bumped (debounced) when the window is resized: charts redraw to fit.
    pub(crate) resize: RwSignal<u32>,
    /// The key of the drill shown (its breadcrumb).
    pub(crate) drill_key: RwSignal<std::collections::BTreeMap<String, String>>,
    /// The drill-down explorer's path: (dimension key, value), shop → team →
    /// group → agent.
    pub(crate) explore: RwSignal<Vec<(String, String)>>,
    /// Big-screen (wall display) mode.
    pub(crate) big: RwSignal<bool>,
    /// The settings most recently sent to the worker (edits build on these,
    /// so quick successive edits never drop one another).
    pub(crate) settings: RwSignal<Option<kefu_lens::Settings>>,
    /// Settings changes sent and not yet answered.
    pub(crate) pending_settings: RwSignal<u32>,
}

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub(crate) fn t(ui: Ui, key: &'static str) -> impl Fn() -> &'static str + Copy {
    move || tr(ui.lang.get(), key)
}

pub(crate) fn refresh(ui: Ui) {
    if ui.loaded.get_untracked().is_none() {
        return;
    }
    write_hash(ui);
    let filter = ui.filter.get_untracked();
    client::query(QueryKind::Overview { filter: filter.clone() }, move |a| {
        if let Answer::Overview { totals, daily } = a {
            ui.totals.set(Some(totals));
            ui.daily.set(daily);
        }
    });
    // The same-length period just before, for the cards' change figures.
    let prev = match (filter.from.as_deref().and_then(parse_day), filter.to.as_deref().and_then(parse_day)) {
        (Some(a), Some(b)) if b >= a => {
            let len = b - a + 1;
            Some(Filter { from: Some(day_string(a - len)), to: Some(day_string(a - 1)), ..filter.clone() })
        }
        _ => None,
    };
    match prev {
        Some(pf) => client::query(QueryKind::Overview { filter: pf }, move |a| {
            if let Answer::Overview { totals, .. } = a {
                ui.prev_totals.set(Some(totals));
            }
        }),
        None => ui.prev_totals.set(None),
    }
    client::query(QueryKind::Report { query: Query { by: vec![Dim::Agent], filter } }, move |a| {
        if let Answer::Report { report } = a {
            ui.agents.set(Some(report));
        }
    });
}

pub(crate) fn on_response(ui: Ui, r: Response) {
    match r {
        Response::Ready => {
            // A marker for tests and users' scripts: the worker is up.
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
                let _ = body.set_attribute("data-worker-ready", "1");
            }
            if storage().and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten()).is_some() {
                client::send(&Request::SetSettings { settings: stored_settings() }, &[]);
            }
        }
        Response::Progress(p) => ui.progress.set(Some(p)),
        Response::Loaded(l) => {
            ui.busy.set(false);
            ui.progress.set(None);
            // Views open on the loaded data's whole date span, unless this is
            // the first load since the page opened and the URL names a range
            // inside it (a bookmarked or reloaded view). When only settings
            // changed (same span), the user's filter stays.
            let has_data = l.summary.messages > 0 || l.summary.orders > 0;
            let same_span = ui.loaded.get_untracked().is_some_and(|p| {
                p.summary.first_day == l.summary.first_day && p.summary.last_day == l.summary.last_day && has_data
            });
            if !same_span {
                let h = if !has_data || HASH_USED.with(|u| u.replace(true)) { Default::default() } else { read_hash() };
                let within = |d: Option<&String>| match (d, &l.summary.first_day, &l.summary.last_day) {
                    (Some(d), Some(a), Some(b)) => d >= a && d <= b,
                    _ => false,
                };
                let from = if within(h.get("from")) { h.get("from").cloned() } else { l.summary.first_day.clone() };
                let to = if within(h.get("to")) { h.get("to").cloned() } else { l.summary.last_day.clone() };
                let agents = h.get("agent").filter(|a| l.agents.contains(a)).cloned().into_iter().collect();
                if let Some(tab) = h.get("tab") {
                    ui.tab.set(Tab::from_code(tab));
                }
                ui.filter.set(Filter { from, to, agents, ..Default::default() });
            }
            ui.drill.set(None);
            ui.transcript.set(None);
            // Adopt the worker's settings only when no newer change is still
            // on its way; otherwise an older answer would undo newer edits.
            if l.from_settings {
                ui.pending_settings.update(|n| *n = n.saturating_sub(1));
            }
            if ui.pending_settings.get_untracked() == 0 {
                ui.settings.set(Some(l.settings.clone()));
            }
            let empty = l.summary.messages == 0 && l.summary.orders == 0 && l.summary.ratings == 0;
            ui.loaded.set(Some(l));
            if empty {
                ui.totals.set(None);
                ui.daily.set(Vec::new());
                ui.agents.set(None);
            } else {
                refresh(ui);
            }
        }
        Response::Error { message } => {
            ui.busy.set(false);
            ui.progress.set(None);
            ui.error.set(Some(message));
        }
        Response::Answer { .. } | Response::Failed { .. } => {}
    }
}

pub(crate) fn import_files(ui: Ui, list: Option<web_sys::FileList>) {
    let Some(list) = list else { return };
    let mut files = Vec::new();
    let mut metas = Vec::new();
    for i in 0..list.length() {
        if let Some(f) = list.get(i) {
            metas.push(ImportFile { name: f.name(), size: f.size() as u64, kind: None });
            FILES.with(|m| m.borrow_mut().insert(f.name(), f.clone()));
            files.push(f);
        }
    }
    if files.is_empty() {
        return;
    }
    ui.busy.set(true);
    ui.error.set(None);
    client::send(&Request::Import { files: metas }, &files);
}

pub(crate) fn current_settings(ui: Ui) -> kefu_lens::Settings {
    ui.settings
        .get_untracked()
        .or_else(|| ui.loaded.get_untracked().map(|l| l.settings))
        .unwrap_or_else(stored_settings)
}

pub(crate) fn stored_settings() -> kefu_lens::Settings {
    storage()
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .and_then(|j| kefu_lens::Settings::from_json(&j).ok())
        .unwrap_or_default()
}

/// Send new settings to the worker (it recomputes without re-reading files)
/// and keep them in this browser.
pub(crate) fn apply_settings(ui: Ui, s: kefu_lens::Settings) {
    if let Some(st) = storage() {
        let _ = st.set_item(SETTINGS_KEY, &s.to_json());
    }
    ui.settings.set(Some(s.clone()));
    ui.pending_settings.update(|n| *n += 1);
    // No progress bar here: it would shift the page under the pointer while
    // the (quick) recomputation runs.
    client::send(&Request::SetSettings { settings: s }, &[]);
}

pub(crate) fn current_settings_tracked(ui: Ui) -> kefu_lens::Settings {
    ui.settings.get().or_else(|| ui.loaded.get().map(|l| l.settings)).unwrap_or_else(stored_settings)
}
