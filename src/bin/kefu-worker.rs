//! The Web Worker: holds the dataset and the engine, reads files in slices,
//! answers the UI's queries. Built by Trunk (`data-type="worker"`); natively
//! this binary is an empty stub.

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
    use kefu_lens::demo;
    use kefu_lens::engine::{kpi, Engine, Query};
    use kefu_lens::import::Importer;
    use kefu_lens::model::{Dataset, FileKind, FileReport};
    use kefu_lens::protocol::{Answer, ImportFile, Loaded, Progress, QueryKind, Request, Response, DRILL_PAGE};
    use kefu_lens::settings::Settings;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// Bytes read from a File per slice.
    const SLICE: f64 = 4.0 * 1024.0 * 1024.0;
    /// Records parsed between two yields to the event loop.
    const STEP: usize = 20_000;

    #[derive(Default)]
    struct State {
        ds: Dataset,
        settings: Settings,
        engine: Option<Engine>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::new(State::default());
        static CANCEL: Cell<bool> = const { Cell::new(false) };
        static BUSY: Cell<bool> = const { Cell::new(false) };
        /// The latest drill answered (id, all rows), for paging and export.
        static LAST_DRILL: RefCell<(u64, Option<kefu_lens::engine::Drill>)> = const { RefCell::new((0, None)) };
        /// Requests that arrived while an import was running.
        static QUEUE: RefCell<Vec<(Request, Array)>> = const { RefCell::new(Vec::new()) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(r: &Response) {
        let json = serde_json::to_string(r).unwrap_or_else(|e| {
            serde_json::json!({"type": "error", "message": format!("could not encode a worker message: {e}")}).to_string()
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
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            post(&Response::Error { message: format!("worker panic: {info}") });
        }));
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
            Request::SetSettings { settings } => {
                STATE.with(|s| s.borrow_mut().settings = settings);
                rebuild_with(false, true);
            }
            Request::Clear => {
                STATE.with(|s| {
                    let settings = s.borrow().settings.clone();
                    *s.borrow_mut() = State { settings, ..Default::default() };
                });
                rebuild(false);
            }
            Request::RemoveFile { index } => {
                STATE.with(|s| {
                    let mut s = s.borrow_mut();
                    let ds = &mut s.ds;
                    if index < ds.files.len() {
                        let f = index as u16;
                        ds.messages.retain(|m| m.file != f);
                        ds.orders.retain(|o| o.file != f);
                        ds.ratings.retain(|r| r.file != f);
                        ds.files[index].removed = true;
                    }
                });
                rebuild(false);
            }
            Request::Query { id, query } => {
                let answer = STATE.with(|s| answer(&s.borrow(), query));
                match answer {
                    Some(Answer::File { mime, error, bytes }) => post_file(
                        &Response::Answer { id, answer: Answer::File { mime, error, bytes: Vec::new() } },
                        &bytes,
                    ),
                    Some(answer) => post(&Response::Answer { id, answer }),
                    None => post(&Response::Failed { id, message: "no data loaded".into() }),
                }
            }
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

    /// Parse one file's bytes into the dataset in steps. On cancel the file's
    /// rows are rolled back and None is returned.
    async fn parse_into(
        name: &str,
        bytes: Vec<u8>,
        kind: Option<FileKind>,
        progress: &mut Progress,
    ) -> Option<FileReport> {
        let mark = STATE.with(|s| {
            let s = s.borrow();
            (s.ds.messages.len(), s.ds.orders.len(), s.ds.ratings.len(), s.ds.buffers.len(), s.ds.files.len())
        });
        progress.phase = "parsing".into();
        let mut imp = Importer::new(name, bytes, kind);
        loop {
            let done = STATE.with(|s| imp.step(&mut s.borrow_mut().ds, STEP));
            let (done_b, total_b) = imp.progress();
            progress.bytes_done = done_b;
            progress.bytes_total = total_b;
            progress.rows = imp.report().read;
            post(&Response::Progress(progress.clone()));
            if done {
                break;
            }
            yield_now().await;
            if cancelled() {
                STATE.with(|s| {
                    let ds = &mut s.borrow_mut().ds;
                    ds.messages.truncate(mark.0);
                    ds.orders.truncate(mark.1);
                    ds.ratings.truncate(mark.2);
                    ds.buffers.truncate(mark.3);
                    ds.files.truncate(mark.4);
                });
                return None;
            }
        }
        Some(STATE.with(|s| imp.finish(&mut s.borrow_mut().ds)))
    }

    async fn import(metas: Vec<ImportFile>, files: Array) {
        let n = metas.len();
        let mut was_cancelled = false;
        for (i, meta) in metas.into_iter().enumerate() {
            let mut progress = Progress {
                file: meta.name.clone(),
                index: i,
                files: n,
                phase: "reading".into(),
                bytes_done: 0,
                bytes_total: meta.size,
                rows: 0,
            };
            let Ok(blob) = files.get(i as u32).dyn_into::<Blob>() else { continue };
            let bytes = match read_file(&blob, &mut progress).await {
                Ok(b) => b,
                Err(e) if e == "cancelled" => {
                    was_cancelled = true;
                    break;
                }
                Err(e) => {
                    let mut r = FileReport::new(&meta.name, meta.size);
                    r.fatal = Some(kefu_lens::model::Problem {
                        line: 0,
                        message_zh: format!("浏览器无法读取该文件：{e}"),
                        message_en: format!("The browser could not read this file: {e}"),
                    });
                    STATE.with(|s| s.borrow_mut().ds.files.push(r));
                    continue;
                }
            };
            if parse_into(&meta.name, bytes, meta.kind, &mut progress).await.is_none() {
                was_cancelled = true;
                break;
            }
        }
        post(&Response::Progress(Progress { phase: "computing".into(), ..Default::default() }));
        yield_now().await;
        rebuild(was_cancelled);
    }

    async fn load_demo(params: demo::DemoParams) {
        post(&Response::Progress(Progress {
            file: "演示数据".into(),
            phase: "generating".into(),
            files: 1,
            ..Default::default()
        }));
        yield_now().await;
        let files = demo::generate_files(&params);
        let n = files.len();
        let mut was_cancelled = false;
        for (i, f) in files.into_iter().enumerate() {
            // 样例_*.txt show what the text export shapes look like; they are
            // not part of the demo shop's data.
            if f.name.starts_with("样例_") {
                continue;
            }
            if f.name.ends_with(".json") {
                if let Ok(s) = std::str::from_utf8(&f.bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|t| Settings::from_json(t).map_err(|e| e.to_string()))
                {
                    STATE.with(|st| st.borrow_mut().settings = s);
                }
                continue;
            }
            let mut progress = Progress {
                file: f.name.clone(),
                index: i,
                files: n,
                phase: "parsing".into(),
                bytes_done: 0,
                bytes_total: f.bytes.len() as u64,
                rows: 0,
            };
            if parse_into(&f.name, f.bytes, None, &mut progress).await.is_none() {
                was_cancelled = true;
                break;
            }
        }
        post(&Response::Progress(Progress { phase: "computing".into(), ..Default::default() }));
        yield_now().await;
        rebuild(was_cancelled);
    }

    fn rebuild(cancelled: bool) {
        rebuild_with(cancelled, false);
    }

    fn rebuild_with(cancelled: bool, from_settings: bool) {
        let loaded = STATE.with(|s| {
            let mut s = s.borrow_mut();
            let s = &mut *s;
            let engine = Engine::prepare(&mut s.ds, &s.settings);
            let summary = engine.summary(&s.ds);
            let agents = engine.agents();
            // Shops of the rows loaded now (a removed file's shop disappears).
            let mut seen = vec![false; s.ds.shops.len()];
            let syms =
                s.ds.messages
                    .iter()
                    .map(|m| m.shop)
                    .chain(s.ds.orders.iter().map(|o| o.shop))
                    .chain(s.ds.ratings.iter().map(|r| r.shop));
            for sym in syms {
                if !sym.is_none() {
                    seen[sym.0 as usize] = true;
                }
            }
            let mut shops: Vec<String> = (0..s.ds.shops.len())
                .filter(|&i| seen[i])
                .map(|i| s.ds.shops.name(kefu_lens::model::Sym(i as u32)).to_string())
                .filter(|n| !n.is_empty())
                .collect();
            shops.sort();
            shops.dedup();
            let settings_error = engine.category_error.clone();
            s.engine = Some(engine);
            let text_nicks = kefu_lens::import::text_nicks(&s.ds, &s.settings);
            Loaded {
                reports: s.ds.files.clone(),
                summary,
                settings: s.settings.clone(),
                cancelled,
                agents,
                shops,
                text_nicks,
                settings_error,
                from_settings,
            }
        });
        post(&Response::Loaded(loaded));
    }

    fn answer(s: &State, q: QueryKind) -> Option<Answer> {
        let engine = s.engine.as_ref()?;
        Some(match q {
            QueryKind::Overview { filter } => {
                let totals = engine
                    .report(&Query { by: vec![], filter: filter.clone() })
                    .rows
                    .into_iter()
                    .next()
                    .map(|r| r.metrics)
                    .unwrap_or_default();
                Answer::Overview { totals, daily: engine.daily_summary(&filter) }
            }
            QueryKind::Report { query } => Answer::Report { report: engine.report(&query) },
            QueryKind::Drill { request } => {
                let mut drill = engine.drill(&s.ds, &request);
                let total = drill.rows.len();
                let all = std::mem::take(&mut drill.rows);
                drill.rows = all.iter().take(DRILL_PAGE).cloned().collect();
                let full = kefu_lens::engine::Drill { rows: all, ..drill.clone() };
                let drill_id = LAST_DRILL.with(|l| {
                    let mut l = l.borrow_mut();
                    l.0 += 1;
                    l.1 = Some(full);
                    l.0
                });
                Answer::Drill { drill, total, drill_id }
            }
            QueryKind::DrillPage { drill_id, offset, limit } => {
                let rows = LAST_DRILL.with(|l| {
                    let l = l.borrow();
                    match &l.1 {
                        Some(d) if l.0 == drill_id => d.rows.iter().skip(offset).take(limit).cloned().collect(),
                        _ => Vec::new(),
                    }
                });
                Answer::DrillPage { drill_id, offset, rows }
            }
            QueryKind::ExportDrill { drill_id, headers, xlsx, zh } => {
                use kefu_lens::export::{Cell, Table};
                let table = LAST_DRILL.with(|l| {
                    let l = l.borrow();
                    let rows = match &l.1 {
                        Some(d) if l.0 == drill_id => d
                            .rows
                            .iter()
                            .map(|r| {
                                vec![
                                    Cell::Text(r.day.clone()),
                                    Cell::Text(r.agent.clone()),
                                    Cell::Text(r.buyer.clone()),
                                    Cell::Text(r.time.clone()),
                                    Cell::Text(kefu_lens::format::drill_detail(&r.detail, zh)),
                                ]
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    Table { headers, rows }
                });
                if xlsx {
                    match kefu_lens::export::to_xlsx(&table, "drill") {
                        Ok(bytes) => Answer::File { mime: XLSX_MIME.into(), error: None, bytes },
                        Err(e) => Answer::File { mime: XLSX_MIME.into(), error: Some(e), bytes: Vec::new() },
                    }
                } else {
                    Answer::File { mime: "text/csv".into(), error: None, bytes: kefu_lens::export::to_csv(&table) }
                }
            }
            QueryKind::Histogram { filter } => Answer::Histogram { histogram: engine.response_histogram(&filter) },
            QueryKind::Transcript { conv } => Answer::Transcript { transcript: engine.transcript(&s.ds, conv) },
            QueryKind::Kpi { filter, manual } => {
                let mut actuals = engine.kpi_actuals(&filter);
                for a in &mut actuals {
                    if let Some(m) = manual.get(&a.agent) {
                        for (k, v) in m {
                            a.metrics.insert(k.clone(), Some(*v));
                        }
                    }
                }
                Answer::Kpi { report: kpi::score(&s.settings.kpi_template(), &actuals) }
            }
            QueryKind::Alerts { filter } => {
                let rows = engine.alerts(&s.ds, &s.settings.alert_rules(), &filter);
                let (by_agent, by_rule) = Engine::alert_counts(&rows);
                Answer::Alerts { rows, by_agent, by_rule }
            }
            QueryKind::Hours { filter } => Answer::Hours { hours: engine.hours(&filter) },
        })
    }
}
