//! The web UI: a thin Leptos layer over the worker. It sends requests and
//! draws answers; it never parses files or aggregates data itself.
//!
//! Layout: `app` (the shell and tab bar), `state` (the shared signals as
//! three contexts: [`state::AppState`], [`state::ViewState`] and
//! [`drill::DrillState`]), `worker` (the only module that knows the wire
//! protocol: transport, typed asks, hooks), `views/*` (one per tab; views
//! never import each other), `widgets/*` (tables, charts, pager, export),
//! `drill/*`, `import/*`, `settings/*`, `chart/*` (drawing) and `pure/*`
//! (helpers without web-sys, tested natively).
//!
//! Only `state.rs` and `drill/mod.rs` write shared signals; components call
//! their functions.

mod app;
mod chart;
mod drill;
mod filters;
mod help;
mod import;
mod present;
mod pure;
mod route;
mod settings;
mod state;
mod storage;
mod views;
mod widgets;
mod worker;

use kefu_lens::engine::{
    DailyRow, Dim, Drill, DrillColumn, DrillRequest, DrillView, Filter, Metrics, Query, Report, Transcript,
};
use kefu_lens::format;
use kefu_lens::model::{day_string, parse_day, FileKind, FileReport};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::pure::duplicates::duplicates_note;
use self::pure::i18n;
use self::pure::labels::range_label;
use i18n::{tr, Lang};
use kefu_lens::present::axis_fmt;

use kefu_lens::settings::CategoryNode;

use self::drill::crumbs::*;
use self::drill::explorer::*;
use self::drill::levels::*;
use self::drill::list::*;
use self::drill::transcript::*;
use self::drill::*;
use self::filters::*;
use self::help::*;
use self::import::area::*;
use self::import::howto::*;
use self::import::mapper::*;
use self::import::panel::*;
use self::import::reports::*;
use self::import::staff::*;
use self::present::*;
use self::route::*;
use self::settings::accounts::*;
use self::settings::category_tree::*;
use self::settings::panel::*;
use self::settings::work_time::*;
use self::state::*;
use self::storage::*;
use self::widgets::chart_canvas::*;
use self::widgets::export::*;
use self::widgets::gold_teams::*;
use self::widgets::histogram_chart::*;
use self::widgets::keyed_table::*;
use self::widgets::metric_cards::*;
use self::widgets::pager::*;
use self::widgets::share::*;
use self::widgets::trend_chart::*;
use self::worker::api::{self, Event, Loaded, Phase, Progress, DRILL_PAGE};
use self::worker::hooks::*;
use self::worker::workspace;

pub use self::app::{install_panic_panel, App};
