//! `kefu kpi`.
//!
//! Imports the given files, builds the engine and prints the KPI report of
//! spec §8: `{"rows": [{"agent", "active_days", "items": [{"metric",
//! "actual", "attainment"}], "scores", "tier", "rank"}]}`.
//!
//! Template precedence: `--template` file, else `kpi` in the `--config`
//! settings, else the spec §8 default (seed 003). With `--role`, only that
//! role's agents are scored, with `--template` or else the role's template
//! (`kpi` / `kpi_aftersales`, `Settings::kpi_for`); the JSON then also says
//! `role` and `template`.

use std::path::{Path, PathBuf};

use crate::engine::kpi::{score, AgentActuals};
use crate::engine::Filter;
use crate::partition::PartitionedEngine;

use crate::settings::{KpiTemplate, Role};

#[derive(clap::Args, Debug, Clone, Default)]
pub struct KpiArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// A KPI template JSON, or a settings JSON containing "kpi".
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Manager-entered manual scores: JSON object agent → {metric → value},
    /// e.g. {"店铺:01": {"manual:work_performance": 85}}. Merged into the
    /// agents' actuals (agents missing from the data are not added).
    #[arg(long)]
    pub manual: Option<PathBuf>,
    /// A QA score book (JSON or XLSX, issue 15 item 1): items whose metric
    /// is `qa:<template>` take each agent's average score in it.
    #[arg(long)]
    pub qa_scores: Option<PathBuf>,
    /// Score only the agents of this role (`presales` or `aftersales`).
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
}

fn parse_role(s: &str) -> Result<Role, String> {
    match s {
        "presales" => Ok(Role::Presales),
        "aftersales" => Ok(Role::Aftersales),
        _ => Err(format!("--role: expected presales or aftersales, got {s:?}")),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_str(path: &Path) -> Result<String, String> {
    String::from_utf8(read(path)?).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))
}

/// Parse a template file: a bare KpiTemplate JSON, or a settings JSON with a
/// `kpi` field. A settings JSON without `kpi` is an error (it would silently
/// fall back to the default, which is not what `--template` asked for).
pub fn parse_template(text: &str) -> Result<KpiTemplate, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("template: bad JSON: {e}"))?;
    let obj = v.as_object().ok_or("template: expected a JSON object")?;
    if let Some(k) = obj.get("kpi") {
        return serde_json::from_value(k.clone()).map_err(|e| format!("template: bad \"kpi\": {e}"));
    }
    if obj.contains_key("items") || obj.contains_key("tiers") {
        return serde_json::from_value(v).map_err(|e| format!("template: {e}"));
    }
    Err("template: neither a KPI template (\"items\") nor settings with \"kpi\"".to_string())
}

/// Merge manual scores (agent → metric → value) into the actuals.
pub fn merge_manual(actuals: &mut [AgentActuals], text: &str) -> Result<(), String> {
    let m: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Option<f64>>> =
        serde_json::from_str(text).map_err(|e| format!("manual scores: {e}"))?;
    for a in actuals.iter_mut() {
        if let Some(scores) = m.get(&a.agent) {
            for (k, v) in scores {
                a.metrics.insert(k.clone(), *v);
            }
        }
    }
    Ok(())
}

/// Run with the engine's actuals supplied by `actuals`.
pub fn run_kpi_with(
    args: &KpiArgs,
    actuals: impl Fn(&PartitionedEngine) -> Vec<AgentActuals>,
) -> Result<super::Output, String> {
    let settings = args.input.settings()?;
    let template = match &args.template {
        Some(p) => parse_template(&read_str(p)?).map_err(|e| format!("{}: {e}", p.display()))?,
        None => settings.kpi_for(args.role.unwrap_or_default()),
    };
    let mut ds = args.input.dataset()?;
    let engine = args.input.engine(&mut ds, &settings);
    let mut acts = actuals(&engine);
    if let Some(p) = &args.manual {
        merge_manual(&mut acts, &read_str(p)?)?;
    }
    if let Some(p) = &args.qa_scores {
        let book = super::qa::read_book(p, &settings)?;
        let qa = crate::qa::summary::summarize(&book, &[], &Filter::default(), &settings).kpi_scores();
        for a in acts.iter_mut() {
            for (k, v) in qa.get(&a.agent).into_iter().flatten() {
                a.metrics.insert(k.clone(), Some(*v));
            }
        }
    }
    let report = match args.role {
        Some(role) => {
            let mut with_template = settings.clone();
            with_template.set_kpi_for(role, template);
            crate::engine::kpi::score_role(&with_template, role, &acts)
        }
        None => score(&template, &acts),
    };
    // The scores, and every file's report (`diagnostics`, as `kefu report`).
    let mut v = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    v["diagnostics"] = serde_json::to_value(&ds.files).map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
    Ok(super::Output::new(text, &ds))
}

/// `kefu kpi`.
pub fn run_kpi(args: &KpiArgs) -> Result<super::Output, String> {
    run_kpi_with(args, |e: &PartitionedEngine| e.kpi_actuals(&Filter::default()))
}
