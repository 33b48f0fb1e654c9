//! Consultation category tree and classification (spec §7). OWNER: categories/KPI helper.

use crate::settings::Settings;

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

pub struct CategoryTree {
    pub nodes: Vec<CatNode>,
}

/// Code used for the 未分类 row.
pub const UNCLASSIFIED: &str = "未分类";

impl CategoryTree {
    /// Build from `settings.categories` and `settings.category_marker`.
    /// A bad regex is an error naming the node.
    pub fn new(settings: &Settings) -> Result<CategoryTree, String> {
        let _ = settings;
        Ok(CategoryTree { nodes: Vec::new() })
    }

    /// Classify one conversation-day. `staff_texts`: its staff messages
    /// (human or auto) in time order; `buyer_texts`: its buyer messages in
    /// time order. Returns the node index, or None for 未分类.
    pub fn classify(&self, staff_texts: &[&str], buyer_texts: &[&str]) -> Option<usize> {
        let _ = (staff_texts, buyer_texts);
        None
    }

    /// `names joined by /`.
    pub fn path_string(&self, idx: usize) -> String {
        self.nodes[idx].path.join("/")
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
}
