use crate::ui::*;

#[component]
pub(crate) fn SettingsPanel() -> impl IntoView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    let note = RwSignal::new(None::<(bool, String)>);
    Effect::new(move |_| {
        let s = app.settings.get().or_else(|| app.loaded.get().map(|l| l.settings)).unwrap_or_else(stored_settings);
        text.set(s.to_json());
    });
    let apply_text = move |_| match kefu_lens::Settings::parse(&text.get_untracked()) {
        Ok(s) => {
            apply_settings(app, s);
            note.set(Some((true, tr(app.lang.get_untracked(), "settings_applied").to_string())));
        }
        Err(e) => note.set(Some((false, format::settings_error(&e, app.lang.get_untracked().zh())))),
    };
    let file_ref = NodeRef::<leptos::html::Input>::new();
    let import = move |_| {
        let Some(f) = file_ref.get().and_then(|i| i.files()).and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            let Ok(json) = read_text(f).await else { return };
            text.set(json.clone());
            match kefu_lens::Settings::parse(&json) {
                Ok(s) => {
                    apply_settings(app, s);
                    note.set(Some((true, tr(app.lang.get_untracked(), "settings_applied").to_string())));
                }
                Err(e) => note.set(Some((false, format::settings_error(&e, app.lang.get_untracked().zh())))),
            }
        });
    };
    let quick = move |f: Box<dyn Fn(&mut kefu_lens::Settings)>| {
        let mut s = current_settings(app);
        f(&mut s);
        apply_settings(app, s);
    };
    view! {
        <details class="settings-panel" id="settings-panel">
            <summary>{t(app, "settings")}</summary>
            <p class="hint">{t(app, "settings_hint")}</p>
            <div class="quick-settings">
                <label>{t(app, "threshold")}
                    <input type="number" id="set-threshold" min="1" prop:value=move || app.loaded.get().map(|l| l.settings.response_threshold_secs).unwrap_or(180).to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<i64>() {
                                quick(Box::new(move |s| s.response_threshold_secs = v.max(1)));
                            }
                        }/>
                </label>
                <label>
                    <input type="checkbox" id="set-closing" prop:checked=move || app.loaded.get().map(|l| l.settings.closing_word_filter).unwrap_or(true)
                        on:change=move |ev| { let on = event_target_checked(&ev); quick(Box::new(move |s| s.closing_word_filter = on)); }/>
                    {t(app, "closing_filter")}
                </label>
            </div>
            <WorkTimeEditor/>
            <AccountsEditor/>
            <textarea id="settings-json" rows="14" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="actions left">
                <button class="button primary" id="settings-apply" on:click=apply_text>{t(app, "apply")}</button>
                <button class="button" id="settings-export" on:click=move |_| download_text("settings.json", &text.get_untracked(), "application/json")>{t(app, "export_settings")}</button>
                <label class="button">{t(app, "import_settings")}
                    <input type="file" accept=".json,application/json" node_ref=file_ref on:change=import class="hidden-file"/>
                </label>
                <button class="button ghost" id="settings-reset" on:click=move |_| {
                    if confirm(app, "confirm_reset_settings") { let s = kefu_lens::Settings::default(); text.set(s.to_json()); apply_settings(app, s); }
                }>{t(app, "reset_settings")}</button>
            </div>
            {move || note.get().map(|(ok, m)| view! { <p class=if ok { "note ok" } else { "note bad" } id="settings-note">{m}</p> })}
            {move || app.loaded.get().and_then(|l| l.settings_error).map(|e| view! { <p class="note bad">{e}</p> })}
        </details>
    }
}
