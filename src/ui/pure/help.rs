//! The "?" help: one entry of the metric docs (docs/metrics.md in Chinese,
//! docs/metrics.en.md in English, both compiled in so the app and the
//! documents cannot disagree), rendered from Markdown to HTML.
//!
//! An entry is a metric's section (`### <key> — <name>` up to the next
//! heading of level ≤ 3) or a topic (a whole `##` chapter, or one `###`
//! under it). When an entry refers to the worked example of chapter one
//! (例 A / Example A), that example is appended, so the help shows what it
//! refers to.

pub const DOC_ZH: &str = include_str!("../../../docs/metrics.md");
pub const DOC_EN: &str = include_str!("../../../docs/metrics.en.md");

/// Help entries that are not a metric: (key, `##` chapter number counted
/// from 1, `###` number inside it or 0 for the whole chapter).
pub const TOPICS: &[(&str, usize, usize)] = &[
    ("work_time", 1, 6),
    ("rounds_concept", 1, 7),
    ("example_a", 1, 8),
    ("attribution", 3, 1),
    ("funnel", 3, 1),
    ("ratings_concept", 4, 1),
    ("reconsult_concept", 5, 1),
    ("weekly_concept", 6, 1),
    ("categories", 7, 0),
    ("kpi", 8, 0),
    ("formats", 10, 0),
    ("drill", 12, 0),
    ("alerts", 14, 0),
    ("cuifu_concept", 17, 1),
    ("reconcile_concept", 20, 1),
    // 质检抽查评分 (issue 15 item 1): the chapter's concept and its numbers,
    // which are not engine metrics (the book is the user's).
    ("qa_concept", 21, 1),
    ("qa_sampled", 21, 2),
    ("qa_scored", 21, 3),
    ("qa_average", 21, 4),
    ("qa_worst_items", 21, 5),
    ("share_concept", 22, 0),
];

/// The document of a language.
pub fn doc(zh: bool) -> &'static str {
    if zh {
        DOC_ZH
    } else {
        DOC_EN
    }
}

fn level(line: &str) -> usize {
    let n = line.bytes().take_while(|&b| b == b'#').count();
    if n > 0 && line.as_bytes().get(n) == Some(&b' ') {
        n
    } else {
        0
    }
}

/// Lines of `doc` from the heading at line `start` up to the next heading
/// of level ≤ `stop_level`.
fn from_heading(doc: &str, start: usize, stop_level: usize) -> String {
    let mut out = String::new();
    let mut fence = false;
    for (i, line) in doc.lines().enumerate().skip(start) {
        if line.starts_with("```") {
            fence = !fence;
        }
        let l = if fence { 0 } else { level(line) };
        if i > start && l > 0 && l <= stop_level {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end_matches(['\n', '-', ' ']).to_string() + "\n"
}

/// The Markdown of entry `key` (a metric key or a [`TOPICS`] key), without
/// the worked example.
pub fn section(doc: &str, key: &str) -> Option<String> {
    let lines: Vec<&str> = doc.lines().collect();
    if let Some(&(_, h2, h3)) = TOPICS.iter().find(|t| t.0 == key) {
        let mut chapter = 0;
        let mut sub = 0;
        for (i, line) in lines.iter().enumerate() {
            match level(line) {
                2 => {
                    chapter += 1;
                    sub = 0;
                    if chapter == h2 && h3 == 0 {
                        return Some(from_heading(doc, i, 2));
                    }
                }
                3 if chapter == h2 => {
                    sub += 1;
                    if sub == h3 {
                        return Some(from_heading(doc, i, 3));
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    let i =
        lines.iter().position(|line| level(line) == 3 && line[4..].split(" — ").next().map(str::trim) == Some(key))?;
    Some(from_heading(doc, i, 3))
}

/// The entry with the worked example appended when it refers to it.
pub fn entry(zh: bool, key: &str) -> Option<String> {
    let d = doc(zh);
    let mut md = section(d, key)?;
    let refers = if zh { md.contains("例 A") } else { md.contains("Example A") };
    if refers && key != "example_a" {
        if let Some(ex) = section(d, "example_a") {
            md.push('\n');
            md.push_str(&ex);
        }
    }
    Some(md)
}

/// Markdown → HTML (tables on). The input is our own compiled-in document.
pub fn to_html(md: &str) -> String {
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, opts));
    html
}

/// The entry of `key` as HTML, if there is one.
pub fn entry_html(zh: bool, key: &str) -> Option<String> {
    entry(zh, key).map(|md| to_html(&md))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a reader sees: tags removed, entities decoded.
    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                _ if !tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&").replace("&quot;", "\"")
    }

    fn metric_keys(doc: &str) -> Vec<String> {
        doc.lines()
            .filter(|l| level(l) == 3)
            .filter_map(|l| l[4..].split(" — ").next())
            .filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_metric_has_help_in_both_languages() {
        for info in crate::engine::METRICS {
            for zh in [true, false] {
                let html = entry_html(zh, info.key).unwrap_or_else(|| panic!("no help for {} (zh {zh})", info.key));
                let text = visible(&html);
                assert!(html.contains("<h3>"), "{}: {html}", info.key);
                for raw in ["### ", "**", "`", "|---", "| --- |"] {
                    assert!(!text.contains(raw), "{} (zh {zh}) shows Markdown {raw:?}: {text}", info.key);
                }
            }
        }
        assert_eq!(metric_keys(DOC_ZH), metric_keys(DOC_EN), "the two documents list the same entries");
    }

    #[test]
    fn english_help_is_english() {
        let html = entry_html(false, "response_rate_3min").unwrap();
        let head = visible(html.split("</h3>").next().unwrap());
        assert!(head.starts_with("response_rate_3min"), "{head}");
        assert!(!head.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "English heading: {head}");
    }

    #[test]
    fn the_worked_example_comes_along() {
        // rounds_3min's example is Example A: the help shows its table.
        let zh = entry(true, "rounds_3min").unwrap();
        assert!(zh.contains("例 A"));
        assert!(zh.contains("11:58:00"), "example A's table appended: {zh}");
        let en = entry(false, "rounds_3min").unwrap();
        assert!(en.contains("11:58:00"), "{en}");
        // An entry that does not refer to it stays short.
        let plain = entry(true, "consult_buyers").unwrap();
        assert!(!plain.contains("11:58:00"));
        // Rendered: the example's table is an HTML table.
        assert!(entry_html(true, "rounds_3min").unwrap().contains("<table>"));
    }

    #[test]
    fn a_section_stops_at_the_next_heading() {
        let s = section(DOC_ZH, "consult_buyers").unwrap();
        assert!(s.starts_with("### consult_buyers"));
        assert!(!s.contains("### reception_buyers"));
        assert!(section(DOC_ZH, "no_such_metric").is_none());
    }

    #[test]
    fn topics_resolve_in_both_languages() {
        for &(key, _, _) in TOPICS {
            for zh in [true, false] {
                let s = section(doc(zh), key).unwrap_or_else(|| panic!("topic {key} (zh {zh})"));
                assert!(s.starts_with("## ") || s.starts_with("### "), "{key}: {s}");
            }
        }
        assert!(section(DOC_ZH, "kpi").unwrap().starts_with("## 八"));
        assert!(section(DOC_ZH, "alerts").unwrap().contains("质检预警"));
        assert!(section(DOC_ZH, "categories").unwrap().starts_with("## 七"));
        assert!(section(DOC_ZH, "cuifu_concept").unwrap().starts_with("### 概念：催付消息"));
        assert!(section(DOC_EN, "cuifu_concept").unwrap().starts_with("### Concept: reminders"));
        assert!(section(DOC_ZH, "qa_concept").unwrap().starts_with("### 概念：抽样、评分表与汇总"));
        assert!(section(DOC_EN, "qa_average").unwrap().starts_with("### qa_average — QA average score"));
    }
}
