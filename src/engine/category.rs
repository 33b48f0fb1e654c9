//! Consultation category tree and classification (spec §7).
//!
//! The tree from `settings.categories` is flattened depth-first (pre-order),
//! so a parent always comes before its children and "tree order" is simply
//! index order. Every matcher (the marker regex, node keywords and node
//! regexes) is compiled once in [`CategoryTree::new`]; [`CategoryTree::classify`]
//! does no allocation beyond what the regex engine needs.
//!
//! Classification of one conversation-day (spec §7):
//! 1. Take the LAST staff message (in the given time order) that matches the
//!    marker pattern. Within that message the last match wins. The code is
//!    capture group 1 (the whole match when the pattern has no group),
//!    trimmed. If that code is a node of the tree, that node is the answer.
//! 2. Otherwise — no marker message, or the last marker message carries a
//!    code not in the tree — the first node in tree order whose keywords
//!    (substring match) or regex match any buyer message. An unknown code in
//!    the last marker message does NOT make us look at earlier marker
//!    messages: the spec names only the last one.
//! 3. Otherwise None (未分类).
//!
//! Decisions where the spec is silent:
//! - Empty keywords are ignored (an empty substring would match everything).
//! - An empty (or whitespace-only) `category_marker` disables step 1.
//! - A bad `category_marker` is an error naming `category_marker`.
//! - If two nodes share a code, the marker selects the first in tree order.

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::model::{Dataset, Sender};
use crate::settings::{CategoryNode, Settings};

use super::conversations::Conv;
use super::Messages;

/// One node of the flattened tree, in depth-first order.
#[derive(Debug, Clone)]
pub struct CatNode {
    pub code: String,
    pub name: String,
    /// Names from the root down to this node.
    pub path: Vec<String>,
    pub parent: Option<usize>,
    pub depth: usize,
}

/// Compiled matchers of one node.
#[derive(Debug, Clone, Default)]
struct NodeMatcher {
    keywords: Vec<String>,
    regex: Option<Regex>,
}

impl NodeMatcher {
    fn is_empty(&self) -> bool {
        self.keywords.is_empty() && self.regex.is_none()
    }

    fn matches(&self, text: &str) -> bool {
        self.keywords.iter().any(|k| text.contains(k.as_str())) || self.regex.as_ref().is_some_and(|r| r.is_match(text))
    }
}

pub struct CategoryTree {
    pub nodes: Vec<CatNode>,
    marker: Option<Regex>,
    matchers: Vec<NodeMatcher>,
    /// Indices of nodes that have at least one matcher, in tree order.
    keyword_nodes: Vec<usize>,
    /// (code, node index) sorted by code; first node in tree order per code.
    by_code: Vec<(String, usize)>,
}

/// Code used for the 未分类 row.
pub const UNCLASSIFIED: &str = "未分类";

/// The 咨询类目汇总表 (seed 003): days as rows, the categories of one tree
/// level as columns, each cell the 咨询人数 (`consult_buyers`) of that day's
/// conversation-days in that column's category (node and descendants).
/// Built by `Engine::category_pivot`.
///
/// Columns at level L (1 = top): the nodes at depth L in tree order; a leaf
/// shallower than L is its own column; a node shallower than L that has
/// children but also conversation-days classified to itself gets a column
/// counting only those (`direct`); 未分类 last. So every conversation-day
/// falls in exactly one column.
///
/// Totals count distinct buyer-days like every 人数 (spec §2): the 合计 row
/// of a column is the column's 咨询人数 over the whole span (the sum of its
/// cells, as days do not overlap); the 合计 column of a day is that day's
/// 咨询人数 (as in the 汇总表), which is less than the sum of the day's cells
/// when one buyer-day falls in two categories (two agents, two codes).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CategoryPivot {
    /// The level shown (1-based) and the deepest level of the tree.
    pub level: usize,
    pub levels: usize,
    pub columns: Vec<PivotColumn>,
    pub rows: Vec<PivotRow>,
    /// The 合计 row: one per column.
    pub totals: Vec<u64>,
    /// The corner: 咨询人数 of the whole span.
    pub total: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PivotColumn {
    /// The node's code (`未分类` for the unclassified column): the
    /// `category_code` of a drill key.
    pub code: String,
    pub name: String,
    /// Names from the root, joined by `/`.
    pub path: String,
    /// Counts only the conversation-days classified to this node itself
    /// (a node shallower than the level, with children).
    pub direct: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PivotRow {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// One per column.
    pub cells: Vec<u64>,
    /// The 合计 column: the day's 咨询人数.
    pub total: u64,
}

impl CategoryTree {
    /// Build from `settings.categories` and `settings.category_marker`.
    /// A bad regex is an error naming the node.
    pub fn new(settings: &Settings) -> Result<CategoryTree, String> {
        Self::from_parts(&settings.categories, &settings.category_marker)
    }

    /// Build from a category list and a marker pattern (same rules as `new`).
    pub fn from_parts(categories: &[CategoryNode], marker: &str) -> Result<CategoryTree, String> {
        let marker = if marker.trim().is_empty() {
            None
        } else {
            Some(Regex::new(marker).map_err(|e| format!("category_marker {marker:?}: bad regex: {e}"))?)
        };
        let mut tree = CategoryTree {
            nodes: Vec::new(),
            marker,
            matchers: Vec::new(),
            keyword_nodes: Vec::new(),
            by_code: Vec::new(),
        };
        let mut path = Vec::new();
        for n in categories {
            tree.push_node(n, None, &mut path)?;
        }
        let mut by_code: Vec<(String, usize)> =
            tree.nodes.iter().enumerate().map(|(i, n)| (n.code.trim().to_string(), i)).collect();
        // Stable sort keeps tree order among equal codes; dedup keeps the first.
        by_code.sort_by(|a, b| a.0.cmp(&b.0));
        by_code.dedup_by(|b, a| a.0 == b.0);
        tree.by_code = by_code;
        tree.keyword_nodes = (0..tree.nodes.len()).filter(|&i| !tree.matchers[i].is_empty()).collect();
        Ok(tree)
    }

    fn push_node(&mut self, n: &CategoryNode, parent: Option<usize>, path: &mut Vec<String>) -> Result<(), String> {
        let regex = match n.regex.as_deref() {
            Some(r) if !r.is_empty() => {
                Some(Regex::new(r).map_err(|e| format!("category {} ({}): bad regex {r:?}: {e}", n.code, n.name))?)
            }
            _ => None,
        };
        let keywords = n.keywords.iter().filter(|k| !k.is_empty()).cloned().collect();
        path.push(n.name.clone());
        let idx = self.nodes.len();
        self.nodes.push(CatNode {
            code: n.code.clone(),
            name: n.name.clone(),
            path: path.clone(),
            parent,
            depth: path.len() - 1,
        });
        self.matchers.push(NodeMatcher { keywords, regex });
        for c in &n.children {
            self.push_node(c, Some(idx), path)?;
        }
        path.pop();
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node with this code (surrounding whitespace ignored); the first in
    /// tree order if codes repeat.
    pub fn find_code(&self, code: &str) -> Option<usize> {
        let code = code.trim();
        self.by_code.binary_search_by(|(c, _)| c.as_str().cmp(code)).ok().map(|i| self.by_code[i].1)
    }

    /// The code the last marker message carries, if any staff message matches
    /// the marker pattern (whether or not the code is in the tree).
    pub fn marker_code<'a>(&self, staff_texts: &[&'a str]) -> Option<&'a str> {
        let re = self.marker.as_ref()?;
        staff_texts.iter().rev().find_map(|t| {
            let caps = re.captures_iter(t).last()?;
            let m = caps.get(1).or_else(|| caps.get(0))?;
            Some(m.as_str().trim())
        })
    }

    /// First node in tree order whose keywords/regex match one of the buyer
    /// messages.
    pub fn keyword_match(&self, buyer_texts: &[&str]) -> Option<usize> {
        if buyer_texts.is_empty() {
            return None;
        }
        self.keyword_nodes.iter().copied().find(|&i| buyer_texts.iter().any(|t| self.matchers[i].matches(t)))
    }

    /// Classify one conversation-day. `staff_texts`: its staff messages
    /// (human or auto) in time order; `buyer_texts`: its buyer messages in
    /// time order. Returns the node index, or None for 未分类.
    pub fn classify(&self, staff_texts: &[&str], buyer_texts: &[&str]) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        if let Some(i) = self.marker_code(staff_texts).and_then(|c| self.find_code(c)) {
            return Some(i);
        }
        self.keyword_match(buyer_texts)
    }

    /// `names joined by /`.
    pub fn path_string(&self, idx: usize) -> String {
        self.nodes[idx].path.join("/")
    }

    /// Code of a classification result (`未分类` for None).
    pub fn code_of(&self, class: Option<usize>) -> &str {
        match class {
            Some(i) => &self.nodes[i].code,
            None => UNCLASSIFIED,
        }
    }

    /// Path of a classification result (`未分类` for None).
    pub fn path_of(&self, class: Option<usize>) -> String {
        match class {
            Some(i) => self.path_string(i),
            None => UNCLASSIFIED.to_string(),
        }
    }

    /// idx and all its ancestors, leaf first.
    pub fn ancestors(&self, idx: usize) -> Vec<usize> {
        let mut v = vec![idx];
        let mut cur = self.nodes[idx].parent;
        while let Some(p) = cur {
            v.push(p);
            cur = self.nodes[p].parent;
        }
        v
    }

    /// Direct children of idx, in tree order.
    pub fn children(&self, idx: usize) -> Vec<usize> {
        (idx + 1..self.nodes.len()).filter(|&i| self.nodes[i].parent == Some(idx)).collect()
    }

    /// Top-level nodes, in tree order.
    pub fn roots(&self) -> Vec<usize> {
        (0..self.nodes.len()).filter(|&i| self.nodes[i].parent.is_none()).collect()
    }

    /// Per-node counts → per-node counts including all descendants (spec §7:
    /// a parent's row rolls up its children). A short input counts missing
    /// nodes as 0; the result always has one entry per node. The 未分类 count
    /// is not part of the tree and is kept by the caller.
    pub fn roll_up(&self, counts_per_node: &[u64]) -> Vec<u64> {
        let mut out: Vec<u64> = (0..self.nodes.len()).map(|i| counts_per_node.get(i).copied().unwrap_or(0)).collect();
        // Pre-order: every child has a larger index than its parent, so a
        // reverse sweep adds complete subtree totals upwards.
        for i in (0..self.nodes.len()).rev() {
            if let Some(p) = self.nodes[i].parent {
                out[p] += out[i];
            }
        }
        out
    }
}

/// The settings' tree, or an empty tree and the error when it does not
/// build (also what a pool's coordinator lays the 类目汇总表's columns out
/// by, holding no engine: `crate::pool`).
pub(crate) fn tree_for(settings: &Settings) -> (CategoryTree, Option<String>) {
    match CategoryTree::new(settings) {
        Ok(t) => (t, None),
        Err(e) => (CategoryTree::from_parts(&[], "").expect("empty tree builds"), Some(e)),
    }
}

/// Build step 8: the settings' tree (an empty tree and the error when it
/// does not build) and each conversation-day's category from its staff
/// (human or auto) and buyer message texts.
pub(crate) fn classify_all(
    ds: &Dataset,
    msgs: &Messages,
    settings: &Settings,
    convs: &mut [Conv],
) -> (CategoryTree, Option<String>) {
    let (tree, error) = tree_for(settings);
    if tree.nodes.is_empty() {
        return (tree, error);
    }
    let mut staff: Vec<&str> = Vec::new();
    let mut buyer: Vec<&str> = Vec::new();
    for c in convs.iter_mut() {
        staff.clear();
        buyer.clear();
        for mi in c.msg_range() {
            let m = msgs.get(ds, mi);
            match m.sender {
                Sender::Agent | Sender::Auto => staff.push(ds.text(m.text)),
                Sender::Buyer => buyer.push(ds.text(m.text)),
                Sender::System => {}
            }
        }
        if let Some(n) = tree.classify(&staff, &buyer) {
            c.category = n as u32;
        }
    }
    (tree, error)
}

/// A clothing-shop tree in the spirit of seed 003 (售前咨询 / 售后 / 其它,
/// three levels, leaf codes like 1.1.1), with keywords and regexes so that
/// unmarked conversations still classify.
pub fn seed003_example() -> Vec<CategoryNode> {
    fn node(
        code: &str,
        name: &str,
        keywords: &[&str],
        regex: Option<&str>,
        children: Vec<CategoryNode>,
    ) -> CategoryNode {
        CategoryNode {
            code: code.to_string(),
            name: name.to_string(),
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            regex: regex.map(|s| s.to_string()),
            children,
        }
    }
    vec![
        node(
            "1",
            "售前咨询",
            &[],
            None,
            vec![
                node(
                    "1.1",
                    "商品咨询",
                    &[],
                    None,
                    vec![
                        node("1.1.1", "商品尺寸", &["尺码", "尺寸", "多大", "身高", "体重"], None, vec![]),
                        node("1.1.2", "商品质量", &[], Some("质量|色差|起球|掉色"), vec![]),
                        node("1.1.3", "库存货源", &["有货", "缺货", "现货", "库存"], None, vec![]),
                    ],
                ),
                node(
                    "1.2",
                    "活动优惠",
                    &[],
                    None,
                    vec![
                        node("1.2.1", "优惠券", &["优惠券", "券"], None, vec![]),
                        node("1.2.2", "包邮满减", &["包邮", "满减", "打折", "便宜"], None, vec![]),
                    ],
                ),
            ],
        ),
        node(
            "2",
            "售后",
            &[],
            None,
            vec![
                node("2.1", "退换货", &["退货", "换货", "退款"], None, vec![]),
                node("2.2", "物流查询", &["快递", "物流", "发货", "到哪"], None, vec![]),
                node("2.3", "投诉", &["投诉", "差评"], None, vec![]),
            ],
        ),
        node("3", "其它", &[], None, vec![node("3.1", "发票", &["发票"], None, vec![])]),
    ]
}
