use crate::ui::*;
use kefu_lens::present;

pub(crate) use kefu_lens::present::change;
// The overview cards and the agent table's columns live in the library, so
// the shared report (`kefu_lens::share`) shows the same metrics.
pub(crate) use kefu_lens::present::{AGENT_COLUMNS, CARD_METRICS};

/// Metric value formatted for display, with its raw value for `data-value`.
pub(crate) fn metric_text(m: &Metrics, key: &str, lang: Lang) -> (String, String) {
    let shown = present::cell_text(&present::metric_cell(m, key), lang.zh());
    (shown, present::raw(key, m.get(key)))
}

/// A card's shown value and `data-value`: before the totals' answer has
/// come, "…" and no `data-value` (not a zero that is not the data's).
pub(crate) fn card_text(m: Option<&Metrics>, key: &str, lang: Lang) -> (String, Option<String>) {
    match m {
        Some(m) => {
            let (shown, raw) = metric_text(m, key, lang);
            (shown, Some(raw))
        }
        None => ("…".to_string(), None),
    }
}

/// Table headers from i18n keys, in the UI language.
pub(crate) fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k).to_string()).collect()
}

pub(crate) fn cell_text(c: &kefu_lens::export::Cell, lang: Lang) -> String {
    present::cell_text(c, lang.zh())
}

/// Shown value of a metric for tooltips.
pub(crate) fn chart_value(metric: &str, v: f64, lang: Lang) -> String {
    present::value_text(metric, v, lang.zh())
}

/// 自动回复与人工 (issue 14 item 6): what auto replies handled alone, and
/// their first response beside the human one (both calendar seconds).
pub(crate) const AUTO_CARDS: [&str; 6] = [
    "auto_replied_buyers",
    "auto_intercepted_buyers",
    "auto_to_human_buyers",
    "auto_intercept_rate",
    "auto_first_response_secs",
    "first_response_calendar_secs",
];

/// 商品 (issue 14 item 1): the product table's and ranking's metrics.
pub(crate) const PRODUCT_COLUMNS: [&str; 7] = [
    "product_consult_buyers",
    "product_inquiry_buyers",
    "product_order_buyers",
    "product_paid_buyers",
    "product_conversion_rate",
    "product_recommended",
    "product_recommended_paid",
];

/// 催付 (issue 14 item 3): per agent, and the overall cards.
pub(crate) const CUIFU_COLUMNS: [&str; 6] =
    ["cuifu_orders", "cuifu_covered", "cuifu_coverage_rate", "cuifu_paid", "cuifu_success_rate", "cuifu_missed"];

/// 退款 (issue 14 item 2): per agent (the refunded order's credited agent)
/// and the overall cards.
pub(crate) const REFUND_COLUMNS: [&str; 7] = [
    "sales_orders",
    "refund_orders",
    "refund_amount",
    "refund_rate",
    "quality_refund_orders",
    "first_quality_refund_rate",
    "aftersales_refund_orders",
];

/// 平台规则对比 (spec §3.1): the 3-minute rate under each platform's rule,
/// Taobao's first.
pub(crate) const RULE_RATES: [&str; 4] =
    ["response_rate_3min", "kuaishou_response_rate_3min", "pdd_valid_reply_rate", "xhs_reply_rate"];

pub(crate) fn i18n_key(metric: &str) -> &'static str {
    // A metric's own name first; the detail-list names only for what is not a metric.
    AGENT_COLUMNS
        .iter()
        .chain(CARD_METRICS.iter())
        .chain(RULE_RATES.iter())
        .chain(AUTO_CARDS.iter())
        .chain(PRODUCT_COLUMNS.iter())
        .chain(CUIFU_COLUMNS.iter())
        .chain(REFUND_COLUMNS.iter())
        .chain(["cuifu_window"].iter())
        .chain(["refund_reason"].iter())
        .chain(["rules_disagree_buyers"].iter())
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
        "product" => tr(lang, "product"),
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
    present::metric_cell(m, key)
}

/// The typed cell of one metric value.
pub(crate) fn value_cell(key: &str, x: f64) -> kefu_lens::export::Cell {
    present::cell(key, x)
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
