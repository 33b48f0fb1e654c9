//! What a query asks (filter, grouping dimensions) and the report-shaped
//! answers (rows, summary, daily rows), shared by the engine, the CLI, the
//! worker protocol and the UI. The metrics of a row are in `metric.rs`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::metric::{Metrics, Rule};
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
    /// A product the buyer-day mentions (issue 14; `engine/product.rs`):
    /// a conversation-day belongs to every product its buyer-day
    /// mentions. Rows carry `product` (the key), `product_id`,
    /// `product_title`.
    Product,
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
            Dim::Product => "product",
        }
    }

    /// Does a conversation-day take several values of this dimension (a
    /// category node and its ancestors; every product its buyer-day
    /// mentions)? A grouping holds at most one such dimension.
    pub fn multi(self) -> bool {
        matches!(self, Dim::Category | Dim::Product)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Query {
    pub by: Vec<Dim>,
    pub filter: Filter,
    /// Other platforms' rules to compute beside the Taobao round rule
    /// (spec §3.1): their metrics (`Metric::rule`) are 0 / null in the rows
    /// unless listed here. Empty in requests written before it existed.
    pub rules: Vec<Rule>,
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
    /// Orders without a buyer nickname linked to a buyer through their
    /// order number in a chat (spec §1.3).
    #[serde(default)]
    pub orders_linked: u64,
    /// Orders without a buyer nickname whose number appears in no chat:
    /// "not linked to a consultation", attributed to no inquiry.
    #[serde(default)]
    pub orders_not_linked: u64,
    /// Refund applications that count (refund exports, duplicates left
    /// out; issue 14 item 2), and those whose order number matches no
    /// loaded order: they count in no refund metric.
    #[serde(default)]
    pub refunds: u64,
    #[serde(default)]
    pub refunds_without_order: u64,
    /// How many chats' products and orders could be joined (issue 14):
    /// what the import report and the 商品 view say about unjoined orders.
    #[serde(default)]
    pub products: super::product::ProductJoin,
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
