//! Issue 14 item 6: consultations answered by auto replies (拦截) vs. those
//! that went on to a human (转人工), and the auto first-response time, on
//! `auto_replies_chats.csv`, every expectation worked out by hand with
//! default settings (work time all day).

use std::collections::BTreeSet;

use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Metrics, Query};
use kefu_lens::model::Dataset;
use kefu_lens::partition::PartitionedEngine;
use kefu_lens::settings::Settings;

use crate::support::engine::key;
use crate::support::import::fixture;

const AUTO: &str = "auto_replies_chats.csv";

fn load() -> Dataset {
    let mut ds = Dataset::default();
    let r = kefu_lens::import::import_bytes(&mut ds, AUTO, fixture(AUTO), None);
    assert_eq!(r.skipped, 0, "{r:?}");
    ds
}

fn row(e: &Engine, by: &[Dim], k: &[(&str, &str)]) -> Metrics {
    let want = key(k);
    e.report(&Query { by: by.to_vec(), filter: Filter::default(), rules: vec![] })
        .rows
        .into_iter()
        .find(|r| r.key == want)
        .unwrap_or_else(|| panic!("no row {want:?}"))
        .metrics
}

fn drilled(e: &Engine, ds: &Dataset, metric: &str, k: &[(&str, &str)], failing: bool) -> BTreeSet<String> {
    let d = e.drill(ds, &DrillRequest { filter: Filter::default(), key: key(k), metric: metric.into() });
    d.rows.iter().filter(|r| !failing || r.fail).map(|r| r.buyer.clone()).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

const R: &[(&str, &str)] = &[("agent", "店:R")];

#[test]
fn auto_replies_by_hand() {
    let mut ds = load();
    let e = Engine::prepare(&mut ds, &Settings::default());
    let m = row(&e, &[Dim::Agent], R);
    // 店:R's consult buyer-days: 先欢迎, 拦截, 转人工, 分流 (06-05) and
    // 夜间 (06-06) = 5.
    assert_eq!(m.consult_buyers, 5);
    // An auto reply after a buyer message: 拦截, 转人工, 分流, 夜间 = 4;
    // 先欢迎's welcome comes before the buyer's first message (not an answer).
    assert_eq!(m.auto_replied_buyers, 4);
    // Intercepted (no human message in the group): 拦截, 夜间, and 分流 —
    // 店:R never answered them by hand (店:S did: another agent's row) = 3.
    assert_eq!(m.auto_intercepted_buyers, 3);
    // Went on to a human: 转人工 (有的 at 11:02:00) = 1.
    assert_eq!(m.auto_to_human_buyers, 1);
    assert_eq!(m.auto_intercept_rate, Some(3.0 / 5.0));
    // First auto reply after the first buyer message, calendar seconds:
    // 拦截 10:00:00 → 10:00:02 = 2, 转人工 11:00:00 → 11:00:04 = 4,
    // 分流 12:00:00 → 12:00:06 = 6, 夜间 02:00:00 → 02:00:01 = 1 (the
    // second auto reply at 02:00:03 is not the first) → (2+4+6+1)/4 = 3.25.
    assert_eq!(m.auto_first_response_secs, Some(3.25));
    // The human first response is unchanged by auto replies: 先欢迎 10 s →
    // 09:01:00 = 50 s, 转人工 11:00:00 → 11:02:00 = 120 s (auto replies do
    // not close a round) → 85.
    assert_eq!(m.first_response_secs, Some(85.0));

    // The whole shop: 分流's buyer-day reached a human (店:S), so it moves
    // from 拦截 to 转人工: intercepted 拦截, 夜间 = 2, to a human 转人工,
    // 分流 = 2, out of 5 consult buyer-days.
    let t = row(&e, &[], &[]);
    assert_eq!((t.consult_buyers, t.auto_replied_buyers), (5, 4));
    assert_eq!((t.auto_intercepted_buyers, t.auto_to_human_buyers), (2, 2));
    assert_eq!(t.auto_intercept_rate, Some(2.0 / 5.0));
    assert_eq!(t.auto_first_response_secs, Some(3.25));
    // 店:S alone: 分流 without an auto reply of its own.
    let s = row(&e, &[Dim::Agent], &[("agent", "店:S")]);
    assert_eq!((s.consult_buyers, s.auto_replied_buyers, s.auto_intercept_rate), (1, 0, Some(0.0)));
    assert_eq!(s.auto_first_response_secs, None);
}

#[test]
fn auto_replies_drill_to_their_records() {
    let mut ds = load();
    let e = Engine::prepare(&mut ds, &Settings::default());
    assert_eq!(drilled(&e, &ds, "auto_replied_buyers", R, false), set(&["拦截", "转人工", "分流", "夜间"]));
    assert_eq!(drilled(&e, &ds, "auto_intercepted_buyers", R, false), set(&["拦截", "分流", "夜间"]));
    assert_eq!(drilled(&e, &ds, "auto_to_human_buyers", R, false), set(&["转人工"]));
    // The rate lists its denominator (consult buyer-days); the failures
    // (「只看未达标」) are those not intercepted.
    assert_eq!(drilled(&e, &ds, "auto_intercept_rate", R, false).len(), 5);
    assert_eq!(drilled(&e, &ds, "auto_intercept_rate", R, true), set(&["先欢迎", "转人工"]));
    let d = e.drill(
        &ds,
        &DrillRequest { filter: Filter::default(), key: key(R), metric: "auto_first_response_secs".into() },
    );
    assert_eq!(d.rows.len(), 4);
    assert_eq!(d.unit, "conversation_day");
}

#[test]
fn partitions_merge_auto_replies() {
    let mut ds = load();
    let s = Settings::default();
    let e = Engine::prepare(&mut ds, &s);
    for n in [2, 7] {
        let pe = PartitionedEngine::prepare(&mut ds, &s, n);
        for by in [vec![], vec![Dim::Agent], vec![Dim::Agent, Dim::Day]] {
            let q = Query { by, filter: Filter::default(), rules: vec![] };
            let (want, got) = (e.report(&q), pe.report(&q));
            assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap(), "{n} parts");
        }
    }
}
