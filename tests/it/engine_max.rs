//! Seed 004 (team big screen): `max_first_response_secs` (首次响应最长时长)
//! and `max_response_secs` (最长响应时长). Expectations computed by hand in
//! the comments; default settings = work time all day, so business clock =
//! calendar clock here.

use crate::support::engine::*;
use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Query};
use kefu_lens::settings::Settings;

const A: &str = "店:01";
const BB: &str = "店:02";

fn scenario() -> B {
    let mut b = B::new();
    // 2024-06-03
    // (A, b1): R1 10:00→10:02 = 120 s (first round), R2 10:10→10:15 = 300 s.
    b.b(A, "b1", "2024-06-03 10:00:00", "在吗")
        .a(A, "b1", "2024-06-03 10:02:00", "在的")
        .b(A, "b1", "2024-06-03 10:10:00", "什么时候发货")
        .a(A, "b1", "2024-06-03 10:15:00", "今天发");
    // (BB, b2): R1 11:00→11:01 = 60 s (first round), R2 11:30 never answered
    // (closed unanswered at 24:00: not in either population).
    b.b(BB, "b2", "2024-06-03 11:00:00", "有红色吗").a(BB, "b2", "2024-06-03 11:01:00", "有的").b(
        BB,
        "b2",
        "2024-06-03 11:30:00",
        "能便宜点吗",
    );
    // (BB, b3): first round 15:00 never answered → no first response.
    b.b(BB, "b3", "2024-06-03 15:00:00", "能开发票吗");
    // 2024-06-04: only an unanswered round → both maxima empty that day.
    b.b(BB, "b4", "2024-06-04 09:00:00", "你好");
    b
}

#[test]
fn shop_and_agent_maxima() {
    let b = scenario();
    let e = Engine::new(&b.ds, &Settings::default());

    // Shop: answered rounds 120, 300, 60 → max 300 (avg 160).
    // First responses: (A,b1) 120, (BB,b2) 60; (BB,b3) excluded → max 120 (avg 90).
    let t = total(&e);
    // rounds: A 2, BB 4 (b2 ×2, b3, b4).
    assert_eq!(t.rounds, 6);
    assert_eq!(t.avg_response_secs, Some(160.0));
    assert_eq!(t.max_response_secs, Some(300.0));
    assert_eq!(t.first_response_secs, Some(90.0));
    assert_eq!(t.max_first_response_secs, Some(120.0));

    // Per agent: A rounds 120, 300; first response 120.
    let a = row(&e, &[Dim::Agent], &[("agent", A)]);
    assert_eq!(a.max_response_secs, Some(300.0));
    assert_eq!(a.max_first_response_secs, Some(120.0));
    // BB: answered round 60 only (11:30 and 15:00 and 06-04 unanswered).
    let bb = row(&e, &[Dim::Agent], &[("agent", BB)]);
    assert_eq!(bb.rounds, 4);
    assert_eq!(bb.max_response_secs, Some(60.0));
    assert_eq!(bb.max_first_response_secs, Some(60.0));

    // Agent-day: BB on 06-04 has a counted round but no answered one → None.
    let bb4 = row(&e, &[Dim::Agent, Dim::Day], &[("agent", BB), ("day", "2024-06-04")]);
    assert_eq!(bb4.rounds, 1);
    assert_eq!(bb4.max_response_secs, None);
    assert_eq!(bb4.max_first_response_secs, None);
    assert_eq!(bb4.avg_response_secs, None);

    // By day: 06-03 carries everything; 06-04 empty populations → None.
    let d3 = row(&e, &[Dim::Day], &[("day", "2024-06-03")]);
    assert_eq!((d3.max_response_secs, d3.max_first_response_secs), (Some(300.0), Some(120.0)));
    let d4 = row(&e, &[Dim::Day], &[("day", "2024-06-04")]);
    assert_eq!((d4.max_response_secs, d4.max_first_response_secs), (None, None));
}

#[test]
fn wider_group_max_is_max_of_parts_not_sum() {
    let b = scenario();
    let e = Engine::new(&b.ds, &Settings::default());
    let t = total(&e);
    for by in [vec![Dim::Agent], vec![Dim::Day], vec![Dim::Agent, Dim::Day], vec![Dim::Hour], vec![Dim::Week]] {
        let r = e.report(&Query { rules: vec![], by: by.clone(), filter: Filter::default() });
        let mx = |f: fn(&kefu_lens::engine::Metrics) -> Option<f64>| {
            r.rows
                .iter()
                .filter_map(|row| f(&row.metrics))
                .fold(None, |a: Option<f64>, x| Some(a.map_or(x, |a| a.max(x))))
        };
        assert_eq!(mx(|m| m.max_response_secs), t.max_response_secs, "by {by:?}");
        assert_eq!(mx(|m| m.max_first_response_secs), t.max_first_response_secs, "by {by:?}");
    }
}

#[test]
fn business_clock_not_calendar() {
    // Lunch break 12:00–13:30: 11:59→13:31 is 120 s business (5,520 s calendar);
    // a 13:40→13:45 round is 300 s. Max = 300, first-response max = 120.
    let mut b = B::new();
    b.b(A, "b1", "2024-06-03 11:59:00", "在吗")
        .a(A, "b1", "2024-06-03 13:31:00", "在的")
        .b(A, "b1", "2024-06-03 13:40:00", "尺码多大")
        .a(A, "b1", "2024-06-03 13:45:00", "M码");
    let e = Engine::new(&b.ds, &lunch_settings());
    let t = total(&e);
    assert_eq!(t.max_response_secs, Some(300.0));
    assert_eq!(t.max_first_response_secs, Some(120.0));
    assert_eq!(t.first_response_calendar_secs, Some(5520.0));
}

#[test]
fn empty_is_none() {
    let b = B::new();
    let e = Engine::new(&b.ds, &Settings::default());
    let r = e.report(&Query { rules: vec![], by: vec![], filter: Filter::default() });
    for row in &r.rows {
        assert_eq!(row.metrics.max_response_secs, None);
        assert_eq!(row.metrics.max_first_response_secs, None);
        let v = serde_json::to_value(&row.metrics).unwrap();
        assert!(v["max_response_secs"].is_null() && v["max_first_response_secs"].is_null());
    }
    // Only unanswered rounds: populations empty → null.
    let mut b = B::new();
    b.b(A, "b1", "2024-06-03 10:00:00", "在吗");
    let e = Engine::new(&b.ds, &Settings::default());
    let t = total(&e);
    assert_eq!(t.rounds, 1);
    assert_eq!((t.max_response_secs, t.max_first_response_secs), (None, None));
}

#[test]
fn drill_returns_the_average_population() {
    let b = scenario();
    let e = Engine::new(&b.ds, &Settings::default());
    for (max, avg, unit, n_shop, n_a, n_bb) in [
        ("max_response_secs", "avg_response_secs", "round", 3, 2, 1),
        ("max_first_response_secs", "first_response_secs", "conversation_day", 2, 1, 1),
    ] {
        for (k, n) in [(vec![], n_shop), (vec![("agent", A)], n_a), (vec![("agent", BB)], n_bb)] {
            let req = |m: &str| DrillRequest { filter: Filter::default(), key: key(&k), metric: m.into() };
            let dm = e.drill(&b.ds, &req(max));
            let da = e.drill(&b.ds, &req(avg));
            assert_eq!(dm.metric, max);
            assert_eq!(dm.unit, unit, "{max} {k:?}");
            assert_eq!(dm.rows.len(), n, "{max} {k:?}");
            assert_eq!(dm.rows, da.rows, "{max} drills the same records as {avg}");
        }
    }
    // The max is among the drilled details: the 300 s round.
    let d = e.drill(&b.ds, &DrillRequest { metric: "max_response_secs".into(), ..Default::default() });
    assert!(d.rows.iter().any(|r| r.detail.raw().starts_with("300 s")), "{:?}", d.rows);
    assert!(d.rows.iter().all(|r| r.detail.raw() != "unanswered"));
}
