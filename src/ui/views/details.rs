use crate::ui::*;

#[component]
pub(crate) fn Details() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    view! {
        <div id="view-details" class="detail-lists">
            {DETAIL_LISTS.iter().map(|&(metric, key)| view! {
                <button class="button" data-list=metric on:click=move |_| open_drill(vs, dr, metric, Default::default())>{t(app, key)}</button>
            }).collect_view()}
            <p class="hint">{t(app, "details_hint")}</p>
        </div>
    }
}
