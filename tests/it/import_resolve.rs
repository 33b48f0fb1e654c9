use crate::support::import::*;
use kefu_lens::import::{intern_settings_nicks, resolve};
use kefu_lens::model::Sender;
use kefu_lens::settings::{Account, Settings};

fn pairs(text: &str, s: &Settings, main_interned: bool) -> Vec<(String, String, String, Sender, String)> {
    let (mut ds, rep) = import("x.txt", text.as_bytes().to_vec());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    if main_interned {
        intern_settings_nicks(&mut ds, s);
    }
    resolve(&ds, s)
        .iter()
        .map(|m| {
            let r = row(&ds, m);
            (ds.nicks.name(m.speaker).to_string(), r.2, r.3, r.4, r.5)
        })
        .collect()
}

fn p(speaker: &str, agent: &str, buyer: &str, s: Sender, text: &str) -> (String, String, String, Sender, String) {
    (speaker.into(), agent.into(), buyer.into(), s, text.into())
}

#[test]
fn staff_first_goes_to_first_buyer_after() {
    let t = "店:1(2024-06-01 10:00:00):欢迎光临\n店:2(2024-06-01 10:00:01):有什么可以帮您\n\
甲(2024-06-01 10:00:05):在吗\n店:2(2024-06-01 10:00:09):在的\n";
    let got = pairs(t, &Settings::default(), false);
    assert_eq!(
        got,
        [
            p("店:1", "店:1", "甲", Sender::Agent, "欢迎光临"),
            p("店:2", "店:2", "甲", Sender::Agent, "有什么可以帮您"),
            // the buyer goes to the staff that wrote last before it
            p("甲", "店:2", "甲", Sender::Buyer, "在吗"),
            p("店:2", "店:2", "甲", Sender::Agent, "在的"),
        ]
    );
}

#[test]
fn buyer_first_goes_to_first_staff_after_and_staff_to_latest_buyer() {
    let t = "甲(2024-06-01 10:00:00):在吗\n甲(2024-06-01 10:00:01):?\n店:1(2024-06-01 10:00:05):在\n\
乙(2024-06-01 10:00:06):我也问\n店:1(2024-06-01 10:00:07):好的\n";
    let got = pairs(t, &Settings::default(), false);
    assert_eq!(
        got,
        [
            p("甲", "店:1", "甲", Sender::Buyer, "在吗"),
            p("甲", "店:1", "甲", Sender::Buyer, "?"),
            p("店:1", "店:1", "甲", Sender::Agent, "在"),
            p("乙", "店:1", "乙", Sender::Buyer, "我也问"),
            // the most recent buyer who wrote
            p("店:1", "店:1", "乙", Sender::Agent, "好的"),
        ]
    );
}

#[test]
fn no_staff_in_block_main_account_or_unassigned() {
    let t = "甲(2024-06-01 10:00:00):在吗\n甲(2024-06-01 10:00:30):人呢\n";
    // no main account → 未分配
    let got = pairs(t, &Settings::default(), false);
    assert_eq!(got[0].1, "未分配");
    assert_eq!(got[1].1, "未分配");
    // main account configured and interned → main account
    let s = Settings { main_accounts: vec!["某某旗舰店".into()], ..Default::default() };
    let got = pairs(t, &s, true);
    assert_eq!(got[0], p("甲", "某某旗舰店", "甲", Sender::Buyer, "在吗"));
    // main account configured but never interned → documented fallback 未分配
    let got = pairs(t, &s, false);
    assert_eq!(got[0].1, "未分配");
}

#[test]
fn account_list_and_main_account_make_staff_without_colon() {
    let t = "甲(2024-06-01 10:00:00):在吗\n小美(2024-06-01 10:00:10):在的亲\n";
    // by default 小美 is a buyer: two buyers, nobody answers
    let got = pairs(t, &Settings::default(), false);
    assert_eq!(got[1], p("小美", "未分配", "小美", Sender::Buyer, "在的亲"));
    let mut s = Settings::default();
    s.accounts.push(Account { nick: "小美".into(), ..Default::default() });
    let got = pairs(t, &s, false);
    assert_eq!(got, [p("甲", "小美", "甲", Sender::Buyer, "在吗"), p("小美", "小美", "甲", Sender::Agent, "在的亲")]);
    let s = Settings { main_accounts: vec!["小美".into()], ..Default::default() };
    assert_eq!(pairs(t, &s, false)[1].3, Sender::Agent);
}

#[test]
fn staff_only_block_is_dropped_and_system_follows_context() {
    let t = "店:1(2024-06-01 10:00:00):群发通知\n----- 与 甲 的聊天记录 -----\n\
系统消息(2024-06-01 10:59:00):当前用户来自 手机淘宝\n甲(2024-06-01 11:00:00):在吗\n店:1(2024-06-01 11:00:09):在\n\
店:1(2024-06-01 11:00:10):店:1 撤回了一条消息\n";
    let got = pairs(t, &Settings::default(), false);
    assert_eq!(
        got,
        [
            p("系统消息", "店:1", "甲", Sender::System, "当前用户来自 手机淘宝"),
            p("甲", "店:1", "甲", Sender::Buyer, "在吗"),
            p("店:1", "店:1", "甲", Sender::Agent, "在"),
            p("店:1", "店:1", "甲", Sender::System, "店:1 撤回了一条消息"),
        ]
    );
}

#[test]
fn resolve_is_settings_dependent_without_reimport() {
    let (ds, _) =
        import("x.txt", "甲(2024-06-01 10:00:00):在吗\n客服小美(2024-06-01 10:00:10):在\n".as_bytes().to_vec());
    let r1 = resolve(&ds, &Settings::default());
    assert_eq!(ds.nicks.name(r1[1].buyer), "客服小美");
    let mut s = Settings::default();
    s.accounts.push(Account { nick: "客服小美".into(), ..Default::default() });
    let r2 = resolve(&ds, &s);
    assert_eq!(ds.nicks.name(r2[0].agent), "客服小美");
    assert_eq!(ds.nicks.name(r2[1].buyer), "甲");
}
