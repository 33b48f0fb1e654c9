//! The metrics engine (spec §2–§8).
//!
//! `Engine::new` resolves messages for the settings and builds
//! conversation-days, buyer-days, rounds and order attribution once; queries
//! (`report`, `drill`, `daily_summary`, …) then aggregate without touching
//! the source files again.
//!
//! Layout: messages are sorted per `(agent, buyer)` stream by `(ts, original
//! index)` — as indices into the dataset, not a copy of it ([`Messages`]), so
//! methods that read messages take the `&Dataset` the engine was built from;
//! a conversation-day is a contiguous message range; rounds are
//! contiguous per conversation-day. Each conversation-day carries
//! precomputed facts ([`Conv`]) so a report is a sort-based grouping of
//! conversation-day ids followed by a per-group merge of buyer-day flags.

pub mod aggregate;
pub mod alerts;
pub mod category;
pub mod clock;
pub mod histogram;
pub mod hours;
pub mod kpi;
mod messages;
pub mod types;

pub use types::*;

use crate::model::{day_of, Dataset, Sender, Sym, SECS_PER_DAY};
use crate::settings::{Credit, Role, Settings};
use category::CategoryTree;
use clock::{Clock, ClosingWords};
pub(crate) use messages::Messages;

pub(crate) const NONE32: u32 = u32::MAX;

// Per conversation-day flags.
pub(crate) const C_CONSULT: u16 = 1;
pub(crate) const C_RECEPTION: u16 = 1 << 1;
pub(crate) const C_VALID: u16 = 1 << 2;
pub(crate) const C_HUMAN: u16 = 1 << 3;
/// Pre-sales consult (inquiry).
pub(crate) const C_INQUIRY: u16 = 1 << 4;
/// After-sales reception.
pub(crate) const C_ASREC: u16 = 1 << 5;
/// Has an attributed order credited to this conversation-day.
pub(crate) const C_ORDERED: u16 = 1 << 6;
pub(crate) const C_PAID_SAME: u16 = 1 << 7;
pub(crate) const C_PAID_NEXT: u16 = 1 << 8;
pub(crate) const C_PAID_FINAL: u16 = 1 << 9;
/// Weekly session: first non-system message is from the buyer.
pub(crate) const C_SESSION: u16 = 1 << 10;
/// Has a non-system message or a rating (otherwise ignored by reports).
pub(crate) const C_CONTENT: u16 = 1 << 11;

// Per buyer-day (global) flags.
pub(crate) const B_CONSULT: u8 = 1;
pub(crate) const B_INQUIRY: u8 = 1 << 1;
pub(crate) const B_ANY_ORDER: u8 = 1 << 2;
pub(crate) const B_RECONSULT: u8 = 1 << 3;

/// Per-message flags.
pub(crate) const M_VALID: u8 = 1;
pub(crate) const M_HUMAN: u8 = 1 << 1;
/// Staff message turned `Sender::Auto` by an auto-reply marker.
pub(crate) const M_AUTO: u8 = 1 << 2;

/// Precomputed facts of one conversation-day `(agent, buyer, day)`.
#[derive(Debug, Clone)]
pub struct Conv {
    pub agent: Sym,
    pub buyer: Sym,
    pub shop: Sym,
    pub day: i32,
    /// Index into `Engine::agents` (sorted by nick).
    pub agent_idx: u32,
    /// Buyer-day id.
    pub bd: u32,
    pub msg_start: u32,
    pub msg_end: u32,
    pub round_start: u32,
    pub round_end: u32,
    pub flags: u16,
    pub hour: u8,
    /// 0 = none, else 1..5 (the last rating of that agent, buyer, day).
    pub rating: u8,
    pub rating_idx: u32,
    pub buyer_msgs: u32,
    pub human_msgs: u32,
    /// Reception duration (business, calendar) seconds; valid with C_RECEPTION.
    pub reception: (i64, i64),
    /// First counted round's response (business, calendar) if answered.
    pub first_resp: Option<(i64, i64)>,
    /// ts of the first buyer message (any), i64::MAX when none.
    pub first_buyer_ts: i64,
    /// Category node index or NONE32 for 未分类.
    pub category: u32,
    /// Paid amount (fen) of attributed orders credited here, paid within the
    /// final window.
    pub sales_fen: i64,
}

impl Conv {
    /// A conversation-day with no messages, rounds, rating or sales yet.
    fn empty(agent: Sym, buyer: Sym, shop: Sym, day: i32, agent_idx: u32) -> Conv {
        Conv {
            agent,
            buyer,
            shop,
            day,
            agent_idx,
            bd: 0,
            msg_start: 0,
            msg_end: 0,
            round_start: 0,
            round_end: 0,
            flags: 0,
            hour: 0,
            rating: 0,
            rating_idx: NONE32,
            buyer_msgs: 0,
            human_msgs: 0,
            reception: (0, 0),
            first_resp: None,
            first_buyer_ts: i64::MAX,
            category: NONE32,
            sales_fen: 0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Round {
    pub conv: u32,
    pub open_msg: u32,
    /// NONE32 when closed unanswered.
    pub close_msg: u32,
    pub open_ts: i64,
    /// Response time (business clock, calendar clock); answered rounds only.
    pub work_secs: i64,
    pub cal_secs: i64,
    /// Opened in work time (counted in metrics).
    pub counted: bool,
    pub answered: bool,
}

/// One attributed order.
#[derive(Debug, Clone, Copy)]
pub struct Attribution {
    pub order: u32,
    /// Credited conversation-day (credited agent, buyer, inquiry day).
    pub conv: u32,
    pub bd: u32,
}

#[derive(Debug, Clone)]
pub struct AgentInfo {
    pub sym: Sym,
    pub nick: String,
    pub role: Role,
    pub team_path: Vec<String>,
    /// Rank of the team (first level) label among `Engine::team_labels`.
    pub team_idx: u32,
    pub group_idx: u32,
}

#[allow(dead_code)]
pub struct Engine {
    pub(crate) settings: Settings,
    pub(crate) clock: Clock,
    pub(crate) shop_names: Vec<String>,
    /// Messages in stream order as indices into the dataset it was built
    /// from (see [`Messages`]), with per-message flags.
    pub(crate) msgs: Messages,
    pub(crate) convs: Vec<Conv>,
    pub(crate) rounds: Vec<Round>,
    /// Buyer-days `(buyer, day)` sorted, with global flags.
    pub(crate) bds: Vec<(Sym, i32)>,
    pub(crate) bd_flags: Vec<u8>,
    pub(crate) attributions: Vec<Attribution>,
    /// order index → index in `attributions`.
    pub(crate) order_attr: Vec<u32>,
    /// Attributions sorted by conv: (conv, attribution index).
    pub(crate) conv_orders: Vec<(u32, u32)>,
    pub(crate) agents: Vec<AgentInfo>,
    pub(crate) team_labels: Vec<String>,
    pub(crate) group_labels: Vec<String>,
    /// Shop label ranks: shop sym index → rank; `shop_labels` sorted.
    pub(crate) shop_rank: Vec<u32>,
    pub(crate) shop_labels: Vec<String>,
    pub(crate) shop_rank_none: u32,
    pub(crate) tree: CategoryTree,
    pub category_error: Option<String>,
    pub(crate) order_count: usize,
    pub(crate) rating_count: usize,
}

/// Team label of an agent: first level of its path or `未分组`.
pub const UNGROUPED: &str = "未分组";

impl Engine {
    /// Intern the settings' account nicks (so a main account that never
    /// wrote can still receive buyer messages, spec §1.2), then build.
    /// Use this rather than `new` wherever the dataset is mutable.
    pub fn prepare(ds: &mut Dataset, settings: &Settings) -> Engine {
        crate::import::intern_settings_nicks(ds, settings);
        Engine::new(ds, settings)
    }

    /// Build for `settings`. `ds` is only read, so the same dataset can be
    /// built again with other settings. The engine keeps indices into
    /// `ds.messages`: `summary`, `drill`, `transcript` and `alerts` must be
    /// given this same dataset, and the engine rebuilt after messages are
    /// removed from it.
    pub fn new(ds: &Dataset, settings: &Settings) -> Engine {
        let settings = settings.clone();
        let clock = Clock::new(&settings);
        let closing = ClosingWords::new(&settings);
        let shop_names: Vec<String> = (0..ds.shops.len()).map(|i| ds.shops.name(Sym(i as u32)).to_string()).collect();

        // 1. Resolve, drop messages without both parties, sort per stream.
        let (msgs, mut agent_syms) = Messages::build(ds, &settings, &closing);

        // 2. Agents table: agents of the kept messages and of ratings.
        {
            let mut seen = vec![false; ds.nicks.len()];
            for &a in &agent_syms {
                seen[a.0 as usize] = true;
            }
            for r in &ds.ratings {
                if !r.agent.is_none() && !seen[r.agent.0 as usize] {
                    seen[r.agent.0 as usize] = true;
                    agent_syms.push(r.agent);
                }
            }
        }
        agent_syms.sort_by(|&a, &b| ds.nicks.name(a).cmp(ds.nicks.name(b)));
        let mut agents: Vec<AgentInfo> = agent_syms
            .iter()
            .map(|&s| {
                let nick = ds.nicks.name(s).to_string();
                let acc = settings.account(&nick);
                AgentInfo {
                    sym: s,
                    role: acc.map(|a| a.role).unwrap_or(Role::Presales),
                    team_path: acc.map(|a| a.team.clone()).unwrap_or_default(),
                    nick,
                    team_idx: 0,
                    group_idx: 0,
                }
            })
            .collect();
        let team_label = |a: &AgentInfo| a.team_path.first().cloned().unwrap_or_else(|| UNGROUPED.to_string());
        let group_label =
            |a: &AgentInfo| if a.team_path.is_empty() { UNGROUPED.to_string() } else { a.team_path.join("/") };
        let mut team_labels: Vec<String> = agents.iter().map(team_label).collect();
        team_labels.sort();
        team_labels.dedup();
        let mut group_labels: Vec<String> = agents.iter().map(group_label).collect();
        group_labels.sort();
        group_labels.dedup();
        for a in agents.iter_mut() {
            a.team_idx = team_labels.binary_search(&team_label(a)).unwrap() as u32;
            a.group_idx = group_labels.binary_search(&group_label(a)).unwrap() as u32;
        }
        let mut agent_idx_of = vec![NONE32; ds.nicks.len()];
        for (i, a) in agents.iter().enumerate() {
            agent_idx_of[a.sym.0 as usize] = i as u32;
        }

        // Shops.
        let mut shop_labels: Vec<String> = shop_names.clone();
        shop_labels.push(String::new());
        shop_labels.sort();
        shop_labels.dedup();
        let shop_rank: Vec<u32> = shop_names.iter().map(|n| shop_labels.binary_search(n).unwrap() as u32).collect();
        let shop_rank_none = shop_labels.binary_search(&String::new()).unwrap() as u32;

        // Ratings, one conversation-day each per (agent, buyer, day) (step 4),
        // sorted first so conversation-days are allocated once: a rating
        // either finds its conversation-day or adds one.
        let mut rating_keys: Vec<(u32, u32, i32, i64, u32)> = ds
            .ratings
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.agent.is_none() && !r.buyer.is_none() && (1..=5).contains(&r.score))
            .map(|(i, r)| (r.agent.0, r.buyer.0, day_of(r.ts), r.ts, i as u32))
            .collect();
        rating_keys.sort_unstable();
        let rating_days = rating_keys.chunk_by(|x, y| (x.0, x.1, x.2) == (y.0, y.1, y.2)).count();

        // 3. Conversation-days and rounds.
        let mut convs: Vec<Conv> = Vec::with_capacity(msgs.conv_days + rating_days);
        let mut rounds: Vec<Round> = Vec::with_capacity(msgs.rounds);
        let n = msgs.len();
        let msg = |k: usize| msgs.get(ds, k);
        let mut i = 0usize;
        while i < n {
            // one stream (agent, buyer)
            let first = msg(i);
            let (agent, buyer) = (first.agent, first.buyer);
            let mut j = i + 1;
            while j < n && {
                let m = msg(j);
                m.agent == agent && m.buyer == buyer
            } {
                j += 1;
            }
            // open round: index in rounds
            let mut open: Option<usize>;
            let mut k = i;
            while k < j {
                let day = day_of(msg(k).ts);
                let mut e = k + 1;
                while e < j && day_of(msg(e).ts) == day {
                    e += 1;
                }
                // a round open from an earlier day closed unanswered at 24:00
                open = None;
                let conv_id = convs.len() as u32;
                let mut c = Conv {
                    msg_start: k as u32,
                    msg_end: e as u32,
                    round_start: rounds.len() as u32,
                    ..Conv::empty(agent, buyer, Sym::NONE, day, agent_idx_of[agent.0 as usize])
                };
                let mut first_non_system: Option<Sender> = None;
                let mut first_ts: Option<i64> = None;
                let mut span: Option<(i64, i64)> = None;
                let mut has_buyer = false;
                for idx in k..e {
                    let m = msg(idx);
                    if c.shop.is_none() && !m.shop.is_none() {
                        c.shop = m.shop;
                    }
                    let f = msgs.flags[idx];
                    if m.sender != Sender::System && first_non_system.is_none() {
                        first_non_system = Some(m.sender);
                        first_ts = Some(m.ts);
                    }
                    match m.sender {
                        Sender::Buyer => {
                            has_buyer = true;
                            if c.first_buyer_ts == i64::MAX {
                                c.first_buyer_ts = m.ts;
                            }
                            span = Some(span.map_or((m.ts, m.ts), |(a, _)| (a, m.ts)));
                            if f & M_VALID != 0 {
                                c.buyer_msgs += 1;
                                c.flags |= C_VALID;
                                if open.is_none() {
                                    rounds.push(Round {
                                        conv: conv_id,
                                        open_msg: idx as u32,
                                        close_msg: NONE32,
                                        open_ts: m.ts,
                                        work_secs: 0,
                                        cal_secs: 0,
                                        counted: clock.is_work(m.ts),
                                        answered: false,
                                    });
                                    open = Some(rounds.len() - 1);
                                }
                            }
                        }
                        Sender::Agent => {
                            c.human_msgs += 1;
                            c.flags |= C_HUMAN;
                            span = Some(span.map_or((m.ts, m.ts), |(a, _)| (a, m.ts)));
                            if let Some(r) = open.take() {
                                let r = &mut rounds[r];
                                r.close_msg = idx as u32;
                                r.answered = true;
                                r.work_secs = clock.work_secs(r.open_ts, m.ts);
                                r.cal_secs = m.ts - r.open_ts;
                            }
                        }
                        _ => {}
                    }
                }
                c.round_end = rounds.len() as u32;
                if first_non_system.is_some() {
                    c.flags |= C_CONTENT;
                }
                if first_non_system == Some(Sender::Buyer) {
                    c.flags |= C_SESSION;
                }
                let hts = first_ts.unwrap_or_else(|| msg(k).ts);
                c.hour = ((hts - day as i64 * SECS_PER_DAY) / 3600) as u8;
                if has_buyer {
                    c.flags |= C_CONSULT;
                    if c.flags & C_HUMAN != 0 {
                        c.flags |= C_RECEPTION;
                        let (a, b) = span.unwrap();
                        c.reception = (clock.work_secs(a, b), b - a);
                    }
                }
                if let Some(r) = rounds[c.round_start as usize..c.round_end as usize].iter().find(|r| r.counted) {
                    if r.answered {
                        c.first_resp = Some((r.work_secs, r.cal_secs));
                    }
                }
                convs.push(c);
                k = e;
            }
            i = j;
        }
        let msg_convs = convs.len();
        debug_assert_eq!((msg_convs, rounds.len()), (msgs.conv_days, msgs.rounds));

        // 4. Ratings: one per (agent, buyer, day), last wins.
        let mut rating_count = 0;
        let mut ri = 0;
        while ri < rating_keys.len() {
            let (a, b, d, _, _) = rating_keys[ri];
            let mut rj = ri;
            while rj < rating_keys.len() && (rating_keys[rj].0, rating_keys[rj].1, rating_keys[rj].2) == (a, b, d) {
                rj += 1;
            }
            let last = rating_keys[rj - 1].4;
            let r = &ds.ratings[last as usize];
            rating_count += 1;
            let found = convs[..msg_convs].binary_search_by(|c| (c.agent.0, c.buyer.0, c.day).cmp(&(a, b, d)));
            let ci = match found {
                Ok(ci) => ci,
                Err(_) => {
                    convs.push(Conv {
                        hour: ((r.ts - d as i64 * SECS_PER_DAY) / 3600) as u8,
                        ..Conv::empty(r.agent, r.buyer, r.shop, d, agent_idx_of[a as usize])
                    });
                    convs.len() - 1
                }
            };
            convs[ci].rating = r.score;
            convs[ci].rating_idx = last;
            convs[ci].flags |= C_CONTENT;
            if convs[ci].shop.is_none() {
                convs[ci].shop = r.shop;
            }
            ri = rj;
        }

        // 5. Roles.
        for c in convs.iter_mut() {
            let role = agents[c.agent_idx as usize].role;
            if c.flags & C_CONSULT != 0 && role == Role::Presales {
                c.flags |= C_INQUIRY;
            }
            if c.flags & C_RECEPTION != 0 && role == Role::Aftersales {
                c.flags |= C_ASREC;
            }
        }

        // 6. Buyer-days.
        let mut bds: Vec<(Sym, i32)> = convs.iter().map(|c| (c.buyer, c.day)).collect();
        bds.sort_unstable();
        bds.dedup();
        let mut bd_flags = vec![0u8; bds.len()];
        // first buyer message ts to a pre-sales agent, per buyer-day
        let mut bd_first_presales = vec![i64::MAX; bds.len()];
        // conversation-days per buyer-day
        let mut bd_conv: Vec<(u32, u32)> = Vec::with_capacity(convs.len());
        for (ci, c) in convs.iter_mut().enumerate() {
            let bd = bds.binary_search(&(c.buyer, c.day)).unwrap();
            c.bd = bd as u32;
            if c.flags & C_CONSULT != 0 {
                bd_flags[bd] |= B_CONSULT;
            }
            if c.flags & C_INQUIRY != 0 {
                bd_flags[bd] |= B_INQUIRY;
                bd_first_presales[bd] = bd_first_presales[bd].min(c.first_buyer_ts);
            }
            bd_conv.push((bd as u32, ci as u32));
        }
        bd_conv.sort_unstable();
        let mut bd_conv_start = vec![0u32; bds.len() + 1];
        for &(b, _) in &bd_conv {
            bd_conv_start[b as usize + 1] += 1;
        }
        for b in 0..bds.len() {
            bd_conv_start[b + 1] += bd_conv_start[b];
        }
        // reconsult: a consult buyer-day of the same buyer in (D, D + reconsult_days]
        let rdays = settings.reconsult_days.max(0) as i32;
        for b in 0..bds.len() {
            let (buyer, day) = bds[b];
            let mut k = b + 1;
            while k < bds.len() && bds[k].0 == buyer && bds[k].1 <= day + rdays {
                if bd_flags[k] & B_CONSULT != 0 {
                    bd_flags[b] |= B_RECONSULT;
                    break;
                }
                k += 1;
            }
        }

        // 7. Order attribution.
        let w = settings.final_window_days.max(0) as i32;
        let mut attributions: Vec<Attribution> = Vec::new();
        let mut order_attr = vec![NONE32; ds.orders.len()];
        for (oi, o) in ds.orders.iter().enumerate() {
            if o.buyer.is_none() {
                continue;
            }
            let cd = day_of(o.created);
            // buyer-days of this buyer with day in [cd - w, cd]
            let lo = bds.partition_point(|&(b, d)| (b, d) < (o.buyer, cd - w));
            let hi = bds.partition_point(|&(b, d)| (b, d) <= (o.buyer, cd));
            let Some(bd) = (lo..hi).rev().find(|&b| bd_flags[b] & B_INQUIRY != 0 && bd_first_presales[b] < o.created)
            else {
                continue;
            };
            let (cs, ce) = (bd_conv_start[bd] as usize, bd_conv_start[bd + 1] as usize);
            // credit
            let mut best: Option<(i64, u32)> = None; // (ts, conv)
            let mut fallback: Option<(i64, u32)> = None;
            for &(_, ci) in &bd_conv[cs..ce] {
                let c = &convs[ci as usize];
                if agents[c.agent_idx as usize].role != Role::Presales {
                    continue;
                }
                for mi in c.msg_start..c.msg_end {
                    let m = msg(mi as usize);
                    if m.ts >= o.created {
                        break;
                    }
                    if msgs.flags[mi as usize] & M_HUMAN != 0 {
                        let better = match (best, settings.credit) {
                            (None, _) => true,
                            (Some((t, _)), Credit::Last) => m.ts >= t,
                            (Some((t, _)), Credit::First) => m.ts < t,
                        };
                        if better {
                            best = Some((m.ts, ci));
                        }
                    } else if m.sender == Sender::Buyer && fallback.is_none_or(|(t, _)| m.ts >= t) {
                        fallback = Some((m.ts, ci));
                    }
                }
            }
            let Some((_, ci)) = best.or(fallback) else { continue };
            order_attr[oi] = attributions.len() as u32;
            attributions.push(Attribution { order: oi as u32, conv: ci, bd: bd as u32 });
            bd_flags[bd] |= B_ANY_ORDER;
            let c = &mut convs[ci as usize];
            c.flags |= C_ORDERED;
            if let Some(p) = o.paid {
                let pd = day_of(p);
                if pd <= c.day {
                    c.flags |= C_PAID_SAME;
                }
                if pd <= c.day + 1 {
                    c.flags |= C_PAID_NEXT;
                }
                if pd <= c.day + w {
                    c.flags |= C_PAID_FINAL;
                    c.sales_fen += o.amount_fen;
                }
            }
        }
        let mut conv_orders: Vec<(u32, u32)> =
            attributions.iter().enumerate().map(|(i, a)| (a.conv, i as u32)).collect();
        conv_orders.sort_unstable();

        // 8. Categories.
        let (tree, category_error) = match CategoryTree::new(&settings) {
            Ok(t) => (t, None),
            Err(e) => (CategoryTree::from_parts(&[], "").expect("empty tree builds"), Some(e)),
        };
        if !tree.nodes.is_empty() {
            let mut staff: Vec<&str> = Vec::new();
            let mut buyer: Vec<&str> = Vec::new();
            for c in convs.iter_mut() {
                staff.clear();
                buyer.clear();
                for mi in c.msg_start as usize..c.msg_end as usize {
                    let m = msg(mi);
                    match m.sender {
                        Sender::Agent | Sender::Auto => staff.push(ds.text(m.text)),
                        Sender::Buyer => buyer.push(ds.text(m.text)),
                        Sender::System => {}
                    }
                }
                if let Some(n) = tree.classify(&staff, &buyer) {
                    c.category = n as u32;
                }
            }
        }

        Engine {
            settings,
            clock,
            shop_names,
            msgs,
            convs,
            rounds,
            bds,
            bd_flags,
            attributions,
            order_attr,
            conv_orders,
            agents,
            team_labels,
            group_labels,
            shop_rank,
            shop_labels,
            shop_rank_none,
            tree,
            category_error,
            order_count: ds.orders.len(),
            rating_count,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub(crate) fn shop_label_rank(&self, s: Sym) -> u32 {
        if s.is_none() {
            self.shop_rank_none
        } else {
            self.shop_rank[s.0 as usize]
        }
    }

    /// Staff account nicks seen in messages or ratings, sorted.
    pub fn agents(&self) -> Vec<String> {
        self.agents.iter().map(|a| a.nick.clone()).collect()
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
        shops.extend(ds.orders.iter().map(|o| o.shop).filter(|s| !s.is_none()));
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
            for o in &ds.orders {
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
            ratings: self.rating_count as u64,
            first_day: lo.map(crate::model::day_string),
            last_day: hi.map(crate::model::day_string),
        }
    }
}
