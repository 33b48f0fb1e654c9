//! Table formats (CSV/TSV text or worksheet rows): chat-table, orders, ratings.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use calamine::{Data, Range};

use super::common::*;
use super::csvscan::{unescape, RawField, Scanner, Status};
use super::formats::{Field, HeaderMatch, RoleColumn};
use super::time::{excel_serial, parse_ts, parse_ts_exact};
use crate::model::{
    Dataset, FileKind, FileReport, Item, Message, Order, Rating, Refund, Sender, Sym, TextRef, NO_BLOCK,
};

/// A cell value of one row.
#[derive(Clone, Copy)]
pub enum Cell<'a> {
    /// Text; `true` when it still has `""` escapes.
    S(&'a str, bool),
    Num(f64),
    /// Excel date-time serial.
    Dt(f64),
    Empty,
}

impl<'a> Cell<'a> {
    /// The cell's text: a plain string cell (nearly every cell of a CSV
    /// table) as it is, inline; anything else made in [`Cell::made_text`].
    #[inline]
    pub fn text(&self) -> Cow<'a, str> {
        match *self {
            Cell::S(s, false) => Cow::Borrowed(s),
            _ => self.made_text(),
        }
    }

    fn made_text(&self) -> Cow<'a, str> {
        match *self {
            Cell::S(s, false) => Cow::Borrowed(s),
            Cell::S(s, true) => Cow::Owned(unescape(s)),
            Cell::Num(v) | Cell::Dt(v) => {
                if v.fract() == 0.0 && v.abs() < 1e17 {
                    Cow::Owned(format!("{}", v as i64))
                } else {
                    Cow::Owned(format!("{v}"))
                }
            }
            Cell::Empty => Cow::Borrowed(""),
        }
    }
}

pub fn data_cell(d: &Data) -> Cell<'_> {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::S(s, false),
        Data::Int(i) => Cell::Num(*i as f64),
        Data::Float(f) => Cell::Num(*f),
        Data::DateTime(dt) => Cell::Dt(dt.as_f64()),
        Data::Bool(b) => Cell::S(if *b { "TRUE" } else { "FALSE" }, false),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

/// Where the rows come from.
pub enum Source {
    Csv { buf: u32, pos: usize, scanner: Scanner },
    Sheet { range: Range<Data>, row: usize, first_line: u32 },
}

/// Resolved column indices of the detected format.
#[derive(Default, Clone, Copy)]
struct Cols {
    time: Option<usize>,
    agent: Option<usize>,
    buyer: Option<usize>,
    sender: Option<usize>,
    text: Option<usize>,
    shop: Option<usize>,
    order_id: Option<usize>,
    created: Option<usize>,
    paid: Option<usize>,
    amount: Option<usize>,
    status: Option<usize>,
    title: Option<usize>,
    /// 宝贝ID / 商品ID (orders, item lists; issue 14).
    item_id: Option<usize>,
    result: Option<usize>,
    /// Douyin 子订单编号.
    sub_order: Option<usize>,
    /// Refunds: 退款编号, 买家退款金额 (orders: 退款金额), 退款的申请时间,
    /// 买家退款原因; orders: 售后状态.
    refund_id: Option<usize>,
    refund_amount: Option<usize>,
    applied: Option<usize>,
    reason: Option<usize>,
    after_sale: Option<usize>,
    /// Chats: the product column (issue 14).
    product: Option<usize>,
    /// Orders: the export has no paid-time column of its own (none, or
    /// the created-time column doubles as it): see [`RowCtx::order`].
    paid_from_created: bool,
    /// How the sender column writes who sent a message.
    role: RoleColumn,
    /// Highest index any required column uses, +1.
    need: usize,
}

pub struct TableState {
    pub source: Source,
    pub(super) kind: FileKind,
    cols: Cols,
    /// Next line number (1-based) of the CSV cursor.
    pub line: u32,
    pub(super) file: u16,
    pub(super) arena: u32,
    fields: Vec<RawField>,
    recent: Recent,
    pub(super) after_unclosed: bool,
    /// Set when the table is read through a column mapping (spec §10.1).
    pub(super) mapped: Option<Box<super::mapped::RowMap>>,
    pub done: bool,
    /// More of the file is still to come (a streamed import, issue 12): the
    /// buffer holds whole lines only, and reaching its end, or a quoted
    /// cell still open there, means waiting, not the end of the file.
    pub(super) more: bool,
    /// Set by `step` when it stopped for want of input (with `more`).
    pub(super) starved: bool,
    /// The file's whole size while it streams in, for the progress fraction.
    pub(super) len_hint: usize,
    /// A streamed table keeps only what it has not read yet: its messages'
    /// text is copied into the arena, and the bytes read are dropped from
    /// the front of the buffer (`consumed` of them so far), so a file is
    /// never held whole (issue 12: lean memory).
    pub(super) compact: bool,
    pub(super) consumed: usize,
    /// `Dataset::messages` held this many before this table's first step.
    pub(super) first_message: Option<usize>,
    /// Bytes read, this table's messages and its arena's length at the end
    /// of the last batch (for the room to keep for the rest).
    pub(super) last_batch: (usize, usize, usize),
    /// The rest of the table read by a helper (`super::tail`): its pieces
    /// added so far, and the bytes they took (counted as read, for the room
    /// kept and the progress).
    pub(super) tail: Option<Box<super::tail::Join>>,
    pub(super) helped: usize,
    /// Orders of this file so far, for merging per-item rows.
    merge: OrderMerge,
    /// An order table without an order-number column: warn once.
    warn_no_id: bool,
    /// The message lists of the chunks of the last block read on all
    /// cores, kept for the next (`read_chunked`).
    spare: Vec<Vec<Message>>,
}

/// Orders of one file by order number, so rows of the same order (one row
/// per item or per sub-order) become one order (spec §1.3).
#[derive(Default)]
struct OrderMerge {
    /// Order id → index into `Dataset::orders`.
    by_id: HashMap<String, u32>,
    /// (order index, 子订单编号) already counted in the order's amount.
    subs: HashSet<(u32, String)>,
}

impl TableState {
    pub fn new(source: Source, hm: &HeaderMatch, next_line: u32, file: u16, arena: u32) -> TableState {
        let mut c = Cols {
            time: hm.col(Field::Time),
            agent: hm.col(Field::Agent),
            buyer: hm.col(Field::Buyer),
            sender: hm.col(Field::Sender),
            text: hm.col(Field::Text),
            shop: hm.col(Field::Shop),
            order_id: hm.col(Field::OrderId),
            created: hm.col(Field::Created),
            paid: hm.col(Field::Paid),
            amount: hm.col(Field::Amount),
            status: hm.col(Field::Status),
            title: hm.col(Field::Title),
            item_id: hm.col(Field::ItemId),
            result: hm.col(Field::Result),
            sub_order: hm.col(Field::SubOrder),
            refund_id: hm.col(Field::RefundId),
            refund_amount: hm.col(Field::RefundAmount),
            applied: hm.col(Field::Applied),
            reason: hm.col(Field::Reason),
            after_sale: hm.col(Field::AfterSale),
            product: hm.col(Field::Product),
            paid_from_created: false,
            role: hm.role,
            need: 0,
        };
        c.paid_from_created = c.paid.is_none() || c.paid == c.created;
        for (i, col) in hm.format.cols.iter().enumerate() {
            if col.required {
                if let Some(ix) = hm.cols[i] {
                    c.need = c.need.max(ix + 1);
                }
            }
        }
        TableState {
            source,
            kind: hm.format.kind,
            cols: c,
            line: next_line,
            file,
            arena,
            fields: Vec::new(),
            recent: Recent::default(),
            after_unclosed: false,
            mapped: hm.mapped.as_deref().map(|m| Box::new(super::mapped::RowMap::new(m))),
            done: false,
            more: false,
            starved: false,
            len_hint: 0,
            compact: false,
            consumed: 0,
            first_message: None,
            last_batch: (0, 0, 0),
            merge: OrderMerge::default(),
            warn_no_id: hm.format.kind == FileKind::Orders && c.order_id.is_none(),
            spare: Vec::new(),
            tail: None,
            helped: 0,
        }
    }

    /// Progress as a fraction 0..=1.
    pub fn fraction(&self, ds: &Dataset) -> f64 {
        match &self.source {
            Source::Csv { buf, pos, .. } => {
                let l = ds.buffers.get(*buf as usize).map_or(1, |b| b.len());
                (self.consumed + *pos + self.helped) as f64
                    / (self.consumed + l + self.helped).max(self.len_hint).max(1) as f64
            }
            Source::Sheet { range, row, .. } => *row as f64 / range.height().max(1) as f64,
        }
    }

    pub fn step(&mut self, ds: &mut Dataset, rep: &mut FileReport, max: usize) {
        let Dataset {
            buffers,
            nicks,
            shops,
            messages,
            orders,
            ratings,
            items,
            refunds,
            message_products,
            product_values,
            ..
        } = ds;
        let (lo, hi) = buffers.split_at_mut(self.arena as usize);
        let arena = Arc::make_mut(&mut hi[0]);
        if self.warn_no_id {
            self.warn_no_id = false;
            rep.problem(
                0,
                "文件里没有订单编号列：每行按一笔订单导入，买家、下单时间、付款时间、金额和标题都相同的行视为同一笔订单（重复）。",
                "the file has no order-number column: each row is read as one order, and rows equal in buyer, created time, paid time, amount and title count as the same order (a repeat).",
            );
        }
        let mut sink = Sink {
            nicks,
            known_nicks: None,
            shops,
            messages,
            orders,
            ratings,
            items,
            refunds,
            products: message_products,
            product_values,
            arena,
            arena_id: self.arena,
            rep,
            file: self.file,
            merge: &mut self.merge,
        };
        let mut n = 0usize;
        self.first_message.get_or_insert(sink.messages.len());
        let mut fields = std::mem::take(&mut self.fields);
        let mut cells: Vec<Cell> = Vec::new();
        match &mut self.source {
            Source::Csv { buf, pos, scanner } => {
                let src: &str = &lo[*buf as usize];
                let mut c = CsvCursor {
                    src_id: *buf,
                    pos: *pos,
                    end: src.len(),
                    scanner: *scanner,
                    more: self.more,
                    keep_source: !self.compact,
                };
                let mut rs = RowState {
                    cols: &self.cols,
                    kind: self.kind,
                    line: &mut self.line,
                    after_unclosed: &mut self.after_unclosed,
                    recent: &mut self.recent,
                    mapped: &mut self.mapped,
                };
                let at_end = records(&mut rs, &mut c, src, &mut sink, &mut fields, max);
                self.starved = at_end && self.more;
                self.done = at_end && !self.more;
                (*pos, *scanner) = (c.pos, c.scanner);
                if self.compact && at_end {
                    let read = self.consumed + *pos + self.helped;
                    room_for_rest(
                        self.kind,
                        self.len_hint,
                        self.first_message,
                        &mut self.last_batch,
                        read,
                        sink.messages,
                        sink.arena,
                    );
                    // what is read is not needed any more: only the part of
                    // a line not yet read stays
                    let b = Arc::make_mut(&mut lo[*buf as usize]);
                    b.drain(..*pos);
                    if self.done {
                        // (empty now: its room for a batch is not kept)
                        b.shrink_to_fit();
                        if !self.spare.is_empty() {
                            // read in chunks, whose text is in buffers of
                            // their own: the room kept for the rest is not
                            // needed (natively only: no copy, the end of a
                            // mapping given back)
                            sink.arena.shrink_to_fit();
                        }
                    }
                    self.consumed += *pos;
                    scanner.shift(*pos);
                    *pos = 0;
                }
            }
            Source::Sheet { range, row, first_line } => {
                let h = range.height();
                let w = range.width();
                while n < max {
                    if *row >= h {
                        self.done = true;
                        break;
                    }
                    let line = *first_line + *row as u32;
                    cells.clear();
                    for c in 0..w {
                        cells.push(range.get((*row, c)).map_or(Cell::Empty, data_cell));
                    }
                    *row += 1;
                    if cells.iter().all(|c| match c {
                        Cell::Empty => true,
                        Cell::S(s, _) => s.trim().is_empty(),
                        _ => false,
                    }) {
                        continue;
                    }
                    // Avoid borrowing self mutably while range is borrowed.
                    let mut rs = RowCtx { cols: &self.cols, kind: self.kind, recent: &mut self.recent };
                    match &mut self.mapped {
                        Some(m) => m.row(&mut rs, &mut sink, &cells, line, false, None),
                        None => rs.row(&mut sink, &cells, line, false, None),
                    }
                    n += 1;
                }
            }
        }
        if self.done {
            if let Some(m) = &mut self.mapped {
                m.finish(&mut sink);
            }
        }
        self.fields = fields;
    }
}

/// A streamed table has read every whole record it has, `read` bytes of
/// its file so far: keep room for the rest of the file — as much text and
/// as many messages per byte as so far, plus, when the last batch had more,
/// that much more for the next two batches' worth; made with 5% more when
/// there is less room than that. A list left to grow by itself doubles
/// when full (the first 64 KB of the demo's file had estimated 2.5% short:
/// room for twice its messages). Made once a megabyte is read, while the
/// lists are still small, and made again only when the rate so far has
/// risen: each time is a new list of the whole file's size, and in a wasm
/// memory, which never shrinks, the old one's place stays (when the last
/// batch's rate counted for the whole rest, a batch a few percent denser
/// than the average made the 10M file's list four times, and a 20M file
/// took 1.58× its size).
pub(super) fn room_for_rest(
    kind: FileKind,
    len_hint: usize,
    first_message: Option<usize>,
    last_batch: &mut (usize, usize, usize),
    read: usize,
    messages: &mut Vec<Message>,
    arena: &mut String,
) {
    if read < 1 << 20 || read >= len_hint {
        return;
    }
    let mine = (messages.len() - first_message.unwrap_or(0), arena.len());
    let (r0, m0, t0) = *last_batch;
    let left = (len_hint - read) as f64;
    let near = (2 * read.saturating_sub(r0)) as f64;
    // how many more (messages, or bytes of text) the rest of the file holds
    let rest = |now: usize, then: usize| {
        let all = now as f64 / read as f64;
        let last = if read > r0 { now.saturating_sub(then) as f64 / (read - r0) as f64 } else { 0.0 };
        all * left + (last - all).max(0.0) * near.min(left)
    };
    // room for that and 5% more, made when there is less room than that
    let text = rest(mine.1, t0);
    if ((arena.capacity() - arena.len()) as f64) < text {
        arena.reserve_exact((text * 1.05) as usize);
    }
    let more = rest(mine.0, m0);
    if kind == FileKind::Chats && ((messages.capacity() - messages.len()) as f64) < more {
        messages.reserve_exact((more * 1.05) as usize);
    }
    *last_batch = (read, mine.0, mine.1);
}

/// Where a CSV table is being read: its decoded buffer, the next record's
/// position, and where to stop (the end of the buffer, or of a chunk read
/// on another thread, `super::parallel`).
pub(super) struct CsvCursor {
    pub(super) src_id: u32,
    pub(super) pos: usize,
    pub(super) end: usize,
    pub(super) scanner: Scanner,
    /// The buffer ends before the file does (see `TableState::more`).
    pub(super) more: bool,
    /// Messages' text may point into the buffer (else it is copied into the
    /// arena: `TableState::compact`).
    pub(super) keep_source: bool,
}

/// The per-table state the record loop reads and writes (borrowed from a
/// [`TableState`], or a chunk's own).
pub(super) struct RowState<'a> {
    cols: &'a Cols,
    kind: FileKind,
    /// Line number of the next record.
    pub(super) line: &'a mut u32,
    pub(super) after_unclosed: &'a mut bool,
    recent: &'a mut Recent,
    mapped: &'a mut Option<Box<super::mapped::RowMap>>,
}

/// Read up to `max` records of a CSV table from `c.pos` until `c.end`
/// into `sink`; true when it found the cursor at the end (checked before
/// each record, so a step that reads the last record says so on the next),
/// or, when more input is to come (`c.more`), at a quoted cell still open
/// at the buffer's end: the cursor then stays at that record's start.
/// A record that starts before `c.end` is
/// read whole, so the cursor can stop past `c.end` (a chunk boundary that
/// fell inside a quoted cell: `TableState::read_chunked` checks).
fn records(
    st: &mut RowState,
    c: &mut CsvCursor,
    src: &str,
    sink: &mut Sink,
    fields: &mut Vec<RawField>,
    max: usize,
) -> bool {
    let bytes = src.as_bytes();
    let mut cells: Vec<Cell> = Vec::new();
    let mut n = 0;
    while n < max {
        if c.pos >= c.end {
            return true;
        }
        let line = *st.line;
        let before = c.scanner;
        let r = c.scanner.read(bytes, c.pos, fields);
        if r.status == Status::Unclosed && c.more {
            // The closing quote may be in bytes not read yet: read this
            // record again when they are here (with the scanner as it was,
            // which had not yet looked past them).
            c.scanner = before;
            return true;
        }
        c.pos = r.next;
        *st.line += r.lines;
        match r.status {
            Status::TooLong => {
                sink.rep.read += 1;
                sink.rep.skipped += 1;
                too_long(sink.rep, line as u64);
                n += 1;
                continue;
            }
            Status::Unclosed => {
                *st.after_unclosed = true;
                sink.rep.read += 1;
                sink.rep.skipped += 1;
                sink.rep.problem(
                    line as u64,
                    "引号没有闭合（文件可能被截断），这一行已跳过",
                    "unclosed quote (the file may be truncated), line skipped",
                );
                n += 1;
                continue;
            }
            Status::Ok => {}
        }
        // blank line
        if fields.len() == 1 && src[fields[0].start..fields[0].end].trim().is_empty() {
            continue;
        }
        // Lines right after an unclosed quote that are too short to
        // be a record belong to the broken record: no new problem.
        if *st.after_unclosed {
            if fields.len() < st.cols.need {
                continue;
            }
            *st.after_unclosed = false;
        }
        cells.clear();
        for f in fields.iter() {
            cells.push(Cell::S(&src[f.start..f.end], f.esc));
        }
        let src_loc = c.keep_source.then_some((c.src_id, src.as_ptr() as usize));
        let mut rs = RowCtx { cols: st.cols, kind: st.kind, recent: st.recent };
        match st.mapped {
            Some(m) => m.row(&mut rs, sink, &cells, line, r.at_eof, src_loc),
            None => rs.row(sink, &cells, line, r.at_eof, src_loc),
        }
        n += 1;
    }
    false
}

/// A chunk's text arena before it has a buffer of the dataset: the
/// `TextRef::buf` its arena refs carry until [`read_chunked`] appends them.
const CHUNK_ARENA: u32 = u32::MAX - 1;

/// The tag of a nick a chunk met first (`Sink::nick`): its index in the
/// chunk's own interner, until [`append_chunks`] interns it in the dataset's.
const LOCAL: u32 = 1 << 31;

/// One chunk of a chat table read on its own thread: its own interners,
/// messages, text and report, and where its reading stopped.
struct Chunk {
    /// Nicks the dataset did not have when the block began, in the order
    /// the chunk met them.
    nicks: crate::model::Interner,
    shops: crate::model::Interner,
    /// Its messages: a list emptied when the chunk is appended and kept
    /// for the next block's chunks (`TableState::spare`: the same few lists
    /// for the whole file, not made and freed again per block, each new
    /// one a fresh mapping of memory faulted in page by page).
    messages: Vec<Message>,
    /// The text its messages' refs point to (`CHUNK_ARENA`) when they are
    /// not slices of the source: made for the chunk, with room for its
    /// bytes, and handed to the dataset as a buffer of its own when the
    /// chunk is appended (not copied).
    arena: String,
    /// `(index into messages, value)` of its product column.
    products: Vec<(u32, Sym)>,
    product_values: crate::model::Interner,
    rep: FileReport,
    /// Position and line number after its last record.
    end: usize,
    line: u32,
    after_unclosed: bool,
}

impl TableState {
    /// Read the rest of a large CSV chat table on all cores (native whole-file
    /// import, issue 12): the records from the cursor on are cut at line
    /// breaks into `chunks` ranges, each read on its own thread by the same
    /// record loop (`records`) into its own interners and messages, then
    /// appended in order — names interned in the order they first appear,
    /// so symbols, messages, text and the report are what the sequential
    /// read gives. A cut can fall inside a quoted cell spanning lines: every
    /// chunk is checked to have started where the chunk before it really
    /// stopped (chunk 0 starts at a record); from the first that did not,
    /// the chunks are dropped and the table is read on by `step` from that
    /// true boundary. Only plain chat tables (not mapped: a mapping can hold
    /// state across rows; not orders: rows of one order merge) of at least
    /// `min_bytes` are cut. A streamed table (`Importer::streaming`, natively
    /// the CLI's read in blocks) is cut the same way over what its buffer
    /// holds, each chunk copying its messages' text into its own arena; the
    /// next `step` drops the bytes read. Returns (chunks cut, chunks appended).
    pub(super) fn read_chunked(
        &mut self,
        ds: &mut Dataset,
        rep: &mut FileReport,
        chunks: usize,
        min_bytes: usize,
    ) -> (usize, usize) {
        let Source::Csv { buf, pos, scanner } = self.source else { return (0, 0) };
        if self.kind != FileKind::Chats || self.mapped.is_some() || chunks < 2 || self.after_unclosed {
            return (0, 0);
        }
        let src: &str = &ds.buffers[buf as usize];
        let (start, len) = (pos, src.len());
        if len.saturating_sub(start) < min_bytes.max(1) {
            return (0, 0);
        }
        let bytes = src.as_bytes();
        let mut cuts = vec![start];
        for i in 1..chunks {
            let p = start + (len - start) * i / chunks;
            let p = memchr::memchr(b'\n', &bytes[p..]).map_or(len, |k| p + k + 1);
            if p > *cuts.last().unwrap() && p < len {
                cuts.push(p);
            }
        }
        cuts.push(len);
        let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
        let breaks = crate::par::map(&ranges, |&(a, b)| memchr::memchr_iter(b'\n', &bytes[a..b]).count() as u32);
        let mut lines = vec![self.line];
        for b in &breaks {
            lines.push(lines.last().unwrap() + b);
        }
        let (cols, kind, file) = (self.cols, self.kind, self.file);
        let jobs: Vec<(usize, usize, u32)> = ranges.iter().zip(&lines).map(|(&(a, b), &l)| (a, b, l)).collect();
        let jobs: Vec<(usize, usize, u32, u32)> =
            jobs.into_iter().zip(&breaks).map(|((a, b, l), &n)| (a, b, l, n)).collect();
        // A streamed table (`compact`) copies its messages' text into each
        // chunk's arena, as `step` does into its own, since the bytes read
        // are dropped; a quoted cell still open at the end of the input so
        // far waits for more (`more`), in whichever chunk it starts: that
        // chunk stops at its record, and the chunks after it are dropped.
        let (compact, more) = (self.compact, self.more);
        self.first_message.get_or_insert(ds.messages.len());
        let known = &ds.nicks;
        let spare = &mut self.spare;
        let jobs: Vec<_> = jobs.into_iter().map(|j| (j, spare.pop().unwrap_or_default())).collect();
        let mut read: Vec<Chunk> = crate::par::map_owned(jobs, |((a, b, line, breaks), mut messages)| {
            // at most a message per line: no doubling while it grows
            messages.reserve(breaks as usize + 1);
            let mut out = Chunk {
                nicks: Default::default(),
                shops: Default::default(),
                messages,
                // (a streamed table's text, at most the chunk's bytes: room
                // not written to is not memory in use)
                arena: String::with_capacity(if compact { b - a } else { 0 }),
                products: Vec::new(),
                product_values: Default::default(),
                rep: FileReport::new("", 0),
                end: a,
                line,
                after_unclosed: false,
            };
            let (mut orders, mut ratings, mut merge) = (Vec::new(), Vec::new(), OrderMerge::default());
            let mut items = Vec::new();
            let mut refunds = Vec::new();
            let mut sink = Sink {
                nicks: &mut out.nicks,
                known_nicks: Some(known),
                shops: &mut out.shops,
                messages: &mut out.messages,
                orders: &mut orders,
                ratings: &mut ratings,
                items: &mut items,
                refunds: &mut refunds,
                products: &mut out.products,
                product_values: &mut out.product_values,
                arena: &mut out.arena,
                arena_id: CHUNK_ARENA,
                rep: &mut out.rep,
                file,
                merge: &mut merge,
            };
            let mut recent = Recent::default();
            let mut st = RowState {
                cols: &cols,
                kind,
                line: &mut out.line,
                after_unclosed: &mut out.after_unclosed,
                recent: &mut recent,
                mapped: &mut None,
            };
            let mut c = CsvCursor {
                src_id: buf,
                pos: a,
                end: b,
                scanner: Scanner::new(scanner.delim),
                more,
                keep_source: !compact,
            };
            records(&mut st, &mut c, src, &mut sink, &mut Vec::new(), usize::MAX);
            out.end = c.pos;
            out
        });
        // Append the chunks that started at a record boundary: those before
        // the first that did not start where the one before it stopped.
        let (mut at, mut line, mut after_unclosed) = (start, self.line, false);
        let cut = read.len();
        let mut appended = 0;
        for (i, ch) in read.iter().enumerate() {
            if !(cuts[i] == at && lines[i] == line && !after_unclosed) {
                break;
            }
            (at, line, after_unclosed) = (ch.end, ch.line, ch.after_unclosed);
            appended += 1;
        }
        append_chunks(ds, rep, &mut read[..appended], self.arena);
        self.spare.extend(read.into_iter().map(|mut ch| {
            ch.messages.clear();
            ch.messages
        }));
        self.source = Source::Csv { buf, pos: at, scanner };
        self.line = line;
        self.after_unclosed = after_unclosed;
        (cut, appended)
    }
}

/// Append chunks read on their own threads to the dataset, in order: the
/// names each met first interned in their order (so symbols are what a
/// sequential read gives), its text handed over as a buffer of its own,
/// and then every chunk's messages written into the dataset's list with
/// their symbols and text refs mapped, on all cores. A chunk without text
/// (every message of it empty) hands none over: its refs, all empty, point
/// at the table's `arena`. The chunks' message lists are left as they were
/// (emptied by the caller).
fn append_chunks(ds: &mut Dataset, rep: &mut FileReport, chunks: &mut [Chunk], arena: u32) {
    struct Map {
        nicks: Vec<Sym>,
        shops: Vec<Sym>,
        text: u32,
        first: usize,
    }
    ds.nicks.reserve(chunks.iter().map(|c| c.nicks.len()).sum());
    let mut maps = Vec::with_capacity(chunks.len());
    let mut first = ds.messages.len();
    for ch in chunks.iter_mut() {
        // (the chunk's own names moved in, not copied)
        let owned = |i: &mut crate::model::Interner| std::mem::take(i).into_names();
        let nicks: Vec<Sym> = owned(&mut ch.nicks).into_iter().map(|n| ds.nicks.intern_owned(n)).collect();
        let shops: Vec<Sym> = owned(&mut ch.shops).into_iter().map(|n| ds.shops.intern_owned(n)).collect();
        let values: Vec<Sym> =
            owned(&mut ch.product_values).into_iter().map(|n| ds.product_values.intern_owned(n)).collect();
        ds.message_products.extend(ch.products.iter().map(|&(i, p)| (first as u32 + i, values[p.0 as usize])));
        let mut text = std::mem::take(&mut ch.arena);
        let text = if text.is_empty() {
            arena
        } else {
            text.shrink_to_fit();
            ds.buffers.push(Arc::new(text));
            (ds.buffers.len() - 1) as u32
        };
        maps.push(Map { nicks, shops, text, first });
        first += ch.messages.len();
        rep.read += ch.rep.read;
        rep.imported += ch.rep.imported;
        rep.skipped += ch.rep.skipped;
        rep.problem_count += ch.rep.problem_count;
        let room = FileReport::MAX_PROBLEMS.saturating_sub(rep.problems.len());
        rep.problems.extend(std::mem::take(&mut ch.rep.problems).into_iter().take(room));
    }
    let base = ds.messages.len();
    let n = first - base;
    // (exactly: `reserve` would double a list estimated a little short)
    ds.messages.reserve_exact(n);
    let chunks = &*chunks;
    crate::par::extend(&mut ds.messages, n, |i| {
        let c = maps.partition_point(|m| m.first - base <= i) - 1;
        let map = &maps[c];
        let mut m = chunks[c].messages[i + base - map.first];
        let nick = |s: Sym| if s.is_none() || s.0 & LOCAL == 0 { s } else { map.nicks[(s.0 & !LOCAL) as usize] };
        m.agent = nick(m.agent);
        m.buyer = nick(m.buyer);
        m.speaker = nick(m.speaker);
        if !m.shop.is_none() {
            m.shop = map.shops[m.shop.0 as usize];
        }
        if m.text.buf == CHUNK_ARENA {
            m.text.buf = map.text;
        }
        m
    });
}

pub(super) struct Sink<'d> {
    pub(super) nicks: &'d mut crate::model::Interner,
    /// A chunk read on its own thread ([`TableState::read_chunked`]): the
    /// dataset's nicks as they were when the block began. A name found
    /// there is that symbol; a new one is interned in `nicks`, the chunk's
    /// own, and tagged [`LOCAL`] until [`append_chunks`] interns it.
    known_nicks: Option<&'d crate::model::Interner>,
    pub(super) shops: &'d mut crate::model::Interner,
    pub(super) messages: &'d mut Vec<Message>,
    orders: &'d mut Vec<Order>,
    ratings: &'d mut Vec<Rating>,
    items: &'d mut Vec<Item>,
    refunds: &'d mut Vec<Refund>,
    /// `Dataset::message_products` and `product_values` (a chunk's own).
    products: &'d mut Vec<(u32, Sym)>,
    product_values: &'d mut crate::model::Interner,
    arena: &'d mut String,
    arena_id: u32,
    pub(super) rep: &'d mut FileReport,
    pub(super) file: u16,
    merge: &'d mut OrderMerge,
}

impl Sink<'_> {
    /// The symbol of a buyer or agent nick (see `known_nicks`).
    fn nick(&mut self, s: &str) -> Sym {
        match self.known_nicks {
            None => self.nicks.intern(s),
            Some(known) => match known.get(s) {
                Some(sym) => sym,
                None => Sym(self.nicks.intern(s).0 | LOCAL),
            },
        }
    }

    pub(super) fn push_arena(&mut self, s: &str) -> TextRef {
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        TextRef { buf: self.arena_id, start, len: s.len() as u32 }
    }

    /// Note the product column's value for the message just pushed: an
    /// empty cell and JDDC's `nan` (pandas' empty) name nothing.
    pub(super) fn product(&mut self, value: &str) {
        let v = clean_cell(value);
        if v.is_empty() || v.eq_ignore_ascii_case("nan") || v.eq_ignore_ascii_case("null") || v == "-" {
            return;
        }
        let Some(i) = self.messages.len().checked_sub(1) else { return };
        let sym = self.product_values.intern(v);
        self.products.push((i as u32, sym));
    }
}

pub(super) struct RowCtx<'s> {
    cols: &'s Cols,
    kind: FileKind,
    recent: &'s mut Recent,
}

/// The agent, buyer and shop of the row before, with their symbols (the
/// agent's with the shop its nick names): most rows repeat them, and a name
/// compared costs less than a name looked up.
#[derive(Default)]
pub(super) struct Recent {
    agent: Last<(Sym, Sym)>,
    buyer: Last<Sym>,
    shop: Last<Sym>,
}

/// A name and what it was looked up as (none yet).
struct Last<T>(String, Option<T>);

impl<T> Default for Last<T> {
    fn default() -> Last<T> {
        Last(String::new(), None)
    }
}

impl<T: Copy> Last<T> {
    /// What `s` is: the value kept when `s` is the name kept, else
    /// `look_up(s)`, kept.
    fn get(&mut self, s: &str, look_up: impl FnOnce(&str) -> T) -> T {
        match self.1 {
            Some(v) if crate::model::same_name(&self.0, s) => v,
            _ => {
                let v = look_up(s);
                self.0.clear();
                self.0.push_str(s);
                self.1 = Some(v);
                v
            }
        }
    }
}

fn get<'a>(cells: &[Cell<'a>], ix: Option<usize>) -> Cell<'a> {
    match ix {
        Some(i) if i < cells.len() => cells[i],
        _ => Cell::Empty,
    }
}

/// `s` without CR, LF, space and tab at either end (ASCII bytes, so any
/// cut between them is a character boundary).
fn trim_line_ends(s: &str) -> &str {
    let blank = |b: &u8| matches!(b, b'\r' | b'\n' | b' ' | b'\t');
    let b = s.as_bytes();
    let start = b.iter().position(|c| !blank(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !blank(c)).map_or(start, |e| e + 1);
    &s[start..end]
}

fn cell_ts(c: Cell) -> Result<Option<i64>, String> {
    // (the usual cell: nothing to clean, the usual shape)
    if let Cell::S(s, false) = c {
        if let Some(t) = parse_ts_exact(s) {
            return Ok(Some(t));
        }
    }
    match c {
        Cell::Empty => Ok(None),
        Cell::Num(v) | Cell::Dt(v) => excel_serial(v).map(Some).ok_or_else(|| format!("{v}")),
        Cell::S(..) => {
            let t = c.text();
            let t = clean_cell(&t);
            if t.is_empty() || t == "-" || t.starts_with("0000") || t.eq_ignore_ascii_case("null") {
                return Ok(None);
            }
            parse_ts(t).map(Some).ok_or_else(|| t.to_string())
        }
    }
}

pub(super) fn parse_sender(s: &str) -> Option<Sender> {
    let t = trim_ws(s);
    Some(match t {
        "顾客" | "买家" | "客户" | "用户" | "buyer" | "Buyer" | "BUYER" | "customer" | "Customer" => {
            Sender::Buyer
        }
        "客服" | "人工" | "人工客服" | "卖家" | "agent" | "Agent" | "AGENT" | "staff" | "Staff" | "seller" => {
            Sender::Agent
        }
        "自动" | "自动回复" | "机器人" | "auto" | "Auto" | "AUTO" | "bot" | "robot" => Sender::Auto,
        "系统" | "系统消息" | "system" | "System" | "SYSTEM" => Sender::System,
        _ => return None,
    })
}

/// A yes/no flag: 1/0, true/false, 是/否, y/n (case-insensitive).
fn parse_flag(s: &str) -> Option<bool> {
    let t = s.trim();
    if ["1", "1.0", "true", "yes", "y", "是", "t"].iter().any(|v| t.eq_ignore_ascii_case(v)) {
        Some(true)
    } else if ["0", "0.0", "false", "no", "n", "否", "f"].iter().any(|v| t.eq_ignore_ascii_case(v)) {
        Some(false)
    } else {
        None
    }
}

/// The sender of a row from its sender cell, read as the column's header says.
/// A flag column still accepts the words of a sender column.
fn parse_role(role: RoleColumn, s: &str) -> Option<Sender> {
    let flag = match role {
        RoleColumn::Words => return parse_sender(s),
        RoleColumn::StaffFlag => parse_flag(s),
        RoleColumn::InboundFlag => parse_flag(s).map(|inbound| !inbound),
    };
    match flag {
        Some(true) => Some(Sender::Agent),
        Some(false) => Some(Sender::Buyer),
        None => parse_sender(s),
    }
}

fn parse_score(s: &str) -> Option<u8> {
    let t = clean_cell(s);
    let t = t.strip_suffix('分').unwrap_or(t).trim();
    Some(match t {
        "很满意" | "非常满意" | "5" | "5.0" => 5,
        "满意" | "4" | "4.0" => 4,
        "一般" | "3" | "3.0" => 3,
        "不满意" | "2" | "2.0" => 2,
        "很不满意" | "非常不满意" | "1" | "1.0" => 1,
        _ => return None,
    })
}

impl RowCtx<'_> {
    pub(super) fn row(&mut self, sink: &mut Sink, cells: &[Cell], line: u32, at_eof: bool, src: Option<(u32, usize)>) {
        sink.rep.read += 1;
        let ln = line as u64;
        if cells.len() < self.cols.need {
            sink.rep.skipped += 1;
            if at_eof {
                truncated(sink.rep, ln);
            } else {
                sink.rep.problem(
                    ln,
                    format!("列数不足：需要 {} 列，只有 {} 列", self.cols.need, cells.len()),
                    format!("too few columns: need {}, found {}", self.cols.need, cells.len()),
                );
            }
            return;
        }
        let ok = match self.kind {
            FileKind::Chats => self.chat(sink, cells, ln, src),
            FileKind::Orders => self.order(sink, cells, ln),
            FileKind::Ratings => self.rating(sink, cells, ln),
            FileKind::Items => self.item(sink, cells, ln),
            FileKind::Refunds => self.refund(sink, cells, ln),
            FileKind::Unknown => false,
        };
        if ok {
            sink.rep.imported += 1;
        }
    }

    fn skip(sink: &mut Sink, ln: u64, zh: String, en: String) -> bool {
        sink.rep.skipped += 1;
        sink.rep.problem(ln, zh, en);
        false
    }

    fn agent(&mut self, sink: &mut Sink, s: &str) -> (Sym, Sym) {
        self.recent.agent.get(s, |s| (sink.nick(s), shop_of(sink.shops, s)))
    }

    fn buyer(&mut self, sink: &mut Sink, s: &str) -> Sym {
        self.recent.buyer.get(s, |s| sink.nick(s))
    }

    fn chat(&mut self, sink: &mut Sink, cells: &[Cell], ln: u64, src: Option<(u32, usize)>) -> bool {
        let c = self.cols;
        let ts = match cell_ts(get(cells, c.time)) {
            Ok(Some(t)) => t,
            Ok(None) => return Self::skip(sink, ln, "时间为空".into(), "empty time".into()),
            Err(v) => {
                sink.rep.skipped += 1;
                bad_time(sink.rep, ln, &v);
                return false;
            }
        };
        let sender_cell = get(cells, c.sender).text();
        let Some(mut sender) = parse_role(c.role, &sender_cell) else {
            let v = clip(&sender_cell);
            return match c.role {
                RoleColumn::Words => Self::skip(
                    sink,
                    ln,
                    format!("发送方无法识别 '{v}'（应为 顾客/买家、客服、自动 或 系统）"),
                    format!("unknown sender '{v}' (expected buyer, agent, auto or system)"),
                ),
                _ => Self::skip(
                    sink,
                    ln,
                    format!("发送方标记无法识别 '{v}'（应为 1/0、true/false 或 是/否）"),
                    format!("unknown sender flag '{v}' (expected 1/0, true/false or 是/否)"),
                ),
            };
        };
        // Text: a slice of the source buffer when possible, else copied
        // into the arena (escaped quotes, CRLF, a cell from a workbook, a
        // streamed table); checked before it is stored.
        let tc = get(cells, c.text);
        let in_source = match (&tc, src) {
            (Cell::S(s, false), Some(_)) => memchr::memchr(b'\r', s.as_bytes()).is_none(),
            _ => false,
        };
        let mut text = tc.text();
        if !in_source && memchr::memchr(b'\r', text.as_bytes()).is_some() {
            text = Cow::Owned(text.replace("\r\n", "\n"));
        }
        let t = trim_line_ends(&text);
        if is_read_receipt(t) {
            return false;
        }
        if sender != Sender::System && is_system_text(t) {
            sender = Sender::System;
        }
        let text_ref = match src {
            Some((buf, base)) if in_source => {
                TextRef { buf, start: (t.as_ptr() as usize - base) as u32, len: t.len() as u32 }
            }
            _ => sink.push_arena(t),
        };
        let buyer_cell = get(cells, c.buyer).text();
        let buyer_s = clean_cell(&buyer_cell);
        if buyer_s.is_empty() {
            return Self::skip(sink, ln, "买家为空".into(), "empty buyer".into());
        }
        let agent_cell = get(cells, c.agent).text();
        let mut agent_s = clean_cell(&agent_cell);
        if agent_s.is_empty() {
            agent_s = UNASSIGNED;
        }
        let (agent, mut shop) = self.agent(sink, agent_s);
        let buyer = self.buyer(sink, buyer_s);
        if c.shop.is_some() {
            let sc = get(cells, c.shop).text();
            let sc = clean_cell(&sc);
            if !sc.is_empty() {
                shop = self.recent.shop.get(sc, |s| sink.shops.intern(s));
            }
        }
        let speaker = match sender {
            Sender::Buyer => buyer,
            Sender::Agent | Sender::Auto => agent,
            Sender::System => Sym::NONE,
        };
        sink.messages.push(Message {
            ts,
            shop,
            agent,
            buyer,
            speaker,
            sender,
            block: NO_BLOCK,
            text: text_ref,
            file: sink.file,
            line: ln as u32,
        });
        if c.product.is_some() {
            sink.product(&get(cells, c.product).text());
        }
        true
    }

    /// One order row. Decisions (docs/metrics.md, 导入须知):
    /// - an empty created time falls back to the paid time; a row with
    ///   neither is skipped;
    /// - an export without its own paid-time column (Pinduoduo's 订单成交时间
    ///   is the deal = payment; Douyin and short JD exports have none) reads
    ///   the order as paid at its created time unless its status says it is
    ///   unpaid, cancelled or closed;
    /// - a buyer cell holding a placeholder (`##密文`, `$$密文`, `***`, a
    ///   `*`-masked value) is no buyer;
    /// - a row whose order number was seen earlier in this file is merged
    ///   into that order (`FileReport::merged`): the order-level amount is
    ///   taken once, except that distinct Douyin sub-orders (子订单编号) add
    ///   their 订单应付金额; an empty paid time or buyer is filled, the
    ///   earliest created time kept, other titles appended;
    /// - without an order-number column the order's key is its (buyer,
    ///   created, paid, amount, title).
    fn order(&mut self, sink: &mut Sink, cells: &[Cell], ln: u64) -> bool {
        let c = self.cols;
        let id_c = get(cells, c.order_id).text();
        let id = clean_cell(&id_c);
        if c.order_id.is_some() && id.is_empty() {
            return Self::skip(sink, ln, "订单编号为空".into(), "empty order id".into());
        }
        let created = match cell_ts(get(cells, c.created)) {
            Ok(t) => t,
            Err(v) => {
                sink.rep.skipped += 1;
                bad_time(sink.rep, ln, &v);
                return false;
            }
        };
        let status = clean_cell(&get(cells, c.status).text()).to_string();
        let paid = if c.paid_from_created {
            if status_unpaid(&status) {
                None
            } else {
                created
            }
        } else {
            match cell_ts(get(cells, c.paid)) {
                Ok(p) => p,
                Err(v) => {
                    sink.rep.skipped += 1;
                    bad_time(sink.rep, ln, &v);
                    return false;
                }
            }
        };
        let Some(created) = created.or(paid) else {
            return Self::skip(
                sink,
                ln,
                "没有下单时间也没有付款时间，这一行已跳过".into(),
                "no created time and no paid time, row skipped".into(),
            );
        };
        let amount_fen = match fen_of(get(cells, c.amount)) {
            Ok(f) => f,
            Err(v) => {
                return Self::skip(sink, ln, format!("金额无法识别 '{v}'"), format!("unrecognised amount '{v}'"));
            }
        };
        let buyer_c = get(cells, c.buyer).text();
        let buyer_s = clean_cell(&buyer_c);
        let buyer =
            if buyer_s.is_empty() || is_placeholder_buyer(buyer_s) { Sym::NONE } else { self.buyer(sink, buyer_s) };
        let shop = if c.shop.is_some() {
            let s = get(cells, c.shop).text();
            let s = clean_cell(&s);
            if s.is_empty() {
                Sym::NONE
            } else {
                sink.shops.intern(s)
            }
        } else {
            Sym::NONE
        };
        let title = clean_cell(&get(cells, c.title).text()).to_string();
        let item_id = clean_cell(&get(cells, c.item_id).text()).to_string();
        // What the order export says was refunded: its 退款金额, else the
        // paid amount when 售后状态 says the refund succeeded (no amount
        // column in those exports). An unreadable amount is no refund.
        let mut refund_fen = fen_of(get(cells, c.refund_amount)).unwrap_or(0).max(0);
        if refund_fen == 0 && clean_cell(&get(cells, c.after_sale).text()).contains("退款成功") {
            refund_fen = amount_fen;
        }
        let id =
            if c.order_id.is_some() { id.to_string() } else { no_id_key(buyer_s, created, paid, amount_fen, &title) };
        let sub = c.sub_order.map(|_| clean_cell(&get(cells, c.sub_order).text()).to_string());
        if let Some(&oi) = sink.merge.by_id.get(&id) {
            let o = &mut sink.orders[oi as usize];
            let new_sub = sub.filter(|s| !s.is_empty()).is_some_and(|sub| sink.merge.subs.insert((oi, sub)));
            if new_sub {
                // a new sub-order: its amount and its refund add
                o.amount_fen += amount_fen;
                o.refund_fen += refund_fen;
            } else {
                // the order's columns repeated on each item row
                o.refund_fen = o.refund_fen.max(refund_fen);
            }
            if o.paid.is_none() {
                o.paid = paid;
            }
            if o.buyer.is_none() {
                o.buyer = buyer;
            }
            o.created = o.created.min(created);
            if !title.is_empty() && !o.title.split('；').any(|t| t == title) && o.title.len() < 300 {
                if !o.title.is_empty() {
                    o.title.push('；');
                }
                o.title.push_str(&title);
            }
            if !item_id.is_empty() && !o.item_ids.split('；').any(|t| t == item_id) && o.item_ids.len() < 300 {
                if !o.item_ids.is_empty() {
                    o.item_ids.push('；');
                }
                o.item_ids.push_str(&item_id);
            }
            sink.rep.merged += 1;
            return false;
        }
        let oi = sink.orders.len() as u32;
        sink.merge.by_id.insert(id.clone(), oi);
        if let Some(sub) = sub.filter(|s| !s.is_empty()) {
            sink.merge.subs.insert((oi, sub));
        }
        if buyer.is_none() {
            sink.rep.orders_without_buyer += 1;
        }
        sink.orders.push(Order {
            id,
            shop,
            buyer,
            created,
            paid,
            amount_fen,
            status,
            title,
            item_ids: item_id,
            file: sink.file,
            line: ln as u32,
            refund_fen,
        });
        true
    }

    /// One row of a refund export (退款管理): the order number, amount and
    /// applied time are required; a row without them is skipped with its
    /// line. An empty 退款的申请时间 is kept as unknown (the application
    /// then takes part in no time rule: not the order's first
    /// application unless it is its only one, never "after a chat").
    fn refund(&mut self, sink: &mut Sink, cells: &[Cell], ln: u64) -> bool {
        let c = self.cols;
        let id_c = get(cells, c.order_id).text();
        let order_id = clean_cell(&id_c).to_string();
        if order_id.is_empty() {
            return Self::skip(sink, ln, "订单编号为空".into(), "empty order id".into());
        }
        let applied = match cell_ts(get(cells, c.applied)) {
            Ok(t) => t,
            Err(v) => {
                sink.rep.skipped += 1;
                bad_time(sink.rep, ln, &v);
                return false;
            }
        };
        let amount_fen = match fen_of(get(cells, c.refund_amount)) {
            Ok(f) => f,
            Err(v) => {
                let (zh, en) = (format!("退款金额无法识别 '{v}'"), format!("unrecognised refund amount '{v}'"));
                return Self::skip(sink, ln, zh, en);
            }
        };
        let buyer_c = get(cells, c.buyer).text();
        let buyer_s = clean_cell(&buyer_c);
        let buyer =
            if buyer_s.is_empty() || is_placeholder_buyer(buyer_s) { Sym::NONE } else { self.buyer(sink, buyer_s) };
        let shop_c = get(cells, c.shop).text();
        let shop_s = clean_cell(&shop_c);
        let shop = if shop_s.is_empty() { Sym::NONE } else { sink.shops.intern(shop_s) };
        let text = |ix| clean_cell(&get(cells, ix).text()).to_string();
        sink.refunds.push(Refund {
            order_id,
            refund_id: text(c.refund_id),
            shop,
            buyer,
            amount_fen,
            applied,
            reason: text(c.reason),
            status: text(c.status),
            title: text(c.title),
            item_id: text(c.item_id),
            file: sink.file,
            line: ln as u32,
        });
        true
    }

    /// One row of an item list (商品列表, issue 14): an item id and its
    /// title; a row missing either names nothing and is skipped.
    fn item(&mut self, sink: &mut Sink, cells: &[Cell], ln: u64) -> bool {
        let c = self.cols;
        let id = clean_cell(&get(cells, c.item_id).text()).to_string();
        let title = clean_cell(&get(cells, c.title).text()).to_string();
        if id.is_empty() || title.is_empty() {
            return Self::skip(sink, ln, "商品ID或标题为空".into(), "empty item id or title".into());
        }
        sink.items.push(Item { id, title, file: sink.file });
        true
    }

    fn rating(&mut self, sink: &mut Sink, cells: &[Cell], ln: u64) -> bool {
        let c = self.cols;
        let ts = match cell_ts(get(cells, c.time)) {
            Ok(Some(t)) => t,
            Ok(None) => return Self::skip(sink, ln, "评价时间为空".into(), "empty rating time".into()),
            Err(v) => {
                sink.rep.skipped += 1;
                bad_time(sink.rep, ln, &v);
                return false;
            }
        };
        let rc = get(cells, c.result).text();
        let Some(score) = parse_score(&rc) else {
            let v = clip(&rc);
            return Self::skip(
                sink,
                ln,
                format!("评价结果无法识别 '{v}'（应为 很满意、满意、一般、不满意、很不满意 或 5..1）"),
                format!("unknown rating '{v}' (expected 很满意/满意/一般/不满意/很不满意 or 5..1)"),
            );
        };
        let ac = get(cells, c.agent).text();
        let a = clean_cell(&ac);
        let bc = get(cells, c.buyer).text();
        let b = clean_cell(&bc);
        if a.is_empty() || b.is_empty() {
            return Self::skip(sink, ln, "客服或买家为空".into(), "empty agent or buyer".into());
        }
        let (agent, mut shop) = self.agent(sink, a);
        let buyer = self.buyer(sink, b);
        if c.shop.is_some() {
            let s = get(cells, c.shop).text();
            let s = clean_cell(&s);
            if !s.is_empty() {
                shop = sink.shops.intern(s);
            }
        }
        sink.ratings.push(Rating { shop, agent, buyer, ts, score, file: sink.file, line: ln as u32 });
        true
    }
}

/// A buyer cell that names nobody: an encrypted or masked placeholder.
fn is_placeholder_buyer(s: &str) -> bool {
    s.contains("密文")
        || s.starts_with("##")
        || s.starts_with("$$")
        || s.contains('*')
        || s == "-"
        || s.eq_ignore_ascii_case("null")
}

/// An order status saying the order was never paid (used only when the
/// export has no paid-time column).
fn status_unpaid(s: &str) -> bool {
    ["待付款", "待支付", "未付款", "等待付款", "等待买家付款", "取消", "关闭"].iter().any(|w| s.contains(w))
}

/// The key of an order from a table without an order-number column.
fn no_id_key(buyer: &str, created: i64, paid: Option<i64>, amount_fen: i64, title: &str) -> String {
    let paid = paid.map_or(String::new(), crate::model::ts_string);
    format!("无单号|{buyer}|{}|{paid}|{amount_fen}|{title}", crate::model::ts_string(created))
}

/// An amount cell in fen: a number cell as it is, a text cell as written
/// (`¥1,234.50`); Err with the text (clipped) when it is no amount.
fn fen_of(cell: Cell) -> Result<i64, String> {
    match cell {
        Cell::Num(v) | Cell::Dt(v) => Ok((v * 100.0).round() as i64),
        other => {
            let t = other.text();
            parse_fen(&t).ok_or_else(|| clip(&t))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_trim_as_the_char_trim_does() {
        for s in ["", " ", "\r\n", "好", " 好\r\n", "\t\n好 的\r", "\u{3000}好\u{3000}", "a\r\nb", "é\t", "\n \u{a0}"]
        {
            let want = s.trim_matches(|ch: char| ch == '\r' || ch == '\n' || ch == ' ' || ch == '\t');
            assert_eq!(trim_line_ends(s), want, "{s:?}");
        }
    }

    /// Feed `room_for_rest` a file of `mb` megabytes read in 4 MB batches
    /// (after a first one of `first` MB), the batch at `i` MB holding
    /// `rate(i)` messages per MB, as `TableState::step` does; returns how
    /// many times the message list was made anew (its room changed after
    /// the first) and its room and length at the end.
    fn feed(mb: usize, first: usize, rate: impl Fn(usize) -> usize) -> (usize, usize, usize) {
        const MB: usize = 1 << 20;
        let one = Message {
            ts: 0,
            shop: Sym::NONE,
            agent: Sym::NONE,
            buyer: Sym::NONE,
            speaker: Sym::NONE,
            sender: Sender::Buyer,
            block: NO_BLOCK,
            text: TextRef { buf: 0, start: 0, len: 0 },
            file: 0,
            line: 0,
        };
        let (mut messages, mut arena) = (Vec::new(), String::new());
        let (mut last_batch, mut read, mut made, mut room) = ((0, 0, 0), 0, 0, 0);
        while read < mb * MB {
            let batch = if read == 0 { first } else { 4 };
            let n = rate(read / MB) * batch;
            // (what a push past the room does: the list doubles)
            messages.resize(messages.len() + n, one);
            read += batch * MB;
            room_for_rest(FileKind::Chats, mb * MB, Some(0), &mut last_batch, read, &mut messages, &mut arena);
            if room != 0 && messages.capacity() != room {
                made += 1;
            }
            room = messages.capacity();
        }
        (made, messages.capacity(), messages.len())
    }

    #[test]
    fn a_denser_batch_does_not_make_the_list_again() {
        // the start a little sparser than the rest, then batches 4% above
        // and below the average in turn (the 10M demo file's list was made
        // four times so)
        let (made, room, len) = feed(400, 5, |mb| {
            if mb < 5 {
                7_700
            } else if mb / 4 % 2 == 0 {
                8_320
            } else {
                7_680
            }
        });
        assert_eq!(made, 0, "room {room} for {len}");
        assert!(room >= len && room <= len + len / 10, "room {room} for {len}");
    }

    #[test]
    fn a_rate_that_rises_gets_room_without_doubling() {
        // the first megabytes five times sparser (long messages), then the
        // rest: room is made again while the list is small, never doubled
        let (made, room, len) = feed(200, 5, |mb| if mb < 5 { 1_600 } else { 8_000 });
        assert!(made >= 1, "the sparse start's room was too little");
        assert!(room >= len && room <= len + len / 10, "room {room} for {len}");
        // and a denser end: the last batches' rate counts for what is near
        let (_, room, len) = feed(200, 5, |mb| if mb < 180 { 8_000 } else { 9_600 });
        assert!(room >= len && room <= len + len / 10, "dense end: room {room} for {len}");
    }
}
