//! The pool (`kefu_lens::pool`, issue 12 item 2): a coordinator that fans
//! every query out to parts of the dataset split by buyer and merges their
//! partial answers. Through `LocalPool`, with every part, request and
//! answer passed through JSON, each `QueryKind` answers byte-identically to
//! `Session::answer` over one engine, with 1, 2 and 7 parts, on the demo
//! shop (60k messages) and on the alerts fixtures (ratings, orders, text).

use std::collections::BTreeMap;
use std::time::Instant;

use kefu_lens::demo::DemoParams;
use kefu_lens::engine::alerts::AlertRule;
use kefu_lens::engine::histogram::{HIST_KEY, HIST_METRIC};
use kefu_lens::engine::{drill::ROUNDS_OVER, Dim, DrillColumn, DrillRequest, DrillView, Filter, Query};
use kefu_lens::export::{Cell, Table};
use kefu_lens::model::FileKind;
use kefu_lens::pool::{Coordinator, LocalPool, PartData, PartState};
use kefu_lens::protocol::{Answer, QueryKind};
use kefu_lens::qa::{SampleMode, SampleRequest};
use kefu_lens::session::Session;
use kefu_lens::settings::{Role, Settings};

use crate::support::import::fixture;

/// The demo shop as the worker loads it (its settings, its data files).
fn demo_session(messages: u64) -> Session {
    let mut s = Session::new();
    let params = DemoParams { messages, ..DemoParams::default() };
    for f in s.demo_files(&params) {
        s.import_file(&f.name, f.bytes, None);
    }
    s.rebuild(false, false);
    s
}

/// The alerts fixtures (chats, orders, ratings) with the lunch-break settings.
fn fixtures_session() -> Session {
    let mut s = Session::new();
    let settings = Settings::from_json(&String::from_utf8(fixture("lunch_settings.json")).unwrap()).unwrap();
    s.set_settings(settings);
    for (name, kind) in [
        ("alerts_e2e_chats.csv", FileKind::Chats),
        ("alerts_e2e_orders.csv", FileKind::Orders),
        ("alerts_e2e_ratings.csv", FileKind::Ratings),
    ] {
        s.import_file(name, fixture(name), Some(kind));
    }
    s.rebuild(false, false);
    s
}

/// An answer as the UI receives it: its JSON, and a file's bytes (which
/// travel beside the JSON).
fn wire(a: &Result<Answer, String>) -> String {
    match a {
        Ok(Answer::File { bytes, .. }) => format!("{} {bytes:?}", serde_json::to_string(a).unwrap()),
        _ => serde_json::to_string(a).unwrap(),
    }
}

fn report(s: &mut Session, by: Vec<Dim>) -> Vec<BTreeMap<String, String>> {
    match s.answer(QueryKind::Report { query: Query { by, ..Query::default() } }).unwrap() {
        Answer::Report { report } => report.rows.into_iter().map(|r| r.key).collect(),
        other => panic!("{other:?}"),
    }
}

/// Filters: the whole span, one day, one agent, one shop, one team, a role.
fn filters(s: &mut Session) -> Vec<Filter> {
    let loaded = s.loaded(false, false);
    let first = loaded.summary.first_day.clone().expect("data has days");
    let day = kefu_lens::model::day_string(kefu_lens::model::parse_day(&first).unwrap() + 2);
    let mut out = vec![
        Filter::default(),
        Filter { from: Some(day.clone()), to: Some(day), ..Filter::default() },
        Filter { agents: vec![loaded.agents[0].clone()], ..Filter::default() },
        Filter { role: Some(Role::Presales), ..Filter::default() },
    ];
    if let Some(shop) = loaded.shops.first() {
        out.push(Filter { shops: vec![shop.clone()], ..Filter::default() });
    }
    if let Some(team) = report(s, vec![Dim::Team]).into_iter().next() {
        out.push(Filter { team: vec![team["team"].clone()], ..Filter::default() });
    }
    out
}

/// A report query by `by` under `filter` (other fields as by default).
fn query(by: &[Dim], filter: &Filter) -> Query {
    Query { by: by.to_vec(), ..Query { filter: filter.clone(), ..Query::default() } }
}

const GROUPINGS: &[&[Dim]] = &[
    &[],
    &[Dim::Agent],
    &[Dim::Agent, Dim::Day],
    &[Dim::Team],
    &[Dim::Day],
    &[Dim::Hour],
    &[Dim::Weekday, Dim::Hour],
    &[Dim::Category],
    &[Dim::Agent, Dim::Week],
    &[Dim::Week],
    &[Dim::Month],
    &[Dim::Shop, Dim::Group],
    &[Dim::Product],
    &[Dim::Agent, Dim::Product],
];

/// Drilled metrics: counts (buyer-days, rounds, messages, orders,
/// ratings), rates with failures, an average, the weekly units (which span
/// buyers), 3分钟未响应明细 and a histogram bucket.
const DRILLS: &[&str] = &[
    "consult_buyers",
    "rounds",
    "buyer_messages",
    "agent_messages",
    "sales_amount",
    "ratings",
    "response_rate_3min",
    "reply_rate",
    "satisfaction_rate",
    "inquiry_conversion_final",
    "weekly_reply_rate",
    "avg_response_secs",
    "weekly_assessed",
    "weekly_passed",
    "product_consult_buyers",
    "product_recommended",
    "product_conversion_rate",
    ROUNDS_OVER,
    HIST_METRIC,
];

/// Every query kind, for `filters`; drills each followed by its views,
/// pages and export, then the transcripts of drilled rows. The drill
/// queries name drill ids counted from `first_drill`.
fn queries(s: &mut Session, filters: &[Filter], first_drill: u64) -> Vec<QueryKind> {
    let loaded = s.loaded(false, false);
    let agent = loaded.agents[0].clone();
    let mut out = Vec::new();
    for f in filters {
        let filter = f.clone();
        out.push(QueryKind::Overview { filter: filter.clone() });
        for by in GROUPINGS {
            out.push(QueryKind::Report { query: query(by, &filter) });
        }
        out.push(QueryKind::Histogram { filter: filter.clone() });
        out.push(QueryKind::Hours { filter: filter.clone() });
        for level in 1..=3 {
            out.push(QueryKind::CategoryPivot { filter: filter.clone(), level });
        }
        out.push(QueryKind::Alerts { filter: filter.clone() });
        out.push(QueryKind::CuifuTiming { filter: filter.clone() });
        out.push(QueryKind::RefundReasons { filter: filter.clone() });
        // QA samples (issue 15 item 1): every mode, drawn over the parts' candidates
        for mode in [
            SampleMode::Random { per_agent: 3, seed: 7 },
            SampleMode::Rule { rule: AlertRule::WaitRed },
            SampleMode::LowRatings { max_score: None },
            SampleMode::UnorderedInquiries,
        ] {
            out.push(QueryKind::QaSample { request: SampleRequest { filter: filter.clone(), mode } });
        }
        let manual = BTreeMap::from([(agent.clone(), BTreeMap::from([("manual:attitude".to_string(), 87.5)]))]);
        for role in [None, Some(Role::Presales), Some(Role::Aftersales)] {
            out.push(QueryKind::Kpi { filter: filter.clone(), manual: manual.clone(), role, qa_scores: None });
        }
    }
    let agent_week = report(s, vec![Dim::Agent, Dim::Week]).into_iter().nth(1).unwrap();
    let mut keys = vec![BTreeMap::new(), BTreeMap::from([("agent".to_string(), agent.clone())]), agent_week];
    // a product row's key (the demo's chats carry item links)
    keys.extend(report(s, vec![Dim::Agent, Dim::Product]).into_iter().take(1));
    let mut drill_id = first_drill;
    for filter in &filters[..2] {
        for key in &keys {
            for &metric in DRILLS {
                let mut key = key.clone();
                if metric == HIST_METRIC {
                    key.insert(HIST_KEY.into(), "60-".into());
                }
                let request = DrillRequest { filter: filter.clone(), key, metric: metric.into() };
                for failures_only in [false, true] {
                    let view = DrillView { failures_only, ..DrillView::default() };
                    out.push(QueryKind::Drill { request: request.clone(), view });
                    out.extend([
                        QueryKind::DrillPage { drill_id, offset: 150, limit: 120 },
                        QueryKind::DrillView {
                            drill_id,
                            view: DrillView { sort: Some(DrillColumn::Detail), desc: true, ..DrillView::default() },
                        },
                        QueryKind::DrillPage { drill_id, offset: 30, limit: 250 },
                        QueryKind::DrillView {
                            drill_id,
                            view: DrillView {
                                sort: Some(DrillColumn::Opening),
                                text: "好".into(),
                                ..DrillView::default()
                            },
                        },
                        QueryKind::ExportDrill {
                            drill_id,
                            headers: ["day", "agent", "buyer", "time", "detail", "opening"].map(String::from).to_vec(),
                            xlsx: false,
                            zh: true,
                            sheet: None,
                            redact: false,
                        },
                    ]);
                    drill_id += 1;
                }
            }
        }
    }
    // Each 退款原因 row's drill (and a reason no order gave).
    let reasons = match s.answer(QueryKind::RefundReasons { filter: Filter::default() }).unwrap() {
        Answer::RefundReasons { reasons } => reasons,
        other => panic!("{other:?}"),
    };
    for reason in reasons.iter().map(|r| r.reason.clone()).chain(["没有这个原因".to_string()]) {
        let key = BTreeMap::from([("refund_reason".to_string(), reason)]);
        let request = DrillRequest { filter: Filter::default(), key, metric: "refund_reason".into() };
        out.push(QueryKind::Drill { request, view: DrillView::default() });
    }
    // An older drill's page (empty), a shown table's export.
    out.push(QueryKind::DrillPage { drill_id: first_drill, offset: 0, limit: 10 });
    let table = Table { headers: vec!["客服".into()], rows: vec![vec![Cell::Text(agent)]] };
    out.push(QueryKind::ExportTable { table, sheet: "t".into(), xlsx: false, redact: false, zh: true });
    out
}

/// Transcripts of the conversation-days behind a drill, and one past the end.
fn transcripts(s: &mut Session) -> Vec<QueryKind> {
    let request = DrillRequest { metric: "consult_buyers".into(), ..DrillRequest::default() };
    let Answer::Drill { drill, total, .. } =
        s.answer(QueryKind::Drill { request, view: DrillView::default() }).unwrap()
    else {
        panic!("a drill")
    };
    assert!(total > 0);
    let mut convs: Vec<u32> = drill.rows.iter().map(|r| r.conv).collect();
    convs.extend([0, u32::MAX / 2]);
    convs.into_iter().map(|conv| QueryKind::Transcript { conv }).collect()
}

/// Every query answered by the session and by a pool of 1, 2 and 7 parts
/// (through JSON): the same bytes. Returns how many answers were compared.
fn same_answers(make: impl Fn() -> Session) -> usize {
    let mut compared = 0;
    for n in [1, 2, 7] {
        let mut s = make();
        let mut pool = LocalPool::new(s.dataset(), s.settings(), n, true);
        assert_eq!(pool.coordinator().parts(), n);
        let loaded = s.loaded(false, false);
        assert_eq!(
            serde_json::to_string(pool.coordinator().summary()).unwrap(),
            serde_json::to_string(&loaded.summary).unwrap(),
            "{n} parts: summary"
        );
        assert_eq!(pool.coordinator().agents(), loaded.agents, "{n} parts: agents");
        assert_eq!(pool.coordinator().category_error(), loaded.settings_error.as_deref());
        let filters = filters(&mut s);
        let mut all = transcripts(&mut s);
        // both have answered one drill (the transcripts'): the pool too
        let request = DrillRequest { metric: "consult_buyers".into(), ..DrillRequest::default() };
        pool.answer(QueryKind::Drill { request, view: DrillView::default() }).unwrap();
        all.extend(queries(&mut s, &filters, 2));
        for q in all {
            let want = wire(&s.answer(q.clone()));
            let got = wire(&pool.answer(q.clone()));
            assert!(
                got == want,
                "{n} parts: {q:?}\n got {}\nwant {}",
                &got[..got.len().min(600)],
                &want[..want.len().min(600)]
            );
            compared += 1;
        }
        // Settings: a query-time change goes to the parts, a build-time one
        // splits again; both still answer as the session.
        for change in [
            Settings { response_threshold_secs: 45, weekly_min_sessions: 2, ..s.settings().clone() },
            Settings { reconsult_days: 1, ..s.settings().clone() },
        ] {
            s.set_settings(change.clone());
            pool.set_settings(s.dataset(), change);
            for q in queries(&mut s, &filters[..2], 0).into_iter().filter(|q| {
                !matches!(
                    q,
                    QueryKind::Drill { .. }
                        | QueryKind::DrillPage { .. }
                        | QueryKind::DrillView { .. }
                        | QueryKind::ExportDrill { .. }
                )
            }) {
                assert_eq!(
                    wire(&pool.answer(q.clone())),
                    wire(&s.answer(q.clone())),
                    "{n} parts after a settings change: {q:?}"
                );
                compared += 1;
            }
            // drills: the ids go on counting, as the session's do
            let request = DrillRequest { metric: "response_rate_3min".into(), ..DrillRequest::default() };
            let q = QueryKind::Drill { request, view: DrillView::default() };
            assert_eq!(wire(&pool.answer(q.clone())), wire(&s.answer(q)), "{n} parts: a drill after a settings change");
        }
    }
    compared
}

#[test]
fn demo_shop_answers_equal_the_session() {
    let compared = same_answers(|| demo_session(60_000));
    assert!(compared > 3000, "{compared} answers");
}

#[test]
fn alerts_fixtures_answer_equal_the_session() {
    let compared = same_answers(fixtures_session);
    assert!(compared > 3000, "{compared} answers");
}

/// The 催付 fixtures (`tests/it/cuifu.rs`): a timing table with every
/// window and drills of every 催付 key, through 1, 2 and 7 parts.
#[test]
fn cuifu_fixtures_answer_equal_the_session() {
    let compared = same_answers(|| {
        let mut s = Session::new();
        for (name, kind) in crate::cuifu::FILES {
            s.import_file(name, fixture(name), Some(*kind));
        }
        s.rebuild(false, false);
        s
    });
    assert!(compared > 1000, "{compared} answers");
}

/// Before any build a pool answers nothing; a part's answer to another
/// question is refused, not merged; bytes that are not a part are refused.
#[test]
fn mismatched_answers_are_refused() {
    let s = fixtures_session();
    let (mut c, data) = Coordinator::new(s.dataset(), s.settings(), 2);
    let q = QueryKind::Histogram { filter: Filter::default() };
    assert!(matches!(c.fan_out(&q), kefu_lens::pool::Plan::Done(Err(_))));
    let mut parts: Vec<PartState> = data.into_iter().map(|d| PartState::new(d, s.settings())).collect();
    c.built(parts.iter().map(PartState::info).collect()).unwrap();
    let answers = parts
        .iter_mut()
        .map(|p| p.answer(kefu_lens::pool::PartRequest::Alerts { filter: Filter::default() }))
        .collect();
    assert!(c.merge(&q, answers).is_err());
    assert!(c.built(vec![parts[0].info()]).is_err(), "one answer for two parts");
    let (_, data) = Coordinator::new(s.dataset(), s.settings(), 1);
    let bytes = data[0].to_bytes();
    assert!(data[0].messages() > 0);
    for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
        assert!(PartData::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(PartData::from_bytes(&longer).is_err());
    assert!(PartData::from_bytes(&bytes).is_ok());
}

/// Size and time of the parts on the wire (run with `--ignored
/// --nocapture`; `KEFU_POOL_DIR` names a folder of input files, e.g. the
/// benchmark's 1M demo, else the 60k demo).
#[test]
#[ignore]
fn part_data_size_and_time() {
    let mut s = match std::env::var("KEFU_POOL_DIR") {
        Ok(dir) => {
            let mut s = Session::new();
            let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for p in files {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if name.starts_with("样例_") {
                    continue;
                }
                if name.ends_with(".json") {
                    s.set_settings(Settings::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap());
                    continue;
                }
                s.import_file(&name, std::fs::read(&p).unwrap(), None);
            }
            s
        }
        Err(_) => demo_session(60_000),
    };
    s.rebuild(false, false);
    for n in [1, 2, 4] {
        let t = Instant::now();
        let (_, data) = Coordinator::new(s.dataset(), s.settings(), n);
        let split = t.elapsed();
        // (bytes, write s, read s) as JSON and in the compact form
        let (mut json, mut compact, mut build, mut msgs) = ((0, 0.0, 0.0), (0, 0.0, 0.0), 0.0, 0);
        for d in data {
            msgs += d.messages();
            let t = Instant::now();
            let j = serde_json::to_vec(&d).unwrap();
            json.1 += t.elapsed().as_secs_f64();
            json.0 += j.len();
            let t = Instant::now();
            let back: PartData = serde_json::from_slice(&j).unwrap();
            json.2 += t.elapsed().as_secs_f64();
            drop((j, back));
            let t = Instant::now();
            let b = d.to_bytes();
            compact.1 += t.elapsed().as_secs_f64();
            compact.0 += b.len();
            let t = Instant::now();
            let d = PartData::from_bytes(&b).unwrap();
            compact.2 += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let p = PartState::new(d, s.settings());
            build += t.elapsed().as_secs_f64();
            drop(p);
        }
        for (name, (bytes, w, r)) in [("JSON", json), ("to_bytes", compact)] {
            println!(
                "{n} parts, {msgs} messages: {name} {:.1} MB ({:.0} B/message), write {w:.3} s, read {r:.3} s",
                bytes as f64 / 1e6,
                bytes as f64 / msgs as f64
            );
        }
        println!("{n} parts: split and copy {:.3} s, build the parts {build:.3} s", split.as_secs_f64());
    }
}

/// Refunds (issue 14 item 2) travel with their orders' part: the refund
/// fixtures (a repeated application, one without its order) answer as the
/// session in 1, 2 and 7 parts.
#[test]
fn refund_fixtures_answer_equal_the_session() {
    let compared = same_answers(|| {
        let mut s = Session::new();
        let settings = Settings::parse(&String::from_utf8(fixture("refunds_settings.json")).unwrap()).unwrap();
        s.set_settings(settings);
        for (name, kind) in [
            ("refunds_chats.csv", FileKind::Chats),
            ("refunds_orders.csv", FileKind::Orders),
            ("refunds_taobao.csv", FileKind::Refunds),
            ("refunds_taobao_again.csv", FileKind::Refunds),
        ] {
            s.import_file(name, fixture(name), Some(kind));
        }
        s.rebuild(false, false);
        s
    });
    assert!(compared > 100, "{compared} answers");
}

/// Products named by a chat table's product column (issue 14) travel in
/// the part's data (`PartData`, through JSON and the compact form): the
/// sku fixtures answer as the session in 1, 2 and 7 parts.
#[test]
fn sku_fixtures_answer_equal_the_session() {
    let compared = same_answers(|| {
        let mut s = Session::new();
        for (name, kind) in [
            ("products_sku_chats.csv", FileKind::Chats),
            ("ExportOrderList_sku.csv", FileKind::Orders),
            ("ExportOrderList_sku_refunds.csv", FileKind::Orders),
            ("products_items.csv", FileKind::Items),
            ("refunds_sku.csv", FileKind::Refunds),
        ] {
            s.import_file(name, fixture(name), Some(kind));
        }
        s.rebuild(false, false);
        s
    });
    assert!(compared > 100, "{compared} answers");
}

/// The worker's own path (issue 12 item 2): a `Session` with a pool builds
/// no engine but splits (`Session::build`), hands the parts to part
/// workers, and answers every query by planning, asking and merging; the
/// queries the coordinator cannot answer (redacted exports, 分享报告) are
/// answered by the session that holds the dataset. Everything equals a
/// session with one engine, through settings changes, removing a file and
/// clearing.
#[test]
fn a_pooled_session_answers_as_one_engine() {
    use crate::support::pool::Driven;
    use kefu_lens::session::{Build, PoolConfig};
    let params = DemoParams { messages: 20_000, ..DemoParams::default() };
    for parts in [2, 3] {
        let mut s = Session::new();
        let mut d = Driven::default();
        d.session.set_pool(PoolConfig { parts, min_messages: 1 });
        for f in s.demo_files(&params) {
            s.import_file(&f.name, f.bytes.clone(), None);
        }
        for f in d.session.demo_files(&params) {
            d.session.import_file(&f.name, f.bytes, None);
        }
        let want = s.rebuild(false, false);
        let build = d.session.build(false, false);
        assert!(matches!(build, Build::Parts(ref p) if p.len() == parts));
        let got = d.finish(build, false, false);
        assert!(d.session.pooled());
        assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap());

        let filters = filters(&mut s);
        let mut all = transcripts(&mut s);
        let request = DrillRequest { metric: "consult_buyers".into(), ..DrillRequest::default() };
        d.answer(QueryKind::Drill { request, view: DrillView::default() }).unwrap();
        all.extend(queries(&mut s, &filters[..2], 2));
        // What only the session can answer: redacted exports and the shared report.
        let headers = ["day", "agent", "buyer", "time", "detail", "opening"].map(String::from).to_vec();
        let request = DrillRequest { metric: "rounds".into(), ..DrillRequest::default() };
        all.push(QueryKind::Drill { request, view: DrillView::default() });
        let last = 2 + all.iter().filter(|q| matches!(q, QueryKind::Drill { .. })).count() as u64 - 1;
        all.push(QueryKind::ExportDrill { drill_id: last, headers, xlsx: false, zh: true, sheet: None, redact: true });
        let agent = got.agents[0].clone();
        let table = Table { headers: vec!["客服".into()], rows: vec![vec![Cell::Text(agent)]] };
        all.push(QueryKind::ExportTable { table, sheet: "t".into(), xlsx: false, redact: true, zh: true });
        all.push(QueryKind::ShareReport { request: Default::default() });
        let mut compared = 0;
        for q in all {
            let (want, got) = (wire(&s.answer(q.clone())), wire(&d.answer(q.clone())));
            assert!(
                got == want,
                "{parts} parts: {q:?}\n got {}\nwant {}",
                &got[..got.len().min(400)],
                &want[..want.len().min(400)]
            );
            compared += 1;
        }
        assert!(compared > 500, "{compared}");
        assert!(d.session.pooled(), "answering here leaves the pool in place");

        // Settings: query-time goes to the parts, build-time splits again.
        let query_time = Settings { response_threshold_secs: 45, ..s.settings().clone() };
        let build_time = Settings { reconsult_days: 1, ..s.settings().clone() };
        for (change, broadcast) in [(query_time, true), (build_time, false)] {
            let want = s.set_settings(change.clone());
            let build = d.session.settings_build(change);
            assert_eq!(matches!(build, Build::Broadcast(_)), broadcast);
            let got = d.finish(build, false, true);
            assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap());
            for q in queries(&mut s, &filters[..2], 0).into_iter().filter(|q| matches!(q, QueryKind::Report { .. })) {
                assert_eq!(wire(&d.answer(q.clone())), wire(&s.answer(q.clone())), "after settings: {q:?}");
            }
        }
        // Removing a file splits again.
        let chats = got.reports.iter().position(|r| r.kind == FileKind::Chats).unwrap();
        let want = s.remove_file(chats);
        let build = d.session.remove_file_build(chats);
        let got = d.finish(build, false, false);
        assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap());
        let q = QueryKind::Report { query: query(&[Dim::Agent], &Filter::default()) };
        assert_eq!(wire(&d.answer(q.clone())), wire(&s.answer(q)));
        let want = s.clear();
        let got = d.session.clear();
        assert!(!d.session.pooled());
        assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&want).unwrap());
    }
}

/// A part written straight from the split (`Outgoing::into_bytes`, what the
/// browser's data worker sends) is byte for byte the part copied out first
/// (`PartData::to_bytes`), and reads back.
#[test]
fn a_part_written_straight_from_the_split_is_the_same_bytes() {
    for s in [demo_session(20_000), fixtures_session()] {
        for n in [1, 3] {
            let (_, data) = Coordinator::new(s.dataset(), s.settings(), n);
            let (_, outgoing) = Coordinator::outgoing(s.dataset(), s.settings(), n);
            assert_eq!(data.len(), outgoing.len());
            for (d, o) in data.into_iter().zip(outgoing) {
                let (want, got) = (d.to_bytes(), o.into_bytes());
                assert!(got == want, "{n} parts: {} bytes against {}", got.len(), want.len());
                assert_eq!(PartData::from_bytes(&got).unwrap().messages(), d.messages());
            }
        }
    }
}
