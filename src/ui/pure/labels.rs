//! Metric kinds and labels that need no data: rate or not, axis ticks,
//! response-time buckets.

/// Whether a metric is a rate (shown as a percentage).
pub fn is_rate(metric: &str) -> bool {
    metric.contains("rate") || metric.contains("conversion") || metric == "first_contact_resolution"
}

/// The y-axis tick format for a metric.
pub fn axis_fmt(metric: &str) -> impl Fn(f64) -> String {
    let rate = is_rate(metric);
    let secs = metric.ends_with("_secs");
    move |y: f64| {
        if rate {
            format!("{:.0}%", y * 100.0)
        } else if secs && y >= 60.0 {
            let s = y.round() as i64;
            format!("{}:{:02}", s / 60, s % 60)
        } else if secs {
            format!("{y:.0}s")
        } else {
            format!("{y:.0}")
        }
    }
}

/// A response-time bucket as merchants say it: ≤30秒, 1分–2分, >30分.
pub fn range_label(lo: i64, hi: Option<i64>, zh: bool) -> String {
    let d = |s: i64| {
        if s >= 60 && s % 60 == 0 {
            format!("{}{}", s / 60, if zh { "分" } else { "m" })
        } else {
            format!("{s}{}", if zh { "秒" } else { "s" })
        }
    };
    match hi {
        Some(h) if lo == 0 => format!("≤{}", d(h)),
        Some(h) => format!("{}–{}", d(lo), d(h)),
        None => format!(">{}", d(lo)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert!(is_rate("response_rate_3min"));
        assert!(is_rate("inquiry_conversion_final"));
        assert!(is_rate("first_contact_resolution"));
        assert!(!is_rate("consult_buyers"));
        assert!(!is_rate("avg_response_secs"));
    }

    #[test]
    fn axis_ticks() {
        assert_eq!(axis_fmt("reply_rate")(0.625), "62%");
        assert_eq!(axis_fmt("avg_response_secs")(45.0), "45s");
        assert_eq!(axis_fmt("avg_response_secs")(125.0), "2:05");
        assert_eq!(axis_fmt("consult_buyers")(12.0), "12");
    }

    #[test]
    fn buckets() {
        assert_eq!(range_label(0, Some(30), true), "≤30秒");
        assert_eq!(range_label(60, Some(120), true), "1分–2分");
        assert_eq!(range_label(1800, None, true), ">30分");
        assert_eq!(range_label(30, Some(60), false), "30s–1m");
    }
}
