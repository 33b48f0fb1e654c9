//! `kefu` — the native command line over the same engine as the app.
//!
//!   kefu report --chats F... [--orders F...] [--ratings F...] [--refunds F...] [--config settings.json] --by agent-day --format json
//!   kefu demo --messages 60000 --out DIR
//!   kefu bench --messages 1000000
//!   kefu kpi --chats F... [--template FILE]
//!   kefu alerts --chats F... [--orders F...] [--ratings F...] [--config settings.json] --format json|csv
//!   kefu cuifu --chats F... --orders F... [--config settings.json] --format json|csv
//!   kefu qa sample --chats F... (--seed S --per-agent N | --rule ID | --low-ratings | --unordered-inquiries) [--from D --to D]
//!   kefu qa summary --scores book.json|book.xlsx [--config settings.json] [--sample sample.json]
//!   kefu share --chats F... [--orders F...] [--ratings F...] [--config settings.json] [--from D --to D] [--lang zh|en] [--redact] -o report.html
//!   kefu parquet --chats F... [--orders F...] [--ratings F...] [--config settings.json] --out DIR [--parts 8]
//!
//! Exit codes: 0 done; 1 an error (bad arguments, unreadable file or config);
//! 2 done, but at least one input file was rejected whole (stderr names it).

/// Blocks of at least this many bytes get their own mapping from glibc's
/// allocator, given back to the system when freed. Setting it fixes
/// glibc's threshold, which otherwise rises to the size of each large
/// block freed: the import's per-chunk rows and text, allocated on every
/// core and freed after each block of the file, then stayed in the
/// threads' heaps. 1M messages: a peak of 162 → 151 MiB, the same time
/// (docs/benchmark.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 << 10;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: mallopt only changes a setting of the allocator; called
    // first thing in main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(any(target_arch = "wasm32", all(target_os = "linux", target_env = "gnu"))))]
fn tune_allocator() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    tune_allocator();
    use clap::{Parser, Subcommand};
    use kefu_lens::cli;

    #[derive(Parser)]
    #[command(
        name = "kefu",
        version,
        about = "客服绩效透镜 Kefu Lens — customer-service metrics from chat, order and rating exports"
    )]
    struct Cli {
        #[command(subcommand)]
        cmd: Cmd,
    }

    #[derive(Subcommand)]
    enum Cmd {
        /// Metrics per shop, agent, day, week… as JSON or CSV (spec §9).
        Report(cli::report::ReportArgs),
        /// KPI score per agent (spec §8): items, attainment per tier, score, tier, rank.
        Kpi(cli::kpi::KpiArgs),
        /// Service alerts (waiting, reply timeout, low rating, sensitive words, complaints, 催付) as JSON or CSV.
        Alerts(cli::alerts::AlertsArgs),
        /// Write the demo shop's real-format files (chats, orders, ratings, settings.json).
        Demo(cli::demo::DemoArgs),
        /// Generate data and time import, session building and an agent-day report.
        Bench(cli::demo::BenchArgs),
        /// The normalised tables as Parquet partitioned by buyer hash: OUT/<table>/part=<k>/data.parquet (docs/scale-out.md).
        Parquet(cli::parquet::ParquetArgs),
        /// Our figures beside the official 生意参谋 客服 sheets, per day (and agent), with the causes of differences.
        Reconcile(cli::reconcile::ReconcileArgs),
        /// 催付时机: per agent, first payment reminders inside each golden window (settings `cuifu.windows`).
        Cuifu(cli::cuifu::CuifuArgs),
        /// 质检抽查评分: draw conversation-days to review (`qa sample`), sum up a score book per agent (`qa summary`).
        Qa(cli::qa::QaArgs),
        /// 分享报告: one self-contained HTML report (cards, agents, charts, KPI, QA, alerts); --redact for pseudonyms.
        Share(cli::share::ShareArgs),
    }

    let cli = Cli::parse();
    let out: Result<cli::Output, String> = match &cli.cmd {
        Cmd::Report(a) => cli::report::run(a),
        Cmd::Kpi(a) => cli::kpi::run_kpi(a),
        Cmd::Alerts(a) => cli::alerts::run_alerts(a),
        Cmd::Demo(a) => cli::demo::run_demo(a).map(Into::into),
        Cmd::Bench(a) => cli::demo::run_bench(a).map(Into::into),
        Cmd::Parquet(a) => cli::parquet::run(a),
        Cmd::Reconcile(a) => cli::reconcile::run_reconcile(a),
        Cmd::Cuifu(a) => cli::cuifu::run(a),
        Cmd::Qa(a) => cli::qa::run(a),
        Cmd::Share(a) => cli::share::run(a),
    };
    match out {
        Ok(mut o) => {
            // The process ends here: its memory goes back to the system
            // whole, not freed row by row (`Output::held`).
            std::mem::forget(o.held.take());
            // A closed pipe (`kefu report … | head`) is not an error.
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let nl = if o.text.ends_with('\n') { "" } else { "\n" };
            let _ = write!(out, "{}{nl}", o.text).and_then(|_| out.flush());
            drop(out);
            // Scripts can tell: a file rejected whole is exit code 2 (the
            // output above still has every file's diagnostics).
            for r in &o.rejected {
                eprintln!("kefu: rejected {}: {}", r.file, r.reason);
            }
            if !o.rejected.is_empty() {
                std::process::exit(2);
            }
        }
        Err(e) => {
            eprintln!("kefu: {e}");
            std::process::exit(1);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
