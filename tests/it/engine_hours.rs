//! `Engine::hours` (the 时段 view in one query) against hand-counted values
//! and against the three reports it replaces.

use crate::support::engine::*;
use kefu_lens::demo::{self, DemoParams};
use kefu_lens::engine::{Dim, Engine, Filter, Query};
use kefu_lens::model::Dataset;

#[test]
fn hand_counted_cells_rows_and_staff() {
    let mut b = B::new();
    // 2024-06-03 is a Monday (weekday 0), 2024-06-08 a Saturday (5).
    // b1 asks two staff accounts within hour 10: one buyer-day, two staff.
    b.b("店:a", "b1", "2024-06-03 10:05:00", "在吗").a("店:a", "b1", "2024-06-03 10:06:00", "在的");
    b.b("店:b", "b1", "2024-06-03 10:30:00", "还在吗").a("店:b", "b1", "2024-06-03 10:31:00", "在");
    // b2 at 14:00 gets only an automatic reply: consulted, no staff online.
    b.b("店:a", "b2", "2024-06-03 14:00:00", "有货吗").a("店:a", "b2", "2024-06-03 14:00:05", "[自动回复]您好");
    // b3 on Saturday, hour 10, answered by 店:b (already counted for hour 10).
    b.b("店:b", "b3", "2024-06-08 10:10:00", "发货了吗").a("店:b", "b3", "2024-06-08 10:12:00", "发了");
    let e = Engine::new(&b.ds, &lunch_settings());
    let h = e.hours(&Filter::default());

    let mut want = vec![vec![0u64; 24]; 7];
    want[0][10] = 1;
    want[0][14] = 1;
    want[5][10] = 1;
    assert_eq!(h.heat, want);
    let mut staff = vec![0u64; 24];
    staff[10] = 2;
    assert_eq!(h.staff_online, staff);
    let hours: Vec<&str> = h.rows.iter().map(|r| r.key["hour"].as_str()).collect();
    assert_eq!(hours, ["10", "14"]);
    assert_eq!(h.rows[0].metrics.consult_buyers, 2);
    assert_eq!(h.rows[0].metrics.agent_messages, 3);
    assert_eq!(h.rows[1].metrics.consult_buyers, 1);
    assert_eq!(h.rows[1].metrics.agent_messages, 0);

    // Filtering to 店:a leaves its two conversation-days.
    let f = Filter { agents: vec!["店:a".into()], ..Default::default() };
    let h = e.hours(&f);
    assert_eq!(h.heat[0][10], 1);
    assert_eq!(h.heat[5][10], 0);
    assert_eq!(h.staff_online[10], 1);
    assert_eq!(h.rows.len(), 2);
}

/// The heatmap, rows and staff-online figures the hours view used to build
/// from three reports.
fn from_reports(e: &Engine, filter: &Filter) -> (Vec<Vec<u64>>, Vec<kefu_lens::engine::Row>, Vec<u64>) {
    let q = |by: Vec<Dim>| e.report(&Query { rules: vec![], by, filter: filter.clone() }).rows;
    let mut heat = vec![vec![0u64; 24]; 7];
    for r in q(vec![Dim::Weekday, Dim::Hour]) {
        let wd: usize = r.key["weekday"].parse().unwrap();
        let h: usize = r.key["hour"].parse().unwrap();
        heat[wd][h] = r.metrics.consult_buyers;
    }
    let mut staff = vec![0u64; 24];
    for r in q(vec![Dim::Hour, Dim::Agent]) {
        if r.metrics.agent_messages > 0 {
            staff[r.key["hour"].parse::<usize>().unwrap()] += 1;
        }
    }
    (heat, q(vec![Dim::Hour]), staff)
}

#[test]
fn same_numbers_as_the_three_reports_on_demo_data() {
    let p = DemoParams { messages: 40_000, days: 14, ..Default::default() };
    let mut ds = Dataset::default();
    for f in demo::generate_files(&p) {
        if f.name.starts_with("样例_") || f.name.ends_with(".json") {
            continue;
        }
        kefu_lens::import::import_bytes(&mut ds, &f.name, f.bytes, None);
    }
    let e = Engine::prepare(&mut ds, &demo::demo_settings(&p));
    let agents = e.agents();
    assert!(agents.len() > 2);
    let filters = [
        Filter::default(),
        Filter { from: Some("2024-06-03".into()), to: Some("2024-06-09".into()), ..Default::default() },
        Filter { agents: vec![agents[1].clone()], ..Default::default() },
        Filter {
            from: Some("2024-06-05".into()),
            to: Some("2024-06-05".into()),
            agents: vec![agents[0].clone()],
            ..Default::default()
        },
        // Nothing in range.
        Filter { from: Some("2030-01-01".into()), to: Some("2030-01-02".into()), ..Default::default() },
    ];
    for f in &filters {
        let h = e.hours(f);
        let (heat, rows, staff) = from_reports(&e, f);
        assert_eq!(h.heat, heat, "heatmap for {f:?}");
        assert_eq!(h.rows, rows, "per-hour rows for {f:?}");
        assert_eq!(h.staff_online, staff, "staff online for {f:?}");
    }
    // The data set is not degenerate: several hours, weekdays and staff.
    let all = e.hours(&Filter::default());
    assert!(all.rows.len() > 8);
    assert!(all.heat.iter().filter(|r| r.iter().any(|&v| v > 0)).count() == 7);
    assert!(all.staff_online.iter().any(|&n| n > 1));
}
