//! Build step 7: order attribution (spec §4). Every order goes to at most
//! one inquiry: the latest inquiry buyer-day of its buyer within
//! `final_window_days` before it whose first buyer message to a pre-sales
//! agent precedes it; within that buyer-day the credit goes to a pre-sales
//! conversation-day by `credit` (last | first human reply before the order,
//! else the buyer's last message before it). The credited conversation-day
//! gets the ordered / paid flags and the sales amount.
//!
//! An order whose export carries no buyer nickname (Pinduoduo, Douyin, the
//! Tianchi report) is first linked to a buyer through its order number
//! ([`link_orders`]); one whose number appears in no chat is "not linked"
//! and attributed to no inquiry (spec §1.3).

use std::collections::HashMap;

use crate::model::{day_of, Dataset, Order, Sender, Sym};
use crate::settings::{Credit, Role, Settings};

use super::agents::AgentInfo;
use super::buyer_days::BuyerDays;
use super::conversations::Conv;
use super::flags::*;
use super::{Engine, Messages};

/// One attributed order.
#[derive(Debug, Clone, Copy)]
pub struct Attribution {
    pub order: u32,
    /// Credited conversation-day (credited agent, buyer, inquiry day).
    pub conv: u32,
    pub bd: u32,
}

/// The attributed orders and their indices.
pub(crate) struct Attributions {
    pub list: Vec<Attribution>,
    /// order index → index in `list` (NONE32: not attributed).
    pub order_attr: Vec<u32>,
    /// `(conversation-day, index in list)` sorted by conversation-day.
    pub conv_orders: Vec<(u32, u32)>,
}

/// Shortest order number (digits, `-` not counted) looked for in chats:
/// shorter numbers (a renumbered export's `1`, `2`, …) would match prices,
/// dates and quantities.
pub const MIN_LINK_DIGITS: usize = 8;

/// Buyers of the orders, with orders without a buyer nickname linked
/// through their order number.
pub(crate) struct OrderLinks {
    /// Per order: its buyer (from the export, or linked), or `Sym::NONE`.
    pub buyers: Vec<Sym>,
    /// Orders without a buyer nickname whose number was found in a chat.
    pub linked: usize,
    /// Orders without a buyer nickname whose number appears in no chat.
    pub not_linked: usize,
}

/// Link every order without a buyer to the buyer in whose conversation its
/// order number appears: the number must be a whole token of a buyer or
/// staff message (a maximal run of digits and `-`, outer `-` trimmed), with
/// at least [`MIN_LINK_DIGITS`] digits. Messages are scanned once and each
/// token looked up in a map of the unlinked numbers. When the number
/// appears in several buyers' chats, the earliest message wins (ties: the
/// engine's message order).
pub(crate) fn link_orders(ds: &Dataset, msgs: &Messages) -> OrderLinks {
    link_mentions(
        ds,
        (0..msgs.len()).map(|k| (k, msgs.get(ds, k))).map(|(k, m)| Mention {
            ts: m.ts,
            pos: k as u128,
            sender: m.sender,
            buyer: m.buyer,
            text: ds.text(m.text),
        }),
    )
}

/// A message as [`link_mentions`] reads it: its time, its position in the
/// engine's message order (any key that sorts as that order does: the
/// tie-break among mentions at the same time), sender, buyer and text.
pub(crate) struct Mention<'a> {
    pub ts: i64,
    pub pos: u128,
    pub sender: Sender,
    pub buyer: Sym,
    pub text: &'a str,
}

/// [`link_orders`] over any sequence of the engine's kept messages (both
/// parties resolved): the engine's own, or the partitioner's pass over the
/// whole dataset (`crate::partition`), which must link before it knows
/// which partition an order without a buyer belongs to.
pub(crate) fn link_mentions<'a>(ds: &'a Dataset, mentions: impl Iterator<Item = Mention<'a>>) -> OrderLinks {
    let mut buyers: Vec<Sym> = ds.orders.iter().map(|o| o.buyer).collect();
    let mut wanted: HashMap<&str, Vec<u32>> = HashMap::new();
    for (oi, o) in ds.counted_orders() {
        if o.buyer.is_none() && linkable(&o.id) {
            wanted.entry(o.id.as_str()).or_default().push(oi as u32);
        }
    }
    let unlinked = ds.counted_orders().filter(|(_, o)| o.buyer.is_none()).count();
    if wanted.is_empty() {
        return OrderLinks { buyers, linked: 0, not_linked: unlinked };
    }
    // order number → (ts, message position, buyer) of its earliest mention
    let mut found: HashMap<&str, (i64, u128, Sym)> = HashMap::new();
    for m in mentions {
        if m.sender == Sender::System || m.buyer.is_none() {
            continue;
        }
        let text = m.text;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !(b[i].is_ascii_digit() || b[i] == b'-') {
                i += 1;
                continue;
            }
            let st = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'-') {
                i += 1;
            }
            let tok = text[st..i].trim_matches('-');
            if tok.len() < MIN_LINK_DIGITS {
                continue;
            }
            if let Some((&key, _)) = wanted.get_key_value(tok) {
                let e = found.entry(key).or_insert((m.ts, m.pos, m.buyer));
                if (m.ts, m.pos) < (e.0, e.1) {
                    *e = (m.ts, m.pos, m.buyer);
                }
            }
        }
    }
    let mut linked = 0;
    for (id, (_, _, buyer)) in found {
        for &oi in &wanted[id] {
            buyers[oi as usize] = buyer;
            linked += 1;
        }
    }
    OrderLinks { buyers, linked, not_linked: unlinked - linked }
}

/// Can this order number be found in chat text ([`link_orders`])?
fn linkable(id: &str) -> bool {
    id.bytes().all(|c| c.is_ascii_digit() || c == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id.bytes().filter(|c| c.is_ascii_digit()).count() >= MIN_LINK_DIGITS
}

/// What the attribution step reads.
pub(crate) struct Inputs<'a> {
    pub ds: &'a Dataset,
    pub msgs: &'a Messages,
    pub settings: &'a Settings,
    pub agents: &'a [AgentInfo],
    /// Per order, its buyer after linking ([`link_orders`]).
    pub buyers: &'a [Sym],
}

impl Inputs<'_> {
    /// Attribute every order (but duplicates, spec §1.2.1); flags the credited conversation-days and
    /// buyer-days (`B_ANY_ORDER`).
    pub fn attribute(&self, convs: &mut [Conv], bds: &mut BuyerDays) -> Attributions {
        let w = self.settings.final_window_days.max(0) as i32;
        let mut list: Vec<Attribution> = Vec::new();
        let mut order_attr = vec![NONE32; self.ds.orders.len()];
        for (oi, o) in self.ds.counted_orders() {
            let Some(bd) = self.inquiry(bds, o, self.buyers[oi], w) else { continue };
            let Some(ci) = self.credited(convs, bds, bd, o.created) else { continue };
            order_attr[oi] = list.len() as u32;
            list.push(Attribution { order: oi as u32, conv: ci, bd: bd as u32 });
            bds.flags[bd] |= B_ANY_ORDER;
            mark_paid(&mut convs[ci as usize], o, w);
        }
        let mut conv_orders: Vec<(u32, u32)> = list.iter().enumerate().map(|(i, a)| (a.conv, i as u32)).collect();
        conv_orders.sort_unstable();
        Attributions { list, order_attr, conv_orders }
    }

    /// The latest inquiry buyer-day of the order's buyer with day in
    /// `[created day − w, created day]` and a pre-sales buyer message before
    /// the order.
    fn inquiry(&self, bds: &BuyerDays, o: &Order, buyer: Sym, w: i32) -> Option<usize> {
        if buyer.is_none() {
            return None;
        }
        let cd = day_of(o.created);
        let lo = bds.days.partition_point(|&(b, d)| (b, d) < (buyer, cd - w));
        let hi = bds.days.partition_point(|&(b, d)| (b, d) <= (buyer, cd));
        (lo..hi).rev().find(|&b| bds.flags[b] & B_INQUIRY != 0 && bds.first_presales[b] < o.created)
    }

    /// The credited pre-sales conversation-day of buyer-day `bd` for an
    /// order created at `created`.
    fn credited(&self, convs: &[Conv], bds: &BuyerDays, bd: usize, created: i64) -> Option<u32> {
        let mut best: Option<(i64, u32)> = None; // (ts, conv)
        let mut fallback: Option<(i64, u32)> = None;
        for ci in bds.convs_of(bd) {
            let c = &convs[ci as usize];
            if self.agents[c.agent_idx as usize].role != Role::Presales {
                continue;
            }
            for mi in c.msg_range() {
                let m = self.msgs.get(self.ds, mi);
                if m.ts >= created {
                    break;
                }
                if self.msgs.flags[mi] & M_HUMAN != 0 {
                    let better = match (best, self.settings.credit) {
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
        best.or(fallback).map(|(_, ci)| ci)
    }
}

/// Ordered / paid same day / next day / within the final window `w`, and
/// the sales amount, on the credited conversation-day.
fn mark_paid(c: &mut Conv, o: &Order, w: i32) {
    c.flags |= C_ORDERED;
    let [same, next, fin] = paid_by(o.paid, c.day, w);
    if same {
        c.flags |= C_PAID_SAME;
    }
    if next {
        c.flags |= C_PAID_NEXT;
    }
    if fin {
        c.flags |= C_PAID_FINAL;
        c.sales_fen += o.amount_fen;
        c.sales_orders = c.sales_orders.saturating_add(1);
    }
}

/// Whether an order paid at `paid` (None: unpaid) was paid on inquiry day
/// `day`, by the end of the next day, and within the final window `w`
/// (spec §4); also read by `crate::tables` for each order's row.
pub(crate) fn paid_by(paid: Option<i64>, day: i32, w: i32) -> [bool; 3] {
    let Some(p) = paid else { return [false; 3] };
    let pd = day_of(p);
    [pd <= day, pd <= day + 1, pd <= day + w]
}

impl Engine {
    /// Attributions credited to a conversation-day.
    pub(crate) fn orders_of(&self, ci: u32) -> impl Iterator<Item = &Attribution> + '_ {
        let s = self.conv_orders.partition_point(|&(c, _)| c < ci);
        self.conv_orders[s..]
            .iter()
            .take_while(move |&&(c, _)| c == ci)
            .map(move |&(_, a)| &self.attributions[a as usize])
    }
}
