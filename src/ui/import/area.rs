//! The import area: drop zone, "how to export", import reports and staff
//! marking. When data first appears without a problem it folds into one
//! line (files, rows, problems; add files; show the reports), so the first
//! screen shows numbers; a load with a refused file or problem rows stays
//! open. The progress bar stays outside the fold.

use crate::ui::*;

#[component]
pub(crate) fn ImportArea() -> impl IntoView {
    let app = use_app();
    let files = Memo::new(move |_| app.loaded.get().map_or(0, |l| l.reports.iter().filter(|r| !r.removed).count()));
    let troubled = Memo::new(move |_| {
        app.loaded.get().map_or(0, |l| {
            l.reports.iter().filter(|r| !r.removed && (r.fatal.is_some() || r.problem_count > 0)).count()
        })
    });
    let collapsed = RwSignal::new(false);
    // Fold after each finished load that has data and no troubled file;
    // unfold when the data is cleared or a load brings a problem.
    // Fold when data first appears (no files before) and nothing needs a
    // look; unfold when the data is cleared. Later loads (more files, a
    // re-import, settings changes) leave the fold as the user has it.
    Effect::new(move |prev: Option<usize>| {
        let n = files.get();
        if n == 0 {
            collapsed.set(false);
        } else if prev.unwrap_or(0) == 0 {
            let cancelled = app.loaded.get_untracked().is_some_and(|l| l.cancelled);
            collapsed.set(troubled.get_untracked() == 0 && !cancelled);
        }
        n
    });
    let line = move || {
        let n = files.get();
        (n > 0).then(|| {
            let lang = app.lang.get();
            let s = app.loaded.get().map(|l| l.summary).unwrap_or_default();
            let bad = troubled.get();
            let imported = app
                .loaded
                .get()
                .map_or(0, |l| l.reports.iter().filter(|r| !r.removed && !r.cancelled && r.fatal.is_none()).count());
            let text = tr(lang, "import_line")
                .replace("{files}", &format::int(imported as u64))
                .replace("{messages}", &format::int(s.messages))
                .replace("{orders}", &format::int(s.orders))
                .replace("{ratings}", &format::int(s.ratings));
            view! {
                <div class="import-line" id="import-line">
                    <span class="import-line-text">{text}</span>
                    {(bad > 0).then(|| view! {
                        <span class="tag warn" data-field="troubled" data-value=bad.to_string()>
                            {tr(lang, "import_line_problems").replace("{n}", &bad.to_string())}
                        </span>
                    })}
                    <label for="file-input" class="button small" id="import-add">{tr(lang, "add_files")}</label>
                    <button id="import-toggle" class="button ghost small"
                        aria-expanded=move || (!collapsed.get()).to_string() aria-controls="import-body"
                        on:click=move |_| collapsed.update(|c| *c = !*c)>
                        {move || tr(app.lang.get(), if collapsed.get() { "show_import" } else { "hide_import" })}
                    </button>
                </div>
            }
        })
    };
    view! {
        <section class="import-area" class:collapsed=move || collapsed.get()>
            {line}
            <div class="import-body" id="import-body">
                <ImportPanel/>
                <Reports/>
                <StaffPanel/>
            </div>
            <ProgressBar/>
        </section>
    }
}
