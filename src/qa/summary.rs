//! Per agent over a score book (issue 15 item 1): how many
//! conversation-days were sampled and scored, the average score and the
//! items that lose the most points; and the averages a KPI item
//! `qa:<template>` reads.
//!
//! - Only sheets (and sampled keys) whose day is in the filter's period
//!   count, of the filter's agents, team and role (from the account list);
//!   a book row carries no shop, so the shop filter does not apply.
//! - A sheet's score is its total as a percentage of its template's
//!   maximum (the templates of the settings now); the average is the mean
//!   of its sheets' scores, each sheet weighing the same.
//! - An item's share is the mean over the agent's sheets of that template
//!   of points given / item points; items are listed worst (lowest share)
//!   first, ties in template order.
//! - A sheet that no longer fits its template (the template or an item
//!   was removed, or its points lowered below what was given) is left out
//!   and counted in `skipped`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{QaKey, ScoreBook};
use crate::engine::Filter;
use crate::model::parse_day;
use crate::settings::Settings;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QaSummary {
    /// Agents with a sampled or scored conversation-day, by nick.
    pub agents: Vec<AgentQa>,
    /// Sheets in the period left out because they no longer fit their template.
    pub skipped: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentQa {
    pub agent: String,
    /// The name from the account list, else the nick.
    pub agent_label: String,
    /// Conversation-days of the sample given.
    pub sampled: u64,
    /// Score sheets in the book.
    pub scored: u64,
    /// Mean score, percent of the template's maximum (0–100); None
    /// without a sheet.
    pub average: Option<f64>,
    /// The same per template id (what a KPI item `qa:<id>` reads).
    pub by_template: BTreeMap<String, f64>,
    /// Every item scored, worst first.
    pub items: Vec<ItemShare>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemShare {
    pub template: String,
    pub item: String,
    /// Mean points given / item points (0–1).
    pub share: f64,
    /// Sheets it is the mean of.
    pub sheets: u64,
}

/// Does a key's day and agent pass the filter (shops aside)?
fn in_filter(key: &QaKey, f: &Filter, settings: &Settings, span: (i32, i32)) -> bool {
    let Some(day) = parse_day(&key.day) else { return false };
    let account = settings.account(&key.agent);
    day >= span.0
        && day <= span.1
        && (f.agents.is_empty() || f.agents.iter().any(|a| a == &key.agent))
        && (f.team.is_empty() || account.is_some_and(|a| a.team.starts_with(&f.team)))
        && f.role.is_none_or(|r| r == settings.role_of(&key.agent))
}

/// The per-agent summary of `book` (and of `sampled`, the keys of the
/// sample under review) in `filter`, with the templates of `settings`.
pub fn summarize(book: &ScoreBook, sampled: &[QaKey], filter: &Filter, settings: &Settings) -> QaSummary {
    let span = (
        filter.from.as_deref().and_then(parse_day).unwrap_or(i32::MIN),
        filter.to.as_deref().and_then(parse_day).unwrap_or(i32::MAX),
    );
    #[derive(Default)]
    struct Acc {
        sampled: u64,
        scores: Vec<(String, f64)>,
        /// (template position, item position) → (template id, item id, Σ share, sheets)
        items: BTreeMap<(usize, usize), (String, String, f64, u64)>,
    }
    let mut by_agent: BTreeMap<String, Acc> = BTreeMap::new();
    let mut skipped = 0;
    let mut seen: Vec<&QaKey> = sampled.iter().filter(|k| in_filter(k, filter, settings, span)).collect();
    seen.sort();
    seen.dedup();
    for k in seen {
        by_agent.entry(k.agent.clone()).or_default().sampled += 1;
    }
    for s in book.sheets.iter().filter(|s| in_filter(&s.key, filter, settings, span)) {
        let found = settings.qa.templates.iter().enumerate().find(|(_, t)| t.id == s.template);
        let Some((tp, t)) = found.filter(|(_, t)| s.check(&settings.qa).is_ok() && t.max_points() > 0) else {
            skipped += 1;
            continue;
        };
        let acc = by_agent.entry(s.key.agent.clone()).or_default();
        let total: u32 = s.items.values().map(|x| x.points).sum();
        acc.scores.push((t.id.clone(), 100.0 * f64::from(total) / f64::from(t.max_points())));
        for (ip, item) in t.items.iter().enumerate() {
            let given = s.items.get(&item.id).map_or(0, |x| x.points);
            let e = acc.items.entry((tp, ip)).or_insert_with(|| (t.id.clone(), item.id.clone(), 0.0, 0));
            e.2 += f64::from(given) / f64::from(item.points);
            e.3 += 1;
        }
    }
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let agents = by_agent
        .into_iter()
        .map(|(agent, acc)| {
            let mut by_template: BTreeMap<String, Vec<f64>> = BTreeMap::new();
            for (t, v) in &acc.scores {
                by_template.entry(t.clone()).or_default().push(*v);
            }
            let mut items: Vec<ItemShare> = acc
                .items
                .into_values()
                .map(|(template, item, sum, n)| ItemShare { template, item, share: sum / n as f64, sheets: n })
                .collect();
            // stable: ties keep template, then item order
            items.sort_by(|a, b| a.share.total_cmp(&b.share));
            let label = settings.account(&agent).map(|a| a.name.trim()).filter(|n| !n.is_empty()).unwrap_or(&agent);
            AgentQa {
                agent_label: label.to_string(),
                sampled: acc.sampled,
                scored: acc.scores.len() as u64,
                average: mean(&acc.scores.iter().map(|s| s.1).collect::<Vec<_>>()),
                by_template: by_template.into_iter().filter_map(|(t, v)| Some((t, mean(&v)?))).collect(),
                items,
                agent,
            }
        })
        .collect();
    QaSummary { agents, skipped }
}

impl QaSummary {
    /// The KPI's QA actuals: agent → `qa:<template>` → average score
    /// (0–100), joined to the agents' actuals like typed manual scores.
    pub fn kpi_scores(&self) -> BTreeMap<String, BTreeMap<String, f64>> {
        self.agents
            .iter()
            .map(|a| {
                let m = a
                    .by_template
                    .iter()
                    .map(|(t, v)| (format!("{}{t}", crate::settings::kpi::QA_PREFIX), *v))
                    .collect();
                (a.agent.clone(), m)
            })
            .collect()
    }
}
