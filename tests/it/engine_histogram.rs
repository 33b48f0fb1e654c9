//! Response-time histogram: counted answered rounds (business clock) in
//! buckets whose edges include the threshold; each bucket drills to exactly
//! its rounds. Expectations computed by hand in the comments.

use crate::support::engine::*;
use kefu_lens::engine::histogram::{HIST_KEY, HIST_METRIC};
use kefu_lens::engine::{DrillRequest, Engine, Filter};

const A: &str = "店:01";

/// Work time 09:00–12:00, 13:30–23:00; 2024-06-03 is a Monday.
fn scenario() -> B {
    let mut b = B::new();
    b.b(A, "b1", "2024-06-03 10:00:00", "在吗").a(A, "b1", "2024-06-03 10:00:20", "在"); // 20 s
    b.b(A, "b2", "2024-06-03 10:00:00", "在吗").a(A, "b2", "2024-06-03 10:00:30", "在"); // 30 s (edge, first bucket)
    b.b(A, "b3", "2024-06-03 10:00:00", "在吗").a(A, "b3", "2024-06-03 10:00:31", "在"); // 31 s
    b.b(A, "b4", "2024-06-03 10:00:00", "在吗").a(A, "b4", "2024-06-03 10:03:00", "在"); // 180 s
    b.b(A, "b5", "2024-06-03 10:00:00", "在吗").a(A, "b5", "2024-06-03 10:03:01", "在"); // 181 s
                                                                                         // across lunch: 11:59→12:00 (60 s) + 13:30→13:31 (60 s) = 120 s business, 5520 s calendar
    b.b(A, "b6", "2024-06-03 11:59:00", "在吗").a(A, "b6", "2024-06-03 13:31:00", "在");
    b.b(A, "b7", "2024-06-03 10:00:00", "在吗").a(A, "b7", "2024-06-03 10:40:00", "在"); // 2400 s
    b.b(A, "b8", "2024-06-03 10:00:00", "在吗"); // never answered
    b.b(A, "b9", "2024-06-03 08:00:00", "在吗").a(A, "b9", "2024-06-03 08:10:00", "在"); // off-hours: not counted
    b
}

fn counts(e: &Engine) -> Vec<(String, u64)> {
    e.response_histogram(&Filter::default()).buckets.iter().map(|b| (b.range_key(), b.rounds)).collect()
}

fn drill_rows(e: &Engine, ds: &kefu_lens::model::Dataset, range: &str) -> Vec<String> {
    let d = e.drill(
        ds,
        &DrillRequest { filter: Filter::default(), key: key(&[(HIST_KEY, range)]), metric: HIST_METRIC.into() },
    );
    assert_eq!(d.unit, "round");
    d.rows.into_iter().map(|r| r.buyer).collect()
}

#[test]
fn buckets_at_default_threshold() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    let h = e.response_histogram(&Filter::default());
    assert_eq!(h.threshold_secs, 180);
    assert_eq!((h.answered, h.unanswered), (7, 1));
    let want: Vec<(String, u64)> = [
        ("0-30", 2),
        ("30-60", 1),
        ("60-120", 1),
        ("120-180", 1),
        ("180-300", 1),
        ("300-600", 0),
        ("600-1800", 0),
        ("1800-", 1),
    ]
    .iter()
    .map(|(k, n)| (k.to_string(), *n))
    .collect();
    assert_eq!(counts(&e), want);
    // the histogram covers exactly the rounds behind the average response
    let t = total(&e);
    assert_eq!(h.answered, t.rounds - h.unanswered);
    let avg_rows = e.drill(
        &b.ds,
        &DrillRequest { filter: Filter::default(), key: Default::default(), metric: "avg_response_secs".into() },
    );
    assert_eq!(avg_rows.rows.len() as u64, h.answered);
    // buckets within the threshold add up to rounds_3min
    let within: u64 = h.buckets.iter().filter(|b| b.hi.is_some_and(|x| x <= 180)).map(|b| b.rounds).sum();
    assert_eq!(within, t.rounds_3min);
}

#[test]
fn each_bucket_drills_to_its_rounds() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    for (range, n) in counts(&e) {
        assert_eq!(drill_rows(&e, &b.ds, &range).len() as u64, n, "bucket {range}");
    }
    let mut first = drill_rows(&e, &b.ds, "0-30");
    first.sort();
    assert_eq!(first, vec!["b1", "b2"]);
    assert_eq!(drill_rows(&e, &b.ds, "60-120"), vec!["b6"]); // the lunch-break round, in business time
    assert_eq!(drill_rows(&e, &b.ds, "1800-"), vec!["b7"]);
    // a malformed range drills to nothing rather than to everything
    assert!(drill_rows(&e, &b.ds, "abc").is_empty());
}

#[test]
fn threshold_is_a_bucket_edge() {
    let b = scenario();
    let mut s = lunch_settings();
    s.response_threshold_secs = 240;
    let e = Engine::new(&b.ds, &s);
    let c = counts(&e);
    // 181 s now sits in (180, 240]; nothing in (240, 300]
    assert!(c.contains(&("180-240".to_string(), 1)), "{c:?}");
    assert!(c.contains(&("240-300".to_string(), 0)), "{c:?}");
    assert_eq!(c.len(), 9);
    let h = e.response_histogram(&Filter::default());
    let within: u64 = h.buckets.iter().filter(|b| b.hi.is_some_and(|x| x <= 240)).map(|b| b.rounds).sum();
    assert_eq!(within, total(&e).rounds_3min);
}
