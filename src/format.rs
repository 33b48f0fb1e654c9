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
}
