//! Build step 9: refunds (issue 14 item 2), joined to their orders by
//! order number and credited through the order's attribution (spec §4),
//! so a refund belongs to the agent, buyer and inquiry day its order's
//! sale belongs to.
//!
//! - An order's refund: its refund applications from refund exports
//!   (`Dataset::refunds`, duplicates left out, spec §1.2.1); when it has
//!   none, what its own export says (`Order::refund_fen`: 退款金额, or
//!   售后状态 退款成功). So a refund in both a refund export and the order
//!   export counts once, as the refund export has it.
//! - Refunded amount: the applications that succeeded (`Refund::succeeded`).
//!   An order counts as refunded when that amount is above 0.
//! - First application: the earliest 退款的申请时间 of the order (ties and
//!   unknown times: file order); a quality refund when its reason is in
//!   `refunds.quality_reasons`, whatever became of it (seed 002: 首次品退率
//!   counts the first reason even if the buyer changed it). Order-export
//!   refunds have no reason and no time: never quality, never "after a
//!   chat".
//! - Only orders in 客服销售额 count (attributed, paid within the final
//!   window): the refund metrics are parts of `sales_amount` and
//!   `sales_orders`, so their rates stay within one population.
//! - After-sales: an order's first application follows the latest
//!   after-sales reception conversation-day of the order's buyer (its own,
//!   or linked through the number) that started before it, on the same day
//!   or up to `refunds.followed_days` days before; that conversation-day's
//!   agent is credited (`aftersales_refund_orders`), once per order.
//! - A refund whose order number matches no loaded order counts nowhere
//!   and is reported (`Summary::refunds_without_order`).
//! - Per product (a product row, issue 14): an application naming an item
//!   (宝贝ID, else 宝贝标题 through the item lists) is that product's only;
//!   one naming none and an order-export refund are each of the order's
//!   products', in full ([`Inputs::by_product`]); a product row counts the
//!   sales orders holding its product and their refunds of it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{day_of, Dataset, Sym};
use crate::settings::Settings;

use super::attribution::{paid_by, Attribution};
use super::conversations::Conv;
use super::flags::*;
use super::Messages;

/// One order's refund, as the metrics read it.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrderRefund {
    /// Refunded amount (fen) that counts.
    pub fen: i64,
    /// Index into `Dataset::refunds` of its first application (None:
    /// only the order export says it was refunded).
    pub first: Option<u32>,
    /// The first application's reason is a quality problem.
    pub quality: bool,
}

/// What one conversation-day is credited with.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ConvRefunds {
    /// Refunded orders among its sales orders, and their refunded amount.
    pub orders: u32,
    pub fen: i64,
    /// Its sales orders whose first application was a quality refund.
    pub quality: u32,
    /// Orders whose first application followed this (after-sales)
    /// conversation-day.
    pub aftersales: u32,
}

/// The refunds of a build.
#[derive(Debug, Clone, Default)]
pub(crate) struct RefundFacts {
    /// (order index, its refund), sorted by order: orders with any refund.
    pub orders: Vec<(u32, OrderRefund)>,
    /// ((order index, product), the order's refund of that product),
    /// sorted: what a product row counts (see [`Inputs::by_product`]).
    pub by_product: Vec<((u32, u32), OrderRefund)>,
    /// (conversation-day, what it is credited with), sorted.
    pub convs: Vec<(u32, ConvRefunds)>,
    /// (after-sales conversation-day, order index), sorted: the orders of
    /// `ConvRefunds::aftersales`.
    pub followups: Vec<(u32, u32)>,
    /// Refund applications that count (duplicates left out), and those of
    /// them whose order is not loaded.
    pub counted: usize,
    pub without_order: usize,
}

impl RefundFacts {
    pub(crate) fn of_order(&self, oi: u32) -> Option<&OrderRefund> {
        self.orders.binary_search_by_key(&oi, |e| e.0).ok().map(|i| &self.orders[i].1)
    }

    /// Order `oi`'s refund of product `p`.
    pub(crate) fn of_order_product(&self, oi: u32, p: u32) -> Option<&OrderRefund> {
        self.by_product.binary_search_by_key(&(oi, p), |e| e.0).ok().map(|i| &self.by_product[i].1)
    }

    pub(crate) fn of_conv(&self, ci: u32) -> Option<&ConvRefunds> {
        if self.convs.is_empty() {
            return None;
        }
        self.convs.binary_search_by_key(&ci, |e| e.0).ok().map(|i| &self.convs[i].1)
    }

    /// The orders whose first application followed conversation-day `ci`.
    pub(crate) fn followups_of(&self, ci: u32) -> impl Iterator<Item = u32> + '_ {
        let s = self.followups.partition_point(|&(c, _)| c < ci);
        self.followups[s..].iter().take_while(move |&&(c, _)| c == ci).map(|&(_, o)| o)
    }
}

/// What step 9 reads.
pub(crate) struct Inputs<'a> {
    pub ds: &'a Dataset,
    pub msgs: &'a Messages,
    pub settings: &'a Settings,
    pub convs: &'a [Conv],
    pub attributions: &'a [Attribution],
    /// Per order, its buyer after linking.
    pub buyers: &'a [Sym],
    /// Step 10's products (which products each attributed order holds).
    pub products: &'a super::product::Products,
}

impl Inputs<'_> {
    pub(crate) fn build(&self) -> RefundFacts {
        let ds = self.ds;
        let mut facts = RefundFacts::default();
        let by_id: HashMap<&str, u32> = ds
            .counted_orders()
            .filter(|(_, o)| !o.id.trim().is_empty())
            .map(|(i, o)| (o.id.trim(), i as u32))
            .collect();
        // order → its applications, in file order
        let mut apps: HashMap<u32, Vec<u32>> = HashMap::new();
        for (ri, r) in ds.counted_refunds() {
            facts.counted += 1;
            match by_id.get(r.order_id.trim()) {
                Some(&oi) => apps.entry(oi).or_default().push(ri as u32),
                None => facts.without_order += 1,
            }
        }
        let quality = |ri: u32| self.settings.refunds.is_quality(&ds.refunds[ri as usize].reason);
        facts.by_product = self.by_product(&apps);
        for (oi, o) in ds.counted_orders() {
            let oi = oi as u32;
            let r = match apps.get(&oi) {
                Some(list) => {
                    let fen = list
                        .iter()
                        .map(|&ri| &ds.refunds[ri as usize])
                        .filter(|r| r.succeeded())
                        .map(|r| r.amount_fen)
                        .sum();
                    let first =
                        list.iter().copied().min_by_key(|&ri| ds.refunds[ri as usize].applied.unwrap_or(i64::MAX));
                    OrderRefund { fen, first, quality: first.is_some_and(quality) }
                }
                None if o.refund_fen > 0 => OrderRefund { fen: o.refund_fen, first: None, quality: false },
                None => continue,
            };
            facts.orders.push((oi, r));
        }
        let mut convs: HashMap<u32, ConvRefunds> = HashMap::new();
        let w = self.settings.final_window_days.max(0) as i32;
        for a in self.attributions {
            let Some(r) = facts.of_order(a.order) else { continue };
            let c = &self.convs[a.conv as usize];
            if !paid_by(ds.orders[a.order as usize].paid, c.day, w)[2] {
                continue;
            }
            let e = convs.entry(a.conv).or_default();
            if r.fen > 0 {
                e.orders += 1;
                e.fen += r.fen;
            }
            e.quality += r.quality as u32;
        }
        facts.followups = self.followups(&facts);
        for &(ci, _) in &facts.followups {
            convs.entry(ci).or_default().aftersales += 1;
        }
        facts.convs = convs.into_iter().collect();
        facts.convs.sort_unstable_by_key(|e| e.0);
        facts
    }

    /// One order's refund of its applications `list` (file order): the
    /// succeeded amount, and the earliest application (ties: file order).
    fn refund_of(&self, list: &[u32]) -> OrderRefund {
        let ds = self.ds;
        let fen = list.iter().map(|&ri| &ds.refunds[ri as usize]).filter(|r| r.succeeded()).map(|r| r.amount_fen).sum();
        let first = list.iter().copied().min_by_key(|&ri| ds.refunds[ri as usize].applied.unwrap_or(i64::MAX));
        let quality = first.is_some_and(|ri| self.settings.refunds.is_quality(&ds.refunds[ri as usize].reason));
        OrderRefund { fen, first, quality }
    }

    /// Refunds per (order, product) of the attributed orders (issue 14
    /// item 2, docs/metrics.md 退款): an application naming a product (its
    /// item id, else its title through the item lists) is that product's
    /// only; one naming none, and an order-export refund (退款金额 /
    /// 售后状态, no item), belong to each of the order's products, in full
    /// (so a product row's refunds of a two-product order can add up to
    /// more than the order's). Per product, its applications' succeeded
    /// amount and first application, as for a whole order.
    fn by_product(&self, apps: &HashMap<u32, Vec<u32>>) -> Vec<((u32, u32), OrderRefund)> {
        let titles = super::product::item_titles(self.ds);
        let mut out = Vec::new();
        let mut orders: Vec<u32> = self.products.order_ids().collect();
        orders.dedup();
        for oi in orders {
            let held: Vec<u32> = self.products.of_order(oi).collect();
            match apps.get(&oi) {
                Some(list) => {
                    let mut per: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
                    for &ri in list {
                        match self.products.of_refund(&self.ds.refunds[ri as usize], &titles) {
                            Some(Some(p)) => per.entry(p).or_default().push(ri),
                            Some(None) => {}
                            None => held.iter().for_each(|&p| per.entry(p).or_default().push(ri)),
                        }
                    }
                    out.extend(per.into_iter().map(|(p, l)| ((oi, p), self.refund_of(&l))));
                }
                None => {
                    let fen = self.ds.orders[oi as usize].refund_fen;
                    if fen > 0 {
                        out.extend(held.iter().map(|&p| ((oi, p), OrderRefund { fen, first: None, quality: false })));
                    }
                }
            }
        }
        out.sort_unstable_by_key(|e| e.0);
        out
    }

    /// (after-sales conversation-day, order) for each order whose first
    /// application followed an after-sales reception of its buyer.
    fn followups(&self, facts: &RefundFacts) -> Vec<(u32, u32)> {
        let days = self.settings.refunds.followed_days.max(0) as i32;
        // (buyer, start time, conversation-day) of after-sales receptions
        let mut asrec: Vec<(Sym, i64, u32)> = self
            .convs
            .iter()
            .enumerate()
            .filter(|(_, c)| c.flags & C_ASREC != 0 && c.msg_end > c.msg_start)
            .map(|(ci, c)| (c.buyer, self.msgs.get(self.ds, c.msg_start as usize).ts, ci as u32))
            .collect();
        asrec.sort_unstable();
        let mut out = Vec::new();
        for (oi, r) in &facts.orders {
            let Some(applied) = r.first.and_then(|ri| self.ds.refunds[ri as usize].applied) else { continue };
            let buyer = self.buyers[*oi as usize];
            if buyer.is_none() {
                continue;
            }
            let hi = asrec.partition_point(|&(b, t, _)| (b, t) < (buyer, applied));
            let latest = asrec[..hi]
                .last()
                .filter(|&&(b, _, ci)| b == buyer && day_of(applied) - self.convs[ci as usize].day <= days);
            if let Some(&(_, _, ci)) = latest {
                out.push((ci, *oi));
            }
        }
        out.sort_unstable();
        out
    }
}

/// One refund reason's share of the sales orders' refunds (per reason,
/// issue 14 item 2): the orders whose *first* application gave it.
/// Orders refunded only in the order export (no application) have the
/// empty reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RefundReason {
    /// 买家退款原因 of the first application, as written.
    pub reason: String,
    /// The reason is a quality one (`refunds.quality_reasons`).
    pub quality: bool,
    /// Sales orders whose first application gave this reason.
    pub orders: u64,
    /// Of them, those with a refunded amount, and that amount (yuan).
    pub refund_orders: u64,
    pub refund_amount: f64,
    /// `orders` ÷ the orders of every reason row (null when there are
    /// none): the reason's share of the refunded sales orders' first
    /// applications, so the 退款原因 table needs no sum of its own.
    #[serde(default)]
    pub share: Option<f64>,
}

impl super::Engine {
    /// The sales orders' refunds of the filtered conversation-days, per
    /// first-application reason, most orders first (ties by reason).
    pub fn refund_reasons(&self, ds: &Dataset, filter: &super::Filter) -> Vec<RefundReason> {
        finish_reasons(self.refund_reason_sums(ds, filter), &self.settings)
    }

    /// `(reason, orders, refunded orders, fen)` per first-application
    /// reason: what [`finish_reasons`] merges (a split's parts add).
    pub(crate) fn refund_reason_sums(&self, ds: &Dataset, filter: &super::Filter) -> Vec<(String, u64, u64, i64)> {
        let fs = self.filter_set(filter);
        let w = self.settings.final_window_days.max(0) as i32;
        let mut by: std::collections::BTreeMap<String, (u64, u64, i64)> = std::collections::BTreeMap::new();
        for (ci, c) in self.convs.iter().enumerate() {
            if self.refunds.of_conv(ci as u32).is_none() || !self.conv_in(&fs, c) {
                continue;
            }
            for a in self.orders_of(ci as u32) {
                let Some(r) = self.refunds.of_order(a.order) else { continue };
                if !paid_by(ds.orders[a.order as usize].paid, c.day, w)[2] {
                    continue;
                }
                let reason = r.first.map(|ri| ds.refunds[ri as usize].reason.clone()).unwrap_or_default();
                let e = by.entry(reason).or_default();
                e.0 += 1;
                e.1 += (r.fen > 0) as u64;
                e.2 += r.fen;
            }
        }
        by.into_iter().map(|(reason, (o, ro, fen))| (reason, o, ro, fen)).collect()
    }
}

/// Reason rows from `(reason, orders, refunded orders, fen)` sums (of one
/// engine, or merged over a split's parts), most orders first.
pub(crate) fn finish_reasons(rows: Vec<(String, u64, u64, i64)>, settings: &Settings) -> Vec<RefundReason> {
    let mut merged: std::collections::BTreeMap<String, (u64, u64, i64)> = std::collections::BTreeMap::new();
    for (reason, o, ro, fen) in rows {
        let e = merged.entry(reason).or_default();
        e.0 += o;
        e.1 += ro;
        e.2 += fen;
    }
    let mut out: Vec<RefundReason> = merged
        .into_iter()
        .map(|(reason, (orders, refund_orders, fen))| RefundReason {
            quality: settings.refunds.is_quality(&reason),
            reason,
            orders,
            refund_orders,
            refund_amount: fen as f64 / 100.0,
            share: None,
        })
        .collect();
    let total: u64 = out.iter().map(|r| r.orders).sum();
    for r in &mut out {
        r.share = (total > 0).then(|| r.orders as f64 / total as f64);
    }
    out.sort_by(|a, b| b.orders.cmp(&a.orders).then_with(|| a.reason.cmp(&b.reason)));
    out
}
