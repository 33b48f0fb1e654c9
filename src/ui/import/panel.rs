use crate::ui::*;

#[component]
pub(crate) fn ImportPanel() -> impl IntoView {
    let app = use_app();
    let dragging = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if app.busy.get_untracked() {
            return;
        }
        import_files(app, ev.data_transfer().and_then(|d| d.files()));
    };
    let on_change = move |_ev: leptos::ev::Event| {
        if let Some(input) = input_ref.get() {
            import_files(app, input.files());
            input.set_value("");
        }
    };
    let demo_size = RwSignal::new(60_000u64);
    let load_demo = move |_| {
        app.start_busy();
        let params = kefu_lens::demo::DemoParams { messages: demo_size.get_untracked(), ..Default::default() };
        api::load_demo(params);
    };
    view! {
        <section class="import">
            <div class=move || if dragging.get() { "dropzone over" } else { "dropzone" }
                id="dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p class="drop-title">{t(app, "drop_here")}</p>
                <p class="hint">{t(app, "drop_hint")}</p>
                <div class="actions">
                    <label class="button primary">
                        {t(app, "choose_files")}
                        <input id="file-input" type="file" multiple node_ref=input_ref on:change=on_change
                            prop:disabled=move || app.busy.get()/>
                    </label>
                    <button id="load-demo" class="button" on:click=load_demo prop:disabled=move || app.busy.get()>
                        {t(app, "load_demo")}
                    </button>
                    <select id="demo-size" title=t(app, "demo_size") on:change=move |ev| {
                        demo_size.set(event_target_value(&ev).parse().unwrap_or(60_000));
                    }>
                        <option value="60000" selected>"6万条"</option>
                        <option value="300000">"30万条"</option>
                        <option value="1000000">"100万条"</option>
                    </select>
                    <button id="clear-data" class="button ghost" prop:disabled=move || app.busy.get()
                        on:click=move |_| if confirm(app, "confirm_clear") { api::clear() }>
                        {t(app, "clear")}
                    </button>
                </div>
                <Workspace/>
            </div>
            <HowTo/>
        </section>
    }
}

#[component]
pub(crate) fn ProgressBar() -> impl IntoView {
    let app = use_app();
    move || {
        if !app.busy.get() {
            return None;
        }
        let p = app.progress.get().unwrap_or_default();
        let lang = app.lang.get();
        let phase = tr(
            lang,
            match p.phase {
                Phase::Reading => "reading",
                Phase::Parsing => "parsing",
                Phase::Computing => "computing",
                Phase::Generating => "generating",
            },
        );
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
                <button id="cancel-import" class="button ghost" on:click=move |_| api::cancel()>
                    {t(app, "cancel")}
                </button>
            </div>
        })
    }
}

/// 保存工作区 (opt-in) with what the last save reached, and 清除本机数据.
#[component]
fn Workspace() -> impl IntoView {
    let app = use_app();
    let status = move || {
        let lang = app.lang.get();
        match app.saved.get()? {
            workspace::SaveState::Saving => Some(tr(lang, "workspace_saving").to_string()),
            workspace::SaveState::Done { files, bytes } => Some(
                tr(lang, "workspace_saved")
                    .replace("{n}", &format::int(files as u64))
                    .replace("{size}", &format::bytes(bytes)),
            ),
            workspace::SaveState::Failed(e) => Some(tr(lang, "workspace_failed").replace("{e}", &e)),
        }
    };
    view! {
        <div class="workspace">
            <label title=t(app, "workspace_hint")>
                <input type="checkbox" id="keep-workspace" prop:checked=move || app.keep.get()
                    on:change=move |ev| set_keep_workspace(app, event_target_checked(&ev))/>
                " "{t(app, "workspace_keep")}
            </label>
            <span class="hint" id="workspace-status">{move || if app.keep.get() { status() } else { None }}</span>
            <button id="wipe-local" class="button ghost small" title=t(app, "confirm_wipe")
                on:click=move |_| if confirm(app, "confirm_wipe") { wipe_local(app) }>
                {t(app, "wipe_local")}
            </button>
        </div>
    }
}
