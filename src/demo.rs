//! Deterministic demo-shop generator. OWNER: demo helper.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoParams {
    pub seed: u64,
    pub days: u32,
    /// Approximate number of chat messages to generate.
    pub messages: u64,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
}

impl Default for DemoParams {
    fn default() -> Self {
        DemoParams { seed: 20240601, days: 30, messages: 60_000, start: "2024-06-01".into() }
    }
}

pub struct DemoFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Real-format files of a demo shop, plus `settings.json` (accounts, teams,
/// roles, categories).
pub fn generate_files(_p: &DemoParams) -> Vec<DemoFile> {
    Vec::new()
}
