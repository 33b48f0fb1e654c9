//! Spec §2–§3: rounds, business clock, closing words, auto replies, group
//! semantics. Expectations are computed by hand in the comments.

use crate::support::engine::*;
use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter};
use kefu_lens::model::{Sender, Sym};

const A: &str = "店:01";
const BB: &str = "店:02";

/// Work time 09:00–12:00, 13:30–23:00 every day. 2024-06-03 is a Monday.
fn scenario() -> B {
    let mut b = B::new();
    // b1 with A: a round across the lunch break, a closing word, an auto reply before the human reply.
    b.b(A, "b1", "2024-06-03 11:59:00", "在吗") // opens R1 (in work time)
        .b(A, "b1", "2024-06-03 11:59:30", "这个有货吗") // joins R1
        .a(A, "b1", "2024-06-03 13:31:00", "有的") // closes R1
        .b(A, "b1", "2024-06-03 13:32:00", "好的！") // closing word: not valid, opens nothing
        .b(A, "b1", "2024-06-03 13:33:00", "尺码多大") // opens R2
        .a(A, "b1", "2024-06-03 13:33:00", "[自动回复]稍等") // auto: does not close R2
        .a(A, "b1", "2024-06-03 13:40:00", "M码"); // closes R2
                                                   // b2 with A: a round opened off-hours, a round still open at 24:00, then the next day.
    b.b(A, "b2", "2024-06-03 08:30:00", "你好") // opens R0 off-hours: not counted
        .a(A, "b2", "2024-06-03 09:10:00", "您好") // closes R0 (still not counted)
        .b(A, "b2", "2024-06-03 22:50:00", "还在吗") // opens R3, never answered
        .b(A, "b2", "2024-06-04 00:10:00", "人呢"); // new day: R3 closed unanswered at 24:00; opens R5 off-hours
                                                    // b3 with A: closing words only.
    b.b(A, "b3", "2024-06-03 10:00:00", "好的").b(A, "b3", "2024-06-03 10:01:00", "谢谢😊");
    // b1 also with agent B the same day.
    b.b(BB, "b1", "2024-06-03 14:00:00", "还有别的颜色吗").a(BB, "b1", "2024-06-03 14:02:00", "有红色");
    // a system message never counts
    b.msg(A, "b1", "2024-06-03 14:05:00", Sender::System, "由 店:01 转交给 店:02");
    b
}

#[test]
fn agent_day_service_metrics() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    let m = row(&e, &[Dim::Agent, Dim::Day], &[("agent", A), ("day", "2024-06-03")]);
    // consult: b1, b2, b3
    assert_eq!(m.consult_buyers, 3);
    // reception: b1 (有的), b2 (您好); b3 got no human message
    assert_eq!(m.reception_buyers, 2);
    // b3 has only closing words → consult but not unreplied
    assert_eq!(m.unreplied_buyers, 0);
    assert_eq!(m.reply_rate, Some(2.0 / 3.0));
    // counted rounds: R1, R2, R3 (R0 opened 08:30, off-hours)
    assert_eq!(m.rounds, 3);
    // R1 = 60 s (11:59→12:00) + 60 s (13:30→13:31) = 120 ≤ 180; R2 = 7 min = 420; R3 unanswered
    assert_eq!(m.rounds_3min, 1);
    assert_eq!(m.response_rate_3min, Some(1.0 / 3.0));
    // (120 + 420) / 2 = 270 business; calendar (5520 + 420) / 2 = 2970
    assert_eq!(m.avg_response_secs, Some(270.0));
    assert_eq!(m.avg_response_calendar_secs, Some(2970.0));
    // first counted round: b1 → R1 = 120; b2 → R3 unanswered (excluded)
    assert_eq!(m.first_response_secs, Some(120.0));
    assert_eq!(m.first_response_calendar_secs, Some(5520.0));
    // reception spans: b1 11:59:00→13:40:00 = business 60 + 600 = 660, calendar 6060;
    // b2 08:30→22:50 = business 10800 (09–12) + 33600 (13:30–22:50) = 44400, calendar 51600
    // avg_reception_secs is calendar time (spec §3); the business clock is avg_reception_work_secs
    assert_eq!(m.avg_reception_secs, Some((6060.0 + 51600.0) / 2.0));
    assert_eq!(m.avg_reception_work_secs, Some((660.0 + 44400.0) / 2.0));
    // valid buyer messages: 在吗, 这个有货吗, 尺码多大, 你好, 还在吗 = 5
    assert_eq!(m.buyer_messages, 5);
    // human messages: 有的, M码, 您好 = 3 (auto excluded)
    assert_eq!(m.agent_messages, 3);
    assert_eq!(m.answer_ratio, Some(3.0 / 5.0));
}

#[test]
fn next_day_and_shop_distinct() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    // 06-04: b2's 人呢 at 00:10 (off-hours, no reply) → consult, unreplied, no counted round
    let m = row(&e, &[Dim::Day], &[("day", "2024-06-04")]);
    assert_eq!((m.consult_buyers, m.reception_buyers, m.unreplied_buyers, m.rounds), (1, 0, 1, 0));
    assert_eq!(m.avg_response_secs, None);
    assert_eq!(m.reply_rate, Some(0.0));
    // agent B on 06-03: b1 one round of 120 s
    let mb = row(&e, &[Dim::Agent], &[("agent", BB)]);
    assert_eq!((mb.consult_buyers, mb.reception_buyers, mb.rounds, mb.rounds_3min), (1, 1, 1, 1));
    assert_eq!(mb.avg_response_secs, Some(120.0));
    // shop on 06-03: distinct buyer-days b1, b2, b3 = 3 < 3 (A) + 1 (B)
    let s = row(&e, &[Dim::Day], &[("day", "2024-06-03")]);
    assert_eq!(s.consult_buyers, 3);
    assert_eq!(s.reception_buyers, 2);
    // rounds 3 + 1; within 3 min: R1 and B's = 2; avg (120 + 420 + 120) / 3 = 220
    assert_eq!((s.rounds, s.rounds_3min), (4, 2));
    assert_eq!(s.avg_response_secs, Some(220.0));
    // whole period, agent A: 3 buyer-days on 06-03 + 1 on 06-04
    let ma = row(&e, &[Dim::Agent], &[("agent", A)]);
    assert_eq!((ma.consult_buyers, ma.unreplied_buyers), (4, 1));
    // daily summary
    let d = e.daily_summary(&Filter::default());
    assert_eq!(d.len(), 2);
    assert_eq!((d[0].day.as_str(), d[0].consult_buyers, d[0].online_agents), ("2024-06-03", 3, 2));
    assert_eq!(d[0].avg_response_secs, Some(220.0));
    assert_eq!((d[1].consult_buyers, d[1].online_agents), (1, 0));
}

#[test]
fn holiday_and_missing_weekday_have_no_work_time() {
    let mut b = B::new();
    b.b(A, "h1", "2024-06-05 10:00:00", "在吗").a(A, "h1", "2024-06-05 10:01:00", "在");
    b.b(A, "h2", "2024-06-06 10:00:00", "在吗").a(A, "h2", "2024-06-06 10:01:00", "在");
    let mut s = lunch_settings();
    s.holidays = vec!["2024-06-05".into()];
    let e = Engine::new(&b.ds, &s);
    // 06-05 is a holiday: the round opened off work time → not counted, but consult/reception are
    let m = row(&e, &[Dim::Day], &[("day", "2024-06-05")]);
    assert_eq!((m.consult_buyers, m.reception_buyers, m.rounds), (1, 1, 0));
    assert_eq!(m.avg_response_secs, None);
    assert_eq!(m.first_response_secs, None);
    // on a holiday the chat still lasted 60 s (calendar, spec §3); 0 business seconds
    assert_eq!(m.avg_reception_secs, Some(60.0));
    assert_eq!(m.avg_reception_work_secs, Some(0.0));
    let m = row(&e, &[Dim::Day], &[("day", "2024-06-06")]);
    assert_eq!((m.rounds, m.rounds_3min), (1, 1));
    assert_eq!(m.avg_response_secs, Some(60.0));
    // Thursday removed from work_time → no work time at all
    s.work_time.remove("thu");
    let e = Engine::new(&b.ds, &s);
    assert_eq!(row(&e, &[Dim::Day], &[("day", "2024-06-06")]).rounds, 0);
}

#[test]
fn closing_word_filter_off_and_custom_markers() {
    let mut b = B::new();
    b.b(A, "x", "2024-06-03 10:00:00", "好的").a(A, "x", "2024-06-03 10:00:30", "(机器人) 您好").a(
        A,
        "x",
        "2024-06-03 10:02:00",
        "您好",
    );
    let mut s = kefu_lens::Settings::default();
    // default filter on: 好的 not valid → no round, unreplied 0
    let e = Engine::new(&b.ds, &s);
    let m = total(&e);
    assert_eq!((m.buyer_messages, m.rounds, m.agent_messages), (0, 0, 2));
    // filter off → valid; "(机器人)" is not a marker → human reply at 10:00:30 closes after 30 s
    s.closing_word_filter = false;
    let e = Engine::new(&b.ds, &s);
    let m = total(&e);
    assert_eq!((m.buyer_messages, m.rounds, m.rounds_3min), (1, 1, 1));
    assert_eq!(m.avg_response_secs, Some(30.0));
    // configure the marker → auto; the human reply at 10:02 closes: 120 s
    s.auto_reply_markers.push("(机器人)".into());
    let e = Engine::new(&b.ds, &s);
    let m = total(&e);
    assert_eq!(m.avg_response_secs, Some(120.0));
    assert_eq!(m.agent_messages, 1);
}

#[test]
fn same_second_keeps_file_order() {
    // the human reply in the same second but earlier in the file does not close the round
    let mut b = B::new();
    b.a(A, "y", "2024-06-03 10:00:00", "欢迎光临").b(A, "y", "2024-06-03 10:00:00", "在吗").a(
        A,
        "y",
        "2024-06-03 10:00:10",
        "在的",
    );
    let e = Engine::new(&b.ds, &kefu_lens::Settings::default());
    let m = total(&e);
    assert_eq!((m.rounds, m.avg_response_secs), (1, Some(10.0)));
    // the first non-system message is the agent's → not a weekly session
    assert_eq!(m.weekly_sessions, 0);
}

#[test]
fn drill_matches_counts() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    let mut n = 0;
    for by in [vec![], vec![Dim::Agent], vec![Dim::Day], vec![Dim::Agent, Dim::Day], vec![Dim::Hour], vec![Dim::Week]] {
        n += check_drill_counts(&e, &b.ds, &by, &Filter::default());
    }
    assert!(n > 100);
    // rounds drill rows carry the response time
    let d = e.drill(
        &b.ds,
        &DrillRequest { filter: Filter::default(), key: key(&[("agent", A)]), metric: "rounds_3min".into() },
    );
    assert_eq!(d.unit, "round");
    assert_eq!(d.rows.len(), 1);
    assert_eq!(d.rows[0].time, "2024-06-03 11:59:00");
    assert!(d.rows[0].detail.raw().starts_with("120 s"));
    // rate → its denominator's records
    let d = e.drill(&b.ds, &DrillRequest { metric: "reply_rate".into(), ..Default::default() });
    assert_eq!((d.unit.as_str(), d.rows.len()), ("buyer_day", 4));
}

#[test]
fn transcript_marks_rounds() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    let d = e.drill(
        &b.ds,
        &DrillRequest {
            key: key(&[("agent", A), ("day", "2024-06-03")]),
            metric: "agent_messages".into(),
            ..Default::default()
        },
    );
    let conv = d.rows.iter().find(|r| r.buyer == "b1").unwrap().conv;
    let t = e.transcript(&b.ds, conv).unwrap();
    assert_eq!((t.agent.as_str(), t.buyer.as_str(), t.day.as_str()), (A, "b1", "2024-06-03"));
    let senders: Vec<&str> = t.messages.iter().map(|m| m.sender.as_str()).collect();
    assert_eq!(senders, ["buyer", "buyer", "agent", "buyer", "buyer", "auto", "agent", "system"]);
    assert_eq!(t.messages[2].response_secs, Some(120));
    assert!(!t.messages[2].slow);
    assert_eq!(t.messages[6].response_secs, Some(420));
    assert!(t.messages[6].slow);
    // b2: the unanswered R3 is flagged on its opening message
    let conv = d.rows.iter().find(|r| r.buyer == "b2").unwrap().conv;
    let t = e.transcript(&b.ds, conv).unwrap();
    assert!(t.messages[2].slow && t.messages[2].text == "还在吗");
    assert!(!t.messages[0].slow, "off-hours round is not counted");
    assert!(e.transcript(&b.ds, 9999).is_none());
}

#[test]
fn summary_agents_days() {
    let b = scenario();
    let e = Engine::new(&b.ds, &lunch_settings());
    let s = e.summary(&b.ds);
    // messages: b1/A 7 + b2 4 + b3 2 + b1/B 2 + system 1 = 16
    assert_eq!((s.shops, s.agents, s.buyers, s.days, s.messages), (1, 2, 3, 2, 16));
    assert_eq!(s.first_day.as_deref(), Some("2024-06-03"));
    assert_eq!(s.last_day.as_deref(), Some("2024-06-04"));
    assert_eq!(e.agents(), vec![A.to_string(), BB.to_string()]);
    assert_eq!(e.days(), (Some("2024-06-03".into()), Some("2024-06-04".into())));
}

#[test]
fn summary_shops_are_those_of_the_messages_the_engine_keeps() {
    let mut b = B::new();
    b.b(A, "b1", "2024-06-03 10:00:00", "在吗").a(A, "b1", "2024-06-03 10:01:00", "在的");
    b.b(BB, "b2", "2024-06-03 10:00:30", "有货吗").a(BB, "b2", "2024-06-03 10:02:00", "有");
    b.b(A, "b3", "2024-06-03 11:00:00", "发货了吗").b(A, "b4", "2024-06-03 12:00:00", "你好");
    let second = b.ds.shops.intern("二店");
    let third = b.ds.shops.intern("三店");
    // b2's messages in a second shop (between b1's in dataset order)
    b.ds.messages[2].shop = second;
    b.ds.messages[3].shop = second;
    // b3's message in a third shop, but without its buyer: the engine drops it
    b.ds.messages[4].shop = third;
    b.ds.messages[4].buyer = Sym::NONE;
    // b4's message with no shop: no shop to count
    b.ds.messages[5].shop = Sym::NONE;
    let e = Engine::new(&b.ds, &lunch_settings());
    let s = e.summary(&b.ds);
    assert_eq!((s.shops, s.buyers, s.messages), (2, 3, 5));
    // the same through parts by buyer
    let p = kefu_lens::partition::PartitionedEngine::new(&b.ds, &lunch_settings(), 3);
    assert_eq!(p.summary().shops, 2);
}
