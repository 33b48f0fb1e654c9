use crate::ui::*;

/// Seed 000's six detail lists; each row opens the conversation.
pub(crate) const DETAIL_LISTS: [(&str, &str); 6] = [
    ("reception_buyers", "list_reception"),
    ("ratings", "list_ratings"),
    ("rounds_over_3min", "list_over_3min"),
    ("paid_buyers_final", "list_paid"),
    ("inquiry_no_order", "list_no_order"),
    ("ordered_unpaid", "list_unpaid"),
];

#[component]
pub(crate) fn Details(ui: Ui) -> impl IntoView {
    view! {
        <div id="view-details" class="detail-lists">
            {DETAIL_LISTS.iter().map(|&(metric, key)| view! {
                <button class="button" data-list=metric on:click=move |_| open_drill(ui, metric, Default::default())>{t(ui, key)}</button>
            }).collect_view()}
            <p class="hint">{t(ui, "details_hint")}</p>
        </div>
    }
}
