//! Crafted workbooks (issue 13 item 1): a cell pointing at a shared string
//! that does not exist, two cells far apart (calamine would allocate rows ×
//! columns: 512 GB), a huge `<dimension>`, a huge shared-string count —
//! each alone and in one batch with a good workbook, through `kefu report`
//! as a user runs it. The good file's numbers are unchanged, the damaged
//! files are named, nothing crashes, and every run is quick and small
//! (without the guard the far-apart case aborts the process).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kefu_lens::fuzzing::{workbook, workbook_sheets};
use kefu_lens::import::{import_with, ImportOptions, MAX_SHEET_CELLS};
use kefu_lens::model::Dataset;

/// The strings of the good workbook (shared strings, in this order).
const STRINGS: [&str; 13] = [
    "时间",
    "客服",
    "买家",
    "发送方",
    "内容",
    "店:客服A",
    "买家1",
    "买家",
    "客服",
    "在吗",
    "您好，在的",
    "买家2",
    "发货了吗",
];

fn shared(count_attr: Option<&str>) -> Vec<u8> {
    let count = count_attr.map_or(String::new(), |c| format!(r#" count="{c}" uniqueCount="{c}""#));
    let si: String = STRINGS.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"{count}>{si}</sst>"#)
        .into_bytes()
}

/// A chat table: header, then (time, agent, buyer, sender, text) rows; the
/// time as an inline string, the rest as shared-string indices.
fn chat_sheet(dimension: Option<&str>) -> Vec<u8> {
    let rows: [(&str, [usize; 4]); 4] = [
        ("2024-06-03 09:00:00", [5, 6, 7, 9]),
        ("2024-06-03 09:01:00", [5, 6, 8, 10]),
        ("2024-06-03 10:00:00", [5, 11, 7, 12]),
        ("2024-06-03 10:05:00", [5, 11, 8, 10]),
    ];
    let col = |c: usize| char::from(b'A' + c as u8);
    let mut x = String::from(r#"<row r="1">"#);
    for c in 0..5 {
        x.push_str(&format!(r#"<c r="{}1" t="s"><v>{c}</v></c>"#, col(c)));
    }
    x.push_str("</row>");
    for (i, (t, idx)) in rows.iter().enumerate() {
        let r = i + 2;
        x.push_str(&format!(r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{t}</t></is></c>"#));
        for (k, s) in idx.iter().enumerate() {
            x.push_str(&format!(r#"<c r="{}{r}" t="s"><v>{s}</v></c>"#, col(k + 1)));
        }
        x.push_str("</row>");
    }
    sheet(dimension, &x)
}

fn sheet(dimension: Option<&str>, rows: &str) -> Vec<u8> {
    let dim = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

fn good() -> Vec<u8> {
    workbook(&chat_sheet(None), Some(&shared(None)))
}

/// One cell names shared string 999; the workbook has 13.
fn bad_shared_index() -> Vec<u8> {
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>999</v></c></row>"#;
    workbook(&sheet(None, rows), Some(&shared(None)))
}

/// A1 and XFD1048576: calamine would allocate 1,048,576 × 16,384 cells.
fn far_apart() -> Vec<u8> {
    let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
    workbook(&sheet(None, rows), Some(&shared(None)))
}

/// The good sheet declaring the whole grid as its dimension.
fn huge_dimension() -> Vec<u8> {
    workbook(&chat_sheet(Some("A1:XFD1048576")), Some(&shared(None)))
}

/// The good sheet with a shared-string count of four billion.
fn huge_count() -> Vec<u8> {
    workbook(&chat_sheet(None), Some(&shared(Some("4000000000"))))
}

struct Dir(PathBuf);
impl Dir {
    fn new() -> Dir {
        let p = std::env::temp_dir().join(format!(
            "kefu-xlsx-guard-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `kefu report --chats FILES…`: exit code, stdout as JSON, stderr; and
/// the run must be quick (a guard that let calamine allocate would take
/// tens of seconds, or abort).
fn report(files: &[&Path]) -> (Option<i32>, serde_json::Value, String) {
    let start = Instant::now();
    let out =
        Command::new(env!("CARGO_BIN_EXE_kefu")).arg("report").arg("--chats").args(files).output().expect("kefu runs");
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("stdout is JSON ({e}); stderr: {stderr}"));
    (out.status.code(), json, stderr)
}

/// Nothing a user reads names the program's sources or dependencies.
fn no_internals(text: &str) {
    for inner in ["src/", ".cargo", ".rs:", "panicked", "registry"] {
        assert!(!text.contains(inner), "{inner:?} in {text}");
    }
}

#[test]
fn each_crafted_workbook_alone() {
    let dir = Dir::new();
    let good = dir.file("good.xlsx", &good());
    let (code, base, stderr) = report(&[&good]);
    assert_eq!(code, Some(0), "{stderr}");
    let rows = &base["rows"][0];
    assert_eq!(rows["consult_buyers"].as_u64(), Some(2), "{rows}");
    assert_eq!(rows["buyer_messages"].as_u64(), Some(2), "{rows}");
    assert_eq!(rows["agent_messages"].as_u64(), Some(2), "{rows}");

    // Damaged: refused, named, no panic text.
    for (name, bytes, says) in [
        ("bad_index.xlsx", bad_shared_index(), "shared string that does not exist"),
        ("far_apart.xlsx", far_apart(), "1048576 rows × 16384 columns"),
    ] {
        let p = dir.file(name, &bytes);
        let (code, json, stderr) = report(&[&p]);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(says), "{name}: {stderr}");
        no_internals(&stderr);
        no_internals(&json["diagnostics"].to_string());
        assert_eq!(json["rows"][0]["consult_buyers"].as_u64(), Some(0), "{name}");
    }
    // Odd but readable: read as the good file.
    for (name, bytes) in [("huge_dimension.xlsx", huge_dimension()), ("huge_count.xlsx", huge_count())] {
        let p = dir.file(name, &bytes);
        let (code, json, stderr) = report(&[&p]);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(json["rows"], base["rows"], "{name}");
    }
}

#[test]
fn crafted_workbooks_beside_a_good_one() {
    let dir = Dir::new();
    let good = dir.file("good.xlsx", &good());
    let (_, base, _) = report(&[&good]);
    let bad_index = dir.file("bad_index.xlsx", &bad_shared_index());
    let far = dir.file("far_apart.xlsx", &far_apart());
    let dim = dir.file("huge_dimension.xlsx", &huge_dimension());
    let count = dir.file("huge_count.xlsx", &huge_count());
    let (code, json, stderr) = report(&[&good, &bad_index, &far, &dim, &count]);
    // A batch with a file refused whole exits 2, as for any refused file.
    assert_eq!(code, Some(2), "{stderr}");
    // The two copies of the good data are duplicates of it (spec §1.2.1),
    // so the numbers are the good file's alone.
    assert_eq!(json["rows"], base["rows"]);
    assert!(stderr.contains("bad_index.xlsx") && stderr.contains("far_apart.xlsx"), "{stderr}");
    assert!(!stderr.contains("good.xlsx") && !stderr.contains("huge_"), "{stderr}");
    no_internals(&stderr);
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 5);
    let fatal: Vec<bool> = diags.iter().map(|d| !d["fatal"].is_null()).collect();
    assert_eq!(fatal, [false, true, true, false, false]);
}

/// A workbook with a good sheet and a far-apart one: the good sheet is
/// read, the other skipped with its name, size and what to do, in both
/// languages.
#[test]
fn a_sheet_over_the_cap_is_skipped_and_the_rest_read() {
    let far =
        sheet(None, r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="CV900000"><v>2</v></c></row>"#);
    let book = workbook_sheets(&[("聊天", &chat_sheet(None)), ("汇总", &far)], Some(&shared(None)));
    let mut ds = Dataset::default();
    let reps = import_with(&mut ds, "两个表.xlsx", book, None, &ImportOptions::default());
    assert_eq!(reps.len(), 1);
    assert!(reps[0].fatal.is_none(), "{:?}", reps[0].fatal);
    assert_eq!(reps[0].imported, 4);
    let skipped = &reps[0].skipped_sheets;
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].sheet, "汇总");
    // 900,000 rows × 100 columns (A..CV) = 90 M cells, over the 50 M cap.
    assert!(skipped[0].message_en.contains("900000 rows × 100 columns"), "{}", skipped[0].message_en);
    assert!(skipped[0].message_en.contains(&MAX_SHEET_CELLS.to_string()));
    assert!(skipped[0].message_en.contains("CSV"));
    assert!(skipped[0].message_zh.contains("汇总") && skipped[0].message_zh.contains("900000 行 × 100 列"));
    no_internals(&skipped[0].message_zh);

    // Under a cap of exactly its area the same sheet is read (its two cells
    // hold no header, so it is skipped for that reason instead).
    let opts = ImportOptions { max_sheet_cells: 90_000_000, ..ImportOptions::default() };
    let small = sheet(None, r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>"#);
    let book = workbook_sheets(&[("聊天", &chat_sheet(None)), ("小", &small)], Some(&shared(None)));
    let reps = import_with(&mut Dataset::default(), "两个表.xlsx", book.clone(), None, &opts);
    assert!(!reps[0].skipped_sheets[0].message_en.contains("limit"), "{:?}", reps[0].skipped_sheets);
    let tight = ImportOptions { max_sheet_cells: 5, ..ImportOptions::default() };
    let reps = import_with(&mut Dataset::default(), "两个表.xlsx", book, None, &tight);
    // The chat sheet is 5 × 5 = 25 cells, the small one 3 × 2 = 6: both over 5.
    assert!(reps[0].fatal.is_some());
    let tight = ImportOptions { max_sheet_cells: 25, ..ImportOptions::default() };
    let book = workbook_sheets(&[("聊天", &chat_sheet(None)), ("小", &small)], Some(&shared(None)));
    let reps = import_with(&mut Dataset::default(), "两个表.xlsx", book, None, &tight);
    assert_eq!(reps[0].imported, 4, "25 cells is within a cap of 25");
}

/// A saved fuzz input's file: the corpus of `import_bytes` stores four
/// bytes of choices (kind, name, extension, step) before the file.
fn corpus_file(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus/import_bytes").join(name);
    std::fs::read(p).unwrap()[4..].to_vec()
}

/// The same for legacy `.xls` (made with xlwt, then one record patched):
/// a cell at row 65535, column 65535 (calamine would allocate 137 GB), a
/// `DIMENSIONS` record claiming four billion rows (859 GB reserved), a
/// header claiming 2³¹ FAT sectors — beside the good workbook, whose
/// numbers appear unchanged.
#[test]
fn crafted_xls_beside_a_good_one() {
    let dir = Dir::new();
    let good = dir.file("good.xls", &corpus_file("seed-good.xls"));
    let (code, base, stderr) = report(&[&good]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(base["rows"][0]["consult_buyers"].as_u64(), Some(2));
    let bad: Vec<PathBuf> = [
        ("far.xls", "crafted-xls-far-cells.xls", "65536 rows × 65536 columns"),
        ("dims.xls", "crafted-xls-huge-dimensions.xls", "4294967295 rows"),
        ("fat.xls", "crafted-xls-huge-fat-count.xls", "damaged"),
    ]
    .iter()
    .map(|(name, src, says)| {
        let p = dir.file(name, &corpus_file(src));
        let (code, _, stderr) = report(&[&p]);
        assert_eq!(code, Some(2), "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(says), "{name}: {stderr}");
        no_internals(&stderr);
        p
    })
    .collect();
    let mut all: Vec<&Path> = vec![&good];
    all.extend(bad.iter().map(PathBuf::as_path));
    let (code, json, stderr) = report(&all);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(json["rows"], base["rows"]);
    assert_eq!(stderr.lines().count(), 3, "one line per refused file: {stderr}");
}
