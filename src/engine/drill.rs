//! Drill-down: the records behind one metric cell. The registry says which
//! population a metric lists (`MetricInfo::drill`: for a count, the records
//! counted; for a rate or an average, its denominator's); each population
//! has a lister below. Every row names its conversation-day (`conv`, which
//! opens the transcript), carries a typed [`DrillDetail`], the buyer's
//! message that opened the record and, for a rate, whether the record fails
//! it ([`Metric::pass`]). Rows come in record-time order (then agent,
//! buyer); [`sort_rows`] orders them by any column for the list's view.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::conversations::xhs_sessions;
use super::cuifu::{OUTSIDE, WINDOW_KEY, WINDOW_METRIC};
use super::flags::*;
use super::histogram::{in_range, parse_range, HIST_KEY, HIST_METRIC};
use super::metric::{BuyerDayTest, CuifuTest, Metric, Pass, Population, RoundTest};
use super::{Engine, Filter};
use crate::model::{day_of, day_string, ts_string, week_monday, Dataset, Sender, SECS_PER_DAY};

/// "Which records are behind this number?" `key` holds the row's dimension
/// fields as in [`super::Row::key`] (empty = the whole filter).
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
    pub detail: DrillDetail,
    /// The record's time as a Unix timestamp (the order of `time`).
    #[serde(default)]
    pub ts: i64,
    /// The buyer's message that opened the record: a round's first buyer
    /// message; else the first valid buyer message of its buyer-day or
    /// conversation-day (an order's, a rating's: its conversation-day's).
    /// Empty when there is none.
    #[serde(default)]
    pub opening: String,
    /// The record fails the rate drilled (it is in the denominator, not in
    /// the numerator: [`Metric::pass`]); false in other drills.
    #[serde(default)]
    pub fail: bool,
}

/// A drill list's column, to sort by.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum DrillColumn {
    Day,
    Agent,
    Buyer,
    #[default]
    Time,
    Detail,
    Opening,
}

impl DrillColumn {
    pub const ALL: [DrillColumn; 6] = [
        DrillColumn::Day,
        DrillColumn::Agent,
        DrillColumn::Buyer,
        DrillColumn::Time,
        DrillColumn::Detail,
        DrillColumn::Opening,
    ];

    /// The serialised name (`day`, …, `opening`), also the UI's i18n key.
    pub fn key(self) -> &'static str {
        match self {
            DrillColumn::Day => "day",
            DrillColumn::Agent => "agent",
            DrillColumn::Buyer => "buyer",
            DrillColumn::Time => "time",
            DrillColumn::Detail => "detail",
            DrillColumn::Opening => "opening",
        }
    }
}

/// How the list of a drill is shown: sorted by a column (record time when
/// `None`), narrowed to rows containing `text` (agent, buyer, opening
/// message or detail; case-insensitive) and, for a rate, to its failures.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct DrillView {
    pub sort: Option<DrillColumn>,
    pub desc: bool,
    pub text: String,
    pub failures_only: bool,
}

/// Order `rows` by `col` (ascending, or descending when `desc`); ties keep
/// record-time order (then agent, buyer). The detail column orders by its
/// number ([`DrillDetail::sort_key`]), never by its text.
pub fn sort_rows(rows: &mut [DrillRow], col: DrillColumn, desc: bool) {
    use std::cmp::Ordering;
    let by_time = |a: &DrillRow, b: &DrillRow| {
        a.ts.cmp(&b.ts).then_with(|| a.agent.cmp(&b.agent)).then_with(|| a.buyer.cmp(&b.buyer))
    };
    let cmp = |a: &DrillRow, b: &DrillRow| -> Ordering {
        match col {
            DrillColumn::Day => a.day.cmp(&b.day),
            DrillColumn::Agent => a.agent.cmp(&b.agent),
            DrillColumn::Buyer => a.buyer.cmp(&b.buyer),
            DrillColumn::Time => Ordering::Equal,
            DrillColumn::Detail => a.detail.sort_key().cmp(&b.detail.sort_key()),
            DrillColumn::Opening => a.opening.cmp(&b.opening),
        }
    };
    rows.sort_by(|a, b| {
        let o = cmp(a, b).then_with(|| by_time(a, b));
        if desc {
            o.reverse()
        } else {
            o
        }
    });
}

/// What a drill row adds to its record. `format::drill_detail` renders it
/// per language; [`DrillDetail::raw`] is the language-neutral text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DrillDetail {
    #[default]
    None,
    /// A response time, business and calendar clock (a round, a first
    /// response, a reception's duration).
    Response { work_secs: i64, calendar_secs: i64 },
    /// How long a reception lasted: calendar seconds first (spec §3), then
    /// the business clock.
    Span { calendar_secs: i64, work_secs: i64 },
    /// A round never answered.
    Unanswered,
    /// The orders credited to a buyer-day's conversation-day.
    Orders { ids: Vec<String> },
    /// One attributed order and its amount.
    Order { id: String, amount_fen: i64 },
    /// A rating, 5 = 很满意 … 1 = 很不满意.
    Rating { score: u8 },
    /// A message's text.
    Message { text: String },
    /// A weekly assessment unit: its Monday, sessions and replied sessions.
    Week { monday: String, sessions: u64, replied: u64 },
    /// A 催付 record: the order, its created and paid times (`YYYY-MM-DD
    /// HH:MM:SS`; paid empty when never), its first 催付's time, delay after
    /// the order (seconds) and text; the 催付 fields empty / None without one.
    Cuifu { id: String, created: String, paid: String, first: String, delay_secs: Option<i64>, text: String },
    /// A refunded order: its number, refunded amount and the reason of its
    /// first refund application (empty when only the order export says it
    /// was refunded).
    Refund { id: String, amount_fen: i64, reason: String },
}

impl DrillDetail {
    /// What the detail column sorts by: (rank, number, text). Response
    /// times by their business-clock seconds, an unanswered round after the
    /// longest answered one; spans by calendar seconds; orders by amount;
    /// ratings by score; weeks by sessions; messages and order ids by text.
    pub fn sort_key(&self) -> (u8, i64, &str) {
        match self {
            DrillDetail::None => (0, 0, ""),
            DrillDetail::Response { work_secs, .. } => (1, *work_secs, ""),
            DrillDetail::Unanswered => (2, 0, ""),
            DrillDetail::Span { calendar_secs, .. } => (1, *calendar_secs, ""),
            DrillDetail::Orders { ids } => (1, ids.len() as i64, ids.first().map_or("", |s| s.as_str())),
            DrillDetail::Order { id, amount_fen } => (1, *amount_fen, id),
            DrillDetail::Rating { score } => (1, *score as i64, ""),
            DrillDetail::Message { text } => (1, 0, text),
            DrillDetail::Week { sessions, .. } => (1, *sessions as i64, ""),
            // by delay; an order without a 催付 after every one with
            DrillDetail::Cuifu { delay_secs: Some(d), id, .. } => (1, *d, id),
            DrillDetail::Cuifu { delay_secs: None, id, .. } => (2, 0, id),
            DrillDetail::Refund { id, amount_fen, .. } => (1, *amount_fen, id),
        }
    }

    /// The language-neutral text: `185 s (calendar 5580 s)`, `unanswered`,
    /// order ids joined by `,`, `id 99.00`, the score, the message text,
    /// `week 2024-06-03 sessions 5 replied 4`, or empty.
    pub fn raw(&self) -> String {
        match self {
            DrillDetail::None => String::new(),
            DrillDetail::Response { work_secs, calendar_secs } => format!("{work_secs} s (calendar {calendar_secs} s)"),
            DrillDetail::Span { calendar_secs, work_secs } => format!("{calendar_secs} s (work time {work_secs} s)"),
            DrillDetail::Unanswered => "unanswered".to_string(),
            DrillDetail::Orders { ids } => ids.join(","),
            DrillDetail::Order { id, amount_fen } => format!("{} {:.2}", id, *amount_fen as f64 / 100.0),
            DrillDetail::Rating { score } => score.to_string(),
            DrillDetail::Message { text } => text.clone(),
            DrillDetail::Week { monday, sessions, replied } => {
                format!("week {monday} sessions {sessions} replied {replied}")
            }
            DrillDetail::Cuifu { id, paid, first, delay_secs, text, .. } => {
                let paid = if paid.is_empty() { "unpaid".to_string() } else { format!("paid {paid}") };
                match delay_secs {
                    Some(d) => format!("{id} {paid}; first reminder {first} (+{d} s): {text}"),
                    None => format!("{id} {paid}; no reminder"),
                }
            }
            DrillDetail::Refund { id, amount_fen, reason } => {
                format!("{} {:.2} {}", id, *amount_fen as f64 / 100.0, reason).trim_end().to_string()
            }
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Drill {
    pub metric: String,
    /// What one row is: `buyer_day`, `conversation_day`, `round`, `message`,
    /// `order`, `rating`, `agent_week`, `week`, `session` (Xiaohongshu). `rows.len()` equals the
    /// number drilled (for counts); for rates and averages, the records of
    /// the denominator.
    pub unit: String,
    pub rows: Vec<DrillRow>,
    /// For a rate: how many rows fail it (denominator − numerator; for
    /// 评价率, reception buyer-days without a rating, which differs when a
    /// buyer-day holds several ratings or a rating is on a conversation-day
    /// without reception); `None` for other drills (no 「只看未达标」).
    #[serde(default)]
    pub failures: Option<usize>,
}

/// The drill lists that are not metrics: seed 000's 3分钟未响应明细 (counted
/// rounds not answered within the threshold) and a histogram bucket.
pub const ROUNDS_OVER: &str = "rounds_over_3min";

/// The drill's rows in record-time order and its failure count (for a
/// rate): the last step of [`Engine::drill`], also of a partitioned
/// engine's drill over its parts' rows.
pub(crate) fn finish_drill(req: &DrillRequest, unit: &str, rows: &mut Vec<DrillRow>) -> Drill {
    let pass = Metric::from_key(&req.metric).and_then(Metric::pass);
    sort_rows(rows, DrillColumn::Time, false);
    let failures = pass.map(|_| rows.iter().filter(|r| r.fail).count());
    Drill { metric: req.metric.clone(), unit: unit.to_string(), rows: std::mem::take(rows), failures }
}

/// What a drill request lists.
fn drill_target(req: &DrillRequest) -> Target {
    let metric = Metric::from_key(&req.metric);
    match req.metric.as_str() {
        ROUNDS_OVER => Target::Population(Population::Rounds(RoundTest::Over)),
        HIST_METRIC => Target::Bucket(req.key.get(HIST_KEY).and_then(|v| parse_range(v))),
        WINDOW_METRIC => Target::CuifuWindow(req.key.get(WINDOW_KEY).and_then(|v| match v.as_str() {
            OUTSIDE => Some(None),
            i => i.parse::<usize>().ok().map(Some),
        })),
        REASON_METRIC => Target::RefundReason(req.key.get(REASON_KEY).cloned()),
        _ => metric.map_or(Target::Unknown, |m| Target::Population(m.info().drill)),
    }
}

/// The drill of one 退款原因 row (`Engine::refund_reasons`): the sales
/// orders whose first refund application gave the reason named by the
/// key `refund_reason` (empty: refunded only in the order export), as
/// many as the row's `orders`.
pub const REASON_METRIC: &str = "refund_reason";
pub const REASON_KEY: &str = "refund_reason";

/// What a drill request lists.
enum Target {
    Population(Population),
    /// The answered rounds of one histogram bucket (`None`: no valid bucket).
    Bucket(Option<(i64, Option<i64>)>),
    /// The covered orders whose first 催付 is inside one timing window
    /// (`Some(Some(i))`) or outside every one (`Some(None)`); `None`: no
    /// valid window named.
    CuifuWindow(Option<Option<usize>>),
    /// The sales orders of one first-application reason (`None`: no
    /// reason named).
    RefundReason(Option<String>),
    Unknown,
}

impl Engine {
    pub(crate) fn drow(&self, ds: &Dataset, ci: u32, ts: Option<i64>, detail: DrillDetail) -> DrillRow {
        let c = &self.convs[ci as usize];
        let ts = ts.unwrap_or_else(|| {
            if c.msg_end > c.msg_start {
                self.msgs.get(ds, c.msg_start as usize).ts
            } else {
                c.day as i64 * SECS_PER_DAY
            }
        });
        DrillRow {
            conv: ci,
            agent: ds.nicks.name(c.agent).to_string(),
            buyer: ds.nicks.name(c.buyer).to_string(),
            day: day_string(c.day),
            time: ts_string(ts),
            detail,
            ts,
            opening: self.first_buyer_message(ds, ci).map(|(_, t)| t).unwrap_or_default(),
            fail: false,
        }
    }

    /// A conversation-day's first valid buyer message: (time, text).
    fn first_buyer_message(&self, ds: &Dataset, ci: u32) -> Option<(i64, String)> {
        let c = &self.convs[ci as usize];
        c.msg_range().find(|&mi| self.msgs.flags[mi] & M_VALID != 0).map(|mi| {
            let m = self.msgs.get(ds, mi);
            (m.ts, ds.text(m.text).to_string())
        })
    }

    /// The records behind one metric cell.
    pub fn drill(&self, ds: &Dataset, req: &DrillRequest) -> Drill {
        let (unit, mut rows) = self.drill_rows(ds, req);
        finish_drill(req, unit, &mut rows)
    }

    /// The conversation-days a drill looks at (filter and row key) and
    /// whether its weekly units are per agent.
    fn drill_convs(&self, req: &DrillRequest) -> (Vec<u32>, bool) {
        let fs = self.filter_set(&req.filter);
        let km = self.key_match(&req.key);
        let convs = (0..self.convs.len() as u32)
            .filter(|&i| {
                let c = &self.convs[i as usize];
                self.conv_in(&fs, c) && self.conv_matches(&km, c)
            })
            .collect();
        (convs, req.key.contains_key("agent"))
    }

    /// A drill's unit and rows, not yet in time order (see [`finish_drill`]).
    pub(crate) fn drill_rows(&self, ds: &Dataset, req: &DrillRequest) -> (&'static str, Vec<DrillRow>) {
        let (convs, by_agent) = self.drill_convs(req);
        let metric = Metric::from_key(&req.metric);
        let pass = metric.and_then(Metric::pass);
        let mut rows = Vec::new();
        // the product metrics of a product row are of that product
        let scope = self.key_match(&req.key).product;
        let unit = match drill_target(req) {
            Target::Population(p) => self.list(ds, &convs, p, pass, by_agent, scope, &mut rows),
            Target::Bucket(range) => {
                if let Some((lo, hi)) = range {
                    self.list_rounds(ds, &convs, |r| r.answered && in_range(r.work_secs, lo, hi), |_| false, &mut rows);
                }
                "round"
            }
            Target::CuifuWindow(w) => {
                if let Some(w) = w {
                    self.list_cuifu(ds, &convs, CuifuTest::Covered, None, Some(w), &mut rows);
                }
                "order"
            }
            Target::RefundReason(reason) => match reason {
                Some(v) => self.list_refunds(ds, &convs, None, |r| self.first_reason(ds, r) == v.as_str(), &mut rows),
                None => "order",
            },
            Target::Unknown => "unknown",
        };
        (unit, rows)
    }

    /// The weekly units of a drill's conversation-days before assessment:
    /// `((agent nick symbol or 0, week monday), sessions, replied, first
    /// session's conversation-day)`, the first being the lowest id (see
    /// `list_weekly_units`). A partitioned engine merges these over its
    /// parts, since a unit spans buyers.
    pub(crate) fn drill_weekly_units(&self, req: &DrillRequest) -> Vec<((u32, i32), u64, u64, u32)> {
        let (convs, by_agent) = self.drill_convs(req);
        self.weekly_units(&convs, by_agent)
            .into_iter()
            .map(|(a, w, s, r)| {
                let ci = self.first_session(&convs, by_agent, a, w);
                ((if by_agent { self.agents[a as usize].sym.0 } else { 0 }, w), s, r, ci)
            })
            .collect()
    }

    /// The first of `convs` that is a weekly session of week `w` (and of
    /// agent `a` when `by_agent`).
    fn first_session(&self, convs: &[u32], by_agent: bool, a: u32, w: i32) -> u32 {
        convs
            .iter()
            .copied()
            .find(|&ci| {
                let c = &self.convs[ci as usize];
                c.flags & C_SESSION != 0 && week_monday(c.day) == w && (!by_agent || c.agent_idx == a)
            })
            .expect("a unit has a session")
    }

    /// List one population's records among `convs`, each marked failing
    /// when `pass` (the rate drilled) says so; returns the unit name.
    /// `scope`: the products a product metric counts (the row's, or any).
    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        ds: &Dataset,
        convs: &[u32],
        p: Population,
        pass: Option<Pass>,
        by_agent: bool,
        scope: Option<u32>,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        let thr = self.settings.response_threshold_secs;
        let conv_days = |rows: &mut Vec<DrillRow>, f: &dyn Fn(&super::Conv) -> Option<DrillDetail>| {
            for &ci in convs {
                let c = &self.convs[ci as usize];
                if let Some(d) = f(c) {
                    let mut row = self.drow(ds, ci, None, d);
                    row.fail = pass == Some(Pass::Replied) && c.flags & C_HUMAN == 0;
                    rows.push(row);
                }
            }
            "conversation_day"
        };
        let response = |(w, c): (i64, i64)| DrillDetail::Response { work_secs: w, calendar_secs: c };
        match p {
            Population::BuyerDays(t) => self.list_buyer_days(ds, convs, t, pass, scope, rows),
            Population::Rounds(t) => self.list_rounds(
                ds,
                convs,
                |r| match t {
                    RoundTest::Counted => true,
                    RoundTest::Within => r.within(thr),
                    RoundTest::Over => !r.within(thr),
                    RoundTest::Answered => r.answered,
                },
                |r| pass == Some(Pass::RoundWithin) && !r.within(thr),
                rows,
            ),
            Population::FirstResponses => conv_days(rows, &|c| c.first_resp.map(response)),
            Population::AutoFirstResponses => conv_days(rows, &|c| c.auto_first.map(response)),
            Population::Receptions => conv_days(rows, &|c| {
                (c.flags & C_RECEPTION != 0)
                    .then_some(DrillDetail::Span { calendar_secs: c.reception.1, work_secs: c.reception.0 })
            }),
            Population::BuyerMessages => self.list_messages(ds, convs, |f, _| f & M_VALID != 0, rows),
            Population::AgentMessages => self.list_messages(ds, convs, |f, _| f & M_HUMAN != 0, rows),
            Population::Messages => {
                self.list_messages(ds, convs, |_, s| matches!(s, Sender::Buyer | Sender::Agent | Sender::Auto), rows)
            }
            Population::XhsSessions => self.list_sessions(ds, convs, false, pass == Some(Pass::SessionReplied), rows),
            Population::XhsReplied => self.list_sessions(ds, convs, true, false, rows),
            Population::SalesOrders => self.list_sales(ds, convs, pass, scope, rows),
            Population::RefundOrders => self.list_refunds(ds, convs, scope, |r| r.fen > 0, rows),
            Population::QualityRefundOrders => self.list_refunds(ds, convs, scope, |r| r.quality, rows),
            Population::AftersalesRefunds => self.list_followups(ds, convs, rows),
            Population::Ratings(score) => {
                let min = match pass {
                    Some(Pass::ScoreAtLeast(m)) => m,
                    _ => 0,
                };
                self.list_ratings(ds, convs, score, min, rows)
            }
            Population::WeeklySessions => conv_days(rows, &|c| (c.flags & C_SESSION != 0).then_some(DrillDetail::None)),
            Population::WeeklyReplied => {
                conv_days(rows, &|c| (c.flags & C_SESSION != 0 && c.flags & C_HUMAN != 0).then_some(DrillDetail::None))
            }
            Population::WeeklyAssessed => self.list_weekly_units(ds, convs, by_agent, false, rows),
            Population::WeeklyPassed => self.list_weekly_units(ds, convs, by_agent, true, rows),
            Population::Cuifu(t) => {
                let pass = match pass {
                    Some(Pass::Cuifu(p)) => Some(p),
                    _ => None,
                };
                self.list_cuifu(ds, convs, t, pass, None, rows)
            }
        }
    }

    /// 催付 records passing `t`, one row per order at its created time;
    /// failing when `pass` (the rate drilled) is given and not passed;
    /// with `window`, only covered orders whose first 催付 is inside that
    /// timing window (`Some(i)`) or outside every one (`None`).
    fn list_cuifu(
        &self,
        ds: &Dataset,
        convs: &[u32],
        t: CuifuTest,
        pass: Option<CuifuTest>,
        window: Option<Option<usize>>,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        let start = self.settings.cuifu.unpaid_after_secs();
        for &ci in convs {
            for r in self.cuifu_of(ci) {
                if !r.passes(t, start) {
                    continue;
                }
                let first = r.first.map(|(mi, ts)| (self.msgs.get(ds, mi as usize), ts));
                if let (Some(w), Some((_, ts))) = (window, first) {
                    let inside = self.windows_of(r.created, ts);
                    let keep = match w {
                        Some(i) => inside.get(i).copied().unwrap_or(false),
                        None => !inside.contains(&true),
                    };
                    if !keep {
                        continue;
                    }
                }
                let o = &ds.orders[r.order as usize];
                let detail = DrillDetail::Cuifu {
                    id: o.id.clone(),
                    created: ts_string(o.created),
                    paid: o.paid.map(ts_string).unwrap_or_default(),
                    first: first.map(|(_, ts)| ts_string(ts)).unwrap_or_default(),
                    delay_secs: first.map(|(_, ts)| ts - o.created),
                    text: first.map(|(m, _)| ds.text(m.text).to_string()).unwrap_or_default(),
                };
                let mut row = self.drow(ds, ci, Some(o.created), detail);
                row.fail = pass.is_some_and(|p| !r.passes(p, start));
                rows.push(row);
            }
        }
        "order"
    }

    /// Buyer-days passing `t`, each pointing at its first conversation-day
    /// with the test's mark flag; the opening message is the buyer-day's
    /// first valid buyer message in the group.
    fn list_buyer_days(
        &self,
        ds: &Dataset,
        convs: &[u32],
        t: BuyerDayTest,
        pass: Option<Pass>,
        scope: Option<u32>,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        let pairs = self.bd_pairs(convs);
        let flags = |ci: u32| self.group_flags(ci) | self.product_bits(ci, scope);
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let f = run.iter().fold(0u32, |f, p| f | flags(p.1));
            let b = self.bd_flags[run[0].0 as usize];
            if !t.test(f, b) {
                continue;
            }
            let fail = match pass {
                Some(Pass::BuyerDay(p)) => !p.test(f, b),
                Some(Pass::NotBuyerDay(p)) => p.test(f, b),
                Some(Pass::Rated) => run.iter().all(|p| self.convs[p.1 as usize].rating == 0),
                _ => false,
            };
            let ci = run.iter().map(|p| p.1).find(|&ci| flags(ci) & t.mark() != 0).unwrap_or(run[0].1);
            let detail = if self.convs[ci as usize].flags & C_ORDERED != 0 {
                DrillDetail::Orders {
                    ids: self.orders_of(ci).map(|a| ds.orders[a.order as usize].id.clone()).collect(),
                }
            } else {
                DrillDetail::None
            };
            let mut row = self.drow(ds, ci, None, detail);
            row.fail = fail;
            if let Some((_, text)) = run.iter().filter_map(|p| self.first_buyer_message(ds, p.1)).min_by_key(|m| m.0) {
                row.opening = text;
            }
            rows.push(row);
        }
        "buyer_day"
    }

    /// Counted rounds passing `ok`, at their opening time, marked failing
    /// by `fail`; the opening message is the round's first buyer message.
    fn list_rounds(
        &self,
        ds: &Dataset,
        convs: &[u32],
        ok: impl Fn(&super::Round) -> bool,
        fail: impl Fn(&super::Round) -> bool,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        for &ci in convs {
            let c = &self.convs[ci as usize];
            for r in self.rounds[c.round_range()].iter().filter(|r| r.counted && ok(r)) {
                let detail = if r.answered {
                    DrillDetail::Response { work_secs: r.work_secs, calendar_secs: r.cal_secs }
                } else {
                    DrillDetail::Unanswered
                };
                let mut row = self.drow(ds, ci, Some(r.open_ts), detail);
                row.opening = ds.text(self.msgs.get(ds, r.open_msg as usize).text).to_string();
                row.fail = fail(r);
                rows.push(row);
            }
        }
        "round"
    }

    /// Xiaohongshu sessions (spec §3.1), each at its opening buyer
    /// message; only the replied ones when `replied_only`; marked failing
    /// when `fail_unreplied` and no human message came before it ended.
    fn list_sessions(
        &self,
        ds: &Dataset,
        convs: &[u32],
        replied_only: bool,
        fail_unreplied: bool,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        let idle = self.settings.session_idle_secs;
        for &ci in convs {
            let c = &self.convs[ci as usize];
            xhs_sessions(ds, &self.msgs, c.msg_range(), idle, |open, replied| {
                if replied_only && !replied {
                    return;
                }
                let m = self.msgs.get(ds, open);
                let detail = if replied { DrillDetail::None } else { DrillDetail::Unanswered };
                let mut row = self.drow(ds, ci, Some(m.ts), detail);
                row.opening = ds.text(m.text).to_string();
                row.fail = fail_unreplied && !replied;
                rows.push(row);
            });
        }
        "session"
    }

    /// Messages whose flags and sender pass `want` (valid buyer, human
    /// staff, or every message 总消息数 counts).
    fn list_messages(
        &self,
        ds: &Dataset,
        convs: &[u32],
        want: impl Fn(u8, Sender) -> bool,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        for &ci in convs {
            for mi in self.convs[ci as usize].msg_range() {
                let m = self.msgs.get(ds, mi);
                if want(self.msgs.flags[mi], m.sender) {
                    rows.push(self.drow(
                        ds,
                        ci,
                        Some(m.ts),
                        DrillDetail::Message { text: ds.text(m.text).to_string() },
                    ));
                }
            }
        }
        "message"
    }

    /// Attributed orders paid within the final window (`sales_amount`),
    /// each with the conversation-day it is credited to; for a refund rate
    /// marked failing when not in its numerator.
    fn list_sales(
        &self,
        ds: &Dataset,
        convs: &[u32],
        pass: Option<Pass>,
        scope: Option<u32>,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        self.each_sales_order(ds, convs, scope, |ci, oi| {
            let o = &ds.orders[oi as usize];
            let refund = self.refund_in(oi, scope);
            let detail = DrillDetail::Order { id: o.id.clone(), amount_fen: o.amount_fen };
            let mut row = self.drow(ds, ci, Some(o.created), detail);
            row.fail = match pass {
                // Lower is better: the refunded orders are the failures
                // (「只看未达标」 lists them).
                Some(Pass::Refunded) => refund.is_some_and(|r| r.fen > 0),
                Some(Pass::QualityRefunded) => refund.is_some_and(|r| r.quality),
                _ => false,
            };
            rows.push(row);
        });
        "order"
    }

    /// An order's refund as a row in `scope` counts it: the whole order's,
    /// or (a product row) its refund of that product.
    fn refund_in(&self, oi: u32, scope: Option<u32>) -> Option<&super::refunds::OrderRefund> {
        match scope {
            None => self.refunds.of_order(oi),
            Some(p) => self.refunds.of_order_product(oi, p),
        }
    }

    /// `(credited conversation-day, order)` of every sales order among
    /// `convs` (in a product row, `scope`: those holding its product).
    fn each_sales_order(&self, ds: &Dataset, convs: &[u32], scope: Option<u32>, mut f: impl FnMut(u32, u32)) {
        if let Some(p) = scope {
            for &ci in convs {
                self.products.sales_of(ci, p).for_each(|(oi, _)| f(ci, oi));
            }
            return;
        }
        for &ci in convs {
            let c = &self.convs[ci as usize];
            for a in self.orders_of(ci) {
                let paid = ds.orders[a.order as usize].paid;
                if paid.is_some_and(|p| day_of(p) <= c.day + self.settings.final_window_days as i32) {
                    f(ci, a.order);
                }
            }
        }
    }

    /// An order refund's first application's reason (empty: the order
    /// export's refund, which has none).
    fn first_reason<'d>(&self, ds: &'d Dataset, r: &super::refunds::OrderRefund) -> &'d str {
        r.first.map_or("", |ri| ds.refunds[ri as usize].reason.as_str())
    }

    /// The refund detail of an order: its number, refunded amount and its
    /// first application's reason.
    fn refund_detail(&self, ds: &Dataset, oi: u32, r: &super::refunds::OrderRefund) -> DrillDetail {
        let reason = self.first_reason(ds, r).to_string();
        DrillDetail::Refund { id: ds.orders[oi as usize].id.clone(), amount_fen: r.fen, reason }
    }

    /// The time a refund row stands at: its first application, else (only
    /// the order export knows of it) the order's creation.
    fn refund_ts(&self, ds: &Dataset, oi: u32, r: &super::refunds::OrderRefund) -> i64 {
        r.first.and_then(|ri| ds.refunds[ri as usize].applied).unwrap_or(ds.orders[oi as usize].created)
    }

    /// Sales orders whose refund passes `want` (refunded; quality first
    /// application), at the credited conversation-day.
    fn list_refunds(
        &self,
        ds: &Dataset,
        convs: &[u32],
        scope: Option<u32>,
        want: impl Fn(&super::refunds::OrderRefund) -> bool,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        self.each_sales_order(ds, convs, scope, |ci, oi| {
            if let Some(r) = self.refund_in(oi, scope).filter(|r| want(r)) {
                rows.push(self.drow(ds, ci, Some(self.refund_ts(ds, oi, r)), self.refund_detail(ds, oi, r)));
            }
        });
        "order"
    }

    /// Orders whose first refund application followed an after-sales
    /// reception among `convs`, at that conversation-day.
    fn list_followups(&self, ds: &Dataset, convs: &[u32], rows: &mut Vec<DrillRow>) -> &'static str {
        for &ci in convs {
            for oi in self.refunds.followups_of(ci) {
                if let Some(r) = self.refunds.of_order(oi) {
                    rows.push(self.drow(ds, ci, Some(self.refund_ts(ds, oi, r)), self.refund_detail(ds, oi, r)));
                }
            }
        }
        "order"
    }

    /// Rated conversation-days, all or of one score; failing below `min`.
    fn list_ratings(
        &self,
        ds: &Dataset,
        convs: &[u32],
        score: Option<u8>,
        min: u8,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        for &ci in convs {
            let c = &self.convs[ci as usize];
            if c.rating > 0 && score.is_none_or(|s| c.rating == s) {
                let ts = ds.ratings.get(c.rating_idx as usize).map(|r| r.ts);
                let mut row = self.drow(ds, ci, ts, DrillDetail::Rating { score: c.rating });
                row.fail = c.rating < min;
                rows.push(row);
            }
        }
        "rating"
    }

    /// Assessed (or passed) weekly units, each pointing at its first session.
    fn list_weekly_units(
        &self,
        ds: &Dataset,
        convs: &[u32],
        by_agent: bool,
        passed: bool,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        for (a, w, s, r) in self.weekly_units(convs, by_agent) {
            let (ass, pass) = self.unit_assessed(s, r);
            if (passed && pass) || (!passed && ass) {
                let ci = self.first_session(convs, by_agent, a, w);
                let detail = DrillDetail::Week { monday: day_string(w), sessions: s, replied: r };
                rows.push(self.drow(ds, ci, None, detail));
            }
        }
        if by_agent {
            "agent_week"
        } else {
            "week"
        }
    }
}
