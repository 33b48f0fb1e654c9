//! Pure UI helpers: no web-sys, no Leptos. The UI includes them as
//! `ui::pure`; the library includes the same files under `#[cfg(test)]` so
//! `cargo test --lib` runs their tests natively. Only relative paths
//! (`super::`) are used here, since the crate differs between the two.

pub mod duplicates;
pub mod help;
pub mod howto;
pub mod i18n;
pub mod labels;
pub mod layout;
pub mod route;
