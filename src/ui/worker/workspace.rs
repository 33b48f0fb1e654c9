//! The workspace (issue 13): on the user's word (保存工作区), what is loaded
//! is kept in this browser's origin-private file system (OPFS), so a reload
//! or a crash brings it back. What is kept is what the supervisor replays
//! after a worker dies (`client`'s journal): the files the user gave, byte
//! for byte, and the requests that brought the worker to its state
//! (imports, demo, settings, removals). Nothing is kept while the switch
//! is off; 清除本机数据 removes it and every other stored item.
//!
//! **Atomic saves.** Files are written first, each under a new name; then
//! a manifest naming them goes into the older of two slots, with a
//! generation one above the newer; files no slot names are deleted last.
//! Each write goes through `createWritable`, whose data replaces the file
//! only when the stream closes. So a page killed at any point leaves the
//! previous manifest, and every file it names, whole: loading picks the
//! newest slot that parses and whose files are all there at their sizes.

use std::cell::Cell;

use js_sys::{Array, JsString};
use kefu_lens::protocol::{ImportFile, Request};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions, FileSystemGetFileOptions,
    FileSystemRemoveOptions, FileSystemWritableFileStream,
};

use super::client;

/// The workspace's folder in the origin-private file system.
const DIR: &str = "kefu-lens-workspace";
/// The two manifest slots.
const SLOTS: [&str; 2] = ["manifest-a.json", "manifest-b.json"];
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    generation: u64,
    entries: Vec<SavedEntry>,
}

/// One journal entry: the request, and for an import the stored file of
/// each of its files (`""` for a file that is not read: cancelled, or it
/// stopped the worker).
#[derive(Debug, Serialize, Deserialize)]
struct SavedEntry {
    request: Request,
    #[serde(default)]
    stored: Vec<String>,
}

/// What a save reached.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saving,
    /// Files kept and their bytes.
    Done {
        files: usize,
        bytes: u64,
    },
    Failed(String),
}

thread_local! {
    /// A restore is sending its requests: the journal is not whole yet.
    static RESTORING: Cell<bool> = const { Cell::new(false) };
    static SAVING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static NAMES: Cell<u32> = const { Cell::new(0) };
}

fn js_err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}

async fn call(p: js_sys::Promise) -> Result<JsValue, String> {
    JsFuture::from(p).await.map_err(js_err)
}

/// The workspace folder (created when `create`).
async fn folder(create: bool) -> Result<FileSystemDirectoryHandle, String> {
    let nav = web_sys::window().ok_or("no window")?.navigator();
    let root: FileSystemDirectoryHandle = call(nav.storage().get_directory()).await?.unchecked_into();
    let opts = FileSystemGetDirectoryOptions::new();
    opts.set_create(create);
    Ok(call(root.get_directory_handle_with_options(DIR, &opts)).await?.unchecked_into())
}

/// Write `data` (a Blob or a string) as `name`; the file changes only when
/// the stream closes.
async fn write(dir: &FileSystemDirectoryHandle, name: &str, data: &JsValue) -> Result<(), String> {
    let opts = FileSystemGetFileOptions::new();
    opts.set_create(true);
    let handle: FileSystemFileHandle = call(dir.get_file_handle_with_options(name, &opts)).await?.unchecked_into();
    let stream: FileSystemWritableFileStream = call(handle.create_writable()).await?.unchecked_into();
    let written = match data.dyn_ref::<web_sys::Blob>() {
        Some(blob) => stream.write_with_blob(blob),
        None => stream.write_with_str(&data.as_string().unwrap_or_default()),
    };
    call(written.map_err(js_err)?).await?;
    call(stream.close()).await?;
    Ok(())
}

/// The stored file `name`, or None when it is not there.
async fn stored_file(dir: &FileSystemDirectoryHandle, name: &str) -> Option<File> {
    let handle: FileSystemFileHandle = call(dir.get_file_handle(name)).await.ok()?.unchecked_into();
    Some(call(handle.get_file()).await.ok()?.unchecked_into())
}

/// The names in the folder (its `keys()` async iterator, which web-sys
/// does not bind).
async fn names(dir: &FileSystemDirectoryHandle) -> Vec<String> {
    let mut out = Vec::new();
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let Ok(keys) = get(dir, "keys").dyn_into::<js_sys::Function>() else { return out };
    let Ok(iter) = keys.call0(dir) else { return out };
    let Ok(next) = get(&iter, "next").dyn_into::<js_sys::Function>() else { return out };
    while let Ok(step) = next.call0(&iter) {
        let Ok(step) = call(step.unchecked_into()).await else { break };
        if get(&step, "done").as_bool().unwrap_or(true) {
            break;
        }
        if let Some(name) = get(&step, "value").as_string() {
            out.push(name);
        }
    }
    out
}

/// Both slots' manifests that parse, newest first.
async fn manifests(dir: &FileSystemDirectoryHandle) -> Vec<(usize, Manifest)> {
    let mut out = Vec::new();
    for (i, slot) in SLOTS.iter().enumerate() {
        let Some(file) = stored_file(dir, slot).await else { continue };
        let Ok(text) = call(file.text()).await else { continue };
        let text: String = text.unchecked_into::<JsString>().into();
        if let Ok(m) = serde_json::from_str::<Manifest>(&text) {
            if m.version == VERSION {
                out.push((i, m));
            }
        }
    }
    out.sort_by_key(|(_, m)| std::cmp::Reverse(m.generation));
    out
}

/// A new file name, unique across page loads.
fn new_name() -> String {
    let n = NAMES.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("f{:x}-{n}", js_sys::Date::now() as u64)
}

/// Whether file `i` of an import is read (not skipped).
fn is_read(metas: &[ImportFile], i: usize) -> bool {
    metas.get(i).is_some_and(|m| m.skip.is_none())
}

/// Whether the journal is the worker's whole state: no request in flight,
/// no replay (after a restart) or restore under way. A save at any other
/// time would keep part of the state and, once both slots held such a
/// save, delete the files of the rest.
fn whole() -> bool {
    !RESTORING.with(|r| r.get()) && client::settled()
}

/// Save what the worker holds now, once it is whole (the `Loaded` that
/// settles the journal asks again). Saves never overlap: one asked for
/// while another runs happens after it. `report` hears how it went.
pub fn save(report: impl Fn(SaveState) + 'static) {
    if !whole() {
        return;
    }
    if SAVING.with(|s| s.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            if !whole() {
                break;
            }
            report(SaveState::Saving);
            mark("saving");
            let outcome = save_once().await;
            mark(if outcome.is_ok() { "saved" } else { "failed" });
            report(match outcome {
                Ok((files, bytes)) => SaveState::Done { files, bytes },
                Err(e) => SaveState::Failed(e),
            });
            if !AGAIN.with(|a| a.replace(false)) {
                break;
            }
        }
        SAVING.with(|s| s.set(false));
    });
}

/// For tests and users' scripts: the last save's state on `<body>`.
fn mark(state: &str) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-workspace", state);
    }
}

async fn save_once() -> Result<(usize, u64), String> {
    let dir = folder(true).await?;
    let journal = client::journal();
    // 1. The files not stored yet, each under a new name.
    for e in &journal {
        let Request::Import { files: metas } = &e.request else { continue };
        for (i, file) in e.files.iter().enumerate() {
            if is_read(metas, i) && e.stored.get(i).is_none_or(|s| s.is_empty()) {
                let name = new_name();
                write(&dir, &name, file).await?;
                client::set_stored(e.id, i, &name);
            }
        }
    }
    // 2. The manifest, into the older slot, one generation up.
    let journal = client::journal();
    let existing = manifests(&dir).await;
    let generation = existing.first().map_or(1, |(_, m)| m.generation + 1);
    let slot = match existing.first() {
        Some((i, _)) => 1 - i,
        None => 0,
    };
    let mut files = 0;
    let mut bytes = 0;
    let mut entries = Vec::new();
    for e in journal {
        if let Request::Import { files: metas } = &e.request {
            for (i, m) in metas.iter().enumerate() {
                if is_read(metas, i) {
                    if e.stored.get(i).is_none_or(|s| s.is_empty()) {
                        // Changed while this save ran: the next save has it.
                        AGAIN.with(|a| a.set(true));
                        return Err("the workspace changed while it was saved".into());
                    }
                    files += 1;
                    bytes += m.size;
                }
            }
        }
        entries.push(SavedEntry { request: e.request, stored: e.stored });
    }
    let manifest = Manifest { version: VERSION, generation, entries };
    let json = serde_json::to_string(&manifest).map_err(|e| e.to_string())?;
    write(&dir, SLOTS[slot], &JsValue::from_str(&json)).await?;
    // 3. Files neither slot names any more.
    let mut keep: Vec<String> = SLOTS.iter().map(|s| s.to_string()).collect();
    for (_, m) in manifests(&dir).await {
        keep.extend(m.entries.into_iter().flat_map(|e| e.stored));
    }
    for name in names(&dir).await {
        if !keep.contains(&name) && !name.ends_with(".crswap") {
            let _ = call(dir.remove_entry(&name)).await;
        }
    }
    Ok((files, bytes))
}

/// Bring back the saved workspace, if there is one: its requests are sent
/// to the worker (and journaled) as if the user made them again. Returns
/// its File objects (for re-import as another kind), or None when no whole
/// workspace was found.
pub async fn restore() -> Result<Option<Vec<File>>, String> {
    RESTORING.with(|r| r.set(true));
    let out = restore_slots().await;
    RESTORING.with(|r| r.set(false));
    out
}

async fn restore_slots() -> Result<Option<Vec<File>>, String> {
    let Ok(dir) = folder(false).await else { return Ok(None) };
    'slots: for (_, m) in manifests(&dir).await {
        // Every file the manifest names must be there, at its size.
        let mut requests = Vec::new();
        for e in m.entries {
            let mut files = Vec::new();
            if let Request::Import { files: metas } = &e.request {
                for (i, meta) in metas.iter().enumerate() {
                    let name = e.stored.get(i).cloned().unwrap_or_default();
                    if !is_read(metas, i) {
                        // Not read: a placeholder the worker skips.
                        files.push(File::new_with_str_sequence(&Array::new(), &meta.name).map_err(js_err)?);
                        continue;
                    }
                    let Some(stored) = stored_file(&dir, &name).await else { continue 'slots };
                    if stored.size() as u64 != meta.size {
                        continue 'slots;
                    }
                    // The stored bytes under the user's file name.
                    let file = File::new_with_blob_sequence(&Array::of1(&stored), &meta.name).map_err(js_err)?;
                    files.push(file);
                }
            }
            requests.push((e.request, files, e.stored));
        }
        let mut all = Vec::new();
        for (request, files, stored) in requests {
            client::send_restored(&request, &files, stored);
            all.extend(files);
        }
        return Ok(Some(all));
    }
    Ok(None)
}

/// Remove the workspace folder and everything in it.
pub async fn remove() -> Result<(), String> {
    let nav = web_sys::window().ok_or("no window")?.navigator();
    let root: FileSystemDirectoryHandle = call(nav.storage().get_directory()).await?.unchecked_into();
    let opts = FileSystemRemoveOptions::new();
    opts.set_recursive(true);
    // Nothing stored: nothing to remove.
    if folder(false).await.is_err() {
        return Ok(());
    }
    call(root.remove_entry_with_options(DIR, &opts)).await.map(|_| ())
}

/// Ask the browser not to evict the workspace under storage pressure.
pub fn ask_persistent() {
    if let Some(w) = web_sys::window() {
        if let Ok(p) = w.navigator().storage().persist() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    }
}
