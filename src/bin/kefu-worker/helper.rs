//! The parse helper (issue 12: the browser's second core). When the page
//! asks for it (`?helper=1` on its URL) and the machine has two cores or
//! more, the data worker starts one helper worker while the page loads
//! (the same script, `kefu-worker_loader.js?tail`). Off by default: on the
//! 2-core machine it was measured on, Chromium's own reading of the file
//! and the page keep the second core busy, so two workers parsing there
//! were no faster than one, and adding and joining the pieces cost more
//! (docs/benchmark.md). When a large UTF-8 chat table
//! streams in, the data worker reads it up to a line break near its middle
//! and the helper reads the rest at the same time
//! ([`kefu_lens::import::TailReader`]), sending what it read in pieces
//! that the data worker adds between its own steps
//! (`Session::add_tail_piece`) and joins once its own part is read
//! (`Session::join_tail`); see `src/import/tail.rs`.
//!
//! Messages, data worker → helper: `{job, name, kind, settings, prefix,
//! blob}` (read `blob`, the file from the split on; `prefix`: the file's
//! first bytes, from which the data worker detected the table) or
//! `{cancel: job}`; helper → data worker: `{up: true}` once started,
//! `{job, piece, memory, done}` (a piece, transferred; the helper's wasm
//! memory in bytes; the last one says `done`), `{job, failed}`, and
//! `{panicked: true}` from its panic hook. A helper that fails or dies
//! costs nothing but time: the data worker reads the rest itself.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use futures::channel::oneshot;
use js_sys::{Object, Promise, Reflect, Uint8Array};
use kefu_lens::import::{ImportOptions, TailReader};
use kefu_lens::model::FileKind;
use kefu_lens::settings::Settings;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use super::parts::{param, PartWorker};
use super::scope;

/// A chat table is read in two from this size: below it, the helper's
/// start and the join cost more than the second core saves. The page may
/// set it (`?helper_min=BYTES`, for the tests).
const HELPER_MIN_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

/// Bytes the helper feeds between two pieces it sends.
const PIECE: usize = 4 << 20;
/// Records read at a time by the helper.
const STEP: usize = 50_000;
/// Reads asked for ahead on the helper's stream.
const READS_AHEAD: usize = 8;

/// What the current job has sent and not yet been taken.
#[derive(Default)]
struct Job {
    id: u64,
    pieces: VecDeque<Uint8Array>,
    /// Some(true): the last piece came; Some(false): the helper failed.
    end: Option<bool>,
    /// Told when something arrives.
    wake: Option<oneshot::Sender<()>>,
}

thread_local! {
    static HELPER: RefCell<Option<PartWorker>> = const { RefCell::new(None) };
    static JOB: RefCell<Job> = RefCell::new(Job::default());
    static NEXT: Cell<u64> = const { Cell::new(0) };
    static UP: RefCell<Option<oneshot::Sender<()>>> = const { RefCell::new(None) };
    /// The largest wasm memory the helper reported, bytes.
    static MEMORY: Cell<f64> = const { Cell::new(0.0) };
    /// In the helper: the job cancelled last.
    static CANCELLED: Cell<u64> = const { Cell::new(0) };
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// True in the helper worker (started as `?tail`).
pub fn is_helper() -> bool {
    param("tail").is_some()
}

/// Start the helper (`?helper=1`, two cores or more) and wait until it
/// has started, at most `timeout_ms`; false without one.
pub async fn start(timeout_ms: i32) -> bool {
    let cores = Reflect::get(&scope(), &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(1.0);
    if cores < 2.0 || param("helper").as_deref() != Some("1") {
        return false;
    }
    let Ok(helper) = PartWorker::start("./kefu-worker_loader.js?tail", on_reply, died) else { return false };
    let (tx, rx) = oneshot::channel();
    UP.with(|u| *u.borrow_mut() = Some(tx));
    HELPER.with(|h| *h.borrow_mut() = Some(helper));
    let timeout = JsFuture::from(Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms);
    }));
    let up = match futures::future::select(rx, Box::pin(timeout)).await {
        futures::future::Either::Left((r, _)) => r.is_ok(),
        futures::future::Either::Right(_) => false,
    };
    if !up {
        stop();
    }
    up
}

/// No helper from now on (it died, or never started).
fn stop() {
    if let Some(h) = HELPER.with(|h| h.borrow_mut().take()) {
        h.worker.terminate();
    }
}

fn died() {
    stop();
    JOB.with(|j| {
        let mut j = j.borrow_mut();
        j.end = Some(false);
        if let Some(w) = j.wake.take() {
            let _ = w.send(());
        }
    });
}

fn on_reply(data: JsValue) {
    if get(&data, "panicked").is_truthy() {
        died();
        return;
    }
    if get(&data, "up").is_truthy() {
        if let Some(tx) = UP.with(|u| u.borrow_mut().take()) {
            let _ = tx.send(());
        }
        return;
    }
    if let Some(m) = get(&data, "memory").as_f64() {
        MEMORY.with(|x| x.set(x.get().max(m)));
        let _ = Reflect::set(&scope(), &"kefuHelperMemory".into(), &JsValue::from_f64(MEMORY.with(Cell::get)));
    }
    let Some(id) = get(&data, "job").as_f64().map(|i| i as u64) else { return };
    JOB.with(|j| {
        let mut j = j.borrow_mut();
        if j.id != id {
            return;
        }
        if let Ok(piece) = get(&data, "piece").dyn_into::<Uint8Array>() {
            j.pieces.push_back(piece);
        }
        if get(&data, "failed").is_truthy() {
            j.end = Some(false);
        } else if get(&data, "done").is_truthy() {
            j.end = Some(true);
            if let Some(ms) = get(&data, "ms").as_f64() {
                super::worker::timing("helper_ms", ms);
            }
        }
        if let Some(w) = j.wake.take() {
            let _ = w.send(());
        }
    });
}

/// The size from which a table is read in two, when there is a helper.
pub fn min_bytes() -> Option<f64> {
    HELPER
        .with(|h| h.borrow().is_some())
        .then(|| param("helper_min").and_then(|v| v.parse().ok()).unwrap_or(HELPER_MIN_BYTES))
}

/// Where to split `blob` (of at least `after` bytes read): just after the
/// first line break from its middle on; None when there is none soon.
pub async fn split_point(blob: &Blob, after: f64) -> Option<f64> {
    let size = blob.size();
    let mid = (size / 2.0).floor().max(after);
    let probe = blob.slice_with_f64_and_f64(mid, (mid + 1024.0 * 1024.0).min(size)).ok()?;
    let buf = JsFuture::from(probe.array_buffer()).await.ok()?;
    let bytes = Uint8Array::new(&buf).to_vec();
    let k = memchr::memchr(b'\n', &bytes)?;
    let at = mid + k as f64 + 1.0;
    (at < size).then_some(at)
}

/// Ask the helper to read `rest` (the file from the split on) as the table
/// whose first bytes are `prefix`.
pub fn begin(name: &str, kind: Option<FileKind>, settings: &Settings, prefix: &[u8], rest: &Blob) -> bool {
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    JOB.with(|j| *j.borrow_mut() = Job { id, ..Job::default() });
    let msg = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&msg, &k.into(), v);
    };
    set("job", &JsValue::from_f64(id as f64));
    set("name", &JsValue::from_str(name));
    set("kind", &JsValue::from_str(&serde_json::to_string(&kind).unwrap_or_default()));
    set("settings", &JsValue::from_str(&serde_json::to_string(settings).unwrap_or_default()));
    set("prefix", &Uint8Array::from(prefix));
    set("blob", rest);
    HELPER.with(|h| h.borrow().as_ref().is_some_and(|h| h.worker.post_message(&msg).is_ok()))
}

/// The pieces that came since the last call.
pub fn take() -> Vec<Uint8Array> {
    JOB.with(|j| j.borrow_mut().pieces.drain(..).collect())
}

/// Some(true) once the last piece came, Some(false) when the helper failed.
pub fn end() -> Option<bool> {
    JOB.with(|j| j.borrow().end)
}

/// Wait until a piece or the end comes (at once when one is waiting).
pub async fn wait() {
    let rx = JOB.with(|j| {
        let mut j = j.borrow_mut();
        if !j.pieces.is_empty() || j.end.is_some() {
            return None;
        }
        let (tx, rx) = oneshot::channel();
        j.wake = Some(tx);
        Some(rx)
    });
    if let Some(rx) = rx {
        let _ = rx.await;
    }
}

/// Wake whoever waits for the helper (a cancel came).
pub fn wake() {
    if let Some(w) = JOB.with(|j| j.borrow_mut().wake.take()) {
        let _ = w.send(());
    }
}

/// Stop the current job (the helper drops what it read); its pieces still
/// on their way are ignored.
pub fn cancel() {
    let id = JOB.with(|j| {
        let mut j = j.borrow_mut();
        let id = j.id;
        *j = Job::default();
        id
    });
    if id == 0 {
        return;
    }
    HELPER.with(|h| {
        if let Some(h) = h.borrow().as_ref() {
            let msg = Object::new();
            let _ = Reflect::set(&msg, &"cancel".into(), &JsValue::from_f64(id as f64));
            let _ = h.worker.post_message(&msg);
        }
    });
}

// ---- in the helper ----

/// Start as the helper: read what the data worker asks.
pub fn start_helper() {
    super::parts::serve(|data| {
        if let Some(id) = get(&data, "cancel").as_f64() {
            CANCELLED.with(|c| c.set(id as u64));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let id = get(&data, "job").as_f64().unwrap_or(0.0);
            if let Err(e) = read_job(&data, id).await {
                let msg = Object::new();
                let _ = Reflect::set(&msg, &"job".into(), &JsValue::from_f64(id));
                let _ = Reflect::set(&msg, &"failed".into(), &JsValue::from_str(&e));
                let _ = scope().post_message(&msg);
            }
        });
    });
}

/// Post a piece (its bytes transferred) and this memory's size.
fn send_piece(id: f64, piece: &[u8], done: bool, ms: f64) {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"ms".into(), &JsValue::from_f64(ms));
    let bytes = Uint8Array::from(piece);
    let _ = Reflect::set(&msg, &"job".into(), &JsValue::from_f64(id));
    let _ = Reflect::set(&msg, &"piece".into(), &bytes);
    let _ = Reflect::set(&msg, &"done".into(), &JsValue::from_bool(done));
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer();
    let _ = Reflect::set(&msg, &"memory".into(), &get(&memory, "byteLength"));
    let _ = scope().post_message_with_transfer(&msg, &js_sys::Array::of1(&bytes.buffer()));
}

fn call(o: &JsValue, k: &str) -> Result<JsValue, String> {
    let f: js_sys::Function = get(o, k).dyn_into().map_err(|_| format!("no {k}"))?;
    f.call0(o).map_err(|e| format!("{e:?}"))
}

async fn read_job(data: &JsValue, id: f64) -> Result<(), String> {
    let name = get(data, "name").as_string().unwrap_or_default();
    let kind: Option<FileKind> =
        serde_json::from_str(&get(data, "kind").as_string().unwrap_or_default()).map_err(|e| e.to_string())?;
    let settings: Settings =
        serde_json::from_str(&get(data, "settings").as_string().unwrap_or_default()).map_err(|e| e.to_string())?;
    let prefix = get(data, "prefix").dyn_into::<Uint8Array>().map_err(|_| "no prefix")?.to_vec();
    let blob: Blob = get(data, "blob").dyn_into().map_err(|_| "no file")?;
    let t0 = js_sys::Date::now();
    let opts = ImportOptions::from_settings(&settings);
    let mut tail =
        TailReader::begin(&name, &prefix, blob.size() as u64, kind, &opts).ok_or("not a table to read in two")?;
    drop(prefix);
    let reader = call(&call(&blob, "stream")?, "getReader")?;
    let mut ahead: VecDeque<Promise> = VecDeque::new();
    let mut scratch = Vec::new();
    let mut ended = false;
    let is_cancelled = || CANCELLED.with(Cell::get) as f64 == id;
    loop {
        let mut fed = 0;
        while fed < PIECE && !ended {
            while ahead.len() < READS_AHEAD {
                ahead.push_back(Promise::from(call(&reader, "read")?));
            }
            let chunk = JsFuture::from(ahead.pop_front().expect("asked for")).await.map_err(|e| format!("{e:?}"))?;
            if is_cancelled() {
                let _ = call(&reader, "cancel");
                return Ok(());
            }
            let ok = if get(&chunk, "done").is_truthy() {
                ended = true;
                tail.end_input()
            } else {
                let c: Uint8Array = get(&chunk, "value").dyn_into().map_err(|_| "not bytes")?;
                scratch.resize(c.length() as usize, 0);
                c.copy_to(&mut scratch);
                fed += scratch.len();
                tail.feed(&scratch)
            };
            if !ok {
                let _ = call(&reader, "cancel");
                return Err("not UTF-8".into());
            }
        }
        while !tail.needs_input() {
            if tail.step(STEP) {
                send_piece(id, &tail.take_piece(), true, js_sys::Date::now() - t0);
                return Ok(());
            }
        }
        send_piece(id, &tail.take_piece(), false, js_sys::Date::now() - t0);
    }
}
