//! What this browser keeps between visits (localStorage), by key: the
//! language, the settings, KPI manual scores, handled alerts and whether
//! the user keeps a workspace (its files are in the origin-private file
//! system: `ui/worker/workspace.rs`). Every key starts with `kefu-lens.`,
//! so `wipe_all` finds them all. Every read and write tolerates a browser
//! without storage.

use gloo_storage::{LocalStorage, Storage};

use crate::ui::*;

const LANG_KEY: &str = "kefu-lens.lang";
const SETTINGS_KEY: &str = "kefu-lens.settings";
pub(crate) const MANUAL_KEY: &str = "kefu-lens.kpi-manual";
pub(crate) const HANDLED_KEY: &str = "kefu-lens.alerts-handled";
const WORKSPACE_KEY: &str = "kefu-lens.workspace";
const PREFIX: &str = "kefu-lens.";

pub(crate) type ManualScores = std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>;

/// gloo-storage panics without localStorage (some sandboxed pages).
fn available() -> bool {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
}

/// A value stored as plain text.
fn raw(key: &str) -> Option<String> {
    available().then(|| LocalStorage::raw().get_item(key).ok().flatten()).flatten()
}

fn set_raw(key: &str, value: &str) {
    if available() {
        let _ = LocalStorage::raw().set_item(key, value);
    }
}

/// The language chosen last time (Chinese when none).
pub(crate) fn stored_lang() -> Lang {
    raw(LANG_KEY).map(|c| Lang::from_code(&c)).unwrap_or(Lang::Zh)
}

pub(crate) fn store_lang(lang: Lang) {
    set_raw(LANG_KEY, lang.code());
}

/// Whether this browser keeps settings of its own.
pub(crate) fn has_stored_settings() -> bool {
    raw(SETTINGS_KEY).is_some()
}

/// The settings kept in this browser (the defaults when none or unreadable).
pub(crate) fn stored_settings() -> kefu_lens::Settings {
    raw(SETTINGS_KEY).and_then(|j| kefu_lens::Settings::parse_stored(&j).ok()).unwrap_or_default()
}

pub(crate) fn store_settings(s: &kefu_lens::Settings) {
    set_raw(SETTINGS_KEY, &s.to_json());
}

/// A JSON value kept under `key`.
pub(crate) fn load_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    available().then(|| LocalStorage::get(key).ok()).flatten()
}

pub(crate) fn save_json<T: serde::Serialize>(key: &str, v: &T) {
    if available() {
        let _ = LocalStorage::set(key, v);
    }
}

/// Whether the user asked to keep a workspace in this browser.
pub(crate) fn stored_keep_workspace() -> bool {
    raw(WORKSPACE_KEY).as_deref() == Some("1")
}

pub(crate) fn store_keep_workspace(on: bool) {
    if !available() {
        return;
    }
    if on {
        set_raw(WORKSPACE_KEY, "1");
    } else {
        LocalStorage::delete(WORKSPACE_KEY);
    }
}

/// Remove every item this app keeps in localStorage.
pub(crate) fn wipe_all() {
    let Some(store) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    let n = store.length().unwrap_or(0);
    let ours: Vec<String> =
        (0..n).filter_map(|i| store.key(i).ok().flatten()).filter(|k| k.starts_with(PREFIX)).collect();
    for k in ours {
        let _ = store.remove_item(&k);
    }
}

/// The QA score book (issue 15 item 1), buyers hashed
/// (`kefu_lens::qa::hashed_buyer`): scores are the user's own work and are
/// kept, but no customer's name is written to the browser's storage.
const QA_BOOK_KEY: &str = "kefu-lens.qa.book";
/// Who scores (the name typed on the scoring sheet, kept for next time).
const QA_SCORER_KEY: &str = "kefu-lens.qa.scorer";

pub(crate) fn qa_book() -> Option<kefu_lens::qa::ScoreBook> {
    load_json(QA_BOOK_KEY)
}

pub(crate) fn store_qa_book(book: &kefu_lens::qa::ScoreBook) {
    save_json(QA_BOOK_KEY, book);
}

pub(crate) fn qa_scorer() -> String {
    raw(QA_SCORER_KEY).unwrap_or_default()
}

pub(crate) fn store_qa_scorer(name: &str) {
    set_raw(QA_SCORER_KEY, name);
}
