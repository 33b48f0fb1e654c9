//! Typed questions to the worker: one function per query kind, each
//! returning the answer's payload or the reason the worker gave for not
//! answering (`Response::Failed`). The request is posted when the function
//! is called (so requests keep the order of the calls); the returned future
//! waits for the answer.

use std::collections::BTreeMap;
use std::future::Future;

use futures::channel::oneshot;
use kefu_lens::engine::alerts::Alert;
use kefu_lens::engine::histogram::ResponseHistogram;
use kefu_lens::engine::hours::HoursReport;
use kefu_lens::engine::kpi::KpiReport;
use kefu_lens::engine::{
    DailyRow, Drill, DrillRequest, DrillRow, DrillView, Filter, Metrics, Query, Report, Transcript,
};
use kefu_lens::protocol::{Answer, ImportFile, QueryKind, Request, Response};

use super::client;

/// The payloads the rest of the UI reads (data, not the wire's envelopes).
pub use kefu_lens::protocol::{Loaded, Phase, Progress, DRILL_PAGE};

/// What the worker says without being asked.
pub enum Event {
    /// The worker is up.
    Ready,
    Progress(Progress),
    /// Data (or settings) loaded and computed.
    Loaded(Box<Loaded>),
    /// Something went wrong outside any query.
    Error(String),
    /// The worker died and a new one is bringing back what was loaded (or,
    /// `gave_up`, none was started).
    Restarted(client::Restart),
}

/// Start the worker; `on_event` gets what it says unasked.
pub fn start(on_event: impl Fn(Event) + 'static) -> Result<(), String> {
    let on_event = std::rc::Rc::new(on_event);
    let on_restart = on_event.clone();
    client::start(
        move |r| match r {
            Response::Ready => on_event(Event::Ready),
            Response::Progress(p) => on_event(Event::Progress(p)),
            Response::Loaded(l) => on_event(Event::Loaded(Box::new(l))),
            Response::Error { message } => on_event(Event::Error(message)),
            // Answers and failures go to whoever asked, a death to the
            // supervisor (see `client`).
            Response::Answer { .. } | Response::Failed { .. } | Response::Panicked => {}
        },
        move |r| on_restart(Event::Restarted(r)),
    )
}

/// Import files (their File objects travel beside the request); `kind`
/// forces a file kind, else it is detected.
pub fn import(files: &[web_sys::File], kind: Option<kefu_lens::model::FileKind>) {
    let metas = files.iter().map(|f| ImportFile { name: f.name(), size: f.size() as u64, kind, skip: None }).collect();
    client::send(&Request::Import { files: metas }, files);
}

/// Generate and load the demo shop.
pub fn load_demo(params: kefu_lens::demo::DemoParams) {
    client::send(&Request::LoadDemo { params }, &[]);
}

/// Cancel the import under way.
pub fn cancel() {
    client::send(&Request::Cancel, &[]);
}

/// Forget everything loaded.
pub fn clear() {
    client::send(&Request::Clear, &[]);
}

/// Drop one file's rows (index into the loaded reports).
pub fn remove_file(index: usize) {
    client::send(&Request::RemoveFile { index }, &[]);
}

/// New settings: the worker recomputes without re-reading files.
pub fn set_settings(settings: kefu_lens::Settings) {
    client::send(&Request::SetSettings { settings }, &[]);
}

/// A question for the worker, typed by its answer. `then` posts it and
/// runs a callback with the answer; `.await` posts it and waits. Either way
/// the caller gets the payload, or the worker's reason for not answering
/// (`Response::Failed`) as `Err`.
#[must_use = "an Ask does nothing until `then` or `.await`"]
pub struct Ask<T> {
    query: QueryKind,
    extract: fn(Answer) -> Result<T, String>,
}

impl<T: 'static> Ask<T> {
    /// Post the question now; `f` gets the answer.
    pub fn then(self, f: impl FnOnce(Result<T, String>) + 'static) {
        let extract = self.extract;
        client::query(self.query, move |r| f(r.and_then(extract)));
    }
}

impl<T: 'static> std::future::IntoFuture for Ask<T> {
    type Output = Result<T, String>;
    type IntoFuture = std::pin::Pin<Box<dyn Future<Output = Result<T, String>>>>;

    /// Posts the question when awaited.
    fn into_future(self) -> Self::IntoFuture {
        let (tx, rx) = oneshot::channel();
        self.then(move |r| {
            let _ = tx.send(r);
        });
        Box::pin(async move { rx.await.unwrap_or_else(|_| Err("the worker is not running".to_string())) })
    }
}

/// The answer was of another kind than the question (a protocol bug).
fn unexpected(a: &Answer) -> String {
    let kind = serde_json::to_value(a).ok().and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string));
    format!("unexpected answer from the worker: {}", kind.unwrap_or_default())
}

/// One typed ask: `$name($args) -> Ask<$out>`, answered by `Answer::$variant`.
macro_rules! asks {
    ($( $(#[$doc:meta])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty =
        $query:expr => $pat:pat => $val:expr; )*) => {
        $(
            $(#[$doc])*
            pub fn $name($($arg: $ty),*) -> Ask<$out> {
                Ask {
                    query: $query,
                    extract: |answer| match answer {
                        $pat => Ok($val),
                        other => Err(unexpected(&other)),
                    },
                }
            }
        )*
    };
}

/// An exported file: its MIME type and bytes.
pub struct File {
    pub mime: String,
    pub bytes: Vec<u8>,
}

asks! {
    /// Totals and the by-day summary for a filter.
    overview(filter: Filter) -> (Metrics, Vec<DailyRow>) =
        QueryKind::Overview { filter } => Answer::Overview { totals, daily } => (totals, daily);
    /// A report grouped by the query's dimensions.
    report(query: Query) -> Report =
        QueryKind::Report { query } => Answer::Report { report } => report;
    /// The records behind a number, opened as `view`: (first page, total
    /// rows, drill id, rows the view shows).
    drill(request: DrillRequest, view: DrillView) -> (Drill, usize, u64, usize) =
        QueryKind::Drill { request, view } => Answer::Drill { drill, total, drill_id, shown } => (drill, total, drill_id, shown);
    /// Sort / narrow drill `drill_id` in the worker: (drill id, rows shown,
    /// first page).
    drill_view(drill_id: u64, view: DrillView) -> (u64, usize, Vec<DrillRow>) =
        QueryKind::DrillView { drill_id, view } => Answer::DrillView { drill_id, shown, rows } => (drill_id, shown, rows);
    /// Rows `offset..offset + limit` of drill `drill_id`'s view: (drill id, rows).
    drill_page(drill_id: u64, offset: usize, limit: usize) -> (u64, Vec<DrillRow>) =
        QueryKind::DrillPage { drill_id, offset, limit } => Answer::DrillPage { drill_id, rows, .. } => (drill_id, rows);
    /// The whole drill as a CSV or XLSX file built by the worker.
    export_drill(drill_id: u64, headers: Vec<String>, xlsx: bool, zh: bool, sheet: Option<String>, redact: bool) -> Result<File, String> =
        QueryKind::ExportDrill { drill_id, headers, xlsx, zh, sheet, redact } => Answer::File { mime, error, bytes } =>
            match error { Some(e) => Err(e), None => Ok(File { mime, bytes }) };
    /// A shown table as a CSV or XLSX file built by the worker.
    export_table(table: kefu_lens::export::Table, sheet: String, xlsx: bool, redact: bool, zh: bool) -> Result<File, String> =
        QueryKind::ExportTable { table, sheet, xlsx, redact, zh } => Answer::File { mime, error, bytes } =>
            match error { Some(e) => Err(e), None => Ok(File { mime, bytes }) };
    /// 分享报告: the filter's period and scope as one self-contained HTML
    /// file built by the worker (`kefu_lens::share`).
    share_report(request: kefu_lens::share::ShareRequest) -> Result<File, String> =
        QueryKind::ShareReport { request } => Answer::File { mime, error, bytes } =>
            match error { Some(e) => Err(e), None => Ok(File { mime, bytes }) };
    /// One conversation-day as a chat.
    transcript(conv: u32) -> Option<Transcript> =
        QueryKind::Transcript { conv } => Answer::Transcript { transcript } => transcript;
    /// Response times in buckets.
    histogram(filter: Filter) -> ResponseHistogram =
        QueryKind::Histogram { filter } => Answer::Histogram { histogram } => histogram;
    /// KPI scores of one role's agents with that role's template, with the
    /// manual scores given.
    kpi(filter: Filter, manual: BTreeMap<String, BTreeMap<String, f64>>, role: Option<kefu_lens::settings::Role>, qa_scores: Option<kefu_lens::qa::ScoreBook>) -> KpiReport =
        QueryKind::Kpi { filter, manual, role, qa_scores } => Answer::Kpi { report } => report;
    /// Alerts: (rows, count per agent, count per rule).
    alerts(filter: Filter) -> (Vec<Alert>, BTreeMap<String, u64>, BTreeMap<String, u64>) =
        QueryKind::Alerts { filter } => Answer::Alerts { rows, by_agent, by_rule } => (rows, by_agent, by_rule);
    /// The 咨询类目汇总表 at a tree level (1 = top).
    category_pivot(filter: Filter, level: usize) -> kefu_lens::engine::category::CategoryPivot =
        QueryKind::CategoryPivot { filter, level } => Answer::CategoryPivot { pivot } => pivot;
    /// The 时段 view.
    hours(filter: Filter) -> HoursReport =
        QueryKind::Hours { filter } => Answer::Hours { hours } => hours;
    /// 催付时机: first payment reminders per agent inside each window.
    cuifu_timing(filter: Filter) -> kefu_lens::engine::cuifu::CuifuTiming =
        QueryKind::CuifuTiming { filter } => Answer::CuifuTiming { timing } => timing;
    /// 对账: our figures beside the official sheets loaded; `tolerance` a
    /// fraction on top of the sheets' rounding.
    reconcile(tolerance: f64) -> kefu_lens::reconcile::ReconcileAnswer =
        QueryKind::Reconcile { tolerance } => Answer::Reconcile { reconciliation } => reconciliation;
    /// 退款原因: the refunds per first-application reason.
    refund_reasons(filter: Filter) -> Vec<kefu_lens::engine::RefundReason> =
        QueryKind::RefundReasons { filter } => Answer::RefundReasons { reasons } => reasons;
    /// 质检抽查: a sample of conversation-days.
    qa_sample(request: kefu_lens::qa::SampleRequest) -> kefu_lens::qa::Sample =
        QueryKind::QaSample { request } => Answer::QaSample { sample } => sample;
    /// 质检汇总 per agent over the book (and the sample under review).
    qa_summary(filter: Filter, book: kefu_lens::qa::ScoreBook, sampled: Vec<kefu_lens::qa::QaKey>) -> kefu_lens::qa::QaSummary =
        QueryKind::QaSummary { filter, book, sampled } => Answer::QaSummary { summary } => summary;
    /// A score book file merged into `book`: (book, merge, error).
    qa_import(book: kefu_lens::qa::ScoreBook, bytes: Vec<u8>, xlsx: bool) -> (kefu_lens::qa::ScoreBook, kefu_lens::qa::MergeReport, Option<kefu_lens::qa::BookError>) =
        QueryKind::QaImport { book, bytes, xlsx } => Answer::QaBook { book, merge, error } => (book, merge, error);
    /// The score book as a JSON or XLSX file.
    qa_export(book: kefu_lens::qa::ScoreBook, xlsx: bool) -> Result<File, String> =
        QueryKind::QaExport { book, xlsx } => Answer::File { mime, error, bytes } =>
            match error { Some(e) => Err(e), None => Ok(File { mime, bytes }) };
}
