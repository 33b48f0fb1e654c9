//! Products (issue 14): item links, cards, order titles and an item list,
//! the product metrics by product and by agent × product, their drills, and
//! `kefu report --by product|agent-product`.
//!
//! The fixtures (all 2024-06-01, default settings: every agent pre-sales,
//! final window 3 days, credit to the last human reply before the order):
//!
//! | buyer | chats | order (宝贝标题) |
//! |---|---|---|
//! | 甲 | sends the link of 600000000001; 店:01 replies, then sends the link of 600000000002 | 10:30 纯棉短袖T恤, paid 10:31 |
//! | 乙 | asks; 店:01 sends the link of 600000000002 | 11:10 碎花连衣裙, paid 11:11 |
//! | 丙 | 店:01 at 11:50–11:51, then a card `[商品] 高腰阔腿牛仔裤` (no link) to 店:02, answered 12:01 | 12:30 高腰阔腿牛仔裤, paid 12:31 |
//! | 丁 | sends the link of 600000000004; 店:02 replies | 13:20 针织开衫, paid 13:21 |
//! | 己 | asks about delivery, no product | (overlap file) 14:30 纯棉短袖T恤, paid |
//!
//! The item list names 600000000001 = 纯棉短袖T恤 and 600000000002 =
//! 碎花连衣裙; the overlap file repeats 甲's order (same 订单编号).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use kefu_lens::cli::report::{run, ReportArgs};
use kefu_lens::cli::InputArgs;
use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Query, Row};
use kefu_lens::import::import_bytes;
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::settings::Settings;
use serde_json::Value;

const CHATS: &str = "products_chats.csv";
const ORDERS: &str = "ExportOrderList_products.csv";
const OVERLAP: &str = "ExportOrderList_products_overlap.csv";
const ITEMS: &str = "products_items.csv";

/// The product metrics, in registry order.
const PRODUCT_COUNTS: [&str; 6] = [
    "product_consult_buyers",
    "product_inquiry_buyers",
    "product_order_buyers",
    "product_paid_buyers",
    "product_recommended",
    "product_recommended_paid",
];

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn dataset(items: bool) -> Dataset {
    let mut ds = Dataset::default();
    let files = [(CHATS, FileKind::Chats), (ORDERS, FileKind::Orders), (OVERLAP, FileKind::Orders)];
    for (name, kind) in files.into_iter().chain(items.then_some((ITEMS, FileKind::Items))) {
        let r = import_bytes(&mut ds, name, std::fs::read(path(name)).unwrap(), Some(kind));
        assert!(r.fatal.is_none(), "{name}: {:?}", r.fatal);
        assert_eq!(r.skipped, 0, "{name}: {:?}", r.problems);
    }
    ds
}

fn engine(items: bool) -> (Dataset, Engine) {
    let mut ds = dataset(items);
    let e = Engine::prepare(&mut ds, &Settings::default());
    (ds, e)
}

fn rows(e: &Engine, by: &[Dim]) -> Vec<Row> {
    e.report(&Query { by: by.to_vec(), ..Query::default() }).rows
}

/// The six product counts and the conversion rate of a row.
fn counts(r: &Row) -> ([u64; 6], Option<f64>) {
    let m = &r.metrics;
    (
        [
            m.product_consult_buyers,
            m.product_inquiry_buyers,
            m.product_order_buyers,
            m.product_paid_buyers,
            m.product_recommended,
            m.product_recommended_paid,
        ],
        m.product_conversion_rate,
    )
}

/// Every product count of every row drills to exactly that many
/// buyer-days, and the conversion rate's failures are inquiry − paid.
fn check_drills(ds: &Dataset, e: &Engine, rows: &[Row]) {
    for r in rows {
        let v = serde_json::to_value(&r.metrics).unwrap();
        for m in PRODUCT_COUNTS {
            let d = e.drill(ds, &DrillRequest { filter: Filter::default(), key: r.key.clone(), metric: m.into() });
            assert_eq!(d.rows.len() as u64, v[m].as_u64().unwrap(), "{m} of {:?}", r.key);
            assert_eq!(d.unit, "buyer_day");
        }
        let d = e.drill(
            ds,
            &DrillRequest { filter: Filter::default(), key: r.key.clone(), metric: "product_conversion_rate".into() },
        );
        assert_eq!(d.rows.len() as u64, r.metrics.product_inquiry_buyers, "{:?}", r.key);
        assert_eq!(
            d.failures,
            Some((r.metrics.product_inquiry_buyers - r.metrics.product_paid_buyers) as usize),
            "{:?}",
            r.key
        );
    }
}

/// By product, with the item list:
/// - the rows are the products some buyer-day mentions, by key: the ids
///   600000000001, 600000000002, 600000000004, then the title
///   高腰阔腿牛仔裤 (digits sort before 高); 针织开衫 (丁's order) is in no
///   chat, so no row;
/// - 600000000001 (纯棉短袖T恤): 甲 mentions it → 咨询 1, 询单 1; 甲's order
///   is titled 纯棉短袖T恤 = 600000000001 by the item list, credited to
///   店:01 (10:02 is the last reply before 10:30), paid 10:31 ≤ day + 3
///   → 下单 1, 付款 1, 1/1 = 1.0; no agent sent it → 推荐 0;
/// - 600000000002 (碎花连衣裙): 甲 (店:01 sent it) and 乙 (店:01 sent it)
///   → 咨询 2, 询单 2, 推荐 2; 甲's order holds 600000000001 only, 乙's is
///   碎花连衣裙 = 600000000002 → 下单 1, 付款 1, 1/2 = 0.5; 推荐成交: 乙 only
///   → 1;
/// - 600000000004 (no title: not in the item list): 丁 → 咨询 1, 询单 1;
///   丁's order (针织开衫) is another product → 下单 0, 付款 0, 0/1 = 0.0;
/// - 高腰阔腿牛仔裤 (a card without a link: the title is the product; no id):
///   丙 → 咨询 1, 询单 1; 丙's order has the same title, credited to 店:02
///   (12:01 is after 店:01's 11:51) → 下单 1, 付款 1, 1.0.
///
/// 甲 mentions two products and counts in both rows: the rows' 咨询 add to
/// 5, the buyer-days mentioning a product are 4 (甲 乙 丙 丁; 己 mentions
/// none) — the shop row (any product) says 4.
#[test]
fn by_product_with_the_item_list() {
    let (ds, e) = engine(true);
    let r = rows(&e, &[Dim::Product]);
    let keys: Vec<(&str, &str, &str)> = r
        .iter()
        .map(|r| (r.key["product"].as_str(), r.key["product_id"].as_str(), r.key["product_title"].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("600000000001", "600000000001", "纯棉短袖T恤"),
            ("600000000002", "600000000002", "碎花连衣裙"),
            ("600000000004", "600000000004", ""),
            ("高腰阔腿牛仔裤", "", "高腰阔腿牛仔裤"),
        ]
    );
    assert_eq!(counts(&r[0]), ([1, 1, 1, 1, 0, 0], Some(1.0)));
    assert_eq!(counts(&r[1]), ([2, 2, 1, 1, 2, 1], Some(0.5)));
    assert_eq!(counts(&r[2]), ([1, 1, 0, 0, 0, 0], Some(0.0)));
    assert_eq!(counts(&r[3]), ([1, 1, 1, 1, 0, 0], Some(1.0)));
    // the row's other metrics are of its buyer-days: 600000000002's are 甲 乙
    assert_eq!(r[1].metrics.consult_buyers, 2);
    let sum: u64 = r.iter().map(|r| r.metrics.product_consult_buyers).sum();
    assert_eq!(sum, 5);
    // The shop (any product): 咨询 4 (甲 乙 丙 丁), 询单 4; 下单: 甲 (its
    // order holds 600000000001, which 甲 mentions), 乙, 丙 → 3 (丁's order
    // holds no product 丁 mentions); 付款 3, 3/4; 推荐: 甲, 乙 → 2; 推荐成交:
    // 乙 → 1 (甲 was sent 600000000002 and bought 600000000001).
    let shop = rows(&e, &[]);
    assert_eq!(counts(&shop[0]), ([4, 4, 3, 3, 2, 1], Some(0.75)));
    // 己's order (the overlap file) is 纯棉短袖T恤 too, but 己 mentions no
    // product: it counts nowhere here; 甲's order repeated in the overlap
    // file is one order (5 counted of 6 rows).
    assert_eq!(ds.counted_orders().count(), 5);
    assert_eq!(shop[0].metrics.ordered_buyers, 5);
    // joined: 4 buyer-days mention products; of their attributed orders,
    // 丁's holds none of 丁's products
    assert_eq!(e.product_join_counts(), (4, 1));
    // the whole join, as the app's summary has it: 甲's, 乙's and 丙's
    // orders hold a product they mention (3 joined); the item list names
    // neither 丙's 高腰阔腿牛仔裤 (a title of no row) nor 丁's 600000000004
    // (an id of no row): 2 mentions unknown to it
    let j = kefu_lens::engine::ProductJoin {
        buyer_days_mentioning: 4,
        orders_joined: 3,
        orders_not_joined: 1,
        mentions_unknown_to_items: 2,
    };
    assert_eq!(e.summary(&ds).products, j);
    check_drills(&ds, &e, &r);
    check_drills(&ds, &e, &shop);
}

/// Without the item list the links (ids) and the orders' titles do not
/// join: 甲's 纯棉短袖T恤 and 乙's 碎花连衣裙 are products of their own
/// (titles), so 600000000001 and 600000000002 have 下单 0, 付款 0 and 推荐成交
/// 0; the ids have no title. The title product 高腰阔腿牛仔裤 still joins by
/// its exact title. Not joined: 甲's, 乙's and 丁's orders → 3.
#[test]
fn without_the_item_list_only_titles_join_titles() {
    let (ds, e) = engine(false);
    let r = rows(&e, &[Dim::Product]);
    let keys: Vec<(&str, &str)> =
        r.iter().map(|r| (r.key["product"].as_str(), r.key["product_title"].as_str())).collect();
    assert_eq!(
        keys,
        [("600000000001", ""), ("600000000002", ""), ("600000000004", ""), ("高腰阔腿牛仔裤", "高腰阔腿牛仔裤")]
    );
    assert_eq!(counts(&r[0]), ([1, 1, 0, 0, 0, 0], Some(0.0)));
    assert_eq!(counts(&r[1]), ([2, 2, 0, 0, 2, 0], Some(0.0)));
    assert_eq!(counts(&r[3]), ([1, 1, 1, 1, 0, 0], Some(1.0)));
    assert_eq!(e.product_join_counts(), (4, 3));
    // only 丙's order joins; without an item list nothing is "unknown to it"
    let j = e.summary(&ds).products;
    assert_eq!((j.orders_joined, j.orders_not_joined, j.mentions_unknown_to_items), (1, 3, 0));
    check_drills(&ds, &e, &r);
}

/// By agent × product: a buyer-day's product belongs to each of its
/// agents (§4: the inquiry counts for every pre-sales agent it chatted
/// with), its orders to the credited agent, 推荐 to the agent who sent it.
/// - 店:01 × 600000000001: 甲 → [1, 1, 1, 1, 0, 0];
/// - 店:01 × 600000000002: 甲, 乙, both sent by 店:01 → [2, 2, 1, 1, 2, 1];
/// - 店:01 × 高腰阔腿牛仔裤: 丙 chatted with 店:01 too → 咨询 1, 询单 1,
///   but the order is credited to 店:02 → 下单 0, 付款 0, 0/1;
/// - 店:02 × 600000000004: 丁 → [1, 1, 0, 0, 0, 0];
/// - 店:02 × 高腰阔腿牛仔裤: 丙, credited → [1, 1, 1, 1, 0, 0].
#[test]
fn by_agent_and_product() {
    let (ds, e) = engine(true);
    let r = rows(&e, &[Dim::Agent, Dim::Product]);
    let keys: Vec<(&str, &str)> = r.iter().map(|r| (r.key["agent"].as_str(), r.key["product"].as_str())).collect();
    assert_eq!(
        keys,
        [
            ("店:01", "600000000001"),
            ("店:01", "600000000002"),
            ("店:01", "高腰阔腿牛仔裤"),
            ("店:02", "600000000004"),
            ("店:02", "高腰阔腿牛仔裤"),
        ]
    );
    let want = [
        ([1, 1, 1, 1, 0, 0], Some(1.0)),
        ([2, 2, 1, 1, 2, 1], Some(0.5)),
        ([1, 1, 0, 0, 0, 0], Some(0.0)),
        ([1, 1, 0, 0, 0, 0], Some(0.0)),
        ([1, 1, 1, 1, 0, 0], Some(1.0)),
    ];
    for (row, w) in r.iter().zip(want) {
        assert_eq!(counts(row), w, "{:?}", row.key);
    }
    check_drills(&ds, &e, &r);
    // The drill of 店:01 × 600000000002's 推荐成交 is 乙's buyer-day, at the
    // conversation-day that sent the link (its transcript one click away).
    let d = e.drill(
        &ds,
        &DrillRequest { filter: Filter::default(), key: r[1].key.clone(), metric: "product_recommended_paid".into() },
    );
    assert_eq!(d.rows.len(), 1);
    assert_eq!((d.rows[0].agent.as_str(), d.rows[0].buyer.as_str()), ("店:01", "买家乙"));
    let t = e.transcript(&ds, d.rows[0].conv).unwrap();
    assert!(t.messages.iter().any(|m| m.text.contains("id=600000000002")));
}

fn cli(by: &str, format: &str) -> String {
    let args = ReportArgs {
        input: InputArgs {
            chats: vec![path(CHATS)],
            orders: vec![path(ORDERS), path(OVERLAP)],
            items: vec![path(ITEMS)],
            parts: 2,
            ..Default::default()
        },
        by: by.into(),
        format: format.into(),
        rules: String::new(),
    };
    run(&args).unwrap_or_else(|e| panic!("report --by {by}: {e}")).text
}

/// `kefu report --by product` (JSON and CSV, through the partitioned
/// engine): the same numbers as above, each row naming product, id and
/// title; the item list is read (`--items`) as an item list; the product
/// object says 4 buyer-days mention a product and 1 order did not join.
/// Other groupings leave the product metrics out.
#[test]
fn cli_by_product() {
    let v: Value = serde_json::from_str(&cli("product", "json")).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let r = &rows[1];
    assert_eq!(
        (r["product"].as_str(), r["product_id"].as_str(), r["product_title"].as_str()),
        (Some("600000000002"), Some("600000000002"), Some("碎花连衣裙"))
    );
    let got: Vec<u64> = PRODUCT_COUNTS.iter().map(|k| r[*k].as_u64().unwrap()).collect();
    assert_eq!(got, [2, 2, 1, 1, 2, 1]);
    assert_eq!(r["product_conversion_rate"], 0.5);
    assert_eq!(v["products"]["buyer_days_mentioning"], 4);
    assert_eq!(v["products"]["orders_not_joined"], 1);
    assert_eq!(
        (v["products"]["orders_joined"].as_u64(), v["products"]["mentions_unknown_to_items"].as_u64()),
        (Some(3), Some(2))
    );
    let files = v["diagnostics"].as_array().unwrap();
    let items = files.iter().find(|f| f["name"] == ITEMS).unwrap();
    assert_eq!(
        (items["kind"].as_str(), items["format"].as_str(), items["imported"].as_u64()),
        (Some("items"), Some("item-list"), Some(2))
    );
    // CSV: the same columns, keys first
    let csv = cli("product", "csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], ["product", "product_id", "product_title"]);
    assert!(header.contains(&"product_recommended_paid"));
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(cells.len(), 4);
    assert_eq!(cells[3][0], "高腰阔腿牛仔裤");
    assert_eq!(cells[3][col("product_paid_buyers")], "1");
    assert_eq!(cells[2][col("product_conversion_rate")], "0.0");
    // not a product grouping: no product columns
    let agent = cli("agent", "csv");
    assert!(!agent.lines().next().unwrap().contains("product_"));
}

/// `kefu report --by agent-product`: rows by agent, then product; 店:01 ×
/// 高腰阔腿牛仔裤 has the inquiry but not the order (credited to 店:02).
#[test]
fn cli_by_agent_product() {
    let v: Value = serde_json::from_str(&cli("agent-product", "json")).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let keys: Vec<(&str, &str)> =
        rows.iter().map(|r| (r["agent"].as_str().unwrap(), r["product"].as_str().unwrap())).collect();
    assert_eq!(keys.len(), 5);
    assert_eq!(keys[2], ("店:01", "高腰阔腿牛仔裤"));
    assert_eq!(
        (rows[2]["product_inquiry_buyers"].as_u64(), rows[2]["product_paid_buyers"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        (rows[4]["product_inquiry_buyers"].as_u64(), rows[4]["product_paid_buyers"].as_u64()),
        (Some(1), Some(1))
    );
}

/// The item list is found by its header without a kind given; removing it
/// takes its rows out (and the join with it).
#[test]
fn item_list_detected_and_removed() {
    let mut ds = dataset(false);
    let r = import_bytes(&mut ds, ITEMS, std::fs::read(path(ITEMS)).unwrap(), None);
    assert_eq!((r.kind, r.format.as_str(), r.imported), (FileKind::Items, "item-list", 2));
    assert_eq!(ds.items.len(), 2);
    assert_eq!((ds.items[1].id.as_str(), ds.items[1].title.as_str()), ("600000000002", "碎花连衣裙"));
    let e = Engine::prepare(&mut ds, &Settings::default());
    assert_eq!(e.product_join_counts(), (4, 1));
    let last = ds.files.len() - 1;
    assert!(ds.remove_file(last));
    assert!(ds.items.is_empty());
    let e = Engine::prepare(&mut ds, &Settings::default());
    assert_eq!(e.product_join_counts(), (4, 3));
}

const SKU_CHATS: &str = "products_sku_chats.csv";
const SKU_ORDERS: &str = "ExportOrderList_sku.csv";

/// The sku fixture: a chat table with a `sku` column (JDDC's name) and no
/// product in any text, its orders, and the item list.
fn sku_dataset() -> Dataset {
    let mut ds = Dataset::default();
    for (name, kind) in [(SKU_CHATS, None), (SKU_ORDERS, Some(FileKind::Orders)), (ITEMS, Some(FileKind::Items))] {
        let r = import_bytes(&mut ds, name, std::fs::read(path(name)).unwrap(), kind);
        assert!(r.fatal.is_none(), "{name}: {:?}", r.fatal);
        assert_eq!(r.skipped, 0, "{name}: {:?}", r.problems);
    }
    ds
}

/// A chat table's product column (issue 14 item 1), by hand from
/// docs/metrics.md 商品 (all 2024-06-01, default settings):
///
/// | buyer | messages and their `sku` cell | order (宝贝标题) |
/// |---|---|---|
/// | 庚 | asks with 600000000001; 店:01 replies (`nan`), then a message with 600000000002 | 10:30 纯棉短袖T恤 (= 600000000001 by the item list), paid 10:31 |
/// | 辛 | asks (empty); 店:01 replies with the link of 600000000002; 辛 says 好的 (`nan`) | 11:10 碎花连衣裙 (= 600000000002), paid 11:11 |
/// | 壬 | asks with 高腰阔腿牛仔裤 (a name, not in the item list); 店:02 replies (`nan`) | none |
/// | 癸 | `nan` throughout | none |
///
/// A buyer's value is the buyer consulting it, an agent's the agent
/// recommending it (and mentioning it). So:
/// - 600000000001: 庚 → 咨询 1, 询单 1; 庚's order holds it → 下单 1, 付款 1,
///   1.0; nobody sent it → 推荐 0, 推荐成交 0;
/// - 600000000002: 庚 (店:01 sent it) and 辛 (店:01 sent it as a link) →
///   咨询 2, 询单 2, 推荐 2; 辛's order holds it (庚's does not) → 下单 1,
///   付款 1, 0.5; 推荐成交 1 (辛);
/// - 高腰阔腿牛仔裤: 壬 → 咨询 1, 询单 1, the rest 0, rate 0.0;
/// - the shop (any product): 庚 辛 壬 → 3, 3; 下单 and 付款 庚 辛 → 2; 推荐
///   庚 辛 → 2; 推荐成交 辛 → 1; 2/3. 癸 mentions nothing.
///
/// Joins: 3 buyer-days mention products, 2 orders hold one of theirs, 0
/// do not; 1 mention (高腰阔腿牛仔裤) is unknown to the item list.
#[test]
fn a_sku_column_names_the_product_of_its_message() {
    let mut ds = sku_dataset();
    assert_eq!(ds.files[0].format, "chat-table");
    // only the cells that name something are kept: 4 of 10 messages
    assert_eq!(ds.message_products.len(), 4);
    let e = Engine::prepare(&mut ds, &Settings::default());
    let r = rows(&e, &[Dim::Product]);
    let keys: Vec<(&str, &str)> =
        r.iter().map(|r| (r.key["product"].as_str(), r.key["product_title"].as_str())).collect();
    assert_eq!(
        keys,
        [("600000000001", "纯棉短袖T恤"), ("600000000002", "碎花连衣裙"), ("高腰阔腿牛仔裤", "高腰阔腿牛仔裤")]
    );
    assert_eq!(counts(&r[0]), ([1, 1, 1, 1, 0, 0], Some(1.0)));
    assert_eq!(counts(&r[1]), ([2, 2, 1, 1, 2, 1], Some(0.5)));
    assert_eq!(counts(&r[2]), ([1, 1, 0, 0, 0, 0], Some(0.0)));
    let shop = rows(&e, &[]);
    assert_eq!(counts(&shop[0]), ([3, 3, 2, 2, 2, 1], Some(2.0 / 3.0)));
    let j = e.summary(&ds).products;
    let want = kefu_lens::engine::ProductJoin {
        buyer_days_mentioning: 3,
        orders_joined: 2,
        orders_not_joined: 0,
        mentions_unknown_to_items: 1,
    };
    assert_eq!(j, want);
    check_drills(&ds, &e, &r);
    check_drills(&ds, &e, &shop);
}

/// The product side table follows its messages when a file before them is
/// removed or a later import is rolled back: the sku chats loaded after
/// another chat file answer the same before and after that file goes.
#[test]
fn message_products_survive_remove_and_rollback() {
    let alone = {
        let mut ds = sku_dataset();
        let e = Engine::prepare(&mut ds, &Settings::default());
        serde_json::to_string(&rows(&e, &[Dim::Product])).unwrap()
    };
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, CHATS, std::fs::read(path(CHATS)).unwrap(), Some(FileKind::Chats));
    assert_eq!(r.skipped, 0);
    for (name, kind) in [(SKU_CHATS, None), (SKU_ORDERS, Some(FileKind::Orders)), (ITEMS, Some(FileKind::Items))] {
        import_bytes(&mut ds, name, std::fs::read(path(name)).unwrap(), kind);
    }
    // a later file rolled back leaves the table as it was
    let cp = ds.checkpoint();
    import_bytes(&mut ds, "again.csv", std::fs::read(path(SKU_CHATS)).unwrap(), None);
    assert_eq!(ds.message_products.len(), 8);
    ds.rollback(cp);
    assert_eq!(ds.message_products.len(), 4);
    assert!(ds.remove_file(0));
    assert_eq!(ds.message_product(0), Some("600000000001"), "the first sku message is now message 0");
    let e = Engine::prepare(&mut ds, &Settings::default());
    assert_eq!(serde_json::to_string(&rows(&e, &[Dim::Product])).unwrap(), alone);
}

/// Loaded twice, the second copy's rows are duplicates (spec §1.2.1): the
/// products count once.
#[test]
fn a_sku_table_loaded_twice_counts_once() {
    let mut once = sku_dataset();
    let mut twice = sku_dataset();
    import_bytes(&mut twice, "copy.csv", std::fs::read(path(SKU_CHATS)).unwrap(), None);
    let (e1, e2) =
        (Engine::prepare(&mut once, &Settings::default()), Engine::prepare(&mut twice, &Settings::default()));
    assert_eq!(twice.files.last().unwrap().duplicates, 10);
    assert_eq!(
        serde_json::to_string(&rows(&e1, &[Dim::Product])).unwrap(),
        serde_json::to_string(&rows(&e2, &[Dim::Product])).unwrap()
    );
}

/// `kefu report --by product` over the sku chats (2 parts, the item list
/// as `--items`): the hand counts above.
#[test]
fn cli_by_product_reads_the_sku_column() {
    let args = ReportArgs {
        input: InputArgs {
            chats: vec![path(SKU_CHATS)],
            orders: vec![path(SKU_ORDERS)],
            items: vec![path(ITEMS)],
            parts: 2,
            ..Default::default()
        },
        by: "product".into(),
        format: "json".into(),
        rules: String::new(),
    };
    let v: Value = serde_json::from_str(&run(&args).unwrap().text).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let got: Vec<(String, Vec<u64>)> = rows
        .iter()
        .map(|r| {
            (
                r["product"].as_str().unwrap().to_string(),
                PRODUCT_COUNTS.iter().map(|k| r[*k].as_u64().unwrap()).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("600000000001".to_string(), vec![1, 1, 1, 1, 0, 0]),
            ("600000000002".to_string(), vec![2, 2, 1, 1, 2, 1]),
            ("高腰阔腿牛仔裤".to_string(), vec![1, 1, 0, 0, 0, 0]),
        ]
    );
    assert_eq!(v["products"]["orders_joined"], 2);
    assert_eq!(v["products"]["mentions_unknown_to_items"], 1);
}

/// Refunds per product (issue 14 item 2), by hand from docs/metrics.md 退款
/// over the sku chats (庚 mentions 600000000001 and 600000000002, 辛
/// 600000000002; both credited to 店:01), `ExportOrderList_sku_refunds.csv`
/// and `refunds_sku.csv`:
/// - …301 (庚): 纯棉短袖T恤 + 碎花连衣裙 (= …001 + …002 by the item list),
///   348.00; the order export's 退款金额 30.00, no application: it names
///   no item, so it is each product's (30.00 under each);
/// - …302 (辛): the same two items, 348.00; R301 names 宝贝ID
///   600000000001, 100.00 退款成功 质量问题 (06-02 10:00); R302 names only
///   the title 碎花连衣裙 (→ 600000000002), 40.00 退款关闭 不想要了 (06-02
///   09:00, the order's first application).
///
/// Row 600000000001 (its buyer-days: 庚): sales orders holding it …301 →
/// 1, 348.00; refunded …301 (30.00) → 1, 30.00, 30/348; quality 0 → 0.0.
/// Row 600000000002 (庚, 辛): …301 and …302 → 2, 696.00; refunded: …301
/// 30.00; …302's refund of it is R302, closed → nothing → 1, 30.00,
/// 30/696; quality 0 of 2. R301 is 600000000001's only, and 辛 does not
/// mention it: in no product row. The shop (whole orders): …301 30.00,
/// …302 100.00 (R301) → 2, 130.00 of 696.00; …302's first application is
/// R302 (不想要了) → quality 0; per product …302's first application of
/// 600000000001 would be R301 (质量问题), which no product row holds here.
#[test]
fn refunds_per_product_by_hand() {
    let mut ds = Dataset::default();
    for (name, kind) in [
        (SKU_CHATS, None),
        ("ExportOrderList_sku_refunds.csv", Some(FileKind::Orders)),
        (ITEMS, Some(FileKind::Items)),
        ("refunds_sku.csv", None),
    ] {
        let r = import_bytes(&mut ds, name, std::fs::read(path(name)).unwrap(), kind);
        assert_eq!((r.skipped, r.fatal.is_none()), (0, true), "{name}: {:?}", r.problems);
    }
    assert_eq!(ds.refunds[0].item_id, "600000000001", "宝贝ID read");
    let e = Engine::prepare(&mut ds, &Settings::default());
    let money = |r: &Row| {
        let m = &r.metrics;
        (m.sales_orders, m.sales_amount, m.refund_orders, m.refund_amount, m.quality_refund_orders)
    };
    for by in [vec![Dim::Product], vec![Dim::Agent, Dim::Product]] {
        let r = rows(&e, &by);
        assert_eq!(money(&r[0]), (1, Some(348.0), 1, Some(30.0), 0), "{by:?}");
        assert_eq!((r[0].metrics.refund_rate, r[0].metrics.first_quality_refund_rate), (Some(30.0 / 348.0), Some(0.0)));
        assert_eq!(money(&r[1]), (2, Some(696.0), 1, Some(30.0), 0), "{by:?}");
        assert_eq!((r[1].metrics.refund_rate, r[1].metrics.first_quality_refund_rate), (Some(30.0 / 696.0), Some(0.0)));
        assert_eq!(money(&r[2]), (0, Some(0.0), 0, Some(0.0), 0), "{by:?}");
        assert_eq!(r[2].metrics.refund_rate, None);
        check_refund_drills(&ds, &e, &r);
    }
    let shop = rows(&e, &[]);
    assert_eq!(money(&shop[0]), (2, Some(696.0), 2, Some(130.0), 0));
    check_refund_drills(&ds, &e, &shop);
}

/// Every refund count of every row drills to that many orders, refund
/// amounts add up to the row's, and a rate's failures are its numerator.
fn check_refund_drills(ds: &Dataset, e: &Engine, rows: &[Row]) {
    for r in rows {
        let drill =
            |m: &str| e.drill(ds, &DrillRequest { filter: Filter::default(), key: r.key.clone(), metric: m.into() });
        let m = &r.metrics;
        for (k, n) in [
            ("sales_orders", m.sales_orders),
            ("refund_orders", m.refund_orders),
            ("quality_refund_orders", m.quality_refund_orders),
        ] {
            assert_eq!(drill(k).rows.len() as u64, n, "{k} of {:?}", r.key);
        }
        let fen: i64 = drill("refund_amount")
            .rows
            .iter()
            .map(|x| match &x.detail {
                kefu_lens::engine::DrillDetail::Refund { amount_fen, .. } => *amount_fen,
                other => panic!("{other:?}"),
            })
            .sum();
        assert_eq!(Some(fen as f64 / 100.0), m.refund_amount, "refund_amount of {:?}", r.key);
        let d = drill("refund_rate");
        assert_eq!((d.rows.len() as u64, d.failures), (m.sales_orders, Some(m.refund_orders as usize)), "{:?}", r.key);
        let d = drill("first_quality_refund_rate");
        assert_eq!(d.failures, Some(m.quality_refund_orders as usize), "{:?}", r.key);
    }
}
