//! The "?" next to a metric label or table header, and the help drawer it
//! opens: that entry of docs/metrics.md (or docs/metrics.en.md in English)
//! as formatted text, with the worked example it refers to
//! (`ui/pure/help.rs`).

use crate::ui::*;

/// The "?" button for help entry `key` (a metric key or a topic of
/// `pure::help::TOPICS`). It does not let the click reach the label or
/// header it sits in (which may sort or drill).
#[component]
pub(crate) fn HelpMark(key: &'static str) -> impl IntoView {
    let app = use_app();
    view! {
        <button class="help" data-help=key title=move || tr(app.lang.get(), "help") aria-label=move || tr(app.lang.get(), "help")
            on:click=move |ev| { ev.stop_propagation(); app.show_help(Some(key)); }>"?"</button>
    }
}

/// The help drawer on the right; Esc or × closes it.
#[component]
pub(crate) fn HelpPanel() -> impl IntoView {
    let app = use_app();
    move || {
        let key = app.help.get()?;
        let zh = app.lang.get().zh();
        let html = pure::help::entry_html(zh, &key)
            .unwrap_or_else(|| format!("<p>{}</p>", tr(app.lang.get(), "help_missing")));
        Some(view! {
            <aside class="help-panel" id="help-panel" data-help-key=key.clone() role="dialog" aria-label=tr(app.lang.get(), "help")>
                <div class="panel-head">
                    <h3>{t(app, "help")}</h3>
                    <button class="button ghost small" id="help-lang" on:click=move |_| app.toggle_lang()>
                        {move || if app.lang.get() == Lang::Zh { "English" } else { "中文" }}
                    </button>
                    <button class="button ghost small" id="help-close" on:click=move |_| app.show_help(None)>{t(app, "close")}</button>
                </div>
                <div class="help-text" inner_html=html></div>
            </aside>
        })
    }
}

/// The "?" for a metric chosen at run time (a chart's metric selector).
#[component]
pub(crate) fn HelpMarkFor(key: Signal<String>) -> impl IntoView {
    let app = use_app();
    view! {
        <button class="help" data-help=move || key.get() title=move || tr(app.lang.get(), "help") aria-label=move || tr(app.lang.get(), "help")
            on:click=move |ev| { ev.stop_propagation(); app.show_help(Some(&key.get_untracked())); }>"?"</button>
    }
}
