//! The spec §3–§6 formulas: the metrics of one group of conversation-days.
//!
//! - People counts (人数) are distinct buyer-days among the group's
//!   conversation-days, a buyer-day's flags being the OR over its
//!   conversation-days in the group (spec §2); which buyer-days count for
//!   which metric is the registry's `Population::BuyerDays` test.
//! - Orders count through the conversation-day they are credited to
//!   (credited agent, buyer, inquiry day), so "credited to an agent of the
//!   group, on the inquiry's day" holds for every dimension.
//! - `rounds_3min` counts the counted rounds answered within the threshold
//!   (`Round::within(response_threshold_secs)`), and
//!   **`response_rate_3min = rounds_3min / rounds`** (see `formulas`).
//!
//! ## Weekly reply assessment
//! `weekly_sessions` / `weekly_replied` are counted over the group's
//! conversation-days. `weekly_assessed` / `weekly_passed` count assessment
//! units inside the group: a unit is `(agent, week)` when the grouping has
//! the `agent` dimension, else `week` (all agents of the group pooled). A
//! unit is assessed when its sessions ≥ `weekly_min_sessions`, passed when
//! also replied/sessions ≥ `weekly_pass_rate`. For `--by agent-week` and
//! `--by week` rows this is 0 or 1; for wider groupings it is the number of
//! assessed / passed units in the group.
//!
//! The threshold and the weekly rules are read here, at query time, from
//! the engine's settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::flags::*;
use super::metric::{BuyerDayTest, CuifuTest, Population, Rule, Unit, METRICS};
use super::{Engine, Metrics};
use crate::model::week_monday;
use crate::settings::Settings;

/// How many buyer-days have each (merged conversation-day flags, buyer-day
/// flags) combination ([`Engine::buyer_day_combos`]).
pub(crate) type Combos = rustc_hash::FxHashMap<(u32, u8), u64>;

/// `a / b`, None for an empty denominator (spec: never 0 or NaN).
fn ratio(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        None
    } else {
        Some(a / b)
    }
}

/// Count, total (business, calendar seconds) and maximum (business) of a
/// set of durations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Durations {
    n: u64,
    work: i64,
    cal: i64,
    max: Option<i64>,
}

impl Durations {
    fn add(&mut self, work: i64, cal: i64) {
        self.n += 1;
        self.work += work;
        self.cal += cal;
        self.max = Some(self.max.map_or(work, |x| x.max(work)));
    }

    /// The durations of two disjoint sets together: counts and totals
    /// add, the maximum is the larger (integers, so exact in any order).
    fn merge(&mut self, o: &Durations) {
        self.n += o.n;
        self.work += o.work;
        self.cal += o.cal;
        self.max = match (self.max, o.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    fn mean_work(&self) -> Option<f64> {
        ratio(self.work as f64, self.n as f64)
    }

    fn mean_cal(&self) -> Option<f64> {
        ratio(self.cal as f64, self.n as f64)
    }
}

/// Sums over a group's conversation-days that the averages need.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Sums {
    /// Answered counted rounds.
    response: Durations,
    /// First counted rounds, answered.
    first_response: Durations,
    /// Reception conversation-days.
    reception: Durations,
    /// Conversation-days with an auto reply after a buyer message.
    #[serde(default)]
    auto_first: Durations,
    sales_fen: i64,
    /// Refunded amount of the group's refunded sales orders (issue 14 item 2).
    #[serde(default)]
    refund_fen: i64,
}

/// What a group's metrics are made of, before the rates, averages and
/// weekly assessment are derived ([`Partial::finish`]): the counts, the
/// sums and maxima the averages need, and the weekly units' sessions and
/// replies. Two partials of disjoint sets of buyers merge exactly
/// ([`Partial::merge`]); every metric is local to one buyer (spec §2–§6)
/// except the weekly assessment, whose units pool an agent's (or, without
/// the agent dimension, every agent's) sessions of a week over all buyers,
/// so units are kept by key and assessed only after merging.
///
/// Partials travel between browser workers (`crate::pool`), so they
/// serialise; the units map (tuple keys, which JSON objects cannot hold) as
/// a list of pairs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Partial {
    /// The count metrics but `weekly_assessed` / `weekly_passed`; every
    /// other field is unset.
    counts: Metrics,
    sums: Sums,
    /// `(agent nick symbol, or 0 when the units pool all agents; week
    /// monday) → (sessions, replied)`. Symbols are the dataset's, shared by
    /// every partition of one dataset.
    #[serde(with = "pairs")]
    units: BTreeMap<(u32, i32), (u64, u64)>,
}

/// A map as a list of `(key, value)` pairs on the wire (JSON object keys
/// must be strings; these keys are tuples).
pub(crate) mod pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<K: Serialize, V: Serialize, S: Serializer>(m: &BTreeMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(m.iter())
    }

    pub fn deserialize<'de, K, V, D>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(d)?.into_iter().collect())
    }
}

impl Partial {
    /// Add a partial of a disjoint set of buyer-days: counts and sums add,
    /// maxima take the larger, weekly units add per key.
    pub(crate) fn merge(&mut self, mut o: Partial) {
        for info in METRICS.iter().filter(|i| i.unit == Unit::Count) {
            let add = *o.counts.count_mut(info.metric).expect("a count");
            *self.counts.count_mut(info.metric).expect("a count") += add;
        }
        self.sums.response.merge(&o.sums.response);
        self.sums.first_response.merge(&o.sums.first_response);
        self.sums.reception.merge(&o.sums.reception);
        self.sums.auto_first.merge(&o.sums.auto_first);
        self.sums.sales_fen += o.sums.sales_fen;
        self.sums.refund_fen += o.sums.refund_fen;
        for (k, (s, r)) in o.units {
            let e = self.units.entry(k).or_default();
            e.0 += s;
            e.1 += r;
        }
    }

    /// The metrics: the weekly units assessed with `settings`' rules, then
    /// the rates, averages and maxima (`formulas`). `have_orders` /
    /// `have_ratings`: whether the whole dataset has any order / rating
    /// (not this group's part of it).
    pub(crate) fn finish(&self, settings: &Settings, have_orders: bool, have_ratings: bool) -> Metrics {
        let mut m = self.counts.clone();
        for &(s, r) in self.units.values() {
            let (a, p) = assessed(settings, s, r);
            m.weekly_assessed += a as u64;
            m.weekly_passed += p as u64;
        }
        formulas(&mut m, &self.sums, have_orders, have_ratings);
        m
    }
}

/// (assessed, passed) of a weekly unit with these sessions and replies.
pub(crate) fn assessed(settings: &Settings, sessions: u64, replied: u64) -> (bool, bool) {
    let assessed = sessions >= settings.weekly_min_sessions && sessions > 0;
    let passed = assessed && replied as f64 / sessions as f64 >= settings.weekly_pass_rate;
    (assessed, passed)
}

impl Engine {
    /// A group's conversation-days sorted by buyer-day: `(bd, conv)` pairs.
    pub(crate) fn bd_pairs(&self, convs: &[u32]) -> Vec<(u32, u32)> {
        let mut pairs: Vec<(u32, u32)> = convs.iter().map(|&ci| (self.convs[ci as usize].bd, ci)).collect();
        pairs.sort_unstable();
        pairs
    }

    /// Weekly assessment units `(agent or 0, week monday, sessions, replied)`.
    /// (Counted per unit as they come — a group has few units and many
    /// conversation-days — then sorted.)
    pub(crate) fn weekly_units(&self, convs: &[u32], by_agent: bool) -> Vec<(u32, i32, u64, u64)> {
        let mut units: rustc_hash::FxHashMap<(u32, i32), (u64, u64)> = Default::default();
        // the unit of the conversation-day before, and its day
        let mut last: LastUnit = None;
        for &ci in convs {
            self.unit_add(ci, by_agent, &mut last, &mut units);
        }
        let mut out: Vec<(u32, i32, u64, u64)> = units.into_iter().map(|((a, w), (s, r))| (a, w, s, r)).collect();
        out.sort_unstable();
        out
    }

    /// (assessed, passed) of a unit with these sessions and replies.
    pub(crate) fn unit_assessed(&self, sessions: u64, replied: u64) -> (bool, bool) {
        assessed(&self.settings, sessions, replied)
    }

    /// Metrics of one group of conversation-days.
    pub(crate) fn eval(&self, convs: &[u32], by_agent: bool) -> Metrics {
        self.partial(convs, by_agent).finish(&self.settings, self.order_count > 0, self.rating_count > 0)
    }

    /// The counts, sums and weekly units of one group of conversation-days
    /// (see [`Partial`]), without the platform rules' metrics.
    pub(crate) fn partial(&self, convs: &[u32], by_agent: bool) -> Partial {
        self.partial_with(convs, by_agent, &[], None)
    }

    /// [`Engine::partial`] with the metrics of `rules` counted too, and the
    /// product metrics for the products in `scope` (the row's product, or
    /// `None`: any product).
    pub(crate) fn partial_with(&self, convs: &[u32], by_agent: bool, rules: &[Rule], scope: Option<u32>) -> Partial {
        let mut m = Metrics::default();
        let flags = |ci: u32| self.group_flags(ci) | self.product_bits(ci, scope);
        self.count_buyer_days(convs, rules, &flags, &mut m);
        let sums = self.sum_conversations(convs, rules, scope, &mut m);
        let units = self.unit_keys(self.weekly_units(convs, by_agent), by_agent);
        Partial { counts: m, sums, units }
    }

    fn unit_keys(&self, units: Vec<(u32, i32, u64, u64)>, by_agent: bool) -> BTreeMap<(u32, i32), (u64, u64)> {
        units
            .into_iter()
            .map(|(a, w, s, r)| ((if by_agent { self.agents[a as usize].sym.0 } else { 0 }, w), (s, r)))
            .collect()
    }

    /// Each conversation-day's group among `groups` (a single-valued
    /// grouping), [`NO_GROUP`] for one in none.
    pub(crate) fn group_of(&self, groups: &[&[u32]]) -> Vec<u32> {
        let mut group_of = vec![NO_GROUP; self.convs.len()];
        for (g, convs) in groups.iter().enumerate() {
            for &ci in *convs {
                debug_assert_eq!(group_of[ci as usize], NO_GROUP, "a conversation-day in two groups");
                group_of[ci as usize] = g as u32;
            }
        }
        group_of
    }

    /// [`Engine::partial_with`] of each of `groups` (no product scope), the
    /// same partials, for groups no conversation-day is in twice (a
    /// single-valued grouping: days, agents, shops…). The conversation-days
    /// and their rounds are read once, in memory order, each added to its
    /// group's counts — not group after group, each group's
    /// conversation-days scattered over the whole list (a by-day report
    /// read every day's from all over the memory).
    /// `group_of`: each conversation-day's group, [`Engine::group_of`].
    pub(crate) fn partials_of_groups(
        &self,
        groups: &[&[u32]],
        group_of: &[u32],
        by_agent: bool,
        rules: &[Rule],
    ) -> Vec<Partial> {
        // each conversation-day's flags, computed in memory order
        let mut flags = vec![0u32; self.convs.len()];
        for (ci, f) in flags.iter_mut().enumerate() {
            if group_of[ci] != NO_GROUP {
                *f = self.group_flags(ci as u32) | self.product_bits(ci as u32, None);
            }
        }
        let mut ms: Vec<Metrics> = match self.combos_by_group(groups.len(), group_of, &flags) {
            // (each buyer-day in one group: a by-day, week or month report)
            Some(combos) => combos
                .into_iter()
                .map(|combos| {
                    let mut m = Metrics::default();
                    self.count_combos(combos, rules, &mut m);
                    m
                })
                .collect(),
            None => groups
                .iter()
                .map(|convs| {
                    let mut m = Metrics::default();
                    self.count_buyer_days(convs, rules, &|ci: u32| flags[ci as usize], &mut m);
                    m
                })
                .collect(),
        };
        drop(flags);
        let mut ss = vec![Sums::default(); groups.len()];
        let mut units: Vec<rustc_hash::FxHashMap<(u32, i32), (u64, u64)>> = vec![Default::default(); groups.len()];
        let mut last: Vec<LastUnit> = vec![None; groups.len()];
        let each = SumEach::new(self, rules, None);
        for (ci, &g) in group_of.iter().enumerate() {
            if g == NO_GROUP {
                continue;
            }
            let g = g as usize;
            each.add(self, ci as u32, &mut ms[g], &mut ss[g]);
            self.unit_add(ci as u32, by_agent, &mut last[g], &mut units[g]);
        }
        ms.into_iter()
            .zip(ss)
            .zip(units)
            .map(|((mut m, sums), units)| {
                finish_counts(&mut m);
                let mut units: Vec<(u32, i32, u64, u64)> =
                    units.into_iter().map(|((a, w), (s, r))| (a, w, s, r)).collect();
                units.sort_unstable();
                Partial { counts: m, sums, units: self.unit_keys(units, by_agent) }
            })
            .collect()
    }

    /// A conversation-day's flags with the query-time ones (`Q_*`) added
    /// from the settings as they are now: a counted round not answered
    /// within `response_threshold_secs` (慢响应), a reception lasting at
    /// least `long_reception_secs` calendar seconds (长接待).
    pub(crate) fn group_flags(&self, ci: u32) -> u32 {
        let c = &self.convs[ci as usize];
        let thr = self.settings.response_threshold_secs;
        let mut f = c.flags;
        if self.rounds[c.round_range()].iter().any(|r| r.counted && !r.within(thr)) {
            f |= Q_SLOW;
        }
        if c.flags & C_RECEPTION != 0 && c.reception.1 >= self.settings.long_reception_secs {
            f |= Q_LONG;
        }
        f
    }

    /// The buyer-day counts: each count metric whose population is a
    /// buyer-day test counts the group's buyer-days passing it (a platform
    /// rule's only when `rules` lists it; the product ones for the
    /// products in `scope`).
    /// Buyer-days with the same merged and global flags pass the same
    /// tests, so each such combination ([`Engine::buyer_day_combos`]) is
    /// tested once.
    fn count_buyer_days(&self, convs: &[u32], rules: &[Rule], flags: &dyn Fn(u32) -> u32, m: &mut Metrics) {
        let dense = convs.len() * 4 >= self.bd_flags.len();
        self.count_combos(self.buyer_day_combos(convs, flags, dense), rules, m);
    }

    /// Each group's [`Engine::buyer_day_combos`] in one pass over the
    /// conversation-days in memory order (`group_of`, `flags`: each one's
    /// group and flags, as in [`Engine::partials_of_groups`]), when every
    /// buyer-day's conversation-days of the groups lie in one group — a
    /// grouping by the day, week or month; None when one lies in two (by
    /// agent: a buyer talks to two agents a day), counted group by group
    /// then.
    pub(crate) fn combos_by_group(&self, groups: usize, group_of: &[u32], flags: &[u32]) -> Option<Vec<Combos>> {
        // (per buyer-day: its group, its conversation-days' flags merged)
        let mut bd_group = vec![NO_GROUP; self.bd_flags.len()];
        let mut merged = vec![0u32; self.bd_flags.len()];
        for ((c, &g), &f) in self.convs.iter().zip(group_of).zip(flags) {
            if g == NO_GROUP {
                continue;
            }
            let bd = c.bd as usize;
            if bd_group[bd] != g {
                if bd_group[bd] != NO_GROUP {
                    return None;
                }
                bd_group[bd] = g;
            }
            merged[bd] |= f;
        }
        let mut combos: Vec<Combos> = vec![Default::default(); groups];
        for ((&g, &f), &b) in bd_group.iter().zip(&merged).zip(&self.bd_flags) {
            if g != NO_GROUP {
                *combos[g as usize].entry((f, b)).or_default() += 1;
            }
        }
        Some(combos)
    }

    /// The buyer-day counts of a group's [`Engine::buyer_day_combos`].
    fn count_combos(&self, combos: Combos, rules: &[Rule], m: &mut Metrics) {
        let mut counts = [0u64; BuyerDayTest::ALL.len()];
        for ((f, b), n) in combos {
            for (cnt, t) in counts.iter_mut().zip(BuyerDayTest::ALL) {
                if t.test(f, b) {
                    *cnt += n;
                }
            }
        }
        for info in METRICS {
            if let (Unit::Count, Population::BuyerDays(t)) = (info.unit, info.drill) {
                if info.metric.computed_with(rules) {
                    *m.count_mut(info.metric).expect("a count") = counts[t as usize];
                }
            }
        }
    }

    /// How many of the group's buyer-days have each (merged flags, global
    /// flags) combination; each conversation-day's flags (`flags`) are read in the
    /// group's order (conversation-days and rounds one after another in
    /// memory). `dense`: merged in a list by buyer-day (for a group holding
    /// a large share of them, like the whole data's row), else by sorting
    /// the group's conversation-days by buyer-day; the same counts either
    /// way.
    pub(crate) fn buyer_day_combos(&self, convs: &[u32], flags: &dyn Fn(u32) -> u32, dense: bool) -> Combos {
        let mut combos: Combos = Default::default();
        if dense {
            // (a bit no conversation-day flag uses: the buyer-day is in the group)
            const IN: u32 = 1 << 29;
            let mut merged = vec![0u32; self.bd_flags.len()];
            for &ci in convs {
                merged[self.convs[ci as usize].bd as usize] |= flags(ci) | IN;
            }
            for (f, &b) in merged.iter().zip(&self.bd_flags) {
                if f & IN != 0 {
                    *combos.entry((f & !IN, b)).or_default() += 1;
                }
            }
        } else {
            let mut pairs: Vec<(u32, u32)> = convs.iter().map(|&ci| (self.convs[ci as usize].bd, flags(ci))).collect();
            pairs.sort_unstable_by_key(|p| p.0);
            for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                let f = run.iter().fold(0u32, |f, p| f | p.1);
                *combos.entry((f, self.bd_flags[run[0].0 as usize])).or_default() += 1;
            }
        }
        combos
    }

    /// Rounds, messages, ratings, weekly and (when `rules` lists the rule)
    /// Xiaohongshu sessions counted into `m`; the sums the averages need
    /// returned. In a product row (`scope`: its product) the sales and
    /// refunds are those of the sales orders holding the product and that
    /// product's refunds (issue 14 item 2), so the refund rates are the
    /// product's.
    fn sum_conversations(&self, convs: &[u32], rules: &[Rule], scope: Option<u32>, m: &mut Metrics) -> Sums {
        let each = SumEach::new(self, rules, scope);
        let mut s = Sums::default();
        for &ci in convs {
            each.add(self, ci, m, &mut s);
        }
        finish_counts(m);
        s
    }

    /// Add a conversation-day to its group's weekly units (see
    /// [`Engine::weekly_units`]; `last`: the group's unit of the
    /// conversation-day added before, and its day).
    fn unit_add(
        &self,
        ci: u32,
        by_agent: bool,
        last: &mut LastUnit,
        units: &mut rustc_hash::FxHashMap<(u32, i32), (u64, u64)>,
    ) {
        let c = &self.convs[ci as usize];
        if c.flags & C_SESSION == 0 {
            return;
        }
        let a = if by_agent { c.agent_idx } else { 0 };
        let unit = match *last {
            Some((la, ld, u)) if la == a && ld == c.day => u,
            _ => (a, week_monday(c.day)),
        };
        *last = Some((a, c.day, unit));
        let e = units.entry(unit).or_default();
        e.0 += 1;
        e.1 += (c.flags & C_HUMAN != 0) as u64;
    }
}

/// A conversation-day in no group ([`Engine::group_of`]).
pub(crate) const NO_GROUP: u32 = u32::MAX;

/// A group's weekly unit of the conversation-day added last: `(agent, day,
/// unit)` (see [`Engine::unit_add`]).
type LastUnit = Option<(u32, i32, (u32, i32))>;

/// The counts made from others once a group's conversation-days are added.
fn finish_counts(m: &mut Metrics) {
    m.ratings = m.very_satisfied + m.satisfied + m.neutral + m.dissatisfied + m.very_dissatisfied;
}

/// What [`Engine::sum_conversations`] adds for one conversation-day, with
/// the settings it reads looked up once.
struct SumEach {
    thr: i64,
    xhs: bool,
    unpaid_after: i64,
    scope: Option<u32>,
}

impl SumEach {
    fn new(e: &Engine, rules: &[Rule], scope: Option<u32>) -> SumEach {
        SumEach {
            thr: e.settings.response_threshold_secs,
            xhs: rules.contains(&Rule::Xiaohongshu),
            unpaid_after: e.settings.cuifu.unpaid_after_secs(),
            scope,
        }
    }

    fn add(&self, e: &Engine, ci: u32, m: &mut Metrics, s: &mut Sums) {
        let SumEach { thr, xhs, unpaid_after, scope } = *self;
        let c = &e.convs[ci as usize];
        for r in e.rounds[c.round_range()].iter().filter(|r| r.counted) {
            m.rounds += 1;
            if r.answered {
                s.response.add(r.work_secs, r.cal_secs);
            }
            m.rounds_3min += r.within(thr) as u64;
        }
        if let Some((w, cal)) = c.first_resp {
            s.first_response.add(w, cal);
        }
        if c.flags & C_RECEPTION != 0 {
            s.reception.add(c.reception.0, c.reception.1);
        }
        if let Some((w, cal)) = c.auto_first {
            s.auto_first.add(w, cal);
        }
        m.buyer_messages += c.buyer_msgs as u64;
        m.agent_messages += c.human_msgs as u64;
        m.total_messages += c.total_msgs as u64;
        m.agent_chars += c.agent_chars;
        if xhs {
            m.xhs_sessions += c.xhs_sessions as u64;
            m.xhs_replied_sessions += c.xhs_replied as u64;
        }
        match scope {
            None => {
                s.sales_fen += c.sales_fen;
                m.sales_orders += c.sales_orders as u64;
                if let Some(r) = e.refunds.of_conv(ci) {
                    m.refund_orders += r.orders as u64;
                    s.refund_fen += r.fen;
                    m.quality_refund_orders += r.quality as u64;
                }
            }
            Some(p) => {
                for (oi, fen) in e.products.sales_of(ci, p) {
                    s.sales_fen += fen;
                    m.sales_orders += 1;
                    if let Some(r) = e.refunds.of_order_product(oi, p) {
                        m.refund_orders += (r.fen > 0) as u64;
                        s.refund_fen += r.fen;
                        m.quality_refund_orders += r.quality as u64;
                    }
                }
            }
        }
        if let Some(r) = e.refunds.of_conv(ci) {
            m.aftersales_refund_orders += r.aftersales as u64;
        }
        match c.rating {
            5 => m.very_satisfied += 1,
            4 => m.satisfied += 1,
            3 => m.neutral += 1,
            2 => m.dissatisfied += 1,
            1 => m.very_dissatisfied += 1,
            _ => {}
        }
        if c.flags & C_SESSION != 0 {
            m.weekly_sessions += 1;
            m.weekly_replied += (c.flags & C_HUMAN != 0) as u64;
        }
        for r in e.cuifu_of(ci) {
            m.cuifu_orders += r.passes(CuifuTest::Orders, unpaid_after) as u64;
            m.cuifu_covered += r.passes(CuifuTest::Covered, unpaid_after) as u64;
            m.cuifu_paid += r.passes(CuifuTest::Paid, unpaid_after) as u64;
            m.cuifu_missed += r.passes(CuifuTest::Missed, unpaid_after) as u64;
        }
    }
}

/// The rates, averages and maxima from the counts and sums (spec §3–§6).
/// Without any order file loaded, the order-based rates and the sales
/// amount are unknown (null, shown "—"), not 0; likewise the rating rate
/// without any ratings file.
fn formulas(m: &mut Metrics, s: &Sums, have_orders: bool, have_ratings: bool) {
    let r = |a: u64, b: u64| ratio(a as f64, b as f64);
    m.sales_amount = have_orders.then_some(s.sales_fen as f64 / 100.0);
    m.reply_rate = r(m.reception_buyers, m.consult_buyers);
    m.response_rate_3min = r(m.rounds_3min, m.rounds);
    m.first_response_secs = s.first_response.mean_work();
    m.first_response_calendar_secs = s.first_response.mean_cal();
    m.avg_response_secs = s.response.mean_work();
    m.avg_response_calendar_secs = s.response.mean_cal();
    m.avg_reception_secs = s.reception.mean_cal();
    m.avg_reception_work_secs = s.reception.mean_work();
    m.max_first_response_secs = s.first_response.max.map(|x| x as f64);
    m.max_response_secs = s.response.max.map(|x| x as f64);
    m.answer_ratio = r(m.agent_messages, m.buyer_messages);
    m.inquiry_conversion_same_day = r(m.paid_buyers_same_day, m.inquiry_buyers);
    m.inquiry_conversion_final = r(m.paid_buyers_final, m.inquiry_buyers);
    m.sales_conversion = r(m.paid_buyers_same_day, m.reception_buyers);
    m.avg_order_value = ratio(s.sales_fen as f64 / 100.0, m.paid_buyers_final as f64);
    m.satisfaction_rate = r(m.very_satisfied + m.satisfied, m.ratings);
    m.rating_rate = r(m.ratings, m.reception_buyers).filter(|_| have_ratings);
    m.product_conversion_rate = r(m.product_paid_buyers, m.product_inquiry_buyers);
    m.refund_amount = have_orders.then_some(s.refund_fen as f64 / 100.0);
    m.refund_rate = ratio(s.refund_fen as f64, s.sales_fen as f64);
    m.first_quality_refund_rate = r(m.quality_refund_orders, m.sales_orders);
    if !have_orders {
        m.product_conversion_rate = None;
        m.refund_rate = None;
        m.first_quality_refund_rate = None;
        m.inquiry_conversion_same_day = None;
        m.inquiry_conversion_final = None;
        m.sales_conversion = None;
    }
    m.first_contact_resolution = r(m.reconsult_buyers, m.aftersales_buyers).map(|x| 1.0 - x);
    m.weekly_reply_rate = r(m.weekly_replied, m.weekly_sessions);
    // the platform rules: null unless asked for (their populations are 0)
    m.kuaishou_response_rate_3min = r(m.kuaishou_buyers - m.kuaishou_failed_buyers, m.kuaishou_buyers);
    m.pdd_valid_reply_rate = r(m.pdd_valid_buyers, m.pdd_buyers);
    m.xhs_reply_rate = r(m.xhs_replied_sessions, m.xhs_sessions);
    m.auto_intercept_rate = r(m.auto_intercepted_buyers, m.consult_buyers);
    m.auto_first_response_secs = s.auto_first.mean_cal();
    m.cuifu_coverage_rate = r(m.cuifu_covered, m.cuifu_orders);
    m.cuifu_success_rate = r(m.cuifu_paid, m.cuifu_covered);
}
