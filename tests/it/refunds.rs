//! Issue 14 item 2: refunds. The fixtures (`refunds_*`) are one small shop
//! on 2024-06-03/04 with default settings (work time all day, final window
//! 3 days) and 店:S as an after-sales account; every expectation is
//! worked out by hand below from docs/metrics.md's definitions.
//!
//! Orders (credited agent per spec §4, all paid within the window):
//! | order | buyer | credited | paid | refunds (applied, amount, status, reason) |
//! |---|---|---|---|---|
//! | …001 | 甲 | 店:A | 100.00 | R2 06-06 40.00 成功 7天无理由; R1 06-05 100.00 关闭 质量问题 (first) |
//! | …002 | 乙 | 店:A | 50.00 | R3 06-04 20.00 成功 不想要了 (first); R4 06-05 30.00 成功 质量问题 |
//! | …003 | 丙 | 店:B | 80.00 | R5 06-09 80.00 成功 做工粗糙/有瑕疵, and 退款金额 80.00 in the order export |
//! | …004 | 丁 | none (no chat) | 60.00 | R6 06-04 60.00 成功 质量问题 |
//! | …005 | 戊 | 店:B | 40.00 | none |
//! R7 refunds order …999, which is not loaded. 店:S received 甲 on 06-04
//! 09:00 and 丙 on 06-04 13:00.

use std::collections::BTreeSet;

use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Metrics, Query};
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::partition::PartitionedEngine;
use kefu_lens::settings::Settings;

use crate::support::engine::key;
use crate::support::import::fixture;

fn settings() -> Settings {
    Settings::parse(&String::from_utf8(fixture("refunds_settings.json")).unwrap()).unwrap()
}

fn load(refund_files: &[&str]) -> Dataset {
    let mut ds = Dataset::default();
    for (name, kind) in [("refunds_chats.csv", FileKind::Chats), ("refunds_orders.csv", FileKind::Orders)] {
        let r = kefu_lens::import::import_bytes(&mut ds, name, fixture(name), Some(kind));
        assert_eq!(r.skipped, 0, "{r:?}");
    }
    for name in refund_files {
        // detected by its header alone (it also has 订单付款时间 and
        // 买家实际支付金额, which an order table without numbers matches)
        let r = kefu_lens::import::import_bytes(&mut ds, name, fixture(name), None);
        assert_eq!((r.kind, r.format.as_str(), r.skipped), (FileKind::Refunds, "taobao-refunds", 0), "{r:?}");
    }
    ds
}

fn row(e: &Engine, k: &[(&str, &str)]) -> Metrics {
    let by = if k.is_empty() { vec![] } else { vec![Dim::Agent] };
    let want = key(k);
    e.report(&Query { by, filter: Filter::default(), rules: vec![] })
        .rows
        .into_iter()
        .find(|r| r.key == want)
        .unwrap_or_else(|| panic!("no row {want:?}"))
        .metrics
}

/// The order numbers a drill lists (and those of its failing rows), and
/// its agents.
fn drilled(e: &Engine, ds: &Dataset, metric: &str, k: &[(&str, &str)]) -> (Vec<String>, usize, BTreeSet<String>) {
    let d = e.drill(ds, &DrillRequest { filter: Filter::default(), key: key(k), metric: metric.into() });
    let ids =
        d.rows.iter().map(|r| r.detail.raw().split(' ').next().unwrap_or_default().to_string()).collect::<Vec<_>>();
    (ids, d.rows.iter().filter(|r| r.fail).count(), d.rows.iter().map(|r| r.agent.clone()).collect())
}

const A: &[(&str, &str)] = &[("agent", "店:A")];
const B: &[(&str, &str)] = &[("agent", "店:B")];
const S: &[(&str, &str)] = &[("agent", "店:S")];

#[test]
fn refunds_by_hand() {
    let mut ds = load(&["refunds_taobao.csv"]);
    let e = Engine::prepare(&mut ds, &settings());

    let a = row(&e, A);
    // Sales orders …001 (100.00) and …002 (50.00): 2, 150.00.
    assert_eq!((a.sales_orders, a.sales_amount), (2, Some(150.0)));
    // Refunded: …001 only R2 succeeded (R1 closed) = 40.00; …002 R3 + R4
    // = 20.00 + 30.00 = 50.00 → 2 orders, 90.00; 90 / 150 = 0.6.
    assert_eq!((a.refund_orders, a.refund_amount, a.refund_rate), (2, Some(90.0), Some(0.6)));
    // First applications: …001's is R1 (06-05, before R2 06-06 though
    // later in the file) 质量问题 → quality although closed; …002's is R3
    // 不想要了 → not (its second, R4 质量问题, does not count) → 1 of 2.
    assert_eq!((a.quality_refund_orders, a.first_quality_refund_rate), (1, Some(0.5)));
    assert_eq!(a.aftersales_refund_orders, 0, "店:A is pre-sales");

    let b = row(&e, B);
    // …003 (80.00) and …005 (40.00): 120.00. …003 is refunded once: R5's
    // 80.00 (the order export's 退款金额 80.00 is the same refund) → 80 / 120.
    assert_eq!((b.sales_orders, b.sales_amount), (2, Some(120.0)));
    assert_eq!((b.refund_orders, b.refund_amount), (1, Some(80.0)));
    assert_eq!(b.refund_rate, Some(80.0 / 120.0));
    // R5 做工粗糙/有瑕疵 contains 做工 (a default quality reason): 1 of 2.
    assert_eq!((b.quality_refund_orders, b.first_quality_refund_rate), (1, Some(0.5)));

    let s = row(&e, S);
    // 甲's first application R1 (06-05 09:00) came 1 day after 店:S's
    // reception of 甲 (06-04 09:00) ≤ 3 → 1. 丙's R5 (06-09) came 5 days
    // after 店:S's reception of 丙 (06-04) > 3 → not. 乙 never chatted with 店:S.
    assert_eq!(s.aftersales_refund_orders, 1);
    assert_eq!((s.sales_orders, s.refund_orders, s.refund_amount), (0, 0, Some(0.0)));
    assert_eq!(s.refund_rate, None, "no sales: an empty denominator");

    // The shop: credited orders only — …004 (丁, no inquiry) is in no
    // agent's sales, so its R6 counts nowhere: 4 sales orders, 270.00;
    // refunded 90 + 80 = 170.00 in 3 orders; quality 2 of 4.
    let t = row(&e, &[]);
    assert_eq!((t.sales_orders, t.sales_amount), (4, Some(270.0)));
    assert_eq!((t.refund_orders, t.refund_amount, t.refund_rate), (3, Some(170.0), Some(170.0 / 270.0)));
    assert_eq!((t.quality_refund_orders, t.first_quality_refund_rate), (2, Some(0.5)));
    assert_eq!(t.aftersales_refund_orders, 1);

    // R1–R7 count; R7's order …999 is not loaded: reported, not dropped.
    let sum = e.summary(&ds);
    assert_eq!((sum.refunds, sum.refunds_without_order), (7, 1));
}

#[test]
fn every_refund_number_drills_to_as_many_records() {
    let mut ds = load(&["refunds_taobao.csv"]);
    let e = Engine::prepare(&mut ds, &settings());
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // 店:A's refunded orders, in record time (first application): …002
    // (R3 06-04), …001 (R1 06-05).
    let (got, fails, agents) = drilled(&e, &ds, "refund_orders", A);
    assert_eq!((got, fails), (ids(&["1001000002", "1001000001"]), 0));
    assert_eq!(agents, BTreeSet::from(["店:A".to_string()]));
    let (got, _, _) = drilled(&e, &ds, "quality_refund_orders", A);
    assert_eq!(got, ids(&["1001000001"]));
    // A rate lists its denominator (the sales orders); lower is better, so
    // the orders of its numerator are the failures: 首次品退率 2 rows, the
    // quality refund …001 failing.
    let (got, fails, _) = drilled(&e, &ds, "first_quality_refund_rate", A);
    assert_eq!((got.len(), fails), (2, 1));
    let req = DrillRequest { filter: Filter::default(), key: key(A), metric: "first_quality_refund_rate".into() };
    let failing: Vec<String> = e.drill(&ds, &req).rows.iter().filter(|r| r.fail).map(|r| r.detail.raw()).collect();
    assert!(failing.len() == 1 && failing[0].starts_with("1001000001"), "{failing:?}");
    let (got, fails, _) = drilled(&e, &ds, "refund_rate", B);
    assert_eq!((got.len(), fails), (2, 1), "the refunded order fails, …005 (not refunded) does not");
    // The after-sales refund is listed at 店:S's conversation-day (its
    // transcript one click away), not at the credited agent's.
    let (got, _, agents) = drilled(&e, &ds, "aftersales_refund_orders", S);
    assert_eq!(got, ids(&["1001000001"]));
    assert_eq!(agents, BTreeSet::from(["店:S".to_string()]));
    // Counts equal the drills' rows for every refund key and row.
    for k in [A, B, S, &[][..]] {
        let m = row(&e, k);
        for (metric, n) in [
            ("sales_orders", m.sales_orders),
            ("refund_orders", m.refund_orders),
            ("quality_refund_orders", m.quality_refund_orders),
            ("aftersales_refund_orders", m.aftersales_refund_orders),
        ] {
            assert_eq!(drilled(&e, &ds, metric, k).0.len() as u64, n, "{metric} {k:?}");
        }
    }
    // refund_amount drills to the refunded orders, whose amounts add up to it.
    let d = e.drill(&ds, &DrillRequest { filter: Filter::default(), key: key(A), metric: "refund_amount".into() });
    let fen: i64 = d
        .rows
        .iter()
        .map(|r| match &r.detail {
            kefu_lens::engine::DrillDetail::Refund { amount_fen, .. } => *amount_fen,
            other => panic!("{other:?}"),
        })
        .sum();
    assert_eq!(fen, 9000);
}

#[test]
fn a_refund_in_two_files_counts_once() {
    let mut once = load(&["refunds_taobao.csv"]);
    let mut twice = load(&["refunds_taobao.csv", "refunds_taobao_again.csv"]);
    let (e1, e2) = (Engine::prepare(&mut once, &settings()), Engine::prepare(&mut twice, &settings()));
    // the second file's one row repeats R1: a duplicate in its report
    assert_eq!(twice.files.last().unwrap().duplicates, 1);
    assert_eq!(e2.summary(&twice).refunds, 7);
    for k in [A, B, S, &[][..]] {
        assert_eq!(row(&e1, k), row(&e2, k), "{k:?}");
    }
}

#[test]
fn order_export_refunds_count_when_no_refund_export_is_loaded() {
    let mut ds = load(&[]);
    let e = Engine::prepare(&mut ds, &settings());
    // Only …003's 退款金额 80.00 (the order export's column): 店:B 1 order,
    // 80.00; no application, so no reason: not a quality refund.
    let b = row(&e, B);
    assert_eq!((b.refund_orders, b.refund_amount, b.quality_refund_orders), (1, Some(80.0), 0));
    assert_eq!(row(&e, A).refund_orders, 0);
    assert_eq!(e.summary(&ds).refunds, 0);
}

#[test]
fn settings_change_quality_reasons_and_the_followed_days() {
    let mut ds = load(&["refunds_taobao.csv"]);
    let mut s = settings();
    s.refunds.followed_days = 5;
    s.refunds.quality_reasons = vec!["不想要了".into()];
    let e = Engine::prepare(&mut ds, &s);
    // 丙's R5 (06-09) is now within 5 days of 店:S's 06-04 reception → 2.
    assert_eq!(row(&e, S).aftersales_refund_orders, 2);
    // Only 不想要了 is quality now: …002's first application (R3) → 店:A 1,
    // …001's 质量问题 no longer; 店:B 0.
    assert_eq!(row(&e, A).quality_refund_orders, 1);
    assert_eq!(row(&e, B).quality_refund_orders, 0);
    let (ids, _, _) = drilled(&e, &ds, "quality_refund_orders", A);
    assert_eq!(ids, vec!["1001000002".to_string()]);
    // and the settings file is checked: a misspelt key, a negative window
    assert!(Settings::parse(r#"{"refunds": {"followed_day": 3}}"#).unwrap_err().to_string().contains("followed_day"));
    assert!(Settings::parse(r#"{"refunds": {"followed_days": -1}}"#).is_err());
}

#[test]
fn partitions_equal_the_engine_on_refunds() {
    let mut ds = load(&["refunds_taobao.csv", "refunds_taobao_again.csv"]);
    let s = settings();
    let e = Engine::prepare(&mut ds, &s);
    for n in [1, 2, 7] {
        let pe = PartitionedEngine::prepare(&mut ds, &s, n);
        assert_eq!(serde_json::to_string(&pe.summary()).unwrap(), serde_json::to_string(&e.summary(&ds)).unwrap());
        assert_eq!(pe.refund_reasons(&Filter::default()), e.refund_reasons(&ds, &Filter::default()));
        for by in [vec![], vec![Dim::Agent], vec![Dim::Agent, Dim::Day]] {
            let q = Query { by, filter: Filter::default(), rules: vec![] };
            assert_eq!(serde_json::to_string(&pe.report(&q)).unwrap(), serde_json::to_string(&e.report(&q)).unwrap());
        }
        for metric in ["refund_orders", "refund_rate", "first_quality_refund_rate", "aftersales_refund_orders"] {
            for k in [A, B, S] {
                let req = DrillRequest { filter: Filter::default(), key: key(k), metric: metric.into() };
                assert_eq!(
                    serde_json::to_string(&pe.drill(&req)).unwrap(),
                    serde_json::to_string(&e.drill(&ds, &req)).unwrap(),
                    "{n} parts {metric} {k:?}"
                );
            }
        }
    }
}

/// `kefu report --refunds`: every row carries the refund keys (JSON and
/// CSV), with the numbers of `refunds_by_hand`, and the refunds without a
/// loaded order are reported beside the diagnostics.
#[test]
fn cli_report_carries_the_refund_keys() {
    use kefu_lens::cli::report::{run, ReportArgs};
    use kefu_lens::cli::InputArgs;
    let path = |n: &str| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(n);
    let args = |format: &str| ReportArgs {
        input: InputArgs {
            chats: vec![path("refunds_chats.csv")],
            orders: vec![path("refunds_orders.csv")],
            refunds: vec![path("refunds_taobao.csv"), path("refunds_taobao_again.csv")],
            config: Some(path("refunds_settings.json")),
            parts: 2,
            ..Default::default()
        },
        by: "agent".into(),
        format: format.into(),
        rules: String::new(),
    };
    let v: serde_json::Value = serde_json::from_str(&run(&args("json")).unwrap()).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let agent = |nick: &str| rows.iter().find(|r| r["agent"] == nick).unwrap().clone();
    let a = agent("店:A");
    // as in refunds_by_hand: 2 orders, 90.00 of 150.00, quality 1 of 2
    assert_eq!((a["refund_orders"].as_u64(), a["refund_amount"].as_f64()), (Some(2), Some(90.0)));
    assert_eq!((a["refund_rate"].as_f64(), a["first_quality_refund_rate"].as_f64()), (Some(0.6), Some(0.5)));
    assert_eq!(agent("店:S")["aftersales_refund_orders"].as_u64(), Some(1));
    assert!(agent("店:S")["refund_rate"].is_null());
    // R1–R7 once each (the second file only repeats R1), R7's order missing
    assert_eq!((v["refunds"]["total"].as_u64(), v["refunds"]["without_order"].as_u64()), (Some(7), Some(1)));
    // per first-application reason, over the credited sales orders: …001
    // 质量问题 (40.00 refunded), …002 不想要了 (50.00), …003 做工粗糙/有瑕疵
    // (80.00); one order each, so in reason order
    let reasons: Vec<(String, bool, u64, f64)> = v["refunds"]["by_reason"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].clone();
            (
                s("reason").as_str().unwrap().to_string(),
                s("quality").as_bool().unwrap(),
                s("orders").as_u64().unwrap(),
                s("refund_amount").as_f64().unwrap(),
            )
        })
        .collect();
    let mut want = vec![
        ("不想要了".to_string(), false, 1, 50.0),
        ("做工粗糙/有瑕疵".to_string(), true, 1, 80.0),
        ("质量问题".to_string(), true, 1, 40.0),
    ];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(reasons, want);
    let diag = v["diagnostics"].as_array().unwrap();
    let again = diag.iter().find(|f| f["name"] == "refunds_taobao_again.csv").unwrap();
    assert_eq!((again["kind"].as_str(), again["duplicates"].as_u64()), (Some("refunds"), Some(1)));
    // CSV: the same keys as columns
    let csv = run(&args("csv")).unwrap();
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap().to_string();
    for k in [
        "sales_orders",
        "refund_orders",
        "refund_amount",
        "refund_rate",
        "quality_refund_orders",
        "first_quality_refund_rate",
        "aftersales_refund_orders",
    ] {
        assert!(header.split(',').any(|c| c == k), "{k} in {header}");
    }
}

/// The real Tianchi Tmall order report's `退款金额` column becomes the
/// orders' own refunds: 5,646 orders with a refund, Σ 572,335.92 yuan —
/// both counted from the file by a separate reader (Python's csv module:
/// rows with 退款金额 > 0, and the sum of round(退款金额 × 100)), not by
/// this code. Without chats none is credited, so no agent has a refund.
#[test]
fn tianchi_refund_column_is_read() {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/realdata/tianchi-tmall-orders/tmall_order_report.csv");
    let mut ds = Dataset::default();
    kefu_lens::import::import_bytes(&mut ds, "tmall_order_report.csv", std::fs::read(p).unwrap(), None);
    let refunded: Vec<i64> = ds.orders.iter().map(|o| o.refund_fen).filter(|&f| f > 0).collect();
    assert_eq!((refunded.len(), refunded.iter().sum::<i64>()), (5_646, 57_233_592));
    let e = Engine::prepare(&mut ds, &Settings::default());
    let t = row(&e, &[]);
    assert_eq!((t.refund_orders, t.refund_amount, t.refund_rate), (0, Some(0.0), None));
    assert_eq!(e.summary(&ds).refunds, 0, "no refund export loaded");
}
