//! `kefu qa` (issue 15 item 1, 质检抽查评分).
//!
//! - `kefu qa sample --chats … [--orders …] [--ratings …] [--config …]
//!   (--seed S --per-agent N | --rule ID | --low-ratings [--max-score K] |
//!   --unordered-inquiries) [--from D] [--to D]` prints the sample as JSON
//!   (`qa::Sample`: `mode`, `rows` [{key {agent, day, buyer}, conv,
//!   agent_label, why}], `population` per agent) and `diagnostics`.
//! - `kefu qa summary --scores book.json|book.xlsx [--config …] [--sample
//!   sample.json] [--from D] [--to D]` prints the per-agent summary
//!   (`qa::QaSummary`); no chat files are needed (the book names its
//!   conversation-days; `--sample`, the output of `qa sample`, gives the
//!   sampled counts).
//! - `kefu kpi … --qa-scores book.json` feeds the KPI's `qa:<template>` items.

use std::path::{Path, PathBuf};

use crate::engine::alerts::AlertRule;
use crate::engine::Filter;
use crate::qa::{summary::summarize, Sample, SampleMode, SampleRequest, ScoreBook};
use crate::settings::Settings;

#[derive(clap::Args, Debug, Clone)]
pub struct QaArgs {
    #[command(subcommand)]
    pub cmd: QaCmd,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum QaCmd {
    /// Draw conversation-days to review: N per agent at random with a seed, or every one of an alert rule, of a low rating, or 询单未下单.
    Sample(SampleArgs),
    /// Per agent over a score book (JSON or XLSX): sampled, scored, average score, worst items.
    Summary(SummaryArgs),
}

/// The period flags of both subcommands.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Period {
    /// First day (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub to: Option<String>,
}

impl Period {
    fn filter(&self) -> Result<Filter, String> {
        for d in [&self.from, &self.to].into_iter().flatten() {
            crate::model::parse_day(d).ok_or_else(|| format!("bad date {d}: expected YYYY-MM-DD"))?;
        }
        Ok(Filter { from: self.from.clone(), to: self.to.clone(), ..Filter::default() })
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct SampleArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    #[command(flatten)]
    pub period: Period,
    /// The random draw's seed (with --per-agent).
    #[arg(long, requires = "per_agent")]
    pub seed: Option<u64>,
    /// Conversation-days per agent, drawn at random (with --seed).
    #[arg(long, requires = "seed", conflicts_with_all = ["rule", "low_ratings", "unordered_inquiries"])]
    pub per_agent: Option<u32>,
    /// Every conversation-day an alert of this rule was raised on (wait_yellow, wait_red, reply_timeout, low_rating, sensitive_word, complaint, unpaid_no_reminder).
    #[arg(long, conflicts_with_all = ["low_ratings", "unordered_inquiries"])]
    pub rule: Option<String>,
    /// Every conversation-day rated at most --max-score (default: the low-rating alert's, 2 = 不满意).
    #[arg(long, conflicts_with = "unordered_inquiries")]
    pub low_ratings: bool,
    #[arg(long, requires = "low_ratings")]
    pub max_score: Option<u8>,
    /// Every inquiry conversation-day whose buyer-day has no order (询单未下单).
    #[arg(long)]
    pub unordered_inquiries: bool,
}

#[derive(clap::Args, Debug, Clone)]
pub struct SummaryArgs {
    /// The score book: JSON, or XLSX as the app exports it.
    #[arg(long)]
    pub scores: PathBuf,
    /// Settings JSON (its QA templates and accounts).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A sample printed by `kefu qa sample`, for the sampled counts.
    #[arg(long)]
    pub sample: Option<PathBuf>,
    #[command(flatten)]
    pub period: Period,
}

impl SampleArgs {
    fn mode(&self) -> Result<SampleMode, String> {
        if let (Some(seed), Some(per_agent)) = (self.seed, self.per_agent) {
            return Ok(SampleMode::Random { per_agent, seed });
        }
        if let Some(r) = &self.rule {
            let rule: AlertRule = serde_json::from_value(serde_json::Value::String(r.clone())).map_err(|_| {
                let all: Vec<&str> = AlertRule::ALL.iter().map(|r| r.as_str()).collect();
                format!("--rule {r}: expected one of {}", all.join(", "))
            })?;
            return Ok(SampleMode::Rule { rule });
        }
        if self.low_ratings {
            return Ok(SampleMode::LowRatings { max_score: self.max_score });
        }
        if self.unordered_inquiries {
            return Ok(SampleMode::UnorderedInquiries);
        }
        Err("qa sample: give --seed with --per-agent, or --rule, --low-ratings or --unordered-inquiries".into())
    }
}

/// Read a score book, JSON or (by its extension) XLSX, checked against
/// the templates of `settings`.
pub fn read_book(path: &Path, settings: &Settings) -> Result<ScoreBook, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let book = if xlsx {
        ScoreBook::from_xlsx(bytes, &settings.qa)
    } else {
        let text = String::from_utf8(bytes).map_err(|e| format!("{}: not UTF-8: {e}", path.display()))?;
        ScoreBook::from_json(&text, &settings.qa)
    };
    book.map_err(|e| format!("{}: {e}", path.display()))
}

/// `kefu qa sample`.
pub fn run_sample(args: &SampleArgs) -> Result<super::Output, String> {
    let mode = args.mode()?;
    let filter = args.period.filter()?;
    let settings = args.input.settings()?;
    let mut ds = args.input.dataset()?;
    let engine = args.input.engine(&mut ds, &settings);
    let sample = engine.qa_sample(&SampleRequest { filter, mode });
    let mut v = serde_json::to_value(&sample).map_err(|e| e.to_string())?;
    v["diagnostics"] = serde_json::to_value(&ds.files).map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
    Ok(super::Output::new(text, &ds))
}

/// `kefu qa summary`.
pub fn run_summary(args: &SummaryArgs) -> Result<super::Output, String> {
    let settings = super::load_settings(args.config.as_deref())?;
    let book = read_book(&args.scores, &settings)?;
    let sampled = match &args.sample {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let s: Sample = serde_json::from_str(&text).map_err(|e| format!("{}: not a sample: {e}", p.display()))?;
            s.rows.into_iter().map(|r| r.key).collect()
        }
        None => Vec::new(),
    };
    let summary = summarize(&book, &sampled, &args.period.filter()?, &settings);
    Ok(serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?.into())
}

/// `kefu qa`.
pub fn run(args: &QaArgs) -> Result<super::Output, String> {
    match &args.cmd {
        QaCmd::Sample(a) => run_sample(a),
        QaCmd::Summary(a) => run_summary(a),
    }
}
