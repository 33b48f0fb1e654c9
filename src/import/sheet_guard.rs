//! Checks an XLSX workbook before calamine reads it (issue 13).
//!
//! calamine (0.30) builds each sheet as one dense `rows × columns` array
//! between the smallest and largest cell reference, and indexes the shared
//! strings with the number a cell carries without checking it. So a 2 KB
//! file with cells `A1` and `XFD1048576` asks for 512 GB (the process
//! aborts; in the browser the worker dies), and a cell pointing at a shared
//! string that does not exist panics. In the browser a panic aborts too, so
//! the guard must *prevent* both, not catch them: this module streams each
//! sheet's XML (the zip entry, decompressed a buffer at a time; nothing is
//! kept) with the same XML reader and reader settings calamine uses, and
//! computes what calamine would allocate:
//!
//! - cell positions exactly as calamine assigns them (`<c r="…">`, or the
//!   running row/column for cells without a reference), counting the cells
//!   that can hold a value (a `<v>` or `<is>` child; calamine drops the
//!   others before it allocates);
//! - every shared-string index a `t="s"` cell carries, against the number of
//!   strings calamine keeps from `sharedStrings.xml`;
//! - references outside Excel's grid (1,048,576 rows × 16,384 columns) and
//!   reversed `<dimension>` ranges, which calamine's arithmetic does not
//!   expect (they overflow in checked builds).
//!
//! Wherever the guard's reading could differ from calamine's, it errs on the
//! side of refusing: it scans every sheet entry of the zip, not only the
//! ones it could map to a sheet name; a cell with any value child counts.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;
use quick_xml::name::QName;
use quick_xml::Reader;

/// Largest sheet read, in cells of the rectangle between its first and last
/// value (what calamine allocates). Excel's own limit is 1,048,576 rows; a
/// chat export of a million rows has about 10 columns, an order export up
/// to ~45, so 50 M cells keeps every real export while bounding memory
/// (~1.6 GB natively at calamine's 32 bytes a cell, less in wasm32).
pub const MAX_SHEET_CELLS: u64 = 50_000_000;

/// Largest decompressed XML part read (one sheet, or the shared strings):
/// a zip entry compresses up to ~1000:1, so without this a small file could
/// make calamine hold gigabytes of strings. A million-row export is a few
/// hundred MB of sheet XML.
pub const MAX_PART_BYTES: u64 = 1 << 30;

/// Excel's grid: rows and columns, 1-based maxima.
const MAX_ROW: u64 = 1_048_576;
const MAX_COL: u64 = 16_384;

/// What the scan of one sheet part found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SheetStats {
    /// Cells that can hold a value.
    pub cells: u64,
    /// (first row, first column, last row, last column), 0-based, of those cells.
    pub bounds: Option<(u64, u64, u64, u64)>,
    /// The largest shared-string index a `t="s"` cell carries (calamine
    /// reads an unreadable index as 0, so a shared-string cell counts as 0
    /// at least).
    pub max_shared: Option<u64>,
    /// A cell, row or dimension reference outside Excel's grid, or a
    /// reversed dimension.
    pub off_grid: bool,
    /// Decompressed bytes read (the scan stops past `MAX_PART_BYTES`).
    pub bytes: u64,
}

impl SheetStats {
    /// Rows × columns between the first and last value.
    pub fn area(&self) -> u64 {
        self.bounds.map_or(0, |(r0, c0, r1, c1)| (r1 - r0 + 1).saturating_mul(c1 - c0 + 1))
    }

    /// Rows and columns of that rectangle.
    pub fn size(&self) -> (u64, u64) {
        self.bounds.map_or((0, 0), |(r0, c0, r1, c1)| (r1 - r0 + 1, c1 - c0 + 1))
    }

    fn too_large(&self, cap: u64) -> bool {
        self.area() > cap || self.cells > cap || self.bytes > MAX_PART_BYTES
    }

    fn add(&mut self, row: u64, col: u64) {
        self.cells += 1;
        self.bounds = Some(match self.bounds {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
    }

    /// The union of two parts read under one sheet name.
    fn merge(&mut self, o: &SheetStats) {
        self.cells += o.cells;
        if let Some((r0, c0, r1, c1)) = o.bounds {
            self.bounds = Some(match self.bounds {
                None => (r0, c0, r1, c1),
                Some((a, b, c, d)) => (a.min(r0), b.min(c0), c.max(r1), d.max(c1)),
            });
        }
        self.max_shared = self.max_shared.max(o.max_shared);
        self.off_grid |= o.off_grid;
        self.bytes = self.bytes.max(o.bytes);
    }
}

/// What the guard decided for a workbook.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Sheets not to read (calamine's sheet name, why: zh, en).
    pub skip: BTreeMap<String, (String, String)>,
}

/// A fatal problem: (zh, en).
pub type Fatal = (String, String);

/// Check a workbook's bytes (an XLSX zip) before calamine opens it: `Err`
/// refuses the file, `Ok` lists the sheets to skip. A zip the guard cannot
/// read is left to calamine (which refuses it too).
pub fn check_xlsx(bytes: &[u8], cap: u64) -> Result<Verdict, Fatal> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(Verdict::default());
    };
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let norm = |n: &str| n.replace('\\', "/").to_ascii_lowercase();

    // Shared strings: calamine opens the first entry whose name matches
    // `xl/sharedStrings.xml` ignoring case; with several, the fewest count.
    let mut strings: Option<u64> = None;
    for n in names.iter().filter(|n| norm(n) == "xl/sharedstrings.xml") {
        let Ok(f) = zip.by_name(n) else { continue };
        let (count, bytes) = count_shared_strings(f);
        if bytes > MAX_PART_BYTES {
            return Err(too_large_part(bytes));
        }
        strings = Some(strings.map_or(count, |s| s.min(count)));
    }
    let strings = strings.unwrap_or(0);

    // Every part calamine could read as a sheet: `xl/worksheets/…`,
    // `xl/chartsheets/…`, `xl/dialogsheets/…` (its sheet types).
    let mut parts: BTreeMap<String, SheetStats> = BTreeMap::new();
    for n in &names {
        let l = norm(n);
        let sheet_dir = ["xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/"].iter().any(|d| l.starts_with(d));
        if !sheet_dir || l.ends_with('/') {
            continue;
        }
        let Ok(f) = zip.by_name(n) else { continue };
        let stats = scan_sheet(f, cap);
        parts.entry(l).or_default().merge(&stats);
    }
    let bad_strings = |s: &SheetStats| s.max_shared.is_some_and(|m| m >= strings);
    if parts.values().any(bad_strings) {
        return Err((
            "这个 XLSX 文件已损坏：有单元格引用了不存在的共享字符串（sharedStrings.xml 里没有这一项）。请在 Excel 或 WPS 里打开后另存为 XLSX 或 CSV 再导入".into(),
            "this XLSX file is damaged: a cell refers to a shared string that does not exist (no such entry in sharedStrings.xml). Open it in Excel or WPS, save it again as XLSX or CSV, and import that".into(),
        ));
    }
    let bad = |s: &SheetStats| s.too_large(cap) || s.off_grid;
    if !parts.values().any(bad) {
        return Ok(Verdict::default());
    }
    // Name the sheets that are too large; a bad part no sheet name maps to
    // (the guard's reading of the workbook could differ from calamine's)
    // refuses the file.
    let sheets = sheet_parts(&mut zip, &names);
    let mut verdict = Verdict::default();
    let mut mapped: Vec<&str> = Vec::new();
    for (sheet, path) in &sheets {
        let Some(stats) = parts.get(&norm(path)) else { continue };
        mapped.push(path);
        if bad(stats) {
            verdict.skip.insert(sheet.clone(), too_large_sheet(sheet, stats, cap));
        }
    }
    let unmapped_bad = parts.iter().any(|(p, s)| bad(s) && !mapped.iter().any(|m| norm(m) == *p));
    if unmapped_bad {
        let s = parts.values().filter(|s| bad(s)).fold(SheetStats::default(), |mut a, s| {
            a.merge(s);
            a
        });
        return Err(too_large_sheet("", &s, cap));
    }
    Ok(verdict)
}

/// Why a sheet is not read: its size and what to do.
fn too_large_sheet(sheet: &str, s: &SheetStats, cap: u64) -> Fatal {
    let (zh_name, en_name) = if sheet.is_empty() {
        ("工作表".to_string(), "a sheet".to_string())
    } else {
        (format!("工作表“{sheet}”"), format!("sheet “{sheet}”"))
    };
    if s.off_grid {
        return (
            format!("{zh_name}未读取：单元格位置超出了 Excel 表格的范围（1,048,576 行 × 16,384 列），文件可能已损坏。请在 Excel 或 WPS 里打开后另存为 XLSX 或 CSV 再导入"),
            format!("{en_name} was not read: it has cell references outside an Excel sheet (1,048,576 rows × 16,384 columns); the file may be damaged. Open it in Excel or WPS, save it again as XLSX or CSV, and import that"),
        );
    }
    if s.bytes > MAX_PART_BYTES {
        return (
            format!("{zh_name}未读取：解压后超过 {} MB。请按日期分批导出，或另存为 CSV 再导入", MAX_PART_BYTES >> 20),
            format!("{en_name} was not read: it decompresses to more than {} MB. Export it in smaller date ranges, or save it as CSV and import that", MAX_PART_BYTES >> 20),
        );
    }
    let (rows, cols) = s.size();
    (
        format!(
            "{zh_name}未读取：它的单元格范围有 {rows} 行 × {cols} 列（{} 个单元格，上限 {cap} 个）。请按日期分批导出，或另存为 CSV 再导入",
            s.area().max(s.cells)
        ),
        format!(
            "{en_name} was not read: its cells span {rows} rows × {cols} columns ({} cells; the limit is {cap}). Export it in smaller date ranges, or save it as CSV and import that",
            s.area().max(s.cells)
        ),
    )
}

fn too_large_part(bytes: u64) -> Fatal {
    (
        format!("这个 XLSX 文件的共享字符串解压后超过 {} MB（已读 {} MB），无法读取。请另存为 CSV 再导入", MAX_PART_BYTES >> 20, bytes >> 20),
        format!(
            "the shared strings of this XLSX file decompress to more than {} MB (read {} MB); save it as CSV and import that",
            MAX_PART_BYTES >> 20,
            bytes >> 20
        ),
    )
}

/// Counts the bytes read through it, to stop a decompression bomb.
struct Counting<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.n > MAX_PART_BYTES {
            return Ok(0);
        }
        let k = self.inner.read(buf)?;
        self.n += k as u64;
        Ok(k)
    }
}

/// An XML reader configured as calamine configures its own, so both see
/// the same events.
fn xml<R: Read>(r: R) -> Reader<BufReader<Counting<R>>> {
    let mut x = Reader::from_reader(BufReader::new(Counting { inner: r, n: 0 }));
    let c = x.config_mut();
    c.check_end_names = false;
    c.trim_text(false);
    c.check_comments = false;
    c.expand_empty_elements = true;
    x
}

fn read_bytes<R: Read>(x: &Reader<BufReader<Counting<R>>>) -> u64 {
    x.get_ref().get_ref().n
}

/// The first attribute named exactly `key` (calamine matches full names),
/// raw; `Err` when an attribute before it is malformed.
fn attr<'a>(e: &'a quick_xml::events::BytesStart<'a>, key: &[u8]) -> Result<Option<std::borrow::Cow<'a, [u8]>>, ()> {
    for a in e.attributes() {
        let a = a.map_err(|_| ())?;
        if a.key == QName(key) {
            return Ok(Some(a.value));
        }
    }
    Ok(None)
}

/// A reference `AB12` as calamine reads it: letters (any case) then
/// digits. (row, column), 0-based, column None without letters; None when
/// calamine would refuse it or it is outside Excel's grid (which also keeps
/// calamine's arithmetic from overflowing).
fn parse_ref(s: &[u8]) -> Option<(u64, Option<u64>)> {
    let letters = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = &s[letters..];
    if letters > 3 || digits.is_empty() || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row = digits.iter().fold(0u64, |a, d| a * 10 + u64::from(d - b'0'));
    let col = s[..letters].iter().fold(0u64, |a, c| a * 26 + u64::from(c.to_ascii_uppercase() - b'A') + 1);
    if row == 0 || row > MAX_ROW || col > MAX_COL {
        return None;
    }
    Some((row - 1, (letters > 0).then(|| col - 1)))
}

/// Scan one sheet part: where calamine would put each cell that can hold a
/// value, the shared-string indices, the dimension. The reading follows
/// calamine's own nesting — a cell's children are each consumed whole (a
/// value up to the end tag with its exact name, an inline string as a
/// shared-string item, a formula skipped to its end), since end tags need
/// not match (calamine reads with `check_end_names` off) and a cell or row
/// end inside a child must not move the running position differently.
pub fn scan_sheet<R: Read>(r: R, cap: u64) -> SheetStats {
    let mut x = xml(r);
    let mut st = SheetStats::default();
    // Before `<sheetData>`: only the dimension counts.
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(ref e)) if e.local_name().as_ref() == b"dimension" => match attr(e, b"ref") {
                Ok(Some(d)) => st.off_grid |= !dimension_ok(&d),
                // calamine refuses a dimension without a readable `ref`.
                _ => return finish(st, &x),
            },
            Ok(Event::Start(ref e)) if e.local_name().as_ref() == b"sheetData" => break,
            Ok(Event::Eof) | Err(_) => return finish(st, &x),
            Ok(_) => {}
        }
    }
    let (mut row, mut col) = (0u64, 0u64);
    // Reused by every cell (a sheet has millions).
    let mut bufs = (Vec::new(), Vec::new());
    loop {
        buf.clear();
        let ev = match x.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(ref e) if e.local_name().as_ref() == b"row" => match attr(e, b"r") {
                Ok(Some(r)) => match parse_ref(&r) {
                    Some((r, _)) => row = r,
                    None => {
                        st.off_grid = true;
                        break;
                    }
                },
                Ok(None) => {}
                Err(()) => break,
            },
            Event::End(ref e) if e.local_name().as_ref() == b"row" => {
                row += 1;
                col = 0;
            }
            Event::End(ref e) if e.local_name().as_ref() == b"sheetData" => break,
            Event::Start(ref e) if e.local_name().as_ref() == b"c" => {
                let pos = match attr(e, b"r") {
                    Ok(Some(r)) => match parse_ref(&r) {
                        Some((r, Some(c))) => {
                            col = c;
                            (r, c)
                        }
                        _ => {
                            st.off_grid = true;
                            break;
                        }
                    },
                    Ok(None) => (row, col),
                    Err(()) => break,
                };
                if pos.0 >= MAX_ROW || pos.1 >= MAX_COL {
                    st.off_grid = true;
                    break;
                }
                // calamine takes the first `t`; any `t="s"` counts here.
                let shared = e.attributes().flatten().any(|a| a.key == QName(b"t") && a.value.as_ref() == b"s");
                // calamine resolves each value as it reads it, so an index
                // read before a child it fails on still counts.
                let read = read_cell(&mut x, shared, &mut st.max_shared, &mut bufs);
                match read {
                    Ok(true) => st.add(pos.0, pos.1),
                    Ok(false) => {}
                    Err(()) => break,
                }
                col += 1;
            }
            _ => {}
        }
        if st.cells > cap || st.area() > cap {
            break;
        }
    }
    finish(st, &x)
}

fn finish<R: Read>(mut st: SheetStats, x: &Reader<BufReader<Counting<R>>>) -> SheetStats {
    st.bytes = read_bytes(x);
    st
}

/// The children of one `<c>`, up to its end: whether one can hold a value
/// (`<v>` or `<is>`); `index` rises to each shared-string index a `<v>` of
/// a shared-string cell names (an unreadable index reads as 0 in calamine,
/// so both 0 and the digits count). `Err` where calamine fails the sheet.
fn read_cell<R: Read>(
    x: &mut Reader<BufReader<Counting<R>>>,
    shared: bool,
    index: &mut Option<u64>,
    (buf, text): &mut (Vec<u8>, Vec<u8>),
) -> Result<bool, ()> {
    let mut value = false;
    loop {
        buf.clear();
        match x.read_event_into(buf).map_err(|_| ())? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"v" => {
                    value = true;
                    let n = read_digits(x, e.name().as_ref(), text)?;
                    if shared {
                        *index = (*index).max(Some(n));
                    }
                }
                b"is" => {
                    value = true;
                    read_string(x, e.name())?;
                }
                b"f" => {
                    x.read_to_end_into(e.name(), text).map_err(|_| ())?;
                }
                _ => return Err(()),
            },
            Event::End(e) if e.local_name().as_ref() == b"c" => return Ok(value),
            Event::Eof => return Err(()),
            _ => {}
        }
    }
}

/// An element's text up to the end tag with exactly its name (other tags
/// inside are ignored, their text kept, as calamine reads a `<v>`): its
/// decimal digits as one number, any other character skipped, more than
/// 18 digits the largest number. Text that does not unescape is an error,
/// as in calamine.
fn read_digits<R: Read>(x: &mut Reader<BufReader<Counting<R>>>, name: &[u8], buf: &mut Vec<u8>) -> Result<u64, ()> {
    let (mut n, mut digits) = (0u64, 0usize);
    loop {
        buf.clear();
        match x.read_event_into(buf).map_err(|_| ())? {
            Event::Text(t) => {
                for d in t.unescape().map_err(|_| ())?.bytes().filter(u8::is_ascii_digit) {
                    digits += 1;
                    n = if digits > 18 { u64::MAX } else { n * 10 + u64::from(d - b'0') };
                }
            }
            Event::End(e) if e.name().as_ref() == name => return Ok(n),
            Event::Eof => return Err(()),
            _ => {}
        }
    }
}

/// A shared-string item (`<si>`, or a cell's `<is>`) up to the end tag
/// with exactly the name `closing`, read as calamine reads one: whether it
/// yields a string. A `<t>` outside a phonetic run (`<rPh>`) reads up to
/// its own exact end tag; without a rich-text run (`<r>`) before it, the
/// item ends there (skipped to `closing`) with a string; with one, the
/// item goes on and yields a string at `closing`; with neither, none.
fn read_string<R: Read>(x: &mut Reader<BufReader<Counting<R>>>, closing: QName) -> Result<bool, ()> {
    let closing = closing.as_ref().to_vec();
    let mut buf = Vec::new();
    let (mut rich, mut phonetic) = (false, false);
    loop {
        buf.clear();
        match x.read_event_into(&mut buf).map_err(|_| ())? {
            Event::Start(e) if e.local_name().as_ref() == b"r" => rich = true,
            Event::Start(e) if e.local_name().as_ref() == b"rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing.as_slice() => return Ok(rich),
            Event::End(e) if e.local_name().as_ref() == b"rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == b"t" && !phonetic => {
                let t = e.name().as_ref().to_vec();
                read_digits(x, &t, &mut Vec::new())?;
                if !rich {
                    x.read_to_end_into(QName(&closing), &mut Vec::new()).map_err(|_| ())?;
                    return Ok(true);
                }
            }
            Event::Eof => return Err(()),
            _ => {}
        }
    }
}

/// A `<dimension ref>`: one reference, or two in order, inside the grid.
fn dimension_ok(d: &[u8]) -> bool {
    let mut it = d.split(|&b| b == b':');
    let (Some(a), b, None) = (it.next(), it.next(), it.next()) else { return false };
    let Some((r0, Some(c0))) = parse_ref(a) else { return false };
    match b {
        None => true,
        Some(b) => matches!(parse_ref(b), Some((r1, Some(c1))) if r1 >= r0 && c1 >= c0),
    }
}

/// The number of strings calamine keeps from `sharedStrings.xml`: each
/// `<si>` read as [`read_string`] reads it, counted when it yields a
/// string (an `<si>` without text is dropped, which shifts every later
/// index), up to `</sst>`. Returns (count, bytes read).
fn count_shared_strings<R: Read>(r: R) -> (u64, u64) {
    let mut x = xml(r);
    let mut buf = Vec::new();
    let mut n = 0u64;
    loop {
        buf.clear();
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"si" => {
                let name = e.name().as_ref().to_vec();
                match read_string(&mut x, QName(&name)) {
                    Ok(yields) => n += u64::from(yields),
                    Err(()) => break,
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"sst" => break,
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    // A part that ends before `</sst>` makes calamine refuse the workbook,
    // so the strings read so far are a safe count.
    (n, read_bytes(&x))
}

/// (sheet name, zip path) of each sheet in `xl/workbook.xml`, resolved
/// through `xl/_rels/workbook.xml.rels` the way calamine resolves them.
fn sheet_parts<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, names: &[String]) -> Vec<(String, String)> {
    let find = |path: &str| names.iter().find(|n| n.replace('\\', "/").eq_ignore_ascii_case(path)).cloned();
    let mut rels: BTreeMap<Vec<u8>, String> = BTreeMap::new();
    if let Some(n) = find("xl/_rels/workbook.xml.rels") {
        if let Ok(f) = zip.by_name(&n) {
            each_start(f, b"Relationship", |e| {
                let id = attr(e, b"Id").ok().flatten().map(|v| v.into_owned());
                let target = attr(e, b"Target").ok().flatten().map(|v| String::from_utf8_lossy(&v).into_owned());
                if let (Some(id), Some(t)) = (id, target) {
                    rels.insert(id, t);
                }
            });
        }
    }
    let mut out = Vec::new();
    if let Some(n) = find("xl/workbook.xml") {
        if let Ok(f) = zip.by_name(&n) {
            each_start(f, b"sheet", |e| {
                let name = e.attributes().flatten().find(|a| a.key == QName(b"name")).and_then(|a| {
                    let raw = String::from_utf8_lossy(&a.value).into_owned();
                    quick_xml::escape::unescape(&raw).ok().map(|v| v.into_owned())
                });
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key == QName(b"r:id") || a.key == QName(b"relationships:id"))
                    .map(|a| a.value.into_owned());
                if let (Some(name), Some(target)) = (name, id.and_then(|i| rels.get(&i))) {
                    let path = if let Some(p) = target.strip_prefix('/') {
                        p.to_string()
                    } else if target.starts_with("xl/") {
                        target.clone()
                    } else {
                        format!("xl/{target}")
                    };
                    let path = find(&path).unwrap_or(path);
                    out.push((name, path));
                }
            });
        }
    }
    out
}

/// Call `f` on every start tag with this local name.
fn each_start<R: Read>(r: R, local: &[u8], mut f: impl FnMut(&quick_xml::events::BytesStart<'_>)) {
    let mut x = xml(r);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match x.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(ref e)) if e.local_name().as_ref() == local => f(e),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(xml: &str) -> SheetStats {
        scan_sheet(xml.as_bytes(), MAX_SHEET_CELLS)
    }

    #[test]
    fn references_as_calamine_reads_them() {
        assert_eq!(parse_ref(b"A1"), Some((0, Some(0))));
        assert_eq!(parse_ref(b"c107"), Some((106, Some(2))));
        assert_eq!(parse_ref(b"XFD1048576"), Some((1_048_575, Some(16_383))));
        assert_eq!(parse_ref(b"12"), Some((11, None)));
        assert_eq!(parse_ref(b"XFE1"), None, "past the last column");
        assert_eq!(parse_ref(b"A1048577"), None, "past the last row");
        assert_eq!(parse_ref(b"A0"), None);
        assert_eq!(parse_ref(b"A"), None);
        assert_eq!(parse_ref(b"1A"), None);
        assert_eq!(parse_ref(b"A99999999999"), None);
    }

    #[test]
    fn cells_span_and_count() {
        // Two cells with values, one styled empty cell far away (calamine
        // drops it), one implicit position after B3.
        let s = scan(
            r#"<worksheet><sheetData><row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row>
               <row><c><is><t>x</t></is></c><c r="Z9000" s="1"/></row></sheetData></worksheet>"#,
        );
        // B3 → (2,1); the implicit cell → (2,2); next row (3,0).
        assert_eq!(s.bounds, Some((2, 0, 3, 2)));
        assert_eq!(s.cells, 3);
        assert_eq!(s.area(), 6);
        assert_eq!(s.max_shared, None);
        assert!(!s.off_grid);
    }

    #[test]
    fn shared_indices_and_prefixes() {
        let s = scan(
            r#"<x:sheetData><x:row><x:c t="s"><x:v>7</x:v></x:c><x:c t="s"><x:v>a</x:v></x:c></x:row></x:sheetData>"#,
        );
        assert_eq!(s.max_shared, Some(7));
        assert_eq!(s.cells, 2);
        let s = scan(r#"<sheetData><row><c t="s"><v></v></c></row></sheetData>"#);
        assert_eq!(s.max_shared, Some(0), "an empty index reads as 0");
    }

    #[test]
    fn far_cells_are_over_the_cap_and_off_grid_is_flagged() {
        let s = scan(r#"<sheetData><row><c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c></row></sheetData>"#);
        assert_eq!(s.area(), 1_048_576 * 16_384);
        assert!(s.too_large(MAX_SHEET_CELLS));
        let s = scan(r#"<sheetData><row><c r="A1"><v>1</v></c><c r="XFE1"><v>1</v></c></row></sheetData>"#);
        assert!(s.off_grid);
        let s = scan(r#"<dimension ref="B2:A1"/><sheetData/>"#);
        assert!(s.off_grid, "a reversed dimension");
        let s = scan(r#"<dimension ref="A1:XFD1048576"/><sheetData><row><c r="A1"><v>1</v></c></row></sheetData>"#);
        assert!(!s.off_grid && !s.too_large(MAX_SHEET_CELLS), "a large dimension alone allocates nothing");
    }

    #[test]
    fn the_cap_is_inclusive() {
        let xml = r#"<sheetData><row><c r="A1"><v>1</v></c><c r="B2"><v>1</v></c></row></sheetData>"#;
        assert!(!scan_sheet(xml.as_bytes(), 4).too_large(4));
        assert!(scan_sheet(xml.as_bytes(), 3).too_large(3));
    }

    #[test]
    fn shared_strings_counted_as_calamine_keeps_them() {
        let count = |x: &str| count_shared_strings(x.as_bytes()).0;
        assert_eq!(count(r#"<sst count="4000000000"><si><t>a</t></si></sst>"#), 1);
        assert_eq!(count(r#"<sst><si><t/></si><si/><si><r><t>b</t></r></si></sst>"#), 2);
        assert_eq!(count(r#"<sst><si><rPh><t>x</t></rPh></si><si><t>y</t><rPh><t>z</t></rPh></si></sst>"#), 1);
        // End tags need not match: a `<t>` closed by `</d>` reads on to the
        // next `</t>`, swallowing the next item (found by the xlsx fuzz target).
        assert_eq!(count(r#"<sst><si><t>a</d></si><si><t>b</t></si><si><t>c</t></si></sst>"#), 2);
    }

    #[test]
    fn an_index_before_a_child_calamine_fails_on_still_counts() {
        // calamine resolves `<v>3</v>` before it fails on `<x>` (found by
        // the xlsx fuzz target: it panicked on an index read so).
        let s = scan(r#"<sheetData><row><c t="s"><v>3</v><x/></c></row></sheetData>"#);
        assert_eq!(s.max_shared, Some(3));
        // A `</row>` inside a formula does not move the running position.
        let s = scan(r#"<sheetData><row><c><v>1</v></c><c><f></row></f><v>1</v></c><c><v>1</v></c></row></sheetData>"#);
        assert_eq!(s.bounds, Some((0, 0, 0, 2)));
    }
}
