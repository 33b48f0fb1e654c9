//! File import: kind/format/encoding detection and parsers for every chat,
//! order and rating format of spec §1.
//!
//! Decisions where the spec is silent (also in the module docs of the parts):
//! - `FileReport::read` counts data records: table rows (header and blank
//!   rows excluded), text-format message headers (the old two-line Qianniu
//!   header counts once), notice lines that become their own system message,
//!   status lines dropped from text formats, and lines that had to be
//!   reported (orphan lines before the first header, over-long lines, a
//!   truncated last line). `imported + skipped <= read`; the difference is
//!   read receipts (`已读`/`未读`/`发送中`), which are dropped.
//! - Problem messages carry the line in `Problem::line` only; `message_zh`
//!   has no `第 N 行` prefix (the UI adds it).
//! - Table chats: an empty agent cell becomes the agent `未分配`; an empty
//!   buyer cell skips the row. Shop = the shop column, else the part of the
//!   agent nick before `:`, else none. Texts matching a platform notice
//!   (`由 X 转交给 Y`, `当前用户来自…`, `…撤回了一条消息`) become `system`
//!   whatever the sender column says.
//! - Text formats store `sender` = `agent` when the nick has a colon, else
//!   `buyer` (or `system`); [`resolve`] recomputes it from the settings.
//! - `Message::file` is `ds.files.len()` at the importer's first `step`
//!   (files are imported one after another).
//! - Text formats: a block starts at the start of each file and at every
//!   separator line (`----- 与 X 的聊天记录 -----`, any line starting with
//!   `---`, `===`, `***`, `###`, `——`, or a short line containing
//!   `聊天记录` that starts with `与`/`和` or contains `的聊天记录`). Lines
//!   before the first header are reported and skipped. A body line that is
//!   only `已读`/`未读`/`发送中` is not part of the message. A section line
//!   `与 NICK 的聊天记录` names the block's buyer (`Dataset::block_buyers`).
//!   The Qianniu shapes (recall and notice lines, the old two-line header,
//!   the monitor shape `A --> B time`) are described in [`text`].
//!   Qianniu headers need seconds (`H:MM:SS`); inline headers accept any
//!   time shape of [`time::parse_ts`] inside the brackets, ASCII or
//!   full-width `（）：`.
//! - Multi-line messages keep `\n` line breaks; CRLF inside a message is
//!   stored as `\n` (copied into an arena), everything else is a slice of
//!   the decoded source.
//! - Records longer than 1 MB are skipped with a problem; a file whose first
//!   line is longer than 1 MB is fatal. An unclosed CSV quote skips its line
//!   and the short lines after it.
//! - A UTF-8 file cut inside its last character is still read as UTF-8.
//! - Order rows: an empty or `-` paid time means unpaid; an empty amount is
//!   0; an empty or placeholder buyer gives `Sym::NONE`; an unreadable amount
//!   or time skips the row with a problem. xlsx numbers in time columns are
//!   Excel serials. Rows of one order number within a file are merged
//!   (`FileReport::merged`, so `imported + skipped + merged <= read`); the
//!   per-platform rules are on `table::RowCtx::order` and in docs/metrics.md.
//! - Tables that are not inputs (item lists, the Taobao item detail list,
//!   生意参谋 sheets, per-agent summaries) are refused saying what they are
//!   ([`formats::not_an_input`]).
//! - Format signatures: see the table on [`FORMATS`].
//! - A table whose header equals a column mapping's (spec §10.1, in
//!   [`ImportOptions`]) is read through it before any format is tried; a
//!   table that matches nothing gets a preview in its report (`mapped.rs`).

mod common;
mod containers;
mod csvscan;
mod decode;
mod formats;
mod known;
mod mapped;
mod sheet_guard;
mod table;
mod tail;
mod text;
pub mod time;
mod xls_guard;

pub use common::{parse_fen, UNASSIGNED};
pub use formats::{norm_header, FORMATS};
pub use mapped::ImportOptions;
pub use sheet_guard::{MAX_PART_BYTES, MAX_SHEET_CELLS};
pub use tail::TailReader;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{Dataset, FileKind, FileReport, Message, Problem, Sender, SkippedSheet, Sym, NO_BLOCK};
use crate::settings::Settings;

use calamine::{Data, Range};
use decode::Decoded;
use formats::HeaderMatch;
use table::{Source, TableState};
use text::{TextFormat, TextState};

/// What `new` found, waiting for the first `step` to move it into the dataset.
enum Prepared {
    Csv {
        text: String,
        hm: HeaderMatch,
        delim: u8,
        data_pos: usize,
        data_line: u32,
    },
    Sheet {
        range: Range<Data>,
        hm: HeaderMatch,
        header_row: usize,
        first_line: u32,
    },
    Text {
        text: String,
        fmt: TextFormat,
    },
    /// Customer chats read whole (a zip of JSON, the 客户ID | 聊天记录 sheet).
    Chats(containers::Parsed),
}

enum State {
    Pending(Box<Prepared>),
    Table(Box<TableState>),
    Text(Box<TextState>),
    Done,
}

/// One report's worth of a file: the whole file, or one sheet of a workbook.
struct Part {
    report: FileReport,
    state: State,
}

impl Part {
    /// Move a pending part's prepared data into the dataset (as slot `file`
    /// of `Dataset::files`) and build its parser; a started part is left as
    /// it is.
    fn start(&mut self, ds: &mut Dataset, file: u16) {
        if let State::Pending(_) = self.state {
            let State::Pending(p) = std::mem::replace(&mut self.state, State::Done) else { unreachable!() };
            self.state = start(*p, ds, &mut self.report, file);
        }
    }
}

/// A part `detect` found: which sheet (when the workbook has several),
/// its kind and format, and the prepared data.
struct Found {
    sheet: Option<String>,
    kind: FileKind,
    format: String,
    prepared: Prepared,
}

/// Incremental importer of one file, so the worker can report progress and
/// honour a cancel between steps. A workbook whose sheets match several
/// formats becomes several parts, imported one after the other, each with
/// its own report and its own slot in `Dataset::files`.
pub struct Importer {
    parts: Vec<Part>,
    cur: usize,
    done: bool,
    fraction: f64,
    /// Set when the file streams in ([`Importer::streaming`]).
    stream: Option<Stream>,
}

/// A file read while it streams in: what is not in the table's buffer yet.
struct Stream {
    /// Bytes after the last line break fed so far (part of a line).
    pending: Vec<u8>,
    /// The file starts with a UTF-8 byte-order mark (not in the buffer).
    bom: bool,
    /// The file's size.
    total: u64,
    /// The last bytes have been fed.
    ended: bool,
}

/// How much of a file [`Importer::streaming`] wants to see first: enough
/// for any header the formats recognise.
pub const STREAM_PREFIX: usize = 1 << 20;

impl Importer {
    /// Detect kind, format and encoding from the content (the name is only a hint).
    pub fn new(name: &str, bytes: Vec<u8>, kind_override: Option<FileKind>) -> Importer {
        Importer::with_options(name, bytes, kind_override, &ImportOptions::default())
    }

    /// [`Importer::new`] with options: the settings' column mappings and time
    /// zone, and what the file cannot carry (a query date).
    pub fn with_options(name: &str, bytes: Vec<u8>, kind_override: Option<FileKind>, opts: &ImportOptions) -> Importer {
        let mut base = FileReport::new(name, bytes.len() as u64);
        let fatal = |zh: String, en: String| Some(Problem { line: 0, message_zh: zh, message_en: en });
        let found = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            detect(&mut base, name, bytes, kind_override, opts)
        })) {
            Ok(Ok(found)) => found,
            Ok(Err((zh, en))) => {
                base.fatal = fatal(zh, en);
                Vec::new()
            }
            Err(_) => {
                base.fatal = fatal(
                    "文件内容无法解析（不是有效的 CSV、TSV、XLSX 或聊天记录）".into(),
                    "the file could not be parsed (not a valid CSV, TSV, XLSX or chat text)".into(),
                );
                Vec::new()
            }
        };
        Importer::from_found(base, found)
    }

    /// The parts `detect` found, each with its report.
    fn from_found(base: FileReport, found: Vec<Found>) -> Importer {
        let parts: Vec<Part> = if found.is_empty() {
            vec![Part { report: base, state: State::Done }]
        } else {
            found
                .into_iter()
                .enumerate()
                .map(|(i, f)| {
                    let mut report = base.clone();
                    if i > 0 {
                        report.skipped_sheets.clear();
                    }
                    report.sheet = f.sheet;
                    report.kind = f.kind;
                    report.format = f.format;
                    Part { report, state: State::Pending(Box::new(f.prepared)) }
                })
                .collect()
        };
        let done = parts.iter().all(|p| matches!(p.state, State::Done));
        Importer { parts, cur: 0, done, fraction: if done { 1.0 } else { 0.0 }, stream: None }
    }

    /// Start a file of `total` bytes from its first bytes while the rest is
    /// still being read (issue 12: the browser parses while it reads), then
    /// [`feed`](Importer::feed) it the rest and [`end_input`](Importer::end_input).
    /// The records and reports are those [`with_options`](Importer::with_options)
    /// gives for the whole file. Only a UTF-8 CSV/TSV table with a header a
    /// format (or a column mapping) recognises is read so: for anything else
    /// (a workbook, another encoding, a text chat log, no header in `prefix`)
    /// the answer is None and the caller reads the whole file the usual way.
    pub fn streaming(
        name: &str,
        prefix: &[u8],
        total: u64,
        kind_override: Option<FileKind>,
        opts: &ImportOptions,
    ) -> Option<Importer> {
        // Up to 4 GB: it keeps only text, with offsets of 32 bits. (A file
        // read whole is refused from 2 GB: `decode`.)
        if total >= u64::from(u32::MAX) || prefix.len() as u64 >= total {
            return None;
        }
        let cut = memchr::memrchr(b'\n', prefix)? + 1;
        let bom = prefix.starts_with(&[0xEF, 0xBB, 0xBF]);
        let body = &prefix[if bom { 3 } else { 0 }..cut];
        // (a UTF-16 file is valid UTF-8 too: `detect` names its encoding)
        if encoding_rs::Encoding::utf8_valid_up_to(body) != body.len() {
            return None;
        }
        let mut base = FileReport::new(name, total);
        let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            detect(&mut base, name, prefix[..cut].to_vec(), kind_override, opts)
        }))
        .ok()?
        .ok()?;
        let table = matches!(found.as_slice(), [Found { prepared: Prepared::Csv { .. }, .. }]);
        if !table || !matches!(base.encoding.as_str(), "UTF-8" | "UTF-8 BOM") {
            return None;
        }
        let mut imp = Importer::from_found(base, found);
        imp.stream = Some(Stream { pending: prefix[cut..].to_vec(), bom, total, ended: false });
        Some(imp)
    }

    /// The table's buffer of a streamed import (before or after its first step).
    fn stream_buffer<'a>(parts: &'a mut [Part], ds: &'a mut Dataset) -> &'a mut String {
        match &mut parts[0].state {
            State::Pending(p) => match p.as_mut() {
                Prepared::Csv { text, .. } => text,
                _ => unreachable!("a streamed import is a CSV table"),
            },
            State::Table(t) => match &t.source {
                // unique: nothing else holds a file's buffer while it is read
                Source::Csv { buf, .. } => Arc::make_mut(&mut ds.buffers[*buf as usize]),
                Source::Sheet { .. } => unreachable!("a streamed import is a CSV table"),
            },
            _ => unreachable!("a streamed import is read until its input ends"),
        }
    }

    /// The next bytes of a streamed file. False when they are not UTF-8:
    /// the import must then be dropped and the file read whole.
    pub fn feed(&mut self, ds: &mut Dataset, bytes: &[u8]) -> bool {
        let Some(s) = self.stream.as_mut() else { return false };
        // Whole lines only go into the buffer: a line break is never part
        // of a UTF-8 character, so each piece is checked on its own.
        let Some(last) = memchr::memrchr(b'\n', bytes) else {
            s.pending.extend_from_slice(bytes);
            return true;
        };
        let first = memchr::memchr(b'\n', bytes).unwrap_or(last);
        s.pending.extend_from_slice(&bytes[..=first]);
        let buf = Importer::stream_buffer(&mut self.parts, ds);
        if !decode::push_utf8(buf, &s.pending) || !decode::push_utf8(buf, &bytes[first + 1..=last]) {
            return false;
        }
        s.pending.clear();
        s.pending.extend_from_slice(&bytes[last + 1..]);
        self.set_more();
        true
    }

    /// The file has no more bytes. False when its last line is not UTF-8
    /// (read it whole, as for [`feed`](Importer::feed)). A file without a
    /// byte-order mark cut inside its last character is read as UTF-8
    /// without it, as a whole one is.
    pub fn end_input(&mut self, ds: &mut Dataset) -> bool {
        let Some(s) = self.stream.as_mut() else { return true };
        let valid = encoding_rs::Encoding::utf8_valid_up_to(&s.pending);
        let tail = &s.pending[valid..];
        // (after a byte-order mark the whole file is decoded leniently instead)
        if !tail.is_empty() && (s.bom || !(tail.len() < 4 && decode::is_utf8_prefix(tail))) {
            return false;
        }
        let last = std::mem::take(&mut s.pending);
        s.ended = true;
        let buf = Importer::stream_buffer(&mut self.parts, ds);
        let _ = decode::push_utf8(buf, &last[..valid]);
        self.set_more();
        true
    }

    /// Tell a started table that it streams in (keeping only what it has
    /// not read) and whether its buffer ends where the file does.
    fn set_more(&mut self) {
        let Some(s) = &self.stream else { return };
        if let State::Table(t) = &mut self.parts[0].state {
            t.more = !s.ended;
            t.starved = false;
            t.compact = true;
            t.len_hint = s.total as usize;
        }
    }

    /// A streamed import waits for more bytes: the table has read every
    /// whole record it has.
    pub fn needs_input(&self) -> bool {
        match (&self.stream, &self.parts[0].state) {
            (Some(s), State::Table(t)) => !s.ended && t.starved,
            _ => false,
        }
    }

    /// The report of the file, or of its first imported sheet.
    pub fn report(&self) -> &FileReport {
        &self.parts[0].report
    }

    /// Every report this file gives (one per imported sheet of a workbook).
    pub fn reports(&self) -> impl Iterator<Item = &FileReport> {
        self.parts.iter().map(|p| &p.report)
    }

    /// Data lines or rows read so far, over all parts.
    pub fn rows(&self) -> u64 {
        self.parts.iter().map(|p| p.report.read).sum()
    }

    /// Parse up to `max_records` more records into `ds`. Returns true when done.
    pub fn step(&mut self, ds: &mut Dataset, max_records: usize) -> bool {
        if self.done {
            return true;
        }
        let max = max_records.max(1);
        let n = self.parts.len();
        while self.cur < n {
            // Parts go into consecutive slots of `ds.files` (pushed by `finish`).
            let file = (ds.files.len() + self.cur).min(u16::MAX as usize) as u16;
            let part = &mut self.parts[self.cur];
            let fresh = matches!(part.state, State::Pending(_));
            part.start(ds, file);
            if fresh {
                self.set_more();
            }
            let part = &mut self.parts[self.cur];
            let (finished, frac) = match &mut part.state {
                State::Table(t) => {
                    t.step(ds, &mut part.report, max);
                    (t.done, t.fraction(ds))
                }
                State::Text(t) => {
                    t.step(ds, &mut part.report, max);
                    (t.done, t.fraction(ds))
                }
                _ => (true, 1.0),
            };
            self.fraction = (self.cur as f64 + frac.clamp(0.0, 1.0)) / n as f64;
            if !finished {
                return false;
            }
            part.state = State::Done;
            self.cur += 1;
        }
        self.done = true;
        self.fraction = 1.0;
        true
    }

    /// Read a large CSV chat table on all cores now (`TableState::read_chunked`:
    /// cut into `chunks` ranges of records when it has at least `min_bytes`);
    /// `step` then finishes it. For the CLI: a whole file, or a streamed
    /// one after each block it is fed (`step` then reads what a cut inside
    /// a quoted cell left and drops the bytes read); the worker reads step
    /// by step. Returns (chunks cut, chunks read in parallel and
    /// kept): fewer kept than cut when a cut fell inside a quoted cell.
    pub fn read_chunked(&mut self, ds: &mut Dataset, chunks: usize, min_bytes: usize) -> (usize, usize) {
        if self.done || self.parts.len() != 1 || chunks < 2 {
            return (0, 0);
        }
        let file = ds.files.len().min(u16::MAX as usize) as u16;
        let fresh = matches!(self.parts[0].state, State::Pending(_));
        self.parts[0].start(ds, file);
        if fresh {
            self.set_more();
        }
        let part = &mut self.parts[0];
        match &mut part.state {
            State::Table(t) => t.read_chunked(ds, &mut part.report, chunks, min_bytes),
            _ => (0, 0),
        }
    }

    /// (bytes consumed, total bytes) for the progress bar.
    pub fn progress(&self) -> (u64, u64) {
        let total = self.parts[0].report.bytes;
        ((self.fraction.clamp(0.0, 1.0) * total as f64) as u64, total)
    }

    /// Finish: push the reports into `ds.files`, compare the file's rows
    /// with the files before it (spec §1.2.1, duplicates are counted in the
    /// reports) and return the first.
    pub fn finish(self, ds: &mut Dataset) -> FileReport {
        self.finish_all(ds).swap_remove(0)
    }

    /// Finish: push the reports into `ds.files` (one per imported sheet of a
    /// workbook), settle duplicates and return them all.
    pub fn finish_all(self, ds: &mut Dataset) -> Vec<FileReport> {
        let first = ds.files.len();
        ds.files.extend(self.parts.into_iter().map(|p| p.report));
        ds.settle_duplicates();
        ds.files[first..].to_vec()
    }
}

/// The sheets calamine builds from these workbook bytes after the guard
/// (empty when the file is refused or is no workbook): for the fuzz target
/// that checks the guard's promise ([`crate::fuzzing::xlsx`]).
#[doc(hidden)]
pub fn decoded_sheets(bytes: Vec<u8>, max_cells: u64) -> Vec<(String, Range<Data>)> {
    match decode::decode(bytes, max_cells) {
        Ok(Decoded::Sheets(sheets, _, _)) => sheets,
        _ => Vec::new(),
    }
}

/// Sheets (name, rows of cell text).
pub type Grid = Vec<(String, Vec<Vec<String>>)>;

/// The cells of a file as text, sheet by sheet (a CSV/TSV is one sheet):
/// for reference inputs that are compared, not imported (the official
/// 生意参谋 sheets of `crate::reconcile`). Date cells read as `YYYY-MM-DD`.
pub fn grid(bytes: Vec<u8>) -> Result<Grid, String> {
    let cell = |d: &Data| match d {
        Data::DateTime(dt) => time::excel_serial(dt.as_f64())
            .map(|ts| crate::model::day_string(crate::model::day_of(ts)))
            .unwrap_or_default(),
        d => table::data_cell(d).text().into_owned(),
    };
    match decode::decode(bytes, MAX_SHEET_CELLS).map_err(|(_, en)| en)? {
        Decoded::Sheets(sheets, _, _) => Ok(sheets
            .into_iter()
            .map(|(name, range)| (name, range.rows().map(|r| r.iter().map(cell).collect()).collect()))
            .collect()),
        Decoded::Text(text, _, _) => {
            let first = text.lines().next().unwrap_or("");
            let delim = if first.contains('\t') { b'\t' } else { b',' };
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delim)
                .from_reader(text.as_bytes());
            let rows = rdr.records().filter_map(Result::ok).map(|r| r.iter().map(str::to_string).collect()).collect();
            Ok(vec![(String::new(), rows)])
        }
        Decoded::JsonZip(_) => Err("a zip of JSON files, not a table".into()),
    }
}

/// Import a whole file at once; returns the report of the file (of its
/// first imported sheet; every report is in `ds.files`).
pub fn import_bytes(ds: &mut Dataset, name: &str, bytes: Vec<u8>, kind_override: Option<FileKind>) -> FileReport {
    import_with(ds, name, bytes, kind_override, &ImportOptions::default()).swap_remove(0)
}

/// [`import_bytes`] with import options (column mappings, time zone, a
/// query date); the report of the file (of its first imported sheet).
pub fn import_bytes_with(
    ds: &mut Dataset,
    name: &str,
    bytes: Vec<u8>,
    kind_override: Option<FileKind>,
    opts: &ImportOptions,
) -> FileReport {
    import_with(ds, name, bytes, kind_override, opts).swap_remove(0)
}

/// Import a whole file at once with options; every report it gave.
pub fn import_with(
    ds: &mut Dataset,
    name: &str,
    bytes: Vec<u8>,
    kind_override: Option<FileKind>,
    opts: &ImportOptions,
) -> Vec<FileReport> {
    let mut imp = Importer::with_options(name, bytes, kind_override, opts);
    let threads = crate::par::threads();
    imp.read_chunked(ds, threads * CHUNKS_PER_THREAD, CHUNKED_MIN_BYTES);
    while !imp.step(ds, 100_000) {}
    imp.finish_all(ds)
}

/// Import a file of `total` bytes that arrives in blocks (natively: the CLI
/// reading a large file, issue 12). `next` replaces the bytes of the block
/// it is given (read by then) with the file's next ones — at its first call
/// the file's first [`STREAM_PREFIX`] bytes, or all of it — and says false
/// at the end of the file. A UTF-8 CSV/TSV table a
/// format recognises ([`Importer::streaming`]) is parsed block by block,
/// each block's records on all cores ([`Importer::read_chunked`]), keeping
/// only its messages' text: the file is never held whole. The records and
/// reports are those [`import_with`] gives. `Ok(None)` when the file is
/// not read so (no such table, or a later block is not UTF-8): `ds` is
/// then as it was and the caller reads the file whole. An error of `next`
/// is returned as it is, `ds` again as it was.
pub fn import_blocks<E>(
    ds: &mut Dataset,
    name: &str,
    total: u64,
    kind_override: Option<FileKind>,
    opts: &ImportOptions,
    mut next: impl FnMut(&mut Vec<u8>) -> Result<bool, E>,
) -> Result<Option<Vec<FileReport>>, E> {
    let mut block = Vec::new();
    if !next(&mut block)? {
        return Ok(None);
    }
    let Some(mut imp) = Importer::streaming(name, &block, total, kind_override, opts) else { return Ok(None) };
    let cp = ds.checkpoint();
    let chunks = crate::par::threads() * CHUNKS_PER_THREAD;
    loop {
        // every whole record fed so far: on all cores when there is enough
        imp.read_chunked(ds, chunks, CHUNKED_MIN_BYTES);
        while !imp.needs_input() {
            if imp.step(ds, 100_000) {
                return Ok(Some(imp.finish_all(ds)));
            }
        }
        let fed = match next(&mut block) {
            Ok(true) => imp.feed(ds, &block),
            Ok(false) => imp.end_input(ds),
            Err(e) => {
                ds.rollback(cp);
                return Err(e);
            }
        };
        if !fed {
            ds.rollback(cp);
            return Ok(None);
        }
    }
}

/// A whole-file import cuts a chat table of at least this size into
/// `CHUNKS_PER_THREAD` chunks per thread (`Importer::read_chunked`); below
/// it, threads cost more than they save.
pub const CHUNKED_MIN_BYTES: usize = 4 << 20;
pub const CHUNKS_PER_THREAD: usize = 4;

/// Move prepared data into the dataset and build the parser state.
fn start(p: Prepared, ds: &mut Dataset, rep: &mut FileReport, file: u16) -> State {
    ds.nicks.intern(UNASSIGNED);
    match p {
        Prepared::Csv { text, hm, delim, data_pos, data_line } => {
            ds.buffers.push(Arc::new(text));
            let buf = (ds.buffers.len() - 1) as u32;
            ds.buffers.push(Arc::default());
            let arena = buf + 1;
            // Reserve for the expected number of records (from the first 64 KB).
            let b = ds.buffers[buf as usize].as_bytes();
            let sample = &b[data_pos.min(b.len())..(data_pos + 65_536).min(b.len())];
            let nl = memchr::memchr_iter(b'\n', sample).count().max(1);
            // (a streamed file's buffer holds only its start yet: its room
            // is made once a megabyte is read, `TableState::step`, while
            // the list is still small — a large list made again holds both)
            let size = b.len();
            let est = ((size - data_pos.min(size)) as u64 * nl as u64 / sample.len().max(1) as u64) as usize;
            let est = est.min(50_000_000);
            match hm.format.kind {
                FileKind::Chats => ds.messages.reserve(est),
                FileKind::Orders => ds.orders.reserve(est),
                FileKind::Ratings => ds.ratings.reserve(est),
                FileKind::Refunds => ds.refunds.reserve(est),
                FileKind::Items | FileKind::Unknown => {}
            }
            let src = Source::Csv { buf, pos: data_pos, scanner: csvscan::Scanner::new(delim) };
            State::Table(Box::new(TableState::new(src, &hm, data_line, file, arena)))
        }
        Prepared::Sheet { range, hm, header_row, first_line } => {
            ds.buffers.push(Arc::default());
            let arena = (ds.buffers.len() - 1) as u32;
            let src = Source::Sheet { range, row: header_row + 1, first_line };
            State::Table(Box::new(TableState::new(src, &hm, 0, file, arena)))
        }
        Prepared::Text { text, fmt } => {
            ds.buffers.push(Arc::new(text));
            let buf = (ds.buffers.len() - 1) as u32;
            State::Text(Box::new(TextState::new(fmt, buf, file)))
        }
        Prepared::Chats(parsed) => {
            containers::push_chats(ds, rep, file, parsed);
            State::Done
        }
    }
}

const HEADER_SCAN_ROWS: usize = 20;

/// Some lines of a UTF-8 file were in GB18030 and were decoded so (issue
/// 13): counted, and said, with their line numbers.
fn other_encoding(rep: &mut FileReport, lines: &[u32]) {
    rep.other_encoding_lines = lines.len() as u64;
    let shown: Vec<String> = lines.iter().take(10).map(u32::to_string).collect();
    let more = if lines.len() > 10 { "…" } else { "" };
    rep.problem(
        lines[0] as u64,
        format!(
            "有 {} 行不是 UTF-8 编码，已按 GB18030（GBK）逐行解码（第 {}{more} 行），其余按 UTF-8 读入；请核对这些行，最好用同一种编码重新导出",
            lines.len(),
            shown.join("、")
        ),
        format!(
            "{} line(s) are not UTF-8 and were decoded as GB18030 (GBK) line by line (line {}{more}), the rest as UTF-8; check those lines, or export again in one encoding",
            lines.len(),
            shown.join(", ")
        ),
    );
}

fn fatal_missing(m: &HeaderMatch) -> (String, String) {
    let zh: Vec<String> = m
        .required_missing
        .iter()
        .map(|f| {
            let col = m.format.cols.iter().find(|c| c.field == *f).unwrap();
            format!("{}（可用列名：{}）", f.label().0, col.aliases.join("/"))
        })
        .collect();
    let en: Vec<String> = m
        .required_missing
        .iter()
        .map(|f| {
            let col = m.format.cols.iter().find(|c| c.field == *f).unwrap();
            format!("{} (column names: {})", f.label().1, col.aliases.join("/"))
        })
        .collect();
    (
        format!("看起来是 {}，但缺少必需的列：{}", m.format.name, zh.join("；")),
        format!("looks like {} but required column(s) missing: {}", m.format.name, en.join("; ")),
    )
}

fn fatal_unknown(kind: Option<FileKind>, long_first_line: bool) -> (String, String) {
    let (zh, en) = formats::expected_summary(kind);
    let (pz, pe) = if long_first_line {
        (
            "第 1 行超过 1 MB，不是可识别的表格或聊天记录。",
            "line 1 is longer than 1 MB; not a recognised table or chat. ",
        )
    } else {
        ("无法识别文件格式。", "unrecognised file format. ")
    };
    (format!("{pz}支持的格式：{zh}"), format!("{pe}Expected one of: {en}"))
}

/// What one worksheet turned out to be.
enum SheetOutcome {
    Import(FileKind, String, Prepared),
    /// Not imported: why (zh, en), the closest partial header match, and
    /// whether the reason says more than "no header" (a missing date).
    Skip(String, String, Option<HeaderMatch>, bool),
}

/// The query date of a customer-sheet workbook, or why it is missing.
fn customer_date(name: &str, opts: &ImportOptions) -> Result<i64, (String, String)> {
    if let Some(d) = opts.date {
        return Ok(d as i64);
    }
    match containers::name_date(name) {
        containers::NameDate::Day(d) => Ok(d),
        containers::NameDate::NoYear(m, d) => Err((
            format!(
                "这是千牛聊天记录表（客户ID | 聊天记录），消息只有时分秒，日期要从文件名读取；文件名里的“{m}月{d}日”没有年份，无法确定是哪一年。\
                 请把文件改名为带年份的日期（例如 千牛聊天记录_2025年{m}月{d}日.xlsx 或 千牛聊天记录_2025-{m:02}-{d:02}.xlsx，年份按实际填写）后重新导入；命令行可加 --date YYYY-MM-DD。"
            ),
            format!(
                "this is a Qianniu chat sheet (客户ID | 聊天记录) whose messages carry only times of day, so the date comes from the file name; \
                 “{m}月{d}日” in the name has no year. Rename the file with the full date (e.g. 千牛聊天记录_2025-{m:02}-{d:02}.xlsx, with the real year) \
                 and import it again; on the command line, add --date YYYY-MM-DD."
            ),
        )),
        containers::NameDate::None => Err((
            "这是千牛聊天记录表（客户ID | 聊天记录），消息只有时分秒，但文件名里没有日期。\
             请把文件改名为包含查询日期的名字（例如 千牛聊天记录_2025-05-09.xlsx）后重新导入；命令行可加 --date YYYY-MM-DD。"
                .to_string(),
            "this is a Qianniu chat sheet (客户ID | 聊天记录) whose messages carry only times of day, but the file name has no date. \
             Rename the file to include the query date (e.g. 千牛聊天记录_2025-05-09.xlsx) and import it again; on the command line, add --date YYYY-MM-DD."
                .to_string(),
        )),
    }
}

/// Find the header of one worksheet and prepare it.
fn sheet_outcome(range: Range<Data>, kind: Option<FileKind>, name: &str, opts: &ImportOptions) -> SheetOutcome {
    if range.is_empty() {
        return SheetOutcome::Skip("工作表是空的".into(), "the sheet is empty".into(), None, false);
    }
    let start_row = range.start().map_or(0, |s| s.0);
    let mut partial: Option<HeaderMatch> = None;
    let mut mistaken: Option<(String, String)> = None;
    for r in 0..range.height().min(HEADER_SCAN_ROWS) {
        let headers: Vec<String> = (0..range.width())
            .map(|c| range.get((r, c)).map_or(String::new(), |d| formats::norm_header(&table::data_cell(d).text())))
            .collect();
        let raw = (0..range.width())
            .map(|c| range.get((r, c)).map_or(String::new(), |d| table::data_cell(d).text().into_owned()));
        let (best, part) = match mapped::find(opts, raw, kind) {
            Some(m) => (Some(m), None),
            None => formats::best_match(&headers, kind),
        };
        if let Some(hm) = best {
            let (k, f) = (hm.format.kind, hm.format.xlsx_name.to_string());
            return SheetOutcome::Import(k, f, Prepared::Sheet { range, hm, header_row: r, first_line: start_row + 1 });
        }
        if kind.is_none_or(|k| k == FileKind::Chats) {
            if let Some((id, chat)) = containers::customer_sheet_cols(&headers) {
                let cell = |row: usize, c: usize| {
                    range.get((row, c)).map_or(String::new(), |d| table::data_cell(d).text().into_owned())
                };
                let rows: Vec<(u32, String, String)> = (r + 1..range.height())
                    .map(|row| (start_row + row as u32 + 1, cell(row, id), cell(row, chat)))
                    .collect();
                let day = if containers::needs_date(&rows) {
                    match customer_date(name, opts) {
                        Ok(d) => Some(d),
                        Err((zh, en)) => return SheetOutcome::Skip(zh, en, None, true),
                    }
                } else {
                    None
                };
                let parsed = containers::parse_customer_rows(&rows, day);
                return SheetOutcome::Import(FileKind::Chats, CUSTOMER_SHEET.into(), Prepared::Chats(parsed));
            }
        }
        if partial.is_none() {
            partial = part;
        }
        if mistaken.is_none() {
            mistaken = formats::not_an_input(&headers);
        }
    }
    // A file mistaken for an input (a product list, a summary report) is
    // said to be one, before any "columns missing" reason.
    if let Some((zh, en)) = mistaken {
        return SheetOutcome::Skip(zh, en, None, true);
    }
    match partial {
        Some(p) => {
            let (zh, en) = fatal_missing(&p);
            SheetOutcome::Skip(zh, en, Some(p), false)
        }
        None => SheetOutcome::Skip(
            format!("前 {HEADER_SCAN_ROWS} 行里没有可识别的表头"),
            format!("no recognised header row in its first {HEADER_SCAN_ROWS} rows"),
            None,
            false,
        ),
    }
}

/// Format name of the one-row-per-customer Qianniu workbook.
pub const CUSTOMER_SHEET: &str = "chat-qianniu-sheet";
/// Format name of a zip of Qianniu chat JSON files (or one such JSON).
pub const CHAT_JSON: &str = "chat-qianniu-json";

/// Decode the bytes and find kind, format and header: one part per file,
/// or one per importable sheet of a workbook (the other sheets are listed
/// in `rep.skipped_sheets`).
fn detect(
    rep: &mut FileReport,
    name: &str,
    bytes: Vec<u8>,
    kind: Option<FileKind>,
    opts: &ImportOptions,
) -> Result<Vec<Found>, (String, String)> {
    let decoded = decode::decode(bytes, opts.max_sheet_cells)?;
    let one = |kind: FileKind, format: &str, prepared: Prepared| {
        Ok(vec![Found { sheet: None, kind, format: format.to_string(), prepared }])
    };
    match decoded {
        Decoded::Sheets(sheets, enc, too_large) => {
            rep.encoding = enc.to_string();
            let many = sheets.len() + too_large.len() > 1;
            let mut found = Vec::new();
            let mut partial: Option<HeaderMatch> = None;
            let mut first_reason: Option<(String, String)> = None;
            // Sheets the guard kept calamine from reading (too large, damaged).
            for (sheet, (zh, en)) in too_large {
                if first_reason.is_none() {
                    first_reason = Some((zh.clone(), en.clone()));
                }
                rep.skipped_sheets.push(SkippedSheet { sheet, message_zh: zh, message_en: en });
            }
            for (sheet, range) in sheets {
                // The first unrecognised sheet is shown for the column mapper.
                let preview = if rep.preview.is_none() { mapped::preview_sheet(&range) } else { None };
                match sheet_outcome(range, kind, name, opts) {
                    SheetOutcome::Import(kind, format, prepared) => {
                        found.push(Found { sheet: many.then(|| sheet.clone()), kind, format, prepared })
                    }
                    SheetOutcome::Skip(zh, en, part, telling) => {
                        if partial.is_none() {
                            partial = part;
                        }
                        // A reason more telling than "no header" (a missing
                        // date) becomes the file's reason when nothing imports.
                        if first_reason.is_none() && telling {
                            first_reason = Some((zh.clone(), en.clone()));
                        }
                        if !telling && rep.preview.is_none() {
                            rep.preview = preview;
                        }
                        rep.skipped_sheets.push(SkippedSheet { sheet, message_zh: zh, message_en: en });
                    }
                }
            }
            if !found.is_empty() {
                rep.preview = None;
                return Ok(found);
            }
            if !many {
                rep.skipped_sheets.clear();
            }
            let err = match (partial, first_reason) {
                (Some(p), _) => fatal_missing(&p),
                (None, Some(reason)) => reason,
                (None, None) => {
                    let (zh, en) = fatal_unknown(kind.filter(|k| *k != FileKind::Chats), false);
                    (
                        format!("工作簿里没有找到可识别的表头。{zh}"),
                        format!("no recognised header row in the workbook. {en}"),
                    )
                }
            };
            Err(if rep.preview.is_some() { mapped::map_hint(err) } else { err })
        }
        Decoded::JsonZip(files) => {
            rep.encoding = "zip".into();
            if kind.is_some_and(|k| k != FileKind::Chats) {
                return Err((
                    "这是千牛聊天记录的 zip（每个顾客一个 JSON），只能作为聊天记录导入".into(),
                    "this is a zip of Qianniu chat JSON files (one per customer); it can only be imported as chats"
                        .into(),
                ));
            }
            if !files.iter().any(|(_, t)| containers::is_chat_json(t)) {
                let names: Vec<&str> = files.iter().take(3).map(|(n, _)| n.as_str()).collect();
                return Err((
                    format!(
                        "zip 里的 JSON 文件（{}）不是千牛聊天记录（应为 {{\"user\", \"chats\": [{{\"date\", \"time\", \"sender\", \"text\"}}]}}）",
                        names.join("、")
                    ),
                    format!(
                        "the JSON files in the zip ({}) are not Qianniu chat records (expected {{\"user\", \"chats\": [{{\"date\", \"time\", \"sender\", \"text\"}}]}})",
                        names.join(", ")
                    ),
                ));
            }
            one(FileKind::Chats, CHAT_JSON, Prepared::Chats(containers::parse_json_files(&files)))
        }
        Decoded::Text(text, enc, other_lines) => {
            rep.encoding = enc.to_string();
            if !other_lines.is_empty() {
                other_encoding(rep, &other_lines);
            }
            if kind.is_none_or(|k| k == FileKind::Chats) && containers::is_chat_json(&text) {
                let files = [(name.to_string(), text)];
                return one(FileKind::Chats, CHAT_JSON, Prepared::Chats(containers::parse_json_files(&files)));
            }
            // Table header among the first non-empty lines.
            let b = text.as_bytes();
            let mut pos = 0usize;
            let mut line = 1u32;
            let mut rows = 0;
            let mut partial: Option<HeaderMatch> = None;
            let mut mistaken: Option<(String, String)> = None;
            let mut fields = Vec::new();
            let mut long_first = false;
            while pos < b.len() && rows < HEADER_SCAN_ROWS {
                let le = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
                if le - pos > common::MAX_RECORD {
                    if rows == 0 {
                        long_first = true;
                    }
                    break;
                }
                let delim = csvscan::guess_delim(&b[pos..le]);
                let mut sc = csvscan::Scanner::new(delim);
                let r = sc.read(b, pos, &mut fields);
                if r.status != csvscan::Status::Ok {
                    pos = r.next;
                    line += r.lines;
                    rows += 1;
                    continue;
                }
                let headers: Vec<String> = fields.iter().map(|f| formats::norm_header(&text[f.start..f.end])).collect();
                let blank = headers.iter().all(|h| h.is_empty());
                if !blank {
                    rows += 1;
                    let raw = fields.iter().map(|f| {
                        let c = &text[f.start..f.end];
                        if f.esc {
                            csvscan::unescape(c)
                        } else {
                            c.to_string()
                        }
                    });
                    let (best, part) = match mapped::find(opts, raw, kind) {
                        Some(m) => (Some(m), None),
                        None => formats::best_match(&headers, kind),
                    };
                    if let Some(hm) = best {
                        let (k, f) = (hm.format.kind, hm.format.name);
                        let data_line = line + r.lines;
                        return one(k, f, Prepared::Csv { text, hm, delim, data_pos: r.next, data_line });
                    }
                    if partial.is_none() {
                        partial = part;
                    }
                    if mistaken.is_none() {
                        mistaken = formats::not_an_input(&headers);
                    }
                }
                pos = r.next;
                line += r.lines;
            }
            if let Some(m) = mistaken {
                return Err(m);
            }
            // Text chat formats.
            if kind.is_none() || kind == Some(FileKind::Chats) {
                let (inl, qn, _lines) = text::sniff(&text);
                if (inl > 0 || qn > 0) && (partial.is_none() || inl + qn >= 2) {
                    let fmt = if inl >= qn { TextFormat::Inline } else { TextFormat::Qianniu };
                    return one(FileKind::Chats, fmt.name(), Prepared::Text { text, fmt });
                }
            }
            if partial.is_none() {
                if let Some(why) = known::explain(&text) {
                    return Err(why);
                }
            }
            let err = match partial {
                Some(p) => fatal_missing(&p),
                None => fatal_unknown(kind, long_first),
            };
            rep.preview = mapped::preview_text(&text);
            Err(if rep.preview.is_some() { mapped::map_hint(err) } else { err })
        }
    }
}

/// Messages with `agent`, `buyer` and `sender` resolved for these settings
/// (spec §1.2 for text-format blocks; table rows are already resolved), in
/// dataset order.
///
/// Text-block rules: staff = `settings.is_staff_nick(nick)`. A staff message
/// goes to the buyer who wrote last before it in the block, else the first
/// buyer who writes after it, else the buyer the block's section line names
/// (`ds.block_buyers`, unless the settings make that nick staff); with none
/// of these it is dropped (it belongs to no conversation). A buyer message
/// goes to the staff account that wrote last before it, else the first that
/// writes after it, else `settings.main_accounts[0]` — if that nick is in
/// `ds.nicks` (see [`intern_settings_nicks`]) — else `未分配`. A message
/// that names its receiver (monitor shape `SENDER --> RECEIVER`) needs no
/// context: a staff sender's receiver is the buyer (unless the receiver is
/// staff too, then the rules above), a buyer sender's receiver is the
/// agent; it also counts as both the last staff and the last buyer for its
/// neighbours. System messages get the same agent/buyer as a buyer/staff
/// message at their place would and are dropped when the block has no
/// buyer. `shop` of a text-format message is the shop prefix of its
/// resolved agent.
pub fn resolve(ds: &Dataset, settings: &Settings) -> Vec<Message> {
    let mut out = Vec::with_capacity(ds.messages.len());
    resolve_each(ds, settings, |_, m| out.push(*m));
    out
}

/// [`resolve`] without the copy: calls `f(index in ds.messages, resolved
/// message)` for every message `resolve` would return, in the same order.
/// Table rows (`block == NO_BLOCK`) are passed as stored. Duplicates of
/// rows from earlier files (spec §1.2.1) are resolved with their block but
/// not passed.
pub fn resolve_each(ds: &Dataset, settings: &Settings, mut f: impl FnMut(u32, &Message)) {
    let mut f = |i: u32, m: &Message| {
        if !ds.is_duplicate_message(i as usize) {
            f(i, m)
        }
    };
    let unassigned = ds.nicks.get(UNASSIGNED).unwrap_or(Sym::NONE);
    let main = settings.main_accounts.first().and_then(|m| ds.nicks.get(m)).unwrap_or(unassigned);
    // staff cache per nick sym: 0 unknown, 1 staff, 2 buyer
    let mut staff_cache = vec![0u8; ds.nicks.len()];
    let mut is_staff = |s: Sym| -> bool {
        if s.is_none() {
            return false;
        }
        let i = s.0 as usize;
        if i >= staff_cache.len() {
            return settings.is_staff_nick(ds.nicks.name(s));
        }
        if staff_cache[i] == 0 {
            staff_cache[i] = if settings.is_staff_nick(ds.nicks.name(s)) { 1 } else { 2 };
        }
        staff_cache[i] == 1
    };
    let msgs = &ds.messages;
    let mut i = 0;
    let mut prev: Vec<(Sym, Sym)> = Vec::new();
    let mut next: Vec<(Sym, Sym)> = Vec::new();
    let mut own: Vec<(Sym, Sym)> = Vec::new();
    let mut staff_flag: Vec<bool> = Vec::new();
    let pick = |a: Sym, b: Sym| if a.is_none() { b } else { a };
    while i < msgs.len() {
        let m = msgs[i];
        if m.block == NO_BLOCK {
            f(i as u32, &m);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < msgs.len() && msgs[j].block == m.block {
            j += 1;
        }
        let run = &msgs[i..j];
        // The buyer the section line names, unless the settings make it staff.
        let named = match ds.block_buyers.get(&m.block) {
            Some(&b) if !b.is_none() && !is_staff(b) => b,
            _ => Sym::NONE,
        };
        // (agent, buyer) each message names itself: its speaker on its side,
        // and for the monitor shape `A --> B` the receiver on the other.
        staff_flag.clear();
        own.clear();
        for x in run {
            let st = x.sender != Sender::System && is_staff(x.speaker);
            staff_flag.push(st);
            let to = counterpart(x);
            let pair = if to.is_none() {
                match (x.sender == Sender::System, st) {
                    (true, _) => (Sym::NONE, Sym::NONE),
                    (false, true) => (x.speaker, Sym::NONE),
                    (false, false) => (Sym::NONE, x.speaker),
                }
            } else if is_staff(x.speaker) {
                (x.speaker, if is_staff(to) { Sym::NONE } else { to })
            } else {
                (to, x.speaker)
            };
            own.push(pair);
        }
        // Forward pass: the staff / buyer seen last; backward: the next ones.
        prev.clear();
        let (mut ls, mut lb) = (Sym::NONE, Sym::NONE);
        for (x, o) in run.iter().zip(&own) {
            prev.push((ls, lb));
            if x.sender != Sender::System {
                ls = pick(o.0, ls);
                lb = pick(o.1, lb);
            }
        }
        next.clear();
        next.resize(run.len(), (Sym::NONE, Sym::NONE));
        let (mut ns, mut nb) = (Sym::NONE, Sym::NONE);
        for k in (0..run.len()).rev() {
            next[k] = (ns, nb);
            if run[k].sender != Sender::System {
                ns = pick(own[k].0, ns);
                nb = pick(own[k].1, nb);
            }
        }
        for (k, x) in run.iter().enumerate() {
            let mut r = *x;
            let staff_at = pick(prev[k].0, next[k].0);
            let buyer_at = pick(pick(prev[k].1, next[k].1), named);
            let agent = pick(pick(own[k].0, staff_at), main);
            let buyer = pick(own[k].1, buyer_at);
            if x.sender == Sender::System {
                r.agent = agent;
                r.buyer = buyer;
            } else if staff_flag[k] {
                r.sender = Sender::Agent;
                r.agent = x.speaker;
                r.buyer = buyer;
            } else {
                r.sender = Sender::Buyer;
                r.buyer = x.speaker;
                r.agent = agent;
            }
            if r.buyer.is_none() {
                continue;
            }
            if r.shop.is_none() {
                if let Some(p) = common::shop_prefix(ds.nicks.name(r.agent)) {
                    r.shop = ds.shops.get(p).unwrap_or(Sym::NONE);
                }
            }
            f((i + k) as u32, &r);
        }
        i = j;
    }
}

/// The receiver a text-format message names besides its speaker (the
/// monitor shape stores the pair in `agent`/`buyer`, the speaker on one
/// side), else `Sym::NONE`.
fn counterpart(x: &Message) -> Sym {
    if x.speaker.is_none() {
        Sym::NONE
    } else if x.agent == x.speaker {
        x.buyer
    } else if x.buyer == x.speaker {
        x.agent
    } else {
        Sym::NONE
    }
}

/// Intern the nicks named in the settings (main accounts and the account
/// list) so [`resolve`] can assign unanswered text-format buyer messages to
/// `main_accounts[0]`. Call after loading settings or importing files.
pub fn intern_settings_nicks(ds: &mut Dataset, settings: &Settings) {
    ds.nicks.intern(UNASSIGNED);
    for m in &settings.main_accounts {
        if !m.trim().is_empty() {
            ds.nicks.intern(m.trim());
        }
    }
    for a in &settings.accounts {
        if !a.nick.trim().is_empty() {
            ds.nicks.intern(a.nick.trim());
            if let Some(p) = common::shop_prefix(a.nick.trim()) {
                ds.shops.intern(p);
            }
        }
    }
}

/// A nick seen in a text-format chat (for marking staff in the UI).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NickInfo {
    pub nick: String,
    /// Messages written by this nick (system messages excluded).
    pub messages: u64,
    /// Staff under the current settings.
    pub is_staff: bool,
}

/// Nicks that wrote in text-format chats, most messages first (ties by nick);
/// duplicates of earlier files' messages are not counted.
pub fn text_nicks(ds: &Dataset, settings: &Settings) -> Vec<NickInfo> {
    // No text block was ever made (block ids are handed out from
    // `ds.blocks`): only table rows, none of them counted here, so no
    // need to read every row (at 10M a read of 480 MB before the cards).
    if ds.blocks == 0 {
        return Vec::new();
    }
    let mut counts: BTreeMap<Sym, u64> = BTreeMap::new();
    for (i, m) in ds.messages.iter().enumerate() {
        if m.block != NO_BLOCK && !ds.is_duplicate_message(i) && m.sender != Sender::System && !m.speaker.is_none() {
            *counts.entry(m.speaker).or_default() += 1;
        }
    }
    let mut v: Vec<NickInfo> = counts
        .into_iter()
        .map(|(s, n)| {
            let nick = ds.nicks.name(s).to_string();
            NickInfo { is_staff: settings.is_staff_nick(&nick), nick, messages: n }
        })
        .collect();
    v.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.nick.cmp(&b.nick)));
    v
}
