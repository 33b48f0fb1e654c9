//! `kefu report`.
//!
//! Prints spec §9 JSON: `{"rows": [{dimension fields…, every metric key…}],
//! "diagnostics": [FileReport…], "orders": {…}}`, or CSV with the same
//! columns. `orders` says how many orders were loaded, how many carried no
//! buyer nickname, how many of those were linked to a buyer through their
//! order number in a chat and how many are "not linked to a consultation"
//! (spec §1.3). `--rules kuaishou,pdd,xiaohongshu` adds those platform
//! rules' keys (spec §3.1) to every row; without it a row has the metrics
//! of no rule only. `--by product|agent-product` (issue 14) adds the
//! product metrics (`Metric::product`), the row's `product`,
//! `product_id` and `product_title`, and a `products` object saying how
//! many buyer-days mention a product, how many of their attributed orders
//! hold one of them or none (could not be joined), and how many mentions
//! name a product the item lists do not (`engine::ProductJoin`).

use crate::engine::{Dim, MetricInfo, Metrics, Query, Report, Rule, Unit, METRICS};
use crate::model::Dataset;
use crate::partition::PartitionedEngine;
use crate::settings::Settings;

#[derive(clap::Args, Debug, Clone, Default)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: super::InputArgs,
    /// shop|agent|day|agent-day|week|agent-week|category|agent-category|day-category|team|month|hour|product|agent-product
    #[arg(long, default_value = "shop")]
    pub by: String,
    /// json|csv
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Other platforms' response rules to add, comma-separated:
    /// kuaishou,pdd,xiaohongshu (spec §3.1)
    #[arg(long, default_value = "")]
    pub rules: String,
}

pub use crate::engine::METRIC_KEYS;

/// Dimensions of a `--by` value. `shop` is the whole-shop total (no
/// dimension field, spec §9); when the data holds more than one shop it is
/// split by `shop`.
pub fn parse_by(by: &str) -> Result<Vec<Dim>, String> {
    Ok(match by.trim() {
        "shop" | "" => vec![Dim::Shop],
        "agent" => vec![Dim::Agent],
        "day" => vec![Dim::Day],
        "agent-day" => vec![Dim::Agent, Dim::Day],
        "week" => vec![Dim::Week],
        "agent-week" => vec![Dim::Agent, Dim::Week],
        "category" => vec![Dim::Category],
        "agent-category" => vec![Dim::Agent, Dim::Category],
        "day-category" => vec![Dim::Day, Dim::Category],
        "team" => vec![Dim::Team],
        "group" => vec![Dim::Group],
        "month" => vec![Dim::Month],
        // 金牌客服团队 (seed 002): monthly satisfaction per team and shop
        "month-team" => vec![Dim::Month, Dim::Team],
        "month-shop" => vec![Dim::Month, Dim::Shop],
        "hour" => vec![Dim::Hour],
        "weekday" => vec![Dim::Weekday],
        "product" => vec![Dim::Product],
        "agent-product" => vec![Dim::Agent, Dim::Product],
        other => {
            return Err(format!(
                "unknown --by '{other}' (expected shop|agent|day|agent-day|week|agent-week|category|agent-category|day-category|team|group|month|month-team|month-shop|hour|weekday|product|agent-product)"
            ))
        }
    })
}

fn key_columns(by: &[Dim]) -> Vec<&'static str> {
    let mut v = Vec::new();
    for d in by {
        v.push(d.key());
        if *d == Dim::Category {
            v.push("category_path");
        }
        if *d == Dim::Product {
            v.extend(["product_id", "product_title"]);
        }
    }
    v
}

/// The registry lines a report computed with `rules` prints, in registry
/// order: every metric of no rule, then those of the rules asked for; the
/// product metrics only when grouped `by` product.
pub fn metric_columns(rules: &[Rule], by: &[Dim]) -> Vec<&'static MetricInfo> {
    let products = by.contains(&Dim::Product);
    METRICS.iter().filter(|i| i.metric.computed_with(rules) && (products || !i.metric.product())).collect()
}

/// Load files and settings, build the engine and run the report query.
pub fn build(args: &ReportArgs) -> Result<(Dataset, Settings, PartitionedEngine, Report, Vec<&'static str>), String> {
    let settings = args.input.settings()?;
    let mut by = parse_by(&args.by)?;
    let rules = Rule::parse_list(&args.rules)?;
    let mut ds = args.input.dataset()?;
    // (before the engine takes the messages)
    if by == [Dim::Shop] {
        let mut shops: Vec<_> = ds.messages.iter().map(|m| m.shop).filter(|s| !s.is_none()).collect();
        shops.sort_unstable();
        shops.dedup();
        if shops.len() <= 1 {
            by.clear();
        }
    }
    let engine = args.input.engine(&mut ds, &settings);
    let mut t = super::Phases::start();
    let report = engine.report(&Query { by: by.clone(), filter: Default::default(), rules });
    t.mark("report");
    let cols = key_columns(&by);
    Ok((ds, settings, engine, report, cols))
}

/// One metric as JSON, as `Metrics` serialises it: counts as integers, the
/// rest as numbers, an empty denominator as null.
fn metric_json(m: &Metrics, info: &MetricInfo) -> serde_json::Value {
    match m.value(info.metric) {
        None => serde_json::Value::Null,
        Some(x) if info.unit == Unit::Count => serde_json::Value::from(x as u64),
        Some(x) => serde_json::Value::from(x),
    }
}

pub fn run(args: &ReportArgs) -> Result<super::Output, String> {
    let (ds, _settings, engine, report, cols) = build(args)?;
    let mut t = super::Phases::start();
    let by = parse_by(&args.by)?;
    let metrics = metric_columns(&Rule::parse_list(&args.rules)?, &by);
    let text = match args.format.trim() {
        "json" | "" => {
            // Written by hand so each row keeps "dimension fields, then
            // metrics" in order.
            let mut out = String::from("{\"rows\": [");
            for (i, row) in report.rows.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("\n  {");
                let mut first = true;
                for c in &cols {
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    let v = row.key.get(*c).cloned().unwrap_or_default();
                    out.push_str(&serde_json::to_string(c).unwrap());
                    out.push_str(": ");
                    out.push_str(&serde_json::to_string(&v).unwrap());
                }
                for info in &metrics {
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    out.push_str(&serde_json::to_string(info.key).unwrap());
                    out.push_str(": ");
                    out.push_str(&serde_json::to_string(&metric_json(&row.metrics, info)).unwrap());
                }
                out.push('}');
            }
            out.push_str("\n], \"diagnostics\": ");
            out.push_str(&serde_json::to_string_pretty(&ds.files).map_err(|e| e.to_string())?);
            let s = engine.summary();
            let orders = serde_json::json!({
                "total": s.orders,
                "without_buyer": ds.counted_orders().filter(|(_, o)| o.buyer.is_none()).count(),
                "linked_by_number": s.orders_linked,
                "not_linked": s.orders_not_linked,
            });
            out.push_str(", \"orders\": ");
            out.push_str(&orders.to_string());
            if by.contains(&Dim::Product) {
                // the summary's join counts (the same as the app's)
                let j = s.products;
                let products = serde_json::json!({
                    "buyer_days_mentioning": j.buyer_days_mentioning,
                    "orders_joined": j.orders_joined,
                    "orders_not_joined": j.orders_not_joined,
                    "mentions_unknown_to_items": j.mentions_unknown_to_items,
                });
                out.push_str(", \"products\": ");
                out.push_str(&products.to_string());
            }
            // issue 14 item 2: refund applications whose order is not loaded
            // count nowhere; say how many
            let by_reason = engine.refund_reasons(&Default::default());
            let refunds = serde_json::json!({
                "total": s.refunds,
                "without_order": s.refunds_without_order,
                "by_reason": by_reason,
            });
            out.push_str(", \"refunds\": ");
            out.push_str(&refunds.to_string());
            out.push_str("}\n");
            Ok(out)
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let header: Vec<&str> = cols.iter().copied().chain(metrics.iter().map(|i| i.key)).collect();
            w.write_record(&header).map_err(|e| e.to_string())?;
            for row in &report.rows {
                // key cells are text (nicks, category paths): formula-safe
                let mut rec: Vec<String> =
                    cols.iter().map(|c| crate::export::neutralise(row.key.get(*c).map_or("", |v| v))).collect();
                for info in &metrics {
                    rec.push(match metric_json(&row.metrics, info) {
                        serde_json::Value::Null => String::new(),
                        v => v.to_string(),
                    });
                }
                w.write_record(&rec).map_err(|e| e.to_string())?;
            }
            let bytes = w.into_inner().map_err(|e| e.to_string())?;
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
        other => Err(format!("unknown --format '{other}' (expected json|csv)")),
    }?;
    t.mark("format");
    let mut out = super::Output::new(text, &ds);
    out.held = Some(std::sync::Arc::new((engine, ds)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_json_is_the_serialised_field() {
        let m = Metrics {
            consult_buyers: 7,
            reply_rate: Some(0.5),
            sales_amount: Some(12.0),
            avg_response_secs: Some(f64::NAN),
            ..Default::default()
        };
        let v = serde_json::to_value(&m).unwrap();
        for info in METRICS {
            assert_eq!(metric_json(&m, info), v[info.key], "{}", info.key);
            assert_eq!(metric_json(&m, info).to_string(), v[info.key].to_string(), "{}", info.key);
        }
    }

    #[test]
    fn run_on_empty_input() {
        let args = ReportArgs { by: "agent".into(), format: "json".into(), ..Default::default() };
        let out = run(&args).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["rows"].as_array().unwrap().is_empty());
        let args = ReportArgs { by: "shop".into(), format: "json".into(), ..Default::default() };
        let v: serde_json::Value = serde_json::from_str(&run(&args).unwrap()).unwrap();
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["consult_buyers"], 0);
        assert!(rows[0]["reply_rate"].is_null());
        assert!(rows[0].get("agent").is_none());
        let args = ReportArgs { by: "agent-day".into(), format: "csv".into(), ..Default::default() };
        let out = run(&args).unwrap();
        assert!(out.starts_with("agent,day,consult_buyers,"));
        assert!(run(&ReportArgs { by: "nope".into(), ..Default::default() }).is_err());
    }

    #[test]
    fn run_with_chat_table() {
        let dir = std::env::temp_dir().join(format!("kefu-report-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("chats.csv");
        std::fs::write(
            &p,
            "时间,客服,顾客,发送方,内容\n2024-06-03 10:00:00,店:01,买家甲,买家,在吗\n2024-06-03 10:01:00,店:01,买家甲,客服,在的\n",
        )
        .unwrap();
        let args = ReportArgs {
            input: crate::cli::InputArgs { chats: vec![p], ..Default::default() },
            by: "agent".into(),
            format: "json".into(),
            rules: String::new(),
        };
        let out = run(&args).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
        assert_eq!(v["orders"]["total"], 0);
        // With the real table parser this yields one agent row; with the stub, none.
        if let Some(r) = v["rows"].as_array().unwrap().first() {
            assert_eq!(r["agent"], "店:01");
            assert_eq!(r["consult_buyers"], 1);
            assert_eq!(r["avg_response_secs"], 60.0);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
