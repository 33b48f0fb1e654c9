pub(crate) mod accounts;
pub(crate) mod category_tree;
pub(crate) mod panel;
