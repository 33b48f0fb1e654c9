//! The transport to the worker: start it, post requests (with File objects
//! beside them), and route each answer to whoever asked, by id. Only
//! `worker/*` knows the wire protocol.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Object, Reflect};
use kefu_lens::protocol::{Answer, QueryKind, Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Gets the answer to one query, or the message of a `Response::Failed`.
type Callback = Box<dyn FnOnce(Result<Answer, String>)>;

struct Client {
    worker: Worker,
    next_id: u64,
    pending: HashMap<u64, Callback>,
    /// The worker's onmessage handler, kept alive as long as the client
    /// (the client lives for the page).
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Start the worker; `on_response` gets every message that is not an answer
/// to a query (progress, loaded, errors).
pub fn start(on_response: impl Fn(Response) + 'static) -> Result<(), String> {
    let worker = Worker::new("./kefu-worker_loader.js").map_err(|e| format!("{e:?}"))?;
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
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
                None => on_response(Response::Error { message }),
            },
            Ok(other) => on_response(other),
            Err(err) => on_response(Response::Error { message: format!("bad worker message: {err}") }),
        }
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client { worker, next_id: 1, pending: HashMap::new(), _onmessage: onmessage })
    });
    Ok(())
}

/// The callback waiting for answer `id`, removed from the pending map.
fn take(id: u64) -> Option<Callback> {
    CLIENT.with(|c| c.borrow_mut().as_mut().and_then(|c| c.pending.remove(&id)))
}

/// Send a request, with File objects beside it for an import.
pub fn send(req: &Request, files: &[web_sys::File]) {
    let json = serde_json::to_string(req).expect("request serialises");
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"json".into(), &JsValue::from_str(&json));
    let arr = Array::new();
    for f in files {
        arr.push(f);
    }
    let _ = Reflect::set(&msg, &"files".into(), &arr);
    CLIENT.with(|c| {
        if let Some(c) = c.borrow().as_ref() {
            let _ = c.worker.post_message(&msg);
        }
    });
}

/// Ask a question; `cb` runs with the answer or the worker's reason for not
/// answering. Without a worker, `cb` is dropped unanswered.
pub fn query(q: QueryKind, cb: impl FnOnce(Result<Answer, String>) + 'static) {
    let id = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        let id = c.next_id;
        c.next_id += 1;
        c.pending.insert(id, Box::new(cb));
        Some(id)
    });
    if let Some(id) = id {
        send(&Request::Query { id, query: q }, &[]);
    }
}
