//! The Web Worker: browser glue around [`kefu_lens::session::Session`],
//! which holds the dataset and the engine and answers queries. This file
//! only turns messages into requests, reads files as streams, yields to the
//! event loop (so a Cancel can arrive), queues requests that arrive during
//! an import, and posts answers (file bytes transferred, not copied).
//! Built by Trunk (`data-type="worker"`); natively it is an empty stub.
//!
//! When the page asks for them (`?workers=N`), large datasets are answered
//! by part workers that this worker starts (`parts.rs`): the same script in
//! another mode.

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(target_arch = "wasm32")]
mod helper;
#[cfg(target_arch = "wasm32")]
mod parts;

#[cfg(target_arch = "wasm32")]
use worker::{post, scope};

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::{Cell, RefCell};

    use js_sys::{Array, Promise, Uint8Array};
    use kefu_lens::demo::DemoParams;
    use kefu_lens::model::FileKind;
    use kefu_lens::pool::Plan;
    use kefu_lens::protocol::{Answer, ImportFile, Phase, Progress, QueryKind, Request, Response, Skip};
    use kefu_lens::session::{Build, FileImport, Session};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    use crate::{helper, parts};

    /// Bytes read from a File between two progress messages.
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    /// Records parsed between two yields to the event loop.
    const STEP: usize = 20_000;

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::new());
        static CANCEL: Cell<bool> = const { Cell::new(false) };
        static BUSY: Cell<bool> = const { Cell::new(false) };
        /// Requests that arrived while an import was running.
        static QUEUE: RefCell<Vec<(Request, Array)>> = const { RefCell::new(Vec::new()) };
        /// When the last import began (`Date.now()`), for `kefuTimings`.
        static IMPORT_T0: Cell<f64> = const { Cell::new(0.0) };
    }

    fn with<R>(f: impl FnOnce(&mut Session) -> R) -> R {
        SESSION.with(|s| f(&mut s.borrow_mut()))
    }

    pub fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    pub fn post(r: &Response) {
        let json = serde_json::to_string(r).unwrap_or_else(|e| {
            serde_json::json!({"type": "error", "message": format!("could not encode a worker message: {e}")})
                .to_string()
        });
        let _ = scope().post_message(&JsValue::from_str(&json));
    }

    /// A response whose file bytes travel beside the JSON, transferred (not
    /// copied) to the UI thread.
    fn post_file(r: &Response, bytes: &[u8]) {
        let json = serde_json::to_string(r).unwrap_or_default();
        let msg = js_sys::Object::new();
        let buf = Uint8Array::from(bytes);
        let _ = js_sys::Reflect::set(&msg, &"json".into(), &JsValue::from_str(&json));
        let _ = js_sys::Reflect::set(&msg, &"bytes".into(), &buf);
        let transfer = Array::of1(&buf.buffer());
        let _ = scope().post_message_with_transfer(&msg, &transfer);
    }

    pub fn start() {
        if parts::is_part() {
            parts::start_part();
            return;
        }
        if helper::is_helper() {
            helper::start_helper();
            return;
        }
        with(|s| s.set_pool(parts::config()));
        console_error_panic_hook::set_once();
        // A panic aborts the wasm instance: say so (the UI restarts the
        // worker and replays what was loaded). Its text, with source paths,
        // goes to the console only, never into the page.
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            post(&Response::Panicked);
        }));
        // The worker's wasm memory on its global scope, for the in-browser
        // benchmark (tests/e2e/bench_import.mjs reads its size: a wasm memory
        // only grows, so that is its peak). It holds nothing the page
        // cannot already see.
        let _ = js_sys::Reflect::set(&scope(), &"kefuWasmMemory".into(), &wasm_bindgen::memory());
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let json = js_sys::Reflect::get(&data, &"json".into()).ok().and_then(|v| v.as_string());
            let files: Array = js_sys::Reflect::get(&data, &"files".into())
                .ok()
                .and_then(|v| v.dyn_into::<Array>().ok())
                .unwrap_or_default();
            let Some(json) = json else { return };
            match serde_json::from_str::<Request>(&json) {
                Ok(req) => dispatch(req, files),
                Err(e) => post(&Response::Error { message: format!("bad request: {e}") }),
            }
        });
        scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // The handler lives as long as the worker does.
        onmessage.forget();
        // The parse helper and the part workers start with the page (see
        // `helper::start`, `parts::start_workers`); ready once they are, or
        // without them when they cannot start.
        let pool = parts::config();
        wasm_bindgen_futures::spawn_local(async move {
            helper::start(15_000).await;
            if pool.parts >= 2 && !parts::start_workers(pool.parts, 15_000).await {
                with(|s| s.set_pool(kefu_lens::session::PoolConfig::default()));
            }
            post(&Response::Ready);
        });
    }

    fn dispatch(req: Request, files: Array) {
        if let Request::Cancel = req {
            CANCEL.with(|c| c.set(true));
            helper::wake();
            return;
        }
        if BUSY.with(|b| b.get()) {
            QUEUE.with(|q| q.borrow_mut().push((req, files)));
            return;
        }
        match req {
            Request::Import { files: metas } => spawn_busy(import(metas, files)),
            Request::LoadDemo { params } => spawn_busy(load_demo(params)),
            Request::SetSettings { settings } => run_build(with(|s| s.settings_build(settings)), true),
            Request::Clear => {
                parts::release();
                post(&Response::Loaded(with(|s| s.clear())));
            }
            Request::RemoveFile { index } => run_build(with(|s| s.remove_file_build(index)), false),
            Request::Query { id, query } => match (js_sys::Date::now(), with(|s| s.plan(query.clone()))) {
                (t0, Plan::Done(answer)) => {
                    post_answer(id, answer);
                    note_query(&query, t0);
                }
                // through the part workers: one question at a time, so
                // nothing changes the parts while they answer
                (_, Plan::Ask(requests)) => spawn_busy(async move {
                    let answer = match parts::ask(requests).await {
                        Ok(answers) => with(|s| s.merge(&query, answers)),
                        Err(e) => Err(e),
                    };
                    post_answer(id, answer);
                }),
            },
            Request::Cancel => {}
        }
    }

    /// The queries answered here since the last import, in order, as
    /// `kind @start +ms` on `kefuTimings.queries`, `start` counted from the
    /// import's beginning (for the in-browser benchmark: what the time
    /// after the build went to).
    fn note_query(query: &QueryKind, t0: f64) {
        // The variant's name: what `Debug` writes first (stopped there, so
        // a query carrying a table is not written out).
        struct Name(String);
        impl std::fmt::Write for Name {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                match s.find([' ', '{', '(']) {
                    Some(i) => {
                        self.0.push_str(&s[..i]);
                        Err(std::fmt::Error)
                    }
                    None => {
                        self.0.push_str(s);
                        Ok(())
                    }
                }
            }
        }
        let mut name = Name(String::new());
        let _ = std::fmt::write(&mut name, format_args!("{query:?}"));
        let kind = name.0;
        let key = JsValue::from_str("kefuTimings");
        let Ok(t) = js_sys::Reflect::get(&scope(), &key) else { return };
        if !t.is_object() {
            return;
        }
        let before = js_sys::Reflect::get(&t, &"queries".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let now = js_sys::Date::now();
        let since = t0 - IMPORT_T0.with(Cell::get);
        let entry = format!("{}{kind} @{since:.0} +{:.0}", if before.is_empty() { "" } else { "; " }, now - t0);
        let _ = js_sys::Reflect::set(&t, &"queries".into(), &JsValue::from_str(&(before + &entry)));
    }

    fn post_answer(id: u64, answer: Result<Answer, String>) {
        match answer {
            Ok(Answer::File { mime, error, bytes }) => {
                post_file(&Response::Answer { id, answer: Answer::File { mime, error, bytes: Vec::new() } }, &bytes)
            }
            Ok(answer) => post(&Response::Answer { id, answer }),
            Err(message) => post(&Response::Failed { id, message }),
        }
    }

    /// Post what a build asks for: at once, or after the part workers
    /// have built (one `Loaded` either way).
    fn run_build(build: Build, from_settings: bool) {
        match build {
            Build::Done(loaded) => {
                parts::release();
                post(&Response::Loaded(loaded));
            }
            build => spawn_busy(async move {
                if let Some(loaded) = build_parts(build, false, from_settings).await {
                    post(&Response::Loaded(loaded));
                }
            }),
        }
    }

    /// Carry out a build through the part workers; None (after saying why)
    /// when they failed.
    async fn build_parts(build: Build, cancelled: bool, from_settings: bool) -> Option<kefu_lens::protocol::Loaded> {
        let answers = match build {
            Build::Done(loaded) => {
                parts::release();
                return Some(loaded);
            }
            Build::Parts(data) => {
                let settings = with(|s| s.settings().clone());
                parts::build(data, &settings).await
            }
            Build::Broadcast(req) => parts::ask((0..parts::count()).map(|k| (k, req.clone())).collect()).await,
        };
        match answers.and_then(|a| with(|s| s.parts_built(a, cancelled, from_settings))) {
            Ok(loaded) => Some(loaded),
            Err(message) => {
                post(&Response::Error { message });
                None
            }
        }
    }

    fn spawn_busy(fut: impl std::future::Future<Output = ()> + 'static) {
        BUSY.with(|b| b.set(true));
        CANCEL.with(|c| c.set(false));
        wasm_bindgen_futures::spawn_local(async move {
            fut.await;
            BUSY.with(|b| b.set(false));
            let queued: Vec<_> = QUEUE.with(|q| q.borrow_mut().drain(..).collect());
            for (req, files) in queued {
                dispatch(req, files);
            }
        });
    }

    fn cancelled() -> bool {
        CANCEL.with(|c| c.get())
    }

    thread_local! {
        /// A channel this worker posts to itself to yield: unlike a 0 ms
        /// timer, which browsers clamp to 4 ms once timers nest (every
        /// yield of an import does), a message runs as soon as the tasks
        /// before it have. Its handler wakes the yields waiting.
        static YIELD: (web_sys::MessageChannel, Closure<dyn FnMut(MessageEvent)>) = {
            let channel = web_sys::MessageChannel::new().expect("a MessageChannel");
            let wake = Closure::<dyn FnMut(MessageEvent)>::new(|_| {
                let waiting: Vec<js_sys::Function> = WAITING.with(|w| w.borrow_mut().drain(..).collect());
                for f in waiting {
                    let _ = f.call0(&JsValue::NULL);
                }
            });
            channel.port1().set_onmessage(Some(wake.as_ref().unchecked_ref()));
            (channel, wake)
        };
        static WAITING: RefCell<Vec<js_sys::Function>> = const { RefCell::new(Vec::new()) };
    }

    /// Let the event loop run (so a Cancel message can arrive).
    async fn yield_now() {
        let p = Promise::new(&mut |resolve, _| {
            WAITING.with(|w| w.borrow_mut().push(resolve));
            YIELD.with(|(channel, _)| {
                let _ = channel.port2().post_message(&JsValue::NULL);
            });
        });
        let _ = JsFuture::from(p).await;
    }

    /// Reads in flight at once on a file's stream, so the browser goes on
    /// reading while this worker parses (Chromium's chunks of a 120 MB file
    /// were 0.5–1.2 MB: about a batch's worth).
    const READS_AHEAD: usize = 8;
    /// Bytes of a streamed file fed between two parse rounds.
    const BATCH: usize = 4 << 20;

    /// A file's stream of chunks (`Blob.stream()`): Chromium hands a file
    /// over so about three times faster than as 4 MB slices' array buffers
    /// (measured: 120 MB in 0.19 s against 0.6 s). Several reads are asked
    /// for ahead of need.
    struct Chunks {
        reader: JsValue,
        ahead: std::collections::VecDeque<Promise>,
        done: bool,
        /// Milliseconds spent waiting for the stream.
        waited: f64,
        /// The file was parsed as it streamed in.
        streamed: bool,
        /// Chunks read.
        count: u32,
        /// Bytes handed out so far, and where to stop for now (the rest is
        /// the parse helper's): a chunk crossing it is cut there, its rest
        /// held for when the limit is lifted.
        pos: f64,
        limit: Option<f64>,
        held: Option<Uint8Array>,
    }

    fn get(o: &JsValue, k: &str) -> Result<JsValue, String> {
        js_sys::Reflect::get(o, &k.into()).map_err(|e| format!("{e:?}"))
    }

    fn call(o: &JsValue, k: &str) -> Result<JsValue, String> {
        let f: js_sys::Function = get(o, k)?.dyn_into().map_err(|_| format!("no {k}"))?;
        f.call0(o).map_err(|e| format!("{e:?}"))
    }

    impl Chunks {
        fn open(blob: &Blob) -> Result<Chunks, String> {
            let reader = call(&call(blob, "stream")?, "getReader")?;
            Ok(Chunks {
                reader,
                ahead: Default::default(),
                done: false,
                waited: 0.0,
                streamed: false,
                count: 0,
                pos: 0.0,
                limit: None,
                held: None,
            })
        }

        /// At the limit: the rest is the helper's.
        fn at_limit(&self) -> bool {
            self.limit.is_some_and(|l| self.pos >= l)
        }

        /// The next chunk, None at the end (or at the limit).
        async fn next(&mut self) -> Result<Option<Uint8Array>, String> {
            if self.at_limit() {
                return Ok(None);
            }
            let chunk = match self.held.take() {
                Some(h) => Some(h),
                None => self.next_read().await?,
            };
            let Some(chunk) = chunk else { return Ok(None) };
            let len = f64::from(chunk.length());
            let chunk = match self.limit {
                Some(l) if self.pos + len > l => {
                    let cut = (l - self.pos) as u32;
                    self.held = Some(chunk.subarray(cut, chunk.length()));
                    chunk.subarray(0, cut)
                }
                _ => chunk,
            };
            self.pos += f64::from(chunk.length());
            Ok(Some(chunk))
        }

        /// The next chunk read from the stream.
        async fn next_read(&mut self) -> Result<Option<Uint8Array>, String> {
            if self.done {
                return Ok(None);
            }
            while self.ahead.len() < READS_AHEAD {
                self.ahead.push_back(Promise::from(call(&self.reader, "read")?));
            }
            let t0 = js_sys::Date::now();
            let read = self.ahead.pop_front().expect("reads asked for");
            let chunk = JsFuture::from(read).await.map_err(|e| format!("{e:?}"))?;
            self.waited += js_sys::Date::now() - t0;
            if get(&chunk, "done")?.is_truthy() {
                self.done = true;
                self.ahead.clear();
                return Ok(None);
            }
            self.count += 1;
            Ok(Some(get(&chunk, "value")?.dyn_into().map_err(|_| "not bytes".to_string())?))
        }

        fn cancel(&self) {
            let _ = call(&self.reader, "cancel");
        }
    }

    /// How reading one file ended.
    enum Outcome {
        Imported,
        Cancelled,
        Unreadable(String),
        /// A streamed file turned out not to be UTF-8: read it again, whole.
        Again,
    }

    /// Read and import one file. A large UTF-8 table is parsed while it
    /// streams in (`Session::begin_stream`); anything else is read whole
    /// first, with progress, then parsed in steps. Either way the rows and
    /// the report are the same.
    /// Also: the milliseconds spent waiting for the file's bytes, and
    /// whether it was parsed as it streamed in.
    async fn read_and_parse(blob: &Blob, name: &str, kind: Option<FileKind>, p: &mut Progress) -> (Outcome, f64, bool) {
        let mut chunks = match Chunks::open(blob) {
            Ok(c) => c,
            Err(e) => return (Outcome::Unreadable(e), 0.0, false),
        };
        let mut outcome = stream_in(&mut chunks, blob, name, kind, p, true).await;
        // (a helper still reading this file stops)
        helper::cancel();
        let waited = chunks.waited;
        if matches!(outcome, Outcome::Again) {
            chunks.cancel();
            chunks = match Chunks::open(blob) {
                Ok(c) => c,
                Err(e) => return (Outcome::Unreadable(e), waited, false),
            };
            p.phase = Phase::Reading;
            outcome = stream_in(&mut chunks, blob, name, kind, p, false).await;
        }
        if matches!(outcome, Outcome::Cancelled) {
            chunks.cancel();
        }
        timing("chunks", f64::from(chunks.count));
        (outcome, waited + chunks.waited, chunks.streamed)
    }

    async fn stream_in(
        chunks: &mut Chunks,
        blob: &Blob,
        name: &str,
        kind: Option<FileKind>,
        p: &mut Progress,
        may_stream: bool,
    ) -> Outcome {
        let size = blob.size();
        let mut bytes = Vec::with_capacity((size as usize).min(2 * kefu_lens::import::STREAM_PREFIX));
        let mut told = 0.0;
        let mut file = None;
        // Whole: every byte (with progress); streamed: until the format is known.
        loop {
            if may_stream
                && file.is_none()
                && bytes.len() >= kefu_lens::import::STREAM_PREFIX
                && bytes.capacity() < size as usize
            {
                file = with(|s| s.begin_stream(name, &bytes, size as u64, kind));
                if file.is_some() {
                    break;
                }
                bytes.reserve_exact(size as usize - bytes.len());
            }
            let chunk = match chunks.next().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Outcome::Unreadable(e),
            };
            let start = bytes.len();
            bytes.resize(start + chunk.length() as usize, 0);
            chunk.copy_to(&mut bytes[start..]);
            if cancelled() {
                return Outcome::Cancelled;
            }
            let pos = bytes.len() as f64;
            if pos - told >= SLICE || pos >= size {
                told = pos;
                p.bytes_done = pos as u64;
                post(&Response::Progress(p.clone()));
            }
        }
        let Some(mut file) = file else {
            p.bytes_done = bytes.len() as u64;
            post(&Response::Progress(p.clone()));
            return if parse(name, bytes, kind, p).await { Outcome::Imported } else { Outcome::Cancelled };
        };
        // A large chat table: the parse helper reads the file from a line
        // break near its middle on, at the same time (`helper.rs`).
        let mut split = false;
        if helper::min_bytes().is_some_and(|m| size >= m) && file.may_split() {
            if let Some(at) = helper::split_point(blob, bytes.len() as f64).await {
                let settings = with(|s| s.settings().clone());
                let rest = blob.slice_with_f64_and_f64(at, size);
                if let Ok(rest) = rest {
                    split = helper::begin(name, kind, &settings, &bytes, &rest);
                    if split {
                        chunks.limit = Some(at);
                    }
                }
            }
        }
        drop(bytes);
        chunks.streamed = true;
        p.phase = Phase::Parsing;
        let mut scratch = Vec::new();
        let mut told = 0;
        // the helper's pieces were all good so far
        let mut helped = split;
        let started = js_sys::Date::now();
        loop {
            if helped {
                helped = add_pieces(&mut file, &mut scratch);
            }
            if chunks.at_limit() && file.needs_input() {
                timing("own_part_ms", js_sys::Date::now() - started);
                // This part is read: take the helper's pieces until its
                // last, then join them (or, when its start was no record
                // boundary or it failed, read the rest here).
                let t0 = js_sys::Date::now();
                while helped && helper::end().is_none() {
                    helper::wait().await;
                    helped = add_pieces(&mut file, &mut scratch);
                    if cancelled() {
                        with(|s| s.cancel_file(file));
                        return Outcome::Cancelled;
                    }
                }
                helped = helped && add_pieces(&mut file, &mut scratch) && helper::end() == Some(true);
                timing("helper_wait_ms", js_sys::Date::now() - t0);
                let t1 = js_sys::Date::now();
                let joined = with(|s| s.join_tail(&mut file, helped));
                timing("join_ms", js_sys::Date::now() - t1);
                timing("helper_joined", f64::from(u8::from(joined)));
                chunks.limit = None;
                helped = false;
                if joined {
                    chunks.cancel();
                    chunks.held = None;
                    chunks.done = true;
                    // (nothing is left to read: the input ends here)
                    with(|s| s.end_file_input(&mut file));
                } else {
                    helper::cancel();
                }
                (p.bytes_done, p.bytes_total) = file.progress();
                post(&Response::Progress(p.clone()));
            }
            // Feed a batch of bytes (the reads asked for ahead come in
            // meanwhile), or the rest when the input ends first: parsing
            // after every chunk would cost a step, a yield and a progress
            // message per chunk.
            let (mut batch, mut fed) = (0, true);
            while fed && batch < BATCH && !chunks.done {
                fed = match chunks.next().await {
                    Ok(Some(c)) => {
                        scratch.resize(c.length() as usize, 0);
                        c.copy_to(&mut scratch);
                        batch += scratch.len();
                        with(|s| s.feed_file(&mut file, &scratch))
                    }
                    Ok(None) if chunks.at_limit() => break,
                    Ok(None) => with(|s| s.end_file_input(&mut file)),
                    Err(e) => {
                        with(|s| s.cancel_file(file));
                        return Outcome::Unreadable(e);
                    }
                };
                if cancelled() {
                    with(|s| s.cancel_file(file));
                    return Outcome::Cancelled;
                }
            }
            if fed {
                match run_steps(file, p, &mut told, SLICE as u64).await {
                    Steps::Finished => return Outcome::Imported,
                    Steps::Cancelled => return Outcome::Cancelled,
                    Steps::Hungry(f) => {
                        file = f;
                        continue;
                    }
                }
            }
            // Not UTF-8 after all: read the whole file again, the usual way.
            with(|s| s.abandon_stream(file));
            return Outcome::Again;
        }
    }

    /// Add the helper's pieces that came; false when one was refused (the
    /// helper is then given up: the rest is read here).
    fn add_pieces(file: &mut FileImport, scratch: &mut Vec<u8>) -> bool {
        let t0 = js_sys::Date::now();
        let ok = helper::take().into_iter().all(|piece| {
            scratch.resize(piece.length() as usize, 0);
            piece.copy_to(scratch);
            with(|s| s.add_tail_piece(file, scratch))
                .map_err(|e| web_sys::console::warn_1(&format!("the parse helper's piece: {e}").into()))
                .is_ok()
        });
        if !ok {
            helper::cancel();
        }
        let before = js_sys::Reflect::get(&scope(), &"kefuTimings".into())
            .and_then(|t| js_sys::Reflect::get(&t, &"pieces_ms".into()))
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        timing("pieces_ms", before + js_sys::Date::now() - t0);
        ok
    }

    /// Parse one file's bytes in steps, yielding between them. False when
    /// the user cancelled (the file is then rolled back whole).
    async fn parse(name: &str, bytes: Vec<u8>, kind: Option<FileKind>, progress: &mut Progress) -> bool {
        progress.phase = Phase::Parsing;
        let file: FileImport = with(|s| s.begin_file(name, bytes, kind));
        // (a whole file never waits for bytes)
        !matches!(run_steps(file, progress, &mut 0, 0).await, Steps::Cancelled)
    }

    /// How parsing what a file had went.
    enum Steps {
        /// To its end: kept.
        Finished,
        /// The user cancelled: rolled back whole.
        Cancelled,
        /// A streamed file needs more bytes.
        Hungry(FileImport),
    }

    /// Parse every whole record `file` has, in steps, yielding between them
    /// (so a Cancel can arrive); progress whenever `every` more bytes are
    /// parsed (0: after every step) and at the end.
    async fn run_steps(mut file: FileImport, p: &mut Progress, told: &mut u64, every: u64) -> Steps {
        while !file.needs_input() {
            let done = with(|s| s.step_file(&mut file, STEP));
            (p.bytes_done, p.bytes_total) = file.progress();
            p.rows = file.rows();
            if done || p.bytes_done.saturating_sub(*told) >= every {
                *told = p.bytes_done;
                post(&Response::Progress(p.clone()));
            }
            if done {
                with(|s| s.finish_file(file));
                return Steps::Finished;
            }
            yield_now().await;
            if cancelled() {
                with(|s| s.cancel_file(file));
                return Steps::Cancelled;
            }
        }
        Steps::Hungry(file)
    }

    fn progress(file: &str, index: usize, files: usize, phase: Phase, bytes_total: u64) -> Progress {
        Progress { file: file.into(), index, files, phase, bytes_total, ..Default::default() }
    }

    /// After the last file: recompute and post what is loaded now;
    /// `cancelled_at`: the first file of the batch not imported.
    async fn finish(cancelled_at: Option<usize>) {
        post(&Response::Progress(progress("", 0, 0, Phase::Computing, 0)));
        yield_now().await;
        let t0 = js_sys::Date::now();
        let build = with(|s| s.build(cancelled_at.is_some(), false));
        let Some(mut loaded) = build_parts(build, cancelled_at.is_some(), false).await else { return };
        timing("build_ms", js_sys::Date::now() - t0);
        timing("loaded_at_ms", js_sys::Date::now() - IMPORT_T0.with(Cell::get));
        loaded.cancelled_at = cancelled_at;
        post(&Response::Loaded(loaded));
    }

    /// Where the last import's time went (milliseconds by phase), on the
    /// global scope as `kefuTimings` for the in-browser benchmark.
    pub fn timing(phase: &str, ms: f64) {
        let key = JsValue::from_str("kefuTimings");
        let mut t = js_sys::Reflect::get(&scope(), &key).unwrap_or(JsValue::UNDEFINED);
        if !t.is_object() {
            t = js_sys::Object::new().into();
            let _ = js_sys::Reflect::set(&scope(), &key, &t);
        }
        let _ = js_sys::Reflect::set(&t, &phase.into(), &JsValue::from_f64(ms));
    }

    async fn import(metas: Vec<ImportFile>, files: Array) {
        let n = metas.len();
        let mut cancelled_at = None;
        let _ = js_sys::Reflect::delete_property(&scope(), &"kefuTimings".into());
        IMPORT_T0.with(|t| t.set(js_sys::Date::now()));
        let (mut read_ms, mut parse_ms, mut streamed) = (0.0, 0.0, 0);
        for (i, meta) in metas.iter().enumerate() {
            if let Some(why) = meta.skip {
                with(|s| s.skipped_file(&meta.name, meta.size, why));
                continue;
            }
            let mut p = progress(&meta.name, i, n, Phase::Reading, meta.size);
            // Said before anything is allocated for the file: if the worker
            // dies on it, the UI knows which file it was.
            post(&Response::Progress(p.clone()));
            let Ok(blob) = files.get(i as u32).dyn_into::<Blob>() else { continue };
            let t0 = js_sys::Date::now();
            let (outcome, waited, was_streamed) = read_and_parse(&blob, &meta.name, meta.kind, &mut p).await;
            streamed += u32::from(was_streamed);
            read_ms += waited;
            parse_ms += js_sys::Date::now() - t0 - waited;
            match outcome {
                Outcome::Imported => {}
                Outcome::Cancelled => {
                    cancelled_at = Some(i);
                    break;
                }
                Outcome::Unreadable(e) => with(|s| s.unreadable_file(&meta.name, meta.size, &e)),
                Outcome::Again => unreachable!("read again by read_and_parse"),
            }
        }
        timing("read_ms", read_ms);
        timing("parse_ms", parse_ms);
        // files parsed as they streamed in (for the tests)
        timing("streamed", f64::from(streamed));
        // Every file of the batch gets a card: those the cancel left unread
        // say so.
        if let Some(first) = cancelled_at {
            for meta in &metas[first..] {
                with(|s| s.skipped_file(&meta.name, meta.size, Skip::Cancelled));
            }
        }
        finish(cancelled_at).await;
    }

    async fn load_demo(params: DemoParams) {
        post(&Response::Progress(progress("演示数据", 0, 1, Phase::Generating, 0)));
        yield_now().await;
        let files = with(|s| s.demo_files(&params));
        let n = files.len();
        let mut cancelled_at = None;
        for (i, f) in files.into_iter().enumerate() {
            let mut p = progress(&f.name, i, n, Phase::Parsing, f.bytes.len() as u64);
            if !parse(&f.name, f.bytes, None, &mut p).await {
                cancelled_at = Some(i);
                break;
            }
        }
        finish(cancelled_at).await;
    }
}
