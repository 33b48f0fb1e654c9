//! Build step 9: products (issue 14) — which products each buyer-day
//! mentions, which an agent sent, and which its attributed orders hold; the
//! product dimension of a report and the product metrics read them.
//!
//! **What names a product** (docs/metrics.md 商品):
//! - an item link's id: `id=NNNN` after `?` or `&` in a link of
//!   `item.taobao.com`, `detail.tmall.com`, `*.tmall.hk`, `m.tb.cn` … (the
//!   `id` query parameter is the item id, 宝贝ID / `num_iid`, as in
//!   `https://detail.tmall.com/item.htm?id=572473824056` quoted in public
//!   Taobao-affiliate scripts). A short link without `id=` names nothing;
//! - a product card or notice line without a link id: its title after a
//!   bracketed tag (`[商品]`, `【商品卡片】`, `[宝贝]` …), after `商品链接：`
//!   / `商品卡片：`, or, in a system line, after `商品详情页` / `商品推荐`
//!   (the Qianniu notices `import/text.rs` keeps as system messages). A
//!   buyer asking "商品链接呢" names nothing: the tag needs its colon;
//! - a chat table's product column (`Dataset::message_products`: JDDC
//!   `sku`, 商品ID, 商品链接 …, or a column mapping's `product`): the
//!   message's product. A buyer message's is the buyer consulting it (as
//!   a link the buyer sent); a human agent message's is the agent
//!   recommending it (as a link the agent sent; a mention too). Digits are
//!   an item id, a link is read for its `id=`, other text is a name (a
//!   title); empty cells and `nan` were left out at import;
//! - an order: its item ids (宝贝ID / 商品ID column) if the export has
//!   them, else its titles (宝贝标题, and the titles of merged item rows,
//!   `；`-joined by `import/table.rs`).
//!
//! **Identity**: an item id is the product. A title is looked up in the
//! item lists loaded (`Dataset::items`: 宝贝ID + 宝贝标题) and becomes that
//! id; else the normalised title (whitespace runs as one space) is the
//! product. So a chat's link (an id) joins an order's title through an
//! item list, and chats and orders join directly when both carry ids or
//! both the same title. An id's title label comes from the item list only
//! (never from one chat or order), so it is the same in every part of a
//! split dataset (`crate::partition`) — a product's key and labels are a
//! function of the mention and the item lists, which every part holds.

use std::collections::HashMap;

use memchr::memmem;
use serde::{Deserialize, Serialize};

use crate::model::{Dataset, Order, Sender};

use super::attribution::{paid_by, Attribution};
use super::conversations::Conv;
use super::flags::*;
use super::{Engine, Messages};

/// A product's labels: `key` identifies it (the item id, else the
/// normalised title), `id` and `title` are what is known of it (either may
/// be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInfo {
    pub key: String,
    pub id: String,
    pub title: String,
}

/// What the product dimension and metrics read, all sorted for binary
/// search.
#[derive(Default)]
pub(crate) struct Products {
    /// Sorted by key; indices below point here.
    pub list: Vec<ProductInfo>,
    /// `(buyer-day, product)`: the products a buyer-day mentions, by
    /// anyone, in any of its conversation-days.
    bd_mentions: Vec<(u32, u32)>,
    /// `(conversation-day, product)`: products a human agent sent (or a
    /// `商品推荐` notice showed) in that conversation-day.
    conv_recs: Vec<(u32, u32)>,
    /// `(conversation-day, product, paid within the final window)`: the
    /// products of the attributed orders credited to it.
    conv_orders: Vec<(u32, u32, bool)>,
    /// `(buyer-day, product)`: products of orders attributed to the
    /// buyer-day and paid within the final window.
    bd_paid: Vec<(u32, u32)>,
    /// `(conversation-day, product, order, order amount in fen)`: the sales
    /// orders (paid within the final window) credited to the
    /// conversation-day holding the product — a product row's sales and
    /// refunds (an order of two products counts whole under each).
    conv_sales: Vec<(u32, u32, u32, i64)>,
    /// `(order, product)`: the products of each attributed order.
    order_products: Vec<(u32, u32)>,
    /// Attributed orders of a buyer-day that mentions products, holding
    /// none of them (could not be joined: docs/metrics.md).
    pub unjoined_orders: u64,
    /// Buyer-days that mention products (any conversation-day).
    pub mentioning_buyer_days: u64,
    /// Attributed orders of a buyer-day that mentions products, holding
    /// at least one of them.
    pub joined_orders: u64,
    /// `(buyer-day, product)` mentions whose product the item lists do not
    /// name (an id without a row, or a title matching no row); 0 when no
    /// item list is loaded (then nothing is "unknown to it").
    pub unknown_mentions: u64,
    /// Per conversation-day, its product flags for any product
    /// ([`Products::bits`] with no scope, shifted down to a byte): read by
    /// every report, so looked up once here, not per query.
    any: Vec<u8>,
}

/// How much of the chats and orders the product metrics could join
/// (`Summary::products`, `kefu report --by product`'s `products`). Every
/// field counts buyer-days or their orders, which belong to one buyer, so
/// the parts of a split add.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductJoin {
    /// Buyer-days that mention a product.
    pub buyer_days_mentioning: u64,
    /// Orders attributed to such buyer-days that hold one of the products
    /// the buyer-day mentions.
    pub orders_joined: u64,
    /// Orders attributed to such buyer-days that hold none of them (the
    /// chat named an id and the order only a title, with no item list to
    /// join them; or another product was bought).
    pub orders_not_joined: u64,
    /// Mentions (buyer-day × product) of products the loaded item lists do
    /// not name; 0 without an item list.
    pub mentions_unknown_to_items: u64,
}

impl ProductJoin {
    /// The sum of two parts' counts.
    pub fn plus(self, o: ProductJoin) -> ProductJoin {
        ProductJoin {
            buyer_days_mentioning: self.buyer_days_mentioning + o.buyer_days_mentioning,
            orders_joined: self.orders_joined + o.orders_joined,
            orders_not_joined: self.orders_not_joined + o.orders_not_joined,
            mentions_unknown_to_items: self.mentions_unknown_to_items + o.mentions_unknown_to_items,
        }
    }
}

/// One product reference in a text or an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ref<'a> {
    Id(&'a str),
    Title(&'a str),
}

/// Hosts whose `id=` parameter is an item id.
const HOSTS: [&str; 4] = ["taobao.com", "tmall.com", "tmall.hk", "tb.cn"];

/// Card tags any sender's message may start with; the rest is a title.
const CARD_TAGS: [&str; 12] = [
    "[商品]",
    "【商品】",
    "[商品卡片]",
    "【商品卡片】",
    "[宝贝]",
    "【宝贝】",
    "[商品链接]",
    "【商品链接】",
    "商品链接：",
    "商品链接:",
    "商品卡片：",
    "商品卡片:",
];

/// Notice lines (system messages) naming a product.
const NOTICE_TAGS: [&str; 2] = ["商品详情页", "商品推荐"];

/// Shortest item id read from a link (shorter `id=` values are not items).
const MIN_ID_DIGITS: usize = 5;

/// The finder of `id=`, the mark of an item link.
pub(crate) fn id_finder() -> memmem::Finder<'static> {
    memmem::Finder::new(b"id=")
}

/// Whether [`scan`] can find anything in `text`: an item id needs `id=`, a
/// title a trimmed text starting with a card tag or a notice's (whoever
/// sent it). Auto replies tagged `[自动回复]`, which start with `[` too,
/// are not read again.
pub(crate) fn may_name(text: &str, id: &memmem::Finder) -> bool {
    id.find(text.as_bytes()).is_some() || after_tag(text.trim_start(), true).is_some()
}

/// What follows the card tag (or, with `notices`, the notice tag) that
/// `t` starts with.
fn after_tag(t: &str, notices: bool) -> Option<&str> {
    // every tag starts with `[`, `【`, `商` or `宝`: most texts stop here
    if !t.starts_with(['[', '【', '商', '宝']) {
        return None;
    }
    let notice = if notices { &NOTICE_TAGS[..] } else { &[] };
    CARD_TAGS.iter().chain(notice).find_map(|tag| t.strip_prefix(tag))
}

/// The product references of one message's text, in text order: every
/// item link's id; without one, a card's or notice's title. `id` finds
/// `id=` (built once: a searcher per message would cost more than the scan).
pub(crate) fn scan<'a>(text: &'a str, sender: Sender, id: &memmem::Finder, out: &mut Vec<Ref<'a>>) {
    out.clear();
    let b = text.as_bytes();
    for p in id.find_iter(b) {
        if p == 0 || !(b[p - 1] == b'?' || b[p - 1] == b'&') {
            continue;
        }
        // the link starts after the last space or delimiter before `id=`
        // (a multi-byte one too: skip its whole width)
        let start = text[..p]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || "\"'<>()（）【】[]，,：".contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !HOSTS.iter().any(|h| text[start..p].contains(h)) {
            continue;
        }
        let n = b[p + 3..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n >= MIN_ID_DIGITS {
            let id = &text[p + 3..p + 3 + n];
            if !out.contains(&Ref::Id(id)) {
                out.push(Ref::Id(id));
            }
        }
    }
    if !out.is_empty() {
        return;
    }
    if let Some(rest) = after_tag(text.trim(), sender == Sender::System) {
        let rest = rest.trim_start_matches([':', '：', ' ', '\u{3000}']);
        let title = rest.split(['\n', '\r']).next().unwrap_or("");
        let title = title.split("http").next().unwrap_or("").trim();
        if !title.is_empty() {
            out.push(Ref::Title(title));
        }
    }
}

/// The product a chat table's product column names for a message (JDDC
/// `sku`, 商品ID, 商品链接 …: `Dataset::message_products`), added to the
/// message's own references: digits are an item id; a value holding item
/// links names their ids (read as in a text); any other value is the
/// product's name, like a card's title (joined through the item list).
fn column_refs<'a>(v: &'a str, id: &memmem::Finder, out: &mut Vec<Ref<'a>>) {
    let v = v.trim();
    let r = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        Ref::Id(v)
    } else if id.find(v.as_bytes()).is_some() {
        let mut links = Vec::new();
        // the sender only matters for notice tags, which a link skips
        scan(v, Sender::Buyer, id, &mut links);
        for r in links.into_iter().filter(|r| matches!(r, Ref::Id(_))) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
        return;
    } else if v.is_empty() {
        return;
    } else {
        Ref::Title(v)
    };
    if !out.contains(&r) {
        out.push(r);
    }
}

/// A title as a product key: whitespace runs as one space, trimmed.
pub(crate) fn norm_title(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An order's product references: its item ids, else its titles.
fn order_refs(o: &Order) -> Vec<Ref<'_>> {
    let ids: Vec<Ref> = o.item_ids.split('；').map(str::trim).filter(|s| !s.is_empty()).map(Ref::Id).collect();
    if !ids.is_empty() {
        return ids;
    }
    o.title.split('；').map(str::trim).filter(|s| !s.is_empty()).map(Ref::Title).collect()
}

/// Normalised title → item id from the item lists (the first row of a
/// title wins), as the catalogue joins titles.
pub(crate) fn item_titles(ds: &Dataset) -> HashMap<String, String> {
    Catalogue::new(ds).by_title
}

/// Products by key while they are found; sorted at the end.
struct Catalogue {
    /// Normalised title → item id, from the item lists (the first row of a
    /// title wins).
    by_title: HashMap<String, String>,
    /// Item id → its title in the item lists (first row wins).
    title_of: HashMap<String, String>,
    keys: HashMap<String, u32>,
    list: Vec<ProductInfo>,
}

impl Catalogue {
    fn new(ds: &Dataset) -> Catalogue {
        let (mut by_title, mut title_of) = (HashMap::new(), HashMap::new());
        for it in &ds.items {
            let t = norm_title(&it.title);
            let id = it.id.trim().to_string();
            if t.is_empty() || id.is_empty() {
                continue;
            }
            by_title.entry(t.clone()).or_insert_with(|| id.clone());
            title_of.entry(id).or_insert(t);
        }
        Catalogue { by_title, title_of, keys: HashMap::new(), list: Vec::new() }
    }

    /// The product a reference names (None: an empty title).
    fn intern(&mut self, r: Ref) -> Option<u32> {
        let (id, title) = match r {
            Ref::Id(id) => (id.to_string(), None),
            Ref::Title(t) => {
                let t = norm_title(t);
                if t.is_empty() {
                    return None;
                }
                match self.by_title.get(&t) {
                    Some(id) => (id.clone(), None),
                    None => (String::new(), Some(t)),
                }
            }
        };
        let key = if id.is_empty() { title.clone().unwrap_or_default() } else { id.clone() };
        if let Some(&i) = self.keys.get(&key) {
            return Some(i);
        }
        let title = title.or_else(|| self.title_of.get(&id).cloned()).unwrap_or_default();
        let i = self.list.len() as u32;
        self.keys.insert(key.clone(), i);
        self.list.push(ProductInfo { key, id, title });
        Some(i)
    }
}

/// Sort and dedup pairs whose first fields were renumbered.
fn tidy<T: Ord>(v: &mut Vec<T>) {
    v.sort_unstable();
    v.dedup();
}

/// What step 9 reads.
pub(crate) struct Inputs<'a> {
    pub ds: &'a Dataset,
    pub msgs: &'a Messages,
    pub convs: &'a [Conv],
    pub attributions: &'a [Attribution],
    /// `final_window_days`.
    pub window: i32,
}

impl Inputs<'_> {
    /// Scan every kept message and every attributed order (messages are
    /// read once; a text without `id=` or a card tag costs one SIMD search).
    pub fn build(&self) -> Products {
        let mut cat = Catalogue::new(self.ds);
        let (mut bd_mentions, mut conv_recs, mut conv_orders, mut bd_paid) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut conv_sales, mut order_products) = (Vec::new(), Vec::new());
        let mut refs = Vec::new();
        let id = id_finder();
        // a chat table's product column names products whatever the text says
        let column = !self.ds.message_products.is_empty();
        let named = &self.msgs.named;
        for (ci, c) in self.convs.iter().enumerate() {
            for mi in c.msg_range() {
                let f = self.msgs.flags[mi];
                if !column && f & M_PRODUCT == 0 {
                    continue;
                }
                // the text's references, found by step 1 (`Messages::named`)
                refs.clear();
                if f & M_PRODUCT != 0 {
                    let at = named.partition_point(|x| (x.0 as usize) < mi);
                    refs.extend(named[at..].iter().take_while(|x| x.0 as usize == mi).map(|(_, r)| r.get(self.ds)));
                }
                if let Some(v) = self.ds.message_product(self.msgs.index(mi)) {
                    column_refs(v, &id, &mut refs);
                }
                if refs.is_empty() {
                    continue;
                }
                let rec = f & M_HUMAN != 0
                    || (m_sender(f) == Sender::System
                        && self.ds.text(self.msgs.get(self.ds, mi).text).trim_start().starts_with("商品推荐"));
                for &r in &refs {
                    let Some(p) = cat.intern(r) else { continue };
                    bd_mentions.push((c.bd, p));
                    if rec {
                        conv_recs.push((ci as u32, p));
                    }
                }
            }
        }
        for a in self.attributions {
            let o = &self.ds.orders[a.order as usize];
            let paid = paid_by(o.paid, self.convs[a.conv as usize].day, self.window)[2];
            for r in order_refs(o) {
                let Some(p) = cat.intern(r) else { continue };
                conv_orders.push((a.conv, p, paid));
                order_products.push((a.order, p));
                if paid {
                    bd_paid.push((a.bd, p));
                    conv_sales.push((a.conv, p, a.order, o.amount_fen));
                }
            }
        }
        // Number the products by key, the order of the report's rows.
        let mut order: Vec<u32> = (0..cat.list.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| cat.list[a as usize].key.cmp(&cat.list[b as usize].key));
        let mut rank = vec![0u32; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let list = order.iter().map(|&i| cat.list[i as usize].clone()).collect();
        for x in bd_mentions.iter_mut().chain(conv_recs.iter_mut()).chain(bd_paid.iter_mut()) {
            x.1 = rank[x.1 as usize];
        }
        for x in &mut conv_orders {
            x.1 = rank[x.1 as usize];
        }
        for x in &mut conv_sales {
            x.1 = rank[x.1 as usize];
        }
        for x in &mut order_products {
            x.1 = rank[x.1 as usize];
        }
        tidy(&mut conv_sales);
        tidy(&mut order_products);
        tidy(&mut bd_mentions);
        tidy(&mut conv_recs);
        tidy(&mut conv_orders);
        tidy(&mut bd_paid);
        let mut p = Products {
            list,
            bd_mentions,
            conv_recs,
            conv_orders,
            bd_paid,
            conv_sales,
            order_products,
            ..Default::default()
        };
        p.mentioning_buyer_days = p.bd_mentions.chunk_by(|a, b| a.0 == b.0).count() as u64;
        for a in self.attributions {
            let m = p.mentions_of(a.bd);
            if m.is_empty() {
                continue;
            }
            if p.orders_of(a.conv).any(|(q, _)| m.binary_search(&(a.bd, q)).is_ok()) {
                p.joined_orders += 1;
            } else {
                p.unjoined_orders += 1;
            }
        }
        // (a buyer-day that mentions nothing has no product flags)
        let mut mentioning = vec![false; self.convs.iter().map(|c| c.bd as usize + 1).max().unwrap_or(0)];
        for &(bd, _) in &p.bd_mentions {
            if let Some(m) = mentioning.get_mut(bd as usize) {
                *m = true;
            }
        }
        p.any = self
            .convs
            .iter()
            .enumerate()
            .map(|(ci, c)| if mentioning[c.bd as usize] { (p.bits(c, ci as u32, None) >> PF_SHIFT) as u8 } else { 0 })
            .collect();
        if !self.ds.items.is_empty() {
            let unknown = |q: u32| {
                let i = &p.list[q as usize];
                i.id.is_empty() || i.title.is_empty()
            };
            p.unknown_mentions = p.bd_mentions.iter().filter(|x| unknown(x.1)).count() as u64;
        }
        p
    }
}

/// The entries of `v` whose first field is `k`.
fn run_of<T: Copy, F: Fn(&T) -> u32>(v: &[T], k: u32, key: F) -> &[T] {
    let s = v.partition_point(|x| key(x) < k);
    let e = s + v[s..].partition_point(|x| key(x) == k);
    &v[s..e]
}

impl Products {
    /// The product flags (`PF_*`) of conversation-day `c` (at `ci`) for
    /// products in `scope` (one product, or `None`: any).
    pub(crate) fn bits(&self, c: &Conv, ci: u32, scope: Option<u32>) -> u32 {
        let m = self.mentions_of(c.bd);
        let ok = |p: u32| scope.is_none_or(|s| s == p);
        if !m.iter().any(|x| ok(x.1)) {
            return 0;
        }
        let mut f = PF_MENTION;
        for p in self.recs_of(ci).filter(|&p| ok(p)) {
            f |= PF_REC;
            if self.paid_in(c.bd, p) {
                f |= PF_REC_PAID;
            }
        }
        for (p, paid) in self.orders_of(ci) {
            if ok(p) && m.binary_search(&(c.bd, p)).is_ok() {
                f |= PF_ORDERED;
                if paid {
                    f |= PF_PAID;
                }
            }
        }
        f
    }

    /// `(bd, product)` pairs of the products buyer-day `bd` mentions.
    pub fn mentions_of(&self, bd: u32) -> &[(u32, u32)] {
        run_of(&self.bd_mentions, bd, |x| x.0)
    }

    /// Does buyer-day `bd` mention product `p`?
    pub fn mentions(&self, bd: u32, p: u32) -> bool {
        self.bd_mentions.binary_search(&(bd, p)).is_ok()
    }

    /// Products sent by an agent in conversation-day `ci`.
    pub fn recs_of(&self, ci: u32) -> impl Iterator<Item = u32> + '_ {
        run_of(&self.conv_recs, ci, |x| x.0).iter().map(|x| x.1)
    }

    /// (product, paid within the final window) of the orders credited to
    /// conversation-day `ci` (an order of several products: one each).
    pub fn orders_of(&self, ci: u32) -> impl Iterator<Item = (u32, bool)> + '_ {
        run_of(&self.conv_orders, ci, |x| x.0).iter().map(|x| (x.1, x.2))
    }

    /// Is product `p` in an order attributed to buyer-day `bd` and paid
    /// within the final window?
    pub fn paid_in(&self, bd: u32, p: u32) -> bool {
        self.bd_paid.binary_search(&(bd, p)).is_ok()
    }

    /// `(order, order amount)` of the sales orders credited to
    /// conversation-day `ci` that hold product `p`.
    pub fn sales_of(&self, ci: u32, p: u32) -> impl Iterator<Item = (u32, i64)> + '_ {
        run_of(&self.conv_sales, ci, |x| x.0).iter().filter(move |x| x.1 == p).map(|x| (x.2, x.3))
    }

    /// The attributed orders that hold a product, ascending (repeated once
    /// per product).
    pub fn order_ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.order_products.iter().map(|x| x.0)
    }

    /// The products of attributed order `oi`.
    pub fn of_order(&self, oi: u32) -> impl Iterator<Item = u32> + '_ {
        run_of(&self.order_products, oi, |x| x.0).iter().map(|x| x.1)
    }

    /// The product a refund application names (issue 14 item 2): `None`
    /// when it names none (no item id, no title: it belongs to each of its
    /// order's products); `Some(None)` when it names one no chat or order
    /// of this build does (it counts under no product row). Its item id,
    /// else its title joined through the item lists (`titles`), as an
    /// order's are.
    pub(crate) fn of_refund(&self, r: &crate::model::Refund, titles: &HashMap<String, String>) -> Option<Option<u32>> {
        let id = r.item_id.trim();
        if !id.is_empty() {
            return Some(self.find(id));
        }
        let t = norm_title(&r.title);
        if t.is_empty() {
            return None;
        }
        Some(self.find(titles.get(&t).map_or(t.as_str(), |id| id.as_str())))
    }

    /// The product with this key.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.list.binary_search_by(|x| x.key.as_str().cmp(key)).ok().map(|i| i as u32)
    }
}

impl Engine {
    /// The product flags (`PF_*`) of conversation-day `ci` for a row whose
    /// products in scope are `scope` (one product, or `None`: any). They
    /// OR over a buyer-day's conversation-days in the group like the
    /// stored flags, so a buyer-day test reads both.
    #[inline]
    pub(crate) fn product_bits(&self, ci: u32, scope: Option<u32>) -> u32 {
        match scope {
            None => (self.products.any[ci as usize] as u32) << PF_SHIFT,
            Some(_) => self.products.bits(&self.convs[ci as usize], ci, scope),
        }
    }

    /// The products found (sorted by key): what a product row's key can
    /// name.
    pub fn products(&self) -> &[ProductInfo] {
        &self.products.list
    }

    /// (buyer-days mentioning a product, attributed orders of such
    /// buyer-days holding none of their products): how much of the chats
    /// and orders the product metrics could join.
    pub fn product_join_counts(&self) -> (u64, u64) {
        (self.products.mentioning_buyer_days, self.products.unjoined_orders)
    }

    /// The join counts whole ([`ProductJoin`]).
    pub fn product_join(&self) -> ProductJoin {
        let p = &self.products;
        ProductJoin {
            buyer_days_mentioning: p.mentioning_buyer_days,
            orders_joined: p.joined_orders,
            orders_not_joined: p.unjoined_orders,
            mentions_unknown_to_items: p.unknown_mentions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str, sender: Sender) -> Vec<Ref<'_>> {
        let mut out = Vec::new();
        scan(text, sender, &memmem::Finder::new(b"id="), &mut out);
        out
    }

    /// The message pass flags a text for the scan only when `may_name`
    /// says so: every text the scan finds something in must be flagged.
    #[test]
    fn texts_the_scan_names_are_flagged_and_auto_replies_are_not() {
        let id = id_finder();
        let mut texts: Vec<String> = Vec::new();
        for tag in CARD_TAGS.iter().chain(&NOTICE_TAGS) {
            for t in [
                format!("{tag}碎花连衣裙"),
                format!("  {tag}：碎花连衣裙"),
                format!("\u{3000}{tag} 碎花连衣裙 https://m.tb.cn/h.5abc"),
                tag.to_string(),
                format!("看看这个 {tag}碎花连衣裙"),
            ] {
                texts.push(t);
            }
        }
        for t in [
            "https://item.taobao.com/item.htm?id=123456789",
            "亲 https://detail.tmall.com/item.htm?spm=a&id=987654321 这款",
            "[自动回复]您好，欢迎光临",
            "【自动回复】亲，在的",
            "[图片]",
            "商家已发货",
            "宝宝穿多大",
            "id=12345",
            "在吗",
        ] {
            texts.push(t.to_string());
        }
        let mut named = 0;
        for t in &texts {
            for sender in [Sender::Buyer, Sender::Agent, Sender::Auto, Sender::System] {
                if !refs(t, sender).is_empty() {
                    named += 1;
                    assert!(may_name(t, &id), "{t:?} names a product ({sender:?}) but is not flagged");
                }
            }
        }
        assert!(named > 40, "{named}");
        for t in ["[自动回复]您好，欢迎光临", "【自动回复】亲，在的", "[图片]", "商家已发货", "宝宝穿多大", "在吗"]
        {
            assert!(!may_name(t, &id), "{t:?} flagged");
        }
    }

    #[test]
    fn links_name_their_item_id() {
        assert_eq!(
            refs("https://item.taobao.com/item.htm?id=678912345601", Sender::Buyer),
            vec![Ref::Id("678912345601")]
        );
        assert_eq!(
            refs("看看这个 https://detail.tmall.com/item.htm?spm=a1z10&id=572473824056&skuId=1 和 https://item.taobao.com/item.htm?id=678912345602", Sender::Agent),
            vec![Ref::Id("572473824056"), Ref::Id("678912345602")]
        );
        // a full-width delimiter right before the link
        assert_eq!(
            refs("可以看看：https://item.taobao.com/item.htm?id=678912345611", Sender::Agent),
            vec![Ref::Id("678912345611")]
        );
        assert_eq!(
            refs("链接，https://item.taobao.com/item.htm?id=678912345611", Sender::Agent),
            vec![Ref::Id("678912345611")]
        );
        // `skuId=`, `uid=` and other sites' ids are not items
        assert!(refs("https://example.com/item.htm?id=123456789", Sender::Buyer).is_empty());
        assert!(refs("https://item.taobao.com/item.htm?uid=123456789", Sender::Buyer).is_empty());
        // too short, or a short link without an id
        assert!(refs("https://item.taobao.com/item.htm?id=12", Sender::Buyer).is_empty());
        assert!(refs("https://m.tb.cn/h.5abcde", Sender::Buyer).is_empty());
    }

    #[test]
    fn cards_and_notices_name_a_title() {
        assert_eq!(refs("[商品] 纯棉短袖T恤  女款", Sender::Buyer), vec![Ref::Title("纯棉短袖T恤  女款")]);
        assert_eq!(refs("商品链接：碎花连衣裙 https://m.tb.cn/h.5abc", Sender::Agent), vec![Ref::Title("碎花连衣裙")]);
        // a card with a link names the link's id, not the title
        assert_eq!(
            refs("【商品卡片】碎花连衣裙 https://item.taobao.com/item.htm?id=678912345602", Sender::Agent),
            vec![Ref::Id("678912345602")]
        );
        assert_eq!(refs("商品详情页：高腰阔腿牛仔裤", Sender::System), vec![Ref::Title("高腰阔腿牛仔裤")]);
        // a buyer typing the words is no notice, a question no card
        assert!(refs("商品详情页看不到尺码", Sender::Buyer).is_empty());
        assert!(refs("商品链接呢", Sender::Buyer).is_empty());
        assert!(refs("[商品]", Sender::Buyer).is_empty());
        assert_eq!(norm_title("  纯棉  短袖\tT恤 "), "纯棉 短袖 T恤");
    }
}
