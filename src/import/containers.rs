//! Chat exports made by merchants' tools around Qianniu, read into text
//! blocks (one block per customer, resolved as spec §1.2 resolves a block):
//!
//! - a zip with one JSON per customer,
//!   `{"user", "exportTime", "count", "chats": [{"date", "time", "sender", "text", "imgUrl"}]}`
//!   (`user` is the customer), or one such JSON on its own;
//! - the one-row-per-customer workbook: columns `客户ID` | `聊天记录`, the cell
//!   holding every message as `HH:MM:SS\n发送者: 内容`, messages separated by
//!   a blank line; the date is only in the file name (`千牛聊天记录_5月9日.xlsx`).
//!
//! Decisions (also in docs/metrics.md, import section):
//! - Who is staff follows spec §1.2 as for every text block: a sender with a
//!   colon in the nick or in the account list is staff, any other sender is
//!   a buyer; the customer named by the export (`user` / `客户ID`) is the
//!   block's buyer. (The export names the customer, but not which other
//!   senders are staff; the staff-marking list of the import panel shows
//!   these nicks like those of text files.)
//! - A message without a sender name, or whose text is a platform notice,
//!   is a system message; read receipts are dropped.
//! - An image without text is stored as the text `[图片]`.
//! - Times: JSON `date` + `time` (any shape of [`parse_ts`]); a `date` of
//!   `今天`/`昨天`/`前天` or without a year counts from `exportTime`. In the
//!   workbook a time of day takes its date from the import option (CLI
//!   `--date`) or else from the file name (`2024-05-09`, `20240509`,
//!   `2024年5月9日`); a name with only `5月9日` has no year, so the file is
//!   rejected asking for the full date, as is a name with no date at all.

use std::sync::OnceLock;

use regex::Regex;

use super::common::{clip, is_read_receipt, is_system_nick, is_system_text, shop_prefix};
use super::time::parse_ts;
use crate::model::{Dataset, FileReport, Message, Sender, Sym};

/// One message of a customer's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub ts: i64,
    /// The sender's nick; empty when the export shows none.
    pub sender: String,
    pub text: String,
    /// 1-based position: the message's number in its JSON, or the row.
    pub line: u32,
}

/// One customer's messages: one text block.
#[derive(Debug, Clone, Default)]
pub struct CustomerChat {
    pub customer: String,
    pub records: Vec<Record>,
}

/// What a container held, before it goes into the dataset.
#[derive(Debug, Default)]
pub struct Parsed {
    pub chats: Vec<CustomerChat>,
    pub read: u64,
    pub skipped: u64,
    pub problems: Vec<(u64, String, String)>,
}

impl Parsed {
    fn problem(&mut self, line: u64, zh: String, en: String) {
        self.problems.push((line, zh, en));
    }
}

const DAY: i64 = 86_400;

/// Seconds since midnight of `H:MM` or `H:MM:SS`.
pub fn secs_of_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().split(':');
    let h: i64 = parts.next()?.trim().parse().ok()?;
    let m: i64 = parts.next()?.trim().parse().ok()?;
    let sec: i64 = match parts.next() {
        Some(x) => x.trim().parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..60).contains(&sec) {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid regex"))
}

/// A date found in a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameDate {
    /// Day number (days since 1970-01-01).
    Day(i64),
    /// Month and day without a year (`5月9日`).
    NoYear(u32, u32),
    None,
}

/// The date in a file name: `2024-05-09`, `2024_5_9`, `2024.05.09`,
/// `20240509`, `2024年5月9日`; or a month and day alone (`5月9日`).
pub fn name_date(name: &str) -> NameDate {
    static FULL: OnceLock<Regex> = OnceLock::new();
    static MD: OnceLock<Regex> = OnceLock::new();
    let full = re(&FULL, r"(?:^|[^0-9])((?:19|20)\d\d)(?:[-_./年]?)(\d{1,2})(?:[-_./月]?)(\d{1,2})(?:日|号|[^0-9]|$)");
    for c in full.captures_iter(name) {
        let (y, m, d) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
        // `20240509` must be read as 2024-05-09, not 2024-0-509: the regex
        // allows 1–2 digits, so check the value is a real date.
        if let Some(ts) = super::time::ymdhms(y, m, d, 0, 0, 0) {
            return NameDate::Day(ts / DAY);
        }
    }
    let md = re(&MD, r"(\d{1,2})月(\d{1,2})[日号]");
    if let Some(c) = md.captures(name) {
        let (m, d): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            return NameDate::NoYear(m, d);
        }
    }
    NameDate::None
}

/// Day number of a date cell: a full date, `今天`/`昨天`/`前天`, or a month
/// and day (`5月9日`, `05-09`, `5/9`) in the year of `today` (the year
/// before when that day would lie after `today`).
fn date_of(s: &str, today: Option<i64>) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(ts) = parse_ts(t) {
        return Some(ts.div_euclid(DAY));
    }
    let today = today?;
    match t {
        "今天" => return Some(today),
        "昨天" => return Some(today - 1),
        "前天" => return Some(today - 2),
        _ => {}
    }
    static MD: OnceLock<Regex> = OnceLock::new();
    let md = re(&MD, r"^(\d{1,2})(?:月|-|/)(\d{1,2})日?$");
    let c = md.captures(t)?;
    let (m, d): (i64, i64) = (c[1].parse().ok()?, c[2].parse().ok()?);
    let year = crate::model::day_string(today as i32)[..4].parse::<i64>().ok()?;
    let this = super::time::ymdhms(year, m, d, 0, 0, 0)? / DAY;
    if this > today {
        Some(super::time::ymdhms(year - 1, m, d, 0, 0, 0)? / DAY)
    } else {
        Some(this)
    }
}

fn json_str<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v.get(key).and_then(|x| x.as_str()).unwrap_or("").trim()
}

/// Is this text one customer's chat JSON (`user` and a `chats` list)?
pub fn is_chat_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{FEFF}').trim_start();
    t.starts_with('{') && t.contains("\"chats\"") && t.contains("\"user\"")
}

/// Read the JSON files of a zip export (entry name, text).
pub fn parse_json_files(files: &[(String, String)]) -> Parsed {
    let mut out = Parsed::default();
    for (name, text) in files {
        let entry = clip(name);
        let v: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{FEFF}')) {
            Ok(v) => v,
            Err(e) => {
                out.read += 1;
                out.skipped += 1;
                out.problem(
                    0,
                    format!("{entry}：不是有效的 JSON（{e}），已跳过"),
                    format!("{entry}: not valid JSON ({e}), skipped"),
                );
                continue;
            }
        };
        let user = json_str(&v, "user");
        let Some(chats) = v.get("chats").and_then(|c| c.as_array()) else {
            out.read += 1;
            out.skipped += 1;
            out.problem(
                0,
                format!("{entry}：没有 chats 列表（应为 {{\"user\", \"chats\": [...]}}），已跳过"),
                format!("{entry}: no chats list (expected {{\"user\", \"chats\": [...]}}), skipped"),
            );
            continue;
        };
        if user.is_empty() {
            out.read += chats.len() as u64;
            out.skipped += chats.len() as u64;
            out.problem(
                0,
                format!("{entry}：没有 user（顾客），{} 条消息已跳过", chats.len()),
                format!("{entry}: no user (customer), {} message(s) skipped", chats.len()),
            );
            continue;
        }
        let today = parse_ts(json_str(&v, "exportTime")).map(|t| t.div_euclid(DAY));
        let mut chat = CustomerChat { customer: user.to_string(), records: Vec::with_capacity(chats.len()) };
        for (i, m) in chats.iter().enumerate() {
            let n = i as u32 + 1;
            out.read += 1;
            let (date, time) = (json_str(m, "date"), json_str(m, "time"));
            let ts = parse_ts(time)
                .or_else(|| parse_ts(&format!("{date} {time}")))
                .or_else(|| Some(date_of(date, today)? * DAY + secs_of_day(time)?));
            let Some(ts) = ts else {
                out.skipped += 1;
                let v = clip(&format!("{date} {time}"));
                out.problem(
                    0,
                    format!("{entry} 第 {n} 条消息：时间无法识别 '{v}'"),
                    format!("{entry} message {n}: unrecognised time '{v}'"),
                );
                continue;
            };
            let mut text = json_str(m, "text").to_string();
            if text.is_empty() && !json_str(m, "imgUrl").is_empty() {
                text = "[图片]".into();
            }
            chat.records.push(Record { ts, sender: json_str(m, "sender").to_string(), text, line: n });
        }
        out.chats.push(chat);
    }
    out
}

/// Is this (normalised) header row the one-row-per-customer sheet? Returns
/// the columns of 客户ID and 聊天记录.
pub fn customer_sheet_cols(headers: &[String]) -> Option<(usize, usize)> {
    let id = headers.iter().position(|h| matches!(h.as_str(), "客户id" | "客户" | "顾客id" | "买家id" | "客户昵称"))?;
    let chat = headers.iter().position(|h| h == "聊天记录")?;
    Some((id, chat))
}

/// A cell line that starts a message: a time of day or a full date-time.
fn time_line(line: &str) -> Option<(Option<i64>, i64)> {
    let t = line.trim();
    if t.is_empty() || t.len() > 40 || !t.contains(':') {
        return None;
    }
    if let Some(s) = secs_of_day(t) {
        return Some((None, s));
    }
    parse_ts(t).map(|ts| (Some(ts.div_euclid(DAY)), ts.rem_euclid(DAY)))
}

/// Split `发送者: 内容` (the first `": "`; a full-width `：` also works).
fn split_sender(line: &str) -> (&str, &str) {
    for sep in [": ", "："] {
        if let Some(p) = line.find(sep) {
            let who = line[..p].trim();
            if !who.is_empty() && who.chars().count() <= 64 {
                return (who, &line[p + sep.len()..]);
            }
        }
    }
    ("", line)
}

/// The rows of the one-row-per-customer sheet: (row number, 客户ID, cell).
/// `day` is the query date; without it, a message with a time of day only
/// is skipped, so the caller must check [`needs_date`] first.
pub fn parse_customer_rows(rows: &[(u32, String, String)], day: Option<i64>) -> Parsed {
    let mut out = Parsed::default();
    for (row, customer, cell) in rows {
        let (row, customer) = (*row, customer.trim());
        let cell = cell.replace("\r\n", "\n");
        let body = cell.trim();
        if body.is_empty() || body == "(无聊天内容)" || body == "（无聊天内容）" {
            continue;
        }
        if customer.is_empty() {
            out.read += 1;
            out.skipped += 1;
            out.problem(row as u64, "客户ID 为空，这一行已跳过".into(), "empty 客户ID, row skipped".into());
            continue;
        }
        if body.starts_with("(提取失败") || body.starts_with("（提取失败") {
            out.read += 1;
            out.skipped += 1;
            let v = clip(body);
            out.problem(
                row as u64,
                format!("客户 {customer} 的聊天记录导出时提取失败 '{v}'，已跳过"),
                format!("the export tool failed to extract customer {customer}'s chat '{v}', skipped"),
            );
            continue;
        }
        let mut chat = CustomerChat { customer: customer.to_string(), records: Vec::new() };
        // (date, secs, lines of the message)
        let mut cur: Option<(Option<i64>, i64, Vec<&str>)> = None;
        let mut prev_blank = true;
        let mut orphan = false;
        let flush = |cur: Option<(Option<i64>, i64, Vec<&str>)>, out: &mut Parsed, chat: &mut CustomerChat| {
            let Some((d, secs, lines)) = cur else { return };
            out.read += 1;
            let Some(d) = d.or(day) else {
                out.skipped += 1;
                return;
            };
            let first = lines.first().copied().unwrap_or("");
            let (who, rest) = split_sender(first);
            let mut text = rest.to_string();
            for l in lines.iter().skip(1) {
                text.push('\n');
                text.push_str(l);
            }
            let text = text.trim().to_string();
            chat.records.push(Record { ts: d * DAY + secs, sender: who.to_string(), text, line: row });
        };
        for line in cell.lines() {
            let blank = line.trim().is_empty();
            if prev_blank {
                if let Some((d, s)) = time_line(line) {
                    flush(cur.take(), &mut out, &mut chat);
                    cur = Some((d, s, Vec::new()));
                    prev_blank = false;
                    continue;
                }
            }
            prev_blank = blank;
            match cur.as_mut() {
                Some((_, _, lines)) => lines.push(line),
                None if !blank => orphan = true,
                None => {}
            }
        }
        flush(cur.take(), &mut out, &mut chat);
        if orphan {
            out.problem(
                row as u64,
                format!("客户 {customer}：聊天记录开头有不带时间的文字，已忽略"),
                format!("customer {customer}: text before the first time line was ignored"),
            );
        }
        out.chats.push(chat);
    }
    out
}

/// Does any message of these rows carry only a time of day (so the file
/// needs a date from its name or the user)?
pub fn needs_date(rows: &[(u32, String, String)]) -> bool {
    rows.iter().any(|(_, _, cell)| {
        let mut prev_blank = true;
        for line in cell.lines() {
            if prev_blank && time_line(line).is_some_and(|(d, _)| d.is_none()) {
                return true;
            }
            prev_blank = line.trim().is_empty();
        }
        false
    })
}

/// Put the customers' chats into the dataset, one text block each, as
/// text-format messages (`speaker` set, resolved later by
/// [`super::resolve_each`] for the settings), and count them in `rep`.
pub fn push_chats(ds: &mut Dataset, rep: &mut FileReport, file: u16, parsed: Parsed) {
    rep.read += parsed.read;
    rep.skipped += parsed.skipped;
    for (line, zh, en) in parsed.problems {
        rep.problem(line, zh, en);
    }
    let mut arena = None;
    for chat in parsed.chats {
        if chat.records.is_empty() {
            continue;
        }
        let block = ds.blocks;
        ds.blocks += 1;
        let customer = ds.nicks.intern(&chat.customer);
        // The customer is the block's buyer even when they never write in
        // it (the rule of a section line that names its buyer, spec §1.2).
        ds.block_buyers.insert(block, customer);
        for r in chat.records {
            if is_read_receipt(&r.text) {
                continue;
            }
            let system = r.sender.is_empty() || is_system_nick(&r.sender) || is_system_text(&r.text);
            let speaker = if r.sender.is_empty() {
                Sym::NONE
            } else if r.sender == chat.customer {
                customer
            } else {
                if let Some(shop) = shop_prefix(&r.sender) {
                    ds.shops.intern(shop);
                }
                ds.nicks.intern(&r.sender)
            };
            let sender = if system {
                Sender::System
            } else if r.sender.contains(':') {
                Sender::Agent
            } else {
                Sender::Buyer
            };
            let text = ds.push_text(&mut arena, &r.text);
            ds.messages.push(Message {
                ts: r.ts,
                shop: Sym::NONE,
                agent: Sym::NONE,
                buyer: Sym::NONE,
                speaker,
                sender,
                block,
                text,
                file,
                line: r.line,
            });
            rep.imported += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i64, m: i64, d: i64) -> i64 {
        super::super::time::ymdhms(y, m, d, 0, 0, 0).unwrap() / DAY
    }

    #[test]
    fn names() {
        assert_eq!(name_date("千牛聊天记录_5月9日.xlsx"), NameDate::NoYear(5, 9));
        assert_eq!(name_date("千牛聊天记录_2026年5月9日.xlsx"), NameDate::Day(day(2026, 5, 9)));
        assert_eq!(name_date("千牛聊天记录_2026-05-09.xlsx"), NameDate::Day(day(2026, 5, 9)));
        assert_eq!(name_date("chat_20260509.xlsx"), NameDate::Day(day(2026, 5, 9)));
        assert_eq!(name_date("聊天记录.xlsx"), NameDate::None);
        assert_eq!(name_date("2026-13-40.xlsx"), NameDate::None);
    }

    #[test]
    fn relative_dates() {
        let today = day(2024, 1, 3);
        assert_eq!(date_of("昨天", Some(today)), Some(day(2024, 1, 2)));
        assert_eq!(date_of("12月31日", Some(today)), Some(day(2023, 12, 31)));
        assert_eq!(date_of("2024-01-01", None), Some(day(2024, 1, 1)));
        assert_eq!(date_of("昨天", None), None);
        assert_eq!(secs_of_day("9:05:03"), Some(9 * 3600 + 5 * 60 + 3));
        assert_eq!(secs_of_day("24:00:00"), None);
    }

    #[test]
    fn sender_split() {
        assert_eq!(split_sender("店:小美: 您好: 在的"), ("店:小美", "您好: 在的"));
        assert_eq!(split_sender("没有发送者"), ("", "没有发送者"));
    }
}
