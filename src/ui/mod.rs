//! The web UI: a thin Leptos layer over the worker. It sends requests and
//! draws answers; it never parses files or aggregates data itself.

mod chart;
mod client;
mod help;
mod i18n;

use kefu_lens::engine::{DailyRow, Dim, Drill, DrillRequest, Filter, Metrics, Query, Report, Transcript};
use kefu_lens::format;
use kefu_lens::model::{day_string, parse_day, FileKind, FileReport};
use kefu_lens::protocol::{Answer, ImportFile, Loaded, Progress, QueryKind, Request, Response};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use i18n::{tr, Lang};

const LANG_KEY: &str = "kefu-lens.lang";
const SETTINGS_KEY: &str = "kefu-lens.settings";

thread_local! {
    /// The URL hash's filters are applied to the first dataset loaded only.
    static HASH_USED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The File objects the user gave us, by name, so a file can be
    /// re-imported as another kind without choosing it again.
    static FILES: std::cell::RefCell<std::collections::HashMap<String, web_sys::File>> = Default::default();
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tab {
    Overview,
    Agents,
    Teams,
    Hours,
    Conversion,
    Details,
    Categories,
    Kpi,
    Alerts,
}

impl Tab {
    fn code(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Agents => "agents",
            Tab::Teams => "teams",
            Tab::Hours => "hours",
            Tab::Conversion => "conversion",
            Tab::Details => "details",
            Tab::Categories => "categories",
            Tab::Kpi => "kpi",
            Tab::Alerts => "alerts",
        }
    }
    fn from_code(s: &str) -> Tab {
        match s {
            "agents" => Tab::Agents,
            "teams" => Tab::Teams,
            "hours" => Tab::Hours,
            "conversion" => Tab::Conversion,
            "details" => Tab::Details,
            "categories" => Tab::Categories,
            "kpi" => Tab::Kpi,
            "alerts" => Tab::Alerts,
            _ => Tab::Overview,
        }
    }
}

/// Everything the UI shows, as signals.
#[derive(Clone, Copy)]
struct Ui {
    lang: RwSignal<Lang>,
    loaded: RwSignal<Option<Loaded>>,
    progress: RwSignal<Option<Progress>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    filter: RwSignal<Filter>,
    tab: RwSignal<Tab>,
    totals: RwSignal<Option<Metrics>>,
    /// Totals of the period of the same length just before the filter's.
    prev_totals: RwSignal<Option<Metrics>>,
    daily: RwSignal<Vec<DailyRow>>,
    agents: RwSignal<Option<Report>>,
    rank_metric: RwSignal<String>,
    drill: RwSignal<Option<Drill>>,
    transcript: RwSignal<Option<Transcript>>,
    /// The metric whose definition is open.
    help: RwSignal<Option<String>>,
    drill_page: RwSignal<usize>,
    /// Rows behind the drill shown (the worker holds them; the UI has a page).
    drill_total: RwSignal<usize>,
    drill_id: RwSignal<u64>,
    /// Bumped (debounced) when the window is resized: charts redraw to fit.
    resize: RwSignal<u32>,
    /// The key of the drill shown (its breadcrumb).
    drill_key: RwSignal<std::collections::BTreeMap<String, String>>,
    /// The drill-down explorer's path: (dimension key, value), shop → team →
    /// group → agent.
    explore: RwSignal<Vec<(String, String)>>,
    /// Big-screen (wall display) mode.
    big: RwSignal<bool>,
    /// The settings most recently sent to the worker (edits build on these,
    /// so quick successive edits never drop one another).
    settings: RwSignal<Option<kefu_lens::Settings>>,
    /// Settings changes sent and not yet answered.
    pending_settings: RwSignal<u32>,
}

use kefu_lens::protocol::DRILL_PAGE;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn t(ui: Ui, key: &'static str) -> impl Fn() -> &'static str + Copy {
    move || tr(ui.lang.get(), key)
}

/// Metric value formatted for display, with its raw value for `data-value`.
fn metric_text(m: &Metrics, key: &str, lang: Lang) -> (String, String) {
    let num = m.get(key);
    // `data-value` carries the number as the JSON would: counts as integers.
    let raw = match num {
        None => String::new(),
        Some(x) if kefu_lens::engine::COUNT_KEYS.contains(&key) => (x as u64).to_string(),
        Some(x) => serde_json::to_string(&x).unwrap_or_default(),
    };
    let shown = cell_text(&metric_cell(m, key), lang);
    (shown, raw)
}

/// `#from=2024-06-01&to=2024-06-30&agent=…&tab=agents` ⇄ filter and tab,
/// so a view can be bookmarked and survives a reload.
fn write_hash(ui: Ui) {
    let f = ui.filter.get_untracked();
    let mut parts = Vec::new();
    if let Some(v) = &f.from {
        parts.push(format!("from={v}"));
    }
    if let Some(v) = &f.to {
        parts.push(format!("to={v}"));
    }
    if let Some(a) = f.agents.first() {
        parts.push(format!("agent={}", String::from(js_sys::encode_uri_component(a))));
    }
    if ui.tab.get_untracked() != Tab::Overview {
        parts.push(format!("tab={}", ui.tab.get_untracked().code()));
    }
    let hash = format!("#{}", parts.join("&"));
    // history.replaceState takes ~10 ms in Chromium (a same-document
    // navigation); it runs in its own task, not in the one that redraws.
    set_timeout(
        move || {
            if let Some(w) = web_sys::window() {
                if w.location().hash().ok().as_deref() != Some(hash.as_str()) {
                    if let Ok(h) = w.history() {
                        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
                    }
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

fn read_hash() -> std::collections::HashMap<String, String> {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), js_sys::decode_uri_component(v).ok().map(String::from).unwrap_or_default()))
        .collect()
}

fn refresh(ui: Ui) {
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

fn on_response(ui: Ui, r: Response) {
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

fn import_files(ui: Ui, list: Option<web_sys::FileList>) {
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

#[component]
pub fn App() -> impl IntoView {
    let lang0 =
        storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).map(|c| Lang::from_code(&c)).unwrap_or(Lang::Zh);
    let ui = Ui {
        lang: RwSignal::new(lang0),
        loaded: RwSignal::new(None),
        progress: RwSignal::new(None),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        filter: RwSignal::new(Filter::default()),
        tab: RwSignal::new(Tab::Overview),
        totals: RwSignal::new(None),
        prev_totals: RwSignal::new(None),
        daily: RwSignal::new(Vec::new()),
        agents: RwSignal::new(None),
        rank_metric: RwSignal::new("consult_buyers".to_string()),
        drill: RwSignal::new(None),
        transcript: RwSignal::new(None),
        help: RwSignal::new(None),
        drill_page: RwSignal::new(0),
        drill_total: RwSignal::new(0),
        drill_id: RwSignal::new(0),
        resize: RwSignal::new(0),
        drill_key: RwSignal::new(Default::default()),
        explore: RwSignal::new(Vec::new()),
        big: RwSignal::new(false),
        settings: RwSignal::new(None),
        pending_settings: RwSignal::new(0),
    };
    // Esc leaves the big screen.
    let esc =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
            if e.key() == "Escape" {
                ui.big.set(false);
            }
        });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("keydown", esc.as_ref().unchecked_ref());
    }
    esc.forget();
    // Window resized: redraw charts to their new width once it settles.
    let pending = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let mine = pending.get().wrapping_add(1);
        pending.set(mine);
        let pending = pending.clone();
        set_timeout(
            move || {
                if pending.get() == mine {
                    ui.resize.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_millis(150),
        );
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
    }
    on_resize.forget();
    if let Err(e) = client::start(move |r| on_response(ui, r)) {
        ui.error.set(Some(format!("worker: {e}")));
    }
    Effect::new(move |_| {
        let l = ui.lang.get();
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, l.code());
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", if l.zh() { "zh-CN" } else { "en" });
            }
        }
    });

    view! {
        <div class="app">
            <header class="top">
                <div class="brand">
                    <h1>{t(ui, "title")}</h1>
                    <span class="sub">{t(ui, "subtitle")}</span>
                </div>
                <div class="privacy">{t(ui, "privacy")}</div>
                <button id="lang-toggle" class="lang"
                    on:click=move |_| ui.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })>
                    {move || if ui.lang.get() == Lang::Zh { "English" } else { "中文" }}
                </button>
            </header>
            <ErrorBanner ui/>
            <ImportPanel ui/>
            <Reports ui/>
            <StaffPanel ui/>
            <SettingsPanel ui/>
            <LoadedSummary ui/>
            <Views ui/>
            <HelpPanel ui/>
            {move || ui.big.get().then(|| view! { <BigScreen ui/> })}
        </div>
    }
}

#[component]
fn ErrorBanner(ui: Ui) -> impl IntoView {
    move || {
        ui.error.get().map(|e| {
            view! {
                <div class="banner error" role="alert" id="error-banner">
                    <strong>{t(ui, "error")}</strong>" "{e}
                    <button on:click=move |_| ui.error.set(None)>"×"</button>
                </div>
            }
        })
    }
}

#[component]
fn ImportPanel(ui: Ui) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if ui.busy.get_untracked() {
            return;
        }
        import_files(ui, ev.data_transfer().and_then(|d| d.files()));
    };
    let on_change = move |_ev: leptos::ev::Event| {
        if let Some(input) = input_ref.get() {
            import_files(ui, input.files());
            input.set_value("");
        }
    };
    let demo_size = RwSignal::new(60_000u64);
    let load_demo = move |_| {
        ui.busy.set(true);
        ui.error.set(None);
        let params = kefu_lens::demo::DemoParams { messages: demo_size.get_untracked(), ..Default::default() };
        client::send(&Request::LoadDemo { params }, &[]);
    };
    view! {
        <section class="import">
            <div class=move || if dragging.get() { "dropzone over" } else { "dropzone" }
                id="dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p class="drop-title">{t(ui, "drop_here")}</p>
                <p class="hint">{t(ui, "drop_hint")}</p>
                <div class="actions">
                    <label class="button primary">
                        {t(ui, "choose_files")}
                        <input id="file-input" type="file" multiple node_ref=input_ref on:change=on_change
                            prop:disabled=move || ui.busy.get()/>
                    </label>
                    <button id="load-demo" class="button" on:click=load_demo prop:disabled=move || ui.busy.get()>
                        {t(ui, "load_demo")}
                    </button>
                    <select id="demo-size" title=t(ui, "demo_size") on:change=move |ev| {
                        demo_size.set(event_target_value(&ev).parse().unwrap_or(60_000));
                    }>
                        <option value="60000" selected>"6万条"</option>
                        <option value="300000">"30万条"</option>
                        <option value="1000000">"100万条"</option>
                    </select>
                    <button id="clear-data" class="button ghost" prop:disabled=move || ui.busy.get()
                        on:click=move |_| client::send(&Request::Clear, &[])>
                        {t(ui, "clear")}
                    </button>
                </div>
            </div>
            <ProgressBar ui/>
        </section>
    }
}

#[component]
fn ProgressBar(ui: Ui) -> impl IntoView {
    move || {
        if !ui.busy.get() {
            return None;
        }
        let p = ui.progress.get().unwrap_or_default();
        let lang = ui.lang.get();
        let phase = match p.phase.as_str() {
            "reading" => tr(lang, "reading"),
            "parsing" => tr(lang, "parsing"),
            "computing" => tr(lang, "computing"),
            "generating" => tr(lang, "generating"),
            _ => "",
        };
        let frac = if p.bytes_total > 0 { p.bytes_done as f64 / p.bytes_total as f64 } else { 0.0 };
        let label = if p.files > 0 && !p.file.is_empty() {
            format!(
                "{phase} {} ({}/{}) · {} / {} · {} {}",
                p.file,
                p.index + 1,
                p.files,
                format::bytes(p.bytes_done),
                format::bytes(p.bytes_total),
                format::int(p.rows),
                tr(lang, "rows")
            )
        } else {
            phase.to_string()
        };
        Some(view! {
            <div class="progress" id="import-progress">
                <progress max="1" prop:value=frac></progress>
                <span class="progress-label">{label}</span>
                <button id="cancel-import" class="button ghost" on:click=move |_| client::send(&Request::Cancel, &[])>
                    {t(ui, "cancel")}
                </button>
            </div>
        })
    }
}

fn kind_label(lang: Lang, k: FileKind) -> &'static str {
    match k {
        FileKind::Chats => tr(lang, "kind_chats"),
        FileKind::Orders => tr(lang, "kind_orders"),
        FileKind::Ratings => tr(lang, "kind_ratings"),
        FileKind::Unknown => tr(lang, "kind_unknown"),
    }
}

#[component]
fn Reports(ui: Ui) -> impl IntoView {
    move || {
        let l = ui.loaded.get()?;
        let lang = ui.lang.get();
        let cancelled = l.cancelled;
        if l.reports.is_empty() && !cancelled {
            return None;
        }
        Some(view! {
            <section class="reports" id="import-reports">
                <h2>{tr(lang, "import_reports")}</h2>
                {cancelled.then(|| view! { <div class="banner warn" id="import-cancelled">{tr(lang, "cancelled")}</div> })}
                <div class="report-list">
                    {l.reports.into_iter().enumerate().filter(|(_, r)| !r.removed).map(|(index, r)| view! { <ReportCard r index lang ui/> }).collect_view()}
                </div>
            </section>
        })
    }
}

#[component]
fn ReportCard(r: FileReport, index: usize, lang: Lang, ui: Ui) -> impl IntoView {
    let has_file = FILES.with(|m| m.borrow().contains_key(&r.name));
    let name = r.name.clone();
    let reimport = move |ev: leptos::ev::Event| {
        let kind = match event_target_value(&ev).as_str() {
            "chats" => Some(FileKind::Chats),
            "orders" => Some(FileKind::Orders),
            "ratings" => Some(FileKind::Ratings),
            _ => None,
        };
        let Some(file) = FILES.with(|m| m.borrow().get(&name).cloned()) else { return };
        ui.busy.set(true);
        client::send(&Request::RemoveFile { index }, &[]);
        client::send(
            &Request::Import { files: vec![ImportFile { name: file.name(), size: file.size() as u64, kind }] },
            &[file],
        );
    };
    let current = match r.kind {
        FileKind::Chats => "chats",
        FileKind::Orders => "orders",
        FileKind::Ratings => "ratings",
        FileKind::Unknown => "",
    };
    let status = if r.fatal.is_some() {
        "report fatal"
    } else if r.problem_count > 0 {
        "report warn"
    } else {
        "report ok"
    };
    let more = r.problem_count.saturating_sub(r.problems.len() as u64);
    let has_problems = !r.problems.is_empty();
    view! {
        <div class=status data-file=r.name.clone()>
            <div class="report-head">
                <strong class="file-name">{r.name.clone()}</strong>
                <span class="tag" data-field="kind">{kind_label(lang, r.kind)}</span>
                <span class="tag" data-field="format">{r.format.clone()}</span>
                <span class="tag" data-field="encoding">{r.encoding.clone()}</span>
                <span class="size">{format::bytes(r.bytes)}</span>
            </div>
            <div class="report-tools">
                <label>{tr(lang, "kind")}": "
                    <select class="kind-override" prop:disabled=!has_file title=tr(lang, "reimport_as") on:change=reimport>
                        <option value="" selected=current.is_empty()>{tr(lang, "kind_auto")}</option>
                        <option value="chats" selected=current == "chats">{tr(lang, "kind_chats")}</option>
                        <option value="orders" selected=current == "orders">{tr(lang, "kind_orders")}</option>
                        <option value="ratings" selected=current == "ratings">{tr(lang, "kind_ratings")}</option>
                    </select>
                </label>
                <button class="button ghost small remove-file" on:click=move |_| {
                    ui.busy.set(true);
                    client::send(&Request::RemoveFile { index }, &[]);
                }>{tr(lang, "remove")}</button>
            </div>
            {r.fatal.clone().map(|f| view! {
                <p class="fatal" data-field="fatal">
                    <strong>{tr(lang, "fatal")}"："</strong>
                    {if lang.zh() { f.message_zh } else { f.message_en }}
                </p>
            })}
            <div class="counts">
                <span>{tr(lang, "read")}" "<b data-field="read" data-value=r.read.to_string()>{format::int(r.read)}</b></span>
                <span>{tr(lang, "imported")}" "<b data-field="imported" data-value=r.imported.to_string()>{format::int(r.imported)}</b></span>
                <span>{tr(lang, "skipped")}" "<b data-field="skipped" data-value=r.skipped.to_string()>{format::int(r.skipped)}</b></span>
            </div>
            {has_problems.then(|| view! {
                <ul class="problems" data-field="problems">
                    {r.problems.iter().map(|p| {
                        let prefix = if p.line > 0 { tr(lang, "line_n").replace("{n}", &p.line.to_string()) } else { String::new() };
                        let msg = if lang.zh() { p.message_zh.clone() } else { p.message_en.clone() };
                        view! { <li data-line=p.line.to_string()>{prefix}{msg}</li> }
                    }).collect_view()}
                    {(more > 0).then(|| view! { <li class="more">{tr(lang, "more_problems").replace("{n}", &more.to_string())}</li> })}
                </ul>
                <p class="hint">{tr(lang, "fix_hint")}</p>
            })}
        </div>
    }
}

#[component]
fn LoadedSummary(ui: Ui) -> impl IntoView {
    move || {
        let lang = ui.lang.get();
        let Some(l) = ui.loaded.get().filter(|l| l.reports.iter().any(|r| !r.removed) || l.summary.messages > 0) else {
            return view! { <p class="empty" id="empty-state">{tr(lang, "empty_state")}</p> }.into_any();
        };
        let s = l.summary;
        let item = |key: &'static str, n: u64| {
            view! { <div class="stat"><span>{tr(lang, key)}</span><b data-summary=key data-value=n.to_string()>{format::int(n)}</b></div> }
        };
        let span = match (&s.first_day, &s.last_day) {
            (Some(a), Some(b)) => format!("{a} ~ {b}"),
            _ => "—".into(),
        };
        view! {
            <section class="loaded" id="loaded-summary">
                <h2>{tr(lang, "loaded")}</h2>
                <div class="stats">
                    {item("shops", s.shops)}
                    {item("agents", s.agents)}
                    {item("buyers", s.buyers)}
                    {item("days", s.days)}
                    {item("messages", s.messages)}
                    {item("orders", s.orders)}
                    {item("ratings", s.ratings)}
                    <div class="stat wide"><span>{tr(lang, "span")}</span><b data-summary="span">{span}</b></div>
                </div>
            </section>
        }
        .into_any()
    }
}

/// Shift a `YYYY-MM-DD` by days.
fn shift_day(d: &str, by: i32) -> Option<String> {
    parse_day(d).map(|x| day_string(x + by))
}

#[component]
fn FilterBar(ui: Ui) -> impl IntoView {
    let set_range = move |from: Option<String>, to: Option<String>| {
        ui.filter.update(|f| {
            f.from = from;
            f.to = to;
        });
        refresh(ui);
    };
    let last = move || ui.loaded.get_untracked().and_then(|l| l.summary.last_day);
    let first = move || ui.loaded.get_untracked().and_then(|l| l.summary.first_day);
    let quick = move |kind: &'static str| {
        move |_| {
            let Some(end) = last() else { return };
            match kind {
                "yesterday" => set_range(Some(end.clone()), Some(end)),
                "last7" => set_range(shift_day(&end, -6), Some(end)),
                "last30" => set_range(shift_day(&end, -29), Some(end)),
                "this_month" => set_range(Some(format!("{}-01", &end[..7])), Some(end)),
                _ => set_range(first(), Some(end)),
            }
        }
    };
    view! {
        <div class="filters" id="filters">
            <label>{t(ui, "from")}
                <input type="date" id="filter-from" prop:value=move || ui.filter.get().from.unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); set_range(Some(v).filter(|s| !s.is_empty()), ui.filter.get_untracked().to); }/>
            </label>
            <label>{t(ui, "to")}
                <input type="date" id="filter-to" prop:value=move || ui.filter.get().to.unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); set_range(ui.filter.get_untracked().from, Some(v).filter(|s| !s.is_empty())); }/>
            </label>
            <div class="quick" title=t(ui, "quick_hint")>
                <button data-quick="yesterday" on:click=quick("yesterday")>{t(ui, "yesterday")}</button>
                <button data-quick="last7" on:click=quick("last7")>{t(ui, "last7")}</button>
                <button data-quick="last30" on:click=quick("last30")>{t(ui, "last30")}</button>
                <button data-quick="this_month" on:click=quick("this_month")>{t(ui, "this_month")}</button>
                <button data-quick="all" on:click=quick("all")>{t(ui, "all_days")}</button>
            </div>
            {move || {
                let shops = ui.loaded.get().map(|l| l.shops).unwrap_or_default();
                (shops.len() > 1).then(|| view! {
                    <label>{t(ui, "shops")}
                        <select id="filter-shop" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            ui.filter.update(|f| f.shops = if v.is_empty() { vec![] } else { vec![v] });
                            refresh(ui);
                        }>
                            <option value="">{t(ui, "all_shops")}</option>
                            {shops.into_iter().map(|sh| {
                                let sel = ui.filter.get_untracked().shops.first() == Some(&sh);
                                let label = sh.clone();
                                view! { <option value=sh selected=sel>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                })
            }}
            <label>{t(ui, "team")}
                <select id="filter-team" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ui.filter.update(|f| f.team = if v.is_empty() { vec![] } else { v.split('/').map(str::to_string).collect() });
                    refresh(ui);
                }>
                    <option value="">{t(ui, "all_teams")}</option>
                    {move || {
                        let mut paths: Vec<String> = Vec::new();
                        for a in ui.loaded.get().map(|l| l.settings.accounts).unwrap_or_default() {
                            for i in 1..=a.team.len() {
                                let p = a.team[..i].join("/");
                                if !paths.contains(&p) { paths.push(p); }
                            }
                        }
                        paths.sort();
                        let cur = ui.filter.get_untracked().team.join("/");
                        paths.into_iter().map(|p| {
                            let depth = p.matches('/').count();
                            let label = format!("{}{}", "\u{3000}".repeat(depth), p.rsplit('/').next().unwrap_or(&p));
                            let sel = p == cur;
                            view! { <option value=p selected=sel>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            <label>{t(ui, "role")}
                <select id="filter-role" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ui.filter.update(|f| f.role = match v.as_str() {
                        "presales" => Some(kefu_lens::settings::Role::Presales),
                        "aftersales" => Some(kefu_lens::settings::Role::Aftersales),
                        _ => None,
                    });
                    refresh(ui);
                }>
                    <option value="">{t(ui, "all_roles")}</option>
                    <option value="presales">{t(ui, "presales")}</option>
                    <option value="aftersales">{t(ui, "aftersales")}</option>
                </select>
            </label>
            <label>{t(ui, "agent")}
                <select id="filter-agent" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ui.filter.update(|f| f.agents = if v.is_empty() { vec![] } else { vec![v] });
                    refresh(ui);
                }>
                    <option value="">{t(ui, "all_agents")}</option>
                    {move || ui.loaded.get().map(|l| l.agents).unwrap_or_default().into_iter().map(|a| {
                        let a2 = a.clone();
                        let sel = ui.filter.get_untracked().agents.first() == Some(&a);
                        view! { <option value=a selected=sel>{a2}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}

#[component]
fn Views(ui: Ui) -> impl IntoView {
    // Rebuild the views only when data appears or disappears, not on every
    // recomputation: inner components track what they show.
    let has_data = Memo::new(move |_| ui.loaded.get().is_some_and(|l| l.summary.messages > 0 || l.summary.orders > 0));
    // When data first appears, the tab's body is built in a later task,
    // after the frame that lays out and paints the rest (summary, filter
    // bar, tabs). Built in the same task, the first chart's size query
    // forced the layout of the whole new page there, and that one task ran
    // over 100 ms with a million messages loaded.
    let body = RwSignal::new(false);
    Effect::new(move |_| {
        if has_data.get() {
            let show = move || {
                // Still there (not cleared in the meantime)?
                if has_data.get_untracked() {
                    body.set(true);
                }
            };
            request_animation_frame(move || set_timeout(show, std::time::Duration::ZERO));
        } else {
            body.set(false);
        }
    });
    move || {
        if !has_data.get() {
            return None;
        }
        Some(view! {
            <section class="views">
                <FilterBar ui/>
                <button id="open-big-screen" class="button big-screen-button" on:click=move |_| ui.big.set(true)>{t(ui, "big_screen")}</button>
                <nav class="tabs">
                    {[(Tab::Overview, "tab_overview"), (Tab::Agents, "tab_agents"), (Tab::Teams, "tab_teams"), (Tab::Hours, "tab_hours"), (Tab::Conversion, "tab_conversion"), (Tab::Details, "tab_details"), (Tab::Categories, "tab_categories"), (Tab::Kpi, "tab_kpi"), (Tab::Alerts, "tab_alerts")]
                        .into_iter().map(|(tab, key)| view! {
                            <button id=format!("tab-{}", tab.code()) class=move || if ui.tab.get() == tab { "tab active" } else { "tab" }
                                on:click=move |_| { ui.tab.set(tab); write_hash(ui); }>{t(ui, key)}</button>
                        }).collect_view()}
                </nav>
                {move || body.get().then(|| match ui.tab.get() {
                    Tab::Overview => view! { <Overview ui/> }.into_any(),
                    Tab::Agents => view! { <Agents ui/> }.into_any(),
                    Tab::Teams => view! { <Teams ui/> }.into_any(),
                    Tab::Hours => view! { <Hours ui/> }.into_any(),
                    Tab::Conversion => view! { <Conversion ui/> }.into_any(),
                    Tab::Details => view! { <Details ui/> }.into_any(),
                    Tab::Categories => view! { <Categories ui/> }.into_any(),
                    Tab::Kpi => view! { <KpiView ui/> }.into_any(),
                    Tab::Alerts => view! { <AlertsView ui/> }.into_any(),
                })}
                <DrillCrumbs ui/>
                <DrillPanel ui/>
                <TranscriptPanel ui/>
            </section>
        })
    }
}

fn open_drill(ui: Ui, metric: &str, key: std::collections::BTreeMap<String, String>) {
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

const CARD_METRICS: [&str; 8] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "response_rate_3min",
    "avg_response_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

/// A chart canvas with a hover tooltip, click-to-drill by category, a PNG
/// download and its table alternative. The caller draws into `canvas` and
/// stores where the categories landed in `layout`; `tip` gives the tooltip
/// text of category `i`, `pick` its drill, `table` the chart's data.
#[component]
fn ChartCanvas(
    ui: Ui,
    id: &'static str,
    canvas: NodeRef<leptos::html::Canvas>,
    layout: RwSignal<chart::Layout>,
    tip: std::rc::Rc<dyn Fn(usize) -> Option<String>>,
    table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table>,
    #[prop(optional)] pick: Option<std::rc::Rc<dyn Fn(usize)>>,
) -> impl IntoView {
    let shown = RwSignal::new(None::<(f64, f64, bool, String)>);
    let show_table = RwSignal::new(false);
    let at = move |ev: &leptos::ev::MouseEvent| -> Option<usize> {
        let c = canvas.get_untracked()?;
        let rect = c.get_bounding_client_rect();
        layout.get_untracked().pick(ev.client_x() as f64 - rect.left(), ev.client_y() as f64 - rect.top())
    };
    let clickable = pick.is_some();
    // A redraw (new data, a drill step) hides a tooltip that no longer applies.
    Effect::new(move |_| {
        layout.track();
        shown.set(None);
    });
    // Reactive children must be Send: keep the table builder in local storage.
    let table = StoredValue::new_local(table);
    view! {
        <div class="chart-tools">
            <button class="button ghost small show-table" data-chart=id on:click=move |_| show_table.update(|v| *v = !*v)>
                {move || if show_table.get() { t(ui, "hide_table")() } else { t(ui, "show_table")() }}</button>
            <button class="button ghost small" data-png=id on:click=move |_| { if let Some(c) = canvas.get() { chart::download_png(&c, &format!("{id}.png")); } }>
                {t(ui, "download_png")}</button>
        </div>
        <div class="chart-wrap">
            <canvas id=id class="chart" class:clickable=clickable node_ref=canvas
                data-left=move || layout.get().left.to_string() data-right=move || layout.get().right.to_string()
                data-n=move || layout.get().n.to_string()
                data-top=move || { let l = layout.get(); l.rows.map(|r| r.0).or(l.cells.map(|c| c.0)).map(|v| v.to_string()).unwrap_or_default() }
                data-bottom=move || { let l = layout.get(); l.rows.map(|r| r.1).or(l.cells.map(|c| c.1)).map(|v| v.to_string()).unwrap_or_default() }
                data-ny=move || layout.get().cells.map(|c| c.2.to_string()).unwrap_or_default()
                on:mousemove=move |ev| {
                    let w = canvas.get_untracked().map(|c| c.client_width() as f64).unwrap_or(0.0);
                    let x = ev.offset_x() as f64;
                    shown.set(at(&ev).and_then(|i| tip(i)).map(|s| (x, ev.offset_y() as f64, x > w * 0.6, s)));
                }
                on:mouseleave=move |_| shown.set(None)
                on:click=move |ev| {
                    if let (Some(p), Some(i)) = (pick.as_ref(), at(&ev)) {
                        p(i);
                    }
                }></canvas>
            {move || shown.get().map(|(x, y, flip, s)| view! {
                <div class="tooltip" data-for=id style:left=format!("{}px", if flip { x - 12.0 } else { x + 12.0 }) style:top=format!("{}px", y + 12.0)
                    style:transform=if flip { "translateX(-100%)" } else { "none" }>{s}</div>
            })}
        </div>
        {move || show_table.get().then(|| {
            let lang = ui.lang.get();
            let tb = table.with_value(|f| f());
            view! {
                <div class="table-scroll">
                    <table class="grid small chart-table" id=format!("{id}-data")>
                        <thead><tr>{tb.headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                        <tbody>{tb.rows.into_iter().map(|r| view! {
                            <tr>{r.into_iter().map(|c| {
                                let num = !matches!(c, kefu_lens::export::Cell::Text(_));
                                view! { <td class:num=num>{cell_text(&c, lang)}</td> }
                            }).collect_view()}</tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            }
        })}
    }
}

/// Table headers from i18n keys, in the UI language.
fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k).to_string()).collect()
}

fn cell_text(c: &kefu_lens::export::Cell, lang: Lang) -> String {
    use kefu_lens::export::Cell;
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) if *n >= 0 => format::int(*n as u64),
        Cell::Int(n) => n.to_string(),
        Cell::Num(v) => format!("{v:.2}"),
        Cell::Pct(v) => format::pct(Some(*v)),
        Cell::Secs(v) => format::duration(Some(*v), lang.zh()),
        Cell::Yuan(v) => format::yuan(*v),
        Cell::Empty => "—".to_string(),
    }
}

/// Shown value of a metric for tooltips.
fn chart_value(metric: &str, v: f64, lang: Lang) -> String {
    cell_text(&value_cell(metric, v), lang)
}

fn is_rate(metric: &str) -> bool {
    metric.contains("rate") || metric.contains("conversion") || metric == "first_contact_resolution"
}

fn axis_fmt(metric: &str) -> impl Fn(f64) -> String {
    let rate = is_rate(metric);
    let secs = metric.ends_with("_secs");
    move |y: f64| {
        if rate {
            format!("{:.0}%", y * 100.0)
        } else if secs && y >= 60.0 {
            let s = y.round() as i64;
            format!("{}:{:02}", s / 60, s % 60)
        } else if secs {
            format!("{y:.0}s")
        } else {
            format!("{y:.0}")
        }
    }
}

#[component]
fn Overview(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    Effect::new(move |_| {
        let rows = ui.daily.get();
        let lang = ui.lang.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = rows.iter().map(|r| r.day[5..].to_string()).collect();
        let series = vec![
            (
                tr(lang, "consult_buyers").to_string(),
                chart::BLUE,
                rows.iter().map(|r| Some(r.consult_buyers as f64)).collect(),
            ),
            (
                tr(lang, "online_agents").to_string(),
                chart::ORANGE,
                rows.iter().map(|r| Some(r.online_agents as f64)).collect(),
            ),
        ];
        if let Some(l) = chart::lines(&c, &labels, &series, &|y| format!("{y:.0}")) {
            layout.set(l);
        }
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let lang = ui.lang.get_untracked();
        ui.daily.with_untracked(|rows| {
            rows.get(i).map(|r| {
                format!(
                    "{} · {} {} · {} {}",
                    r.day,
                    tr(lang, "consult_buyers"),
                    format::int(r.consult_buyers),
                    tr(lang, "online_agents"),
                    r.online_agents
                )
            })
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        if let Some(day) = ui.daily.with_untracked(|rows| rows.get(i).map(|r| r.day.clone())) {
            let mut key = std::collections::BTreeMap::new();
            key.insert("day".to_string(), day);
            open_drill(ui, "consult_buyers", key);
        }
    });
    view! {
        <div class="overview" id="view-overview">
            <div class="cards">
                {move || {
                    let lang = ui.lang.get();
                    let m = ui.totals.get().unwrap_or_default();
                    let prev = ui.prev_totals.get();
                    CARD_METRICS.iter().map(|&k| {
                        let (shown, raw) = metric_text(&m, k, lang);
                        let delta = prev.as_ref().and_then(|p| change(p, &m, k)).map(|(txt, class)| view! {
                            <span class=format!("delta {class}") data-delta=k title=tr(lang, "vs_prev")>{txt}</span>
                        });
                        view! {
                            <div class="card" on:click=move |_| open_drill(ui, k, Default::default())>
                                <span class="card-label">{tr(lang, k)}
                                    <button class="help" data-help=k title=tr(lang, "help")
                                        on:click=move |ev| { ev.stop_propagation(); ui.help.set(Some(k.to_string())); }>"?"</button>
                                </span>
                                <b class="card-value" data-metric=k data-value=raw>{shown}</b>
                                {delta}
                            </div>
                        }
                    }).collect_view()
                }}
            </div>
            <div class="chart-box">
                <div class="chart-head"><h3>{t(ui, "daily_chart")}</h3></div>
                <ChartCanvas ui id="daily-chart" canvas layout tip pick table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = ui.lang.get();
                    let headers = headers(lang, &["day", "consult_buyers", "online_agents"]);
                    let rows = ui.daily.get().into_iter().map(|r| vec![Cell::Text(r.day), Cell::Int(r.consult_buyers as i64), Cell::Int(r.online_agents as i64)]).collect();
                    Table { headers, rows }
                })/>
            </div>
            <TrendChart ui id="trend-chart" default_metric="response_rate_3min"/>
            <ResponseHistogramChart ui/>
            <h3>{t(ui, "summary_table")}</h3>
            <div class="table-tools"><ExportButtons name="daily-table" ui table=std::rc::Rc::new(move || {
                use kefu_lens::export::{Cell, Table};
                let lang = ui.lang.get_untracked();
                let headers = headers(lang, &["day", "consult_buyers", "online_agents", "avg_response_secs", "avg_reception_secs"]);
                let rows = ui.daily.get_untracked().into_iter().map(|r| vec![
                    Cell::Text(r.day), Cell::Int(r.consult_buyers as i64), Cell::Int(r.online_agents as i64),
                    r.avg_response_secs.map(Cell::Secs).unwrap_or(Cell::Empty), r.avg_reception_secs.map(Cell::Secs).unwrap_or(Cell::Empty),
                ]).collect();
                Table { headers, rows }
            })/></div>
            <table class="grid" id="daily-table">
                <thead><tr>
                    <th>{t(ui, "day")}</th>
                    <th>{t(ui, "consult_buyers")}</th>
                    <th>{t(ui, "online_agents")}</th>
                    <th>{t(ui, "avg_response_secs")}</th>
                    <th>{t(ui, "avg_reception_secs")}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = ui.lang.get();
                        ui.daily.get().into_iter().map(|r| {
                            let day = r.day.clone();
                            view! {
                                <tr data-day=r.day.clone()>
                                    <td>{r.day.clone()}</td>
                                    <td class="num"><a href="#" data-metric="consult_buyers" data-value=r.consult_buyers.to_string()
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            let mut key = std::collections::BTreeMap::new();
                                            key.insert("day".to_string(), day.clone());
                                            open_drill(ui, "consult_buyers", key);
                                        }>{format::int(r.consult_buyers)}</a></td>
                                    <td class="num" data-metric="online_agents" data-value=r.online_agents.to_string()>{format::int(r.online_agents)}</td>
                                    <td class="num" data-metric="avg_response_secs" data-value=r.avg_response_secs.map(|v| v.to_string()).unwrap_or_default()>
                                        {format::duration(r.avg_response_secs, lang.zh())}</td>
                                    <td class="num" data-metric="avg_reception_secs" data-value=r.avg_reception_secs.map(|v| v.to_string()).unwrap_or_default()>
                                        {format::duration(r.avg_reception_secs, lang.zh())}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// Metrics offered in the trend chart's picker.
const TREND_METRICS: [&str; 12] = [
    "response_rate_3min",
    "avg_response_secs",
    "first_response_secs",
    "reply_rate",
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "inquiry_conversion_final",
    "sales_amount",
    "avg_order_value",
    "satisfaction_rate",
    "avg_reception_secs",
];

/// One metric by day as a line; a point drills to that day's records.
#[component]
fn TrendChart(
    ui: Ui,
    id: &'static str,
    default_metric: &'static str,
    /// The by-day rows when the parent already has them (else it asks).
    #[prop(optional)]
    rows_from: Option<RwSignal<Vec<kefu_lens::engine::Row>>>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let metric = RwSignal::new(default_metric.to_string());
    let rows = rows_from.unwrap_or_else(|| RwSignal::new(Vec::new()));
    if rows_from.is_none() {
        Effect::new(move |_| {
            let filter = ui.filter.get();
            let _ = ui.loaded.get();
            client::query(QueryKind::Report { query: Query { by: vec![Dim::Day], filter } }, move |a| {
                if let Answer::Report { report } = a {
                    rows.set(report.rows);
                }
            });
        });
    }
    let day_of = move |r: &kefu_lens::engine::Row| r.key.get("day").cloned().unwrap_or_default();
    Effect::new(move |_| {
        let m = metric.get();
        let lang = ui.lang.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        rows.with(|rows| {
            let labels: Vec<String> = rows.iter().map(|r| day_of(r).get(5..).unwrap_or_default().to_string()).collect();
            let vals: Vec<Option<f64>> = rows.iter().map(|r| r.metrics.get(&m)).collect();
            let series = [(tr(lang, i18n_key(&m)).to_string(), chart::BLUE, vals)];
            if let Some(l) = chart::lines(&c, &labels, &series, &axis_fmt(&m)) {
                layout.set(l);
            }
        });
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let m = metric.get_untracked();
        let lang = ui.lang.get_untracked();
        rows.with_untracked(|rows| {
            rows.get(i).map(|r| {
                let v = r.metrics.get(&m).map(|v| chart_value(&m, v, lang)).unwrap_or_else(|| "—".into());
                format!("{} · {} {}", day_of(r), tr(lang, i18n_key(&m)), v)
            })
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        if let Some(day) = rows.with_untracked(|rows| rows.get(i).map(day_of)) {
            let mut key = std::collections::BTreeMap::new();
            key.insert("day".to_string(), day);
            open_drill(ui, &metric.get_untracked(), key);
        }
    });
    let table = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = ui.lang.get();
        let m = metric.get();
        Table {
            headers: headers(lang, &["day", i18n_key(&m)]),
            rows: rows.get().iter().map(|r| vec![Cell::Text(day_of(r)), metric_cell(&r.metrics, &m)]).collect(),
        }
    });
    view! {
        <div class="chart-box">
            <div class="chart-head">
                <h3>{t(ui, "trend_chart")}</h3>
                <select id=format!("{id}-metric") on:change=move |ev| metric.set(event_target_value(&ev))>
                    {move || {
                        let lang = ui.lang.get();
                        let cur = metric.get_untracked();
                        TREND_METRICS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                    }}
                </select>
            </div>
            <ChartCanvas ui id canvas layout tip pick table/>
        </div>
    }
}

/// A response-time bucket as merchants say it: ≤30秒, 1分–2分, >30分.
fn range_label(lo: i64, hi: Option<i64>, zh: bool) -> String {
    let d = |s: i64| {
        if s >= 60 && s % 60 == 0 {
            format!("{}{}", s / 60, if zh { "分" } else { "m" })
        } else {
            format!("{s}{}", if zh { "秒" } else { "s" })
        }
    };
    match hi {
        Some(h) if lo == 0 => format!("≤{}", d(h)),
        Some(h) => format!("{}–{}", d(lo), d(h)),
        None => format!(">{}", d(lo)),
    }
}

/// Response times of answered rounds in buckets; bars within the threshold
/// in blue, over it in orange. A bar drills to its rounds.
#[component]
fn ResponseHistogramChart(ui: Ui) -> impl IntoView {
    use kefu_lens::engine::histogram::{ResponseHistogram, HIST_KEY, HIST_METRIC};
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let hist = RwSignal::new(ResponseHistogram::default());
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(QueryKind::Histogram { filter }, move |a| {
            if let Answer::Histogram { histogram } = a {
                hist.set(histogram);
            }
        });
    });
    let label = range_label;
    Effect::new(move |_| {
        let lang = ui.lang.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        hist.with(|h| {
            let labels: Vec<String> = h.buckets.iter().map(|b| label(b.lo, b.hi, lang.zh())).collect();
            let vals: Vec<f64> = h.buckets.iter().map(|b| b.rounds as f64).collect();
            let colors: Vec<_> = h
                .buckets
                .iter()
                .map(|b| if b.hi.is_some_and(|x| x <= h.threshold_secs) { chart::BLUE } else { chart::ORANGE })
                .collect();
            let legend = [
                (tr(lang, "within_threshold").to_string(), chart::BLUE),
                (tr(lang, "over_threshold").to_string(), chart::ORANGE),
            ];
            if let Some(l) = chart::histogram(&c, &labels, &vals, &colors, &legend) {
                layout.set(l);
            }
        });
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let lang = ui.lang.get_untracked();
        hist.with_untracked(|h| {
            let b = h.buckets.get(i)?;
            let share = if h.answered > 0 { Some(b.rounds as f64 / h.answered as f64) } else { None };
            Some(format!(
                "{} · {} {} · {}",
                label(b.lo, b.hi, lang.zh()),
                tr(lang, "rounds"),
                format::int(b.rounds),
                format::pct(share)
            ))
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        if let Some(range) = hist.with_untracked(|h| h.buckets.get(i).map(|b| b.range_key())) {
            let mut key = std::collections::BTreeMap::new();
            key.insert(HIST_KEY.to_string(), range);
            open_drill(ui, HIST_METRIC, key);
        }
    });
    let table = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = ui.lang.get();
        let h = hist.get();
        Table {
            headers: headers(lang, &["response_secs", "rounds", "share"]),
            rows: h
                .buckets
                .iter()
                .map(|b| {
                    vec![
                        Cell::Text(label(b.lo, b.hi, lang.zh())),
                        Cell::Int(b.rounds as i64),
                        if h.answered > 0 { Cell::Pct(b.rounds as f64 / h.answered as f64) } else { Cell::Empty },
                    ]
                })
                .collect(),
        }
    });
    view! {
        <div class="chart-box">
            <div class="chart-head">
                <h3>{t(ui, "response_histogram")}
                    <button class="help" data-help="response_hist" title=move || tr(ui.lang.get(), "help")
                        on:click=move |_| ui.help.set(Some("response_hist".to_string()))>"?"</button></h3>
                <span class="hint" id="histogram-summary" data-answered={move || hist.get().answered.to_string()} data-unanswered={move || hist.get().unanswered.to_string()}>
                    {move || {
                        let lang = ui.lang.get();
                        let h = hist.get();
                        tr(lang, "histogram_summary").replace("{answered}", &format::int(h.answered)).replace("{unanswered}", &format::int(h.unanswered))
                            .replace("{thr}", &format::duration(Some(h.threshold_secs as f64), lang.zh()))
                    }}
                </span>
            </div>
            <ChartCanvas ui id="response-histogram" canvas layout tip pick table/>
        </div>
    }
}

const AGENT_COLUMNS: [&str; 16] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "rounds",
    "response_rate_3min",
    "first_response_secs",
    "avg_response_secs",
    "avg_reception_secs",
    "answer_ratio",
    "inquiry_buyers",
    "paid_buyers_same_day",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
    "sales_conversion",
];

#[component]
fn Agents(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let sort = RwSignal::new(("consult_buyers".to_string(), true));
    // Computed once per answer or metric change (not per redraw or mousemove).
    let ranked = Memo::new(move |_| -> Vec<(String, f64)> {
        let metric = ui.rank_metric.get();
        let mut v: Vec<(String, f64)> = ui
            .agents
            .get()
            .map(|r| r.rows)
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                let val = r.metrics.get(&metric).unwrap_or(0.0);
                (r.key.get("agent").cloned().unwrap_or_default(), val)
            })
            .collect();
        v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal).then(a.0.cmp(&b.0)));
        v
    });
    Effect::new(move |_| {
        let v = ranked.get();
        let lang = ui.lang.get();
        let metric = ui.rank_metric.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = v.iter().map(|(a, _)| a.rsplit(':').next().unwrap_or(a).to_string()).collect();
        let vals: Vec<f64> = v.iter().map(|x| x.1).collect();
        let series = [chart::Series { name: tr(lang, i18n_key(&metric)), color: chart::BLUE, values: &vals }];
        if let Some(l) = chart::bars(&c, &labels, &series, &axis_fmt(&metric)) {
            layout.set(l);
        }
    });
    view! {
        <div class="agents" id="view-agents">
            {move || (ui.filter.get().agents.len() == 1).then(|| view! { <MyPerf ui/> })}
            <div class="chart-box">
                <div class="chart-head">
                    <h3>{t(ui, "agent_ranking")}</h3>
                    <select id="rank-metric" on:change=move |ev| ui.rank_metric.set(event_target_value(&ev))>
                        {move || {
                            let lang = ui.lang.get();
                            let cur = ui.rank_metric.get_untracked();
                            AGENT_COLUMNS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                        }}
                    </select>
                </div>
                <ChartCanvas ui id="rank-chart" canvas layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = ui.lang.get_untracked();
                        let m = ui.rank_metric.get_untracked();
                        ranked.with_untracked(|v| v.get(i).map(|(a, x)| format!("{} · {} {} · {} {}/{}", a, tr(lang, i18n_key(&m)), chart_value(&m, *x, lang), tr(lang, "rank"), i + 1, v.len())))
                    })
                    pick=std::rc::Rc::new(move |i: usize| {
                        if let Some((agent, _)) = ranked.with_untracked(|r| r.get(i).cloned()) {
                            let mut key = std::collections::BTreeMap::new();
                            key.insert("agent".to_string(), agent);
                            open_drill(ui, &ui.rank_metric.get_untracked(), key);
                        }
                    })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = ui.lang.get();
                        let m = ui.rank_metric.get();
                        Table {
                            headers: headers(lang, &["rank", "agent", i18n_key(&m)]),
                            rows: ranked.get().into_iter().enumerate().map(|(i, (a, x))| vec![Cell::Int(i as i64 + 1), Cell::Text(a), value_cell(&m, x)]).collect(),
                        }
                    })/>
                <table class="grid small" id="rank-table">
                    <tbody>
                        {move || {
                            let lang = ui.lang.get();
                            let metric = ui.rank_metric.get();
                            let rows = ui.agents.get().map(|r| r.rows).unwrap_or_default();
                            let mut pairs: Vec<_> = rows.into_iter().map(|r| {
                                let (shown, raw) = metric_text(&r.metrics, &metric, lang);
                                (r.key.get("agent").cloned().unwrap_or_default(), shown, raw)
                            }).collect();
                            let order: Vec<String> = ranked.with(|r| r.iter().map(|x| x.0.clone()).collect());
                            pairs.sort_by_key(|p| order.iter().position(|a| *a == p.0).unwrap_or(usize::MAX));
                            pairs.into_iter().map(|(a, shown, raw)| {
                                let m = metric.clone();
                                let a2 = a.clone();
                                view! { <tr data-agent=a2><td>{a}</td><td class="num" data-metric=m data-value=raw>{shown}</td></tr> }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <h3>{t(ui, "agent_daily")}</h3>
            <KeyedTable ui id="agent-day-table" by=vec![Dim::Agent, Dim::Day]
                columns=&["consult_buyers", "reception_buyers", "paid_buyers_same_day", "avg_response_secs", "avg_reception_secs", "sales_conversion"]/>
            <h3>{t(ui, "agent_table")}</h3>
            <div class="table-tools"><ExportButtons name="agent-table" ui table=std::rc::Rc::new(move || {
                let rows = sorted_rows(ui.agents.get_untracked().map(|r| r.rows).unwrap_or_default(), &sort.get_untracked());
                report_table(ui.lang.get_untracked(), &["agent"], &AGENT_COLUMNS, &rows)
            })/></div>
            <div class="table-scroll">
            <table class="grid" id="agent-table">
                <thead><tr>
                    <th>{t(ui, "agent")}</th>
                    {AGENT_COLUMNS.iter().map(|&k| view! {
                        <th class="sortable" on:click=move |_| sort.update(|s| { if s.0 == k { s.1 = !s.1 } else { *s = (k.to_string(), true) } })>
                            {t(ui, k)}
                        </th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = ui.lang.get();
                        let rows = sorted_rows(ui.agents.get().map(|r| r.rows).unwrap_or_default(), &sort.get());
                        rows.into_iter().map(|r| {
                            let agent = r.key.get("agent").cloned().unwrap_or_default();
                            view! {
                                <tr data-agent=agent.clone()>
                                    <td>{agent.clone()}</td>
                                    {AGENT_COLUMNS.iter().map(|&k| {
                                        let (shown, raw) = metric_text(&r.metrics, k, lang);
                                        let agent = agent.clone();
                                        view! {
                                            <td class="num" data-metric=k data-value=raw on:click=move |_| {
                                                let mut key = std::collections::BTreeMap::new();
                                                key.insert("agent".to_string(), agent.clone());
                                                open_drill(ui, k, key);
                                            }>{shown}</td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            </div>
        </div>
    }
}

fn i18n_key(metric: &str) -> &'static str {
    // A metric's own name first; the detail-list names only for what is not a metric.
    AGENT_COLUMNS
        .iter()
        .chain(CARD_METRICS.iter())
        .chain(CONVERSION_COLUMNS.iter())
        .chain(TEAM_COLUMNS.iter())
        .find(|k| **k == metric)
        .copied()
        .or_else(|| DETAIL_LISTS.iter().find(|(m, _)| *m == metric).map(|(_, k)| *k))
        .or_else(|| (metric == kefu_lens::engine::histogram::HIST_METRIC).then_some("response_hist"))
        .unwrap_or("metric")
}

/// Levels of the drill-down explorer, top to bottom.
const EXPLORE_LEVELS: [&str; 5] = ["shop", "team", "group", "agent", "day"];

fn explore_dim(level: &str) -> Dim {
    match level {
        "shop" => Dim::Shop,
        "team" => Dim::Team,
        "group" => Dim::Group,
        "agent" => Dim::Agent,
        _ => Dim::Day,
    }
}

/// The level shown below `path`: the one after its deepest level; the
/// group level only when the chosen team has sub-teams in the settings.
fn next_level(path: &[(String, String)], settings: &kefu_lens::Settings) -> &'static str {
    let deepest = path.iter().filter_map(|(d, _)| EXPLORE_LEVELS.iter().position(|l| l == d)).max();
    let mut i = deepest.map_or(0, |d| d + 1);
    if EXPLORE_LEVELS.get(i) == Some(&"group") {
        let team = path.iter().find(|(d, _)| d == "team").map(|(_, v)| v.as_str());
        let has_sub = settings.accounts.iter().any(|a| a.team.len() >= 2 && team.is_none_or(|t| a.team[0] == t));
        if !has_sub {
            i += 1;
        }
    }
    EXPLORE_LEVELS.get(i).copied().unwrap_or("day")
}

fn crumb_value(dim: &str, v: &str) -> String {
    match dim {
        "group" => v.rsplit('/').next().unwrap_or(v).to_string(),
        "agent" => v.to_string(),
        _ => v.to_string(),
    }
}

fn level_label(lang: Lang, level: &str) -> &'static str {
    match level {
        "shop" => tr(lang, "shop"),
        "team" => tr(lang, "team"),
        "group" => tr(lang, "group"),
        "agent" => tr(lang, "agent"),
        _ => tr(lang, "day"),
    }
}

/// Go back up to a point of the drill-down path (closing the list and the
/// transcript) and bring the explorer into view.
fn explore_to(ui: Ui, path: Vec<(String, String)>) {
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

/// Drill-down chart: shop → team (→ group) → agent → day → the list of
/// records behind the number → the transcript, with a breadcrumb back up.
#[component]
fn DrillExplorer(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let metric = RwSignal::new("consult_buyers".to_string());
    // (level shown, its bars: (value, metric value))
    let bars = RwSignal::new(("shop", Vec::<(String, Option<f64>)>::new()));
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let path = ui.explore.get();
        let m = metric.get();
        let _ = ui.loaded.get();
        let level = next_level(&path, &current_settings(ui));
        let mut by: Vec<Dim> =
            EXPLORE_LEVELS.iter().filter(|l| path.iter().any(|(d, _)| d == *l)).map(|l| explore_dim(l)).collect();
        by.push(explore_dim(level));
        client::query(QueryKind::Report { query: Query { by, filter } }, move |a| {
            if let Answer::Report { report } = a {
                let mut v: Vec<(String, Option<f64>)> = report
                    .rows
                    .into_iter()
                    .filter(|r| path.iter().all(|(d, val)| r.key.get(d) == Some(val)))
                    .map(|r| (r.key.get(level).cloned().unwrap_or_default(), r.metrics.get(&m)))
                    .collect();
                if level != "day" {
                    v.sort_by(|a, b| {
                        b.1.unwrap_or(f64::MIN)
                            .partial_cmp(&a.1.unwrap_or(f64::MIN))
                            .unwrap_or(std::cmp::Ordering::Equal)
                            .then(a.0.cmp(&b.0))
                    });
                }
                bars.set((level, v));
            }
        });
    });
    Effect::new(move |_| {
        let lang = ui.lang.get();
        let m = metric.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        bars.with(|(level, v)| {
            let labels: Vec<String> = v
                .iter()
                .map(|(k, _)| if *level == "day" { k.get(5..).unwrap_or(k).to_string() } else { crumb_value(level, k) })
                .collect();
            let vals: Vec<f64> = v.iter().map(|x| x.1.unwrap_or(0.0)).collect();
            let series = [chart::Series { name: tr(lang, i18n_key(&m)), color: chart::BLUE, values: &vals }];
            if let Some(l) = chart::bars(&c, &labels, &series, &axis_fmt(&m)) {
                layout.set(l);
            }
        });
    });
    let tip = std::rc::Rc::new(move |i: usize| {
        let lang = ui.lang.get_untracked();
        let m = metric.get_untracked();
        bars.with_untracked(|(level, v)| {
            let (k, x) = v.get(i)?;
            let shown = x.map(|x| chart_value(&m, x, lang)).unwrap_or_else(|| "—".into());
            let hint = if *level == "day" { tr(lang, "click_for_list") } else { tr(lang, "click_to_drill") };
            Some(format!(
                "{} {} · {} {} · {}",
                level_label(lang, level),
                crumb_value(level, k),
                tr(lang, i18n_key(&m)),
                shown,
                hint
            ))
        })
    });
    let pick = std::rc::Rc::new(move |i: usize| {
        let Some((level, value)) = bars.with_untracked(|(level, v)| v.get(i).map(|x| (*level, x.0.clone()))) else {
            return;
        };
        if level == "day" {
            let key: std::collections::BTreeMap<String, String> =
                ui.explore.get_untracked().into_iter().chain(std::iter::once(("day".to_string(), value))).collect();
            open_drill(ui, &metric.get_untracked(), key);
        } else {
            ui.explore.update(|p| p.push((level.to_string(), value)));
        }
    });
    let table = std::rc::Rc::new(move || {
        use kefu_lens::export::{Cell, Table};
        let lang = ui.lang.get();
        let m = metric.get();
        let (level, v) = bars.get();
        Table {
            headers: vec![level_label(lang, level).to_string(), tr(lang, i18n_key(&m)).to_string()],
            rows: v
                .into_iter()
                .map(|(k, x)| vec![Cell::Text(k), x.map(|x| value_cell(&m, x)).unwrap_or(Cell::Empty)])
                .collect(),
        }
    });
    view! {
        <div class="chart-box" id="drill-explorer" data-level={move || bars.get().0}>
            <div class="chart-head">
                <h3>{t(ui, "drill_explorer")}</h3>
                <select id="explore-metric" on:change=move |ev| metric.set(event_target_value(&ev))>
                    {move || {
                        let lang = ui.lang.get();
                        let cur = metric.get_untracked();
                        AGENT_COLUMNS.iter().map(|&k| view! { <option value=k selected=k == cur>{tr(lang, k)}</option> }).collect_view()
                    }}
                </select>
            </div>
            <nav class="crumbs" id="explore-crumbs">
                {move || {
                    let lang = ui.lang.get();
                    let path = ui.explore.get();
                    let level = bars.get().0;
                    let n = path.len();
                    let mut out = vec![view! {
                        <a href="#" class="crumb" data-depth="0" on:click=move |ev| { ev.prevent_default(); ui.explore.set(Vec::new()); }>{tr(lang, "all")}</a>
                    }.into_any()];
                    for (i, (d, v)) in path.iter().enumerate() {
                        let prefix: Vec<(String, String)> = path[..=i].to_vec();
                        let label = format!("{} {}", level_label(lang, d), crumb_value(d, v));
                        out.push(view! { <span class="sep">"›"</span> }.into_any());
                        out.push(if i + 1 == n {
                            view! { <b class="crumb current" data-depth={(i + 1).to_string()}>{label}</b> }.into_any()
                        } else {
                            view! { <a href="#" class="crumb" data-depth={(i + 1).to_string()} on:click=move |ev| { ev.prevent_default(); ui.explore.set(prefix.clone()); }>{label}</a> }.into_any()
                        });
                    }
                    out.push(view! { <span class="sep">"›"</span> }.into_any());
                    out.push(view! { <span class="crumb next">{tr(lang, "by_level").replace("{level}", level_label(lang, level))}</span> }.into_any());
                    out
                }}
            </nav>
            {move || (bars.with(|b| b.1.is_empty()) && !ui.explore.with(|p| p.is_empty())).then(|| view! {
                <p class="empty" id="explore-empty">{t(ui, "explorer_empty")}</p>
            })}
            <ChartCanvas ui id="explore-chart" canvas layout tip pick table/>
            <p class="hint">{t(ui, "explorer_hint")}</p>
        </div>
    }
}

/// The drill list's breadcrumb: the explorer levels in its key (each goes
/// back up to that chart), then the list itself, then the open transcript.
#[component]
fn DrillCrumbs(ui: Ui) -> impl IntoView {
    move || {
        let lang = ui.lang.get();
        let key = ui.drill_key.get();
        let d = ui.drill.get()?;
        let tsc = ui.transcript.get();
        let mut out = vec![view! {
            <a href="#" class="crumb" on:click=move |ev| { ev.prevent_default(); explore_to(ui, Vec::new()); }>{tr(lang, "all")}</a>
        }.into_any()];
        let mut path: Vec<(String, String)> = Vec::new();
        for level in ["shop", "team", "group", "agent"] {
            if let Some(v) = key.get(level) {
                path.push((level.to_string(), v.clone()));
                let p = path.clone();
                out.push(view! { <span class="sep">"›"</span> }.into_any());
                out.push(view! {
                    <a href="#" class="crumb" data-level=level on:click=move |ev| { ev.prevent_default(); explore_to(ui, p.clone()); }>
                        {format!("{} {}", level_label(lang, level), crumb_value(level, v))}</a>
                }.into_any());
            }
        }
        // the list: its other key parts and the metric
        let mut rest: Vec<String> = Vec::new();
        for (k, v) in &key {
            if ["shop", "team", "group", "agent"].contains(&k.as_str()) {
                continue;
            }
            rest.push(match k.as_str() {
                "weekday" => {
                    v.parse::<usize>().map(|d| weekday_name(lang, d).to_string()).unwrap_or_else(|_| v.clone())
                }
                "hour" => format!("{v}{}", if lang.zh() { "时" } else { "h" }),
                kefu_lens::engine::histogram::HIST_KEY => kefu_lens::engine::histogram::parse_range(v)
                    .map(|(lo, hi)| range_label(lo, hi, lang.zh()))
                    .unwrap_or_else(|| v.clone()),
                _ => v.clone(),
            });
        }
        let name = tr(lang, i18n_key(&d.metric));
        let n = format::int(ui.drill_total.get() as u64);
        rest.push(if name.ends_with("明细") {
            format!("{name}（{n}条）")
        } else {
            tr(lang, "list_of").replace("{metric}", name).replace("{n}", &n)
        });
        out.push(view! { <span class="sep">"›"</span> }.into_any());
        let label = rest.join(" · ");
        out.push(match &tsc {
            Some(_) => view! { <a href="#" class="crumb" id="crumb-list" on:click=move |ev| { ev.prevent_default(); ui.transcript.set(None); }>{label}</a> }.into_any(),
            None => view! { <b class="crumb current" id="crumb-list">{label}</b> }.into_any(),
        });
        if let Some(t) = tsc {
            out.push(view! { <span class="sep">"›"</span> }.into_any());
            out.push(view! { <b class="crumb current" id="crumb-transcript">{format!("{} {}", tr(lang, "transcript"), t.buyer)}</b> }.into_any());
        }
        Some(view! { <nav class="crumbs" id="drill-crumbs">{out}</nav> })
    }
}

/// Show page `page` of the current drill (rows come from the worker).
fn drill_goto(ui: Ui, page: usize) {
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
fn drill_export(ui: Ui, xlsx: bool) {
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

#[component]
fn DrillPanel(ui: Ui) -> impl IntoView {
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
                                    <td data-raw=r.detail.raw()>{format::drill_detail(&r.detail, lang.zh())}</td>
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

#[component]
fn TranscriptPanel(ui: Ui) -> impl IntoView {
    move || {
        let tsc = ui.transcript.get()?;
        let lang = ui.lang.get();
        Some(view! {
            <section class="transcript" id="transcript">
                <div class="panel-head">
                    <h3>{tr(lang, "transcript")}" · "{tsc.agent.clone()}" ↔ "{tsc.buyer.clone()}" · "{tsc.day.clone()}
                        {tsc.category.clone().map(|c| format!(" · {c}"))}</h3>
                    <button class="button ghost small" on:click=move |_| ui.transcript.set(None)>{t(ui, "close")}</button>
                </div>
                <div class="chat">
                    {tsc.messages.into_iter().map(|m| {
                        let class = format!("msg {}{}", m.sender, if m.slow { " slow" } else { "" });
                        let badge = match m.sender.as_str() {
                            "auto" => Some(tr(lang, "auto")),
                            "system" => Some(tr(lang, "system")),
                            _ => None,
                        };
                        view! {
                            <div class=class>
                                <div class="meta">{m.speaker}" · "{m.time}
                                    {badge.map(|b| view! { <span class="badge">{b}</span> })}
                                    {m.response_secs.map(|s| view! { <span class="badge resp">{tr(lang, "response_secs")}" "{format::duration(Some(s as f64), lang.zh())}</span> })}
                                </div>
                                <div class="text">{m.text}</div>
                            </div>
                        }
                    }).collect_view()}
                </div>
                {(!tsc.orders.is_empty()).then(|| view! {
                    <ul class="orders">
                        {tsc.orders.into_iter().map(|o| view! {
                            <li>{o.id}" · "{o.title}" · "{format::yuan(o.amount)}" · "{o.created}
                                {o.paid.map(|p| format!(" → {p}"))}</li>
                        }).collect_view()}
                    </ul>
                })}
                {tsc.rating.map(|r| view! { <p class="rating">{tr(lang, "ratings")}": "{"★".repeat(r as usize)}</p> })}
            </section>
        })
    }
}

/// Show a readable panel when the wasm panics, instead of a frozen page.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let lang = storage()
            .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
            .map(|c| Lang::from_code(&c))
            .unwrap_or(Lang::Zh);
        if let (Ok(div), Some(body)) = (doc.create_element("div"), doc.body()) {
            div.set_id("panic-panel");
            div.set_class_name("panic");
            let h = doc.create_element("h2").ok();
            let p = doc.create_element("p").ok();
            let pre = doc.create_element("pre").ok();
            if let (Some(h), Some(p), Some(pre)) = (h, p, pre) {
                h.set_text_content(Some(tr(lang, "error")));
                p.set_text_content(Some(tr(lang, "panic_hint")));
                pre.set_text_content(Some(&info.to_string()));
                let _ = div.append_child(&h);
                let _ = div.append_child(&p);
                let _ = div.append_child(&pre);
            }
            let _ = body.append_child(&div);
            let _: Option<web_sys::HtmlElement> = div.dyn_into().ok();
        }
    }));
}

#[component]
fn HelpPanel(ui: Ui) -> impl IntoView {
    move || {
        let key = ui.help.get()?;
        let text = help::section(&key).unwrap_or_else(|| format!("{key}: docs/metrics.md"));
        Some(view! {
            <div class="help-panel" id="help-panel" data-help-key=key.clone()>
                <div class="panel-head">
                    <h3>{t(ui, "help")}</h3>
                    <button class="button ghost small" on:click=move |_| ui.help.set(None)>{t(ui, "close")}</button>
                </div>
                <pre class="help-text">{text}</pre>
            </div>
        })
    }
}

fn current_settings(ui: Ui) -> kefu_lens::Settings {
    ui.settings
        .get_untracked()
        .or_else(|| ui.loaded.get_untracked().map(|l| l.settings))
        .unwrap_or_else(stored_settings)
}

fn stored_settings() -> kefu_lens::Settings {
    storage()
        .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
        .and_then(|j| kefu_lens::Settings::from_json(&j).ok())
        .unwrap_or_default()
}

/// Send new settings to the worker (it recomputes without re-reading files)
/// and keep them in this browser.
fn apply_settings(ui: Ui, s: kefu_lens::Settings) {
    if let Some(st) = storage() {
        let _ = st.set_item(SETTINGS_KEY, &s.to_json());
    }
    ui.settings.set(Some(s.clone()));
    ui.pending_settings.update(|n| *n += 1);
    // No progress bar here: it would shift the page under the pointer while
    // the (quick) recomputation runs.
    client::send(&Request::SetSettings { settings: s }, &[]);
}

/// Text-format chats name people only by nick: let the user say which are staff.
#[component]
fn StaffPanel(ui: Ui) -> impl IntoView {
    move || {
        let l = ui.loaded.get()?;
        if l.text_nicks.is_empty() {
            return None;
        }
        let lang = ui.lang.get();
        Some(view! {
            <details class="staff-panel" id="staff-panel">
                <summary>{tr(lang, "staff_marking")}" ("{l.text_nicks.len()}")"</summary>
                <p class="hint">{tr(lang, "staff_hint")}</p>
                <table class="grid small">
                    <thead><tr><th>{tr(lang, "nick")}</th><th>{tr(lang, "messages")}</th><th>{tr(lang, "staff_col")}</th></tr></thead>
                    <tbody>
                        {l.text_nicks.into_iter().map(|n| {
                            let colon = n.nick.contains(':');
                            let nick = n.nick.clone();
                            view! {
                                <tr data-nick=n.nick.clone()>
                                    <td>{n.nick.clone()}</td>
                                    <td class="num">{format::int(n.messages)}</td>
                                    <td><input type="checkbox" class="staff-toggle" prop:checked=n.is_staff prop:disabled=colon
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut s = current_settings(ui);
                                            s.accounts.retain(|a| a.nick != nick);
                                            s.main_accounts.retain(|a| *a != nick);
                                            if on {
                                                s.accounts.push(kefu_lens::settings::Account { nick: nick.clone(), name: nick.clone(), ..Default::default() });
                                                s.main_accounts.push(nick.clone());
                                            }
                                            apply_settings(ui, s);
                                        }/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        })
    }
}

#[component]
fn SettingsPanel(ui: Ui) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let note = RwSignal::new(None::<(bool, String)>);
    Effect::new(move |_| {
        let s = ui.settings.get().or_else(|| ui.loaded.get().map(|l| l.settings)).unwrap_or_else(stored_settings);
        text.set(s.to_json());
    });
    let apply_text = move |_| match kefu_lens::Settings::from_json(&text.get_untracked()) {
        Ok(s) => {
            apply_settings(ui, s);
            note.set(Some((true, tr(ui.lang.get_untracked(), "settings_applied").to_string())));
        }
        Err(e) => note.set(Some((false, format!("{}{e}", tr(ui.lang.get_untracked(), "settings_bad"))))),
    };
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let import = move |_| {
        let Some(f) = file_ref.get().and_then(|i| i.files()).and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let Ok(v) = wasm_bindgen_futures::JsFuture::from(f.text()).await else { return };
            let json = v.as_string().unwrap_or_default();
            text.set(json.clone());
            match kefu_lens::Settings::from_json(&json) {
                Ok(s) => {
                    apply_settings(ui, s);
                    note.set(Some((true, tr(ui.lang.get_untracked(), "settings_applied").to_string())));
                }
                Err(e) => note.set(Some((false, format!("{}{e}", tr(ui.lang.get_untracked(), "settings_bad"))))),
            }
        });
    };
    let quick = move |f: Box<dyn Fn(&mut kefu_lens::Settings)>| {
        let mut s = current_settings(ui);
        f(&mut s);
        apply_settings(ui, s);
    };
    view! {
        <details class="settings-panel" id="settings-panel">
            <summary>{t(ui, "settings")}</summary>
            <p class="hint">{t(ui, "settings_hint")}</p>
            <div class="quick-settings">
                <label>{t(ui, "threshold")}
                    <input type="number" id="set-threshold" min="1" prop:value=move || ui.loaded.get().map(|l| l.settings.response_threshold_secs).unwrap_or(180).to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<i64>() {
                                quick(Box::new(move |s| s.response_threshold_secs = v.max(1)));
                            }
                        }/>
                </label>
                <label>
                    <input type="checkbox" id="set-closing" prop:checked=move || ui.loaded.get().map(|l| l.settings.closing_word_filter).unwrap_or(true)
                        on:change=move |ev| { let on = event_target_checked(&ev); quick(Box::new(move |s| s.closing_word_filter = on)); }/>
                    {t(ui, "closing_filter")}
                </label>
                <label>{t(ui, "work_time_all")}
                    <input type="text" id="set-worktime" placeholder="09:00-12:00,13:30-23:00"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let list: Vec<String> = v.split([',', '，', ' ']).filter(|x| kefu_lens::settings::parse_interval(x).is_some()).map(str::to_string).collect();
                            if !list.is_empty() {
                                quick(Box::new(move |s| {
                                    for k in kefu_lens::settings::WEEKDAY_KEYS {
                                        s.work_time.insert(k.to_string(), list.clone());
                                    }
                                }));
                            }
                        }/>
                </label>
            </div>
            <AccountsEditor ui/>
            <textarea id="settings-json" rows="14" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="actions left">
                <button class="button primary" id="settings-apply" on:click=apply_text>{t(ui, "apply")}</button>
                <button class="button" id="settings-export" on:click=move |_| download_text("settings.json", &text.get_untracked(), "application/json")>{t(ui, "export_settings")}</button>
                <label class="button">{t(ui, "import_settings")}
                    <input type="file" accept=".json,application/json" node_ref=file_ref on:change=import class="hidden-file"/>
                </label>
                <button class="button ghost" on:click=move |_| { let s = kefu_lens::Settings::default(); text.set(s.to_json()); apply_settings(ui, s); }>{t(ui, "reset_settings")}</button>
            </div>
            {move || note.get().map(|(ok, m)| view! { <p class=if ok { "note ok" } else { "note bad" } id="settings-note">{m}</p> })}
            {move || ui.loaded.get().and_then(|l| l.settings_error).map(|e| view! { <p class="note bad">{e}</p> })}
        </details>
    }
}

/// Offer text as a file download (a blob URL: nothing leaves the machine).
fn download_text(name: &str, text: &str, mime: &str) {
    download_bytes(name, text.as_bytes(), mime);
}

fn download_bytes(name: &str, bytes: &[u8], mime: &str) {
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

/// Labels of the dimension fields, in the UI language.
fn dim_label(lang: Lang, d: &str) -> &'static str {
    match d {
        "team" => tr(lang, "team"),
        "group" => tr(lang, "group"),
        "agent" => tr(lang, "agent"),
        "day" => tr(lang, "day"),
        "hour" => tr(lang, "hour"),
        "weekday" => tr(lang, "weekday"),
        "category_code" => tr(lang, "category_code"),
        "category_path" => tr(lang, "category_path"),
        _ => tr(lang, "metric"),
    }
}

/// A report table for any grouping: dimension columns then metric columns;
/// each metric cell drills to the records behind it. The table asks the
/// worker for its report itself, unless `rows_from` supplies the rows (a
/// view that already has them from a combined query).
#[component]
fn KeyedTable(
    ui: Ui,
    id: &'static str,
    by: Vec<Dim>,
    columns: &'static [&'static str],
    #[prop(optional)] rows_from: Option<RwSignal<Vec<kefu_lens::engine::Row>>>,
) -> impl IntoView {
    let rows = rows_from.unwrap_or_else(|| RwSignal::new(Vec::new()));
    // Long tables render a page at a time so the UI thread stays responsive.
    let page = RwSignal::new(0usize);
    // Sort by a metric column (None = report order), a text filter on the
    // dimension cells, and the columns the user chose to see.
    let sort = RwSignal::new(None::<(&'static str, bool)>);
    let text = RwSignal::new(String::new());
    let visible = RwSignal::new(columns.to_vec());
    let dims: Vec<&'static str> = by.iter().map(|d| d.key()).collect();
    let by2 = by.clone();
    if rows_from.is_some() {
        // New rows from outside: back to the first page.
        Effect::new(move |_| {
            rows.track();
            page.set(0);
        });
    } else {
        Effect::new(move |_| {
            let filter = ui.filter.get();
            let _ = ui.loaded.get();
            let q = Query { by: by2.clone(), filter };
            client::query(QueryKind::Report { query: q }, move |a| {
                if let Answer::Report { report } = a {
                    page.set(0);
                    rows.set(report.rows);
                }
            });
        });
    }
    // The rows as shown: filtered, then sorted.
    let shown = move || -> Vec<kefu_lens::engine::Row> {
        let needle = text.get().trim().to_lowercase();
        let v: Vec<_> = rows
            .get()
            .into_iter()
            .filter(|r| needle.is_empty() || r.key.values().any(|x| x.to_lowercase().contains(&needle)))
            .collect();
        match sort.get() {
            Some((k, desc)) => sorted_rows(v, &(k.to_string(), desc)),
            None => v,
        }
    };
    let dims2 = dims.clone();
    let dims3 = dims.clone();
    let table: std::rc::Rc<dyn Fn() -> kefu_lens::export::Table> = std::rc::Rc::new(move || {
        let cols = visible.get_untracked();
        report_table(ui.lang.get_untracked(), &dims3, &cols, &untrack(shown))
    });
    view! {
        <div class="table-tools">
            <input type="search" class="table-filter" data-filter=id placeholder=t(ui, "filter_rows")
                on:input=move |ev| { text.set(event_target_value(&ev)); page.set(0); }/>
            <details class="column-chooser" data-columns=id>
                <summary>{t(ui, "columns")}</summary>
                {columns.iter().map(|&k| view! {
                    <label><input type="checkbox" data-column=k prop:checked=move || visible.get().contains(&k)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            visible.update(|v| { v.retain(|c| *c != k); if on { v.push(k); v.sort_by_key(|c| columns.iter().position(|x| x == c)); } });
                        }/>{t(ui, k)}</label>
                }).collect_view()}
            </details>
            <ExportButtons name=id table ui/>
        </div>
        <div class="table-scroll">
        <table class="grid" id=id>
            <thead><tr>
                {move || { let lang = ui.lang.get(); dims2.iter().map(|d| view! { <th>{dim_label(lang, d)}</th> }).collect_view() }}
                {move || visible.get().into_iter().map(|k| view! {
                    <th class="sortable" data-sort=k on:click=move |_| sort.update(|s| *s = match *s { Some((c, d)) if c == k => Some((k, !d)), _ => Some((k, true)) })>
                        {t(ui, k)}{move || match sort.get() { Some((c, true)) if c == k => " ▼", Some((c, false)) if c == k => " ▲", _ => "" }}
                    </th>
                }).collect_view()}
            </tr></thead>
            <tbody>
                {move || {
                    let lang = ui.lang.get();
                    let dims = dims.clone();
                    let p = page.get();
                    let cols = visible.get();
                    shown().into_iter().skip(p * TABLE_PAGE).take(TABLE_PAGE).map(|r| {
                        let key = r.key.clone();
                        let label_cells = dims.iter().map(|d| view! { <td>{key.get(*d).cloned().unwrap_or_default()}</td> }).collect_view();
                        view! {
                            <tr data-key=serde_json::to_string(&r.key).unwrap_or_default()>
                                {label_cells}
                                {cols.iter().map(|&k| {
                                    let (shown, raw) = metric_text(&r.metrics, k, lang);
                                    let key = r.key.clone();
                                    view! { <td class="num" data-metric=k data-value=raw on:click=move |_| open_drill(ui, k, key.clone())>{shown}</td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        </div>
        {move || {
            let n = shown().len();
            let pages = n.div_ceil(TABLE_PAGE).max(1);
            let p = page.get().min(pages - 1);
            (pages > 1).then(|| view! {
                <div class="pager" data-pager=id>
                    <button class="button small" prop:disabled={p == 0} on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>"‹"</button>
                    <span>{format!("{} / {} · {} {}", p + 1, pages, format::int(n as u64), tr(ui.lang.get(), "rows"))}</span>
                    <button class="button small pager-next" prop:disabled={p + 1 >= pages} on:click=move |_| page.update(|x| *x += 1)>"›"</button>
                </div>
            })
        }}
    }
}

const TABLE_PAGE: usize = 100;

const TEAM_COLUMNS: &[&str] = &[
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "response_rate_3min",
    "avg_response_secs",
    "avg_reception_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

#[component]
fn Teams(ui: Ui) -> impl IntoView {
    view! {
        <div id="view-teams">
            <DrillExplorer ui/>
            <h3>{t(ui, "by_team")}</h3>
            <KeyedTable ui id="team-table" by=vec![Dim::Team] columns=TEAM_COLUMNS/>
            <h3>{t(ui, "by_group")}</h3>
            <KeyedTable ui id="group-table" by=vec![Dim::Group] columns=TEAM_COLUMNS/>
            <h3>{t(ui, "by_group_agent")}</h3>
            <KeyedTable ui id="group-agent-table" by=vec![Dim::Group, Dim::Agent] columns=TEAM_COLUMNS/>
        </div>
    }
}

const CONVERSION_COLUMNS: &[&str] = &[
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_conversion_same_day",
    "inquiry_conversion_final",
    "inquiry_no_order",
    "ordered_unpaid",
    "sales_amount",
    "avg_order_value",
    "sales_conversion",
];

#[component]
fn Conversion(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    const FUNNEL: [&str; 5] =
        ["inquiry_buyers", "ordered_buyers", "paid_buyers_same_day", "paid_buyers_next_day", "paid_buyers_final"];
    Effect::new(move |_| {
        let m = ui.totals.get().unwrap_or_default();
        let lang = ui.lang.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = FUNNEL.iter().map(|k| tr(lang, k).to_string()).collect();
        let vals: Vec<f64> = FUNNEL.iter().map(|k| m.get(k).unwrap_or(0.0)).collect();
        let first = vals.first().copied().unwrap_or(0.0);
        let text = |i: usize| {
            let v = vals[i];
            if i == 0 || first <= 0.0 {
                format::int(v as u64)
            } else {
                format!("{} ({})", format::int(v as u64), format::pct(Some(v / first)))
            }
        };
        if let Some(l) = chart::funnel(&c, &labels, &vals, &text) {
            layout.set(l);
        }
    });
    view! {
        <div id="view-conversion">
            <div class="chart-box">
                <div class="chart-head"><h3>{t(ui, "funnel")}</h3></div>
                <ChartCanvas ui id="funnel-chart" canvas layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = ui.lang.get_untracked();
                        let m = ui.totals.get_untracked().unwrap_or_default();
                        let k = FUNNEL.get(i)?;
                        let v = m.get(k).unwrap_or(0.0);
                        let prev = if i > 0 { m.get(FUNNEL[i - 1]).filter(|p| *p > 0.0).map(|p| v / p) } else { None };
                        let first = m.get(FUNNEL[0]).filter(|p| *p > 0.0).map(|p| v / p);
                        Some(format!("{} {} · {} {} · {} {}", tr(lang, k), format::int(v as u64), tr(lang, "of_previous"), format::pct(prev), tr(lang, "of_first"), format::pct(first)))
                    })
                    pick=std::rc::Rc::new(move |i: usize| { if let Some(k) = FUNNEL.get(i) { open_drill(ui, k, Default::default()); } })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = ui.lang.get();
                        let m = ui.totals.get().unwrap_or_default();
                        let first = m.get(FUNNEL[0]).unwrap_or(0.0);
                        Table {
                            headers: headers(lang, &["stage", "buyer_count", "of_first"]),
                            rows: FUNNEL.iter().map(|k| {
                                let v = m.get(k).unwrap_or(0.0);
                                vec![Cell::Text(tr(lang, k).to_string()), Cell::Int(v as i64), if first > 0.0 { Cell::Pct(v / first) } else { Cell::Empty }]
                            }).collect(),
                        }
                    })/>
            </div>
            <h3>{t(ui, "conversion_by_agent")}</h3>
            <KeyedTable ui id="conversion-table" by=vec![Dim::Agent] columns=CONVERSION_COLUMNS/>
        </div>
    }
}

#[component]
fn Hours(ui: Ui) -> impl IntoView {
    let heat = NodeRef::<leptos::html::Canvas>::new();
    let cells = RwSignal::new(vec![vec![0.0f64; 24]; 7]);
    let bars = NodeRef::<leptos::html::Canvas>::new();
    let staff_canvas = NodeRef::<leptos::html::Canvas>::new();
    let per_hour = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    let online = RwSignal::new(vec![0.0f64; 24]);
    // The charts are drawn once the first answer is in (not empty first).
    let answered = RwSignal::new(false);
    // One worker query answers the whole view: heatmap cells, the per-hour
    // rows (chart and #hour-table) and staff online by hour (agents who sent
    // a human reply in conversations that started in that hour).
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(QueryKind::Hours { filter }, move |a| {
            if let Answer::Hours { hours } = a {
                cells.set(hours.heat.iter().map(|r| r.iter().map(|&v| v as f64).collect()).collect());
                online.set(hours.staff_online.iter().map(|&v| v as f64).collect());
                per_hour.set(hours.rows);
                answered.set(true);
            }
        });
    });
    let heat_layout = RwSignal::new(chart::Layout::default());
    let bars_layout = RwSignal::new(chart::Layout::default());
    let staff_layout = RwSignal::new(chart::Layout::default());
    Effect::new(move |_| {
        let m = cells.get();
        let lang = ui.lang.get();
        ui.resize.track();
        if !answered.get() {
            return;
        }
        let Some(c) = heat.get() else { return };
        let rows: Vec<String> = (0..7).map(|d| weekday_name(lang, d).to_string()).collect();
        let cols: Vec<String> = (0..24).map(|h| format!("{h}")).collect();
        if let Some(g) = chart::heatmap(&c, &rows, &cols, &m, tr(lang, "consult_buyers")) {
            heat_layout.set(g.layout());
        }
    });
    // (consultations, 3-minute failures) per hour 0..23
    let per_hour_series = move || -> (Vec<f64>, Vec<f64>) {
        let mut fails = vec![0.0; 24];
        let mut consult = vec![0.0; 24];
        per_hour.with(|rows| {
            for r in rows {
                if let Some(h) = r.key.get("hour").and_then(|x| x.parse::<usize>().ok()).filter(|h| *h < 24) {
                    fails[h] = (r.metrics.rounds - r.metrics.rounds_3min) as f64;
                    consult[h] = r.metrics.consult_buyers as f64;
                }
            }
        });
        (consult, fails)
    };
    let hour_label = move |lang: Lang, h: usize| if lang.zh() { format!("{h}时") } else { format!("{h}:00") };
    Effect::new(move |_| {
        let (consult, fails) = per_hour_series();
        let lang = ui.lang.get();
        ui.resize.track();
        if !answered.get() {
            return;
        }
        let labels: Vec<String> = (0..24).map(|h| format!("{h}")).collect();
        let staff = online.get();
        if let Some(c) = bars.get() {
            let series = [
                chart::Series { name: tr(lang, "consult_buyers"), color: chart::BLUE, values: &consult },
                chart::Series { name: tr(lang, "fails_3min"), color: chart::ORANGE, values: &fails },
            ];
            if let Some(l) = chart::bars(&c, &labels, &series, &|y| format!("{y:.0}")) {
                bars_layout.set(l);
            }
        }
        if let Some(sc) = staff_canvas.get() {
            let series = [chart::Series { name: tr(lang, "staff_online"), color: chart::BLUE, values: &staff }];
            if let Some(l) = chart::bars(&sc, &labels, &series, &|y| format!("{y:.0}")) {
                staff_layout.set(l);
            }
        }
    });
    let hour_key = |wd: Option<usize>, h: usize| {
        let mut key = std::collections::BTreeMap::new();
        if let Some(wd) = wd {
            key.insert("weekday".to_string(), wd.to_string());
        }
        key.insert("hour".to_string(), format!("{h:02}"));
        key
    };
    view! {
        <div id="view-hours">
            <div class="chart-box">
                <div class="chart-head"><h3>{t(ui, "heatmap")}</h3></div>
                <ChartCanvas ui id="heatmap" canvas=heat layout=heat_layout
                    tip=std::rc::Rc::new(move |i: usize| {
                        let lang = ui.lang.get_untracked();
                        let (wd, h) = (i / 24, i % 24);
                        let v = cells.with_untracked(|m| m.get(wd).and_then(|r| r.get(h)).copied())?;
                        Some(format!("{} {} · {} {}", weekday_name(lang, wd), hour_label(lang, h), tr(lang, "consult_buyers"), format::int(v as u64)))
                    })
                    pick=std::rc::Rc::new(move |i: usize| open_drill(ui, "consult_buyers", hour_key(Some(i / 24), i % 24)))
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = ui.lang.get();
                        let mut headers = vec![String::new()];
                        headers.extend((0..24).map(|h| format!("{h}")));
                        Table {
                            headers,
                            rows: cells.get().iter().enumerate().map(|(wd, r)| {
                                let mut row = vec![Cell::Text(weekday_name(lang, wd).to_string())];
                                row.extend(r.iter().map(|v| Cell::Int(*v as i64)));
                                row
                            }).collect(),
                        }
                    })/>
                <p class="hint">{t(ui, "hours_hint")}</p>
            </div>
            <div class="chart-box">
                <div class="chart-head"><h3>{t(ui, "fails_by_hour")}</h3></div>
                <ChartCanvas ui id="hour-chart" canvas=bars layout=bars_layout
                    tip=std::rc::Rc::new(move |h: usize| {
                        let lang = ui.lang.get_untracked();
                        let (consult, fails) = untrack(per_hour_series);
                        Some(format!("{} · {} {} · {} {}", hour_label(lang, h), tr(lang, "consult_buyers"), format::int(*consult.get(h)? as u64),
                            tr(lang, "fails_3min"), format::int(*fails.get(h)? as u64)))
                    })
                    pick=std::rc::Rc::new(move |h: usize| open_drill(ui, "rounds_over_3min", hour_key(None, h)))
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = ui.lang.get();
                        let (consult, fails) = per_hour_series();
                        Table {
                            headers: headers(lang, &["hour", "consult_buyers", "fails_3min"]),
                            rows: (0..24).map(|h| vec![Cell::Text(hour_label(lang, h)), Cell::Int(consult[h] as i64), Cell::Int(fails[h] as i64)]).collect(),
                        }
                    })/>
            </div>
            <div class="chart-box" id="staff-box" data-total={move || online.get().iter().sum::<f64>().to_string()}>
                <div class="chart-head"><h3>{t(ui, "staff_online")}</h3></div>
                <ChartCanvas ui id="staff-chart" canvas=staff_canvas layout=staff_layout
                    tip=std::rc::Rc::new(move |h: usize| {
                        let lang = ui.lang.get_untracked();
                        let n = online.with_untracked(|o| o.get(h).copied())?;
                        Some(format!("{} · {} {}", hour_label(lang, h), tr(lang, "staff_online"), format::int(n as u64)))
                    })
                    table=std::rc::Rc::new(move || {
                        use kefu_lens::export::{Cell, Table};
                        let lang = ui.lang.get();
                        Table {
                            headers: headers(lang, &["hour", "staff_online"]),
                            rows: online.get().iter().enumerate().map(|(h, n)| vec![Cell::Text(hour_label(lang, h)), Cell::Int(*n as i64)]).collect(),
                        }
                    })/>
                <p class="hint">{t(ui, "staff_online_hint")}</p>
            </div>
            <KeyedTable ui id="hour-table" by=vec![Dim::Hour] rows_from=per_hour columns=&["consult_buyers", "rounds", "rounds_3min", "response_rate_3min", "avg_response_secs", "unreplied_buyers"]/>
        </div>
    }
}

fn weekday_name(lang: Lang, d: usize) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    if lang.zh() {
        ZH[d % 7]
    } else {
        EN[d % 7]
    }
}

/// Seed 000's six detail lists; each row opens the conversation.
const DETAIL_LISTS: [(&str, &str); 6] = [
    ("reception_buyers", "list_reception"),
    ("ratings", "list_ratings"),
    ("rounds_over_3min", "list_over_3min"),
    ("paid_buyers_final", "list_paid"),
    ("inquiry_no_order", "list_no_order"),
    ("ordered_unpaid", "list_unpaid"),
];

#[component]
fn Details(ui: Ui) -> impl IntoView {
    view! {
        <div id="view-details" class="detail-lists">
            {DETAIL_LISTS.iter().map(|&(metric, key)| view! {
                <button class="button" data-list=metric on:click=move |_| open_drill(ui, metric, Default::default())>{t(ui, key)}</button>
            }).collect_view()}
            <p class="hint">{t(ui, "details_hint")}</p>
        </div>
    }
}

/// A metric value as an export cell, typed so Excel gets numbers.
fn metric_cell(m: &Metrics, key: &str) -> kefu_lens::export::Cell {
    match m.get(key) {
        Some(x) => value_cell(key, x),
        None => kefu_lens::export::Cell::Empty,
    }
}

/// The typed cell of one metric value.
fn value_cell(key: &str, x: f64) -> kefu_lens::export::Cell {
    use kefu_lens::export::Cell;
    if key.ends_with("_secs") {
        Cell::Secs(x)
    } else if key == "sales_amount" || key == "avg_order_value" {
        Cell::Yuan(x)
    } else if key == "answer_ratio" {
        Cell::Num(x)
    } else if is_rate(key) {
        Cell::Pct(x)
    } else {
        Cell::Int(x as i64)
    }
}

/// Download exactly the table shown, as CSV or XLSX.
fn export_table(name: &str, table: kefu_lens::export::Table, xlsx: bool) {
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

fn report_table(
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
fn ExportButtons(
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

/// Rows in the order the user sorted them (by a metric, descending or not;
/// ties keep report order).
fn sorted_rows(mut rows: Vec<kefu_lens::engine::Row>, sort: &(String, bool)) -> Vec<kefu_lens::engine::Row> {
    let (key, desc) = sort;
    let val = |m: &Metrics| m.get(key).unwrap_or(f64::MIN);
    rows.sort_by(|a, b| {
        let o = val(&a.metrics).partial_cmp(&val(&b.metrics)).unwrap_or(std::cmp::Ordering::Equal);
        if *desc {
            o.reverse()
        } else {
            o
        }
    });
    rows
}

/// Change of a metric against the previous period: `↑12.5%` for counts and
/// amounts, `↑1.2pt` for rates, `↓8s` for durations. The class says whether
/// the change is good or bad for the shop (shorter waits are good).
fn change(prev: &Metrics, cur: &Metrics, key: &str) -> Option<(String, &'static str)> {
    let (p, c) = (prev.get(key)?, cur.get(key)?);
    let lower_is_better = key.ends_with("_secs") || key == "unreplied_buyers";
    let d = c - p;
    if d.abs() < 1e-12 {
        return Some(("→ 0".into(), "flat"));
    }
    let arrow = if d > 0.0 { "↑" } else { "↓" };
    let class = if (d > 0.0) != lower_is_better { "good" } else { "bad" };
    let txt = if key.contains("rate") || key.contains("conversion") {
        format!("{arrow}{:.1}pt", d.abs() * 100.0)
    } else if key.ends_with("_secs") {
        format!("{arrow}{:.0}s", d.abs())
    } else if p.abs() > 1e-12 {
        format!("{arrow}{:.1}%", d.abs() / p.abs() * 100.0)
    } else {
        return None;
    };
    Some((txt, class))
}

/// 我的绩效: one agent's numbers, its rank among all agents for each, and
/// its daily trend (shown when the agent filter names one agent).
#[component]
fn MyPerf(ui: Ui) -> impl IntoView {
    let all = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    // The agent's days: one query for the trend chart and its table.
    let by_day = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(QueryKind::Report { query: Query { by: vec![Dim::Day], filter } }, move |a| {
            if let Answer::Report { report } = a {
                by_day.set(report.rows);
            }
        });
    });
    Effect::new(move |_| {
        let mut f = ui.filter.get();
        f.agents.clear();
        client::query(QueryKind::Report { query: Query { by: vec![Dim::Agent], filter: f } }, move |a| {
            if let Answer::Report { report } = a {
                all.set(report.rows);
            }
        });
    });
    const LOWER_BETTER: [&str; 4] =
        ["avg_response_secs", "first_response_secs", "avg_reception_secs", "unreplied_buyers"];
    view! {
        <section class="my-perf" id="my-perf">
            {move || {
                let lang = ui.lang.get();
                let me = ui.filter.get().agents.first().cloned().unwrap_or_default();
                let rows = all.get();
                let n = rows.len();
                let mine = rows.iter().find(|r| r.key.get("agent") == Some(&me)).cloned();
                view! {
                    <h3>{tr(lang, "my_perf")}" · "{me.clone()}</h3>
                    <div class="cards">
                        {AGENT_COLUMNS.iter().filter_map(|&k| {
                            let m = mine.as_ref()?;
                            let val = |r: &kefu_lens::engine::Row| r.metrics.get(k);
                            let my_v = val(m)?;
                            let lower = LOWER_BETTER.contains(&k);
                            let better = rows.iter().filter(|r| val(r).is_some_and(|v| if lower { v < my_v } else { v > my_v })).count();
                            let (shown, raw) = metric_text(&m.metrics, k, lang);
                            Some(view! {
                                <div class="card">
                                    <span class="card-label">{tr(lang, k)}</span>
                                    <b class="card-value" data-metric=k data-value=raw>{shown}</b>
                                    <span class="rank" data-rank=k>{format!("{} {}/{}", tr(lang, "rank"), better + 1, n)}</span>
                                </div>
                            })
                        }).collect_view()}
                    </div>
                }
            }}
            <h3>{t(ui, "my_trend")}</h3>
            <TrendChart ui id="my-trend-chart" default_metric="consult_buyers" rows_from=by_day/>
            <KeyedTable ui id="my-trend-table" by=vec![Dim::Day] rows_from=by_day
                columns=&["consult_buyers", "reception_buyers", "response_rate_3min", "avg_response_secs", "paid_buyers_same_day", "sales_amount"]/>
        </section>
    }
}

/// Consultation categories (spec §7): the tree with roll-up counts and shares,
/// category × day, category × agent, and 未分类 per agent.
#[component]
fn Categories(ui: Ui) -> impl IntoView {
    let rows = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    let unclassified = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(
            QueryKind::Report { query: Query { by: vec![Dim::Category], filter: filter.clone() } },
            move |a| {
                if let Answer::Report { report } = a {
                    rows.set(report.rows);
                }
            },
        );
        client::query(QueryKind::Report { query: Query { by: vec![Dim::Agent, Dim::Category], filter } }, move |a| {
            if let Answer::Report { report } = a {
                unclassified.set(
                    report
                        .rows
                        .into_iter()
                        .filter(|r| r.key.get("category_code").map(String::as_str) == Some("未分类"))
                        .collect(),
                );
            }
        });
    });
    let collapsed = RwSignal::new(std::collections::HashSet::<String>::new());
    view! {
        <div id="view-categories">
            <TreeEditor ui/>
            <h3>{t(ui, "category_tree")}</h3>
            <p class="hint">{t(ui, "category_hint")}</p>
            <table class="grid" id="category-tree">
                <thead><tr><th>{t(ui, "category_path")}</th><th>{t(ui, "category_code")}</th><th>{t(ui, "consult_buyers")}</th><th>{t(ui, "share")}</th>
                    <th>{t(ui, "reception_buyers")}</th><th>{t(ui, "avg_response_secs")}</th><th>{t(ui, "inquiry_conversion_final")}</th></tr></thead>
                <tbody>
                    {move || {
                        let lang = ui.lang.get();
                        let rows = rows.get();
                        // Top-level rows (and 未分类) add up to all conversation-days.
                        let total: u64 = rows.iter().filter(|r| {
                            let c = r.key.get("category_code").cloned().unwrap_or_default();
                            !c.contains('.')
                        }).map(|r| r.metrics.consult_buyers).sum();
                        let hidden = collapsed.get();
                        rows.into_iter().filter(|r| {
                            let code = r.key.get("category_code").cloned().unwrap_or_default();
                            !hidden.iter().any(|h| code.starts_with(&format!("{h}.")))
                        }).map(|r| {
                            let code = r.key.get("category_code").cloned().unwrap_or_default();
                            let path = r.key.get("category_path").cloned().unwrap_or_default();
                            let depth = if code == "未分类" { 0 } else { code.matches('.').count() };
                            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                            let share = if total > 0 { Some(r.metrics.consult_buyers as f64 / total as f64) } else { None };
                            let code2 = code.clone();
                            let is_open = !hidden.contains(&code);
                            let key = r.key.clone();
                            let cells = ["reception_buyers", "avg_response_secs", "inquiry_conversion_final"].into_iter().map(|k| {
                                let (shown, raw) = metric_text(&r.metrics, k, lang);
                                view! { <td class="num" data-metric=k data-value=raw>{shown}</td> }
                            }).collect_view();
                            view! {
                                <tr data-code=code.clone()>
                                    <td style:padding-left=format!("{}px", 8 + depth * 20)>
                                        <button class="button ghost small toggle" on:click=move |_| collapsed.update(|c| { if !c.remove(&code2) { c.insert(code2.clone()); } })>
                                            {if is_open { "▾" } else { "▸" }}</button>" "{name}</td>
                                    <td>{code.clone()}</td>
                                    <td class="num"><a href="#" data-metric="consult_buyers" data-value=r.metrics.consult_buyers.to_string()
                                        on:click=move |ev| { ev.prevent_default(); open_drill(ui, "consult_buyers", key.clone()); }>{format::int(r.metrics.consult_buyers)}</a></td>
                                    <td class="num" data-share=share.map(|x| x.to_string()).unwrap_or_default()>{format::pct(share)}</td>
                                    {cells}
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <CategoryStack ui/>
            <h3>{t(ui, "category_by_day")}</h3>
            <KeyedTable ui id="category-day-table" by=vec![Dim::Day, Dim::Category] columns=&["consult_buyers"]/>
            <h3>{t(ui, "unclassified_by_agent")}</h3>
            <table class="grid small" id="unclassified-table">
                <thead><tr><th>{t(ui, "agent")}</th><th>{t(ui, "consult_buyers")}</th></tr></thead>
                <tbody>
                    {move || {
                        let mut v = unclassified.get();
                        v.sort_by(|a, b| b.metrics.consult_buyers.cmp(&a.metrics.consult_buyers));
                        v.into_iter().map(|r| {
                            let key = r.key.clone();
                            view! { <tr><td>{r.key.get("agent").cloned().unwrap_or_default()}</td>
                                <td class="num" data-metric="consult_buyers" data-value=r.metrics.consult_buyers.to_string()
                                    on:click=move |_| open_drill(ui, "consult_buyers", key.clone())>{format::int(r.metrics.consult_buyers)}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <h3>{t(ui, "category_by_agent")}</h3>
            <KeyedTable ui id="category-agent-table" by=vec![Dim::Category, Dim::Agent] columns=&["consult_buyers", "reception_buyers", "avg_response_secs"]/>
        </div>
    }
}

/// KPI score (spec §8): items, attainment per tier, scores, tier and rank;
/// weights and targets editable (what-if) without re-reading files.
#[component]
fn KpiView(ui: Ui) -> impl IntoView {
    let report = RwSignal::new(None::<kefu_lens::engine::kpi::KpiReport>);
    let manual_scores = RwSignal::new(load_json::<ManualScores>(MANUAL_KEY).unwrap_or_default());
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        let manual = manual_scores.get();
        client::query(QueryKind::Kpi { filter, manual }, move |a| {
            if let Answer::Kpi { report: r } = a {
                report.set(Some(r));
            }
        });
    });
    // The template rows below are keyed: an input is never re-created while
    // the user edits; its value follows the settings reactively.
    let template = move || {
        ui.settings.get().or_else(|| ui.loaded.get().map(|l| l.settings)).map(|s| s.kpi_template()).unwrap_or_default()
    };
    let edit = move |i: usize, field: &'static str, tier: usize, v: f64| {
        let mut s = current_settings(ui);
        let mut tpl = s.kpi_template();
        if let Some(item) = tpl.items.get_mut(i) {
            match field {
                "weight" => item.weight = v.max(0.0),
                _ => {
                    if let Some(t) = item.targets.get_mut(tier) {
                        *t = v;
                    }
                }
            }
        }
        s.kpi = Some(tpl);
        apply_settings(ui, s);
    };
    view! {
        <div id="view-kpi">
            <h3>{t(ui, "kpi_template")}</h3>
            <p class="hint">{t(ui, "kpi_hint")}</p>
            <table class="grid small" id="kpi-template">
                <thead><tr>
                    <th>{t(ui, "metric")}</th><th>{t(ui, "weight")}</th>
                    {move || template().tiers.into_iter().map(|tn| view! { <th>{tn}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    <For each={move || (0..template().items.len()).collect::<Vec<usize>>()} key={|i: &usize| *i} let:i>
                        <tr data-item=move || template().items.get(i).map(|it| it.metric.clone()).unwrap_or_default()>
                            <td>{move || {
                                let lang = ui.lang.get();
                                template().items.get(i).map(|it| format!("{}{}", tr(lang, i18n_key(&it.metric)), if it.per_day { tr(lang, "per_day") } else { "" })).unwrap_or_default()
                            }}</td>
                            <td><input type="number" class="kpi-weight" min="0" step="1"
                                prop:value=move || template().items.get(i).map(|it| it.weight.to_string()).unwrap_or_default()
                                on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { edit(i, "weight", 0, v) } }/></td>
                            <For each={move || (0..template().items.get(i).map(|it| it.targets.len()).unwrap_or(0)).collect::<Vec<usize>>()} key={|ti: &usize| *ti} let:ti>
                                <td><input type="number" class="kpi-target" step="any"
                                    prop:value=move || template().items.get(i).and_then(|it| it.targets.get(ti)).map(|v| v.to_string()).unwrap_or_default()
                                    on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { edit(i, "target", ti, v) } }/></td>
                            </For>
                        </tr>
                    </For>
                </tbody>
            </table>
            <div class="actions left">
                <button class="button" id="kpi-seed003" on:click=move |_| { let mut s = current_settings(ui); s.kpi = Some(kefu_lens::settings::KpiTemplate::seed003()); apply_settings(ui, s); }>{t(ui, "kpi_seed003")}</button>
                <button class="button" id="kpi-seed002" on:click=move |_| { let mut s = current_settings(ui); s.kpi = Some(kefu_lens::engine::kpi::seed002_template()); apply_settings(ui, s); }>{t(ui, "kpi_seed002")}</button>
                <button class="button" on:click=move |_| download_text("kpi-template.json", &serde_json::to_string_pretty(&template()).unwrap_or_default(), "application/json")>{t(ui, "export_settings")}</button>
            </div>
            {move || {
                let manual_items: Vec<String> = template().items.into_iter().map(|i| i.metric).filter(|m| m.starts_with("manual:")).collect();
                if manual_items.is_empty() { return None; }
                let agents = ui.loaded.get().map(|l| l.agents).unwrap_or_default();
                let lang = ui.lang.get();
                let scores = manual_scores.get_untracked();
                Some(view! {
                    <h3>{tr(lang, "manual_scores")}</h3>
                    <p class="hint">{tr(lang, "manual_hint")}</p>
                    <table class="grid small" id="manual-scores">
                        <thead><tr><th>{tr(lang, "agent")}</th>{manual_items.iter().map(|m| view! { <th>{manual_label(lang, m)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {agents.into_iter().map(|a| view! {
                                <tr data-agent=a.clone()><td>{a.clone()}</td>
                                    {manual_items.iter().map(|m| {
                                        let (a2, m2) = (a.clone(), m.clone());
                                        let cur = scores.get(&a).and_then(|x| x.get(m)).map(|v| v.to_string()).unwrap_or_default();
                                        view! { <td><input type="number" min="0" max="100" class="manual-score" prop:value=cur on:change=move |ev| {
                                            let v = event_target_value(&ev).parse::<f64>().ok();
                                            manual_scores.update(|ms| {
                                                let e = ms.entry(a2.clone()).or_default();
                                                match v { Some(v) => { e.insert(m2.clone(), v.clamp(0.0, 100.0)); } None => { e.remove(&m2); } }
                                            });
                                            save_json(MANUAL_KEY, &manual_scores.get_untracked());
                                        }/></td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <button class="button small" on:click=move |_| download_text("manual-scores.json", &serde_json::to_string_pretty(&manual_scores.get_untracked()).unwrap_or_default(), "application/json")>{tr(lang, "export_settings")}</button>
                })
            }}
            <h3>{t(ui, "kpi_scores")}</h3>
            <div class="table-scroll">
            <table class="grid" id="kpi-table">
                <thead><tr>
                    <th>{t(ui, "rank")}</th><th>{t(ui, "agent")}</th><th>{t(ui, "active_days")}</th>
                    {move || template().tiers.into_iter().map(|tn| view! { <th>{tn}{t(ui, "score")()}</th> }).collect_view()}
                    <th>{t(ui, "tier")}</th>
                    {move || { let lang = ui.lang.get(); template().items.into_iter().map(|it| view! { <th>{tr(lang, i18n_key(&it.metric))}</th> }).collect_view() }}
                </tr></thead>
                <tbody>
                    {move || report.get().map(|r| r.rows).unwrap_or_default().into_iter().map(|row| {
                        let lang = ui.lang.get();
                        view! {
                            <tr data-agent=row.agent.clone() data-rank=row.rank.to_string()>
                                <td class="num">{row.rank}</td>
                                <td>{row.agent.clone()}</td>
                                <td class="num">{row.active_days}</td>
                                {row.scores.iter().map(|sc| view! { <td class="num" data-score=sc.to_string()>{format!("{sc:.1}")}</td> }).collect_view()}
                                <td data-tier=row.tier.clone().unwrap_or_default()>{row.tier.clone().unwrap_or_else(|| "—".into())}</td>
                                {row.items.iter().map(|it| {
                                    // Weighted score of this item at the top tier: 100 × weight × attainment / Σ weight.
                                    let tpl = template();
                                    let total_w: f64 = tpl.items.iter().map(|x| x.weight.max(0.0)).sum();
                                    let w = tpl.items.iter().find(|x| x.metric == it.metric).map(|x| x.weight.max(0.0)).unwrap_or(0.0);
                                    let item_score = if total_w > 0.0 { 100.0 * w * it.attainment.last().copied().unwrap_or(0.0) / total_w } else { 0.0 };
                                    let shown = match it.actual {
                                        Some(v) if it.metric.ends_with("_secs") => format::duration(Some(v), lang.zh()),
                                        Some(v) if it.metric.contains("rate") || it.metric.contains("conversion") => format::pct(Some(v)),
                                        Some(v) => format!("{v:.1}"),
                                        None => "—".into(),
                                    };
                                    // Rounded down: 99.9% must not read as met.
                                    let att = it.attainment.iter().map(|a| format!("{:.0}%", (a * 100.0).floor())).collect::<Vec<_>>().join(" / ");
                                    view! { <td class="num" data-metric=it.metric.clone() data-value=it.actual.map(|v| v.to_string()).unwrap_or_default()>
                                        {shown}<br/><small class="attain" data-attainment={it.attainment.iter().map(|a| a.to_string()).collect::<Vec<String>>().join(",")}>{att}</small>
                                        <br/><small class="attain" data-item-score=item_score.to_string()>{format!("{}{:.1}", tr(lang, "item_score"), item_score)}</small></td> }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </div>
    }
}

use kefu_lens::settings::CategoryNode;

fn siblings_mut<'a>(tree: &'a mut Vec<CategoryNode>, parent: &[usize]) -> Option<&'a mut Vec<CategoryNode>> {
    let mut cur = tree;
    for &i in parent {
        cur = &mut cur.get_mut(i)?.children;
    }
    Some(cur)
}

fn node_mut<'a>(tree: &'a mut Vec<CategoryNode>, path: &[usize]) -> Option<&'a mut CategoryNode> {
    let (last, parent) = path.split_last()?;
    siblings_mut(tree, parent)?.get_mut(*last)
}

fn flatten(tree: &[CategoryNode], prefix: &mut Vec<usize>, out: &mut Vec<(Vec<usize>, CategoryNode)>) {
    for (i, n) in tree.iter().enumerate() {
        prefix.push(i);
        out.push((prefix.clone(), CategoryNode { children: Vec::new(), ..n.clone() }));
        flatten(&n.children, prefix, out);
        prefix.pop();
    }
}

/// Edit the consultation category tree (any depth): rename, recode, set
/// keywords or a regex, add children, move among siblings, delete; start
/// from the seed-003 clothing-shop example; import/export as JSON.
#[component]
fn TreeEditor(ui: Ui) -> impl IntoView {
    let draft = RwSignal::new(Vec::<CategoryNode>::new());
    let dirty = RwSignal::new(false);
    // Follow the settings, but never over unapplied edits.
    Effect::new(move |_| {
        let tree = current_settings_tracked(ui).categories;
        if !dirty.get_untracked() {
            draft.set(tree);
        }
    });
    let edit = move |f: Box<dyn FnOnce(&mut Vec<CategoryNode>)>| {
        draft.update(|t| f(t));
        dirty.set(true);
    };
    let apply = move |_| {
        let mut s = current_settings(ui);
        s.categories = draft.get_untracked();
        dirty.set(false);
        apply_settings(ui, s);
    };
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let import = move |_| {
        let Some(f) = file_ref.get().and_then(|i| i.files()).and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let Ok(v) = wasm_bindgen_futures::JsFuture::from(f.text()).await else { return };
            let json = v.as_string().unwrap_or_default();
            // A bare tree, or a settings file holding `categories`.
            let tree = serde_json::from_str::<Vec<CategoryNode>>(&json)
                .or_else(|_| kefu_lens::Settings::from_json(&json).map(|s| s.categories));
            match tree {
                Ok(t) => {
                    draft.set(t);
                    dirty.set(true);
                }
                Err(e) => ui.error.set(Some(format!("{}{e}", tr(ui.lang.get_untracked(), "settings_bad")))),
            }
        });
    };
    view! {
        <details class="tree-editor" id="tree-editor">
            <summary>{t(ui, "edit_tree")}</summary>
            <p class="hint">{t(ui, "edit_tree_hint")}</p>
            <table class="grid small" id="tree-edit-table">
                <thead><tr><th>{t(ui, "category_path")}</th><th>{t(ui, "category_code")}</th><th>{t(ui, "keywords")}</th><th>"regex"</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let mut flat = Vec::new();
                        flatten(&draft.get(), &mut Vec::new(), &mut flat);
                        flat.into_iter().map(|(path, n)| {
                            let depth = path.len() - 1;
                            let (p1, p2, p3, p4, p5, p6, p7, p8) = (path.clone(), path.clone(), path.clone(), path.clone(), path.clone(), path.clone(), path.clone(), path.clone());
                            view! {
                                <tr data-edit-code=n.code.clone()>
                                    <td style:padding-left=format!("{}px", 6 + depth * 18)>
                                        <input class="node-name" prop:value=n.name.clone() on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p1.clone();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.name = v; }));
                                        }/></td>
                                    <td><input class="node-code" size="7" prop:value=n.code.clone() on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p2.clone();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.code = v; }));
                                        }/></td>
                                    <td><input class="node-keywords" prop:value=n.keywords.join("，") on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p3.clone();
                                            let kw: Vec<String> = v.split([',', '，', ' ']).filter(|x| !x.is_empty()).map(str::to_string).collect();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.keywords = kw; }));
                                        }/></td>
                                    <td><input class="node-regex" size="10" prop:value=n.regex.clone().unwrap_or_default() on:change=move |ev| {
                                            let v = event_target_value(&ev); let p = p4.clone();
                                            edit(Box::new(move |t| if let Some(n) = node_mut(t, &p) { n.regex = Some(v).filter(|x| !x.is_empty()); }));
                                        }/></td>
                                    <td class="tree-buttons">
                                        <button class="button small add-child" title=t(ui, "add_child") on:click=move |_| { let p = p5.clone(); edit(Box::new(move |t| {
                                            if let Some(n) = node_mut(t, &p) {
                                                let code = format!("{}.{}", n.code, n.children.len() + 1);
                                                n.children.push(CategoryNode { code, name: "新类目".into(), ..Default::default() });
                                            }
                                        })); }>"+"</button>
                                        <button class="button small move-up" title=t(ui, "move_up") on:click=move |_| { let p = p6.clone(); edit(Box::new(move |t| {
                                            if let Some((&i, parent)) = p.split_last() { if i > 0 { if let Some(sib) = siblings_mut(t, parent) { sib.swap(i, i - 1); } } }
                                        })); }>"↑"</button>
                                        <button class="button small move-down" title=t(ui, "move_down") on:click=move |_| { let p = p7.clone(); edit(Box::new(move |t| {
                                            if let Some((&i, parent)) = p.split_last() { if let Some(sib) = siblings_mut(t, parent) { if i + 1 < sib.len() { sib.swap(i, i + 1); } } }
                                        })); }>"↓"</button>
                                        <button class="button small outdent" title=t(ui, "outdent") on:click={let p = path.clone(); move |_| { let p = p.clone(); edit(Box::new(move |t| {
                                            // Become the next sibling of the parent.
                                            if p.len() < 2 { return; }
                                            let (i, parent) = (p[p.len() - 1], &p[..p.len() - 1]);
                                            let Some(sib) = siblings_mut(t, parent) else { return };
                                            if i >= sib.len() { return; }
                                            let node = sib.remove(i);
                                            let (pi, grand) = (parent[parent.len() - 1], &parent[..parent.len() - 1]);
                                            if let Some(g) = siblings_mut(t, grand) { g.insert(pi + 1, node); }
                                        })); }}>"←"</button>
                                        <button class="button small indent" title=t(ui, "indent") on:click={let p = path.clone(); move |_| { let p = p.clone(); edit(Box::new(move |t| {
                                            // Become the last child of the previous sibling.
                                            let Some((&i, parent)) = p.split_last() else { return };
                                            if i == 0 { return; }
                                            let Some(sib) = siblings_mut(t, parent) else { return };
                                            if i >= sib.len() { return; }
                                            let node = sib.remove(i);
                                            sib[i - 1].children.push(node);
                                        })); }}>"→"</button>
                                        <button class="button small delete-node" title=t(ui, "remove") on:click=move |_| { let p = p8.clone(); edit(Box::new(move |t| {
                                            if let Some((&i, parent)) = p.split_last() { if let Some(sib) = siblings_mut(t, parent) { if i < sib.len() { sib.remove(i); } } }
                                        })); }>"×"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <div class="actions left">
                <button class="button" id="tree-add-root" on:click=move |_| edit(Box::new(|t| {
                    let code = (t.len() + 1).to_string();
                    t.push(CategoryNode { code, name: "新类目".into(), ..Default::default() });
                }))>{t(ui, "add_root")}</button>
                <button class="button" id="tree-seed" on:click=move |_| edit(Box::new(|t| *t = kefu_lens::engine::category::seed003_example()))>{t(ui, "tree_seed")}</button>
                <button class="button primary" id="tree-apply" prop:disabled=move || !dirty.get() on:click=apply>{t(ui, "apply")}</button>
                <button class="button" on:click=move |_| download_text("categories.json", &serde_json::to_string_pretty(&draft.get_untracked()).unwrap_or_default(), "application/json")>{t(ui, "export_tree")}</button>
                <label class="button">{t(ui, "import_tree")}
                    <input type="file" accept=".json,application/json" node_ref=file_ref on:change=import class="hidden-file"/>
                </label>
            </div>
        </details>
    }
}

type ManualScores = std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>;
const MANUAL_KEY: &str = "kefu-lens.kpi-manual";
const HANDLED_KEY: &str = "kefu-lens.alerts-handled";

fn load_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    storage().and_then(|s| s.get_item(key).ok().flatten()).and_then(|j| serde_json::from_str(&j).ok())
}

fn save_json<T: serde::Serialize>(key: &str, v: &T) {
    if let (Some(s), Ok(j)) = (storage(), serde_json::to_string(v)) {
        let _ = s.set_item(key, &j);
    }
}

fn manual_label(lang: Lang, m: &str) -> &'static str {
    match m {
        "manual:work_performance" => tr(lang, "manual_work"),
        "manual:execution" => tr(lang, "manual_exec"),
        _ => tr(lang, "metric"),
    }
}

#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
struct Handled {
    note: String,
    at: String,
}

const ALERT_RULES: [&str; 6] =
    ["wait", "reply_timeout", "low_rating", "sensitive_words", "complaint", "unpaid_no_reminder"];
const ALERTS_PAGE: usize = 100;

/// Quality alerts (seeds 002, 004): rules switchable with thresholds, the list
/// with drill to the transcript, counts per agent and per rule, handled state
/// with a note kept in this browser and exported as CSV.
#[component]
fn AlertsView(ui: Ui) -> impl IntoView {
    let rows = RwSignal::new(Vec::<kefu_lens::engine::alerts::Alert>::new());
    let by_agent = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let by_rule = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let handled =
        RwSignal::new(load_json::<std::collections::BTreeMap<String, Handled>>(HANDLED_KEY).unwrap_or_default());
    let rule_filter = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(QueryKind::Alerts { filter }, move |a| {
            if let Answer::Alerts { rows: r, by_agent: ba, by_rule: br } = a {
                page.set(0);
                rows.set(r);
                by_agent.set(ba);
                by_rule.set(br);
            }
        });
    });
    let rules_json = move || serde_json::to_value(current_settings(ui).alert_rules()).unwrap_or_default();
    let set_rule = move |rule: &'static str, field: &'static str, v: serde_json::Value| {
        let mut s = current_settings(ui);
        let mut j = serde_json::to_value(s.alert_rules()).unwrap_or_default();
        j[rule][field] = v;
        if let Ok(r) = serde_json::from_value(j) {
            s.alerts = Some(r);
            apply_settings(ui, s);
        }
    };
    let shown = move || {
        let rf = rule_filter.get();
        rows.get().into_iter().filter(|a| rf.is_empty() || a.rule == rf).collect::<Vec<_>>()
    };
    view! {
        <div id="view-alerts">
            <h3>{t(ui, "alert_rules")}</h3>
            <div class="rules" id="alert-rules">
                {move || {
                    let lang = ui.lang.get();
                    let j = rules_json();
                    let _ = ui.loaded.get();
                    ALERT_RULES.iter().map(|&r| {
                        let on = j[r]["enabled"].as_bool().unwrap_or(false);
                        let threshold = match r {
                            "wait" => Some(("yellow_secs", j[r]["yellow_secs"].clone())),
                            "reply_timeout" => Some(("secs", j[r]["secs"].clone())),
                            "low_rating" => Some(("max_score", j[r]["max_score"].clone())),
                            "unpaid_no_reminder" => Some(("within_secs", j[r]["within_secs"].clone())),
                            _ => None,
                        };
                        let red = (r == "wait").then(|| j[r]["red_secs"].clone());
                        view! {
                            <div class="rule" data-rule=r>
                                <label><input type="checkbox" class="rule-enabled" prop:checked=on on:change=move |ev| set_rule(r, "enabled", serde_json::Value::Bool(event_target_checked(&ev)))/>
                                    {tr(lang, rule_key(r))}</label>
                                {threshold.map(|(field, v)| view! {
                                    <input type="number" class="rule-threshold" data-field=field min="0" prop:value=v.to_string()
                                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u64>() { set_rule(r, field, n.into()) } }/>
                                })}
                                {red.map(|v| view! {
                                    <input type="number" class="rule-threshold" data-field="red_secs" min="0" prop:value=v.to_string()
                                        on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u64>() { set_rule(r, "red_secs", n.into()) } }/>
                                })}
                            </div>
                        }
                    }).collect_view()
                }}
                <p class="hint">{t(ui, "alert_rules_hint")}</p>
            </div>
            <div class="alert-counts">
                <table class="grid small" id="alerts-by-rule">
                    <thead><tr><th>{t(ui, "rule")}</th><th>{t(ui, "count")}</th></tr></thead>
                    <tbody>{move || { let lang = ui.lang.get(); by_rule.get().into_iter().map(|(r, n)| {
                        let r2 = r.clone();
                        view! { <tr data-rule=r.clone()><td><a href="#" on:click=move |ev| { ev.prevent_default(); rule_filter.set(r2.clone()); page.set(0); }>{tr(lang, rule_key(&r))}</a></td><td class="num" data-count=n.to_string()>{format::int(n)}</td></tr> }
                    }).collect_view() }}</tbody>
                </table>
                <table class="grid small" id="alerts-by-agent">
                    <thead><tr><th>{t(ui, "agent")}</th><th>{t(ui, "count")}</th></tr></thead>
                    <tbody>{move || by_agent.get().into_iter().map(|(a, n)| { let a2 = a.clone(); view! { <tr data-agent=a2><td>{a}</td><td class="num" data-count=n.to_string()>{format::int(n)}</td></tr> } }).collect_view()}</tbody>
                </table>
            </div>
            <div class="table-tools">
                <select id="alert-rule-filter" on:change=move |ev| { rule_filter.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{t(ui, "all_rules")}</option>
                    {move || { let lang = ui.lang.get(); ["wait_yellow", "wait_red", "reply_timeout", "low_rating", "sensitive_word", "complaint", "unpaid_no_reminder"].into_iter()
                        .map(|r| view! { <option value=r selected=rule_filter.get() == r>{tr(lang, rule_key(r))}</option> }).collect_view() }}
                </select>
                <ExportButtons name="alerts" ui table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = ui.lang.get_untracked();
                    let h = handled.get_untracked();
                    let headers = headers(lang, &["time", "agent", "buyer", "rule", "level", "excerpt", "handled", "note"]);
                    let rows = shown().into_iter().map(|a| {
                        let hd = h.get(&a.id);
                        vec![Cell::Text(a.time), Cell::Text(a.agent), Cell::Text(a.buyer), Cell::Text(tr(lang, rule_key(&a.rule)).to_string()),
                             Cell::Text(a.level), Cell::Text(a.excerpt), Cell::Text(hd.map(|x| x.at.clone()).unwrap_or_default()),
                             Cell::Text(hd.map(|x| x.note.clone()).unwrap_or_default())]
                    }).collect();
                    Table { headers, rows }
                })/>
            </div>
            <table class="grid" id="alerts-table">
                <thead><tr><th>{t(ui, "time")}</th><th>{t(ui, "agent")}</th><th>{t(ui, "buyer")}</th><th>{t(ui, "rule")}</th>
                    <th>{t(ui, "excerpt")}</th><th>{t(ui, "handled")}</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let lang = ui.lang.get();
                        let h = handled.get();
                        shown().into_iter().skip(page.get() * ALERTS_PAGE).take(ALERTS_PAGE).map(|a| {
                            let id = a.id.clone();
                            let id2 = a.id.clone();
                            let done = h.get(&a.id).cloned();
                            let is_done = done.is_some();
                            let conv = a.conv;
                            view! {
                                <tr class=format!("alert {}{}", a.level, if is_done { " handled" } else { "" }) data-alert=a.id.clone() data-rule=a.rule.clone()>
                                    <td>{a.time.clone()}</td><td>{a.agent.clone()}</td><td>{a.buyer.clone()}</td>
                                    <td><span class=format!("level {}", a.level)>{tr(lang, rule_key(&a.rule))}</span></td>
                                    <td class="excerpt">{a.excerpt.clone()}</td>
                                    <td>
                                        <input type="checkbox" class="alert-handled" prop:checked=is_done on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            handled.update(|m| { if on { m.insert(id.clone(), Handled { note: String::new(), at: now_string() }); } else { m.remove(&id); } });
                                            save_json(HANDLED_KEY, &handled.get_untracked());
                                        }/>
                                        {done.map(|d| view! { <input type="text" class="alert-note" placeholder=tr(lang, "note") prop:value=d.note on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            handled.update(|m| if let Some(x) = m.get_mut(&id2) { x.note = v; });
                                            save_json(HANDLED_KEY, &handled.get_untracked());
                                        }/> })}
                                    </td>
                                    <td>{conv.map(|c| view! { <button class="button small open-chat" on:click=move |_| {
                                        client::query(QueryKind::Transcript { conv: c }, move |a| { if let Answer::Transcript { transcript } = a { ui.transcript.set(transcript); } });
                                    }>{tr(lang, "open")}</button> })}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            {move || {
                let n = shown().len();
                let pages = n.div_ceil(ALERTS_PAGE).max(1);
                let p = page.get().min(pages - 1);
                (pages > 1).then(|| view! {
                    <div class="pager">
                        <button class="button small" prop:disabled={p == 0} on:click=move |_| page.update(|x| *x = x.saturating_sub(1))>"‹"</button>
                        <span>{format!("{} / {} · {}", p + 1, pages, format::int(n as u64))}</span>
                        <button class="button small" prop:disabled={p + 1 >= pages} on:click=move |_| page.update(|x| *x += 1)>"›"</button>
                    </div>
                })
            }}
        </div>
    }
}

fn rule_key(r: &str) -> &'static str {
    match r {
        "wait" => "rule_wait",
        "wait_yellow" => "rule_wait_yellow",
        "wait_red" => "rule_wait_red",
        "reply_timeout" => "rule_reply_timeout",
        "low_rating" => "rule_low_rating",
        "sensitive_words" | "sensitive_word" => "rule_sensitive",
        "complaint" => "rule_complaint",
        "unpaid_no_reminder" => "rule_unpaid",
        _ => "rule",
    }
}

fn now_string() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

const BIG_ROTATE_MS: i32 = 8000;

/// The wall display (seed 004): one panel per team, rotating on a timer,
/// readable from across a room. Esc or the × closes it.
#[component]
fn BigScreen(ui: Ui) -> impl IntoView {
    let teams = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    let shop = RwSignal::new(None::<Metrics>);
    let alerts_by_agent = RwSignal::new(std::collections::BTreeMap::<String, u64>::new());
    let idx = RwSignal::new(0usize);
    let filter = ui.filter.get_untracked();
    client::query(QueryKind::Report { query: Query { by: vec![Dim::Team], filter: filter.clone() } }, move |a| {
        if let Answer::Report { report } = a {
            teams.set(report.rows);
        }
    });
    client::query(QueryKind::Report { query: Query { by: vec![], filter: filter.clone() } }, move |a| {
        if let Answer::Report { report } = a {
            shop.set(report.rows.into_iter().next().map(|r| r.metrics));
        }
    });
    client::query(QueryKind::Alerts { filter }, move |a| {
        if let Answer::Alerts { by_agent, .. } = a {
            alerts_by_agent.set(by_agent);
        }
    });
    // Rotate through the teams.
    let tick = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let n = teams.get_untracked().len().max(1);
        idx.update(|i| *i = (*i + 1) % n);
    });
    let win = web_sys::window();
    let interval = win.as_ref().and_then(|w| {
        w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), BIG_ROTATE_MS).ok()
    });
    // The closure lives as long as the page; the interval is cleared on close.
    tick.forget();
    on_cleanup(move || {
        if let (Some(w), Some(id)) = (web_sys::window(), interval) {
            w.clear_interval_with_handle(id);
        }
    });
    let team_of = move |agent: &str| -> String {
        ui.loaded
            .get_untracked()
            .and_then(|l| l.settings.account(agent).and_then(|a| a.team.first().cloned()))
            .unwrap_or_else(|| "未分组".into())
    };
    let tile = move |lang: Lang, m: &Metrics, key: &'static str| {
        let (shown, raw) = metric_text(m, key, lang);
        view! { <div class="big-tile"><span>{tr(lang, key)}</span><b data-metric=key data-value=raw>{shown}</b></div> }
    };
    view! {
        <div class="big-screen" id="big-screen">
            <button class="big-close" id="close-big-screen" on:click=move |_| ui.big.set(false)>"×"</button>
            {move || {
                let lang = ui.lang.get();
                let rows = teams.get();
                if rows.is_empty() { return view! { <p class="big-empty">{tr(lang, "no_rows")}</p> }.into_any(); }
                let i = idx.get() % rows.len();
                let r = rows[i].clone();
                let team = r.key.get("team").cloned().unwrap_or_default();
                let alerts: u64 = alerts_by_agent.get().iter().filter(|(a, _)| team_of(a) == team).map(|(_, n)| n).sum();
                let m = r.metrics;
                view! {
                    <div class="big-head">
                        <h1 data-team=team.clone()>{team.clone()}</h1>
                        <span class="big-pages">{format!("{} / {}", i + 1, rows.len())}</span>
                        <span class="big-span">{ui.filter.get_untracked().from.unwrap_or_default()}" ~ "{ui.filter.get_untracked().to.unwrap_or_default()}</span>
                    </div>
                    <div class="big-grid">
                        {tile(lang, &m, "reception_buyers")}
                        {tile(lang, &m, "first_response_secs")}
                        {tile(lang, &m, "max_first_response_secs")}
                        {tile(lang, &m, "avg_response_secs")}
                        {tile(lang, &m, "max_response_secs")}
                        {tile(lang, &m, "response_rate_3min")}
                        {tile(lang, &m, "satisfaction_rate")}
                        {tile(lang, &m, "rating_rate")}
                        <div class="big-tile alerts"><span>{tr(lang, "tab_alerts")}</span><b data-alerts=alerts.to_string()>{format::int(alerts)}</b></div>
                    </div>
                    <div class="big-dots">
                        {rows.iter().enumerate().map(|(j, t)| {
                            let name = t.key.get("team").cloned().unwrap_or_default();
                            view! { <button class=if j == i { "dot on" } else { "dot" } on:click=move |_| idx.set(j)>{name}</button> }
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            {move || shop.get().map(|m| {
                let lang = ui.lang.get();
                view! { <div class="big-foot">{tr(lang, "shop_total")}": "
                    {tr(lang, "consult_buyers")}" "{format::int(m.consult_buyers)}" · "
                    {tr(lang, "response_rate_3min")}" "{format::pct(m.response_rate_3min)}" · "
                    {tr(lang, "satisfaction_rate")}" "{format::pct(m.satisfaction_rate)}</div> }
            })}
        </div>
    }
}

/// Stacked bars of the top-level categories (and 未分类) per day; click a
/// bar to list that day's conversations.
#[component]
fn CategoryStack(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let layout = RwSignal::new(chart::Layout::default());
    let rows = RwSignal::new(Vec::<kefu_lens::engine::Row>::new());
    Effect::new(move |_| {
        let filter = ui.filter.get();
        let _ = ui.loaded.get();
        client::query(QueryKind::Report { query: Query { by: vec![Dim::Day, Dim::Category], filter } }, move |a| {
            if let Answer::Report { report } = a {
                rows.set(report.rows);
            }
        });
    });
    // (days, top-level categories as (legend name, count per day)), computed
    // once per answer (hover and redraws read it).
    let stack = Memo::new(move |_| -> (Vec<String>, Vec<(String, Vec<f64>)>) {
        rows.with(|rows| {
            let mut days: Vec<String> = rows.iter().filter_map(|r| r.key.get("day").cloned()).collect();
            days.sort();
            days.dedup();
            // Top-level categories only (their counts include their children).
            let mut cats: std::collections::BTreeMap<String, String> = Default::default();
            let mut count: std::collections::HashMap<(&str, &str), f64> = Default::default();
            for r in rows {
                let (Some(code), Some(day)) = (r.key.get("category_code"), r.key.get("day")) else { continue };
                if code.contains('.') {
                    continue;
                }
                cats.entry(code.clone()).or_insert_with(|| r.key.get("category_path").cloned().unwrap_or_default());
                count.insert((day.as_str(), code.as_str()), r.metrics.consult_buyers as f64);
            }
            let series = cats
                .iter()
                .map(|(code, path)| {
                    let vals =
                        days.iter().map(|d| count.get(&(d.as_str(), code.as_str())).copied().unwrap_or(0.0)).collect();
                    (if path.is_empty() { code.clone() } else { path.clone() }, vals)
                })
                .collect();
            (days, series)
        })
    });
    Effect::new(move |_| {
        let (days, series) = stack.get();
        ui.resize.track();
        let Some(c) = canvas.get() else { return };
        let labels: Vec<String> = days.iter().map(|d| d.get(5..).unwrap_or(d).to_string()).collect();
        if let Some(l) = chart::stacked(&c, &labels, &series) {
            layout.set(l);
        }
    });
    view! {
        <div class="chart-box">
            <div class="chart-head"><h3>{t(ui, "category_stack")}</h3></div>
            <ChartCanvas ui id="category-stack" canvas layout
                tip=std::rc::Rc::new(move |i: usize| {
                    stack.with_untracked(|(days, series)| {
                        let day = days.get(i)?;
                        let mut parts: Vec<(f64, &str)> = series.iter().map(|(n, v)| (v.get(i).copied().unwrap_or(0.0), n.as_str())).filter(|p| p.0 > 0.0).collect();
                        parts.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
                        let list: Vec<String> = parts.iter().take(6).map(|(v, n)| format!("{n} {}", format::int(*v as u64))).collect();
                        Some(format!("{day} · {}", list.join(" · ")))
                    })
                })
                pick=std::rc::Rc::new(move |i: usize| {
                    if let Some(d) = stack.with_untracked(|s| s.0.get(i).cloned()) {
                        let mut key = std::collections::BTreeMap::new();
                        key.insert("day".to_string(), d);
                        open_drill(ui, "consult_buyers", key);
                    }
                })
                table=std::rc::Rc::new(move || {
                    use kefu_lens::export::{Cell, Table};
                    let lang = ui.lang.get();
                    let (days, series) = stack.get();
                    let mut headers = vec![tr(lang, "day").to_string()];
                    headers.extend(series.iter().map(|s| s.0.clone()));
                    Table {
                        headers,
                        rows: days.iter().enumerate().map(|(i, d)| {
                            let mut r = vec![Cell::Text(d.clone())];
                            r.extend(series.iter().map(|s| Cell::Int(s.1.get(i).copied().unwrap_or(0.0) as i64)));
                            r
                        }).collect(),
                    }
                })/>
        </div>
    }
}

/// Staff accounts: display name, multi-level team path (团队/小组), and
/// pre-/after-sales role. Each change applies at once (no re-import).
#[component]
fn AccountsEditor(ui: Ui) -> impl IntoView {
    let accounts = move || current_settings_tracked(ui).accounts;
    let edit = move |i: usize, f: Box<dyn FnOnce(&mut kefu_lens::settings::Account)>| {
        let mut s = current_settings(ui);
        if let Some(a) = s.accounts.get_mut(i) {
            f(a);
        }
        apply_settings(ui, s);
    };
    view! {
        <div class="accounts-editor" id="accounts-editor">
            <h4>{t(ui, "accounts")}</h4>
            <p class="hint">{t(ui, "accounts_hint")}</p>
            <table class="grid small" id="accounts-table">
                <thead><tr><th>{t(ui, "nick")}</th><th>{t(ui, "display_name")}</th><th>{t(ui, "team_path")}</th><th>{t(ui, "role")}</th><th></th></tr></thead>
                <tbody>
                    <For each={move || (0..accounts().len()).collect::<Vec<usize>>()} key={|i: &usize| *i} let:i>
                        <tr data-account=move || accounts().get(i).map(|a| a.nick.clone()).unwrap_or_default()>
                            <td>{move || accounts().get(i).map(|a| a.nick.clone()).unwrap_or_default()}</td>
                            <td><input class="acc-name" prop:value=move || accounts().get(i).map(|a| a.name.clone()).unwrap_or_default()
                                on:change=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |a| a.name = v)); }/></td>
                            <td><input class="acc-team" placeholder="售前部/一组" prop:value=move || accounts().get(i).map(|a| a.team.join("/")).unwrap_or_default()
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    let path: Vec<String> = v.split('/').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
                                    edit(i, Box::new(move |a| a.team = path));
                                }/></td>
                            <td><select class="acc-role" on:change=move |ev| {
                                    let role = if event_target_value(&ev) == "aftersales" { kefu_lens::settings::Role::Aftersales } else { kefu_lens::settings::Role::Presales };
                                    edit(i, Box::new(move |a| a.role = role));
                                }>
                                <option value="presales" selected=move || accounts().get(i).map(|a| a.role == kefu_lens::settings::Role::Presales).unwrap_or(true)>{t(ui, "presales")}</option>
                                <option value="aftersales" selected=move || accounts().get(i).map(|a| a.role == kefu_lens::settings::Role::Aftersales).unwrap_or(false)>{t(ui, "aftersales")}</option>
                            </select></td>
                            <td><button class="button small" on:click=move |_| {
                                let mut s = current_settings(ui);
                                if i < s.accounts.len() { s.accounts.remove(i); }
                                apply_settings(ui, s);
                            }>"×"</button></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <button class="button small" id="accounts-add-seen" on:click=move |_| {
                let mut s = current_settings(ui);
                for a in ui.loaded.get_untracked().map(|l| l.agents).unwrap_or_default() {
                    if !s.accounts.iter().any(|x| x.nick == a) {
                        let name = a.rsplit(':').next().unwrap_or(&a).to_string();
                        s.accounts.push(kefu_lens::settings::Account { nick: a, name, ..Default::default() });
                    }
                }
                apply_settings(ui, s);
            }>{t(ui, "accounts_add_seen")}</button>
        </div>
    }
}

fn current_settings_tracked(ui: Ui) -> kefu_lens::Settings {
    ui.settings.get().or_else(|| ui.loaded.get().map(|l| l.settings)).unwrap_or_else(stored_settings)
}
