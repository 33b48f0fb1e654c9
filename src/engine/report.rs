//! Report-shaped answers: `report` (one row per group), the seed-003 daily
//! summary and 咨询类目汇总表 (category pivot), the KPI actuals per agent and
//! the loaded-data summary.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::category::{CategoryPivot, PivotColumn, PivotRow, UNCLASSIFIED};
use super::group::DAY_BIAS;
use super::metrics::Partial;
use super::{kpi, DailyRow, Dim, Engine, Filter, Metrics, Query, Report, Row, Summary, C_HUMAN};
use crate::model::{day_of, day_string, parse_day, Dataset, Sym};

/// One part of a row key that sorts as the engine sorts rows: the
/// dimension's label where the engine's value is a rank among the labels
/// present (agent, team, group: ranks differ between partitions, labels do
/// not), else the engine's order-preserving value (shop ranks, days,
/// weeks, months, hours, weekdays and category nodes come from the
/// dataset's shop names and the settings, the same in every partition).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum SortPart {
    Value(u64),
    Label(String),
}

/// A report row before its metrics are derived: its sort key, its
/// labels (`Row::key`) and its [`Partial`].
pub(crate) type PartialRow = (Vec<SortPart>, BTreeMap<String, String>, Partial);

impl Engine {
    pub fn report(&self, q: &Query) -> Report {
        let (have_orders, have_ratings) = (self.order_count > 0, self.rating_count > 0);
        let rows = self
            .report_partials(q)
            .into_iter()
            .map(|(_, key, p)| Row { key, metrics: p.finish(&self.settings, have_orders, have_ratings) })
            .collect();
        Report { rows }
    }

    /// The rows of [`Engine::report`] as partials, in the report's order
    /// (which is the order of their sort keys).
    pub(crate) fn report_partials(&self, q: &Query) -> Vec<PartialRow> {
        let fs = self.filter_set(&q.filter);
        let by_agent = q.by.contains(&Dim::Agent);
        let product = q.by.iter().position(|&d| d == Dim::Product);
        let groups = self.group(&fs, &q.by);
        // (a single-valued grouping: every group's partial in one pass)
        let mut partials = if groups.len() < 2 || q.by.iter().any(|d| d.multi()) {
            Vec::new()
        } else {
            let convs: Vec<&[u32]> = groups.iter().map(|(_, c)| c.as_slice()).collect();
            self.partials_of_groups(&convs, &self.group_of(&convs), by_agent, &q.rules)
        }
        .into_iter();
        groups
            .into_iter()
            .map(|(vals, convs)| {
                let mut key = BTreeMap::new();
                let mut sort = Vec::with_capacity(q.by.len());
                for (j, &d) in q.by.iter().enumerate() {
                    self.add_labels(d, vals[j], &mut key);
                    sort.push(match d {
                        // products are numbered per engine: parts differ
                        Dim::Agent | Dim::Team | Dim::Group | Dim::Product => SortPart::Label(key[d.key()].clone()),
                        _ => SortPart::Value(vals[j]),
                    });
                }
                let scope = product.map(|j| vals[j] as u32);
                let p = partials.next().unwrap_or_else(|| self.partial_with(&convs, by_agent, &q.rules, scope));
                (sort, key, p)
            })
            .collect()
    }

    /// One dimension's groups with their partials and the distinct values
    /// of `of` over the group's conversation-days with a human message,
    /// sorted. A distinct count is not additive over parts of a dataset
    /// (the same agent is online for buyers in every part), so the values
    /// themselves are returned for a partitioned engine to unite.
    pub(crate) fn per_group_partials<T: Ord>(
        &self,
        filter: &Filter,
        by: Dim,
        of: impl Fn(&super::Conv) -> T,
    ) -> Vec<(u64, Partial, Vec<T>)> {
        let fs = self.filter_set(filter);
        let groups = self.group(&fs, &[by]);
        let convs: Vec<&[u32]> = groups.iter().map(|(_, c)| c.as_slice()).collect();
        let mut human: Vec<Vec<T>> = (0..groups.len()).map(|_| Vec::new()).collect();
        let partials = if by.multi() || groups.len() < 2 {
            for (g, convs) in convs.iter().enumerate() {
                let cs = convs.iter().map(|&ci| &self.convs[ci as usize]);
                human[g].extend(cs.filter(|c| c.flags & C_HUMAN != 0).map(&of));
            }
            convs.iter().map(|c| self.partial(c, by == Dim::Agent)).collect()
        } else {
            // each group's values of `of`, the conversation-days read in
            // memory order (each is in one group)
            let group_of = self.group_of(&convs);
            for (c, &g) in self.convs.iter().zip(&group_of) {
                if g != super::metrics::NO_GROUP && c.flags & C_HUMAN != 0 {
                    human[g as usize].push(of(c));
                }
            }
            self.partials_of_groups(&convs, &group_of, by == Dim::Agent, &[])
        };
        groups
            .into_iter()
            .zip(partials)
            .zip(human)
            .map(|(((vals, _), p), mut human)| {
                human.sort_unstable();
                human.dedup();
                (vals[0], p, human)
            })
            .collect()
    }

    /// The 汇总表's days as partials, with each day's online agents (nick
    /// symbols).
    pub(crate) fn daily_partials(&self, filter: &Filter) -> Vec<(i32, Partial, Vec<Sym>)> {
        self.per_group_partials(filter, Dim::Day, |c| c.agent)
            .into_iter()
            .map(|(day, p, online)| ((day as i64 - DAY_BIAS) as i32, p, online))
            .collect()
    }

    /// The overview's answer: the whole filter's metrics (the one row of a
    /// report by nothing) and the 汇总表. The totals are the days' partials
    /// added, not a second pass over the conversation-days: every
    /// conversation-day and buyer-day of the filter is in exactly one day,
    /// so the days' counts, sums and weekly units add up to the whole's, as
    /// a split dataset's parts do (`Partial::merge`).
    pub fn overview(&self, filter: &Filter) -> (Metrics, Vec<DailyRow>) {
        let (o, r) = (self.order_count > 0, self.rating_count > 0);
        let mut total = Partial::default();
        let daily = self
            .daily_partials(filter)
            .into_iter()
            .map(|(day, p, online)| {
                let row = daily_row(day, &p.finish(&self.settings, o, r), online.len());
                total.merge(p);
                row
            })
            .collect();
        (total.finish(&self.settings, o, r), daily)
    }

    /// The seed-003 汇总表: one row per day.
    pub fn daily_summary(&self, filter: &Filter) -> Vec<DailyRow> {
        let (o, r) = (self.order_count > 0, self.rating_count > 0);
        self.daily_partials(filter)
            .into_iter()
            .map(|(day, p, online)| daily_row(day, &p.finish(&self.settings, o, r), online.len()))
            .collect()
    }
    /// The seed-003 咨询类目汇总表 at tree level `level` (1 = top; clamped
    /// to the tree's depth): see [`CategoryPivot`] for what the columns and
    /// totals count. Rows are every day from the first to the last day with
    /// messages, within the filter's dates (days without consults show 0).
    pub fn category_pivot(&self, filter: &Filter, level: usize) -> CategoryPivot {
        finish_pivot(&self.tree, level, filter, vec![self.pivot_partial(filter, level)])
    }

    /// The counts behind [`Engine::category_pivot`], before its columns
    /// and day span are fixed (see [`PivotPartial`]).
    pub(crate) fn pivot_partial(&self, filter: &Filter, level: usize) -> PivotPartial {
        let tree = &self.tree;
        let n = tree.nodes.len();
        let level = pivot_level(tree, level);
        let fs = self.filter_set(filter);
        let included: Vec<u32> =
            (0..self.convs.len() as u32).filter(|&i| self.conv_in(&fs, &self.convs[i as usize])).collect();
        // The column node of a conversation-day: its node's ancestor at the
        // level, or the node itself when shallower; `n` for 未分类.
        let col_node = |c: &super::Conv| -> usize {
            if c.category == super::flags::NONE32 {
                return n;
            }
            let mut i = c.category as usize;
            while tree.nodes[i].depth + 1 > level {
                i = tree.nodes[i].parent.expect("a node below the top has a parent");
            }
            i
        };
        let has_child = has_child(tree);
        let mut direct_used = vec![false; n];
        // (day, column node) → conversation-days, and day → conversation-days
        let mut cells: BTreeMap<(i32, u32), Vec<u32>> = BTreeMap::new();
        let mut days: BTreeMap<i32, Vec<u32>> = BTreeMap::new();
        for &ci in &included {
            let c = &self.convs[ci as usize];
            let k = col_node(c);
            if k < n && has_child[k] {
                direct_used[k] = true;
            }
            cells.entry((c.day, k as u32)).or_default().push(ci);
            days.entry(c.day).or_default().push(ci);
        }
        let consult = |convs: &[u32]| self.eval(convs, false).consult_buyers;
        let (lo, hi) = self.days();
        PivotPartial {
            direct_used,
            span: lo.as_deref().and_then(parse_day).zip(hi.as_deref().and_then(parse_day)),
            cells: cells.into_iter().map(|((d, k), convs)| (d, k, consult(&convs))).collect(),
            days: days.into_iter().map(|(d, convs)| (d, consult(&convs))).collect(),
        }
    }

    /// Period actuals per agent for the KPI scorer: every metric key →
    /// value, plus active days (days with ≥1 human message).
    pub fn kpi_actuals(&self, filter: &Filter) -> Vec<kpi::AgentActuals> {
        let (o, r) = (self.order_count > 0, self.rating_count > 0);
        self.kpi_partials(filter)
            .into_iter()
            .map(|(agent, p, days)| {
                let a = &self.agents[agent];
                agent_actuals(&a.nick, a.role, &p.finish(&self.settings, o, r), days.len())
            })
            .collect()
    }

    /// The KPI actuals as partials: per agent (index), its partial and its
    /// active days.
    pub(crate) fn kpi_partials(&self, filter: &Filter) -> Vec<(usize, Partial, Vec<i32>)> {
        self.per_group_partials(filter, Dim::Agent, |c| c.day)
            .into_iter()
            .map(|(agent, p, days)| (agent as usize, p, days))
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
        let mut sets = self.summary_sets(ds);
        sets.tidy();
        let mut s = sets.summary(self.agents.len(), self.msgs.len(), self.rating_count, self.order_counts());
        (s.refunds, s.refunds_without_order) = (self.refunds.counted as u64, self.refunds.without_order as u64);
        s.products = self.product_join();
        s
    }

    /// Orders that count, linked through their number, not linked.
    pub(crate) fn order_counts(&self) -> (usize, usize, usize) {
        (self.order_count, self.orders_linked, self.orders_not_linked)
    }

    /// The sets behind [`Engine::summary`]'s distinct counts.
    pub(crate) fn summary_sets(&self, ds: &Dataset) -> SummarySets {
        let with_msgs = || self.convs.iter().filter(|c| c.msg_end > c.msg_start);
        let mut shops = self.msgs.shops.clone();
        shops.extend(ds.counted_orders().map(|(_, o)| o.shop).filter(|s| !s.is_none()));
        let mut order_days = None;
        for (_, o) in ds.counted_orders() {
            order_days = SummarySets::widen(order_days, day_of(o.created));
        }
        SummarySets {
            shops,
            buyers: with_msgs().map(|c| c.buyer).collect(),
            days: with_msgs().map(|c| c.day).collect(),
            order_days,
        }
    }
}

/// The pivot's level: `level` clamped to the tree's depth (at least 1).
fn pivot_level(tree: &super::category::CategoryTree, level: usize) -> usize {
    let levels = tree.nodes.iter().map(|x| x.depth + 1).max().unwrap_or(0);
    level.clamp(1, levels.max(1))
}

/// Per node of the tree, whether it has children.
fn has_child(tree: &super::category::CategoryTree) -> Vec<bool> {
    let mut has = vec![false; tree.nodes.len()];
    for x in &tree.nodes {
        if let Some(p) = x.parent {
            has[p] = true;
        }
    }
    has
}

/// What [`Engine::category_pivot`] counts, for one engine or one part of a
/// dataset split by buyer: a cell's and a day's 咨询人数 are distinct
/// buyer-days, and a buyer-day is one buyer's, so they add over parts. A
/// column total is the sum of its cells (days do not overlap), the corner
/// the sum of the days'. Which shallow nodes get a direct column is an OR
/// over parts, and the row span is the first to the last day with messages
/// over all parts, so the part keeps every day and the finish clips.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PivotPartial {
    /// Per tree node: an included conversation-day is classified to this
    /// node itself, which is shallower than the level and has children.
    pub direct_used: Vec<bool>,
    /// First and last day with messages (of this part).
    pub span: Option<(i32, i32)>,
    /// (day, column node — the tree's length for 未分类 —, 咨询人数).
    pub cells: Vec<(i32, u32, u64)>,
    /// (day, 咨询人数 of the day).
    pub days: Vec<(i32, u64)>,
}

/// The 咨询类目汇总表 from the partials of disjoint sets of buyers (one
/// engine's, or the parts' of a split dataset): counts add, direct columns
/// are united, the span is the widest.
pub(crate) fn finish_pivot(
    tree: &super::category::CategoryTree,
    level: usize,
    filter: &Filter,
    parts: Vec<PivotPartial>,
) -> CategoryPivot {
    let n = tree.nodes.len();
    let levels = tree.nodes.iter().map(|x| x.depth + 1).max().unwrap_or(0);
    let level = pivot_level(tree, level);
    let has_child = has_child(tree);
    let mut direct_used = vec![false; n];
    let mut span: Option<(i32, i32)> = None;
    let mut cells: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    let mut day_totals: BTreeMap<i32, u64> = BTreeMap::new();
    for p in parts {
        for (u, x) in direct_used.iter_mut().zip(p.direct_used) {
            *u |= x;
        }
        if let Some((lo, hi)) = p.span {
            span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        }
        for (d, k, v) in p.cells {
            *cells.entry((d, k)).or_default() += v;
        }
        for (d, v) in p.days {
            *day_totals.entry(d).or_default() += v;
        }
    }
    // Columns in tree order, 未分类 last; col_of[node] = column index.
    let mut col_of = vec![usize::MAX; n + 1];
    let mut columns = Vec::new();
    for (i, x) in tree.nodes.iter().enumerate() {
        let at_level = x.depth + 1 == level;
        let shallow = x.depth + 1 < level;
        if at_level || (shallow && (!has_child[i] || direct_used[i])) {
            col_of[i] = columns.len();
            columns.push(PivotColumn {
                code: x.code.clone(),
                name: x.name.clone(),
                path: tree.path_string(i),
                direct: shallow && has_child[i],
            });
        }
    }
    col_of[n] = columns.len();
    columns.push(PivotColumn {
        code: UNCLASSIFIED.to_string(),
        name: UNCLASSIFIED.to_string(),
        path: UNCLASSIFIED.to_string(),
        direct: false,
    });
    let w = columns.len();

    // The span: the data's days within the filter's dates.
    let Some((lo, hi)) = span else {
        return CategoryPivot { level, levels, columns, totals: vec![0; w], ..Default::default() };
    };
    let from = filter.from.as_deref().and_then(parse_day).map_or(lo, |d| d.max(lo));
    let to = filter.to.as_deref().and_then(parse_day).map_or(hi, |d| d.min(hi));
    let mut totals = vec![0u64; w];
    let mut total = 0;
    let rows = (from..=to)
        .map(|day| {
            let mut row = vec![0u64; w];
            for (&(_, k), &v) in cells.range((day, 0)..=(day, u32::MAX)) {
                row[col_of[k as usize]] += v;
                totals[col_of[k as usize]] += v;
            }
            let t = day_totals.get(&day).copied().unwrap_or(0);
            total += t;
            PivotRow { day: day_string(day), cells: row, total: t }
        })
        .collect();
    CategoryPivot { level, levels, columns, rows, totals, total }
}

/// A 汇总表 row from a day's metrics and its number of online agents.
pub(crate) fn daily_row(day: i32, m: &Metrics, online: usize) -> DailyRow {
    DailyRow {
        day: day_string(day),
        consult_buyers: m.consult_buyers,
        online_agents: online as u64,
        avg_response_secs: m.avg_response_secs,
        avg_reception_secs: m.avg_reception_secs,
    }
}

/// An agent's KPI actuals from its nick, role, metrics and number of
/// active days.
pub(crate) fn agent_actuals(
    nick: &str,
    role: crate::settings::Role,
    m: &Metrics,
    active_days: usize,
) -> kpi::AgentActuals {
    kpi::AgentActuals { agent: nick.to_string(), role, active_days: active_days as u64, metrics: m.to_map() }
}

/// What [`Engine::summary`] counts distinct values of: shops (of messages
/// and orders), buyers and days (of conversation-days with messages), and
/// the span of the orders' days (used when there are no messages). Sets of
/// disjoint parts of a dataset unite with `extend` and [`SummarySets::tidy`].
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct SummarySets {
    pub shops: Vec<Sym>,
    pub buyers: Vec<Sym>,
    pub days: Vec<i32>,
    pub order_days: Option<(i32, i32)>,
}

impl SummarySets {
    /// A span of days widened to include `d`.
    pub fn widen(span: Option<(i32, i32)>, d: i32) -> Option<(i32, i32)> {
        Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))))
    }

    /// Add another part's sets.
    pub fn extend(&mut self, o: SummarySets) {
        self.shops.extend(o.shops);
        self.buyers.extend(o.buyers);
        self.days.extend(o.days);
        if let Some((lo, hi)) = o.order_days {
            self.order_days = Self::widen(Self::widen(self.order_days, lo), hi);
        }
    }

    /// Sort and deduplicate the sets.
    pub fn tidy(&mut self) {
        for v in [&mut self.shops, &mut self.buyers] {
            v.sort_unstable();
            v.dedup();
        }
        self.days.sort_unstable();
        self.days.dedup();
    }

    /// The summary from tidy sets and the counts.
    pub fn summary(&self, agents: usize, messages: usize, ratings: usize, orders: (usize, usize, usize)) -> Summary {
        let span = match (self.days.first(), self.days.last()) {
            (Some(&lo), Some(&hi)) => Some((lo, hi)),
            _ => self.order_days,
        };
        Summary {
            shops: self.shops.len() as u64,
            agents: agents as u64,
            buyers: self.buyers.len() as u64,
            days: self.days.len() as u64,
            messages: messages as u64,
            orders: orders.0 as u64,
            orders_linked: orders.1 as u64,
            orders_not_linked: orders.2 as u64,
            refunds: 0,
            refunds_without_order: 0,
            products: Default::default(),
            ratings: ratings as u64,
            first_day: span.map(|x| crate::model::day_string(x.0)),
            last_day: span.map(|x| crate::model::day_string(x.1)),
        }
    }
}
