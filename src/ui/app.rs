use crate::ui::views::{
    agents::Agents, alerts::AlertsView, big_screen::BigScreen, categories::Categories, conversion::Conversion,
    details::Details, hours::Hours, kpi::KpiView, overview::Overview, products::Products, qa::QaView,
    reconcile::ReconcileView, teams::Teams,
};
use crate::ui::*;

#[component]
pub fn App() -> impl IntoView {
    let (app, vs, dr) = provide_state();
    // Esc leaves the big screen, else closes the help, else the transcript,
    // else the drill list.
    let esc = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            if app.big.get_untracked() {
                app.set_big(false);
            } else if app.help.get_untracked().is_some() {
                app.show_help(None);
            } else {
                close_top(dr);
            }
        }
    });
    // Window resized: redraw charts to their new width once it settles.
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let redraw = move || app.resized();
        pending.set_value(set_timeout_with_handle(redraw, std::time::Duration::from_millis(150)).ok());
    });
    on_cleanup(move || {
        esc.remove();
        resize.remove();
    });
    if let Err(e) = api::start(move |e| on_event(app, vs, dr, e)) {
        app.show_error(format!("worker: {e}"));
    }
    Effect::new(move |_| {
        let l = app.lang.get();
        store_lang(l);
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
                    <h1>{t(app, "title")}</h1>
                    <span class="sub">{t(app, "subtitle")}</span>
                </div>
                <div class="privacy">{t(app, "privacy")}</div>
                <button id="lang-toggle" class="lang"
                    on:click=move |_| app.toggle_lang()>
                    {move || if app.lang.get() == Lang::Zh { "English" } else { "中文" }}
                </button>
            </header>
            <ErrorBanner/>
            <NoticeBanner/>
            <ImportArea/>
            <SettingsPanel/>
            <LoadedSummary/>
            <Views/>
            <HelpPanel/>
            {move || app.big.get().then(|| view! { <BigScreen/> })}
        </div>
    }
}

#[component]
pub(crate) fn ErrorBanner() -> impl IntoView {
    let app = use_app();
    move || {
        app.error.get().map(|e| {
            view! {
                <div class="banner error" role="alert" id="error-banner">
                    <strong>{t(app, "error")}</strong>" "{e}
                    <button on:click=move |_| app.clear_error()>"×"</button>
                </div>
            }
        })
    }
}

/// What the supervisor did after the worker died (not an error: nothing
/// was lost), until the user closes it.
#[component]
pub(crate) fn NoticeBanner() -> impl IntoView {
    let app = use_app();
    move || {
        app.notice.get().map(|(id, n)| {
            view! {
                <div class="banner warn" role="status" id=id>
                    {n}
                    <button on:click=move |_| app.clear_notice()>"×"</button>
                </div>
            }
        })
    }
}

#[component]
pub(crate) fn Views() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    // Rebuild the views only when data appears or disappears, not on every
    // recomputation: inner components track what they show.
    let has_data = Memo::new(move |_| app.loaded.get().is_some_and(|l| l.summary.messages > 0 || l.summary.orders > 0));
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
                <FilterBar/>
                <div class="tab-bar">
                <nav class="tabs" id="tabs">
                    {[(Tab::Overview, "tab_overview"), (Tab::Agents, "tab_agents"), (Tab::Teams, "tab_teams"), (Tab::Hours, "tab_hours"), (Tab::Conversion, "tab_conversion"), (Tab::Products, "tab_products"), (Tab::Details, "tab_details"), (Tab::Categories, "tab_categories"), (Tab::Kpi, "tab_kpi"), (Tab::Alerts, "tab_alerts"), (Tab::Qa, "tab_qa"), (Tab::Reconcile, "tab_reconcile")]
                        .into_iter().map(|(tab, key)| view! {
                            <button id=format!("tab-{}", tab.code()) class=move || if vs.tab.get() == tab { "tab active" } else { "tab" }
                                on:click=move |_| select_tab(vs, tab)>{t(app, key)}</button>
                        }).collect_view()}
                </nav>
                <ShareControls/>
                <button id="open-big-screen" class="button big-screen-button" on:click=move |_| app.set_big(true)>{t(app, "big_screen")}</button>
                </div>
                {move || body.get().then(|| match vs.tab.get() {
                    Tab::Overview => view! { <Overview/> }.into_any(),
                    Tab::Agents => view! { <Agents/> }.into_any(),
                    Tab::Teams => view! { <Teams/> }.into_any(),
                    Tab::Hours => view! { <Hours/> }.into_any(),
                    Tab::Conversion => view! { <Conversion/> }.into_any(),
                    Tab::Products => view! { <Products/> }.into_any(),
                    Tab::Details => view! { <Details/> }.into_any(),
                    Tab::Categories => view! { <Categories/> }.into_any(),
                    Tab::Kpi => view! { <KpiView/> }.into_any(),
                    Tab::Alerts => view! { <AlertsView/> }.into_any(),
                    Tab::Qa => view! { <QaView/> }.into_any(),
                    Tab::Reconcile => view! { <ReconcileView/> }.into_any(),
                })}
                <DrillCrumbs/>
                <div class="drill-area" id="drill-area" class:with-transcript=move || dr.transcript.get().is_some()>
                    <DrillPanel/>
                    <TranscriptPanel/>
                </div>
            </section>
        })
    }
}

/// Show a readable panel when the wasm panics, instead of a frozen page.
pub fn install_panic_panel() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let lang = stored_lang();
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
