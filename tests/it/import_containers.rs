//! Containers and chat tables from merchants' tools: workbooks with several
//! sheets, a zip of Qianniu chat JSON (one per customer), the
//! one-row-per-customer 客户ID | 聊天记录 workbook, and role-flag columns.
//! Expectations are worked out by hand from spec §1.2 and §3.

use std::io::Write;

use kefu_lens::engine::Engine;
use kefu_lens::import::{import_bytes, import_with, resolve, ImportOptions, Importer};
use kefu_lens::model::{parse_day, Dataset, FileKind, Sender};
use kefu_lens::settings::Settings;
use rust_xlsxwriter::Workbook;

use crate::support::engine::total;
use crate::support::import::{import, r, rows, ts};

fn write_rows(ws: &mut rust_xlsxwriter::Worksheet, rows: &[&[&str]]) {
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(i as u32, c as u16, *v).unwrap();
        }
    }
}

/// 聊天 (chat table) + 说明 (no header) + 订单 (Taobao orders).
fn three_sheets() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("聊天").unwrap();
    write_rows(
        ws,
        &[
            &["时间", "客服", "买家", "发送方", "内容"],
            &["2024-06-01 09:00:00", "店:小美", "买家A", "买家", "在吗"],
            &["2024-06-01 09:00:40", "店:小美", "买家A", "客服", "在的"],
        ],
    );
    let ws = wb.add_worksheet().set_name("说明").unwrap();
    write_rows(ws, &[&["这张表是导出说明"], &["请勿修改"]]);
    let ws = wb.add_worksheet().set_name("订单").unwrap();
    write_rows(
        ws,
        &[
            &["订单编号", "买家会员名", "订单创建时间", "买家实际支付金额", "订单付款时间"],
            &["1001", "买家A", "2024-06-01 10:00:00", "99.50", "2024-06-01 10:01:00"],
        ],
    );
    wb.save_to_buffer().unwrap()
}

#[test]
fn workbook_every_matching_sheet_has_its_report() {
    let mut ds = Dataset::default();
    let first = import_bytes(&mut ds, "book.xlsx", three_sheets(), None);
    assert_eq!(ds.files.len(), 2, "{:#?}", ds.files);
    assert_eq!(first.sheet.as_deref(), Some("聊天"));
    let (c, o) = (&ds.files[0], &ds.files[1]);
    assert_eq!((c.name.as_str(), c.sheet.as_deref(), c.kind), ("book.xlsx", Some("聊天"), FileKind::Chats));
    assert_eq!((c.format.as_str(), c.read, c.imported, c.skipped), ("chat-table", 2, 2, 0));
    assert_eq!(c.display_name(), "book.xlsx › 聊天");
    assert_eq!((o.sheet.as_deref(), o.kind, o.format.as_str()), (Some("订单"), FileKind::Orders, "taobao-orders-xlsx"));
    assert_eq!((o.read, o.imported), (1, 1));
    // The unrelated sheet is listed once, by name, with why.
    assert_eq!(c.skipped_sheets.len(), 1);
    assert_eq!(c.skipped_sheets[0].sheet, "说明");
    assert_eq!(c.skipped_sheets[0].message_zh, "前 20 行里没有可识别的表头");
    assert!(o.skipped_sheets.is_empty());
    // Each sheet is its own slot: messages name slot 0, the order slot 1.
    assert!(ds.messages.iter().all(|m| m.file == 0));
    assert_eq!(ds.orders.len(), 1);
    assert_eq!((ds.orders[0].file, ds.orders[0].amount_fen), (1, 9950));
    // 买家A asked at 09:00:00, 店:小美 answered at 09:00:40.
    let e = Engine::new(&ds, &Settings::default());
    let m = total(&e);
    assert_eq!(m.reception_buyers, 1);
    assert_eq!(m.first_response_secs, Some(40.0));
    // Removing the order sheet keeps the chats.
    assert!(ds.remove_file(1));
    assert_eq!((ds.messages.len(), ds.orders.len()), (2, 0));
}

#[test]
fn workbook_progress_and_override() {
    // Steps of one record walk through both sheets.
    let mut ds = Dataset::default();
    let mut imp = Importer::new("book.xlsx", three_sheets(), None);
    let mut steps = 0;
    while !imp.step(&mut ds, 1) {
        steps += 1;
        assert!(steps < 20);
    }
    assert_eq!(imp.rows(), 3);
    assert_eq!(imp.reports().count(), 2);
    assert_eq!(imp.progress().0, imp.progress().1);
    let reps = imp.finish_all(&mut ds);
    assert_eq!(reps.len(), 2);
    // Imported as orders, the chat sheet is skipped with why and the file
    // has one report.
    let mut ds = Dataset::default();
    let reps = import_with(&mut ds, "book.xlsx", three_sheets(), Some(FileKind::Orders), &ImportOptions::default());
    assert_eq!(reps.len(), 1);
    assert_eq!(reps[0].sheet.as_deref(), Some("订单"));
    let skipped: Vec<&str> = reps[0].skipped_sheets.iter().map(|s| s.sheet.as_str()).collect();
    assert_eq!(skipped, ["聊天", "说明"]);
}

#[test]
fn workbook_without_a_matching_sheet_names_every_sheet() {
    let mut wb = Workbook::new();
    write_rows(wb.add_worksheet().set_name("说明").unwrap(), &[&["随便写点"]]);
    write_rows(
        wb.add_worksheet().set_name("半张表").unwrap(),
        &[&["时间", "客服", "内容"], &["2024-06-01 09:00:00", "a", "b"]],
    );
    let (ds, rep) = import("book.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!(ds.files.len(), 1);
    let fatal = rep.fatal.expect("rejected");
    assert!(fatal.message_zh.starts_with("看起来是 chat-table，但缺少必需的列"), "{}", fatal.message_zh);
    let names: Vec<&str> = rep.skipped_sheets.iter().map(|s| s.sheet.as_str()).collect();
    assert_eq!(names, ["说明", "半张表"]);
    // A one-sheet workbook keeps its plain name and no sheet list.
    let mut wb = Workbook::new();
    write_rows(
        wb.add_worksheet(),
        &[&["时间", "客服", "买家", "发送方", "内容"], &["2024-06-01 09:00:00", "店:小美", "买家A", "买家", "在吗"]],
    );
    let (_, rep) = import("one.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!((rep.sheet.as_deref(), rep.imported), (None, 1));
    assert!(rep.skipped_sheets.is_empty());
}

fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const JSON_A: &str = r#"{"user": "买家甲", "exportTime": "2024/6/2 10:00:00", "count": 3, "chats": [
  {"date": "2024-06-01", "time": "09:00:00", "sender": "买家甲", "text": "在吗", "imgUrl": ""},
  {"date": "2024-06-01", "time": "09:00:30", "sender": "店:小美", "text": "在的亲", "imgUrl": ""},
  {"date": "昨天", "time": "09:01:00", "sender": "买家甲", "text": "", "imgUrl": "https://img.example/1.jpg"}]}"#;
const JSON_B: &str = r#"{"user": "买家乙", "exportTime": "2024/6/2 10:00:00", "count": 2, "chats": [
  {"date": "2024-06-01", "time": "10:00:00", "sender": "买家乙", "text": "发货了吗", "imgUrl": ""},
  {"date": "2024-06-01", "time": "10:02:00", "sender": "店:小丽", "text": "已经发了", "imgUrl": ""}]}"#;
const JSON_C: &str = r#"{"user": "买家丙", "exportTime": "", "count": 1, "chats": [
  {"date": "", "time": "下午", "sender": "买家丙", "text": "?", "imgUrl": ""}]}"#;

#[test]
fn zip_of_qianniu_json() {
    let bytes = zip_of(&[("买家甲.json", JSON_A), ("买家乙.json", JSON_B), ("买家丙.json", JSON_C)]);
    let (ds, rep) = import("千牛聊天记录_2024-6-2.zip", bytes);
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str(), rep.encoding.as_str()), (FileKind::Chats, "chat-qianniu-json", "zip"));
    assert_eq!((rep.read, rep.imported, rep.skipped), (6, 5, 1));
    assert_eq!(rep.problems[0].message_zh, "买家丙.json 第 1 条消息：时间无法识别 '下午'");
    let got = rows(&ds, &resolve(&ds, &Settings::default()));
    assert_eq!(
        got,
        [
            r(ts(2024, 6, 1, 9, 0, 0), "店", "店:小美", "买家甲", Sender::Buyer, "在吗"),
            r(ts(2024, 6, 1, 9, 0, 30), "店", "店:小美", "买家甲", Sender::Agent, "在的亲"),
            // `昨天` counts from exportTime 2024-06-02; an image alone reads [图片].
            r(ts(2024, 6, 1, 9, 1, 0), "店", "店:小美", "买家甲", Sender::Buyer, "[图片]"),
            r(ts(2024, 6, 1, 10, 0, 0), "店", "店:小丽", "买家乙", Sender::Buyer, "发货了吗"),
            r(ts(2024, 6, 1, 10, 2, 0), "店", "店:小丽", "买家乙", Sender::Agent, "已经发了"),
        ]
    );
    // Two buyers received; first responses 30 s and 120 s → mean 75 s.
    let m = total(&Engine::new(&ds, &Settings::default()));
    assert_eq!(m.reception_buyers, 2);
    assert_eq!(m.first_response_secs, Some(75.0));
    // One such JSON on its own imports the same way.
    let (ds, rep) = import("买家乙.json", JSON_B.as_bytes().to_vec());
    assert_eq!((rep.format.as_str(), rep.imported), ("chat-qianniu-json", 2));
    assert_eq!(rows(&ds, &resolve(&ds, &Settings::default()))[1].2, "店:小丽");
}

#[test]
fn zip_without_chat_json_is_explained() {
    let (_, rep) = import("x.zip", zip_of(&[("data.json", r#"{"a": 1}"#)]));
    assert!(rep.fatal.unwrap().message_zh.contains("不是千牛聊天记录"));
    let (_, rep) = import("x.zip", zip_of(&[("a.txt", "hello")]));
    assert!(rep.fatal.unwrap().message_zh.contains("不含 JSON 聊天记录"));
}

/// The merchant tool's workbook: sheet 聊天记录, columns 客户ID | 聊天记录.
fn customer_book() -> Vec<u8> {
    let mut wb = Workbook::new();
    write_rows(
        wb.add_worksheet().set_name("聊天记录").unwrap(),
        &[
            &["客户ID", "聊天记录"],
            &[
                "买家甲",
                "09:00:00\n买家甲: 在吗\n\n09:00:20\n店:小美: 在的\n第二行\n\n09:05:00\n买家甲: 多少钱\n\n09:06:00\n由 店:小美 转交给 店:小丽",
            ],
            &["买家乙", "(无聊天内容)"],
            &["客户_3", "(提取失败: timeout)"],
        ],
    );
    wb.save_to_buffer().unwrap()
}

#[test]
fn customer_workbook_with_the_date_in_its_name() {
    let (ds, rep) = import("千牛聊天记录_2024年6月1日.xlsx", customer_book());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-qianniu-sheet"));
    // 4 messages of 买家甲 + the failed row; the empty row is not a record.
    assert_eq!((rep.read, rep.imported, rep.skipped), (5, 4, 1));
    assert_eq!(rep.problems[0].line, 4);
    assert!(rep.problems[0].message_zh.contains("客户_3"), "{}", rep.problems[0].message_zh);
    let got = rows(&ds, &resolve(&ds, &Settings::default()));
    assert_eq!(
        got,
        [
            r(ts(2024, 6, 1, 9, 0, 0), "店", "店:小美", "买家甲", Sender::Buyer, "在吗"),
            r(ts(2024, 6, 1, 9, 0, 20), "店", "店:小美", "买家甲", Sender::Agent, "在的\n第二行"),
            r(ts(2024, 6, 1, 9, 5, 0), "店", "店:小美", "买家甲", Sender::Buyer, "多少钱"),
            // No sender name: a notice, kept for the transcript only.
            r(ts(2024, 6, 1, 9, 6, 0), "店", "店:小美", "买家甲", Sender::System, "由 店:小美 转交给 店:小丽"),
        ]
    );
    // The customer is the block's buyer.
    let b = ds.messages[0].block;
    assert_eq!(ds.block_buyers.get(&b).map(|s| ds.nicks.name(*s)), Some("买家甲"));
    let m = total(&Engine::new(&ds, &Settings::default()));
    assert_eq!(m.reception_buyers, 1);
    assert_eq!(m.first_response_secs, Some(20.0));
}

#[test]
fn customer_workbook_needs_a_full_date() {
    // `6月1日` has no year: rejected, saying what to do.
    let (ds, rep) = import("千牛聊天记录_6月1日.xlsx", customer_book());
    let f = rep.fatal.expect("rejected");
    assert!(f.message_zh.contains("没有年份"), "{}", f.message_zh);
    assert!(f.message_zh.contains("--date"), "{}", f.message_zh);
    assert!(f.message_en.contains("no year"), "{}", f.message_en);
    assert!(ds.messages.is_empty());
    // No date at all.
    let (_, rep) = import("聊天记录.xlsx", customer_book());
    assert!(rep.fatal.expect("rejected").message_zh.contains("文件名里没有日期"));
    // The date given as an option (the CLI's --date) imports it.
    let mut ds = Dataset::default();
    let opts = ImportOptions { date: parse_day("2024-06-01"), ..Default::default() };
    let reps = import_with(&mut ds, "千牛聊天记录_6月1日.xlsx", customer_book(), None, &opts);
    assert_eq!((reps[0].imported, reps[0].fatal.is_none()), (4, true));
    assert_eq!(ds.messages[0].ts, ts(2024, 6, 1, 9, 0, 0));
}

#[test]
fn customer_workbook_staff_only_record_keeps_its_buyer() {
    let mut wb = Workbook::new();
    write_rows(
        wb.add_worksheet().set_name("聊天记录").unwrap(),
        &[&["客户ID", "聊天记录"], &["买家丙", "10:00:00\n店:小丽: 亲，您的订单已发货"]],
    );
    let (ds, rep) = import("千牛聊天记录_2024-06-01.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!(rep.imported, 1);
    let m = &ds.messages[0];
    assert_eq!((ds.nicks.name(m.speaker), m.sender), ("店:小丽", Sender::Agent));
    assert_eq!(ds.block_buyers.get(&m.block).map(|s| ds.nicks.name(*s)), Some("买家丙"));
}

#[test]
fn role_flag_columns() {
    // 是否客服发送: 1 = staff.
    let csv = "时间,客服,买家,是否客服发送,内容\n\
               2024-06-01 09:00:00,店:小美,买家甲,0,在吗\n\
               2024-06-01 09:01:00,店:小美,买家甲,1,在的\n\
               2024-06-01 09:02:00,店:小美,买家甲,是,还有吗\n\
               2024-06-01 09:03:00,店:小美,买家甲,maybe,?\n";
    let (ds, rep) = import("roles.csv", csv.as_bytes().to_vec());
    assert_eq!((rep.format.as_str(), rep.read, rep.imported, rep.skipped), ("chat-table", 4, 3, 1));
    assert_eq!(rep.problems[0].message_zh, "发送方标记无法识别 'maybe'（应为 1/0、true/false 或 是/否）");
    let senders: Vec<Sender> = ds.messages.iter().map(|m| m.sender).collect();
    assert_eq!(senders, [Sender::Buyer, Sender::Agent, Sender::Agent]);
    assert_eq!(total(&Engine::new(&ds, &Settings::default())).first_response_secs, Some(60.0));
    // inbound: true = from the customer.
    let csv = "time,agent,buyer,inbound,text\n\
               2024-06-01 09:00:00,shop:amy,bob,true,hi\n\
               2024-06-01 09:00:10,shop:amy,bob,false,hello\n\
               2024-06-01 09:00:20,shop:amy,bob,FALSE,how can I help\n";
    let (ds, rep) = import("inbound.csv", csv.as_bytes().to_vec());
    assert_eq!(rep.imported, 3);
    let got = rows(&ds, &ds.messages);
    assert_eq!(got[0], r(ts(2024, 6, 1, 9, 0, 0), "shop", "shop:amy", "bob", Sender::Buyer, "hi"));
    assert_eq!((got[1].4, got[2].4), (Sender::Agent, Sender::Agent));
    // waiter_send as xlsx numbers.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    write_rows(ws, &[&["send_time", "agent", "customer", "waiter_send", "content"]]);
    for (i, (t, flag, text)) in
        [("2024-06-01 09:00:00", 0.0, "q"), ("2024-06-01 09:00:05", 1.0, "a")].iter().enumerate()
    {
        let row = i as u32 + 1;
        ws.write_string(row, 0, *t).unwrap();
        ws.write_string(row, 1, "店:小美").unwrap();
        ws.write_string(row, 2, "买家甲").unwrap();
        ws.write_number(row, 3, *flag).unwrap();
        ws.write_string(row, 4, *text).unwrap();
    }
    let (ds, rep) = import("w.xlsx", wb.save_to_buffer().unwrap());
    assert_eq!(rep.imported, 2, "{:?}", rep.problems);
    assert_eq!(total(&Engine::new(&ds, &Settings::default())).first_response_secs, Some(5.0));
}

#[test]
fn session_keeps_one_report_per_sheet() {
    use kefu_lens::session::Session;
    let mut s = Session::new();
    s.import_file("book.xlsx", three_sheets(), None);
    let loaded = s.rebuild(false, false);
    let sheets: Vec<Option<&str>> = loaded.reports.iter().map(|r| r.sheet.as_deref()).collect();
    assert_eq!(sheets, [Some("聊天"), Some("订单")]);
    assert_eq!((loaded.summary.messages, loaded.summary.orders), (2, 1));
    // Removing the chat sheet (slot 0) leaves the order sheet.
    let loaded = s.remove_file(0);
    assert!(loaded.reports[0].removed && !loaded.reports[1].removed);
    assert_eq!((loaded.summary.messages, loaded.summary.orders), (0, 1));
}

#[test]
fn cli_date_option_dates_the_customer_workbook() {
    use kefu_lens::cli::InputArgs;
    let dir = std::env::temp_dir().join(format!("kefu-containers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("千牛聊天记录_6月1日.xlsx");
    std::fs::write(&path, customer_book()).unwrap();
    let args = InputArgs { chats: vec![path.clone()], date: Some("2024-06-01".into()), ..Default::default() };
    let ds = args.dataset().unwrap();
    assert_eq!((ds.files[0].imported, ds.messages[0].ts), (4, ts(2024, 6, 1, 9, 0, 0)));
    // Without --date the year is unknown: rejected.
    let args = InputArgs { chats: vec![path.clone()], ..Default::default() };
    assert!(args.dataset().unwrap().files[0].fatal.is_some());
    let args = InputArgs { chats: vec![path], date: Some("6月1日".into()), ..Default::default() };
    assert!(args.dataset().unwrap_err().contains("--date"));
    let _ = std::fs::remove_dir_all(&dir);
}
