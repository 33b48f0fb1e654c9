//! Report-shaped answers: `report` (one row per group), the seed-003 daily
//! summary, the KPI actuals per agent and the loaded-data summary.

use std::collections::BTreeMap;

use super::group::DAY_BIAS;
use super::{kpi, DailyRow, Dim, Engine, Filter, Metrics, Query, Report, Row, Summary, C_HUMAN};
use crate::model::{day_of, day_string, Dataset, Sym};

impl Engine {
    pub fn report(&self, q: &Query) -> Report {
        let fs = self.filter_set(&q.filter);
        let by_agent = q.by.contains(&Dim::Agent);
        let rows = self
            .group(&fs, &q.by)
            .into_iter()
            .map(|(vals, convs)| {
                let mut key = BTreeMap::new();
                for (j, &d) in q.by.iter().enumerate() {
                    self.add_labels(d, vals[j], &mut key);
                }
                Row { key, metrics: self.eval(&convs, by_agent) }
            })
            .collect();
        Report { rows }
    }

    /// One dimension's groups with their metrics and the distinct values of
    /// `of` over the group's conversation-days with a human message.
    fn per_group<T: Ord>(
        &self,
        filter: &Filter,
        by: Dim,
        of: impl Fn(&super::Conv) -> T,
    ) -> Vec<(u64, Metrics, usize)> {
        let fs = self.filter_set(filter);
        self.group(&fs, &[by])
            .into_iter()
            .map(|(vals, convs)| {
                let m = self.eval(&convs, by == Dim::Agent);
                let mut human: Vec<T> = convs
                    .iter()
                    .map(|&ci| &self.convs[ci as usize])
                    .filter(|c| c.flags & C_HUMAN != 0)
                    .map(&of)
                    .collect();
                human.sort_unstable();
                human.dedup();
                (vals[0], m, human.len())
            })
            .collect()
    }

    /// The seed-003 汇总表: one row per day.
    pub fn daily_summary(&self, filter: &Filter) -> Vec<DailyRow> {
        self.per_group(filter, Dim::Day, |c| c.agent_idx)
            .into_iter()
            .map(|(day, m, online)| DailyRow {
                day: day_string((day as i64 - DAY_BIAS) as i32),
                consult_buyers: m.consult_buyers,
                online_agents: online as u64,
                avg_response_secs: m.avg_response_secs,
                avg_reception_secs: m.avg_reception_secs,
            })
            .collect()
    }

    /// Period actuals per agent for the KPI scorer: every metric key →
    /// value, plus active days (days with ≥1 human message).
    pub fn kpi_actuals(&self, filter: &Filter) -> Vec<kpi::AgentActuals> {
        self.per_group(filter, Dim::Agent, |c| c.day)
            .into_iter()
            .map(|(agent, m, days)| kpi::AgentActuals {
                agent: self.agents[agent as usize].nick.clone(),
                active_days: days as u64,
                metrics: m.to_map(),
            })
            .collect()
    }

    /// Number of conversation-days (ids for `transcript` are `0..conv_count()`).
    pub fn conv_count(&self) -> usize {
        self.convs.len()
    }

    /// First and last day (`YYYY-MM-DD`) with messages.
    pub fn days(&self) -> (Option<String>, Option<String>) {
        let mut lo = i32::MAX;
        let mut hi = i32::MIN;
        for c in &self.convs {
            if c.msg_end > c.msg_start {
                lo = lo.min(c.day);
                hi = hi.max(c.day);
            }
        }
        if lo > hi {
            (None, None)
        } else {
            (Some(crate::model::day_string(lo)), Some(crate::model::day_string(hi)))
        }
    }

    pub fn summary(&self, ds: &Dataset) -> Summary {
        let mut shops: Vec<Sym> =
            (0..self.msgs.len()).map(|k| self.msgs.get(ds, k).shop).filter(|s| !s.is_none()).collect();
        shops.extend(ds.counted_orders().map(|(_, o)| o.shop).filter(|s| !s.is_none()));
        shops.sort_unstable();
        shops.dedup();
        let mut buyers: Vec<Sym> = self.convs.iter().filter(|c| c.msg_end > c.msg_start).map(|c| c.buyer).collect();
        buyers.sort_unstable();
        buyers.dedup();
        let mut days: Vec<i32> = self.convs.iter().filter(|c| c.msg_end > c.msg_start).map(|c| c.day).collect();
        days.sort_unstable();
        days.dedup();
        let mut lo = days.first().copied();
        let mut hi = days.last().copied();
        if lo.is_none() {
            for (_, o) in ds.counted_orders() {
                let d = day_of(o.created);
                lo = Some(lo.map_or(d, |x: i32| x.min(d)));
                hi = Some(hi.map_or(d, |x: i32| x.max(d)));
            }
        }
        Summary {
            shops: shops.len() as u64,
            agents: self.agents.len() as u64,
            buyers: buyers.len() as u64,
            days: days.len() as u64,
            messages: self.msgs.len() as u64,
            orders: self.order_count as u64,
            orders_linked: self.orders_linked as u64,
            orders_not_linked: self.orders_not_linked as u64,
            ratings: self.rating_count as u64,
            first_day: lo.map(crate::model::day_string),
            last_day: hi.map(crate::model::day_string),
        }
    }
}
