use crate::ui::*;

#[component]
pub(crate) fn TranscriptPanel() -> impl IntoView {
    let app = use_app();
    let dr = use_drill();
    move || {
        let tsc = dr.transcript.get()?;
        let lang = app.lang.get();
        Some(view! {
            <section class="transcript" id="transcript">
                <div class="panel-head">
                    <h3>{tr(lang, "transcript")}" · "{tsc.agent.clone()}" ↔ "{tsc.buyer.clone()}" · "{tsc.day.clone()}
                        {tsc.category.clone().map(|c| format!(" · {c}"))}</h3>
                    <button class="button ghost small" on:click=move |_| close_transcript(dr)>{t(app, "close")}</button>
                </div>
                <Chat tsc lang/>
            </section>
        })
    }
}

/// One conversation-day's messages, orders and rating (the transcript
/// beside a drill list, and beside the QA scoring sheet).
#[component]
pub(crate) fn Chat(tsc: Transcript, lang: Lang) -> impl IntoView {
    view! {
        <div class="chat">
            {tsc.messages.into_iter().map(|m| {
                let class = format!("msg {}{}", m.sender, if m.slow { " slow" } else { "" });
                let badge = match m.sender.as_str() {
                    "auto" => Some(tr(lang, "auto")),
                    "system" => Some(tr(lang, "system")),
                    _ => None,
                };
                view! {
                    <div class=class>
                        <div class="meta">{m.speaker}" · "{m.time}
                            {badge.map(|b| view! { <span class="badge">{b}</span> })}
                            {m.response_secs.map(|s| view! { <span class="badge resp">{tr(lang, "response_secs")}" "{format::duration(Some(s as f64), lang.zh())}</span> })}
                        </div>
                        <div class="text">{m.text}</div>
                    </div>
                }
            }).collect_view()}
        </div>
        {(!tsc.orders.is_empty()).then(|| view! {
            <ul class="orders">
                {tsc.orders.into_iter().map(|o| view! {
                    <li>{o.id}" · "{o.title}" · "{format::yuan(o.amount)}" · "{o.created}
                        {o.paid.map(|p| format!(" → {p}"))}</li>
                }).collect_view()}
            </ul>
        })}
        {tsc.rating.map(|r| view! { <p class="rating">{tr(lang, "ratings")}": "{"★".repeat(r as usize)}</p> })}
    }
}
