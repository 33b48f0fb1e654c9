//! Labels that need no data: response-time buckets. (Whether a metric is
//! a rate and its axis ticks come from the metric registry:
//! `kefu_lens::present`.)

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
    fn buckets() {
        assert_eq!(range_label(0, Some(30), true), "≤30秒");
        assert_eq!(range_label(60, Some(120), true), "1分–2分");
        assert_eq!(range_label(1800, None, true), ">30分");
        assert_eq!(range_label(30, Some(60), false), "30s–1m");
    }
}
