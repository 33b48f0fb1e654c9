use crate::ui::*;

pub(crate) type ManualScores = std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>;

pub(crate) const MANUAL_KEY: &str = "kefu-lens.kpi-manual";

pub(crate) const HANDLED_KEY: &str = "kefu-lens.alerts-handled";

pub(crate) fn load_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    storage().and_then(|s| s.get_item(key).ok().flatten()).and_then(|j| serde_json::from_str(&j).ok())
}

pub(crate) fn save_json<T: serde::Serialize>(key: &str, v: &T) {
    if let (Some(s), Ok(j)) = (storage(), serde_json::to_string(v)) {
        let _ = s.set_item(key, &j);
    }
}
