//! The web UI: a thin Leptos layer over the worker. It sends requests and
//! draws answers; it never parses files or aggregates data itself.

mod app;
mod chart;
mod client;
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

use kefu_lens::engine::{DailyRow, Dim, Drill, DrillRequest, Filter, Metrics, Query, Report, Transcript};
use kefu_lens::format;
use kefu_lens::model::{day_string, parse_day, FileKind, FileReport};
use kefu_lens::protocol::{Answer, ImportFile, Loaded, Progress, QueryKind, Request, Response};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::pure::i18n;
use i18n::{tr, Lang};

use kefu_lens::protocol::DRILL_PAGE;

use kefu_lens::settings::CategoryNode;

use self::app::*;
use self::drill::crumbs::*;
use self::drill::explorer::*;
use self::drill::levels::*;
use self::drill::list::*;
use self::drill::transcript::*;
use self::drill::*;
use self::filters::*;
use self::help::*;
use self::import::panel::*;
use self::import::reports::*;
use self::import::staff::*;
use self::present::*;
use self::route::*;
use self::settings::accounts::*;
use self::settings::category_tree::*;
use self::settings::panel::*;
use self::state::*;
use self::storage::*;
use self::views::agents::my_perf::*;
use self::views::agents::*;
use self::views::alerts::*;
use self::views::big_screen::*;
use self::views::categories::stack::*;
use self::views::categories::*;
use self::views::conversion::*;
use self::views::details::*;
use self::views::hours::*;
use self::views::kpi::*;
use self::views::overview::*;
use self::views::teams::*;
use self::widgets::chart_canvas::*;
use self::widgets::export::*;
use self::widgets::histogram_chart::*;
use self::widgets::keyed_table::*;
use self::widgets::trend_chart::*;

pub use self::app::{install_panic_panel, App};
