//! Native CLI subcommands (`kefu report|demo|bench|kpi`).
pub mod demo;
pub mod report;
pub mod kpi;
