//! The "?" next to a metric: shows that metric's entry of docs/metrics.md
//! (compiled in, so the app and the document cannot disagree).

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
