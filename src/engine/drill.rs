//! Drill-down: the records behind one metric cell. The registry says which
//! population a metric lists (`MetricInfo::drill`: for a count, the records
//! counted; for a rate or an average, its denominator's); each population
//! has a lister below. Every row names its conversation-day (`conv`, which
//! opens the transcript) and carries a typed [`DrillDetail`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::flags::*;
use super::histogram::{in_range, parse_range, HIST_KEY, HIST_METRIC};
use super::metric::{BuyerDayTest, Metric, Population, RoundTest};
use super::{Engine, Filter};
use crate::model::{day_of, day_string, ts_string, week_monday, Dataset, SECS_PER_DAY};

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
}

impl DrillDetail {
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
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Drill {
    pub metric: String,
    /// What one row is: `buyer_day`, `conversation_day`, `round`, `message`,
    /// `order`, `rating`, `agent_week`, `week`. `rows.len()` equals the
    /// number drilled (for counts); for rates and averages, the records of
    /// the denominator.
    pub unit: String,
    pub rows: Vec<DrillRow>,
}

/// The drill lists that are not metrics: seed 000's 3分钟未响应明细 (counted
/// rounds not answered within the threshold) and a histogram bucket.
pub const ROUNDS_OVER: &str = "rounds_over_3min";

/// What a drill request lists.
enum Target {
    Population(Population),
    /// The answered rounds of one histogram bucket (`None`: no valid bucket).
    Bucket(Option<(i64, Option<i64>)>),
    Unknown,
}

impl Engine {
    fn drow(&self, ds: &Dataset, ci: u32, ts: Option<i64>, detail: DrillDetail) -> DrillRow {
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
        }
    }

    /// The records behind one metric cell.
    pub fn drill(&self, ds: &Dataset, req: &DrillRequest) -> Drill {
        let fs = self.filter_set(&req.filter);
        let km = self.key_match(&req.key);
        let by_agent = req.key.contains_key("agent");
        let convs: Vec<u32> = (0..self.convs.len() as u32)
            .filter(|&i| {
                let c = &self.convs[i as usize];
                self.conv_in(&fs, c) && self.conv_matches(&km, c)
            })
            .collect();
        let target = match req.metric.as_str() {
            ROUNDS_OVER => Target::Population(Population::Rounds(RoundTest::Over)),
            HIST_METRIC => Target::Bucket(req.key.get(HIST_KEY).and_then(|v| parse_range(v))),
            m => Metric::from_key(m).map_or(Target::Unknown, |m| Target::Population(m.info().drill)),
        };
        let mut rows = Vec::new();
        let unit = match target {
            Target::Population(p) => self.list(ds, &convs, p, by_agent, &mut rows),
            Target::Bucket(range) => {
                if let Some((lo, hi)) = range {
                    self.list_rounds(ds, &convs, |r| r.answered && in_range(r.work_secs, lo, hi), &mut rows);
                }
                "round"
            }
            Target::Unknown => "unknown",
        };
        Drill { metric: req.metric.clone(), unit: unit.to_string(), rows }
    }

    /// List one population's records among `convs`; returns the unit name.
    fn list(
        &self,
        ds: &Dataset,
        convs: &[u32],
        p: Population,
        by_agent: bool,
        rows: &mut Vec<DrillRow>,
    ) -> &'static str {
        let thr = self.settings.response_threshold_secs;
        let conv_days = |rows: &mut Vec<DrillRow>, f: &dyn Fn(&super::Conv) -> Option<DrillDetail>| {
            for &ci in convs {
                if let Some(d) = f(&self.convs[ci as usize]) {
                    rows.push(self.drow(ds, ci, None, d));
                }
            }
            "conversation_day"
        };
        let response = |(w, c): (i64, i64)| DrillDetail::Response { work_secs: w, calendar_secs: c };
        match p {
            Population::BuyerDays(t) => self.list_buyer_days(ds, convs, t, rows),
            Population::Rounds(t) => self.list_rounds(
                ds,
                convs,
                |r| match t {
                    RoundTest::Counted => true,
                    RoundTest::Within => r.within(thr),
                    RoundTest::Over => !r.within(thr),
                    RoundTest::Answered => r.answered,
                },
                rows,
            ),
            Population::FirstResponses => conv_days(rows, &|c| c.first_resp.map(response)),
            Population::Receptions => conv_days(rows, &|c| (c.flags & C_RECEPTION != 0)
                    .then_some(DrillDetail::Span { calendar_secs: c.reception.1, work_secs: c.reception.0 })),
            Population::BuyerMessages => self.list_messages(ds, convs, M_VALID, rows),
            Population::AgentMessages => self.list_messages(ds, convs, M_HUMAN, rows),
            Population::SalesOrders => self.list_sales(ds, convs, rows),
            Population::Ratings(score) => self.list_ratings(ds, convs, score, rows),
            Population::WeeklySessions => conv_days(rows, &|c| (c.flags & C_SESSION != 0).then_some(DrillDetail::None)),
            Population::WeeklyReplied => {
                conv_days(rows, &|c| (c.flags & C_SESSION != 0 && c.flags & C_HUMAN != 0).then_some(DrillDetail::None))
            }
            Population::WeeklyAssessed => self.list_weekly_units(ds, convs, by_agent, false, rows),
            Population::WeeklyPassed => self.list_weekly_units(ds, convs, by_agent, true, rows),
        }
    }

    /// Buyer-days passing `t`, each pointing at its first conversation-day
    /// with the test's mark flag.
    fn list_buyer_days(&self, ds: &Dataset, convs: &[u32], t: BuyerDayTest, rows: &mut Vec<DrillRow>) -> &'static str {
        let pairs = self.bd_pairs(convs);
        for run in pairs.chunk_by(|a, b| a.0 == b.0) {
            let f = run.iter().fold(0u16, |f, p| f | self.convs[p.1 as usize].flags);
            if !t.test(f, self.bd_flags[run[0].0 as usize]) {
                continue;
            }
            let ci =
                run.iter().map(|p| p.1).find(|&ci| self.convs[ci as usize].flags & t.mark() != 0).unwrap_or(run[0].1);
            let detail = if self.convs[ci as usize].flags & C_ORDERED != 0 {
                DrillDetail::Orders {
                    ids: self.orders_of(ci).map(|a| ds.orders[a.order as usize].id.clone()).collect(),
                }
            } else {
                DrillDetail::None
            };
            rows.push(self.drow(ds, ci, None, detail));
        }
        "buyer_day"
    }

    /// Counted rounds passing `ok`, at their opening time.
    fn list_rounds(
        &self,
        ds: &Dataset,
        convs: &[u32],
        ok: impl Fn(&super::Round) -> bool,
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
                rows.push(self.drow(ds, ci, Some(r.open_ts), detail));
            }
        }
        "round"
    }

    /// Messages with message flag `want` (valid buyer or human staff).
    fn list_messages(&self, ds: &Dataset, convs: &[u32], want: u8, rows: &mut Vec<DrillRow>) -> &'static str {
        for &ci in convs {
            for mi in self.convs[ci as usize].msg_range() {
                if self.msgs.flags[mi] & want != 0 {
                    let m = self.msgs.get(ds, mi);
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

    /// Attributed orders paid within the final window (`sales_amount`).
    fn list_sales(&self, ds: &Dataset, convs: &[u32], rows: &mut Vec<DrillRow>) -> &'static str {
        for &ci in convs {
            let c = &self.convs[ci as usize];
            for a in self.orders_of(ci) {
                let o = &ds.orders[a.order as usize];
                if o.paid.is_some_and(|p| day_of(p) <= c.day + self.settings.final_window_days as i32) {
                    let detail = DrillDetail::Order { id: o.id.clone(), amount_fen: o.amount_fen };
                    rows.push(self.drow(ds, ci, Some(o.created), detail));
                }
            }
        }
        "order"
    }

    /// Rated conversation-days, all or of one score.
    fn list_ratings(&self, ds: &Dataset, convs: &[u32], score: Option<u8>, rows: &mut Vec<DrillRow>) -> &'static str {
        for &ci in convs {
            let c = &self.convs[ci as usize];
            if c.rating > 0 && score.is_none_or(|s| c.rating == s) {
                let ts = ds.ratings.get(c.rating_idx as usize).map(|r| r.ts);
                rows.push(self.drow(ds, ci, ts, DrillDetail::Rating { score: c.rating }));
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
                let ci = convs
                    .iter()
                    .copied()
                    .find(|&ci| {
                        let c = &self.convs[ci as usize];
                        c.flags & C_SESSION != 0 && week_monday(c.day) == w && (!by_agent || c.agent_idx == a)
                    })
                    .unwrap();
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
