//! Every ORDER file in `tests/realdata` (copies of `../shared/realdata`) imports, or is rejected with
//! the right explanation; the counts are the facts in its PROVENANCE.md
//! (and, for the mingrisoft CSV and xlsx, sums computed from the files
//! independently of this code).

use std::path::PathBuf;

use kefu_lens::engine::Engine;
use kefu_lens::import::import_bytes;
use kefu_lens::model::{ts_from_ymdhms, Dataset, FileKind, FileReport};
use kefu_lens::settings::Settings;

/// The real exports kept in `tests/realdata/` (see its README.md).
fn realdata(rel: &str) -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/realdata");
    let p = root.join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(rel: &str, kind: Option<FileKind>) -> (Dataset, FileReport) {
    let mut ds = Dataset::default();
    let name = rel.rsplit('/').next().unwrap();
    let rep = import_bytes(&mut ds, name, realdata(rel), kind);
    (ds, rep)
}

fn ts(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    ts_from_ymdhms(y, mo, d, h, mi, s).unwrap()
}

fn no_id_warning(rep: &FileReport) {
    let w = &rep.problems[0];
    assert_eq!(w.line, 0);
    assert!(w.message_zh.contains("没有订单编号"), "{}", w.message_zh);
    assert!(w.message_en.contains("no order-number column"), "{}", w.message_en);
}

#[test]
fn tianchi_tmall_report_imports_without_buyers_and_is_all_not_linked() {
    for kind in [None, Some(FileKind::Orders)] {
        let (mut ds, rep) = load("tianchi-tmall-orders/tmall_order_report.csv", kind);
        assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
        assert_eq!(
            (rep.kind, rep.format.as_str(), rep.encoding.as_str()),
            (FileKind::Orders, "taobao-orders", "UTF-8")
        );
        // PROVENANCE: header + 28,010 orders, 3,923 unpaid, Σ 买家实际支付金额 = 1,902,487.15.
        assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (28_010, 28_010, 0, 0));
        assert_eq!(rep.problem_count, 0);
        assert_eq!(rep.orders_without_buyer, 28_010);
        assert_eq!(ds.orders.len(), 28_010);
        assert_eq!(ds.orders.iter().filter(|o| o.paid.is_none()).count(), 3_923);
        assert_eq!(ds.orders.iter().map(|o| o.amount_fen).sum::<i64>(), 190_248_715);
        assert!(ds.orders.iter().all(|o| o.buyer.is_none()));
        let lo = ds.orders.iter().map(|o| o.created).min().unwrap();
        let hi = ds.orders.iter().map(|o| o.created).max().unwrap();
        assert_eq!((lo, hi), (ts(2020, 2, 1, 0, 14, 15), ts(2020, 2, 29, 23, 59, 18)));
        // No chats loaded: every order is "not linked to a consultation".
        let e = Engine::prepare(&mut ds, &Settings::default());
        let s = e.summary(&ds);
        assert_eq!((s.orders, s.orders_linked, s.orders_not_linked), (28_010, 0, 28_010));
    }
}

#[test]
fn mingrisoft_january_csv_gbk_without_order_numbers() {
    let (ds, rep) = load("mingrisoft-book-orders/1月.csv", Some(FileKind::Orders));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("taobao-orders-no-id", "GB18030"));
    // 50 orders, all with a paid time `2018/5/16 9:41` and no created time.
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (50, 50, 0, 0));
    assert_eq!(rep.problem_count, 1);
    no_id_warning(&rep);
    assert_eq!(ds.orders.iter().map(|o| o.amount_fen).sum::<i64>(), 408_586);
    let o = &ds.orders[0];
    assert_eq!(ds.nicks.name(o.buyer), "mrhy1");
    assert_eq!(o.paid, Some(ts(2018, 5, 16, 9, 41, 0)));
    assert_eq!(o.created, ts(2018, 5, 16, 9, 41, 0), "no created column: the paid time stands in");
    assert_eq!((o.amount_fen, o.title.as_str()), (4186, "零基础学Python"));
    // 收货人姓名 (周某某) is never read as the buyer.
    assert!(ds.orders.iter().all(|o| ds.nicks.name(o.buyer).starts_with("mrhy")));
}

#[test]
fn mingrisoft_xlsx_rows_without_times_are_skipped_and_counted() {
    let (ds, rep) = load("mingrisoft-book-orders/mrtb_data.xlsx", None);
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!(
        (rep.kind, rep.format.as_str(), rep.encoding.as_str()),
        (FileKind::Orders, "taobao-orders-no-id", "xlsx")
    );
    // 599 rows; the last 141 (明日学院会员) have no times at all.
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (599, 458, 141, 0));
    assert_eq!(rep.problem_count, 1 + 141);
    no_id_warning(&rep);
    assert!(rep.problems[1].message_zh.contains("没有下单时间也没有付款时间"));
    assert_eq!(rep.problems[1].line, 460, "first row without times: data row 459 = sheet row 460");
    // Statuses of the 458: 交易成功 373, 卖家已发货 51, 交易关闭 27, 买家已付款 7.
    let count = |st: &str| ds.orders.iter().filter(|o| o.status == st).count();
    assert_eq!(count("交易成功"), 373);
    assert_eq!(count("卖家已发货，等待买家确认"), 51);
    assert_eq!(count("交易关闭"), 27);
    assert_eq!(count("买家已付款，等待卖家发货"), 7);
    assert_eq!(ds.orders.iter().map(|o| o.amount_fen).sum::<i64>(), 7_333_153);
    let o = &ds.orders[0];
    assert_eq!(ds.nicks.name(o.buyer), "mr000145");
    assert_eq!(o.created, ts(2018, 3, 9, 10, 0, 36));
    assert_eq!(o.paid, Some(ts(2018, 3, 9, 14, 55, 49)));
    assert_eq!(o.amount_fen, 110_000);
}

#[test]
fn mingrisoft_legacy_xls_with_excel_serial_times() {
    let (ds, rep) = load("mingrisoft-book-orders/mingribooks.xls", Some(FileKind::Orders));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("taobao-orders-no-id", "xls"));
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (704, 704, 0, 0));
    no_id_warning(&rep);
    // First row: serial 43272.941666… = 2018-06-21 22:36:00 paid.
    let o = &ds.orders[0];
    assert_eq!(ds.nicks.name(o.buyer), "yhhy1");
    assert_eq!(o.paid, Some(ts(2018, 6, 21, 22, 36, 0)));
    assert_eq!(o.created, ts(2018, 6, 21, 22, 35, 0));
    assert_eq!((o.amount_fen, o.title.as_str()), (6286, "Android精彩编程200例"));
    assert!(ds.orders.iter().all(|o| (ts(2000, 1, 1, 0, 0, 0)..ts(2030, 1, 1, 0, 0, 0)).contains(&o.created)));
}

/// The JDDC file is a chat sample (no header, tab-separated); as an order
/// file it is refused with a reason rather than read as orders.
#[test]
fn jddc_chat_is_not_an_order_file() {
    let (ds, rep) = load("jddc-chat/chat_0.1per.txt", Some(FileKind::Orders));
    assert!(ds.orders.is_empty());
    let f = rep.fatal.expect("refused as orders");
    assert!(!f.message_zh.is_empty() && !f.message_en.is_empty());
}

/// `kefu report` says how many orders are not linked to a consultation.
#[test]
fn cli_report_counts_tianchi_orders_as_not_linked() {
    use kefu_lens::cli::report::{run, ReportArgs};
    let _ = realdata("tianchi-tmall-orders/tmall_order_report.csv");
    let p =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/realdata/tianchi-tmall-orders/tmall_order_report.csv");
    let args = ReportArgs {
        input: kefu_lens::cli::InputArgs { orders: vec![p], ..Default::default() },
        by: "shop".into(),
        format: "json".into(),
        rules: String::new(),
    };
    let v: serde_json::Value = serde_json::from_str(&run(&args).unwrap()).unwrap();
    assert_eq!(v["orders"]["total"], 28_010);
    assert_eq!(v["orders"]["without_buyer"], 28_010);
    assert_eq!(v["orders"]["linked_by_number"], 0);
    assert_eq!(v["orders"]["not_linked"], 28_010);
    assert_eq!(v["diagnostics"][0]["orders_without_buyer"], 28_010);
    assert_eq!(v["rows"][0]["sales_amount"], 0.0, "no order is attributed without chats");
}
