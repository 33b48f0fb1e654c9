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

/// Every metric key (spec §3–§6), in `Metrics` field order: the columns of
/// `kefu report`.
pub const METRIC_KEYS: &[&str] = &[
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "rounds",
    "rounds_3min",
    "response_rate_3min",
    "first_response_secs",
    "avg_response_secs",
    "avg_reception_secs",
    "max_first_response_secs",
    "max_response_secs",
    "buyer_messages",
    "agent_messages",
    "answer_ratio",
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_conversion_same_day",
    "inquiry_conversion_final",
    "sales_conversion",
    "sales_amount",
    "avg_order_value",
    "inquiry_no_order",
    "ordered_unpaid",
    "ratings",
    "very_satisfied",
    "satisfied",
    "neutral",
    "dissatisfied",
    "very_dissatisfied",
    "satisfaction_rate",
    "rating_rate",
    "aftersales_buyers",
    "reconsult_buyers",
    "first_contact_resolution",
    "weekly_sessions",
    "weekly_replied",
    "weekly_reply_rate",
    "weekly_assessed",
    "weekly_passed",
    "avg_response_calendar_secs",
    "avg_reception_calendar_secs",
    "first_response_calendar_secs",
];

/// The metrics that are counts (integers in JSON).
pub const COUNT_KEYS: &[&str] = &[
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "rounds",
    "rounds_3min",
    "buyer_messages",
    "agent_messages",
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_no_order",
    "ordered_unpaid",
    "ratings",
    "very_satisfied",
    "satisfied",
    "neutral",
    "dissatisfied",
    "very_dissatisfied",
    "aftersales_buyers",
    "reconsult_buyers",
    "weekly_sessions",
    "weekly_replied",
    "weekly_assessed",
    "weekly_passed",
];

impl Metrics {
    /// One metric by its spec key, as a number (counts as f64); None for an
    /// empty denominator or an unknown key.
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            "consult_buyers" => Some(self.consult_buyers as f64),
            "reception_buyers" => Some(self.reception_buyers as f64),
            "unreplied_buyers" => Some(self.unreplied_buyers as f64),
            "reply_rate" => self.reply_rate,
            "rounds" => Some(self.rounds as f64),
            "rounds_3min" => Some(self.rounds_3min as f64),
            "response_rate_3min" => self.response_rate_3min,
            "first_response_secs" => self.first_response_secs,
            "avg_response_secs" => self.avg_response_secs,
            "avg_reception_secs" => self.avg_reception_secs,
            "max_first_response_secs" => self.max_first_response_secs,
            "max_response_secs" => self.max_response_secs,
            "buyer_messages" => Some(self.buyer_messages as f64),
            "agent_messages" => Some(self.agent_messages as f64),
            "answer_ratio" => self.answer_ratio,
            "inquiry_buyers" => Some(self.inquiry_buyers as f64),
            "ordered_buyers" => Some(self.ordered_buyers as f64),
            "paid_buyers_same_day" => Some(self.paid_buyers_same_day as f64),
            "paid_buyers_next_day" => Some(self.paid_buyers_next_day as f64),
            "paid_buyers_final" => Some(self.paid_buyers_final as f64),
            "inquiry_conversion_same_day" => self.inquiry_conversion_same_day,
            "inquiry_conversion_final" => self.inquiry_conversion_final,
            "sales_conversion" => self.sales_conversion,
            "sales_amount" => Some(self.sales_amount),
            "avg_order_value" => self.avg_order_value,
            "inquiry_no_order" => Some(self.inquiry_no_order as f64),
            "ordered_unpaid" => Some(self.ordered_unpaid as f64),
            "ratings" => Some(self.ratings as f64),
            "very_satisfied" => Some(self.very_satisfied as f64),
            "satisfied" => Some(self.satisfied as f64),
            "neutral" => Some(self.neutral as f64),
            "dissatisfied" => Some(self.dissatisfied as f64),
            "very_dissatisfied" => Some(self.very_dissatisfied as f64),
            "satisfaction_rate" => self.satisfaction_rate,
            "rating_rate" => self.rating_rate,
            "aftersales_buyers" => Some(self.aftersales_buyers as f64),
            "reconsult_buyers" => Some(self.reconsult_buyers as f64),
            "first_contact_resolution" => self.first_contact_resolution,
            "weekly_sessions" => Some(self.weekly_sessions as f64),
            "weekly_replied" => Some(self.weekly_replied as f64),
            "weekly_reply_rate" => self.weekly_reply_rate,
            "weekly_assessed" => Some(self.weekly_assessed as f64),
            "weekly_passed" => Some(self.weekly_passed as f64),
            "avg_response_calendar_secs" => self.avg_response_calendar_secs,
            "avg_reception_calendar_secs" => self.avg_reception_calendar_secs,
            "first_response_calendar_secs" => self.first_response_calendar_secs,
            _ => None,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_covers_every_serialised_key() {
        let m = Metrics {
            consult_buyers: 7,
            reply_rate: Some(0.5),
            sales_amount: 12.5,
            max_response_secs: Some(300.0),
            ..Default::default()
        };
        let v = serde_json::to_value(&m).unwrap();
        let obj = v.as_object().unwrap();
        assert!(obj.len() > 40);
        for (k, x) in obj {
            assert_eq!(m.get(k), x.as_f64(), "{k}");
        }
        assert_eq!(m.get("consult_buyers"), Some(7.0));
        assert_eq!(m.get("avg_response_secs"), None);
        assert_eq!(m.get("no_such_metric"), None);
        for (k, x) in obj {
            assert_eq!(COUNT_KEYS.contains(&k.as_str()), x.is_u64(), "{k}");
        }
    }
}
