//! Native CLI subcommands (`kefu report|demo|bench|kpi|alerts`).
pub mod alerts;
pub mod demo;
pub mod kpi;
pub mod report;

use std::path::{Path, PathBuf};

use crate::model::{Dataset, FileKind};
use crate::settings::Settings;

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
    /// Settings JSON (spec §10), the same file the app exports.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl InputArgs {
    pub fn settings(&self) -> Result<Settings, String> {
        load_settings(self.config.as_deref())
    }
    /// The input files, read with the column mappings and time zone of
    /// `--config` (spec §10.1).
    pub fn dataset(&self) -> Result<Dataset, String> {
        let opts = crate::import::ImportOptions::from_settings(&self.settings()?);
        load_files_with(&self.chats, &self.orders, &self.ratings, &opts)
    }
}

/// Read `--config` (spec §10 settings JSON), or the defaults.
pub fn load_settings(config: Option<&Path>) -> Result<Settings, String> {
    match config {
        Some(p) => {
            let s = std::fs::read_to_string(p).map_err(|e| format!("cannot read config {}: {e}", p.display()))?;
            Settings::from_json(&s).map_err(|e| format!("bad config {}: {e}", p.display()))
        }
        None => Ok(Settings::default()),
    }
}

/// Import the files given to a subcommand, each as the kind its flag names.
pub fn load_files(chats: &[PathBuf], orders: &[PathBuf], ratings: &[PathBuf]) -> Result<Dataset, String> {
    load_files_with(chats, orders, ratings, &crate::import::ImportOptions::default())
}

/// [`load_files`] with import options (column mappings, time zone).
pub fn load_files_with(
    chats: &[PathBuf],
    orders: &[PathBuf],
    ratings: &[PathBuf],
    opts: &crate::import::ImportOptions,
) -> Result<Dataset, String> {
    let mut ds = Dataset::default();
    for (paths, kind) in [(chats, FileKind::Chats), (orders, FileKind::Orders), (ratings, FileKind::Ratings)] {
        for p in paths {
            let bytes = std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            let name =
                p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string());
            crate::import::import_bytes_with(&mut ds, &name, bytes, Some(kind), opts);
        }
    }
    Ok(ds)
}
