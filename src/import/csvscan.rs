//! A small zero-copy CSV/TSV record scanner over a decoded buffer.
//!
//! Fields are returned as byte ranges of the buffer. Quoted fields may span
//! lines and contain `""`; Excel's `="123"` is read as a quoted field.
//! Records longer than [`MAX_RECORD`] and quotes left open are reported to
//! the caller, who skips to the next line. Every byte is looked at a bounded
//! number of times, so scanning is linear in the input.

use memchr::{memchr, memchr2};

use super::common::MAX_RECORD;

#[derive(Debug, Clone, Copy)]
pub struct RawField {
    pub start: usize,
    pub end: usize,
    /// The field contains `""` escapes that must be unescaped.
    pub esc: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// The record was longer than `MAX_RECORD`.
    TooLong,
    /// A quote was never closed (within `MAX_RECORD`, or before EOF).
    Unclosed,
}

pub struct Record {
    /// Position after the record (after its line break).
    pub next: usize,
    /// Number of line breaks consumed (at least 1 unless at EOF).
    pub lines: u32,
    pub status: Status,
    /// The record ended at EOF without a line break.
    pub at_eof: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Scanner {
    pub delim: u8,
    /// No `"` exists in `[.., quote_free_until)` beyond positions already
    /// searched; avoids re-scanning after an unclosed quote.
    quote_free_until: usize,
}

impl Scanner {
    pub fn new(delim: u8) -> Scanner {
        Scanner { delim, quote_free_until: 0 }
    }

    /// The buffer lost its first `by` bytes (already read): keep what it
    /// knows about the rest.
    pub fn shift(&mut self, by: usize) {
        self.quote_free_until = self.quote_free_until.saturating_sub(by);
    }

    fn find_quote(&mut self, buf: &[u8], from: usize, limit: usize) -> Option<usize> {
        let start = from.max(self.quote_free_until);
        if start >= limit {
            return None;
        }
        match memchr(b'"', &buf[start..limit]) {
            Some(i) => Some(start + i),
            None => {
                self.quote_free_until = limit;
                None
            }
        }
    }

    /// Read one record starting at `pos` (< buf.len()).
    pub fn read(&mut self, buf: &[u8], pos: usize, fields: &mut Vec<RawField>) -> Record {
        fields.clear();
        let len = buf.len();
        let line_end = memchr(b'\n', &buf[pos..]).map_or(len, |i| pos + i);
        let skip_line = |status| Record {
            next: if line_end < len { line_end + 1 } else { len },
            lines: 1,
            status,
            at_eof: line_end >= len,
        };
        if line_end - pos > MAX_RECORD {
            return skip_line(Status::TooLong);
        }
        if self.find_quote(buf, pos, line_end).is_none() {
            // No quote on the line (most lines): its fields are what lies
            // between its delimiters, the last one without a CR before the
            // line break (or the end of the input).
            let mut start = pos;
            for d in memchr::memchr_iter(self.delim, &buf[pos..line_end]) {
                fields.push(RawField { start, end: pos + d, esc: false });
                start = pos + d + 1;
            }
            let end = if line_end > start && buf[line_end - 1] == b'\r' { line_end - 1 } else { line_end };
            fields.push(RawField { start, end, esc: false });
            return Record {
                next: if line_end < len { line_end + 1 } else { len },
                lines: 1,
                status: Status::Ok,
                at_eof: line_end >= len,
            };
        }
        let limit = (pos + MAX_RECORD).min(len);
        let mut p = pos;
        let mut lines = 0u32;
        loop {
            // One field starting at p.
            let quoted_start = if p < len && buf[p] == b'"' {
                Some(p + 1)
            } else if p + 1 < len && buf[p] == b'=' && buf[p + 1] == b'"' {
                Some(p + 2)
            } else {
                None
            };
            if let Some(s) = quoted_start {
                let mut q = s;
                let mut esc = false;
                let end;
                loop {
                    match self.find_quote(buf, q, limit) {
                        None => {
                            return skip_line(if limit < len { Status::TooLong } else { Status::Unclosed });
                        }
                        Some(at) => {
                            if at + 1 < len && buf[at + 1] == b'"' {
                                esc = true;
                                q = at + 2;
                                continue;
                            }
                            end = at;
                            break;
                        }
                    }
                }
                lines += memchr::memchr_iter(b'\n', &buf[s..end]).count() as u32;
                fields.push(RawField { start: s, end, esc });
                p = end + 1;
                // Junk between the closing quote and the delimiter is ignored.
                if p < len && buf[p] != self.delim && buf[p] != b'\n' && buf[p] != b'\r' {
                    p = memchr2(self.delim, b'\n', &buf[p..]).map_or(len, |i| p + i);
                }
            } else {
                let e = memchr2(self.delim, b'\n', &buf[p..]).map_or(len, |i| p + i);
                let mut fe = e;
                if fe > p && buf[fe - 1] == b'\r' && (fe == len || buf[fe] == b'\n') {
                    fe -= 1;
                }
                fields.push(RawField { start: p, end: fe, esc: false });
                p = e;
            }
            // After a field.
            if p >= len {
                return Record { next: len, lines: lines + 1, status: Status::Ok, at_eof: true };
            }
            match buf[p] {
                b'\n' => return Record { next: p + 1, lines: lines + 1, status: Status::Ok, at_eof: false },
                b'\r' => {
                    if p + 1 >= len {
                        return Record { next: len, lines: lines + 1, status: Status::Ok, at_eof: true };
                    }
                    if buf[p + 1] == b'\n' {
                        return Record { next: p + 2, lines: lines + 1, status: Status::Ok, at_eof: false };
                    }
                    // A lone CR: treat as the end of the line.
                    return Record { next: p + 1, lines: lines + 1, status: Status::Ok, at_eof: false };
                }
                _ => {
                    // delimiter
                    p += 1;
                    if p >= len {
                        fields.push(RawField { start: len, end: len, esc: false });
                        return Record { next: len, lines: lines + 1, status: Status::Ok, at_eof: true };
                    }
                    if p - pos > MAX_RECORD {
                        return skip_line(Status::TooLong);
                    }
                }
            }
        }
    }
}

/// `""` → `"`.
pub fn unescape(s: &str) -> String {
    s.replace("\"\"", "\"")
}

/// Pick the delimiter of a header line: TAB when it has at least as many
/// tabs as commas (and at least one), else comma.
pub fn guess_delim(line: &[u8]) -> u8 {
    let tabs = memchr::memchr_iter(b'\t', line).count();
    let commas = memchr::memchr_iter(b',', line).count();
    if tabs > 0 && tabs >= commas {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(s: &str, delim: u8) -> (Vec<String>, Record) {
        let mut f = Vec::new();
        let mut sc = Scanner::new(delim);
        let r = sc.read(s.as_bytes(), 0, &mut f);
        let v = f
            .iter()
            .map(|x| {
                let t = &s[x.start..x.end];
                if x.esc {
                    unescape(t)
                } else {
                    t.to_string()
                }
            })
            .collect();
        (v, r)
    }

    #[test]
    fn records() {
        let (v, r) = rec("a,b,c\nx", b',');
        assert_eq!(v, ["a", "b", "c"]);
        assert_eq!((r.next, r.lines, r.status), (6, 1, Status::Ok));
        let (v, r) = rec("\"a,1\",\"say \"\"hi\"\"\",\"x\ny\"\r\nnext", b',');
        assert_eq!(v, ["a,1", "say \"hi\"", "x\ny"]);
        assert_eq!(r.lines, 2);
        assert_eq!(&"\"a,1\",\"say \"\"hi\"\"\",\"x\ny\"\r\nnext"[r.next..], "next");
        let (v, _) = rec("=\"123\",'138,\r\n", b',');
        assert_eq!(v, ["123", "'138", ""]);
        let (v, _) = rec("a\tb\t\tc", b'\t');
        assert_eq!(v, ["a", "b", "", "c"]);
        let (_, r) = rec("\"open,b\nc,d\n", b',');
        assert_eq!(r.status, Status::Unclosed);
        assert_eq!(r.next, 8);
    }

    /// Up to `max - 1` pieces of `alphabet`, drawn with xorshift from
    /// `seed` (advanced for every draw, the length's too: drawn from a
    /// seed left as it was after an empty text, every text after it was
    /// empty as well, and the test below read 11 texts, not 2000).
    fn random_text(seed: &mut u64, alphabet: &[&str], max: u64) -> String {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let n = next() % max;
        (0..n).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
    }

    /// Lines without a quote are read by a shortcut: their fields are the
    /// pieces between delimiters, the last without the CR of a CRLF or of
    /// the input's end. Random such inputs against that reading.
    #[test]
    fn quote_free_lines_read_as_split_pieces() {
        let alphabet = ["a", "7", " ", ",", "\t", "\r", "\n", "好", "="];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut lines = 0;
        for _ in 0..2000 {
            let s = random_text(&mut seed, &alphabet, 40);
            for delim in [b',', b'\t'] {
                let mut sc = Scanner::new(delim);
                let (mut pos, mut f) = (0, Vec::new());
                while pos < s.len() {
                    let r = sc.read(s.as_bytes(), pos, &mut f);
                    let line_end = s[pos..].find('\n').map_or(s.len(), |i| pos + i);
                    let mut want: Vec<&str> = s[pos..line_end].split(delim as char).collect();
                    let last = want.pop().unwrap();
                    want.push(last.strip_suffix('\r').unwrap_or(last));
                    let got: Vec<&str> = f.iter().map(|x| &s[x.start..x.end]).collect();
                    assert_eq!(got, want, "{s:?} at {pos}");
                    assert!(f.iter().all(|x| !x.esc));
                    assert_eq!((r.status, r.lines), (Status::Ok, 1));
                    assert_eq!(r.at_eof, line_end == s.len(), "{s:?} at {pos}");
                    assert_eq!(r.next, (line_end + 1).min(s.len()));
                    pos = r.next;
                    lines += 1;
                }
            }
        }
        assert!(lines > 4000, "{lines}");
    }
}
