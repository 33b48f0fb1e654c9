//! The "?" next to a metric: shows that metric's entry of docs/metrics.md
//! (compiled in, so the app and the document cannot disagree).

use crate::ui::*;

const DOC: &str = include_str!("../../docs/metrics.md");

/// The section `### <key> — …` up to the next heading of level ≤ 3.
pub fn section(key: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for line in DOC.lines() {
        if line.starts_with("### ") || line.starts_with("## ") || line.starts_with("# ") {
            if inside {
                break;
            }
            let head = line.trim_start_matches('#').trim();
            if head.split(" — ").next().map(str::trim) == Some(key) {
                inside = true;
            }
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    (!out.is_empty()).then_some(out)
}

#[component]
pub(crate) fn HelpPanel() -> impl IntoView {
    let app = use_app();
    move || {
        let key = app.help.get()?;
        let text = help::section(&key).unwrap_or_else(|| format!("{key}: docs/metrics.md"));
        Some(view! {
            <div class="help-panel" id="help-panel" data-help-key=key.clone()>
                <div class="panel-head">
                    <h3>{t(app, "help")}</h3>
                    <button class="button ghost small" on:click=move |_| app.show_help(None)>{t(app, "close")}</button>
                </div>
                <pre class="help-text">{text}</pre>
            </div>
        })
    }
}
