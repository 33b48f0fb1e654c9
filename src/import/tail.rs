//! A large chat table read by two threads that share no memory (issue 12:
//! the browser's second core). The worker that imports the file reads it
//! from its start up to a line break near its middle (`at`); a helper
//! worker reads it from `at` on with a [`TailReader`] — the same header and
//! record loop, its own dataset — and sends what it read in pieces
//! ([`TailReader::take_piece`]: rows as fixed records, their text, the names
//! it met first, its report's counts and first problems), dropping each
//! piece's rows and text once sent, so the helper holds one batch at a time.
//!
//! The importing worker adds each piece where it lands in its own lists as
//! it arrives ([`Importer::add_tail_piece`]: rows after whatever rows it had
//! read by then, text at the end of the table's arena), so nothing is held
//! twice. Once its own part has been read, [`Importer::join_tail`] checks
//! that its reading stopped exactly at `at` (a line break inside a quoted
//! cell would not be a record boundary) and then puts the rows in file
//! order (a stable in-place gather of the blocks: its own rows first), and
//! gives the helper's rows their symbols (the names the helper met first
//! interned in its order, so symbols are what one sequential read gives),
//! file and line numbers; the report's counts add and its problems follow.
//! When `at` was not a record boundary the helper's rows are dropped and
//! the caller reads the rest of the file itself from `at`: the same rows
//! either way (tests/it/import_tail.rs).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::table::{room_for_rest, Source, TableState};
use super::{ImportOptions, Importer, Prepared, State};
use crate::model::{Dataset, FileKind, FileReport, Problem, Sym, TextRef};
use crate::pool::{put_record, Reader, RECORD};

/// The helper's side: a chat table read from a record boundary on.
pub struct TailReader {
    ds: Dataset,
    imp: Importer,
    /// What the pieces sent so far held.
    sent: Sent,
    format: String,
    first_line: u32,
}

#[derive(Default)]
struct Sent {
    nicks: usize,
    shops: usize,
    values: usize,
    problems: usize,
    read: u64,
    imported: u64,
    skipped: u64,
    problem_count: u64,
    /// Bytes of the table read (the header's included, from the start).
    bytes: u64,
}

/// The head of a piece (JSON); rows and text follow as bytes.
#[derive(Serialize, Deserialize)]
struct PieceHead {
    /// The table's format and the line number of its first record, as the
    /// helper detected them (the importing worker checks it read the same).
    format: String,
    first_line: u32,
    /// The line number after the piece's last record.
    end_line: u32,
    /// Bytes of the file the piece's records took.
    bytes: u64,
    /// Names met first in this piece, in the order met.
    nicks: Vec<String>,
    shops: Vec<String>,
    values: Vec<String>,
    /// (row of the piece, value index) of its product column.
    products: Vec<(u32, u32)>,
    read: u64,
    imported: u64,
    skipped: u64,
    problem_count: u64,
    problems: Vec<Problem>,
}

impl TailReader {
    /// Read the table whose first bytes are `prefix` (the importing worker's
    /// own, from which it detected the table) from a record boundary on: the
    /// bytes fed next are the file from there, `tail_len` of them. None
    /// unless it is a plain chat table (not read through a mapping, which
    /// may hold state from row to row).
    pub fn begin(
        name: &str,
        prefix: &[u8],
        tail_len: u64,
        kind: Option<FileKind>,
        opts: &ImportOptions,
    ) -> Option<TailReader> {
        let mut imp = Importer::streaming(name, prefix, prefix.len() as u64 + tail_len + 1, kind, opts)?;
        let s = imp.stream.as_mut()?;
        s.pending.clear();
        // no room made for the whole file: pieces leave as they are read
        s.total = 0;
        let format = imp.parts[0].report.format.clone();
        let State::Pending(p) = &mut imp.parts[0].state else { return None };
        let Prepared::Csv { text, hm, data_pos, data_line, .. } = p.as_mut() else { return None };
        if hm.format.kind != FileKind::Chats || hm.mapped.is_some() {
            return None;
        }
        // the header (and what comes before it) only
        text.truncate(*data_pos);
        let (first_line, bytes) = (*data_line, *data_pos as u64);
        Some(TailReader { ds: Dataset::default(), imp, sent: Sent { bytes, ..Sent::default() }, format, first_line })
    }

    /// The next bytes; false when they are not UTF-8 (the importing worker
    /// then reads the whole file itself).
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        self.imp.feed(&mut self.ds, bytes)
    }

    /// No more bytes; false as for [`TailReader::feed`].
    pub fn end_input(&mut self) -> bool {
        self.imp.end_input(&mut self.ds)
    }

    /// Read up to `records` more; true when the table is done.
    pub fn step(&mut self, records: usize) -> bool {
        self.imp.step(&mut self.ds, records)
    }

    /// Every whole record fed so far has been read.
    pub fn needs_input(&self) -> bool {
        self.imp.needs_input()
    }

    /// Everything read since the last piece, as bytes to send; its rows and
    /// text are dropped here.
    pub fn take_piece(&mut self) -> Vec<u8> {
        let ds = &mut self.ds;
        let (bytes, end_line, arena) = match &self.imp.parts[0].state {
            State::Table(t) => {
                let Source::Csv { pos, .. } = t.source else { unreachable!("a streamed table") };
                ((t.consumed + pos) as u64, t.line, Some(t.arena))
            }
            _ => (self.sent.bytes, self.first_line, None),
        };
        let rep = &self.imp.parts[0].report;
        let s = &mut self.sent;
        let head = PieceHead {
            format: self.format.clone(),
            first_line: self.first_line,
            end_line,
            bytes: bytes - s.bytes,
            nicks: ds.nicks.names().skip(s.nicks).map(str::to_string).collect(),
            shops: ds.shops.names().skip(s.shops).map(str::to_string).collect(),
            values: ds.product_values.names().skip(s.values).map(str::to_string).collect(),
            products: ds.message_products.iter().map(|&(i, v)| (i, v.0)).collect(),
            read: rep.read - s.read,
            imported: rep.imported - s.imported,
            skipped: rep.skipped - s.skipped,
            problem_count: rep.problem_count - s.problem_count,
            problems: rep.problems[s.problems.min(rep.problems.len())..].to_vec(),
        };
        *s = Sent {
            nicks: ds.nicks.len(),
            shops: ds.shops.len(),
            values: ds.product_values.len(),
            problems: rep.problems.len(),
            read: rep.read,
            imported: rep.imported,
            skipped: rep.skipped,
            problem_count: rep.problem_count,
            bytes,
        };
        // The text: the arena's, then any a message points to elsewhere
        // (none in a streamed table, which copies every text to its
        // arena), written straight into the piece.
        let arena_text: &str = arena.map_or("", |a| &ds.buffers[a as usize]);
        let mut elsewhere = Vec::new();
        let mut end = arena_text.len();
        let mut refs = Vec::with_capacity(ds.messages.len());
        for m in &ds.messages {
            refs.push(if Some(m.text.buf) == arena || m.text.len == 0 {
                TextRef { buf: 0, start: if m.text.len == 0 { 0 } else { m.text.start }, len: m.text.len }
            } else {
                elsewhere.push(m.text);
                end += m.text.len as usize;
                TextRef { buf: 0, start: (end - m.text.len as usize) as u32, len: m.text.len }
            });
        }
        let json = serde_json::to_vec(&head).expect("a piece's head serialises");
        let mut out = Vec::with_capacity(24 + json.len() + ds.messages.len() * RECORD + end);
        out.extend_from_slice(&(json.len() as u64).to_le_bytes());
        out.extend_from_slice(&json);
        out.extend_from_slice(&(ds.messages.len() as u64).to_le_bytes());
        for (m, &t) in ds.messages.iter().zip(&refs) {
            put_record(&mut out, m, t);
        }
        out.extend_from_slice(&(end as u64).to_le_bytes());
        out.extend_from_slice(arena_text.as_bytes());
        for t in elsewhere {
            out.extend_from_slice(ds.text(t).as_bytes());
        }
        ds.messages.clear();
        ds.message_products.clear();
        if let Some(a) = arena {
            Arc::make_mut(&mut ds.buffers[a as usize]).clear();
        }
        out
    }
}

/// The importing worker's side: the helper's pieces added so far.
#[derive(Default)]
pub(super) struct Join {
    /// The table's rows since its first, in blocks as they were added:
    /// (from the helper, how many).
    blocks: Vec<(bool, usize)>,
    /// `Dataset::messages`' length after the last block.
    mark: usize,
    /// The helper's names, in its symbols' order.
    nicks: Vec<String>,
    shops: Vec<String>,
    values: Vec<String>,
    /// (row among the helper's, value index).
    products: Vec<(usize, u32)>,
    rows: usize,
    first_line: u32,
    end_line: u32,
    read: u64,
    imported: u64,
    skipped: u64,
    problem_count: u64,
    problems: Vec<Problem>,
}

impl Join {
    fn block(&mut self, tail: bool, n: usize) {
        if n == 0 {
            return;
        }
        match self.blocks.last_mut() {
            Some((t, m)) if *t == tail => *m += n,
            _ => self.blocks.push((tail, n)),
        }
    }
}

impl Importer {
    /// The table being read, started if it was still pending.
    fn stream_table(&mut self, ds: &mut Dataset) -> Option<&mut TableState> {
        self.stream.as_ref()?;
        if self.parts.len() != 1 || self.done {
            return None;
        }
        let fresh = matches!(self.parts[0].state, State::Pending(_));
        self.parts[0].start(ds, ds.files.len().min(u16::MAX as usize) as u16);
        if fresh {
            self.set_more();
        }
        match &mut self.parts[0].state {
            State::Table(t) => Some(t),
            _ => None,
        }
    }

    /// A streamed plain chat table, whose rest a helper may read
    /// ([`TailReader`]).
    pub fn may_split(&self) -> bool {
        if self.stream.is_none() || self.parts.len() != 1 || self.parts[0].report.kind != FileKind::Chats {
            return false;
        }
        match &self.parts[0].state {
            State::Pending(p) => matches!(p.as_ref(), Prepared::Csv { hm, .. } if hm.mapped.is_none()),
            State::Table(t) => t.kind == FileKind::Chats && t.mapped.is_none(),
            _ => false,
        }
    }

    /// Add a piece of the helper's ([`TailReader::take_piece`]) after the
    /// rows read so far; the rows become the file's at [`Importer::join_tail`].
    pub fn add_tail_piece(&mut self, ds: &mut Dataset, piece: &[u8]) -> Result<(), String> {
        if !self.may_split() {
            return Err("not a table read in two".into());
        }
        let format = self.parts[0].report.format.clone();
        let t = self.stream_table(ds).ok_or("not a table read in two")?;
        let mut r = Reader { bytes: piece, at: 0 };
        let json_len = r.len()?;
        let head: PieceHead = serde_json::from_slice(r.take(json_len)?).map_err(|e| e.to_string())?;
        if head.format != format {
            return Err(format!("the helper read the table as {}, not {format}", head.format));
        }
        let n = r.len()?;
        if n > piece.len() / RECORD {
            return Err(format!("{n} messages cannot fit in {} bytes", piece.len()));
        }
        let at = r.at;
        r.take(n * RECORD)?;
        let text_len = r.len()?;
        let text = std::str::from_utf8(r.take(text_len)?).map_err(|e| e.to_string())?;
        if r.at != piece.len() {
            return Err("bytes after the piece".into());
        }
        let first = ds.messages.len();
        let start = *t.first_message.get_or_insert(first);
        let join = t
            .tail
            .get_or_insert_with(|| Box::new(Join { mark: start, first_line: head.first_line, ..Join::default() }));
        if join.first_line != head.first_line {
            return Err("pieces of two tables".into());
        }
        // the rows this worker read since the last piece
        let own = first - join.mark;
        join.block(false, own);
        join.nicks.extend(head.nicks);
        join.shops.extend(head.shops);
        join.values.extend(head.values);
        let (nicks, shops, values) = (join.nicks.len(), join.shops.len(), join.values.len());
        // Room as for a batch read here (the helper's bytes count as read),
        // checked with the rows and the bytes read agreeing: before the
        // piece, then with it (counting its bytes before its rows would
        // make the rate look lower, then the next batch's higher, and the
        // list be made again).
        let Source::Csv { pos, .. } = t.source else { return Err("not a CSV table".into()) };
        let arena_id = t.arena;
        let arena = Arc::make_mut(&mut ds.buffers[arena_id as usize]);
        let room = |t: &mut TableState, messages: &mut Vec<_>, arena: &mut String| {
            let read = t.consumed + pos + t.helped;
            room_for_rest(t.kind, t.len_hint, t.first_message, &mut t.last_batch, read, messages, arena);
        };
        room(t, &mut ds.messages, arena);
        let base = arena.len();
        arena.push_str(text);
        let mut rows = Reader { bytes: piece, at };
        let sym = |s: Sym, names: usize| s.is_none() || (s.0 as usize) < names;
        for _ in 0..n {
            let mut m = rows.record()?;
            let in_text = (m.text.start as usize).checked_add(m.text.len as usize).is_some_and(|e| e <= text.len());
            if !(in_text && sym(m.agent, nicks) && sym(m.buyer, nicks) && sym(m.speaker, nicks) && sym(m.shop, shops)) {
                return Err("a row of the piece names what the piece has not".into());
            }
            m.text = TextRef { buf: arena_id, start: (base + m.text.start as usize) as u32, len: m.text.len };
            ds.messages.push(m);
        }
        t.helped += head.bytes as usize;
        room(t, &mut ds.messages, arena);
        let join = t.tail.as_mut().expect("made above");
        for (i, v) in head.products {
            if i as usize >= n || v as usize >= values {
                return Err("a product of the piece outside it".into());
            }
            join.products.push((join.rows + i as usize, v));
        }
        join.block(true, n);
        join.rows += n;
        join.mark = ds.messages.len();
        join.end_line = head.end_line;
        join.read += head.read;
        join.imported += head.imported;
        join.skipped += head.skipped;
        join.problem_count += head.problem_count;
        let room = FileReport::MAX_PROBLEMS.saturating_sub(join.problems.len());
        join.problems.extend(head.problems.into_iter().take(room));
        Ok(())
    }

    /// This worker has read its part (up to the helper's start) and every
    /// piece is added: true when its reading stopped at a record boundary,
    /// the helper's rows are now the file's in file order and the report
    /// counts them — end the input ([`Importer::end_input`]) and step to
    /// the end; false when it did not (or no piece came): the helper's rows
    /// are dropped, and the rest of the file is to be fed from the helper's
    /// start. Either way the rows read here stay, in file order.
    /// `keep` false drops the helper's rows whatever (a piece was refused
    /// or the helper stopped: the caller reads the rest itself).
    pub fn join_tail(&mut self, ds: &mut Dataset, keep: bool) -> bool {
        let clean_end = self.stream.as_ref().is_some_and(|s| s.pending.is_empty() && !s.ended);
        let Some(t) = self.stream_table(ds) else { return false };
        let Some(mut join) = t.tail.take() else { return false };
        let Source::Csv { buf, pos, .. } = t.source else { return false };
        let boundary = keep
            && clean_end
            && t.more
            && t.starved
            && !t.after_unclosed
            && pos == ds.buffers[buf as usize].len()
            && t.line >= join.first_line;
        join.block(false, ds.messages.len() - join.mark);
        let base = t.first_message.unwrap_or(ds.messages.len());
        let own = gather(&mut ds.messages[base..], &join.blocks);
        // this table's own products, their rows moved up past the helper's
        let mut moved = Vec::with_capacity(join.blocks.len());
        let (mut at, mut helper) = (base, 0);
        for &(tail, n) in &join.blocks {
            if !tail {
                moved.push((at, helper));
            }
            at += n;
            if tail {
                helper += n;
            }
        }
        for p in ds.message_products.iter_mut().filter(|p| p.0 as usize >= base) {
            let k = moved.partition_point(|&(start, _)| start <= p.0 as usize) - 1;
            p.0 -= moved[k].1 as u32;
        }
        if !boundary {
            ds.messages.truncate(base + own);
            t.helped = 0;
            return false;
        }
        let nicks: Vec<Sym> = join.nicks.iter().map(|n| ds.nicks.intern(n)).collect();
        let shops: Vec<Sym> = join.shops.iter().map(|n| ds.shops.intern(n)).collect();
        let values: Vec<Sym> = join.values.iter().map(|n| ds.product_values.intern(n)).collect();
        let offset = t.line - join.first_line;
        let map = |s: Sym, names: &[Sym]| if s.is_none() { s } else { names[s.0 as usize] };
        for m in &mut ds.messages[base + own..] {
            m.agent = map(m.agent, &nicks);
            m.buyer = map(m.buyer, &nicks);
            m.speaker = map(m.speaker, &nicks);
            m.shop = map(m.shop, &shops);
            m.file = t.file;
            m.line += offset;
        }
        ds.message_products.extend(join.products.iter().map(|&(i, v)| ((base + own + i) as u32, values[v as usize])));
        t.line = join.end_line + offset;
        let rep = &mut self.parts[0].report;
        rep.read += join.read;
        rep.imported += join.imported;
        rep.skipped += join.skipped;
        rep.problem_count += join.problem_count;
        let room = FileReport::MAX_PROBLEMS.saturating_sub(rep.problems.len());
        rep.problems.extend(join.problems.into_iter().take(room).map(|mut p| {
            if p.line > 0 {
                p.line += u64::from(offset);
            }
            p
        }));
        true
    }
}

/// Put the rows of `blocks` (consecutive, `(from the helper, how many)`)
/// in order: every block not from the helper first, then the helper's,
/// each kind in its own order, in place (rotations, halving the blocks:
/// each row moves about log2(blocks) times). Returns the rows not from the
/// helper.
fn gather<T>(v: &mut [T], blocks: &[(bool, usize)]) -> usize {
    match blocks {
        [] => 0,
        [(tail, n)] => {
            if *tail {
                0
            } else {
                *n
            }
        }
        _ => {
            let mid = blocks.len() / 2;
            let left: usize = blocks[..mid].iter().map(|b| b.1).sum();
            let (l, r) = v.split_at_mut(left);
            let a = gather(l, &blocks[..mid]);
            let b = gather(r, &blocks[mid..]);
            v[a..left + b].rotate_left(left - a);
            a + b
        }
    }
}

#[cfg(test)]
mod tests {
    use super::gather;

    #[test]
    fn gather_puts_own_rows_first_in_order() {
        // rows named by (from the helper, index within its kind)
        let blocks = [(false, 3), (true, 2), (false, 1), (true, 4), (true, 0), (false, 2), (true, 1)];
        let mut v = Vec::new();
        let (mut own, mut tail) = (0, 0);
        for &(t, n) in &blocks {
            for _ in 0..n {
                if t {
                    v.push((true, tail));
                    tail += 1;
                } else {
                    v.push((false, own));
                    own += 1;
                }
            }
        }
        assert_eq!(gather(&mut v, &blocks), 6);
        let want: Vec<_> = (0..6).map(|i| (false, i)).chain((0..7).map(|i| (true, i))).collect();
        assert_eq!(v, want);
    }
}
