//! Work time (spec §2): intervals per weekday, written `"09:00-12:00"` in
//! the settings' `work_time` map and parsed once, when the settings are
//! read, into typed [`Interval`]s. The business clock over them is
//! `engine::clock`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Settings;

/// The `work_time` keys, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One stretch of work time within a day, as seconds since midnight
/// (`start < end`, `end` at most 24:00). In JSON: `"09:00-12:00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: i64,
    pub end: i64,
}

impl Interval {
    /// The whole day, `00:00-24:00`.
    pub const ALL_DAY: Interval = Interval { start: 0, end: 86_400 };
}

impl std::str::FromStr for Interval {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_interval(s).map(|(start, end)| Interval { start, end }).ok_or_else(|| {
            format!("invalid work-time interval '{s}' (expected HH:MM-HH:MM, start before end, up to 24:00)")
        })
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |t: i64| format!("{:02}:{:02}", t / 3600, t % 3600 / 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Settings {
    /// Work intervals of a weekday (0 = Monday) as (start, end) seconds of
    /// the day, sorted and merged.
    pub fn work_intervals(&self, weekday: u32) -> Vec<(i64, i64)> {
        let key = WEEKDAY_KEYS[weekday as usize % 7];
        let mut v: Vec<(i64, i64)> =
            self.work_time.get(key).map(|list| list.iter().map(|i| (i.start, i.end)).collect()).unwrap_or_default();
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
