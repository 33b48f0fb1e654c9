//! Work time (spec §2): intervals per weekday, `"09:00-12:00"`, parsed from
//! the settings' `work_time` map. The business clock over them is
//! `engine::clock`.

use super::Settings;

/// The `work_time` keys, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Settings {
    /// Work intervals of a weekday (0 = Monday) as (start, end) seconds of
    /// the day, sorted and merged. Malformed entries are ignored.
    pub fn work_intervals(&self, weekday: u32) -> Vec<(i64, i64)> {
        let key = WEEKDAY_KEYS[weekday as usize % 7];
        let mut v: Vec<(i64, i64)> = self
            .work_time
            .get(key)
            .map(|list| list.iter().filter_map(|s| parse_interval(s)).collect())
            .unwrap_or_default();
        v.sort();
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for (a, b) in v {
            if let Some(last) = merged.last_mut() {
                if a <= last.1 {
                    last.1 = last.1.max(b);
                    continue;
                }
            }
            merged.push((a, b));
        }
        merged
    }
}

/// `"09:00-12:00"` → (32400, 43200). `24:00` is allowed as an end.
pub fn parse_interval(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s.split_once('-')?;
    let p = |t: &str| -> Option<i64> {
        let (h, m) = t.trim().split_once(':')?;
        let h: i64 = h.trim().parse().ok()?;
        let m: i64 = m.trim().parse().ok()?;
        if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
            return None;
        }
        Some(h * 3600 + m * 60)
    };
    let (a, b) = (p(a)?, p(b)?);
    if a < b {
        Some((a, b))
    } else {
        None
    }
}
