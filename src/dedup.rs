//! Overlapping files (spec §1.2.1): rows of a file that repeat rows already
//! loaded from an earlier file are flagged as duplicates, kept in the
//! dataset, and skipped by everything that counts.
//!
//! Rules (also in docs/metrics.md, 导入 section):
//! - Files are compared in load order; a file is only compared with the files
//!   before it, so the first copy of a row always counts.
//! - Messages: identical in (shop, agent, buyer, ts, stored sender, text) for
//!   table rows; text-format rows (inline, Qianniu), whose agent and buyer are
//!   only known after resolution, are identical in (shop, speaker, ts, stored
//!   sender, text). A table row never matches a text-format row. Ratings:
//!   identical in (agent, buyer, ts, score). Repeats inside one file are real,
//!   so a row that occurs `c` times in a file and at most `m` times in any one
//!   earlier file has `min(c, m)` of its copies flagged: the union keeps as
//!   many copies as the file that has the most.
//! - Orders with an order number: one per number across files. The first
//!   file that has it with a paid time keeps it, else the first file that has
//!   it at all; every other file's rows with that number are flagged. A later
//!   file whose record has the paid time where the earlier one had none
//!   *replaces* it (`FileReport::replaced`). Orders without a number follow
//!   the message rule on (buyer, created, paid, amount, title).
//! - Each file's report counts its rows that repeat earlier files
//!   (`FileReport::duplicates`; orders: order numbers) and names those files
//!   (`FileReport::duplicate_of`).
//! - Refund applications (issue 14 item 2): identical in (退款编号, order
//!   number, applied time, amount, status) follow the message rule: a
//!   refund in two files counts once.
//!
//! Text-format duplicates stay in the dataset so block resolution (spec §1.2)
//! still sees their context; [`crate::import::resolve_each`] skips them after
//! resolving.
//!
//! Cost: no index is kept between files. Settling a new file scans the
//! earlier rows once (a time comparison each) and hashes only those inside
//! the new file's time span, so files with disjoint date ranges cost one scan;
//! a hash hit is confirmed by an exact comparison.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{Dataset, DuplicateOf, Message, Order, Rating, Refund, NO_BLOCK};

/// Duplicate flags per row of [`Dataset::messages`], `orders` and `ratings`
/// (a missing entry means "not a duplicate"), and how many files have been
/// compared with the files before them.
#[derive(Debug, Default, Clone)]
pub struct Duplicates {
    messages: Vec<bool>,
    orders: Vec<bool>,
    ratings: Vec<bool>,
    refunds: Vec<bool>,
    settled: usize,
}

impl Duplicates {
    /// No row flagged and `files` files counted as already compared: the
    /// state of a dataset made only of rows that count, e.g. one partition
    /// of a settled dataset (`crate::partition`). Settling it again must
    /// not compare its files anew: a file keeps the copies of a row beyond
    /// those an earlier file has, and with the earlier file's copies still
    /// there a second comparison would flag them too.
    pub(crate) fn settled_without_repeats(files: usize) -> Duplicates {
        Duplicates { settled: files, ..Duplicates::default() }
    }
}

fn flagged(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

fn mark(v: &mut Vec<bool>, i: usize) {
    if v.len() <= i {
        v.resize(i + 1, false);
    }
    v[i] = true;
}

impl Dataset {
    /// Message `i` repeats a message of an earlier file and does not count.
    #[inline]
    pub fn is_duplicate_message(&self, i: usize) -> bool {
        flagged(&self.dups.messages, i)
    }

    /// Order `i` is a repeat of an order number kept from another file.
    #[inline]
    pub fn is_duplicate_order(&self, i: usize) -> bool {
        flagged(&self.dups.orders, i)
    }

    /// Rating `i` repeats a rating of an earlier file.
    #[inline]
    pub fn is_duplicate_rating(&self, i: usize) -> bool {
        flagged(&self.dups.ratings, i)
    }

    /// Refund `i` repeats a refund application of an earlier file.
    #[inline]
    pub fn is_duplicate_refund(&self, i: usize) -> bool {
        flagged(&self.dups.refunds, i)
    }

    /// Refund applications that count, with their index.
    pub fn counted_refunds(&self) -> impl Iterator<Item = (usize, &Refund)> + '_ {
        self.refunds.iter().enumerate().filter(|(i, _)| !self.is_duplicate_refund(*i))
    }

    /// Refund applications that count, and those of them whose order
    /// number matches no order that counts (spec §1.2.1; issue 14 item 2).
    /// A property of the rows alone, so a split dataset reports it once.
    pub fn refund_counts(&self) -> (usize, usize) {
        let ids: std::collections::HashSet<&str> = self.counted_orders().map(|(_, o)| o.id.trim()).collect();
        let mut n = (0, 0);
        for (_, r) in self.counted_refunds() {
            n.0 += 1;
            n.1 += !ids.contains(r.order_id.trim()) as usize;
        }
        n
    }

    /// Orders that count: every order not flagged as a duplicate, with its index.
    pub fn counted_orders(&self) -> impl Iterator<Item = (usize, &Order)> + '_ {
        self.orders.iter().enumerate().filter(|(i, _)| !self.is_duplicate_order(*i))
    }

    /// Compare every finished file not compared yet with the files before
    /// it (incremental: called when a file finishes).
    pub fn settle_duplicates(&mut self) {
        if self.dups.settled > self.files.len() {
            self.recount_duplicates();
            return;
        }
        while self.dups.settled < self.files.len() {
            let f = self.dups.settled;
            settle_file(self, f);
            self.dups.settled += 1;
        }
    }

    /// Forget every flag and count, then compare all files again in load
    /// order (after a file is removed or an import rolled back).
    pub fn recount_duplicates(&mut self) {
        self.dups = Duplicates::default();
        for r in &mut self.files {
            r.duplicates = 0;
            r.replaced = 0;
            r.duplicate_of.clear();
        }
        self.settle_duplicates();
    }
}

/// Identity hasher for keys that already are hashes.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

type Map<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// A small fast 64-bit hash (multiply-rotate over words, murmur finaliser).
struct H(u64);

impl H {
    fn new() -> H {
        H(0x243f_6a88_85a3_08d3)
    }
    fn u(mut self, x: u64) -> H {
        self.0 = (self.0.rotate_left(23) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self
    }
    fn bytes(mut self, b: &[u8]) -> H {
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self = self.u(u64::from_le_bytes(c.try_into().unwrap()));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.u(u64::from_le_bytes(last)).u(b.len() as u64)
    }
    fn done(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }
}

fn message_hash(ds: &Dataset, m: &Message) -> u64 {
    let text_format = m.block != NO_BLOCK;
    let h = H::new().u(text_format as u64).u(m.ts as u64).u(m.shop.0 as u64).u(m.sender as u64);
    let h = if text_format { h.u(m.speaker.0 as u64) } else { h.u(((m.agent.0 as u64) << 32) | m.buyer.0 as u64) };
    h.bytes(ds.text(m.text).as_bytes()).done()
}

fn same_message(ds: &Dataset, a: &Message, b: &Message) -> bool {
    let text_format = a.block != NO_BLOCK;
    text_format == (b.block != NO_BLOCK)
        && a.ts == b.ts
        && a.shop == b.shop
        && a.sender == b.sender
        && if text_format { a.speaker == b.speaker } else { a.agent == b.agent && a.buyer == b.buyer }
        && ds.text(a.text) == ds.text(b.text)
}

fn rating_hash(r: &Rating) -> u64 {
    H::new().u(r.ts as u64).u(((r.agent.0 as u64) << 32) | r.buyer.0 as u64).u(r.score as u64).done()
}

fn same_rating(a: &Rating, b: &Rating) -> bool {
    (a.agent, a.buyer, a.ts, a.score) == (b.agent, b.buyer, b.ts, b.score)
}

fn refund_hash(r: &Refund) -> u64 {
    H::new()
        .u(r.applied.map_or(u64::MAX, |t| t as u64))
        .u(r.amount_fen as u64)
        .bytes(r.refund_id.trim().as_bytes())
        .bytes(r.order_id.trim().as_bytes())
        .bytes(r.status.as_bytes())
        .done()
}

fn same_refund(a: &Refund, b: &Refund) -> bool {
    (a.refund_id.trim(), a.order_id.trim(), a.applied, a.amount_fen, &a.status)
        == (b.refund_id.trim(), b.order_id.trim(), b.applied, b.amount_fen, &b.status)
}

fn order_hash(o: &Order) -> u64 {
    H::new()
        .u(o.buyer.0 as u64)
        .u(o.created as u64)
        .u(o.paid.map_or(u64::MAX, |p| p as u64))
        .u(o.amount_fen as u64)
        .bytes(o.title.as_bytes())
        .done()
}

fn same_order(a: &Order, b: &Order) -> bool {
    (a.buyer, a.created, a.paid, a.amount_fen, &a.title) == (b.buyer, b.created, b.paid, b.amount_fen, &b.title)
}

/// What one file repeats: per earlier file how many of this file's rows
/// (orders: order numbers) repeat it, their total, and how many of this
/// file's orders replaced an earlier record.
#[derive(Default)]
struct Found {
    from: Vec<u64>,
    duplicates: u64,
    replaced: u64,
}

impl Found {
    fn count_repeat_of(&mut self, f: usize) {
        if self.from.len() <= f {
            self.from.resize(f + 1, 0);
        }
        self.from[f] += 1;
        self.duplicates += 1;
    }
}

fn settle_file(ds: &mut Dataset, f: usize) {
    // The first file has no earlier file to repeat: nothing to find, and
    // no need to read its rows (at 10M messages four passes over them
    // before the cards show).
    if f == 0 {
        return;
    }
    let Ok(fid) = u16::try_from(f) else { return };
    let mut found = Found::default();
    // Messages.
    let msgs = &ds.messages;
    let dm = repeats(
        msgs.len(),
        |i| msgs[i].file,
        |i| msgs[i].ts,
        |i| message_hash(ds, &msgs[i]),
        |i, j| same_message(ds, &msgs[i], &msgs[j]),
        fid,
        &mut found,
    );
    // Ratings.
    let rs = &ds.ratings;
    let dr = repeats(
        rs.len(),
        |i| rs[i].file,
        |i| rs[i].ts,
        |i| rating_hash(&rs[i]),
        |i, j| same_rating(&rs[i], &rs[j]),
        fid,
        &mut found,
    );
    // Refund applications.
    let rf = &ds.refunds;
    let drf = repeats(
        rf.len(),
        |i| rf[i].file,
        |i| rf[i].applied.unwrap_or(0),
        |i| refund_hash(&rf[i]),
        |i, j| same_refund(&rf[i], &rf[j]),
        fid,
        &mut found,
    );
    // Orders without a number: like messages; with one: one per number.
    let os = &ds.orders;
    let no_id = |i: usize| os[i].id.trim().is_empty();
    let mut dor = repeats(
        os.len(),
        |i| if no_id(i) { os[i].file } else { u16::MAX },
        |i| os[i].created,
        |i| order_hash(&os[i]),
        |i, j| same_order(&os[i], &os[j]),
        fid,
        &mut found,
    );
    let replace = order_numbers(ds, fid, &mut found, &mut dor);
    for i in dm {
        mark(&mut ds.dups.messages, i);
    }
    for i in dr {
        mark(&mut ds.dups.ratings, i);
    }
    for i in drf {
        mark(&mut ds.dups.refunds, i);
    }
    for i in dor.into_iter().chain(replace) {
        mark(&mut ds.dups.orders, i);
    }
    let names: Vec<String> = ds.files.iter().map(|r| r.name.clone()).collect();
    let rep = &mut ds.files[f];
    rep.duplicates += found.duplicates;
    rep.replaced += found.replaced;
    for (index, &count) in found.from.iter().enumerate() {
        if count > 0 {
            match rep.duplicate_of.iter_mut().find(|d| d.index == index) {
                Some(d) => d.count += count,
                None => rep.duplicate_of.push(DuplicateOf { index, name: names[index].clone(), count }),
            }
        }
    }
    rep.duplicate_of.sort_by_key(|d| d.index);
}

/// Rows of file `f` that repeat rows of earlier files (`file_of(i) < f`),
/// by the multiset rule: a row occurring `c` times in `f` and at most `m`
/// times in one earlier file has its first `min(c, m)` copies returned.
/// Rows whose `file_of` is `u16::MAX` take no part.
fn repeats(
    n: usize,
    file_of: impl Fn(usize) -> u16,
    ts_of: impl Fn(usize) -> i64,
    hash_of: impl Fn(usize) -> u64,
    same: impl Fn(usize, usize) -> bool,
    f: u16,
    found: &mut Found,
) -> Vec<usize> {
    let mine: Vec<usize> = (0..n).filter(|&i| file_of(i) == f).collect();
    let (Some(lo), Some(hi)) = (mine.iter().map(|&i| ts_of(i)).min(), mine.iter().map(|&i| ts_of(i)).max()) else {
        return Vec::new();
    };
    let mut earlier: Vec<usize> = (0..n)
        .filter(|&i| {
            let fi = file_of(i);
            fi < f && (lo..=hi).contains(&ts_of(i))
        })
        .collect();
    if earlier.is_empty() {
        return Vec::new();
    }
    if !earlier.is_sorted_by_key(|&i| file_of(i)) {
        earlier.sort_by_key(|&i| file_of(i));
    }
    /// One distinct row among the earlier ones. Rows with the same hash
    /// but not the same content (rare) chain through `more`.
    #[derive(Clone, Copy)]
    struct Entry {
        rep: u32,
        /// Next entry with the same hash in `more` (`u32::MAX` = none).
        next: u32,
        cur_file: u16,
        max_file: u16,
        cur: u32,
        max: u32,
        used: u32,
    }
    // The entries live in the map (one probe per row); hash collisions
    // between different rows go to `more`.
    let mut map: Map<Entry> = Map::default();
    map.reserve(earlier.len());
    let mut more: Vec<Entry> = Vec::new();
    fn chain<'a>(
        first: &'a mut Entry,
        more: &'a mut [Entry],
        i: usize,
        same: &impl Fn(usize, usize) -> bool,
    ) -> Result<&'a mut Entry, u32> {
        if same(first.rep as usize, i) {
            return Ok(first);
        }
        let mut e = first.next;
        while e != u32::MAX {
            if same(more[e as usize].rep as usize, i) {
                return Ok(&mut more[e as usize]);
            }
            e = more[e as usize].next;
        }
        Err(first.next)
    }
    for &i in &earlier {
        let fi = file_of(i);
        let fresh = Entry { rep: i as u32, next: u32::MAX, cur_file: fi, max_file: fi, cur: 0, max: 0, used: 0 };
        let en = match map.entry(hash_of(i)) {
            std::collections::hash_map::Entry::Vacant(v) => v.insert(fresh),
            std::collections::hash_map::Entry::Occupied(o) => {
                let first = o.into_mut();
                match chain(first, &mut more, i, &same) {
                    Ok(en) => en,
                    Err(next) => {
                        // A different row with the same hash: put it first in the chain.
                        more.push(Entry { next, ..fresh });
                        first.next = (more.len() - 1) as u32;
                        more.last_mut().unwrap()
                    }
                }
            }
        };
        if en.cur_file != fi {
            en.cur_file = fi;
            en.cur = 0;
        }
        en.cur += 1;
        if en.cur > en.max {
            en.max = en.cur;
            en.max_file = fi;
        }
    }
    let mut out = Vec::new();
    for &i in &mine {
        let Some(first) = map.get_mut(&hash_of(i)) else { continue };
        if let Ok(en) = chain(first, &mut more, i, &same) {
            if en.used < en.max {
                en.used += 1;
                out.push(i);
                found.count_repeat_of(en.max_file as usize);
            }
        }
    }
    out
}

/// Orders with a number in file `f`: one order per number across files.
/// Pushes this file's losing rows to `flag` and returns the earlier rows that
/// lose to this file (their record has no paid time, this one has).
fn order_numbers(ds: &Dataset, f: u16, found: &mut Found, flag: &mut Vec<usize>) -> Vec<usize> {
    let os = &ds.orders;
    let key = |o: &Order| o.id.trim().to_string();
    // This file's order numbers, first appearance first: (number, paid, rows).
    let mut mine: Vec<(String, bool, Vec<usize>)> = Vec::new();
    let mut pos: HashMap<String, usize> = HashMap::new();
    for (i, o) in os.iter().enumerate() {
        if o.file != f || o.id.trim().is_empty() {
            continue;
        }
        let k = key(o);
        let p = *pos.entry(k.clone()).or_insert_with(|| {
            mine.push((k, false, Vec::new()));
            mine.len() - 1
        });
        mine[p].1 |= o.paid.is_some();
        mine[p].2.push(i);
    }
    if mine.is_empty() {
        return Vec::new();
    }
    // The kept record of each of these numbers among earlier files: (file, paid).
    let mut kept: HashMap<&str, (u16, bool)> = HashMap::new();
    for (i, o) in os.iter().enumerate() {
        if o.file >= f || ds.is_duplicate_order(i) {
            continue;
        }
        let id = o.id.trim();
        if id.is_empty() || !pos.contains_key(id) {
            continue;
        }
        let e = kept.entry(id).or_insert((o.file, false));
        if e.0 == o.file {
            e.1 |= o.paid.is_some();
        }
    }
    let mut losers: HashMap<&str, u16> = HashMap::new();
    for (id, paid, rows) in &mine {
        let Some(&(kf, kpaid)) = kept.get(id.as_str()) else { continue };
        found.count_repeat_of(kf as usize);
        if *paid && !kpaid {
            found.replaced += 1;
            losers.insert(id.as_str(), kf);
        } else {
            flag.extend_from_slice(rows);
        }
    }
    if losers.is_empty() {
        return Vec::new();
    }
    os.iter()
        .enumerate()
        .filter(|(_, o)| losers.get(o.id.trim()).is_some_and(|&kf| kf == o.file))
        .map(|(i, _)| i)
        .collect()
}
