//! The conversation-days a QA sample draws from (issue 15 item 1): per
//! mode, every conversation-day of the filter that qualifies, named by a
//! key that survives re-import and partitioning (agent nick, buyer nick,
//! day) and carrying the engine's id for opening the transcript. The draw
//! itself (seeded, per agent) is `crate::qa::draw`, over the candidates of
//! one engine or of every part of a split, so both give the same sample.
//!
//! Populations, each read from what the engine already decided:
//! - random: reception conversation-days (`C_RECEPTION`: a buyer message
//!   and a human reply, something to score against the six steps);
//! - one alert rule: the conversation-days of the alerts raised by that
//!   rule, as the alert's strongest rule or in its `also` (one event's
//!   weaker rules are still that rule firing);
//! - low ratings: a rating (the day's last, spec §5) of 1..=`max_score`;
//! - 询单未下单: inquiry conversation-days (`C_INQUIRY`) whose buyer-day has
//!   no order at all (`B_ANY_ORDER`), the test of `inquiry_no_order`.

use serde::{Deserialize, Serialize};

use super::alerts::AlertRule;
use super::*;
use crate::model::{day_string, Dataset};

/// A conversation-day as QA names it: stable across imports, file order
/// and partitioning (the engine's ids are not). Sorted by agent, then day,
/// then buyer: the order a reviewer works through a sample.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QaKey {
    pub agent: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    pub buyer: String,
}

/// How a sample is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum SampleMode {
    /// `per_agent` reception conversation-days of each agent, drawn at
    /// random with `seed` (an agent with fewer gives all of theirs).
    Random { per_agent: u32, seed: u64 },
    /// Every conversation-day an alert of `rule` was raised on (rules from
    /// the settings).
    Rule { rule: AlertRule },
    /// Every rated conversation-day with a rating of at most `max_score`;
    /// None: the low-rating alert's threshold (default 2 = 不满意).
    LowRatings {
        #[serde(default)]
        max_score: Option<u8>,
    },
    /// Every inquiry conversation-day whose buyer-day has no order (询单未下单).
    UnorderedInquiries,
}

/// Why a conversation-day is in a sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Drawn at random.
    Random,
    /// An alert of this rule was raised on it.
    Rule { rule: AlertRule },
    /// Its rating (1..=5).
    LowRating { score: u8 },
    /// An inquiry whose buyer-day has no order.
    UnorderedInquiry,
}

/// One conversation-day that qualifies for a sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub key: QaKey,
    /// The engine's conversation-day id (for the transcript query).
    pub conv: u32,
    pub why: Why,
}

impl Engine {
    /// Every conversation-day of `filter` that `mode` qualifies, in no
    /// particular order (callers sort by key). `ds` is the dataset this
    /// engine was built from (the alert mode reads messages).
    pub fn qa_candidates(&self, ds: &Dataset, mode: &SampleMode, filter: &Filter) -> Vec<Candidate> {
        let fs = self.filter_set(filter);
        let key = |ci: u32| {
            let c = &self.convs[ci as usize];
            QaKey {
                agent: ds.nicks.name(c.agent).to_string(),
                day: day_string(c.day),
                buyer: ds.nicks.name(c.buyer).to_string(),
            }
        };
        let each = |test: &dyn Fn(&Conv) -> Option<Why>| -> Vec<Candidate> {
            self.convs
                .iter()
                .enumerate()
                .filter(|(_, c)| self.conv_in(&fs, c))
                .filter_map(|(ci, c)| test(c).map(|why| Candidate { key: key(ci as u32), conv: ci as u32, why }))
                .collect()
        };
        match mode {
            SampleMode::Random { .. } => each(&|c| (c.flags & C_RECEPTION != 0).then_some(Why::Random)),
            SampleMode::LowRatings { max_score } => {
                let max = max_score.unwrap_or(self.settings.alert_rules().low_rating.max_score);
                each(&|c| (c.rating > 0 && c.rating <= max).then_some(Why::LowRating { score: c.rating }))
            }
            SampleMode::UnorderedInquiries => each(&|c| {
                (c.flags & C_INQUIRY != 0 && self.bd_flags[c.bd as usize] & B_ANY_ORDER == 0)
                    .then_some(Why::UnorderedInquiry)
            }),
            SampleMode::Rule { rule } => {
                let mut convs: Vec<u32> = self
                    .alerts_unsorted(ds, &self.settings.alert_rules(), filter)
                    .into_iter()
                    .filter(|a| a.rule == *rule || a.also.contains(rule))
                    .filter_map(|a| a.conv)
                    .collect();
                convs.sort_unstable();
                convs.dedup();
                convs
                    .into_iter()
                    .map(|ci| Candidate { key: key(ci), conv: ci, why: Why::Rule { rule: *rule } })
                    .collect()
            }
        }
    }
}
