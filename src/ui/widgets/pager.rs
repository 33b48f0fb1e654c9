use crate::ui::*;

/// ‹ page / pages ›, shown when there is more than one page. `on_go` gets
/// the page asked for (0-based).
#[component]
pub(crate) fn Pager(
    page: usize,
    pages: usize,
    #[prop(into)] on_go: Callback<usize>,
    /// Text after "page / pages" (e.g. " · 1,234 rows").
    #[prop(optional, into)]
    suffix: String,
    /// Ids `{ids}-prev` and `{ids}-next` for the buttons.
    #[prop(optional)]
    ids: Option<&'static str>,
    /// The table the pager belongs to (`data-pager`).
    #[prop(optional)]
    data_pager: Option<&'static str>,
    /// An extra class for the "next" button.
    #[prop(optional)]
    next_class: Option<&'static str>,
) -> impl IntoView {
    let next_class = match next_class {
        Some(c) => format!("button small {c}"),
        None => "button small".to_string(),
    };
    (pages > 1).then(|| {
        view! {
            <div class="pager" data-pager=data_pager>
                <button class="button small" id=ids.map(|i| format!("{i}-prev")) prop:disabled={page == 0}
                    on:click=move |_| on_go.run(page.saturating_sub(1))>"‹"</button>
                <span>{format!("{} / {}{suffix}", page + 1, pages)}</span>
                <button class=next_class id=ids.map(|i| format!("{i}-next")) prop:disabled={page + 1 >= pages}
                    on:click=move |_| on_go.run(page + 1)>"›"</button>
            </div>
        }
    })
}
