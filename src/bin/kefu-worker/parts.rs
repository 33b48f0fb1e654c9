//! Several workers (issue 12 item 2): the part workers a coordinator
//! starts and asks, and what a part worker does.
//!
//! The worker the page starts is the *coordinator*: it reads and parses the
//! files (streams, progress, cancel) and holds the dataset and the
//! [`Session`](kefu_lens::session::Session). When the session splits a
//! build into parts (`Session::build`), each part's data travels to a *part
//! worker* — the same script started as `kefu-worker_loader.js?part` from
//! the coordinator — as one transferred buffer (`Outgoing::into_bytes`,
//! one part at a time); the
//! part worker builds its own engine over it in its own wasm memory
//! (`PartState`) and answers partial questions (`PartRequest`) as JSON,
//! which the coordinator merges (`Session::merge`). The parts build and
//! answer at the same time, each on its own thread. Opt-in: see
//! [`config`].
//!
//! Messages, coordinator → part: `{id, settings, bytes}` (build a part)
//! or `{id, json}` (a `PartRequest`) or `{release: true}` (forget the
//! part); part → coordinator: `{id, json, memory}` (a `PartAnswer` and
//! the part's wasm memory in bytes) or `{id, error}`, and
//! `{panicked: true}` from the panic hook, `{up: true}` once started. A part worker that dies (a
//! panic, an `error` event: a wasm trap, out of memory) fails every
//! pending question and is reported to the page as the coordinator's death
//! (`Response::Panicked`), so the page's supervisor starts everything again
//! from its journal.

use std::cell::RefCell;
use std::collections::HashMap;

use futures::channel::oneshot;
use js_sys::{Array, Object, Reflect, Uint8Array};
use kefu_lens::pool::{Outgoing, PartAnswer, PartData, PartRequest, PartState};
use kefu_lens::protocol::Response;
use kefu_lens::session::PoolConfig;
use kefu_lens::settings::Settings;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use super::{post, scope};

/// At most this many part workers, whatever the machine has.
const MAX_PARTS: usize = 4;

/// With a pool, datasets with fewer messages are still built as one engine
/// in the coordinator: splitting and sending small parts costs more than
/// building them side by side saves.
const POOL_MIN_MESSAGES: usize = 200_000;

type Reply = Result<String, String>;

/// A worker this worker started (a part worker, the parse helper), with
/// its handlers, which live as long as it does.
pub struct PartWorker {
    pub worker: Worker,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl PartWorker {
    /// Start this worker's script again at `url`: its messages go to `on`,
    /// and `died` is called when it stops on an uncaught error (a wasm
    /// trap, out of memory).
    pub fn start(
        url: &str,
        mut on: impl FnMut(JsValue) + 'static,
        mut died: impl FnMut() + 'static,
    ) -> Result<PartWorker, String> {
        let worker = Worker::new(url).map_err(|e| format!("{e:?}"))?;
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on(e.data()));
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            died();
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(PartWorker { worker, _onmessage: onmessage, _onerror: onerror })
    }
}

#[derive(Default)]
struct Pool {
    workers: Vec<PartWorker>,
    pending: HashMap<u64, oneshot::Sender<Reply>>,
    next: u64,
    /// The largest wasm memory each part worker reported, in bytes.
    memory: Vec<f64>,
    /// Told when each part worker has started (its wasm instantiated).
    up: Vec<Option<oneshot::Sender<()>>>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
    /// A part worker's part (in a part worker only).
    static PART: RefCell<Option<PartState>> = const { RefCell::new(None) };
}

/// A query parameter of this worker's own URL (the page passes its own
/// `?workers=N&pool_min=M` on, for tests and benchmarks).
pub fn param(name: &str) -> Option<String> {
    let search = Reflect::get(&scope(), &"location".into())
        .and_then(|l| Reflect::get(&l, &"search".into()))
        .ok()?
        .as_string()?;
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| v.to_string())
    })
}

/// True in a part worker (started by a coordinator).
pub fn is_part() -> bool {
    param("part").is_some()
}

/// The pool's size: none unless the page's URL asks (`?workers=N`, at most
/// [`MAX_PARTS`]; `?workers=auto`: one per core, `navigator.
/// hardwareConcurrency`), from [`POOL_MIN_MESSAGES`] messages or
/// `?pool_min=M`. Off by default because on the 2-core machine it was
/// measured on, splitting made imports slower and the data worker's peak
/// memory larger, and only questions faster (docs/benchmark.md).
pub fn config() -> PoolConfig {
    let cores = Reflect::get(&scope(), &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(1.0) as usize;
    let parts = match param("workers").as_deref() {
        Some("auto") => cores,
        Some(n) => n.parse().unwrap_or(1),
        None => 1,
    }
    .clamp(1, MAX_PARTS);
    let min_messages = param("pool_min").and_then(|v| v.parse().ok()).unwrap_or(POOL_MIN_MESSAGES).max(1);
    PoolConfig { parts, min_messages }
}

/// How many part workers are running.
pub fn count() -> usize {
    POOL.with(|p| p.borrow().workers.len())
}

/// Start `n` part workers now (the page is still loading: their script and
/// wasm are fetched with the app's own files, never later) and wait until
/// each has started, at most `timeout_ms`; false when one has not (then
/// the pool is not used: every dataset is built as one engine here).
pub async fn start_workers(n: usize, timeout_ms: i32) -> bool {
    if ensure(n).is_err() {
        return false;
    }
    let ups: Vec<_> = POOL.with(|p| {
        p.borrow_mut()
            .up
            .iter_mut()
            .map(|u| {
                let (tx, rx) = oneshot::channel();
                *u = Some(tx);
                rx
            })
            .collect()
    });
    let timeout = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms);
    }));
    let all = futures::future::join_all(ups);
    match futures::future::select(Box::pin(all), Box::pin(timeout)).await {
        futures::future::Either::Left((ups, _)) => ups.iter().all(Result::is_ok),
        futures::future::Either::Right(_) => false,
    }
}

/// Start part workers until there are `n`.
fn ensure(n: usize) -> Result<(), String> {
    while count() < n {
        let k = count();
        let w = PartWorker::start("./kefu-worker_loader.js?part", move |data| on_reply(k, data), died)?;
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            p.workers.push(w);
            p.memory.push(0.0);
            p.up.push(None);
        });
    }
    Ok(())
}

/// A part worker stopped: nothing it held can be trusted, and the
/// coordinator cannot rebuild it alone (its split may be gone); say the
/// coordinator died so the page restarts it and replays its journal.
fn died() {
    let pending: Vec<_> = POOL.with(|p| p.borrow_mut().pending.drain().collect());
    for (_, tx) in pending {
        let _ = tx.send(Err("a part worker stopped".into()));
    }
    post(&Response::Panicked);
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn on_reply(k: usize, data: JsValue) {
    if get(&data, "panicked").is_truthy() {
        died();
        return;
    }
    if get(&data, "up").is_truthy() {
        if let Some(tx) = POOL.with(|p| p.borrow_mut().up.get_mut(k).and_then(Option::take)) {
            let _ = tx.send(());
        }
        return;
    }
    let Some(id) = get(&data, "id").as_f64().map(|i| i as u64) else { return };
    let reply = match (get(&data, "json").as_string(), get(&data, "error").as_string()) {
        (Some(json), _) => Ok(json),
        (None, Some(error)) => Err(error),
        (None, None) => Err("an empty answer from a part worker".into()),
    };
    let memory = get(&data, "memory").as_f64().unwrap_or(0.0);
    let tx = POOL.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(m) = p.memory.get_mut(k) {
            *m = m.max(memory);
        }
        p.pending.remove(&id)
    });
    if let Some(tx) = tx {
        let _ = tx.send(reply);
    }
    publish_memory();
}

/// The part workers' peak wasm memory on the coordinator's global scope,
/// for the in-browser benchmark (`kefuPartMemory`, bytes per part).
fn publish_memory() {
    let memory: Array = POOL.with(|p| p.borrow().memory.iter().map(|&m| JsValue::from_f64(m)).collect());
    let _ = Reflect::set(&scope(), &"kefuPartMemory".into(), &memory);
}

/// Post `msg` to part `k` (transferring `transfer`); the receiver gets its
/// reply.
fn send(k: usize, msg: &Object, transfer: Option<&JsValue>) -> Result<oneshot::Receiver<Reply>, String> {
    let (tx, rx) = oneshot::channel();
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.next += 1;
        let id = p.next;
        let _ = Reflect::set(msg, &"id".into(), &JsValue::from_f64(id as f64));
        let w = &p.workers.get(k).ok_or_else(|| format!("no part worker {k}"))?.worker;
        let sent = match transfer {
            Some(t) => w.post_message_with_transfer(msg, &Array::of1(t)),
            None => w.post_message(msg),
        };
        sent.map_err(|e| format!("{e:?}"))?;
        p.pending.insert(id, tx);
        Ok(rx)
    })
}

/// Every reply, in order, as part answers.
async fn collect(rx: Vec<oneshot::Receiver<Reply>>) -> Result<Vec<PartAnswer>, String> {
    let mut out = Vec::with_capacity(rx.len());
    for r in futures::future::join_all(rx).await {
        let json = r.map_err(|_| "a part worker stopped".to_string())??;
        out.push(serde_json::from_str(&json).map_err(|e| format!("a part's answer: {e}"))?);
    }
    Ok(out)
}

/// Send part `k` its data (in order) and build every part at once; their
/// descriptions, in part order.
pub async fn build(data: Vec<Outgoing>, settings: &Settings) -> Result<Vec<PartAnswer>, String> {
    ensure(data.len())?;
    let settings = serde_json::to_string(settings).map_err(|e| e.to_string())?;
    let mut rx = Vec::with_capacity(data.len());
    for (k, d) in data.into_iter().enumerate() {
        // one part's bytes at a time in this memory; the buffer leaves it
        let buf = Uint8Array::from(&d.into_bytes()[..]);
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"settings".into(), &JsValue::from_str(&settings));
        let _ = Reflect::set(&msg, &"bytes".into(), &buf);
        rx.push(send(k, &msg, Some(&buf.buffer()))?);
    }
    collect(rx).await
}

/// Ask each `(part, request)`; the answers in the same order.
pub async fn ask(requests: Vec<(usize, PartRequest)>) -> Result<Vec<PartAnswer>, String> {
    let mut rx = Vec::with_capacity(requests.len());
    for (k, r) in requests {
        let msg = Object::new();
        let json = serde_json::to_string(&r).map_err(|e| e.to_string())?;
        let _ = Reflect::set(&msg, &"json".into(), &JsValue::from_str(&json));
        rx.push(send(k, &msg, None)?);
    }
    collect(rx).await
}

/// Tell every part worker to drop its part (the data is answered by one
/// engine here now, or cleared).
pub fn release() {
    POOL.with(|p| {
        for w in &p.borrow().workers {
            let msg = Object::new();
            let _ = Reflect::set(&msg, &"release".into(), &JsValue::TRUE);
            let _ = w.worker.post_message(&msg);
        }
    });
}

// ---- in a part worker ----

/// Start as a part worker: answer the coordinator's messages.
pub fn start_part() {
    serve(on_request);
}

/// Start as a worker another worker started (a part worker, the parse
/// helper): a panic is told as `{panicked: true}`, every message goes to
/// `on`, and `{up: true}` says it has started.
pub fn serve(mut on: impl FnMut(JsValue) + 'static) {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"panicked".into(), &JsValue::TRUE);
        let _ = scope().post_message(&msg);
    }));
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on(e.data()));
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    onmessage.forget();
    let up = Object::new();
    let _ = Reflect::set(&up, &"up".into(), &JsValue::TRUE);
    let _ = scope().post_message(&up);
}

fn on_request(data: JsValue) {
    if get(&data, "release").is_truthy() {
        PART.with(|p| *p.borrow_mut() = None);
        return;
    }
    let Some(id) = get(&data, "id").as_f64() else { return };
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"id".into(), &JsValue::from_f64(id));
    match answer(&data) {
        Ok(json) => {
            let _ = Reflect::set(&msg, &"json".into(), &JsValue::from_str(&json));
        }
        Err(e) => {
            let _ = Reflect::set(&msg, &"error".into(), &JsValue::from_str(&e));
        }
    }
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>().buffer();
    let _ = Reflect::set(&msg, &"memory".into(), &get(&memory, "byteLength"));
    let _ = scope().post_message(&msg);
}

/// Build the part (`bytes`) or answer a request (`json`).
fn answer(data: &JsValue) -> Result<String, String> {
    if let Ok(bytes) = get(data, "bytes").dyn_into::<Uint8Array>() {
        let settings = get(data, "settings").as_string().ok_or("no settings")?;
        let settings: Settings = serde_json::from_str(&settings).map_err(|e| e.to_string())?;
        // the old part first: its memory is reused for the new one
        PART.with(|p| *p.borrow_mut() = None);
        let part = PartData::from_bytes(&bytes.to_vec())?;
        let state = PartState::new(part, &settings);
        let info = serde_json::to_string(&state.info()).map_err(|e| e.to_string())?;
        PART.with(|p| *p.borrow_mut() = Some(state));
        return Ok(info);
    }
    let json = get(data, "json").as_string().ok_or("no request")?;
    let req: PartRequest = serde_json::from_str(&json).map_err(|e| format!("bad part request: {e}"))?;
    PART.with(|p| {
        let mut p = p.borrow_mut();
        let state = p.as_mut().ok_or("this part worker holds no part")?;
        serde_json::to_string(&state.answer(req)).map_err(|e| e.to_string())
    })
}
