//! Encoding detection and decoding.

// UTF-8 input is validated once and then adopted without a second pass.
#![allow(unsafe_code)]

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xls, Xlsx};

/// What a file turned out to be, before format detection.
pub enum Decoded {
    /// Decoded text, the encoding label for the report, and the 1-based
    /// numbers of lines decoded in another encoding (a UTF-8 file with some
    /// GB18030 lines, see `mixed_lines`; usually none).
    Text(String, &'static str, Vec<u32>),
    /// Worksheets (name, cells) of a workbook, `xlsx`/`xls`, and the sheets
    /// not read because they are too large or damaged (name, why).
    Sheets(Vec<(String, Range<Data>)>, &'static str, Vec<(String, Fatal)>),
    /// The `.json` entries (name, UTF-8 text) of a zip that is not a
    /// workbook (a merchant tool's Qianniu chat export, one JSON per customer).
    JsonZip(Vec<(String, String)>),
}

/// A fatal problem: (zh, en).
pub type Fatal = (String, String);

fn fatal(zh: &str, en: &str) -> Fatal {
    (zh.to_string(), en.to_string())
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decode the raw bytes of a file; a workbook sheet spanning more than
/// `max_cells` cells is not read.
pub fn decode(bytes: Vec<u8>, max_cells: u64) -> Result<Decoded, Fatal> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(fatal("文件为空", "the file is empty"));
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(b"PK\x05\x06") {
        return open_zip(bytes, max_cells);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return open_xls(bytes, max_cells);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        let rest = &bytes[3..];
        if encoding_rs::Encoding::utf8_valid_up_to(rest) == rest.len() {
            let mut bytes = bytes;
            bytes.drain(..3);
            // SAFETY: validated just above.
            let s = unsafe { String::from_utf8_unchecked(bytes) };
            return text_checked(s, "UTF-8 BOM");
        }
        let text = encoding_rs::UTF_8.decode_without_bom_handling(rest).0.into_owned();
        return text_checked(text, "UTF-8 BOM");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (t, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[2..]);
        return text_checked(t.into_owned(), "UTF-16LE");
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (t, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes[2..]);
        return text_checked(t.into_owned(), "UTF-16BE");
    }
    // UTF-16 without a BOM: many zero bytes on one parity.
    if let Some(le) = utf16_guess(&bytes) {
        let enc = if le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (t, _) = enc.decode_without_bom_handling(&bytes);
        return text_checked(t.into_owned(), if le { "UTF-16LE" } else { "UTF-16BE" });
    }
    if looks_binary(&bytes[..bytes.len().min(8192)]) {
        return Err(not_text());
    }
    // encoding_rs validates UTF-8 several times faster than `str::from_utf8`
    // on CJK-heavy text.
    let valid = encoding_rs::Encoding::utf8_valid_up_to(&bytes);
    if valid == bytes.len() {
        // SAFETY: the whole buffer was just validated as UTF-8.
        let s = unsafe { String::from_utf8_unchecked(bytes) };
        return text_checked(s, "UTF-8");
    }
    if bytes.len() - valid < 4 && std::str::from_utf8(&bytes[valid..]).is_err() && is_utf8_prefix(&bytes[valid..]) {
        // Valid UTF-8 cut inside its last character (a truncated file).
        let mut bytes = bytes;
        bytes.truncate(valid);
        // SAFETY: validated up to `valid`.
        let s = unsafe { String::from_utf8_unchecked(bytes) };
        return text_checked(s, "UTF-8");
    }
    if let Some((text, lines)) = mixed_lines(&bytes) {
        return match text_checked(text, "UTF-8 + GB18030")? {
            Decoded::Text(t, enc, _) => Ok(Decoded::Text(t, enc, lines)),
            other => Ok(other),
        };
    }
    let (t, _, _) = encoding_rs::GB18030.decode(&bytes);
    text_checked(t.into_owned(), "GB18030")
}

/// A file that is mostly UTF-8 with some lines in GB18030 (rows pasted in
/// from a GBK export, issue 13): more lines that are valid UTF-8 *and* use
/// non-ASCII characters (evidence of UTF-8) than lines that are not valid
/// UTF-8. Then each line is decoded as its own encoding, so the header and
/// the good rows are kept; returns the text and the GB18030 lines' numbers.
/// A GBK file has hardly any non-ASCII line that is valid UTF-8, so it is
/// decoded whole as GB18030 as before.
fn mixed_lines(bytes: &[u8]) -> Option<(String, Vec<u32>)> {
    let (mut utf8, mut other) = (0usize, 0usize);
    for line in bytes.split(|&b| b == b'\n') {
        if line.is_ascii() {
            continue;
        }
        if encoding_rs::Encoding::utf8_valid_up_to(line) == line.len() {
            utf8 += 1;
        } else {
            other += 1;
        }
    }
    if utf8 <= other {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut lines = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(s) => text.push_str(s),
            Err(_) => {
                text.push_str(&encoding_rs::GB18030.decode_without_bom_handling(line).0);
                lines.push(i as u32 + 1);
            }
        }
    }
    Some((text, lines))
}

/// Is `b` (1..=3 bytes) the start of a multi-byte UTF-8 sequence?
/// Append `b` to `buf` when it is UTF-8 (checked the fast way, as
/// [`decode`] does); false, and `buf` untouched, when it is not.
pub(super) fn push_utf8(buf: &mut String, b: &[u8]) -> bool {
    if encoding_rs::Encoding::utf8_valid_up_to(b) != b.len() {
        return false;
    }
    // SAFETY: validated just above.
    buf.push_str(unsafe { std::str::from_utf8_unchecked(b) });
    true
}

pub(super) fn is_utf8_prefix(b: &[u8]) -> bool {
    let need = match b[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return false,
    };
    b.len() < need && b[1..].iter().all(|c| (0x80..=0xBF).contains(c))
}

fn not_text() -> Fatal {
    fatal(
        "不是文本或表格文件（请提供 CSV、TSV、XLSX 或聊天记录文本）",
        "not a text or spreadsheet file (expected CSV, TSV, XLSX or chat text)",
    )
}

fn utf16_guess(b: &[u8]) -> Option<bool> {
    let n = b.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let (mut even0, mut odd0) = (0usize, 0usize);
    for i in (0..n).step_by(2) {
        if b[i] == 0 {
            even0 += 1;
        }
        if b[i + 1] == 0 {
            odd0 += 1;
        }
    }
    let half = n / 2;
    if odd0 * 10 >= half * 4 && even0 * 10 < half {
        Some(true)
    } else if even0 * 10 >= half * 4 && odd0 * 10 < half {
        Some(false)
    } else {
        None
    }
}

/// Raw bytes with NULs or many control bytes are not text.
fn looks_binary(b: &[u8]) -> bool {
    let mut ctrl = 0usize;
    for &c in b {
        if c == 0 {
            return true;
        }
        if c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A) {
            ctrl += 1;
        }
    }
    ctrl * 100 > b.len()
}

fn text_checked(s: String, enc: &'static str) -> Result<Decoded, Fatal> {
    let mut ctrl = 0usize;
    let mut repl = 0usize;
    let mut total = 0usize;
    for ch in s.chars().take(8192) {
        total += 1;
        if ch == '\0' || (ch.is_control() && !matches!(ch, '\t' | '\n' | '\r' | '\u{0C}' | '\u{1A}')) {
            ctrl += 1;
        } else if ch == '\u{FFFD}' {
            repl += 1;
        }
    }
    if total == 0 || ctrl * 100 > total || repl * 10 > total {
        return Err(not_text());
    }
    if s.len() >= u32::MAX as usize / 2 {
        return Err(fatal("文件过大（超过 2 GB）", "file too large (over 2 GB)"));
    }
    Ok(Decoded::Text(s, enc, Vec::new()))
}

/// Largest zip entry read (a JSON of one customer's chats is far smaller).
const MAX_ZIP_ENTRY: u64 = 256 << 20;

/// A zip: an XLSX workbook, or a zip of JSON chat files.
fn open_zip(bytes: Vec<u8>, max_cells: u64) -> Result<Decoded, Fatal> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes.as_slice())) else {
        return open_xlsx(bytes, max_cells);
    };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let workbook = names.iter().any(|n| n == "[Content_Types].xml" || n.starts_with("xl/"));
    let mut json: Vec<String> =
        names.into_iter().filter(|n| n.to_ascii_lowercase().ends_with(".json") && !n.ends_with('/')).collect();
    if workbook || json.is_empty() {
        drop(zip);
        return open_xlsx(bytes, max_cells);
    }
    // Skip macOS resource forks (`__MACOSX/…`, `._name.json`).
    json.retain(|n| !n.starts_with("__MACOSX/") && !n.rsplit('/').next().unwrap_or(n).starts_with("._"));
    let mut out = Vec::with_capacity(json.len());
    for name in json {
        let Ok(mut f) = zip.by_name(&name) else { continue };
        if f.size() > MAX_ZIP_ENTRY {
            continue;
        }
        let mut raw = Vec::with_capacity(f.size() as usize);
        if std::io::Read::read_to_end(&mut f, &mut raw).is_err() {
            continue;
        }
        let raw = raw.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(&raw);
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t.to_string(),
            Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
        };
        out.push((name, text));
    }
    if out.is_empty() {
        return Err(fatal(
            "这个 zip 压缩包里的 JSON 文件都无法读取",
            "none of the JSON files in this zip archive could be read",
        ));
    }
    Ok(Decoded::JsonZip(out))
}

fn open_xlsx(bytes: Vec<u8>, max_cells: u64) -> Result<Decoded, Fatal> {
    let bad = || {
        fatal(
            "这是一个 zip 压缩包，但既不是可读取的 XLSX 表格，也不含 JSON 聊天记录；请提供 CSV、TSV、XLSX 文件或千牛聊天记录导出的 zip",
            "this is a zip archive but neither a readable XLSX workbook nor a zip of JSON chat files; expected a CSV, TSV or XLSX file or a zip of Qianniu chat JSON",
        )
    };
    // Checked before calamine allocates anything (issue 13): an index past
    // the shared strings refuses the file, a sheet too large is skipped.
    let verdict = super::sheet_guard::check_xlsx(&bytes, max_cells)?;
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| bad())?;
    sheets_of(wb, "xlsx", verdict.skip).ok_or_else(bad)
}

fn open_xls(bytes: Vec<u8>, max_cells: u64) -> Result<Decoded, Fatal> {
    let bad = || {
        fatal(
            "无法读取这个旧版 Excel（.xls）文件；请另存为 XLSX 或 CSV",
            "cannot read this legacy Excel (.xls) file; save it as XLSX or CSV",
        )
    };
    // calamine reads every sheet inside `Xls::new`: checked first (issue 13).
    super::xls_guard::check_xls(&bytes, max_cells)?;
    let wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|_| bad())?;
    sheets_of(wb, "xls", Default::default()).ok_or_else(bad)
}

/// Every readable sheet of a workbook but those in `skip` (listed with
/// their reason instead), or None when there is neither.
fn sheets_of<RS, R>(mut wb: R, kind: &'static str, skip: BTreeMap<String, Fatal>) -> Option<Decoded>
where
    RS: std::io::Read + std::io::Seek,
    R: calamine::Reader<RS>,
{
    let names = wb.sheet_names();
    let sheets: Vec<_> = names
        .iter()
        .enumerate()
        .filter(|(_, name)| !skip.contains_key(*name))
        .filter_map(|(i, name)| match wb.worksheet_range_at(i) {
            Some(Ok(r)) => Some((name.clone(), r)),
            _ => None,
        })
        .collect();
    let skipped: Vec<(String, Fatal)> = skip.into_iter().collect();
    (!sheets.is_empty() || !skipped.is_empty()).then_some(Decoded::Sheets(sheets, kind, skipped))
}
