use crate::support::import::*;
use kefu_lens::import::{import_bytes, resolve};
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::settings::Settings;
use rand::{Rng, SeedableRng};

fn fatal_zh(bytes: Vec<u8>) -> String {
    let (ds, rep) = import("f.csv", bytes);
    assert!(ds.messages.is_empty() && ds.orders.is_empty() && ds.ratings.is_empty());
    assert_eq!(rep.imported, 0);
    rep.fatal.expect("expected a fatal problem").message_zh
}

#[test]
fn empty_file() {
    assert_eq!(fatal_zh(vec![]), "文件为空");
    assert_eq!(fatal_zh(b" \r\n\n".to_vec()), "文件为空");
}

#[test]
fn binary_file() {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    b.extend((0..2000u32).map(|i| (i * 7919 % 251) as u8));
    assert!(fatal_zh(b).starts_with("不是文本或表格文件"));
}

#[test]
fn zip_that_is_not_xlsx() {
    let mut b = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    b.extend_from_slice(b"some random zip payload that is not a workbook");
    let m = fatal_zh(b);
    assert!(m.contains("zip") && m.contains("CSV") && m.contains("XLSX"), "{m}");
}

#[test]
fn broken_legacy_xls_and_progress_before_start() {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.extend_from_slice(&[7u8; 600]);
    assert!(fatal_zh(b).contains("xls"));
    let imp = kefu_lens::import::Importer::new("a.csv", fixture("chat_table.csv"), None);
    let total = fixture("chat_table.csv").len() as u64;
    assert_eq!(imp.progress(), (0, total));
    let imp = kefu_lens::import::Importer::new("a.csv", vec![], None);
    assert_eq!(imp.progress(), (0, 0));
    assert!(imp.report().fatal.is_some());
}

#[test]
fn unknown_format_lists_expectations() {
    let m = fatal_zh("今天天气不错。\n我们去公园吧。\n".as_bytes().to_vec());
    for f in [
        "chat-table",
        "chat-inline",
        "chat-qianniu",
        "taobao-orders",
        "pdd-orders",
        "douyin-orders",
        "jd-orders",
        "ratings",
    ] {
        assert!(m.contains(f), "{f} missing from: {m}");
    }
    let (_, rep) = import("f.csv", "hello,world\n1,2\n".as_bytes().to_vec());
    assert!(rep.fatal.unwrap().message_en.contains("Expected one of"));
}

#[test]
fn missing_required_column_is_named() {
    let m = fatal_zh("时间,客服,买家,内容\n2024-06-01 10:00:00,店:1,甲,在吗\n".as_bytes().to_vec());
    assert!(m.contains("chat-table") && m.contains("发送方"), "{m}");
    assert!(!m.contains("内容（"), "only the missing column is named: {m}");
    let (_, rep) = import("o.csv", "订单编号,买家会员名,订单创建时间\n1,a,2024-06-01 10:00:00\n".as_bytes().to_vec());
    let f = rep.fatal.unwrap();
    assert!(f.message_zh.contains("taobao-orders") && f.message_zh.contains("实付金额"), "{}", f.message_zh);
    assert!(f.message_en.contains("paid amount"));
}

#[test]
fn truncated_csv_keeps_rest() {
    let full = String::from_utf8(fixture("chat_table.csv")).unwrap();
    // cut inside the last (multi-line, quoted) record
    // (12 bytes from the end is inside a UTF-8 character: still read as UTF-8)
    let cut = &full.as_bytes()[..full.len() - 12];
    let (ds, rep) = import("t.csv", cut.to_vec());
    assert_eq!(rep.encoding, "UTF-8");
    assert!(rep.fatal.is_none());
    assert_eq!(ds.messages.len(), 6);
    assert_eq!(rep.skipped, 1);
    assert_eq!(rep.problems[0].line, 9);
    assert!(rep.problems[0].message_zh.contains("截断"), "{}", rep.problems[0].message_zh);
    // cut in the middle of a plain row: too few columns on the last line
    let s = "时间,客服,买家,发送方,内容\n2024-06-01 10:00:00,店:1,甲,买家,在吗\n2024-06-01 10:00:05,店:1,甲";
    let (ds, rep) = import("t.csv", s.as_bytes().to_vec());
    assert_eq!((ds.messages.len(), rep.skipped), (1, 1));
    assert_eq!(rep.problems[0].line, 3);
    assert!(rep.problems[0].message_zh.contains("截断"));
}

#[test]
fn truncated_text_formats() {
    let s = "甲(2024-06-01 10:00:00):在吗\n店:1(2024-06-01 10:00:05):在\n甲(2024-06-01 10:0";
    let (ds, rep) = import("t.txt", s.as_bytes().to_vec());
    assert_eq!(rep.format, "chat-inline");
    assert_eq!(ds.messages.len(), 2);
    assert_eq!(ds.text(ds.messages[1].text), "在", "the partial header must not join the previous message");
    assert_eq!((rep.skipped, rep.problems[0].line), (1, 3));
    let s = "甲 2024-6-1 10:00:00\n在吗\n店:1 2024-6-1 10:00:05\n在\n甲 2024-6-1 10:0";
    let (ds, rep) = import("t.txt", s.as_bytes().to_vec());
    assert_eq!(rep.format, "chat-qianniu");
    assert_eq!(ds.text(ds.messages[1].text), "在");
    assert_eq!((rep.skipped, rep.problems[0].line), (1, 5));
}

#[test]
fn huge_line_is_skipped_not_quadratic() {
    let long = "啊".repeat(1_200_000); // 3.6 MB
    let s = format!("时间,客服,买家,发送方,内容\n2024-06-01 10:00:00,店:1,甲,买家,在吗\n2024-06-01 10:00:01,店:1,甲,买家,{long}\n2024-06-01 10:00:02,店:1,甲,客服,在\n");
    let t = std::time::Instant::now();
    let (ds, rep) = import("big.csv", s.into_bytes());
    assert_eq!(ds.messages.len(), 2);
    assert_eq!((rep.skipped, rep.problems[0].line), (1, 3));
    assert!(rep.problems[0].message_zh.contains("超过 1 MB"));
    // inline text with a huge continuation line
    let s = format!("甲(2024-06-01 10:00:00):在吗\n{long}\n店:1(2024-06-01 10:00:05):在\n");
    let (ds, rep) = import("big.txt", s.into_bytes());
    assert_eq!(ds.messages.len(), 2);
    assert_eq!(rep.problems[0].line, 2);
    // a file that is one huge line
    let (_, rep) = import("one.csv", "x,".repeat(2_000_000).into_bytes());
    assert!(rep.fatal.unwrap().message_zh.contains("超过 1 MB"));
    // unclosed quote: later rows survive
    let s =
        "时间,客服,买家,发送方,内容\n2024-06-01 10:00:00,店:1,甲,买家,\"oops\n2024-06-01 10:00:01,店:1,甲,客服,在\n";
    let (ds, rep) = import("q.csv", s.as_bytes().to_vec());
    assert!(rep.fatal.is_none());
    assert_eq!(ds.messages.len(), 1);
    assert_eq!(rep.problems[0].line, 2);
    assert!(t.elapsed().as_secs() < 20);
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    v.sort();
    let table = String::from_utf8(fixture("chat_table.csv")).unwrap();
    v.push(("utf16.csv".into(), utf16(&table, true, true)));
    v.push(("gb.csv".into(), gb18030(&table)));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in table.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    v.push(("x.xlsx".into(), wb.save_to_buffer().unwrap()));
    v
}

fn run_all_ways(name: &str, bytes: &[u8]) {
    for k in [None, Some(FileKind::Chats), Some(FileKind::Orders), Some(FileKind::Ratings)] {
        let mut ds = Dataset::default();
        let rep = import_bytes(&mut ds, name, bytes.to_vec(), k);
        assert!(rep.imported + rep.skipped <= rep.read, "{name}: {rep:?}");
        assert!(rep.problems.len() as u64 <= rep.problem_count);
        check_texts(&ds);
        let _ = resolve(&ds, &Settings::default());
    }
}

#[test]
fn never_panics_on_truncations_and_garbage() {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
    for (name, bytes) in fixtures() {
        let step = (bytes.len() / 60).max(1);
        let mut cut = 0;
        while cut <= bytes.len() {
            run_all_ways(&name, &bytes[..cut]);
            cut += step;
        }
        for _ in 0..30 {
            let mut b = bytes.clone();
            for _ in 0..rng.random_range(1..8) {
                let i = rng.random_range(0..b.len());
                b[i] = rng.random();
            }
            run_all_ways(&name, &b);
        }
    }
    for len in [1usize, 2, 3, 4, 17, 100, 4096] {
        for _ in 0..20 {
            let b: Vec<u8> = (0..len).map(|_| rng.random()).collect();
            run_all_ways("rand", &b);
            let alphabet = b"ab,\t\"\n\r=():-0123 ";
            let ascii: Vec<u8> = (0..len).map(|_| alphabet[rng.random_range(0..alphabet.len())]).collect();
            run_all_ways("ascii", &ascii);
        }
    }
}

#[test]
#[ignore = "performance; run with --release -- --ignored"]
fn perf_million_rows() {
    let mut s = String::with_capacity(110_000_000);
    s.push_str("时间,客服,买家,发送方,内容\n");
    for i in 0..1_000_000u32 {
        let sec = i % 86_400;
        let agent = i / 50 % 20;
        let buyer = i / 10 % 50_000;
        let who = if i % 2 == 0 { "买家" } else { "客服" };
        s.push_str(&format!(
            "2024-06-01 {:02}:{:02}:{:02},某某旗舰店:{agent:02},买家{buyer},{who},这是一条模拟的聊天消息内容 number {i} 亲在吗\n",
            sec / 3600,
            sec / 60 % 60,
            sec % 60
        ));
    }
    let n = s.len();
    let t = std::time::Instant::now();
    let mut ds = Dataset::default();
    let mut imp = kefu_lens::import::Importer::new("big.csv", s.into_bytes(), None);
    let t_new = t.elapsed();
    while !imp.step(&mut ds, 100_000) {}
    let rep = imp.finish(&mut ds);
    let el = t.elapsed();
    eprintln!("detect+decode {t_new:?}");
    eprintln!("{} MB, {} rows in {:?}", n >> 20, rep.imported, el);
    assert_eq!(ds.messages.len(), 1_000_000);
}

#[test]
#[ignore = "performance; run with --release -- --ignored"]
fn perf_text_formats() {
    for qn in [false, true] {
        let mut s = String::with_capacity(110_000_000);
        for i in 0..1_000_000u32 {
            let sec = i % 86_400;
            let nick = if i % 2 == 0 {
                format!("买家{}", i / 10 % 50_000)
            } else {
                format!("某某旗舰店:{:02}", i / 50 % 20)
            };
            if qn {
                s.push_str(&format!(
                    "{nick} 2024-6-1 {}:{:02}:{:02}\n这是一条模拟的聊天消息内容 number {i} 亲在吗\n",
                    sec / 3600,
                    sec / 60 % 60,
                    sec % 60
                ));
            } else {
                s.push_str(&format!(
                    "{nick}(2024-06-01 {:02}:{:02}:{:02}):这是一条模拟的聊天消息内容 number {i} 亲在吗\n",
                    sec / 3600,
                    sec / 60 % 60,
                    sec % 60
                ));
            }
        }
        let t = std::time::Instant::now();
        let (ds, rep) = import("big.txt", s.into_bytes());
        let el = t.elapsed();
        let t = std::time::Instant::now();
        let res = resolve(&ds, &Settings::default());
        eprintln!("{}: {} messages in {:?}, resolve {:?}", rep.format, rep.imported, el, t.elapsed());
        assert_eq!(res.len(), 1_000_000);
    }
}

/// A UTF-8 table with some rows pasted in from a GBK export (issue 13): the
/// header and every row are kept, each line decoded as its own encoding,
/// and the report counts and names the GBK lines. A file that is GBK
/// throughout is still read as GB18030.
#[test]
fn a_utf8_file_with_some_gbk_rows_keeps_every_row() {
    let header = "时间,店铺,客服,顾客,发送方,内容\n";
    let row =
        |i: usize| format!("2024-06-03 10:{:02}:{:02},店,店:小美,买家{i},顾客,请问第{i}号有货吗\n", i / 60, i % 60);
    let mut bytes = header.as_bytes().to_vec();
    let mut gbk_lines = Vec::new();
    for i in 0..100 {
        if i % 2 == 1 {
            gbk_lines.push(i as u64 + 2);
            bytes.extend(gb18030(&row(i)));
        } else {
            bytes.extend(row(i).as_bytes());
        }
    }
    let (ds, rep) = import_kind("mixed.csv", bytes, FileKind::Chats);
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.read, rep.imported, rep.skipped), (100, 100, 0));
    assert_eq!(rep.encoding, "UTF-8 + GB18030");
    assert_eq!(rep.other_encoding_lines, 50);
    assert_eq!(rep.problems[0].line, gbk_lines[0]);
    assert!(rep.problems[0].message_zh.contains("50 行") && rep.problems[0].message_zh.contains("GB18030"));
    let texts: Vec<&str> = ds.messages.iter().map(|m| ds.text(m.text)).collect();
    assert_eq!(texts[1], "请问第1号有货吗", "a GBK row decoded as GBK");
    assert_eq!(texts[98], "请问第98号有货吗", "a UTF-8 row kept as UTF-8");

    // all GBK: one encoding, no note
    let all: Vec<u8> = gb18030(&(0..20).fold(header.to_string(), |s, i| s + &row(i)));
    let (_, rep) = import_kind("gbk.csv", all, FileKind::Chats);
    assert_eq!((rep.encoding.as_str(), rep.imported, rep.other_encoding_lines), ("GB18030", 20, 0));
}
