//! QA sampling and scoring (issue 15 item 1): the sample is reproducible
//! from its seed and stratified per agent, each other mode lists the
//! hand-counted conversation-days, the same through a split engine; a
//! score book survives JSON and Excel, refuses a bad file whole, merges by
//! the newer time; the per-agent summary and the KPI's QA items are
//! computed by hand from the definitions in `src/qa/`.

use std::collections::BTreeMap;

use crate::support::engine::*;
use kefu_lens::demo::{self, DemoParams};
use kefu_lens::engine::alerts::AlertRule;
use kefu_lens::engine::{Engine, Filter};
use kefu_lens::model::Dataset;
use kefu_lens::partition::PartitionedEngine;
use kefu_lens::protocol::{Answer, QueryKind};
use kefu_lens::qa::{
    self, summary::summarize, BookProblem, ItemScore, QaKey, Sample, SampleMode, SampleRequest, ScoreBook, ScoreSheet,
    Why,
};
use kefu_lens::session::Session;
use kefu_lens::settings::{KpiItem, KpiTemplate, QaSettings, Role, Settings};

const A: &str = "店:01";
const B2: &str = "店:02";
const AS: &str = "店:售后";

fn sample(b: &B, settings: &Settings, mode: SampleMode) -> Sample {
    let e = Engine::new(&b.ds, settings);
    qa::sample(&e, &b.ds, &SampleRequest { filter: Filter::default(), mode })
}

fn keys(s: &Sample) -> Vec<(String, String, String)> {
    s.rows.iter().map(|r| (r.key.agent.clone(), r.key.buyer.clone(), r.key.day.clone())).collect()
}

/// Agent A: 30 replied buyers on 2024-06-03 and one left unreplied; agent
/// B2: two replied buyers.
fn thirty_and_two() -> B {
    let mut b = B::new();
    for i in 0..30 {
        let buyer = format!("买家{i:02}");
        b.b(A, &buyer, "2024-06-03 10:00:00", "在吗").a(A, &buyer, "2024-06-03 10:00:30", "在的");
    }
    b.b(A, "没回复", "2024-06-03 11:00:00", "在吗");
    for buyer in ["乙1", "乙2"] {
        b.b(B2, buyer, "2024-06-04 10:00:00", "在吗").a(B2, buyer, "2024-06-04 10:00:10", "在");
    }
    b
}

#[test]
fn a_random_sample_is_reproducible_from_its_seed_and_stratified() {
    let b = thirty_and_two();
    let s = Settings::default();
    let one = sample(&b, &s, SampleMode::Random { per_agent: 5, seed: 20240603 });
    assert_eq!(one, sample(&b, &s, SampleMode::Random { per_agent: 5, seed: 20240603 }), "same seed, same sample");
    let other = sample(&b, &s, SampleMode::Random { per_agent: 5, seed: 20240604 });
    // 5 of 30 can be drawn 142,506 ways: another seed gives another set.
    assert_ne!(keys(&one), keys(&other));
    // every agent gets min(N, their count); the unreplied day is no reception
    assert_eq!(one.population, BTreeMap::from([(A.to_string(), 30), (B2.to_string(), 2)]));
    let per = |s: &Sample, a: &str| s.rows.iter().filter(|r| r.key.agent == a).count();
    assert_eq!((per(&one, A), per(&one, B2)), (5, 2));
    assert!(one.rows.iter().all(|r| r.key.buyer != "没回复" && r.why == Why::Random));
    // sorted, distinct, and each row's id opens its own conversation-day
    let k = keys(&one);
    assert!(k.windows(2).all(|w| (&w[0].0, &w[0].2, &w[0].1) < (&w[1].0, &w[1].2, &w[1].1)), "{k:?}");
    let e = Engine::new(&b.ds, &s);
    for r in &one.rows {
        let t = e.transcript(&b.ds, r.conv).unwrap();
        assert_eq!((t.agent.as_str(), t.buyer.as_str()), (r.key.agent.as_str(), r.key.buyer.as_str()));
    }
    // an agent's sample does not move when the filter leaves the others out
    let only_a = Engine::new(&b.ds, &s);
    let filter = Filter { agents: vec![A.into()], ..Filter::default() };
    let mode = SampleMode::Random { per_agent: 5, seed: 20240603 };
    let narrowed = qa::sample(&only_a, &b.ds, &SampleRequest { filter, mode });
    assert_eq!(keys(&narrowed), k.iter().filter(|x| x.0 == A).cloned().collect::<Vec<_>>());
}

#[test]
fn low_ratings_rule_and_unordered_inquiry_samples_list_the_hand_counted_days() {
    let mut b = B::new();
    // ratings 1, 2, 3, 5 on four replied conversation-days
    for (buyer, score) in [("评1", 1), ("评2", 2), ("评3", 3), ("评5", 5)] {
        b.b(A, buyer, "2024-06-03 09:00:00", "问").a(A, buyer, "2024-06-03 09:00:20", "答");
        b.rating(A, buyer, "2024-06-03 09:30:00", score);
    }
    // waits: 5 minutes (red: default red is 180 s), 2 minutes (yellow), 20 s
    b.b(A, "等5分", "2024-06-03 10:00:00", "在吗").a(A, "等5分", "2024-06-03 10:05:00", "在");
    b.b(A, "等2分", "2024-06-03 10:00:00", "在吗").a(A, "等2分", "2024-06-03 10:02:00", "在");
    // inquiries: one ordered, one not; an after-sales agent's chat is no inquiry
    b.b(A, "下单", "2024-06-04 10:00:00", "有货吗").a(A, "下单", "2024-06-04 10:00:10", "有");
    b.order("O1", "下单", "2024-06-04 11:00:00", Some("2024-06-04 11:01:00"), 9900);
    b.b(A, "没下单", "2024-06-04 10:00:00", "有货吗").a(A, "没下单", "2024-06-04 10:00:10", "有");
    b.b(AS, "售后买家", "2024-06-04 10:00:00", "退货").a(AS, "售后买家", "2024-06-04 10:00:10", "好");
    let s = settings_with(vec![account(AS, &[], Role::Aftersales)]);

    let low = sample(&b, &s, SampleMode::LowRatings { max_score: None });
    let got: Vec<(&str, &Why)> = low.rows.iter().map(|r| (r.key.buyer.as_str(), &r.why)).collect();
    assert_eq!(got, [("评1", &Why::LowRating { score: 1 }), ("评2", &Why::LowRating { score: 2 })]);
    assert_eq!(sample(&b, &s, SampleMode::LowRatings { max_score: Some(3) }).rows.len(), 3);

    let red = sample(&b, &s, SampleMode::Rule { rule: AlertRule::WaitRed });
    assert_eq!(red.rows.iter().map(|r| r.key.buyer.as_str()).collect::<Vec<_>>(), ["等5分"]);
    assert_eq!(red.rows[0].why, Why::Rule { rule: AlertRule::WaitRed });
    let yellow = sample(&b, &s, SampleMode::Rule { rule: AlertRule::WaitYellow });
    assert_eq!(yellow.rows.iter().map(|r| r.key.buyer.as_str()).collect::<Vec<_>>(), ["等2分"]);

    let unordered = sample(&b, &s, SampleMode::UnorderedInquiries);
    let mut buyers: Vec<&str> = unordered.rows.iter().map(|r| r.key.buyer.as_str()).collect();
    buyers.sort();
    // all inquiries but 下单's, and not the after-sales chat
    let mut want = vec!["评1", "评2", "评3", "评5", "等5分", "等2分", "没下单"];
    want.sort();
    assert_eq!(buyers, want);
    // the filter's period applies
    let e = Engine::new(&b.ds, &s);
    let filter = Filter { from: Some("2024-06-04".into()), ..Filter::default() };
    let later = qa::sample(&e, &b.ds, &SampleRequest { filter, mode: SampleMode::UnorderedInquiries });
    assert_eq!(later.rows.iter().map(|r| r.key.buyer.as_str()).collect::<Vec<_>>(), ["没下单"]);
}

fn demo_data() -> (Dataset, Settings) {
    let p = DemoParams { seed: 7, days: 14, messages: 6000, start: "2024-06-03".into() };
    let mut ds = Dataset::default();
    for f in demo::generate_files(&p).into_iter().filter(|f| f.name != demo::SETTINGS_JSON) {
        kefu_lens::import::import_bytes(&mut ds, &f.name, f.bytes, None);
    }
    (ds, demo::demo_settings(&p))
}

#[test]
fn a_split_engine_draws_the_same_sample_ids_included() {
    let (mut ds, settings) = demo_data();
    let e = Engine::prepare(&mut ds, &settings);
    for mode in [
        SampleMode::Random { per_agent: 4, seed: 99 },
        SampleMode::Rule { rule: AlertRule::WaitRed },
        SampleMode::LowRatings { max_score: None },
        SampleMode::UnorderedInquiries,
    ] {
        let req = SampleRequest { filter: Filter::default(), mode };
        let whole = qa::sample(&e, &ds, &req);
        assert!(whole.rows.len() > 3, "a real comparison: {:?} has {} rows", req.mode, whole.rows.len());
        for n in [1, 2, 7] {
            let p = PartitionedEngine::new(&ds, &settings, n);
            assert_eq!(p.qa_sample(&req), whole, "{n} parts, {:?}", req.mode);
        }
    }
}

fn sheet(agent: &str, buyer: &str, day: &str, points: &[(&str, u32)], at: &str) -> ScoreSheet {
    let t = QaSettings::default().templates.remove(0);
    let mut items = BTreeMap::new();
    for i in &t.items {
        let p = points.iter().find(|(id, _)| *id == i.id).map_or(i.points, |x| x.1);
        items.insert(i.id.clone(), ItemScore { points: p, comment: format!("{} 评语", i.label_zh) });
    }
    let mut s = ScoreSheet {
        key: QaKey { agent: agent.into(), buyer: buyer.into(), day: day.into() },
        template: "default".into(),
        items,
        total: 0,
        comment: "整体还行".into(),
        scorer: "主管甲".into(),
        scored_at: at.into(),
    };
    s.recompute();
    s
}

fn book(sheets: Vec<ScoreSheet>) -> ScoreBook {
    ScoreBook { sheets, ..ScoreBook::default() }
}

#[test]
fn a_book_survives_json_and_excel_and_its_total_is_computed() {
    let qa = QaSettings::default();
    let b = book(vec![
        sheet(A, "买家甲", "2024-06-03", &[("ask", 5)], "2024-06-05T10:00:00+08:00"),
        sheet(B2, "买家乙", "2024-06-04", &[("close", 0), ("skill", 3)], "2024-06-05T11:00:00Z"),
    ]);
    // 100 − (15 − 5) and 100 − 10 − 7
    assert_eq!(b.sheets.iter().map(|s| s.total).collect::<Vec<_>>(), [90, 83]);
    assert_eq!(ScoreBook::from_json(&b.to_json(), &qa).unwrap(), b);
    let xlsx = b.to_xlsx(&qa).unwrap();
    assert_eq!(ScoreBook::from_xlsx(xlsx, &qa).unwrap(), b);
    // a total written in the file is not believed
    let forged = b.to_json().replacen("\"total\": 90", "\"total\": 100", 1);
    assert_ne!(forged, b.to_json());
    assert_eq!(ScoreBook::from_json(&forged, &qa).unwrap().sheets[0].total, 90);
}

#[test]
fn a_bad_book_is_refused_whole_naming_the_sheet() {
    let qa = QaSettings::default();
    let good = sheet(A, "买家甲", "2024-06-03", &[], "2024-06-05T10:00:00Z");
    let check = |second: ScoreSheet, want: BookProblem| {
        let text = book(vec![good.clone(), second]).to_json();
        let e = ScoreBook::from_json(&text, &qa).unwrap_err();
        assert_eq!((e.sheet, e.problem), (Some(1), want));
    };
    let mut s = good.clone();
    s.key.buyer = "买家乙".into();
    let mut unknown = s.clone();
    unknown.items.insert("smile".into(), ItemScore { points: 1, comment: String::new() });
    check(unknown, BookProblem::UnknownItem { item: "smile".into() });
    let mut above = s.clone();
    above.items.get_mut("greet").unwrap().points = 11;
    check(above, BookProblem::PointsAbove { item: "greet".into(), points: 11, max: 10 });
    let mut missing = s.clone();
    missing.items.remove("skill");
    check(missing, BookProblem::MissingItem { item: "skill".into() });
    let mut bad_day = s.clone();
    bad_day.key.day = "6月3日".into();
    check(bad_day, BookProblem::BadKey { field: "day".into(), value: "6月3日".into() });
    let mut bad_time = s.clone();
    bad_time.scored_at = "昨天".into();
    check(bad_time, BookProblem::BadTime { value: "昨天".into() });
    let mut template = s.clone();
    template.template = "old".into();
    check(template, BookProblem::UnknownTemplate { template: "old".into() });
    check(good.clone(), BookProblem::Repeated { first: 0 });
    // a sheet that does not read at all is named too
    let text = book(vec![good.clone(), s.clone()]).to_json().replacen("\"points\": 10", "\"points\": -1", 1);
    let e = ScoreBook::from_json(&text, &qa).unwrap_err();
    assert!(matches!(e.problem, BookProblem::Unreadable { .. }) && e.sheet == Some(0), "{e:?}");
    let e = ScoreBook::from_json(r#"{"version": 2, "sheets": []}"#, &qa).unwrap_err();
    assert_eq!((e.sheet, e.problem), (None, BookProblem::Version { found: 2 }));
    // nothing half-imported: through the session, the book is unchanged
    let mut above = s.clone();
    above.items.get_mut("greet").unwrap().points = 11;
    let held = book(vec![good.clone()]);
    let bytes = book(vec![s.clone(), above]).to_json().into_bytes();
    match Session::new().answer(QueryKind::QaImport { book: held.clone(), bytes, xlsx: false }).unwrap() {
        Answer::QaBook { book, merge, error } => {
            assert_eq!(book, held);
            assert_eq!(merge, Default::default());
            assert_eq!(error.unwrap().sheet, Some(1));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn merging_keeps_the_newer_sheet_and_says_what_it_did() {
    let at = |t: &str| format!("2024-06-05T{t}+08:00");
    let mut held = book(vec![
        sheet(A, "甲", "2024-06-03", &[("ask", 5)], &at("10:00:00")),
        sheet(A, "乙", "2024-06-03", &[("ask", 5)], &at("10:00:00")),
    ]);
    let incoming = book(vec![
        // newer (an earlier UTC clock reading, later instant: 03:00Z = 11:00+08)
        sheet(A, "甲", "2024-06-03", &[("ask", 0)], "2024-06-05T03:00:00Z"),
        // older
        sheet(A, "乙", "2024-06-03", &[("ask", 0)], &at("09:59:59")),
        sheet(A, "丙", "2024-06-03", &[], &at("12:00:00")),
    ]);
    let r = held.merge(incoming);
    assert_eq!((r.added, r.replaced, r.kept), (1, 1, 1));
    let totals: Vec<(&str, u32)> = held.sheets.iter().map(|s| (s.key.buyer.as_str(), s.total)).collect();
    // sorted by key: 丙 < 乙 < 甲 in code point order
    let mut want = vec![("甲", 85), ("乙", 90), ("丙", 100)];
    want.sort();
    assert_eq!(totals, want);
}

/// Agent A: sheets on 06-03 (ask 5 of 15, close 4 of 10: 100 − 10 − 6 = 84) and
/// 06-04 (ask 10 of 15, total 95), one on 06-10 outside the period;
/// agent B2: one perfect sheet. Sampled: three of A's keys and one of B2's.
fn scored() -> (ScoreBook, Vec<QaKey>) {
    let b = book(vec![
        sheet(A, "甲", "2024-06-03", &[("ask", 5), ("close", 4)], "2024-06-05T10:00:00Z"),
        sheet(A, "乙", "2024-06-04", &[("ask", 10)], "2024-06-05T10:00:00Z"),
        sheet(A, "外", "2024-06-10", &[("ask", 0)], "2024-06-11T10:00:00Z"),
        sheet(B2, "丁", "2024-06-04", &[], "2024-06-05T10:00:00Z"),
    ]);
    let k = |a: &str, buyer: &str, day: &str| QaKey { agent: a.into(), buyer: buyer.into(), day: day.into() };
    let sampled =
        vec![k(A, "甲", "2024-06-03"), k(A, "乙", "2024-06-04"), k(A, "未评", "2024-06-04"), k(B2, "丁", "2024-06-04")];
    (b, sampled)
}

fn june_3_to_9() -> Filter {
    Filter { from: Some("2024-06-03".into()), to: Some("2024-06-09".into()), ..Filter::default() }
}

#[test]
fn the_summary_per_agent_is_the_hand_computed_one() {
    let (b, sampled) = scored();
    let s = summarize(&b, &sampled, &june_3_to_9(), &Settings::default());
    assert_eq!(s.skipped, 0);
    let a = &s.agents[0];
    assert_eq!((a.agent.as_str(), a.sampled, a.scored), (A, 3, 2));
    // (84 + 95) / 2 of a 100-point template
    assert!((a.average.unwrap() - 89.5).abs() < 1e-9, "{a:?}");
    assert!((a.by_template["default"] - 89.5).abs() < 1e-9);
    // ask: (5/15 + 10/15) / 2 = 0.5; close: (4/10 + 1) / 2 = 0.7; the rest 1
    let worst: Vec<(&str, f64)> = a.items.iter().take(3).map(|i| (i.item.as_str(), i.share)).collect();
    assert_eq!((worst[0].0, worst[1].0, worst[2].0), ("ask", "close", "greet"));
    assert!((worst[0].1 - 0.5).abs() < 1e-9 && (worst[1].1 - 0.7).abs() < 1e-9 && worst[2].1 == 1.0);
    let b2 = &s.agents[1];
    assert_eq!((b2.sampled, b2.scored, b2.average), (1, 1, Some(100.0)));
    // without a period the 06-10 sheet counts: (84 + 95 + 85) / 3
    let all = summarize(&b, &[], &Filter::default(), &Settings::default());
    assert!((all.agents[0].average.unwrap() - 264.0 / 3.0).abs() < 1e-9);
    // a sheet whose template lost an item no longer fits: skipped, said so
    let mut fewer = Settings::default();
    fewer.qa.templates[0].items.pop();
    let s = summarize(&b, &[], &june_3_to_9(), &fewer);
    assert_eq!((s.skipped, s.agents.len()), (3, 0));
}

#[test]
fn a_kpi_item_takes_the_qa_average() {
    let mut session = Session::new();
    let params = DemoParams { days: 2, ..Default::default() };
    for f in session.demo_files(&params) {
        session.import_file(&f.name, f.bytes, None);
    }
    let agent = session.rebuild(false, false).agents[0].clone();
    // the agent's two sheets of `scored` (84 and 95): average 89.5
    let (b, _) = scored();
    let mut mine = book(b.sheets.into_iter().take(2).collect());
    mine.sheets.iter_mut().for_each(|s| s.key.agent = agent.clone());
    let mut settings = session.settings().clone();
    settings.kpi = Some(KpiTemplate {
        name: "质检".into(),
        tiers: vec!["初级".into(), "中级".into(), "资深".into()],
        items: vec![KpiItem::new("qa:default", false, 25.0, Default::default(), &[60.0, 90.0, 95.0])],
    });
    assert!(settings.validate().is_ok());
    session.set_settings(settings.clone());
    let ask = |session: &mut Session, book: Option<ScoreBook>| {
        let q = QueryKind::Kpi { filter: Filter::default(), manual: BTreeMap::new(), role: None, qa_scores: book };
        match session.answer(q).unwrap() {
            Answer::Kpi { report } => report.rows.into_iter().find(|r| r.agent == agent).unwrap(),
            other => panic!("{other:?}"),
        }
    };
    let row = ask(&mut session, Some(mine));
    assert_eq!(row.items[0].actual, Some(89.5));
    // attainment min(1, 89.5 / target): 1, 89.5/90, 89.5/95
    let want = [1.0, 89.5 / 90.0, 89.5 / 95.0];
    for (got, want) in row.items[0].attainment.iter().zip(want) {
        assert!((got - want).abs() < 1e-9, "{:?}", row.items[0].attainment);
    }
    assert!((row.scores[2] - 100.0 * 89.5 / 95.0).abs() < 1e-9);
    // without a book the item has no actual, as a manual item left empty
    assert_eq!(ask(&mut session, None).items[0].actual, None);
    // an item naming no template is refused with the choices
    settings.kpi.as_mut().unwrap().items[0].metric = "qa:nope".into();
    let e = settings.validate().unwrap_err();
    assert_eq!(e.path, "kpi.items[0].metric");
}

#[test]
fn qa_templates_in_the_settings_are_checked() {
    let e =
        Settings::parse(r#"{"qa": {"templates": [{"id": "a", "items": [{"id": "x", "points": 0}]}]}}"#).unwrap_err();
    assert_eq!(e.path, "qa.templates[0].items[0].points");
    let e =
        Settings::parse(r#"{"qa": {"templates": [{"id": "a", "items": [{"id": "x", "points": 101}]}]}}"#).unwrap_err();
    assert_eq!(e.path, "qa.templates[0].items[0].points");
    let e = Settings::parse(
        r#"{"qa": {"templates": [{"id": "a", "items": [{"id": "x", "points": 5}, {"id": "x", "points": 5}]}]}}"#,
    )
    .unwrap_err();
    assert_eq!(e.path, "qa.templates[0].items[1].id");
    let e = Settings::parse(r#"{"qa": {"templates": [{"id": "a", "items": []}]}}"#).unwrap_err();
    assert_eq!(e.path, "qa.templates[0].items");
    let two = r#"{"id": "a", "items": [{"id": "x", "points": 5}]}"#;
    let e = Settings::parse(&format!(r#"{{"qa": {{"templates": [{two}, {two}]}}}}"#)).unwrap_err();
    assert_eq!(e.path, "qa.templates[1].id");
    let e = Settings::parse(r#"{"qa": {"templatez": []}}"#).unwrap_err();
    assert_eq!(e.path, "qa.templatez");
    // settings stored before QA existed still load, with the shipped template
    let s = Settings::parse_stored(r#"{"response_threshold_secs": 60}"#).unwrap();
    assert_eq!(s.qa, QaSettings::default());
    assert_eq!(Settings::parse(&s.to_json()).unwrap(), s);
}

/// `kefu qa`: the sample the CLI prints (a split engine) is the session's
/// (one engine); the summary reads a book as JSON and as Excel alike.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_cli_prints_the_sessions_sample_and_reads_both_book_formats() {
    use kefu_lens::cli::qa::{run_sample, run_summary, Period, SampleArgs, SummaryArgs};
    use kefu_lens::cli::InputArgs;
    let dir = std::env::temp_dir().join(format!("kefu_qa_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let put = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let fixture = crate::support::import::fixture;
    let (chats, ratings) = ("alerts_e2e_chats.csv", "alerts_e2e_ratings.csv");
    let input = InputArgs {
        chats: vec![put(chats, &fixture(chats))],
        ratings: vec![put(ratings, &fixture(ratings))],
        parts: 2,
        ..InputArgs::default()
    };
    let args = |low_ratings: bool, seed: Option<u64>| SampleArgs {
        input: input.clone(),
        period: Period::default(),
        seed,
        per_agent: seed.map(|_| 2),
        rule: None,
        low_ratings,
        max_score: None,
        unordered_inquiries: false,
    };
    let mut session = Session::new();
    session.import_file(chats, fixture(chats), Some(kefu_lens::model::FileKind::Chats));
    session.import_file(ratings, fixture(ratings), Some(kefu_lens::model::FileKind::Ratings));
    session.rebuild(false, false);
    for (low, seed, mode) in [
        (true, None, SampleMode::LowRatings { max_score: None }),
        (false, Some(3), SampleMode::Random { per_agent: 2, seed: 3 }),
    ] {
        let printed: serde_json::Value = serde_json::from_str(&run_sample(&args(low, seed)).unwrap()).unwrap();
        let request = SampleRequest { filter: Filter::default(), mode };
        let Ok(Answer::QaSample { sample }) = session.answer(QueryKind::QaSample { request }) else { panic!() };
        assert!(!sample.rows.is_empty());
        assert_eq!(printed["rows"], serde_json::to_value(&sample.rows).unwrap());
    }
    let (b, sampled) = scored();
    let want = serde_json::to_value(summarize(&b, &sampled, &june_3_to_9(), &Settings::default())).unwrap();
    let sample = Sample {
        mode: SampleMode::UnorderedInquiries,
        rows: sampled
            .iter()
            .map(|k| qa::SampleRow {
                key: k.clone(),
                conv: 0,
                agent_label: k.agent.clone(),
                why: Why::UnorderedInquiry,
            })
            .collect(),
        population: BTreeMap::new(),
    };
    let sample = put("sample.json", serde_json::to_string(&sample).unwrap().as_bytes());
    let xlsx = b.to_xlsx(&QaSettings::default()).unwrap();
    for scores in [put("book.json", b.to_json().as_bytes()), put("book.xlsx", &xlsx)] {
        let period = Period { from: Some("2024-06-03".into()), to: Some("2024-06-09".into()) };
        let args = SummaryArgs { scores, config: None, sample: Some(sample.clone()), period };
        let printed: serde_json::Value = serde_json::from_str(&run_summary(&args).unwrap()).unwrap();
        assert_eq!(printed, want);
    }
}
