//! Timestamp parsing. Every input time is a shop-local naive date-time and is
//! stored as in [`crate::model::ts_from_ymdhms`].
//!
//! Accepted shapes: `YYYY-MM-DD HH:MM:SS` (fast path), `YYYY/M/D H:MM(:SS)`,
//! `YYYY-MM-DDTHH:MM:SS(.fff)(Z|+08:00)`, `YYYY年M月D日 H:MM:SS`, a date alone
//! (midnight), the inline-chat shape with no space between date and time
//! (`2010-06-0109:07:32`), and Excel serial numbers (`45444.375`).
//!
//! Tables read through a column mapping (spec §10.1) use [`parse_mapped`]:
//! its `auto` also reads Unix seconds or milliseconds and times that carry
//! a UTC offset (ISO 8601 `…Z` / `…+08:00`, `Tue Oct 31 22:10:47 +0000
//! 2017`), converting those to shop-local with the settings'
//! `timezone_offset_minutes`; a pattern is read with chrono's strftime
//! syntax.

use crate::settings::TimeFormat;

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
    match exact_shape(s) {
        Some(t) => t,
        None => parse_ts_slow(s.trim()),
    }
}

/// The usual shape only: exactly `YYYY-MM-DD HH:MM:SS` (or `/` and `T`
/// variants), a valid time from 1900 on; anything else is None here (and
/// may still be a time to [`parse_ts`]).
pub fn parse_ts_exact(s: &str) -> Option<i64> {
    exact_shape(s).flatten()
}

/// Some when `s` has the usual shape (see [`parse_ts_exact`]): then the
/// time, or None for an impossible date or hour.
fn exact_shape(s: &str) -> Option<Option<i64>> {
    let b = s.as_bytes();
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
            return Some(ymdhms(y1 * 100 + y2, mo, d, h, mi, sec));
        }
    }
    None
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

/// A UTC timestamp as shop-local wall-clock seconds.
fn local(utc: i64, tz_offset_minutes: i32) -> i64 {
    utc + tz_offset_minutes as i64 * 60
}

/// Shapes with a UTC offset that `auto` tries (after `Z`/` UTC` became `+00:00`).
const OFFSET_SHAPES: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y/%m/%d %H:%M:%S%.f%z",
    "%Y/%m/%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M%z",
    "%a %b %d %H:%M:%S %z %Y",
    "%a, %d %b %Y %H:%M:%S %z",
];

/// A time of a mapped table (spec §10.1) as a shop-local timestamp.
///
/// `auto`: digits only with 9–10 digits before an optional fraction are
/// Unix seconds, 12–13 digits Unix milliseconds (both UTC); a time with a
/// UTC offset (`Z`, `UTC`, `+08:00`, `+0800`, or the `Tue Oct 31 22:10:47
/// +0000 2017` shape) is converted to shop-local; everything else is read
/// as [`parse_ts`] reads it (shop-local, Excel serial days included).
/// A pattern is an strftime-style pattern: with `%z`/`%:z` the offset is
/// converted, with `%s` the Unix seconds are, otherwise the time is
/// shop-local; a pattern without a time of day gives midnight.
pub fn parse_mapped(s: &str, fmt: &TimeFormat, tz_offset_minutes: i32) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    match fmt {
        TimeFormat::Auto => parse_auto(t, tz_offset_minutes),
        TimeFormat::Pattern(p) => parse_pattern(t, p, tz_offset_minutes),
    }
}

fn parse_auto(t: &str, tz: i32) -> Option<i64> {
    let b = t.as_bytes();
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'.') && b.iter().filter(|c| **c == b'.').count() <= 1 {
        let int_len = b.iter().position(|c| *c == b'.').unwrap_or(b.len());
        let v: f64 = t.parse().ok()?;
        let utc = match int_len {
            9 | 10 => v.round() as i64,
            12 | 13 => (v / 1000.0).round() as i64,
            _ => return parse_ts(t),
        };
        return Some(local(utc, tz)).filter(|ts| ymd_ok(*ts));
    }
    // A UTC offset: normalise `Z` / ` UTC` / ` GMT` to `+00:00`.
    let mut norm = t.to_string();
    for suffix in ["Z", "z", " UTC", " GMT", "UTC", "GMT"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            if rest.as_bytes().last().is_some_and(|c| c.is_ascii_digit()) {
                norm = format!("{rest}+00:00");
                break;
            }
        }
    }
    for shape in OFFSET_SHAPES {
        if let Ok(dt) = chrono::DateTime::parse_from_str(&norm, shape) {
            return Some(local(dt.timestamp(), tz)).filter(|ts| ymd_ok(*ts));
        }
    }
    parse_ts(t)
}

fn parse_pattern(t: &str, p: &str, tz: i32) -> Option<i64> {
    use chrono::format::{parse, Parsed, StrftimeItems};
    let mut parsed = Parsed::new();
    parse(&mut parsed, t, StrftimeItems::new(p)).ok()?;
    if parsed.timestamp().is_some() {
        return Some(local(parsed.to_datetime_with_timezone(&chrono::Utc).ok()?.timestamp(), tz));
    }
    if parsed.offset().is_some() {
        return Some(local(parsed.to_datetime().ok()?.timestamp(), tz));
    }
    let date = parsed.to_naive_date().ok()?;
    let time = parsed.to_naive_time().unwrap_or(chrono::NaiveTime::MIN);
    Some(chrono::NaiveDateTime::new(date, time).and_utc().timestamp()).filter(|ts| ymd_ok(*ts))
}

/// Within the years every other parser accepts (1900..=9999).
fn ymd_ok(ts: i64) -> bool {
    (-2_208_988_800..253_402_300_800).contains(&ts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ts_from_ymdhms;

    #[test]
    fn the_exact_shape_is_read_alone_and_agrees_with_the_full_parse() {
        let t = ts_from_ymdhms(2024, 6, 1, 9, 5, 3);
        for s in ["2024-06-01 09:05:03", "2024/06/01 09:05:03", "2024-06-01T09:05:03"] {
            assert_eq!(parse_ts_exact(s), t, "{s}");
            assert_eq!(parse_ts(s), t, "{s}");
        }
        // other shapes, and no time at all, are left to the full parse
        for s in [
            "2024/6/1 9:05:03",
            " 2024-06-01 09:05:03",
            "2024-06-01 09:05:03 ",
            "2024-06-01 09:05",
            "0000-00-00 00:00:00",
            "2024-02-30 09:05:03",
            "2024-06-01 24:05:03",
            "2024-06/01 09:05:03",
            "45444.375",
        ] {
            assert_eq!(parse_ts_exact(s), None, "{s}");
        }
        assert_eq!(parse_ts(" 2024-06-01 09:05:03"), t);
    }

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

    fn auto(s: &str) -> Option<i64> {
        parse_mapped(s, &TimeFormat::Auto, 480)
    }

    fn pat(s: &str, p: &str) -> Option<i64> {
        parse_mapped(s, &TimeFormat::Pattern(p.into()), 480)
    }

    #[test]
    fn mapped_auto_converts_times_with_an_offset_to_shop_local() {
        // 2017-10-31 22:10:47 UTC is 2017-11-01 06:10:47 at +08:00.
        let t = ts_from_ymdhms(2017, 11, 1, 6, 10, 47);
        assert_eq!(auto("2017-10-31T22:10:47Z"), t);
        assert_eq!(auto("2017-10-31T22:10:47.123Z"), t);
        assert_eq!(auto("2017-11-01T06:10:47+08:00"), t);
        assert_eq!(auto("2017-11-01T06:10:47+0800"), t);
        assert_eq!(auto("2017-10-31T17:10:47-05:00"), t);
        assert_eq!(auto("2017-10-31 22:10:47 UTC"), t);
        assert_eq!(auto("2017-10-31 22:10:47 +00:00"), t);
        assert_eq!(auto("Tue Oct 31 22:10:47 +0000 2017"), t);
        // Unix seconds and milliseconds (UTC): 1509487847 = 2017-10-31 22:10:47Z.
        assert_eq!(auto("1509487847"), t);
        assert_eq!(auto("1509487847000"), t);
        assert_eq!(auto("1509487847.4"), t);
        // Another shop clock: the same instant at +00:00.
        assert_eq!(
            parse_mapped("2017-10-31T22:10:47Z", &TimeFormat::Auto, 0),
            ts_from_ymdhms(2017, 10, 31, 22, 10, 47)
        );
        assert_eq!(parse_mapped("1509487847", &TimeFormat::Auto, -300), ts_from_ymdhms(2017, 10, 31, 17, 10, 47));
    }

    #[test]
    fn mapped_auto_keeps_the_spec_shapes_shop_local() {
        let t = ts_from_ymdhms(2024, 6, 1, 9, 5, 3);
        assert_eq!(auto("2024-06-01 09:05:03"), t);
        assert_eq!(auto("2024/6/1 9:05:03"), t);
        assert_eq!(auto("2024年6月1日 9:05:03"), t);
        assert_eq!(auto("2024-06-01T09:05:03"), t, "no offset: already shop-local");
        // Excel serial days: 45444.375 = 2024-06-01 09:00.
        assert_eq!(auto("45444.375"), ts_from_ymdhms(2024, 6, 1, 9, 0, 0));
        assert_eq!(auto("20240601"), ts_from_ymdhms(2024, 6, 1, 0, 0, 0));
        assert_eq!(auto(""), None);
        assert_eq!(auto("yesterday"), None);
        assert_eq!(auto("2017-10-31T25:10:47Z"), None);
    }

    #[test]
    fn mapped_patterns() {
        assert_eq!(pat("01/06/2024 09:05", "%d/%m/%Y %H:%M"), ts_from_ymdhms(2024, 6, 1, 9, 5, 0));
        assert_eq!(pat("06-01-2024", "%m-%d-%Y"), ts_from_ymdhms(2024, 6, 1, 0, 0, 0));
        assert_eq!(pat("2024.06.01 01:05:03 +0000", "%Y.%m.%d %H:%M:%S %z"), ts_from_ymdhms(2024, 6, 1, 9, 5, 3));
        assert_eq!(pat("1717203903", "%s"), ts_from_ymdhms(2024, 6, 1, 9, 5, 3));
        assert_eq!(pat("2024-06-01 09:05:03", "%d/%m/%Y %H:%M"), None, "a pattern is strict");
        assert_eq!(pat("31/02/2024 09:05", "%d/%m/%Y %H:%M"), None);
    }
}
