//! The in-memory dataset: interned nicks, integer timestamps, text kept as
//! references into the decoded source buffers.
//!
//! Timestamps are *shop-local wall-clock seconds*: a naive local date-time
//! `2024-06-01 09:30:00` is stored as the seconds of `2024-06-01T09:30:00Z`.
//! Every input timestamp is read as shop-local (spec §10), so a day is simply
//! `ts.div_euclid(86_400)` and no time-zone arithmetic happens in the engine.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Index into [`Interner`]. `Sym::NONE` means "not set".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Sym(pub u32);

impl Sym {
    pub const NONE: Sym = Sym(u32::MAX);
    pub fn is_none(self) -> bool {
        self.0 == u32::MAX
    }
}

/// String interner for shop names, staff nicks and buyer nicks.
///
/// A clone shares the names with the original until either interns a new
/// one (copy on write): the parts of a split dataset each hold the whole
/// dataset's nicks, which were a copy per part before (issue 12: at 1M
/// messages 91k buyer nicks, about 8 MB a copy).
///
/// Each name is held once: the index keeps a name's symbol with its hash,
/// not a second copy of the name (issue 12: at 10M messages about 900k
/// buyer nicks), and a name is hashed once when it is interned.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Interner {
    names: Arc<Vec<String>>,
    #[serde(skip)]
    index: Arc<hashbrown::HashTable<(u64, u32)>>,
}

/// Whether two names are the same bytes, read a word at a time. The import
/// compares each row's nicks with the row before's and with interned ones
/// (millions of short strings); WebAssembly has no `memcmp` of its own, and
/// the one compiled in goes byte by byte.
#[inline]
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("eight bytes"));
    let w4 = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("four bytes"));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        _ => {
            // whole words, then the last eight bytes (overlapping the words
            // before when the length is no multiple of eight)
            let mut i = 0;
            while i + 8 < n {
                if w8(a, i) != w8(b, i) {
                    return false;
                }
                i += 8;
            }
            w8(a, n - 8) == w8(b, n - 8)
        }
    }
}

fn name_hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> Sym {
        self.intern_with(s, |s| s.to_string())
    }
    /// [`intern`](Interner::intern) a name owned already: kept as it is
    /// when it is new (not copied).
    pub fn intern_owned(&mut self, s: String) -> Sym {
        let h = name_hash(&s);
        if let Some(i) = self.find(h, &s) {
            return Sym(i);
        }
        self.push(h, s)
    }
    fn intern_with(&mut self, s: &str, own: impl FnOnce(&str) -> String) -> Sym {
        let h = name_hash(s);
        if let Some(i) = self.find(h, s) {
            return Sym(i);
        }
        self.push(h, own(s))
    }
    fn find(&self, h: u64, s: &str) -> Option<u32> {
        let names = &self.names;
        self.index.find(h, |&(eh, i)| eh == h && same_name(&names[i as usize], s)).map(|&(_, i)| i)
    }
    fn push(&mut self, h: u64, s: String) -> Sym {
        let i = self.names.len() as u32;
        Arc::make_mut(&mut self.names).push(s);
        Arc::make_mut(&mut self.index).insert_unique(h, (h, i), |&(eh, _)| eh);
        Sym(i)
    }
    /// Room for `n` more names.
    pub fn reserve(&mut self, n: usize) {
        Arc::make_mut(&mut self.names).reserve(n);
        Arc::make_mut(&mut self.index).reserve(n, |&(eh, _)| eh);
    }
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.find(name_hash(s), s).map(Sym)
    }
    pub fn name(&self, sym: Sym) -> &str {
        if sym.is_none() {
            ""
        } else {
            &self.names[sym.0 as usize]
        }
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    /// Every name, in symbol order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|s| s.as_str())
    }
    /// Every name, in symbol order, owned (taken without a copy when this
    /// interner shares them with no clone).
    pub fn into_names(self) -> Vec<String> {
        Arc::try_unwrap(self.names).unwrap_or_else(|shared| (*shared).clone())
    }
}

/// Who sent a message (spec §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sender {
    Buyer,
    Agent,
    Auto,
    System,
}

impl Sender {
    /// The serialised name: `buyer`, `agent`, `auto`, `system`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Buyer => "buyer",
            Sender::Agent => "agent",
            Sender::Auto => "auto",
            Sender::System => "system",
        }
    }
}

impl std::fmt::Display for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reference to message text: `len` bytes at `start` of buffer `buf` of
/// [`Dataset::buffers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextRef {
    pub buf: u32,
    pub start: u32,
    pub len: u32,
}

/// `Message::block` for messages from table formats (agent and buyer explicit).
pub const NO_BLOCK: u32 = u32::MAX;

/// One chat message.
///
/// Table formats fill `agent`, `buyer` and `sender` directly. Text formats
/// (inline `NICK(time):text`, Qianniu window text) fill `speaker` and `block`
/// and leave `agent`/`buyer` as `Sym::NONE`; [`crate::import::resolve`] fills
/// them per spec §1.2 for the current settings (account list), so a settings
/// change re-resolves without re-reading files. A text line that names both
/// sides (the Qianniu monitor shape `SENDER --> RECEIVER time`) stores the
/// pair as the colon rule reads it: the speaker on its `sender` side, the
/// receiver in the other of `agent`/`buyer`; `resolve` re-reads the pair with
/// the settings.
///
/// `sender` as stored is what the *source* says: `Agent` for any staff
/// message (even if its text starts with an auto-reply marker, unless the
/// source format itself flagged it as automatic, then `Auto`), `Buyer`,
/// or `System`. The engine applies the configured auto-reply markers.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Message {
    pub ts: i64,
    pub shop: Sym,
    pub agent: Sym,
    pub buyer: Sym,
    /// Text formats: the nick on the header line. Table formats: the agent
    /// for staff messages, the buyer for buyer messages.
    pub speaker: Sym,
    pub sender: Sender,
    pub block: u32,
    pub text: TextRef,
    /// Index into `Dataset::files`.
    pub file: u16,
    /// 1-based line (text) or row (table, header = line 1) in the source file.
    pub line: u32,
}

/// An order (spec §1.3). Amounts in fen (0.01 yuan) to stay exact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    pub shop: Sym,
    pub buyer: Sym,
    pub created: i64,
    pub paid: Option<i64>,
    pub amount_fen: i64,
    pub status: String,
    pub title: String,
    /// Item ids (宝贝ID / 商品ID) of the order's items, `；`-joined like
    /// `title`; empty when the export has no such column (issue 14).
    #[serde(default)]
    pub item_ids: String,
    pub file: u16,
    pub line: u32,
    /// What the order export itself says was refunded, in fen: its
    /// `退款金额` column (Taobao, the Tianchi report), or the paid amount
    /// when its `售后状态` says `退款成功` (Douyin, Pinduoduo: no amount
    /// column). 0 = no refund. A refund export's records of the same order
    /// take precedence (`engine/refunds.rs`): the refund counts once.
    #[serde(default)]
    pub refund_fen: i64,
}

/// One refund application (退款管理 export, issue 14 item 2). Amounts in
/// fen. Joined to its order by `order_id`; a refund whose order is not
/// loaded counts nowhere and is reported (`Summary::refunds_without_order`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refund {
    /// 订单编号 of the refunded order.
    pub order_id: String,
    /// 退款编号 (empty when the export has none).
    pub refund_id: String,
    pub shop: Sym,
    /// 买家会员名称, when the export carries it (`Sym::NONE` otherwise).
    pub buyer: Sym,
    /// 买家退款金额.
    pub amount_fen: i64,
    /// 退款的申请时间 (None: the export left it empty).
    pub applied: Option<i64>,
    /// 买家退款原因 as written.
    pub reason: String,
    /// 退款状态 as written (`退款成功`, `退款关闭`, …).
    pub status: String,
    /// 宝贝标题.
    pub title: String,
    /// 宝贝ID / 商品ID of the refunded item, when the export has the column
    /// (issue 14: refunds per product).
    #[serde(default)]
    pub item_id: String,
    pub file: u16,
    pub line: u32,
}

impl Refund {
    /// The money went back to the buyer: the status says 退款成功 (or
    /// carries no status at all, as in an export of finished refunds only).
    /// A closed or refused application (退款关闭, 卖家拒绝退款) or one still
    /// in progress refunds nothing (yet).
    pub fn succeeded(&self) -> bool {
        let s = self.status.trim();
        s.is_empty() || s.contains("退款成功") || s.eq_ignore_ascii_case("success")
    }
}

/// One row of an item list (商品列表: 宝贝ID + 宝贝标题, issue 14): it
/// names the item a title belongs to, so a chat's item link (an id) joins
/// an order that carries only titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub file: u16,
}

/// One rating (接待评价), spec §1.4. `score` 5 = 很满意 … 1 = 很不满意.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rating {
    pub shop: Sym,
    pub agent: Sym,
    pub buyer: Sym,
    pub ts: i64,
    pub score: u8,
    pub file: u16,
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Chats,
    Orders,
    Ratings,
    /// An item list (商品列表: item id and title), issue 14.
    Items,
    /// 退款管理 exports (issue 14 item 2).
    Refunds,
    Unknown,
}

/// One problem found while importing, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    /// Plain-language reason in Chinese, e.g. `时间格式无法识别 '2024-13-01'`.
    pub message_zh: String,
    /// The same in English.
    pub message_en: String,
}

/// A worksheet of a workbook that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedSheet {
    pub sheet: String,
    pub message_zh: String,
    pub message_en: String,
}

/// The import report of one file (what the UI shows and CLI `diagnostics`).
///
/// A workbook with several sheets gives one report per imported sheet (all
/// with the file's `name`, each with its `sheet`), so every report is one
/// slot of `Dataset::files` and `Message::file` still names one slot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    /// The worksheet this report covers, when the workbook has more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Worksheets of this workbook that were not imported (listed on the
    /// workbook's first report only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_sheets: Vec<SkippedSheet>,
    pub bytes: u64,
    pub kind: FileKind,
    /// e.g. `chat-table`, `chat-inline`, `chat-qianniu`, `taobao-orders`,
    /// `taobao-orders-xlsx`, `pdd-orders`, `douyin-orders`, `jd-orders`,
    /// `ratings`, or `unknown`.
    pub format: String,
    /// e.g. `UTF-8`, `UTF-8 BOM`, `GB18030`, `UTF-16LE`, `xlsx`.
    pub encoding: String,
    /// Data lines or rows read (header excluded).
    pub read: u64,
    pub imported: u64,
    pub skipped: u64,
    /// The first 20 problems.
    pub problems: Vec<Problem>,
    /// Total problems (may exceed `problems.len()`).
    pub problem_count: u64,
    /// Set when the file could not be used at all: why, and what was expected.
    pub fatal: Option<Problem>,
    /// The user removed this file (or re-imported it as another kind); its
    /// rows are gone from the dataset, the slot stays so file indices hold.
    #[serde(default)]
    pub removed: bool,
    /// The import was cancelled before this file was read: no rows, a
    /// card saying so (choose the file again to import it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
    /// Rows of this file that repeat rows already loaded from earlier files
    /// and do not count (spec §1.2.1); for orders, order numbers already
    /// loaded. Recounted when a file is removed.
    #[serde(default)]
    pub duplicates: u64,
    /// Which earlier files those rows repeat, in file order.
    #[serde(default)]
    pub duplicate_of: Vec<DuplicateOf>,
    /// Orders: of `duplicates`, how many replaced the earlier file's record
    /// (this file has the paid time, the earlier one had none).
    #[serde(default)]
    pub replaced: u64,
    /// Order files: rows merged into an earlier row of the same order in
    /// this file (one row per item or sub-order, spec §1.3); not counted
    /// in `imported` or `skipped`.
    #[serde(default)]
    pub merged: u64,
    /// Order files: imported orders that carry no buyer nickname (the
    /// export has none, or only a placeholder); they are linked to a buyer
    /// through their order number in chats.
    #[serde(default)]
    pub orders_without_buyer: u64,
    /// Lines of a mostly UTF-8 file that were in GB18030 (GBK) and were
    /// decoded as such, line by line (issue 13).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_encoding_lines: u64,
    /// A table that matched no known format and no column mapping: its
    /// first rows, so the user can map its columns (spec §10.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<TablePreview>,
    /// An official 生意参谋 客服 sheet kept for 对账 (issue 15): not an
    /// input, no rows in the dataset; the sheet kind (`SheetKind` in
    /// snake case: `consult`, `inquiry`, `avg_price`, `evaluation`,
    /// `agent_summary`) and its rows in `read`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<crate::reconcile::SheetKind>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// An earlier file that a file repeats rows of (see `FileReport::duplicate_of`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateOf {
    /// Index of that file in `Dataset::files` (`Loaded::reports`).
    pub index: usize,
    pub name: String,
    pub count: u64,
}

/// The start of an unrecognised table, for the column mapper.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TablePreview {
    /// The header cells, trimmed, in order, not shortened (a mapping made
    /// from this preview matches the same table again).
    pub header: Vec<String>,
    /// The first data rows (up to 5), each cell shortened to 40 characters.
    pub rows: Vec<Vec<String>>,
    /// Per column, its distinct values among the first 1,000 data rows when
    /// there are at most 20 of them (else empty): the choices for the
    /// sender/role column.
    pub values: Vec<Vec<String>>,
}

impl FileReport {
    pub const MAX_PROBLEMS: usize = 20;

    pub fn new(name: &str, bytes: u64) -> Self {
        FileReport {
            name: name.to_string(),
            sheet: None,
            skipped_sheets: Vec::new(),
            bytes,
            kind: FileKind::Unknown,
            format: "unknown".into(),
            encoding: String::new(),
            read: 0,
            imported: 0,
            skipped: 0,
            problems: Vec::new(),
            problem_count: 0,
            fatal: None,
            removed: false,
            cancelled: false,
            duplicates: 0,
            duplicate_of: Vec::new(),
            replaced: 0,
            merged: 0,
            orders_without_buyer: 0,
            other_encoding_lines: 0,
            preview: None,
            reference: None,
        }
    }

    /// `name`, or `name › sheet` for one sheet of a workbook.
    pub fn display_name(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{} › {s}", self.name),
            None => self.name.clone(),
        }
    }

    pub fn problem(&mut self, line: u64, zh: impl Into<String>, en: impl Into<String>) {
        self.problem_count += 1;
        if self.problems.len() < Self::MAX_PROBLEMS {
            self.problems.push(Problem { line, message_zh: zh.into(), message_en: en.into() });
        }
    }
}

/// Everything imported so far.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Dataset {
    pub shops: Interner,
    /// Staff and buyer nicks share one interner.
    pub nicks: Interner,
    pub messages: Vec<Message>,
    pub orders: Vec<Order>,
    pub ratings: Vec<Rating>,
    /// Item lists' rows (issue 14); every part of a split gets them all.
    #[serde(default)]
    pub items: Vec<Item>,
    /// Refund applications from refund exports (issue 14 item 2).
    #[serde(default)]
    pub refunds: Vec<Refund>,
    /// The product a chat table's product column (JDDC `sku`, 商品ID,
    /// 商品链接 …) names for a message (issue 14): `(message index, value
    /// in product_values)`, sorted by index, only for messages whose cell
    /// held one (empty and `nan` left out). A side table rather than a
    /// field of every message: few tables have the column, and the
    /// message record should shrink, not grow (issue 12).
    #[serde(default)]
    pub message_products: Vec<(u32, Sym)>,
    /// The product column values, interned as written (trimmed).
    #[serde(default)]
    pub product_values: Interner,
    /// Decoded text of source files plus overflow arenas; `TextRef::buf`
    /// indexes this. Shared, not copied, by the parts of a split dataset
    /// (`crate::partition`): a file's text is held once however it is cut.
    pub buffers: Vec<Arc<String>>,
    pub files: Vec<FileReport>,
    /// Text blocks created so far (next free block id).
    pub blocks: u32,
    /// Which rows repeat rows of earlier files (spec §1.2.1, `dedup.rs`);
    /// recomputed, never stored.
    #[serde(skip)]
    pub(crate) dups: crate::dedup::Duplicates,
    /// The buyer a text block's section line names (`----- 与 NICK 的聊天记录
    /// -----`), by block id; blocks without such a line have no entry. Used by
    /// [`crate::import::resolve`] when no buyer writes in the block (spec §1.2).
    #[serde(default)]
    pub block_buyers: BTreeMap<u32, Sym>,
}

impl Dataset {
    /// The product column value of message `i` (`message_products`), if
    /// its row had one.
    pub fn message_product(&self, i: u32) -> Option<&str> {
        let k = self.message_products.binary_search_by_key(&i, |e| e.0).ok()?;
        Some(self.product_values.name(self.message_products[k].1))
    }

    pub fn text(&self, t: TextRef) -> &str {
        let b = &self.buffers[t.buf as usize];
        &b[t.start as usize..(t.start + t.len) as usize]
    }

    /// Store an owned string in a fresh arena buffer (for text that is not a
    /// contiguous slice of a source buffer).
    pub fn push_text(&mut self, arena: &mut Option<u32>, s: &str) -> TextRef {
        let id = match *arena {
            Some(id) if self.buffers[id as usize].len() + s.len() < u32::MAX as usize / 2 => id,
            _ => {
                self.buffers.push(Arc::default());
                let id = (self.buffers.len() - 1) as u32;
                *arena = Some(id);
                id
            }
        };
        let b = Arc::make_mut(&mut self.buffers[id as usize]);
        let start = b.len() as u32;
        b.push_str(s);
        TextRef { buf: id, start, len: s.len() as u32 }
    }

    /// Where the dataset stands now, so a file imported after this point
    /// can be undone whole (a cancelled import).
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            messages: self.messages.len(),
            orders: self.orders.len(),
            ratings: self.ratings.len(),
            items: self.items.len(),
            refunds: self.refunds.len(),
            buffers: self.buffers.len(),
            files: self.files.len(),
        }
    }

    /// Drop every row, buffer and file report added since `cp`. Interned
    /// names stay (an unused name changes no number). Duplicate flags are
    /// recomputed.
    pub fn rollback(&mut self, cp: Checkpoint) {
        self.messages.truncate(cp.messages);
        let keep = self.message_products.partition_point(|e| (e.0 as usize) < cp.messages);
        self.message_products.truncate(keep);
        self.orders.truncate(cp.orders);
        self.ratings.truncate(cp.ratings);
        self.items.truncate(cp.items);
        self.refunds.truncate(cp.refunds);
        self.buffers.truncate(cp.buffers);
        self.files.truncate(cp.files);
        self.recount_duplicates();
    }

    /// Drop the rows of file `index` (an index into `files`). Its report
    /// stays, marked `removed`, so later files keep their indices; the
    /// duplicate flags and counts of all files are recomputed.
    /// Returns false when there is no such file.
    pub fn remove_file(&mut self, index: usize) -> bool {
        if index >= self.files.len() {
            return false;
        }
        let f = index as u16;
        if !self.message_products.is_empty() {
            // the kept messages move down: renumber their products
            let mut new_index = Vec::with_capacity(self.messages.len());
            let mut n = 0u32;
            for m in &self.messages {
                new_index.push((m.file != f).then_some(n));
                n += (m.file != f) as u32;
            }
            self.message_products =
                self.message_products.iter().filter_map(|&(i, p)| new_index[i as usize].map(|j| (j, p))).collect();
        }
        self.messages.retain(|m| m.file != f);
        self.orders.retain(|o| o.file != f);
        self.ratings.retain(|r| r.file != f);
        self.items.retain(|r| r.file != f);
        self.refunds.retain(|r| r.file != f);
        self.files[index].removed = true;
        // Rows that repeated the removed file's rows count again.
        self.recount_duplicates();
        true
    }

    /// Names of the shops that rows loaded now belong to (a removed file's
    /// shop disappears; duplicates are left out), sorted.
    pub fn shops_present(&self) -> Vec<String> {
        let named = |i: usize| !self.shops.name(Sym(i as u32)).is_empty();
        let mut seen = vec![false; self.shops.len()];
        // Shops named and not seen yet: most data name one shop or a few,
        // so the scan stops once all are seen instead of reading every
        // row (at 10M messages a read of 480 MB before the cards show).
        let mut left = (0..self.shops.len()).filter(|&i| named(i)).count();
        let syms = self
            .messages
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.is_duplicate_message(*i))
            .map(|(_, m)| m.shop)
            .chain(self.counted_orders().map(|(_, o)| o.shop))
            .chain(self.ratings.iter().enumerate().filter(|(i, _)| !self.is_duplicate_rating(*i)).map(|(_, r)| r.shop));
        for sym in syms {
            if left == 0 {
                break;
            }
            let i = sym.0 as usize;
            if !sym.is_none() && !seen[i] {
                seen[i] = true;
                left -= usize::from(named(i));
            }
        }
        let mut shops: Vec<String> = (0..self.shops.len())
            .filter(|&i| seen[i])
            .map(|i| self.shops.name(Sym(i as u32)).to_string())
            .filter(|n| !n.is_empty())
            .collect();
        shops.sort();
        shops.dedup();
        shops
    }
}

/// Sizes of a [`Dataset`]'s tables at one moment (see [`Dataset::checkpoint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    messages: usize,
    orders: usize,
    ratings: usize,
    items: usize,
    refunds: usize,
    buffers: usize,
    files: usize,
}

pub const SECS_PER_DAY: i64 = 86_400;

/// Day number (days since 1970-01-01) of a shop-local timestamp.
pub fn day_of(ts: i64) -> i32 {
    ts.div_euclid(SECS_PER_DAY) as i32
}

/// `YYYY-MM-DD` of a day number.
pub fn day_string(day: i32) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(day as i64);
    d.format("%Y-%m-%d").to_string()
}

/// Parse `YYYY-MM-DD` to a day number.
pub fn parse_day(s: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    Some((d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days() as i32)
}

/// Weekday of a day number, 0 = Monday … 6 = Sunday.
pub fn weekday(day: i32) -> u32 {
    // 1970-01-01 was a Thursday (3).
    ((day as i64 + 3).rem_euclid(7)) as u32
}

/// The Monday of the natural week containing `day`.
pub fn week_monday(day: i32) -> i32 {
    day - weekday(day) as i32
}

/// `YYYY-MM-DD HH:MM:SS` of a timestamp.
pub fn ts_string(ts: i64) -> String {
    match chrono::DateTime::from_timestamp(ts, 0) {
        Some(d) => d.naive_utc().format("%Y-%m-%d %H:%M:%S").to_string(),
        None => ts.to_string(),
    }
}

/// Timestamp of a naive local date-time.
pub fn ts_from_ymdhms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let date = chrono::NaiveDate::from_ymd_opt(y, mo, d)?;
    let t = chrono::NaiveTime::from_hms_opt(h, mi, s)?;
    Some(chrono::NaiveDateTime::new(date, t).and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of 0 to 40 characters (ASCII and Chinese, so 0 to 72
    /// bytes) against themselves, one character changed at each place (the
    /// same length in bytes, so the words compare), and one character
    /// longer: what `==` says.
    #[test]
    fn same_name_is_equality() {
        let other = |c: char| {
            if c.is_ascii() {
                if c == 'z' {
                    'y'
                } else {
                    'z'
                }
            } else if c == '大' {
                '小'
            } else {
                '大'
            }
        };
        let mut checked = 0;
        for base in ["透镜旗舰店:小周 buyer_77284040 客服a", "buyer_77284040", "星星77284040"] {
            let chars: Vec<char> = base.chars().cycle().take(41).collect();
            for n in 0..=40 {
                let a: String = chars[..n].iter().collect();
                assert!(same_name(&a, &a.clone()), "{a}");
                let longer: String = chars[..n + 1].iter().collect();
                assert!(!same_name(&a, &longer) && !same_name(&longer, &a), "{a}");
                for i in 0..n {
                    let mut c = chars[..n].to_vec();
                    c[i] = other(c[i]);
                    let b: String = c.iter().collect();
                    assert_eq!(a.len(), b.len());
                    assert!(!same_name(&a, &b), "{a} {b}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 3 * 820);
    }

    /// A clone shares its names until one side interns a new name; then
    /// each sees only its own new names, with the old symbols unchanged.
    #[test]
    fn a_cloned_interner_is_copied_on_write() {
        let mut a = Interner::default();
        let x = a.intern("店:小周");
        let y = a.intern("买家甲");
        let mut b = a.clone();
        assert!(Arc::ptr_eq(&a.names, &b.names) && Arc::ptr_eq(&a.index, &b.index));
        assert_eq!(b.intern("买家甲"), y, "a known name does not copy");
        assert!(Arc::ptr_eq(&a.names, &b.names));
        let z = b.intern("买家乙");
        assert!(!Arc::ptr_eq(&a.names, &b.names));
        assert_eq!((b.get("买家乙"), a.get("买家乙")), (Some(z), None));
        assert_eq!((a.len(), b.len()), (2, 3));
        assert_eq!((a.intern("店:小周"), b.intern("店:小周")), (x, x));
        assert_eq!(a.intern("买家丙"), z, "the original goes on from its own names");
        assert_eq!((a.name(z), b.name(z)), ("买家丙", "买家乙"));
    }

    /// Names interned owned or borrowed get the same symbols; the index
    /// finds every name after it has grown many times; the names come back
    /// in symbol order whether or not a clone shares them.
    #[test]
    fn an_interner_finds_every_name_however_it_was_interned() {
        let mut a = Interner::default();
        let names: Vec<String> = (0..5000).map(|i| format!("买家{i}")).collect();
        for (i, n) in names.iter().enumerate() {
            let s = if i % 2 == 0 { a.intern(n) } else { a.intern_owned(n.clone()) };
            assert_eq!(s, Sym(i as u32));
        }
        assert_eq!(a.intern_owned("买家4999".to_string()), Sym(4999), "a known name is not added");
        assert_eq!(a.len(), 5000);
        for (i, n) in names.iter().enumerate() {
            assert_eq!(a.get(n), Some(Sym(i as u32)));
        }
        assert_eq!(a.get("买家5000"), None);
        let b = a.clone();
        assert_eq!(b.into_names(), names, "shared: copied");
        assert_eq!(a.into_names(), names, "alone: taken");
    }

    #[test]
    fn day_helpers() {
        let ts = ts_from_ymdhms(2024, 6, 3, 23, 59, 59).unwrap();
        let day = day_of(ts);
        assert_eq!(day_string(day), "2024-06-03");
        assert_eq!(weekday(day), 0, "2024-06-03 is a Monday");
        assert_eq!(day_string(week_monday(day + 6)), "2024-06-03");
        assert_eq!(parse_day("2024-06-03"), Some(day));
        assert_eq!(ts_string(ts), "2024-06-03 23:59:59");
    }
}
