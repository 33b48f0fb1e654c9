//! The tabs, and the URL hash that names a view:
//! `#from=2024-06-01&to=2024-06-30&agent=…&tab=agents`, so a view can be
//! bookmarked and survives a reload.

use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Overview,
    Agents,
    Teams,
    Hours,
    Conversion,
    Products,
    Details,
    Categories,
    Kpi,
    Alerts,
    Qa,
    Reconcile,
}

impl Tab {
    /// Every tab, in the tab bar's order.
    pub const ALL: [Tab; 12] = [
        Tab::Overview,
        Tab::Agents,
        Tab::Teams,
        Tab::Hours,
        Tab::Conversion,
        Tab::Products,
        Tab::Details,
        Tab::Categories,
        Tab::Kpi,
        Tab::Alerts,
        Tab::Qa,
        Tab::Reconcile,
    ];

    /// The tab's name in the URL and in its element id (`#tab-agents`).
    pub fn code(self) -> &'static str {
        match self {
            Tab::Overview => "overview",
            Tab::Agents => "agents",
            Tab::Teams => "teams",
            Tab::Hours => "hours",
            Tab::Conversion => "conversion",
            Tab::Products => "products",
            Tab::Details => "details",
            Tab::Categories => "categories",
            Tab::Kpi => "kpi",
            Tab::Alerts => "alerts",
            Tab::Qa => "qa",
            Tab::Reconcile => "reconcile",
        }
    }

    /// The tab named `s`; anything unknown is the overview.
    pub fn from_code(s: &str) -> Tab {
        Tab::ALL.into_iter().find(|t| t.code() == s).unwrap_or(Tab::Overview)
    }
}

/// What the hash holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HashView<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub shop: Option<&'a str>,
    /// Team path joined by `/`.
    pub team: Option<&'a str>,
    /// `presales` or `aftersales`.
    pub role: Option<&'a str>,
    pub agent: Option<&'a str>,
    pub tab: Option<Tab>,
}

/// The hash (with its `#`) for a view; the overview tab is left out.
pub fn encode_hash(v: &HashView) -> String {
    let mut parts = Vec::new();
    if let Some(x) = v.from {
        parts.push(format!("from={x}"));
    }
    if let Some(x) = v.to {
        parts.push(format!("to={x}"));
    }
    for (key, value) in [("shop", v.shop), ("team", v.team), ("role", v.role), ("agent", v.agent)] {
        if let Some(x) = value {
            parts.push(format!("{key}={}", encode_component(x)));
        }
    }
    if let Some(t) = v.tab.filter(|t| *t != Tab::Overview) {
        parts.push(format!("tab={}", t.code()));
    }
    format!("#{}", parts.join("&"))
}

/// The `key=value` pairs of a hash (with or without its `#`), values
/// decoded; a value that does not decode is empty.
pub fn parse_hash(hash: &str) -> HashMap<String, String> {
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode_component(v).unwrap_or_default()))
        .collect()
}

/// JavaScript's `encodeURIComponent`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// JavaScript's `decodeURIComponent`: `None` where it would throw.
pub fn decode_component(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_codes_round_trip() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_code(t.code()), t);
        }
        assert_eq!(Tab::from_code("nonsense"), Tab::Overview);
    }

    #[test]
    fn hash_round_trip() {
        let v = HashView {
            from: Some("2024-06-01"),
            to: Some("2024-06-30"),
            shop: Some("旗舰店"),
            team: Some("售前部/一组"),
            role: Some("presales"),
            agent: Some("店铺:小 王&1"),
            tab: Some(Tab::Kpi),
        };
        let h = encode_hash(&v);
        assert_eq!(
            h,
            "#from=2024-06-01&to=2024-06-30&shop=%E6%97%97%E8%88%B0%E5%BA%97&team=%E5%94%AE%E5%89%8D%E9%83%A8%2F%E4%B8%80%E7%BB%84\
             &role=presales&agent=%E5%BA%97%E9%93%BA%3A%E5%B0%8F%20%E7%8E%8B%261&tab=kpi"
        );
        let m = parse_hash(&h);
        assert_eq!(m.get("shop").map(String::as_str), Some("旗舰店"));
        assert_eq!(m.get("team").map(String::as_str), Some("售前部/一组"));
        assert_eq!(m.get("role").map(String::as_str), Some("presales"));
        let m = parse_hash(&h);
        assert_eq!(m.get("from").map(String::as_str), Some("2024-06-01"));
        assert_eq!(m.get("to").map(String::as_str), Some("2024-06-30"));
        assert_eq!(m.get("agent").map(String::as_str), Some("店铺:小 王&1"));
        assert_eq!(m.get("tab").map(|t| Tab::from_code(t)), Some(Tab::Kpi));
    }

    #[test]
    fn overview_and_empty_views() {
        assert_eq!(encode_hash(&HashView { tab: Some(Tab::Overview), ..Default::default() }), "#");
        assert!(parse_hash("").is_empty());
        assert!(parse_hash("#").is_empty());
    }

    #[test]
    fn bad_escapes_decode_to_nothing() {
        assert_eq!(decode_component("%E5%BA"), None);
        assert_eq!(decode_component("%zz"), None);
        assert_eq!(decode_component("%4"), None);
        assert_eq!(parse_hash("#agent=%zz").get("agent").map(String::as_str), Some(""));
        assert_eq!(encode_component("a-b_c.d!e~f*g'h(i)j"), "a-b_c.d!e~f*g'h(i)j");
    }
}
