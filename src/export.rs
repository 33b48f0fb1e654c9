//! Turn a displayed table into a downloadable file: CSV (for Excel on Chinese
//! Windows) or XLSX. Pure — no web-sys — so it is tested natively; the UI only
//! wraps the returned bytes in a Blob.
//!
//! Cells are typed ([`Cell`]) so numbers stay numbers in the spreadsheet and
//! only real text is ever treated as text.

use serde::{Deserialize, Serialize};

/// A table as shown on screen: one header row, then typed cells. Rows shorter
/// than the widest row (or the header) are padded with empty cells on export.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One typed cell. Non-finite floats (NaN, ±∞) are exported as empty cells.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    /// A fraction, 0–1 (0.875 means 87.5%).
    Pct(f64),
    /// A duration in seconds.
    Secs(f64),
    /// An amount in yuan.
    Yuan(f64),
    Empty,
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// The table as CSV bytes that Excel opens correctly on Chinese Windows:
///
/// * UTF-8 **with BOM** (`EF BB BF`) — without it Excel assumes GBK and shows
///   mojibake;
/// * CRLF line ends, RFC 4180 quoting (fields with `,` `"` CR or LF are quoted,
///   quotes doubled);
/// * the header row is written as text cells.
///
/// Cell rendering (chosen so Excel parses each value back as a number):
///
/// | Cell | CSV | example |
/// |---|---|---|
/// | `Text` | as is, but see below | `张三` |
/// | `Int` | plain integer | `-42` |
/// | `Num` | shortest exact decimal, never exponent | `3.25` |
/// | `Pct` | percent, ≤ 2 decimals, trailing zeros trimmed, no `%` sign (the header says `(%)`) | `87.5` |
/// | `Secs` | plain seconds, ≤ 2 decimals, trimmed | `95.5` |
/// | `Yuan` | exactly 2 decimals, no `¥`, no thousands separator | `123.45` |
/// | `Empty` / NaN / ±∞ | empty field | |
///
/// **Formula injection:** a *text* cell (or header) starting with `=`, `+`,
/// `-`, `@`, TAB or CR is prefixed with a single quote `'`, so Excel shows it
/// as text instead of evaluating it. Numbers we render ourselves are not text
/// and are never prefixed, so `Num(-3.0)` is written `-3`.
pub fn to_csv(t: &Table) -> Vec<u8> {
    let width = table_width(t);
    let mut out = Vec::with_capacity(64 + t.rows.len() * width * 8);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    if width == 0 {
        return out;
    }
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(true)
            .from_writer(&mut out);
        let mut record: Vec<String> = Vec::with_capacity(width);
        record.extend(t.headers.iter().map(|h| neutralise(h)));
        record.resize(width, String::new());
        // Writing into a Vec cannot fail; the only other error (unequal record
        // lengths) is disabled by `flexible` and avoided by padding.
        w.write_record(&record).expect("csv write to Vec");
        for row in &t.rows {
            record.clear();
            record.extend(row.iter().map(csv_field));
            record.resize(width, String::new());
            w.write_record(&record).expect("csv write to Vec");
        }
        w.flush().expect("csv flush to Vec");
    }
    out
}

/// Number of columns: the header or the widest row, whichever is wider.
fn table_width(t: &Table) -> usize {
    t.rows.iter().map(Vec::len).max().unwrap_or(0).max(t.headers.len())
}

/// Prefix `'` to text Excel would otherwise read as a formula (CSV
/// injection: a nick or message starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return). Every text cell of a CSV this project writes goes
/// through it: the app's exports and the CLI's (`kefu report`, `kefu
/// alerts`).
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn csv_field(c: &Cell) -> String {
    match c {
        Cell::Text(s) => neutralise(s),
        Cell::Int(i) => i.to_string(),
        Cell::Num(x) => finite(*x).map(plain).unwrap_or_default(),
        Cell::Pct(x) => finite(*x).map(|x| decimals(x * 100.0, 2)).unwrap_or_default(),
        Cell::Secs(x) => finite(*x).map(|x| decimals(x, 2)).unwrap_or_default(),
        Cell::Yuan(x) => finite(*x).map(|x| fix_neg_zero(format!("{x:.2}"))).unwrap_or_default(),
        Cell::Empty => String::new(),
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Shortest round-trip decimal (Rust's `Display` for f64 never uses an
/// exponent); `-0` becomes `0`.
fn plain(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else {
        x.to_string()
    }
}

/// At most `n` decimals, trailing zeros and a trailing dot removed.
fn decimals(x: f64, n: usize) -> String {
    let mut s = format!("{x:.n$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    fix_neg_zero(s)
}

/// `-0`, `-0.00` (a tiny negative rounded away) → without the sign.
fn fix_neg_zero(s: String) -> String {
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

// ---------------------------------------------------------------------------
// Names: headers with units, files and sheets that say what they hold
// ---------------------------------------------------------------------------

/// The unit a column header carries (the convention stated in
/// docs/metrics.md, 导出): durations `(秒)` / ` (s)`, money `(元)` / ` (CNY)`,
/// rates `(%)` / ` (%)`; counts, ratios and text none. The values stay
/// plain numbers: seconds, yuan, percent (CSV) or the fraction with a
/// percent format (XLSX).
pub fn unit_suffix(cell: &Cell, zh: bool) -> &'static str {
    match (cell, zh) {
        (Cell::Secs(_), true) => "(秒)",
        (Cell::Secs(_), false) => " (s)",
        (Cell::Yuan(_), true) => "(元)",
        (Cell::Yuan(_), false) => " (CNY)",
        (Cell::Pct(_), true) => "(%)",
        (Cell::Pct(_), false) => " (%)",
        _ => "",
    }
}

/// `label` with the unit of cells like `sample` (see [`unit_suffix`]),
/// unless the label already ends with that unit.
pub fn header_with_unit(label: &str, sample: &Cell, zh: bool) -> String {
    let suffix = unit_suffix(sample, zh);
    if suffix.is_empty() || label.ends_with(suffix.trim_start()) {
        label.to_string()
    } else {
        format!("{label}{suffix}")
    }
}

/// The table with every header carrying the unit of its column (the
/// first non-empty cell decides; see [`header_with_unit`]). Values are
/// unchanged.
pub fn with_units(mut t: Table, zh: bool) -> Table {
    for (c, h) in t.headers.iter_mut().enumerate() {
        let sample = t.rows.iter().filter_map(|r| r.get(c)).find(|x| !matches!(x, Cell::Empty));
        if let Some(sample) = sample {
            *h = header_with_unit(h, sample, zh);
        }
    }
    t
}

/// The date range a file covers: `2024-06-01至2024-06-30` (zh) or
/// `2024-06-01_to_2024-06-30`; one day alone when both ends agree; empty
/// when unknown.
fn range_text(from: Option<&str>, to: Option<&str>, zh: bool) -> String {
    match (from, to) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}{}{b}", if zh { "至" } else { "_to_" }),
        (Some(a), None) => format!("{a}{}", if zh { "起" } else { "_on" }),
        (None, Some(b)) => format!("{}{b}", if zh { "截至" } else { "to_" }),
        (None, None) => String::new(),
    }
}

/// A piece of a file name: characters Windows, macOS or Excel refuse
/// (`/ \ : * ? " < > | [ ]` and control characters) become `_`, spaces are
/// kept, surrounding dots and spaces trimmed.
fn file_part(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '[' | ']') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    s.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string()
}

/// The name of an exported file, without extension:
/// `某某店_客服日报_2024-06-01至2024-06-30` — shop (left out when unknown),
/// report, date range (left out when unknown), joined by `_`.
pub fn file_stem(shop: Option<&str>, report: &str, from: Option<&str>, to: Option<&str>, zh: bool) -> String {
    let parts: Vec<String> = [shop.unwrap_or(""), report, &range_text(from, to, zh)]
        .iter()
        .map(|p| file_part(p))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        "export".to_string()
    } else {
        parts.join("_")
    }
}

/// The sheet name of an exported workbook: report and date range
/// (`客服日报_2024-06-01至2024-06-30`, 26 characters), made valid by
/// [`sanitize_sheet_name`] (31 characters at most: the report name is
/// shortened first so the dates survive).
pub fn sheet_title(report: &str, from: Option<&str>, to: Option<&str>, zh: bool) -> String {
    let range = range_text(from, to, zh);
    if range.is_empty() {
        return sanitize_sheet_name(report);
    }
    let room = 31usize.saturating_sub(range.chars().count() + 1);
    let short: String = report.chars().take(room).collect();
    let short = short.trim();
    if short.is_empty() {
        sanitize_sheet_name(&range)
    } else {
        sanitize_sheet_name(&format!("{short}_{range}"))
    }
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

/// Excel's limit on the characters in one cell.
const XLSX_MAX_STRING: usize = 32_767;

/// The table as an `.xlsx` file with one sheet named `sheet_name` (sanitised
/// with [`sanitize_sheet_name`]):
///
/// * bold header row, frozen so it stays visible while scrolling;
/// * numbers stored as numbers with a display format — `Int` `#,##0`,
///   `Num` General, `Pct` `0.0%` (the stored value is the fraction), `Secs` `0`,
///   `Yuan` `¥#,##0.00`; `Int` beyond ±2^53 loses precision (Excel stores f64);
/// * text always written as a string cell (never a formula), so `=1+1` stays
///   the text `=1+1`; text longer than Excel's 32,767-character cell limit is
///   truncated;
/// * column widths from the longest rendered value, CJK/full-width characters
///   counting double, clamped to 6–60.
pub fn to_xlsx(t: &Table, sheet_name: &str) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};

    let width = table_width(t);
    if width > 16_384 {
        return Err(format!("too many columns for Excel: {width} (max 16,384)"));
    }
    if t.rows.len() >= 1_048_576 {
        return Err(format!("too many rows for Excel: {} (max 1,048,575 + header)", t.rows.len()));
    }

    let header = Format::new().set_bold();
    let f_int = Format::new().set_num_format("#,##0");
    let f_pct = Format::new().set_num_format("0.0%");
    let f_secs = Format::new().set_num_format("0");
    let f_yuan = Format::new().set_num_format("¥#,##0.00");

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sanitize_sheet_name(sheet_name)).map_err(|e| e.to_string())?;

    let mut widths = vec![0usize; width];
    for (c, h) in t.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, clip(h), &header).map_err(|e| e.to_string())?;
        widths[c] = widths[c].max(text_width(h));
    }

    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let res = match cell {
                Cell::Text(s) => ws.write_string(r, col, clip(s)).map(|_| ()),
                Cell::Int(i) => ws.write_number_with_format(r, col, *i as f64, &f_int).map(|_| ()),
                Cell::Num(x) if x.is_finite() => ws.write_number(r, col, *x).map(|_| ()),
                Cell::Pct(x) if x.is_finite() => ws.write_number_with_format(r, col, *x, &f_pct).map(|_| ()),
                Cell::Secs(x) if x.is_finite() => ws.write_number_with_format(r, col, *x, &f_secs).map(|_| ()),
                Cell::Yuan(x) if x.is_finite() => ws.write_number_with_format(r, col, *x, &f_yuan).map(|_| ()),
                _ => Ok(()), // Empty and non-finite numbers: leave the cell blank.
            };
            res.map_err(|e| e.to_string())?;
            widths[c] = widths[c].max(cell_width(cell));
        }
    }

    for (c, w) in widths.iter().enumerate() {
        let w = (*w + 2).clamp(6, 60);
        ws.set_column_width(c as u16, w as f64).map_err(|e| e.to_string())?;
    }
    if !t.headers.is_empty() {
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    }

    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// A valid Excel sheet name: `[ ] : * ? / \` and control characters become
/// `_`, at most 31 characters, no leading/trailing `'`, not the reserved
/// `History`; empty → `Sheet1`.
pub fn sanitize_sheet_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c })
        .collect();
    let trimmed = replaced.trim().trim_matches('\'');
    let mut s: String = trimmed.chars().take(31).collect();
    // Truncation may expose an apostrophe or space at the end.
    while s.ends_with('\'') || s.ends_with(' ') {
        s.pop();
    }
    if s.is_empty() {
        return "Sheet1".to_string();
    }
    if s.eq_ignore_ascii_case("history") {
        s.push('_');
    }
    s
}

fn clip(s: &str) -> &str {
    match s.char_indices().nth(XLSX_MAX_STRING) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Display width of the value as Excel will show it (approximately).
fn cell_width(c: &Cell) -> usize {
    match c {
        Cell::Text(s) => text_width(s),
        Cell::Int(i) => {
            let digits = i.unsigned_abs().to_string().len();
            digits + (digits - 1) / 3 + usize::from(*i < 0)
        }
        Cell::Yuan(x) if x.is_finite() => {
            // ¥ + thousands separators + 2 decimals.
            let int_digits = (x.abs().trunc() as u128).to_string().len();
            1 + int_digits + (int_digits - 1) / 3 + 3 + usize::from(*x < 0.0)
        }
        Cell::Pct(x) if x.is_finite() => format!("{:.1}%", x * 100.0).len(),
        Cell::Secs(x) if x.is_finite() => format!("{x:.0}").len(),
        Cell::Num(x) if x.is_finite() => plain(*x).len().min(12),
        _ => 0,
    }
}

/// Width in "characters" of the longest line, East Asian wide/full-width
/// characters counting 2.
pub fn text_width(s: &str) -> usize {
    s.split('\n').map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum::<usize>()).max().unwrap_or(0)
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F          // Hangul Jamo
        | 0x2E80..=0x303E        // CJK radicals, punctuation
        | 0x3041..=0x33FF        // kana, CJK compatibility
        | 0x3400..=0x4DBF        // CJK ext A
        | 0x4E00..=0x9FFF        // CJK unified
        | 0xA000..=0xA4CF        // Yi
        | 0xAC00..=0xD7A3        // Hangul syllables
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFE30..=0xFE4F        // CJK compatibility forms
        | 0xFF00..=0xFF60        // full-width forms
        | 0xFFE0..=0xFFE6        // full-width signs (￥ etc.)
        | 0x1F300..=0x1F64F      // emoji
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD) // CJK ext B+
}
