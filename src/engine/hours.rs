//! The 时段 (hours) view in one pass: the weekday × hour heatmap of
//! 咨询人数, the per-hour report rows and staff online by hour.
//!
//! The same numbers as three reports (`by weekday,hour`, `by hour`,
//! `by hour,agent`) would give, but the filtered conversation-days are
//! bucketed once (a counting sort on hour × weekday) instead of being
//! grouped and sorted three times, and only the per-hour rows carry full
//! metrics.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;
use crate::model::weekday;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct HoursReport {
    /// 咨询人数 by weekday (row 0 = Monday … 6 = Sunday) and hour (0..24):
    /// distinct buyer-days with a consultation among the cell's
    /// conversation-days (the `consult_buyers` of a `by weekday,hour` row).
    pub heat: Vec<Vec<u64>>,
    /// One row per hour that has conversation-days, key `hour` = `"HH"`,
    /// ascending: the rows of a `by hour` report.
    pub rows: Vec<Row>,
    /// Per hour (0..24): staff accounts with at least one human message in
    /// that hour's conversation-days (the `by hour,agent` rows with
    /// `agent_messages > 0`).
    pub staff_online: Vec<u64>,
}

/// Hours a conversation-day can start in (`Conv::hour` is a `u8`).
const HOURS: usize = 256;

/// What [`Engine::hours`] counts, for one engine or one part of a dataset
/// split by buyer (`crate::pool`): a heat cell's 咨询人数 is distinct
/// buyer-days, one buyer's, so cells add over parts; the hour rows are
/// [`Partial`]s, merged then finished; staff online is a distinct count of
/// agents, who serve buyers of every part, so the agents themselves (nick
/// symbols, shared by all parts) are kept and united.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct HoursPartial {
    pub heat: Vec<Vec<u64>>,
    /// (hour, its conversation-days' partial), ascending.
    pub rows: Vec<(u32, Partial)>,
    /// Per hour (0..24): the agents with a human message, sorted.
    pub online: Vec<Vec<crate::model::Sym>>,
}

/// The 时段 view from the partials of disjoint sets of buyers.
pub(crate) fn finish_hours(
    parts: Vec<HoursPartial>,
    settings: &crate::settings::Settings,
    have_orders: bool,
    have_ratings: bool,
) -> HoursReport {
    let mut heat = vec![vec![0u64; 24]; 7];
    let mut online: Vec<Vec<crate::model::Sym>> = vec![Vec::new(); 24];
    let mut rows: BTreeMap<u32, Partial> = BTreeMap::new();
    for p in parts {
        for (row, prow) in heat.iter_mut().zip(p.heat) {
            for (x, y) in row.iter_mut().zip(prow) {
                *x += y;
            }
        }
        for (o, po) in online.iter_mut().zip(p.online) {
            o.extend(po);
        }
        for (h, part) in p.rows {
            rows.entry(h).or_default().merge(part);
        }
    }
    let staff_online = online
        .into_iter()
        .map(|mut o| {
            o.sort_unstable();
            o.dedup();
            o.len() as u64
        })
        .collect();
    let rows = rows
        .into_iter()
        .map(|(h, p)| {
            let mut key = BTreeMap::new();
            key.insert(Dim::Hour.key().to_string(), format!("{h:02}"));
            Row { key, metrics: p.finish(settings, have_orders, have_ratings) }
        })
        .collect();
    HoursReport { heat, rows, staff_online }
}

impl Engine {
    pub fn hours(&self, filter: &Filter) -> HoursReport {
        let have = (self.order_count > 0, self.rating_count > 0);
        finish_hours(vec![self.hours_partial(filter)], &self.settings, have.0, have.1)
    }

    /// The counts behind [`Engine::hours`] (see [`HoursPartial`]).
    pub(crate) fn hours_partial(&self, filter: &Filter) -> HoursPartial {
        let fs = self.filter_set(filter);
        // Counting sort of the included conversation-days by (hour, weekday):
        // bucket b = hour * 7 + weekday; one hour's days are contiguous.
        let mut keyed: Vec<(u16, u32)> = Vec::new();
        let mut count = vec![0u32; HOURS * 7 + 1];
        for (ci, c) in self.convs.iter().enumerate() {
            if self.conv_in(&fs, c) {
                let b = c.hour as u16 * 7 + weekday(c.day) as u16;
                count[b as usize + 1] += 1;
                keyed.push((b, ci as u32));
            }
        }
        for b in 1..count.len() {
            count[b] += count[b - 1];
        }
        // count[b] = start of bucket b
        let starts = count.clone();
        let mut sorted = vec![0u32; keyed.len()];
        for &(b, ci) in &keyed {
            let slot = &mut count[b as usize];
            sorted[*slot as usize] = ci;
            *slot += 1;
        }
        drop(keyed);

        let mut heat = vec![vec![0u64; 24]; 7];
        let mut online = vec![Vec::new(); 24];
        let mut rows = Vec::new();
        // Distinct buyer-days per cell and agents per hour: a stamp per
        // buyer-day / agent saying which cell / hour last counted it.
        let mut bd_seen = vec![u32::MAX; self.bd_flags.len()];
        let mut agent_seen = vec![u32::MAX; self.agents.len()];
        for h in 0..HOURS {
            let (lo, hi) = (starts[h * 7] as usize, starts[h * 7 + 7] as usize);
            if lo == hi {
                continue;
            }
            for (wd, heat_row) in heat.iter_mut().enumerate() {
                let b = h * 7 + wd;
                let mut n = 0u64;
                for &ci in &sorted[starts[b] as usize..starts[b + 1] as usize] {
                    let c = &self.convs[ci as usize];
                    if c.flags & C_CONSULT != 0 && bd_seen[c.bd as usize] != b as u32 {
                        bd_seen[c.bd as usize] = b as u32;
                        n += 1;
                    }
                }
                if h < 24 {
                    heat_row[h] = n;
                }
            }
            let convs = &sorted[lo..hi];
            if h < 24 {
                for &ci in convs {
                    let c = &self.convs[ci as usize];
                    if c.human_msgs > 0 && agent_seen[c.agent_idx as usize] != h as u32 {
                        agent_seen[c.agent_idx as usize] = h as u32;
                        online[h].push(self.agents[c.agent_idx as usize].sym);
                    }
                }
            }
            rows.push((h as u32, self.partial(convs, false)));
        }
        for o in &mut online {
            o.sort_unstable();
        }
        HoursPartial { heat, rows, online }
    }
}
