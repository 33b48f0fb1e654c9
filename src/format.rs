//! How numbers read to a merchant: thousands separators, percentages with
//! one decimal, durations as 分/秒 (or m/s), yuan with two decimals. Pure, so
//! the UI and the CLI share it and it is tested natively.

use crate::engine::DrillDetail;

/// `1234567` → `1,234,567`.
pub fn int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage with one decimal: `0.8765` → `87.7%`; None → `—`.
pub fn pct(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{:.1}%", x * 100.0),
        _ => "—".to_string(),
    }
}

/// Seconds as merchants read them. zh: `45秒`, `2分05秒`, `1小时02分`;
/// en: `45s`, `2m 05s`, `1h 02m`. Fractions of a second are rounded.
pub fn duration(v: Option<f64>, zh: bool) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else { return "—".to_string() };
    let s = x.round().max(0.0) as u64;
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    match (h, m, zh) {
        (0, 0, true) => format!("{sec}秒"),
        (0, 0, false) => format!("{sec}s"),
        (0, _, true) => format!("{m}分{sec:02}秒"),
        (0, _, false) => format!("{m}m {sec:02}s"),
        (_, _, true) => format!("{h}小时{m:02}分"),
        (_, _, false) => format!("{h}h {m:02}m"),
    }
}

/// Yuan with two decimals and separators: `12345.5` → `¥12,345.50`.
pub fn yuan(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let fen = (v * 100.0).round() as i64;
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    format!("{sign}¥{}.{:02}", int(fen / 100), fen % 100)
}

/// A plain ratio with two decimals (答问比): `1.456` → `1.46`.
pub fn ratio(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.2}"),
        _ => "—".to_string(),
    }
}

/// Bytes as `12.3 MB`.
pub fn bytes(n: u64) -> String {
    const K: f64 = 1024.0;
    let x = n as f64;
    if x < K {
        format!("{n} B")
    } else if x < K * K {
        format!("{:.1} KB", x / K)
    } else if x < K * K * K {
        format!("{:.1} MB", x / K / K)
    } else {
        format!("{:.2} GB", x / K / K / K)
    }
}

/// At most `max` characters of `text` on one line (line breaks as spaces),
/// `…` when cut: a drill cell's view of the buyer's opening message.
pub fn clip(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut out: String = one_line.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// A drill row's detail as merchants read it: response times as durations
/// (`3分00秒（自然时钟 1小时33分）`), `未回复`, a weekly unit's sessions; order
/// ids, amounts, scores and message texts as they are ([`DrillDetail::raw`]).
pub fn drill_detail(detail: &DrillDetail, zh: bool) -> String {
    match detail {
        DrillDetail::Unanswered if zh => "未回复".into(),
        DrillDetail::Response { work_secs, calendar_secs } => {
            let (w, c) = (duration(Some(*work_secs as f64), zh), duration(Some(*calendar_secs as f64), zh));
            if zh {
                format!("{w}（自然时钟 {c}）")
            } else {
                format!("{w} (calendar {c})")
            }
        }
        DrillDetail::Span { calendar_secs, work_secs } => {
            let (c, w) = (duration(Some(*calendar_secs as f64), zh), duration(Some(*work_secs as f64), zh));
            if zh {
                format!("{c}（工作时间 {w}）")
            } else {
                format!("{c} (work time {w})")
            }
        }
        DrillDetail::Week { monday, sessions, replied } => {
            if zh {
                format!("{monday} 当周：会话 {sessions}，已回复 {replied}")
            } else {
                format!("week of {monday}: {sessions} sessions, {replied} replied")
            }
        }
        DrillDetail::Cuifu { id, paid, first, delay_secs, text, .. } => {
            let paid = match (paid.is_empty(), zh) {
                (true, true) => "未付款".to_string(),
                (true, false) => "unpaid".to_string(),
                (false, true) => format!("付款 {paid}"),
                (false, false) => format!("paid {paid}"),
            };
            match (delay_secs, zh) {
                (Some(d), true) => {
                    format!("{id}，{paid}；首次催付 {first}（下单后 {}）：{text}", duration(Some(*d as f64), zh))
                }
                (Some(d), false) => {
                    format!(
                        "{id}, {paid}; first reminder {first} ({} after the order): {text}",
                        duration(Some(*d as f64), zh)
                    )
                }
                (None, true) => format!("{id}，{paid}；未催付"),
                (None, false) => format!("{id}, {paid}; no reminder"),
            }
        }
        other => other.raw(),
    }
}

/// A settings field as the user knows it: (JSON name, 中文, English).
const SETTING_NAMES: &[(&str, &str, &str)] = &[
    ("work_time", "工作时间", "work time"),
    ("holidays", "节假日", "holidays"),
    ("response_threshold_secs", "响应阈值（秒）", "response threshold (seconds)"),
    ("closing_word_filter", "结束语过滤", "closing-word filter"),
    ("closing_words", "结束语清单", "closing words"),
    ("auto_reply_markers", "自动回复标记", "auto-reply markers"),
    ("accounts", "客服账号", "staff accounts"),
    ("main_accounts", "主账号", "main accounts"),
    ("final_window_days", "最终付款窗口（天）", "final payment window (days)"),
    ("credit", "订单归属", "order credit"),
    ("reconsult_days", "再次咨询天数", "re-consult days"),
    ("weekly_min_sessions", "每周考核最少会话数", "weekly minimum sessions"),
    ("weekly_pass_rate", "每周达标回复率", "weekly pass rate"),
    ("long_reception_secs", "长接待阈值（秒）", "long reception threshold (seconds)"),
    ("session_idle_secs", "会话间隔（秒）", "session idle gap (seconds)"),
    ("category_marker", "咨询分类标记", "category marker"),
    ("categories", "咨询分类", "categories"),
    ("kpi", "KPI 模板", "KPI template"),
    ("kpi_aftersales", "售后 KPI 模板", "after-sales KPI template"),
    ("alerts", "质检预警规则", "alert rules"),
    ("cuifu", "催付设置", "payment reminder (催付) settings"),
    ("column_mappings", "列对应", "column mappings"),
    ("timezone_offset_minutes", "时区", "time zone"),
];

/// What was wrong with a settings file, in the user's language, naming the
/// field (its label and JSON path), the value as written and the line.
pub fn settings_error(e: &crate::settings::SettingsError, zh: bool) -> String {
    use crate::settings::Problem;
    let top = e.path.split(['.', '[']).next().unwrap_or("");
    let label = SETTING_NAMES.iter().find(|n| n.0 == top).map(|n| if zh { n.1 } else { n.2 });
    let field = match (label, e.path.is_empty()) {
        (_, true) => String::new(),
        (Some(l), _) if l != e.path => {
            if zh {
                format!("{l}（{}）", e.path)
            } else {
                format!("{l} ({})", e.path)
            }
        }
        _ => e.path.clone(),
    };
    // The value as the user wrote it, so they can find it in the file.
    let field = match &e.value {
        Some(v) => format!("{field} = {v}"),
        None => field,
    };
    // serde's wording of the expected kind → what the user should write.
    const KINDS: &[(&[&str], &str, &str)] = &[
        (&["i64", "u64", "i32", "u8", "integer"], "应为整数", "should be a whole number"),
        (&["f64", "number"], "应为数字", "should be a number"),
        (&["bool"], "应为 true 或 false", "should be true or false"),
        (&["sequence"], "应为列表（用方括号 [ ] 括起来）", "should be a list in [ ]"),
        (&["string"], "应为文字（用双引号括起来）", "should be text in double quotes"),
        (&["map", "struct"], "应为对象（用花括号 { } 括起来）", "should be an object in { }"),
    ];
    let kind = |expected: &str| -> &'static str {
        let (zh_text, en_text) = KINDS
            .iter()
            .find(|k| k.0.iter().any(|n| expected.contains(n)))
            .map_or(("类型不对", "has the wrong type"), |k| (k.1, k.2));
        if zh {
            zh_text
        } else {
            en_text
        }
    };
    let pick = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
    let what = match &e.problem {
        Problem::Syntax => {
            return pick(
                format!(
                    "设置不是有效的 JSON：第 {} 行第 {} 列附近有错（常见原因：少了逗号或引号、多了末尾的逗号）。",
                    e.line, e.column
                ),
                format!("The settings are not valid JSON: error near line {}, column {} (often a missing comma or quote, or a trailing comma).", e.line, e.column),
            );
        }
        Problem::Type { expected } => kind(expected).to_string(),
        Problem::Interval => pick(
            "应写成 HH:MM-HH:MM，开始早于结束，最晚 24:00，例如 09:00-18:00".into(),
            "should read HH:MM-HH:MM, start before end, up to 24:00, e.g. 09:00-18:00".into(),
        ),
        Problem::Overlap { other } => {
            pick(format!("与同一天的时段 {other} 重叠"), format!("overlaps {other} on the same day"))
        }
        Problem::Date => {
            pick("应为日期 YYYY-MM-DD，例如 2024-06-10".into(), "should be a date YYYY-MM-DD, e.g. 2024-06-10".into())
        }
        Problem::Range { min, max: Some(max) } => {
            pick(format!("应在 {min} 到 {max} 之间"), format!("should be between {min} and {max}"))
        }
        Problem::Range { min, max: None } => pick(format!("应不小于 {min}"), format!("should be at least {min}")),
        Problem::Above { other, other_value } => {
            pick(format!("不能大于 {other}（{other_value}）"), format!("cannot be above {other} ({other_value})"))
        }
        Problem::Count { count, min, max } => match max {
            Some(max) => pick(
                format!("有 {count} 个值，应为 {min} 到 {max} 个（每个等级一个）"),
                format!("has {count} values; should have {min} to {max} (one per tier)"),
            ),
            None => pick(
                format!("有 {count} 个值，至少应有 {min} 个"),
                format!("has {count} values; should have at least {min}"),
            ),
        },
        Problem::NoWeight => pick(
            "的权重之和为 0，无法计分：至少一项的权重应大于 0".into(),
            "weights add up to 0, so nothing can be scored: give at least one item a weight above 0".into(),
        ),
        Problem::Regex { reason } => {
            pick(format!("不是有效的正则表达式：{reason}"), format!("is not a valid regular expression: {reason}"))
        }
        Problem::Variant { allowed } => pick(format!("只能是：{allowed}"), format!("can only be: {allowed}")),
        Problem::UnknownKey { key, nearest } => {
            // Nested keys are named by their whole path, and so is the
            // suggestion (`alerts.complaint.regexx` → `alerts.complaint.regex`).
            let parent = e.path.strip_suffix(key.as_str()).unwrap_or("");
            let (key, nearest) = (&e.path, nearest.as_ref().map(|n| format!("{parent}{n}")));
            return match (nearest, zh) {
                (Some(n), true) => format!("设置有误：没有“{key}”这一项，是不是“{n}”？（第 {} 行）", e.line),
                (None, true) => format!("设置有误：没有“{key}”这一项（第 {} 行），请删去或改成已有的设置项。", e.line),
                (Some(n), false) => {
                    format!("Settings problem: there is no setting '{key}'; did you mean '{n}'? (line {}).", e.line)
                }
                (None, false) => {
                    format!(
                        "Settings problem: there is no setting '{key}' (line {}); remove it or use a known key.",
                        e.line
                    )
                }
            };
        }
        Problem::Window => pick(
            "应写 from_secs 和 to_secs（下单后几秒），或写 day 加 from_clock/to_clock（第几个工作日的几点），二者取一".into(),
            "needs from_secs and to_secs (seconds after the order), or day with from_clock/to_clock (a business day's clock), not both".into(),
        ),
        Problem::Duplicate { other } => {
            pick(format!("与 {other} 重复，每个编号只能用一次"), format!("repeats {other}; each id can be used once"))
        }
        Problem::Empty => pick("不能为空".into(), "cannot be empty".into()),
        Problem::Other => pick(format!("不能使用（{}）", e.detail), format!("cannot be used ({})", e.detail)),
    };
    if zh {
        format!("设置有误：{field} {what}（第 {} 行）。", e.line)
    } else {
        format!("Settings problem: {field} {what} (line {}).", e.line)
    }
}

/// A score book that could not be read (issue 15 item 1), in the UI's
/// language: which sheet (its number, 1-based, as a reviewer counts them;
/// in a workbook the row is that number + 1) and what was wrong.
pub fn qa_book_error(e: &crate::qa::BookError, zh: bool) -> String {
    use crate::qa::BookProblem as P;
    let pick = |a: String, b: String| if zh { a } else { b };
    let what = match &e.problem {
        P::Unreadable { detail } => pick(format!("无法读取（{detail}）"), format!("cannot be read ({detail})")),
        P::Version { found } => pick(
            format!("是第 {found} 版的评分文件，本程序只能读取第 {} 版", crate::qa::BOOK_VERSION),
            format!("is a version {found} score book; this app reads version {}", crate::qa::BOOK_VERSION),
        ),
        P::UnknownTemplate { template } => pick(
            format!("用了设置里没有的质检模板“{template}”"),
            format!("uses QA template '{template}', which the settings do not have"),
        ),
        P::UnknownItem { item } => pick(
            format!("有模板里没有的评分项“{item}”"),
            format!("scores item '{item}', which its template does not have"),
        ),
        P::MissingItem { item } => pick(format!("缺少评分项“{item}”"), format!("does not score item '{item}'")),
        P::PointsAbove { item, points, max } => pick(
            format!("评分项“{item}”给了 {points} 分，超过满分 {max}"),
            format!("gives item '{item}' {points} points, above its {max}"),
        ),
        P::BadKey { field, value } => {
            pick(format!("的 {field} 不对：“{value}”"), format!("has a bad {field}: '{value}'"))
        }
        P::BadTime { value } => pick(
            format!("的评分时间“{value}”不是 RFC 3339 时间（例如 2024-06-05T10:30:00+08:00）"),
            format!("has a scoring time '{value}' that is not RFC 3339 (e.g. 2024-06-05T10:30:00+08:00)"),
        ),
        P::Repeated { first } => pick(
            format!("与第 {} 张评分表是同一会话、同一模板", first + 1),
            format!("repeats the conversation and template of sheet {}", first + 1),
        ),
        P::MissingColumn { column } => pick(format!("缺少列“{column}”"), format!("has no column '{column}'")),
    };
    match (e.sheet, zh) {
        (Some(i), true) => format!("评分文件第 {} 张评分表{what}。", i + 1),
        (Some(i), false) => format!("Score book, sheet {}: {what}.", i + 1),
        (None, true) => format!("评分文件{what}。"),
        (None, false) => format!("The score book {what}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1,000");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(pct(Some(0.8766)), "87.7%");
        assert_eq!(pct(None), "—");
        assert_eq!(pct(Some(0.5)), "50.0%");
        assert_eq!(duration(Some(45.4), true), "45秒");
        assert_eq!(duration(Some(125.0), true), "2分05秒");
        assert_eq!(duration(Some(3720.0), true), "1小时02分");
        assert_eq!(duration(Some(125.0), false), "2m 05s");
        assert_eq!(duration(None, true), "—");
        assert_eq!(yuan(12345.5), "¥12,345.50");
        assert_eq!(yuan(0.1 + 0.2), "¥0.30");
        assert_eq!(ratio(Some(1.456)), "1.46");
        assert_eq!(bytes(1536), "1.5 KB");
    }

    #[test]
    fn clip_cuts_long_messages_to_one_line() {
        assert_eq!(clip("在吗", 24), "在吗");
        assert_eq!(clip("这款\n有货吗", 24), "这款 有货吗");
        assert_eq!(clip("一二三四五六", 4), "一二三四…");
        assert_eq!(clip("", 4), "");
    }

    #[test]
    fn drill_details_read_as_merchants_say_them() {
        let resp = |w, c| DrillDetail::Response { work_secs: w, calendar_secs: c };
        let week = DrillDetail::Week { monday: "2024-06-03".into(), sessions: 5, replied: 4 };
        assert_eq!(drill_detail(&resp(180, 5580), true), "3分00秒（自然时钟 1小时33分）");
        assert_eq!(drill_detail(&resp(45, 45), false), "45s (calendar 45s)");
        assert_eq!(drill_detail(&DrillDetail::Unanswered, true), "未回复");
        assert_eq!(drill_detail(&DrillDetail::Unanswered, false), "unanswered");
        assert_eq!(drill_detail(&week, true), "2024-06-03 当周：会话 5，已回复 4");
        assert_eq!(drill_detail(&week, false), "week of 2024-06-03: 5 sessions, 4 replied");
        // order ids, amounts, ratings and message text pass through
        let order = DrillDetail::Order { id: "3712000002338007135".into(), amount_fen: 9900 };
        assert_eq!(drill_detail(&order, true), "3712000002338007135 99.00");
        assert_eq!(drill_detail(&DrillDetail::Rating { score: 5 }, true), "5");
        assert_eq!(drill_detail(&DrillDetail::Message { text: "unanswered?".into() }, true), "unanswered?");
        // a message that reads like a detail stays a message
        assert_eq!(drill_detail(&DrillDetail::Message { text: "unanswered".into() }, true), "unanswered");
        let ids = DrillDetail::Orders { ids: vec!["a".into(), "b".into()] };
        assert_eq!(drill_detail(&ids, false), "a,b");
        assert_eq!(drill_detail(&DrillDetail::None, true), "");
    }

    #[test]
    fn drill_detail_raw_is_the_old_text() {
        let resp = DrillDetail::Response { work_secs: 185, calendar_secs: 5580 };
        assert_eq!(resp.raw(), "185 s (calendar 5580 s)");
        assert_eq!(DrillDetail::Unanswered.raw(), "unanswered");
        let week = DrillDetail::Week { monday: "2024-06-03".into(), sessions: 5, replied: 4 };
        assert_eq!(week.raw(), "week 2024-06-03 sessions 5 replied 4");
        assert_eq!(DrillDetail::Order { id: "x".into(), amount_fen: 12345 }.raw(), "x 123.45");
        let json = serde_json::to_string(&resp).unwrap();
        assert_eq!(json, r#"{"kind":"response","work_secs":185,"calendar_secs":5580}"#);
        assert_eq!(serde_json::from_str::<DrillDetail>(&json).unwrap(), resp);
        assert_eq!(serde_json::to_string(&DrillDetail::None).unwrap(), r#"{"kind":"none"}"#);
    }

    #[test]
    fn settings_errors_name_the_field_in_both_languages() {
        let e = crate::Settings::parse("{\n\"response_threshold_secs\": \"三分钟\"\n}").unwrap_err();
        assert_eq!(
            settings_error(&e, true),
            "设置有误：响应阈值（秒）（response_threshold_secs） = \"三分钟\" 应为整数（第 2 行）。"
        );
        assert_eq!(
            settings_error(&e, false),
            "Settings problem: response threshold (seconds) (response_threshold_secs) = \"三分钟\" should be a whole number (line 2)."
        );
        let e = crate::Settings::parse(r#"{"work_time": {"mon": ["9-18"]}}"#).unwrap_err();
        let zh = settings_error(&e, true);
        assert!(zh.contains("工作时间（work_time.mon[0]）") && zh.contains("HH:MM-HH:MM"), "{zh}");
        let e = crate::Settings::parse(r#"{"response_treshold_secs": 60}"#).unwrap_err();
        assert_eq!(
            settings_error(&e, true),
            "设置有误：没有“response_treshold_secs”这一项，是不是“response_threshold_secs”？（第 1 行）"
        );
        assert_eq!(
            settings_error(&e, false),
            "Settings problem: there is no setting 'response_treshold_secs'; did you mean 'response_threshold_secs'? (line 1)."
        );
        let e = crate::Settings::parse("{,}").unwrap_err();
        assert!(settings_error(&e, true).starts_with("设置不是有效的 JSON：第 1 行"));
    }
}
