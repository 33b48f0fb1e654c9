//! KPI templates (spec §8): the items, weights, tiers and targets a manager
//! sets, and the two seed templates. Scoring is `engine::kpi::score`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct KpiTemplate {
    pub name: String,
    pub tiers: Vec<String>,
    pub items: Vec<KpiItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct KpiItem {
    pub metric: String,
    pub per_day: bool,
    pub weight: f64,
    pub direction: Direction,
    pub targets: Vec<f64>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Higher,
    Lower,
}

impl Default for KpiTemplate {
    fn default() -> Self {
        KpiTemplate::seed003()
    }
}

impl KpiItem {
    pub fn new(metric: &str, per_day: bool, weight: f64, direction: Direction, targets: &[f64]) -> KpiItem {
        KpiItem { metric: metric.to_string(), per_day, weight, direction, targets: targets.to_vec() }
    }
}

/// A three-tier item.
fn item(metric: &str, per_day: bool, weight: f64, direction: Direction, t: [f64; 3]) -> KpiItem {
    KpiItem::new(metric, per_day, weight, direction, &t)
}

impl KpiTemplate {
    /// The spec §8 default template (seed 003).
    pub fn seed003() -> Self {
        KpiTemplate {
            name: "晋歌默认模板".to_string(),
            tiers: vec!["初级".into(), "中级".into(), "资深".into()],
            items: vec![
                item("reception_buyers", true, 15.0, Direction::Higher, [50.0, 80.0, 100.0]),
                item("reply_rate", false, 10.0, Direction::Higher, [0.85, 0.95, 0.98]),
                item("paid_buyers_same_day", true, 25.0, Direction::Higher, [10.0, 25.0, 35.0]),
                item("sales_conversion", false, 25.0, Direction::Higher, [0.20, 0.30, 0.35]),
                item("avg_response_secs", false, 15.0, Direction::Lower, [60.0, 45.0, 30.0]),
                item("avg_reception_secs", false, 10.0, Direction::Lower, [7200.0, 4800.0, 3600.0]),
            ],
        }
    }

    /// Seed 002's split: 65% data items (询单转化率, 平均响应时长, 接待量,
    /// 销售额), 25% 工作表现 and 10% 执行力 as manual items
    /// (`manual:work_performance`, `manual:execution`: manager-entered 0–100
    /// scores supplied in `AgentActuals.metrics`).
    pub fn seed002() -> Self {
        KpiTemplate {
            name: "数据65%+工作表现25%+执行力10%".to_string(),
            tiers: vec!["初级".into(), "中级".into(), "资深".into()],
            items: vec![
                // 65% data
                item("inquiry_conversion_final", false, 25.0, Direction::Higher, [0.30, 0.40, 0.50]),
                item("avg_response_secs", false, 15.0, Direction::Lower, [45.0, 30.0, 20.0]),
                item("reception_buyers", true, 10.0, Direction::Higher, [40.0, 60.0, 80.0]),
                item("sales_amount", true, 15.0, Direction::Higher, [3000.0, 5000.0, 8000.0]),
                // 25% 工作表现 (团队协作, 聊天质量, 客服安抚, 回复率, 聊天语气, 催拍催付)
                item("manual:work_performance", false, 25.0, Direction::Higher, [60.0, 80.0, 90.0]),
                // 10% 执行力 (由主管进行综合考核)
                item("manual:execution", false, 10.0, Direction::Higher, [60.0, 80.0, 90.0]),
            ],
        }
    }
}

/// Seed 002's template ([`KpiTemplate::seed002`]).
pub fn seed002_template() -> KpiTemplate {
    KpiTemplate::seed002()
}
