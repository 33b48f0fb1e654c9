//! The metric registry (spec §3–§6): one line per metric, from which the
//! [`Metrics`] struct (the JSON of a report row), the [`Metric`] enum, the
//! [`METRICS`] table, [`METRIC_KEYS`], [`COUNT_KEYS`] and [`Metrics::get`]
//! are all generated, so the list of metrics exists once.
//!
//! Each line says what a metric's number is ([`Unit`]), which direction is
//! good for the shop ([`Better`]) and which records a drill on it lists
//! ([`Population`]: for a count, the records counted; for a rate or an
//! average, the records of its denominator). The formulas are in
//! `engine/metrics.rs`; how a value reads on screen is in `crate::present`.

use serde::{Deserialize, Serialize};

pub use super::population::{BuyerDayTest, CuifuTest, Pass, Population, RoundTest};

/// What a metric's number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// An integer count (JSON integer).
    Count,
    /// A fraction 0–1, shown as a percentage.
    Rate,
    /// A duration in seconds.
    Secs,
    /// An amount in yuan.
    Yuan,
    /// A plain ratio (答问比), shown with two decimals.
    Ratio,
}

/// Which direction of a change is good for the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// One line of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MetricInfo {
    pub metric: Metric,
    /// The spec key: JSON field, CSV column, `data-metric` attribute.
    pub key: &'static str,
    pub unit: Unit,
    pub better: Better,
    pub drill: Population,
}

/// A metric field's value as a number (counts as f64), and the field of
/// a count.
trait Slot {
    fn number(&self) -> Option<f64>;
    fn count_mut(&mut self) -> Option<&mut u64> {
        None
    }
}

impl Slot for u64 {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
    fn count_mut(&mut self) -> Option<&mut u64> {
        Some(self)
    }
}

impl Slot for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl Slot for Option<f64> {
    fn number(&self) -> Option<f64> {
        *self
    }
}

macro_rules! registry {
    ($( $(#[$doc:meta])* $field:ident: $ty:ty => $variant:ident, $unit:ident, $better:ident, $drill:expr; )*) => {
        /// Every metric of spec §3–§6. Rates of an empty denominator are `None`
        /// (JSON null). Durations in seconds (business clock unless named
        /// `_calendar_`), amounts in yuan.
        #[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
        pub struct Metrics {
            $( $(#[$doc])* pub $field: $ty, )*
        }

        /// A metric of spec §3–§6; serialised as its key (`"response_rate_3min"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Metric {
            $( $variant, )*
        }

        /// The registry, in `Metrics` field order (the columns of `kefu report`).
        pub const METRICS: &[MetricInfo] = &[
            $( MetricInfo {
                metric: Metric::$variant,
                key: stringify!($field),
                unit: Unit::$unit,
                better: Better::$better,
                drill: $drill,
            }, )*
        ];

        /// Every metric key (spec §3–§6), in `Metrics` field order: the
        /// columns of `kefu report`.
        pub const METRIC_KEYS: &[&str] = &[$( stringify!($field), )*];

        impl Metrics {
            /// One metric as a number (counts as f64); None for an empty denominator.
            pub fn value(&self, m: Metric) -> Option<f64> {
                match m {
                    $( Metric::$variant => Slot::number(&self.$field), )*
                }
            }

            /// The field of a count metric.
            pub(crate) fn count_mut(&mut self, m: Metric) -> Option<&mut u64> {
                match m {
                    $( Metric::$variant => Slot::count_mut(&mut self.$field), )*
                }
            }
        }
    };
}

use BuyerDayTest as B;
use Population as P;
use RoundTest as R;

registry! {
    // §3 service
    consult_buyers: u64 => ConsultBuyers, Count, Higher, P::BuyerDays(B::Consult);
    reception_buyers: u64 => ReceptionBuyers, Count, Higher, P::BuyerDays(B::Reception);
    unreplied_buyers: u64 => UnrepliedBuyers, Count, Lower, P::BuyerDays(B::Unreplied);
    reply_rate: Option<f64> => ReplyRate, Rate, Higher, P::BuyerDays(B::Consult);
    rounds: u64 => Rounds, Count, Higher, P::Rounds(R::Counted);
    rounds_3min: u64 => Rounds3min, Count, Higher, P::Rounds(R::Within);
    response_rate_3min: Option<f64> => ResponseRate3min, Rate, Higher, P::Rounds(R::Counted);
    first_response_secs: Option<f64> => FirstResponseSecs, Secs, Lower, P::FirstResponses;
    avg_response_secs: Option<f64> => AvgResponseSecs, Secs, Lower, P::Rounds(R::Answered);
    /// 平均接待时长: calendar seconds (spec §3: how long the chat lasted).
    avg_reception_secs: Option<f64> => AvgReceptionSecs, Secs, Lower, P::Receptions;
    /// 首次响应最长时长: max over the same conversation-days as
    /// `first_response_secs` (business clock).
    max_first_response_secs: Option<f64> => MaxFirstResponseSecs, Secs, Lower, P::FirstResponses;
    /// 最长响应时长: max over the same answered counted rounds as
    /// `avg_response_secs` (business clock).
    max_response_secs: Option<f64> => MaxResponseSecs, Secs, Lower, P::Rounds(R::Answered);
    buyer_messages: u64 => BuyerMessages, Count, Higher, P::BuyerMessages;
    agent_messages: u64 => AgentMessages, Count, Higher, P::AgentMessages;
    answer_ratio: Option<f64> => AnswerRatio, Ratio, Higher, P::BuyerMessages;
    // §4 conversion
    inquiry_buyers: u64 => InquiryBuyers, Count, Higher, P::BuyerDays(B::Inquiry);
    ordered_buyers: u64 => OrderedBuyers, Count, Higher, P::BuyerDays(B::Ordered);
    paid_buyers_same_day: u64 => PaidBuyersSameDay, Count, Higher, P::BuyerDays(B::PaidSameDay);
    paid_buyers_next_day: u64 => PaidBuyersNextDay, Count, Higher, P::BuyerDays(B::PaidNextDay);
    paid_buyers_final: u64 => PaidBuyersFinal, Count, Higher, P::BuyerDays(B::PaidFinal);
    inquiry_conversion_same_day: Option<f64> => InquiryConversionSameDay, Rate, Higher, P::BuyerDays(B::Inquiry);
    inquiry_conversion_final: Option<f64> => InquiryConversionFinal, Rate, Higher, P::BuyerDays(B::Inquiry);
    sales_conversion: Option<f64> => SalesConversion, Rate, Higher, P::BuyerDays(B::Reception);
    sales_amount: Option<f64> => SalesAmount, Yuan, Higher, P::SalesOrders;
    avg_order_value: Option<f64> => AvgOrderValue, Yuan, Higher, P::BuyerDays(B::PaidFinal);
    inquiry_no_order: u64 => InquiryNoOrder, Count, Lower, P::BuyerDays(B::InquiryNoOrder);
    ordered_unpaid: u64 => OrderedUnpaid, Count, Lower, P::BuyerDays(B::OrderedUnpaid);
    // §5 satisfaction
    ratings: u64 => Ratings, Count, Higher, P::Ratings(None);
    very_satisfied: u64 => VerySatisfied, Count, Higher, P::Ratings(Some(5));
    satisfied: u64 => Satisfied, Count, Higher, P::Ratings(Some(4));
    neutral: u64 => Neutral, Count, Lower, P::Ratings(Some(3));
    dissatisfied: u64 => Dissatisfied, Count, Lower, P::Ratings(Some(2));
    very_dissatisfied: u64 => VeryDissatisfied, Count, Lower, P::Ratings(Some(1));
    satisfaction_rate: Option<f64> => SatisfactionRate, Rate, Higher, P::Ratings(None);
    rating_rate: Option<f64> => RatingRate, Rate, Higher, P::BuyerDays(B::Reception);
    // §6 after-sales and weekly assessment
    aftersales_buyers: u64 => AftersalesBuyers, Count, Higher, P::BuyerDays(B::Aftersales);
    reconsult_buyers: u64 => ReconsultBuyers, Count, Lower, P::BuyerDays(B::Reconsult);
    first_contact_resolution: Option<f64> => FirstContactResolution, Rate, Higher, P::BuyerDays(B::Aftersales);
    weekly_sessions: u64 => WeeklySessions, Count, Higher, P::WeeklySessions;
    weekly_replied: u64 => WeeklyReplied, Count, Higher, P::WeeklyReplied;
    weekly_reply_rate: Option<f64> => WeeklyReplyRate, Rate, Higher, P::WeeklySessions;
    weekly_assessed: u64 => WeeklyAssessed, Count, Higher, P::WeeklyAssessed;
    weekly_passed: u64 => WeeklyPassed, Count, Higher, P::WeeklyPassed;
    // calendar-clock variants where they differ from business time
    avg_response_calendar_secs: Option<f64> => AvgResponseCalendarSecs, Secs, Lower, P::Rounds(R::Answered);
    first_response_calendar_secs: Option<f64> => FirstResponseCalendarSecs, Secs, Lower, P::FirstResponses;
    /// The business-clock variant of `avg_reception_secs` (the clock stops
    /// outside work time).
    avg_reception_work_secs: Option<f64> => AvgReceptionWorkSecs, Secs, Lower, P::Receptions;
    // §3.1 the rest of 生意参谋's 咨询接待 columns
    slow_response_buyers: u64 => SlowResponseBuyers, Count, Lower, P::BuyerDays(B::SlowResponse);
    long_reception_buyers: u64 => LongReceptionBuyers, Count, Lower, P::BuyerDays(B::LongReception);
    buyer_initiated_buyers: u64 => BuyerInitiatedBuyers, Count, Higher, P::BuyerDays(B::BuyerInitiated);
    agent_followup_buyers: u64 => AgentFollowupBuyers, Count, Higher, P::BuyerDays(B::AgentFollowup);
    effective_reception_buyers: u64 => EffectiveReceptionBuyers, Count, Higher, P::BuyerDays(B::EffectiveReception);
    total_messages: u64 => TotalMessages, Count, Higher, P::Messages;
    /// 客服字数: Unicode scalar values of the human messages its drill lists.
    agent_chars: u64 => AgentChars, Count, Higher, P::AgentMessages;
    // §3.1 other platforms' rules: computed only for the rules a query asks
    // for (`Query::rules`, `Metric::rule`); otherwise 0 and null
    kuaishou_buyers: u64 => KuaishouBuyers, Count, Higher, P::BuyerDays(B::KuaishouBuyers);
    kuaishou_failed_buyers: u64 => KuaishouFailedBuyers, Count, Lower, P::BuyerDays(B::KuaishouFailed);
    kuaishou_response_rate_3min: Option<f64> => KuaishouResponseRate3min, Rate, Higher, P::BuyerDays(B::KuaishouBuyers);
    pdd_buyers: u64 => PddBuyers, Count, Higher, P::BuyerDays(B::PddBuyers);
    pdd_valid_buyers: u64 => PddValidBuyers, Count, Higher, P::BuyerDays(B::PddValid);
    pdd_valid_reply_rate: Option<f64> => PddValidReplyRate, Rate, Higher, P::BuyerDays(B::PddBuyers);
    xhs_sessions: u64 => XhsSessions, Count, Higher, P::XhsSessions;
    xhs_replied_sessions: u64 => XhsRepliedSessions, Count, Higher, P::XhsReplied;
    xhs_reply_rate: Option<f64> => XhsReplyRate, Rate, Higher, P::XhsSessions;
    /// 规则不一致人数: people (buyer-days) of the 08:00–23:00 population
    /// whose verdicts under the four rules differ (spec §3.1 rules side by
    /// side; computed whatever `Query::rules` lists: its flags are built).
    rules_disagree_buyers: u64 => RulesDisagreeBuyers, Count, Lower, P::BuyerDays(B::RulesDisagree);
    // issue 14 item 6: auto replies (机器人/自动回复) beside humans
    auto_replied_buyers: u64 => AutoRepliedBuyers, Count, Higher, P::BuyerDays(B::AutoReplied);
    auto_intercepted_buyers: u64 => AutoInterceptedBuyers, Count, Higher, P::BuyerDays(B::AutoIntercepted);
    auto_to_human_buyers: u64 => AutoToHumanBuyers, Count, Higher, P::BuyerDays(B::AutoToHuman);
    auto_intercept_rate: Option<f64> => AutoInterceptRate, Rate, Higher, P::BuyerDays(B::Consult);
    /// 自动回复首响时长: calendar seconds (a robot answers at night too).
    auto_first_response_secs: Option<f64> => AutoFirstResponseSecs, Secs, Lower, P::AutoFirstResponses;
    // 催付 (issue 14 item 3, seed 002; `engine/cuifu.rs`): one record per
    // order, credited to the agent of its first 催付 (else §4's)
    cuifu_orders: u64 => CuifuOrders, Count, Lower, P::Cuifu(CuifuTest::Orders);
    cuifu_covered: u64 => CuifuCovered, Count, Higher, P::Cuifu(CuifuTest::Covered);
    cuifu_coverage_rate: Option<f64> => CuifuCoverageRate, Rate, Higher, P::Cuifu(CuifuTest::Orders);
    cuifu_paid: u64 => CuifuPaid, Count, Higher, P::Cuifu(CuifuTest::Paid);
    cuifu_success_rate: Option<f64> => CuifuSuccessRate, Rate, Higher, P::Cuifu(CuifuTest::Covered);
    cuifu_missed: u64 => CuifuMissed, Count, Lower, P::Cuifu(CuifuTest::Missed);
    // issue 14 products: buyer-days that mention a product (docs/metrics.md
    // 商品); in a row without the product dimension, any product. Printed
    // by `kefu report` only for product groupings (`Metric::product`).
    product_consult_buyers: u64 => ProductConsultBuyers, Count, Higher, P::BuyerDays(B::ProductConsult);
    product_inquiry_buyers: u64 => ProductInquiryBuyers, Count, Higher, P::BuyerDays(B::ProductInquiry);
    product_order_buyers: u64 => ProductOrderBuyers, Count, Higher, P::BuyerDays(B::ProductOrdered);
    product_paid_buyers: u64 => ProductPaidBuyers, Count, Higher, P::BuyerDays(B::ProductPaid);
    product_conversion_rate: Option<f64> => ProductConversionRate, Rate, Higher, P::BuyerDays(B::ProductInquiry);
    product_recommended: u64 => ProductRecommended, Count, Higher, P::BuyerDays(B::ProductRecommended);
    product_recommended_paid: u64 => ProductRecommendedPaid, Count, Higher, P::BuyerDays(B::ProductRecommendedPaid);
    // issue 14 item 2: refunds, through the refunded order's attribution
    // (credited agent, buyer, inquiry day; `engine/refunds.rs`)
    /// 付款订单数: the orders of 客服销售额 (attributed, paid within the
    /// final window): the denominator of 首次品退率.
    sales_orders: u64 => SalesOrders, Count, Higher, P::SalesOrders;
    /// 退款订单数: sales orders with a refunded amount.
    refund_orders: u64 => RefundOrders, Count, Lower, P::RefundOrders;
    /// 退款金额: their refunded amount.
    refund_amount: Option<f64> => RefundAmount, Yuan, Lower, P::RefundOrders;
    /// 退款率: refund_amount / sales_amount (客服销售额).
    refund_rate: Option<f64> => RefundRate, Rate, Lower, P::SalesOrders;
    /// 品质退款订单数: sales orders whose first refund application gave a
    /// quality reason (`refunds.quality_reasons`).
    quality_refund_orders: u64 => QualityRefundOrders, Count, Lower, P::QualityRefundOrders;
    /// 首次品退率: quality_refund_orders / sales_orders.
    first_quality_refund_rate: Option<f64> => FirstQualityRefundRate, Rate, Lower, P::SalesOrders;
    /// 售后接待后退款订单数: orders whose first refund application came
    /// within `refunds.followed_days` after an after-sales reception of
    /// the group's agent with the buyer.
    aftersales_refund_orders: u64 => AftersalesRefundOrders, Count, Lower, P::AftersalesRefunds;
}

/// Another platform's response rule (spec §3.1), computed beside the
/// Taobao round rule of §3 when a query asks for it (`Query::rules`,
/// `kefu report --rules`). Serialised as its `--rules` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Per person, rounds in 08:00–23:00 answered within 180 s.
    Kuaishou,
    /// Per person, every valid message in 08:00–23:00 answered within 1 hour.
    Pdd,
    /// Per session (ended by closing or an idle gap), replied at all.
    Xiaohongshu,
}

impl Rule {
    pub const ALL: [Rule; 3] = [Rule::Kuaishou, Rule::Pdd, Rule::Xiaohongshu];

    /// The `--rules` name (`kuaishou`, `pdd`, `xiaohongshu`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::Kuaishou => "kuaishou",
            Rule::Pdd => "pdd",
            Rule::Xiaohongshu => "xiaohongshu",
        }
    }

    /// A comma-separated list of names (`kuaishou,pdd`); an unknown name is
    /// an error naming the valid ones. Repeats are kept once, in list order.
    pub fn parse_list(s: &str) -> Result<Vec<Rule>, String> {
        let mut out = Vec::new();
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let r = Rule::ALL.into_iter().find(|r| r.name() == name).ok_or_else(|| {
                let valid: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                format!("unknown rule '{name}' (expected a comma-separated list of {})", valid.join(", "))
            })?;
            if !out.contains(&r) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The registry lines of this rule, in registry order.
    pub fn metrics(self) -> impl Iterator<Item = Metric> {
        Metric::all().filter(move |m| m.rule() == Some(self))
    }
}

/// How many registry lines are counts.
const fn count_count() -> usize {
    let (mut i, mut n) = (0, 0);
    while i < METRICS.len() {
        n += matches!(METRICS[i].unit, Unit::Count) as usize;
        i += 1;
    }
    n
}

/// The count metrics' keys, in registry order.
const fn count_keys<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < METRICS.len() {
        if matches!(METRICS[i].unit, Unit::Count) {
            out[n] = METRICS[i].key;
            n += 1;
        }
        i += 1;
    }
    out
}

const COUNTS: [&str; count_count()] = count_keys();

/// The metrics that are counts (integers in JSON).
pub const COUNT_KEYS: &[&str] = &COUNTS;

impl Metric {
    /// Every metric, in `Metrics` field order.
    pub fn all() -> impl Iterator<Item = Metric> {
        METRICS.iter().map(|i| i.metric)
    }

    pub fn info(self) -> &'static MetricInfo {
        &METRICS[self as usize]
    }

    /// The spec key, e.g. `"response_rate_3min"`.
    pub fn key(self) -> &'static str {
        self.info().key
    }

    pub fn from_key(key: &str) -> Option<Metric> {
        METRICS.iter().find(|i| i.key == key).map(|i| i.metric)
    }

    /// For a rate: what a record of its drill population (the denominator)
    /// must be to count in the numerator, per the spec's formula; the rest
    /// are its failures (「只看未达标」). None for counts, averages, amounts
    /// and 答问比.
    pub fn pass(self) -> Option<Pass> {
        use Metric as M;
        Some(match self {
            M::ReplyRate => Pass::BuyerDay(B::Reception),
            M::ResponseRate3min => Pass::RoundWithin,
            M::InquiryConversionSameDay | M::SalesConversion => Pass::BuyerDay(B::PaidSameDay),
            M::InquiryConversionFinal => Pass::BuyerDay(B::PaidFinal),
            M::SatisfactionRate => Pass::ScoreAtLeast(4),
            M::RatingRate => Pass::Rated,
            M::FirstContactResolution => Pass::NotBuyerDay(B::Reconsult),
            M::WeeklyReplyRate => Pass::Replied,
            M::KuaishouResponseRate3min => Pass::NotBuyerDay(B::KuaishouFailed),
            M::PddValidReplyRate => Pass::BuyerDay(B::PddValid),
            M::XhsReplyRate => Pass::SessionReplied,
            M::AutoInterceptRate => Pass::BuyerDay(B::AutoIntercepted),
            M::CuifuCoverageRate => Pass::Cuifu(CuifuTest::Covered),
            M::CuifuSuccessRate => Pass::Cuifu(CuifuTest::Paid),
            M::ProductConversionRate => Pass::BuyerDay(B::ProductPaid),
            M::RefundRate => Pass::Refunded,
            M::FirstQualityRefundRate => Pass::QualityRefunded,
            _ => return None,
        })
    }

    /// The platform rule a metric belongs to; None for the metrics every
    /// report row carries.
    pub fn rule(self) -> Option<Rule> {
        use Metric as M;
        match self {
            M::KuaishouBuyers | M::KuaishouFailedBuyers | M::KuaishouResponseRate3min => Some(Rule::Kuaishou),
            M::PddBuyers | M::PddValidBuyers | M::PddValidReplyRate => Some(Rule::Pdd),
            M::XhsSessions | M::XhsRepliedSessions | M::XhsReplyRate => Some(Rule::Xiaohongshu),
            _ => None,
        }
    }

    /// Is this one of the product metrics (issue 14)? They are computed in
    /// every row, but `kefu report` prints them only when the grouping has
    /// the product dimension: elsewhere they count buyer-days mentioning
    /// *any* product, which is rarely the question asked.
    pub fn product(self) -> bool {
        use Metric as M;
        matches!(
            self,
            M::ProductConsultBuyers
                | M::ProductInquiryBuyers
                | M::ProductOrderBuyers
                | M::ProductPaidBuyers
                | M::ProductConversionRate
                | M::ProductRecommended
                | M::ProductRecommendedPaid
        )
    }

    /// Is this metric in a report row computed with `rules`: every metric
    /// of no rule, and those of the rules asked for.
    pub fn computed_with(self, rules: &[Rule]) -> bool {
        self.rule().is_none_or(|r| rules.contains(&r))
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Metric {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Metric, D::Error> {
        let s = String::deserialize(d)?;
        Metric::from_key(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, METRIC_KEYS))
    }
}

impl Metrics {
    /// One metric by its spec key, as a number (counts as f64); None for an
    /// empty denominator or an unknown key.
    pub fn get(&self, key: &str) -> Option<f64> {
        Metric::from_key(key).and_then(|m| self.value(m))
    }

    /// Every metric key → value (None = empty denominator), as the KPI scorer
    /// reads actuals.
    pub fn to_map(&self) -> std::collections::BTreeMap<String, Option<f64>> {
        Metric::all().map(|m| (m.key().to_string(), self.value(m))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_covers_every_serialised_key() {
        let m = Metrics {
            consult_buyers: 7,
            reply_rate: Some(0.5),
            sales_amount: Some(12.5),
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
            assert_eq!(m.to_map()[k], x.as_f64(), "{k}");
        }
    }

    #[test]
    fn registry_keys_follow_the_struct() {
        let v = serde_json::to_value(Metrics::default()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut sorted = METRIC_KEYS.to_vec();
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "serde_json maps are sorted");
        assert_eq!(METRIC_KEYS.len(), 88);
        assert_eq!(COUNT_KEYS.len(), 57);
        for (i, info) in METRICS.iter().enumerate() {
            assert_eq!(info.metric as usize, i);
            assert_eq!(Metric::from_key(info.key), Some(info.metric));
            assert_eq!(serde_json::to_string(&info.metric).unwrap(), format!("\"{}\"", info.key));
            let back: Metric = serde_json::from_str(&format!("\"{}\"", info.key)).unwrap();
            assert_eq!(back, info.metric);
        }
        assert!(serde_json::from_str::<Metric>("\"nope\"").is_err());
        assert_eq!(Metric::ResponseRate3min.key(), "response_rate_3min");
        assert_eq!(Metric::ResponseRate3min.info().unit, Unit::Rate);
    }

    #[test]
    fn count_keys_are_the_integer_fields() {
        let mut m = Metrics::default();
        for info in METRICS {
            assert_eq!(m.count_mut(info.metric).is_some(), info.unit == Unit::Count, "{}", info.key);
        }
        *m.count_mut(Metric::Rounds).unwrap() = 9;
        assert_eq!(m.rounds, 9);
    }

    #[test]
    fn every_rate_and_only_rates_name_a_pass() {
        for info in METRICS {
            assert_eq!(info.metric.pass().is_some(), info.unit == Unit::Rate, "{}", info.key);
        }
    }

    #[test]
    fn each_buyer_day_test_has_one_count() {
        for t in BuyerDayTest::ALL {
            let n = METRICS.iter().filter(|i| i.unit == Unit::Count && i.drill == Population::BuyerDays(t)).count();
            assert_eq!(n, 1, "{t:?}");
        }
    }
}
