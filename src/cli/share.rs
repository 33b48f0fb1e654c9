//! `kefu share`: the shared report (`crate::share`) of the given files as
//! one self-contained HTML file, the same bytes the app's 分享报告 gives for
//! the same files, period and settings (the one engine and the `--parts`
//! engine answer the report's questions alike).

use std::path::PathBuf;

use crate::engine::Filter;
use crate::share::{QaRow, ShareRequest};

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ShareArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// First day of the period (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of the period (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// zh|en: the report's words and pseudonyms.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Replace buyer nicks, order numbers, phones, receivers and addresses
    /// by pseudonyms, agents by their configured names.
    #[arg(long)]
    pub redact: bool,
    /// The report's title (default 客服绩效报告 / Customer-service report).
    #[arg(long, default_value = "")]
    pub title: String,
    /// The shop named at the top.
    #[arg(long, default_value = "")]
    pub shop: String,
    /// The generation time written at the top, as you want it to read
    /// (the library reads no clock; nothing is written when empty).
    #[arg(long, default_value = "")]
    pub generated: String,
    /// Manager-entered KPI scores: JSON `{agent: {"manual:item": score}}`.
    #[arg(long)]
    pub manual: Option<PathBuf>,
    /// QA summary rows: JSON `[{"agent", "sampled", "scored", "average", "worst_items"}]`.
    #[arg(long)]
    pub qa: Option<PathBuf>,
    /// The QA score book (JSON or XLSX, as `kefu qa summary` reads it):
    /// KPI items `qa:<template>` take its averages, and without `--qa` the
    /// QA section is its summary over the period.
    #[arg(long)]
    pub qa_scores: Option<PathBuf>,
    /// Where to write the HTML file.
    #[arg(short = 'o', long)]
    pub out: PathBuf,
}

/// The request the arguments describe.
pub fn request(args: &ShareArgs) -> Result<ShareRequest, String> {
    let zh = match args.lang.trim() {
        "zh" | "" => true,
        "en" => false,
        other => return Err(format!("unknown --lang '{other}' (expected zh|en)")),
    };
    for d in [&args.from, &args.to].into_iter().flatten() {
        crate::model::parse_day(d).ok_or_else(|| format!("bad date {d}: expected YYYY-MM-DD"))?;
    }
    let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let manual = match &args.manual {
        Some(p) => serde_json::from_str(&read(p)?).map_err(|e| format!("bad --manual {}: {e}", p.display()))?,
        None => Default::default(),
    };
    let qa: Vec<QaRow> = match &args.qa {
        Some(p) => serde_json::from_str(&read(p)?).map_err(|e| format!("bad --qa {}: {e}", p.display()))?,
        None => Vec::new(),
    };
    let filter = Filter { from: args.from.clone(), to: args.to.clone(), ..Default::default() };
    let (qa, qa_book) = match &args.qa_scores {
        Some(p) => {
            let book = super::qa::read_book(p, &args.input.settings()?)?;
            (qa, Some(book))
        }
        None => (qa, None),
    };
    Ok(ShareRequest {
        filter,
        zh,
        redact: args.redact,
        title: args.title.clone(),
        shop: args.shop.clone(),
        generated: args.generated.clone(),
        manual,
        qa,
        qa_book,
    })
}

/// The report's HTML for the arguments (nothing written).
pub fn html(args: &ShareArgs) -> Result<(String, Vec<crate::model::FileReport>), String> {
    let req = request(args)?;
    let settings = args.input.settings()?;
    let mut ds = args.input.dataset()?;
    let engine = args.input.engine(&mut ds, &settings);
    Ok((crate::share::build(&engine, &ds, &settings, &req), ds.files))
}

/// `kefu share`: writes the file, prints where and how big.
pub fn run(args: &ShareArgs) -> Result<super::Output, String> {
    let (html, files) = html(args)?;
    std::fs::write(&args.out, &html).map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    let text = format!("{} ({})\n", args.out.display(), crate::format::bytes(html.len() as u64));
    Ok(super::Output { text, rejected: super::Rejected::of(&files), held: None })
}
