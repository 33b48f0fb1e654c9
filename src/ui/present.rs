use crate::ui::*;

/// Metric value formatted for display, with its raw value for `data-value`.
pub(crate) fn metric_text(m: &Metrics, key: &str, lang: Lang) -> (String, String) {
    let num = m.get(key);
    // `data-value` carries the number as the JSON would: counts as integers.
    let raw = match num {
        None => String::new(),
        Some(x) if kefu_lens::engine::COUNT_KEYS.contains(&key) => (x as u64).to_string(),
        Some(x) => serde_json::to_string(&x).unwrap_or_default(),
    };
    let shown = cell_text(&metric_cell(m, key), lang);
    (shown, raw)
}

/// Table headers from i18n keys, in the UI language.
pub(crate) fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k).to_string()).collect()
}

pub(crate) fn cell_text(c: &kefu_lens::export::Cell, lang: Lang) -> String {
    use kefu_lens::export::Cell;
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) if *n >= 0 => format::int(*n as u64),
        Cell::Int(n) => n.to_string(),
        Cell::Num(v) => format!("{v:.2}"),
        Cell::Pct(v) => format::pct(Some(*v)),
        Cell::Secs(v) => format::duration(Some(*v), lang.zh()),
        Cell::Yuan(v) => format::yuan(*v),
        Cell::Empty => "—".to_string(),
    }
}

/// Shown value of a metric for tooltips.
pub(crate) fn chart_value(metric: &str, v: f64, lang: Lang) -> String {
    cell_text(&value_cell(metric, v), lang)
}

pub(crate) const AGENT_COLUMNS: [&str; 16] = [
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
];

pub(crate) fn i18n_key(metric: &str) -> &'static str {
    // A metric's own name first; the detail-list names only for what is not a metric.
    AGENT_COLUMNS
        .iter()
        .chain(CARD_METRICS.iter())
        .chain(CONVERSION_COLUMNS.iter())
        .chain(TEAM_COLUMNS.iter())
        .find(|k| **k == metric)
        .copied()
        .or_else(|| DETAIL_LISTS.iter().find(|(m, _)| *m == metric).map(|(_, k)| *k))
        .or_else(|| (metric == kefu_lens::engine::histogram::HIST_METRIC).then_some("response_hist"))
        .unwrap_or("metric")
}

/// Labels of the dimension fields, in the UI language.
pub(crate) fn dim_label(lang: Lang, d: &str) -> &'static str {
    match d {
        "team" => tr(lang, "team"),
        "group" => tr(lang, "group"),
        "agent" => tr(lang, "agent"),
        "day" => tr(lang, "day"),
        "hour" => tr(lang, "hour"),
        "weekday" => tr(lang, "weekday"),
        "category_code" => tr(lang, "category_code"),
        "category_path" => tr(lang, "category_path"),
        _ => tr(lang, "metric"),
    }
}

pub(crate) fn weekday_name(lang: Lang, d: usize) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    if lang.zh() {
        ZH[d % 7]
    } else {
        EN[d % 7]
    }
}

/// A metric value as an export cell, typed so Excel gets numbers.
pub(crate) fn metric_cell(m: &Metrics, key: &str) -> kefu_lens::export::Cell {
    match m.get(key) {
        Some(x) => value_cell(key, x),
        None => kefu_lens::export::Cell::Empty,
    }
}

/// The typed cell of one metric value.
pub(crate) fn value_cell(key: &str, x: f64) -> kefu_lens::export::Cell {
    use kefu_lens::export::Cell;
    if key.ends_with("_secs") {
        Cell::Secs(x)
    } else if key == "sales_amount" || key == "avg_order_value" {
        Cell::Yuan(x)
    } else if key == "answer_ratio" {
        Cell::Num(x)
    } else if is_rate(key) {
        Cell::Pct(x)
    } else {
        Cell::Int(x as i64)
    }
}

/// Rows in the order the user sorted them (by a metric, descending or not;
/// ties keep report order).
pub(crate) fn sorted_rows(mut rows: Vec<kefu_lens::engine::Row>, sort: &(String, bool)) -> Vec<kefu_lens::engine::Row> {
    let (key, desc) = sort;
    let val = |m: &Metrics| m.get(key).unwrap_or(f64::MIN);
    rows.sort_by(|a, b| {
        let o = val(&a.metrics).partial_cmp(&val(&b.metrics)).unwrap_or(std::cmp::Ordering::Equal);
        if *desc {
            o.reverse()
        } else {
            o
        }
    });
    rows
}

/// Change of a metric against the previous period: `↑12.5%` for counts and
/// amounts, `↑1.2pt` for rates, `↓8s` for durations. The class says whether
/// the change is good or bad for the shop (shorter waits are good).
pub(crate) fn change(prev: &Metrics, cur: &Metrics, key: &str) -> Option<(String, &'static str)> {
    let (p, c) = (prev.get(key)?, cur.get(key)?);
    let lower_is_better = key.ends_with("_secs") || key == "unreplied_buyers";
    let d = c - p;
    if d.abs() < 1e-12 {
        return Some(("→ 0".into(), "flat"));
    }
    let arrow = if d > 0.0 { "↑" } else { "↓" };
    let class = if (d > 0.0) != lower_is_better { "good" } else { "bad" };
    let txt = if key.contains("rate") || key.contains("conversion") {
        format!("{arrow}{:.1}pt", d.abs() * 100.0)
    } else if key.ends_with("_secs") {
        format!("{arrow}{:.0}s", d.abs())
    } else if p.abs() > 1e-12 {
        format!("{arrow}{:.1}%", d.abs() / p.abs() * 100.0)
    } else {
        return None;
    };
    Some((txt, class))
}

pub(crate) const CARD_METRICS: [&str; 8] = [
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "response_rate_3min",
    "avg_response_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

pub(crate) const CONVERSION_COLUMNS: &[&str] = &[
    "inquiry_buyers",
    "ordered_buyers",
    "paid_buyers_same_day",
    "paid_buyers_next_day",
    "paid_buyers_final",
    "inquiry_conversion_same_day",
    "inquiry_conversion_final",
    "inquiry_no_order",
    "ordered_unpaid",
    "sales_amount",
    "avg_order_value",
    "sales_conversion",
];

pub(crate) const TEAM_COLUMNS: &[&str] = &[
    "consult_buyers",
    "reception_buyers",
    "unreplied_buyers",
    "reply_rate",
    "response_rate_3min",
    "avg_response_secs",
    "avg_reception_secs",
    "inquiry_conversion_final",
    "sales_amount",
    "satisfaction_rate",
];

/// Seed 000's six detail lists; each row opens the conversation.
pub(crate) const DETAIL_LISTS: [(&str, &str); 6] = [
    ("reception_buyers", "list_reception"),
    ("ratings", "list_ratings"),
    ("rounds_over_3min", "list_over_3min"),
    ("paid_buyers_final", "list_paid"),
    ("inquiry_no_order", "list_no_order"),
    ("ordered_unpaid", "list_unpaid"),
];

pub(crate) fn now_string() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
