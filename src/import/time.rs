//! Timestamp parsing. Every input time is a shop-local naive date-time and is
//! stored as in [`crate::model::ts_from_ymdhms`].
//!
//! Accepted shapes: `YYYY-MM-DD HH:MM:SS` (fast path), `YYYY/M/D H:MM(:SS)`,
//! `YYYY-MM-DDTHH:MM:SS(.fff)(Z|+08:00)`, `YYYY年M月D日 H:MM:SS`, a date alone
//! (midnight), the inline-chat shape with no space between date and time
//! (`2010-06-0109:07:32`), and Excel serial numbers (`45444.375`).

/// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
#[inline]
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[inline]
fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

/// Validated Y-M-D h:m:s → shop-local timestamp.
#[inline]
pub fn ymdhms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    if !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..60).contains(&s) {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

#[inline]
fn d2(b: &[u8], i: usize) -> Option<i64> {
    let a = b[i].wrapping_sub(b'0');
    let c = b[i + 1].wrapping_sub(b'0');
    if a < 10 && c < 10 {
        Some((a * 10 + c) as i64)
    } else {
        None
    }
}

/// Parse a time string. Leading/trailing whitespace is ignored.
pub fn parse_ts(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // Fast path: exactly `YYYY-MM-DD HH:MM:SS` (or `/` and `T` variants).
    if b.len() == 19
        && (b[4] == b'-' || b[4] == b'/')
        && b[7] == b[4]
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
        && b[16] == b':'
    {
        if let (Some(y1), Some(y2), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) =
            (d2(b, 0), d2(b, 2), d2(b, 5), d2(b, 8), d2(b, 11), d2(b, 14), d2(b, 17))
        {
            return ymdhms(y1 * 100 + y2, mo, d, h, mi, sec);
        }
    }
    parse_ts_slow(s.trim())
}

fn parse_ts_slow(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 64 {
        return None;
    }
    // Excel serial number (days since 1899-12-30), e.g. `45444.375`.
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.') && b.iter().filter(|c| **c == b'.').count() <= 1 {
        let int_len = b.iter().position(|c| *c == b'.').unwrap_or(b.len());
        if (4..=7).contains(&int_len) && !(int_len == 4 && b.len() == 4) {
            let v: f64 = s.parse().ok()?;
            return excel_serial(v);
        }
        // `20240601` / `20240601093000` compact forms.
        if b.len() == 8 || b.len() == 14 {
            let n = |i: usize, l: usize| -> i64 { s[i..i + l].parse().unwrap_or(-1) };
            let (h, mi, sec) = if b.len() == 14 { (n(8, 2), n(10, 2), n(12, 2)) } else { (0, 0, 0) };
            return ymdhms(n(0, 4), n(4, 2), n(6, 2), h, mi, sec);
        }
        return None;
    }
    // Tokenise into digit runs.
    let mut nums: [(i64, usize); 7] = [(0, 0); 7];
    let mut n = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let st = i;
            let mut v: i64 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - st >= 9 {
                    return None;
                }
                v = v * 10 + (b[i] - b'0') as i64;
                i += 1;
            }
            if n == 7 {
                return None;
            }
            nums[n] = (v, i - st);
            n += 1;
            // After the seconds: ignore a fraction and a zone suffix.
            if n == 6 && i < b.len() && matches!(b[i], b'.' | b'+' | b'Z' | b'z' | b',') {
                break;
            }
            continue;
        }
        let ok = match c {
            b'-' | b'/' | b':' | b' ' | b'T' | b'.' | b'\t' => true,
            _ => {
                // Allow 年 月 日 时 分 秒 and full-width space.
                let rest = &s[i..];
                let ch = rest.chars().next()?;
                if matches!(ch, '年' | '月' | '日' | '号' | '时' | '分' | '秒' | '\u{3000}' | '点') {
                    i += ch.len_utf8();
                    continue;
                }
                false
            }
        };
        if !ok {
            return None;
        }
        i += 1;
    }
    let v = &nums[..n];
    if v.is_empty() || v[0].1 != 4 {
        return None;
    }
    match n {
        3 => ymdhms(v[0].0, v[1].0, v[2].0, 0, 0, 0),
        // `2010-06-0109:07:32`: day and hour glued together.
        5 if v[2].1 == 4 => ymdhms(v[0].0, v[1].0, v[2].0 / 100, v[2].0 % 100, v[3].0, v[4].0),
        5 if v[2].1 > 2 => None,
        5 => ymdhms(v[0].0, v[1].0, v[2].0, v[3].0, v[4].0, 0),
        6 => ymdhms(v[0].0, v[1].0, v[2].0, v[3].0, v[4].0, v[5].0),
        _ => None,
    }
}

/// Excel serial day number (1900 date system) → timestamp, rounded to the second.
pub fn excel_serial(v: f64) -> Option<i64> {
    if !v.is_finite() || !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let secs = ((v - 25_569.0) * 86_400.0).round();
    Some(secs as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ts_from_ymdhms;

    #[test]
    fn shapes() {
        let t = ts_from_ymdhms(2024, 6, 1, 9, 5, 3);
        assert_eq!(parse_ts("2024-06-01 09:05:03"), t);
        assert_eq!(parse_ts("2024/6/1 9:05:03"), t);
        assert_eq!(parse_ts("2024-06-01T09:05:03"), t);
        assert_eq!(parse_ts("2024-06-01T09:05:03.250+08:00"), t);
        assert_eq!(parse_ts("2024年6月1日 9:05:03"), t);
        assert_eq!(parse_ts("2024-06-0109:05:03"), t);
        assert_eq!(parse_ts(" 2024-6-1 9:05:03 "), t);
        assert_eq!(parse_ts("2024/6/1 9:05"), ts_from_ymdhms(2024, 6, 1, 9, 5, 0));
        assert_eq!(parse_ts("2024-06-01"), ts_from_ymdhms(2024, 6, 1, 0, 0, 0));
        // 45444 = 2024-06-01; .375 = 09:00
        assert_eq!(parse_ts("45444.375"), ts_from_ymdhms(2024, 6, 1, 9, 0, 0));
        assert_eq!(parse_ts("2024-13-01 00:00:00"), None);
        assert_eq!(parse_ts("2024-02-30 00:00:00"), None);
        assert_eq!(parse_ts("2024-02-29 23:59:59"), ts_from_ymdhms(2024, 2, 29, 23, 59, 59));
        assert_eq!(parse_ts("2023-02-29 00:00:00"), None);
        assert_eq!(parse_ts("2024-06-01 24:00:00"), None);
        assert_eq!(parse_ts("hello"), None);
        assert_eq!(parse_ts(""), None);
        assert_eq!(parse_ts("1999-12-31 23:59:59"), ts_from_ymdhms(1999, 12, 31, 23, 59, 59));
    }
}
