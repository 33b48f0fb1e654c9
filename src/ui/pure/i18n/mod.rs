//! UI strings, Simplified Chinese first, English switchable.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Lang {
        if s == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    pub fn zh(self) -> bool {
        self == Lang::Zh
    }
}

mod strings;
use strings::STRINGS;

/// What a key missing from the table shows.
pub const MISSING: &str = "⟨?⟩";

pub fn tr(lang: Lang, key: &str) -> &'static str {
    for (k, zh, en) in STRINGS {
        if *k == key {
            return if lang == Lang::Zh { zh } else { en };
        }
    }
    // A missing key shows a fixed mark so it is noticed (never a blank, and
    // nothing is allocated per render); the test below keeps keys complete.
    MISSING
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.rs` file under `dir`.
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                // (not this module: its tests quote example keys)
                if !p.ends_with("pure/i18n") {
                    sources(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    #[test]
    fn every_key_used_in_the_ui_exists_in_both_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut files = Vec::new();
        sources(&dir, &mut files);
        assert!(files.len() > 10, "the UI sources were not found under {}", dir.display());
        // tr(lang, "key"), t(app, "key"), app.t("key"), headers(lang, &["a", "b"])
        let call = regex::Regex::new(r#"\b(?:tr|t)\(\s*[\w.()]+,\s*"([^"]+)"\s*\)|\.t\(\s*"([^"]+)"\s*\)"#).unwrap();
        let list = regex::Regex::new(r#"\bheaders\(\s*\w+,\s*&\[([^\]]*)\]"#).unwrap();
        let lit = regex::Regex::new(r#""([^"]+)""#).unwrap();
        let mut keys = std::collections::BTreeSet::new();
        for f in &files {
            let src = std::fs::read_to_string(f).unwrap();
            for c in call.captures_iter(&src) {
                keys.insert(c.get(1).or(c.get(2)).unwrap().as_str().to_string());
            }
            for c in list.captures_iter(&src) {
                for l in lit.captures_iter(&c[1]) {
                    keys.insert(l[1].to_string());
                }
            }
        }
        assert!(keys.len() > 100, "only {} keys found: the scan is broken", keys.len());
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| !STRINGS.iter().any(|(key, zh, en)| key == k && !zh.is_empty() && !en.is_empty()))
            .collect();
        assert!(missing.is_empty(), "keys used in src/ui but missing in a language: {missing:?}");
    }

    #[test]
    fn keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, _, _) in STRINGS {
            assert!(seen.insert(*k), "duplicate key {k}");
        }
    }

    #[test]
    fn a_missing_key_shows_the_placeholder() {
        assert_eq!(tr(Lang::Zh, "no such key"), MISSING);
        assert_eq!(tr(Lang::En, "no such key"), MISSING);
        assert_eq!(tr(Lang::Zh, "title"), "客服绩效透镜");
        assert_eq!(tr(Lang::En, "title"), "Kefu Lens");
        assert_eq!(Lang::from_code(Lang::En.code()), Lang::En);
        assert_eq!(Lang::from_code("xx"), Lang::Zh);
    }
}
