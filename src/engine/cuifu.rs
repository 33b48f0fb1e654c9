//! 催付 (payment reminders, issue 14 item 3; seed 002). Build step 9 finds,
//! for every counted order (not a duplicate, §1.2.1) with a buyer, its
//! first 催付 and the conversation-day it is credited to; queries then
//! count the population, coverage and success per group and time the first
//! 催付s against the golden windows (`settings.cuifu`).
//!
//! - **A 催付** is a human agent message (auto replies and system notices
//!   are not: a robot's reminder is not the agent's work) to the order's
//!   buyer, sent after the order's created time and before its paid time
//!   (never paid: before the end of the next business day after the order's
//!   day), whose text contains one of `cuifu.keywords` or matches
//!   `cuifu.regex`. Any agent's message counts; the shop is not compared
//!   (as in §4 attribution).
//! - **Credit**: the conversation-day of the first 催付 (its agent, the
//!   buyer, the day it was sent); without one, the order's §4 credited
//!   conversation-day; without that, the conversation-day of the buyer's
//!   latest message exchanged with staff (a buyer or human message) before
//!   that deadline, on or after the order's day − `final_window_days`.
//!   An order with none of these never chatted with the shop and is in no
//!   population. Every record is one buyer's, so a buyer split
//!   (`crate::partition`) and the pool merge its counts by adding.
//! - **The population** (`cuifu_orders`), decided at query time since the
//!   windows are query-time settings: the records whose order was not
//!   paid within `CuifuSettings::unpaid_after_secs` (the first relative
//!   window's start) of being created, or never paid.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::attribution::Attribution;
use super::buyer_days::BuyerDays;
use super::clock::Clock;
use super::conversations::Conv;
use super::flags::*;
use super::metric::CuifuTest;
use super::{Engine, Filter, Messages};
use crate::model::{day_of, Dataset, Sender, Sym, SECS_PER_DAY};
use crate::settings::{CuifuSettings, Settings, WindowSpan};

/// One order of the 催付 records: who it is credited to and its first 催付.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CuifuOrder {
    pub order: u32,
    /// The credited conversation-day (see the module docs).
    pub conv: u32,
    pub created: i64,
    /// Paid time − created time; None when never paid.
    pub paid_after: Option<i64>,
    /// The first 催付: its message (stream order) and time.
    pub first: Option<(u32, i64)>,
}

impl CuifuOrder {
    /// In the population: not paid within `unpaid_after` seconds.
    pub fn unpaid(&self, unpaid_after: i64) -> bool {
        self.paid_after.is_none_or(|d| d > unpaid_after)
    }

    /// Does this record count for `t`, with the population's threshold?
    pub fn passes(&self, t: CuifuTest, unpaid_after: i64) -> bool {
        self.unpaid(unpaid_after)
            && match t {
                CuifuTest::Orders => true,
                CuifuTest::Covered => self.first.is_some(),
                CuifuTest::Paid => self.first.is_some() && self.paid_after.is_some(),
                CuifuTest::Missed => self.first.is_none(),
            }
    }
}

/// Which agent messages are 催付: any keyword as a substring, or the regex.
pub(crate) struct Matcher {
    words: Vec<String>,
    re: Option<Regex>,
}

impl Matcher {
    pub fn new(c: &CuifuSettings) -> Matcher {
        let words = c.keywords.iter().filter(|w| !w.is_empty()).cloned().collect();
        // validated when the settings were read; a regex that still does
        // not compile (settings built in code) matches nothing
        let re = c.regex.as_deref().filter(|r| !r.is_empty()).and_then(|r| Regex::new(r).ok());
        Matcher { words, re }
    }

    pub fn matches(&self, text: &str) -> bool {
        self.words.iter().any(|w| text.contains(w.as_str())) || self.re.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// Day `n` business days after `day` (0: `day` itself): the n-th later day
/// with work time; a stretch of 31 days without any (a misconfigured
/// clock) counts calendar days instead.
pub(crate) fn business_day(clock: &Clock, day: i32, n: i64) -> i32 {
    let mut d = day;
    for _ in 0..n {
        let next = (d + 1..=d + 31).find(|&x| !clock.intervals(x).is_empty());
        d = next.unwrap_or(d + 1);
    }
    d
}

/// What step 9 reads.
pub(crate) struct Inputs<'a> {
    pub ds: &'a Dataset,
    pub msgs: &'a Messages,
    pub settings: &'a Settings,
    pub clock: &'a Clock,
    pub buyers: &'a [Sym],
    pub order_attr: &'a [u32],
    pub attributions: &'a [Attribution],
}

impl Inputs<'_> {
    /// The records of every counted order with a credited conversation-day,
    /// sorted by that conversation-day (then created time, order).
    pub fn build(&self, convs: &[Conv], bds: &BuyerDays) -> Vec<CuifuOrder> {
        let matcher = Matcher::new(&self.settings.cuifu);
        let w = self.settings.final_window_days.max(0) as i32;
        let mut out = Vec::new();
        for (oi, o) in self.ds.counted_orders() {
            let buyer = self.buyers[oi];
            if buyer.is_none() {
                continue;
            }
            let cd = day_of(o.created);
            let deadline = o.paid.unwrap_or((business_day(self.clock, cd, 1) as i64 + 1) * SECS_PER_DAY);
            let lo = bds.days.partition_point(|&(b, d)| (b, d) < (buyer, cd - w));
            let hi = bds.days.partition_point(|&(b, d)| (b, d) <= (buyer, day_of(deadline)));
            // (ts, message) of the first 催付 and of the latest exchange
            let mut first: Option<(i64, u32, u32)> = None;
            let mut latest: Option<(i64, u32, u32)> = None;
            for bd in lo..hi {
                for ci in bds.convs_of(bd) {
                    for mi in convs[ci as usize].msg_range() {
                        let m = self.msgs.get(self.ds, mi);
                        if m.ts >= deadline {
                            break;
                        }
                        let human = self.msgs.flags[mi] & M_HUMAN != 0;
                        if human || m.sender == Sender::Buyer {
                            let k = (m.ts, mi as u32, ci);
                            if latest.is_none_or(|l| (l.0, l.1) < (k.0, k.1)) {
                                latest = Some(k);
                            }
                        }
                        if human
                            && m.ts > o.created
                            && first.is_none_or(|f| (m.ts, mi as u32) < (f.0, f.1))
                            && matcher.matches(self.ds.text(m.text))
                        {
                            first = Some((m.ts, mi as u32, ci));
                        }
                    }
                }
            }
            let attributed = self.order_attr[oi];
            let conv = first
                .map(|f| f.2)
                .or_else(|| (attributed != NONE32).then(|| self.attributions[attributed as usize].conv))
                .or(latest.map(|l| l.2));
            let Some(conv) = conv else { continue };
            out.push(CuifuOrder {
                order: oi as u32,
                conv,
                created: o.created,
                paid_after: o.paid.map(|p| p - o.created),
                first: first.map(|f| (f.1, f.0)),
            });
        }
        out.sort_unstable_by_key(|r| (r.conv, r.created, r.order));
        out
    }
}

/// Drill metric for the first 催付s of one timing window.
pub const WINDOW_METRIC: &str = "cuifu_window";
/// Drill key naming the window: its index in `cuifu.windows` (0-based), or
/// [`OUTSIDE`].
pub const WINDOW_KEY: &str = "cuifu_window";
/// [`WINDOW_KEY`]'s value for the first 催付s outside every window.
pub const OUTSIDE: &str = "outside";

/// One agent's first 催付s per window, before the shares are taken.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct TimingCounts {
    covered: u64,
    windows: Vec<u64>,
    outside: u64,
}

impl TimingCounts {
    fn add(&mut self, o: &TimingCounts) {
        self.covered += o.covered;
        self.outside += o.outside;
        if self.windows.len() < o.windows.len() {
            self.windows.resize(o.windows.len(), 0);
        }
        for (a, b) in self.windows.iter_mut().zip(&o.windows) {
            *a += b;
        }
    }
}

/// The timing counts of one engine (a part's), by agent nick: counts of
/// disjoint buyers, so parts merge by adding ([`finish_timing`]).
pub(crate) type TimingPartial = BTreeMap<String, TimingCounts>;

/// One row of the 催付时机 table: an agent (or, in `total`, every agent).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TimingRow {
    /// The staff account nick; empty in the total row.
    pub agent: String,
    /// Orders of the population whose first 催付 this agent sent
    /// (`cuifu_covered`): the denominator of every share.
    pub covered: u64,
    /// First 催付s inside each window, in `CuifuTiming::windows` order (a
    /// 催付 can be inside several windows, so these need not add up).
    pub counts: Vec<u64>,
    /// `counts[i] / covered`; null when nothing was covered.
    pub shares: Vec<Option<f64>>,
    /// First 催付s inside no window.
    pub outside: u64,
    pub outside_share: Option<f64>,
}

/// 催付时机: per agent, the share of first 催付s inside each golden window.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CuifuTiming {
    /// The windows' names, in the settings' order.
    pub windows: Vec<String>,
    /// One row per agent with a covered order, by nick.
    pub rows: Vec<TimingRow>,
    pub total: TimingRow,
}

/// The table from the parts' counts (one engine: one part).
pub(crate) fn finish_timing(parts: Vec<TimingPartial>, settings: &Settings) -> CuifuTiming {
    let names: Vec<String> = settings.cuifu.windows.iter().map(|w| w.name.clone()).collect();
    let mut merged: TimingPartial = BTreeMap::new();
    for p in parts {
        for (agent, c) in p {
            merged.entry(agent).or_default().add(&c);
        }
    }
    let row = |agent: String, c: &TimingCounts| {
        let share = |n: u64| (c.covered > 0).then(|| n as f64 / c.covered as f64);
        let mut counts = c.windows.clone();
        counts.resize(names.len(), 0);
        TimingRow {
            agent,
            covered: c.covered,
            shares: counts.iter().map(|&n| share(n)).collect(),
            counts,
            outside: c.outside,
            outside_share: share(c.outside),
        }
    };
    let mut total = TimingCounts { windows: vec![0; names.len()], ..Default::default() };
    for c in merged.values() {
        total.add(c);
    }
    CuifuTiming {
        rows: merged.iter().map(|(a, c)| row(a.clone(), c)).collect(),
        total: row(String::new(), &total),
        windows: names,
    }
}

impl Engine {
    /// The 催付 records credited to a conversation-day.
    pub(crate) fn cuifu_of(&self, ci: u32) -> &[CuifuOrder] {
        let s = self.cuifu.partition_point(|r| r.conv < ci);
        let e = self.cuifu.partition_point(|r| r.conv <= ci);
        &self.cuifu[s..e]
    }

    /// Which windows a first 催付 sent at `ts` for an order created at
    /// `created` is inside (`settings.cuifu.windows` order).
    pub(crate) fn windows_of(&self, created: i64, ts: i64) -> Vec<bool> {
        let delay = ts - created;
        self.settings
            .cuifu
            .windows
            .iter()
            .map(|w| match w.span() {
                Some(WindowSpan::After { from, to }) => from <= delay && delay <= to,
                Some(WindowSpan::Clock { day, from, to }) => {
                    let d = business_day(&self.clock, day_of(created), day);
                    let s = ts - d as i64 * SECS_PER_DAY;
                    day_of(ts) == d && from <= s && s < to
                }
                None => false,
            })
            .collect()
    }

    /// The timing counts of the covered orders in the filter, by agent.
    pub(crate) fn cuifu_timing_partial(&self, filter: &Filter) -> TimingPartial {
        let fs = self.filter_set(filter);
        let start = self.settings.cuifu.unpaid_after_secs();
        let mut out: TimingPartial = BTreeMap::new();
        for r in &self.cuifu {
            let c = &self.convs[r.conv as usize];
            let Some((_, ts)) = r.first else { continue };
            if !r.unpaid(start) || !self.conv_in(&fs, c) {
                continue;
            }
            let inside = self.windows_of(r.created, ts);
            let e = out.entry(self.agents[c.agent_idx as usize].nick.clone()).or_default();
            e.covered += 1;
            e.windows.resize(inside.len(), 0);
            for (n, i) in e.windows.iter_mut().zip(&inside) {
                *n += *i as u64;
            }
            e.outside += !inside.contains(&true) as u64;
        }
        out
    }

    /// 催付时机 for the filter.
    pub fn cuifu_timing(&self, filter: &Filter) -> CuifuTiming {
        finish_timing(vec![self.cuifu_timing_partial(filter)], &self.settings)
    }
}
