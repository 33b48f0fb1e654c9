//! Native CLI subcommands (`kefu report|demo|bench|kpi|alerts|parquet|reconcile|cuifu|qa|share`).
pub mod alerts;
pub mod cuifu;
pub mod demo;
pub mod kpi;
pub mod parquet;
pub mod qa;
pub mod reconcile;
pub mod report;
pub mod share;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::import::ImportOptions;
use crate::model::{Dataset, FileKind, FileReport};
use crate::partition::PartitionedEngine;
use crate::settings::Settings;

/// Phase times on stderr when `KEFU_TIMINGS` is set (docs/benchmark.md):
/// where a subcommand's time goes, for the benchmark, not for scripts.
pub struct Phases {
    last: Option<std::time::Instant>,
}

impl Phases {
    pub fn start() -> Phases {
        Phases { last: std::env::var_os("KEFU_TIMINGS").map(|_| std::time::Instant::now()) }
    }
    /// Print the time since the last mark (or the start) as `name`.
    pub fn mark(&mut self, name: &str) {
        if let Some(t) = self.last.as_mut() {
            eprintln!("timing {name}: {:.3} s", t.elapsed().as_secs_f64());
            *t = std::time::Instant::now();
        }
    }
}

/// What a subcommand prints, and the input files it had to reject whole:
/// `kefu` prints the text, names each rejected file on stderr and exits 2
/// when there is one (spec: scripts can tell). Reads as the text (`Deref`).
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub text: String,
    pub rejected: Vec<Rejected>,
    /// What the text was made from (the dataset and engine), handed over
    /// so that `kefu` can exit without freeing it piece by piece: the
    /// system takes the memory back at once (10M messages: 0.4 s saved).
    /// Dropped as usual anywhere else.
    pub held: Option<Arc<dyn std::any::Any + Send + Sync>>,
}

/// An input file that could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub file: String,
    /// The report's fatal message (English: stderr is for scripts).
    pub reason: String,
}

impl Output {
    /// The text, with the files of `ds` that were rejected whole.
    pub fn new(text: String, ds: &Dataset) -> Output {
        Output { text, rejected: Rejected::of(&ds.files), held: None }
    }
}

impl Rejected {
    /// The files of these reports that were rejected whole.
    pub fn of(files: &[FileReport]) -> Vec<Rejected> {
        files
            .iter()
            .filter_map(|f| f.fatal.as_ref().map(|p| Rejected { file: f.name.clone(), reason: p.message_en.clone() }))
            .collect()
    }
}

impl From<String> for Output {
    fn from(text: String) -> Output {
        Output { text, rejected: Vec::new(), held: None }
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for Output {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// The input flags every subcommand shares.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// Chat files (table CSV/TSV/XLSX, inline text, Qianniu text).
    #[arg(long, num_args = 1..)]
    pub chats: Vec<PathBuf>,
    /// Order exports.
    #[arg(long, num_args = 1..)]
    pub orders: Vec<PathBuf>,
    /// Rating (接待评价) exports.
    #[arg(long, num_args = 1..)]
    pub ratings: Vec<PathBuf>,
    /// Item lists (商品列表: 宝贝ID/商品ID and 宝贝标题/商品标题), joining
    /// chats' item links to orders' titles (issue 14).
    #[arg(long, num_args = 1..)]
    pub items: Vec<PathBuf>,
    /// Refund exports (千牛 退款管理 → 批量导出; issue 14 item 2).
    #[arg(long, num_args = 1..)]
    pub refunds: Vec<PathBuf>,
    /// Settings JSON (spec §10), the same file the app exports.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The date (YYYY-MM-DD) of chat files whose messages carry only times
    /// of day (the Qianniu 客户ID | 聊天记录 workbook), when the file name has
    /// no full date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Build the engine in this many parts by buyer, answered on all cores
    /// (issue 12; the numbers are the same for any count). 0: one part per
    /// core.
    #[arg(long, default_value_t = 0)]
    pub parts: usize,
}

impl InputArgs {
    pub fn settings(&self) -> Result<Settings, String> {
        load_settings(self.config.as_deref())
    }
    /// Settle the dataset and build the engine in `--parts` parts. The
    /// dataset keeps its file reports, orders and ratings but gives up its
    /// messages: the parts hold them (with their text, shared), and no
    /// subcommand reads them from the dataset afterwards.
    pub fn engine(&self, ds: &mut Dataset, settings: &Settings) -> PartitionedEngine {
        let n = if self.parts == 0 { crate::par::threads() } else { self.parts };
        let mut t = Phases::start();
        crate::import::intern_settings_nicks(ds, settings);
        ds.settle_duplicates();
        t.mark("settle");
        // The parts take the messages over as they fill (held once).
        let s = crate::partition::split_taking(ds, settings, n);
        t.mark("split");
        let e = PartitionedEngine::from_split(s, settings);
        t.mark("build");
        e
    }
    /// The input files, read with the column mappings and time zone of
    /// `--config` (spec §10.1).
    pub fn dataset(&self) -> Result<Dataset, String> {
        let mut opts = ImportOptions::from_settings(&self.settings()?);
        if let Some(d) = &self.date {
            opts.date = Some(crate::model::parse_day(d).ok_or_else(|| format!("bad --date {d}: expected YYYY-MM-DD"))?);
        }
        let mut t = Phases::start();
        let mut ds = load_files_with(&self.chats, &self.orders, &self.ratings, &opts)?;
        import_paths(&mut ds, &self.items, FileKind::Items, &opts)?;
        import_paths(&mut ds, &self.refunds, FileKind::Refunds, &opts)?;
        t.mark("import");
        Ok(ds)
    }
}

/// Read `--config` (spec §10 settings JSON), or the defaults.
pub fn load_settings(config: Option<&Path>) -> Result<Settings, String> {
    match config {
        Some(p) => {
            let s = std::fs::read_to_string(p).map_err(|e| format!("cannot read config {}: {e}", p.display()))?;
            // Checked at the boundary: the field, the problem and the line.
            Settings::parse(&s)
                .map_err(|e| format!("bad config {}: {}", p.display(), crate::format::settings_error(&e, false)))
        }
        None => Ok(Settings::default()),
    }
}

/// Import the files given to a subcommand, each as the kind its flag names.
pub fn load_files(chats: &[PathBuf], orders: &[PathBuf], ratings: &[PathBuf]) -> Result<Dataset, String> {
    load_files_with(chats, orders, ratings, &ImportOptions::default())
}

/// [`load_files`] with import options (column mappings, time zone, the
/// `--date` of time-only chat files).
pub fn load_files_with(
    chats: &[PathBuf],
    orders: &[PathBuf],
    ratings: &[PathBuf],
    opts: &ImportOptions,
) -> Result<Dataset, String> {
    let mut ds = Dataset::default();
    for (paths, kind) in [(chats, FileKind::Chats), (orders, FileKind::Orders), (ratings, FileKind::Ratings)] {
        import_paths(&mut ds, paths, kind, opts)?;
    }
    Ok(ds)
}

/// Import each file of `paths` into `ds`, read as `kind`.
fn import_paths(ds: &mut Dataset, paths: &[PathBuf], kind: FileKind, opts: &ImportOptions) -> Result<(), String> {
    for p in paths {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
        let cannot = |e: std::io::Error| format!("cannot read {}: {e}", p.display());
        if import_streamed(ds, p, &name, kind, opts).map_err(cannot)? {
            continue;
        }
        let bytes = std::fs::read(p).map_err(cannot)?;
        crate::import::import_with(ds, &name, bytes, Some(kind), opts);
    }
    Ok(())
}

/// Blocks a large file is read in after its first [`crate::import::STREAM_PREFIX`]
/// bytes (`import_streamed`): large enough to be read on all cores
/// ([`crate::import::CHUNKED_MIN_BYTES`]). Larger ones cost memory on
/// middle-sized files: on a 25 MB chat table the peak was 47 MB with 8 MB
/// blocks, 72 MB with 16 MB blocks (60 MB when the file was read whole).
const BLOCK: usize = 8 << 20;

/// Import a large file while a second thread reads it, a block ahead
/// ([`crate::import::import_blocks`]: a chat table keeps only its messages'
/// text, not the whole file, issue 12). False when the file is not read so
/// (too small, or not a UTF-8 table): read it whole.
fn import_streamed(
    ds: &mut Dataset,
    p: &Path,
    name: &str,
    kind: FileKind,
    opts: &ImportOptions,
) -> std::io::Result<bool> {
    use std::io::Read;
    use std::sync::mpsc;
    let mut file = std::fs::File::open(p)?;
    let total = file.metadata()?.len();
    if total < crate::session::STREAM_MIN_BYTES {
        return Ok(false);
    }
    // Blocks read go to the import; the import gives each back once it has
    // read it, to be read into again: the same few blocks for the whole
    // file (blocks made anew and freed each time left the memory allocator
    // holding freed ones: the 1M file's peak was 254 MB instead of 188).
    let (full, read) = mpsc::sync_channel::<std::io::Result<Vec<u8>>>(1);
    let (back, used) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut size = crate::import::STREAM_PREFIX;
            loop {
                let mut block = used.try_recv().unwrap_or_default();
                block.clear();
                block.reserve_exact(size);
                match (&mut file).take(size as u64).read_to_end(&mut block) {
                    Ok(0) => return,
                    // (the import is gone when it stopped early)
                    Ok(_) if full.send(Ok(block)).is_ok() => size = BLOCK,
                    Ok(_) => return,
                    Err(e) => {
                        let _ = full.send(Err(e));
                        return;
                    }
                }
            }
        });
        // (owning the receiver: it is dropped with `next` when the import
        // stops, which stops the reading thread)
        let next = move |block: &mut Vec<u8>| -> std::io::Result<bool> {
            match read.recv() {
                Ok(got) => {
                    let _ = back.send(std::mem::replace(block, got?));
                    Ok(true)
                }
                // the reading thread is done: the end of the file
                Err(_) => Ok(false),
            }
        };
        let got = crate::import::import_blocks(ds, name, total, Some(kind), opts, next)?;
        Ok(got.is_some())
    })
}
