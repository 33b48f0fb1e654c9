//! How each metric is presented, decided from the metric registry
//! (`engine::metric::METRICS`: unit and better direction) instead of from
//! the shape of its key: the typed export cell of a value, its text, the
//! `data-value` text, the change against a previous period, the rank among
//! agents, chart axis labels and the KPI table's actual cell. Pure, so the
//! UI and the CLI share it and it is tested natively.
//!
//! Keys that are not metrics (drill lists such as `rounds_over_3min`, the
//! histogram, `online_agents`, KPI `manual:` items) read as counts (higher
//! is better), except in [`kpi_actual`], which shows one decimal.

use crate::engine::{Better, MetricInfo, Metrics, Unit, METRICS};
use crate::export::Cell;
use crate::format;

/// The overview's cards (the app's overview and the shared report).
pub const CARD_METRICS: [&str; 8] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "response_rate_3min",
    "avg_response_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

/// The agents view's columns (the app's agent table and the shared report).
pub const AGENT_COLUMNS: [&str; 23] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "rounds",
    "response_rate_3min",
    "first_response_secs",
    "avg_response_secs",
    "avg_reception_secs",
    "answer_ratio",
    "inquiry_buyers",
    "paid_buyers_same_day",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
    "sales_conversion",
    // spec §3.1: the rest of 生意参谋's 咨询接待 columns
    "slow_response_buyers",
    "long_reception_buyers",
    "buyer_initiated_buyers",
    "agent_followup_buyers",
    "effective_reception_buyers",
    "total_messages",
    "agent_chars",
];

/// The registry line of a metric key.
pub fn info(key: &str) -> Option<&'static MetricInfo> {
    METRICS.iter().find(|i| i.key == key)
}

/// The unit of a metric key (`None` for keys that are not metrics).
pub fn unit(key: &str) -> Option<Unit> {
    info(key).map(|i| i.unit)
}

/// A fraction 0–1 shown as a percentage.
pub fn is_rate(key: &str) -> bool {
    unit(key) == Some(Unit::Rate)
}

/// A duration in seconds.
pub fn is_secs(key: &str) -> bool {
    unit(key) == Some(Unit::Secs)
}

/// Is a lower value better for the shop (waiting times, unreplied buyers…)?
pub fn lower_is_better(key: &str) -> bool {
    info(key).is_some_and(|i| i.better == Better::Lower)
}

/// The typed cell of one metric value (what the UI's tables show and export).
pub fn cell(key: &str, x: f64) -> Cell {
    match unit(key) {
        Some(Unit::Secs) => Cell::Secs(x),
        Some(Unit::Yuan) => Cell::Yuan(x),
        Some(Unit::Ratio) => Cell::Num(x),
        Some(Unit::Rate) => Cell::Pct(x),
        Some(Unit::Count) | None => Cell::Int(x as i64),
    }
}

/// A metric of a row as a typed cell; `Empty` for an empty denominator.
pub fn metric_cell(m: &Metrics, key: &str) -> Cell {
    m.get(key).map_or(Cell::Empty, |x| cell(key, x))
}

/// A cell as shown on screen: `1,234`, `87.5%`, `2分05秒` / `2m 05s`,
/// `¥12.50`, `1.46`, `—`.
pub fn cell_text(c: &Cell, zh: bool) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) if *n >= 0 => format::int(*n as u64),
        Cell::Int(n) => n.to_string(),
        Cell::Num(v) => format!("{v:.2}"),
        Cell::Pct(v) => format::pct(Some(*v)),
        Cell::Secs(v) => format::duration(Some(*v), zh),
        Cell::Yuan(v) => format::yuan(*v),
        Cell::Empty => "—".to_string(),
    }
}

/// One value of a metric as shown (chart tooltips).
pub fn value_text(key: &str, x: f64, zh: bool) -> String {
    cell_text(&cell(key, x), zh)
}

/// The number as the JSON has it, for `data-value`: counts as integers,
/// others as serde writes an f64; empty for None.
pub fn raw(key: &str, v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(x) if unit(key).is_none_or(|u| u == Unit::Count) => (x as u64).to_string(),
        Some(x) => serde_json::to_string(&x).unwrap_or_default(),
    }
}

/// Whether a change is good or bad for the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Good,
    Bad,
    Flat,
}

impl Trend {
    /// The CSS class: `good`, `bad`, `flat`.
    pub fn class(self) -> &'static str {
        match self {
            Trend::Good => "good",
            Trend::Bad => "bad",
            Trend::Flat => "flat",
        }
    }
}

/// Change of a metric from `prev` to `cur`: `↑1.2pt` for rates, `↓8s` for
/// durations, `↑12.5%` for counts and amounts (None when the previous value
/// is 0), `→ 0` when equal; with whether it is good for the shop.
pub fn change_arrow(key: &str, prev: f64, cur: f64) -> Option<(String, Trend)> {
    let d = cur - prev;
    if d.abs() < 1e-12 {
        return Some(("→ 0".into(), Trend::Flat));
    }
    let arrow = if d > 0.0 { "↑" } else { "↓" };
    let trend = if (d > 0.0) != lower_is_better(key) { Trend::Good } else { Trend::Bad };
    let txt = match unit(key) {
        Some(Unit::Rate) => format!("{arrow}{:.1}pt", d.abs() * 100.0),
        Some(Unit::Secs) => format!("{arrow}{:.0}s", d.abs()),
        _ if prev.abs() > 1e-12 => format!("{arrow}{:.1}%", d.abs() / prev.abs() * 100.0),
        _ => return None,
    };
    Some((txt, trend))
}

/// [`change_arrow`] between two rows' metrics, with the CSS class (the
/// UI's `change(prev, cur, key)`); None when either value is empty.
pub fn change(prev: &Metrics, cur: &Metrics, key: &str) -> Option<(String, &'static str)> {
    change_arrow(key, prev.get(key)?, cur.get(key)?).map(|(t, trend)| (t, trend.class()))
}

/// 1-based rank of `mine` among `all` (which may include it): one more than
/// the number of values strictly better.
pub fn rank(key: &str, mine: f64, all: impl IntoIterator<Item = f64>) -> usize {
    let lower = lower_is_better(key);
    1 + all.into_iter().filter(|&v| if lower { v < mine } else { v > mine }).count()
}

/// Chart axis labels: `80%` for rates, `2:05` / `45s` for durations, `1.5`
/// for ratios, whole numbers otherwise.
pub fn axis_fmt(key: &str) -> impl Fn(f64) -> String {
    let unit = unit(key);
    move |y: f64| match unit {
        Some(Unit::Rate) => format!("{:.0}%", y * 100.0),
        Some(Unit::Secs) if y >= 60.0 => {
            let s = y.round() as i64;
            format!("{}:{:02}", s / 60, s % 60)
        }
        Some(Unit::Secs) => format!("{y:.0}s"),
        Some(Unit::Ratio) => format!("{y:.1}"),
        _ => format!("{y:.0}"),
    }
}

/// The actual of a KPI item as the KPI table shows it: a duration, a
/// percentage, yuan (`¥12,345.67`), or one decimal (counts per day, manual
/// scores).
pub fn kpi_actual(metric: &str, actual: Option<f64>, zh: bool) -> String {
    match (actual, unit(metric)) {
        (None, _) => "—".into(),
        (Some(v), Some(Unit::Secs)) => format::duration(Some(v), zh),
        (Some(v), Some(Unit::Rate)) => format::pct(Some(v)),
        (Some(v), Some(Unit::Yuan)) => format::yuan(v),
        (Some(v), _) => format!("{v:.1}"),
    }
}

/// The actual of a KPI item as an export cell: durations, money and rates
/// typed by the registry; per-day counts and manual scores as plain numbers
/// (a per-day count has decimals).
pub fn kpi_cell(metric: &str, actual: Option<f64>) -> Cell {
    match (actual, unit(metric)) {
        (None, _) => Cell::Empty,
        (Some(v), Some(Unit::Secs)) => Cell::Secs(v),
        (Some(v), Some(Unit::Rate)) => Cell::Pct(v),
        (Some(v), Some(Unit::Yuan)) => Cell::Yuan(v),
        (Some(v), _) => Cell::Num(v),
    }
}

/// One shop's or team's satisfaction in the data's last month, and whether
/// it earns the 金牌 badge (seed 002: 旺旺满意度 ≥ 95%, a setting).
#[derive(Debug, Clone, PartialEq)]
pub struct Gold {
    /// `YYYY-MM`.
    pub month: String,
    /// The row's key without the month (`shop` or `team` → name): a drill key
    /// with `month` added back.
    pub name: String,
    pub satisfaction_rate: f64,
    pub ratings: u64,
    pub gold: bool,
}

/// From the rows of a report by month and `dim` (`shop` or `team`), the
/// last month's rows that have ratings (a shop or team without ratings is
/// not judged), best first; `threshold` is `gold_satisfaction_rate`.
pub fn gold_last_month(rows: &[crate::engine::Row], dim: &str, threshold: f64) -> Vec<Gold> {
    let month_of = |r: &crate::engine::Row| r.key.get("month").cloned();
    let Some(last) = rows.iter().filter(|r| r.metrics.ratings > 0).filter_map(month_of).max() else {
        return Vec::new();
    };
    let mut out: Vec<Gold> = rows
        .iter()
        .filter(|r| month_of(r).as_deref() == Some(last.as_str()))
        .filter_map(|r| {
            let rate = r.metrics.satisfaction_rate?;
            Some(Gold {
                month: last.clone(),
                name: r.key.get(dim)?.clone(),
                satisfaction_rate: rate,
                ratings: r.metrics.ratings,
                gold: rate >= threshold,
            })
        })
        .collect();
    out.sort_by(|a, b| b.satisfaction_rate.total_cmp(&a.satisfaction_rate).then_with(|| a.name.cmp(&b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::METRIC_KEYS;

    // The UI's key-shape heuristics (src/ui/mod.rs before the registry), to
    // show the registry reproduces them.
    fn old_is_rate(k: &str) -> bool {
        k.contains("rate") || k.contains("conversion") || k == "first_contact_resolution"
    }

    fn old_value_cell(k: &str, x: f64) -> Cell {
        if k.ends_with("_secs") {
            Cell::Secs(x)
        } else if k == "sales_amount" || k == "avg_order_value" || k == "refund_amount" {
            Cell::Yuan(x)
        } else if k == "answer_ratio" {
            Cell::Num(x)
        } else if old_is_rate(k) {
            Cell::Pct(x)
        } else {
            Cell::Int(x as i64)
        }
    }

    #[test]
    fn cells_match_the_old_heuristics_for_every_metric() {
        for k in METRIC_KEYS {
            assert_eq!(cell(k, 12.0), old_value_cell(k, 12.0), "{k}");
            assert_eq!(is_rate(k), old_is_rate(k), "{k}");
            assert_eq!(is_secs(k), k.ends_with("_secs"), "{k}");
        }
        assert_eq!(cell("online_agents", 3.0), Cell::Int(3));
        assert_eq!(cell("rounds_over_3min", 3.0), Cell::Int(3));
    }

    #[test]
    fn texts() {
        assert_eq!(value_text("response_rate_3min", 0.875, true), "87.5%");
        assert_eq!(value_text("avg_response_secs", 125.0, true), "2分05秒");
        assert_eq!(value_text("avg_response_secs", 125.0, false), "2m 05s");
        assert_eq!(value_text("sales_amount", 12345.5, true), "¥12,345.50");
        assert_eq!(value_text("answer_ratio", 1.456, true), "1.46");
        assert_eq!(value_text("consult_buyers", 1234.0, true), "1,234");
        assert_eq!(cell_text(&Cell::Int(-3), true), "-3");
        assert_eq!(cell_text(&Cell::Empty, true), "—");
        let m = Metrics { consult_buyers: 7, reply_rate: Some(0.5), ..Default::default() };
        assert_eq!(metric_cell(&m, "reply_rate"), Cell::Pct(0.5));
        assert_eq!(metric_cell(&m, "avg_response_secs"), Cell::Empty);
        assert_eq!(raw("consult_buyers", m.get("consult_buyers")), "7");
        assert_eq!(raw("reply_rate", m.get("reply_rate")), "0.5");
        assert_eq!(raw("sales_amount", m.get("sales_amount")), "", "no orders loaded: unknown");
        assert_eq!(raw("avg_response_secs", None), "");
    }

    #[test]
    fn better_direction() {
        // the UI's rules: `_secs` and unreplied_buyers are lower-is-better
        for k in METRIC_KEYS {
            if k.ends_with("_secs") || *k == "unreplied_buyers" {
                assert!(lower_is_better(k), "{k}");
            }
        }
        for k in ["consult_buyers", "reply_rate", "response_rate_3min", "sales_amount", "satisfaction_rate"] {
            assert!(!lower_is_better(k), "{k}");
        }
        // bad outcomes counted by the spec
        for k in ["inquiry_no_order", "ordered_unpaid", "dissatisfied", "very_dissatisfied", "reconsult_buyers"] {
            assert!(lower_is_better(k), "{k}");
        }
        assert!(!lower_is_better("no_such_metric"));
    }

    #[test]
    fn changes() {
        let p = Metrics {
            consult_buyers: 80,
            response_rate_3min: Some(0.80),
            avg_response_secs: Some(40.0),
            unreplied_buyers: 4,
            ..Default::default()
        };
        let c = Metrics {
            consult_buyers: 90,
            response_rate_3min: Some(0.812),
            avg_response_secs: Some(32.0),
            unreplied_buyers: 5,
            ..Default::default()
        };
        assert_eq!(change(&p, &c, "consult_buyers"), Some(("↑12.5%".into(), "good")));
        assert_eq!(change(&p, &c, "response_rate_3min"), Some(("↑1.2pt".into(), "good")));
        assert_eq!(change(&p, &c, "avg_response_secs"), Some(("↓8s".into(), "good")));
        assert_eq!(change(&p, &c, "unreplied_buyers"), Some(("↑25.0%".into(), "bad")));
        assert_eq!(change(&p, &c, "rounds"), Some(("→ 0".into(), "flat")));
        assert_eq!(change(&p, &c, "first_response_secs"), None, "empty values");
        assert_eq!(change_arrow("sales_amount", 0.0, 5.0), None, "no base for a percentage");
        assert_eq!(change_arrow("first_contact_resolution", 0.5, 0.6).unwrap().0, "↑10.0pt");
    }

    #[test]
    fn ranks() {
        let all = [30.0, 45.0, 20.0, 45.0];
        assert_eq!(rank("avg_response_secs", 45.0, all), 3);
        assert_eq!(rank("avg_response_secs", 20.0, all), 1);
        assert_eq!(rank("consult_buyers", 45.0, all), 1);
        assert_eq!(rank("consult_buyers", 20.0, all), 4);
    }

    #[test]
    fn axes() {
        assert_eq!(axis_fmt("reply_rate")(0.8), "80%");
        assert_eq!(axis_fmt("avg_response_secs")(125.0), "2:05");
        assert_eq!(axis_fmt("avg_response_secs")(45.0), "45s");
        assert_eq!(axis_fmt("consult_buyers")(1200.0), "1200");
        assert_eq!(axis_fmt("sales_amount")(99.6), "100");
        assert_eq!(axis_fmt("answer_ratio")(1.5), "1.5");
    }

    #[test]
    fn kpi_actuals() {
        assert_eq!(kpi_actual("avg_response_secs", Some(45.0), true), "45秒");
        assert_eq!(kpi_actual("reply_rate", Some(0.9), true), "90.0%");
        assert_eq!(kpi_actual("reception_buyers", Some(62.5), true), "62.5");
        assert_eq!(kpi_actual("manual:execution", Some(85.0), true), "85.0");
        assert_eq!(kpi_actual("sales_amount", None, true), "—");
        assert_eq!(kpi_actual("sales_amount", Some(12345.674), true), "¥12,345.67");
    }

    #[test]
    fn kpi_cells_keep_numbers_typed_for_export() {
        assert_eq!(kpi_cell("sales_amount", Some(3000.5)), Cell::Yuan(3000.5));
        assert_eq!(kpi_cell("avg_response_secs", Some(45.0)), Cell::Secs(45.0));
        assert_eq!(kpi_cell("reply_rate", Some(0.9)), Cell::Pct(0.9));
        assert_eq!(kpi_cell("reception_buyers", Some(62.5)), Cell::Num(62.5));
        assert_eq!(kpi_cell("manual:execution", Some(85.0)), Cell::Num(85.0));
        assert_eq!(kpi_cell("reply_rate", None), Cell::Empty);
    }

    #[test]
    fn gold_is_judged_on_the_last_month_with_ratings() {
        use crate::engine::Row;
        let row = |month: &str, team: &str, good: u64, all: u64| {
            let mut m = Metrics { ratings: all, ..Default::default() };
            m.satisfaction_rate = (all > 0).then(|| good as f64 / all as f64);
            let key = [("month", month), ("team", team)].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            Row { key, metrics: m }
        };
        let rows = vec![
            row("2024-05", "一组", 20, 20),
            // 19 of 20 = 95%: gold at the threshold; 18 of 20 = 90%: not.
            row("2024-06", "一组", 19, 20),
            row("2024-06", "二组", 18, 20),
            // no ratings: not judged
            row("2024-06", "三组", 0, 0),
            // a later month without any rating is not "the last month"
            row("2024-07", "一组", 0, 0),
        ];
        let g = gold_last_month(&rows, "team", 0.95);
        let got: Vec<(&str, &str, bool)> = g.iter().map(|g| (g.month.as_str(), g.name.as_str(), g.gold)).collect();
        assert_eq!(got, [("2024-06", "一组", true), ("2024-06", "二组", false)]);
        assert_eq!(g[0].ratings, 20);
        assert!(gold_last_month(&rows, "team", 0.951).iter().all(|g| !g.gold));
        assert!(gold_last_month(&[], "team", 0.95).is_empty());
    }
}
