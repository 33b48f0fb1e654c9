//! `kefu demo` and `kefu bench`.

use crate::demo::{self, DemoParams};
use crate::engine::{Dim, Engine, Query};
use crate::model::{Dataset, FileKind};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug, Clone)]
pub struct DemoArgs {
    /// Approximate number of chat messages.
    #[arg(long, default_value_t = 60_000)]
    pub messages: u64,
    /// Number of days.
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Random seed (same seed → identical files).
    #[arg(long, default_value_t = 20240601)]
    pub seed: u64,
    /// First day, YYYY-MM-DD.
    #[arg(long, default_value = "2024-06-01")]
    pub start: String,
    /// Output directory (created if missing).
    #[arg(long, default_value = "demo")]
    pub out: PathBuf,
}

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// Approximate number of chat messages.
    #[arg(long, default_value_t = 1_000_000)]
    pub messages: u64,
    /// Number of days.
    #[arg(long, default_value_t = 30)]
    pub days: u32,
    /// Random seed.
    #[arg(long, default_value_t = 20240601)]
    pub seed: u64,
    /// Build the engine in this many buyer partitions on all cores (0: one
    /// unpartitioned engine, as before issue 12).
    #[arg(long, default_value_t = 0)]
    pub parts: usize,
}

fn params(messages: u64, days: u32, seed: u64, start: &str) -> Result<DemoParams, String> {
    if demo::parse_start(start).is_none() {
        return Err(format!("--start 日期格式应为 YYYY-MM-DD: '{start}'"));
    }
    if days == 0 {
        return Err("--days 必须大于 0".into());
    }
    Ok(DemoParams { seed, days, messages, start: start.trim().to_string() })
}

/// Write the demo files into `--out`; one summary line per file.
pub fn run_demo(args: &DemoArgs) -> Result<String, String> {
    let p = params(args.messages, args.days, args.seed, &args.start)?;
    let out = demo::generate(&p);
    std::fs::create_dir_all(&args.out).map_err(|e| format!("无法创建目录 {}: {e}", args.out.display()))?;
    let s = &out.stats;
    let mut lines = Vec::new();
    for f in &out.files {
        let path = args.out.join(&f.name);
        std::fs::write(&path, &f.bytes).map_err(|e| format!("无法写入 {}: {e}", path.display()))?;
        let what = match f.name.as_str() {
            demo::CHAT_CSV => format!("{} messages in {} chats", s.messages, s.chats),
            demo::RATINGS_CSV => format!("{} ratings", s.ratings),
            demo::SETTINGS_JSON => "settings (accounts, teams, categories)".to_string(),
            demo::ITEMS_CSV => "item list (item ids and titles)".to_string(),
            demo::SAMPLE_JINGE | demo::SAMPLE_QIANNIU => format!("{} sample chats", s.sample_chats),
            _ => format!("{} orders ({} paid)", s.orders, s.paid_orders),
        };
        lines.push(format!("{}\t{} bytes\t{}", path.display(), f.bytes.len(), what));
    }
    Ok(lines.join("\n"))
}

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Generate the per-message CSV in memory, then time import, engine build
/// and an agent×day report, then importing the same CSV again (every row a
/// duplicate) and recounting the duplicate flags. The peak memory is taken
/// before the second import.
pub fn run_bench(args: &BenchArgs) -> Result<String, String> {
    let p = params(args.messages, args.days, args.seed, "2024-06-01")?;
    let settings = demo::demo_settings(&p);
    let t0 = Instant::now();
    let bytes = demo::chat_csv(&p);
    let gen_secs = t0.elapsed().as_secs_f64();
    let n_bytes = bytes.len() as f64;
    let n_lines = bytes.iter().filter(|&&b| b == b'\n').count().saturating_sub(1) as f64;
    let mb = n_bytes / 1_048_576.0;

    let mut ds = Dataset::default();
    let t = Instant::now();
    let rep = crate::import::import_bytes(&mut ds, demo::CHAT_CSV, bytes, Some(FileKind::Chats));
    let import_secs = t.elapsed().as_secs_f64();
    let msgs = ds.messages.len() as f64;

    let q = Query { rules: vec![], by: vec![Dim::Agent, Dim::Day], ..Default::default() };
    let t = Instant::now();
    let (engine, parted) = if args.parts == 0 {
        (Some(Engine::prepare(&mut ds, &settings)), None)
    } else {
        (None, Some(crate::partition::PartitionedEngine::prepare(&mut ds, &settings, args.parts)))
    };
    let engine_secs = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let report = match (&engine, &parted) {
        (Some(e), _) => e.report(&q),
        (_, Some(p)) => p.report(&q),
        _ => unreachable!(),
    };
    let report_secs = t.elapsed().as_secs_f64();

    let rate = |n: f64, s: f64| if s > 0.0 { n / s } else { f64::INFINITY };
    let mut out = Vec::new();
    out.push(format!(
        "generate: {:.3} s  {} lines  {:.1} MB  ({:.0} lines/s, {:.1} MB/s)",
        gen_secs,
        n_lines as u64,
        mb,
        rate(n_lines, gen_secs),
        rate(mb, gen_secs)
    ));
    out.push(format!(
        "import:   {:.3} s  {} messages imported  ({:.0} messages/s, {:.1} MB/s)  [{}]",
        import_secs,
        msgs as u64,
        rate(msgs, import_secs),
        rate(mb, import_secs),
        rep.format
    ));
    out.push(format!(
        "engine:   {:.3} s  ({:.0} messages/s, {:.1} MB/s)  [{}]",
        engine_secs,
        rate(msgs, engine_secs),
        rate(mb, engine_secs),
        match args.parts {
            0 => "one engine".to_string(),
            n => format!("{n} partitions on {} threads", crate::par::threads()),
        }
    ));
    out.push(format!(
        "report:   {:.3} s  {} rows (agent×day)  ({:.0} messages/s)",
        report_secs,
        report.rows.len(),
        rate(msgs, report_secs)
    ));
    let total = import_secs + engine_secs + report_secs;
    out.push(format!(
        "total (import+engine+report): {:.3} s  ({:.0} messages/s, {:.1} MB/s)",
        total,
        rate(msgs, total),
        rate(mb, total)
    ));
    let peak = match peak_rss_kb() {
        // MB here = 2^20 bytes, like the CSV size on the first line; the
        // peak covers the whole process (generation included).
        Some(kb) => {
            let peak = kb as f64 / 1024.0;
            let ratio = if mb >= 1.0 { format!("  ({:.2}× the {:.1} MB CSV)", peak / mb, mb) } else { String::new() };
            format!("peak memory (VmHWM): {peak:.1} MB{ratio}")
        }
        None => "peak memory: unavailable".into(),
    };

    // The same export loaded again: every row is a duplicate (spec §1.2.1).
    drop((engine, parted));
    let again = demo::chat_csv(&p);
    let t = Instant::now();
    let rep2 = crate::import::import_bytes(&mut ds, demo::CHAT_CSV, again, Some(FileKind::Chats));
    let again_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    ds.recount_duplicates();
    let recount_secs = t.elapsed().as_secs_f64();
    out.push(format!(
        "import again: {:.3} s  {} of {} messages duplicates; recounting all duplicate flags {:.3} s",
        again_secs, rep2.duplicates, rep2.imported, recount_secs
    ));
    out.push(peak);
    Ok(out.join("\n"))
}
