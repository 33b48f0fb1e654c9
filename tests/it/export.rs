//! CSV / XLSX export of displayed tables.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use kefu_lens::export::{sanitize_sheet_name, text_width, to_csv, to_xlsx, Cell, Table};
use std::io::Cursor;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn table(headers: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    Table { headers: headers.iter().map(|s| s.to_string()).collect(), rows }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// The CSV text after the BOM (asserting the BOM is there).
fn csv_text(t: &Table) -> String {
    let bytes = to_csv(t);
    assert!(bytes.starts_with(BOM), "missing UTF-8 BOM");
    String::from_utf8(bytes[3..].to_vec()).expect("valid UTF-8")
}

/// Parse the CSV back (a standard reader) into rows of strings, header included.
fn csv_parse(t: &Table) -> Vec<Vec<String>> {
    let bytes = to_csv(t);
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[3..]);
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

/// The single CSV field written for one cell.
fn csv_one(c: Cell) -> String {
    let rows = csv_parse(&table(&["h"], vec![vec![c]]));
    assert_eq!(rows.len(), 2);
    rows[1][0].clone()
}

#[test]
fn csv_has_bom_and_crlf() {
    let t = table(&["客服", "接待量"], vec![vec![text("小美"), Cell::Int(12)], vec![text("x"), Cell::Int(3)]]);
    let s = csv_text(&t);
    assert_eq!(s, "客服,接待量\r\n小美,12\r\nx,3\r\n");
    // Every LF is part of a CRLF.
    assert_eq!(s.matches('\n').count(), s.matches("\r\n").count());
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let t = table(&["a", "b", "c"], vec![vec![text("1,2"), text("say \"hi\""), text("line1\nline2")]]);
    let s = csv_text(&t);
    assert_eq!(s, "a,b,c\r\n\"1,2\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\n");
    let rows = csv_parse(&t);
    assert_eq!(rows[1], vec!["1,2", "say \"hi\"", "line1\nline2"]);
}

#[test]
fn csv_neutralises_formula_prefixes_in_text() {
    for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://evil\",\"点我\")"] {
        assert_eq!(csv_one(text(s)), format!("'{s}"), "text {s:?} not neutralised");
    }
    // Headers are text too.
    let rows = csv_parse(&table(&["=cmd"], vec![]));
    assert_eq!(rows[0], vec!["'=cmd"]);
    // Harmless text is untouched, including a formula char later in the string.
    assert_eq!(csv_one(text("a=1")), "a=1");
    assert_eq!(csv_one(text("张三")), "张三");
}

#[test]
fn csv_negative_numbers_stay_numbers() {
    assert_eq!(csv_one(Cell::Num(-3.0)), "-3");
    assert_eq!(csv_one(Cell::Int(-5)), "-5");
    assert_eq!(csv_one(Cell::Yuan(-2.5)), "-2.50");
    assert_eq!(csv_one(Cell::Pct(-0.1)), "-10");
    assert_eq!(csv_one(Cell::Secs(-1.5)), "-1.5");
}

#[test]
fn csv_number_formats() {
    assert_eq!(csv_one(Cell::Pct(0.875)), "87.5");
    assert_eq!(csv_one(Cell::Pct(1.0)), "100");
    assert_eq!(csv_one(Cell::Pct(0.07)), "7");
    assert_eq!(csv_one(Cell::Pct(1.0 / 3.0)), "33.33");
    assert_eq!(csv_one(Cell::Pct(0.0)), "0");
    assert_eq!(csv_one(Cell::Yuan(123.45)), "123.45");
    assert_eq!(csv_one(Cell::Yuan(1234567.0)), "1234567.00");
    assert_eq!(csv_one(Cell::Yuan(-0.001)), "0.00");
    assert_eq!(csv_one(Cell::Secs(95.5)), "95.5");
    assert_eq!(csv_one(Cell::Secs(60.0)), "60");
    assert_eq!(csv_one(Cell::Secs(12.3456)), "12.35");
    assert_eq!(csv_one(Cell::Int(1234567)), "1234567");
    assert_eq!(csv_one(Cell::Num(2.25)), "2.25");
    assert_eq!(csv_one(Cell::Num(1e20)), "100000000000000000000");
    assert_eq!(csv_one(Cell::Num(-0.0)), "0");
    assert_eq!(csv_one(Cell::Empty), "");
    assert_eq!(csv_one(Cell::Num(f64::NAN)), "");
    assert_eq!(csv_one(Cell::Pct(f64::INFINITY)), "");
}

#[test]
fn csv_pads_ragged_rows() {
    let t = table(&["a", "b"], vec![vec![Cell::Int(1)], vec![Cell::Int(1), Cell::Int(2), Cell::Int(3)]]);
    assert_eq!(csv_text(&t), "a,b,\r\n1,,\r\n1,2,3\r\n");
}

fn sample() -> Table {
    table(
        &["客服", "接待量", "转化率", "销售额", "平均响应", "备注"],
        vec![
            vec![text("小美"), Cell::Int(1234), Cell::Pct(0.875), Cell::Yuan(123.45), Cell::Secs(95.0), text("=1+1")],
            vec![text("-3"), Cell::Num(-3.0), Cell::Empty, Cell::Yuan(-7.5), Cell::Secs(f64::NAN), text("@x")],
        ],
    )
}

fn read_xlsx(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)).expect("calamine opens our xlsx")
}

#[test]
fn xlsx_is_zip_and_reads_back_typed() {
    let bytes = to_xlsx(&sample(), "客服绩效").unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let mut wb = read_xlsx(bytes);
    assert_eq!(wb.sheet_names(), vec!["客服绩效".to_string()]);
    let range = wb.worksheet_range("客服绩效").unwrap();
    assert_eq!(range.get_size(), (3, 6));
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|d| d.to_string()).collect();
    assert_eq!(header, vec!["客服", "接待量", "转化率", "销售额", "平均响应", "备注"]);

    let v = |r: u32, c: u32| range.get_value((r, c)).cloned();
    assert_eq!(v(1, 0), Some(Data::String("小美".into())));
    assert_eq!(v(1, 1), Some(Data::Float(1234.0)));
    assert_eq!(v(1, 2), Some(Data::Float(0.875)), "Pct stores the fraction, as a number");
    assert_eq!(v(1, 3), Some(Data::Float(123.45)));
    assert_eq!(v(1, 4), Some(Data::Float(95.0)));
    assert_eq!(v(1, 5), Some(Data::String("=1+1".into())), "formula-like text stays text");
    // Text "-3" stays text (no prefix in xlsx), Num -3 stays a number.
    assert_eq!(v(2, 0), Some(Data::String("-3".into())));
    assert_eq!(v(2, 1), Some(Data::Float(-3.0)));
    assert_eq!(v(2, 2), Some(Data::Empty));
    assert_eq!(v(2, 3), Some(Data::Float(-7.5)));
    assert_eq!(v(2, 4), Some(Data::Empty), "NaN becomes a blank cell");
    assert_eq!(v(2, 5), Some(Data::String("@x".into())));
}

#[test]
fn xlsx_text_is_never_a_formula() {
    let t = table(&["=SUM(1,2)"], vec![vec![text("=1+1")], vec![text("+A1")], vec![text("@B2")]]);
    let mut wb = read_xlsx(to_xlsx(&t, "s").unwrap());
    let formulas = wb.worksheet_formula("s").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "found a formula: {:?}",
        formulas.used_cells().collect::<Vec<_>>()
    );
    let range = wb.worksheet_range("s").unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&Data::String("=SUM(1,2)".into())));
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("=1+1".into())));
}

#[test]
fn xlsx_sheet_name_is_sanitised() {
    let name = "渠道/店铺:[全部]*?\\ 2024年第一季度客服绩效汇总报表明细";
    let mut wb = read_xlsx(to_xlsx(&sample(), name).unwrap());
    let got = wb.sheet_names()[0].clone();
    assert_eq!(got, sanitize_sheet_name(name));
    assert!(got.chars().count() <= 31);
    assert!(!got.contains(['[', ']', ':', '*', '?', '/', '\\']));
    assert!(got.starts_with("渠道_店铺__全部___"), "{got}");
    assert!(wb.worksheet_range(&got).is_ok());
}

#[test]
fn sheet_name_edge_cases() {
    assert_eq!(sanitize_sheet_name(""), "Sheet1");
    assert_eq!(sanitize_sheet_name("   "), "Sheet1");
    assert_eq!(sanitize_sheet_name("'客服'"), "客服");
    assert_eq!(sanitize_sheet_name("history"), "history_");
    assert_eq!(sanitize_sheet_name("a/b"), "a_b");
    let long = "客".repeat(40);
    assert_eq!(sanitize_sheet_name(&long), "客".repeat(31));
    // Truncation must not leave a trailing apostrophe.
    let tricky = format!("{}'xyz", "a".repeat(30));
    let s = sanitize_sheet_name(&tricky);
    assert_eq!(s, "a".repeat(30));
    // Every edge case is accepted by the writer.
    for n in ["", "'", "history", &long, &tricky, "a\u{1}b"] {
        assert!(to_xlsx(&sample(), n).is_ok(), "{n:?}");
    }
}

#[test]
fn text_width_counts_cjk_double() {
    assert_eq!(text_width("abc"), 3);
    assert_eq!(text_width("客服"), 4);
    assert_eq!(text_width("ａ１"), 4); // full-width
    assert_eq!(text_width("ab\n客服客服"), 8); // longest line
    assert_eq!(text_width(""), 0);
}

#[test]
fn xlsx_handles_ragged_and_empty_tables() {
    let t = table(&["a"], vec![vec![Cell::Int(1), text("extra")], vec![]]);
    let mut wb = read_xlsx(to_xlsx(&t, "r").unwrap());
    let range = wb.worksheet_range("r").unwrap();
    assert_eq!(range.get_value((1, 1)), Some(&Data::String("extra".into())));
    let empty = Table { headers: vec![], rows: vec![] };
    assert!(to_xlsx(&empty, "e").unwrap().starts_with(b"PK"));
    assert_eq!(to_csv(&empty), BOM);
}

#[test]
fn table_serde_roundtrip() {
    let json = serde_json::to_string(&table(&["a"], vec![vec![text("x"), Cell::Pct(0.5), Cell::Empty]])).unwrap();
    let back: Table = serde_json::from_str(&json).unwrap();
    assert_eq!(back.rows[0], vec![text("x"), Cell::Pct(0.5), Cell::Empty]);
    assert_eq!(json, r#"{"headers":["a"],"rows":[[{"Text":"x"},{"Pct":0.5},"Empty"]]}"#);
}

// Issue 11 item 8: headers say their unit; files and sheets say shop, report
// and dates.
mod names {
    use kefu_lens::export::{file_stem, header_with_unit, sheet_title, to_xlsx, with_units, Cell, Table};

    #[test]
    fn headers_carry_the_unit_of_their_column() {
        let t = Table {
            headers: ["客服", "咨询人数", "平均响应", "客服销售额", "3分钟人工响应率", "等待时长(秒)"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                vec![Cell::Text("店:01".into()), Cell::Int(3), Cell::Empty, Cell::Empty, Cell::Empty, Cell::Int(5)],
                vec![
                    Cell::Text("店:02".into()),
                    Cell::Int(4),
                    Cell::Secs(95.0),
                    Cell::Yuan(12.5),
                    Cell::Pct(0.875),
                    Cell::Int(9),
                ],
            ],
        };
        let zh = with_units(t.clone(), true);
        assert_eq!(
            zh.headers,
            ["客服", "咨询人数", "平均响应(秒)", "客服销售额(元)", "3分钟人工响应率(%)", "等待时长(秒)"]
        );
        assert_eq!(zh.rows, t.rows, "values unchanged");
        let en = with_units(
            Table {
                headers: ["Agent", "Buyers", "Avg response", "Sales", "3-min rate", "Waited (s)"]
                    .map(String::from)
                    .to_vec(),
                ..t
            },
            false,
        );
        assert_eq!(en.headers, ["Agent", "Buyers", "Avg response (s)", "Sales (CNY)", "3-min rate (%)", "Waited (s)"]);
        // The CSV keeps plain numbers under those headers.
        let csv = String::from_utf8(kefu_lens::export::to_csv(&zh)).unwrap();
        assert!(csv.contains("店:02,4,95,12.50,87.5,9\r\n"), "{csv}");
        assert_eq!(header_with_unit("平均接待", &Cell::Secs(1.0), true), "平均接待(秒)");
        assert_eq!(header_with_unit("平均接待(秒)", &Cell::Secs(1.0), true), "平均接待(秒)");
        assert_eq!(header_with_unit("销售额（日均）", &Cell::Yuan(1.0), true), "销售额（日均）(元)");
        assert_eq!(header_with_unit("答问比", &Cell::Num(1.5), true), "答问比");
    }

    #[test]
    fn file_and_sheet_names_say_shop_report_and_dates() {
        let (a, b) = (Some("2024-06-01"), Some("2024-06-30"));
        assert_eq!(file_stem(Some("某某店"), "客服日报", a, b, true), "某某店_客服日报_2024-06-01至2024-06-30");
        assert_eq!(file_stem(Some("Shop"), "Agent daily", a, b, false), "Shop_Agent daily_2024-06-01_to_2024-06-30");
        assert_eq!(file_stem(None, "汇总表", a, a, true), "汇总表_2024-06-01");
        assert_eq!(file_stem(Some("a/b:店?"), "KPI考核", None, None, true), "a_b_店__KPI考核");
        assert_eq!(sheet_title("客服日报", a, b, true), "客服日报_2024-06-01至2024-06-30");
        // 31 characters at most, the dates kept, nothing Excel refuses.
        let long = sheet_title("3分钟人工响应率明细 [未达标]: 一组/二组", a, b, true);
        assert!(long.chars().count() <= 31, "{long}");
        assert!(long.ends_with("2024-06-01至2024-06-30"), "{long}");
        assert!(!long.contains(['[', ']', ':', '*', '?', '/', '\\']), "{long}");
        let en = sheet_title("Consultation categories", a, b, false);
        assert!(en.chars().count() <= 31 && en.ends_with("2024-06-01_to_2024-06-30"), "{en}");
        // Excel accepts it.
        let t = Table { headers: vec!["x".into()], rows: vec![vec![Cell::Int(1)]] };
        assert!(to_xlsx(&t, &long).is_ok());
    }
}
