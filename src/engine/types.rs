//! Query and answer types shared by the engine, the CLI, the worker protocol
//! and the UI. Metric field names are exactly the keys of spec §3–§6.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::settings::Role;

/// Which records a query covers. Dates are inclusive `YYYY-MM-DD`; empty
/// lists mean "all".
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Filter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub shops: Vec<String>,
    /// A team path prefix, e.g. `["售前部"]` or `["售前部", "一组"]`.
    pub team: Vec<String>,
    pub agents: Vec<String>,
    pub role: Option<Role>,
}

/// Grouping dimensions.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Dim {
    Shop,
    /// First level of the agent's team path (`未分组` when unlisted).
    Team,
    /// Full team path joined by `/`.
    Group,
    Agent,
    Day,
    /// Monday of the natural week.
    Week,
    /// `YYYY-MM`.
    Month,
    /// Hour of day 0..23 of the conversation-day's first message.
    Hour,
    /// 0 = Monday … 6 = Sunday.
    Weekday,
    Category,
}

impl Dim {
    pub fn key(self) -> &'static str {
        match self {
            Dim::Shop => "shop",
            Dim::Team => "team",
            Dim::Group => "group",
            Dim::Agent => "agent",
            Dim::Day => "day",
            Dim::Week => "week",
            Dim::Month => "month",
            Dim::Hour => "hour",
            Dim::Weekday => "weekday",
            Dim::Category => "category_code",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Query {
    pub by: Vec<Dim>,
    pub filter: Filter,
}

/// Every metric of spec §3–§6. Rates of an empty denominator are `None`
/// (JSON null). Durations in seconds (business clock unless named
/// `_calendar_`), amounts in yuan.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Metrics {
    // §3 service
    pub consult_buyers: u64,
    pub reception_buyers: u64,
    pub unreplied_buyers: u64,
    pub reply_rate: Option<f64>,
    pub rounds: u64,
    pub rounds_3min: u64,
    pub response_rate_3min: Option<f64>,
    pub first_response_secs: Option<f64>,
    pub avg_response_secs: Option<f64>,
    pub avg_reception_secs: Option<f64>,
    /// 首次响应最长时长: max over the same conversation-days as
    /// `first_response_secs` (business clock).
    pub max_first_response_secs: Option<f64>,
    /// 最长响应时长: max over the same answered counted rounds as
    /// `avg_response_secs` (business clock).
    pub max_response_secs: Option<f64>,
    pub buyer_messages: u64,
    pub agent_messages: u64,
    pub answer_ratio: Option<f64>,
    // §4 conversion
    pub inquiry_buyers: u64,
    pub ordered_buyers: u64,
    pub paid_buyers_same_day: u64,
    pub paid_buyers_next_day: u64,
    pub paid_buyers_final: u64,
    pub inquiry_conversion_same_day: Option<f64>,
    pub inquiry_conversion_final: Option<f64>,
    pub sales_conversion: Option<f64>,
    pub sales_amount: f64,
    pub avg_order_value: Option<f64>,
    pub inquiry_no_order: u64,
    pub ordered_unpaid: u64,
    // §5 satisfaction
    pub ratings: u64,
    pub very_satisfied: u64,
    pub satisfied: u64,
    pub neutral: u64,
    pub dissatisfied: u64,
    pub very_dissatisfied: u64,
    pub satisfaction_rate: Option<f64>,
    pub rating_rate: Option<f64>,
    // §6 after-sales and weekly assessment
    pub aftersales_buyers: u64,
    pub reconsult_buyers: u64,
    pub first_contact_resolution: Option<f64>,
    pub weekly_sessions: u64,
    pub weekly_replied: u64,
    pub weekly_reply_rate: Option<f64>,
    pub weekly_assessed: u64,
    pub weekly_passed: u64,
    // calendar-clock variants where they differ from business time
    pub avg_response_calendar_secs: Option<f64>,
    pub avg_reception_calendar_secs: Option<f64>,
    pub first_response_calendar_secs: Option<f64>,
}

/// One report row: dimension fields (`agent`, `day`, `week`, … as strings)
/// then the metrics.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Row {
    pub key: BTreeMap<String, String>,
    pub metrics: Metrics,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub rows: Vec<Row>,
}

/// What was loaded (first screen).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub shops: u64,
    pub agents: u64,
    pub buyers: u64,
    pub days: u64,
    pub messages: u64,
    pub orders: u64,
    pub ratings: u64,
    /// `YYYY-MM-DD` of the first and last day with messages (or orders).
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

/// One row of the seed-003 汇总表.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DailyRow {
    pub day: String,
    /// 咨询人数
    pub consult_buyers: u64,
    /// 上线客服数: staff accounts with ≥1 human message that day.
    pub online_agents: u64,
    /// 平均响应
    pub avg_response_secs: Option<f64>,
    /// 平均接待
    pub avg_reception_secs: Option<f64>,
}

/// "Which records are behind this number?" `key` holds the row's dimension
/// fields as in [`Row::key`] (empty = the whole filter).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct DrillRequest {
    pub filter: Filter,
    pub key: BTreeMap<String, String>,
    pub metric: String,
}

/// One record behind a number. Its `conv` opens the transcript.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DrillRow {
    /// Conversation-day id (index used by `Engine::transcript`).
    pub conv: u32,
    pub agent: String,
    pub buyer: String,
    pub day: String,
    /// `YYYY-MM-DD HH:MM:SS` of the record (round open, message, order…).
    pub time: String,
    /// Record-specific detail, e.g. response seconds, order id and amount.
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Drill {
    pub metric: String,
    /// What one row is: `buyer_day`, `conversation_day`, `round`, `message`,
    /// `order`, `rating`. `rows.len()` equals the number drilled (for
    /// counts); for rates and averages, the records of the denominator.
    pub unit: String,
    pub rows: Vec<DrillRow>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TranscriptMessage {
    pub time: String,
    /// `buyer`, `agent`, `auto`, `system`.
    pub sender: String,
    pub speaker: String,
    pub text: String,
    /// On the human message closing a round: that round's response time
    /// (business seconds).
    pub response_secs: Option<i64>,
    /// Set on the closing message of a round slower than the threshold, and
    /// on the opening message of a round never answered.
    pub slow: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TranscriptOrder {
    pub id: String,
    pub created: String,
    pub paid: Option<String>,
    pub amount: f64,
    pub title: String,
    /// Agent credited with it (spec §4), if attributed to this conversation-day.
    pub credited_agent: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Transcript {
    pub conv: u32,
    pub agent: String,
    pub buyer: String,
    pub day: String,
    pub category: Option<String>,
    pub messages: Vec<TranscriptMessage>,
    pub orders: Vec<TranscriptOrder>,
    /// 5 = 很满意 … 1 = 很不满意.
    pub rating: Option<u8>,
}
