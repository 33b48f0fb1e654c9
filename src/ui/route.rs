use crate::ui::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tab {
    Overview,
    Agents,
    Teams,
    Hours,
    Conversion,
    Details,
    Categories,
    Kpi,
    Alerts,
}

impl Tab {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Agents => "agents",
            Tab::Teams => "teams",
            Tab::Hours => "hours",
            Tab::Conversion => "conversion",
            Tab::Details => "details",
            Tab::Categories => "categories",
            Tab::Kpi => "kpi",
            Tab::Alerts => "alerts",
        }
    }
    pub(crate) fn from_code(s: &str) -> Tab {
        match s {
            "agents" => Tab::Agents,
            "teams" => Tab::Teams,
            "hours" => Tab::Hours,
            "conversion" => Tab::Conversion,
            "details" => Tab::Details,
            "categories" => Tab::Categories,
            "kpi" => Tab::Kpi,
            "alerts" => Tab::Alerts,
            _ => Tab::Overview,
        }
    }
}

/// `#from=2024-06-01&to=2024-06-30&agent=…&tab=agents` ⇄ filter and tab,
/// so a view can be bookmarked and survives a reload.
pub(crate) fn write_hash(ui: Ui) {
    let f = ui.filter.get_untracked();
    let mut parts = Vec::new();
    if let Some(v) = &f.from {
        parts.push(format!("from={v}"));
    }
    if let Some(v) = &f.to {
        parts.push(format!("to={v}"));
    }
    if let Some(a) = f.agents.first() {
        parts.push(format!("agent={}", String::from(js_sys::encode_uri_component(a))));
    }
    if ui.tab.get_untracked() != Tab::Overview {
        parts.push(format!("tab={}", ui.tab.get_untracked().code()));
    }
    let hash = format!("#{}", parts.join("&"));
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

pub(crate) fn read_hash() -> std::collections::HashMap<String, String> {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), js_sys::decode_uri_component(v).ok().map(String::from).unwrap_or_default()))
        .collect()
}
