//! The transport to the worker, and its supervisor: start it, post requests
//! (with File objects beside them), route each answer to whoever asked, by
//! id — and when the worker dies, start a new one and bring it back to
//! where the old one was. Only `worker/*` knows the wire protocol.
//!
//! **Supervision.** Every request that changes what the worker holds
//! (import, demo, settings, clear, remove) is kept in a journal with the
//! File objects the page still holds; each gets exactly one `Loaded`, so
//! the first journal entry without one is the one in flight. A worker dies
//! by a Rust panic (it says `Panicked` first) or a wasm trap such as running
//! out of memory (the `error` event). Then the worker is terminated, the
//! file it was reading (the last `Progress`) is marked `Skip::Crashed` in
//! the journal, a new worker is started and, once it is ready, the journal
//! is replayed: the user's files come back, the one that killed the worker
//! gets a card saying so. Three deaths within a minute stop the recovery
//! (something other than a file is wrong) and the user is told to reload.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use kefu_lens::protocol::{Answer, Phase, Progress, QueryKind, Request, Response, Skip};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Gets the answer to one query, or the message of a `Response::Failed`.
type Callback = Box<dyn FnOnce(Result<Answer, String>)>;

/// What the supervisor did after the worker died.
#[derive(Debug, Clone, Default)]
pub struct Restart {
    /// Files left out of the replay because they stopped the worker.
    pub skipped: Vec<String>,
    /// The worker died while answering a question, not while loading.
    pub during_query: bool,
    /// A demo load or settings change was in flight and is left out.
    pub dropped_request: bool,
    /// Files brought back by the replay.
    pub replayed_files: usize,
    /// Died too often: no new worker was started.
    pub gave_up: bool,
}

/// A request that changes the worker's state, with its files.
struct Entry {
    /// Unique in this page (the workspace names entries by it).
    id: u64,
    req: Request,
    files: Vec<web_sys::File>,
    /// For an import, where the workspace keeps each file (`""`: not kept).
    stored: Vec<String>,
    /// Posted to the current worker.
    posted: bool,
    /// Its `Loaded` came back from the current worker.
    acked: bool,
}

/// Deaths within this many milliseconds of each other count as a run.
const CRASH_WINDOW_MS: f64 = 60_000.0;
/// A run this long stops the recovery.
const MAX_CRASHES: usize = 3;

struct Client {
    worker: Worker,
    /// Bumped per worker started: events of a dead worker are ignored.
    generation: u32,
    /// The current worker said `Ready` (before that, posts would be lost).
    ready: bool,
    next_id: u64,
    pending: HashMap<u64, Callback>,
    journal: Vec<Entry>,
    next_entry: u64,
    /// Queries and cancels waiting for the worker to be ready.
    outbox: Vec<Request>,
    /// The last progress of the import in flight.
    progress: Option<Progress>,
    /// When the recent deaths happened (ms since the epoch).
    crashes: Vec<f64>,
    /// Told to the UI once the new worker is ready.
    restart: Option<Restart>,
    /// The worker's handlers, alive as long as it is.
    _handlers: Handlers,
}

type Handlers = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(web_sys::Event)>);

/// Where responses and restarts go (the UI's handlers).
struct Hooks {
    on_response: Rc<dyn Fn(Response)>,
    on_restart: Rc<dyn Fn(Restart)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static HOOKS: RefCell<Option<Hooks>> = const { RefCell::new(None) };
}

/// Start the worker; `on_response` gets every message that is not an answer
/// to a query (ready, progress, loaded, errors), `on_restart` what the
/// supervisor did after a death.
pub fn start(on_response: impl Fn(Response) + 'static, on_restart: impl Fn(Restart) + 'static) -> Result<(), String> {
    HOOKS
        .with(|h| *h.borrow_mut() = Some(Hooks { on_response: Rc::new(on_response), on_restart: Rc::new(on_restart) }));
    let (worker, handlers) = spawn(0)?;
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker,
            generation: 0,
            ready: false,
            next_id: 1,
            pending: HashMap::new(),
            journal: Vec::new(),
            next_entry: 1,
            outbox: Vec::new(),
            progress: None,
            crashes: Vec::new(),
            restart: None,
            _handlers: handlers,
        })
    });
    Ok(())
}

fn spawn(generation: u32) -> Result<(Worker, Handlers), String> {
    let worker = Worker::new(&format!("./kefu-worker_loader.js{}", pool_params())).map_err(|e| format!("{e:?}"))?;
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(generation, e));
    // An uncaught error in the worker (a wasm trap: out of memory, an
    // abort) means its instance cannot be trusted any more.
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        crashed(generation);
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    // For the e2e tests and users' scripts: how many workers have been
    // started (a restart shows as a bump).
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-worker-generation", &generation.to_string());
    }
    Ok((worker, (onmessage, onerror)))
}

/// The page's `workers`, `pool_min`, `helper` and `helper_min` query
/// parameters, passed on to the worker: how many part workers (a number,
/// or `auto`: one per core) and from how many messages a dataset is split
/// among them (without them the worker answers alone: see
/// `src/bin/kefu-worker/parts.rs`); `helper=1`: a parse helper, and from
/// how many bytes a chat table is read in two (`src/bin/kefu-worker/helper.rs`).
fn pool_params() -> String {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            matches!(k, "workers" | "pool_min" | "helper" | "helper_min")
                && (v == "auto" || !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> Option<R> {
    CLIENT.with(|c| c.borrow_mut().as_mut().map(f))
}

fn respond(r: Response) {
    if let Some(f) = HOOKS.with(|h| h.borrow().as_ref().map(|h| h.on_response.clone())) {
        f(r);
    }
}

fn on_message(generation: u32, e: MessageEvent) {
    if with_client(|c| c.generation) != Some(generation) {
        return;
    }
    let data = e.data();
    // A plain JSON string, or {json, bytes} when a file travels beside it.
    let (json, bytes) = match data.as_string() {
        Some(j) => (j, None),
        None => {
            let j = Reflect::get(&data, &"json".into()).ok().and_then(|v| v.as_string());
            let b = Reflect::get(&data, &"bytes".into()).ok().and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok());
            let Some(j) = j else { return };
            (j, b)
        }
    };
    match serde_json::from_str::<Response>(&json) {
        Ok(Response::Answer { id, mut answer }) => {
            if let (Answer::File { bytes: out, .. }, Some(b)) = (&mut answer, bytes) {
                *out = b.to_vec();
            }
            if let Some(cb) = take(id) {
                cb(Ok(answer));
            }
        }
        // The query that could not be answered hears why; a failure with
        // nobody waiting still reaches the user.
        Ok(Response::Failed { id, message }) => match take(id) {
            Some(cb) => cb(Err(message)),
            None => respond(Response::Error { message }),
        },
        Ok(Response::Ready) => ready(),
        Ok(Response::Panicked) => crashed(generation),
        Ok(Response::Progress(p)) => {
            with_client(|c| c.progress = Some(p.clone()));
            respond(Response::Progress(p));
        }
        Ok(Response::Loaded(l)) => {
            with_client(|c| acknowledge(c, &l));
            respond(Response::Loaded(l));
        }
        Ok(other) => respond(other),
        Err(err) => respond(Response::Error { message: format!("bad worker message: {err}") }),
    }
}

/// The journal's entry in flight got its `Loaded`: remember how a
/// cancelled import ended, and after a clear keep only the settings.
fn acknowledge(c: &mut Client, l: &kefu_lens::protocol::Loaded) {
    c.progress = None;
    let Some(i) = c.journal.iter().position(|e| !e.acked) else { return };
    let last = i + 1 == c.journal.len();
    let entry = &mut c.journal[i];
    entry.acked = true;
    match &mut entry.req {
        Request::Import { files } => {
            if let Some(first) = l.cancelled_at {
                for f in files.iter_mut().skip(first).filter(|f| f.skip.is_none()) {
                    f.skip = Some(Skip::Cancelled);
                }
            }
        }
        // What the worker holds after a clear is its settings alone.
        Request::Clear if last => {
            let id = c.next_entry;
            c.next_entry += 1;
            c.journal = vec![Entry {
                id,
                req: Request::SetSettings { settings: l.settings.clone() },
                files: Vec::new(),
                stored: Vec::new(),
                posted: true,
                acked: true,
            }];
        }
        _ => {}
    }
}

/// The current worker is ready: post what the journal has not posted to it
/// (all of it after a restart), then what waited in the outbox.
fn ready() {
    let (first, restart) = with_client(|c| {
        let first = c.generation == 0 && !c.ready;
        c.ready = true;
        for e in c.journal.iter_mut().filter(|e| !e.posted) {
            post(&c.worker, &e.req, &e.files);
            e.posted = true;
        }
        for req in std::mem::take(&mut c.outbox) {
            post(&c.worker, &req, &[]);
        }
        (first, c.restart.take())
    })
    .unwrap_or((true, None));
    match restart {
        Some(r) => {
            if let Some(f) = HOOKS.with(|h| h.borrow().as_ref().map(|h| h.on_restart.clone())) {
                f(r);
            }
        }
        None if first => respond(Response::Ready),
        None => {}
    }
}

/// The worker of `generation` died: leave out what killed it, start a new
/// one (replayed when it is ready), and fail the questions it owed.
fn crashed(generation: u32) {
    let outcome = with_client(|c| {
        if c.generation != generation {
            return None;
        }
        c.worker.terminate();
        let now = js_sys::Date::now();
        c.crashes.retain(|t| now - t < CRASH_WINDOW_MS);
        c.crashes.push(now);
        let mut notice = Restart::default();
        let progress = c.progress.take();
        match c.journal.iter().position(|e| !e.acked) {
            Some(i) => match &mut c.journal[i].req {
                Request::Import { files } => match progress {
                    // Reading or parsing one file: that file.
                    Some(p) if p.phase != Phase::Computing && p.files == files.len() && p.index < files.len() => {
                        files[p.index].skip = Some(Skip::Crashed);
                        notice.skipped.push(files[p.index].name.clone());
                    }
                    // Computing over the batch: none can be blamed alone.
                    _ => {
                        for f in files.iter_mut().filter(|f| f.skip.is_none()) {
                            f.skip = Some(Skip::CrashedComputing);
                            notice.skipped.push(f.name.clone());
                        }
                    }
                },
                _ => {
                    c.journal.remove(i);
                    notice.dropped_request = true;
                }
            },
            // Not loading: answering a question, or idle.
            None => notice.during_query = !c.pending.is_empty(),
        }
        for e in c.journal.iter_mut() {
            e.posted = false;
            e.acked = false;
        }
        notice.replayed_files = c
            .journal
            .iter()
            .map(|e| match &e.req {
                Request::Import { files } => files.iter().filter(|f| f.skip.is_none()).count(),
                _ => 0,
            })
            .sum();
        c.outbox.clear();
        c.ready = false;
        let pending: Vec<Callback> = c.pending.drain().map(|(_, cb)| cb).collect();
        c.generation += 1;
        if c.crashes.len() >= MAX_CRASHES {
            notice.gave_up = true;
        } else {
            match spawn(c.generation) {
                Ok((worker, handlers)) => {
                    c.worker = worker;
                    c._handlers = handlers;
                    c.restart = Some(notice.clone());
                }
                Err(_) => notice.gave_up = true,
            }
        }
        Some((pending, notice))
    })
    .flatten();
    let Some((pending, notice)) = outcome else { return };
    for cb in pending {
        cb(Err("the analysis engine restarted; ask again".to_string()));
    }
    // A recovery is told when the new worker is ready; giving up, now.
    if notice.gave_up {
        if let Some(f) = HOOKS.with(|h| h.borrow().as_ref().map(|h| h.on_restart.clone())) {
            f(notice);
        }
    }
}

/// The callback waiting for answer `id`, removed from the pending map.
fn take(id: u64) -> Option<Callback> {
    with_client(|c| c.pending.remove(&id)).flatten()
}

fn post(worker: &Worker, req: &Request, files: &[web_sys::File]) {
    let json = serde_json::to_string(req).expect("request serialises");
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"json".into(), &JsValue::from_str(&json));
    let arr = Array::new();
    for f in files {
        arr.push(f);
    }
    let _ = Reflect::set(&msg, &"files".into(), &arr);
    let _ = worker.post_message(&msg);
}

/// Whether a request changes what the worker holds (and is journaled).
fn changes_state(req: &Request) -> bool {
    matches!(
        req,
        Request::Import { .. }
            | Request::LoadDemo { .. }
            | Request::SetSettings { .. }
            | Request::Clear
            | Request::RemoveFile { .. }
    )
}

/// Send a request, with File objects beside it for an import.
pub fn send(req: &Request, files: &[web_sys::File]) {
    send_stored(req, files, Vec::new());
}

/// Send a request brought back from the workspace, whose files it keeps as
/// `stored`.
pub fn send_restored(req: &Request, files: &[web_sys::File], stored: Vec<String>) {
    send_stored(req, files, stored);
}

fn send_stored(req: &Request, files: &[web_sys::File], stored: Vec<String>) {
    with_client(|c| {
        if changes_state(req) {
            if c.ready {
                post(&c.worker, req, files);
            }
            let id = c.next_entry;
            c.next_entry += 1;
            c.journal.push(Entry {
                id,
                req: req.clone(),
                files: files.to_vec(),
                stored,
                posted: c.ready,
                acked: false,
            });
        } else if c.ready {
            post(&c.worker, req, files);
        } else if !matches!(req, Request::Cancel) {
            c.outbox.push(req.clone());
        }
    });
}

/// A journal entry as the workspace keeps it.
pub struct Journaled {
    pub id: u64,
    pub request: Request,
    pub files: Vec<web_sys::File>,
    pub stored: Vec<String>,
}

/// The requests that brought the worker to its state (those it has
/// answered), in order: what the workspace keeps.
pub fn journal() -> Vec<Journaled> {
    with_client(|c| {
        c.journal
            .iter()
            .filter(|e| e.acked)
            .map(|e| Journaled { id: e.id, request: e.req.clone(), files: e.files.clone(), stored: e.stored.clone() })
            .collect()
    })
    .unwrap_or_default()
}

/// Every journaled request has been answered by the current worker (none
/// in flight, no replay under way): only then is the journal the worker's
/// whole state, fit to be saved.
pub fn settled() -> bool {
    with_client(|c| c.journal.iter().all(|e| e.acked)).unwrap_or(false)
}

/// The workspace kept file `index` of entry `id` as `name`.
pub fn set_stored(id: u64, index: usize, name: &str) {
    with_client(|c| {
        if let Some(e) = c.journal.iter_mut().find(|e| e.id == id) {
            if e.stored.len() < e.files.len() {
                e.stored.resize(e.files.len(), String::new());
            }
            if let Some(s) = e.stored.get_mut(index) {
                *s = name.to_string();
            }
        }
    });
}

/// Ask a question; `cb` runs with the answer or the worker's reason for not
/// answering. Without a worker, `cb` is dropped unanswered.
pub fn query(q: QueryKind, cb: impl FnOnce(Result<Answer, String>) + 'static) {
    let id = with_client(|c| {
        let id = c.next_id;
        c.next_id += 1;
        c.pending.insert(id, Box::new(cb));
        id
    });
    if let Some(id) = id {
        send(&Request::Query { id, query: q }, &[]);
    }
}
