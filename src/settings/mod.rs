//! Settings, in the JSON shape of spec §10. Every field is optional in the
//! file; missing fields take the defaults below. The app saves and loads the
//! same shape, so a file saved in the app drives the CLI.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod alerts;
pub mod cuifu;
pub mod errors;
pub mod kpi;
pub mod mappings;
pub mod qa;
pub mod refunds;
pub mod work_time;

pub use alerts::AlertRules;
pub use cuifu::{ClockTime, CuifuSettings, CuifuWindow, WindowSpan};
pub use errors::{Problem, SettingsError};
pub use kpi::{Direction, KpiItem, KpiTemplate};
pub use mappings::{mapping_fields, ChatMode, ColumnMapping, MappingColumns, MappingKind, MappingRoles, TimeFormat};
pub use qa::{QaItem, QaSettings, QaTemplate};
pub use refunds::RefundSettings;
pub use work_time::{parse_interval, Interval, WEEKDAY_KEYS};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
// A misspelt key is an error naming the nearest known one (`errors.rs`),
// not a setting silently left at its default.
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Minutes east of UTC of the shop's clock (spec §10). Every input time
    /// is read as shop-local, so nothing converts with it yet; it is kept so
    /// the settings file keeps the spec's shape (the app exports it and a
    /// file that sets it still loads).
    pub timezone_offset_minutes: i32,
    /// Keys `mon`..`sun`; values like `"09:00-12:00"`. A weekday missing from
    /// the map has no work time.
    pub work_time: BTreeMap<String, Vec<Interval>>,
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
    /// Spec §3.1's 长接待 threshold (calendar seconds, read at query time)
    /// and 小红书 session idle gap (read when the engine is built).
    pub long_reception_secs: i64,
    pub session_idle_secs: i64,
    /// The monthly 满意度 (satisfaction_rate) at or above which a shop or
    /// team earns the 金牌 badge (seed 002: 旺旺满意度 ≥ 95% makes a
    /// 金牌客服团队 for the next month). Read by the views only.
    pub gold_satisfaction_rate: f64,
    pub category_marker: String,
    pub categories: Vec<CategoryNode>,
    /// Refunds (issue 14 item 2): the quality reasons of 首次品退率 and the
    /// days a refund application follows an after-sales chat.
    pub refunds: RefundSettings,
    /// The KPI template of pre-sales agents (and, in files written before
    /// templates had roles, the one template; such files still load).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi: Option<KpiTemplate>,
    /// The KPI template of after-sales agents; missing → the shipped
    /// after-sales template ([`KpiTemplate::aftersales`]), not `kpi`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi_aftersales: Option<KpiTemplate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<AlertRules>,
    /// Spec §10.1: how to read tables whose header matches no known format.
    /// Read at import time only (a change needs no rebuild).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub column_mappings: Vec<ColumnMapping>,
    /// 催付 (issue 14 item 3): the reminder keywords / regex (build time)
    /// and the golden windows (query time).
    pub cuifu: CuifuSettings,
    /// QA templates (issue 15 item 1, 质检抽查评分): the items a score
    /// sheet gives points for. Read by the QA views and `crate::qa` only
    /// (no rebuild); stored settings without it get the shipped template.
    pub qa: QaSettings,
}

// Nested objects refuse misspelt keys too (`accounts[0].nmae`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
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
#[serde(default, deny_unknown_fields)]
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

impl Default for Settings {
    fn default() -> Self {
        let mut work_time = BTreeMap::new();
        for k in WEEKDAY_KEYS {
            work_time.insert(k.to_string(), vec![Interval::ALL_DAY]);
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
            long_reception_secs: 1800,
            session_idle_secs: 1800,
            gold_satisfaction_rate: 0.95,
            category_marker: r"咨询的内容为\s*(\d+(?:\.\d+)*)".to_string(),
            categories: Vec::new(),
            refunds: RefundSettings::default(),
            kpi: None,
            kpi_aftersales: None,
            alerts: None,
            column_mappings: Vec::new(),
            cuifu: CuifuSettings::default(),
            qa: QaSettings::default(),
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

    /// Would going from these settings to `new` change what `Engine::new`
    /// builds? False when they differ only in the fields read at query time
    /// ([`Settings::with_query_fields_of`]); then `Engine::apply_settings`
    /// keeps the engine and only swaps its settings.
    pub fn needs_rebuild(&self, new: &Settings) -> bool {
        self.with_query_fields_of(new) != *new
    }

    /// These settings with the query-time fields taken from `other`: the
    /// response threshold (`response_threshold_secs`), the weekly rules
    /// (`weekly_min_sessions`, `weekly_pass_rate`), the KPI template and the
    /// alert rules (callers pass those two to the scorer and the alert query),
    /// the column mappings (read only when a file is imported), the QA
    /// templates (read by the QA queries only) and the 催付
    /// windows (the timing table and the population's "unpaid after" are
    /// computed per query; the keywords and regex, which decide which
    /// messages are 催付, need a rebuild).
    pub fn with_query_fields_of(&self, other: &Settings) -> Settings {
        Settings {
            response_threshold_secs: other.response_threshold_secs,
            long_reception_secs: other.long_reception_secs,
            gold_satisfaction_rate: other.gold_satisfaction_rate,
            weekly_min_sessions: other.weekly_min_sessions,
            weekly_pass_rate: other.weekly_pass_rate,
            kpi: other.kpi.clone(),
            kpi_aftersales: other.kpi_aftersales.clone(),
            alerts: other.alerts.clone(),
            column_mappings: other.column_mappings.clone(),
            cuifu: self.cuifu.with_windows_of(&other.cuifu),
            qa: other.qa.clone(),
            ..self.clone()
        }
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

    /// The alert rules: `alerts` in the file, else the defaults (a complaint
    /// list saved as the old default is read as today's, `AlertRules::upgraded`).
    pub fn alert_rules(&self) -> AlertRules {
        self.alerts.clone().unwrap_or_default().upgraded()
    }

    /// The pre-sales KPI template (the one template of older files).
    pub fn kpi_template(&self) -> KpiTemplate {
        self.kpi.clone().unwrap_or_default()
    }

    /// The KPI template that scores agents of `role`.
    pub fn kpi_for(&self, role: Role) -> KpiTemplate {
        match role {
            Role::Presales => self.kpi_template(),
            Role::Aftersales => self.kpi_aftersales.clone().unwrap_or_else(KpiTemplate::aftersales),
        }
    }

    /// Set the KPI template of `role`.
    pub fn set_kpi_for(&mut self, role: Role, template: KpiTemplate) {
        match role {
            Role::Presales => self.kpi = Some(template),
            Role::Aftersales => self.kpi_aftersales = Some(template),
        }
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
    #[test]
    fn work_time_is_parsed_once_when_read_and_written_back_the_same() {
        let json = r#"{"work_time": {"mon": ["09:00-12:00", "13:30-24:00"], "sat": []}}"#;
        let s = Settings::from_json(json).unwrap();
        assert_eq!(
            s.work_time["mon"],
            vec![Interval { start: 32_400, end: 43_200 }, Interval { start: 48_600, end: 86_400 }]
        );
        assert!(s.work_time["sat"].is_empty());
        let out: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
        assert_eq!(out["work_time"]["mon"], serde_json::json!(["09:00-12:00", "13:30-24:00"]));
        assert_eq!(Settings::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn an_impossible_work_time_is_refused_naming_the_value() {
        for bad in ["09:00-25:00", "12:00-09:00", "9点-12点", "09:60-10:00"] {
            let json = format!(r#"{{"work_time": {{"mon": ["{bad}"]}}}}"#);
            let err = Settings::from_json(&json).expect_err(bad).to_string();
            assert!(err.contains(bad), "{err}");
        }
    }

    #[test]
    fn query_time_fields_need_no_rebuild() {
        let a = Settings::default();
        let mut b = a.clone();
        b.response_threshold_secs = 60;
        b.weekly_min_sessions = 2;
        b.weekly_pass_rate = 0.5;
        b.kpi = Some(KpiTemplate::seed002());
        b.kpi_aftersales = Some(KpiTemplate::seed003());
        b.alerts = Some(AlertRules::none());
        b.cuifu.windows.pop();
        assert!(!a.needs_rebuild(&b));
        assert!(!a.needs_rebuild(&a));
        for change in [
            |s: &mut Settings| s.reconsult_days = 7,
            |s: &mut Settings| s.final_window_days = 1,
            |s: &mut Settings| s.holidays.push("2024-06-03".into()),
            |s: &mut Settings| s.closing_word_filter = false,
            |s: &mut Settings| s.main_accounts.push("店".into()),
            |s: &mut Settings| s.category_marker.clear(),
            |s: &mut Settings| s.cuifu.keywords.push("快付".into()),
            |s: &mut Settings| s.cuifu.regex = Some("付.?款".into()),
        ] {
            let mut c = b.clone();
            change(&mut c);
            assert!(a.needs_rebuild(&c));
        }
    }

    #[test]
    fn timezone_offset_is_accepted_and_kept() {
        let s = Settings::from_json(r#"{"timezone_offset_minutes": 420}"#).unwrap();
        assert_eq!(s.timezone_offset_minutes, 420);
        assert!(s.to_json().contains("\"timezone_offset_minutes\": 420"));
    }
}
