//! Settings, in the JSON shape of spec §10. Every field is optional in the
//! file; missing fields take the defaults below. The app saves and loads the
//! same shape, so a file saved in the app drives the CLI.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub timezone_offset_minutes: i32,
    /// Keys `mon`..`sun`; values like `"09:00-12:00"`. A weekday missing from
    /// the map has no work time.
    pub work_time: BTreeMap<String, Vec<String>>,
    /// `YYYY-MM-DD` dates with no work time.
    pub holidays: Vec<String>,
    pub response_threshold_secs: i64,
    pub closing_word_filter: bool,
    pub closing_words: Vec<String>,
    pub auto_reply_markers: Vec<String>,
    pub accounts: Vec<Account>,
    /// The shop's main account nick(s) (no colon). Buyer messages in a text
    /// block where no staff account writes go to the first of these.
    pub main_accounts: Vec<String>,
    pub final_window_days: i64,
    pub credit: Credit,
    pub reconsult_days: i64,
    pub weekly_min_sessions: u64,
    pub weekly_pass_rate: f64,
    pub category_marker: String,
    pub categories: Vec<CategoryNode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi: Option<KpiTemplate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<crate::engine::alerts::AlertRules>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct Account {
    pub nick: String,
    pub name: String,
    /// Multi-level team path, e.g. `["售前部", "一组"]`.
    pub team: Vec<String>,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    Presales,
    Aftersales,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Credit {
    #[default]
    Last,
    First,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct CategoryNode {
    pub code: String,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<CategoryNode>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct KpiTemplate {
    pub name: String,
    pub tiers: Vec<String>,
    pub items: Vec<KpiItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct KpiItem {
    pub metric: String,
    pub per_day: bool,
    pub weight: f64,
    pub direction: Direction,
    pub targets: Vec<f64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Default for Settings {
    fn default() -> Self {
        let mut work_time = BTreeMap::new();
        for k in WEEKDAY_KEYS {
            work_time.insert(k.to_string(), vec!["00:00-24:00".to_string()]);
        }
        Settings {
            timezone_offset_minutes: 480,
            work_time,
            holidays: Vec::new(),
            response_threshold_secs: 180,
            closing_word_filter: true,
            closing_words: [
                "好的",
                "好",
                "好滴",
                "嗯",
                "嗯嗯",
                "哦",
                "哦哦",
                "谢谢",
                "谢谢你",
                "多谢",
                "收到",
                "知道了",
                "没有了",
                "没了",
                "拜拜",
                "再见",
                "ok",
                "OK",
                "👌",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            auto_reply_markers: ["[自动回复]", "【自动回复】", "(自动回复)", "[机器人]"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            accounts: Vec::new(),
            main_accounts: Vec::new(),
            final_window_days: 3,
            credit: Credit::Last,
            reconsult_days: 3,
            weekly_min_sessions: 5,
            weekly_pass_rate: 0.8,
            category_marker: r"咨询的内容为\s*(\d+(?:\.\d+)*)".to_string(),
            categories: Vec::new(),
            kpi: None,
            alerts: None,
        }
    }
}

impl Default for KpiTemplate {
    fn default() -> Self {
        KpiTemplate::seed003()
    }
}

impl KpiItem {
    pub fn new(metric: &str, per_day: bool, weight: f64, direction: Direction, targets: &[f64]) -> KpiItem {
        KpiItem { metric: metric.to_string(), per_day, weight, direction, targets: targets.to_vec() }
    }
}

impl KpiTemplate {
    /// The spec §8 default template (seed 003).
    pub fn seed003() -> Self {
        let item = |metric: &str, per_day: bool, weight: f64, direction: Direction, t: [f64; 3]| {
            KpiItem::new(metric, per_day, weight, direction, &t)
        };
        KpiTemplate {
            name: "晋歌默认模板".to_string(),
            tiers: vec!["初级".into(), "中级".into(), "资深".into()],
            items: vec![
                item("reception_buyers", true, 15.0, Direction::Higher, [50.0, 80.0, 100.0]),
                item("reply_rate", false, 10.0, Direction::Higher, [0.85, 0.95, 0.98]),
                item("paid_buyers_same_day", true, 25.0, Direction::Higher, [10.0, 25.0, 35.0]),
                item("sales_conversion", false, 25.0, Direction::Higher, [0.20, 0.30, 0.35]),
                item("avg_response_secs", false, 15.0, Direction::Lower, [60.0, 45.0, 30.0]),
                item("avg_reception_secs", false, 10.0, Direction::Lower, [7200.0, 4800.0, 3600.0]),
            ],
        }
    }
}

impl Settings {
    pub fn from_json(s: &str) -> Result<Settings, serde_json::Error> {
        serde_json::from_str(s)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("settings serialise")
    }

    pub fn account(&self, nick: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.nick == nick)
    }

    pub fn role_of(&self, nick: &str) -> Role {
        self.account(nick).map(|a| a.role).unwrap_or(Role::Presales)
    }

    /// Is this nick a staff account? (spec §1.2: a colon in the nick, or
    /// listed in the account list or as a main account.)
    pub fn is_staff_nick(&self, nick: &str) -> bool {
        nick.contains(':')
            || self.accounts.iter().any(|a| a.nick == nick)
            || self.main_accounts.iter().any(|a| a == nick)
    }

    /// The alert rules: `alerts` in the file, else the defaults.
    pub fn alert_rules(&self) -> crate::engine::alerts::AlertRules {
        self.alerts.clone().unwrap_or_default()
    }

    pub fn kpi_template(&self) -> KpiTemplate {
        self.kpi.clone().unwrap_or_default()
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_json_gives_defaults() {
        let s = Settings::from_json("{}").unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.response_threshold_secs, 180);
        assert_eq!(s.work_intervals(0), vec![(0, 86_400)]);
    }

    #[test]
    fn spec_example_parses() {
        let s = Settings::from_json(
            r#"{"accounts": [{"nick": "店铺名:01", "name": "小美", "team": ["售前部", "一组"], "role": "aftersales"}],
                "work_time": {"mon": ["13:30-23:00", "09:00-12:00"]}, "credit": "first"}"#,
        )
        .unwrap();
        assert_eq!(s.role_of("店铺名:01"), Role::Aftersales);
        assert_eq!(s.role_of("店铺名:02"), Role::Presales);
        assert_eq!(s.work_intervals(0), vec![(32_400, 43_200), (48_600, 82_800)]);
        assert!(s.work_intervals(1).is_empty(), "a weekday missing from work_time has no work time");
        assert_eq!(s.credit, Credit::First);
        assert!(s.is_staff_nick("店铺名:01"));
        assert!(!s.is_staff_nick("买家甲"));
    }
}
