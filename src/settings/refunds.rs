//! Refund settings (issue 14 item 2): which buyer reasons count as a
//! quality problem (首次品退率) and how many days after an after-sales
//! chat a refund application still "follows" it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RefundSettings {
    /// A refund application is a quality refund when its 买家退款原因
    /// contains one of these (after full-width `／` is read as `/`); blank
    /// entries match nothing. The defaults are Taobao's quality-type reasons
    /// as buyers pick them (seed 002: 首次品退率 counts the first
    /// application whose reason is a 商品品质 problem).
    pub quality_reasons: Vec<String>,
    /// An application on the day of an after-sales chat or up to this many
    /// days after it follows that chat (`aftersales_refund_orders`).
    pub followed_days: i64,
}

/// The default quality reasons: the quality-type entries of Taobao's
/// refund reason list (质量问题, 做工, 材质/尺寸/颜色与描述不符, 少件,
/// 破损, 假冒, 褪色). Matched as substrings, so `质量问题` also takes
/// `商品质量问题` and `质量问题(掉钻，掉胶…)`.
pub const DEFAULT_QUALITY_REASONS: &[&str] = &[
    "质量问题",
    "做工",
    "有瑕疵",
    "材质与商品描述不符",
    "尺寸与商品描述不符",
    "款式与商品描述不符",
    "少件",
    "漏发",
    "破损",
    "污渍",
    "假冒品牌",
    "褪色",
    "掉色",
];

impl Default for RefundSettings {
    fn default() -> Self {
        RefundSettings {
            quality_reasons: DEFAULT_QUALITY_REASONS.iter().map(|s| s.to_string()).collect(),
            followed_days: 3,
        }
    }
}

impl RefundSettings {
    /// Is this 买家退款原因 a quality problem?
    pub fn is_quality(&self, reason: &str) -> bool {
        let reason = reason.replace('／', "/");
        self.quality_reasons.iter().map(|q| q.trim().replace('／', "/")).any(|q| !q.is_empty() && reason.contains(&q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_reasons_match_as_substrings_and_blank_matches_nothing() {
        let s = RefundSettings::default();
        assert!(s.is_quality("质量问题"));
        assert!(s.is_quality("商品质量问题"));
        assert!(s.is_quality("大小／尺寸与商品描述不符"));
        assert!(s.is_quality("颜色/图案/款式与商品描述不符"));
        assert!(!s.is_quality("7天无理由退换货"));
        assert!(!s.is_quality("多拍、错拍、不想要"));
        let blank = RefundSettings { quality_reasons: vec![" ".into()], ..s };
        assert!(!blank.is_quality("质量问题"));
    }
}
