use crate::ui::*;

thread_local! {
    /// The URL hash's filters are applied to the first dataset loaded only.
    pub(crate) static HASH_USED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The File objects the user gave us, by name, so a file can be
    /// re-imported as another kind without choosing it again.
    pub(crate) static FILES: std::cell::RefCell<std::collections::HashMap<String, web_sys::File>> = Default::default();
}

/// What the whole app shares: the language, the loaded data and its
/// settings, the import's progress, errors, and the panels that float.
#[derive(Clone, Copy)]
pub(crate) struct AppState {
    pub(crate) lang: RwSignal<Lang>,
    pub(crate) loaded: RwSignal<Option<Loaded>>,
    pub(crate) progress: RwSignal<Option<Progress>>,
    pub(crate) busy: RwSignal<bool>,
    pub(crate) error: RwSignal<Option<String>>,
    /// A notice that is not an error (the worker was restarted and what it
    /// brought back; local data wiped): its element id and text.
    pub(crate) notice: RwSignal<Option<(&'static str, String)>>,
    /// The metric whose definition is open.
    pub(crate) help: RwSignal<Option<String>>,
    /// The "how to export" panel: open on this platform (`ui/pure/howto.rs` id), or closed.
    pub(crate) howto: RwSignal<Option<&'static str>>,
    /// Bumped (debounced) when the window is resized: charts redraw to fit.
    pub(crate) resize: RwSignal<u32>,
    /// Big-screen (wall display) mode.
    pub(crate) big: RwSignal<bool>,
    /// The settings most recently sent to the worker (edits build on these,
    /// so quick successive edits never drop one another).
    pub(crate) settings: RwSignal<Option<kefu_lens::Settings>>,
    /// Settings changes sent and not yet answered.
    pub(crate) pending_settings: RwSignal<u32>,
    /// The user keeps a workspace in this browser (保存工作区).
    pub(crate) keep: RwSignal<bool>,
    /// How the last workspace save went.
    pub(crate) saved: RwSignal<Option<workspace::SaveState>>,
    /// 脱敏: the shared report and every export replace buyers, phones,
    /// addresses and order numbers by pseudonyms (not kept across reloads).
    pub(crate) redact: RwSignal<bool>,
}

/// What the views share: the filter, the tab, and the answers several
/// views read (totals, daily rows, the agents' report).
#[derive(Clone, Copy)]
pub(crate) struct ViewState {
    pub(crate) filter: RwSignal<Filter>,
    pub(crate) tab: RwSignal<Tab>,
    pub(crate) totals: RwSignal<Option<Metrics>>,
    /// Totals of the period of the same length just before the filter's.
    pub(crate) prev_totals: RwSignal<Option<Metrics>>,
    pub(crate) daily: RwSignal<Vec<DailyRow>>,
    pub(crate) agents: RwSignal<Option<Report>>,
    pub(crate) rank_metric: RwSignal<String>,
}

impl AppState {
    fn new() -> Self {
        AppState {
            lang: RwSignal::new(stored_lang()),
            loaded: RwSignal::new(None),
            progress: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            help: RwSignal::new(None),
            howto: RwSignal::new(None),
            resize: RwSignal::new(0),
            big: RwSignal::new(false),
            settings: RwSignal::new(None),
            pending_settings: RwSignal::new(0),
            keep: RwSignal::new(stored_keep_workspace()),
            saved: RwSignal::new(None),
            redact: RwSignal::new(false),
        }
    }

    /// Show `message` in the error banner.
    pub(crate) fn show_error(self, message: String) {
        self.error.set(Some(message));
    }

    pub(crate) fn clear_error(self) {
        self.error.set(None);
    }

    pub(crate) fn clear_notice(self) {
        self.notice.set(None);
    }

    /// The worker is busy with a request whose end is a `Loaded`.
    pub(crate) fn set_busy(self) {
        self.busy.set(true);
    }

    /// Busy with a new import or demo: the last error no longer applies.
    pub(crate) fn start_busy(self) {
        self.busy.set(true);
        self.error.set(None);
    }

    /// Open (or, with `None`, close) the definition of a metric.
    pub(crate) fn show_help(self, key: Option<&str>) {
        self.help.set(key.map(str::to_string));
    }

    /// Open the "how to export" panel on a platform (`None` closes it).
    pub(crate) fn show_howto(self, platform: Option<&'static str>) {
        self.howto.set(platform);
    }

    pub(crate) fn set_big(self, on: bool) {
        self.big.set(on);
    }

    pub(crate) fn toggle_lang(self) {
        self.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
    }

    /// Charts redraw to the window's new size.
    pub(crate) fn resized(self) {
        self.resize.update(|n| *n += 1);
    }
}

impl ViewState {
    /// Change the filter (the caller then refreshes what depends on it).
    pub(crate) fn update_filter(self, f: impl FnOnce(&mut Filter)) {
        self.filter.update(f);
    }

    pub(crate) fn set_rank_metric(self, metric: String) {
        self.rank_metric.set(metric);
    }

    fn new() -> Self {
        ViewState {
            filter: RwSignal::new(Filter::default()),
            tab: RwSignal::new(Tab::Overview),
            totals: RwSignal::new(None),
            prev_totals: RwSignal::new(None),
            daily: RwSignal::new(Vec::new()),
            agents: RwSignal::new(None),
            rank_metric: RwSignal::new("consult_buyers".to_string()),
        }
    }
}

/// Create the shared state and give it to every component below.
pub(crate) fn provide_state() -> (AppState, ViewState, DrillState) {
    let app = AppState::new();
    let (vs, dr) = (ViewState::new(), DrillState::new(app));
    provide_context(app);
    provide_context(vs);
    provide_context(dr);
    (app, vs, dr)
}

/// Show `tab`, and say so in the URL.
pub(crate) fn select_tab(vs: ViewState, tab: Tab) {
    vs.tab.set(tab);
    write_hash(vs);
}

pub(crate) fn use_app() -> AppState {
    expect_context()
}

pub(crate) fn use_view() -> ViewState {
    expect_context()
}

/// Run `f` with the answer of `ask`, or show the worker's reason for not
/// answering in the error banner.
pub(crate) fn then<T: 'static>(app: AppState, ask: api::Ask<T>, f: impl FnOnce(T) + 'static) {
    ask.then(move |r| match r {
        Ok(v) => f(v),
        Err(e) => app.show_error(e),
    });
}

pub(crate) fn t(app: AppState, key: &'static str) -> impl Fn() -> &'static str + Copy {
    move || tr(app.lang.get(), key)
}

pub(crate) fn refresh(app: AppState, vs: ViewState) {
    if app.loaded.get_untracked().is_none() {
        return;
    }
    write_hash(vs);
    let filter = vs.filter.get_untracked();
    then(app, api::overview(filter.clone()), move |(totals, daily)| {
        vs.totals.set(Some(totals));
        vs.daily.set(daily);
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
        Some(pf) => then(app, api::overview(pf), move |(totals, _)| vs.prev_totals.set(Some(totals))),
        None => vs.prev_totals.set(None),
    }
    then(app, api::report(Query { rules: vec![], by: vec![Dim::Agent], filter }), move |report| {
        vs.agents.set(Some(report))
    });
}

pub(crate) fn on_event(app: AppState, vs: ViewState, dr: DrillState, e: Event) {
    match e {
        Event::Ready => {
            // A marker for tests and users' scripts: the worker is up.
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
                let _ = body.set_attribute("data-worker-ready", "1");
            }
            if has_stored_settings() {
                api::set_settings(stored_settings());
            }
            if app.keep.get_untracked() {
                restore_workspace(app);
            }
        }
        Event::Progress(p) => app.progress.set(Some(p)),
        Event::Loaded(l) => {
            let l = *l;
            app.busy.set(false);
            app.progress.set(None);
            // Views open on the loaded data's whole date span, unless this is
            // the first load since the page opened and the URL names a range
            // inside it (a bookmarked or reloaded view). When only settings
            // changed (same span), the user's filter stays.
            let has_data = l.summary.messages > 0 || l.summary.orders > 0;
            let same_span = app.loaded.get_untracked().is_some_and(|p| {
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
                let shops = h.get("shop").filter(|s| l.shops.contains(s)).cloned().into_iter().collect();
                let team: Vec<String> = h
                    .get("team")
                    .map(|t| t.split('/').map(str::to_string).collect())
                    .filter(|t: &Vec<String>| l.settings.accounts.iter().any(|a| a.team.starts_with(t)))
                    .unwrap_or_default();
                let role = h.get("role").and_then(|r| role_from_code(r));
                let agents = h
                    .get("agent")
                    .filter(|a| agents_in(&l.agents, &l.settings.accounts, &team, role).contains(a))
                    .cloned()
                    .into_iter()
                    .collect();
                if let Some(tab) = h.get("tab") {
                    vs.tab.set(Tab::from_code(tab));
                }
                vs.filter.set(Filter { from, to, shops, team, role, agents });
            }
            dr.drill.set(None);
            dr.transcript.set(None);
            // Adopt the worker's settings only when no newer change is still
            // on its way; otherwise an older answer would undo newer edits.
            if l.from_settings {
                app.pending_settings.update(|n| *n = n.saturating_sub(1));
            }
            if app.pending_settings.get_untracked() == 0 {
                app.settings.set(Some(l.settings.clone()));
            }
            let empty = l.summary.messages == 0 && l.summary.orders == 0 && l.summary.ratings == 0;
            // (the totals of what was loaded before are not this data's:
            // the cards wait for the new ones)
            vs.totals.set(None);
            app.loaded.set(Some(l));
            save_workspace(app);
            if empty {
                vs.daily.set(Vec::new());
                vs.agents.set(None);
            } else {
                refresh(app, vs);
            }
        }
        Event::Error(message) => {
            app.busy.set(false);
            app.progress.set(None);
            app.error.set(Some(message));
        }
        Event::Restarted(r) => {
            let lang = app.lang.get_untracked();
            app.progress.set(None);
            if r.gave_up {
                app.busy.set(false);
                app.show_error(tr(lang, "worker_gave_up").to_string());
                return;
            }
            // Sentences follow each other with a space in English, none in Chinese.
            let gap = if lang.zh() { "" } else { " " };
            let mut msg = tr(lang, "worker_restarted").replace("{n}", &r.replayed_files.to_string());
            if !r.skipped.is_empty() {
                let sep = if lang.zh() { "、" } else { ", " };
                msg.push_str(gap);
                msg.push_str(&tr(lang, "worker_skipped").replace("{files}", &r.skipped.join(sep)));
            }
            for (on, key) in [(r.during_query, "worker_during_query"), (r.dropped_request, "worker_dropped")] {
                if on {
                    msg.push_str(gap);
                    msg.push_str(tr(lang, key));
                }
            }
            app.notice.set(Some(("worker-restarted", msg)));
            // The replay ends with a `Loaded`, which clears this.
            app.busy.set(r.replayed_files > 0 || !r.skipped.is_empty());
        }
    }
}

pub(crate) fn import_files(app: AppState, list: Option<web_sys::FileList>) {
    let Some(list) = list else { return };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if files.is_empty() {
        return;
    }
    for f in &files {
        FILES.with(|m| m.borrow_mut().insert(f.name(), f.clone()));
    }
    app.busy.set(true);
    app.error.set(None);
    api::import(&files, None);
}

pub(crate) fn current_settings(app: AppState) -> kefu_lens::Settings {
    app.settings
        .get_untracked()
        .or_else(|| app.loaded.get_untracked().map(|l| l.settings))
        .unwrap_or_else(stored_settings)
}

/// Send new settings to the worker (it recomputes without re-reading files)
/// and keep them in this browser.
///
/// Settings an editor made are checked as a settings file is
/// (`Settings::validate`: ranges, overlapping hours, regexes…): invalid
/// ones are refused with the field and the value named, and the last good
/// settings stay.
pub(crate) fn apply_settings(app: AppState, s: kefu_lens::Settings) {
    if let Err(e) = s.validate() {
        let lang = app.lang.get_untracked();
        app.show_error(format!("{}{}", tr(lang, "settings_refused"), format::settings_error(&e, lang.zh())));
        return;
    }
    store_settings(&s);
    app.settings.set(Some(s.clone()));
    app.pending_settings.update(|n| *n += 1);
    // No progress bar here: it would shift the page under the pointer while
    // the (quick) recomputation runs.
    api::set_settings(s);
}

pub(crate) fn current_settings_tracked(app: AppState) -> kefu_lens::Settings {
    app.settings.get().or_else(|| app.loaded.get().map(|l| l.settings)).unwrap_or_else(stored_settings)
}

/// Ask before a destructive action: the browser's own confirm dialog with
/// the message `key` in the user's language. True when the user agreed (or
/// no dialog can be shown).
pub(crate) fn confirm(app: AppState, key: &str) -> bool {
    let msg = tr(app.lang.get_untracked(), key);
    web_sys::window().and_then(|w| w.confirm_with_message(msg).ok()).unwrap_or(true)
}

/// Keep (or stop keeping) a workspace in this browser. Off removes what
/// was kept: customer data is stored only while the user asks for it.
pub(crate) fn set_keep_workspace(app: AppState, on: bool) {
    store_keep_workspace(on);
    app.keep.set(on);
    if on {
        workspace::ask_persistent();
        save_workspace(app);
    } else {
        app.saved.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = workspace::remove().await {
                app.saved.set(Some(workspace::SaveState::Failed(e)));
            }
        });
    }
}

/// Save what is loaded now, when the user keeps a workspace.
pub(crate) fn save_workspace(app: AppState) {
    if app.keep.get_untracked() {
        workspace::save(move |s| app.saved.set(Some(s)));
    }
}

/// Bring back the kept workspace (page load): its files and requests go to
/// the worker as if the user gave them again.
fn restore_workspace(app: AppState) {
    wasm_bindgen_futures::spawn_local(async move {
        match workspace::restore().await {
            Ok(Some(files)) => {
                for f in &files {
                    FILES.with(|m| m.borrow_mut().insert(f.name(), f.clone()));
                }
                app.start_busy();
            }
            Ok(None) => {}
            Err(e) => app.saved.set(Some(workspace::SaveState::Failed(e))),
        }
    });
}

/// 清除本机数据: the workspace, every item this app keeps in the browser
/// (settings, KPI scores, handled alerts, language) and the loaded data.
pub(crate) fn wipe_local(app: AppState) {
    app.keep.set(false);
    app.saved.set(None);
    wipe_all();
    FILES.with(|m| m.borrow_mut().clear());
    let defaults = kefu_lens::Settings::default();
    app.settings.set(Some(defaults.clone()));
    app.pending_settings.update(|n| *n += 1);
    api::clear();
    api::set_settings(defaults);
    wasm_bindgen_futures::spawn_local(async move {
        match workspace::remove().await {
            Ok(()) => app.notice.set(Some(("wiped-notice", tr(app.lang.get_untracked(), "wiped").to_string()))),
            Err(e) => app.show_error(e),
        }
    });
}
