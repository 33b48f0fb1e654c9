//! Text chat formats: inline `NICK(time):message` (seed 003) and Qianniu
//! window text (`NICK YYYY-M-D H:MM:SS` header, body lines below).

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

/// `NICK 2024-6-1 9:05:03` (the space before the date may be missing).
/// Parsed from the end of the line by hand (this runs on every line).
pub fn qianniu_header(line: &str) -> Header {
    let t = line.trim_end();
    let b = t.as_bytes();
    if b.len() > 256 || b.len() < 12 || !b[b.len() - 1].is_ascii_digit() {
        return Header::None;
    }
    let parse = || -> Option<(usize, [i64; 6], usize)> {
        let (sec, p) = digits_back(b, b.len(), 2, 2)?;
        if p == 0 || b[p - 1] != b':' {
            return None;
        }
        let (mi, p) = digits_back(b, p - 1, 2, 2)?;
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
        Some((p, [y, mo, d, h, mi, sec], t.len()))
    };
    let Some((date_start, v, _)) = parse() else { return Header::None };
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

/// Count headers of each format in the first lines (for detection).
pub fn sniff(text: &str) -> (usize, usize, usize) {
    let b = text.as_bytes();
    let mut pos = 0;
    let (mut inl, mut qn, mut lines) = (0, 0, 0);
    while pos < b.len() && lines < 400 && pos < 1 << 20 {
        let end = memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
        let line = &text[pos..end];
        if line.len() <= 4096 {
            if !matches!(inline_header(line), Header::None) {
                inl += 1;
            } else if !matches!(qianniu_header(line), Header::None) {
                qn += 1;
            }
        }
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
    system_nick: bool,
    text_start: usize,
    text_end: usize,
    line: u32,
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
            last_nick: (String::new(), Sym::NONE),
            arena: None,
            done: false,
        }
    }

    pub fn fraction(&self, ds: &Dataset) -> f64 {
        let l = ds.buffers.get(self.buf as usize).map_or(1, |b| b.len().max(1));
        self.pos as f64 / l as f64
    }

    fn flush(&mut self, ds: &mut Dataset, rep: &mut FileReport) {
        let Some(p) = self.cur.take() else { return };
        let src: &str = &ds.buffers[self.buf as usize];
        let raw = if p.text_end > p.text_start { &src[p.text_start..p.text_end] } else { "" };
        let t = raw.trim();
        let start = if t.is_empty() { p.text_start } else { t.as_ptr() as usize - src.as_ptr() as usize };
        if is_read_receipt(t) {
            return;
        }
        let nick = ds.nicks.name(p.speaker);
        let sender = if p.system_nick || is_system_text(t) {
            Sender::System
        } else if nick.contains(':') {
            Sender::Agent
        } else {
            Sender::Buyer
        };
        let text = if t.contains('\r') {
            // CRLF inside a multi-line message: store it with `\n` only.
            let owned = t.replace("\r\n", "\n");
            ds.push_text(&mut self.arena, &owned)
        } else {
            TextRef { buf: self.buf, start: start as u32, len: t.len() as u32 }
        };
        if self.need_block {
            self.block = ds.blocks;
            ds.blocks += 1;
            self.need_block = false;
        }
        ds.messages.push(Message {
            ts: p.ts,
            shop: Sym::NONE,
            agent: Sym::NONE,
            buyer: Sym::NONE,
            speaker: p.speaker,
            sender,
            block: self.block,
            text,
            file: self.file,
            line: p.line,
        });
        rep.imported += 1;
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

    pub fn step(&mut self, ds: &mut Dataset, rep: &mut FileReport, max: usize) {
        let mut n = 0usize;
        let len = ds.buffers[self.buf as usize].len();
        while n < max {
            if self.pos >= len {
                self.flush(ds, rep);
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
            match header(self.fmt, line) {
                Header::Ok { nick_start, nick_end, ts, text_start } => {
                    let nick = line[nick_start..nick_end].to_string();
                    self.flush(ds, rep);
                    self.discard = false;
                    rep.read += 1;
                    n += 1;
                    let system_nick = is_system_nick(&nick);
                    let speaker = self.nick(ds, &nick);
                    let (ts_, te) = match self.fmt {
                        TextFormat::Inline => (pos + text_start, line_end),
                        TextFormat::Qianniu => (self.pos, self.pos),
                    };
                    self.cur = Some(Pending { ts, speaker, system_nick, text_start: ts_, text_end: te, line: ln });
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
                        self.flush(ds, rep);
                        self.discard = false;
                        self.need_block = true;
                        continue;
                    }
                    if !has_nl && partial_header(self.fmt, line) {
                        self.flush(ds, rep);
                        rep.read += 1;
                        rep.skipped += 1;
                        truncated(rep, ln as u64);
                        continue;
                    }
                    if let Some(c) = self.cur.as_mut() {
                        // A read-receipt line (Qianniu prints `已读` under a
                        // message) is not part of the text.
                        if !is_read_receipt(line) {
                            c.text_end = line_end;
                        }
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
}
