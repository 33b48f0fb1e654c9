//! QA templates (issue 15 item 1, 质检抽查评分): the items a reviewer
//! scores beside a transcript, each with its points and a one-line note
//! of what it checks. The shipped template follows seed 002 (晓多): the
//! six steps of a reception (迎、察、问、说、应、收) plus 服务话术 and
//! 专业技能, two of the seed's four QA standards. The seed gives the
//! steps, not their points; the points below are ours (they add up to 100
//! so a total reads as a percentage) and a shop edits them.
//!
//! Templates are checked in `settings/errors.rs` (ids unique, points
//! 1..=100, at least one item); scoring is `crate::qa`.

use serde::{Deserialize, Serialize};

/// The id of the shipped template.
pub const DEFAULT_TEMPLATE: &str = "default";

/// The QA section of the settings: its templates, the first being the one
/// a new score sheet opens with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct QaSettings {
    pub templates: Vec<QaTemplate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct QaTemplate {
    /// Stable id: score sheets and KPI items (`qa:<id>`) refer to it.
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub items: Vec<QaItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default, deny_unknown_fields)]
pub struct QaItem {
    /// Stable id within its template (score sheets key their points by it).
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    /// The most a sheet can give this item (1..=100).
    pub points: u32,
    /// What the item checks, one line, shown beside it on the sheet.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description_zh: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description_en: String,
}

impl Default for QaSettings {
    fn default() -> Self {
        QaSettings { templates: vec![QaTemplate::seed002()] }
    }
}

/// One item of the shipped template.
fn item(id: &str, zh: &str, en: &str, points: u32, desc_zh: &str, desc_en: &str) -> QaItem {
    QaItem {
        id: id.into(),
        label_zh: zh.into(),
        label_en: en.into(),
        points,
        description_zh: desc_zh.into(),
        description_en: desc_en.into(),
    }
}

impl QaTemplate {
    /// Seed 002's reception steps and two of its standards (see the module
    /// comment for where the points come from).
    pub fn seed002() -> QaTemplate {
        QaTemplate {
            id: DEFAULT_TEMPLATE.into(),
            name_zh: "服务六步+话术+专业技能".into(),
            name_en: "Six service steps + scripts + skills".into(),
            items: vec![
                item("greet", "迎", "Greet", 10, "及时、热情地接待，问候得体", "Greets promptly and warmly"),
                item(
                    "observe",
                    "察",
                    "Observe",
                    10,
                    "先看买家的足迹、订单和问题，了解来意",
                    "Looks at what the buyer viewed, ordered and asked before answering",
                ),
                item("ask", "问", "Ask", 15, "主动提问，弄清买家真正的需要", "Asks to find out what the buyer needs"),
                item(
                    "explain",
                    "说",
                    "Explain",
                    15,
                    "介绍商品和方案准确、有针对性",
                    "Presents products and solutions accurately and to the point",
                ),
                item(
                    "respond",
                    "应",
                    "Respond",
                    15,
                    "回应疑虑和异议（价格、质量、物流），给出办法",
                    "Answers doubts and objections (price, quality, delivery) with a way forward",
                ),
                item(
                    "close",
                    "收",
                    "Close",
                    10,
                    "促成下单或付款，核对信息，礼貌结束",
                    "Asks for the order or payment, confirms the details, ends politely",
                ),
                item(
                    "script",
                    "服务话术",
                    "Service scripts",
                    15,
                    "用语符合店铺标准话术，语气亲切，无禁用语",
                    "Wording follows the shop's standard scripts, friendly tone, no banned words",
                ),
                item(
                    "skill",
                    "专业技能",
                    "Professional skill",
                    10,
                    "商品知识和处理技巧（议价、中差评、质量问题）",
                    "Product knowledge and handling (bargaining, bad reviews, quality problems)",
                ),
            ],
        }
    }

    /// The most a sheet of this template can score (Σ item points).
    pub fn max_points(&self) -> u32 {
        self.items.iter().map(|i| i.points).sum()
    }

    pub fn item(&self, id: &str) -> Option<&QaItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

impl QaSettings {
    pub fn template(&self, id: &str) -> Option<&QaTemplate> {
        self.templates.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_template_has_the_eight_items_of_seed_002() {
        let t = QaTemplate::seed002();
        let labels: Vec<&str> = t.items.iter().map(|i| i.label_zh.as_str()).collect();
        assert_eq!(labels, ["迎", "察", "问", "说", "应", "收", "服务话术", "专业技能"]);
        // 10+10+15+15+15+10+15+10: a total reads as a percentage.
        assert_eq!(t.max_points(), 100);
        assert!(t.items.iter().all(|i| !i.description_zh.is_empty() && !i.description_en.is_empty()));
    }
}
