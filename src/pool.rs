//! A dataset split by buyer and answered by parts that live elsewhere —
//! the library half of several browser workers (issue 12 item 2), with no
//! transport of its own, so every step is tested natively.
//!
//! The browser design: the worker that reads and parses files becomes the
//! *coordinator*; after a build it splits the dataset by buyer
//! ([`Coordinator::prepare`], `crate::partition::split`) and sends each
//! part, as a [`PartData`], to a *part worker*, which builds an ordinary
//! [`Engine`] over it ([`PartState`]). A query ([`QueryKind`]) is turned
//! into requests to the parts ([`Coordinator::fan_out`]), each part answers
//! with a partial answer ([`PartState::answer`]) and the coordinator merges
//! them into the answer one engine would give ([`Coordinator::merge`]),
//! byte for byte (`tests/it/pool.rs`). [`LocalPool`] runs the same path in
//! one process.
//!
//! ## The wire
//! Three serde types (JSON), and a compact form of the big one
//! ([`PartData::to_bytes`]: message records and raw text):
//! - [`PartData`], coordinator → part, once per build: the part's
//!   resolved messages (agent, buyer, shop set; text blocks already
//!   resolved over the whole dataset), *with their own copy of their text*
//!   (a part in another worker cannot share the coordinator's buffers), its
//!   orders with the buyer each was linked to, its ratings, and the nick
//!   and shop names whole (so a symbol means the same name in every part:
//!   partial answers carry symbols, and merges key on them).
//! - [`PartRequest`], coordinator → part: one per query kind that needs
//!   data, plus `Settings` (query-time settings changed) and `Info`.
//! - [`PartAnswer`], part → coordinator: opaque outside the crate; a
//!   partial answer — report rows as `Partial`s (counts, integer sums,
//!   maxima, weekly units by key), per-day partials with online agents,
//!   KPI partials with active days, drill rows or weekly units, alerts,
//!   histogram buckets, the 时段 view's partial, the 类目汇总表's counts —
//!   with the part's own conversation-day ids, which the coordinator
//!   renumbers to the unpartitioned ones. Every merge is one of
//!   `crate::partition`'s `merge_*` functions (also the CLI's in-process
//!   path) or `finish_hours` / `finish_pivot` in the engine.
//!
//! ## What the coordinator keeps
//! No engine and no rows of the parts: the settings, the split's counts
//! (orders, linked, not linked, and the shop and day of each order in no
//! part), the map of conversation-day ids (two `u32`s per
//! conversation-day, from the parts' [`ConvKey`]s), the summary, agents
//! and category error of the build, the category tree (to lay out the
//! 类目汇总表's columns) and the latest drill, merged and whole. A drill is
//! kept merged here rather than paged per part: its view sorts and narrows
//! over all rows by any column (agent, detail, opening message…), so every
//! page of a sorted view would need every part's rows again; a drill
//! list is at most the records behind one number (rows of text, no
//! engine), and paging, sorting, narrowing and export then need no part
//! (`session::Drills`, shared with the single-engine session). The
//! dataset itself stays with its owner (the worker that parsed it): a
//! build-time settings change must split again, since text blocks are
//! resolved over the whole dataset.
//!
//! ## Memory per part
//! A part worker holds its `PartData` as a `Dataset` (its messages, 48
//! bytes each, their text once, its orders and ratings, every nick and shop
//! name) and the engine built over it (per message a `u32` index and a
//! flag byte, per conversation-day and round their facts). So the wasm32
//! 4 GB wall applies to each part, not to the dataset; only the names are
//! held by every part.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::engine::alerts::Alert;
use crate::engine::attribution::OrderLinks;
use crate::engine::category::CategoryTree;
use crate::engine::histogram::ResponseHistogram;
use crate::engine::hours::{finish_hours, HoursPartial};
use crate::engine::{finish_pivot, DrillRequest, Engine, Filter, PartialRow, PivotPartial, Query, Summary, Transcript};
use crate::model::{Dataset, Interner, Item, Message, Order, Rating, Refund, Sender, Sym, TextRef};
use crate::partition::{
    conv_keys, kpi_partials, merge_agents, merge_alerts, merge_daily, merge_drill, merge_kpi, merge_qa_candidates,
    merge_report, merge_summary, part_drill, ConvKey, DailyPartial, GlobalIds, KpiPartial, PartDrill, PartSummary,
};
use crate::protocol::{Answer, QueryKind};
use crate::session::{export_table, kpi_answer, qa_answer, Drills, NO_DATA};
use crate::settings::Settings;

/// The largest text buffer a part's messages are copied into (as
/// `Dataset::push_text`: offsets are `u32`).
const BUFFER_MAX: usize = u32::MAX as usize / 2;

/// Where each message's text lands when copied, in order, into
/// buffers of at most [`BUFFER_MAX`] bytes (at least one buffer).
fn copied_text(messages: &[Message]) -> Vec<TextRef> {
    let (mut buf, mut len) = (0u32, 0usize);
    messages
        .iter()
        .map(|m| {
            let n = m.text.len as usize;
            if len + n > BUFFER_MAX {
                (buf, len) = (buf + 1, 0);
            }
            let r = TextRef { buf, start: len as u32, len: n as u32 };
            len += n;
            r
        })
        .collect()
}

/// The wire form of [`PartData::to_bytes`]: `rest` (no messages) as JSON,
/// the messages as records, message `i` with the text reference
/// `text_ref(i)`, then the text buffers: each one's length (`buffers`) and
/// its bytes, appended by `write_buffer(out, b)`.
fn write_bytes(
    rest: &PartData,
    messages: &[Message],
    text_ref: impl Fn(usize) -> TextRef,
    buffers: &[usize],
    mut write_buffer: impl FnMut(&mut Vec<u8>, usize),
) -> Vec<u8> {
    let json = serde_json::to_vec(rest).expect("a part serialises");
    let text_len: usize = buffers.iter().map(|n| n + 8).sum();
    let mut out = Vec::with_capacity(24 + json.len() + messages.len() * RECORD + text_len);
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(messages.len() as u64).to_le_bytes());
    for (i, m) in messages.iter().enumerate() {
        put_record(&mut out, m, text_ref(i));
    }
    out.extend_from_slice(&(buffers.len() as u64).to_le_bytes());
    for (b, &n) in buffers.iter().enumerate() {
        out.extend_from_slice(&(n as u64).to_le_bytes());
        let before = out.len();
        write_buffer(&mut out, b);
        debug_assert_eq!(out.len() - before, n);
    }
    out
}

/// One part of a split dataset, ready to travel to the worker that will
/// answer for its buyers. See the module docs for what it holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PartData {
    /// Shop names in symbol order (every part has them all).
    shops: Vec<String>,
    /// Nicks in symbol order (every part has them all).
    nicks: Vec<String>,
    /// The part's messages, resolved, their `text` referring to `texts`.
    messages: Vec<Message>,
    /// The messages' text, copied (each buffer under `BUFFER_MAX`).
    texts: Vec<String>,
    orders: Vec<Order>,
    /// Per order: the buyer it belongs to (its own, or linked by number
    /// over the whole dataset; the part does not link again).
    order_buyers: Vec<Sym>,
    ratings: Vec<Rating>,
    /// The item lists' rows (issue 14), all of them in every part.
    #[serde(default)]
    items: Vec<Item>,
    /// Refund applications of the part's orders (issue 14 item 2).
    #[serde(default)]
    refunds: Vec<Refund>,
    /// `(message index, value)` of the messages whose chat table named
    /// their product (issue 14), and the values in symbol order (every
    /// part has them all, like the names).
    #[serde(default)]
    message_products: Vec<(u32, Sym)>,
    #[serde(default)]
    product_values: Vec<String>,
}

impl PartData {
    /// A part of `crate::partition::split`, with its messages' text copied
    /// out of the shared buffers.
    fn from_part(p: crate::partition::Part) -> PartData {
        let (mut data, messages, ds) = PartData::rest_of(p);
        let mut texts = vec![String::new()];
        let refs = copied_text(&messages);
        data.messages = messages;
        for (m, r) in data.messages.iter_mut().zip(refs) {
            if r.buf as usize == texts.len() {
                texts.push(String::new());
            }
            texts[r.buf as usize].push_str(ds.text(m.text));
            m.text = r;
        }
        data.texts = texts;
        data
    }

    /// A part's data but its messages and their text; its messages (text
    /// still in the shared buffers), and the dataset holding those buffers.
    fn rest_of(p: crate::partition::Part) -> (PartData, Vec<Message>, Dataset) {
        let crate::partition::Part { mut ds, order_buyers } = p;
        let rest = PartData {
            shops: ds.shops.names().map(str::to_string).collect(),
            nicks: ds.nicks.names().map(str::to_string).collect(),
            messages: Vec::new(),
            texts: Vec::new(),
            orders: std::mem::take(&mut ds.orders),
            order_buyers,
            ratings: std::mem::take(&mut ds.ratings),
            items: std::mem::take(&mut ds.items),
            refunds: std::mem::take(&mut ds.refunds),
            message_products: std::mem::take(&mut ds.message_products),
            product_values: ds.product_values.names().map(str::to_string).collect(),
        };
        let messages = std::mem::take(&mut ds.messages);
        (rest, messages, ds)
    }

    /// The part as bytes for `postMessage` (transferable, not copied):
    /// the messages as fixed 47-byte little-endian records and their text
    /// as raw UTF-8, everything else (names, orders, ratings: small next
    /// to the messages) as JSON. Less than half the size of the part's
    /// JSON and several times faster both ways (figures in
    /// ARCHITECTURE.md); the serde form stays for the tests' wire.
    pub fn to_bytes(&self) -> Vec<u8> {
        let lens: Vec<usize> = self.texts.iter().map(String::len).collect();
        write_bytes(
            &self.clone_rest(),
            &self.messages,
            |i| self.messages[i].text,
            &lens,
            |out, b| out.extend_from_slice(self.texts[b].as_bytes()),
        )
    }

    /// `PartData::from_part(p).to_bytes()`, written straight from the
    /// split's part: its text is copied from the shared buffers into the
    /// bytes, never into a `PartData` first, so a coordinator sending its
    /// parts one by one holds one part's bytes at a time beside the dataset.
    pub fn part_bytes(p: crate::partition::Part) -> Vec<u8> {
        let (rest, messages, ds) = PartData::rest_of(p);
        let refs = copied_text(&messages);
        // one buffer at least, as `from_part` makes
        let mut lens: Vec<usize> = vec![0];
        for r in &refs {
            if r.buf as usize == lens.len() {
                lens.push(0);
            }
            lens[r.buf as usize] += r.len as usize;
        }
        let mut next = 0;
        write_bytes(
            &rest,
            &messages,
            |i| refs[i],
            &lens,
            |out, b| {
                while next < messages.len() && refs[next].buf as usize == b {
                    out.extend_from_slice(ds.text(messages[next].text).as_bytes());
                    next += 1;
                }
            },
        )
    }

    /// Everything but the messages and their text (which `to_bytes` writes
    /// as records).
    fn clone_rest(&self) -> PartData {
        PartData {
            shops: self.shops.clone(),
            nicks: self.nicks.clone(),
            messages: Vec::new(),
            texts: Vec::new(),
            orders: self.orders.clone(),
            order_buyers: self.order_buyers.clone(),
            ratings: self.ratings.clone(),
            items: self.items.clone(),
            refunds: self.refunds.clone(),
            message_products: self.message_products.clone(),
            product_values: self.product_values.clone(),
        }
    }

    /// A part from [`PartData::to_bytes`]; an error names what is wrong
    /// with bytes that are not one.
    pub fn from_bytes(bytes: &[u8]) -> Result<PartData, String> {
        let mut r = Reader { bytes, at: 0 };
        let json_len = r.len()?;
        let mut part: PartData = serde_json::from_slice(r.take(json_len)?).map_err(|e| e.to_string())?;
        let n = r.len()?;
        if n > bytes.len() / RECORD {
            return Err(format!("{n} messages cannot fit in {} bytes", bytes.len()));
        }
        part.messages.reserve_exact(n);
        for _ in 0..n {
            part.messages.push(r.record()?);
        }
        let texts = r.len()?;
        for _ in 0..texts {
            let len = r.len()?;
            let t = std::str::from_utf8(r.take(len)?).map_err(|e| e.to_string())?;
            part.texts.push(t.to_string());
        }
        if r.at != bytes.len() {
            return Err(format!("{} bytes after the part", bytes.len() - r.at));
        }
        // every message product names a message and a value of the part
        let (n, values) = (part.messages.len(), part.product_values.len());
        if let Some(&(i, v)) = part.message_products.iter().find(|&&(i, v)| i as usize >= n || v.0 as usize >= values) {
            return Err(format!("a message product ({i}, {}) is outside the part", v.0));
        }
        // every text reference must fall inside its buffer (on a char boundary)
        for m in &part.messages {
            let ok = part
                .texts
                .get(m.text.buf as usize)
                .is_some_and(|b| b.get(m.text.start as usize..m.text.start as usize + m.text.len as usize).is_some());
            if !ok {
                return Err(format!("a message's text {:?} is outside the part's text", m.text));
            }
        }
        Ok(part)
    }

    /// Messages in this part.
    pub fn messages(&self) -> usize {
        self.messages.len()
    }

    /// The part as a dataset of rows that all count (settled, nothing
    /// flagged), and its orders' buyers.
    fn into_dataset(self) -> (Dataset, Vec<Sym>) {
        let interner = |names: Vec<String>| {
            let mut i = Interner::default();
            i.reserve(names.len());
            for n in names {
                i.intern_owned(n);
            }
            i
        };
        let ds = Dataset {
            shops: interner(self.shops),
            nicks: interner(self.nicks),
            messages: self.messages,
            orders: self.orders,
            ratings: self.ratings,
            items: self.items,
            refunds: self.refunds,
            message_products: self.message_products,
            product_values: interner(self.product_values),
            buffers: self.texts.into_iter().map(Arc::new).collect(),
            dups: crate::dedup::Duplicates::settled_without_repeats(0),
            ..Dataset::default()
        };
        (ds, self.order_buyers)
    }
}

/// Bytes of one message record in [`PartData::to_bytes`] (and in the
/// pieces of `import::tail`).
pub(crate) const RECORD: usize = 8 + 8 * 4 + 1 + 2 + 4;

/// Write one message as a [`RECORD`]-byte little-endian record, its text
/// reference given apart (the caller's copy of its text).
pub(crate) fn put_record(out: &mut Vec<u8>, m: &Message, t: TextRef) {
    out.extend_from_slice(&m.ts.to_le_bytes());
    for x in [m.shop.0, m.agent.0, m.buyer.0, m.speaker.0, m.block, t.buf, t.start, t.len] {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.push(sender_byte(m.sender));
    out.extend_from_slice(&m.file.to_le_bytes());
    out.extend_from_slice(&m.line.to_le_bytes());
}

fn sender_byte(s: Sender) -> u8 {
    match s {
        Sender::Buyer => 0,
        Sender::Agent => 1,
        Sender::Auto => 2,
        Sender::System => 3,
    }
}

fn byte_sender(b: u8) -> Result<Sender, String> {
    Ok(match b {
        0 => Sender::Buyer,
        1 => Sender::Agent,
        2 => Sender::Auto,
        3 => Sender::System,
        _ => return Err(format!("no sender {b}")),
    })
}

/// Reads [`PartData::to_bytes`]' fields in order, refusing to run past
/// the end.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("the part's bytes end early")?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }

    pub(crate) fn len(&mut self) -> Result<usize, String> {
        usize::try_from(u64::from_le_bytes(self.array()?)).map_err(|e| e.to_string())
    }

    /// One message written by [`put_record`].
    pub(crate) fn record(&mut self) -> Result<Message, String> {
        let ts = i64::from_le_bytes(self.array()?);
        let mut u = [0u32; 8];
        for x in &mut u {
            *x = u32::from_le_bytes(self.array()?);
        }
        let sender = byte_sender(self.array::<1>()?[0])?;
        let file = u16::from_le_bytes(self.array()?);
        let line = u32::from_le_bytes(self.array()?);
        Ok(Message {
            ts,
            shop: Sym(u[0]),
            agent: Sym(u[1]),
            buyer: Sym(u[2]),
            speaker: Sym(u[3]),
            block: u[4],
            text: TextRef { buf: u[5], start: u[6], len: u[7] },
            sender,
            file,
            line,
        })
    }
}

/// Coordinator → part. Each names what the part computes over its buyers;
/// the coordinator merges the answers.
// Built, serialised once and dropped, like `protocol::Request`: unboxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartRequest {
    /// Describe the build (conversation-days, summary): sent after a part
    /// is built.
    Info,
    /// Adopt these settings (query-time fields only: the coordinator
    /// splits again for a build-time change); answered like `Info`.
    Settings {
        settings: Settings,
    },
    /// The overview: the totals' partial and the 汇总表's days.
    Overview {
        filter: Filter,
    },
    Report {
        query: Query,
    },
    Drill {
        request: DrillRequest,
    },
    /// The part's own conversation-day id.
    Transcript {
        conv: u32,
    },
    Histogram {
        filter: Filter,
    },
    Kpi {
        filter: Filter,
    },
    Alerts {
        filter: Filter,
    },
    Hours {
        filter: Filter,
    },
    CategoryPivot {
        filter: Filter,
        level: usize,
    },
    CuifuTiming {
        filter: Filter,
    },
    RefundReasons {
        filter: Filter,
    },
    /// The part's QA sample candidates (its own ids); the coordinator draws.
    QaCandidates {
        request: crate::qa::SampleRequest,
    },
}

/// Part → coordinator: a partial answer, opaque outside the crate (only
/// [`Coordinator::merge`] reads it); serialise it to send it.
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartAnswer(Reply);

/// What a part answers to each [`PartRequest`].
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
enum Reply {
    Info(PartInfo),
    Overview {
        totals: Vec<PartialRow>,
        daily: Vec<DailyPartial>,
    },
    Report(Vec<PartialRow>),
    Drill(PartDrill),
    Transcript(Option<Transcript>),
    Histogram(ResponseHistogram),
    Kpi(Vec<KpiPartial>),
    Alerts(Vec<Alert>),
    Hours(HoursPartial),
    CategoryPivot(PivotPartial),
    CuifuTiming(crate::engine::cuifu::TimingPartial),
    /// `(reason, orders, refunded orders, fen)`: they add (an order is in
    /// one part).
    RefundReasons(Vec<(String, u64, u64, i64)>),
    QaCandidates(Vec<crate::qa::Candidate>),
}

/// A part's build: its conversation-days (to number them as one engine
/// would), its share of the summary, and the category tree's error.
#[derive(Serialize, Deserialize)]
struct PartInfo {
    convs: Vec<ConvKey>,
    summary: PartSummary,
    category_error: Option<String>,
}

/// A part worker's state: its dataset and the engine over it.
pub struct PartState {
    ds: Dataset,
    order_buyers: Vec<Sym>,
    engine: Engine,
}

impl PartState {
    /// Build the part's engine; its orders keep the buyers the split linked
    /// them to over the whole dataset.
    pub fn new(data: PartData, settings: &Settings) -> PartState {
        let (ds, order_buyers) = data.into_dataset();
        let engine = Self::build(&ds, &order_buyers, settings);
        PartState { ds, order_buyers, engine }
    }

    fn build(ds: &Dataset, order_buyers: &[Sym], settings: &Settings) -> Engine {
        let links = OrderLinks { buyers: order_buyers.to_vec(), linked: 0, not_linked: 0 };
        Engine::build(ds, settings, Some(links))
    }

    /// Adopt new settings: a query-time change keeps the build, another
    /// rebuilds over the same part (not `Engine::apply_settings`, which
    /// would intern the settings' nicks into this part alone and link
    /// orders again over it).
    pub fn set_settings(&mut self, settings: &Settings) {
        if self.engine.settings().needs_rebuild(settings) {
            self.engine = Self::build(&self.ds, &self.order_buyers, settings);
        } else {
            // the build stays; queries read the new query-time fields
            self.engine.settings = settings.clone();
        }
    }

    /// Answer one request over this part's buyers.
    pub fn answer(&mut self, req: PartRequest) -> PartAnswer {
        let (ds, e) = (&self.ds, &self.engine);
        PartAnswer(match req {
            PartRequest::Info => return self.info(),
            PartRequest::Settings { settings } => {
                self.set_settings(&settings);
                return self.info();
            }
            PartRequest::Overview { filter } => Reply::Overview {
                totals: e.report_partials(&Query { filter: filter.clone(), ..Query::default() }),
                daily: e.daily_partials(&filter),
            },
            PartRequest::Report { query } => Reply::Report(e.report_partials(&query)),
            PartRequest::Drill { request } => Reply::Drill(part_drill(ds, e, &request)),
            PartRequest::Transcript { conv } => Reply::Transcript(e.transcript(ds, conv)),
            PartRequest::Histogram { filter } => Reply::Histogram(e.response_histogram(&filter)),
            PartRequest::Kpi { filter } => Reply::Kpi(kpi_partials(e, &filter)),
            PartRequest::Alerts { filter } => {
                Reply::Alerts(e.alerts_unsorted(ds, &e.settings().alert_rules(), &filter))
            }
            PartRequest::Hours { filter } => Reply::Hours(e.hours_partial(&filter)),
            PartRequest::CategoryPivot { filter, level } => Reply::CategoryPivot(e.pivot_partial(&filter, level)),
            PartRequest::CuifuTiming { filter } => Reply::CuifuTiming(e.cuifu_timing_partial(&filter)),
            PartRequest::RefundReasons { filter } => Reply::RefundReasons(e.refund_reason_sums(ds, &filter)),
            PartRequest::QaCandidates { request } => {
                Reply::QaCandidates(e.qa_candidates(ds, &request.mode, &request.filter))
            }
        })
    }

    /// The part's build, for the coordinator.
    pub fn info(&self) -> PartAnswer {
        PartAnswer(Reply::Info(PartInfo {
            convs: conv_keys(&self.engine),
            summary: PartSummary::of(&self.ds, &self.engine),
            category_error: self.engine.category_error.clone(),
        }))
    }
}

/// A part of a split on its way to its part worker, its text still in the
/// dataset's buffers.
pub struct Outgoing(crate::partition::Part);

impl Outgoing {
    /// The part's wire form ([`PartData::to_bytes`]), written straight from
    /// the shared text.
    pub fn into_bytes(self) -> Vec<u8> {
        PartData::part_bytes(self.0)
    }

    /// The part as [`PartData`] (its text copied out).
    pub fn into_data(self) -> PartData {
        PartData::from_part(self.0)
    }
}

/// What the coordinator does with a query.
// Made once per query and matched at once: unboxed.
#[allow(clippy::large_enum_variant)]
pub enum Plan {
    /// Answered without the parts (a drill list's view, page or export, a
    /// table export, a transcript that does not exist, no data).
    Done(Result<Answer, String>),
    /// Send each `(part, request)`; hand the answers, in this order, to
    /// [`Coordinator::merge`].
    Ask(Vec<(usize, PartRequest)>),
}

/// The coordinator of a pool of parts: turns queries into part requests
/// and merges the partial answers. See the module docs for what it keeps.
pub struct Coordinator {
    settings: Settings,
    tree: CategoryTree,
    parts: usize,
    /// Orders that count, linked through their number, not linked.
    orders: (usize, usize, usize),
    /// Shop and day of each order in no part.
    not_linked: Vec<(Sym, i32)>,
    /// Refund applications that count, and those without a loaded order.
    refunds: (usize, usize),
    /// Set once the parts have described their builds (`built`).
    ids: Option<GlobalIds>,
    have_ratings: bool,
    summary: Summary,
    agents: Vec<String>,
    category_error: Option<String>,
    drills: Drills,
}

impl Coordinator {
    /// Settle the dataset (as `Engine::prepare`: the settings' account
    /// nicks interned, duplicates flagged), split it into `n` parts by
    /// buyer, and make each part's [`PartData`]. Send each to its part
    /// worker, then ask each [`PartRequest::Info`] and pass the answers to
    /// [`Coordinator::built`].
    pub fn prepare(ds: &mut Dataset, settings: &Settings, n: usize) -> (Coordinator, Vec<PartData>) {
        crate::import::intern_settings_nicks(ds, settings);
        ds.settle_duplicates();
        Coordinator::new(ds, settings, n)
    }

    /// [`Coordinator::prepare`] for a dataset already prepared for
    /// `settings` (as `Engine::prepare` leaves it: a session's).
    pub fn new(ds: &Dataset, settings: &Settings, n: usize) -> (Coordinator, Vec<PartData>) {
        let (c, parts) = Coordinator::outgoing(ds, settings, n);
        (c, parts.into_iter().map(|p| PartData::from_part(p.0)).collect())
    }

    /// [`Coordinator::prepare`] with the parts still sharing the dataset's
    /// text: each becomes its bytes only when sent ([`Outgoing::into_bytes`]),
    /// so sending them one by one holds one part's bytes at a time.
    pub fn prepare_parts(ds: &mut Dataset, settings: &Settings, n: usize) -> (Coordinator, Vec<Outgoing>) {
        crate::import::intern_settings_nicks(ds, settings);
        ds.settle_duplicates();
        Coordinator::outgoing(ds, settings, n)
    }

    /// [`Coordinator::prepare_parts`] for a dataset already prepared (as
    /// [`Coordinator::new`]).
    pub fn outgoing(ds: &Dataset, settings: &Settings, n: usize) -> (Coordinator, Vec<Outgoing>) {
        let s = crate::partition::split(ds, settings, n);
        let c = Coordinator {
            settings: settings.clone(),
            tree: crate::engine::category::tree_for(settings).0,
            parts: s.parts.len(),
            orders: (s.orders, s.orders_linked, s.orders_not_linked),
            not_linked: s.not_linked,
            refunds: s.refunds,
            ids: None,
            have_ratings: false,
            summary: Summary::default(),
            agents: Vec::new(),
            category_error: None,
            drills: Drills::default(),
        };
        (c, s.parts.into_iter().map(Outgoing).collect())
    }

    /// Split again into as many parts, for `settings` (a build-time change,
    /// `ds` prepared for them): the new parts' data, to build and describe
    /// as after [`Coordinator::new`]. The latest drill list stays, as a
    /// session's does, so drill ids keep counting up and an old id never
    /// names a new list.
    pub fn split_again(&mut self, ds: &Dataset, settings: &Settings) -> Vec<PartData> {
        let (mut c, data) = Coordinator::new(ds, settings, self.parts);
        c.drills = std::mem::take(&mut self.drills);
        *self = c;
        data
    }

    /// The latest drill list, merged whole (its view, pages and exports).
    pub fn drills_mut(&mut self) -> &mut Drills {
        &mut self.drills
    }

    /// How many parts.
    pub fn parts(&self) -> usize {
        self.parts
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The parts' builds, in part order (answers to `Info` or `Settings`):
    /// the conversation-day ids, the summary and the agents.
    pub fn built(&mut self, answers: Vec<PartAnswer>) -> Result<(), String> {
        if answers.len() != self.parts {
            return Err(format!("{} answers for {} parts", answers.len(), self.parts));
        }
        let mut keys = Vec::new();
        let mut summaries = Vec::new();
        self.category_error = None;
        for a in answers {
            let Reply::Info(info) = a.0 else { return Err("a part did not describe its build".into()) };
            keys.push(info.convs);
            self.category_error = self.category_error.take().or(info.category_error);
            summaries.push(info.summary);
        }
        self.ids = Some(GlobalIds::new(&keys));
        self.have_ratings = summaries.iter().any(|s| s.ratings > 0);
        self.agents = merge_agents(summaries.iter().map(|s| s.agents.as_slice()));
        self.summary = merge_summary(summaries, &self.not_linked, self.orders);
        (self.summary.refunds, self.summary.refunds_without_order) = (self.refunds.0 as u64, self.refunds.1 as u64);
        Ok(())
    }

    /// New settings: `None` when they change how the dataset is built — split
    /// again ([`Coordinator::split_again`]) — else the request to send every
    /// part (query-time fields only); their answers go to
    /// [`Coordinator::built`].
    pub fn set_settings(&mut self, settings: Settings) -> Option<PartRequest> {
        if self.settings.needs_rebuild(&settings) {
            return None;
        }
        self.settings = settings.clone();
        Some(PartRequest::Settings { settings })
    }

    /// The summary of what is loaded (as `Engine::summary`).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Staff accounts seen, sorted (as `Engine::agents`).
    pub fn agents(&self) -> &[String] {
        &self.agents
    }

    /// Set when the settings' category tree could not be built.
    pub fn category_error(&self) -> Option<&str> {
        self.category_error.as_deref()
    }

    fn have(&self) -> (bool, bool) {
        (self.orders.0 > 0, self.have_ratings)
    }

    /// What to ask the parts for `q` (every part, in order, but for a
    /// transcript: its owner), or its answer when the parts are not needed.
    pub fn fan_out(&mut self, q: &QueryKind) -> Plan {
        // The coordinator keeps no nicks or order numbers: it cannot make
        // the pseudonyms of a redacted export or report (`crate::redact`),
        // so it refuses rather than send the real ones.
        match q {
            QueryKind::ExportTable { redact: true, .. } | QueryKind::ExportDrill { redact: true, .. } => {
                return Plan::Done(Err(REDACT_UNSUPPORTED.into()))
            }
            QueryKind::ShareReport { .. } => return Plan::Done(Err(REDACT_UNSUPPORTED.into())),
            QueryKind::ExportTable { table, sheet, xlsx, .. } => {
                return Plan::Done(Ok(export_table(table, sheet, *xlsx)))
            }
            _ => {}
        }
        // The QA book's queries need no part (the coordinator has the settings).
        if let Some(answer) = qa_answer(&self.settings, q) {
            return Plan::Done(Ok(answer));
        }
        let Some(ids) = &self.ids else { return Plan::Done(Err(NO_DATA.into())) };
        let all = |r: PartRequest| Plan::Ask((0..self.parts).map(|p| (p, r.clone())).collect());
        match q.clone() {
            QueryKind::Overview { filter } => all(PartRequest::Overview { filter }),
            QueryKind::Report { query } => all(PartRequest::Report { query }),
            QueryKind::Drill { request, .. } => all(PartRequest::Drill { request }),
            q @ (QueryKind::DrillView { .. } | QueryKind::DrillPage { .. } | QueryKind::ExportDrill { .. }) => {
                Plan::Done(self.drills.answer(q).ok_or_else(|| "not a drill list query".to_string()))
            }
            QueryKind::Transcript { conv } => match ids.local(conv) {
                Some((p, local)) => Plan::Ask(vec![(p, PartRequest::Transcript { conv: local })]),
                None => Plan::Done(Ok(Answer::Transcript { transcript: None })),
            },
            QueryKind::Histogram { filter } => all(PartRequest::Histogram { filter }),
            QueryKind::Kpi { filter, .. } => all(PartRequest::Kpi { filter }),
            QueryKind::Alerts { filter } => all(PartRequest::Alerts { filter }),
            QueryKind::Hours { filter } => all(PartRequest::Hours { filter }),
            QueryKind::CategoryPivot { filter, level } => all(PartRequest::CategoryPivot { filter, level }),
            QueryKind::CuifuTiming { filter } => all(PartRequest::CuifuTiming { filter }),
            // The official sheets are held by the session that read them,
            // not by the parts or the coordinator.
            QueryKind::Reconcile { .. } => {
                Plan::Done(Err("对账 is answered by the session holding the official sheets".into()))
            }
            QueryKind::RefundReasons { filter } => all(PartRequest::RefundReasons { filter }),
            QueryKind::QaSample { request } => all(PartRequest::QaCandidates { request }),
            QueryKind::ExportTable { .. }
            | QueryKind::ShareReport { .. }
            | QueryKind::QaSummary { .. }
            | QueryKind::QaImport { .. }
            | QueryKind::QaExport { .. } => unreachable!("answered above"),
        }
    }

    /// The answer to `q` from the parts' answers to [`Coordinator::fan_out`]'s
    /// requests, in the same order.
    pub fn merge(&mut self, q: &QueryKind, answers: Vec<PartAnswer>) -> Result<Answer, String> {
        let ids = self.ids.as_ref().ok_or(NO_DATA)?;
        let (settings, have) = (&self.settings, self.have());
        let replies: Vec<Reply> = answers.into_iter().map(|a| a.0).collect();
        let wrong = || format!("a part's answer does not answer {}", query_name(q));
        // Every answer of the kind `pick` takes, or the error above.
        macro_rules! each {
            ($pat:pat => $v:expr) => {
                replies
                    .into_iter()
                    .map(|r| match r {
                        $pat => Ok($v),
                        _ => Err(wrong()),
                    })
                    .collect::<Result<Vec<_>, String>>()?
            };
        }
        Ok(match q {
            QueryKind::Overview { .. } => {
                let (totals, daily): (Vec<_>, Vec<_>) =
                    each!(Reply::Overview { totals, daily } => (totals, daily)).into_iter().unzip();
                let totals =
                    merge_report(totals, settings, have).rows.into_iter().next().map(|r| r.metrics).unwrap_or_default();
                Answer::Overview { totals, daily: merge_daily(daily, settings, have) }
            }
            QueryKind::Report { .. } => {
                Answer::Report { report: merge_report(each!(Reply::Report(r) => r), settings, have) }
            }
            QueryKind::Drill { request, view } => {
                let drill = merge_drill(request, each!(Reply::Drill(d) => d), ids, settings);
                self.drills.open(drill, view)
            }
            QueryKind::Transcript { conv } => {
                let mut t = each!(Reply::Transcript(t) => t).into_iter().next().ok_or_else(wrong)?;
                if let Some(t) = &mut t {
                    t.conv = *conv;
                }
                Answer::Transcript { transcript: t }
            }
            QueryKind::Histogram { .. } => {
                let mut parts = each!(Reply::Histogram(h) => h).into_iter();
                let mut h = parts.next().ok_or_else(wrong)?;
                for p in parts {
                    h.answered += p.answered;
                    h.unanswered += p.unanswered;
                    for (b, pb) in h.buckets.iter_mut().zip(p.buckets) {
                        b.rounds += pb.rounds;
                    }
                }
                Answer::Histogram { histogram: h }
            }
            QueryKind::Kpi { manual, role, qa_scores, filter } => {
                let actuals = merge_kpi(each!(Reply::Kpi(k) => k), settings, have);
                kpi_answer(settings, actuals, manual, *role, qa_scores.as_ref(), filter)
            }
            QueryKind::QaSample { request } => {
                let candidates = merge_qa_candidates(each!(Reply::QaCandidates(c) => c), ids);
                Answer::QaSample { sample: crate::qa::draw(&request.mode, candidates, settings) }
            }
            QueryKind::Alerts { .. } => {
                let rows = merge_alerts(each!(Reply::Alerts(a) => a), ids);
                let (by_agent, by_rule) = Engine::alert_counts(&rows);
                Answer::Alerts { rows, by_agent, by_rule }
            }
            QueryKind::Hours { .. } => {
                Answer::Hours { hours: finish_hours(each!(Reply::Hours(h) => h), settings, have.0, have.1) }
            }
            QueryKind::CategoryPivot { filter, level } => Answer::CategoryPivot {
                pivot: finish_pivot(&self.tree, *level, filter, each!(Reply::CategoryPivot(p) => p)),
            },
            QueryKind::CuifuTiming { .. } => Answer::CuifuTiming {
                timing: crate::engine::cuifu::finish_timing(each!(Reply::CuifuTiming(t) => t), settings),
            },
            QueryKind::RefundReasons { .. } => Answer::RefundReasons {
                reasons: crate::engine::refunds::finish_reasons(
                    each!(Reply::RefundReasons(r) => r).into_iter().flatten().collect(),
                    settings,
                ),
            },
            QueryKind::DrillView { .. }
            | QueryKind::DrillPage { .. }
            | QueryKind::ExportDrill { .. }
            | QueryKind::ExportTable { .. }
            | QueryKind::Reconcile { .. }
            | QueryKind::ShareReport { .. } => return Err(format!("{} asks no part", query_name(q))),
            QueryKind::QaSummary { .. } | QueryKind::QaImport { .. } | QueryKind::QaExport { .. } => {
                return Err(format!("{} asks no part", query_name(q)))
            }
        })
    }
}

/// What the coordinator answers to a redacted export or a shared report.
pub const REDACT_UNSUPPORTED: &str = "redacted exports and shared reports are not answered by the pool yet";

/// The serialised name of a query kind, for errors.
fn query_name(q: &QueryKind) -> String {
    serde_json::to_value(q)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// A coordinator and its parts in one process: the path the browser's
/// workers take, with the messages passed by call (and, with `wire`, every
/// part, request and answer through JSON on the way, as `postMessage`
/// would carry them).
pub struct LocalPool {
    coordinator: Coordinator,
    parts: Vec<PartState>,
    wire: bool,
}

/// `x` through JSON and back, as a message between workers.
fn through_json<T: Serialize + for<'de> Deserialize<'de>>(x: T) -> T {
    serde_json::from_slice(&serde_json::to_vec(&x).expect("serialises")).expect("deserialises")
}

impl LocalPool {
    /// Split `ds`, prepared for `settings` (see [`Coordinator::new`]), into
    /// `n` parts and build each; `wire`: pass everything through JSON.
    pub fn new(ds: &Dataset, settings: &Settings, n: usize, wire: bool) -> LocalPool {
        let (coordinator, data) = Coordinator::new(ds, settings, n);
        let mut pool = LocalPool { coordinator, parts: Vec::new(), wire };
        pool.build(data, settings);
        pool
    }

    /// Build the parts from their data and tell the coordinator.
    fn build(&mut self, data: Vec<PartData>, settings: &Settings) {
        let wire = self.wire;
        self.parts = data
            .into_iter()
            .map(|d| {
                // through JSON (serde), then the compact form
                let d = if wire {
                    PartData::from_bytes(&through_json(d).to_bytes()).expect("a part reads back")
                } else {
                    d
                };
                PartState::new(d, settings)
            })
            .collect();
        let infos = self.broadcast(PartRequest::Info);
        self.coordinator.built(infos).expect("every part describes its build");
    }

    pub fn coordinator(&self) -> &Coordinator {
        &self.coordinator
    }

    /// One request to one part, and its answer.
    fn ask(&mut self, p: usize, req: PartRequest) -> PartAnswer {
        if self.wire {
            through_json(self.parts[p].answer(through_json(req)))
        } else {
            self.parts[p].answer(req)
        }
    }

    fn broadcast(&mut self, req: PartRequest) -> Vec<PartAnswer> {
        (0..self.parts.len()).map(|p| self.ask(p, req.clone())).collect()
    }

    /// Answer a query as `Session::answer` would.
    pub fn answer(&mut self, q: QueryKind) -> Result<Answer, String> {
        match self.coordinator.fan_out(&q) {
            Plan::Done(a) => a,
            Plan::Ask(reqs) => {
                let answers = reqs.into_iter().map(|(p, r)| self.ask(p, r)).collect();
                self.coordinator.merge(&q, answers)
            }
        }
    }

    /// New settings: sent to the parts when only query-time fields change,
    /// else `ds` (prepared for them) is split again into as many parts.
    pub fn set_settings(&mut self, ds: &Dataset, settings: Settings) {
        match self.coordinator.set_settings(settings.clone()) {
            Some(req) => {
                let infos = self.broadcast(req);
                self.coordinator.built(infos).expect("every part describes its build");
            }
            None => {
                let data = self.coordinator.split_again(ds, &settings);
                self.build(data, &settings);
            }
        }
    }
}
