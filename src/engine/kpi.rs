//! KPI scoring (spec §8). OWNER: categories/KPI helper.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::settings::KpiTemplate;

/// Period actuals of one agent: every spec metric key → value (None = empty
/// denominator), plus its active days (days with ≥1 human message).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AgentActuals {
    pub agent: String,
    pub active_days: u64,
    pub metrics: BTreeMap<String, Option<f64>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KpiItemResult {
    pub metric: String,
    pub actual: Option<f64>,
    pub attainment: Vec<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KpiRow {
    pub agent: String,
    pub active_days: u64,
    pub items: Vec<KpiItemResult>,
    pub scores: Vec<f64>,
    pub tier: Option<String>,
    pub rank: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KpiReport {
    pub rows: Vec<KpiRow>,
}

pub fn score(template: &KpiTemplate, agents: &[AgentActuals]) -> KpiReport {
    let _ = (template, agents);
    KpiReport::default()
}
