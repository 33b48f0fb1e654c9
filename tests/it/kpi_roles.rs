//! Spec §8 with roles (issue 11 item 7): each agent is scored with the
//! template of its role; old settings with one `kpi` template still load and
//! score pre-sales agents; after-sales agents get the shipped after-sales
//! template (no sales items) unless `kpi_aftersales` is set. Expected scores
//! are worked out by hand in the comments.
use kefu_lens::engine::kpi::{score_role, AgentActuals};
use kefu_lens::settings::{KpiTemplate, Role, Settings};

const EPS: f64 = 1e-9;

fn agent(nick: &str, role: Role, active_days: u64, m: &[(&str, f64)]) -> AgentActuals {
    AgentActuals {
        agent: nick.to_string(),
        role,
        active_days,
        metrics: m.iter().map(|(k, v)| (k.to_string(), Some(*v))).collect(),
    }
}

fn close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < EPS, "{got:?} vs {want:?}");
    }
}

/// Settings as written before templates had roles: one `kpi` template.
const OLD_SETTINGS: &str = r#"{"kpi": {"name": "旧模板", "tiers": ["一", "二"], "items": [
    {"metric": "sales_conversion", "weight": 3, "direction": "higher", "targets": [0.2, 0.4]},
    {"metric": "avg_response_secs", "weight": 1, "direction": "lower", "targets": [60, 30]}]},
  "accounts": [{"nick": "店:售后", "role": "aftersales"}]}"#;

fn team() -> Vec<AgentActuals> {
    vec![
        agent("店:售前", Role::Presales, 5, &[("sales_conversion", 0.3), ("avg_response_secs", 40.0)]),
        agent(
            "店:售后",
            Role::Aftersales,
            5,
            &[
                ("reception_buyers", 200.0),
                ("reply_rate", 0.96),
                ("response_rate_3min", 0.9),
                ("avg_response_secs", 50.0),
                ("first_contact_resolution", 0.75),
                ("satisfaction_rate", 0.97),
                ("sales_conversion", 0.5),
                ("sales_amount", 9000.0),
            ],
        ),
    ]
}

#[test]
fn old_single_template_settings_still_load_and_score_presales() {
    let s = Settings::from_json(OLD_SETTINGS).expect("old settings load");
    assert_eq!(s.kpi_for(Role::Presales).name, "旧模板");
    assert_eq!(s.kpi_for(Role::Aftersales), KpiTemplate::aftersales());
    // Written back unchanged: no after-sales template appears by itself.
    assert!(!s.to_json().contains("kpi_aftersales"));

    let r = score_role(&s, Role::Presales, &team());
    assert_eq!(r.role, Some(Role::Presales));
    assert_eq!(r.template.as_ref().map(|t| t.name.as_str()), Some("旧模板"));
    assert_eq!(r.rows.len(), 1, "only the pre-sales agent");
    let row = &r.rows[0];
    assert_eq!(row.agent, "店:售前");
    // 一: conversion 0.3/0.2 → 1; response 60/40 → 1 → 100.
    // 二: conversion 0.3/0.4 = 0.75; response 30/40 = 0.75 → 100×(3×0.75 + 1×0.75)/4 = 75.
    close(&row.scores, &[100.0, 75.0]);
    assert_eq!(row.tier.as_deref(), Some("一"));
    assert_eq!(row.rank, 1);
}

#[test]
fn aftersales_agents_get_the_aftersales_template_without_sales_items() {
    let s = Settings::from_json(OLD_SETTINGS).unwrap();
    let r = score_role(&s, Role::Aftersales, &team());
    assert_eq!(r.rows.len(), 1, "only the after-sales agent");
    let row = &r.rows[0];
    assert_eq!(row.agent, "店:售后");
    let metrics: Vec<&str> = row.items.iter().map(|i| i.metric.as_str()).collect();
    assert_eq!(
        metrics,
        [
            "reception_buyers",
            "reply_rate",
            "response_rate_3min",
            "avg_response_secs",
            "first_contact_resolution",
            "satisfaction_rate"
        ]
    );
    // 接待 200 / 5 days = 40 per day vs 30/50/70 → 1, 0.8, 40/70.
    assert_eq!(row.items[0].actual, Some(40.0));
    close(&row.items[0].attainment, &[1.0, 0.8, 40.0 / 70.0]);
    // 平均响应 50 s, lower, 60/45/30 → 1, 0.9, 0.6.
    close(&row.items[3].attainment, &[1.0, 0.9, 0.6]);
    // 首次解决率 0.75 vs .70/.80/.90 → 1, 0.9375, 0.75/0.9.
    close(&row.items[4].attainment, &[1.0, 0.9375, 0.75 / 0.9]);
    // Weights 15, 15, 20, 15, 20, 15 (Σ 100).
    // 初级: all met → 100.
    // 中级: 15×0.8 + 15×1 + 20×1 + 15×0.9 + 20×0.9375 + 15×1 = 12 + 15 + 20 + 13.5 + 18.75 + 15 = 94.25.
    // 资深: 15×40/70 + 15×0.96/0.98 + 20×0.9/0.95 + 15×0.6 + 20×0.75/0.9 + 15×0.97/0.98
    //     = 8.571429 + 14.693878 + 18.947368 + 9 + 16.666667 + 14.846939 = 82.726280.
    let top =
        15.0 * 40.0 / 70.0 + 15.0 * 0.96 / 0.98 + 20.0 * 0.9 / 0.95 + 9.0 + 20.0 * 0.75 / 0.9 + 15.0 * 0.97 / 0.98;
    assert!((top - 82.726_280_f64).abs() < 1e-6, "{top}");
    close(&row.scores, &[100.0, 94.25, top]);
    assert_eq!(row.tier.as_deref(), Some("初级"));
}

#[test]
fn a_saved_aftersales_template_is_used_and_written_back() {
    let mut s = Settings::from_json(OLD_SETTINGS).unwrap();
    let mut mine = KpiTemplate::aftersales();
    mine.name = "售后二组".into();
    mine.items.truncate(1); // reception per day only: 40 vs 30/50/70
    s.set_kpi_for(Role::Aftersales, mine);
    let back = Settings::from_json(&s.to_json()).unwrap();
    assert_eq!(back.kpi_for(Role::Aftersales).name, "售后二组");
    assert_eq!(back.kpi_for(Role::Presales).name, "旧模板", "the pre-sales template is untouched");
    let r = score_role(&back, Role::Aftersales, &team());
    close(&r.rows[0].scores, &[100.0, 80.0, 100.0 * 40.0 / 70.0]);
}

#[test]
fn every_shipped_item_has_a_label_in_both_languages() {
    for t in [KpiTemplate::seed003(), KpiTemplate::seed002(), KpiTemplate::aftersales()] {
        for it in &t.items {
            assert!(!it.label_zh.is_empty() && !it.label_en.is_empty(), "{} {}", t.name, it.metric);
            assert_ne!(it.label_zh, "指标", "{}", it.metric);
        }
    }
    let s2 = KpiTemplate::seed002();
    let manual: Vec<(&str, &str)> = s2
        .items
        .iter()
        .filter(|i| i.metric.starts_with("manual:"))
        .map(|i| (i.label(true).unwrap(), i.label(false).unwrap()))
        .collect();
    assert_eq!(
        manual,
        [
            ("工作表现（主管评分）", "Work performance (manager-scored)"),
            ("执行力（主管评分）", "Execution (manager-scored)")
        ]
    );
    // A template saved without labels still loads; the UI then names the metric.
    let t: KpiTemplate = serde_json::from_str(r#"{"items": [{"metric": "reply_rate", "targets": [0.9]}]}"#).unwrap();
    assert_eq!(t.items[0].label(true), None);
    // No sales items in the after-sales template.
    assert!(KpiTemplate::aftersales()
        .items
        .iter()
        .all(|i| !i.metric.starts_with("sales") && !i.metric.contains("conversion")));
}
