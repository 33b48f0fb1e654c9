//! The engine's message table over the dataset: streams that mix table rows
//! and text-format messages, and rebuilding on the same dataset with other
//! settings.

use std::collections::BTreeMap;

use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Query};
use kefu_lens::import::import_bytes;
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::settings::{Account, Role, Settings};

fn load(files: &[(&str, &str)]) -> Dataset {
    let mut ds = Dataset::default();
    for (name, text) in files {
        import_bytes(&mut ds, name, text.as_bytes().to_vec(), Some(FileKind::Chats));
    }
    ds
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// Everything the engine answers, as JSON lines.
fn answers(e: &Engine, ds: &Dataset, s: &Settings) -> Vec<String> {
    let mut out = vec![j(&e.summary(ds)), format!("{:?} {:?}", e.agents(), e.days())];
    for by in [vec![Dim::Agent, Dim::Day], vec![Dim::Shop], vec![Dim::Hour], vec![Dim::Category]] {
        out.push(j(&e.report(&Query { rules: vec![], by, filter: Filter::default() })));
    }
    out.push(j(&e.alerts(ds, &s.alert_rules(), &Filter::default())));
    for c in 0..e.conv_count() as u32 {
        out.push(j(&e.transcript(ds, c)));
    }
    for agent in e.agents() {
        for metric in ["buyer_messages", "agent_messages", "rounds", "first_response_secs", "avg_reception_secs"] {
            let key: BTreeMap<String, String> = [("agent".to_string(), agent.clone())].into();
            out.push(j(&e.drill(ds, &DrillRequest { filter: Filter::default(), key, metric: metric.into() })));
        }
    }
    out
}

const TABLE: &str = "时间,客服,买家,发送方,内容\n\
2024-06-03 10:00:00,店:01,甲,买家,表一\n\
2024-06-03 10:00:00,店:01,甲,客服,[自动回复]表二\n\
2024-06-03 10:00:30,店:01,甲,客服,表三\n";

const INLINE: &str = "甲(2024-06-03 10:00:00):文一\n\
店:01(2024-06-03 10:00:00):[自动回复]文二\n\
店:01(2024-06-03 10:00:30):文三\n";

#[test]
fn mixed_stream_orders_equal_times_by_dataset_order() {
    for (files, want) in [
        (
            [("t.csv", TABLE), ("i.txt", INLINE)],
            [
                ("表一", "buyer"),
                ("[自动回复]表二", "auto"),
                ("文一", "buyer"),
                ("[自动回复]文二", "auto"),
                ("表三", "agent"),
                ("文三", "agent"),
            ],
        ),
        (
            [("i.txt", INLINE), ("t.csv", TABLE)],
            [
                ("文一", "buyer"),
                ("[自动回复]文二", "auto"),
                ("表一", "buyer"),
                ("[自动回复]表二", "auto"),
                ("文三", "agent"),
                ("表三", "agent"),
            ],
        ),
    ] {
        let ds = load(&files);
        let e = Engine::new(&ds, &Settings::default());
        assert_eq!(e.conv_count(), 1);
        let t = e.transcript(&ds, 0).unwrap();
        let got: Vec<(&str, &str)> = t.messages.iter().map(|m| (m.text.as_str(), m.sender.as_str())).collect();
        assert_eq!(got, want);
        let r = e.report(&Query { rules: vec![], by: vec![Dim::Agent], filter: Filter::default() });
        assert_eq!((r.rows[0].metrics.buyer_messages, r.rows[0].metrics.agent_messages), (2, 2));
        assert_eq!(e.summary(&ds).messages, 6);
    }
}

const BLOCKS: &str = "----- 与 甲 的聊天记录 -----\n\
甲(2024-06-03 10:00:00):在吗\n\
小美(2024-06-03 10:00:40):在的\n\
店:01(2024-06-03 10:01:00):[自动回复]您好\n\
甲(2024-06-03 10:02:00):多少钱\n\
小美(2024-06-03 10:03:00):亲 99元\n\
----- 与 乙 的聊天记录 -----\n\
店:01(2024-06-03 11:00:00):亲 在吗\n\
乙(2024-06-03 11:05:00):在\n\
乙(2024-06-04 09:00:00):发货了吗\n\
----- 与 丙 的聊天记录 -----\n\
丙(2024-06-03 12:00:00):有人吗\n";

#[test]
fn rebuild_with_other_settings_matches_fresh_build() {
    let (inline, qianniu, table) = (fixture("chat_inline.txt"), fixture("chat_qianniu.txt"), fixture("chat_table.csv"));
    let files = [
        ("blocks.txt", BLOCKS),
        ("chat_inline.txt", inline.as_str()),
        ("chat_qianniu.txt", qianniu.as_str()),
        ("chat_table.csv", table.as_str()),
    ];
    let s1 = Settings::default();
    // Only nicks the files already hold, so interning them adds no symbols
    // and a fresh dataset numbers nicks the same way.
    let mut s2 = Settings::default();
    s2.accounts.push(Account { nick: "小美".into(), role: Role::Aftersales, ..Default::default() });
    s2.main_accounts.push("店:01".into());
    s2.auto_reply_markers = vec!["亲".into()];

    let mut ds = load(&files);
    let e1 = Engine::prepare(&mut ds, &s1);
    let a1 = answers(&e1, &ds, &s1);
    let e2 = Engine::prepare(&mut ds, &s2);
    let a2 = answers(&e2, &ds, &s2);
    assert_ne!(a1, a2, "the settings change resolution");
    // The first engine still answers from the unchanged dataset.
    assert_eq!(answers(&e1, &ds, &s1), a1);
    // Back to the first settings: the same as the first build.
    assert_eq!(answers(&Engine::prepare(&mut ds, &s1), &ds, &s1), a1);
    // A fresh dataset built with each settings gives the same answers.
    for (s, want) in [(&s2, &a2), (&s1, &a1)] {
        let mut fresh = load(&files);
        let e = Engine::prepare(&mut fresh, s);
        assert_eq!(&answers(&e, &fresh, s), want);
    }
}
