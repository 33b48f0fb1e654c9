//! Tables read through a column mapping (spec §10.1), and the preview of a
//! table that matched nothing (so the user can make a mapping).
//!
//! A table whose header row (cells trimmed, in order, trailing empty cells
//! dropped) equals a mapping's `header` is read through that mapping, before
//! any known format is tried: the user made it for exactly this header.
//!
//! - Orders, and chats with `agent` + `buyer` columns, go through the
//!   ordinary table rows (`table.rs`): each row's time cells are first read
//!   with the mapping's `time_format` (offsets converted to shop-local) and
//!   its role cell translated through `roles`; a role value listed nowhere
//!   is read as the chat-table's sender words, else the row is skipped with
//!   a problem naming it.
//! - Chats with `conversation` + `sender_name` columns are kept until the
//!   file ends, grouped by conversation (rows of different conversations
//!   may be interleaved; a conversation keeps the place of its first row),
//!   ordered by time within it (same second: file order), and resolved as
//!   a text block is (spec §1.2), the role column saying who is the buyer:
//!   a staff message belongs to the buyer who wrote last before it, else
//!   the first buyer to write after it; a buyer message goes to the human
//!   staff member who wrote last before it, else the first who writes after
//!   it. Automatic (bot) messages are staff but are sent on behalf of the
//!   conversation's human staff: they go to the human staff member at their
//!   place (and a buyer message goes to a bot only when no human writes in
//!   the conversation at all); with no staff at all, to the shop's main
//!   account from the settings, else `未分配`. A conversation where no
//!   buyer writes is skipped with one problem. These rows are stored
//!   already resolved (as table rows), so they never depend on the account
//!   list.

use std::collections::HashMap;

use calamine::{Data, Range};

use super::common::*;
use super::csvscan::{unescape, Scanner, Status};
use super::formats::{Col, Field, HeaderMatch, TableFormat};
use super::table::{data_cell, parse_sender, Cell, RowCtx, Sink};
use super::time::{excel_serial, parse_mapped};
use crate::model::{ts_string, FileKind, FileReport, Message, Sender, Sym, TablePreview, TextRef, NO_BLOCK};
use crate::settings::{ChatMode, ColumnMapping, MappingKind, Settings, TimeFormat};

/// What the importer needs from the settings when it detects a file.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Spec §10.1 column mappings.
    pub mappings: Vec<ColumnMapping>,
    /// Minutes east of UTC of the shop's clock: times with an offset in a
    /// mapped table are converted to it.
    pub tz_offset_minutes: i32,
    /// The shop's main account (buyer messages of a mapped conversation
    /// where no staff writes go to it).
    pub main_account: Option<String>,
    /// The query date of a chat export that carries only times of day (the
    /// one-row-per-customer workbook), as a day number (see
    /// [`crate::model::parse_day`]). Takes precedence over a date in the
    /// file name; not a setting (`kefu --date`).
    pub date: Option<i32>,
    /// A workbook sheet spanning more cells than this is skipped before it
    /// is read ([`crate::import::MAX_SHEET_CELLS`]; the fuzz targets use
    /// less, to stay inside the fuzzer's memory limit).
    pub max_sheet_cells: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions::from_settings(&Settings::default())
    }
}

impl ImportOptions {
    pub fn from_settings(s: &Settings) -> Self {
        ImportOptions {
            max_sheet_cells: super::MAX_SHEET_CELLS,
            mappings: s.column_mappings.clone(),
            tz_offset_minutes: s.timezone_offset_minutes,
            main_account: s.main_accounts.iter().map(|m| m.trim()).find(|m| !m.is_empty()).map(str::to_string),
            date: None,
        }
    }
}

const fn col(field: Field, required: bool) -> Col {
    Col { field, required, aliases: &[] }
}

/// The pseudo-format of a mapped chat table.
pub static MAPPED_CHATS: TableFormat = TableFormat {
    name: "mapped-chats",
    xlsx_name: "mapped-chats",
    kind: FileKind::Chats,
    cols: &[
        col(Field::Time, true),
        col(Field::Agent, true),
        col(Field::Buyer, true),
        col(Field::Sender, true),
        col(Field::Text, true),
        col(Field::Shop, false),
        col(Field::Product, false),
    ],
};

/// The pseudo-format of a mapped order table.
pub static MAPPED_ORDERS: TableFormat = TableFormat {
    name: "mapped-orders",
    xlsx_name: "mapped-orders",
    kind: FileKind::Orders,
    cols: &[
        col(Field::OrderId, true),
        col(Field::Buyer, false),
        col(Field::Created, true),
        col(Field::Amount, true),
        col(Field::Paid, false),
        col(Field::Title, false),
        col(Field::Shop, false),
    ],
};

/// A mapping that matched a table, with what reading it needs.
#[derive(Debug, Clone)]
pub struct MappedSpec {
    mapping: ColumnMapping,
    tz: i32,
    main: Option<String>,
}

fn file_kind(k: MappingKind) -> FileKind {
    match k {
        MappingKind::Chats => FileKind::Chats,
        MappingKind::Orders => FileKind::Orders,
    }
}

/// The mapping for a header row, if one matches (and is of the kind the
/// user asked for, if any), as a header match over a pseudo-format.
pub(super) fn find<S: AsRef<str>>(
    opts: &ImportOptions,
    cells: impl IntoIterator<Item = S>,
    kind: Option<FileKind>,
) -> Option<HeaderMatch> {
    if opts.mappings.is_empty() {
        return None;
    }
    let key = ColumnMapping::header_key(cells);
    let m = opts.mappings.iter().find(|m| m.matches(&key) && kind.is_none_or(|k| k == file_kind(m.kind)))?;
    let c = &m.columns;
    let format: &'static TableFormat = match m.kind {
        MappingKind::Chats => &MAPPED_CHATS,
        MappingKind::Orders => &MAPPED_ORDERS,
    };
    let cols: Vec<Option<usize>> = format
        .cols
        .iter()
        .map(|f| {
            m.index(match (m.kind, f.field) {
                (_, Field::Time) => &c.time,
                (_, Field::Agent) => &c.agent,
                (_, Field::Buyer) => &c.buyer,
                (_, Field::Sender) => &c.role,
                (_, Field::Text) => &c.text,
                (_, Field::Shop) => &c.shop,
                (_, Field::OrderId) => &c.order_id,
                (_, Field::Created) => &c.created,
                (_, Field::Paid) => &c.paid,
                (_, Field::Amount) => &c.amount,
                (_, Field::Title) => &c.title,
                (MappingKind::Chats, Field::Product) => &c.product,
                _ => &None,
            })
        })
        .collect();
    let matched = cols.iter().filter(|c| c.is_some()).count();
    let spec = MappedSpec { mapping: m.clone(), tz: opts.tz_offset_minutes, main: opts.main_account.clone() };
    Some(HeaderMatch {
        format,
        cols,
        matched,
        required_missing: Vec::new(),
        role: Default::default(),
        mapped: Some(Box::new(spec)),
    })
}

/// A `conversation` + `sender_name` row, kept until the file ends.
struct Pending {
    conv: u32,
    ts: i64,
    sender: Sender,
    name: String,
    text: TextRef,
    shop: String,
    /// The product column's cell (issue 14), as written.
    product: String,
    line: u32,
}

/// Conversation mode: column indices and the rows kept so far.
struct Conv {
    conv: usize,
    name: usize,
    time: usize,
    role: usize,
    text: usize,
    shop: Option<usize>,
    product: Option<usize>,
    need: usize,
    ids: HashMap<String, u32>,
    /// The conversation id of each `ids` value, for problems.
    names: Vec<String>,
    rows: Vec<Pending>,
}

/// Per-table state of a mapped table (owned by its `TableState`).
pub(super) struct RowMap {
    spec: MappedSpec,
    /// Columns holding times (chats: time; orders: created, paid).
    time_cols: Vec<usize>,
    role_col: Option<usize>,
    conv: Option<Conv>,
    scratch: Vec<String>,
}

impl RowMap {
    pub(super) fn new(spec: &MappedSpec) -> RowMap {
        let m = &spec.mapping;
        let c = &m.columns;
        let time_cols: Vec<usize> = match m.kind {
            MappingKind::Chats => [m.index(&c.time)].into_iter().flatten().collect(),
            MappingKind::Orders => [m.index(&c.created), m.index(&c.paid)].into_iter().flatten().collect(),
        };
        let conv = (m.kind == MappingKind::Chats && m.chat_mode() == ChatMode::Conversation).then(|| {
            let ix = |col: &Option<String>| m.index(col).unwrap_or(0);
            let mut cv = Conv {
                conv: ix(&c.conversation),
                name: ix(&c.sender_name),
                time: ix(&c.time),
                role: ix(&c.role),
                text: ix(&c.text),
                shop: m.index(&c.shop),
                product: m.index(&c.product),
                need: 0,
                ids: HashMap::new(),
                names: Vec::new(),
                rows: Vec::new(),
            };
            cv.need = [cv.conv, cv.name, cv.time, cv.role, cv.text].into_iter().max().unwrap_or(0) + 1;
            cv
        });
        RowMap {
            spec: spec.clone(),
            time_cols,
            role_col: if m.kind == MappingKind::Chats { m.index(&c.role) } else { None },
            conv,
            scratch: Vec::new(),
        }
    }

    fn time_format(&self) -> &TimeFormat {
        &self.spec.mapping.time_format
    }

    /// A time cell read with the mapping's time format (None: empty).
    fn ts(&self, c: Cell) -> Result<Option<i64>, String> {
        let fmt = self.time_format();
        match c {
            Cell::Empty => Ok(None),
            Cell::Dt(v) => excel_serial(v).map(Some).ok_or_else(|| format!("{v}")),
            Cell::Num(v) => {
                let t = c.text();
                parse_mapped(&t, fmt, self.spec.tz)
                    .or_else(|| if matches!(fmt, TimeFormat::Pattern(_)) { excel_serial(v) } else { None })
                    .map(Some)
                    .ok_or_else(|| t.to_string())
            }
            Cell::S(..) => {
                let t = c.text();
                let t = clean_cell(&t);
                if t.is_empty() || t == "-" || t.eq_ignore_ascii_case("null") {
                    return Ok(None);
                }
                parse_mapped(t, fmt, self.spec.tz).map(Some).ok_or_else(|| t.to_string())
            }
        }
    }

    /// The sender a role value means: the mapping's `roles`, else the
    /// chat-table's sender words.
    fn role(&self, value: &str) -> Option<Sender> {
        let v = clean_cell(value);
        let r = &self.spec.mapping.roles;
        for (list, sender) in
            [(&r.buyer, Sender::Buyer), (&r.agent, Sender::Agent), (&r.auto, Sender::Auto), (&r.system, Sender::System)]
        {
            if list.iter().any(|x| x.trim() == v) {
                return Some(sender);
            }
        }
        for (list, sender) in
            [(&r.buyer, Sender::Buyer), (&r.agent, Sender::Agent), (&r.auto, Sender::Auto), (&r.system, Sender::System)]
        {
            if list.iter().any(|x| x.trim().eq_ignore_ascii_case(v)) {
                return Some(sender);
            }
        }
        parse_sender(v)
    }

    /// Read one data row.
    pub(super) fn row(
        &mut self,
        rs: &mut RowCtx,
        sink: &mut Sink,
        cells: &[Cell],
        line: u32,
        at_eof: bool,
        src: Option<(u32, usize)>,
    ) {
        if self.conv.is_some() {
            self.conv_row(sink, cells, line, at_eof, src);
            return;
        }
        // Rewrite the time and role cells into the chat-table's words, then
        // read the row as the ordinary table rows are read.
        self.scratch.clear();
        let mut replace: Vec<(usize, usize)> = Vec::new();
        for &ix in &self.time_cols {
            if ix >= cells.len() {
                continue;
            }
            match self.ts(cells[ix]) {
                Ok(Some(ts)) => {
                    replace.push((ix, self.scratch.len()));
                    self.scratch.push(ts_string(ts));
                }
                Ok(None) => {}
                Err(v) => {
                    sink.rep.read += 1;
                    sink.rep.skipped += 1;
                    bad_time(sink.rep, line as u64, &v);
                    return;
                }
            }
        }
        if let Some(ix) = self.role_col.filter(|ix| *ix < cells.len()) {
            if let Some(s) = self.role(&cells[ix].text()) {
                replace.push((ix, self.scratch.len()));
                self.scratch.push(s.as_str().to_string());
            }
        }
        let mut out: Vec<Cell> = cells.to_vec();
        for (ix, k) in replace {
            out[ix] = Cell::S(self.scratch[k].as_str(), false);
        }
        rs.row(sink, &out, line, at_eof, src);
    }

    fn conv_row(&mut self, sink: &mut Sink, cells: &[Cell], line: u32, at_eof: bool, src: Option<(u32, usize)>) {
        sink.rep.read += 1;
        let ln = line as u64;
        let need = self.conv.as_ref().map_or(0, |c| c.need);
        let skip = |rep: &mut FileReport, zh: String, en: String| {
            rep.skipped += 1;
            rep.problem(ln, zh, en);
        };
        if cells.len() < need {
            if at_eof {
                sink.rep.skipped += 1;
                truncated(sink.rep, ln);
            } else {
                skip(
                    sink.rep,
                    format!("列数不足：需要 {need} 列，只有 {} 列", cells.len()),
                    format!("too few columns: need {need}, found {}", cells.len()),
                );
            }
            return;
        }
        let Some(cv) = self.conv.as_ref() else { return };
        let (ci, ni, ti, ri, xi, si, pi) = (cv.conv, cv.name, cv.time, cv.role, cv.text, cv.shop, cv.product);
        let ts = match self.ts(cells[ti]) {
            Ok(Some(t)) => t,
            Ok(None) => return skip(sink.rep, "时间为空".into(), "empty time".into()),
            Err(v) => {
                sink.rep.skipped += 1;
                bad_time(sink.rep, ln, &v);
                return;
            }
        };
        let role_text = cells[ri].text();
        let Some(mut sender) = self.role(&role_text) else {
            let v = clip(&role_text);
            return skip(
                sink.rep,
                format!("发送方无法识别 '{v}'（在列对应里没有指定它是买家、客服、自动回复还是系统）"),
                format!("unknown sender '{v}' (the column mapping does not say if it is buyer, agent, auto or system)"),
            );
        };
        let conv_c = cells[ci].text();
        let conv_s = clean_cell(&conv_c);
        if conv_s.is_empty() {
            return skip(sink.rep, "会话编号为空".into(), "empty conversation id".into());
        }
        let name_c = cells[ni].text();
        let name = clean_cell(&name_c);
        if name.is_empty() && sender != Sender::System {
            return skip(sink.rep, "发送者名称为空".into(), "empty sender name".into());
        }
        // Text: a slice of the source buffer when possible (as chat rows).
        let tc = cells[xi];
        let text = match (tc, src) {
            (Cell::S(s, false), Some((buf, base))) if memchr::memchr(b'\r', s.as_bytes()).is_none() => {
                let t = s.trim_matches(|ch: char| ch == '\n' || ch == ' ' || ch == '\t');
                if is_read_receipt(t) {
                    return;
                }
                if sender != Sender::System && is_system_text(t) {
                    sender = Sender::System;
                }
                TextRef { buf, start: (t.as_ptr() as usize - base) as u32, len: t.len() as u32 }
            }
            _ => {
                let owned = tc.text().replace("\r\n", "\n");
                let t = owned.trim_matches(|ch: char| ch == '\r' || ch == '\n' || ch == ' ' || ch == '\t');
                if is_read_receipt(t) {
                    return;
                }
                if sender != Sender::System && is_system_text(t) {
                    sender = Sender::System;
                }
                sink.push_arena(t)
            }
        };
        let cell = |i: usize| clean_cell(&cells.get(i).map_or(Cell::Empty, |c| *c).text()).to_string();
        let (shop, product) = (si.map(cell), pi.map(cell).unwrap_or_default());
        let Some(cv) = self.conv.as_mut() else { return };
        let next = cv.ids.len() as u32;
        let conv = *cv.ids.entry(conv_s.to_string()).or_insert_with(|| {
            cv.names.push(conv_s.to_string());
            next
        });
        let shop = shop.unwrap_or_default();
        cv.rows.push(Pending { conv, ts, sender, name: name.to_string(), text, shop, product, line });
    }

    /// The file ended: resolve the kept conversations into messages.
    pub(super) fn finish(&mut self, sink: &mut Sink) {
        let Some(cv) = self.conv.as_mut() else { return };
        let rows = std::mem::take(&mut cv.rows);
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| (rows[i].conv, rows[i].ts, i));
        let main = self.spec.main.clone();
        let mut start = 0;
        while start < order.len() {
            let c = rows[order[start]].conv;
            let mut end = start;
            while end < order.len() && rows[order[end]].conv == c {
                end += 1;
            }
            let group: Vec<&Pending> = order[start..end].iter().map(|&i| &rows[i]).collect();
            resolve_conversation(sink, &group, main.as_deref(), &cv.names[c as usize]);
            start = end;
        }
    }
}

/// One conversation's rows (time order) → messages (see the module docs).
fn resolve_conversation(sink: &mut Sink, g: &[&Pending], main: Option<&str>, conv_id: &str) {
    let n = g.len();
    let name = |k: usize| g[k].name.as_str();
    // Who wrote last before each row, and who writes first after it.
    let mut prev: Vec<[Option<usize>; 3]> = vec![[None; 3]; n];
    let mut next: Vec<[Option<usize>; 3]> = vec![[None; 3]; n];
    let slot = |s: Sender| match s {
        Sender::Buyer => Some(0),
        Sender::Agent => Some(1),
        Sender::Auto => Some(2),
        Sender::System => None,
    };
    let mut last = [None; 3];
    for k in 0..n {
        prev[k] = last;
        if let Some(i) = slot(g[k].sender) {
            last[i] = Some(k);
        }
    }
    let mut last = [None; 3];
    for k in (0..n).rev() {
        next[k] = last;
        if let Some(i) = slot(g[k].sender) {
            last[i] = Some(k);
        }
    }
    if !g.iter().any(|p| p.sender == Sender::Buyer) {
        sink.rep.skipped += n as u64;
        sink.rep.problem(
            g[0].line as u64,
            format!("会话 {} 中买家没有发言，它的 {n} 条消息已跳过", clip(conv_id)),
            format!("no buyer writes in conversation {}; its {n} messages were skipped", clip(conv_id)),
        );
        return;
    }
    for k in 0..n {
        let p = g[k];
        let at = |i: usize| prev[k][i].or(next[k][i]).map(name);
        let (buyer_at, human_at, auto_at) = (at(0), at(1), at(2));
        let fallback = main.unwrap_or(UNASSIGNED);
        let (agent, buyer) = match p.sender {
            Sender::Buyer => (human_at.or(auto_at).unwrap_or(fallback), Some(p.name.as_str())),
            Sender::Agent => (p.name.as_str(), buyer_at),
            Sender::Auto => (human_at.unwrap_or(p.name.as_str()), buyer_at),
            Sender::System => (human_at.or(auto_at).unwrap_or(fallback), buyer_at),
        };
        let Some(buyer) = buyer else {
            sink.rep.skipped += 1;
            continue;
        };
        let agent_sym = sink.nicks.intern(agent);
        let buyer_sym = sink.nicks.intern(buyer);
        let shop = if !p.shop.is_empty() { sink.shops.intern(&p.shop) } else { shop_of(sink.shops, agent) };
        let speaker = match p.sender {
            Sender::Buyer => buyer_sym,
            Sender::Agent | Sender::Auto => agent_sym,
            Sender::System => Sym::NONE,
        };
        sink.messages.push(Message {
            ts: p.ts,
            shop,
            agent: agent_sym,
            buyer: buyer_sym,
            speaker,
            sender: p.sender,
            block: NO_BLOCK,
            text: p.text,
            file: sink.file,
            line: p.line,
        });
        sink.product(&p.product);
        sink.rep.imported += 1;
    }
}

/// The hint added to the fatal message of a table that can be mapped.
pub(super) fn map_hint(err: (String, String)) -> (String, String) {
    (
        format!("{}。可以在导入报告里点「设置列对应」指定各列的含义（或在设置文件的 column_mappings 里写明）。", err.0.trim_end_matches('。')),
        format!(
            "{}. You can say what each column means with \"Map columns\" in the import report (or in column_mappings of the settings file).",
            err.1.trim_end_matches('.')
        ),
    )
}

const PREVIEW_ROWS: usize = 5;
const PREVIEW_SCAN: usize = 1_000;
const PREVIEW_VALUES: usize = 20;

fn build_preview(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> TablePreview {
    let w = header.len();
    let mut shown = Vec::new();
    let mut values: Vec<Option<Vec<String>>> = vec![Some(Vec::new()); w];
    for row in rows.take(PREVIEW_SCAN) {
        if shown.len() < PREVIEW_ROWS {
            shown.push(row.iter().take(w.max(1)).map(|c| clip(c)).collect());
        }
        for (i, v) in values.iter_mut().enumerate() {
            let cell = row.get(i).map_or("", |c| c.trim());
            let Some(list) = v else { continue };
            if cell.is_empty() || list.iter().any(|x| x == cell) {
                continue;
            }
            if list.len() >= PREVIEW_VALUES || cell.chars().count() > 40 {
                *v = None;
            } else {
                list.push(cell.to_string());
            }
        }
    }
    TablePreview { header, rows: shown, values: values.into_iter().map(Option::unwrap_or_default).collect() }
}

/// The preview of a CSV/TSV text: its first row with two or more cells
/// (within the first 20 non-blank lines) is the header.
pub(super) fn preview_text(text: &str) -> Option<TablePreview> {
    let b = text.as_bytes();
    let mut pos = 0;
    let mut fields = Vec::new();
    let mut seen = 0;
    while pos < b.len() && seen < 20 {
        let le = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
        let mut sc = Scanner::new(super::csvscan::guess_delim(&b[pos..le]));
        let r = sc.read(b, pos, &mut fields);
        if r.status != Status::Ok {
            return None;
        }
        let cells = |fields: &[super::csvscan::RawField]| -> Vec<String> {
            fields
                .iter()
                .map(|f| {
                    let s = &text[f.start..f.end];
                    if f.esc {
                        unescape(s)
                    } else {
                        s.to_string()
                    }
                })
                .collect()
        };
        let header = ColumnMapping::header_key(cells(&fields));
        pos = r.next;
        if header.is_empty() {
            continue;
        }
        seen += 1;
        if header.len() < 2 {
            continue;
        }
        let mut rows = Vec::new();
        while pos < b.len() && rows.len() < PREVIEW_SCAN {
            let r = sc.read(b, pos, &mut fields);
            pos = r.next;
            if r.status != Status::Ok {
                continue;
            }
            let row = cells(&fields);
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(row);
        }
        return Some(build_preview(header, rows.into_iter()));
    }
    None
}

/// The preview of a worksheet: its first row with two or more non-empty
/// cells (within the first 20 rows) is the header.
pub(super) fn preview_sheet(range: &Range<Data>) -> Option<TablePreview> {
    let row_cells = |r: usize| -> Vec<String> {
        (0..range.width())
            .map(|c| range.get((r, c)).map_or(String::new(), |d| data_cell(d).text().into_owned()))
            .collect()
    };
    let h = range.height();
    let r0 = (0..h.min(20)).find(|&r| row_cells(r).iter().filter(|c| !c.trim().is_empty()).count() >= 2)?;
    let header = ColumnMapping::header_key(row_cells(r0));
    let rows = (r0 + 1..h).map(row_cells).filter(|row| row.iter().any(|c| !c.trim().is_empty()));
    Some(build_preview(header, rows))
}
