//! Helpers shared by the integration tests. Not every test module uses
//! every helper.
#![allow(dead_code)]

pub mod engine;
pub mod import;
pub mod pool;
