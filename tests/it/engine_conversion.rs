//! Spec §4: inquiry, attribution, credit, paid windows, group semantics.

use crate::support::engine::*;
use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter};
use kefu_lens::settings::{Credit, Role, Settings};

const P1: &str = "店:p1";
const P2: &str = "店:p2";

fn scenario() -> B {
    let mut b = B::new();
    // c1 talks to P1 then P2; O1 after both replies
    b.b(P1, "c1", "2024-06-03 10:00:00", "这款有货吗")
        .a(P1, "c1", "2024-06-03 10:05:00", "有")
        .b(P2, "c1", "2024-06-03 10:10:00", "能便宜吗")
        .a(P2, "c1", "2024-06-03 10:15:00", "不能")
        .order("O1", "c1", "2024-06-03 10:20:00", Some("2024-06-03 10:25:00"), 10000);
    // c2: order created before the chat → not attributed
    b.order("O2", "c2", "2024-06-03 09:00:00", Some("2024-06-03 09:05:00"), 9900)
        .b(P1, "c2", "2024-06-03 11:00:00", "在吗")
        .a(P1, "c2", "2024-06-03 11:01:00", "在");
    // c3: attributed across midnight, paid next day
    b.b(P1, "c3", "2024-06-03 23:50:00", "有优惠吗").a(P1, "c3", "2024-06-03 23:55:00", "有券").order(
        "O3",
        "c3",
        "2024-06-04 00:05:00",
        Some("2024-06-04 00:06:00"),
        5000,
    );
    // c4: no human reply; order on day 3 of the window → fallback credit to P1
    b.b(P1, "c4", "2024-06-03 15:00:00", "考虑一下").order(
        "O4",
        "c4",
        "2024-06-06 12:00:00",
        Some("2024-06-06 12:01:00"),
        3000,
    );
    // c5: order on day 4 → not attributed
    b.b(P1, "c5", "2024-06-03 16:00:00", "在").a(P1, "c5", "2024-06-03 16:01:00", "在的").order(
        "O5",
        "c5",
        "2024-06-07 12:00:00",
        Some("2024-06-07 12:01:00"),
        7000,
    );
    // c6: ordered, never paid
    b.b(P2, "c6", "2024-06-03 17:00:00", "发什么快递").a(P2, "c6", "2024-06-03 17:01:00", "中通").order(
        "O6",
        "c6",
        "2024-06-03 17:10:00",
        None,
        2000,
    );
    // c7: paid after the final window (D+5) → unpaid
    b.b(P2, "c7", "2024-06-03 18:00:00", "包邮吗").a(P2, "c7", "2024-06-03 18:01:00", "包邮").order(
        "O7",
        "c7",
        "2024-06-03 18:05:00",
        Some("2024-06-08 10:00:00"),
        4000,
    );
    b
}

#[test]
fn per_agent_credit_last() {
    let b = scenario();
    let e = Engine::new(&b.ds, &Settings::default());
    let p1 = row(&e, &[Dim::Agent, Dim::Day], &[("agent", P1), ("day", "2024-06-03")]);
    // inquiries of P1: c1, c2, c3, c4, c5
    assert_eq!(p1.inquiry_buyers, 5);
    // credited to P1: O3 (c3), O4 (c4, fallback); O1 goes to P2 (last human message before 10:20 is P2's at 10:15)
    assert_eq!(p1.ordered_buyers, 2);
    // O3 paid 06-04 (D+1), O4 paid 06-06 (D+3)
    assert_eq!((p1.paid_buyers_same_day, p1.paid_buyers_next_day, p1.paid_buyers_final), (0, 1, 2));
    // 50.00 + 30.00
    assert_eq!(p1.sales_amount, Some(80.0));
    assert_eq!(p1.avg_order_value, Some(40.0));
    // no attributed order at all: c2, c5 (c1 has O1, credited elsewhere, so not counted)
    assert_eq!(p1.inquiry_no_order, 2);
    assert_eq!(p1.ordered_unpaid, 0);
    // reception: c1, c2, c3, c5 → sales_conversion = 0 / 4
    assert_eq!(p1.reception_buyers, 4);
    assert_eq!(p1.sales_conversion, Some(0.0));
    assert_eq!(p1.inquiry_conversion_final, Some(2.0 / 5.0));

    let p2 = row(&e, &[Dim::Agent], &[("agent", P2)]);
    // inquiries c1, c6, c7; credited O1, O6, O7
    assert_eq!((p2.inquiry_buyers, p2.ordered_buyers), (3, 3));
    // only O1 paid (same day)
    assert_eq!((p2.paid_buyers_same_day, p2.paid_buyers_next_day, p2.paid_buyers_final), (1, 1, 1));
    assert_eq!(p2.sales_amount, Some(100.0));
    // c6 never paid, c7 paid after the window
    assert_eq!(p2.ordered_unpaid, 2);
    assert_eq!(p2.inquiry_no_order, 0);
    assert_eq!(p2.sales_conversion, Some(1.0 / 3.0));
}

#[test]
fn shop_totals() {
    let b = scenario();
    let e = Engine::new(&b.ds, &Settings::default());
    let s = total(&e);
    // distinct inquiry buyer-days c1..c7 = 7 (c1 once though two agents)
    assert_eq!(s.inquiry_buyers, 7);
    // ordered: c1, c3, c4, c6, c7
    assert_eq!(s.ordered_buyers, 5);
    // same day: c1; next day: c1, c3; final: c1, c3, c4
    assert_eq!((s.paid_buyers_same_day, s.paid_buyers_next_day, s.paid_buyers_final), (1, 2, 3));
    assert_eq!(s.inquiry_conversion_same_day, Some(1.0 / 7.0));
    assert_eq!(s.inquiry_conversion_final, Some(3.0 / 7.0));
    // 100 + 50 + 30 = 180; /3 = 60
    assert_eq!(s.sales_amount, Some(180.0));
    assert_eq!(s.avg_order_value, Some(60.0));
    assert_eq!((s.inquiry_no_order, s.ordered_unpaid), (2, 2));
    // report by day: the orders count on the inquiry's day (06-03), no 06-04/06-06 rows exist
    let r = e.report(&kefu_lens::engine::Query { rules: vec![], by: vec![Dim::Day], filter: Filter::default() });
    assert_eq!(r.rows.len(), 1);
    // drill: orders behind sales_amount
    let d = e.drill(&b.ds, &DrillRequest { metric: "sales_amount".into(), ..Default::default() });
    let mut ids: Vec<String> = d.rows.iter().map(|r| r.detail.raw().split(' ').next().unwrap().to_string()).collect();
    ids.sort();
    assert_eq!(ids, ["O1", "O3", "O4"]);
    for by in [vec![], vec![Dim::Agent], vec![Dim::Day], vec![Dim::Agent, Dim::Day], vec![Dim::Hour]] {
        check_drill_counts(&e, &b.ds, &by, &Filter::default());
    }
}

#[test]
fn credit_first() {
    let b = scenario();
    let s = Settings { credit: Credit::First, ..Settings::default() };
    let e = Engine::new(&b.ds, &s);
    // O1 now goes to P1 (earliest human message before the order: P1 at 10:05)
    let p1 = row(&e, &[Dim::Agent], &[("agent", P1)]);
    assert_eq!((p1.ordered_buyers, p1.paid_buyers_same_day), (3, 1));
    assert_eq!(p1.sales_amount, Some(180.0));
    let p2 = row(&e, &[Dim::Agent], &[("agent", P2)]);
    assert_eq!((p2.ordered_buyers, p2.paid_buyers_same_day), (2, 0));
    assert_eq!(p2.sales_amount, Some(0.0));
    assert_eq!(p2.avg_order_value, None);
}

#[test]
fn transcript_shows_orders() {
    let b = scenario();
    let e = Engine::new(&b.ds, &Settings::default());
    let d = e.drill(
        &b.ds,
        &DrillRequest { key: key(&[("agent", P1)]), metric: "ordered_buyers".into(), ..Default::default() },
    );
    let r = d.rows.iter().find(|r| r.buyer == "c3").unwrap();
    let t = e.transcript(&b.ds, r.conv).unwrap();
    assert_eq!(t.orders.len(), 1);
    assert_eq!(t.orders[0].id, "O3");
    assert_eq!(t.orders[0].credited_agent.as_deref(), Some(P1));
    assert_eq!(t.orders[0].amount, 50.0);
    // c2's unattributed order is shown (created that day) without credit
    let d = e.drill(&b.ds, &DrillRequest { metric: "inquiry_no_order".into(), ..Default::default() });
    let r = d.rows.iter().find(|r| r.buyer == "c2").unwrap();
    let t = e.transcript(&b.ds, r.conv).unwrap();
    assert_eq!((t.orders.len(), t.orders[0].credited_agent.clone()), (1, None));
}

#[test]
fn aftersales_agents_are_not_inquiries_and_latest_buyer_day_wins() {
    let mut b = B::new();
    // buyer talks to P1 on 06-03 and 06-04; order on 06-05 → the 06-04 buyer-day
    b.b(P1, "z", "2024-06-03 10:00:00", "问一下").a(P1, "z", "2024-06-03 10:01:00", "您说");
    b.b("店:s", "z", "2024-06-04 09:00:00", "售后问题").a("店:s", "z", "2024-06-04 09:01:00", "好的");
    b.b(P2, "z", "2024-06-04 10:00:00", "再问一下").a(P2, "z", "2024-06-04 10:01:00", "您说");
    b.order("Z1", "z", "2024-06-05 08:00:00", Some("2024-06-05 08:01:00"), 1234);
    let s = settings_with(vec![account("店:s", &["售后部"], Role::Aftersales)]);
    let e = Engine::new(&b.ds, &s);
    let p2 = row(&e, &[Dim::Agent], &[("agent", P2)]);
    assert_eq!((p2.ordered_buyers, p2.paid_buyers_next_day, p2.paid_buyers_same_day), (1, 1, 0));
    assert_eq!(p2.sales_amount, Some(12.34));
    let p1 = row(&e, &[Dim::Agent], &[("agent", P1)]);
    assert_eq!((p1.inquiry_buyers, p1.ordered_buyers), (1, 0));
    let sa = row(&e, &[Dim::Agent], &[("agent", "店:s")]);
    assert_eq!((sa.inquiry_buyers, sa.ordered_buyers, sa.aftersales_buyers), (0, 0, 1));
    // role filter
    let r = e.report(&kefu_lens::engine::Query {
        rules: vec![],
        by: vec![],
        filter: Filter { role: Some(Role::Aftersales), ..Default::default() },
    });
    assert_eq!(r.rows[0].metrics.consult_buyers, 1);
}
