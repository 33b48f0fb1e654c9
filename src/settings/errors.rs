//! Reading a settings file the user wrote: a typed error that names the
//! field (its JSON path, e.g. `work_time.mon[1]`) and what was wrong, so
//! the app and the CLI can say it in the user's language
//! (`format::settings_error`). Checks the types cannot express (a holiday
//! is a real date, the threshold is positive, a pass rate is 0–1) are here
//! too.

use super::Settings;

/// What was wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON at all (a missing comma, an unclosed quote…).
    Syntax,
    /// A value of the wrong kind: `expected` is serde's wording of the
    /// kind (`i64`, `a boolean`, `a sequence`, `a string`…).
    Type { expected: String },
    /// A work-time interval that is not `HH:MM-HH:MM`.
    Interval,
    /// A date that is not `YYYY-MM-DD`.
    Date,
    /// A number outside its range (`min`..=`max`, as written).
    Range { min: String, max: String },
    /// One of a fixed set of words (`credit`: `last` or `first`…).
    Variant { allowed: String },
    /// A key no setting has (`response_treshold_secs`), with the known key
    /// nearest to it when one is near.
    UnknownKey { key: String, nearest: Option<String> },
    /// Anything else serde reports, in its (English) words.
    Other,
}

/// A settings file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// JSON path of the field (`""` for the whole file).
    pub path: String,
    pub problem: Problem,
    /// 1-based line and column of the problem in the text.
    pub line: usize,
    pub column: usize,
    /// serde's own message (kept for the log and the CLI).
    pub detail: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "settings: {} (line {}, column {}): {}", self.path, self.line, self.column, self.detail)
    }
}

impl std::error::Error for SettingsError {}

/// Serde's "expected …" tail of a message, if any.
fn expected_of(msg: &str) -> Option<String> {
    let i = msg.rfind("expected ")?;
    let tail = &msg[i + "expected ".len()..];
    let end = tail.find(" at line ").unwrap_or(tail.len());
    Some(tail[..end].to_string())
}

/// The backquoted words of serde's message: for an unknown field, the
/// field and then the known ones.
fn quoted(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

fn classify(msg: &str) -> Problem {
    if msg.starts_with("unknown field") {
        let words = quoted(msg);
        let key = words.first().copied().unwrap_or_default();
        let nearest = words
            .iter()
            .skip(1)
            .map(|k| (strsim::normalized_damerau_levenshtein(key, k), *k))
            .filter(|(sim, _)| *sim >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k.to_string());
        Problem::UnknownKey { key: key.to_string(), nearest }
    } else if msg.contains("invalid work-time interval") {
        Problem::Interval
    } else if msg.starts_with("unknown variant") {
        Problem::Variant { allowed: expected_of(msg).unwrap_or_default().replace('`', "") }
    } else if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        Problem::Type { expected: expected_of(msg).unwrap_or_default() }
    } else {
        Problem::Other
    }
}

/// The position of a field in the text, found by its last name in the
/// path: used for problems found after parsing.
fn position_of(json: &str, path: &str) -> (usize, usize) {
    let name = path.rsplit('.').next().unwrap_or(path);
    let name = name.split('[').next().unwrap_or(name);
    let Some(at) = json.find(&format!("\"{name}\"")) else { return (1, 1) };
    let line = json[..at].matches('\n').count() + 1;
    let column = at - json[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

impl Settings {
    /// Read settings JSON, naming the field of any problem.
    pub fn parse(json: &str) -> Result<Settings, SettingsError> {
        // A file saved by Windows Notepad starts with a byte-order mark.
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let de = &mut serde_json::Deserializer::from_str(json);
        let s: Settings = match serde_path_to_error::deserialize(de) {
            Ok(s) => s,
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let detail = inner.to_string();
                let problem = if inner.is_syntax() || inner.is_eof() { Problem::Syntax } else { classify(&detail) };
                let path = if path == "." { String::new() } else { path };
                return Err(SettingsError { path, problem, line: inner.line(), column: inner.column(), detail });
            }
        };
        let bad = |path: String, problem: Problem, detail: String| {
            let (line, column) = position_of(json, &path);
            Err(SettingsError { path, problem, line, column, detail })
        };
        if let Some(i) = s.holidays.iter().position(|d| !is_date(d)) {
            return bad(format!("holidays[{i}]"), Problem::Date, format!("not a date: {:?}", s.holidays[i]));
        }
        if s.response_threshold_secs < 1 {
            let range = Problem::Range { min: "1".into(), max: "86400".into() };
            return bad("response_threshold_secs".into(), range, "must be at least 1".into());
        }
        if !(0.0..=1.0).contains(&s.weekly_pass_rate) {
            let range = Problem::Range { min: "0".into(), max: "1".into() };
            return bad("weekly_pass_rate".into(), range, "must be between 0 and 1".into());
        }
        Ok(s)
    }

    /// Read settings this app wrote earlier (kept in the browser): keys an
    /// older version knew and this one does not are dropped, not a reason
    /// to lose every setting. Anything else wrong is an error as in
    /// [`Settings::parse`].
    pub fn parse_stored(json: &str) -> Result<Settings, SettingsError> {
        let mut json = json.to_string();
        loop {
            let err = match Settings::parse(&json) {
                Err(e) => e,
                ok => return ok,
            };
            let Problem::UnknownKey { key, .. } = &err.problem else { return Err(err) };
            if err.path != *key {
                return Err(err);
            }
            // serde stops at the unknown key, so the text after it was not
            // read yet: it can still be broken (found by the settings fuzz
            // target), and then that is the problem to report.
            let mut v: serde_json::Value = match serde_json::from_str(&json) {
                Ok(v) => v,
                Err(e) => {
                    let (line, column) = (e.line(), e.column());
                    return Err(SettingsError {
                        path: String::new(),
                        problem: Problem::Syntax,
                        line,
                        column,
                        detail: e.to_string(),
                    });
                }
            };
            if v.as_object_mut().and_then(|o| o.remove(key.as_str())).is_none() {
                return Err(err);
            }
            json = v.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_settings_with_an_unknown_key_and_broken_text_after_it() {
        // Found by the settings fuzz target: this panicked.
        let text = r#"{"old_key": 60, "work_time": s"mon": []}}"#;
        let e = Settings::parse_stored(text).unwrap_err();
        assert_eq!(e.problem, Problem::Syntax);
        // The position of the stray `s`.
        assert_eq!((e.line, e.column), (1, text.find('s').map(|i| i + 1).unwrap()), "{e:?}");
        // Without the break, the unknown key is dropped as before.
        let s = Settings::parse_stored(r#"{"old_key": 60, "response_threshold_secs": 60}"#).unwrap();
        assert_eq!(s.response_threshold_secs, 60);
    }

    #[test]
    fn names_the_field_and_the_problem() {
        let e = Settings::parse(r#"{"response_threshold_secs": "三分钟"}"#).unwrap_err();
        assert_eq!(e.path, "response_threshold_secs");
        assert_eq!(e.problem, Problem::Type { expected: "i64".into() });
        let e = Settings::parse("{\n  \"work_time\": {\"mon\": [\"09:00-12:00\", \"13:30-2300\"]}\n}").unwrap_err();
        assert_eq!(e.path, "work_time.mon[1]");
        assert_eq!(e.problem, Problem::Interval);
        assert_eq!(e.line, 2);
        let e = Settings::parse(r#"{"credit": "middle"}"#).unwrap_err();
        assert_eq!(e.path, "credit");
        assert!(matches!(e.problem, Problem::Variant { ref allowed } if allowed.contains("last")), "{e:?}");
        // a misspelt key names the nearest known one; a BOM is fine
        let e = Settings::parse("{\n  \"response_treshold_secs\": 60\n}").unwrap_err();
        assert_eq!(e.path, "response_treshold_secs");
        let nearest = Some("response_threshold_secs".to_string());
        assert_eq!(e.problem, Problem::UnknownKey { key: "response_treshold_secs".into(), nearest });
        assert_eq!(e.line, 2);
        let e = Settings::parse(r#"{"colour": "blue"}"#).unwrap_err();
        assert_eq!(e.problem, Problem::UnknownKey { key: "colour".into(), nearest: None });
        let s = Settings::parse("\u{feff}{\"response_threshold_secs\": 60}").unwrap();
        assert_eq!(s.response_threshold_secs, 60);
        // settings an older version stored: unknown keys dropped, the rest kept
        let s = Settings::parse_stored(r#"{"old_a": 1, "response_threshold_secs": 60, "old_b": [2]}"#).unwrap();
        assert_eq!(s.response_threshold_secs, 60);
        assert!(Settings::parse_stored(r#"{"old": 1, "response_threshold_secs": "x"}"#).is_err());
        let e = Settings::parse("{\"closing_word_filter\": tru}").unwrap_err();
        assert_eq!(e.problem, Problem::Syntax);
        assert_eq!(e.line, 1);
    }

    #[test]
    fn checks_what_types_cannot() {
        let e = Settings::parse("{\n\"holidays\": [\"2024-06-10\", \"6月10日\"]\n}").unwrap_err();
        assert_eq!((e.path.as_str(), &e.problem, e.line), ("holidays[1]", &Problem::Date, 2));
        assert!(Settings::parse(r#"{"holidays": ["2024-02-30"]}"#).is_err(), "no 30 February");
        let e = Settings::parse(r#"{"response_threshold_secs": 0}"#).unwrap_err();
        assert!(matches!(e.problem, Problem::Range { .. }));
        let e = Settings::parse(r#"{"weekly_pass_rate": 80}"#).unwrap_err();
        assert_eq!(e.path, "weekly_pass_rate");
        // The defaults and a normal file pass.
        assert_eq!(Settings::parse(&Settings::default().to_json()).unwrap(), Settings::default());
        assert!(Settings::parse(r#"{"holidays": ["2024-06-10"], "response_threshold_secs": 60}"#).is_ok());
    }
}
