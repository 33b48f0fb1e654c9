//! 催付 settings (issue 14 item 3): which agent messages are payment
//! reminders (keywords and a regex) and the golden windows a first
//! reminder is timed against. The defaults are seed 002's (晓多: 3–5
//! minutes, about 10 minutes, about half an hour after the order, before
//! 16:00 the same day, the next morning).
//!
//! A window is either relative to the order's created time (`from_secs`
//! ..=`to_secs`) or on the clock of a business day (`day` 0 = the order's
//! day, 1 = the next day with work time; `from_clock`..`to_clock`), so the
//! five seed windows need no special cases and a shop can add its own.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time of day `HH:MM` (00:00–24:00), as seconds since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(pub i64);

impl std::str::FromStr for ClockTime {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid time of day '{s}' (expected HH:MM, up to 24:00)");
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let digits = |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(h) || m.len() != 2 || !digits(m) {
            return Err(bad());
        }
        let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m >= 60 || h > 24 || (h == 24 && m > 0) {
            return Err(bad());
        }
        Ok(ClockTime(h * 3600 + m * 60))
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 3600, self.0 % 3600 / 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// One golden window (催付时机). Relative: `from_secs` and `to_secs` set
/// (a first 催付 sent `d` seconds after the order is inside when
/// `from_secs ≤ d ≤ to_secs`). On the clock: `day` set (0 = the order's
/// day, 1 = the next business day…) and inside when sent on that day at or
/// after `from_clock` (default 00:00) and before `to_clock` (default
/// 24:00). `Settings::validate` refuses a window that is neither or both.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CuifuWindow {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_secs: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_secs: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_clock: Option<ClockTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_clock: Option<ClockTime>,
}

/// A window as the engine reads it (after validation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSpan {
    /// Seconds after the order's created time, both ends inclusive.
    After { from: i64, to: i64 },
    /// Business day `day` after the order's day, `[from, to)` seconds of
    /// that day.
    Clock { day: i64, from: i64, to: i64 },
}

impl CuifuWindow {
    fn after(name: &str, from: i64, to: i64) -> CuifuWindow {
        CuifuWindow { name: name.into(), from_secs: Some(from), to_secs: Some(to), ..Default::default() }
    }

    fn clock(name: &str, day: i64, from: Option<i64>, to: Option<i64>) -> CuifuWindow {
        CuifuWindow {
            name: name.into(),
            day: Some(day),
            from_clock: from.map(ClockTime),
            to_clock: to.map(ClockTime),
            ..Default::default()
        }
    }

    /// The typed span; None for a window that is neither relative nor on
    /// the clock, or both (refused by validation).
    pub fn span(&self) -> Option<WindowSpan> {
        let clock = self.day.is_some() || self.from_clock.is_some() || self.to_clock.is_some();
        match (self.from_secs, self.to_secs, clock) {
            (Some(from), Some(to), false) => Some(WindowSpan::After { from, to }),
            (None, None, true) => Some(WindowSpan::Clock {
                day: self.day?,
                from: self.from_clock.map_or(0, |c| c.0),
                to: self.to_clock.map_or(86_400, |c| c.0),
            }),
            _ => None,
        }
    }
}

/// `cuifu` in the settings file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CuifuSettings {
    /// A human agent message containing any of these (substring) is a 催付.
    pub keywords: Vec<String>,
    /// … or matching this regex (empty / missing: keywords only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// The golden windows, in the order the timing table shows them.
    pub windows: Vec<CuifuWindow>,
}

impl Default for CuifuSettings {
    fn default() -> Self {
        // Words of typical 催付话术 and of seed 002's advice (尽快下单,
        // 当天发出, 库存, 优惠): a reminder names paying, the order placed,
        // urgency, stock or a deal about to end. Plain 下单 is left out:
        // agents say it answering questions ("可以直接下单哦").
        let keywords = [
            "付款",
            "支付",
            "拍下",
            "未付",
            "付一下",
            "尽快",
            "库存",
            "优惠即将",
            "活动即将",
            "今天发出",
            "当天发出",
            "今天发货",
            "当天发货",
        ];
        CuifuSettings {
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            regex: None,
            windows: vec![
                CuifuWindow::after("3–5分钟", 180, 300),
                CuifuWindow::after("10分钟左右", 480, 720),
                CuifuWindow::after("半小时左右", 1500, 2100),
                CuifuWindow::clock("当天16点前", 0, None, Some(16 * 3600)),
                CuifuWindow::clock("次日上班后", 1, Some(9 * 3600), Some(12 * 3600)),
            ],
        }
    }
}

impl CuifuSettings {
    /// Orders paid within this many seconds of being created are not in
    /// the 催付 population: the earliest start of a relative window (seed
    /// 002's first golden moment, 3 minutes), 0 without one.
    pub fn unpaid_after_secs(&self) -> i64 {
        self.windows
            .iter()
            .filter_map(|w| match w.span() {
                Some(WindowSpan::After { from, .. }) => Some(from),
                _ => None,
            })
            .min()
            .unwrap_or(0)
    }

    /// The same settings with `other`'s windows: what changes without a
    /// rebuild (the windows are read at query time; keywords and regex
    /// decide which messages are 催付 when the engine is built).
    pub fn with_windows_of(&self, other: &CuifuSettings) -> CuifuSettings {
        CuifuSettings { windows: other.windows.clone(), ..self.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_read_and_write_back() {
        assert_eq!("16:00".parse::<ClockTime>(), Ok(ClockTime(57_600)));
        assert_eq!("9:05".parse::<ClockTime>(), Ok(ClockTime(32_700)));
        assert_eq!("24:00".parse::<ClockTime>(), Ok(ClockTime(86_400)));
        for bad in ["24:01", "16", "16:0", "x:00", "16:60", "-1:00"] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad}");
        }
        assert_eq!(ClockTime(32_700).to_string(), "09:05");
    }

    #[test]
    fn default_windows_are_the_seed_s_five() {
        let s = CuifuSettings::default();
        let spans: Vec<_> = s.windows.iter().map(|w| w.span().unwrap()).collect();
        assert_eq!(
            spans,
            [
                WindowSpan::After { from: 180, to: 300 },
                WindowSpan::After { from: 480, to: 720 },
                WindowSpan::After { from: 1500, to: 2100 },
                WindowSpan::Clock { day: 0, from: 0, to: 57_600 },
                WindowSpan::Clock { day: 1, from: 32_400, to: 43_200 },
            ]
        );
        assert_eq!(s.unpaid_after_secs(), 180);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<CuifuSettings>(&json).unwrap(), s);
        assert!(json.contains(r#""to_clock":"16:00""#), "{json}");
    }

    #[test]
    fn a_window_is_relative_or_on_the_clock_not_both() {
        let both = CuifuWindow { day: Some(0), ..CuifuWindow::after("x", 1, 2) };
        assert_eq!(both.span(), None);
        assert_eq!(CuifuWindow { name: "x".into(), from_secs: Some(1), ..Default::default() }.span(), None);
        assert_eq!(CuifuWindow { name: "x".into(), to_clock: Some(ClockTime(60)), ..Default::default() }.span(), None);
        let none = CuifuSettings { windows: vec![CuifuWindow::clock("c", 0, None, None)], ..Default::default() };
        assert_eq!(none.unpaid_after_secs(), 0);
    }
}
