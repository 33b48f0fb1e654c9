//! KPI scoring (spec §8).
//!
//! For each agent and template item:
//! - actual = `metrics[item.metric]` (None when missing, null or not finite);
//!   for a `per_day` item, actual / active_days (None when active_days = 0).
//! - attainment per tier target: higher → min(1, actual/target);
//!   lower → min(1, target/actual), an actual ≤ 0 s counting as met (1);
//!   actual None → 0. A higher-direction target ≤ 0 is met by any actual.
//! - score per tier = 100 × Σ weight×attainment / Σ weight (0 if Σ weight = 0).
//! - tier = the highest tier whose every item has attainment 1, else None.
//! - rank = by the top (last) tier's score descending, ties by agent nick
//!   ascending; 1-based; rows are returned in rank order.
//!
//! Decisions where the spec is silent:
//! - Attainments are clamped to [0, 1]; a ratio within 1e-9 of 1 counts as 1
//!   (so 0.95 computed as 19/20 meets a 0.95 target despite rounding).
//! - Negative weights count as 0.
//! - An item with fewer targets than tiers reuses its last target for the
//!   higher tiers; an item with no targets has attainment 0 everywhere.
//! - The number of tiers is `template.tiers.len()`; if that list is empty,
//!   the longest target list decides and tiers are named "1", "2", ….
//! - A template with no items reaches no tier (and scores 0).
//! - Ties get distinct consecutive ranks (ordered by nick), not shared ranks.
//!
//! Roles: each agent is scored with the template of its role
//! (`Settings::kpi_for`); [`score_role`] scores the agents of one role and
//! says which role and template it used, so a table never mixes templates.
//!
//! Manual items (seed 002's 工作表现 / 执行力): an item whose metric starts
//! with `manual:` (e.g. `manual:work_performance`) is scored exactly like any
//! other item; its actual is read from `AgentActuals.metrics` under the same
//! key — a manager-entered score 0–100 put there by the caller. Missing →
//! attainment 0.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::settings::kpi::seed002_template;
use crate::settings::{Direction, KpiItem, KpiTemplate, Role, Settings};

/// Prefix of metric keys that hold manager-entered scores.
pub const MANUAL_PREFIX: &str = "manual:";

/// Period actuals of one agent: every spec metric key → value (None = empty
/// denominator), plus its active days (days with ≥1 human message).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AgentActuals {
    pub agent: String,
    /// The agent's role (from the account list; pre-sales when unlisted).
    #[serde(default)]
    pub role: Role,
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
    /// The role scored ([`score_role`]); None when every agent was scored
    /// with one template ([`score`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The template that gave these scores ([`score_role`]), so whoever
    /// shows the rows labels them with the same items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<KpiTemplate>,
}

const MET_EPS: f64 = 1e-9;

/// Number of tiers and their names for a template.
pub fn tier_names(template: &KpiTemplate) -> Vec<String> {
    if !template.tiers.is_empty() {
        return template.tiers.clone();
    }
    let n = template.items.iter().map(|i| i.targets.len()).max().unwrap_or(0);
    (1..=n).map(|i| i.to_string()).collect()
}

/// The actual of one item for one agent (per-day applied).
pub fn item_actual(item: &KpiItem, agent: &AgentActuals) -> Option<f64> {
    let v = agent.metrics.get(&item.metric).copied().flatten().filter(|v| v.is_finite())?;
    if item.per_day {
        if agent.active_days == 0 {
            None
        } else {
            Some(v / agent.active_days as f64)
        }
    } else {
        Some(v)
    }
}

/// Attainment (0..=1) of an actual against one target.
pub fn attainment(direction: Direction, actual: Option<f64>, target: f64) -> f64 {
    let Some(a) = actual else { return 0.0 };
    let ratio = match direction {
        Direction::Higher => {
            if target <= 0.0 {
                return 1.0;
            }
            a / target
        }
        Direction::Lower => {
            if a <= 0.0 {
                return 1.0;
            }
            target / a
        }
    };
    if !ratio.is_finite() {
        return 0.0;
    }
    if ratio >= 1.0 - MET_EPS {
        1.0
    } else {
        ratio.max(0.0)
    }
}

fn item_result(item: &KpiItem, agent: &AgentActuals, n_tiers: usize) -> KpiItemResult {
    let actual = item_actual(item, agent);
    let attainment = (0..n_tiers)
        .map(|t| match item.targets.get(t).or(item.targets.last()) {
            Some(&target) => attainment(item.direction, actual, target),
            None => 0.0,
        })
        .collect();
    KpiItemResult { metric: item.metric.clone(), actual, attainment }
}

pub fn score(template: &KpiTemplate, agents: &[AgentActuals]) -> KpiReport {
    let names = tier_names(template);
    let n = names.len();
    let weights: Vec<f64> =
        template.items.iter().map(|i| if i.weight.is_finite() && i.weight > 0.0 { i.weight } else { 0.0 }).collect();
    let total_w: f64 = weights.iter().sum();

    let mut rows: Vec<KpiRow> = agents
        .iter()
        .map(|a| {
            let items: Vec<KpiItemResult> = template.items.iter().map(|it| item_result(it, a, n)).collect();
            let scores: Vec<f64> = (0..n)
                .map(|t| {
                    if total_w <= 0.0 {
                        0.0
                    } else {
                        100.0 * items.iter().zip(&weights).map(|(r, w)| w * r.attainment[t]).sum::<f64>() / total_w
                    }
                })
                .collect();
            let tier = if items.is_empty() {
                None
            } else {
                (0..n).rev().find(|&t| items.iter().all(|r| r.attainment[t] >= 1.0)).map(|t| names[t].clone())
            };
            KpiRow { agent: a.agent.clone(), active_days: a.active_days, items, scores, tier, rank: 0 }
        })
        .collect();

    rows.sort_by(|x, y| {
        let sx = x.scores.last().copied().unwrap_or(0.0);
        let sy = y.scores.last().copied().unwrap_or(0.0);
        sy.total_cmp(&sx).then_with(|| x.agent.cmp(&y.agent))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    KpiReport { rows, role: None, template: None }
}

/// The agents of `role`, each scored with that role's template
/// (`settings.kpi_for(role)`), ranked among themselves.
pub fn score_role(settings: &Settings, role: Role, agents: &[AgentActuals]) -> KpiReport {
    let template = settings.kpi_for(role);
    let mine: Vec<AgentActuals> = agents.iter().filter(|a| a.role == role).cloned().collect();
    KpiReport { role: Some(role), template: Some(template.clone()), ..score(&template, &mine) }
}

impl KpiReport {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("kpi report serialises")
    }
}
