//! File import: kind/format/encoding detection and parsers for every chat,
//! order and rating format of spec §1.
//!
//! Decisions where the spec is silent (also in the module docs of the parts):
//! - `FileReport::read` counts data records: table rows (header and blank
//!   rows excluded), text-format message headers, and lines that had to be
//!   reported (orphan lines before the first header, over-long lines, a
//!   truncated last line). `imported + skipped <= read`; the difference is
//!   read receipts (`已读`/`未读`/`发送中`), which are dropped silently.
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
//!   before the first header are reported and skipped. In Qianniu text a body
//!   line that is only `已读`/`未读`/`发送中` is not part of the message.
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
//!   0; an empty buyer gives `Sym::NONE`; an unreadable amount or time skips
//!   the row with a problem. xlsx numbers in time columns are Excel serials.
//! - Format signatures: see the table on [`FORMATS`].
//! - A table whose header equals a column mapping's (spec §10.1, in
//!   [`ImportOptions`]) is read through it before any format is tried; a
//!   table that matches nothing gets a preview in its report (`mapped.rs`).

mod common;
mod csvscan;
mod decode;
mod formats;
mod mapped;
mod table;
mod text;
pub mod time;

pub use common::{parse_fen, UNASSIGNED};
pub use formats::FORMATS;
pub use mapped::ImportOptions;

use std::collections::BTreeMap;

use crate::model::{Dataset, FileKind, FileReport, Message, Problem, Sender, Sym, NO_BLOCK};
use crate::settings::Settings;

use calamine::{Data, Range};
use decode::Decoded;
use formats::HeaderMatch;
use table::{Source, TableState};
use text::{TextFormat, TextState};

/// What `new` found, waiting for the first `step` to move it into the dataset.
enum Prepared {
    Csv { text: String, hm: HeaderMatch, delim: u8, data_pos: usize, data_line: u32 },
    Sheet { range: Range<Data>, hm: HeaderMatch, header_row: usize, first_line: u32 },
    Text { text: String, fmt: TextFormat },
}

enum State {
    Pending(Box<Prepared>),
    Table(Box<TableState>),
    Text(Box<TextState>),
    Done,
}

/// Incremental importer of one file, so the worker can report progress and
/// honour a cancel between steps.
pub struct Importer {
    report: FileReport,
    done: bool,
    state: State,
    kind_override: Option<FileKind>,
    fraction: f64,
}

impl Importer {
    /// Detect kind, format and encoding from the content (the name is only a hint).
    pub fn new(name: &str, bytes: Vec<u8>, kind_override: Option<FileKind>) -> Importer {
        Importer::with_options(name, bytes, kind_override, &ImportOptions::default())
    }

    /// [`Importer::new`] with what the settings say about importing (column
    /// mappings, the shop's time zone).
    pub fn with_options(name: &str, bytes: Vec<u8>, kind_override: Option<FileKind>, opts: &ImportOptions) -> Importer {
        let mut report = FileReport::new(name, bytes.len() as u64);
        let state = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            detect(&mut report, bytes, kind_override, opts)
        })) {
            Ok(Ok(p)) => State::Pending(Box::new(p)),
            Ok(Err((zh, en))) => {
                report.fatal = Some(Problem { line: 0, message_zh: zh, message_en: en });
                State::Done
            }
            Err(_) => {
                report.fatal = Some(Problem {
                    line: 0,
                    message_zh: "文件内容无法解析（不是有效的 CSV、TSV、XLSX 或聊天记录）".into(),
                    message_en: "the file could not be parsed (not a valid CSV, TSV, XLSX or chat text)".into(),
                });
                State::Done
            }
        };
        let done = matches!(state, State::Done);
        Importer { report, done, state, kind_override, fraction: if done { 1.0 } else { 0.0 } }
    }

    pub fn report(&self) -> &FileReport {
        &self.report
    }

    /// Parse up to `max_records` more records into `ds`. Returns true when done.
    pub fn step(&mut self, ds: &mut Dataset, max_records: usize) -> bool {
        if self.done {
            return true;
        }
        let _ = self.kind_override;
        let max = max_records.max(1);
        if let State::Pending(_) = self.state {
            let State::Pending(p) = std::mem::replace(&mut self.state, State::Done) else { unreachable!() };
            self.state = start(*p, ds);
        }
        let finished = match &mut self.state {
            State::Table(t) => {
                t.step(ds, &mut self.report, max);
                self.fraction = t.fraction(ds);
                t.done
            }
            State::Text(t) => {
                t.step(ds, &mut self.report, max);
                self.fraction = t.fraction(ds);
                t.done
            }
            _ => true,
        };
        if finished {
            self.state = State::Done;
            self.done = true;
            self.fraction = 1.0;
        }
        self.done
    }

    /// (bytes consumed, total bytes) for the progress bar.
    pub fn progress(&self) -> (u64, u64) {
        let total = self.report.bytes;
        ((self.fraction.clamp(0.0, 1.0) * total as f64) as u64, total)
    }

    /// Finish: push the report into `ds.files` and return it.
    pub fn finish(self, ds: &mut Dataset) -> FileReport {
        ds.files.push(self.report.clone());
        self.report
    }
}

/// Import a whole file at once.
pub fn import_bytes(ds: &mut Dataset, name: &str, bytes: Vec<u8>, kind_override: Option<FileKind>) -> FileReport {
    import_bytes_with(ds, name, bytes, kind_override, &ImportOptions::default())
}

/// [`import_bytes`] with import options (column mappings, time zone).
pub fn import_bytes_with(
    ds: &mut Dataset,
    name: &str,
    bytes: Vec<u8>,
    kind_override: Option<FileKind>,
    opts: &ImportOptions,
) -> FileReport {
    let mut imp = Importer::with_options(name, bytes, kind_override, opts);
    while !imp.step(ds, 100_000) {}
    imp.finish(ds)
}

/// Move prepared data into the dataset and build the parser state.
fn start(p: Prepared, ds: &mut Dataset) -> State {
    let file = ds.files.len().min(u16::MAX as usize) as u16;
    ds.nicks.intern(UNASSIGNED);
    match p {
        Prepared::Csv { text, hm, delim, data_pos, data_line } => {
            ds.buffers.push(text);
            let buf = (ds.buffers.len() - 1) as u32;
            ds.buffers.push(String::new());
            let arena = buf + 1;
            // Reserve for the expected number of records (from the first 64 KB).
            let b = ds.buffers[buf as usize].as_bytes();
            let sample = &b[data_pos.min(b.len())..(data_pos + 65_536).min(b.len())];
            let nl = memchr::memchr_iter(b'\n', sample).count().max(1);
            let est = ((b.len() - data_pos.min(b.len())) as u64 * nl as u64 / sample.len().max(1) as u64) as usize;
            let est = est.min(50_000_000);
            match hm.format.kind {
                FileKind::Chats => ds.messages.reserve(est),
                FileKind::Orders => ds.orders.reserve(est),
                FileKind::Ratings => ds.ratings.reserve(est),
                FileKind::Unknown => {}
            }
            let src = Source::Csv { buf, pos: data_pos, scanner: csvscan::Scanner::new(delim) };
            State::Table(Box::new(TableState::new(src, &hm, data_line, file, arena)))
        }
        Prepared::Sheet { range, hm, header_row, first_line } => {
            ds.buffers.push(String::new());
            let arena = (ds.buffers.len() - 1) as u32;
            let src = Source::Sheet { range, row: header_row + 1, first_line };
            State::Table(Box::new(TableState::new(src, &hm, 0, file, arena)))
        }
        Prepared::Text { text, fmt } => {
            ds.buffers.push(text);
            let buf = (ds.buffers.len() - 1) as u32;
            State::Text(Box::new(TextState::new(fmt, buf, file)))
        }
    }
}

const HEADER_SCAN_ROWS: usize = 20;

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

/// Decode the bytes and find kind, format and header.
fn detect(
    rep: &mut FileReport,
    bytes: Vec<u8>,
    kind: Option<FileKind>,
    opts: &ImportOptions,
) -> Result<Prepared, (String, String)> {
    let decoded = decode::decode(bytes)?;
    match decoded {
        Decoded::Sheets(sheets, enc) => {
            rep.encoding = enc.to_string();
            let mut partial: Option<HeaderMatch> = None;
            for (_name, range) in sheets {
                let start_row = range.start().map_or(0, |s| s.0);
                let mut found = None;
                for r in 0..range.height().min(HEADER_SCAN_ROWS) {
                    let headers: Vec<String> = (0..range.width())
                        .map(|c| {
                            range
                                .get((r, c))
                                .map_or(String::new(), |d| formats::norm_header(&table::data_cell(d).text()))
                        })
                        .collect();
                    let raw = (0..range.width())
                        .map(|c| range.get((r, c)).map_or(String::new(), |d| table::data_cell(d).text().into_owned()));
                    let (best, part) = match mapped::find(opts, raw, kind) {
                        Some(m) => (Some(m), None),
                        None => formats::best_match(&headers, kind),
                    };
                    if let Some(b) = best {
                        found = Some((b, r));
                        break;
                    }
                    if partial.is_none() {
                        partial = part;
                    }
                }
                if rep.preview.is_none() && found.is_none() {
                    rep.preview = mapped::preview_sheet(&range);
                }
                if let Some((hm, r)) = found {
                    rep.preview = None;
                    rep.kind = hm.format.kind;
                    rep.format = hm.format.xlsx_name.to_string();
                    return Ok(Prepared::Sheet { range, hm, header_row: r, first_line: start_row + 1 });
                }
            }
            let err = match partial {
                Some(p) => fatal_missing(&p),
                None => {
                    let (zh, en) = fatal_unknown(kind.filter(|k| *k != FileKind::Chats), false);
                    (
                        format!("工作簿里没有找到可识别的表头。{zh}"),
                        format!("no recognised header row in the workbook. {en}"),
                    )
                }
            };
            Err(if rep.preview.is_some() { mapped::map_hint(err) } else { err })
        }
        Decoded::Text(text, enc) => {
            rep.encoding = enc.to_string();
            // Table header among the first non-empty lines.
            let b = text.as_bytes();
            let mut pos = 0usize;
            let mut line = 1u32;
            let mut rows = 0;
            let mut partial: Option<HeaderMatch> = None;
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
                        rep.kind = hm.format.kind;
                        rep.format = hm.format.name.to_string();
                        return Ok(Prepared::Csv { text, hm, delim, data_pos: r.next, data_line: line + r.lines });
                    }
                    if partial.is_none() {
                        partial = part;
                    }
                }
                pos = r.next;
                line += r.lines;
            }
            // Text chat formats.
            if kind.is_none() || kind == Some(FileKind::Chats) {
                let (inl, qn, _lines) = text::sniff(&text);
                if (inl > 0 || qn > 0) && (partial.is_none() || inl + qn >= 2) {
                    let fmt = if inl >= qn { TextFormat::Inline } else { TextFormat::Qianniu };
                    rep.kind = FileKind::Chats;
                    rep.format = fmt.name().to_string();
                    return Ok(Prepared::Text { text, fmt });
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
/// buyer who writes after it; a staff message in a block where no buyer ever
/// writes is dropped (it belongs to no conversation). A buyer message goes to
/// the staff account that wrote last before it, else the first that writes
/// after it, else `settings.main_accounts[0]` — if that nick is in
/// `ds.nicks` (see [`intern_settings_nicks`]) — else `未分配`. System
/// messages get the same agent/buyer as a buyer/staff message at their
/// place would and are dropped when the block has no buyer. `shop` of a
/// text-format message is the shop prefix of its resolved agent.
pub fn resolve(ds: &Dataset, settings: &Settings) -> Vec<Message> {
    let mut out = Vec::with_capacity(ds.messages.len());
    resolve_each(ds, settings, |_, m| out.push(*m));
    out
}

/// [`resolve`] without the copy: calls `f(index in ds.messages, resolved
/// message)` for every message `resolve` would return, in the same order.
/// Table rows (`block == NO_BLOCK`) are passed as stored.
pub fn resolve_each(ds: &Dataset, settings: &Settings, mut f: impl FnMut(u32, &Message)) {
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
    let mut prev_staff: Vec<Sym> = Vec::new();
    let mut prev_buyer: Vec<Sym> = Vec::new();
    let mut staff_flag: Vec<bool> = Vec::new();
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
        staff_flag.clear();
        prev_staff.clear();
        prev_buyer.clear();
        let (mut ls, mut lb) = (Sym::NONE, Sym::NONE);
        for x in run {
            let st = x.sender != Sender::System && is_staff(x.speaker);
            staff_flag.push(st);
            prev_staff.push(ls);
            prev_buyer.push(lb);
            if x.sender != Sender::System {
                if st {
                    ls = x.speaker;
                } else {
                    lb = x.speaker;
                }
            }
        }
        // Backward pass: next staff / next buyer.
        let (mut ns, mut nb) = (Sym::NONE, Sym::NONE);
        let mut next: Vec<(Sym, Sym)> = vec![(Sym::NONE, Sym::NONE); run.len()];
        for k in (0..run.len()).rev() {
            next[k] = (ns, nb);
            if run[k].sender != Sender::System {
                if staff_flag[k] {
                    ns = run[k].speaker;
                } else {
                    nb = run[k].speaker;
                }
            }
        }
        for (k, x) in run.iter().enumerate() {
            let mut r = *x;
            let pick = |a: Sym, b: Sym| if a.is_none() { b } else { a };
            let staff_at = pick(prev_staff[k], next[k].0);
            let buyer_at = pick(prev_buyer[k], next[k].1);
            if x.sender == Sender::System {
                r.agent = if staff_at.is_none() { main } else { staff_at };
                r.buyer = buyer_at;
            } else if staff_flag[k] {
                r.sender = Sender::Agent;
                r.agent = x.speaker;
                r.buyer = buyer_at;
            } else {
                r.sender = Sender::Buyer;
                r.buyer = x.speaker;
                r.agent = if staff_at.is_none() { main } else { staff_at };
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

/// Nicks that wrote in text-format chats, most messages first (ties by nick).
pub fn text_nicks(ds: &Dataset, settings: &Settings) -> Vec<NickInfo> {
    let mut counts: BTreeMap<Sym, u64> = BTreeMap::new();
    for m in &ds.messages {
        if m.block != NO_BLOCK && m.sender != Sender::System && !m.speaker.is_none() {
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
