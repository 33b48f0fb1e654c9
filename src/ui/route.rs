//! The URL hash: the filter and tab written after each change (so a view
//! can be bookmarked and survives a reload) and read on the first load. The
//! encoding itself is pure (`pure::route`), tested natively.

use crate::ui::*;

pub(crate) use self::pure::route::Tab;
use self::pure::route::{encode_hash, parse_hash, HashView};

/// Write the view's filter and tab into the URL hash.
pub(crate) fn write_hash(vs: ViewState) {
    let f = vs.filter.get_untracked();
    let hash = encode_hash(&HashView {
        from: f.from.as_deref(),
        to: f.to.as_deref(),
        agent: f.agents.first().map(String::as_str),
        tab: Some(vs.tab.get_untracked()),
    });
    // history.replaceState takes ~10 ms in Chromium (a same-document
    // navigation); it runs in its own task, not in the one that redraws.
    set_timeout(
        move || {
            if let Some(w) = web_sys::window() {
                if w.location().hash().ok().as_deref() != Some(hash.as_str()) {
                    if let Ok(h) = w.history() {
                        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
                    }
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The hash's `key=value` pairs.
pub(crate) fn read_hash() -> std::collections::HashMap<String, String> {
    parse_hash(&web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default())
}
