//! Column mappings (spec §10.1): a table no format knows, read through a
//! mapping from the settings — in the CLI (`--config`), the session (the
//! app's worker) and the importer.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use kefu_lens::cli::report::{run, ReportArgs};
use kefu_lens::cli::InputArgs;
use kefu_lens::import::{import_bytes_with, ImportOptions};
use kefu_lens::model::{Dataset, FileKind, Sender};
use kefu_lens::session::Session;
use kefu_lens::settings::Settings;
use serde_json::Value;

use crate::support::import::{fixture, r, rows, ts};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn report(chats: &[&str], config: Option<&str>, by: &str) -> Value {
    let args = ReportArgs {
        input: InputArgs {
            chats: chats.iter().map(|c| path(c)).collect(),
            orders: vec![],
            ratings: vec![],
            config: config.map(path),
            ..Default::default()
        },
        by: by.into(),
        format: "json".into(),
        rules: String::new(),
    };
    serde_json::from_str(&run(&args).unwrap()).unwrap()
}

fn settings(mappings: &str) -> Settings {
    Settings::from_json(&format!(r#"{{"column_mappings": [{mappings}]}}"#)).unwrap()
}

fn import_with(
    s: &Settings,
    name: &str,
    text: &str,
    kind: Option<FileKind>,
) -> (Dataset, kefu_lens::model::FileReport) {
    let mut ds = Dataset::default();
    let rep = import_bytes_with(&mut ds, name, text.as_bytes().to_vec(), kind, &ImportOptions::from_settings(s));
    (ds, rep)
}

fn agent_day<'a>(v: &'a Value, agent: &str, day: &str) -> &'a Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agent"] == agent && r["day"] == day)
        .unwrap_or_else(|| panic!("no row {agent} {day} in {:#}", v["rows"]))
}

/// The helpdesk export (conversation id + sender name + sender type, ISO
/// times with offsets, one Unix time, conversations interleaved and one out
/// of time order) read through the spec's mapping gives exactly the metrics
/// of the same chats written by hand as a per-message chat-table in shop
/// time (+08:00).
#[test]
fn a_mapped_helpdesk_export_equals_the_same_chats_as_a_chat_table() {
    let mapped = report(&["helpdesk_messages.csv"], Some("helpdesk_mapping.json"), "agent-day");
    let table = report(&["helpdesk_as_chat_table.csv"], None, "agent-day");
    assert_eq!(mapped["rows"], table["rows"]);
    assert_eq!(mapped["rows"].as_array().unwrap().len(), 4, "{:#}", mapped["rows"]);

    let d = &mapped["diagnostics"][0];
    assert_eq!(d["format"], "mapped-chats");
    assert_eq!(d["read"], 14);
    // Conversation 105 has no buyer: its one message is skipped, with a problem.
    assert_eq!(d["imported"], 13);
    assert_eq!(d["skipped"], 1);
    assert!(d["problems"][0]["message_en"].as_str().unwrap().contains("conversation 105"), "{d:#}");

    // By hand (spec §2/§3): Alice and Lily on 06-03: rounds open 09:00:00
    // (answered 09:01:30, 90 s; the bot's 09:00:05 is not human) and
    // 09:05:00 (answered 09:09:00, 240 s).
    let a = agent_day(&mapped, "Alice", "2024-06-03");
    assert_eq!((a["consult_buyers"].as_i64(), a["reception_buyers"].as_i64()), (Some(1), Some(1)));
    assert_eq!((a["rounds"].as_i64(), a["rounds_3min"].as_i64()), (Some(2), Some(1)));
    assert_eq!(a["avg_response_secs"].as_f64(), Some(165.0));
    assert_eq!(a["first_response_secs"].as_f64(), Some(90.0));
    assert_eq!((a["buyer_messages"].as_i64(), a["agent_messages"].as_i64()), (Some(2), Some(2)));
    // Bob and Tom: 好的 is a closing word, so one round, answered in 60 s.
    let b = agent_day(&mapped, "Bob", "2024-06-03");
    assert_eq!(
        (b["rounds"].as_i64(), b["rounds_3min"].as_i64(), b["buyer_messages"].as_i64()),
        (Some(1), Some(1), Some(1))
    );
    // 2024-06-03T16:30:00Z is 06-04 00:30 in the shop; only the bot answers,
    // so Lily's message goes to the bot and stays unreplied.
    let h = agent_day(&mapped, "HelpBot", "2024-06-04");
    assert_eq!((h["consult_buyers"].as_i64(), h["reception_buyers"].as_i64()), (Some(1), Some(0)));
    assert_eq!((h["unreplied_buyers"].as_i64(), h["rounds"].as_i64()), (Some(1), Some(1)));
    // Alice writes first in conversation 104: her message belongs to Mia,
    // who writes after it.
    let f = agent_day(&mapped, "Alice", "2024-06-04");
    assert_eq!((f["consult_buyers"].as_i64(), f["reception_buyers"].as_i64()), (Some(1), Some(1)));
    assert_eq!(
        (f["buyer_messages"].as_i64(), f["agent_messages"].as_i64()),
        (Some(0), Some(1)),
        "谢谢 is a closing word"
    );
}

/// Without the mapping the same file is rejected, with a preview of its
/// first rows and a message that says a mapping can be made.
#[test]
fn an_unknown_table_carries_a_preview_and_says_it_can_be_mapped() {
    let mut ds = Dataset::default();
    let rep = kefu_lens::import::import_bytes(&mut ds, "h.csv", fixture("helpdesk_messages.csv"), None);
    let fatal = rep.fatal.expect("unknown table is fatal");
    assert!(fatal.message_zh.contains("设置列对应") && fatal.message_zh.contains("column_mappings"), "{fatal:?}");
    assert!(fatal.message_en.contains("Map columns"), "{fatal:?}");
    let p = rep.preview.expect("preview");
    assert_eq!(p.header, ["created_at", "conversation_id", "sender_type", "sender_name", "content"]);
    assert_eq!(p.rows.len(), 5);
    assert_eq!(p.rows[0], ["2024-06-03T01:00:00Z", "101", "contact", "Lily", "你好，在吗"]);
    assert_eq!(p.values[2], ["contact", "bot", "user", "activity"], "distinct role values in file order");
    assert_eq!(p.values[1], ["101", "102", "105", "103", "104"]);
    assert!(ds.messages.is_empty());

    // A text that is not a table gets no preview.
    let rep = kefu_lens::import::import_bytes(&mut ds, "n.txt", "just some words\nand more\n".into(), None);
    assert!(rep.fatal.is_some() && rep.preview.is_none());
}

/// The spec's second example: agent and buyer columns, in/out roles, an
/// strftime pattern; a role value the mapping does not list is skipped
/// with a problem naming it.
#[test]
fn an_agent_buyer_mapping_with_a_time_pattern() {
    let s = settings(
        r#"{"kind": "chats", "header": ["时间", "坐席", "客户", "方向", "消息"],
            "columns": {"time": "时间", "agent": "坐席", "buyer": "客户", "role": "方向", "text": "消息"},
            "roles": {"buyer": ["in"], "agent": ["out"]}, "time_format": "%d/%m/%Y %H:%M:%S"}"#,
    );
    let text = "时间,坐席,客户,方向,消息\n\
                03/06/2024 09:00:00,店:小美,买家甲,in,在吗\n\
                03/06/2024 09:00:40,店:小美,买家甲,out,在的\n\
                03/06/2024 09:01:00,店:小美,买家甲,note,内部备注\n\
                2024-06-03 09:02:00,店:小美,买家甲,out,格式不对\n";
    let (ds, rep) = import_with(&s, "c.csv", text, None);
    assert_eq!(rep.format, "mapped-chats");
    assert_eq!((rep.read, rep.imported, rep.skipped), (4, 2, 2));
    assert_eq!(
        rows(&ds, &ds.messages),
        vec![
            r(ts(2024, 6, 3, 9, 0, 0), "店", "店:小美", "买家甲", Sender::Buyer, "在吗"),
            r(ts(2024, 6, 3, 9, 0, 40), "店", "店:小美", "买家甲", Sender::Agent, "在的"),
        ]
    );
    assert!(rep.problems[0].message_en.contains("'note'"), "{:?}", rep.problems);
    assert_eq!(rep.problems[0].line, 4);
    assert!(rep.problems[1].message_en.contains("2024-06-03 09:02:00"), "{:?}", rep.problems);
}

/// An orders mapping: ISO times with an offset and Unix seconds become shop
/// time, an empty paid time is unpaid, a bad time skips the row.
#[test]
fn an_orders_mapping() {
    let s = settings(
        r#"{"kind": "orders", "header": ["单号", "客户", "下单", "付款", "金额"],
            "columns": {"order_id": "单号", "buyer": "客户", "created": "下单", "paid": "付款", "amount": "金额"}}"#,
    );
    let text = "单号,客户,下单,付款,金额\n\
                A1,Lily,2024-06-03T01:30:00Z,2024-06-03T01:31:00Z,88.50\n\
                A2,Tom,1717378200,,12\n\
                A3,Mia,not a time,,5\n";
    let (ds, rep) = import_with(&s, "o.csv", text, None);
    assert_eq!(rep.kind, FileKind::Orders);
    assert_eq!(rep.format, "mapped-orders");
    assert_eq!((rep.read, rep.imported, rep.skipped), (3, 2, 1));
    let got: Vec<(String, String, i64, Option<i64>, i64)> = ds
        .orders
        .iter()
        .map(|o| (o.id.clone(), ds.nicks.name(o.buyer).to_string(), o.created, o.paid, o.amount_fen))
        .collect();
    assert_eq!(
        got,
        vec![
            ("A1".into(), "Lily".into(), ts(2024, 6, 3, 9, 30, 0), Some(ts(2024, 6, 3, 9, 31, 0)), 8850),
            ("A2".into(), "Tom".into(), ts(2024, 6, 3, 9, 30, 0), None, 1200),
        ]
    );
    assert!(rep.problems[0].message_en.contains("not a time"));
    // Forced to be read as chats, the orders mapping does not apply.
    let (_, rep) = import_with(&s, "o.csv", text, Some(FileKind::Chats));
    assert!(rep.fatal.is_some());
}

/// A mapping made for exactly this header wins over a known format whose
/// aliases the header happens to match (here chat-table, whose sender words
/// do not include in/out).
#[test]
fn an_exact_mapping_wins_over_a_known_format() {
    let text =
        "time,agent,buyer,direction,text\n2024-06-03 09:00:00,店:A,b1,in,hi\n2024-06-03 09:00:30,店:A,b1,out,hello\n";
    let (_, plain) = import_with(&Settings::default(), "t.csv", text, None);
    assert_eq!((plain.format.as_str(), plain.imported, plain.skipped), ("chat-table", 0, 2));
    let s = settings(
        r#"{"kind": "chats", "header": ["time", "agent", "buyer", "direction", "text"],
            "columns": {"time": "time", "agent": "agent", "buyer": "buyer", "role": "direction", "text": "text"},
            "roles": {"buyer": ["in"], "agent": ["out"]}}"#,
    );
    let (ds, rep) = import_with(&s, "t.csv", text, None);
    assert_eq!((rep.format.as_str(), rep.imported, rep.skipped), ("mapped-chats", 2, 0));
    assert_eq!(ds.messages[1].sender, Sender::Agent);
}

/// The app's way: an unknown file, then the mapping saved in the settings
/// and the file imported again; the settings keep the mapping's shape.
#[test]
fn the_session_applies_a_mapping_saved_in_the_settings() {
    let mut s = Session::new();
    let rep = s.import_file("h.csv", fixture("helpdesk_messages.csv"), None);
    assert!(rep.fatal.is_some() && rep.preview.is_some());
    let settings = Settings::from_json(&String::from_utf8(fixture("helpdesk_mapping.json")).unwrap()).unwrap();
    let loaded = s.set_settings(settings.clone());
    assert_eq!(Settings::from_json(&loaded.settings.to_json()).unwrap(), settings, "settings round trip");
    s.remove_file(0);
    let rep = s.import_file("h.csv", fixture("helpdesk_messages.csv"), None);
    assert_eq!((rep.format.as_str(), rep.imported), ("mapped-chats", 13));
    let loaded = s.rebuild(false, false);
    assert_eq!(loaded.summary.messages, 13);
}

/// A mapping's `product` column (issue 14) fills the product side table in
/// both chat modes, a skipped row naming nothing and `nan` left out: in
/// agent + buyer mode rows 1 and 3 name 600000000001 and a link; in
/// conversation mode the buyer's row names 600000000002 and the agent's
/// reply nothing.
#[test]
fn a_mapped_product_column() {
    let s = settings(
        r#"{"kind": "chats", "header": ["时间", "坐席", "客户", "方向", "消息", "商品"],
            "columns": {"time": "时间", "agent": "坐席", "buyer": "客户", "role": "方向", "text": "消息", "product": "商品"},
            "roles": {"buyer": ["in"], "agent": ["out"]}}"#,
    );
    let text = "时间,坐席,客户,方向,消息,商品\n\
                2024-06-03 09:00:00,店:小美,买家甲,in,在吗,600000000001\n\
                2024-06-03 09:00:30,店:小美,买家甲,note,备注,600000000009\n\
                2024-06-03 09:00:40,店:小美,买家甲,out,看这款,https://item.taobao.com/item.htm?id=600000000002\n\
                2024-06-03 09:01:00,店:小美,买家甲,in,好,nan\n";
    let (ds, rep) = import_with(&s, "c.csv", text, None);
    assert_eq!((rep.format.as_str(), rep.imported, rep.skipped), ("mapped-chats", 3, 1));
    let got: Vec<(u32, &str)> = ds.message_products.iter().map(|&(i, v)| (i, ds.product_values.name(v))).collect();
    assert_eq!(got, [(0, "600000000001"), (1, "https://item.taobao.com/item.htm?id=600000000002")]);

    let s = settings(
        r#"{"kind": "chats", "header": ["会话", "时间", "名字", "角色", "内容", "sku编号"],
            "columns": {"conversation": "会话", "time": "时间", "sender_name": "名字", "role": "角色", "text": "内容", "product": "sku编号"},
            "roles": {"buyer": ["客户"], "agent": ["坐席"]}}"#,
    );
    let text = "会话,时间,名字,角色,内容,sku编号\n\
                c1,2024-06-03 09:00:00,买家乙,客户,这个呢,600000000002\n\
                c1,2024-06-03 09:00:20,店:小美,坐席,有货,\n";
    let (ds, rep) = import_with(&s, "c.csv", text, None);
    assert_eq!((rep.imported, rep.skipped), (2, 0));
    assert_eq!(ds.message_products.len(), 1);
    assert_eq!(ds.message_product(0), Some("600000000002"));
    assert_eq!(ds.messages[0].sender, Sender::Buyer);
}
