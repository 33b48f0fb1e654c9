use crate::ui::*;

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
pub(crate) fn ErrorBanner(ui: Ui) -> impl IntoView {
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
pub(crate) fn Views(ui: Ui) -> impl IntoView {
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
