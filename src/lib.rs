//! Kefu Lens engine: parsing, sessions and metrics. Pure Rust — no web-sys,
//! no Leptos — so it builds natively (CLI, tests, benchmarks) and for wasm
//! (the Web Worker).

mod dedup;
pub mod demo;
pub mod engine;
pub mod export;
pub mod format;
// The fuzz targets' bodies (fuzz/, tests/it/fuzz_regressions.rs); native only.
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod model;
pub mod par;
pub mod partition;
pub mod pool;
pub mod present;
pub mod protocol;
pub mod qa;
pub mod reconcile;
pub mod redact;
pub mod session;
pub mod settings;
pub mod share;
pub mod tables;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

pub use engine::Engine;
pub use model::Dataset;
pub use settings::Settings;

/// The web UI's pure helpers (its strings, the URL hash, chart hit-testing),
/// compiled here only for tests so `cargo test --lib` checks them natively.
#[cfg(test)]
#[path = "ui/pure/mod.rs"]
#[allow(dead_code)]
mod ui_pure;
