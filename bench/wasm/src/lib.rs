//! Exports for `run.mjs`: one import at a time, its state kept here between
//! calls (`begin`, then `feed` / `step` as the worker does, `finish`,
//! `build`). Pointers and lengths are into this module's memory, made with
//! `alloc`.

use std::cell::RefCell;

use kefu_lens::engine::Filter;
use kefu_lens::protocol::QueryKind;
use kefu_lens::session::{Build, FileImport, Session};

thread_local! {
    static STATE: RefCell<Option<(Session, Option<FileImport>)>> = const { RefCell::new(None) };
}

fn with<R>(f: impl FnOnce(&mut Session, &mut Option<FileImport>) -> R) -> R {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let (session, file) = s.as_mut().expect("begin first");
        f(session, file)
    })
}

/// # Safety
/// `p..p + n` is memory `alloc` gave.
unsafe fn bytes<'a>(p: *const u8, n: usize) -> &'a [u8] {
    unsafe { std::slice::from_raw_parts(p, n) }
}

#[no_mangle]
pub extern "C" fn alloc(n: usize) -> *mut u8 {
    let mut v = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(n));
    v.as_mut_ptr()
}

/// # Safety
/// `p` and `n` are an `alloc`'s.
#[no_mangle]
pub unsafe extern "C" fn dealloc(p: *mut u8, n: usize) {
    drop(unsafe { Vec::from_raw_parts(p, 0, n) });
}

/// Make `mb` MB of this memory and touch each page once, then free it: the
/// import that follows finds its memory there, its pages no longer fresh
/// (what first touches cost, `WASM_PRETOUCH_MB`).
#[no_mangle]
pub extern "C" fn pretouch(mb: usize) {
    let mut v = vec![0u8; mb << 20];
    for i in (0..v.len()).step_by(4096) {
        v[i] = 1;
    }
    std::hint::black_box(&v);
}

/// Start a streamed import of a chat table of `size` bytes from its first
/// `n` bytes at `p`; 1 when it streams.
///
/// # Safety
/// As [`bytes`].
#[no_mangle]
pub unsafe extern "C" fn begin(p: *const u8, n: usize, size: f64) -> u32 {
    let session = Session::new();
    let file = session.begin_stream("聊天记录_逐条.csv", unsafe { bytes(p, n) }, size as u64, None);
    let streams = file.is_some();
    STATE.with(|s| *s.borrow_mut() = Some((session, file)));
    streams as u32
}

/// # Safety
/// As [`bytes`].
#[no_mangle]
pub unsafe extern "C" fn feed(p: *const u8, n: usize) -> u32 {
    with(|s, f| s.feed_file(f.as_mut().expect("a file"), unsafe { bytes(p, n) })) as u32
}

#[no_mangle]
pub extern "C" fn end_input() -> u32 {
    with(|s, f| s.end_file_input(f.as_mut().expect("a file"))) as u32
}

#[no_mangle]
pub extern "C" fn needs_input() -> u32 {
    with(|_, f| f.as_ref().expect("a file").needs_input()) as u32
}

#[no_mangle]
pub extern "C" fn step(records: usize) -> u32 {
    with(|s, f| s.step_file(f.as_mut().expect("a file"), records)) as u32
}

/// The file's rows kept; the messages it imported.
#[no_mangle]
pub extern "C" fn finish() -> f64 {
    with(|s, f| s.finish_file(f.take().expect("a file")).imported as f64)
}

/// 1 when the engine was built here (not split among part workers).
#[no_mangle]
pub extern "C" fn build() -> u32 {
    with(|s, _| matches!(s.build(false, false), Build::Done(_))) as u32
}

/// The overview of the whole data, as the page's first question after an
/// import (totals and the 汇总表), answered and written as the worker
/// sends it; the answer's length in bytes of JSON.
#[no_mangle]
pub extern "C" fn overview() -> f64 {
    with(|s, _| {
        let answer = s.answer(QueryKind::Overview { filter: Filter::default() }).expect("an overview");
        serde_json::to_string(&answer).expect("JSON").len() as f64
    })
}
