//! What the Web Worker holds and does, without the browser: the dataset,
//! the settings, the engine built over them, and the latest drill list.
//!
//! The worker binary (`src/bin/kefu-worker.rs`) is glue around this type:
//! it turns `postMessage` events into [`Request`]s, reads files in slices
//! and yields to the event loop between [`Session::step_file`] calls, and
//! posts what these methods return. Everything here runs natively too, so
//! `cargo test` covers the worker's logic (`tests/it/session.rs`).
//!
//! [`Request`]: crate::protocol::Request

use std::collections::BTreeMap;

use crate::demo::{self, DemoParams};
use crate::engine::{drill::sort_rows, kpi, Drill, DrillColumn, DrillRow, DrillView, Engine, Query};
use crate::export::{Cell, Table};
use crate::import::{self, Importer};
use crate::model::{Checkpoint, Dataset, FileKind, FileReport, Problem};
use crate::pool::{Coordinator, Outgoing, PartAnswer, PartRequest, Plan};
use crate::protocol::{Answer, Loaded, QueryKind, Skip, DRILL_PAGE};
use crate::redact::Redactor;
use crate::settings::Settings;

/// MIME type of an Excel export.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// MIME type of a shared report.
pub const HTML_MIME: &str = "text/html";

/// The answer to a query asked before any data was loaded.
pub const NO_DATA: &str = "no data loaded";

/// The worker's state: everything loaded, and the engine over it.
#[derive(Default)]
pub struct Session {
    ds: Dataset,
    settings: Settings,
    engine: Option<Engine>,
    drills: Drills,
    /// Official 生意参谋 客服 sheets dropped with the inputs (issue 15 item
    /// 2), kept for 对账 beside the index of their report in `ds.files`.
    official: Vec<(usize, crate::reconcile::OfficialFile)>,
    /// When to answer through part workers instead of one engine
    /// (issue 12 item 2; off unless the worker turns it on).
    pool: PoolConfig,
    /// The pool's coordinator while the data is answered by parts; then
    /// `engine` is `None` and the drill list lives in the coordinator.
    coordinator: Option<Coordinator>,
}

/// How many parts a session splits into, and from how many messages.
#[derive(Debug, Clone, Copy)]
pub struct PoolConfig {
    /// Parts (one per part worker); below 2 the session never splits.
    pub parts: usize,
    /// Datasets with fewer messages are built as one engine here.
    pub min_messages: usize,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig { parts: 1, min_messages: usize::MAX }
    }
}

/// What a (re)build asks of the worker.
#[allow(clippy::large_enum_variant)]
pub enum Build {
    /// Built here; post this.
    Done(Loaded),
    /// Send part `k` its data (`Outgoing::into_bytes`, one part at a time)
    /// and the settings, then pass the parts' `PartState::info` answers, in
    /// part order, to [`Session::parts_built`].
    Parts(Vec<Outgoing>),
    /// Send every part this request (query-time settings changed), then
    /// pass the answers to [`Session::parts_built`].
    Broadcast(PartRequest),
}

/// Files up to this size that no input format recognises are tried as an
/// official 生意参谋 sheet (those are a few kilobytes per day); larger ones
/// are not copied for the try.
const REFERENCE_MAX_BYTES: usize = 8 << 20;

/// Files from this size are read as they stream in, when they can be
/// ([`Session::begin_stream`]); smaller ones are read whole first.
pub const STREAM_MIN_BYTES: u64 = 2 * import::STREAM_PREFIX as u64;

/// The latest drill answered, whole, and its view: what paging, sorting,
/// narrowing and export of a drill list read. Held by whoever answers
/// drills — the session over its engine, or a pool's coordinator over the
/// merged answers of its parts (`crate::pool`) — so these need no engine.
#[derive(Default)]
pub struct Drills {
    /// The latest drill (its id, all its rows); ids count up from 1.
    last: Option<(u64, Drill)>,
    /// The positions in `last`'s rows shown by its view (sorted,
    /// filtered), in order: what paging and export read.
    shown: Vec<usize>,
    count: u64,
}

/// One file being imported step by step; undone whole by
/// [`Session::cancel_file`].
pub struct FileImport {
    importer: Importer,
    checkpoint: Checkpoint,
    /// A copy of a small file's bytes, read as an official sheet when no
    /// input format takes it.
    reference: Option<Vec<u8>>,
}

impl FileImport {
    /// (bytes parsed, bytes in the file).
    pub fn progress(&self) -> (u64, u64) {
        self.importer.progress()
    }

    /// Data lines or rows read so far.
    pub fn rows(&self) -> u64 {
        self.importer.rows()
    }

    /// A file read as it streams in has parsed every whole record it was
    /// given: feed it more ([`Session::feed_file`]) before the next step.
    pub fn needs_input(&self) -> bool {
        self.importer.needs_input()
    }

    /// A streamed plain chat table: a helper may read its rest
    /// ([`import::TailReader`], [`Session::add_tail_piece`]).
    pub fn may_split(&self) -> bool {
        self.importer.may_split()
    }
}

impl Session {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Replace the settings and recompute from the same dataset (no file is
    /// read again). The answer is marked `from_settings`.
    /// A change of query-time settings only (the response threshold, the
    /// weekly rules, KPI and alert rules) keeps the engine's build.
    pub fn set_settings(&mut self, settings: Settings) -> Loaded {
        self.settings = settings;
        match self.engine.as_mut() {
            Some(engine) => {
                engine.apply_settings(&mut self.ds, &self.settings);
                self.loaded(false, true)
            }
            None => self.rebuild(false, true),
        }
    }

    /// Forget everything loaded; the settings (and the pool's size) stay.
    pub fn clear(&mut self) -> Loaded {
        let settings = std::mem::take(&mut self.settings);
        *self = Session { settings, pool: self.pool, ..Default::default() };
        self.rebuild(false, false)
    }

    /// Drop one file's rows (an index into `Loaded::reports`).
    pub fn remove_file(&mut self, index: usize) -> Loaded {
        self.ds.remove_file(index);
        self.official.retain(|(i, _)| *i != index);
        self.rebuild(false, false)
    }

    /// Start importing a file's bytes; `kind` is the user's override of the
    /// detected kind. The settings' column mappings and time zone apply.
    pub fn begin_file(&self, name: &str, bytes: Vec<u8>, kind: Option<FileKind>) -> FileImport {
        let opts = import::ImportOptions::from_settings(&self.settings);
        let reference = (kind.is_none() && bytes.len() <= REFERENCE_MAX_BYTES).then(|| bytes.clone());
        FileImport {
            importer: Importer::with_options(name, bytes, kind, &opts),
            checkpoint: self.ds.checkpoint(),
            reference,
        }
    }

    /// Start importing a file of `total` bytes that is still being read,
    /// from its first bytes ([`import::STREAM_PREFIX`] of them): Some when
    /// it is read as it streams in ([`Importer::streaming`]: a UTF-8
    /// table with a recognised header, over [`STREAM_MIN_BYTES`]), None to
    /// read it whole and use [`Session::begin_file`]. Either way the rows
    /// and the report are the same.
    pub fn begin_stream(&self, name: &str, prefix: &[u8], total: u64, kind: Option<FileKind>) -> Option<FileImport> {
        if total < STREAM_MIN_BYTES {
            return None;
        }
        let opts = import::ImportOptions::from_settings(&self.settings);
        Some(FileImport {
            importer: Importer::streaming(name, prefix, total, kind, &opts)?,
            checkpoint: self.ds.checkpoint(),
            // (a recognised table is never an official sheet)
            reference: None,
        })
    }

    /// The next bytes of a streamed file. False when they are not UTF-8:
    /// give the import up ([`Session::abandon_stream`]) and read the file
    /// whole.
    pub fn feed_file(&mut self, file: &mut FileImport, bytes: &[u8]) -> bool {
        file.importer.feed(&mut self.ds, bytes)
    }

    /// A streamed file has no more bytes; false as for [`Session::feed_file`].
    pub fn end_file_input(&mut self, file: &mut FileImport) -> bool {
        file.importer.end_input(&mut self.ds)
    }

    /// A piece of the file's rest, read by a helper from a line break on
    /// ([`import::TailReader::take_piece`]); its rows join the file's at
    /// [`Session::join_tail`]. An error means the piece is not one: give the
    /// helper up and read the rest here.
    pub fn add_tail_piece(&mut self, file: &mut FileImport, piece: &[u8]) -> Result<(), String> {
        file.importer.add_tail_piece(&mut self.ds, piece)
    }

    /// Every byte before the helper's start has been fed and read, and
    /// every piece added: true when the helper's rows are the file's now
    /// (end the input, [`Session::end_file_input`]); false when its start
    /// was no record boundary: feed the rest from there
    /// ([`import::Importer::join_tail`]). `keep` false: drop the helper's
    /// rows (a piece was refused, or the helper stopped).
    pub fn join_tail(&mut self, file: &mut FileImport, keep: bool) -> bool {
        file.importer.join_tail(&mut self.ds, keep)
    }

    /// Give a streamed import up (as [`Session::cancel_file`]: everything
    /// it added is dropped); the file is then read again, whole.
    pub fn abandon_stream(&mut self, file: FileImport) {
        self.cancel_file(file);
    }

    /// Parse up to `records` more records; true when the file is done.
    pub fn step_file(&mut self, file: &mut FileImport, records: usize) -> bool {
        file.importer.step(&mut self.ds, records)
    }

    /// The file is done: keep its rows and its report (a workbook gives one
    /// report per imported sheet; the first is returned, all are kept).
    /// A file no input format took (refused, one report) is tried as an
    /// official 生意参谋 客服 sheet: one is kept for 对账 and its card says
    /// so instead of refusing it.
    pub fn finish_file(&mut self, file: FileImport) -> FileReport {
        let first = self.ds.files.len();
        let report = file.importer.finish(&mut self.ds);
        let refused = report.fatal.is_some() && report.kind == FileKind::Unknown && self.ds.files.len() == first + 1;
        match file.reference {
            Some(bytes) if refused => self.keep_official(first, bytes).unwrap_or(report),
            _ => report,
        }
    }

    /// Read report `index`'s file as an official sheet; when it is one,
    /// keep it and turn its card into a reference card.
    fn keep_official(&mut self, index: usize, bytes: Vec<u8>) -> Option<FileReport> {
        let name = self.ds.files[index].name.clone();
        let sheet = crate::reconcile::read_official(&name, &import::grid(bytes).ok()?);
        let kind = sheet.kind.filter(|_| !sheet.rows.is_empty())?;
        let r = &mut self.ds.files[index];
        r.fatal = None;
        r.reference = Some(kind);
        r.format = "sycm-official".into();
        r.read = sheet.rows.len() as u64;
        r.problem_count = sheet.problems.len() as u64;
        r.problems =
            sheet.problems.iter().map(|p| Problem { line: 0, message_zh: p.clone(), message_en: p.clone() }).collect();
        self.official.push((index, sheet));
        Some(r.clone())
    }

    /// Our figures beside the official sheets loaded (`crate::reconcile`);
    /// `tolerance` is relative, on top of the sheets' rounding.
    pub fn reconcile(&self, tolerance: f64) -> Result<crate::reconcile::ReconcileAnswer, String> {
        let engine = self.engine.as_ref().ok_or(NO_DATA)?;
        if !(0.0..=1.0).contains(&tolerance) {
            return Err(format!("tolerance {tolerance}: expected a fraction between 0 and 1"));
        }
        let order_days = self.ds.counted_orders().map(|(_, o)| crate::model::day_of(o.created)).collect();
        let report = |q: &Query| engine.report(q);
        let ours = crate::reconcile::Ours {
            report: &report,
            order_days,
            closing_word_filter: self.settings.closing_word_filter,
        };
        let files = self.official.iter().map(|(_, f)| f.clone()).collect();
        Ok(crate::reconcile::reconcile(files, &ours, tolerance).into())
    }

    /// The import was cancelled: drop everything this file added.
    pub fn cancel_file(&mut self, file: FileImport) {
        self.ds.rollback(file.checkpoint);
    }

    /// Import a whole file at once (the CLI's and the tests' way).
    pub fn import_file(&mut self, name: &str, bytes: Vec<u8>, kind: Option<FileKind>) -> FileReport {
        let mut file = self.begin_file(name, bytes, kind);
        while !self.step_file(&mut file, usize::MAX) {}
        self.finish_file(file)
    }

    /// A file the browser could not read: it gets a report saying so.
    pub fn unreadable_file(&mut self, name: &str, size: u64, error: &str) {
        let mut r = FileReport::new(name, size);
        r.fatal = Some(Problem {
            line: 0,
            message_zh: format!("浏览器无法读取该文件：{error}"),
            message_en: format!("The browser could not read this file: {error}"),
        });
        self.ds.files.push(r);
    }

    /// A file of an import that is not read (`ImportFile::skip`): its card
    /// says why — cancelled before it was read (no rows, not a failure), or
    /// it stopped the worker last time (unreadable, with what to do).
    pub fn skipped_file(&mut self, name: &str, size: u64, why: Skip) {
        let mut r = FileReport::new(name, size);
        match why {
            Skip::Cancelled => r.cancelled = true,
            Skip::Crashed => {
                r.fatal = Some(Problem {
                    line: 0,
                    message_zh: "读取这个文件时分析引擎意外停止（文件可能已损坏、被改动过，或大到超出浏览器内存）。\
                                 其他文件已重新导入，没有丢失。请用导出它的软件重新导出，或另存为 CSV 后再导入。"
                        .into(),
                    message_en: "The analysis engine stopped while reading this file (it may be damaged, altered, \
                                 or too large for the browser's memory). The other files were imported again; nothing \
                                 else was lost. Export it again from the tool that made it, or save it as CSV and \
                                 import that."
                        .into(),
                });
            }
            Skip::CrashedComputing => {
                r.fatal = Some(Problem {
                    line: 0,
                    message_zh: "导入这一批文件后计算时分析引擎意外停止，这一批已跳过，之前导入的文件保留。\
                                 请把这一批文件逐个导入，找出引起问题的文件。"
                        .into(),
                    message_en: "The analysis engine stopped while computing after this batch of files, so the \
                                 batch was left out; files imported before it are kept. Import the batch's files one \
                                 at a time to find the one that causes it."
                        .into(),
                });
            }
        }
        self.ds.files.push(r);
    }

    /// The demo shop's data files, to import in order. Its settings file is
    /// applied here; the 样例_* files (samples of the text export shapes)
    /// are not part of the demo shop's data and are left out.
    pub fn demo_files(&mut self, params: &DemoParams) -> Vec<demo::DemoFile> {
        let mut out = Vec::new();
        for f in demo::generate_files(params) {
            if f.name.starts_with("样例_") {
                continue;
            }
            if f.name.ends_with(".json") {
                let parsed = std::str::from_utf8(&f.bytes).ok().and_then(|t| Settings::from_json(t).ok());
                if let Some(s) = parsed {
                    self.settings = s;
                }
                continue;
            }
            out.push(f);
        }
        out
    }

    /// Build the engine over what is loaded now and describe it.
    pub fn rebuild(&mut self, cancelled: bool, from_settings: bool) -> Loaded {
        self.leave_pool();
        self.engine = Some(Engine::prepare(&mut self.ds, &self.settings));
        self.loaded(cancelled, from_settings)
    }

    /// Staff accounts seen, sorted (none before a build).
    fn agents(&self) -> Vec<String> {
        match (&self.coordinator, &self.engine) {
            (Some(c), _) => c.agents().to_vec(),
            (None, Some(e)) => e.agents(),
            (None, None) => Vec::new(),
        }
    }

    /// Answer through part workers from now on (the worker's choice:
    /// `parts` workers, for datasets of at least `min_messages`).
    pub fn set_pool(&mut self, pool: PoolConfig) {
        self.pool = pool;
    }

    /// True while the loaded data is answered by parts.
    pub fn pooled(&self) -> bool {
        self.coordinator.is_some()
    }

    /// Back to one engine here: the drill list comes back from the
    /// coordinator, so drill ids keep counting up.
    fn leave_pool(&mut self) {
        if let Some(mut c) = self.coordinator.take() {
            self.drills = std::mem::take(c.drills_mut());
        }
    }

    /// [`Session::rebuild`], through the parts when the pool is on and the
    /// dataset is large enough: then the dataset is settled and split, no
    /// engine is built here, and the parts' data is returned to send.
    pub fn build(&mut self, cancelled: bool, from_settings: bool) -> Build {
        let PoolConfig { parts, min_messages } = self.pool;
        if parts < 2 || self.ds.messages.is_empty() || self.ds.messages.len() < min_messages {
            return Build::Done(self.rebuild(cancelled, from_settings));
        }
        self.leave_pool();
        self.engine = None;
        let drills = std::mem::take(&mut self.drills);
        let (mut c, data) = Coordinator::prepare_parts(&mut self.ds, &self.settings, parts);
        *c.drills_mut() = drills;
        self.coordinator = Some(c);
        Build::Parts(data)
    }

    /// The parts' answers to what [`Build`] asked, in part order: the
    /// coordinator learns their builds; then what is loaded.
    pub fn parts_built(
        &mut self,
        answers: Vec<PartAnswer>,
        cancelled: bool,
        from_settings: bool,
    ) -> Result<Loaded, String> {
        let c = self.coordinator.as_mut().ok_or("no pool to build")?;
        c.built(answers)?;
        Ok(self.loaded(cancelled, from_settings))
    }

    /// [`Session::set_settings`] for a worker with a pool: query-time
    /// changes are sent to the parts, others split again.
    pub fn settings_build(&mut self, settings: Settings) -> Build {
        match self.coordinator.as_mut() {
            None => Build::Done(self.set_settings(settings)),
            Some(c) => {
                self.settings = settings.clone();
                match c.set_settings(settings) {
                    Some(req) => Build::Broadcast(req),
                    None => self.build(false, true),
                }
            }
        }
    }

    /// [`Session::remove_file`] for a worker with a pool.
    pub fn remove_file_build(&mut self, index: usize) -> Build {
        self.ds.remove_file(index);
        self.official.retain(|(i, _)| *i != index);
        self.build(false, false)
    }

    /// What to do with `query`: its answer, or the part requests whose
    /// answers [`Session::merge`] turns into it. Without a pool it is
    /// always answered here ([`Session::answer`]).
    pub fn plan(&mut self, query: QueryKind) -> Plan {
        let Some(c) = self.coordinator.as_mut() else { return Plan::Done(self.answer(query)) };
        match query {
            // A table the UI holds needs no data (redacted: the pseudonyms
            // of the dataset, which is here), as without a pool.
            QueryKind::ExportTable { .. } => Plan::Done(self.answer(query)),
            // What the coordinator cannot answer the session can: it holds
            // the dataset (nicks for pseudonyms) and the official sheets.
            QueryKind::ExportDrill { redact: true, .. }
            | QueryKind::Reconcile { .. }
            | QueryKind::ShareReport { .. } => Plan::Done(self.answer_here(query)),
            q => c.fan_out(&q),
        }
    }

    /// The answer to `query` from the parts' answers to [`Session::plan`]'s
    /// requests, in the same order.
    pub fn merge(&mut self, query: &QueryKind, answers: Vec<PartAnswer>) -> Result<Answer, String> {
        self.coordinator.as_mut().ok_or(NO_DATA)?.merge(query, answers)
    }

    /// A query the pool's coordinator cannot answer, answered by the
    /// session that holds the dataset: a redacted drill export (the drill
    /// list is the coordinator's, the pseudonyms the dataset's), and 对账
    /// and 分享报告, which read reports of their own over an engine built
    /// here for the occasion and dropped after (one build's time and
    /// memory).
    fn answer_here(&mut self, query: QueryKind) -> Result<Answer, String> {
        match query {
            QueryKind::ExportDrill { drill_id, headers, xlsx, zh, sheet, redact: true } => {
                let r = self.redactor(zh);
                let c = self.coordinator.as_mut().ok_or(NO_DATA)?;
                Ok(c.drills_mut().export(drill_id, headers, xlsx, zh, sheet, Some(&r)))
            }
            q => {
                let engine = Engine::prepare(&mut self.ds, &self.settings);
                let coordinator = self.coordinator.take();
                self.engine = Some(engine);
                let answer = self.answer(q);
                self.engine = None;
                self.coordinator = coordinator;
                answer
            }
        }
    }

    /// What is loaded now, for the UI (an empty summary before any build).
    pub fn loaded(&self, cancelled: bool, from_settings: bool) -> Loaded {
        let engine = self.engine.as_ref();
        let pool = self.coordinator.as_ref();
        Loaded {
            reports: self.ds.files.clone(),
            summary: match pool {
                Some(c) => c.summary().clone(),
                None => engine.map(|e| e.summary(&self.ds)).unwrap_or_default(),
            },
            settings: self.settings.clone(),
            cancelled,
            agents: self.agents(),
            shops: self.ds.shops_present(),
            text_nicks: import::text_nicks(&self.ds, &self.settings),
            settings_error: match pool {
                Some(c) => c.category_error().map(str::to_string),
                None => engine.and_then(|e| e.category_error.clone()),
            },
            from_settings,
            cancelled_at: None,
        }
    }

    /// Answer a query about the loaded data.
    pub fn answer(&mut self, query: QueryKind) -> Result<Answer, String> {
        // A table the UI already holds needs no data of ours (but the
        // loaded data's pseudonyms when it is to be redacted).
        if let QueryKind::ExportTable { table, sheet, xlsx, redact, zh } = query {
            let table = if redact { self.redactor(zh).table(&table) } else { table };
            return Ok(export_table(&table, &sheet, xlsx));
        }
        // Nor do the QA book's (the book is the UI's).
        if let Some(answer) = qa_answer(&self.settings, &query) {
            return Ok(answer);
        }
        if let QueryKind::ExportDrill { drill_id, headers, xlsx, zh, sheet, redact: true } = query {
            let r = self.redactor(zh);
            return Ok(self.drills.export(drill_id, headers, xlsx, zh, sheet, Some(&r)));
        }
        let engine = self.engine.as_ref().ok_or(NO_DATA)?;
        let ds = &self.ds;
        Ok(match query {
            QueryKind::Overview { filter } => {
                let (totals, daily) = engine.overview(&filter);
                Answer::Overview { totals, daily }
            }
            QueryKind::Report { query } => Answer::Report { report: engine.report(&query) },
            QueryKind::Drill { request, view } => self.drills.open(engine.drill(ds, &request), &view),
            QueryKind::DrillView { .. } | QueryKind::DrillPage { .. } | QueryKind::ExportDrill { .. } => {
                self.drills.answer(query).expect("a drill list query")
            }
            QueryKind::Histogram { filter } => Answer::Histogram { histogram: engine.response_histogram(&filter) },
            QueryKind::Transcript { conv } => Answer::Transcript { transcript: engine.transcript(ds, conv) },
            QueryKind::Kpi { filter, manual, role, qa_scores } => {
                kpi_answer(&self.settings, engine.kpi_actuals(&filter), &manual, role, qa_scores.as_ref(), &filter)
            }
            QueryKind::QaSample { request } => Answer::QaSample { sample: crate::qa::sample(engine, ds, &request) },
            QueryKind::Alerts { filter } => {
                let rows = engine.alerts(ds, &self.settings.alert_rules(), &filter);
                let (by_agent, by_rule) = Engine::alert_counts(&rows);
                Answer::Alerts { rows, by_agent, by_rule }
            }
            QueryKind::Hours { filter } => Answer::Hours { hours: engine.hours(&filter) },
            QueryKind::CuifuTiming { filter } => Answer::CuifuTiming { timing: engine.cuifu_timing(&filter) },
            QueryKind::Reconcile { tolerance } => Answer::Reconcile { reconciliation: self.reconcile(tolerance)? },
            QueryKind::RefundReasons { filter } => {
                Answer::RefundReasons { reasons: engine.refund_reasons(ds, &filter) }
            }
            QueryKind::CategoryPivot { filter, level } => {
                Answer::CategoryPivot { pivot: engine.category_pivot(&filter, level) }
            }
            QueryKind::ShareReport { request } => {
                let html = crate::share::build(&(engine, ds), ds, &self.settings, &request);
                Answer::File { mime: HTML_MIME.into(), error: None, bytes: html.into_bytes() }
            }
            QueryKind::ExportTable { .. }
            | QueryKind::QaSummary { .. }
            | QueryKind::QaImport { .. }
            | QueryKind::QaExport { .. } => unreachable!("answered above"),
        })
    }

    /// The pseudonyms of the loaded data (`crate::redact`), built for each
    /// redacted export from what is loaded now, so it is never stale; with
    /// nothing loaded it still masks phones and addresses.
    pub fn redactor(&self, zh: bool) -> Redactor {
        Redactor::new(&self.ds, &self.settings, &self.agents(), zh)
    }
}

impl Drills {
    /// Keep `drill` whole as the latest drill and answer with the first
    /// page of `view`.
    pub fn open(&mut self, mut drill: Drill, view: &DrillView) -> Answer {
        let total = drill.rows.len();
        let all = std::mem::take(&mut drill.rows);
        self.count += 1;
        self.last = Some((self.count, Drill { rows: all, ..drill.clone() }));
        let drill_id = self.count;
        let shown = self.set_drill_view(drill_id, view);
        drill.rows = self.drill_rows(drill_id, 0, DRILL_PAGE);
        Answer::Drill { drill, total, drill_id, shown }
    }

    /// Answer a query about the latest drill list (its view, a page, an
    /// export); None for any other query.
    pub fn answer(&mut self, query: QueryKind) -> Option<Answer> {
        Some(match query {
            QueryKind::DrillView { drill_id, view } => {
                let shown = self.set_drill_view(drill_id, &view);
                Answer::DrillView { drill_id, shown, rows: self.drill_rows(drill_id, 0, DRILL_PAGE) }
            }
            QueryKind::DrillPage { drill_id, offset, limit } => {
                Answer::DrillPage { drill_id, offset, rows: self.drill_rows(drill_id, offset, limit) }
            }
            QueryKind::ExportDrill { drill_id, headers, xlsx, zh, sheet, redact: false } => {
                self.export(drill_id, headers, xlsx, zh, sheet, None)
            }
            _ => return None,
        })
    }

    /// Drill `drill_id`'s view as a file, every cell passed through
    /// `redactor` when given.
    pub fn export(
        &self,
        drill_id: u64,
        headers: Vec<String>,
        xlsx: bool,
        zh: bool,
        sheet: Option<String>,
        redactor: Option<&Redactor>,
    ) -> Answer {
        let rows = self.drill_rows(drill_id, 0, usize::MAX);
        export_drill(&rows, headers, xlsx, zh, sheet.as_deref().unwrap_or("drill"), redactor)
    }

    /// Rows `offset..offset + limit` of drill `drill_id`'s view, if it is
    /// the latest drill (else none).
    fn drill_rows(&self, drill_id: u64, offset: usize, limit: usize) -> Vec<DrillRow> {
        match &self.last {
            Some((id, d)) if *id == drill_id => {
                self.shown.iter().skip(offset).take(limit).map(|&i| d.rows[i].clone()).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Sort and narrow drill `drill_id` (the latest) as `view` says, over
    /// all its rows; returns how many rows the view shows (0 for an older
    /// drill).
    fn set_drill_view(&mut self, drill_id: u64, view: &DrillView) -> usize {
        self.shown.clear();
        let Some((id, d)) = self.last.as_mut() else { return 0 };
        if *id != drill_id {
            return 0;
        }
        sort_rows(&mut d.rows, view.sort.unwrap_or(DrillColumn::Time), view.desc);
        let needle = view.text.trim().to_lowercase();
        let failures_only = view.failures_only && d.failures.is_some();
        self.shown = (0..d.rows.len())
            .filter(|&i| {
                let r = &d.rows[i];
                (!failures_only || r.fail) && (needle.is_empty() || row_contains(r, &needle))
            })
            .collect();
        self.shown.len()
    }
}

/// The QA queries that need no data (the book is the UI's, the templates
/// the settings'): answered here by the session and by a pool's
/// coordinator alike; None for any other query.
pub(crate) fn qa_answer(settings: &Settings, query: &QueryKind) -> Option<Answer> {
    use crate::qa::{summary::summarize, MergeReport, ScoreBook};
    Some(match query {
        QueryKind::QaSummary { filter, book, sampled } => {
            Answer::QaSummary { summary: summarize(book, sampled, filter, settings) }
        }
        QueryKind::QaImport { book, bytes, xlsx } => {
            let mut book = book.clone();
            let read = if *xlsx {
                ScoreBook::from_xlsx(bytes.clone(), &settings.qa)
            } else {
                match String::from_utf8(bytes.clone()) {
                    Ok(text) => ScoreBook::from_json(&text, &settings.qa),
                    Err(e) => Err(crate::qa::BookError {
                        sheet: None,
                        problem: crate::qa::BookProblem::Unreadable { detail: e.to_string() },
                    }),
                }
            };
            match read {
                Ok(incoming) => {
                    let merge = book.merge(incoming);
                    Answer::QaBook { book, merge, error: None }
                }
                Err(e) => Answer::QaBook { book, merge: MergeReport::default(), error: Some(e) },
            }
        }
        QueryKind::QaExport { book, xlsx: true } => match book.to_xlsx(&settings.qa) {
            Ok(bytes) => Answer::File { mime: XLSX_MIME.into(), error: None, bytes },
            Err(e) => Answer::File { mime: XLSX_MIME.into(), error: Some(e), bytes: Vec::new() },
        },
        QueryKind::QaExport { book, xlsx: false } => {
            Answer::File { mime: "application/json".into(), error: None, bytes: book.to_json().into_bytes() }
        }
        _ => return None,
    })
}

/// The KPI answer from the agents' actuals: manager-entered scores for
/// `manual:*` items (agent → item → score) and, given the user's score
/// book, the QA averages of `qa:<template>` items over the filter's period
/// join them; then every agent is scored with the role's template
/// (`role`), or all with the pre-sales one.
pub(crate) fn kpi_answer(
    settings: &Settings,
    mut actuals: Vec<kpi::AgentActuals>,
    manual: &BTreeMap<String, BTreeMap<String, f64>>,
    role: Option<crate::settings::Role>,
    qa_scores: Option<&crate::qa::ScoreBook>,
    filter: &crate::engine::Filter,
) -> Answer {
    let qa = qa_scores.map(|b| crate::qa::summary::summarize(b, &[], filter, settings).kpi_scores());
    for a in &mut actuals {
        for scores in [manual.get(&a.agent), qa.as_ref().and_then(|q| q.get(&a.agent))].into_iter().flatten() {
            for (k, v) in scores {
                a.metrics.insert(k.clone(), Some(*v));
            }
        }
    }
    let report = match role {
        Some(role) => kpi::score_role(settings, role, &actuals),
        None => kpi::score(&settings.kpi_template(), &actuals),
    };
    Answer::Kpi { report }
}

/// Whether a drill row's agent, buyer, opening message or detail (its
/// language-neutral text or as either UI language shows it) contains
/// `needle` (already lower-case).
fn row_contains(r: &DrillRow, needle: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&r.agent)
        || has(&r.buyer)
        || has(&r.opening)
        || has(&r.detail.raw())
        || has(&crate::format::drill_detail(&r.detail, true))
        || has(&crate::format::drill_detail(&r.detail, false))
}

/// A drill list (its view: sorted, filtered) as a CSV (with a BOM) or XLSX
/// file; columns day, agent, buyer, time, detail, the buyer's opening
/// message; `headers` in the UI's language, details as the Chinese UI shows
/// them when `zh`; `sheet` names the XLSX sheet.
fn export_drill(
    rows: &[DrillRow],
    headers: Vec<String>,
    xlsx: bool,
    zh: bool,
    sheet: &str,
    redactor: Option<&Redactor>,
) -> Answer {
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.day.clone()),
                Cell::Text(r.agent.clone()),
                Cell::Text(r.buyer.clone()),
                Cell::Text(r.time.clone()),
                Cell::Text(crate::format::drill_detail(&r.detail, zh)),
                Cell::Text(r.opening.clone()),
            ]
        })
        .collect();
    let table = Table { headers, rows };
    match redactor {
        Some(r) => export_table(&r.table(&table), sheet, xlsx),
        None => export_table(&table, sheet, xlsx),
    }
}

/// A table as a CSV (with a BOM) or XLSX file.
pub(crate) fn export_table(table: &Table, sheet: &str, xlsx: bool) -> Answer {
    if xlsx {
        match crate::export::to_xlsx(table, sheet) {
            Ok(bytes) => Answer::File { mime: XLSX_MIME.into(), error: None, bytes },
            Err(e) => Answer::File { mime: XLSX_MIME.into(), error: Some(e), bytes: Vec::new() },
        }
    } else {
        Answer::File { mime: "text/csv".into(), error: None, bytes: crate::export::to_csv(table) }
    }
}
