//! `kefu kpi` plumbing: template files, manual scores, output.
#![cfg(not(target_arch = "wasm32"))]
use kefu_lens::cli::kpi::{merge_manual, parse_template, run_kpi_with, KpiArgs};
use kefu_lens::engine::kpi::AgentActuals;
use kefu_lens::settings::{Direction, KpiTemplate};
use std::path::PathBuf;

fn tmp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kefu_kpi_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const TEMPLATE: &str = r#"{"name": "mine", "tiers": ["一", "二"], "items": [
    {"metric": "reception_buyers", "per_day": true, "weight": 1, "direction": "higher", "targets": [5, 10]},
    {"metric": "avg_response_secs", "weight": 1, "direction": "lower", "targets": [60, 30]}]}"#;

fn actuals() -> Vec<AgentActuals> {
    vec![AgentActuals {
        agent: "店:01".into(),
        active_days: 4,
        metrics: [("reception_buyers".to_string(), Some(32.0)), ("avg_response_secs".to_string(), Some(40.0))]
            .into_iter()
            .collect(),
        ..Default::default()
    }]
}

#[test]
fn parses_bare_template_and_settings_with_kpi() {
    let t = parse_template(TEMPLATE).unwrap();
    assert_eq!(t.tiers, vec!["一", "二"]);
    assert_eq!(t.items[1].direction, Direction::Lower);
    assert!(!t.items[1].per_day);
    let s = parse_template(&format!(r#"{{"response_threshold_secs": 60, "kpi": {TEMPLATE}}}"#)).unwrap();
    assert_eq!(s, t);
    assert!(parse_template(r#"{"response_threshold_secs": 60}"#).is_err());
    assert!(parse_template("[1]").is_err());
    assert!(parse_template("{").is_err());
}

#[test]
fn run_with_template_file() {
    let args = KpiArgs { template: Some(tmp("t.json", TEMPLATE)), ..Default::default() };
    let out = run_kpi_with(&args, |_| actuals()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &v["rows"][0];
    // reception 32 / 4 days = 8/day vs 5, 10 → 1, 0.8; response 40 s vs 60, 30 → 1, 0.75
    assert_eq!(row["items"][0]["actual"], 8.0);
    assert_eq!(row["items"][0]["attainment"], serde_json::json!([1.0, 0.8]));
    assert_eq!(row["items"][1]["attainment"], serde_json::json!([1.0, 0.75]));
    // 二: (0.8 + 0.75)/2 × 100 = 77.5
    assert_eq!(row["scores"], serde_json::json!([100.0, 77.5]));
    assert_eq!(row["tier"], "一");
    assert_eq!(row["rank"], 1);
}

#[test]
fn config_kpi_used_without_template_and_default_otherwise() {
    let cfg = tmp("cfg.json", &format!(r#"{{"kpi": {TEMPLATE}}}"#));
    let args =
        KpiArgs { input: kefu_lens::cli::InputArgs { config: Some(cfg), ..Default::default() }, ..Default::default() };
    let v: serde_json::Value = serde_json::from_str(&run_kpi_with(&args, |_| actuals()).unwrap()).unwrap();
    assert_eq!(v["rows"][0]["items"].as_array().unwrap().len(), 2);

    let v: serde_json::Value =
        serde_json::from_str(&run_kpi_with(&KpiArgs::default(), |_| actuals()).unwrap()).unwrap();
    let n = KpiTemplate::seed003().items.len();
    assert_eq!(v["rows"][0]["items"].as_array().unwrap().len(), n);

    let bad = KpiArgs { template: Some(tmp("empty.json", "{}")), ..Default::default() };
    assert!(run_kpi_with(&bad, |_| actuals()).is_err());
}

#[test]
fn manual_scores_merge() {
    let mut a = actuals();
    merge_manual(
        &mut a,
        r#"{"店:01": {"manual:work_performance": 85, "manual:execution": null}, "other": {"manual:execution": 1}}"#,
    )
    .unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].metrics.get("manual:work_performance"), Some(&Some(85.0)));
    assert_eq!(a[0].metrics.get("manual:execution"), Some(&None));
    assert!(merge_manual(&mut a, "[]").is_err());
}

#[test]
fn role_scores_that_roles_agents_with_its_template() {
    use kefu_lens::settings::Role;
    let mut two = actuals();
    two.push(AgentActuals { agent: "店:售后".into(), role: Role::Aftersales, active_days: 2, ..Default::default() });
    // --role aftersales without a template: the shipped after-sales template,
    // only the after-sales agent (no actuals → every attainment 0, score 0).
    let args = KpiArgs { role: Some(Role::Aftersales), ..Default::default() };
    let v: serde_json::Value = serde_json::from_str(&run_kpi_with(&args, |_| two.clone()).unwrap()).unwrap();
    assert_eq!(v["role"], "aftersales");
    assert_eq!(v["template"]["name"], KpiTemplate::aftersales().name);
    assert_eq!(v["rows"].as_array().unwrap().len(), 1);
    assert_eq!(v["rows"][0]["agent"], "店:售后");
    assert_eq!(v["rows"][0]["scores"], serde_json::json!([0.0, 0.0, 0.0]));
    // --role presales with --template: the pre-sales agent with that template (77.5 as above).
    let args = KpiArgs { role: Some(Role::Presales), template: Some(tmp("t2.json", TEMPLATE)), ..Default::default() };
    let v: serde_json::Value = serde_json::from_str(&run_kpi_with(&args, |_| two.clone()).unwrap()).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 1);
    assert_eq!(v["rows"][0]["agent"], "店:01");
    assert_eq!(v["rows"][0]["scores"], serde_json::json!([100.0, 77.5]));
}
