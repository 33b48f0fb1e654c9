//! The metrics engine (spec §2–§8).
//!
//! `Engine::new` resolves messages for the settings and builds
//! conversation-days, buyer-days, rounds and order attribution once; queries
//! (`report`, `drill`, `daily_summary`, …) then aggregate without touching
//! the source files again.
//!
//! Layout: messages are sorted per `(agent, buyer)` stream by `(ts, original
//! index)` — as indices into the dataset, not a copy of it (`Messages`), so
//! methods that read messages take the `&Dataset` the engine was built from;
//! a conversation-day is a contiguous message range; rounds are
//! contiguous per conversation-day. Each conversation-day carries
//! precomputed facts ([`Conv`]) so a report is a sort-based grouping of
//! conversation-day ids followed by a per-group merge of buyer-day flags.
//!
//! Where things are — build steps, in `Engine::new` order:
//! `messages.rs` (1, resolve and sort), `agents.rs` (2), `conversations.rs`
//! (3–5: conversation-days, rounds, ratings, roles), `buyer_days.rs` (6),
//! `attribution.rs` (7), `category.rs` (8), `cuifu.rs` (9), `product.rs` (10), `refunds.rs` (11).
//! Queries: `group.rs` (filter and
//! grouping), `metrics.rs` (the spec formulas), `report.rs`, `drill.rs`,
//! `transcript.rs`, `histogram.rs`, `hours.rs`, `alerts.rs`, `kpi.rs`, `qa.rs`. The
//! metric registry is `metric.rs`.

pub mod agents;
pub mod alerts;
pub mod attribution;
mod buyer_days;
pub mod category;
pub mod clock;
pub mod conversations;
pub mod cuifu;
pub mod drill;
mod flags;
mod group;
pub mod histogram;
pub mod hours;
pub mod kpi;
mod messages;
pub mod metric;
mod metrics;
pub mod population;
pub mod product;
pub mod qa;
pub mod query;
pub mod refunds;
mod report;
pub mod transcript;

pub use agents::{AgentInfo, UNGROUPED};
pub use attribution::Attribution;
pub use conversations::{Conv, Round};
pub use drill::{Drill, DrillColumn, DrillDetail, DrillRequest, DrillRow, DrillView};
pub use metric::{Better, Metric, MetricInfo, Metrics, Pass, Population, Rule, Unit, COUNT_KEYS, METRICS, METRIC_KEYS};
pub use product::ProductJoin;
pub use query::*;
pub use refunds::RefundReason;
pub use transcript::{Transcript, TranscriptMessage, TranscriptOrder};

use crate::model::{Dataset, Sym};
use crate::settings::Settings;
use category::CategoryTree;
use clock::{Clock, ClosingWords};
pub(crate) use flags::*;
pub(crate) use messages::Messages;
pub(crate) use metrics::{assessed, Partial};
pub(crate) use report::{agent_actuals, daily_row, finish_pivot, PartialRow, PivotPartial, SortPart, SummarySets};

pub struct Engine {
    /// The settings built for. Build-time fields shaped everything below;
    /// the query-time ones (`Settings::QUERY_TIME`) are read by queries and
    /// can change without a rebuild (`Engine::apply_settings`).
    pub(crate) settings: Settings,
    pub(crate) clock: Clock,
    /// Messages in stream order as indices into the dataset it was built
    /// from (see `Messages`), with per-message flags.
    pub(crate) msgs: Messages,
    pub(crate) convs: Vec<Conv>,
    pub(crate) rounds: Vec<Round>,
    /// Global `B_*` flags per buyer-day (`Conv::bd`).
    pub(crate) bd_flags: Vec<u8>,
    pub(crate) attributions: Vec<Attribution>,
    /// order index → index in `attributions`.
    pub(crate) order_attr: Vec<u32>,
    /// Attributions sorted by conv: (conv, attribution index).
    pub(crate) conv_orders: Vec<(u32, u32)>,
    pub(crate) agents: Vec<AgentInfo>,
    pub(crate) team_labels: Vec<String>,
    pub(crate) group_labels: Vec<String>,
    pub(crate) shops: agents::ShopLabels,
    pub(crate) tree: CategoryTree,
    pub category_error: Option<String>,
    pub(crate) order_count: usize,
    /// Orders without a buyer nickname linked through their number in a
    /// chat, and those whose number appears in no chat (spec §1.3).
    pub(crate) orders_linked: usize,
    pub(crate) orders_not_linked: usize,
    /// Per order, its buyer after linking (`Sym::NONE`: not linked).
    pub(crate) order_buyers: Vec<Sym>,
    pub(crate) rating_count: usize,
    /// 催付 records, one per counted order with a credited
    /// conversation-day, sorted by it (`cuifu.rs`, step 9).
    pub(crate) cuifu: Vec<cuifu::CuifuOrder>,
    /// Products mentioned, sent and ordered (issue 14, step 10).
    pub(crate) products: product::Products,
    /// Refunds joined to their orders and credited (build step 11).
    pub(crate) refunds: refunds::RefundFacts,
}

impl Engine {
    /// Intern the settings' account nicks (so a main account that never
    /// wrote can still receive buyer messages, spec §1.2), then build.
    /// Use this rather than `new` wherever the dataset is mutable.
    pub fn prepare(ds: &mut Dataset, settings: &Settings) -> Engine {
        crate::import::intern_settings_nicks(ds, settings);
        ds.settle_duplicates();
        Engine::new(ds, settings)
    }

    /// Build for `settings`. `ds` is only read, so the same dataset can be
    /// built again with other settings. The engine keeps indices into
    /// `ds.messages`: `summary`, `drill`, `transcript` and `alerts` must be
    /// given this same dataset, and the engine rebuilt after messages are
    /// removed from it.
    pub fn new(ds: &Dataset, settings: &Settings) -> Engine {
        Engine::build(ds, settings, None)
    }

    /// [`Engine::new`] with the buyers of the orders given (`links`: one
    /// per order of `ds`, as [`attribution::link_orders`] would find them)
    /// instead of linked in step 7: a partition (`crate::partition`) holds
    /// an order without a buyer nickname under the buyer it was linked to
    /// over the whole dataset, so it must not link again over its part.
    pub(crate) fn build(ds: &Dataset, settings: &Settings, links: Option<attribution::OrderLinks>) -> Engine {
        let clock = Clock::new(settings);
        // 1. Resolve, drop messages without both parties, sort per stream.
        let (mut msgs, agent_syms) = Messages::build(ds, settings, &ClosingWords::new(settings));
        // 2. Agents and the label tables of the team, group and shop dimensions.
        let agents = agents::Agents::build(ds, settings, agent_syms);
        // 3. Conversation-days and rounds.
        let ratings = conversations::RatingKeys::new(ds);
        let (mut convs, rounds) = conversations::conversation_days(
            ds,
            &msgs,
            &clock,
            &agents.idx_of,
            ratings.day_count(),
            settings.session_idle_secs,
        );
        msgs.built();
        // 4. Ratings: one per (agent, buyer, day), last wins.
        let rating_count = ratings.attach(ds, &mut convs, &agents.idx_of);
        // 5. Roles: inquiry and after-sales reception.
        conversations::mark_roles(&mut convs, &agents.list);
        // 6. Buyer-days.
        let mut bds = buyer_days::BuyerDays::build(&mut convs, settings.reconsult_days);
        // 7. Order attribution (orders without a buyer linked by number first).
        let links = links.unwrap_or_else(|| attribution::link_orders(ds, &msgs));
        let attr = attribution::Inputs { ds, msgs: &msgs, settings, agents: &agents.list, buyers: &links.buyers }
            .attribute(&mut convs, &mut bds);
        // 8. Categories.
        let (tree, category_error) = category::classify_all(ds, &msgs, settings, &mut convs);
        // 9. 催付: each order's first payment reminder and credited conversation-day.
        let cuifu = cuifu::Inputs {
            ds,
            msgs: &msgs,
            settings,
            clock: &clock,
            buyers: &links.buyers,
            order_attr: &attr.order_attr,
            attributions: &attr.list,
        }
        .build(&convs, &bds);
        // 10. Products: mentioned per buyer-day, sent per conversation-day,
        // held by the attributed orders.
        let products = product::Inputs {
            ds,
            msgs: &msgs,
            convs: &convs,
            attributions: &attr.list,
            window: settings.final_window_days.max(0) as i32,
        }
        .build();
        // (the texts' product references are read)
        msgs.named = Vec::new();
        // 11. Refunds: joined to orders, credited like their sale.
        let refunds = refunds::Inputs {
            ds,
            msgs: &msgs,
            settings,
            convs: &convs,
            attributions: &attr.list,
            buyers: &links.buyers,
            products: &products,
        }
        .build();
        Engine {
            settings: settings.clone(),
            clock,
            msgs,
            convs,
            rounds,
            bd_flags: bds.flags,
            attributions: attr.list,
            order_attr: attr.order_attr,
            conv_orders: attr.conv_orders,
            agents: agents.list,
            team_labels: agents.team_labels,
            group_labels: agents.group_labels,
            shops: agents::ShopLabels::new(ds),
            tree,
            category_error,
            order_count: ds.counted_orders().count(),
            orders_linked: links.linked,
            orders_not_linked: links.not_linked,
            order_buyers: links.buyers,
            rating_count,
            cuifu,
            products,
            refunds,
        }
    }

    /// Adopt `new` settings. When they differ from the engine's only in
    /// query-time fields (`Settings::needs_rebuild` is false: the response
    /// threshold, the 长接待 threshold, the weekly rules, KPI and alert
    /// rules) the build is kept
    /// and queries read the new values; otherwise the engine is rebuilt as
    /// by [`Engine::prepare`]. Returns whether it was rebuilt.
    pub fn apply_settings(&mut self, ds: &mut Dataset, new: &Settings) -> bool {
        if self.settings.needs_rebuild(new) {
            *self = Engine::prepare(ds, new);
            true
        } else {
            self.settings = new.clone();
            false
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    #[inline]
    pub(crate) fn shop_label_rank(&self, s: Sym) -> u32 {
        self.shops.rank(s)
    }

    /// Staff account nicks seen in messages or ratings, sorted.
    pub fn agents(&self) -> Vec<String> {
        self.agents.iter().map(|a| a.nick.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoParams};
    use std::collections::BTreeMap;

    fn demo_dataset() -> (Dataset, Settings) {
        let p = DemoParams { seed: 7, days: 14, messages: 6000, start: "2024-06-03".into() };
        let mut ds = Dataset::default();
        for f in demo::generate_files(&p).into_iter().filter(|f| f.name != demo::SETTINGS_JSON) {
            crate::import::import_bytes(&mut ds, &f.name, f.bytes, None);
        }
        (ds, demo::demo_settings(&p))
    }

    /// Everything a query-time setting can change, as JSON.
    fn answers(e: &Engine, ds: &Dataset) -> Vec<String> {
        let mut out = Vec::new();
        for by in [vec![], vec![Dim::Agent], vec![Dim::Agent, Dim::Week], vec![Dim::Week], vec![Dim::Day]] {
            out.push(
                serde_json::to_string(&e.report(&Query { rules: vec![], by, filter: Filter::default() })).unwrap(),
            );
        }
        let agent = e.agents().into_iter().next().unwrap();
        for metric in ["rounds_3min", drill::ROUNDS_OVER, "response_rate_3min", "weekly_assessed", "weekly_passed"] {
            for key in [BTreeMap::new(), BTreeMap::from([("agent".to_string(), agent.clone())])] {
                let req = DrillRequest { filter: Filter::default(), key, metric: metric.into() };
                out.push(serde_json::to_string(&e.drill(ds, &req)).unwrap());
            }
        }
        out.push(serde_json::to_string(&e.response_histogram(&Filter::default())).unwrap());
        out.push(serde_json::to_string(&e.hours(&Filter::default())).unwrap());
        out.push(serde_json::to_string(&e.daily_summary(&Filter::default())).unwrap());
        for conv in (0..e.conv_count() as u32).step_by(97) {
            out.push(serde_json::to_string(&e.transcript(ds, conv)).unwrap());
        }
        out
    }

    /// The product flags kept per conversation-day for any product are
    /// those computed from the product tables, for every conversation-day
    /// of the demo (which mentions, sends and orders products); and some
    /// have each flag, so the comparison is not of zeros.
    #[test]
    fn any_product_flags_kept_are_the_computed_ones() {
        let (mut ds, settings) = demo_dataset();
        let e = Engine::prepare(&mut ds, &settings);
        let mut seen = 0u32;
        for (ci, c) in e.convs.iter().enumerate() {
            let kept = e.product_bits(ci as u32, None);
            assert_eq!(kept, e.products.bits(c, ci as u32, None), "conversation-day {ci}");
            seen |= kept;
        }
        assert_eq!(seen, PF_MENTION | PF_REC | PF_ORDERED | PF_PAID | PF_REC_PAID);
    }

    /// A group's buyer-days merged in a list by buyer-day give the same
    /// flag combinations as merged by sorting: for the whole data, each
    /// agent's and each day's conversation-days, any product and one.
    #[test]
    fn buyer_days_merged_densely_or_by_sorting_agree() {
        let (mut ds, settings) = demo_dataset();
        let e = Engine::prepare(&mut ds, &settings);
        let all: Vec<u32> = (0..e.convs.len() as u32).collect();
        let mut groups = vec![all.clone()];
        for by in [|c: &Conv| c.agent_idx as i64, |c: &Conv| c.day as i64] {
            let mut keyed: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
            for &ci in &all {
                keyed.entry(by(&e.convs[ci as usize])).or_default().push(ci);
            }
            groups.extend(keyed.into_values());
        }
        assert!(groups.len() > 10 && !e.products.list.is_empty());
        for g in &groups {
            for scope in [None, Some(0)] {
                let flags = |ci: u32| e.group_flags(ci) | e.product_bits(ci, scope);
                let dense = e.buyer_day_combos(g, &flags, true);
                assert!(!dense.is_empty());
                assert_eq!(dense, e.buyer_day_combos(g, &flags, false));
            }
        }
    }

    /// The overview's totals (the days' partials added) are the report by
    /// nothing, and its days the 汇总表, for the whole data, a date range
    /// cutting a week, one agent, and a filter matching nothing.
    #[test]
    fn the_overview_is_the_report_by_nothing_and_the_daily_summary() {
        let (mut ds, settings) = demo_dataset();
        let e = Engine::prepare(&mut ds, &settings);
        let agent = e.agents().into_iter().next().unwrap();
        let days = e.daily_summary(&Filter::default());
        assert!(days.len() > 5);
        let filters = [
            Filter::default(),
            Filter { from: Some(days[2].day.clone()), to: Some(days[4].day.clone()), ..Filter::default() },
            Filter { agents: vec![agent], ..Filter::default() },
            Filter { agents: vec!["没有这个客服".into()], ..Filter::default() },
        ];
        for f in filters {
            let (totals, daily) = e.overview(&f);
            let report = e.report(&Query { rules: vec![], by: vec![], filter: f.clone() });
            assert_eq!(report.rows.len(), 1);
            assert_eq!(
                serde_json::to_string(&totals).unwrap(),
                serde_json::to_string(&report.rows[0].metrics).unwrap()
            );
            assert_eq!(serde_json::to_string(&daily).unwrap(), serde_json::to_string(&e.daily_summary(&f)).unwrap());
        }
        assert!(e.overview(&Filter::default()).0.consult_buyers > 0);
    }

    /// The partials of many groups made in one pass over the
    /// conversation-days are each group's partial made on its own: by
    /// agent and by day, weekly units by agent or pooled, with and without
    /// a platform rule, and with conversation-days in no group.
    #[test]
    fn partials_of_groups_in_one_pass_equal_each_group_alone() {
        let (mut ds, settings) = demo_dataset();
        let e = Engine::prepare(&mut ds, &settings);
        // every third conversation-day left out of the groups
        let some: Vec<u32> = (0..e.convs.len() as u32).filter(|ci| ci % 3 != 0).collect();
        let by_agent_idx: fn(&Conv) -> i64 = |c| c.agent_idx as i64;
        let by_day_of: fn(&Conv) -> i64 = |c| c.day as i64;
        for (by_day, by) in [(false, by_agent_idx), (true, by_day_of)] {
            let mut keyed: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
            for &ci in &some {
                keyed.entry(by(&e.convs[ci as usize])).or_default().push(ci);
            }
            let groups: Vec<&[u32]> = keyed.values().map(|g| g.as_slice()).collect();
            assert!(groups.len() > 5);
            // by day each buyer-day lies in one group: counted in one pass
            let group_of = e.group_of(&groups);
            let flags: Vec<u32> = (0..e.convs.len() as u32).map(|ci| e.group_flags(ci)).collect();
            assert_eq!(e.combos_by_group(groups.len(), &group_of, &flags).is_some(), by_day);
            for by_agent in [true, false] {
                for rules in [vec![], vec![crate::engine::Rule::Xiaohongshu]] {
                    let one_pass = e.partials_of_groups(&groups, &e.group_of(&groups), by_agent, &rules);
                    assert_eq!(one_pass.len(), groups.len());
                    for (g, p) in groups.iter().zip(&one_pass) {
                        let alone = e.partial_with(g, by_agent, &rules, None);
                        assert_eq!(serde_json::to_string(p).unwrap(), serde_json::to_string(&alone).unwrap());
                    }
                }
            }
        }
    }

    /// A day's month by arithmetic is the calendar's, over ±2,000 years
    /// (leap days, century years and 2000 included).
    #[test]
    fn a_days_month_is_the_calendars() {
        use chrono::Datelike;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for day in -730_000..730_000 {
            let d = epoch + chrono::Duration::days(day as i64);
            assert_eq!(group::month_of(day), d.year() as i64 * 12 + d.month0() as i64, "{d}");
        }
    }

    /// A grouping by one dimension (each conversation-day's value kept as
    /// it is found) puts each conversation-day of the filter under its
    /// value, groups by value and each group's in ascending order.
    #[test]
    fn a_grouping_by_one_dimension_puts_each_conversation_day_under_its_value() {
        let (mut ds, settings) = demo_dataset();
        let e = Engine::prepare(&mut ds, &settings);
        let (first, last) =
            (e.convs.iter().map(|c| c.day).min().unwrap(), e.convs.iter().map(|c| c.day).max().unwrap());
        let middle = Filter {
            from: Some(crate::model::day_string(first + 2)),
            to: Some(crate::model::day_string(last - 3)),
            ..Default::default()
        };
        for f in [Filter::default(), middle] {
            let fs = e.filter_set(&f);
            for d in [Dim::Day, Dim::Week, Dim::Month, Dim::Agent, Dim::Shop, Dim::Team, Dim::Hour, Dim::Weekday] {
                let mut want: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
                for (i, c) in e.convs.iter().enumerate() {
                    if e.conv_in(&fs, c) {
                        want.entry(e.dim_val(c, d)).or_default().push(i as u32);
                    }
                }
                let want: Vec<(Vec<u64>, Vec<u32>)> = want.into_iter().map(|(v, cis)| (vec![v], cis)).collect();
                assert!(!want.is_empty());
                assert_eq!(e.group(&fs, &[d]), want, "{d:?} {:?}", f.from);
            }
        }
    }

    #[test]
    fn a_query_time_change_equals_a_fresh_build() {
        let (mut ds, s0) = demo_dataset();
        let mut e = Engine::prepare(&mut ds, &s0);
        let before = answers(&e, &ds);
        let s1 = Settings { response_threshold_secs: 45, weekly_min_sessions: 2, weekly_pass_rate: 0.95, ..s0.clone() };
        assert!(!e.apply_settings(&mut ds, &s1), "no rebuild for query-time fields");
        let after = answers(&e, &ds);
        assert_eq!(after, answers(&Engine::prepare(&mut ds, &s1), &ds));
        assert_ne!(after, before, "the change shows in the answers");
        assert_eq!(e.settings(), &s1);
        // a build-time field rebuilds
        let s2 = Settings { reconsult_days: 1, ..s1.clone() };
        assert!(e.apply_settings(&mut ds, &s2));
        assert_eq!(answers(&e, &ds), answers(&Engine::prepare(&mut ds, &s2), &ds));
    }
}
