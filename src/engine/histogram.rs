//! Distribution of response times (spec §3.3 population: counted, answered
//! rounds, business clock) in fixed buckets, so a manager sees how far past
//! the threshold the slow rounds are. The bucket counts add up to the
//! answered rounds behind `avg_response_secs`; each bucket drills to its
//! rounds with metric [`HIST_METRIC`] and key [`HIST_KEY`].

use serde::{Deserialize, Serialize};

use super::{Engine, Filter};

/// Upper edges (seconds, inclusive) of the buckets; the last bucket is open.
pub const EDGES: [i64; 7] = [30, 60, 120, 180, 300, 600, 1800];

/// Drill metric for one bucket's rounds.
pub const HIST_METRIC: &str = "response_hist";
/// Drill key naming the bucket: `"lo-hi"` or `"lo-"` for the open one.
pub const HIST_KEY: &str = "response_range";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct HistBucket {
    /// Exclusive lower edge (the first bucket starts at 0 inclusive).
    pub lo: i64,
    /// Inclusive upper edge; `None` for the open last bucket.
    pub hi: Option<i64>,
    pub rounds: u64,
}

impl HistBucket {
    /// The drill key value for this bucket.
    pub fn range_key(&self) -> String {
        match self.hi {
            Some(h) => format!("{}-{}", self.lo, h),
            None => format!("{}-", self.lo),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ResponseHistogram {
    pub buckets: Vec<HistBucket>,
    /// The 3-minute threshold in force (a bucket edge, so every bucket lies
    /// wholly within or over it).
    pub threshold_secs: i64,
    /// Counted rounds answered (= sum of bucket counts).
    pub answered: u64,
    /// Counted rounds never answered (not in any bucket).
    pub unanswered: u64,
}

/// Bucket edges for a threshold: the fixed edges plus the threshold itself.
pub fn edges_for(threshold: i64) -> Vec<i64> {
    let mut e: Vec<i64> = EDGES.to_vec();
    if threshold > 0 {
        e.push(threshold);
    }
    e.sort_unstable();
    e.dedup();
    e
}

/// Parse a [`HIST_KEY`] value into `(lo, hi)`.
pub fn parse_range(v: &str) -> Option<(i64, Option<i64>)> {
    let (lo, hi) = v.split_once('-')?;
    let lo: i64 = lo.trim().parse().ok()?;
    let hi = if hi.trim().is_empty() { None } else { Some(hi.trim().parse().ok()?) };
    Some((lo, hi))
}

/// Whether a response of `secs` falls in the bucket `(lo, hi]` (`[0, hi]`
/// for the first bucket).
pub fn in_range(secs: i64, lo: i64, hi: Option<i64>) -> bool {
    (secs > lo || (lo == 0 && secs >= 0)) && hi.is_none_or(|h| secs <= h)
}

impl Engine {
    /// Response-time histogram of the rounds in the filter.
    pub fn response_histogram(&self, filter: &Filter) -> ResponseHistogram {
        let thr = self.settings.response_threshold_secs;
        let edges = edges_for(thr);
        let mut counts = vec![0u64; edges.len() + 1];
        let (mut answered, mut unanswered) = (0u64, 0u64);
        let fs = self.filter_set(filter);
        for c in self.convs.iter().filter(|c| self.conv_in(&fs, c)) {
            for r in &self.rounds[c.round_start as usize..c.round_end as usize] {
                if !r.counted {
                    continue;
                }
                if !r.answered {
                    unanswered += 1;
                    continue;
                }
                answered += 1;
                // first edge ≥ secs; past the last edge → the open bucket
                counts[edges.partition_point(|&e| e < r.work_secs)] += 1;
            }
        }
        let mut lo = 0;
        let mut buckets = Vec::with_capacity(counts.len());
        for (i, n) in counts.into_iter().enumerate() {
            let hi = edges.get(i).copied();
            buckets.push(HistBucket { lo, hi, rounds: n });
            lo = hi.unwrap_or(lo);
        }
        ResponseHistogram { buckets, threshold_secs: thr, answered, unanswered }
    }
}
