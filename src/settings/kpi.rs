//! KPI templates (spec §8): the items, weights, tiers and targets a manager
//! sets, each item's label in both languages, and the shipped templates
//! (seed 003's, seed 002's 65/25/10 split, and an after-sales one without
//! sales items). Which template scores which role is `Settings::kpi_for`.
//! Scoring is `engine::kpi::score`.

use serde::{Deserialize, Serialize};

/// Prefix of a KPI item's metric that takes an agent's QA average (issue
/// 15 item 1): `qa:<template id>` reads the average score, as a percentage
/// of that template's maximum, of the agent's score sheets in the period
/// (`crate::qa::Summary`), in place of a typed 工作表现 number. The
/// template must exist (`Settings::parse` checks it).
pub const QA_PREFIX: &str = "qa:";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct KpiTemplate {
    pub name: String,
    pub tiers: Vec<String>,
    pub items: Vec<KpiItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct KpiItem {
    pub metric: String,
    /// What the item is called, in Chinese and in English (e.g. 服务态度
    /// (主管评分)). Empty → the UI names the metric. Old templates without
    /// labels still load.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label_zh: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label_en: String,
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
        KpiItem {
            metric: metric.to_string(),
            label_zh: String::new(),
            label_en: String::new(),
            per_day,
            weight,
            direction,
            targets: targets.to_vec(),
        }
    }

    /// This item with its labels.
    pub fn labelled(mut self, zh: &str, en: &str) -> KpiItem {
        self.label_zh = zh.to_string();
        self.label_en = en.to_string();
        self
    }

    /// The item's label in one language; None when the template gives none.
    pub fn label(&self, zh: bool) -> Option<&str> {
        let l = if zh { &self.label_zh } else { &self.label_en };
        let l = if l.is_empty() {
            if zh {
                &self.label_en
            } else {
                &self.label_zh
            }
        } else {
            l
        };
        (!l.is_empty()).then_some(l.as_str())
    }
}

/// A three-tier item with its labels.
fn item(metric: &str, per_day: bool, weight: f64, direction: Direction, t: [f64; 3], zh: &str, en: &str) -> KpiItem {
    KpiItem::new(metric, per_day, weight, direction, &t).labelled(zh, en)
}

impl KpiTemplate {
    /// The spec §8 default template (seed 003), named as seed 003 names
    /// its items.
    pub fn seed003() -> Self {
        KpiTemplate {
            name: "晋歌默认模板".to_string(),
            tiers: vec!["初级".into(), "中级".into(), "资深".into()],
            items: vec![
                item(
                    "reception_buyers",
                    true,
                    15.0,
                    Direction::Higher,
                    [50.0, 80.0, 100.0],
                    "有效咨询（日均）",
                    "Served buyers per day",
                ),
                item("reply_rate", false, 10.0, Direction::Higher, [0.85, 0.95, 0.98], "有效咨询比率", "Reply rate"),
                item(
                    "paid_buyers_same_day",
                    true,
                    25.0,
                    Direction::Higher,
                    [10.0, 25.0, 35.0],
                    "咨询并购买（日均）",
                    "Paid same day per day",
                ),
                item(
                    "sales_conversion",
                    false,
                    25.0,
                    Direction::Higher,
                    [0.20, 0.30, 0.35],
                    "销售转化率",
                    "Sales conversion",
                ),
                item(
                    "avg_response_secs",
                    false,
                    15.0,
                    Direction::Lower,
                    [60.0, 45.0, 30.0],
                    "平均响应",
                    "Avg response time",
                ),
                item(
                    "avg_reception_secs",
                    false,
                    10.0,
                    Direction::Lower,
                    [7200.0, 4800.0, 3600.0],
                    "平均接待",
                    "Avg reception time",
                ),
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
                item(
                    "inquiry_conversion_final",
                    false,
                    25.0,
                    Direction::Higher,
                    [0.30, 0.40, 0.50],
                    "询单转化率",
                    "Inquiry conversion",
                ),
                item(
                    "avg_response_secs",
                    false,
                    15.0,
                    Direction::Lower,
                    [45.0, 30.0, 20.0],
                    "平均响应时长",
                    "Avg response time",
                ),
                item(
                    "reception_buyers",
                    true,
                    10.0,
                    Direction::Higher,
                    [40.0, 60.0, 80.0],
                    "接待量（日均）",
                    "Served buyers per day",
                ),
                item(
                    "sales_amount",
                    true,
                    15.0,
                    Direction::Higher,
                    [3000.0, 5000.0, 8000.0],
                    "销售额（日均）",
                    "Sales per day",
                ),
                // 25% 工作表现 (团队协作, 聊天质量, 客服安抚, 回复率, 聊天语气, 催拍催付)
                item(
                    "manual:work_performance",
                    false,
                    25.0,
                    Direction::Higher,
                    [60.0, 80.0, 90.0],
                    "工作表现（主管评分）",
                    "Work performance (manager-scored)",
                ),
                // 10% 执行力 (由主管进行综合考核)
                item(
                    "manual:execution",
                    false,
                    10.0,
                    Direction::Higher,
                    [60.0, 80.0, 90.0],
                    "执行力（主管评分）",
                    "Execution (manager-scored)",
                ),
            ],
        }
    }

    /// The shipped after-sales template: service items only (no 销售额, no
    /// conversion): 接待量, 回复率, 3分钟人工响应率, 平均响应, 售后首次解决率
    /// (spec §6) and 满意率 (spec §5; seed 002's gold line is 95%).
    pub fn aftersales() -> Self {
        KpiTemplate {
            name: "售后默认模板".to_string(),
            tiers: vec!["初级".into(), "中级".into(), "资深".into()],
            items: vec![
                item(
                    "reception_buyers",
                    true,
                    15.0,
                    Direction::Higher,
                    [30.0, 50.0, 70.0],
                    "售后接待（日均）",
                    "Served buyers per day",
                ),
                item("reply_rate", false, 15.0, Direction::Higher, [0.85, 0.95, 0.98], "回复率", "Reply rate"),
                item(
                    "response_rate_3min",
                    false,
                    20.0,
                    Direction::Higher,
                    [0.80, 0.90, 0.95],
                    "3分钟人工响应率",
                    "3-min response rate",
                ),
                item(
                    "avg_response_secs",
                    false,
                    15.0,
                    Direction::Lower,
                    [60.0, 45.0, 30.0],
                    "平均响应",
                    "Avg response time",
                ),
                item(
                    "first_contact_resolution",
                    false,
                    20.0,
                    Direction::Higher,
                    [0.70, 0.80, 0.90],
                    "售后首次解决率",
                    "First-contact resolution",
                ),
                item(
                    "satisfaction_rate",
                    false,
                    15.0,
                    Direction::Higher,
                    [0.90, 0.95, 0.98],
                    "满意率",
                    "Satisfaction rate",
                ),
            ],
        }
    }
}

/// Seed 002's template ([`KpiTemplate::seed002`]).
pub fn seed002_template() -> KpiTemplate {
    KpiTemplate::seed002()
}
