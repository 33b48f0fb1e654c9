//! Text chat formats: inline `NICK(time):message` (seed 003) and Qianniu
//! window text (`NICK YYYY-M-D H:MM:SS` header, body lines below).
//!
//! Qianniu shapes read (spec §1.1/§1.2, PROVENANCE "Formats seen" 4):
//! - the header `NICK YYYY-M-D H:MM:SS`, space before the date optional;
//! - the old shape: the nick alone on a line, the time alone on the next
//!   (a line starting `20`/`19`, [`bare_time`]); one record, numbered by the
//!   nick line; an impossible date is reported on the time line;
//! - the monitor shape `SENDER --> RECEIVER time` ([`split_pair`]): the
//!   speaker is SENDER, the receiver is stored beside it in `agent`/`buyer`
//!   (see [`crate::model::Message`]) so `resolve` knows both sides per line.
//!
//! Lines without a header, in both formats:
//! - status lines `已读`/`未读`/`发送中` are dropped (counted in `read`); one
//!   between body lines is cut out of the text;
//! - notice lines ([`is_notice_line`]: recalls `X 撤回了一条消息`,
//!   `当前用户来自…`, `由 X 转交给 Y`, `原因：【…】`, `商品详情页…`,
//!   `商品推荐…`) are their own `system` message at the time of the message
//!   before them (the message is cut there; body lines after the notice
//!   become a new message of the same speaker and time). A notice right
//!   under a header, before any body line, is that message's text and makes
//!   it a system message (a recalled message is no reply); under a
//!   system-nick header (`系统消息 time`) the following lines join it. A
//!   notice before the first timed message of its block takes the next
//!   header's time; with none in the block it is skipped and reported;
//! - lines starting `http` or `¥` are body text, never a header;
//! - a section line `----- 与 NICK 的聊天记录 -----` starts a block and
//!   names its buyer ([`section_buyer`], `Dataset::block_buyers`).
//!
//! `\r\n` line ends read like `\n`; text keeps `\n` only.

use memchr::memchr;

use super::common::*;
use super::time::{parse_ts, ymdhms};
use crate::model::{Dataset, FileReport, Message, Sender, Sym, TextRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Inline,
    Qianniu,
}

impl TextFormat {
    pub fn name(self) -> &'static str {
        match self {
            TextFormat::Inline => "chat-inline",
            TextFormat::Qianniu => "chat-qianniu",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Header {
    /// Nick is `line[..nick_end]` trimmed; the message starts at `text_start`
    /// (inline: on this line; Qianniu: on the next line).
    Ok {
        nick_start: usize,
        nick_end: usize,
        ts: i64,
        text_start: usize,
    },
    /// Looks like a header but the time is invalid.
    BadTime(String),
    None,
}

const INLINE_SCAN: usize = 1024;

/// `NICK(2024-06-01 09:00:00):text`, also `NICK(2024-06-0109:00:00):text`
/// and full-width `（）：`.
pub fn inline_header(line: &str) -> Header {
    let b = line.as_bytes();
    let lim = b.len().min(INLINE_SCAN);
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b'(', 0xEF, &b[from..lim]) {
        let p = from + i;
        from = p + 1;
        let open_len = if b[p] == b'(' {
            1
        } else if line[p..].starts_with('（') {
            3
        } else {
            continue;
        };
        if p == 0 {
            continue;
        }
        let s = p + open_len;
        let mut q = s;
        while q < b.len() && q - s <= 32 && matches!(b[q], b'0'..=b'9' | b'-' | b'/' | b':' | b' ' | b'T' | b'.') {
            q += 1;
        }
        let close_len = if q < b.len() && b[q] == b')' {
            1
        } else if line[q.min(b.len())..].starts_with('）') {
            3
        } else {
            continue;
        };
        let after = q + close_len;
        let colon_len = if after < b.len() && b[after] == b':' {
            1
        } else if line[after.min(b.len())..].starts_with('：') {
            3
        } else {
            continue;
        };
        let inner = &line[s..q];
        if inner.len() < 8 || !inner.as_bytes()[..4].iter().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let nick = line[..p].trim();
        if nick.is_empty() {
            continue;
        }
        let nick_start = nick.as_ptr() as usize - line.as_ptr() as usize;
        return match parse_ts(inner) {
            Some(ts) => Header::Ok { nick_start, nick_end: nick_start + nick.len(), ts, text_start: after + colon_len },
            None => Header::BadTime(inner.to_string()),
        };
    }
    Header::None
}

/// Digits ending at `end` (exclusive), at most `max` of them: (value, start).
fn digits_back(b: &[u8], end: usize, min: usize, max: usize) -> Option<(i64, usize)> {
    let mut st = end;
    while st > 0 && end - st < max && b[st - 1].is_ascii_digit() {
        st -= 1;
    }
    if end - st < min {
        return None;
    }
    let mut v = 0i64;
    for &c in &b[st..end] {
        v = v * 10 + (c - b'0') as i64;
    }
    Some((v, st))
}

/// A date-time at the end of `t`: `YYYY-M-D H:MM:SS` (or `/`), the space
/// before the date optional. Returns where the date starts and the parts.
/// Parsed from the end of the line by hand (this runs on every line).
fn tail_time(t: &str) -> Option<(usize, [i64; 6])> {
    let b = t.as_bytes();
    if b.len() > 256 || b.len() < 12 || !b[b.len() - 1].is_ascii_digit() {
        return None;
    }
    let (sec, p) = digits_back(b, b.len(), 2, 2)?;
    if p == 0 || b[p - 1] != b':' {
        return None;
    }
    let (start, [y, mo, d, h, mi, _]) = tail_time_to(b, p - 1)?;
    Some((start, [y, mo, d, h, mi, sec]))
}

/// [`tail_time`] without seconds: `YYYY-M-D H:MM` at the end of `t`
/// (seconds 0).
fn tail_time_minutes(t: &str) -> Option<(usize, [i64; 6])> {
    let b = t.as_bytes();
    if b.len() > 256 || b.len() < 10 || !b[b.len() - 1].is_ascii_digit() {
        return None;
    }
    tail_time_to(b, b.len())
}

/// `YYYY-M-D H:MM` ending at `end`: where the date starts and the parts
/// (seconds 0).
fn tail_time_to(b: &[u8], end: usize) -> Option<(usize, [i64; 6])> {
    let (mi, p) = digits_back(b, end, 2, 2)?;
    if p == 0 || b[p - 1] != b':' {
        return None;
    }
    let (h, p) = digits_back(b, p - 1, 1, 2)?;
    let mut q = p;
    while q > 0 && (b[q - 1] == b' ' || b[q - 1] == b'\t') {
        q -= 1;
    }
    if q == p {
        return None;
    }
    let (d, p) = digits_back(b, q, 1, 2)?;
    if p == 0 || (b[p - 1] != b'-' && b[p - 1] != b'/') {
        return None;
    }
    let sep = b[p - 1];
    let (mo, p) = digits_back(b, p - 1, 1, 2)?;
    if p == 0 || b[p - 1] != sep {
        return None;
    }
    let (y, p) = digits_back(b, p - 1, 4, 4)?;
    Some((p, [y, mo, d, h, mi, 0]))
}

/// `NICK 2024-6-1 9:05:03` (the space before the date may be missing), also
/// the monitor shape `SENDER --> RECEIVER 2024-6-1 9:05:03` (the nick is then
/// `SENDER --> RECEIVER`, see [`split_pair`]).
pub fn qianniu_header(line: &str) -> Header {
    qianniu_header_with(line, tail_time)
}

/// A Qianniu header whose time has no seconds (`买家甲 2024-6-1 10:05`),
/// read as `:00`. Only taken as a header for a nick already known (see
/// `TextState::step`): a message line can end in a date and a time too.
pub fn qianniu_header_minutes(line: &str) -> Header {
    qianniu_header_with(line, tail_time_minutes)
}

/// Where a date-time at the end of a line starts, and its parts.
type TailTime = fn(&str) -> Option<(usize, [i64; 6])>;

fn qianniu_header_with(line: &str, tail: TailTime) -> Header {
    let t = line.trim_end();
    let Some((date_start, v)) = tail(t) else { return Header::None };
    let nick = t[..date_start].trim();
    if nick.is_empty() {
        return Header::None;
    }
    let nick_start = nick.as_ptr() as usize - line.as_ptr() as usize;
    match ymdhms(v[0], v[1], v[2], v[3], v[4], v[5]) {
        Some(ts) => Header::Ok { nick_start, nick_end: nick_start + nick.len(), ts, text_start: line.len() },
        None => Header::BadTime(t[date_start..].trim().to_string()),
    }
}

/// A line holding only a Qianniu time (`2024-5-1 10:00:15`): the second line
/// of the old two-line header, nick on the line above. `Some(Err(v))` when
/// the shape is right but the date is impossible.
pub fn bare_time(line: &str) -> Option<Result<i64, String>> {
    let t = line.trim();
    if !t.starts_with("20") && !t.starts_with("19") {
        return None;
    }
    let (date_start, v) = tail_time(t)?;
    if date_start != 0 {
        return None;
    }
    Some(ymdhms(v[0], v[1], v[2], v[3], v[4], v[5]).ok_or_else(|| t.to_string()))
}

/// The monitor / forwarded shape names both sides: `SENDER --> RECEIVER` →
/// (`SENDER`, Some(`RECEIVER`)); any other nick → (nick, None).
pub fn split_pair(nick: &str) -> (&str, Option<&str>) {
    if let Some((a, b)) = nick.split_once("-->") {
        let (a, b) = (a.trim(), b.trim());
        if !a.is_empty() && !b.is_empty() {
            return (a, Some(b));
        }
    }
    (nick, None)
}

/// Qianniu read receipts and sending status printed under a message
/// (`已读`, `未读`, `发送中`): dropped, never message text.
pub fn is_status_line(line: &str) -> bool {
    is_read_receipt(line)
}

/// A platform notice printed as a line of its own, with no sender or time:
/// a recall (`小美 撤回了一条消息`, `店铺名:小美 撤回了一条消息`), a transfer
/// (`由 X 转交给 Y`), `当前用户来自…`, `原因：【离线留言自动分配】`, the
/// `商品详情页` / `商品推荐` notices, `系统消息…`.
pub fn is_notice_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 300 {
        return false;
    }
    t.ends_with("撤回了一条消息")
        || (!t.contains("撤回了一条消息") && is_system_text(t))
        || t.starts_with("原因：【")
        || t.starts_with("原因:【")
        || t.starts_with("商品详情页")
        || t.starts_with("商品推荐")
}

/// Item links and prices the buyer sent (`http…`, `¥…`) are message text,
/// never a header, even when they end in something that looks like a time.
pub fn is_body_only_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("http") || t.starts_with('¥') || t.starts_with('￥')
}

/// Can this line be the nick line of the old two-line Qianniu header?
fn nick_line_ok(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.len() <= 200
        && !is_body_only_line(t)
        && !is_status_line(t)
        && !is_notice_line(t)
        && !is_separator(t)
        && bare_time(t).is_none()
}

/// The buyer a section line names: `----- 与 NICK 的聊天记录 -----` → `NICK`
/// (also without the dashes, or with `和`).
pub fn section_buyer(line: &str) -> Option<&str> {
    let t = line
        .trim()
        .trim_matches(|c: char| matches!(c, '-' | '=' | '*' | '#' | '—' | '─' | '━' | ' ' | '\t' | '\u{3000}'));
    let rest = t.strip_prefix('与').or_else(|| t.strip_prefix('和'))?;
    let nick = rest.strip_suffix("的聊天记录")?.trim();
    (!nick.is_empty() && nick.len() <= 200).then_some(nick)
}

pub fn header(fmt: TextFormat, line: &str) -> Header {
    match fmt {
        TextFormat::Inline => inline_header(line),
        TextFormat::Qianniu => qianniu_header(line),
    }
}

/// A block separator such as `----- 与 NICK 的聊天记录 -----`.
pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    if t.len() < 3 {
        return false;
    }
    for p in ["---", "===", "***", "###", "——", "───", "━━"] {
        if t.starts_with(p) {
            return true;
        }
    }
    t.len() < 300 && t.contains("聊天记录") && (t.starts_with('与') || t.starts_with("和") || t.contains("的聊天记录"))
}

/// Looks like a header cut off by truncation (only checked on a last line
/// without a line break).
fn partial_header(fmt: TextFormat, line: &str) -> bool {
    let t = line.trim_end();
    if t.is_empty() || t.len() > 300 {
        return false;
    }
    let b = t.as_bytes();
    match fmt {
        TextFormat::Inline => match t.find('(') {
            Some(p) => {
                p > 0 && !t.contains("):") && {
                    let inner = &b[p + 1..];
                    !inner.is_empty()
                        && inner.iter().all(|c| matches!(c, b'0'..=b'9' | b'-' | b'/' | b':' | b' ' | b'T'))
                }
            }
            None => false,
        },
        TextFormat::Qianniu => {
            let last = b[b.len() - 1];
            (last.is_ascii_digit() || last == b':' || last == b'-')
                && t.len() >= 5
                && t.as_bytes()
                    .windows(5)
                    .any(|w| w[..4].iter().all(|c| c.is_ascii_digit()) && (w[4] == b'-' || w[4] == b'/'))
        }
    }
}

/// Count headers of each format in the first lines (for detection). The old
/// two-line Qianniu header (nick line, then a time line) counts as Qianniu.
pub fn sniff(text: &str) -> (usize, usize, usize) {
    let b = text.as_bytes();
    let mut pos = 0;
    let (mut inl, mut qn, mut lines) = (0, 0, 0);
    let mut prev_nick = false;
    while pos < b.len() && lines < 400 && pos < 1 << 20 {
        let end = memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
        let line = &text[pos..end];
        let mut nick = false;
        if line.len() <= 4096 && !is_body_only_line(line) {
            if !matches!(inline_header(line), Header::None) {
                inl += 1;
            } else if !matches!(qianniu_header(line), Header::None) || (prev_nick && bare_time(line).is_some()) {
                qn += 1;
            } else {
                nick = nick_line_ok(line);
            }
        }
        prev_nick = nick;
        if !line.trim().is_empty() {
            lines += 1;
        }
        pos = end + 1;
    }
    (inl, qn, lines)
}

struct Pending {
    ts: i64,
    speaker: Sym,
    /// The receiver the header names (monitor shape `A --> B`), else NONE.
    to: Sym,
    system_nick: bool,
    text_start: usize,
    text_end: usize,
    line: u32,
    /// A status line (`已读`…) came after the text so far.
    status_after: bool,
    /// A status line sits between body lines: the text is rebuilt without it.
    gap: bool,
    /// The rest of a message after a notice line split it: a message of its
    /// own only if it has text.
    cont: bool,
    /// The text is a notice line: a system message.
    notice: bool,
}

impl Pending {
    fn new(ts: i64, speaker: Sym, to: Sym, system_nick: bool, text: (usize, usize), line: u32, cont: bool) -> Self {
        Pending {
            ts,
            speaker,
            to,
            system_nick,
            text_start: text.0,
            text_end: text.1,
            line,
            status_after: false,
            gap: false,
            cont,
            notice: false,
        }
    }

    fn has_body(&self, src: &str) -> bool {
        self.text_end > self.text_start && !src[self.text_start..self.text_end].trim().is_empty()
    }
}

pub struct TextState {
    pub fmt: TextFormat,
    buf: u32,
    pub pos: usize,
    line: u32,
    file: u16,
    cur: Option<Pending>,
    /// Continuation lines of a skipped message are dropped.
    discard: bool,
    need_block: bool,
    block: u32,
    /// The buyer named by the section line of the block to come.
    section: Sym,
    /// Notice lines seen before any timed message of their block: (start,
    /// end, line); they take the time of the next message.
    deferred: Vec<(usize, usize, u32)>,
    last_nick: (String, Sym),
    arena: Option<u32>,
    pub done: bool,
}

impl TextState {
    pub fn new(fmt: TextFormat, buf: u32, file: u16) -> TextState {
        TextState {
            fmt,
            buf,
            pos: 0,
            line: 1,
            file,
            cur: None,
            discard: false,
            need_block: true,
            block: 0,
            section: Sym::NONE,
            deferred: Vec::new(),
            last_nick: (String::new(), Sym::NONE),
            arena: None,
            done: false,
        }
    }

    pub fn fraction(&self, ds: &Dataset) -> f64 {
        let l = ds.buffers.get(self.buf as usize).map_or(1, |b| b.len().max(1));
        self.pos as f64 / l as f64
    }

    /// Push one message into the current block (opened on first use).
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        ds: &mut Dataset,
        rep: &mut FileReport,
        ts: i64,
        speaker: Sym,
        (agent, buyer): (Sym, Sym),
        sender: Sender,
        text: TextRef,
        line: u32,
    ) {
        if self.need_block {
            self.block = ds.blocks;
            ds.blocks += 1;
            self.need_block = false;
            if !self.section.is_none() {
                ds.block_buyers.insert(self.block, self.section);
            }
        }
        ds.messages.push(Message {
            ts,
            shop: Sym::NONE,
            agent,
            buyer,
            speaker,
            sender,
            block: self.block,
            text,
            file: self.file,
            line,
        });
        rep.imported += 1;
    }

    fn flush(&mut self, ds: &mut Dataset, rep: &mut FileReport) {
        let Some(p) = self.cur.take() else { return };
        let src: &str = &ds.buffers[self.buf as usize];
        let raw = if p.text_end > p.text_start { &src[p.text_start..p.text_end] } else { "" };
        let t = raw.trim();
        if p.cont {
            if t.is_empty() {
                return;
            }
            // The text after a notice line is a record of its own.
            rep.read += 1;
        }
        let start = if t.is_empty() { p.text_start } else { t.as_ptr() as usize - src.as_ptr() as usize };
        if is_status_line(t) {
            return;
        }
        let owned = if p.gap {
            // Drop status lines between body lines; `lines` also drops `\r`.
            Some(t.lines().filter(|l| !is_status_line(l)).collect::<Vec<_>>().join("\n").trim().to_string())
        } else if t.contains('\r') {
            // CRLF inside a multi-line message: store it with `\n` only.
            Some(t.replace("\r\n", "\n"))
        } else {
            None
        };
        let body = owned.as_deref().unwrap_or(t);
        let nick = ds.nicks.name(p.speaker);
        let colon = nick.contains(':');
        let sender = if p.system_nick || p.notice || is_system_text(body) {
            Sender::System
        } else if colon {
            Sender::Agent
        } else {
            Sender::Buyer
        };
        let pair = match (p.to.is_none(), colon) {
            (true, _) => (Sym::NONE, Sym::NONE),
            (false, true) => (p.speaker, p.to),
            (false, false) => (p.to, p.speaker),
        };
        let text = match owned {
            Some(o) => ds.push_text(&mut self.arena, &o),
            None => TextRef { buf: self.buf, start: start as u32, len: t.len() as u32 },
        };
        self.emit(ds, rep, p.ts, p.speaker, pair, sender, text, p.line);
    }

    /// A notice line as its own system message at `ts`.
    fn emit_notice(&mut self, ds: &mut Dataset, rep: &mut FileReport, ts: i64, (s, e, ln): (usize, usize, u32)) {
        let src: &str = &ds.buffers[self.buf as usize];
        let t = src[s..e].trim();
        let start = t.as_ptr() as usize - src.as_ptr() as usize;
        let text = TextRef { buf: self.buf, start: start as u32, len: t.len() as u32 };
        self.emit(ds, rep, ts, Sym::NONE, (Sym::NONE, Sym::NONE), Sender::System, text, ln);
    }

    /// Notices still waiting for a time when their block ends: skipped.
    fn drop_deferred(&mut self, ds: &Dataset, rep: &mut FileReport) {
        for (s, e, ln) in std::mem::take(&mut self.deferred) {
            let v = clip(&ds.buffers[self.buf as usize][s..e]);
            rep.skipped += 1;
            rep.problem(
                ln as u64,
                format!("这条系统通知所在的对话里没有带时间的消息，无法确定时间，已跳过 '{v}'"),
                format!("a notice in a section with no timed message, so it has no time; skipped '{v}'"),
            );
        }
    }

    /// A line that is a platform notice (see [`is_notice_line`]).
    fn notice(&mut self, ds: &mut Dataset, rep: &mut FileReport, pos: usize, line_end: usize, ln: u32) {
        let next = self.pos;
        let src: &str = &ds.buffers[self.buf as usize];
        let Some(c) = self.cur.as_mut() else {
            // No message yet in this block: timed by the next header.
            rep.read += 1;
            self.deferred.push((pos, line_end, ln));
            return;
        };
        let (ts, speaker, to, system_nick) = (c.ts, c.speaker, c.to, c.system_nick);
        if c.cont && !c.has_body(src) {
            // Another notice after a notice: its own system message; the
            // rest of the message still starts after it.
            rep.read += 1;
            c.text_start = next;
            c.text_end = next;
            c.status_after = false;
            self.emit_notice(ds, rep, ts, (pos, line_end, ln));
            return;
        }
        if c.has_body(src) {
            // After the message's text: the message ends here and the
            // notice is a system message of its own at the same time.
            rep.read += 1;
            self.flush(ds, rep);
            self.emit_notice(ds, rep, ts, (pos, line_end, ln));
        } else {
            // Right under its header: the notice is what the message shows
            // (a recalled message), so the message is a system message.
            c.text_start = pos;
            c.text_end = line_end;
            c.notice = true;
            self.flush(ds, rep);
        }
        // Text after the notice, before the next header: the same speaker.
        self.cur = Some(Pending::new(ts, speaker, to, system_nick, (next, next), ln + 1, true));
    }

    fn nick(&mut self, ds: &mut Dataset, s: &str) -> Sym {
        if self.last_nick.1.is_none() || self.last_nick.0 != s {
            let sym = ds.nicks.intern(s);
            if let Some(shop) = shop_prefix(s) {
                ds.shops.intern(shop);
            }
            self.last_nick = (s.to_string(), sym);
        }
        self.last_nick.1
    }

    /// A header was read: start a message of `nick` (maybe `A --> B`).
    fn start(&mut self, ds: &mut Dataset, rep: &mut FileReport, nick: &str, ts: i64, text: (usize, usize), ln: u32) {
        self.flush(ds, rep);
        self.discard = false;
        rep.read += 1;
        for d in std::mem::take(&mut self.deferred) {
            self.emit_notice(ds, rep, ts, d);
        }
        let (from, to) = split_pair(nick);
        let system_nick = is_system_nick(from);
        let speaker = self.nick(ds, from);
        let to = match to {
            Some(b) => {
                if let Some(shop) = shop_prefix(b) {
                    ds.shops.intern(shop);
                }
                ds.nicks.intern(b)
            }
            None => Sym::NONE,
        };
        self.cur = Some(Pending::new(ts, speaker, to, system_nick, text, ln, false));
    }

    /// The line after `self.pos` without its line break: (line, its end
    /// incl. the break).
    fn peek<'a>(&self, src: &'a str) -> Option<(&'a str, usize)> {
        if self.pos >= src.len() {
            return None;
        }
        let b = src.as_bytes();
        let (end, next) = match memchr(b'\n', &b[self.pos..]) {
            Some(i) => (self.pos + i, self.pos + i + 1),
            None => (b.len(), b.len()),
        };
        if end - self.pos > 4096 {
            return None;
        }
        let l = &src[self.pos..end];
        Some((l.strip_suffix('\r').unwrap_or(l), next))
    }

    pub fn step(&mut self, ds: &mut Dataset, rep: &mut FileReport, max: usize) {
        let mut n = 0usize;
        let len = ds.buffers[self.buf as usize].len();
        while n < max {
            if self.pos >= len {
                self.flush(ds, rep);
                self.drop_deferred(ds, rep);
                self.done = true;
                return;
            }
            let pos = self.pos;
            let ln = self.line;
            let (end, has_nl) = {
                let b = ds.buffers[self.buf as usize].as_bytes();
                match memchr(b'\n', &b[pos..]) {
                    Some(i) => (pos + i, true),
                    None => (len, false),
                }
            };
            self.pos = if has_nl { end + 1 } else { len };
            self.line += 1;
            if end - pos > MAX_RECORD {
                self.flush(ds, rep);
                self.discard = true;
                rep.read += 1;
                rep.skipped += 1;
                too_long(rep, ln as u64);
                n += 1;
                continue;
            }
            let src: &str = &ds.buffers[self.buf as usize];
            let mut line_end = end;
            if line_end > pos && src.as_bytes()[line_end - 1] == b'\r' {
                line_end -= 1;
            }
            let line = &src[pos..line_end];
            let mut h = if is_body_only_line(line) { Header::None } else { header(self.fmt, line) };
            // A Qianniu header without seconds: a header when its nick is
            // one already seen (in this file or another) or has the staff
            // shape `店:名`, so it is never merged into the message above;
            // read as :00, with a note.
            if h == Header::None && self.fmt == TextFormat::Qianniu && !is_body_only_line(line) {
                if let Header::Ok { nick_start, nick_end, .. } = qianniu_header_minutes(line) {
                    let nick = split_pair(&line[nick_start..nick_end]).0;
                    if nick.contains(':') || ds.nicks.get(nick).is_some() {
                        h = qianniu_header_minutes(line);
                        rep.problem(
                            ln as u64,
                            "这一行的时间没有秒，已按 :00 读入",
                            "this line's time has no seconds: read as :00",
                        );
                    }
                }
            }
            match h {
                Header::Ok { nick_start, nick_end, ts, text_start } => {
                    let nick = line[nick_start..nick_end].to_string();
                    let text = match self.fmt {
                        TextFormat::Inline => (pos + text_start, line_end),
                        TextFormat::Qianniu => (self.pos, self.pos),
                    };
                    self.start(ds, rep, &nick, ts, text, ln);
                    n += 1;
                }
                Header::BadTime(v) => {
                    self.flush(ds, rep);
                    self.discard = true;
                    rep.read += 1;
                    rep.skipped += 1;
                    bad_time(rep, ln as u64, &v);
                    n += 1;
                }
                Header::None => {
                    let blank = line.trim().is_empty();
                    if blank {
                        continue;
                    }
                    if is_separator(line) {
                        let named = section_buyer(line).map(str::to_string);
                        self.flush(ds, rep);
                        self.drop_deferred(ds, rep);
                        self.discard = false;
                        self.need_block = true;
                        self.section = match named {
                            Some(b) => {
                                if let Some(shop) = shop_prefix(&b) {
                                    ds.shops.intern(shop);
                                }
                                ds.nicks.intern(&b)
                            }
                            None => Sym::NONE,
                        };
                        continue;
                    }
                    // The old Qianniu shape: the nick alone on this line, the
                    // time alone on the next.
                    if self.fmt == TextFormat::Qianniu && nick_line_ok(line) {
                        if let Some((next, after)) = self.peek(src) {
                            if let Some(t) = bare_time(next) {
                                let nick = line.trim().to_string();
                                self.pos = after;
                                self.line += 1;
                                n += 1;
                                match t {
                                    Ok(ts) => self.start(ds, rep, &nick, ts, (after, after), ln),
                                    Err(v) => {
                                        self.flush(ds, rep);
                                        self.discard = true;
                                        rep.read += 1;
                                        rep.skipped += 1;
                                        bad_time(rep, ln as u64 + 1, &v);
                                    }
                                }
                                continue;
                            }
                        }
                    }
                    if !has_nl && partial_header(self.fmt, line) {
                        self.flush(ds, rep);
                        rep.read += 1;
                        rep.skipped += 1;
                        truncated(rep, ln as u64);
                        continue;
                    }
                    if is_status_line(line) {
                        // Read receipts and sending status are dropped, but
                        // counted as read (not part of a skipped message).
                        if self.discard {
                            continue;
                        }
                        rep.read += 1;
                        let src: &str = &ds.buffers[self.buf as usize];
                        let next = self.pos;
                        if let Some(c) = self.cur.as_mut() {
                            if c.has_body(src) {
                                c.status_after = true;
                            } else {
                                c.text_start = next;
                                c.text_end = next;
                            }
                        }
                        continue;
                    }
                    if is_notice_line(line) {
                        let sys_body = match &self.cur {
                            Some(c) => c.system_nick && !c.has_body(src),
                            None => false,
                        };
                        if !sys_body {
                            self.notice(ds, rep, pos, line_end, ln);
                            continue;
                        }
                    }
                    let has_body = self.cur.as_ref().is_some_and(|c| c.has_body(src));
                    if let Some(c) = self.cur.as_mut() {
                        if c.status_after {
                            c.gap = true;
                            c.status_after = false;
                        }
                        if c.cont && !has_body {
                            c.line = ln;
                        }
                        c.text_end = line_end;
                    } else if !self.discard {
                        let v = clip(line);
                        rep.read += 1;
                        rep.skipped += 1;
                        rep.problem(
                            ln as u64,
                            format!("不是消息行（前面没有“昵称(时间):”消息头），已跳过 '{v}'"),
                            format!("not a message line (no NICK(time): header before it), skipped '{v}'"),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ts_from_ymdhms;

    #[test]
    fn headers() {
        let l = "XXX官方旗舰店:01(2010-06-0109:07:32):亲，有的。";
        match inline_header(l) {
            Header::Ok { nick_start, nick_end, ts, text_start } => {
                assert_eq!(&l[nick_start..nick_end], "XXX官方旗舰店:01");
                assert_eq!(Some(ts), ts_from_ymdhms(2010, 6, 1, 9, 7, 32));
                assert_eq!(&l[text_start..], "亲，有的。");
            }
            h => panic!("{h:?}"),
        }
        assert_eq!(inline_header("买家(2024-13-01 00:00:00):x"), Header::BadTime("2024-13-01 00:00:00".into()));
        assert_eq!(inline_header("我想买(1):两件"), Header::None);
        match qianniu_header("店:01 2024-6-1 9:05:03") {
            Header::Ok { nick_start, nick_end, ts, .. } => {
                assert_eq!(&"店:01 2024-6-1 9:05:03"[nick_start..nick_end], "店:01");
                assert_eq!(Some(ts), ts_from_ymdhms(2024, 6, 1, 9, 5, 3));
            }
            h => panic!("{h:?}"),
        }
        match qianniu_header("买家甲2024-6-1 9:05:03") {
            Header::Ok { nick_start, nick_end, .. } => {
                assert_eq!(&"买家甲2024-6-1 9:05:03"[nick_start..nick_end], "买家甲")
            }
            h => panic!("{h:?}"),
        }
        assert_eq!(qianniu_header("好的 2024-6-31 9:05:03"), Header::BadTime("2024-6-31 9:05:03".into()));
        assert_eq!(qianniu_header("2024-6-1 9:05:03"), Header::None);
        assert!(is_separator("----- 与 买家甲 的聊天记录 -----"));
        assert!(!is_separator("你好"));
    }

    #[test]
    fn qianniu_line_shapes() {
        // the old shape's time line
        assert_eq!(bare_time("2024-5-1 10:00:15"), Some(Ok(ts_from_ymdhms(2024, 5, 1, 10, 0, 15).unwrap())));
        assert_eq!(bare_time(" 2024/5/1 9:00:15 "), Some(Ok(ts_from_ymdhms(2024, 5, 1, 9, 0, 15).unwrap())));
        assert_eq!(bare_time("2024-2-30 10:00:15"), Some(Err("2024-2-30 10:00:15".into())));
        assert_eq!(bare_time("小美 2024-5-1 10:00:15"), None);
        assert_eq!(bare_time("2024-5-1"), None);
        // the monitor shape
        assert_eq!(split_pair("买家甲 --> 店:小美"), ("买家甲", Some("店:小美")));
        assert_eq!(split_pair("店:小美-->买家甲"), ("店:小美", Some("买家甲")));
        assert_eq!(split_pair("买家甲"), ("买家甲", None));
        assert_eq!(split_pair("--> 买家甲"), ("--> 买家甲", None));
        match qianniu_header("买家甲 --> 店:小美 2024-5-4 9:00:00") {
            Header::Ok { nick_start, nick_end, .. } => {
                assert_eq!(&"买家甲 --> 店:小美 2024-5-4 9:00:00"[nick_start..nick_end], "买家甲 --> 店:小美")
            }
            h => panic!("{h:?}"),
        }
        // section lines
        assert_eq!(section_buyer("----- 与 买家甲 的聊天记录 -----"), Some("买家甲"));
        assert_eq!(section_buyer("与买家甲的聊天记录"), Some("买家甲"));
        assert_eq!(section_buyer("===== 和 tb_123 的聊天记录 ====="), Some("tb_123"));
        assert_eq!(section_buyer("-----"), None);
        assert_eq!(section_buyer("----- 聊天记录 -----"), None);
        // notices, status lines, body-only lines
        for n in [
            "小美 撤回了一条消息",
            "店铺名:小美 撤回了一条消息",
            "当前用户来自 手机淘宝",
            "由 服务助手 转交给 店铺名:小美",
            "原因：【离线留言自动分配】",
            "商品详情页",
            "商品推荐",
        ] {
            assert!(is_notice_line(n), "{n}");
        }
        for t in ["我撤回了一条消息，发错了", "在吗", "由你决定", "¥99.00"] {
            assert!(!is_notice_line(t), "{t}");
        }
        assert!(is_status_line("已读") && is_status_line(" 未读") && is_status_line("发送中"));
        assert!(!is_status_line("已读了吗"));
        assert!(is_body_only_line("http://item.taobao.com/item.htm?id=1 2024-5-1 10:00:15"));
        assert!(is_body_only_line("¥99.00"));
        assert!(!is_body_only_line("买家甲 2024-5-1 10:00:15"));
    }

    #[test]
    fn sniff_counts_the_old_shape_as_qianniu() {
        assert_eq!(sniff("买家丙\n2024-5-3 14:00:00\n你好\n店:小美\n2024-5-3 14:02:30\n在\n"), (0, 2, 6));
        // a time line after a blank line is no header
        assert_eq!(sniff("买家丙\n\n2024-5-3 14:00:00\n"), (0, 0, 2));
    }
}
