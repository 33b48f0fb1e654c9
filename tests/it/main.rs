//! The integration tests, built as one test binary (one link of the
//! library instead of one per file): `cargo test --test it`, or
//! `cargo test --test it engine_service::` for one module.
//!
//! `support` holds the shared helpers: `support::engine` builds datasets by
//! hand for the engine tests, `support::import` reads fixtures and spells
//! out imported rows for the parser tests.

mod support;

mod alerts;
mod auto_replies;
mod category_classify;
mod category_pivot;
mod cli_csv_safe;
mod cli_exit;
mod cli_fixtures;
mod consult_rules;
mod cuifu;
mod dedup;
mod demo_cli;
mod demo_gen;
mod drill_list;
mod engine_category;
mod engine_conversion;
mod engine_histogram;
mod engine_hours;
mod engine_max;
mod engine_messages;
mod engine_other;
mod engine_perf;
mod engine_service;
mod export;
mod fuzz_regressions;
mod import_chats;
mod import_chunked;
mod import_containers;
mod import_malformed;
mod import_orders;
mod import_resolve;
mod import_stream;
mod import_tail;
mod import_text_shapes;
mod kpi_cli;
mod kpi_roles;
mod kpi_score;
mod mapper;
mod order_shapes;
mod partition;
mod pool;
mod products;
mod qa;
mod realdata;
mod realdata_chats;
mod reconcile;
mod refunds;
mod scaleout;
mod session;
mod settings_boundary;
mod share;
mod unknown_inputs;
mod xlsx_guard;
