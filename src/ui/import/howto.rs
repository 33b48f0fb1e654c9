//! The "怎么导出 / How to export" panel beside the drop zone: per platform,
//! where to click for chats, orders and ratings, the file, and the columns
//! read. Its text is `ui/pure/howto.rs`; a rejected file's report opens it
//! on the platform the file most likely came from.

use crate::ui::pure::howto::{menu_note, Input, PLATFORMS};
use crate::ui::*;

fn input_label(lang: Lang, input: Input) -> &'static str {
    tr(
        lang,
        match input {
            Input::Chats => "howto_chats",
            Input::Orders => "howto_orders",
            Input::Ratings => "howto_ratings",
            Input::Mistaken => "howto_not_input",
        },
    )
}

#[component]
pub(crate) fn HowTo() -> impl IntoView {
    let app = use_app();
    let pick = move |id: &'static str| app.show_howto(Some(id));
    view! {
        <details class="howto" id="howto" prop:open=move || app.howto.get().is_some()>
            // The signal is the truth: the summary toggles it instead of the
            // element opening itself.
            <summary on:click=move |ev| {
                ev.prevent_default();
                let open = app.howto.get_untracked().is_some();
                app.show_howto((!open).then_some(PLATFORMS[0].id));
            }>{move || t(app, "howto_title")}</summary>
            <p class="hint">{move || menu_note(app.lang.get().zh())}</p>
            <div class="howto-tabs" role="tablist">
                {PLATFORMS.iter().map(|p| {
                    let id = p.id;
                    view! {
                        <button role="tab" class="button ghost small" data-platform=id
                            aria-selected=move || (app.howto.get() == Some(id)).to_string()
                            on:click=move |_| pick(id)>
                            {move || if app.lang.get().zh() { p.name.0 } else { p.name.1 }}
                        </button>
                    }
                }).collect_view()}
            </div>
            {move || {
                let lang = app.lang.get();
                let zh = lang.zh();
                let id = app.howto.get()?;
                let p = PLATFORMS.iter().find(|p| p.id == id)?;
                let pick = |pair: (&'static str, &'static str)| if zh { pair.0 } else { pair.1 };
                Some(view! {
                    <div class="howto-platform" data-platform=p.id>
                        {p.entries.iter().map(|e| view! {
                            <div class="howto-entry" data-input=format!("{:?}", e.input).to_lowercase()>
                                <h4>{input_label(lang, e.input)}</h4>
                                <p><span class="howto-k">{tr(lang, "howto_where")}</span>{pick(e.path)}</p>
                                <p><span class="howto-k">{tr(lang, "howto_file")}</span>{pick(e.file)}</p>
                                {(!e.columns.is_empty()).then(|| view! {
                                    <p><span class="howto-k">{tr(lang, "howto_columns")}</span>
                                        {e.columns.iter().map(|c| view! { <code>{*c}</code>" " }).collect_view()}
                                    </p>
                                })}
                                {(!e.note.0.is_empty()).then(|| view! { <p class="hint">{pick(e.note)}</p> })}
                            </div>
                        }).collect_view()}
                    </div>
                })
            }}
        </details>
    }
}
