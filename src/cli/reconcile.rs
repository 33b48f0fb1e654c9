//! `kefu reconcile` (issue 15 item 2): our figures beside the official
//! 生意参谋 客服 sheets, one row per compared cell, and the causes of the
//! differences the data can show (`crate::reconcile`).
//!
//! `{"rows": [{"day", "agent"?, "metric", "ours", "official", "differs"}],
//! "explanations": [{"code", "message_zh", "message_en", "items"}],
//! "files": [{"name", "kind", "rows", "problems"}]}`. A file that is no
//! official 客服 sheet is named on stderr and the exit code is 2.

use std::path::PathBuf;

use crate::model::day_of;
use crate::reconcile::{read_official, reconcile, Ours};

use super::{Output, Rejected};

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReconcileArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// The official sheets (咨询接待, 业绩询单, 客单价客服, 接待评价, one
    /// workbook per day as exported; the per-agent 客服数据汇总).
    #[arg(long, num_args = 1.., required = true)]
    pub official: Vec<PathBuf>,
    /// A relative difference allowed on top of the sheets' rounding
    /// (0.01 = 1%).
    #[arg(long, default_value_t = 0.0)]
    pub tolerance: f64,
}

pub fn run_reconcile(a: &ReconcileArgs) -> Result<Output, String> {
    if !(0.0..=1.0).contains(&a.tolerance) {
        return Err(format!("--tolerance {}: expected a fraction between 0 and 1", a.tolerance));
    }
    let settings = a.input.settings()?;
    let mut ds = a.input.dataset()?;
    let engine = a.input.engine(&mut ds, &settings);
    // Each order once (an order in two overlapping files is one order, §1.2.1).
    let order_days = ds.counted_orders().map(|(_, o)| day_of(o.created)).collect();
    let mut files = Vec::new();
    let mut rejected = Rejected::of(&ds.files);
    for p in &a.official {
        let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
        let f = match crate::import::grid(bytes) {
            Ok(sheets) => read_official(&name, &sheets),
            Err(e) => {
                rejected.push(Rejected { file: name, reason: e });
                continue;
            }
        };
        if f.kind.is_none() {
            let reason = "not an official 生意参谋 客服 sheet (咨询接待, 业绩询单, 客单价客服, 接待评价, 客服数据汇总)";
            rejected.push(Rejected { file: name, reason: reason.into() });
        }
        files.push(f);
    }
    let report = |q: &crate::engine::Query| engine.report(q);
    let ours = Ours { report: &report, order_days, closing_word_filter: settings.closing_word_filter };
    let r = reconcile(files, &ours, a.tolerance);
    let text = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())? + "\n";
    Ok(Output { text, rejected, held: None })
}
