//! `kefu report` against hand-computed fixtures (spec §1–§4, §9, §10).
//!
//! Every expected number here was derived by hand from
//! /work/shared/spec/metrics.md and the fixture files; the derivations are in
//! the comments next to the assertions.
#![cfg(not(target_arch = "wasm32"))]

use kefu_lens::cli::report::{run, ReportArgs};
use kefu_lens::cli::InputArgs;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn report_json(chats: &[&str], orders: &[&str], config: Option<&str>, by: &str) -> Value {
    let args = ReportArgs {
        input: InputArgs {
            chats: chats.iter().map(|c| fixture(c)).collect(),
            orders: orders.iter().map(|o| fixture(o)).collect(),
            ratings: vec![],
            config: config.map(fixture),
            ..Default::default()
        },
        by: by.into(),
        format: "json".into(),
        rules: String::new(),
    };
    let out = run(&args).unwrap_or_else(|e| panic!("report --by {by} failed: {e}"));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("report output is not JSON ({e}):\n{out}"))
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().expect("rows array")
}

/// The single row whose field `key` equals `val`.
fn row<'a>(v: &'a Value, key: &str, val: &str) -> &'a Value {
    let found: Vec<&Value> = rows(v).iter().filter(|r| r[key] == val).collect();
    assert_eq!(found.len(), 1, "expected exactly one row with {key}={val}, rows: {:#}", v["rows"]);
    found[0]
}

fn int(r: &Value, k: &str) -> i64 {
    r[k].as_i64().unwrap_or_else(|| panic!("{k} is not an integer in {r:#}"))
}

fn num(r: &Value, k: &str) -> f64 {
    r[k].as_f64().unwrap_or_else(|| panic!("{k} is not a number in {r:#}"))
}

fn close(r: &Value, k: &str, want: f64) {
    let got = num(r, k);
    assert!((got - want).abs() < 1e-6, "{k}: got {got}, want {want}; row {r:#}");
}

const E2E_CHATS: &str = "e2e_chats.csv";
const E2E_ORDERS: &str = "ExportOrderList_e2e.csv";

// ---------------------------------------------------------------- 1a

/// 2024-06-01 (Saturday, default work time = all day):
/// * (01,甲): 09:00 valid buyer msg opens R1; 09:00:30 is `[自动回复]` → auto,
///   does not close; 09:02 human closes → 120 s. 09:03 `好的` is a closing
///   word → not valid, opens no round.
/// * (01,乙): 10:00 → 10:05 = 300 s.
/// * (02,丙): 11:00, never answered → counted round, unanswered.
/// * (02,甲): 14:00 → 14:01 = 60 s.
///
/// rounds 4, rounds_3min 2 (120, 60), avg (120+300+60)/3 = 160.
/// Buyer-days 甲 乙 丙 = 3 consults; 甲 乙 received; 丙 unreplied.
/// Orders: 甲 created 06-01 09:10 (after 09:00 inquiry), paid 09:12, 128 →
/// same-day; 乙 created 06-03 10:00 (06-01 + 2 ≤ 3 days), paid 06-03 → final
/// only; 丙 created 10:30 before her 11:00 chat → not attributed; 戊 never
/// chatted → not attributed. sales 128 + 99 = 227.
/// 2024-06-02: (01,丁) 09:00 → 09:00:40 = 40 s.
#[test]
fn e2e_by_day_matches_hand_computed() {
    let v = report_json(&[E2E_CHATS], &[E2E_ORDERS], None, "day");

    let d1 = row(&v, "day", "2024-06-01");
    assert_eq!(int(d1, "consult_buyers"), 3);
    assert_eq!(int(d1, "reception_buyers"), 2);
    assert_eq!(int(d1, "unreplied_buyers"), 1);
    close(d1, "reply_rate", 2.0 / 3.0);
    assert_eq!(int(d1, "rounds"), 4);
    assert_eq!(int(d1, "rounds_3min"), 2);
    close(d1, "response_rate_3min", 0.5);
    close(d1, "avg_response_secs", 160.0);
    // First counted round per conversation-day, answered ones only:
    // (01,甲) 120, (01,乙) 300, (02,甲) 60; (02,丙) unanswered → excluded.
    close(d1, "first_response_secs", 160.0);
    // Maxima over the same populations: answered rounds 120, 300 (乙), 60 →
    // 300; first responses 120, 300 (乙), 60 → 300. 丙's unanswered round
    // is in neither.
    close(d1, "max_response_secs", 300.0);
    close(d1, "max_first_response_secs", 300.0);
    // Reception conversation-days, last − first buyer/human message:
    // (01,甲) 09:00→09:03 (好的 is still a buyer message) = 180,
    // (01,乙) 300, (02,甲) 60 → 540/3 = 180. (02,丙) is no reception.
    close(d1, "avg_reception_secs", 180.0);
    // Valid buyer messages: 甲 09:00, 乙 10:00, 丙 11:00, 甲 14:00 (好的 excluded).
    assert_eq!(int(d1, "buyer_messages"), 4);
    // Human messages: 09:02, 10:05, 14:01 (the auto-reply is not human).
    assert_eq!(int(d1, "agent_messages"), 3);
    close(d1, "answer_ratio", 0.75);
    // Conversion.
    assert_eq!(int(d1, "inquiry_buyers"), 3);
    assert_eq!(int(d1, "ordered_buyers"), 2);
    assert_eq!(int(d1, "paid_buyers_same_day"), 1);
    assert_eq!(int(d1, "paid_buyers_next_day"), 1, "乙 paid on 06-03, after the end of 06-02");
    assert_eq!(int(d1, "paid_buyers_final"), 2);
    close(d1, "sales_amount", 227.0);
    close(d1, "avg_order_value", 113.5);
    close(d1, "inquiry_conversion_same_day", 1.0 / 3.0);
    close(d1, "inquiry_conversion_final", 2.0 / 3.0);
    close(d1, "sales_conversion", 0.5); // paid same day 1 / reception 2
    assert_eq!(int(d1, "inquiry_no_order"), 1); // 丙
    assert_eq!(int(d1, "ordered_unpaid"), 0);

    let d2 = row(&v, "day", "2024-06-02");
    assert_eq!(int(d2, "consult_buyers"), 1);
    assert_eq!(int(d2, "reception_buyers"), 1);
    assert_eq!(int(d2, "unreplied_buyers"), 0);
    assert_eq!(int(d2, "rounds"), 1);
    assert_eq!(int(d2, "rounds_3min"), 1);
    close(d2, "avg_response_secs", 40.0);
    close(d2, "max_response_secs", 40.0);
    close(d2, "max_first_response_secs", 40.0);
    assert_eq!(int(d2, "inquiry_buyers"), 1);
    assert_eq!(int(d2, "ordered_buyers"), 0);
    assert!(d2["avg_order_value"].is_null(), "empty denominator must be null: {d2:#}");

    // Orders count on the inquiry's day, never the order's day, and 戊's
    // 300 元 order (no chat) is attributed nowhere.
    let total_sales: f64 = rows(&v).iter().map(|r| r["sales_amount"].as_f64().unwrap_or(0.0)).sum();
    assert!((total_sales - 227.0).abs() < 1e-6, "total sales {total_sales}");
    let total_paid: i64 = rows(&v).iter().map(|r| r["paid_buyers_final"].as_i64().unwrap_or(0)).sum();
    assert_eq!(total_paid, 2);
    assert_eq!(rows(&v).len(), 2, "only the two chat days have rows: {:#}", v["rows"]);
    for r in rows(&v) {
        assert!(r.get("agent").is_none(), "--by day rows carry no agent: {r:#}");
    }
}

/// Agent 01: buyer-days 甲/06-01, 乙/06-01, 丁/06-02 = 3; agent 02: 丙/06-01,
/// 甲/06-01 = 2. Shop: distinct buyer-days 甲 乙 丙 (06-01) + 丁 (06-02) = 4
/// < 3 + 2 = 5.
#[test]
fn e2e_by_agent_and_shop_total() {
    let v = report_json(&[E2E_CHATS], &[E2E_ORDERS], None, "agent");
    assert_eq!(rows(&v).len(), 2, "{:#}", v["rows"]);
    let a1 = row(&v, "agent", "某某旗舰店:01");
    let a2 = row(&v, "agent", "某某旗舰店:02");
    assert_eq!(int(a1, "consult_buyers"), 3);
    assert_eq!(int(a2, "consult_buyers"), 2);
    assert_eq!(int(a1, "reception_buyers"), 3);
    assert_eq!(int(a2, "reception_buyers"), 1);
    assert_eq!(int(a2, "unreplied_buyers"), 1);
    // 01: 120, 300, 40 → 460/3; 02: 60 (丙 unanswered).
    assert_eq!(int(a1, "rounds"), 3);
    close(a1, "avg_response_secs", 460.0 / 3.0);
    assert_eq!(int(a2, "rounds"), 2);
    close(a2, "avg_response_secs", 60.0);
    // Maxima: 01 max(120, 300, 40) = 300; 02 only 60 (丙 unanswered).
    close(a1, "max_response_secs", 300.0);
    close(a1, "max_first_response_secs", 300.0);
    close(a2, "max_response_secs", 60.0);
    close(a2, "max_first_response_secs", 60.0);
    // Both orders are credited to 01 (甲: last human reply before 09:10 is
    // 01's at 09:02; 乙 only talked to 01). 甲/06-01 is still an inquiry of 02.
    assert_eq!(int(a1, "paid_buyers_final"), 2);
    close(a1, "sales_amount", 227.0);
    assert_eq!(int(a2, "inquiry_buyers"), 2);
    assert_eq!(int(a2, "ordered_buyers"), 0);

    let sum: i64 = rows(&v).iter().map(|r| int(r, "consult_buyers")).sum();
    assert_eq!(sum, 5);
    let shop = report_json(&[E2E_CHATS], &[E2E_ORDERS], None, "shop");
    assert_eq!(rows(&shop).len(), 1);
    let s = &rows(&shop)[0];
    assert!(s.get("agent").is_none() && s.get("day").is_none(), "shop row has no dimension field: {s:#}");
    assert_eq!(int(s, "consult_buyers"), 4);
    // Shop maxima are the max of the per-agent maxima (300, 60), not a sum.
    close(s, "max_response_secs", 300.0);
    close(s, "max_first_response_secs", 300.0);
    assert!(int(s, "consult_buyers") < sum);
    assert_eq!(int(s, "reception_buyers"), 3);
    assert_eq!(int(s, "inquiry_buyers"), 4);
    close(s, "sales_amount", 227.0);
}

/// e2e_chats.csv: 12 data lines (header excluded), line 13 has month 13.
#[test]
fn e2e_diagnostics() {
    let v = report_json(&[E2E_CHATS], &[E2E_ORDERS], None, "day");
    let diags = v["diagnostics"].as_array().expect("diagnostics array");
    let chats = diags.iter().find(|d| d["name"] == E2E_CHATS).expect("diagnostics for e2e_chats.csv");
    assert_eq!(int(chats, "read"), 12);
    assert_eq!(int(chats, "imported"), 11);
    assert_eq!(int(chats, "skipped"), 1);
    let problems = chats["problems"].as_array().expect("problems");
    assert!(!problems.is_empty());
    assert_eq!(int(&problems[0], "line"), 13);
    let orders = diags.iter().find(|d| d["name"] == E2E_ORDERS).expect("diagnostics for the order export");
    assert_eq!(int(orders, "read"), 4);
    assert_eq!(int(orders, "imported"), 4);
    assert_eq!(int(orders, "skipped"), 0);
}

// ---------------------------------------------------------------- 1b

/// chat_table.csv, chat_inline.txt and chat_qianniu.txt hold the same
/// conversation (read receipts 已读/未读 are dropped; the transfer notice is a
/// system message in all three; the buyer's last message spans two lines).
#[test]
fn three_chat_formats_give_identical_rows() {
    let files = ["chat_table.csv", "chat_inline.txt", "chat_qianniu.txt"];
    for by in ["agent-day", "shop", "agent", "day"] {
        let reports: Vec<Value> = files.iter().map(|f| report_json(&[f], &[], None, by)).collect();
        assert!(!rows(&reports[0]).is_empty());
        for (f, r) in files.iter().zip(&reports).skip(1) {
            assert_eq!(rows(r), rows(&reports[0]), "--by {by}: {f} differs from {}", files[0]);
        }
    }
    // Hand-computed, agent-day:
    // 01: 09:00:05 valid buyer msg opens a round; the 09:00:20 auto-reply does
    //     not close it; 09:01:10 human closes → 65 s. 09:02:00 `好的 那我拍了`
    //     is not a closing word (text is more than 好的) → opens a round that
    //     01 never answers (closed unanswered at 24:00).
    // 02: 09:04 human, then 09:05 `谢谢\n顺便问下发什么快递` (valid) opens a
    //     round that is never answered.
    let v = report_json(&["chat_table.csv"], &[], None, "agent-day");
    assert_eq!(rows(&v).len(), 2, "{:#}", v["rows"]);
    let a1 = row(&v, "agent", "某某旗舰店:01");
    assert_eq!(a1["day"], "2024-06-01");
    assert_eq!(int(a1, "consult_buyers"), 1);
    assert_eq!(int(a1, "reception_buyers"), 1);
    assert_eq!(int(a1, "rounds"), 2);
    assert_eq!(int(a1, "rounds_3min"), 1);
    close(a1, "avg_response_secs", 65.0);
    close(a1, "first_response_secs", 65.0);
    assert_eq!(int(a1, "buyer_messages"), 2);
    assert_eq!(int(a1, "agent_messages"), 1);
    let a2 = row(&v, "agent", "某某旗舰店:02");
    assert_eq!(int(a2, "consult_buyers"), 1);
    assert_eq!(int(a2, "reception_buyers"), 1);
    assert_eq!(int(a2, "rounds"), 1);
    assert_eq!(int(a2, "rounds_3min"), 0);
    assert!(a2["avg_response_secs"].is_null(), "no answered round → null: {a2:#}");
    assert_eq!(int(a2, "buyer_messages"), 1);
    assert_eq!(int(a2, "agent_messages"), 1);

    let shop = report_json(&["chat_table.csv"], &[], None, "shop");
    let s = &rows(&shop)[0];
    assert_eq!(int(s, "consult_buyers"), 1); // one buyer-day over both agents
    assert_eq!(int(s, "rounds"), 3);
}

// ---------------------------------------------------------------- 1c

/// Monday 2024-06-03, work time 09:00–12:00 and 13:30–18:00. The buyer asks
/// at 11:59:00 and the agent answers at 13:31:00: business clock 60 s before
/// lunch + 60 s after = 120 s; calendar 1 h 32 min = 5520 s.
#[test]
fn lunch_break_stops_the_business_clock() {
    let v = report_json(&["lunch_chats.csv"], &[], Some("lunch_settings.json"), "agent-day");
    let r = row(&v, "day", "2024-06-03");
    assert_eq!(r["agent"], "某某旗舰店:01");
    assert_eq!(int(r, "rounds"), 1);
    close(r, "avg_response_secs", 120.0);
    close(r, "first_response_secs", 120.0);
    close(r, "avg_response_calendar_secs", 5520.0);
    close(r, "first_response_calendar_secs", 5520.0);
    assert_eq!(int(r, "rounds_3min"), 1, "120 business seconds ≤ 180");

    // Without the config (default 00:00–24:00) both clocks agree.
    let v = report_json(&["lunch_chats.csv"], &[], None, "agent-day");
    let r = row(&v, "day", "2024-06-03");
    close(r, "avg_response_secs", 5520.0);
    close(r, "avg_response_calendar_secs", 5520.0);
    assert_eq!(int(r, "rounds_3min"), 0);
}

// ---------------------------------------------------------------- 1d

/// Spec §3 and §4 keys, as listed in the contract's tables.
const SPEC_METRIC_KEYS: &[&str] = &[
    // §3
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "rounds",
    "rounds_3min",
    "response_rate_3min",
    "first_response_secs",
    "avg_response_secs",
    "avg_reception_secs",
    "buyer_messages",
    "agent_messages",
    "answer_ratio",
    // §4
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_conversion_same_day",
    "inquiry_conversion_final",
    "sales_conversion",
    "sales_amount",
    "avg_order_value",
    "inquiry_no_order",
    "ordered_unpaid",
];

#[test]
fn csv_header_has_every_spec_metric_key() {
    for by in ["shop", "agent-day"] {
        let args = ReportArgs {
            input: InputArgs {
                chats: vec![fixture(E2E_CHATS)],
                orders: vec![fixture(E2E_ORDERS)],
                ..Default::default()
            },
            by: by.into(),
            format: "csv".into(),
            rules: String::new(),
        };
        let out = run(&args).unwrap();
        let header: Vec<&str> = out.lines().next().expect("header line").split(',').collect();
        for k in SPEC_METRIC_KEYS {
            assert!(header.contains(k), "--by {by} CSV header lacks {k}: {header:?}");
        }
        if by == "agent-day" {
            assert_eq!(&header[..2], &["agent", "day"]);
        }
        // Same columns as the JSON rows.
        let mut json_args = args.clone();
        json_args.format = "json".into();
        let v: Value = serde_json::from_str(&run(&json_args).unwrap()).unwrap();
        let first = rows(&v)[0].as_object().unwrap();
        let json_keys: Vec<&str> = first.keys().map(|k| k.as_str()).collect();
        let mut a = json_keys.clone();
        let mut b = header.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b, "--by {by}: CSV header and JSON row keys differ");
        // One CSV data line per JSON row.
        assert_eq!(out.lines().count() - 1, rows(&v).len());
    }
}
