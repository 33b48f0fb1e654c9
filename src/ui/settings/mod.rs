pub(crate) mod accounts;
pub(crate) mod category_tree;
pub(crate) mod panel;
pub(crate) mod work_time;
