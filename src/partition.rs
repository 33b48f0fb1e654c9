//! A dataset split by buyer, built and answered part by part on all cores
//! (issue 12; natively through `crate::par`, in order on wasm32).
//!
//! Every metric of the spec is local to one buyer (§2–§6: buyer-days,
//! `(agent, buyer)` streams and rounds, one buyer's orders against that
//! buyer's inquiries, ratings, re-consults, categories). So a dataset is
//! split into `n` datasets by a stable hash of the buyer nick
//! ([`partition_of`]), each is built as an ordinary [`Engine`], and a
//! query's answer is the merge of the parts' partial answers
//! ([`PartitionedEngine::report`]).
//!
//! ## How a dataset is split ([`split`])
//! The dataset must be settled (duplicate flags, spec §1.2.1:
//! [`PartitionedEngine::prepare`] does it). Then, in one pass:
//! - Messages are resolved for the settings over the whole dataset (text
//!   blocks need their neighbours, spec §1.2), duplicates skipped; those
//!   with both parties go to their buyer's part *as resolved table rows*
//!   (agent, buyer, shop and sender set, `block = NO_BLOCK`), in dataset
//!   order, their text left where it is: the parts share the dataset's
//!   text buffers (`Arc`), so splitting copies no text — a file's text is
//!   held once in memory however many parts there are (on one machine; a
//!   part sent elsewhere would take its messages' text with it). Messages
//!   without both parties count nowhere and go nowhere.
//! - Orders without a buyer nickname are linked through their order number
//!   over the whole dataset's messages (`attribution::link_mentions`, with
//!   the engine's tie-break), then go to the linked buyer's part; the part's
//!   engine is given those buyers and does not link again. An order whose
//!   number appears in no chat ("not linked", §1.3) is attributed to no
//!   inquiry in any build, so it goes to no part: it is counted once, in
//!   [`Split`] (`orders`, `orders_not_linked`), and the counts of linked and
//!   not-linked orders stay exact. Orders with a buyer go to that buyer's
//!   part.
//! - Ratings go to their buyer's part; a rating without a buyer attaches to
//!   no conversation-day but still names its agent, so it goes to part 0.
//! - Refund applications (issue 14 item 2) go to the part of their order
//!   (by order number); those of an order in no part (not loaded, or not
//!   linked) count in no metric and go nowhere; how many there are and how
//!   many have no order is a property of the rows (`Split::refunds`).
//! - Duplicate rows are left out; every part keeps the file reports (so
//!   file indices, names and duplicate counts hold) and is marked settled,
//!   so it is never compared again.
//!
//! Interners are copied whole, so a symbol means the same nick or shop in
//! every part and in the source dataset.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dedup::Duplicates;
use crate::engine::alerts::{finish_alerts, renumber, Alert, AlertRules};
use crate::engine::attribution::{link_mentions, Mention, OrderLinks};
use crate::engine::drill::finish_drill;
use crate::engine::kpi::AgentActuals;
use crate::engine::{
    agent_actuals, assessed, daily_row, DailyRow, Drill, DrillDetail, DrillRequest, DrillRow, Engine, Filter, Metric,
    Partial, Population, Query, Report, Row, SortPart, Summary, SummarySets, Transcript,
};
use crate::model::{Dataset, Message, Sym, NO_BLOCK};
use crate::settings::{Role, Settings};

/// The part (`0..n`) of a buyer nick: FNV-1a (64-bit) of its UTF-8 bytes,
/// modulo `n`. Fixed across runs, platforms and datasets, so the same buyer
/// lands in the same part wherever the data are split.
pub fn partition_of(buyer: &str, n: usize) -> usize {
    (fnv1a(FNV_OFFSET, buyer.as_bytes()) % n.max(1) as u64) as usize
}

/// FNV-1a (64-bit): the offset basis, and `h` carried over `bytes` (so a
/// hash of several fields is `fnv1a(fnv1a(FNV_OFFSET, a), b)`).
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// One part: a dataset of some buyers' rows, and per order of it the
/// buyer it belongs to (its own, or the one it was linked to).
pub struct Part {
    pub ds: Dataset,
    pub(crate) order_buyers: Vec<Sym>,
}

/// A dataset split by buyer, with the counts that belong to no part.
pub struct Split {
    pub parts: Vec<Part>,
    /// Orders that count (duplicates left out), all of them: those in the
    /// parts plus those not linked to any buyer.
    pub orders: usize,
    /// Orders without a buyer nickname linked through their number.
    pub orders_linked: usize,
    /// Orders without a buyer nickname whose number appears in no chat;
    /// they are in no part.
    pub orders_not_linked: usize,
    /// Shop and creation day of each not-linked order (the summary counts
    /// their shops, and their days when there are no messages).
    pub not_linked: Vec<(Sym, i32)>,
    /// The not-linked orders as indices into the source dataset's orders
    /// (`kefu parquet` writes them as rows of no buyer).
    pub not_linked_orders: Vec<u32>,
    /// Refund applications that count, and of them those without a loaded
    /// order (`Dataset::refund_counts`), for the summary.
    pub refunds: (usize, usize),
}

/// The part of each nick symbol, computed once per symbol.
struct PartOf {
    n: usize,
    of: Vec<u32>,
}

impl PartOf {
    fn new(ds: &Dataset, n: usize) -> PartOf {
        PartOf { n, of: vec![u32::MAX; ds.nicks.len()] }
    }
    fn get(&mut self, ds: &Dataset, s: Sym) -> usize {
        let slot = &mut self.of[s.0 as usize];
        if *slot == u32::MAX {
            *slot = partition_of(ds.nicks.name(s), self.n) as u32;
        }
        *slot as usize
    }
}

/// `n` empty parts sharing the dataset's names, file reports and text.
fn empty_parts(ds: &Dataset, n: usize) -> Vec<Part> {
    (0..n)
        .map(|_| Part {
            ds: Dataset {
                shops: ds.shops.clone(),
                nicks: ds.nicks.clone(),
                product_values: ds.product_values.clone(),
                files: ds.files.clone(),
                blocks: ds.blocks,
                // the text is shared, not copied: messages keep their refs
                buffers: ds.buffers.clone(),
                dups: Duplicates::settled_without_repeats(ds.files.len()),
                ..Dataset::default()
            },
            order_buyers: Vec::new(),
        })
        .collect()
}

/// Split a settled dataset into `n` parts (at least 1) by buyer, for
/// `settings` (resolution of text blocks depends on the accounts). See the
/// module docs for where each row goes.
pub fn split(ds: &Dataset, settings: &Settings, n: usize) -> Split {
    let n = n.max(1);
    let mut part = PartOf::new(ds, n);
    let mut parts = empty_parts(ds, n);
    // Each part's list sized exactly first (a pass that only counts): in
    // one wasm memory, lists grown by doubling leave holes the size of
    // their earlier copies (measured at 10M messages in the browser).
    if n > 1 {
        let mut counts = vec![0usize; n];
        crate::import::resolve_each(ds, settings, |_, m| {
            if !m.agent.is_none() && !m.buyer.is_none() {
                counts[part.get(ds, m.buyer)] += 1;
            }
        });
        for (p, c) in parts.iter_mut().zip(counts) {
            p.ds.messages.reserve_exact(c);
        }
    }
    // Resolved messages with both parties go to their buyer's part, in the
    // engine's kept order.
    // A message's product (its table's product column) goes with it.
    crate::import::resolve_each(ds, settings, |i, m| {
        if !m.agent.is_none() && !m.buyer.is_none() {
            let p = &mut parts[part.get(ds, m.buyer)].ds;
            if let Some(v) = product_sym(ds, i) {
                p.message_products.push((p.messages.len() as u32, v));
            }
            p.messages.push(Message { block: NO_BLOCK, ..*m });
        }
    });
    split_rest(ds, parts, part)
}

/// The product column value of dataset message `i`, if any.
fn product_sym(ds: &Dataset, i: u32) -> Option<Sym> {
    if ds.message_products.is_empty() {
        return None;
    }
    ds.message_products.binary_search_by_key(&i, |e| e.0).ok().map(|k| ds.message_products[k].1)
}

/// How many messages [`split_taking`] moves before it gives the memory of
/// the moved ones back: small next to a million rows, large enough that
/// shrinking the list is rare.
const TAKE_STEP: usize = 1 << 16;

/// [`split`], giving up the dataset's messages while the parts fill: the
/// rows are moved from the end of `ds.messages`, which is shrunk as it
/// goes, so the rows are held about once, not twice, at the peak (issue
/// 12: lean memory). Each part is sized exactly first and reversed at the
/// end, so its rows come in the same order as [`split`]'s. `ds` keeps
/// everything else; its messages are gone (callers read them no more).
pub fn split_taking(ds: &mut Dataset, settings: &Settings, n: usize) -> Split {
    let n = n.max(1);
    let mut part = PartOf::new(ds, n);
    // Where each kept message goes, and the resolved form of text-block
    // rows (table rows are passed as stored). Kept order is index order
    // when resolution keeps indices rising; if it ever did not, the
    // copying split keeps the exact order.
    let mut dest = vec![u32::MAX; ds.messages.len()];
    let mut resolved: Vec<(u32, Message)> = Vec::new();
    let mut counts = vec![0usize; n];
    let (mut last, mut rising) = (None::<u32>, true);
    crate::import::resolve_each(ds, settings, |i, m| {
        rising &= last.is_none_or(|l| i > l);
        last = Some(i);
        if !m.agent.is_none() && !m.buyer.is_none() {
            let p = part.get(ds, m.buyer);
            dest[i as usize] = p as u32;
            counts[p] += 1;
            if m.block != NO_BLOCK {
                resolved.push((i, *m));
            }
        }
    });
    if !rising {
        let s = split(ds, settings, n);
        ds.messages = Vec::new();
        return s;
    }
    let mut parts = empty_parts(ds, n);
    for (p, c) in parts.iter_mut().zip(&counts) {
        p.ds.messages.reserve_exact(*c);
    }
    let mut msgs = std::mem::take(&mut ds.messages);
    let whole: &Dataset = ds;
    while !msgs.is_empty() {
        let from = msgs.len().saturating_sub(TAKE_STEP);
        let (window, dest) = (&msgs[from..], &dest[from..msgs.len()]);
        // Each part takes its rows of the window on a core of its own: the
        // copying, and the pages the parts' lists fault in, on all cores.
        crate::par::for_each_mut(&mut parts, |p, part| {
            let part = &mut part.ds;
            for k in (0..window.len()).rev() {
                if dest[k] != p as u32 {
                    continue;
                }
                let i = from + k;
                // (a text-block row as resolved above: `resolved` rises by index)
                let m = match window[k].block {
                    NO_BLOCK => window[k],
                    _ => resolved.binary_search_by_key(&(i as u32), |r| r.0).map_or(window[k], |j| resolved[j].1),
                };
                if let Some(v) = product_sym(whole, i as u32) {
                    // filled from the end: its index once the part is reversed
                    let at = counts[p] - 1 - part.messages.len();
                    part.message_products.push((at as u32, v));
                }
                part.messages.push(Message { block: NO_BLOCK, ..m });
            }
        });
        msgs.truncate(from);
        msgs.shrink_to_fit();
    }
    for p in &mut parts {
        p.ds.messages.reverse();
        p.ds.message_products.reverse();
    }
    split_rest(ds, parts, part)
}

/// The rest of a split once the parts hold their messages: orders linked
/// and sent to their buyer's part, ratings likewise.
fn split_rest(ds: &Dataset, mut parts: Vec<Part>, mut part: PartOf) -> Split {
    // Orders without a buyer are linked over all parts' messages. The
    // engine orders messages by (agent, buyer, ts, rank); one (agent, buyer)
    // stream is in one part, in the kept order, so a part's own index
    // orders it as the rank over all kept messages would.
    let links = link_mentions(
        ds,
        parts.iter().flat_map(|p| {
            p.ds.messages.iter().enumerate().map(|(rank, m)| Mention {
                ts: m.ts,
                pos: ((((m.agent.0 as u128) << 32) | m.buyer.0 as u128) << 32) | rank as u128,
                sender: m.sender,
                buyer: m.buyer,
                text: ds.text(m.text),
            })
        }),
    );
    let mut not_linked = Vec::new();
    let mut not_linked_orders = Vec::new();
    let mut order_part: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (oi, o) in ds.counted_orders() {
        let b = links.buyers[oi];
        if b.is_none() {
            // not linked: counted in `Split`, attributed nowhere
            not_linked.push((o.shop, crate::model::day_of(o.created)));
            not_linked_orders.push(oi as u32);
            continue;
        }
        let pi = part.get(ds, b);
        if !o.id.trim().is_empty() {
            order_part.insert(o.id.trim(), pi);
        }
        let p = &mut parts[pi];
        p.ds.orders.push(o.clone());
        p.order_buyers.push(b);
    }
    for (_, r) in ds.counted_refunds() {
        if let Some(&pi) = order_part.get(r.order_id.trim()) {
            parts[pi].ds.refunds.push(r.clone());
        }
    }
    for (i, r) in ds.ratings.iter().enumerate() {
        if ds.is_duplicate_rating(i) {
            continue;
        }
        let p = if r.buyer.is_none() { 0 } else { part.get(ds, r.buyer) };
        parts[p].ds.ratings.push(r.clone());
    }
    // Item lists name products for every buyer: each part has them all,
    // so a product's identity (`engine::product`) is the same in every part.
    for p in &mut parts {
        p.ds.items = ds.items.clone();
    }
    Split {
        parts,
        orders: ds.counted_orders().count(),
        orders_linked: links.linked,
        orders_not_linked: links.not_linked,
        not_linked,
        not_linked_orders,
        refunds: ds.refund_counts(),
    }
}

/// What orders a conversation-day id: with messages first, then by
/// (agent, buyer, day) symbols — the unpartitioned engine's order (its
/// streams', then the rating-only days of step 4). Symbols are shared by
/// every part of one split.
pub(crate) type ConvKey = (bool, Sym, Sym, i32);

/// A part engine's conversation-days as [`ConvKey`]s, in its id order.
pub(crate) fn conv_keys(e: &Engine) -> Vec<ConvKey> {
    e.convs.iter().map(|c| (c.msg_end == c.msg_start, c.agent, c.buyer, c.day)).collect()
}

/// The unpartitioned engine's conversation-day ids over the parts of a
/// split: per part, its ids → the global ones, and back.
#[derive(Debug, Clone, Default)]
pub(crate) struct GlobalIds {
    to_global: Vec<Vec<u32>>,
    from_global: Vec<(u32, u32)>,
}

impl GlobalIds {
    /// From each part's [`ConvKey`]s: all sorted together, a key's rank
    /// is its global id (keys are distinct: a conversation-day is one
    /// (agent, buyer, day), and a buyer is in one part).
    pub(crate) fn new(parts: &[Vec<ConvKey>]) -> GlobalIds {
        let mut all: Vec<(ConvKey, u32, u32)> = Vec::new();
        for (p, keys) in parts.iter().enumerate() {
            all.extend(keys.iter().enumerate().map(|(i, &k)| (k, p as u32, i as u32)));
        }
        all.sort_unstable();
        let mut to_global: Vec<Vec<u32>> = parts.iter().map(|k| vec![0; k.len()]).collect();
        let from_global = all
            .iter()
            .enumerate()
            .map(|(g, &(_, p, i))| {
                to_global[p as usize][i as usize] = g as u32;
                (p, i)
            })
            .collect();
        GlobalIds { to_global, from_global }
    }

    /// The global id of part `p`'s conversation-day `local`.
    pub(crate) fn global(&self, p: usize, local: u32) -> u32 {
        self.to_global[p][local as usize]
    }

    /// (part, its id) of global id `g`.
    pub(crate) fn local(&self, g: u32) -> Option<(usize, u32)> {
        self.from_global.get(g as usize).map(|&(p, i)| (p as usize, i))
    }

    /// Number of conversation-days over all parts.
    pub(crate) fn len(&self) -> usize {
        self.from_global.len()
    }
}

/// What a part contributes to [`Engine::summary`] (see [`merge_summary`]).
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct PartSummary {
    pub sets: SummarySets,
    pub messages: usize,
    pub ratings: usize,
    pub agents: Vec<String>,
    /// The part's product join counts (they add: one buyer's).
    #[serde(default)]
    pub products: crate::engine::ProductJoin,
}

impl PartSummary {
    pub(crate) fn of(ds: &Dataset, e: &Engine) -> PartSummary {
        PartSummary {
            sets: e.summary_sets(ds),
            messages: e.msgs.len(),
            ratings: e.rating_count,
            agents: e.agents(),
            products: e.product_join(),
        }
    }
}

/// The union of the parts' agents, sorted.
pub(crate) fn merge_agents<'a>(parts: impl IntoIterator<Item = &'a [String]>) -> Vec<String> {
    let mut all: Vec<String> = parts.into_iter().flatten().cloned().collect();
    all.sort();
    all.dedup();
    all
}

/// [`Engine::summary`] from the parts': messages and ratings add; shops,
/// buyers and days are the union of the parts' sets (buyers are disjoint,
/// shops and days are not), with the shops and days of the orders in no
/// part (`not_linked`); agents are the union of the parts' agents.
pub(crate) fn merge_summary(
    parts: Vec<PartSummary>,
    not_linked: &[(Sym, i32)],
    orders: (usize, usize, usize),
) -> Summary {
    let agents = merge_agents(parts.iter().map(|p| p.agents.as_slice())).len();
    let (mut messages, mut ratings) = (0, 0);
    let mut sets = SummarySets::default();
    let mut products = crate::engine::ProductJoin::default();
    for p in parts {
        messages += p.messages;
        ratings += p.ratings;
        products = products.plus(p.products);
        sets.extend(p.sets);
    }
    for &(shop, day) in not_linked {
        if !shop.is_none() {
            sets.shops.push(shop);
        }
        sets.order_days = SummarySets::widen(sets.order_days, day);
    }
    sets.tidy();
    let mut s = sets.summary(agents, messages, ratings, orders);
    s.products = products;
    s
}

/// [`Engine::report`] from the parts' rows as partials, merged by row key
/// (counts and sums add, maxima take the larger, weekly units add per unit
/// and are assessed after), then the rates and averages derived once.
/// Rows come in the unpartitioned order: their sort keys order labels
/// where the engine orders ranks. `have`: whether the whole dataset has any
/// order, any rating.
pub(crate) fn merge_report(
    parts: Vec<Vec<crate::engine::PartialRow>>,
    settings: &Settings,
    have: (bool, bool),
) -> Report {
    let mut rows: BTreeMap<Vec<SortPart>, (BTreeMap<String, String>, Partial)> = BTreeMap::new();
    for part in parts {
        for (sort, key, p) in part {
            match rows.entry(sort) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert((key, p));
                }
                std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().1.merge(p),
            }
        }
    }
    Report {
        rows: rows.into_values().map(|(key, p)| Row { key, metrics: p.finish(settings, have.0, have.1) }).collect(),
    }
}

/// One day of a part's 汇总表: its partial and its online agents.
pub(crate) type DailyPartial = (i32, Partial, Vec<Sym>);

/// [`Engine::daily_summary`] from the parts': per day the partials merge,
/// and 上线客服数 (`online_agents`, a distinct count of agents, not
/// additive: an agent serves buyers of every part) is the size of the
/// union of the parts' online agents.
pub(crate) fn merge_daily(parts: Vec<Vec<DailyPartial>>, settings: &Settings, have: (bool, bool)) -> Vec<DailyRow> {
    let mut days: BTreeMap<i32, (Partial, Vec<Sym>)> = BTreeMap::new();
    for part in parts {
        for (day, p, online) in part {
            let d = days.entry(day).or_default();
            d.0.merge(p);
            d.1.extend(online);
        }
    }
    days.into_iter()
        .map(|(day, (p, mut online))| {
            online.sort_unstable();
            online.dedup();
            daily_row(day, &p.finish(settings, have.0, have.1), online.len())
        })
        .collect()
}

/// One agent of a part's KPI actuals: nick, role, partial, active days.
pub(crate) type KpiPartial = (String, Role, Partial, Vec<i32>);

/// A part's KPI actuals as partials (see [`merge_kpi`]).
pub(crate) fn kpi_partials(e: &Engine, filter: &Filter) -> Vec<KpiPartial> {
    e.kpi_partials(filter)
        .into_iter()
        .map(|(a, p, days)| (e.agents[a].nick.clone(), e.agents[a].role, p, days))
        .collect()
}

/// [`Engine::kpi_actuals`] from the parts': per agent (by nick, the
/// unpartitioned order) the partials merge and active days (a distinct
/// count of days, not additive) are the union of the parts' days.
pub(crate) fn merge_kpi(parts: Vec<Vec<KpiPartial>>, settings: &Settings, have: (bool, bool)) -> Vec<AgentActuals> {
    let mut agents: BTreeMap<String, (Role, Partial, Vec<i32>)> = BTreeMap::new();
    for part in parts {
        for (nick, role, p, days) in part {
            let x = agents.entry(nick).or_insert_with(|| (role, Partial::default(), Vec::new()));
            x.1.merge(p);
            x.2.extend(days);
        }
    }
    agents
        .into_iter()
        .map(|(nick, (role, p, mut days))| {
            days.sort_unstable();
            days.dedup();
            agent_actuals(&nick, role, &p.finish(settings, have.0, have.1), days.len())
        })
        .collect()
}

/// A part's answer to a drill: its records (conversation-day ids its
/// own), or for the weekly units (which span buyers) each unit of its
/// buyers before assessment, with a row for the unit's first session in
/// this part.
#[derive(Serialize, Deserialize)]
pub(crate) enum PartDrill {
    Rows { unit: String, rows: Vec<DrillRow> },
    Units(Vec<WeeklyUnit>),
}

/// A weekly unit of one part: (agent nick symbol or 0, week monday),
/// sessions, replies, and the row of its first session in the part
/// (detail unset, conversation-day id the part's).
pub(crate) type WeeklyUnit = ((u32, i32), u64, u64, DrillRow);

/// Whether a drill lists weekly units: `Some(passed)` for
/// `weekly_passed` / `weekly_assessed`.
fn weekly_drill(req: &DrillRequest) -> Option<bool> {
    match Metric::from_key(&req.metric).map(|m| m.info().drill) {
        Some(Population::WeeklyAssessed) => Some(false),
        Some(Population::WeeklyPassed) => Some(true),
        _ => None,
    }
}

/// One part's answer to a drill (see [`PartDrill`]).
pub(crate) fn part_drill(ds: &Dataset, e: &Engine, req: &DrillRequest) -> PartDrill {
    if weekly_drill(req).is_some() {
        PartDrill::Units(
            e.drill_weekly_units(req)
                .into_iter()
                .map(|(k, s, r, ci)| (k, s, r, e.drow(ds, ci, None, DrillDetail::None)))
                .collect(),
        )
    } else {
        let (unit, rows) = e.drill_rows(ds, req);
        PartDrill::Rows { unit: unit.to_string(), rows }
    }
}

/// [`Engine::drill`] from the parts' answers: records get the
/// unpartitioned conversation-day ids and are put in record-time order
/// together. Rows that tie on (time, agent, buyer) are one buyer's, so
/// from one part and already in the unpartitioned order; the sort is
/// stable. Weekly units (assessed, passed) add their sessions and replies
/// per unit over the parts, are assessed with `settings`' rules, and each
/// row points at the unit's first session over all parts.
pub(crate) fn merge_drill(req: &DrillRequest, parts: Vec<PartDrill>, ids: &GlobalIds, settings: &Settings) -> Drill {
    let mut rows = Vec::new();
    let mut unit = "unknown".to_string();
    // unit → (sessions, replied, first session's global id, its row)
    type Merged = (u64, u64, u32, Option<DrillRow>);
    let mut units: BTreeMap<(u32, i32), Merged> = BTreeMap::new();
    for (p, answer) in parts.into_iter().enumerate() {
        match answer {
            PartDrill::Rows { unit: u, rows: part_rows } => {
                unit = u;
                rows.extend(part_rows.into_iter().map(|mut r| {
                    r.conv = ids.global(p, r.conv);
                    r
                }));
            }
            PartDrill::Units(part_units) => {
                for (k, s, r, mut row) in part_units {
                    let g = ids.global(p, row.conv);
                    let u = units.entry(k).or_insert((0, 0, u32::MAX, None));
                    u.0 += s;
                    u.1 += r;
                    if g < u.2 {
                        u.2 = g;
                        row.conv = g;
                        u.3 = Some(row);
                    }
                }
            }
        }
    }
    if let Some(passed) = weekly_drill(req) {
        for ((_, w), (s, r, _, row)) in units {
            let (is_assessed, pass) = assessed(settings, s, r);
            if (passed && pass) || (!passed && is_assessed) {
                let mut row = row.expect("a unit has a first session");
                row.detail = DrillDetail::Week { monday: crate::model::day_string(w), sessions: s, replied: r };
                rows.push(row);
            }
        }
        unit = if req.key.contains_key("agent") { "agent_week" } else { "week" }.to_string();
    }
    finish_drill(req, &unit, &mut rows)
}

/// [`Engine::alerts`] from the parts': every alert is about one
/// conversation-day (a round, a message, a rating, an order credited to
/// it), so each part finds its buyers' alerts; their conversation-day ids
/// are made the unpartitioned ones, then all are sorted and their ids made
/// unique together.
pub(crate) fn merge_alerts(parts: Vec<Vec<Alert>>, ids: &GlobalIds) -> Vec<Alert> {
    let mut all = Vec::new();
    for (p, part) in parts.into_iter().enumerate() {
        for mut a in part {
            if let Some(ci) = a.conv {
                renumber(&mut a, ids.global(p, ci));
            }
            all.push(a);
        }
    }
    finish_alerts(all)
}

/// The QA sample candidates of every part (`Engine::qa_candidates`) with
/// the unpartitioned conversation-day ids; `crate::qa::draw` sorts them by
/// their key, so the sample is the unpartitioned one.
pub(crate) fn merge_qa_candidates(parts: Vec<Vec<crate::qa::Candidate>>, ids: &GlobalIds) -> Vec<crate::qa::Candidate> {
    let mut all = Vec::new();
    for (p, part) in parts.into_iter().enumerate() {
        all.extend(part.into_iter().map(|mut c| {
            c.conv = ids.global(p, c.conv);
            c
        }));
    }
    all
}

/// `n` engines, one per part of a split dataset, answering as one: each
/// query is asked of every part (on all cores) and the answers merged by
/// the `merge_*` functions above, which `crate::pool` uses too for parts
/// held elsewhere.
pub struct PartitionedEngine {
    settings: Settings,
    /// Each part's dataset and the engine built from it.
    parts: Vec<(Dataset, Engine)>,
    orders: usize,
    orders_linked: usize,
    orders_not_linked: usize,
    /// Shop and day of each order in no part (see [`Split::not_linked`]).
    not_linked: Vec<(Sym, i32)>,
    /// The same orders as indices into the source dataset's orders.
    not_linked_orders: Vec<u32>,
    /// See [`Split::refunds`].
    refunds: (usize, usize),
    /// The unpartitioned engine's conversation-day ids.
    ids: GlobalIds,
}

impl PartitionedEngine {
    /// As [`Engine::prepare`]: intern the settings' account nicks and
    /// settle duplicates, then split into `n` parts and build each.
    pub fn prepare(ds: &mut Dataset, settings: &Settings, n: usize) -> PartitionedEngine {
        crate::import::intern_settings_nicks(ds, settings);
        ds.settle_duplicates();
        PartitionedEngine::new(ds, settings, n)
    }

    /// Split a settled dataset into `n` parts and build each. The parts own
    /// their rows; `ds` is only read.
    pub fn new(ds: &Dataset, settings: &Settings, n: usize) -> PartitionedEngine {
        PartitionedEngine::from_split(split(ds, settings, n), settings)
    }

    /// Build each part of a split (on all cores). The split holds its own
    /// rows, so the dataset's messages can be let go before this (the CLI
    /// does, to keep one copy of them in memory at a time).
    pub fn from_split(s: Split, settings: &Settings) -> PartitionedEngine {
        // The parts are independent: built on all cores (`par`).
        let parts = crate::par::map_owned(s.parts, |p| {
            let links = OrderLinks { buyers: p.order_buyers, linked: 0, not_linked: 0 };
            let e = Engine::build(&p.ds, settings, Some(links));
            (p.ds, e)
        });
        let keys: Vec<Vec<ConvKey>> = parts.iter().map(|(_, e)| conv_keys(e)).collect();
        PartitionedEngine {
            settings: settings.clone(),
            parts,
            orders: s.orders,
            orders_linked: s.orders_linked,
            orders_not_linked: s.orders_not_linked,
            not_linked: s.not_linked,
            not_linked_orders: s.not_linked_orders,
            refunds: s.refunds,
            ids: GlobalIds::new(&keys),
        }
    }

    /// How many parts.
    pub fn partitions(&self) -> usize {
        self.parts.len()
    }

    /// The parts' datasets and engines (a part's engine answers for its
    /// buyers only).
    pub fn parts(&self) -> impl Iterator<Item = (&Dataset, &Engine)> {
        self.parts.iter().map(|(d, e)| (d, e))
    }

    /// Orders that count, linked through their number, and not linked
    /// (spec §1.3), over the whole dataset.
    pub fn order_counts(&self) -> (usize, usize, usize) {
        (self.orders, self.orders_linked, self.orders_not_linked)
    }

    /// The orders linked to no buyer (spec §1.3), in no part: indices into
    /// the orders of the dataset this was built from.
    pub fn not_linked_orders(&self) -> &[u32] {
        &self.not_linked_orders
    }

    /// Whether the whole dataset has any order and any kept rating: the
    /// order-based and rating rates are unknown without (`formulas`).
    fn have(&self) -> (bool, bool) {
        (self.orders > 0, self.parts.iter().any(|(_, e)| e.rating_count > 0))
    }

    /// [`Engine::report`] over all parts ([`merge_report`]).
    pub fn report(&self, q: &Query) -> Report {
        let parts = crate::par::map(&self.parts, |(_, e)| e.report_partials(q));
        merge_report(parts, &self.settings, self.have())
    }

    /// Staff account nicks seen in messages or ratings, sorted (the union
    /// of the parts' agents).
    pub fn agents(&self) -> Vec<String> {
        let agents: Vec<Vec<String>> = self.parts.iter().map(|(_, e)| e.agents()).collect();
        merge_agents(agents.iter().map(|a| a.as_slice()))
    }

    /// [`Engine::product_join_counts`]: buyer-days and orders are one
    /// buyer's, so the parts' counts add.
    pub fn product_join_counts(&self) -> (u64, u64) {
        self.parts.iter().map(|(_, e)| e.product_join_counts()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    }

    /// Number of conversation-days (transcript ids are `0..conv_count()`,
    /// the unpartitioned engine's ids).
    pub fn conv_count(&self) -> usize {
        self.ids.len()
    }

    /// [`Engine::transcript`]: from the part that owns the conversation-day,
    /// with its unpartitioned id.
    pub fn transcript(&self, conv: u32) -> Option<Transcript> {
        let (p, i) = self.ids.local(conv)?;
        let (ds, e) = &self.parts[p];
        let mut t = e.transcript(ds, i)?;
        t.conv = conv;
        Some(t)
    }

    /// [`Engine::drill`] over all parts ([`merge_drill`]).
    pub fn drill(&self, req: &DrillRequest) -> Drill {
        let parts = crate::par::map(&self.parts, |(ds, e)| part_drill(ds, e, req));
        merge_drill(req, parts, &self.ids, &self.settings)
    }

    /// [`Engine::alerts`] over all parts ([`merge_alerts`]).
    pub fn alerts(&self, rules: &AlertRules, filter: &Filter) -> Vec<Alert> {
        let parts = crate::par::map(&self.parts, |(ds, e)| e.alerts_unsorted(ds, rules, filter));
        merge_alerts(parts, &self.ids)
    }

    /// [`Engine::daily_summary`] over all parts ([`merge_daily`]).
    pub fn daily_summary(&self, filter: &Filter) -> Vec<DailyRow> {
        let parts = crate::par::map(&self.parts, |(_, e)| e.daily_partials(filter));
        merge_daily(parts, &self.settings, self.have())
    }

    /// [`Engine::kpi_actuals`] over all parts ([`merge_kpi`]).
    pub fn kpi_actuals(&self, filter: &Filter) -> Vec<AgentActuals> {
        let parts = self.parts.iter().map(|(_, e)| kpi_partials(e, filter)).collect();
        merge_kpi(parts, &self.settings, self.have())
    }

    /// [`Engine::cuifu_timing`] over all parts: each part's counts by
    /// agent add (every 催付 record is one buyer's).
    pub fn cuifu_timing(&self, filter: &Filter) -> crate::engine::cuifu::CuifuTiming {
        let parts = crate::par::map(&self.parts, |(_, e)| e.cuifu_timing_partial(filter));
        crate::engine::cuifu::finish_timing(parts, &self.settings)
    }

    /// [`Engine::refund_reasons`] over all parts: each reason's sums add
    /// (an order, so its refunds, is in one part).
    pub fn refund_reasons(&self, filter: &Filter) -> Vec<crate::engine::RefundReason> {
        let parts = crate::par::map(&self.parts, |(ds, e)| e.refund_reason_sums(ds, filter));
        crate::engine::refunds::finish_reasons(parts.into_iter().flatten().collect(), &self.settings)
    }

    /// A QA sample (issue 15 item 1) drawn from every part's candidates
    /// ([`merge_qa_candidates`]): the same rows, ids included, as one engine.
    pub fn qa_sample(&self, req: &crate::qa::SampleRequest) -> crate::qa::Sample {
        let parts = crate::par::map(&self.parts, |(ds, e)| e.qa_candidates(ds, &req.mode, &req.filter));
        crate::qa::draw(&req.mode, merge_qa_candidates(parts, &self.ids), &self.settings)
    }

    /// [`Engine::summary`] over all parts ([`merge_summary`]).
    pub fn summary(&self) -> Summary {
        let parts = crate::par::map(&self.parts, |(ds, e)| PartSummary::of(ds, e));
        let mut s = merge_summary(parts, &self.not_linked, self.order_counts());
        (s.refunds, s.refunds_without_order) = (self.refunds.0 as u64, self.refunds.1 as u64);
        s
    }
}
