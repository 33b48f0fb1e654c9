//! Spec §3.1: the rest of 生意参谋's 咨询接待 columns and the other
//! platforms' response rules (issue 14 items 4 and 5), on two small
//! fixtures whose every expectation is worked out by hand in the comments
//! from the spec, with default settings (work time all day, threshold
//! 180 s, `long_reception_secs` and `session_idle_secs` 1800) unless a test
//! says otherwise.

use std::collections::BTreeSet;

use kefu_lens::cli::report::{run, ReportArgs};
use kefu_lens::cli::InputArgs;
use kefu_lens::engine::{Dim, Drill, DrillRequest, Engine, Filter, Metrics, Query, Rule};
use kefu_lens::model::Dataset;
use kefu_lens::partition::PartitionedEngine;
use kefu_lens::settings::Settings;
use serde_json::Value;

use crate::support::engine::key;
use crate::support::import::fixture;

const CONSULT: &str = "consult_columns_chats.csv";
const RULES: &str = "platform_rules_chats.csv";

fn load(name: &str) -> Dataset {
    let mut ds = Dataset::default();
    let r = kefu_lens::import::import_bytes(&mut ds, name, fixture(name), None);
    assert_eq!(r.skipped, 0, "{name}: {r:?}");
    ds
}

fn row(e: &Engine, by: &[Dim], k: &[(&str, &str)], rules: &[Rule]) -> Metrics {
    let want = key(k);
    e.report(&Query { by: by.to_vec(), filter: Filter::default(), rules: rules.to_vec() })
        .rows
        .into_iter()
        .find(|r| r.key == want)
        .unwrap_or_else(|| panic!("no row {want:?}"))
        .metrics
}

fn drill(e: &Engine, ds: &Dataset, metric: &str, k: &[(&str, &str)]) -> Drill {
    e.drill(ds, &DrillRequest { filter: Filter::default(), key: key(k), metric: metric.into() })
}

fn buyers(d: &Drill, failing: bool) -> BTreeSet<String> {
    d.rows.iter().filter(|r| !failing || r.fail).map(|r| r.buyer.clone()).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

const A: &[(&str, &str)] = &[("agent", "店:A")];

#[test]
fn consult_columns_by_hand() {
    let mut ds = load(CONSULT);
    let e = Engine::prepare(&mut ds, &Settings::default());
    let m = row(&e, &[Dim::Agent], A, &[]);
    // 店:A's buyer-days (all 2024-06-03): 慢甲 慢乙 快丙 长丁 短戊 跟进己 发起庚 自动辛.
    assert_eq!(m.consult_buyers, 8);
    // Receptions (a human message too): all but 慢乙 (never answered) and
    // 自动辛 (an auto reply only) = 6.
    assert_eq!(m.reception_buyers, 6);
    // 慢响应: 慢甲 answered 10:00:00 → 10:03:01 = 181 s > 180; 慢乙 never
    // answered; 跟进己's round at 15:10:00 never answered; 自动辛 answered by
    // an auto reply only (not a human message, so unanswered). 快丙 at
    // 12:00:00 → 12:03:00 = 180 s exactly is not slow. = 4.
    assert_eq!(m.slow_response_buyers, 4);
    // 长接待: 长丁 13:00:00 → 13:30:00 = 1800 s ≥ 1800 counts; 短戊
    // 14:00:00 → 14:29:59 = 1799 s (its last message is the closing word 谢谢,
    // still a buyer message of the span) does not. = 1.
    assert_eq!(m.long_reception_buyers, 1);
    // 买家发起: first non-system message is the buyer's: all but 跟进己
    // (system notice, then the agent) = 7; 发起庚 opens with a system
    // notice too, but its first non-system message is the buyer's.
    assert_eq!(m.buyer_initiated_buyers, 7);
    // 客服主动跟进: 跟进己 only = 1.
    assert_eq!(m.agent_followup_buyers, 1);
    // 有效接待: receptions with an answered counted round: 慢甲 (181 s is
    // still answered), 快丙, 长丁, 短戊, 发起庚 = 5; 跟进己 is a reception
    // whose only round was never answered.
    assert_eq!(m.effective_reception_buyers, 5);
    // 总消息数, per buyer (buyer messages valid or not + human + auto; the
    // system notices not): 慢甲 3, 慢乙 1, 快丙 3 (buyer, auto, human),
    // 长丁 3, 短戊 3 (谢谢 counts), 跟进己 2, 发起庚 2, 自动辛 2 = 19.
    assert_eq!(m.total_messages, 19);
    // 客服字数, human messages only (auto replies not): 有的 2 +
    // 亲，已经是最低价了😊 10 (the emoji is one scalar) + 您身高多少 5 +
    // 好的👍🏻 4 (thumbs up and its skin tone are two scalars) + 在 1 +
    // 亲，您的订单已发货 9 + 有的，领券中心 7 = 38.
    assert_eq!(m.agent_chars, 38);
    // The rules were not asked for: their counts are 0 and rates null.
    assert_eq!((m.kuaishou_buyers, m.pdd_buyers, m.xhs_sessions), (0, 0, 0));
    assert_eq!((m.kuaishou_response_rate_3min, m.pdd_valid_reply_rate, m.xhs_reply_rate), (None, None, None));

    // 店:B: 慢甲 again, 18:00:00 → 18:00:40 = 40 s.
    let b = row(&e, &[Dim::Agent], &[("agent", "店:B")], &[]);
    assert_eq!((b.slow_response_buyers, b.effective_reception_buyers, b.buyer_initiated_buyers), (0, 1, 1));
    assert_eq!((b.total_messages, b.agent_chars), (2, 2), "换个尺码可以吗 + 可以 (2 characters)");
    // The shop: 慢甲 is one buyer-day over both agents, slow through 店:A:
    // slow 4, effective 5 (慢甲 counted once), messages 19 + 2 = 21,
    // characters 38 + 2 = 40.
    let t = row(&e, &[], &[], &[]);
    assert_eq!((t.consult_buyers, t.slow_response_buyers, t.effective_reception_buyers), (8, 4, 5));
    assert_eq!((t.total_messages, t.agent_chars), (21, 40));
}

/// 客服字数 is counted while the engine sorts the messages, kept in two
/// bytes per message; a message of 65,535 characters or more is counted
/// from its text again: none is cut short.
#[test]
fn agent_characters_of_very_long_messages_are_counted_whole() {
    let long = "好".repeat(70_000);
    let edge = "a".repeat(65_535);
    let csv = format!(
        "时间,客服,买家,发送方,内容\n\
         2024-06-03 10:00:00,店:A,甲,买家,在吗\n\
         2024-06-03 10:01:00,店:A,甲,客服,{long}\n\
         2024-06-03 10:02:00,店:A,甲,客服,{edge}\n\
         2024-06-03 10:03:00,店:A,甲,客服,好的\n\
         2024-06-03 11:00:00,店:A,乙,买家,在吗\n\
         2024-06-03 11:01:00,店:A,乙,客服,{}\n",
        "b".repeat(65_534)
    );
    let mut ds = Dataset::default();
    let r = kefu_lens::import::import_bytes(&mut ds, "chats.csv", csv.into_bytes(), None);
    assert_eq!((r.imported, r.skipped), (6, 0), "{r:?}");
    let e = Engine::prepare(&mut ds, &Settings::default());
    // 甲: 70,000 + 65,535 + 2; 乙: 65,534
    let t = row(&e, &[], &[], &[]);
    assert_eq!(t.agent_chars, 70_000 + 65_535 + 2 + 65_534);
    let a = row(&e, &[Dim::Agent], &[("agent", "店:A")], &[]);
    assert_eq!(a.agent_chars, 201_071);
}

#[test]
fn consult_columns_drill_to_their_records() {
    let mut ds = load(CONSULT);
    let e = Engine::prepare(&mut ds, &Settings::default());
    let d = drill(&e, &ds, "slow_response_buyers", A);
    assert_eq!(d.unit, "buyer_day");
    assert_eq!(buyers(&d, false), set(&["慢甲", "慢乙", "跟进己", "自动辛"]));
    assert_eq!(buyers(&drill(&e, &ds, "long_reception_buyers", A), false), set(&["长丁"]));
    assert_eq!(buyers(&drill(&e, &ds, "agent_followup_buyers", A), false), set(&["跟进己"]));
    let init = drill(&e, &ds, "buyer_initiated_buyers", A);
    assert_eq!(buyers(&init, false), set(&["慢甲", "慢乙", "快丙", "长丁", "短戊", "发起庚", "自动辛"]));
    let eff = drill(&e, &ds, "effective_reception_buyers", A);
    assert_eq!(buyers(&eff, false), set(&["慢甲", "快丙", "长丁", "短戊", "发起庚"]));
    // 总消息数 lists its 19 messages, 客服字数 the 7 human messages whose
    // characters add up to 38.
    let total = drill(&e, &ds, "total_messages", A);
    assert_eq!((total.unit.as_str(), total.rows.len()), ("message", 19));
    assert!(!total.rows.iter().any(|r| r.detail.raw().starts_with("当前用户来自")), "system notices are not counted");
    let chars = drill(&e, &ds, "agent_chars", A);
    assert_eq!(chars.rows.len(), 7);
    assert_eq!(chars.rows.iter().map(|r| r.detail.raw().chars().count()).sum::<usize>(), 38);
}

#[test]
fn consult_thresholds_are_read_at_query_time() {
    let mut ds = load(CONSULT);
    let mut e = Engine::prepare(&mut ds, &Settings::default());
    // Threshold 181 s: 慢甲's 181 s reply is no longer slow (4 − 1 = 3);
    // long receptions from 1799 s: 短戊 (1799 s) joins 长丁 (= 2).
    let s = Settings { response_threshold_secs: 181, long_reception_secs: 1799, ..Settings::default() };
    assert!(!e.apply_settings(&mut ds, &s), "both are query-time settings");
    let m = row(&e, &[Dim::Agent], A, &[]);
    assert_eq!((m.slow_response_buyers, m.long_reception_buyers), (3, 2));
    assert_eq!(buyers(&drill(&e, &ds, "long_reception_buyers", A), false), set(&["长丁", "短戊"]));
}

const K: &[(&str, &str)] = &[("agent", "店:K"), ("day", "2024-06-04")];

/// 店:K on 2024-06-04, every rule asked for.
fn rules_row(e: &Engine) -> Metrics {
    row(e, &[Dim::Agent, Dim::Day], K, &Rule::ALL)
}

#[test]
fn platform_rules_by_hand() {
    let mut ds = load(RULES);
    let e = Engine::prepare(&mut ds, &Settings::default());
    let m = rules_row(&e);
    // Population of Kuaishou and Pinduoduo: buyer-days with a valid buyer
    // message at or after 08:00:00 and before 23:00:00. 窗前 (07:59:59) and
    // 窗后 (23:00:00) are out, 薯跨夜 (23:50) too; in: 窗始 (08:00:00),
    // 窗末 (22:59:59), 拼超时, 拼正好, 拼两问, 拼早问, 薯间隔, 薯差一秒,
    // 快速 = 9.
    assert_eq!((m.kuaishou_buyers, m.pdd_buyers), (9, 9));
    // Kuaishou fails a person with a round in the window unanswered or
    // answered more than 180 s (calendar) after it opened:
    //   窗始 08:00:00 → 08:03:00 = 180 s   passes
    //   窗末 22:59:59 → 23:03:00 = 181 s   fails
    //   拼超时 3601 s, 拼正好 3600 s, 薯差一秒 1799 s  fail
    //   拼两问: 60 s, then 11:30:00 never answered  fails
    //   拼早问: one round 12:00:00 → 13:00:30 = 3630 s  fails
    //   薯间隔: 30 s, then 14:30:30 never answered  fails
    //   快速 20 s  passes
    // failed = 7, rate = (9 − 7) / 9.
    assert_eq!(m.kuaishou_failed_buyers, 7);
    assert_eq!(m.kuaishou_response_rate_3min, Some(2.0 / 9.0));
    // Pinduoduo: valid when every valid message in the window has a human
    // message at most 3600 s later: 窗始 180, 窗末 181, 拼正好 exactly 3600,
    // 薯差一秒 1799, 快速 20 are valid; 拼超时 (3601), 拼两问 (包邮吗 never
    // answered), 拼早问 (12:00:00 waits 3630 s although 还在吗 waits only
    // 630 s) and 薯间隔 (那再来一支 never answered) are not. valid = 5, rate 5/9.
    assert_eq!(m.pdd_valid_buyers, 5);
    assert_eq!(m.pdd_valid_reply_rate, Some(5.0 / 9.0));
    // Xiaohongshu sessions, all day, idle gap 1800 s:
    //   窗前 1 (replied, 181 s), 窗始 1 (replied), 窗末 1 (replied),
    //   窗后 1 (an auto reply does not reply), 拼超时 1 (the reply comes
    //   3601 s ≥ 1800 s later: the session ended), 拼正好 1 (3600 s: ended),
    //   拼两问 1 (replied at 11:01; 包邮吗 29 min later is the same session),
    //   拼早问 2 (还在吗 50 min later opens a second one, replied 630 s on),
    //   薯间隔 2 (那再来一支 exactly 1800 s after 有的 opens a new session,
    //   never replied), 薯差一秒 1 (1799 s: replied in time), 快速 1 (replied),
    //   薯跨夜 1 (23:50, ends at 24:00; the 00:05 reply is the next day's).
    // sessions = 1+1+1+1+1+1+1+2+2+1+1+1 = 14; replied = 窗前 窗始 窗末 拼两问
    // 拼早问(2nd) 薯间隔(1st) 薯差一秒 快速 = 8; rate 8/14.
    assert_eq!((m.xhs_sessions, m.xhs_replied_sessions), (14, 8));
    assert_eq!(m.xhs_reply_rate, Some(8.0 / 14.0));
    // The next day holds 薯跨夜's reply alone: no session (sessions open at
    // a buyer message), an agent follow-up.
    let next = row(&e, &[Dim::Agent, Dim::Day], &[("agent", "店:K"), ("day", "2024-06-05")], &Rule::ALL);
    assert_eq!((next.xhs_sessions, next.xhs_reply_rate, next.agent_followup_buyers), (0, None, 1));
    assert_eq!(next.consult_buyers, 0);
}

#[test]
fn platform_rules_ignore_work_time_and_are_asked_for_one_by_one() {
    let mut ds = load(RULES);
    let all_day = rules_row(&Engine::prepare(&mut ds, &Settings::default()));
    // Work time 09:00–18:00: the Taobao rounds change (窗始 at 08:00 and
    // 窗末 at 22:59:59 are no longer counted) but not the platforms' rules,
    // whose windows and clocks are their own.
    let mut s = Settings::default();
    for v in s.work_time.values_mut() {
        *v = vec!["09:00-18:00".parse().unwrap()];
    }
    let e = Engine::prepare(&mut ds, &s);
    let office = rules_row(&e);
    assert!(office.rounds < all_day.rounds);
    for k in ["kuaishou_buyers", "kuaishou_failed_buyers", "pdd_buyers", "pdd_valid_buyers", "xhs_sessions"] {
        assert_eq!(office.get(k), all_day.get(k), "{k}");
    }
    // Only the rules asked for are computed.
    let pdd = row(&e, &[Dim::Agent, Dim::Day], K, &[Rule::Pdd]);
    assert_eq!((pdd.pdd_buyers, pdd.kuaishou_buyers, pdd.xhs_sessions), (9, 0, 0));
    assert_eq!(pdd.kuaishou_response_rate_3min, None);
}

#[test]
fn platform_rules_drill_people_and_sessions() {
    let mut ds = load(RULES);
    let e = Engine::prepare(&mut ds, &Settings::default());
    let ks = drill(&e, &ds, "kuaishou_response_rate_3min", K);
    assert_eq!((ks.unit.as_str(), ks.rows.len(), ks.failures), ("buyer_day", 9, Some(7)));
    let pass: BTreeSet<String> = ks.rows.iter().filter(|r| !r.fail).map(|r| r.buyer.clone()).collect();
    assert_eq!(pass, set(&["窗始", "快速"]));
    let pdd = drill(&e, &ds, "pdd_valid_reply_rate", K);
    assert_eq!((pdd.rows.len(), pdd.failures), (9, Some(4)));
    assert_eq!(buyers(&pdd, true), set(&["拼超时", "拼两问", "拼早问", "薯间隔"]));
    let xhs = drill(&e, &ds, "xhs_reply_rate", K);
    assert_eq!((xhs.unit.as_str(), xhs.rows.len(), xhs.failures), ("session", 14, Some(6)));
    // 薯间隔's two sessions: the first (14:00:00) replied, the second
    // (14:30:30, exactly 1800 s after the reply) not.
    let split: Vec<(String, bool)> =
        xhs.rows.iter().filter(|r| r.buyer == "薯间隔").map(|r| (r.time.clone(), r.fail)).collect();
    assert_eq!(split, [("2024-06-04 14:00:00".to_string(), false), ("2024-06-04 14:30:30".to_string(), true)]);
    assert_eq!(drill(&e, &ds, "xhs_sessions", K).rows.len(), 14);
    assert_eq!(drill(&e, &ds, "xhs_replied_sessions", K).rows.len(), 8);
    assert_eq!(drill(&e, &ds, "kuaishou_failed_buyers", K).rows.len(), 7);
    assert_eq!(drill(&e, &ds, "pdd_valid_buyers", K).rows.len(), 5);
}

#[test]
fn rules_disagree_by_hand() {
    let mut ds = load(RULES);
    let mut e = Engine::prepare(&mut ds, &Settings::default());
    // The window's 9 people, verdicts (Taobao: no counted round slow or
    // unanswered at 180 s; Kuaishou; Pinduoduo; Xiaohongshu: every session
    // replied), ✓ = passes:
    //   窗始     180 s        ✓ ✓ ✓ ✓   agree
    //   窗末     181 s        ✗ ✗ ✓ ✓   disagree
    //   拼超时   3601 s       ✗ ✗ ✗ ✗   agree (the session ended first)
    //   拼正好   3600 s       ✗ ✗ ✓ ✗   disagree
    //   拼两问   60 s, 包邮吗 never answered   ✗ ✗ ✗ ✓ (one session, replied)   disagree
    //   拼早问   3630 s       ✗ ✗ ✗ ✗   agree (its first session unreplied)
    //   薯间隔   30 s, then unanswered   ✗ ✗ ✗ ✗   agree
    //   薯差一秒 1799 s       ✗ ✗ ✓ ✓   disagree
    //   快速     20 s         ✓ ✓ ✓ ✓   agree
    // = 4, whatever rules the query asks for (the flags are built).
    for rules in [vec![], Rule::ALL.to_vec()] {
        let m = row(&e, &[Dim::Agent, Dim::Day], K, &rules);
        assert_eq!(m.rules_disagree_buyers, 4);
    }
    let d = drill(&e, &ds, "rules_disagree_buyers", K);
    assert_eq!(buyers(&d, false), set(&["窗末", "拼正好", "拼两问", "薯差一秒"]));
    // Taobao's verdict reads the threshold at query time. At 60 s 窗始
    // (180 s) fails Taobao alone (✗ ✓ ✓ ✓): it now disagrees; 快速 (20 s)
    // still agrees; the other seven keep their verdicts above. = 5.
    let s = Settings { response_threshold_secs: 60, ..Default::default() };
    e.apply_settings(&mut ds, &s);
    assert_eq!(row(&e, &[Dim::Agent, Dim::Day], K, &[]).rules_disagree_buyers, 5);
}

#[test]
fn partitions_merge_the_new_counts() {
    let mut ds = load(RULES);
    kefu_lens::import::import_bytes(&mut ds, CONSULT, fixture(CONSULT), None);
    let s = Settings::default();
    let e = Engine::prepare(&mut ds, &s);
    for n in [2, 7] {
        let pe = PartitionedEngine::prepare(&mut ds, &s, n);
        for by in [vec![], vec![Dim::Agent], vec![Dim::Agent, Dim::Day]] {
            let q = Query { by, filter: Filter::default(), rules: Rule::ALL.to_vec() };
            let (want, got) = (e.report(&q), pe.report(&q));
            assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap(), "{n} parts");
        }
    }
    // Not a comparison of zeros: the whole holds 店:K's 14 sessions and 9
    // window buyers (and more from the other file), and slow buyers.
    let t = row(&e, &[], &[], &Rule::ALL);
    assert!(t.xhs_sessions >= 14 && t.kuaishou_buyers >= 9 && t.slow_response_buyers >= 4, "{t:?}");
}

fn cli(rules: &str, format: &str) -> Result<String, String> {
    let args = ReportArgs {
        input: InputArgs { chats: vec![fixture_path(RULES)], ..Default::default() },
        by: "agent-day".into(),
        format: format.into(),
        rules: rules.into(),
    };
    run(&args).map(|o| o.text)
}

fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

const RULE_KEYS: [(&str, &[&str]); 3] = [
    ("kuaishou", &["kuaishou_buyers", "kuaishou_failed_buyers", "kuaishou_response_rate_3min"]),
    ("pdd", &["pdd_buyers", "pdd_valid_buyers", "pdd_valid_reply_rate"]),
    ("xiaohongshu", &["xhs_sessions", "xhs_replied_sessions", "xhs_reply_rate"]),
];

#[test]
fn cli_rules_add_only_the_keys_asked_for() {
    for asked in ["", "pdd", "kuaishou,pdd,xiaohongshu", "xiaohongshu, kuaishou"] {
        let v: Value = serde_json::from_str(&cli(asked, "json").unwrap()).unwrap();
        let rows = v["rows"].as_array().unwrap();
        let header: Vec<String> =
            cli(asked, "csv").unwrap().lines().next().unwrap().split(',').map(String::from).collect();
        for (rule, keys) in RULE_KEYS {
            let on = asked.split(',').any(|r| r.trim() == rule);
            for k in keys {
                assert!(rows.iter().all(|r| r.get(*k).is_some() == on), "--rules {asked:?}: {k} in JSON rows");
                assert_eq!(header.iter().any(|h| h == k), on, "--rules {asked:?}: {k} in the CSV header");
            }
        }
        // The §3.1 columns are in every row whatever the rules.
        for k in ["slow_response_buyers", "agent_chars", "total_messages", "effective_reception_buyers"] {
            assert!(rows.iter().all(|r| r.get(k).is_some()) && header.iter().any(|h| h == k), "{k}");
        }
    }
    let v: Value = serde_json::from_str(&cli("kuaishou,pdd,xiaohongshu", "json").unwrap()).unwrap();
    let r = v["rows"].as_array().unwrap().iter().find(|r| r["day"] == "2024-06-04").unwrap();
    // the figures of platform_rules_by_hand
    assert_eq!((r["kuaishou_buyers"].as_u64(), r["kuaishou_failed_buyers"].as_u64()), (Some(9), Some(7)));
    assert_eq!(r["pdd_valid_reply_rate"].as_f64(), Some(5.0 / 9.0));
    assert_eq!(r["xhs_reply_rate"].as_f64(), Some(8.0 / 14.0));
    let err = cli("kuaishou,tiktok", "json").unwrap_err();
    for word in ["tiktok", "kuaishou", "pdd", "xiaohongshu"] {
        assert!(err.contains(word), "{err}");
    }
}

#[test]
fn queries_name_their_rules_and_old_ones_still_read() {
    // A request written before `rules` existed asks for none.
    let old: Query = serde_json::from_str(r#"{"by": ["agent"], "filter": {}}"#).unwrap();
    assert!(old.rules.is_empty());
    let q: Query = serde_json::from_str(r#"{"by": [], "rules": ["xiaohongshu", "pdd"]}"#).unwrap();
    assert_eq!(q.rules, [Rule::Xiaohongshu, Rule::Pdd]);
    assert!(serde_json::from_str::<Query>(r#"{"rules": ["tiktok"]}"#).is_err());
    assert_eq!(Rule::parse_list(" pdd ,kuaishou,pdd").unwrap(), [Rule::Pdd, Rule::Kuaishou]);
    assert_eq!(Rule::parse_list("").unwrap(), []);
}
