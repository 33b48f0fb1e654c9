//! Messages between the UI thread and the Web Worker. Both sides are Rust;
//! they travel as JSON strings over `postMessage` (File objects for an
//! import travel beside the JSON, in the same order as `ImportFile`s).
//!
//! The worker owns the dataset and the engine; the UI only ever holds
//! answers to its queries.

use serde::{Deserialize, Serialize};

use crate::demo::DemoParams;
use crate::engine::kpi::KpiReport;
use crate::engine::{DailyRow, Drill, DrillRequest, DrillView, Filter, Metrics, Query, Report, Summary, Transcript};
use crate::model::{FileKind, FileReport};
use crate::settings::Settings;

fn yes() -> bool {
    true
}

/// Drill rows sent to the UI at a time.
pub const DRILL_PAGE: usize = 200;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportFile {
    pub name: String,
    pub size: u64,
    /// The user's choice of kind, when they overrode the detection.
    pub kind: Option<FileKind>,
    /// Do not read this file, only give it a report card saying why: the
    /// user cancelled before it was read, or it stopped the worker the
    /// last time (the UI's supervisor replays a session without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<Skip>,
}

/// Why a file of an import is not read (`ImportFile::skip`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// The import was cancelled before this file was finished.
    Cancelled,
    /// Reading this file stopped the worker (out of memory, a crash in a
    /// reader); the worker was restarted without it.
    Crashed,
    /// The analysis stopped the worker while computing over this file's
    /// batch; the worker was restarted without the batch.
    CrashedComputing,
}

/// UI → worker.
// Large variants stay unboxed: a message is built, serialised once and
// dropped, so boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Import these files (the File objects come beside the JSON).
    Import { files: Vec<ImportFile> },
    /// Generate the demo shop and import its real-format files.
    LoadDemo { params: DemoParams },
    /// Stop the import under way; files already finished are kept, the
    /// file being read is dropped whole.
    Cancel,
    /// Replace the settings and recompute (no file is read again).
    SetSettings { settings: Settings },
    /// Forget everything loaded.
    Clear,
    /// Drop one file's rows (index into `Loaded::reports`).
    RemoveFile { index: usize },
    /// A question about the loaded data; the answer carries the same id.
    Query { id: u64, query: QueryKind },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QueryKind {
    /// First screen / overview: totals for the filter and the 汇总表.
    Overview {
        filter: Filter,
    },
    Report {
        query: Query,
    },
    /// The records behind a number. The answer carries the first
    /// [`DRILL_PAGE`] rows of `view`; the worker keeps the rest for paging
    /// and export.
    Drill {
        request: DrillRequest,
        /// How the list opens (time order; failures only when the user
        /// clicked a failure count).
        #[serde(default)]
        view: DrillView,
    },
    /// Sort / narrow drill `drill_id` (the latest one) over all its rows;
    /// paging and export follow. The answer carries its first page.
    DrillView {
        drill_id: u64,
        view: DrillView,
    },
    /// Rows `offset..offset + limit` of drill `drill_id`'s view (the latest
    /// drill).
    DrillPage {
        drill_id: u64,
        offset: usize,
        limit: usize,
    },
    /// Drill `drill_id` as a file built in the worker (CSV with a BOM, or
    /// XLSX), its view's rows in its order; `headers` (six: day, agent,
    /// buyer, time, detail, opening message) in the UI language.
    ExportDrill {
        drill_id: u64,
        headers: Vec<String>,
        xlsx: bool,
        /// Details as shown in the Chinese UI (else English).
        #[serde(default)]
        zh: bool,
        /// The XLSX sheet name (report and dates); `drill` when missing.
        #[serde(default)]
        sheet: Option<String>,
        /// Pass every cell through the session's redactor
        /// (`crate::redact`): buyer nicks, order numbers, phones and
        /// addresses replaced, agents by their configured names; pseudonyms
        /// in Chinese when `zh`.
        #[serde(default)]
        redact: bool,
    },
    /// A table the UI shows, as a file built in the worker (CSV with a BOM,
    /// or XLSX with `sheet` as the sheet name), so the UI bundle carries no
    /// file writer.
    ExportTable {
        table: crate::export::Table,
        sheet: String,
        xlsx: bool,
        /// Pass every text cell through the session's redactor, as for
        /// `ExportDrill` (the loaded data's pseudonyms).
        #[serde(default)]
        redact: bool,
        /// The pseudonyms' language when `redact` (Chinese when missing).
        #[serde(default = "yes")]
        zh: bool,
    },
    /// 分享报告: the filter's period and scope as one self-contained HTML
    /// file (`crate::share`), answered as `Answer::File` (`text/html`).
    ShareReport {
        request: crate::share::ShareRequest,
    },
    Transcript {
        conv: u32,
    },
    /// Response-time distribution of the rounds in the filter.
    Histogram {
        filter: Filter,
    },
    Kpi {
        filter: Filter,
        /// Manager-entered scores for `manual:*` KPI items: agent → item → score.
        #[serde(default)]
        manual: std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>,
        /// Score the agents of this role with its template
        /// (`engine::kpi::score_role`); None: every agent with the pre-sales
        /// template, as before templates had roles.
        #[serde(default)]
        role: Option<crate::settings::Role>,
        /// The user's QA score book: items `qa:<template>` take each
        /// agent's average score over the filter's period
        /// (`qa::QaSummary::kpi_scores`). None: such items have no actual.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        qa_scores: Option<crate::qa::ScoreBook>,
    },
    /// Quality alerts (rules from the settings) for the filter.
    Alerts {
        filter: Filter,
    },
    /// The 咨询类目汇总表: days × the categories of tree level `level`
    /// (1 = top), with totals (`Engine::category_pivot`).
    CategoryPivot {
        filter: Filter,
        level: usize,
    },
    /// The 时段 view: weekday × hour heatmap, per-hour rows and staff
    /// online by hour, in one pass.
    Hours {
        filter: Filter,
    },
    /// 催付时机: per agent, the share of first 催付s inside each golden
    /// window of the settings (`Engine::cuifu_timing`).
    CuifuTiming {
        filter: Filter,
    },
    /// 对账 (issue 15 item 2): our figures beside the official 生意参谋
    /// sheets dropped with the inputs; `tolerance` is a relative difference
    /// allowed on top of the sheets' rounding (0.01 = 1%).
    Reconcile {
        #[serde(default)]
        tolerance: f64,
    },
    /// 退款原因: the filtered sales orders' refunds per first-application
    /// reason (`Engine::refund_reasons`); a row drills with
    /// `DrillRequest { metric: "refund_reason", key: {"refund_reason": reason} }`.
    RefundReasons {
        filter: Filter,
    },
    /// QA (issue 15 item 1): draw a sample of conversation-days
    /// (`Answer::QaSample`; each row's `conv` opens its transcript).
    QaSample {
        request: crate::qa::SampleRequest,
    },
    /// Per agent over the user's score book (the UI keeps it; the worker
    /// does not): sampled (of `sampled`, the keys of the sample under
    /// review), scored, average, worst items, in the filter's period.
    /// Needs no data loaded.
    QaSummary {
        filter: Filter,
        book: crate::qa::ScoreBook,
        #[serde(default)]
        sampled: Vec<crate::qa::QaKey>,
    },
    /// Read a score book file (JSON, or XLSX when `xlsx`), check it against
    /// the settings' QA templates and merge it into `book`
    /// (`Answer::QaBook`). Needs no data loaded.
    QaImport {
        book: crate::qa::ScoreBook,
        bytes: Vec<u8>,
        xlsx: bool,
    },
    /// The score book as a file (JSON, or XLSX when `xlsx`), built in the
    /// worker (`Answer::File`). Needs no data loaded.
    QaExport {
        book: crate::qa::ScoreBook,
        xlsx: bool,
    },
}

/// Worker → UI.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    Ready,
    Progress(Progress),
    /// An import (or demo load, settings change, clear) finished.
    Loaded(Loaded),
    Answer {
        id: u64,
        answer: Answer,
    },
    /// Query `id` could not be answered (no data loaded, …): the UI hands
    /// `message` to whoever asked and forgets the pending request.
    Failed {
        id: u64,
        message: String,
    },
    /// Something went wrong outside any query (a bad request).
    Error {
        message: String,
    },
    /// The worker hit a bug and cannot go on (a Rust panic aborts the
    /// wasm instance). The UI restarts it and replays what was loaded;
    /// the panic's text (with source paths) goes to the console only.
    Panicked,
}

/// What the worker is doing for an import (serialised `reading`, …).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Generating the demo shop's files.
    Generating,
    /// Reading a file's bytes in slices.
    #[default]
    Reading,
    /// Parsing records.
    Parsing,
    /// Building the engine after the last file.
    Computing,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Progress {
    pub file: String,
    /// 0-based index of the file being worked on, of `files`.
    pub index: usize,
    pub files: usize,
    pub phase: Phase,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub rows: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Loaded {
    /// Every file imported so far, in order.
    pub reports: Vec<FileReport>,
    pub summary: Summary,
    pub settings: Settings,
    pub cancelled: bool,
    /// Staff accounts seen, for filters.
    pub agents: Vec<String>,
    /// Shops seen, for the shop filter.
    #[serde(default)]
    pub shops: Vec<String>,
    /// Nicks seen in text-format chats, so the user can mark staff.
    pub text_nicks: Vec<crate::import::NickInfo>,
    /// Set when the settings' category tree could not be built.
    pub settings_error: Option<String>,
    /// This answers a `SetSettings` (each one gets exactly one `Loaded`).
    #[serde(default)]
    pub from_settings: bool,
    /// For an import that was cancelled: the index (in the request's
    /// `files`) of the first file not imported; it and every later file
    /// got a report marked `cancelled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<usize>,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    Overview {
        totals: Metrics,
        daily: Vec<DailyRow>,
    },
    Report {
        report: Report,
    },
    Drill {
        /// `rows` holds the first page only.
        drill: Drill,
        /// Number of rows behind the number (all pages).
        total: usize,
        drill_id: u64,
        /// Rows the view shows (≤ total).
        #[serde(default)]
        shown: usize,
    },
    DrillView {
        drill_id: u64,
        /// Rows the view shows; `rows` holds its first page.
        shown: usize,
        rows: Vec<crate::engine::DrillRow>,
    },
    DrillPage {
        drill_id: u64,
        offset: usize,
        rows: Vec<crate::engine::DrillRow>,
    },
    /// A file for download; `bytes` travel beside the JSON (not in it).
    File {
        mime: String,
        error: Option<String>,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    Transcript {
        transcript: Option<Transcript>,
    },
    Histogram {
        histogram: crate::engine::histogram::ResponseHistogram,
    },
    Kpi {
        report: KpiReport,
    },
    CategoryPivot {
        pivot: crate::engine::category::CategoryPivot,
    },
    Alerts {
        rows: Vec<crate::engine::alerts::Alert>,
        by_agent: std::collections::BTreeMap<String, u64>,
        by_rule: std::collections::BTreeMap<String, u64>,
    },
    Hours {
        hours: crate::engine::hours::HoursReport,
    },
    CuifuTiming {
        timing: crate::engine::cuifu::CuifuTiming,
    },
    Reconcile {
        reconciliation: crate::reconcile::ReconcileAnswer,
    },
    RefundReasons {
        /// Most orders first; the summary (`Loaded::summary`) has the
        /// applications loaded and those without their order.
        reasons: Vec<crate::engine::RefundReason>,
    },
    QaSample {
        sample: crate::qa::Sample,
    },
    QaSummary {
        summary: crate::qa::QaSummary,
    },
    /// The book after an import: merged (`merge` says how), or unchanged
    /// with the `error` that stopped the import (nothing of the file kept;
    /// `format::qa_book_error` words it).
    QaBook {
        book: crate::qa::ScoreBook,
        merge: crate::qa::MergeReport,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<crate::qa::BookError>,
    },
}
