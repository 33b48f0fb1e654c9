//! 分享报告 and 脱敏 (issue 15 item 3): one click builds the current
//! filter's report as one self-contained HTML file in the worker
//! (`kefu_lens::share`) with the KPI's manual scores and the QA book of
//! this browser; the 脱敏 switch applies to it and to every export.

use crate::ui::*;

#[component]
pub(crate) fn ShareControls() -> impl IntoView {
    let app = use_app();
    let vs = use_view();
    let share = move |_| {
        let lang = app.lang.get_untracked();
        let filter = vs.filter.get_untracked();
        let manual = crate::ui::storage::load_json(crate::ui::storage::MANUAL_KEY).unwrap_or_default();
        let request = kefu_lens::share::ShareRequest {
            filter: filter.clone(),
            zh: lang.zh(),
            redact: app.redact.get_untracked(),
            title: String::new(),
            shop: filter.shops.join("、"),
            generated: now_string(),
            manual,
            qa: Vec::new(),
            qa_book: crate::ui::storage::qa_book(),
        };
        let (stem, _) = export_names(app, Some(vs), tr(lang, "share_report"));
        then(app, api::share_report(request), move |f| match f {
            Ok(f) => download_bytes(&format!("{stem}.html"), &f.bytes, &f.mime),
            Err(e) => app.show_error(e),
        });
    };
    view! {
        <div class="share-controls">
            <label title=t(app, "share_redact_hint")>
                <input type="checkbox" id="redact-toggle" prop:checked=move || app.redact.get()
                    on:change=move |ev| app.redact.set(event_target_checked(&ev))/>
                {t(app, "share_redact")}
            </label>
            <button class="button" id="share-report" on:click=share>{t(app, "share_report")}</button>
        </div>
    }
}
