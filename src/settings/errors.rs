//! Reading a settings file the user wrote: a typed error that names the
//! field (its JSON path, e.g. `work_time.mon[1]`), the value as written and
//! what was wrong, so the app and the CLI can say it in the user's language
//! (`format::settings_error`). A misspelt key is refused at every level
//! (`deny_unknown_fields` on every settings struct) with the nearest known
//! key. Checks the types cannot express are here too ([`check`]): a holiday
//! is a real date, intervals of one day do not overlap, thresholds and
//! windows are in a range a shop can mean, the KPI weights can score, and
//! every regular expression compiles.

use regex::Regex;

use super::{CategoryNode, KpiTemplate, Settings, WEEKDAY_KEYS};

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
    /// A work-time interval overlapping `other`, an earlier one of the
    /// same day (as written).
    Overlap { other: String },
    /// A date that is not `YYYY-MM-DD`.
    Date,
    /// A number outside its range (`min`..=`max`, as written; no `max`:
    /// at least `min`).
    Range { min: String, max: Option<String> },
    /// A number above the field `other` (its path), whose value is
    /// `other_value`: a yellow level above the red one.
    Above { other: String, other_value: String },
    /// A list with `count` values where `min`..=`max` are wanted (a KPI
    /// item's targets: one per tier at most; no `max`: at least `min`).
    Count { count: usize, min: usize, max: Option<usize> },
    /// A KPI template whose item weights add up to nothing: no score can
    /// be computed (spec §8 divides by Σ weight).
    NoWeight,
    /// A regular expression the `regex` crate refuses; `reason` is its
    /// own (English) words.
    Regex { reason: String },
    /// One of a fixed set of words (`credit`: `last` or `first`…).
    Variant { allowed: String },
    /// A key no setting has (`response_treshold_secs`), with the known key
    /// nearest to it when one is near. `path` of the error is the key's
    /// full path (`alerts.complaint.regexx`); `nearest` is a sibling name.
    UnknownKey { key: String, nearest: Option<String> },
    /// A 催付 window that is neither relative (`from_secs` and `to_secs`)
    /// nor on the clock (`day`, `from_clock`, `to_clock`), or both.
    Window,
    /// An id used twice in one list (QA templates, a template's items);
    /// `other` is the path of the first one.
    Duplicate { other: String },
    /// An id left empty (QA templates and items are referred to by it).
    Empty,
    /// Anything else serde reports, in its (English) words.
    Other,
}

/// A settings file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// JSON path of the field (`""` for the whole file).
    pub path: String,
    /// The field's value as written in the file (JSON text, shortened to
    /// [`VALUE_CHARS`] characters); None when there is none to show (a
    /// syntax error, an unknown key, a whole list).
    pub value: Option<Box<str>>,
    pub problem: Problem,
    /// 1-based line and column of the problem in the text (u32: the error
    /// stays small enough to return by value).
    pub line: u32,
    pub column: u32,
    /// serde's or the check's own message (kept for the log and the CLI).
    pub detail: Box<str>,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "settings: {} (line {}, column {}): {}", self.path, self.line, self.column, self.detail)
    }
}

impl std::error::Error for SettingsError {}

/// How much of a value an error quotes: enough to recognise it, not a
/// whole category tree.
pub const VALUE_CHARS: usize = 40;

/// The widest shop clock offsets in use (UTC−12:00 … UTC+14:00), in minutes.
const TZ_RANGE: (i64, i64) = (-720, 840);
/// A response or waiting threshold is within one day: the business clock
/// counts work time within days, so a longer one can never be reached.
const DAY_SECS: i64 = 86_400;
/// Day windows (payment, re-consult) longer than a year are a typo, not a
/// window a shop means.
const MAX_WINDOW_DAYS: i64 = 365;
/// The 催付 window: a reminder a week after the order is no reminder.
const MAX_REMINDER_SECS: i64 = 7 * DAY_SECS;
/// Points of one QA item: a sheet gives 0..=points, so at least 1; more
/// than 100 for one item is a typo (the shipped template's total is 100).
const QA_POINTS: (i64, i64) = (1, 100);
/// Ratings run 1 (很不满意) … 5 (很满意).
const RATING_RANGE: (i64, i64) = (1, 5);

/// One step of a field's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A path as serde_path_to_error writes it: `a.b[0].c`.
fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

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

/// The known name nearest to `key`, when one is near enough to be a
/// misspelling of it.
fn nearest<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(key, k), k))
        .filter(|(sim, _)| *sim >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.to_string())
}

fn classify(msg: &str) -> Problem {
    if msg.starts_with("unknown field") {
        let words = quoted(msg);
        let key = words.first().copied().unwrap_or_default();
        Problem::UnknownKey { key: key.to_string(), nearest: nearest(key, words.iter().skip(1).copied()) }
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

/// JSON whitespace from `i` on.
fn ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The end (one past the closing quote) of the string starting at `i`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The end of the JSON value starting at `i` (the text is valid JSON: it
/// was parsed before this is asked).
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let (mut depth, mut j) = (0usize, i);
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while b.get(j).is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace()) {
                j += 1;
            }
            Some(j)
        }
    }
}

/// Where the value at `path` starts in `json` and where it ends: a walk
/// over the text, so a problem found after parsing is placed on its own
/// line even when the same key appears in several places. With repeated
/// keys the last one counts, as serde reads them.
fn span_of(json: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let b = json.as_bytes();
    let mut i = ws(b, 0);
    for seg in path {
        match seg {
            Seg::Key(want) => {
                if b.get(i) != Some(&b'{') {
                    return None;
                }
                i = ws(b, i + 1);
                let mut found = None;
                while b.get(i) == Some(&b'"') {
                    let end = string_end(b, i)?;
                    let name: String = serde_json::from_str(&json[i..end]).ok()?;
                    let v = ws(b, ws(b, end) + 1);
                    if name == *want {
                        found = Some(v);
                    }
                    i = ws(b, value_end(b, v)?);
                    if b.get(i) == Some(&b',') {
                        i = ws(b, i + 1);
                    }
                }
                i = found?;
            }
            Seg::Index(n) => {
                if b.get(i) != Some(&b'[') {
                    return None;
                }
                i = ws(b, i + 1);
                for _ in 0..*n {
                    i = ws(b, value_end(b, i)?);
                    if b.get(i) != Some(&b',') {
                        return None;
                    }
                    i = ws(b, i + 1);
                }
            }
        }
    }
    Some((i, value_end(b, i)?))
}

/// 1-based line and column of a byte offset.
fn line_column(json: &str, at: usize) -> (u32, u32) {
    let line = json[..at].matches('\n').count() + 1;
    let column = json[..at].rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    (to_u32(line), to_u32(column))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The value at `path` as written, shortened.
fn value_at(json: &str, path: &[Seg]) -> Option<Box<str>> {
    let (a, b) = span_of(json, path)?;
    let text: String = json[a..b].split_whitespace().collect::<Vec<_>>().join(" ");
    let text: String = if text.chars().count() > VALUE_CHARS {
        text.chars().take(VALUE_CHARS).chain(std::iter::once('…')).collect()
    } else {
        text
    };
    Some(text.into())
}

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

/// A problem found after parsing, at `path`.
struct Bad {
    path: Vec<Seg>,
    problem: Problem,
    detail: String,
    /// Quote the value at `path` (not for a whole list).
    quote: bool,
}

fn bad(path: Vec<Seg>, problem: Problem, detail: String) -> Result<(), Bad> {
    Err(Bad { path, problem, detail, quote: true })
}

/// `value` within `min..=max` (no `max`: at least `min`).
fn in_range(path: Vec<Seg>, value: i64, min: i64, max: Option<i64>) -> Result<(), Bad> {
    if value >= min && max.is_none_or(|m| value <= m) {
        return Ok(());
    }
    let detail = match max {
        Some(m) => format!("{value} is not between {min} and {m}"),
        None => format!("{value} is below {min}"),
    };
    bad(path, Problem::Range { min: min.to_string(), max: max.map(|m| m.to_string()) }, detail)
}

/// A regular expression that must compile (empty = none).
fn regex_ok(path: Vec<Seg>, re: Option<&str>) -> Result<(), Bad> {
    let Some(re) = re.filter(|r| !r.is_empty()) else { return Ok(()) };
    match Regex::new(re) {
        Ok(_) => Ok(()),
        Err(e) => {
            let full = e.to_string();
            // The crate's message draws the pattern with a caret and ends
            // with `error: <reason>`; the reason is what a user can act on.
            let reason = full
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("error: "))
                .unwrap_or(full.lines().last().unwrap_or_default())
                .trim()
                .to_string();
            bad(path, Problem::Regex { reason }, format!("invalid regex {re:?}: {full}"))
        }
    }
}

fn check_categories(nodes: &[CategoryNode], path: &mut Vec<Seg>) -> Result<(), Bad> {
    for (i, n) in nodes.iter().enumerate() {
        path.push(Seg::Index(i));
        let mut here = path.clone();
        here.push(key("regex"));
        regex_ok(here, n.regex.as_deref())?;
        path.push(key("children"));
        check_categories(&n.children, path)?;
        path.pop();
        path.pop();
    }
    Ok(())
}

fn check_kpi(t: &KpiTemplate, name: &str) -> Result<(), Bad> {
    let tiers = t.tiers.len();
    if tiers == 0 {
        return bad(vec![key(name), key("tiers")], Problem::Count { count: 0, min: 1, max: None }, "no tiers".into());
    }
    for (i, item) in t.items.iter().enumerate() {
        let here = |field: &str| vec![key(name), key("items"), Seg::Index(i), key(field)];
        if !(item.weight.is_finite() && item.weight >= 0.0) {
            let range = Problem::Range { min: "0".into(), max: None };
            return bad(here("weight"), range, format!("weight {} is negative", item.weight));
        }
        let count = item.targets.len();
        if count == 0 || count > tiers {
            let problem = Problem::Count { count, min: 1, max: Some(tiers) };
            return bad(here("targets"), problem, format!("{count} targets for {tiers} tiers"));
        }
        if let Some(j) = item.targets.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            let mut path = here("targets");
            path.push(Seg::Index(j));
            let range = Problem::Range { min: "0".into(), max: None };
            return bad(path, range, format!("target {} is negative", item.targets[j]));
        }
    }
    if !t.items.is_empty() && t.items.iter().map(|i| i.weight).sum::<f64>() <= 0.0 {
        let detail = "the item weights add up to 0".to_string();
        return Err(Bad { path: vec![key(name), key("items")], problem: Problem::NoWeight, detail, quote: false });
    }
    Ok(())
}

/// What the types cannot say, in the order the fields are in the spec's
/// file. The first problem is reported.
fn check(s: &Settings) -> Result<(), Bad> {
    in_range(vec![key("timezone_offset_minutes")], s.timezone_offset_minutes.into(), TZ_RANGE.0, Some(TZ_RANGE.1))?;
    for (day, list) in &s.work_time {
        if !WEEKDAY_KEYS.contains(&day.as_str()) {
            let problem = Problem::UnknownKey { key: day.clone(), nearest: nearest(day, WEEKDAY_KEYS) };
            let detail = format!("unknown weekday `{day}`, expected one of {}", WEEKDAY_KEYS.join(", "));
            return Err(Bad { path: vec![key("work_time"), key(day)], problem, detail, quote: false });
        }
        // Intervals of one day may come in any order but must not overlap
        // (touching is fine: 09:00-12:00 and 12:00-18:00).
        for (i, a) in list.iter().enumerate() {
            if let Some(b) = list[..i].iter().find(|b| a.start < b.end && b.start < a.end) {
                let problem = Problem::Overlap { other: b.to_string() };
                return bad(vec![key("work_time"), key(day), Seg::Index(i)], problem, format!("{a} overlaps {b}"));
            }
        }
    }
    if let Some(i) = s.holidays.iter().position(|d| !is_date(d)) {
        return bad(vec![key("holidays"), Seg::Index(i)], Problem::Date, format!("not a date: {:?}", s.holidays[i]));
    }
    in_range(vec![key("response_threshold_secs")], s.response_threshold_secs, 1, Some(DAY_SECS))?;
    // 0 days: paid on the inquiry's day only (spec §4); a re-consult
    // window of 0 days could never see a re-consult (spec §6).
    in_range(vec![key("final_window_days")], s.final_window_days, 0, Some(MAX_WINDOW_DAYS))?;
    in_range(vec![key("reconsult_days")], s.reconsult_days, 1, Some(MAX_WINDOW_DAYS))?;
    // A week with no session cannot be assessed (its rate has no
    // denominator), so at least one session.
    let min_sessions = i64::try_from(s.weekly_min_sessions).unwrap_or(i64::MAX);
    in_range(vec![key("weekly_min_sessions")], min_sessions, 1, None)?;
    if !(0.0..=1.0).contains(&s.weekly_pass_rate) {
        let range = Problem::Range { min: "0".into(), max: Some("1".into()) };
        return bad(vec![key("weekly_pass_rate")], range, "must be between 0 and 1".into());
    }
    in_range(vec![key("long_reception_secs")], s.long_reception_secs, 1, Some(DAY_SECS))?;
    if !(0.0..=1.0).contains(&s.gold_satisfaction_rate) {
        let range = Problem::Range { min: "0".into(), max: Some("1".into()) };
        return bad(vec![key("gold_satisfaction_rate")], range, "must be between 0 and 1".into());
    }
    in_range(vec![key("session_idle_secs")], s.session_idle_secs, 1, Some(DAY_SECS))?;
    regex_ok(vec![key("category_marker")], Some(&s.category_marker))?;
    in_range(vec![key("refunds"), key("followed_days")], s.refunds.followed_days, 0, Some(MAX_WINDOW_DAYS))?;
    check_categories(&s.categories, &mut vec![key("categories")])?;
    for (name, t) in [("kpi", &s.kpi), ("kpi_aftersales", &s.kpi_aftersales)] {
        if let Some(t) = t {
            check_kpi(t, name)?;
        }
    }
    if let Some(a) = &s.alerts {
        let here = |rule: &str, field: &str| vec![key("alerts"), key(rule), key(field)];
        in_range(here("wait", "yellow_secs"), a.wait.yellow_secs, 1, Some(DAY_SECS))?;
        in_range(here("wait", "red_secs"), a.wait.red_secs, 1, Some(DAY_SECS))?;
        if a.wait.yellow_secs > a.wait.red_secs {
            let other = render(&here("wait", "red_secs"));
            let problem = Problem::Above { other, other_value: a.wait.red_secs.to_string() };
            let detail = format!("yellow_secs {} is above red_secs {}", a.wait.yellow_secs, a.wait.red_secs);
            return bad(here("wait", "yellow_secs"), problem, detail);
        }
        in_range(here("reply_timeout", "secs"), a.reply_timeout.secs, 1, Some(DAY_SECS))?;
        in_range(here("low_rating", "max_score"), a.low_rating.max_score.into(), RATING_RANGE.0, Some(RATING_RANGE.1))?;
        regex_ok(here("sensitive_words", "regex"), a.sensitive_words.regex.as_deref())?;
        regex_ok(here("complaint", "regex"), a.complaint.regex.as_deref())?;
        in_range(
            here("unpaid_no_reminder", "within_secs"),
            a.unpaid_no_reminder.within_secs,
            1,
            Some(MAX_REMINDER_SECS),
        )?;
    }
    check_cuifu(&s.cuifu)?;
    check_qa(s)
}

/// QA templates (issue 15 item 1): ids present and unique (score sheets
/// and KPI items refer to them), at least one item each, points 1..=100;
/// and a KPI item reading a QA average (`qa:<id>`) names a template.
fn check_qa(s: &Settings) -> Result<(), Bad> {
    let ts = &s.qa.templates;
    let here = |t: usize| vec![key("qa"), key("templates"), Seg::Index(t)];
    for (t, tpl) in ts.iter().enumerate() {
        let at = |field: &str| {
            let mut p = here(t);
            p.push(key(field));
            p
        };
        if tpl.id.trim().is_empty() {
            return bad(at("id"), Problem::Empty, "a QA template needs an id".into());
        }
        if let Some(first) = ts[..t].iter().position(|o| o.id == tpl.id) {
            let mut other = here(first);
            other.push(key("id"));
            let problem = Problem::Duplicate { other: render(&other) };
            return bad(at("id"), problem, format!("QA template id {:?} is used twice", tpl.id));
        }
        if tpl.items.is_empty() {
            let problem = Problem::Count { count: 0, min: 1, max: None };
            return Err(Bad { path: at("items"), problem, detail: "a QA template needs an item".into(), quote: false });
        }
        for (i, item) in tpl.items.iter().enumerate() {
            let field = |f: &str| {
                let mut p = at("items");
                p.push(Seg::Index(i));
                p.push(key(f));
                p
            };
            if item.id.trim().is_empty() {
                return bad(field("id"), Problem::Empty, "a QA item needs an id".into());
            }
            if let Some(first) = tpl.items[..i].iter().position(|o| o.id == item.id) {
                let mut other = at("items");
                other.push(Seg::Index(first));
                other.push(key("id"));
                let problem = Problem::Duplicate { other: render(&other) };
                return bad(field("id"), problem, format!("QA item id {:?} is used twice", item.id));
            }
            in_range(field("points"), item.points.into(), QA_POINTS.0, Some(QA_POINTS.1))?;
        }
    }
    for (name, t) in [("kpi", &s.kpi), ("kpi_aftersales", &s.kpi_aftersales)] {
        let Some(t) = t else { continue };
        for (i, item) in t.items.iter().enumerate() {
            let Some(id) = item.metric.strip_prefix(crate::settings::kpi::QA_PREFIX) else { continue };
            if s.qa.template(id).is_none() {
                let allowed =
                    ts.iter().map(|t| format!("{}{}", crate::settings::kpi::QA_PREFIX, t.id)).collect::<Vec<_>>();
                let problem = Problem::Variant { allowed: allowed.join(", ") };
                let path = vec![key(name), key("items"), Seg::Index(i), key("metric")];
                return bad(path, problem, format!("no QA template {id:?}"));
            }
        }
    }
    Ok(())
}

/// The 催付 regex compiles; each window is one kind, within a week of the
/// order (a reminder later than that is no reminder), and not reversed.
fn check_cuifu(c: &super::CuifuSettings) -> Result<(), Bad> {
    regex_ok(vec![key("cuifu"), key("regex")], c.regex.as_deref())?;
    for (i, w) in c.windows.iter().enumerate() {
        let here = |field: &str| vec![key("cuifu"), key("windows"), Seg::Index(i), key(field)];
        let Some(span) = w.span() else {
            let path = vec![key("cuifu"), key("windows"), Seg::Index(i)];
            let detail = "a window needs from_secs and to_secs, or day with from_clock/to_clock, not both".into();
            return Err(Bad { path, problem: Problem::Window, detail, quote: true });
        };
        let above = |field: &str, v: i64, other: &str, ov: String| {
            let problem = Problem::Above { other: render(&here(other)), other_value: ov.clone() };
            bad(here(field), problem, format!("{field} {v} is above {other} {ov}"))
        };
        match span {
            super::WindowSpan::After { from, to } => {
                in_range(here("from_secs"), from, 0, Some(MAX_REMINDER_SECS))?;
                in_range(here("to_secs"), to, 0, Some(MAX_REMINDER_SECS))?;
                if from > to {
                    return above("from_secs", from, "to_secs", to.to_string());
                }
            }
            super::WindowSpan::Clock { day, from, to } => {
                in_range(here("day"), day, 0, Some(MAX_REMINDER_SECS / DAY_SECS))?;
                if from >= to {
                    let to_text = w.to_clock.map_or("24:00".to_string(), |c| c.to_string());
                    return above("from_clock", from, "to_clock", to_text);
                }
            }
        }
    }
    Ok(())
}

/// A problem with where it is, as steps (for [`Settings::parse_stored`]).
struct Found {
    error: SettingsError,
    path: Vec<Seg>,
}

/// [`Settings::parse`], keeping the problem's path as steps.
fn parse_at(json: &str) -> Result<Settings, Box<Found>> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let s: Settings = match serde_path_to_error::deserialize(de) {
        Ok(s) => s,
        Err(e) => {
            let steps: Vec<Seg> = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
                    serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            let inner = e.into_inner();
            let detail = inner.to_string();
            let problem = if inner.is_syntax() || inner.is_eof() { Problem::Syntax } else { classify(&detail) };
            // The value that did not fit (not the misspelt key's value: the
            // key is the problem there).
            let value = match problem {
                Problem::Syntax | Problem::UnknownKey { .. } => None,
                _ => value_at(json, &steps),
            };
            let error = SettingsError {
                path: render(&steps),
                value,
                problem,
                line: to_u32(inner.line()),
                column: to_u32(inner.column()),
                detail: detail.into(),
            };
            return Err(Box::new(Found { error, path: steps }));
        }
    };
    match check(&s) {
        Ok(()) => Ok(s),
        Err(b) => {
            let span = span_of(json, &b.path);
            let (line, column) = span.map_or((1, 1), |(a, _)| line_column(json, a));
            let value = if b.quote { value_at(json, &b.path) } else { None };
            let error = SettingsError {
                path: render(&b.path),
                value,
                problem: b.problem,
                line,
                column,
                detail: b.detail.into(),
            };
            Err(Box::new(Found { error, path: b.path }))
        }
    }
}

/// Remove the key at `path` from `v`; false when there is none.
fn remove_at(v: &mut serde_json::Value, path: &[Seg]) -> bool {
    let Some((last, parents)) = path.split_last() else { return false };
    let mut v = v;
    for seg in parents {
        v = match (seg, v) {
            (Seg::Key(k), serde_json::Value::Object(o)) => match o.get_mut(k) {
                Some(x) => x,
                None => return false,
            },
            (Seg::Index(i), serde_json::Value::Array(a)) => match a.get_mut(*i) {
                Some(x) => x,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, v) {
        (Seg::Key(k), serde_json::Value::Object(o)) => o.remove(k).is_some(),
        _ => false,
    }
}

impl Settings {
    /// Read settings JSON, naming the field, its value and the problem.
    pub fn parse(json: &str) -> Result<Settings, SettingsError> {
        // A file saved by Windows Notepad starts with a byte-order mark.
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        parse_at(json).map_err(|f| f.error)
    }

    /// Check settings made in the app's editors (not read from a file) as
    /// [`Settings::parse`] checks a file: the app applies a document only
    /// when this passes, and keeps the last good one otherwise. The line
    /// is that of [`Settings::to_json`].
    pub fn validate(&self) -> Result<(), SettingsError> {
        Settings::parse(&self.to_json()).map(|_| ())
    }

    /// Read settings this app wrote earlier (kept in the browser): keys an
    /// older version knew and this one does not are dropped, at any depth
    /// (an alert rule's or a KPI item's too), not a reason to lose every
    /// setting. Anything else wrong is an error as in [`Settings::parse`].
    pub fn parse_stored(json: &str) -> Result<Settings, SettingsError> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let mut doc: Option<serde_json::Value> = None;
        let mut text = json.to_string();
        loop {
            match parse_at(&text) {
                Err(found) if matches!(found.error.problem, Problem::UnknownKey { .. }) => {
                    let Found { error, path } = *found;
                    // The text parsed up to the key, not necessarily past
                    // it: broken JSON after it stays an error.
                    let v = match doc.as_mut() {
                        Some(v) => v,
                        None => match serde_json::from_str(&text) {
                            Ok(v) => doc.insert(v),
                            // Broken after the key (found by the settings
                            // fuzz target): that is the problem to report.
                            Err(e) => {
                                return Err(SettingsError {
                                    path: String::new(),
                                    value: None,
                                    problem: Problem::Syntax,
                                    line: e.line() as u32,
                                    column: e.column() as u32,
                                    detail: e.to_string().into(),
                                })
                            }
                        },
                    };
                    if !remove_at(v, &path) {
                        return Err(error);
                    }
                    text = v.to_string();
                }
                other => return other.map_err(|f| f.error),
            }
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
        assert_eq!((e.line, e.column), (1, text.find('s').map(|i| i as u32 + 1).unwrap()), "{e:?}");
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
