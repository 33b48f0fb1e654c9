//! Native CLI subcommands (`kefu report|demo|bench|kpi|alerts`).
pub mod alerts;
pub mod demo;
pub mod report;
pub mod kpi;
