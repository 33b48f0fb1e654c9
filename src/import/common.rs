//! Helpers shared by the table and text parsers.

use crate::model::{FileReport, Interner, Sym};

/// Longest record (line, or CSV record with quoted line breaks) accepted.
/// Longer records are skipped with a problem; scanning stays linear.
pub const MAX_RECORD: usize = 1 << 20;

/// The agent used for buyer messages nobody answered (spec §1.2).
pub const UNASSIGNED: &str = "未分配";

/// `s.trim()`, returning at once when neither end can be whitespace (the
/// usual cell: read for every row). A lead byte from 0xE4 on starts a
/// character no whitespace is (U+3000, the highest, starts with 0xE3).
pub fn trim_ws(s: &str) -> &str {
    let b = s.as_bytes();
    let clear_start = b.first().is_some_and(|&first| first.is_ascii_graphic() || first >= 0xE4);
    // The last character is not whitespace when it is printable ASCII, or
    // three bytes led by 0xE4 or more, or four bytes (none is whitespace):
    // in valid UTF-8 a byte from 0xE4 three from the end leads the last
    // character, and one from 0xF0 four from the end likewise.
    let clear_end = match *b {
        [.., last] if last.is_ascii_graphic() => true,
        [.., lead, _, _] if lead >= 0xE4 => true,
        [.., lead, _, _, _] if lead >= 0xF0 => true,
        _ => false,
    };
    if clear_start && clear_end {
        s
    } else {
        s.trim()
    }
}

/// Read receipts are dropped entirely (spec §1.1).
pub fn is_read_receipt(text: &str) -> bool {
    matches!(trim_ws(text), "已读" | "未读" | "发送中" | "[已读]" | "[未读]")
}

/// Platform notices (spec §1.1): transfers, source notices, recalls.
pub fn is_system_text(text: &str) -> bool {
    // (read for every message: the searcher is made once, not per call)
    static RECALLED: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("撤回了一条消息"));
    let t = text.trim_start();
    (t.starts_with('由') && t.contains("转交给"))
        || t.starts_with("当前用户来自")
        || (t.len() >= RECALLED.needle().len() && RECALLED.find(t.as_bytes()).is_some())
        || t.starts_with("会话已转交")
        || t.starts_with("系统消息")
        || t.starts_with("[系统消息]")
        || t.starts_with("【系统消息】")
}

/// Nicks that are clearly the platform itself in text formats.
pub fn is_system_nick(nick: &str) -> bool {
    matches!(
        nick.trim(),
        "系统"
            | "系统消息"
            | "系统提示"
            | "系统通知"
            | "[系统消息]"
            | "【系统消息】"
            | "system"
            | "System"
            | "SYSTEM"
    )
}

/// Shop name of a sub-account nick `店铺名:子账号`, if any.
pub fn shop_prefix(nick: &str) -> Option<&str> {
    // (an ASCII byte: where it is, a character begins)
    let p = memchr::memchr(b':', nick.as_bytes())?;
    let s = nick[..p].trim();
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// Interns the shop prefix of `nick` (if it has one).
pub fn shop_of(shops: &mut Interner, nick: &str) -> Sym {
    match shop_prefix(nick) {
        Some(s) => shops.intern(s),
        None => Sym::NONE,
    }
}

/// Shorten a value for a problem message.
pub fn clip(s: &str) -> String {
    let t = s.trim();
    if t.chars().count() <= 40 {
        t.to_string()
    } else {
        let mut o: String = t.chars().take(40).collect();
        o.push('…');
        o
    }
}

pub fn bad_time(rep: &mut FileReport, line: u64, v: &str) {
    let v = clip(v);
    rep.problem(line, format!("时间格式无法识别 '{v}'"), format!("unrecognised time '{v}'"));
}

pub fn too_long(rep: &mut FileReport, line: u64) {
    rep.problem(
        line,
        format!("这一行超过 {} MB，已跳过", MAX_RECORD >> 20),
        format!("line longer than {} MB, skipped", MAX_RECORD >> 20),
    );
}

pub fn truncated(rep: &mut FileReport, line: u64) {
    rep.problem(
        line,
        "最后一行不完整（文件可能被截断），已跳过",
        "the last line is incomplete (the file may be truncated), skipped",
    );
}

/// Clean a table cell: trim whitespace, Excel's `="…"` wrapper, a leading
/// `'` (text marker before phone numbers) and a leading/trailing tab.
pub fn clean_cell(s: &str) -> &str {
    // Most cells need nothing: neither `=` nor `'` first, nothing to trim.
    if let Some(&first) = s.as_bytes().first() {
        if first != b'=' && first != b'\'' && trim_ws(s).len() == s.len() {
            return s;
        }
    }
    let mut t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if let Some(r) = t.strip_prefix("=\"") {
        t = r.strip_suffix('"').unwrap_or(r);
    }
    if let Some(r) = t.strip_prefix('\'') {
        t = r;
    }
    t.trim()
}

/// Amount in fen from a decimal string (`12.30`, `1,234.5元`, `¥0.99`,
/// `-3`). More than two decimals round half-up on the third. Empty → 0.
pub fn parse_fen(s: &str) -> Option<i64> {
    let mut digits = String::new();
    for ch in clean_cell(s).chars() {
        match ch {
            '0'..='9' | '.' | '-' | '+' => digits.push(ch),
            '元' | '￥' | '¥' | ',' | '，' | ' ' | '"' | '\'' | '=' => {}
            _ => return None,
        }
    }
    if digits.is_empty() {
        return Some(0);
    }
    let (neg, body) = match digits.as_bytes()[0] {
        b'-' => (true, &digits[1..]),
        b'+' => (false, &digits[1..]),
        _ => (false, &digits[..]),
    };
    let (ip, fp) = match body.split_once('.') {
        Some((a, b)) => (a, b),
        None => (body, ""),
    };
    if (ip.is_empty() && fp.is_empty())
        || !ip.bytes().all(|c| c.is_ascii_digit())
        || !fp.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    if ip.len() > 15 {
        return None;
    }
    let mut v: i64 = if ip.is_empty() { 0 } else { ip.parse().ok()? };
    let fb = fp.as_bytes();
    let f1 = fb.first().map_or(0, |c| (c - b'0') as i64);
    let f2 = fb.get(1).map_or(0, |c| (c - b'0') as i64);
    v = v * 100 + f1 * 10 + f2;
    if fb.get(2).is_some_and(|c| *c >= b'5') {
        v += 1;
    }
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen() {
        assert_eq!(parse_fen("12.30"), Some(1230));
        assert_eq!(parse_fen("12.3元"), Some(1230));
        assert_eq!(parse_fen("1,234.56"), Some(123_456));
        assert_eq!(parse_fen("¥0.99"), Some(99));
        assert_eq!(parse_fen("0.1"), Some(10));
        assert_eq!(parse_fen("19.99"), Some(1999));
        assert_eq!(parse_fen("1.005"), Some(101));
        assert_eq!(parse_fen("1.0049"), Some(100));
        assert_eq!(parse_fen("-3"), Some(-300));
        assert_eq!(parse_fen(""), Some(0));
        assert_eq!(parse_fen("abc"), None);
        assert_eq!(parse_fen("."), None);
        assert_eq!(parse_fen("=\"88.00\""), Some(8800));
    }

    #[test]
    fn system() {
        assert!(is_system_text("由 店:01 转交给 店:02"));
        assert!(is_system_text("当前用户来自 手机淘宝"));
        assert!(is_system_text("店:01 撤回了一条消息"));
        assert!(!is_system_text("你好，由我来帮你"));
        assert!(is_read_receipt(" 已读 "));
        assert!(!is_read_receipt("已读了吗"));
        assert_eq!(clean_cell("=\"123\""), "123");
        assert_eq!(clean_cell("'13800000000"), "13800000000");
        for s in ["", " ", "a", " a", "a ", "\u{3000}好", "好\u{3000}", "好", "\u{a0}x", "x\u{2029}", "é", "\u{1680}x"]
        {
            assert_eq!(trim_ws(s), s.trim(), "{s:?}");
        }
        // every character at either end, after or before one of each length
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for other in ["a", "é", "好", "😀"] {
                for s in [format!("{other}{c}"), format!("{c}{other}"), c.to_string()] {
                    assert_eq!(trim_ws(&s), s.trim(), "{s:?}");
                }
            }
        }
        // the fast path and the full one agree on every start and end
        for s in [
            "abc",
            " abc",
            "abc ",
            "\tabc",
            "abc\t",
            "\u{3000}顾客",
            "顾客\u{3000}",
            "顾客",
            "=\"1\"",
            "'1",
            "\u{a0}x",
            "x\u{a0}",
            "\u{2003}x",
            "x\u{85}",
            "é ",
            "好 ",
            "=x",
            "''x",
            "",
            " ",
            "\u{3000}",
        ] {
            let mut t = s.trim_matches(|c: char| c.is_whitespace());
            if let Some(r) = t.strip_prefix("=\"") {
                t = r.strip_suffix('"').unwrap_or(r);
            }
            let t = t.strip_prefix('\'').unwrap_or(t).trim();
            assert_eq!(clean_cell(s), t, "{s:?}");
        }
    }
}
