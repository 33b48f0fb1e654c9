//! Spec §7 category rows. The classifier is implemented elsewhere; these
//! checks run fully once `CategoryTree` is (they skip the roll-up part while
//! it is a stub).

use crate::support::engine::*;
use kefu_lens::engine::category::CategoryTree;
use kefu_lens::engine::{Dim, Engine, Filter, Query};
use kefu_lens::Settings;

const A: &str = "店:01";

fn settings() -> Settings {
    spec_category_settings()
}

#[test]
fn category_rows_roll_up() {
    let mut b = B::new();
    b.b(A, "k1", "2024-06-03 10:00:00", "尺码偏大吗").a(A, "k1", "2024-06-03 10:01:00", "正常");
    b.b(A, "k2", "2024-06-03 10:00:00", "有色差吗").a(A, "k2", "2024-06-03 10:01:00", "没有");
    b.b(A, "k3", "2024-06-03 10:00:00", "我要退货").a(A, "k3", "2024-06-03 10:01:00", "好的");
    // the marker in the staff message wins over keywords
    b.b(A, "k4", "2024-06-03 10:00:00", "尺码").a(A, "k4", "2024-06-03 10:01:00", "咨询的内容为 2.1");
    b.b(A, "k5", "2024-06-03 10:00:00", "在吗").a(A, "k5", "2024-06-03 10:01:00", "在");
    let s = settings();
    let e = Engine::new(&b.ds, &s);
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Category], filter: Filter::default() });
    check_drill_counts(&e, &b.ds, &[Dim::Category], &Filter::default());
    check_drill_counts(&e, &b.ds, &[Dim::Day, Dim::Category], &Filter::default());
    if CategoryTree::new(&s).map(|t| t.nodes.is_empty()).unwrap_or(true) {
        // stub classifier: everything is 未分类
        assert_eq!(r.rows.len(), 1);
        return;
    }
    let get = |code: &str| r.rows.iter().find(|r| r.key["category_code"] == code).map(|r| r.metrics.consult_buyers);
    // leaves: 1.1.1 = k1; 1.1.2 = k2; 2.1 = k3, k4; 未分类 = k5
    assert_eq!(get("1.1.1"), Some(1));
    assert_eq!(get("1.1.2"), Some(1));
    // parents roll up their children: 1.1 = 1 = k1 + k2
    assert_eq!(get("1.1"), Some(2));
    assert_eq!(get("1"), Some(2));
    assert_eq!(get("2.1"), Some(2));
    assert_eq!(get("2"), Some(2));
    assert_eq!(get("未分类"), Some(1));
    let row = r.rows.iter().find(|r| r.key["category_code"] == "1.1.1").unwrap();
    assert_eq!(row.key["category_path"], "售前咨询/商品咨询/商品尺寸");
    // rows are in tree order, 未分类 last
    let codes: Vec<&str> = r.rows.iter().map(|r| r.key["category_code"].as_str()).collect();
    assert_eq!(codes, ["1", "1.1", "1.1.1", "1.1.2", "2", "2.1", "未分类"]);
}
