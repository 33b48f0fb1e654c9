//! The URL hash: the filter and tab written after each change (so a view
//! can be bookmarked and survives a reload) and read on the first load. The
//! encoding itself is pure (`pure::route`), tested natively.

use crate::ui::*;

pub(crate) use self::pure::route::Tab;
use self::pure::route::{encode_hash, parse_hash, HashView};

/// Write the view's filter and tab into the URL hash.
pub(crate) fn write_hash(vs: ViewState) {
    let f = vs.filter.get_untracked();
    let team = f.team.join("/");
    let hash = encode_hash(&HashView {
        from: f.from.as_deref(),
        to: f.to.as_deref(),
        shop: f.shops.first().map(String::as_str),
        team: Some(team.as_str()).filter(|t| !t.is_empty()),
        role: f.role.map(role_code),
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

/// A role as the URL and the role filter write it.
pub(crate) fn role_code(r: kefu_lens::settings::Role) -> &'static str {
    match r {
        kefu_lens::settings::Role::Presales => "presales",
        kefu_lens::settings::Role::Aftersales => "aftersales",
    }
}

/// The role a code names (see [`role_code`]).
pub(crate) fn role_from_code(s: &str) -> Option<kefu_lens::settings::Role> {
    match s {
        "presales" => Some(kefu_lens::settings::Role::Presales),
        "aftersales" => Some(kefu_lens::settings::Role::Aftersales),
        _ => None,
    }
}

/// The agents an agent list offers under a team and role filter: as the
/// engine filters (an agent missing from the account list has no team and
/// is pre-sales).
pub(crate) fn agents_in(
    agents: &[String],
    accounts: &[kefu_lens::settings::Account],
    team: &[String],
    role: Option<kefu_lens::settings::Role>,
) -> Vec<String> {
    agents
        .iter()
        .filter(|a| {
            let acc = accounts.iter().find(|x| &x.nick == *a);
            let path: &[String] = acc.map_or(&[], |x| &x.team);
            let r = acc.map_or(kefu_lens::settings::Role::Presales, |x| x.role);
            path.starts_with(team) && role.is_none_or(|want| want == r)
        })
        .cloned()
        .collect()
}

/// The hash's `key=value` pairs.
pub(crate) fn read_hash() -> std::collections::HashMap<String, String> {
    parse_hash(&web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default())
}
