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
        other => other.raw(),
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
}
