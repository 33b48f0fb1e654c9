//! `kefu cuifu`: the 催付时机 table (issue 14 item 3) — per agent, how many
//! first 催付s fell inside each golden window of the settings
//! (`cuifu.windows`, defaults seed 002's) and their share of the agent's
//! covered orders (`cuifu_covered`), plus those outside every window.
//! The fixed 催付 keys (`cuifu_orders` …) are in every `kefu report` row.
//!
//! JSON: `{"windows": [names], "rows": [{"agent", "covered", "counts",
//! "shares", "outside", "outside_share"}], "total": {…}, "diagnostics"}`.
//! CSV: one line per agent then the total (agent `(total)`), columns
//! `agent, cuifu_covered`, then per window `<name>` and `<name> share`,
//! then `outside` and `outside share`.

use crate::engine::cuifu::{CuifuTiming, TimingRow};
use crate::engine::Filter;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct CuifuArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// json|csv
    #[arg(long, default_value = "json")]
    pub format: String,
}

/// The agent cell of the total row in CSV.
pub const TOTAL: &str = "(total)";

/// The timing table as CSV (see the module docs).
pub fn timing_csv(t: &CuifuTiming) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["agent".to_string(), "cuifu_covered".to_string()];
    for n in &t.windows {
        header.push(crate::export::neutralise(n));
        header.push(crate::export::neutralise(&format!("{n} share")));
    }
    header.extend(["outside".to_string(), "outside share".to_string()]);
    w.write_record(&header).map_err(|e| e.to_string())?;
    let share = |s: Option<f64>| s.map(|x| x.to_string()).unwrap_or_default();
    let rows = t.rows.iter().map(|r| (crate::export::neutralise(&r.agent), r));
    for (agent, r) in rows.chain(std::iter::once((TOTAL.to_string(), &t.total))) {
        let r: &TimingRow = r;
        let mut rec = vec![agent, r.covered.to_string()];
        for (c, s) in r.counts.iter().zip(&r.shares) {
            rec.push(c.to_string());
            rec.push(share(*s));
        }
        rec.push(r.outside.to_string());
        rec.push(share(r.outside_share));
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// `kefu cuifu`.
pub fn run(args: &CuifuArgs) -> Result<super::Output, String> {
    let settings = args.input.settings()?;
    let mut ds = args.input.dataset()?;
    let engine = args.input.engine(&mut ds, &settings);
    let timing = engine.cuifu_timing(&Filter::default());
    let text = match args.format.trim() {
        "json" | "" => {
            let mut v = serde_json::to_value(&timing).map_err(|e| e.to_string())?;
            v["diagnostics"] = serde_json::to_value(&ds.files).map_err(|e| e.to_string())?;
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        }
        "csv" => timing_csv(&timing)?,
        other => return Err(format!("unknown --format '{other}' (expected json|csv)")),
    };
    Ok(super::Output::new(text, &ds))
}
