//! The partitioned engine (`kefu_lens::partition`, issue 12 item 1): a
//! dataset split by buyer into 1, 2 and 7 parts answers reports
//! byte-identically to the unpartitioned engine, on the demo shop and on
//! the fixtures (text formats, linked orders, duplicates, ratings); the
//! split puts each buyer in one part; and the weekly assessment, the one
//! report metric whose units span buyers, is merged before it is assessed.

use std::collections::{BTreeMap, BTreeSet};

use kefu_lens::demo::{self, DemoParams};
use kefu_lens::engine::cuifu::{OUTSIDE, WINDOW_KEY, WINDOW_METRIC};
use kefu_lens::engine::histogram::{HIST_KEY, HIST_METRIC};
use kefu_lens::engine::{drill::ROUNDS_OVER, Dim, DrillRequest, Engine, Filter, Query, Rule, METRIC_KEYS};
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::partition::{partition_of, split, split_taking, PartitionedEngine};
use kefu_lens::settings::{Role, Settings};

use crate::support::engine::B;
use crate::support::import::fixture;

const GROUPINGS: &[&[Dim]] = &[
    &[],
    &[Dim::Agent],
    &[Dim::Agent, Dim::Day],
    &[Dim::Team],
    &[Dim::Day],
    &[Dim::Hour],
    &[Dim::Category],
    &[Dim::Agent, Dim::Week],
    &[Dim::Week],
    &[Dim::Shop, Dim::Group],
    &[Dim::Product],
    &[Dim::Agent, Dim::Product],
];

fn demo_data(messages: u64, seed: u64) -> (Dataset, Settings) {
    let p = DemoParams { seed, days: 14, messages, start: "2024-06-03".into() };
    let mut ds = Dataset::default();
    for f in demo::generate_files(&p).into_iter().filter(|f| f.name != demo::SETTINGS_JSON) {
        kefu_lens::import::import_bytes(&mut ds, &f.name, f.bytes, None);
    }
    (ds, demo::demo_settings(&p))
}

fn fixtures(files: &[(&str, Option<FileKind>)]) -> Dataset {
    let mut ds = Dataset::default();
    for (name, kind) in files {
        kefu_lens::import::import_bytes(&mut ds, name, fixture(name), *kind);
    }
    ds
}

fn lunch_config() -> Settings {
    Settings::from_json(&String::from_utf8(fixture("lunch_settings.json")).unwrap()).unwrap()
}

/// Filters the reports are compared under: none, a date range, a role.
fn filters(e: &Engine) -> Vec<Filter> {
    let (first, last) = e.days();
    let mut out = vec![Filter::default(), Filter { role: Some(Role::Presales), ..Filter::default() }];
    if let (Some(a), Some(_)) = (first, last) {
        let lo = kefu_lens::model::parse_day(&a).unwrap();
        out.push(Filter {
            from: Some(kefu_lens::model::day_string(lo + 1)),
            to: Some(kefu_lens::model::day_string(lo + 3)),
            ..Filter::default()
        });
    }
    out
}

/// Every grouping and filter, partitioned 1, 2 and 7 ways, serialises as
/// the unpartitioned engine's report; so do drills, transcripts and
/// alerts. Returns how many report rows and alerts were compared.
fn same_reports(ds: &mut Dataset, settings: &Settings) -> (usize, usize) {
    let e = Engine::prepare(ds, settings);
    let (mut rows, mut alerts) = (0, 0);
    for n in [1, 2, 7] {
        let pe = PartitionedEngine::prepare(ds, settings, n);
        assert_eq!(pe.partitions(), n);
        assert_eq!(pe.agents(), e.agents(), "{n} parts: agents");
        let s = e.summary(ds);
        assert_eq!(serde_json::to_string(&pe.summary()).unwrap(), serde_json::to_string(&s).unwrap(), "{n} parts");
        let (orders, linked, not_linked) = pe.order_counts();
        assert_eq!(
            (orders as u64, linked as u64, not_linked as u64),
            (s.orders, s.orders_linked, s.orders_not_linked),
            "{n} parts: order counts"
        );
        for filter in filters(&e) {
            for by in GROUPINGS {
                let q = Query { rules: Rule::ALL.to_vec(), by: by.to_vec(), filter: filter.clone() };
                let want = e.report(&q);
                let got = pe.report(&q);
                assert_eq!(
                    serde_json::to_string(&got).unwrap(),
                    serde_json::to_string(&want).unwrap(),
                    "{n} parts, by {by:?}, filter {filter:?}"
                );
                rows += want.rows.len();
            }
            assert_eq!(
                serde_json::to_string(&pe.daily_summary(&filter)).unwrap(),
                serde_json::to_string(&e.daily_summary(&filter)).unwrap(),
                "{n} parts, daily summary, filter {filter:?}"
            );
            assert_eq!(
                serde_json::to_string(&pe.kpi_actuals(&filter)).unwrap(),
                serde_json::to_string(&e.kpi_actuals(&filter)).unwrap(),
                "{n} parts, KPI actuals, filter {filter:?}"
            );
            assert_eq!(
                serde_json::to_string(&pe.cuifu_timing(&filter)).unwrap(),
                serde_json::to_string(&e.cuifu_timing(&filter)).unwrap(),
                "{n} parts, 催付 timing, filter {filter:?}"
            );
            assert_eq!(
                serde_json::to_string(&pe.refund_reasons(&filter)).unwrap(),
                serde_json::to_string(&e.refund_reasons(ds, &filter)).unwrap(),
                "{n} parts, refund reasons, filter {filter:?}"
            );
        }
        alerts += same_drills_and_transcripts(ds, &e, &pe);
    }
    (rows, alerts)
}

/// Row keys to drill: the total, and the first rows of several groupings.
fn drill_keys(e: &Engine) -> Vec<BTreeMap<String, String>> {
    let mut keys = vec![BTreeMap::new()];
    for by in [
        vec![Dim::Agent],
        vec![Dim::Agent, Dim::Day],
        vec![Dim::Week],
        vec![Dim::Category],
        vec![Dim::Hour],
        vec![Dim::Product],
        vec![Dim::Agent, Dim::Product],
    ] {
        let r = e.report(&Query { rules: vec![], by, filter: Filter::default() });
        keys.extend(r.rows.into_iter().take(3).map(|r| r.key));
    }
    keys
}

/// Every metric's drill (and 3分钟未响应明细, two histogram buckets) on
/// every key of `drill_keys`, and every transcript, serialise as the
/// unpartitioned engine's.
fn same_drills_and_transcripts(ds: &Dataset, e: &Engine, pe: &PartitionedEngine) -> usize {
    let n = pe.partitions();
    let mut metrics: Vec<String> = METRIC_KEYS.iter().map(|k| k.to_string()).chain([ROUNDS_OVER.to_string()]).collect();
    metrics.push(HIST_METRIC.into());
    let mut listed = 0;
    for key in drill_keys(e) {
        for metric in &metrics {
            let mut keys = vec![key.clone()];
            if metric == HIST_METRIC {
                keys = ["0-30", "60-"]
                    .iter()
                    .map(|r| {
                        let mut k = key.clone();
                        k.insert(HIST_KEY.into(), r.to_string());
                        k
                    })
                    .collect();
            }
            for key in keys {
                let req = DrillRequest { filter: Filter::default(), key, metric: metric.clone() };
                let want = e.drill(ds, &req);
                let got = pe.drill(&req);
                assert_eq!(
                    serde_json::to_string(&got).unwrap(),
                    serde_json::to_string(&want).unwrap(),
                    "{n} parts, drill {metric} on {:?}",
                    req.key
                );
                listed += want.rows.len();
            }
        }
    }
    assert!(listed > 0);
    assert_eq!(pe.conv_count(), e.conv_count(), "{n} parts: conversation-days");
    for conv in 0..e.conv_count() as u32 {
        assert_eq!(
            serde_json::to_string(&pe.transcript(conv)).unwrap(),
            serde_json::to_string(&e.transcript(ds, conv)).unwrap(),
            "{n} parts, transcript {conv}"
        );
    }
    assert!(pe.transcript(e.conv_count() as u32).is_none());
    // Alerts: the settings' rules, and every rule switched on with words
    // that occur (sensitive words in both directions, complaints).
    let mut rules = e.settings().alerts.clone().unwrap_or_default();
    let base = serde_json::to_string(&e.alerts(ds, &rules, &Filter::default())).unwrap();
    assert_eq!(serde_json::to_string(&pe.alerts(&rules, &Filter::default())).unwrap(), base, "{n} parts: alerts");
    rules.sensitive_words.enabled = true;
    rules.sensitive_words.staff = true;
    rules.sensitive_words.buyer = true;
    rules.sensitive_words.keywords = vec!["的".into(), "吗".into(), "好".into()];
    rules.complaint.enabled = true;
    rules.low_rating.enabled = true;
    rules.unpaid_no_reminder.enabled = true;
    rules.wait.enabled = true;
    rules.reply_timeout.enabled = true;
    let mut alerts = 0;
    for filter in filters(e) {
        let want = e.alerts(ds, &rules, &filter);
        alerts += want.len();
        let got = pe.alerts(&rules, &filter);
        assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap(), "{n} parts: alerts");
    }
    alerts
}

#[test]
fn demo_shop_reports_equal_unpartitioned() {
    let (mut ds, settings) = demo_data(6000, 7);
    let (rows, alerts) = same_reports(&mut ds, &settings);
    assert!(rows > 1000 && alerts > 100, "a real comparison: {rows} rows, {alerts} alerts");
    // The demo has orders, ratings and categories: the compared rows carry them.
    let e = Engine::prepare(&mut ds, &settings);
    let t = &e.report(&Query::default()).rows[0].metrics;
    assert!(t.paid_buyers_final > 0 && t.ratings > 0 && t.weekly_assessed > 0, "{t:?}");
    assert!(e.report(&Query { rules: vec![], by: vec![Dim::Category], filter: Filter::default() }).rows.len() > 3);
}

#[test]
fn demo_shop_other_seed_reports_equal_unpartitioned() {
    let (mut ds, settings) = demo_data(15000, 11);
    assert!(same_reports(&mut ds, &settings).0 > 1000);
}

/// The e2e fixtures, each file loaded twice: the second copies are
/// duplicates (spec §1.2.1) and stay out of every part.
#[test]
fn e2e_fixtures_loaded_twice_equal_unpartitioned() {
    let files = [
        ("e2e_chats.csv", None),
        ("ExportOrderList_e2e.csv", None),
        ("e2e_chats.csv", None),
        ("ExportOrderList_e2e.csv", None),
    ];
    let mut ds = fixtures(&files);
    assert!(same_reports(&mut ds, &Settings::default()).0 > 10);
    assert_eq!(ds.files[2].duplicates, 11, "the second chats file repeats the first");
    let parts = split(&ds, &Settings::default(), 2);
    let msgs: usize = parts.parts.iter().map(|p| p.ds.messages.len()).sum();
    let e = Engine::prepare(&mut ds, &Settings::default());
    assert_eq!(msgs as u64, e.summary(&ds).messages, "duplicates are in no part");
    assert_eq!(parts.orders, 4);
}

#[test]
fn alerts_fixtures_with_ratings_equal_unpartitioned() {
    let mut ds = fixtures(&[
        ("alerts_e2e_chats.csv", Some(FileKind::Chats)),
        ("alerts_e2e_orders.csv", Some(FileKind::Orders)),
        ("alerts_e2e_ratings.csv", Some(FileKind::Ratings)),
    ]);
    let (rows, alerts) = same_reports(&mut ds, &lunch_config());
    assert!(rows > 10 && alerts > 10, "{rows} rows, {alerts} alerts");
}

/// The 催付 fixtures (`tests/it/cuifu.rs`, an overlapping orders file
/// included): reports, drills and the timing table, and each timing
/// window's drill, equal the unpartitioned engine's.
#[test]
fn cuifu_fixtures_equal_unpartitioned() {
    let files: Vec<(&str, Option<FileKind>)> = crate::cuifu::FILES.iter().map(|(n, k)| (*n, Some(*k))).collect();
    let mut ds = fixtures(&files);
    let settings = Settings::default();
    assert!(same_reports(&mut ds, &settings).0 > 10);
    let e = Engine::prepare(&mut ds, &settings);
    assert_eq!(e.cuifu_timing(&Filter::default()).total.covered, 7, "the fixture's hand count");
    let windows = settings.cuifu.windows.len();
    for n in [2, 7] {
        let pe = PartitionedEngine::prepare(&mut ds, &settings, n);
        for w in (0..windows).map(|i| i.to_string()).chain([OUTSIDE.to_string()]) {
            let key = BTreeMap::from([(WINDOW_KEY.to_string(), w)]);
            let req = DrillRequest { filter: Filter::default(), key, metric: WINDOW_METRIC.into() };
            assert_eq!(
                serde_json::to_string(&pe.drill(&req)).unwrap(),
                serde_json::to_string(&e.drill(&ds, &req)).unwrap(),
                "{n} parts, window drill {:?}",
                req.key
            );
        }
    }
}

/// Refunds (issue 14 item 2) follow their order's buyer: every report,
/// drill and the summary (refunds without a loaded order) are the same in
/// 1, 2 and 7 parts; the second refund file repeats one application.
#[test]
fn refund_fixtures_equal_unpartitioned() {
    let mut ds = fixtures(&[
        ("refunds_chats.csv", Some(FileKind::Chats)),
        ("refunds_orders.csv", Some(FileKind::Orders)),
        ("refunds_taobao.csv", Some(FileKind::Refunds)),
        ("refunds_taobao_again.csv", Some(FileKind::Refunds)),
    ]);
    let settings = Settings::parse(&String::from_utf8(fixture("refunds_settings.json")).unwrap()).unwrap();
    let (rows, _) = same_reports(&mut ds, &settings);
    assert!(rows > 10, "{rows} rows");
    let s = Engine::prepare(&mut ds, &settings).summary(&ds);
    assert_eq!((s.refunds, s.refunds_without_order), (7, 1));
}

/// Products named by a chat table's product column (issue 14) travel
/// with their messages: the sku and the link fixtures of
/// `tests/it/products.rs` with the item list answer the same in 1, 2 and 7
/// parts.
#[test]
fn sku_fixtures_equal_unpartitioned() {
    let mut ds = fixtures(&[
        ("products_sku_chats.csv", None),
        ("products_chats.csv", Some(FileKind::Chats)),
        ("ExportOrderList_sku.csv", Some(FileKind::Orders)),
        ("ExportOrderList_products.csv", Some(FileKind::Orders)),
        ("ExportOrderList_sku_refunds.csv", Some(FileKind::Orders)),
        ("products_items.csv", Some(FileKind::Items)),
        ("refunds_sku.csv", Some(FileKind::Refunds)),
    ]);
    assert_eq!(ds.message_products.len(), 4);
    let (rows, _) = same_reports(&mut ds, &Settings::default());
    assert!(rows > 10, "{rows} rows");
}

/// Orders without a buyer nickname follow the buyer they are linked to;
/// the unlinked ones are in no part but counted (4 orders: 1 linked, 3 not,
/// as `order_shapes::e2e_order_fixtures_natively` hand-checks).
#[test]
fn linked_orders_follow_their_buyer() {
    let mut ds =
        fixtures(&[("orders_link_chats.csv", None), ("pdd_orders_23col.csv", None), ("jd_orders_per_sku.csv", None)]);
    same_reports(&mut ds, &Settings::default());
    // Orders alone, none linked: the summary's shops and days come from the
    // orders that are in no part.
    let mut alone = fixtures(&[("pdd_orders_23col.csv", None)]);
    let whole = Engine::prepare(&mut alone, &Settings::default()).summary(&alone);
    for n in [1, 2, 7] {
        let s = PartitionedEngine::prepare(&mut alone, &Settings::default(), n).summary();
        assert_eq!(serde_json::to_string(&s).unwrap(), serde_json::to_string(&whole).unwrap());
        assert_eq!((s.orders, s.orders_not_linked, s.messages), (2, 2, 0));
        assert!(s.first_day.is_some());
    }
    for n in [1, 2, 7] {
        let pe = PartitionedEngine::prepare(&mut ds, &Settings::default(), n);
        assert_eq!(pe.order_counts(), (4, 1, 3));
        let in_parts: usize = pe.parts().map(|(d, _)| d.orders.len()).sum();
        assert_eq!(in_parts, 1, "{n} parts: the linked order only");
        let m = &pe.report(&Query::default()).rows[0].metrics;
        assert_eq!((m.inquiry_buyers, m.paid_buyers_final), (2, 1));
        assert_eq!(m.inquiry_conversion_final, Some(0.5));
    }
}

/// Text formats (resolved over the whole dataset, then split as resolved
/// rows), table chats, ratings and several order exports together.
#[test]
fn text_formats_and_mixed_files_equal_unpartitioned() {
    let mut ds = fixtures(&[
        ("chat_inline.txt", None),
        ("chat_qianniu.txt", None),
        ("chat_table.csv", None),
        ("ratings.csv", None),
        ("pdd_orders.csv", None),
        ("douyin_orders.csv", None),
        ("jd_orders.csv", None),
    ]);
    assert!(ds.messages.iter().any(|m| m.block != kefu_lens::model::NO_BLOCK), "text-format rows");
    assert!(same_reports(&mut ds, &Settings::default()).0 > 10);
    assert!(same_reports(&mut ds, &lunch_config()).0 > 10);
}

/// Each buyer's messages, orders and ratings are in exactly one part, the
/// one `partition_of` names, and 7 parts on the demo are all used.
#[test]
fn each_buyer_lives_in_one_part() {
    let (mut ds, settings) = demo_data(6000, 7);
    Engine::prepare(&mut ds, &settings);
    let s = split(&ds, &settings, 7);
    let mut owner: BTreeMap<String, usize> = BTreeMap::new();
    for (i, p) in s.parts.iter().enumerate() {
        assert!(!p.ds.messages.is_empty(), "part {i} is used");
        let buyers =
            p.ds.messages
                .iter()
                .map(|m| m.buyer)
                .chain(p.ds.orders.iter().map(|o| o.buyer).filter(|b| !b.is_none()))
                .chain(p.ds.ratings.iter().map(|r| r.buyer));
        for b in buyers.collect::<BTreeSet<_>>() {
            let nick = p.ds.nicks.name(b).to_string();
            assert_eq!(partition_of(&nick, 7), i, "{nick}");
            assert_eq!(*owner.entry(nick).or_insert(i), i);
        }
    }
    assert!(owner.len() > 100);
    let all: usize = s.parts.iter().map(|p| p.ds.messages.len()).sum();
    let e = Engine::new(&ds, &settings);
    assert_eq!(all as u64, e.summary(&ds).messages);
}

/// FNV-1a 64 of the nick, modulo n: values computed by hand (Python:
/// offset 0xcbf29ce484222325, prime 0x100000001b3).
#[test]
fn partition_of_is_fnv1a() {
    // FNV-1a("") = 0xcbf29ce484222325, FNV-1a("a") = 0xaf63dc4c8601ec8c.
    assert_eq!(partition_of("", 7), (0xcbf2_9ce4_8422_2325u64 % 7) as usize);
    assert_eq!(partition_of("a", 1000), (0xaf63_dc4c_8601_ec8cu64 % 1000) as usize);
    assert_eq!(partition_of("a", 1000), 996);
    assert_eq!(partition_of("anything", 1), 0);
    assert_eq!(partition_of("anything", 0), 0, "0 parts means 1");
}

/// The weekly assessment is not additive: agent A has one session with
/// each of two buyers in the same week, the buyers in different parts.
/// With `weekly_min_sessions = 2` the unit (A, week) is assessed (and
/// passed: both replied) — while each part alone has 1 session and assesses
/// nothing, so adding the parts' `weekly_assessed` would give 0.
#[test]
fn weekly_units_merge_before_assessment() {
    // Two buyers that the 2-way split separates.
    let x = "buyer-x";
    let y = (0..100).map(|i| format!("buyer-{i}")).find(|b| partition_of(b, 2) != partition_of(x, 2)).unwrap();
    let mut b = B::new();
    b.b("A", x, "2024-06-03 10:00:00", "在吗")
        .a("A", x, "2024-06-03 10:01:00", "在的")
        .b("A", &y, "2024-06-05 11:00:00", "发货了吗")
        .a("A", &y, "2024-06-05 11:02:00", "已发货");
    let s = Settings { weekly_min_sessions: 2, weekly_pass_rate: 1.0, ..Settings::default() };
    let mut ds = b.ds;
    let e = Engine::prepare(&mut ds, &s);
    let pe = PartitionedEngine::prepare(&mut ds, &s, 2);
    for by in [vec![], vec![Dim::Agent], vec![Dim::Week], vec![Dim::Agent, Dim::Week]] {
        let q = Query { rules: vec![], by, filter: Filter::default() };
        let whole = &e.report(&q).rows[0].metrics;
        assert_eq!((whole.weekly_sessions, whole.weekly_assessed, whole.weekly_passed), (2, 1, 1));
        let merged = &pe.report(&q).rows[0].metrics;
        assert_eq!((merged.weekly_sessions, merged.weekly_assessed, merged.weekly_passed), (2, 1, 1));
        let summed: u64 =
            pe.parts().map(|(_, pe)| pe.report(&q).rows.first().map_or(0, |r| r.metrics.weekly_assessed)).sum();
        assert_eq!(summed, 0, "each part alone assesses nothing");
    }
    // The drill lists the one unit, at its first session (buyer x's).
    let req = DrillRequest { filter: Filter::default(), key: BTreeMap::new(), metric: "weekly_assessed".into() };
    let d = pe.drill(&req);
    assert_eq!(d.rows.len(), 1);
    assert_eq!((d.rows[0].buyer.as_str(), d.rows[0].day.as_str()), (x, "2024-06-03"));
    assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&e.drill(&ds, &req)).unwrap());
    // Averages merge as sum / count: (60 + 120) / 2 over two parts.
    let m = &pe.report(&Query::default()).rows[0].metrics;
    assert_eq!(m.avg_response_calendar_secs, Some(90.0));
    assert_eq!(m.max_response_secs, e.report(&Query::default()).rows[0].metrics.max_response_secs);
}

/// 上线客服数 and KPI active days are distinct counts: agent A replies to
/// buyers x and y (in different parts) on the same day, so A is one online
/// agent that day and has one active day — while each part alone also
/// counts A once, and adding the parts would give 2.
#[test]
fn online_agents_and_active_days_unite() {
    let x = "buyer-x";
    let y = (0..100).map(|i| format!("buyer-{i}")).find(|b| partition_of(b, 2) != partition_of(x, 2)).unwrap();
    let mut b = B::new();
    b.b("A", x, "2024-06-03 10:00:00", "在吗")
        .a("A", x, "2024-06-03 10:01:00", "在的")
        .b("A", &y, "2024-06-03 11:00:00", "发货了吗")
        .a("A", &y, "2024-06-03 11:02:00", "已发货")
        .b("C", &y, "2024-06-03 12:00:00", "还有吗")
        .a("C", &y, "2024-06-03 12:01:00", "有");
    let mut ds = b.ds;
    let s = Settings::default();
    let e = Engine::prepare(&mut ds, &s);
    let pe = PartitionedEngine::prepare(&mut ds, &s, 2);
    let f = Filter::default();
    let d = pe.daily_summary(&f);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].consult_buyers, d[0].online_agents), (2, 2), "A and C, x and y");
    let summed: u64 = pe.parts().map(|(_, p)| p.daily_summary(&f).iter().map(|r| r.online_agents).sum::<u64>()).sum();
    assert_eq!(summed, 3, "A counted in both parts");
    assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&e.daily_summary(&f)).unwrap());
    let k = pe.kpi_actuals(&f);
    let days: Vec<(&str, u64)> = k.iter().map(|a| (a.agent.as_str(), a.active_days)).collect();
    assert_eq!(days, [("A", 1), ("C", 1)]);
    assert_eq!(serde_json::to_string(&k).unwrap(), serde_json::to_string(&e.kpi_actuals(&f)).unwrap());
}

/// `split_taking` (the CLI's: moves the dataset's messages into the parts,
/// freeing them as it goes) gives the parts exactly what `split` gives:
/// the same rows in the same order, resolved text blocks, duplicates left
/// out, orders and ratings alike; on text formats, files loaded twice and
/// a demo larger than one step of the move.
#[test]
fn taking_the_messages_splits_as_copying_does() {
    let text = [
        ("chat_inline.txt", None),
        ("chat_qianniu.txt", None),
        ("chat_table.csv", None),
        ("chat_table.csv", None),
        ("ratings.csv", None),
        ("pdd_orders.csv", None),
        ("products_sku_chats.csv", None),
    ];
    let (demo, demo_settings) = demo_data(80_000, 3);
    for (mut ds, settings, n) in
        [(fixtures(&text), lunch_config(), 3), (fixtures(&text), Settings::default(), 1), (demo, demo_settings, 2)]
    {
        ds.settle_duplicates();
        let copied = split(&ds, &settings, n);
        let kept = ds.messages.len();
        let taken = split_taking(&mut ds, &settings, n);
        assert!(ds.messages.is_empty(), "the dataset gave its messages up");
        let rows = |s: &kefu_lens::partition::Split| -> Vec<String> {
            s.parts
                .iter()
                .map(|p| {
                    format!("{:?}\n{:?}\n{:?}\n{:?}", p.ds.messages, p.ds.message_products, p.ds.orders, p.ds.ratings)
                })
                .collect()
        };
        assert_eq!(rows(&taken), rows(&copied));
        let moved: usize = taken.parts.iter().map(|p| p.ds.messages.len()).sum();
        assert!(moved > 0 && moved <= kept);
        assert_eq!(
            (taken.orders, taken.orders_linked, taken.orders_not_linked),
            (copied.orders, copied.orders_linked, copied.orders_not_linked)
        );
    }
}
