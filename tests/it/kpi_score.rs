//! Spec §8: KPI scoring. Expected numbers are worked out by hand in comments.
use kefu_lens::engine::kpi::{score, seed002_template, AgentActuals, KpiReport};
use kefu_lens::settings::{Direction, KpiItem, KpiTemplate};

const EPS: f64 = 1e-9;

fn agent(nick: &str, active_days: u64, m: &[(&str, Option<f64>)]) -> AgentActuals {
    AgentActuals {
        agent: nick.to_string(),
        active_days,
        metrics: m.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        ..Default::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < EPS
}

fn assert_vec(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w), "{got:?} vs {want:?}");
    }
}

fn item(metric: &str, per_day: bool, weight: f64, direction: Direction, targets: &[f64]) -> KpiItem {
    KpiItem::new(metric, per_day, weight, direction, targets)
}

fn row<'a>(r: &'a KpiReport, nick: &str) -> &'a kefu_lens::engine::kpi::KpiRow {
    r.rows.iter().find(|x| x.agent == nick).expect("row")
}

#[test]
fn seed003_default_template_hand_computed() {
    let t = KpiTemplate::seed003();
    let a = agent(
        "店:01",
        10,
        &[
            ("reception_buyers", Some(900.0)),     // 90/day vs 50/80/100 → 1, 1, 0.9
            ("reply_rate", Some(0.96)),            // vs .85/.95/.98 → 1, 1, 0.96/0.98
            ("paid_buyers_same_day", Some(300.0)), // 30/day vs 10/25/35 → 1, 1, 30/35
            ("sales_conversion", Some(0.33)),      // vs .20/.30/.35 → 1, 1, 0.33/0.35
            ("avg_response_secs", Some(40.0)),     // lower, 60/45/30 → 1, 1, 30/40 = 0.75
            ("avg_reception_secs", Some(4000.0)),  // lower, 7200/4800/3600 → 1, 1, 0.9
        ],
    );
    let r = score(&t, &[a]);
    let row = &r.rows[0];
    assert_eq!(row.items.len(), 6);
    assert_eq!(row.items[0].metric, "reception_buyers");
    assert_eq!(row.items[0].actual, Some(90.0));
    assert_vec(&row.items[0].attainment, &[1.0, 1.0, 0.9]);
    assert_vec(&row.items[1].attainment, &[1.0, 1.0, 0.96 / 0.98]);
    assert_eq!(row.items[2].actual, Some(30.0));
    assert_vec(&row.items[2].attainment, &[1.0, 1.0, 30.0 / 35.0]);
    assert_vec(&row.items[3].attainment, &[1.0, 1.0, 0.33 / 0.35]);
    assert_vec(&row.items[4].attainment, &[1.0, 1.0, 0.75]);
    assert_vec(&row.items[5].attainment, &[1.0, 1.0, 0.9]);
    // 资深: 15×0.9 + 10×0.979592 + 25×0.857143 + 25×0.942857 + 15×0.75 + 10×0.9
    //      = 13.5 + 9.795918 + 21.428571 + 23.571429 + 11.25 + 9 = 88.545918 (of 100)
    let top = 13.5 + 10.0 * 0.96 / 0.98 + 25.0 * 30.0 / 35.0 + 25.0 * 0.33 / 0.35 + 11.25 + 9.0;
    assert!(close(top, 88.545_918_367_346_94), "{top}");
    assert_vec(&row.scores, &[100.0, 100.0, top]);
    assert_eq!(row.tier.as_deref(), Some("中级"));
    assert_eq!(row.rank, 1);
    assert_eq!(row.active_days, 10);
}

#[test]
fn null_actuals_zero_seconds_and_zero_active_days() {
    let t = KpiTemplate::seed003();
    let b = agent(
        "店:02",
        0,
        &[
            ("reception_buyers", Some(900.0)),    // per day, 0 active days → None → 0
            ("paid_buyers_same_day", Some(30.0)), // same → 0
            ("reply_rate", None),                 // null → 0
            // sales_conversion missing → 0
            ("avg_response_secs", Some(0.0)),     // 0 s counts as met → 1, 1, 1
            ("avg_reception_secs", Some(3600.0)), // 7200/3600, 4800/3600, 3600/3600 → 1, 1, 1
        ],
    );
    let r = score(&t, &[b]);
    let row = &r.rows[0];
    assert_eq!(row.items[0].actual, None);
    assert_vec(&row.items[0].attainment, &[0.0, 0.0, 0.0]);
    assert_eq!(row.items[1].actual, None);
    assert_vec(&row.items[1].attainment, &[0.0, 0.0, 0.0]);
    assert_eq!(row.items[2].actual, None);
    assert_eq!(row.items[3].actual, None);
    assert_vec(&row.items[3].attainment, &[0.0, 0.0, 0.0]);
    assert_eq!(row.items[4].actual, Some(0.0));
    assert_vec(&row.items[4].attainment, &[1.0, 1.0, 1.0]);
    assert_vec(&row.items[5].attainment, &[1.0, 1.0, 1.0]);
    // (15 + 10) / 100 × 100 = 25 at every tier; no tier reached.
    assert_vec(&row.scores, &[25.0, 25.0, 25.0]);
    assert_eq!(row.tier, None);
}

#[test]
fn lower_direction_partial_and_higher_zero_target() {
    let t = KpiTemplate {
        name: "t".into(),
        tiers: vec!["A".into(), "B".into()],
        items: vec![
            // lower: actual 90 vs 60 → 60/90 = 2/3; vs 180 → 1
            item("avg_response_secs", false, 1.0, Direction::Lower, &[180.0, 60.0]),
            // higher with target 0 → always met; actual 0 vs 5 → 0
            item("x", false, 1.0, Direction::Higher, &[0.0, 5.0]),
        ],
    };
    let r = score(&t, &[agent("a", 1, &[("avg_response_secs", Some(90.0)), ("x", Some(0.0))])]);
    let row = &r.rows[0];
    assert_vec(&row.items[0].attainment, &[1.0, 2.0 / 3.0]);
    assert_vec(&row.items[1].attainment, &[1.0, 0.0]);
    // A: (1 + 1)/2 = 100; B: (2/3 + 0)/2 = 33.333…
    assert_vec(&row.scores, &[100.0, 100.0 / 3.0]);
    assert_eq!(row.tier.as_deref(), Some("A"));
}

#[test]
fn exact_ratio_meets_target() {
    // 19/20 = 0.95 must meet a 0.95 target; 0.1 + 0.2 (0.30000000000000004)
    // vs target 0.3 is met; 0.7 + 0.1 + 0.1 (0.8999999999999999) vs 0.9 is met.
    let t = KpiTemplate {
        name: "t".into(),
        tiers: vec!["A".into(), "B".into(), "C".into()],
        items: vec![item("r", false, 1.0, Direction::Higher, &[0.3, 0.9, 0.95])],
    };
    let r = score(&t, &[agent("a", 1, &[("r", Some(19.0 / 20.0))]), agent("b", 1, &[("r", Some(0.7 + 0.1 + 0.1))])]);
    assert_eq!(row(&r, "a").tier.as_deref(), Some("C"));
    assert_vec(&row(&r, "a").items[0].attainment, &[1.0, 1.0, 1.0]);
    assert_eq!(row(&r, "b").tier.as_deref(), Some("B"));
}

#[test]
fn tier_is_highest_fully_met_and_rank_uses_top_tier_score() {
    let t = KpiTemplate {
        name: "t".into(),
        tiers: vec!["初级".into(), "中级".into(), "资深".into()],
        items: vec![
            item("m1", false, 1.0, Direction::Higher, &[10.0, 20.0, 100.0]),
            item("m2", false, 1.0, Direction::Higher, &[10.0, 10.0, 10.0]),
        ],
    };
    // X: m1 90 → 1, 1, 0.9; m2 10 → 1, 1, 1 → scores 100, 100, 95; tier 中级.
    // Y: m1 100 → 1, 1, 1; m2 9.6 → 0.96 ×3 → scores 98, 98, 98; no tier.
    // Rank by 资深 score: Y (98) before X (95) although X has a tier.
    let r = score(
        &t,
        &[
            agent("X", 1, &[("m1", Some(90.0)), ("m2", Some(10.0))]),
            agent("Y", 1, &[("m1", Some(100.0)), ("m2", Some(9.6))]),
        ],
    );
    assert_eq!(r.rows[0].agent, "Y");
    assert_eq!(r.rows[0].rank, 1);
    assert_vec(&r.rows[0].scores, &[98.0, 98.0, 98.0]);
    assert_eq!(r.rows[0].tier, None);
    assert_eq!(r.rows[1].agent, "X");
    assert_eq!(r.rows[1].rank, 2);
    assert_vec(&r.rows[1].scores, &[100.0, 100.0, 95.0]);
    assert_eq!(r.rows[1].tier.as_deref(), Some("中级"));
}

#[test]
fn ties_ranked_by_nick() {
    let t = KpiTemplate::seed003();
    let m = [("reply_rate", Some(0.9)), ("avg_response_secs", Some(30.0))];
    // Three identical agents plus a better one given first.
    let best = agent("z:09", 5, &[("reply_rate", Some(0.99)), ("avg_response_secs", Some(30.0))]);
    let r = score(&t, &[agent("shop:03", 5, &m), best, agent("shop:01", 5, &m), agent("shop:02", 5, &m)]);
    let order: Vec<(&str, usize)> = r.rows.iter().map(|x| (x.agent.as_str(), x.rank)).collect();
    assert_eq!(order, vec![("z:09", 1), ("shop:01", 2), ("shop:02", 3), ("shop:03", 4)]);
    // shop:0x: reply 0.9/0.98 × 10 + response 1 × 15 = 9.183673 + 15 = 24.183673
    assert!(close(r.rows[1].scores[2], 10.0 * 0.9 / 0.98 + 15.0));
}

#[test]
fn fewer_targets_zero_weights_and_no_items() {
    let t = KpiTemplate {
        name: "t".into(),
        tiers: vec!["A".into(), "B".into(), "C".into()],
        items: vec![
            // Only one target: reused for B and C. 5 vs 10 → 0.5 everywhere.
            item("m", false, 2.0, Direction::Higher, &[10.0]),
            // No targets → 0 everywhere.
            item("n", false, 2.0, Direction::Higher, &[]),
        ],
    };
    let r = score(&t, &[agent("a", 1, &[("m", Some(5.0)), ("n", Some(5.0))])]);
    assert_vec(&r.rows[0].items[0].attainment, &[0.5, 0.5, 0.5]);
    assert_vec(&r.rows[0].items[1].attainment, &[0.0, 0.0, 0.0]);
    // (2×0.5 + 2×0) / 4 × 100 = 25
    assert_vec(&r.rows[0].scores, &[25.0, 25.0, 25.0]);

    let zero = KpiTemplate {
        name: "z".into(),
        tiers: vec!["A".into()],
        items: vec![item("m", false, 0.0, Direction::Higher, &[1.0])],
    };
    let r = score(&zero, &[agent("a", 1, &[("m", Some(5.0))])]);
    assert_vec(&r.rows[0].scores, &[0.0]);
    assert_eq!(r.rows[0].tier.as_deref(), Some("A"), "the only item is met");

    let none = KpiTemplate { name: "e".into(), tiers: vec!["A".into()], items: vec![] };
    let r = score(&none, &[agent("a", 1, &[])]);
    assert_vec(&r.rows[0].scores, &[0.0]);
    assert_eq!(r.rows[0].tier, None);
    assert!(score(&KpiTemplate::seed003(), &[]).rows.is_empty());
}

#[test]
fn seed002_manual_items() {
    let t = seed002_template();
    let total: f64 = t.items.iter().map(|i| i.weight).sum();
    let data: f64 = t.items.iter().filter(|i| !i.metric.starts_with("manual:")).map(|i| i.weight).sum();
    assert!(close(total, 100.0) && close(data, 65.0));
    let manual: Vec<(&str, f64)> =
        t.items.iter().filter(|i| i.metric.starts_with("manual:")).map(|i| (i.metric.as_str(), i.weight)).collect();
    assert_eq!(manual, vec![("manual:work_performance", 25.0), ("manual:execution", 10.0)]);

    let a = agent(
        "店:05",
        20,
        &[
            ("inquiry_conversion_final", Some(0.45)), // vs .30/.40/.50 → 1, 1, 0.9
            ("avg_response_secs", Some(25.0)),        // lower 45/30/20 → 1, 1, 0.8
            ("reception_buyers", Some(1400.0)),       // 70/day vs 40/60/80 → 1, 1, 0.875
            ("sales_amount", Some(120000.0)),         // 6000/day vs 3000/5000/8000 → 1, 1, 0.75
            ("manual:work_performance", Some(85.0)),  // vs 60/80/90 → 1, 1, 85/90
                                                      // manual:execution missing → 0
        ],
    );
    let r = score(&t, &[a]);
    let row = &r.rows[0];
    // 初级/中级: 25 + 15 + 10 + 15 + 25 + 0 = 90
    // 资深: 25×0.9 + 15×0.8 + 10×0.875 + 15×0.75 + 25×85/90 + 0
    //     = 22.5 + 12 + 8.75 + 11.25 + 23.611111 = 78.111111
    assert_vec(&row.scores, &[90.0, 90.0, 22.5 + 12.0 + 8.75 + 11.25 + 25.0 * 85.0 / 90.0]);
    assert_eq!(row.tier, None, "执行力 not entered → not met");
}

#[test]
fn report_json_shape() {
    let r = score(&KpiTemplate::seed003(), &[agent("店:01", 2, &[("reply_rate", Some(1.0))])]);
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let row = &v["rows"][0];
    assert_eq!(row["agent"], "店:01");
    assert_eq!(row["active_days"], 2);
    assert_eq!(row["rank"], 1);
    assert!(row["tier"].is_null());
    assert_eq!(row["scores"].as_array().unwrap().len(), 3);
    assert_eq!(row["items"][0]["metric"], "reception_buyers");
    assert!(row["items"][0]["actual"].is_null());
    assert_eq!(row["items"][1]["actual"], 1.0);
    assert_eq!(row["items"][1]["attainment"], serde_json::json!([1.0, 1.0, 1.0]));
    let back: KpiReport = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}
