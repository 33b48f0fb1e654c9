//! 催付 (issue 14 item 3): the population, coverage, success and the
//! timing windows on `cuifu_chats.csv` with `cuifu_orders.csv` and its
//! overlapping copy `cuifu_orders_overlap.csv`, default settings (seed
//! 002's windows: 3–5 min = 180..=300 s, 10 min ≈ 480..=720 s, half an
//! hour ≈ 1500..=2100 s, before 16:00 the same day, 09:00–12:00 the next
//! business day; orders paid within 180 s are not in the population).
//!
//! The orders, all on Monday 2024-06-03 (店:01 = A1, 店:02 = A2):
//!
//! | order | buyer | created | paid | first 催付 (human, keyword) | delay | population | credited | windows |
//! |---|---|---|---|---|---|---|---|---|
//! | 01 | 甲 | 10:10:00 | 10:20:00 | A1 10:14:00 拍下…付款 | 240 s | yes (paid after 600 s) | A1 | 3–5 min, 16点前 |
//! | 02 | 乙 | 11:05:00 | 11:07:00 | A1 11:06:00 | 60 s | no: paid after 120 s ≤ 180 | — | — |
//! | 03 | 丙 | 12:05:00 | never | none: 12:03 尽快拍下 is before the order, 12:06 has no keyword, 12:10 is an auto reply | — | yes | A2 (§4) | — |
//! | 04 | 丁 | 15:00:00 | never | A1 15:59:59 | 3599 s | yes | A1 | 16点前 (the last second before 16:00) |
//! | 05 | 戊 | 15:00:00 | never | A2 16:00:00 | 3600 s | yes | A2 | none (16:00 is not before 16:00) |
//! | 06 | 己 | 20:10:00 | 06-04 10:00 | A1 06-04 09:00:00 | 46 200 s | yes | A1 (on 06-04) | 次日上班后 (09:00 is inside) |
//! | 07 | 庚 | 21:00:00 | never | A2 06-04 12:00:00 (06-05's is past the deadline, the end of 06-04) | 54 000 s | yes | A2 (on 06-04) | none (12:00 is not before 12:00) |
//! | 08 | 辛 | 13:10:00 | 13:30:00 | A1 13:25:00 | 900 s | yes | A1 | 16点前 |
//! | 09 | 辛 | 13:20:00 | never | A1 13:25:00 (the same message) | 300 s | yes | A1 | 3–5 min (300 is inside), 16点前 |
//! | 10 | 壬 | 13:00:00 | never | — (壬 never chatted) | — | no | — | — |
//! | 11 | 癸 | 09:00:00 | never | none (09:31 has no keyword) | — | yes | A2 (latest exchange: the chat came after the order) | — |
//!
//! A1: orders 01 04 06 08 09 = 5, all covered; paid after a 催付: 01 06 08 = 3; missed 0.
//! A2: orders 03 05 07 11 = 4; covered 05 07 = 2; paid 0; missed 03 11 = 2.
//! Shop: 9 orders, 7 covered (7/9), 3 paid (3/7), 2 missed.

use kefu_lens::engine::cuifu::{OUTSIDE, WINDOW_KEY, WINDOW_METRIC};
use kefu_lens::engine::{Dim, DrillDetail, DrillRequest, Engine, Filter};
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::settings::Settings;

use crate::support::engine::{check_drill_counts, key, row, total};
use crate::support::import::fixture;

pub const FILES: &[(&str, FileKind)] = &[
    ("cuifu_chats.csv", FileKind::Chats),
    ("cuifu_orders.csv", FileKind::Orders),
    ("cuifu_orders_overlap.csv", FileKind::Orders),
];

pub fn dataset() -> Dataset {
    let mut ds = Dataset::default();
    for (name, kind) in FILES {
        kefu_lens::import::import_bytes(&mut ds, name, fixture(name), Some(*kind));
    }
    ds
}

const A1: &str = "店:01";
const A2: &str = "店:02";

fn drill(e: &Engine, ds: &Dataset, metric: &str, k: &[(&str, &str)]) -> kefu_lens::engine::Drill {
    e.drill(ds, &DrillRequest { filter: Filter::default(), key: key(k), metric: metric.into() })
}

fn ids(d: &kefu_lens::engine::Drill) -> Vec<String> {
    let mut v: Vec<String> = d
        .rows
        .iter()
        .map(|r| match &r.detail {
            DrillDetail::Cuifu { id, .. } => id[id.len() - 2..].to_string(),
            other => panic!("not a 催付 row: {other:?}"),
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_counts_are_the_hand_computed_ones() {
    let mut ds = dataset();
    let e = Engine::prepare(&mut ds, &Settings::default());
    // the overlapping file's two orders are duplicates: 11 orders count
    assert_eq!(ds.counted_orders().count(), 11);
    let a1 = row(&e, &[Dim::Agent], &[("agent", A1)]);
    assert_eq!((a1.cuifu_orders, a1.cuifu_covered, a1.cuifu_paid, a1.cuifu_missed), (5, 5, 3, 0));
    assert_eq!(a1.cuifu_coverage_rate, Some(1.0));
    assert_eq!(a1.cuifu_success_rate, Some(3.0 / 5.0));
    let a2 = row(&e, &[Dim::Agent], &[("agent", A2)]);
    assert_eq!((a2.cuifu_orders, a2.cuifu_covered, a2.cuifu_paid, a2.cuifu_missed), (4, 2, 0, 2));
    assert_eq!(a2.cuifu_coverage_rate, Some(2.0 / 4.0));
    assert_eq!(a2.cuifu_success_rate, Some(0.0));
    let t = total(&e);
    assert_eq!((t.cuifu_orders, t.cuifu_covered, t.cuifu_paid, t.cuifu_missed), (9, 7, 3, 2));
    assert_eq!(t.cuifu_coverage_rate, Some(7.0 / 9.0));
    assert_eq!(t.cuifu_success_rate, Some(3.0 / 7.0));
    // by day: 06 and 07 are credited on 06-04, the day of their 催付
    let d3 = row(&e, &[Dim::Day], &[("day", "2024-06-03")]);
    let d4 = row(&e, &[Dim::Day], &[("day", "2024-06-04")]);
    assert_eq!((d3.cuifu_orders, d3.cuifu_covered, d3.cuifu_missed), (7, 5, 2));
    assert_eq!((d4.cuifu_orders, d4.cuifu_covered, d4.cuifu_paid), (2, 2, 1));
}

#[test]
fn drills_list_one_row_per_order_equal_to_the_numbers() {
    let mut ds = dataset();
    let e = Engine::prepare(&mut ds, &Settings::default());
    for by in [vec![], vec![Dim::Agent], vec![Dim::Day], vec![Dim::Agent, Dim::Day]] {
        assert!(check_drill_counts(&e, &ds, &by, &Filter::default()) > 0);
    }
    assert_eq!(ids(&drill(&e, &ds, "cuifu_missed", &[])), ["03", "11"]);
    assert_eq!(ids(&drill(&e, &ds, "cuifu_paid", &[("agent", A1)])), ["01", "06", "08"]);
    // a rate lists its denominator and marks the failures
    let cov = drill(&e, &ds, "cuifu_coverage_rate", &[]);
    assert_eq!((cov.unit.as_str(), cov.rows.len(), cov.failures), ("order", 9, Some(2)));
    let fails: Vec<&str> = cov.rows.iter().filter(|r| r.fail).map(|r| r.buyer.as_str()).collect();
    assert_eq!(fails, ["癸", "丙"], "record-time order: 09:00, 12:05");
    let suc = drill(&e, &ds, "cuifu_success_rate", &[("agent", A2)]);
    assert_eq!((suc.rows.len(), suc.failures), (2, Some(2)));
    // the row says when and what: order 06's reminder the next morning
    let paid = drill(&e, &ds, "cuifu_paid", &[("agent", A1), ("day", "2024-06-04")]);
    assert_eq!(paid.rows.len(), 1);
    let r = &paid.rows[0];
    assert_eq!((r.buyer.as_str(), r.day.as_str(), r.time.as_str()), ("己", "2024-06-04", "2024-06-03 20:10:00"));
    match &r.detail {
        DrillDetail::Cuifu { paid, first, delay_secs, text, .. } => {
            assert_eq!((paid.as_str(), first.as_str()), ("2024-06-04 10:00:00", "2024-06-04 09:00:00"));
            // 20:10 → 09:00 the next day: 3 h 50 min + 9 h = 46 200 s
            assert_eq!(*delay_secs, Some(46_200));
            assert_eq!(text, "早上好，昨天拍下的宝贝还没支付哦");
        }
        other => panic!("{other:?}"),
    }
    // the transcript is one click away: the row's conversation-day holds the 催付
    let tr = e.transcript(&ds, r.conv).expect("a transcript");
    assert!(tr.messages.iter().any(|m| m.text.contains("昨天拍下")), "{tr:?}");
}

#[test]
fn timing_counts_first_reminders_per_window() {
    let mut ds = dataset();
    let e = Engine::prepare(&mut ds, &Settings::default());
    let t = e.cuifu_timing(&Filter::default());
    assert_eq!(t.windows, ["3–5分钟", "10分钟左右", "半小时左右", "当天16点前", "次日上班后"]);
    let agents: Vec<&str> = t.rows.iter().map(|r| r.agent.as_str()).collect();
    assert_eq!(agents, [A1, A2]);
    // A1: 3–5 min 01 09; 16点前 01 04 08 09; next morning 06; none outside
    let a1 = &t.rows[0];
    assert_eq!((a1.covered, a1.counts.clone(), a1.outside), (5, vec![2, 0, 0, 4, 1], 0));
    assert_eq!(a1.shares, [Some(0.4), Some(0.0), Some(0.0), Some(0.8), Some(0.2)]);
    // A2: 05 at 16:00:00 and 07 at 12:00:00 the next day: both outside
    let a2 = &t.rows[1];
    assert_eq!((a2.covered, a2.counts.clone(), a2.outside, a2.outside_share), (2, vec![0; 5], 2, Some(1.0)));
    assert_eq!((t.total.covered, t.total.counts.clone(), t.total.outside), (7, vec![2, 0, 0, 4, 1], 2));
    // each cell drills to its orders
    let window = |w: &str, agent: Option<&str>| {
        let mut k = vec![(WINDOW_KEY, w)];
        k.extend(agent.map(|a| ("agent", a)));
        drill(&e, &ds, WINDOW_METRIC, &k)
    };
    assert_eq!(ids(&window("0", None)), ["01", "09"]);
    assert_eq!(ids(&window("3", Some(A1))), ["01", "04", "08", "09"]);
    assert_eq!(ids(&window("4", None)), ["06"]);
    assert_eq!(ids(&window(OUTSIDE, None)), ["05", "07"]);
    for (i, n) in t.total.counts.iter().enumerate() {
        assert_eq!(window(&i.to_string(), None).rows.len() as u64, *n, "window {i}");
    }
    assert!(window("9", None).rows.is_empty());
}

#[test]
fn windows_change_without_a_rebuild_and_keywords_with_one() {
    let mut ds = dataset();
    let s0 = Settings::default();
    let mut e = Engine::prepare(&mut ds, &s0);
    // the first window starts at 60 s: order 02 (paid after 120 s) joins,
    // covered by 11:06 and paid after it
    let mut s1 = s0.clone();
    s1.cuifu.windows[0].from_secs = Some(60);
    assert!(!e.apply_settings(&mut ds, &s1));
    let t = total(&e);
    assert_eq!((t.cuifu_orders, t.cuifu_covered, t.cuifu_paid), (10, 8, 4));
    // 02's 催付 came 60 s after the order: inside the widened first window
    assert_eq!(e.cuifu_timing(&Filter::default()).total.counts[0], 3);
    // a keyword makes 12:06 好的亲 a 催付 of order 03: a rebuild
    let mut s2 = s1.clone();
    s2.cuifu.keywords.push("好的亲".into());
    assert!(e.apply_settings(&mut ds, &s2));
    let t = total(&e);
    assert_eq!((t.cuifu_covered, t.cuifu_missed), (9, 1));
    // a regex alone (no keywords): only 己's 还没支付哦 matches 没支付
    let s3 = Settings::from_json(r#"{"cuifu": {"keywords": [], "regex": "没支付"}}"#).unwrap();
    let e3 = Engine::prepare(&mut ds, &s3);
    let t = total(&e3);
    assert_eq!((t.cuifu_orders, t.cuifu_covered), (9, 1), "only order 06's 还没支付哦");
}

fn cli_input(config: Option<std::path::PathBuf>) -> kefu_lens::cli::InputArgs {
    let path = |n: &str| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(n);
    kefu_lens::cli::InputArgs {
        chats: vec![path("cuifu_chats.csv")],
        orders: vec![path("cuifu_orders.csv"), path("cuifu_orders_overlap.csv")],
        config,
        parts: 2,
        ..Default::default()
    }
}

/// `kefu report --by agent` rows carry the six keys; `kefu cuifu` prints
/// the timing table as JSON and CSV (the same hand counts as above).
#[test]
fn cli_rows_and_the_timing_table() {
    use kefu_lens::cli::cuifu::{run as cuifu, CuifuArgs, TOTAL};
    use kefu_lens::cli::report::{run as report, ReportArgs};
    let args = ReportArgs { input: cli_input(None), by: "agent".into(), format: "json".into(), rules: String::new() };
    let v: serde_json::Value = serde_json::from_str(&report(&args).unwrap()).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let a2 = rows.iter().find(|r| r["agent"] == A2).unwrap();
    assert_eq!(
        [&a2["cuifu_orders"], &a2["cuifu_covered"], &a2["cuifu_paid"], &a2["cuifu_missed"]],
        [4, 2, 0, 2].map(serde_json::Value::from).each_ref()
    );
    assert_eq!(a2["cuifu_coverage_rate"], 0.5);
    assert_eq!(a2["cuifu_success_rate"], 0.0);
    let csv = report(&ReportArgs { format: "csv".into(), ..args }).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for k in
        ["cuifu_orders", "cuifu_covered", "cuifu_coverage_rate", "cuifu_paid", "cuifu_success_rate", "cuifu_missed"]
    {
        assert!(header.contains(&k), "{k} in {header:?}");
    }

    let json = cuifu(&CuifuArgs { input: cli_input(None), format: "json".into() }).unwrap();
    let t: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(t["windows"].as_array().unwrap().len(), 5);
    assert_eq!(t["rows"][0]["agent"], A1);
    assert_eq!(t["rows"][0]["counts"], serde_json::json!([2, 0, 0, 4, 1]));
    assert_eq!(t["total"]["outside"], 2);
    assert_eq!(t["diagnostics"].as_array().unwrap().len(), 3);
    let csv = cuifu(&CuifuArgs { input: cli_input(None), format: "csv".into() }).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "agent,cuifu_covered,3–5分钟,3–5分钟 share,10分钟左右,10分钟左右 share,半小时左右,半小时左右 share,当天16点前,当天16点前 share,次日上班后,次日上班后 share,outside,outside share");
    // A2: 2 covered, none in a window, both outside (share 1)
    assert_eq!(lines[2], "店:02,2,0,0,0,0,0,0,0,0,0,0,2,1");
    assert_eq!(
        lines[3],
        format!(
            "{TOTAL},7,2,0.2857142857142857,0,0,0,0,4,0.5714285714285714,1,0.14285714285714285,2,0.2857142857142857"
        )
    );

    // windows from a settings file: one window, before 12:00 the next
    // business day; 06 (09:00) and 07 (12:00, not before) → 1 inside
    let dir = std::env::temp_dir().join(format!("kefu-cuifu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("settings.json");
    std::fs::write(&cfg, r#"{"cuifu": {"windows": [{"name": "次日午前", "day": 1, "to_clock": "12:00"}]}}"#).unwrap();
    let t: serde_json::Value = serde_json::from_str(
        &cuifu(&CuifuArgs { input: cli_input(Some(cfg.clone())), format: "json".into() }).unwrap(),
    )
    .unwrap();
    assert_eq!(t["windows"], serde_json::json!(["次日午前"]));
    assert_eq!(t["total"]["counts"], serde_json::json!([1]));
    // no relative window: the population starts at 0 s, so order 02
    // (paid after 120 s, reminded at 60 s) joins: 8 covered
    assert_eq!(t["total"]["covered"], 8);
    // a window that is neither kind is refused, naming it
    std::fs::write(&cfg, r#"{"cuifu": {"windows": [{"name": "x", "from_secs": 60, "day": 0}]}}"#).unwrap();
    let err = cuifu(&CuifuArgs { input: cli_input(Some(cfg)), format: "json".into() }).unwrap_err();
    assert!(err.contains("cuifu.windows[0]"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The 催付 settings are checked like the rest: each problem names its
/// field; unknown keys are refused with the nearest known one.
#[test]
fn settings_are_validated() {
    let err = |json: &str| Settings::parse(json).expect_err(json);
    let e = err(r#"{"cuifu": {"regex": "付(款"}}"#);
    assert_eq!(e.path, "cuifu.regex");
    let e = err(r#"{"cuifu": {"windows": [{"name": "w", "from_secs": 300, "to_secs": 180}]}}"#);
    assert_eq!(e.path, "cuifu.windows[0].from_secs");
    let e = err(r#"{"cuifu": {"windows": [{"name": "w", "from_secs": -1, "to_secs": 180}]}}"#);
    assert_eq!(e.path, "cuifu.windows[0].from_secs");
    let e = err(r#"{"cuifu": {"windows": [{"name": "w", "day": 0, "from_clock": "16:00", "to_clock": "09:00"}]}}"#);
    assert_eq!(e.path, "cuifu.windows[0].from_clock");
    let e = err(r#"{"cuifu": {"windows": [{"name": "w", "day": 0, "to_clock": "25:00"}]}}"#);
    assert!(e.path.starts_with("cuifu.windows[0]"), "{e:?}");
    let e = err(r#"{"cuifu": {"windows": [{"name": "w", "day": 99}]}}"#);
    assert_eq!(e.path, "cuifu.windows[0].day");
    let e = err(r#"{"cuifu": {"keyword": ["付款"]}}"#);
    assert!(kefu_lens::format::settings_error(&e, false).contains("cuifu.keywords"), "{e:?}");
    let e = err(r#"{"cuifu": {"windows": [{"name": "w"}]}}"#);
    let zh = kefu_lens::format::settings_error(&e, true);
    assert!(zh.contains("from_secs") && zh.contains("催付设置"), "{zh}");
    // the defaults and an edited copy pass
    assert!(Settings::parse(&Settings::default().to_json()).is_ok());
    assert!(Settings::parse(r#"{"cuifu": {"keywords": ["快付"], "regex": "付.?款", "windows": []}}"#).is_ok());
}

/// The deadline of a never-paid order and the `day: 1` window follow the
/// business days: with no work time on Saturday and Sunday, the next
/// business day after Friday 2024-06-07 is Monday 06-10.
#[test]
fn the_next_business_day_skips_days_without_work_time() {
    use crate::support::engine::B;
    const A: &str = "店:01";
    let mut b = B::new();
    // x1: ordered Fri 20:00, reminded Sat 10:00
    b.b(A, "x1", "2024-06-07 19:50:00", "在吗").a(A, "x1", "2024-06-07 19:51:00", "在");
    b.order("X1", "x1", "2024-06-07 20:00:00", None, 100);
    b.a(A, "x1", "2024-06-08 10:00:00", "亲，记得付款哦");
    // x2: ordered Fri 19:00, reminded Mon 09:30
    b.b(A, "x2", "2024-06-07 18:50:00", "在吗").a(A, "x2", "2024-06-07 18:51:00", "在");
    b.order("X2", "x2", "2024-06-07 19:00:00", None, 100);
    b.a(A, "x2", "2024-06-10 09:30:00", "亲，拍下的还没付款哦");
    // x3: ordered Fri 18:00, reminded Tue 09:00
    b.b(A, "x3", "2024-06-07 17:50:00", "在吗").a(A, "x3", "2024-06-07 17:51:00", "在");
    b.order("X3", "x3", "2024-06-07 18:00:00", None, 100);
    b.a(A, "x3", "2024-06-11 09:00:00", "亲，还没付款哦");

    // Every day has work time (the default): the deadline is the end of
    // Saturday and the next morning is Saturday 09:00–12:00. X1 reminded
    // Sat 10:00, inside; X2 (Mon) and X3 (Tue) too late: missed.
    let e = Engine::new(&b.ds, &Settings::default());
    let t = total(&e);
    assert_eq!((t.cuifu_orders, t.cuifu_covered, t.cuifu_missed), (3, 1, 2));
    assert_eq!(e.cuifu_timing(&Filter::default()).total.counts, [0, 0, 0, 0, 1]);

    // Weekdays only: the deadline is the end of Monday. X1 (Sat) and X2
    // (Mon 09:30) are reminded, X3 (Tue) is not; the next morning is Monday
    // 09:00–12:00: X2 inside, X1 outside every window.
    let weekdays = r#"{"work_time": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"], "wed": ["09:00-18:00"],
        "thu": ["09:00-18:00"], "fri": ["09:00-18:00"]}}"#;
    let e = Engine::new(&b.ds, &Settings::from_json(weekdays).unwrap());
    let t = total(&e);
    assert_eq!((t.cuifu_orders, t.cuifu_covered, t.cuifu_missed), (3, 2, 1));
    let timing = e.cuifu_timing(&Filter::default());
    assert_eq!((timing.total.counts.clone(), timing.total.outside), (vec![0, 0, 0, 0, 1], 1));
    let mut missed: Vec<String> = e
        .drill(&b.ds, &DrillRequest { metric: "cuifu_missed".into(), ..Default::default() })
        .rows
        .iter()
        .map(|r| r.buyer.clone())
        .collect();
    missed.sort();
    assert_eq!(missed, ["x3"]);
}
