//! Spec §5 satisfaction, §6 after-sales and weekly assessment, filters and
//! grouping dimensions.

use crate::support::engine::*;
use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Query};
use kefu_lens::settings::Role;

const A: &str = "店:01";
const BB: &str = "店:02";
const C: &str = "店:03";
const S: &str = "店:s";

#[test]
fn rating_last_wins() {
    let mut b = B::new();
    b.b(A, "r1", "2024-06-03 10:00:00", "在吗").a(A, "r1", "2024-06-03 10:01:00", "在");
    b.b(A, "r2", "2024-06-03 10:00:00", "在吗").a(A, "r2", "2024-06-03 10:01:00", "在");
    b.b(BB, "r1", "2024-06-03 11:00:00", "在吗").a(BB, "r1", "2024-06-03 11:01:00", "在");
    // r1 rates A three times: 2 → 5 → 4 (last wins: 4 = 满意); given out of order in the file
    b.rating(A, "r1", "2024-06-03 17:00:00", 4).rating(A, "r1", "2024-06-03 15:00:00", 2).rating(
        A,
        "r1",
        "2024-06-03 16:00:00",
        5,
    );
    b.rating(A, "r2", "2024-06-03 12:00:00", 5);
    b.rating(BB, "r1", "2024-06-03 12:00:00", 1);
    let e = Engine::new(&b.ds, &kefu_lens::Settings::default());
    let a = row(&e, &[Dim::Agent], &[("agent", A)]);
    // A: ratings r1 (4), r2 (5) → 2; both satisfied → 100 %; 2 ratings / 2 reception buyer-days
    assert_eq!((a.ratings, a.very_satisfied, a.satisfied, a.dissatisfied), (2, 1, 1, 0));
    assert_eq!(a.satisfaction_rate, Some(1.0));
    assert_eq!(a.rating_rate, Some(1.0));
    // shop: 3 ratings (one per agent, buyer, day); satisfied 2/3; reception buyer-days r1, r2 = 2 → 3/2
    let s = total(&e);
    assert_eq!((s.ratings, s.very_dissatisfied), (3, 1));
    assert_eq!(s.satisfaction_rate, Some(2.0 / 3.0));
    assert_eq!(s.rating_rate, Some(1.5));
    assert_eq!(e.summary(&b.ds).ratings, 3);
    let d =
        e.drill(&b.ds, &DrillRequest { key: key(&[("agent", A)]), metric: "satisfied".into(), ..Default::default() });
    assert_eq!((d.unit.as_str(), d.rows.len(), d.rows[0].time.as_str()), ("rating", 1, "2024-06-03 17:00:00"));
    let t = e.transcript(&b.ds, d.rows[0].conv).unwrap();
    assert_eq!(t.rating, Some(4));
}

#[test]
fn rating_without_chat_still_counts() {
    let mut b = B::new();
    b.b(A, "r1", "2024-06-03 10:00:00", "在吗").a(A, "r1", "2024-06-03 10:01:00", "在");
    // rated the next day: a rating-only conversation-day (A, r1, 06-04)
    b.rating(A, "r1", "2024-06-04 09:00:00", 3);
    let e = Engine::new(&b.ds, &kefu_lens::Settings::default());
    let m = row(&e, &[Dim::Day], &[("day", "2024-06-04")]);
    assert_eq!((m.ratings, m.neutral, m.consult_buyers), (1, 1, 0));
    assert_eq!(m.rating_rate, None);
    assert_eq!(e.days(), (Some("2024-06-03".into()), Some("2024-06-03".into())));
}

#[test]
fn aftersales_reconsult() {
    let mut b = B::new();
    // d1: after-sales reception on 06-03, consults P again on 06-05 (within 3 days) → reconsult
    b.b(S, "d1", "2024-06-03 10:00:00", "怎么退货").a(S, "d1", "2024-06-03 10:01:00", "点申请");
    b.b(A, "d1", "2024-06-05 10:00:00", "又坏了");
    // d2: reception 06-03, next consult 06-07 (D+4) → not a reconsult
    b.b(S, "d2", "2024-06-03 11:00:00", "换货").a(S, "d2", "2024-06-03 11:01:00", "可以");
    b.b(S, "d2", "2024-06-07 11:00:00", "还有问题");
    // d3: no human reply → not an after-sales reception
    b.b(S, "d3", "2024-06-03 12:00:00", "在吗");
    // d4: same-day second consult is not "after that day"
    b.b(S, "d4", "2024-06-03 13:00:00", "在吗").a(S, "d4", "2024-06-03 13:01:00", "在").b(
        A,
        "d4",
        "2024-06-03 14:00:00",
        "hi",
    );
    let s = settings_with(vec![account(S, &["售后部"], Role::Aftersales)]);
    let e = Engine::new(&b.ds, &s);
    let m = row(&e, &[Dim::Agent, Dim::Day], &[("agent", S), ("day", "2024-06-03")]);
    // after-sales receptions d1, d2, d4 = 3; reconsult d1 = 1; FCR = 1 − 1/3
    assert_eq!((m.aftersales_buyers, m.reconsult_buyers), (3, 1));
    assert_eq!(m.first_contact_resolution, Some(1.0 - 1.0 / 3.0));
    assert_eq!(m.inquiry_buyers, 0);
    let p = row(&e, &[Dim::Agent], &[("agent", A)]);
    assert_eq!((p.aftersales_buyers, p.first_contact_resolution), (0, None));
    // reconsult_days = 5 → d2 reconsults too
    let mut s2 = s.clone();
    s2.reconsult_days = 5;
    let e2 = Engine::new(&b.ds, &s2);
    let m = row(&e2, &[Dim::Agent, Dim::Day], &[("agent", S), ("day", "2024-06-03")]);
    assert_eq!(m.reconsult_buyers, 2);
    check_drill_counts(&e, &b.ds, &[Dim::Agent, Dim::Day], &Filter::default());
}

fn weekly_data() -> B {
    let mut b = B::new();
    // week of Mon 2024-06-03. A: 4 sessions, all replied
    for (i, buyer) in ["w1", "w2", "w3", "w4"].iter().enumerate() {
        let t = format!("2024-06-0{} 10:00:00", 3 + i);
        let t2 = format!("2024-06-0{} 10:01:00", 3 + i);
        b.b(A, buyer, &t, "在吗").a(A, buyer, &t2, "在");
    }
    // B: 5 sessions, 4 replied (0.8 → passes)
    for (i, buyer) in ["v1", "v2", "v3", "v4", "v5"].iter().enumerate() {
        let t = format!("2024-06-0{} 10:00:00", 3 + i);
        b.b(BB, buyer, &t, "在吗");
        if i < 4 {
            b.a(BB, buyer, &format!("2024-06-0{} 10:02:00", 3 + i), "在");
        }
    }
    // B: a conversation the agent starts is not a session
    b.a(BB, "v9", "2024-06-03 09:00:00", "亲，您的订单已发货").b(BB, "v9", "2024-06-03 09:05:00", "好的");
    // C: 5 sessions, 3 replied (0.6 → assessed, fails)
    for (i, buyer) in ["u1", "u2", "u3", "u4", "u5"].iter().enumerate() {
        let t = format!("2024-06-0{} 10:00:00", 3 + i);
        b.b(C, buyer, &t, "在吗");
        if i < 3 {
            b.a(C, buyer, &format!("2024-06-0{} 10:02:00", 3 + i), "在");
        }
    }
    // A next week: 1 session
    b.b(A, "w9", "2024-06-10 10:00:00", "在吗").a(A, "w9", "2024-06-10 10:01:00", "在");
    b
}

#[test]
fn weekly_assessment() {
    let b = weekly_data();
    let e = Engine::new(&b.ds, &kefu_lens::Settings::default());
    let wk = [Dim::Agent, Dim::Week];
    let a = row(&e, &wk, &[("agent", A), ("week", "2024-06-03")]);
    // 4 sessions < 5 → not assessed
    assert_eq!((a.weekly_sessions, a.weekly_replied, a.weekly_assessed, a.weekly_passed), (4, 4, 0, 0));
    assert_eq!(a.weekly_reply_rate, Some(1.0));
    let bb = row(&e, &wk, &[("agent", BB), ("week", "2024-06-03")]);
    // 5 sessions (v9 excluded: agent spoke first), 4 replied = 0.8 ≥ 0.8 → passed
    assert_eq!((bb.weekly_sessions, bb.weekly_replied, bb.weekly_assessed, bb.weekly_passed), (5, 4, 1, 1));
    let c = row(&e, &wk, &[("agent", C), ("week", "2024-06-03")]);
    // 3/5 = 0.6 < 0.8 → assessed, not passed
    assert_eq!((c.weekly_assessed, c.weekly_passed), (1, 0));
    // week pooled: 14 sessions, 11 replied = 0.786 < 0.8 → assessed, not passed
    let w = row(&e, &[Dim::Week], &[("week", "2024-06-03")]);
    assert_eq!((w.weekly_sessions, w.weekly_replied, w.weekly_assessed, w.weekly_passed), (14, 11, 1, 0));
    // by agent over two weeks: A has (06-03: 4) and (06-10: 1) → none assessed
    let a = row(&e, &[Dim::Agent], &[("agent", A)]);
    assert_eq!((a.weekly_sessions, a.weekly_assessed), (5, 0));
    // shop total, units per week: 06-03 (14, assessed), 06-10 (1) → 1 assessed
    assert_eq!(total(&e).weekly_assessed, 1);
    // thresholds are settings
    let s = kefu_lens::Settings { weekly_min_sessions: 4, weekly_pass_rate: 0.6, ..Default::default() };
    let e2 = Engine::new(&b.ds, &s);
    let a = row(&e2, &wk, &[("agent", A), ("week", "2024-06-03")]);
    assert_eq!((a.weekly_assessed, a.weekly_passed), (1, 1));
    let c = row(&e2, &wk, &[("agent", C), ("week", "2024-06-03")]);
    assert_eq!(c.weekly_passed, 1);
    for by in [wk.to_vec(), vec![Dim::Week], vec![Dim::Agent], vec![]] {
        check_drill_counts(&e, &b.ds, &by, &Filter::default());
    }
}

#[test]
fn filters_and_dimensions() {
    let b = weekly_data();
    let s = settings_with(vec![
        account(A, &["售前部", "一组"], Role::Presales),
        account(BB, &["售前部", "二组"], Role::Presales),
        account(C, &["售后部"], Role::Aftersales),
    ]);
    let e = Engine::new(&b.ds, &s);
    // team = first level
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Team], filter: Filter::default() });
    let teams: Vec<&str> = r.rows.iter().map(|r| r.key["team"].as_str()).collect();
    assert_eq!(teams, ["售前部", "售后部"]);
    // 售前部: A 5 buyers + B 6 (v1..v5, v9) = 11 consult buyer-days
    assert_eq!(r.rows[0].metrics.consult_buyers, 11);
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Group], filter: Filter::default() });
    let groups: Vec<&str> = r.rows.iter().map(|r| r.key["group"].as_str()).collect();
    assert_eq!(groups, ["售前部/一组", "售前部/二组", "售后部"]);
    // team prefix filter
    let f = Filter { team: vec!["售前部".into(), "二组".into()], ..Default::default() };
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Agent], filter: f });
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].key["agent"], BB);
    // date range (inclusive) + agents
    let f = Filter {
        from: Some("2024-06-04".into()),
        to: Some("2024-06-05".into()),
        agents: vec![A.into(), C.into()],
        ..Default::default()
    };
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Agent, Dim::Day], filter: f.clone() });
    let keys: Vec<(String, String)> = r.rows.iter().map(|r| (r.key["agent"].clone(), r.key["day"].clone())).collect();
    assert_eq!(
        keys,
        [
            (A.to_string(), "2024-06-04".to_string()),
            (A.to_string(), "2024-06-05".to_string()),
            (C.to_string(), "2024-06-04".to_string()),
            (C.to_string(), "2024-06-05".to_string())
        ]
    );
    check_drill_counts(&e, &b.ds, &[Dim::Agent, Dim::Day], &f);
    // shop filter on an unknown shop → nothing
    let r = e.report(&Query {
        rules: vec![],
        by: vec![Dim::Agent],
        filter: Filter { shops: vec!["别家".into()], ..Default::default() },
    });
    assert!(r.rows.is_empty());
    // hour / weekday / month
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Hour], filter: Filter::default() });
    let hours: Vec<&str> = r.rows.iter().map(|r| r.key["hour"].as_str()).collect();
    assert_eq!(hours, ["09", "10"]);
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Weekday, Dim::Shop], filter: Filter::default() });
    assert_eq!(r.rows[0].key["weekday"], "0");
    assert_eq!(r.rows[0].key["shop"], "店");
    // Monday: A w1, w9; B v1, v9; C u1 = 5 buyer-days
    assert_eq!(r.rows[0].metrics.consult_buyers, 5);
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Month], filter: Filter::default() });
    assert_eq!((r.rows.len(), r.rows[0].key["month"].as_str()), (1, "2024-06"));
    check_drill_counts(&e, &b.ds, &[Dim::Team, Dim::Weekday], &Filter::default());
    check_drill_counts(&e, &b.ds, &[Dim::Month, Dim::Group, Dim::Hour], &Filter::default());
    // kpi actuals
    let k = e.kpi_actuals(&Filter::default());
    assert_eq!(k.len(), 3);
    assert_eq!((k[0].agent.as_str(), k[0].active_days), (A, 5));
    assert_eq!(k[0].metrics["reception_buyers"], Some(5.0));
    assert_eq!(k[0].metrics["avg_response_secs"], Some(60.0));
    assert_eq!(k[2].metrics["first_contact_resolution"], Some(1.0));
}

#[test]
fn category_unclassified_row() {
    let b = weekly_data();
    let e = Engine::new(&b.ds, &kefu_lens::Settings::default());
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Category], filter: Filter::default() });
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].key["category_code"], "未分类");
    assert_eq!(r.rows[0].key["category_path"], "未分类");
    assert_eq!(r.rows[0].metrics.consult_buyers, total(&e).consult_buyers);
    check_drill_counts(&e, &b.ds, &[Dim::Agent, Dim::Category], &Filter::default());
}
