//! The Web Worker: browser glue around [`kefu_lens::session::Session`],
//! which holds the dataset and the engine and answers queries. This file
//! only turns messages into requests, reads files in slices, yields to the
//! event loop (so a Cancel can arrive), queues requests that arrive during
//! an import, and posts answers (file bytes transferred, not copied).
//! Built by Trunk (`data-type="worker"`); natively it is an empty stub.

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::{Cell, RefCell};

    use js_sys::{Array, Promise, Uint8Array};
    use kefu_lens::demo::DemoParams;
    use kefu_lens::model::FileKind;
    use kefu_lens::protocol::{Answer, ImportFile, Phase, Progress, Request, Response, Skip};
    use kefu_lens::session::{FileImport, Session};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    /// Bytes read from a File per slice.
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    /// Records parsed between two yields to the event loop.
    const STEP: usize = 20_000;

    thread_local! {
        static SESSION: RefCell<Session> = RefCell::new(Session::new());
        static CANCEL: Cell<bool> = const { Cell::new(false) };
        static BUSY: Cell<bool> = const { Cell::new(false) };
        /// Requests that arrived while an import was running.
        static QUEUE: RefCell<Vec<(Request, Array)>> = const { RefCell::new(Vec::new()) };
    }

    fn with<R>(f: impl FnOnce(&mut Session) -> R) -> R {
        SESSION.with(|s| f(&mut s.borrow_mut()))
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(r: &Response) {
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
        post(&Response::Ready);
    }

    fn dispatch(req: Request, files: Array) {
        if let Request::Cancel = req {
            CANCEL.with(|c| c.set(true));
            return;
        }
        if BUSY.with(|b| b.get()) {
            QUEUE.with(|q| q.borrow_mut().push((req, files)));
            return;
        }
        match req {
            Request::Import { files: metas } => spawn_busy(import(metas, files)),
            Request::LoadDemo { params } => spawn_busy(load_demo(params)),
            Request::SetSettings { settings } => post(&Response::Loaded(with(|s| s.set_settings(settings)))),
            Request::Clear => post(&Response::Loaded(with(|s| s.clear()))),
            Request::RemoveFile { index } => post(&Response::Loaded(with(|s| s.remove_file(index)))),
            Request::Query { id, query } => match with(|s| s.answer(query)) {
                Ok(Answer::File { mime, error, bytes }) => {
                    post_file(&Response::Answer { id, answer: Answer::File { mime, error, bytes: Vec::new() } }, &bytes)
                }
                Ok(answer) => post(&Response::Answer { id, answer }),
                Err(message) => post(&Response::Failed { id, message }),
            },
            Request::Cancel => {}
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

    /// Let the event loop run (so a Cancel message can arrive).
    async fn yield_now() {
        let p = Promise::new(&mut |resolve, _| {
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = JsFuture::from(p).await;
    }

    /// A file's bytes, read in slices with progress; Err("cancelled") when
    /// the user cancelled meanwhile.
    async fn read_file(blob: &Blob, progress: &mut Progress) -> Result<Vec<u8>, String> {
        let size = blob.size();
        let mut out = Vec::with_capacity(size as usize);
        let mut pos = 0.0;
        while pos < size {
            let end = (pos + SLICE).min(size);
            let part = blob.slice_with_f64_and_f64(pos, end).map_err(|e| format!("{e:?}"))?;
            let buf = JsFuture::from(part.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
            let arr = Uint8Array::new(&buf);
            let start = out.len();
            out.resize(start + arr.length() as usize, 0);
            arr.copy_to(&mut out[start..]);
            pos = end;
            progress.bytes_done = pos as u64;
            post(&Response::Progress(progress.clone()));
            if cancelled() {
                return Err("cancelled".into());
            }
        }
        Ok(out)
    }

    /// Parse one file's bytes in steps, yielding between them. False when
    /// the user cancelled (the file is then rolled back whole).
    async fn parse(name: &str, bytes: Vec<u8>, kind: Option<FileKind>, progress: &mut Progress) -> bool {
        progress.phase = Phase::Parsing;
        let mut file: FileImport = with(|s| s.begin_file(name, bytes, kind));
        loop {
            let done = with(|s| s.step_file(&mut file, STEP));
            (progress.bytes_done, progress.bytes_total) = file.progress();
            progress.rows = file.rows();
            post(&Response::Progress(progress.clone()));
            if done {
                with(|s| s.finish_file(file));
                return true;
            }
            yield_now().await;
            if cancelled() {
                with(|s| s.cancel_file(file));
                return false;
            }
        }
    }

    fn progress(file: &str, index: usize, files: usize, phase: Phase, bytes_total: u64) -> Progress {
        Progress { file: file.into(), index, files, phase, bytes_total, ..Default::default() }
    }

    /// After the last file: recompute and post what is loaded now;
    /// `cancelled_at`: the first file of the batch not imported.
    async fn finish(cancelled_at: Option<usize>) {
        post(&Response::Progress(progress("", 0, 0, Phase::Computing, 0)));
        yield_now().await;
        let mut loaded = with(|s| s.rebuild(cancelled_at.is_some(), false));
        loaded.cancelled_at = cancelled_at;
        post(&Response::Loaded(loaded));
    }

    async fn import(metas: Vec<ImportFile>, files: Array) {
        let n = metas.len();
        let mut cancelled_at = None;
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
            let bytes = match read_file(&blob, &mut p).await {
                Ok(b) => b,
                Err(e) if e == "cancelled" => {
                    cancelled_at = Some(i);
                    break;
                }
                Err(e) => {
                    with(|s| s.unreadable_file(&meta.name, meta.size, &e));
                    continue;
                }
            };
            if !parse(&meta.name, bytes, meta.kind, &mut p).await {
                cancelled_at = Some(i);
                break;
            }
        }
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
