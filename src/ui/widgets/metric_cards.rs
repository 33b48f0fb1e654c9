use crate::ui::*;

/// A row of cards, one per metric of the whole filtered data (the view's
/// totals): its name with a "?", its value with `data-metric` /
/// `data-value` (none until the totals have come), and a click that opens the records behind it.
#[component]
pub(crate) fn MetricCards(id: &'static str, keys: &'static [&'static str]) -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let dr = use_drill();
    view! {
        <div class="cards" id=id>
            {move || {
                let lang = app.lang.get();
                let m = vs.totals.get();
                keys.iter().map(|&k| {
                    let (shown, raw) = card_text(m.as_ref(), k, lang);
                    view! {
                        <div class="card" on:click=move |_| open_drill(vs, dr, k, Default::default())>
                            <span class="card-label">{tr(lang, k)}<HelpMark key=k/></span>
                            <b class="card-value" data-metric=k data-value=raw>{shown}</b>
                        </div>
                    }
                }).collect_view()
            }}
        </div>
    }
}
