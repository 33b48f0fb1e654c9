//! How numbers read to a merchant: thousands separators, percentages with
//! one decimal, durations as 分/秒 (or m/s), yuan with two decimals. Pure, so
//! the UI and the CLI share it and it is tested natively.

/// `1234567` → `1,234,567`.
pub fn int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
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

/// A drill row's detail (the engine writes it language-neutral, e.g.
/// `185 s (calendar 5580 s)`, `unanswered`, `week 2024-06-03 sessions 5
/// replied 4`) as merchants read it. Anything else is returned unchanged.
pub fn drill_detail(detail: &str, zh: bool) -> String {
    if detail == "unanswered" {
        return if zh { "未回复".into() } else { "unanswered".into() };
    }
    if let Some((w, rest)) = detail.split_once(" s (calendar ") {
        if let (Ok(w), Some(Ok(c))) =
            (w.trim().parse::<f64>(), rest.strip_suffix(" s)").map(|c| c.trim().parse::<f64>()))
        {
            let (w, c) = (duration(Some(w), zh), duration(Some(c), zh));
            return if zh { format!("{w}（自然时钟 {c}）") } else { format!("{w} (calendar {c})") };
        }
    }
    if let Some(rest) = detail.strip_prefix("week ") {
        let parts: Vec<&str> = rest.split(' ').collect();
        if let [day, "sessions", s, "replied", r] = parts[..] {
            return if zh {
                format!("{day} 当周：会话 {s}，已回复 {r}")
            } else {
                format!("week of {day}: {s} sessions, {r} replied")
            };
        }
    }
    detail.to_string()
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
    fn drill_details_read_as_merchants_say_them() {
        assert_eq!(drill_detail("180 s (calendar 5580 s)", true), "3分00秒（自然时钟 1小时33分）");
        assert_eq!(drill_detail("45 s (calendar 45 s)", false), "45s (calendar 45s)");
        assert_eq!(drill_detail("unanswered", true), "未回复");
        assert_eq!(drill_detail("week 2024-06-03 sessions 5 replied 4", true), "2024-06-03 当周：会话 5，已回复 4");
        assert_eq!(
            drill_detail("week 2024-06-03 sessions 5 replied 4", false),
            "week of 2024-06-03: 5 sessions, 4 replied"
        );
        // order ids, amounts, ratings and message text pass through
        assert_eq!(drill_detail("3712000002338007135 99.00", true), "3712000002338007135 99.00");
        assert_eq!(drill_detail("5", true), "5");
        assert_eq!(drill_detail("unanswered?", true), "unanswered?");
        assert_eq!(drill_detail("x s (calendar 3 s)", true), "x s (calendar 3 s)");
    }
}
