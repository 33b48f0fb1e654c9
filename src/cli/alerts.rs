//! `kefu alerts`.
//!
//! Imports the given files, builds the engine and prints every alert of the
//! rules in the config's `alerts` field (defaults otherwise):
//! `{"rows": [Alert…], "by_agent": {agent: n}, "by_rule": {rule: n}}`, or CSV
//! with the columns id,rule,level,agent,buyer,time,day,excerpt,conv,also,wait_secs.
//! One row per event (round, message, rating, order): `rule` is the strongest
//! rule that fired on it, `also` the others (JSON: a list; CSV: joined by
//! `|`), `excerpt` shows durations as `15小时00分` and `wait_secs` keeps a
//! round's raw business-clock seconds (null / empty for other rules).
//! `by_rule` counts each alert once, under its `rule`.

use crate::engine::alerts::Alert;
use crate::engine::{Engine, Filter};
use crate::model::FileReport;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct AlertsArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// json|csv
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Buyer nicks, order numbers (also inside ids), phones and addresses
    /// replaced by pseudonyms, agents by their configured names
    /// (`crate::redact`, Chinese words): the same pseudonyms `kefu share
    /// --redact` gives for the same files.
    #[arg(long)]
    pub redact: bool,
}

pub const CSV_COLUMNS: &[&str] =
    &["id", "rule", "level", "agent", "buyer", "time", "day", "excerpt", "conv", "also", "wait_secs"];

/// Load files and settings, build the engine and compute the alerts; also
/// every file's report (the diagnostics).
pub fn build_alerts(args: &AlertsArgs) -> Result<(Vec<Alert>, Vec<FileReport>), String> {
    let settings = args.input.settings()?;
    let rules = settings.alert_rules();
    rules.validate()?;
    let mut ds = args.input.dataset()?;
    let engine = args.input.engine(&mut ds, &settings);
    let mut alerts = engine.alerts(&rules, &Filter::default());
    if args.redact {
        let r = crate::redact::Redactor::new(&ds, &settings, &engine.agents(), true);
        for a in &mut alerts {
            a.id = r.text(&a.id);
            a.agent = r.cell(&a.agent);
            a.buyer = r.cell(&a.buyer);
            a.excerpt = r.text(&a.excerpt);
        }
    }
    Ok((alerts, ds.files))
}

/// `kefu alerts`.
pub fn run_alerts(args: &AlertsArgs) -> Result<super::Output, String> {
    let format = args.format.trim();
    if !matches!(format, "json" | "" | "csv") {
        return Err(format!("unknown --format '{format}' (expected json|csv)"));
    }
    let (alerts, files) = build_alerts(args)?;
    let text = render(&alerts, &files, format == "csv")?;
    Ok(super::Output { text, rejected: super::Rejected::of(&files), held: None })
}

/// JSON: the alerts, counts by agent and rule, and every file's report
/// (`diagnostics`, as `kefu report`); CSV: one row per alert.
fn render(alerts: &[Alert], files: &[FileReport], csv: bool) -> Result<String, String> {
    if csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(CSV_COLUMNS).map_err(|e| e.to_string())?;
        for a in alerts {
            let conv = a.conv.map(|c| c.to_string()).unwrap_or_default();
            let (rule, level) = (a.rule.as_str(), a.level.as_str());
            let also = a.also.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("|");
            let wait = a.wait_secs.map(|s| s.to_string()).unwrap_or_default();
            // text cells formula-safe, like the app's exports
            let text = [&a.id, rule, level, &a.agent, &a.buyer, &a.time, &a.day, &a.excerpt]
                .map(|s: &str| crate::export::neutralise(s));
            w.write_record(text.iter().map(String::as_str).chain([conv.as_str(), also.as_str(), wait.as_str()]))
                .map_err(|e| e.to_string())?;
        }
        let bytes = w.into_inner().map_err(|e| e.to_string())?;
        return String::from_utf8(bytes).map_err(|e| e.to_string());
    }
    let (by_agent, by_rule) = Engine::alert_counts(alerts);
    let v = serde_json::json!({"rows": alerts, "by_agent": by_agent, "by_rule": by_rule, "diagnostics": files});
    serde_json::to_string_pretty(&v).map_err(|e| e.to_string())
}
