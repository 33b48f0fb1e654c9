use kefu_lens::import::import_bytes;
use kefu_lens::model::{ts_from_ymdhms, Dataset, FileKind, FileReport, Message, Sender};

pub fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/{}", env!("CARGO_MANIFEST_DIR"), name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

pub fn import(name: &str, bytes: Vec<u8>) -> (Dataset, FileReport) {
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, name, bytes, None);
    (ds, r)
}

pub fn import_kind(name: &str, bytes: Vec<u8>, k: FileKind) -> (Dataset, FileReport) {
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, name, bytes, Some(k));
    (ds, r)
}

pub fn ts(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    ts_from_ymdhms(y, mo, d, h, mi, s).unwrap()
}

/// (ts, shop, agent, buyer, sender, text) of a message, names spelled out.
pub type Row = (i64, String, String, String, Sender, String);

pub fn row(ds: &Dataset, m: &Message) -> Row {
    (
        m.ts,
        ds.shops.name(m.shop).to_string(),
        ds.nicks.name(m.agent).to_string(),
        ds.nicks.name(m.buyer).to_string(),
        m.sender,
        ds.text(m.text).to_string(),
    )
}

pub fn rows(ds: &Dataset, msgs: &[Message]) -> Vec<Row> {
    msgs.iter().map(|m| row(ds, m)).collect()
}

pub fn r(t: i64, shop: &str, agent: &str, buyer: &str, s: Sender, text: &str) -> Row {
    (t, shop.into(), agent.into(), buyer.into(), s, text.into())
}

pub fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
    }
    for u in s.encode_utf16() {
        let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
        out.extend_from_slice(&b);
    }
    out
}

pub fn gb18030(s: &str) -> Vec<u8> {
    let (b, _, unmappable) = encoding_rs::GB18030.encode(s);
    assert!(!unmappable);
    b.into_owned()
}

/// Every message's text is readable (TextRef in bounds and on char boundaries).
pub fn check_texts(ds: &Dataset) {
    for m in &ds.messages {
        let b = &ds.buffers[m.text.buf as usize];
        let (s, e) = (m.text.start as usize, (m.text.start + m.text.len) as usize);
        assert!(e <= b.len() && b.is_char_boundary(s) && b.is_char_boundary(e));
    }
}

/// Everything a dataset holds of a chat table, spelt out (symbols as
/// numbers *and* names, text resolved), and the file reports.
pub fn spelt(ds: &Dataset) -> (Vec<String>, Vec<String>, Vec<String>, String) {
    let msgs = ds
        .messages
        .iter()
        .map(|m| {
            format!(
                "{} {} {}={} {}={} {}={} {}={} {:?} {} {} {:?}",
                m.ts,
                m.line,
                m.shop.0,
                ds.shops.name(m.shop),
                m.agent.0,
                ds.nicks.name(m.agent),
                m.buyer.0,
                ds.nicks.name(m.buyer),
                m.speaker.0,
                ds.nicks.name(m.speaker),
                m.sender,
                m.file,
                m.block,
                ds.text(m.text)
            )
        })
        .collect();
    let nicks = ds.nicks.names().map(String::from).collect();
    let shops = ds.shops.names().map(String::from).collect();
    (msgs, nicks, shops, serde_json::to_string(&ds.files).unwrap())
}

/// A table whose messages span lines (quoted cells with line breaks, `""`
/// escapes), with bad rows (a bad time, too few columns) spread through it.
pub fn awkward_csv() -> Vec<u8> {
    let mut s = String::from("时间,店铺,客服,顾客,发送方,内容\n");
    for i in 0..6000u32 {
        let (h, m, sec) = (8 + i / 3600 % 12, i / 60 % 60, i % 60);
        let agent = format!("店:客服{}", i % 7);
        let buyer = format!("买家{}", i % 211);
        let who = if i % 2 == 0 { "顾客" } else { "客服" };
        let text = match i % 9 {
            0 => format!("\"第一行\n第二行 {i}\n第三行 \"\"引号\"\"\""),
            4 => format!("\"逗号,在里面 {i}\""),
            _ => format!("消息{i}"),
        };
        match i % 997 {
            13 => s.push_str(&format!("2024-06-0X 10:00:00,店,{agent},{buyer},{who},{text}\n")),
            14 => s.push_str("2024-06-03 10:00:00,店\n"),
            _ => s.push_str(&format!("2024-06-03 {h:02}:{m:02}:{sec:02},店,{agent},{buyer},{who},{text}\n")),
        }
    }
    s.into_bytes()
}
