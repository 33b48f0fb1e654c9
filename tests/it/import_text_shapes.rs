//! The real Qianniu and inline text shapes (issue 10 item 2, spec §1.1/§1.2):
//! recall and notice lines, status lines, item links, the old two-line
//! header, the monitor shape `SENDER --> RECEIVER time`, and the buyer a
//! section line names. Fixtures are written here from the quoted formats;
//! every expectation is worked out by hand from the spec.

use crate::support::engine::row as metrics_row;
use crate::support::import::*;
use kefu_lens::engine::{Dim, Engine};
use kefu_lens::import::{resolve, Importer};
use kefu_lens::model::{Dataset, FileKind, FileReport, Sender};
use kefu_lens::settings::Settings;

const SHOP: &str = "店铺名";
const MEI: &str = "店铺名:小美";
const LI: &str = "店铺名:小丽";

fn resolved(ds: &Dataset, s: &Settings) -> Vec<Row> {
    rows(ds, &resolve(ds, s))
}

fn counts(rep: &FileReport) -> (u64, u64, u64, u64) {
    (rep.read, rep.imported, rep.skipped, rep.problem_count)
}

/// The same bytes with `\r\n` line ends, imported one record per step.
fn crlf_stepwise(text: &str) -> (Dataset, FileReport) {
    let mut ds = Dataset::default();
    let mut imp = Importer::new("x.txt", text.replace('\n', "\r\n").into_bytes(), None);
    while !imp.step(&mut ds, 1) {}
    let rep = imp.finish(&mut ds);
    (ds, rep)
}

// ---------------------------------------------------------------- Qianniu window text

const QIANNIU: &str = "----- 与 买家甲 的聊天记录 -----
买家甲 2024-5-1 10:00:15
http://item.taobao.com/item.htm?id=123 2024-5-1 10:00:15
¥99.00
这个还有吗
已读
店铺名:小美 2024-5-1 10:00:45
有的亲
未读
店铺名:小美 撤回了一条消息
买家甲2024-5-1 10:01:00
好的
发送中
当前用户来自 手机淘宝
由 店铺名:小美 转交给 店铺名:小丽
店铺名:小丽 2024-5-1 10:03:00
您好，我来为您服务
已读
请问需要什么尺码
买家甲 撤回了一条消息

----- 与 买家乙 的聊天记录 -----
原因：【离线留言自动分配】
买家乙 2024-5-1 23:10:00
在吗
店铺名:小美 2024-5-2 9:00:00
在的
";

fn qianniu_expected() -> Vec<Row> {
    let t = |h, mi, s| ts(2024, 5, 1, h, mi, s);
    vec![
        // The item link (even one ending in a time) and the price are what
        // the buyer sent; the `已读` under it is dropped.
        r(
            t(10, 0, 15),
            SHOP,
            MEI,
            "买家甲",
            Sender::Buyer,
            "http://item.taobao.com/item.htm?id=123 2024-5-1 10:00:15\n¥99.00\n这个还有吗",
        ),
        // The recall line no longer swallows the reply it follows.
        r(t(10, 0, 45), SHOP, MEI, "买家甲", Sender::Agent, "有的亲"),
        r(t(10, 0, 45), SHOP, MEI, "买家甲", Sender::System, "店铺名:小美 撤回了一条消息"),
        r(t(10, 1, 0), SHOP, MEI, "买家甲", Sender::Buyer, "好的"),
        // Notices take the time of the message before them; they go to the
        // staff who wrote last.
        r(t(10, 1, 0), SHOP, MEI, "买家甲", Sender::System, "当前用户来自 手机淘宝"),
        r(t(10, 1, 0), SHOP, MEI, "买家甲", Sender::System, "由 店铺名:小美 转交给 店铺名:小丽"),
        // A status line between body lines is not part of the text.
        r(t(10, 3, 0), SHOP, LI, "买家甲", Sender::Agent, "您好，我来为您服务\n请问需要什么尺码"),
        r(t(10, 3, 0), SHOP, LI, "买家甲", Sender::System, "买家甲 撤回了一条消息"),
        // A notice before the first message of its section takes the time of
        // the message after it.
        r(t(23, 10, 0), SHOP, MEI, "买家乙", Sender::System, "原因：【离线留言自动分配】"),
        r(t(23, 10, 0), SHOP, MEI, "买家乙", Sender::Buyer, "在吗"),
        r(ts(2024, 5, 2, 9, 0, 0), SHOP, MEI, "买家乙", Sender::Agent, "在的"),
    ]
}

#[test]
fn qianniu_recall_status_and_notice_lines() {
    let (ds, rep) = import("qianniu.txt", QIANNIU.as_bytes().to_vec());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-qianniu"));
    // read: 6 headers + 4 status lines (dropped) + 5 notice lines;
    // imported: 6 messages + 5 system notices.
    assert_eq!(counts(&rep), (15, 11, 0, 0), "{:?}", rep.problems);
    assert_eq!(resolved(&ds, &Settings::default()), qianniu_expected());
    let lines: Vec<u32> = ds.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [2, 7, 10, 11, 14, 15, 16, 20, 23, 24, 26]);
    check_texts(&ds);

    // `\r\n` line ends, one record per step: the same.
    let (ds2, rep2) = crlf_stepwise(QIANNIU);
    assert_eq!(counts(&rep2), counts(&rep));
    assert_eq!(resolved(&ds2, &Settings::default()), qianniu_expected());
    check_texts(&ds2);

    // By hand, 小美 on 2024-05-01: 买家甲 10:00:15 opens a round, 小美
    // answers 10:00:45 (30 s; before the fix the recall line turned this
    // reply into a system message); `好的` is a closing word. 买家乙
    // 23:10:00 opens a round nobody answers that day. 小丽 has no buyer
    // message. (The notices count nowhere.)
    let e = Engine::new(&ds, &Settings::default());
    let m = metrics_row(&e, &[Dim::Agent, Dim::Day], &[("agent", MEI), ("day", "2024-05-01")]);
    assert_eq!((m.consult_buyers, m.reception_buyers), (2, 1));
    assert_eq!((m.rounds, m.rounds_3min), (2, 1));
    assert_eq!((m.buyer_messages, m.agent_messages), (2, 1));
    assert_eq!(m.avg_response_secs, Some(30.0));
    let li = metrics_row(&e, &[Dim::Agent, Dim::Day], &[("agent", LI), ("day", "2024-05-01")]);
    assert_eq!((li.consult_buyers, li.agent_messages), (0, 1));
}

#[test]
fn a_notice_right_under_a_header_is_that_message() {
    let text = "买家甲 2024-5-1 10:00:00\n在吗\n店铺名:小美 2024-5-1 10:00:20\n店铺名:小美 撤回了一条消息\n\
店铺名:小美 2024-5-1 10:05:00\n亲，在的\n----- 与 买家乙 的聊天记录 -----\n\
买家乙 2024-5-1 11:00:00\n当前用户来自 手机淘宝\n我想问下尺码\n";
    let (ds, rep) = import("q.txt", text.as_bytes().to_vec());
    // 4 headers + the text after the notice under 买家乙's header (a message
    // of its own); the recall under 小美's header is that message.
    assert_eq!(counts(&rep), (5, 5, 0, 0));
    let t = |h, mi, s| ts(2024, 5, 1, h, mi, s);
    assert_eq!(
        resolved(&ds, &Settings::default()),
        vec![
            r(t(10, 0, 0), SHOP, MEI, "买家甲", Sender::Buyer, "在吗"),
            r(t(10, 0, 20), SHOP, MEI, "买家甲", Sender::System, "店铺名:小美 撤回了一条消息"),
            r(t(10, 5, 0), SHOP, MEI, "买家甲", Sender::Agent, "亲，在的"),
            r(t(11, 0, 0), "", "未分配", "买家乙", Sender::System, "当前用户来自 手机淘宝"),
            r(t(11, 0, 0), "", "未分配", "买家乙", Sender::Buyer, "我想问下尺码"),
        ]
    );
    let lines: Vec<u32> = ds.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [1, 3, 5, 8, 10]);
    // By hand: the recalled message is no reply, so the round 10:00:00 is
    // answered at 10:05:00 (300 s, over 3 min).
    let e = Engine::new(&ds, &Settings::default());
    let m = metrics_row(&e, &[Dim::Agent], &[("agent", MEI)]);
    assert_eq!((m.rounds, m.rounds_3min, m.agent_messages), (1, 0, 1));
    assert_eq!(m.avg_response_secs, Some(300.0));
}

#[test]
fn a_notice_with_no_timed_message_in_its_section_is_reported() {
    let text = "店铺名:小美 2024-5-1 10:00:00\n亲\n买家甲 2024-5-1 10:00:05\n在\n\
----- 与 买家乙 的聊天记录 -----\n当前用户来自 手机淘宝\n";
    let (ds, rep) = import("q.txt", text.as_bytes().to_vec());
    // 2 headers + the notice, which has no time: skipped with a problem.
    assert_eq!(counts(&rep), (3, 2, 1, 1));
    assert_eq!(rep.problems[0].line, 6);
    assert!(rep.problems[0].message_zh.contains("当前用户来自"), "{:?}", rep.problems[0]);
    assert_eq!(resolved(&ds, &Settings::default()).len(), 2);
}

// ---------------------------------------------------------------- the old two-line header

const OLD_SHAPE: &str = "买家丙
2024-5-3 14:00:00
你好，发什么快递
店铺名:小美
2024-5-3 14:02:30
中通快递
已读
买家丙
2024-5-3 14:10:00
好的谢谢
还有个问题
买家丁
2024-2-30 10:00:00
这条的日期不存在
";

fn old_shape_expected() -> Vec<Row> {
    vec![
        r(ts(2024, 5, 3, 14, 0, 0), SHOP, MEI, "买家丙", Sender::Buyer, "你好，发什么快递"),
        r(ts(2024, 5, 3, 14, 2, 30), SHOP, MEI, "买家丙", Sender::Agent, "中通快递"),
        r(ts(2024, 5, 3, 14, 10, 0), SHOP, MEI, "买家丙", Sender::Buyer, "好的谢谢\n还有个问题"),
    ]
}

#[test]
fn qianniu_old_shape_nick_line_then_time_line() {
    let (ds, rep) = import("old.txt", OLD_SHAPE.as_bytes().to_vec());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-qianniu"));
    // 4 headers (one with an impossible date: skipped with its body, the
    // problem on the time line) + 1 status line.
    assert_eq!(counts(&rep), (5, 3, 1, 1));
    assert_eq!(rep.problems[0].line, 13);
    assert!(rep.problems[0].message_zh.contains("2024-2-30 10:00:00"));
    assert_eq!(resolved(&ds, &Settings::default()), old_shape_expected());
    let lines: Vec<u32> = ds.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [1, 4, 8]);

    let (ds2, rep2) = crlf_stepwise(OLD_SHAPE);
    assert_eq!(counts(&rep2), counts(&rep));
    assert_eq!(resolved(&ds2, &Settings::default()), old_shape_expected());

    // By hand, 小美 on 2024-05-03: round 14:00:00 → 14:02:30 = 150 s
    // (within 3 min); `好的谢谢\n还有个问题` is valid and opens a second
    // round nobody answers.
    let e = Engine::new(&ds, &Settings::default());
    let m = metrics_row(&e, &[Dim::Agent, Dim::Day], &[("agent", MEI), ("day", "2024-05-03")]);
    assert_eq!((m.consult_buyers, m.reception_buyers), (1, 1));
    assert_eq!((m.rounds, m.rounds_3min), (2, 1));
    assert_eq!(m.first_response_secs, Some(150.0));
    assert_eq!(m.buyer_messages, 2);
}

// ---------------------------------------------------------------- the monitor shape

const MONITOR: &str = "买家甲 --> 店铺名:小美 2024-5-4 9:00:00
在吗
店铺名:小美 --> 买家甲 2024-5-4 9:00:40
在的亲
买家乙 --> 店铺名:小丽 2024-5-4 9:01:00
有优惠吗
店铺名:小丽 --> 买家乙 2024-5-4 9:05:00
满99减10
已读
买家甲 --> 店铺名:小美 2024-5-4 9:06:00
好的
";

fn monitor_expected() -> Vec<Row> {
    let t = |h, mi, s| ts(2024, 5, 4, h, mi, s);
    vec![
        r(t(9, 0, 0), SHOP, MEI, "买家甲", Sender::Buyer, "在吗"),
        r(t(9, 0, 40), SHOP, MEI, "买家甲", Sender::Agent, "在的亲"),
        // Two conversations interleave; each line names its own pair.
        r(t(9, 1, 0), SHOP, LI, "买家乙", Sender::Buyer, "有优惠吗"),
        r(t(9, 5, 0), SHOP, LI, "买家乙", Sender::Agent, "满99减10"),
        r(t(9, 6, 0), SHOP, MEI, "买家甲", Sender::Buyer, "好的"),
    ]
}

#[test]
fn monitor_shape_names_the_counterpart_on_every_line() {
    let (ds, rep) = import("monitor.txt", MONITOR.as_bytes().to_vec());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-qianniu"));
    assert_eq!(counts(&rep), (6, 5, 0, 0));
    assert_eq!(resolved(&ds, &Settings::default()), monitor_expected());
    // The speaker is the sender; the staff-marking list names it alone.
    assert_eq!(ds.nicks.name(ds.messages[0].speaker), "买家甲");

    let (ds2, rep2) = crlf_stepwise(MONITOR);
    assert_eq!(counts(&rep2), counts(&rep));
    assert_eq!(resolved(&ds2, &Settings::default()), monitor_expected());

    // By hand: 小美 answers 买家甲 in 40 s (`好的` opens nothing); 小丽
    // answers 买家乙 in 240 s (over 3 min). The shop has 2 buyer-days.
    let e = Engine::new(&ds, &Settings::default());
    let mei = metrics_row(&e, &[Dim::Agent], &[("agent", MEI)]);
    assert_eq!((mei.consult_buyers, mei.reception_buyers, mei.rounds, mei.rounds_3min), (1, 1, 1, 1));
    assert_eq!(mei.avg_response_secs, Some(40.0));
    let li = metrics_row(&e, &[Dim::Agent], &[("agent", LI)]);
    assert_eq!((li.consult_buyers, li.reception_buyers, li.rounds, li.rounds_3min), (1, 1, 1, 0));
    assert_eq!(li.avg_response_secs, Some(240.0));
    let shop = metrics_row(&e, &[Dim::Shop], &[("shop", SHOP)]);
    assert_eq!((shop.consult_buyers, shop.rounds), (2, 2));
}

#[test]
fn monitor_shape_main_account_without_colon() {
    let text = "买家丙 --> 某某旗舰店 2024-5-4 10:00:00\n请问发货了吗\n\
某某旗舰店 --> 买家丙 2024-5-4 10:01:00\n已经发了\n";
    let (ds, rep) = import("monitor.txt", text.as_bytes().to_vec());
    assert_eq!(counts(&rep), (2, 2, 0, 0));
    let want = vec![
        r(ts(2024, 5, 4, 10, 0, 0), "", "某某旗舰店", "买家丙", Sender::Buyer, "请问发货了吗"),
        r(ts(2024, 5, 4, 10, 1, 0), "", "某某旗舰店", "买家丙", Sender::Agent, "已经发了"),
    ];
    // The main account is staff by the settings (spec §1.2) …
    let s = Settings { main_accounts: vec!["某某旗舰店".into()], ..Default::default() };
    assert_eq!(resolved(&ds, &s), want);
    // … and a buyer's line names the staff account even without them.
    assert_eq!(resolved(&ds, &Settings::default())[0], want[0]);
    let e = Engine::new(&ds, &s);
    let m = metrics_row(&e, &[Dim::Agent], &[("agent", "某某旗舰店")]);
    assert_eq!((m.reception_buyers, m.rounds_3min, m.avg_response_secs), (1, 1, Some(60.0)));
}

// ---------------------------------------------------------------- the buyer a section names

const INLINE_SECTIONS: &str = "----- 与 买家甲 的聊天记录 -----
店铺名:小美(2024-05-05 10:00:00):亲，您的包裹已发出
店铺名:小美(2024-05-05 10:00:05):请注意查收
----- 与 买家乙 的聊天记录 -----
买家乙(2024-05-05 11:00:00):在吗
店铺名:小美(2024-05-05 11:00:30):在的
-----
店铺名:小美(2024-05-05 12:00:00):没有名字的一段只有客服
";

const QIANNIU_SECTIONS: &str = "----- 与 买家甲 的聊天记录 -----
店铺名:小美 2024-5-5 10:00:00
亲，您的包裹已发出
店铺名:小美 2024-5-5 10:00:05
请注意查收
----- 与 买家乙 的聊天记录 -----
买家乙 2024-5-5 11:00:00
在吗
店铺名:小美 2024-5-5 11:00:30
在的
-----
店铺名:小美 2024-5-5 12:00:00
没有名字的一段只有客服
";

fn sections_expected() -> Vec<Row> {
    let t = |h, mi, s| ts(2024, 5, 5, h, mi, s);
    vec![
        // 买家甲 never writes in the section, which names them.
        r(t(10, 0, 0), SHOP, MEI, "买家甲", Sender::Agent, "亲，您的包裹已发出"),
        r(t(10, 0, 5), SHOP, MEI, "买家甲", Sender::Agent, "请注意查收"),
        r(t(11, 0, 0), SHOP, MEI, "买家乙", Sender::Buyer, "在吗"),
        r(t(11, 0, 30), SHOP, MEI, "买家乙", Sender::Agent, "在的"),
        // The section with no name and no buyer belongs to no conversation.
    ]
}

#[test]
fn section_line_names_the_buyer_inline_and_qianniu() {
    for (name, text, fmt) in
        [("inline.txt", INLINE_SECTIONS, "chat-inline"), ("qn.txt", QIANNIU_SECTIONS, "chat-qianniu")]
    {
        let (ds, rep) = import(name, text.as_bytes().to_vec());
        assert_eq!(rep.format, fmt);
        assert_eq!(counts(&rep), (5, 5, 0, 0), "{name}");
        assert_eq!(ds.blocks, 3);
        assert_eq!(ds.block_buyers.len(), 2, "{name}: the unnamed section has no entry");
        assert_eq!(resolved(&ds, &Settings::default()), sections_expected(), "{name}");
        let (ds2, _) = crlf_stepwise(text);
        assert_eq!(resolved(&ds2, &Settings::default()), sections_expected(), "{name} CRLF");

        // By hand, 小美 on 2024-05-05: 3 human messages (2 to 买家甲, before
        // the fix dropped, 1 to 买家乙); only 买家乙 consulted.
        let e = Engine::new(&ds, &Settings::default());
        let m = metrics_row(&e, &[Dim::Agent, Dim::Day], &[("agent", MEI), ("day", "2024-05-05")]);
        assert_eq!((m.agent_messages, m.consult_buyers, m.reception_buyers, m.rounds), (3, 1, 1, 1), "{name}");
    }
}

#[test]
fn a_named_buyer_who_is_staff_or_a_writing_buyer_wins() {
    // The section names a staff account: not a buyer, the block keeps the
    // usual rule (the staff message goes to the first buyer who writes).
    let text = "----- 与 店铺名:小丽 的聊天记录 -----\n店铺名:小美(2024-05-05 10:00:00):您好\n\
买家丙(2024-05-05 10:00:09):在\n";
    let (ds, _) = import("x.txt", text.as_bytes().to_vec());
    let got = resolved(&ds, &Settings::default());
    assert_eq!(got[0], r(ts(2024, 5, 5, 10, 0, 0), SHOP, MEI, "买家丙", Sender::Agent, "您好"));
    // A buyer who writes is the buyer of the staff messages around them, as
    // spec §1.2 says; the named nick only fills in when nobody writes.
    let text = "----- 与 买家甲 的聊天记录 -----\n店铺名:小美(2024-05-05 10:00:00):您好\n\
买家甲的小号(2024-05-05 10:00:09):在\n";
    let (ds, _) = import("x.txt", text.as_bytes().to_vec());
    assert_eq!(resolved(&ds, &Settings::default())[0].3, "买家甲的小号");
}

#[test]
fn dataset_with_named_blocks_round_trips_through_json() {
    let (ds, _) = import("inline.txt", INLINE_SECTIONS.as_bytes().to_vec());
    let json = serde_json::to_string(&ds).unwrap();
    let back: Dataset = serde_json::from_str(&json).unwrap();
    assert_eq!(back.block_buyers, ds.block_buyers);
    // An older dataset without the field still reads.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v.as_object_mut().unwrap().remove("block_buyers");
    let old: Dataset = serde_json::from_value(v).unwrap();
    assert!(old.block_buyers.is_empty());
}

// ---------------------------------------------------------------- times without seconds

/// A Qianniu header whose time has no seconds (issue 13) is a header, read
/// as :00 with a note on its line, never merged into the message above —
/// when its nick is one already seen or has the staff shape `店:名`. A
/// message line that merely ends in a date and a time stays text.
const NO_SECONDS: &str = "买家甲 2024-6-1 10:00:00
在吗
店铺名:小美 2024-6-1 10:01:00
在的
买家甲 2024-6-1 10:05
发什么快递
店铺名:小美 2024-6-1 10:06
中通
买家乙 2024-6-1 10:07:00
好的 约 2024-6-2 10:05
";

#[test]
fn qianniu_headers_without_seconds_are_read_as_whole_minutes() {
    let (ds, rep) = import("no_seconds.txt", NO_SECONDS.as_bytes().to_vec());
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-qianniu"));
    assert_eq!((rep.read, rep.imported, rep.skipped), (5, 5, 0));
    let noted: Vec<u64> = rep.problems.iter().map(|p| p.line).collect();
    assert_eq!(noted, [5, 7], "{:?}", rep.problems);
    assert!(rep.problems[0].message_zh.contains(":00"));
    const MEI: &str = "店铺名:小美";
    assert_eq!(
        resolved(&ds, &Settings::default()),
        vec![
            r(ts(2024, 6, 1, 10, 0, 0), "店铺名", MEI, "买家甲", Sender::Buyer, "在吗"),
            r(ts(2024, 6, 1, 10, 1, 0), "店铺名", MEI, "买家甲", Sender::Agent, "在的"),
            r(ts(2024, 6, 1, 10, 5, 0), "店铺名", MEI, "买家甲", Sender::Buyer, "发什么快递"),
            r(ts(2024, 6, 1, 10, 6, 0), "店铺名", MEI, "买家甲", Sender::Agent, "中通"),
            r(ts(2024, 6, 1, 10, 7, 0), "店铺名", MEI, "买家乙", Sender::Buyer, "好的 约 2024-6-2 10:05"),
        ]
    );
}
