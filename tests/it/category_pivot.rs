//! The 咨询类目汇总表 (spec §7, seed 003; issue 11 item 8): days × the
//! categories of one tree level, cells = 咨询人数 (buyer-days), with a 合计
//! row and a 合计 column. Expected numbers are worked out by hand below.

use crate::support::engine::*;
use kefu_lens::engine::category::CategoryPivot;
use kefu_lens::engine::{Dim, Engine, Filter, Query};
use kefu_lens::Settings;

const A: &str = "店:01";
const C: &str = "店:02";

fn settings() -> Settings {
    spec_category_settings()
}

/// 06-03: k1 尺码 (1.1.1), k2 色差 (1.1.2), k3 退货 (2.1), k5 在吗 (未分类),
/// k6 with the marker code 1 (the top node itself), and k1 again with
/// another agent about 换货 (2.1). 06-04: nothing. 06-05: k1 尺寸 (1.1.1),
/// k7 退货 (2.1).
fn data() -> B {
    let mut b = B::new();
    b.b(A, "k1", "2024-06-03 10:00:00", "尺码偏大吗").a(A, "k1", "2024-06-03 10:01:00", "正常");
    b.b(A, "k2", "2024-06-03 10:00:00", "有色差吗").a(A, "k2", "2024-06-03 10:01:00", "没有");
    b.b(A, "k3", "2024-06-03 10:00:00", "我要退货").a(A, "k3", "2024-06-03 10:01:00", "好的");
    b.b(A, "k5", "2024-06-03 10:00:00", "在吗").a(A, "k5", "2024-06-03 10:01:00", "在");
    b.b(A, "k6", "2024-06-03 11:00:00", "在吗").a(A, "k6", "2024-06-03 11:01:00", "咨询的内容为 1");
    b.b(C, "k1", "2024-06-03 12:00:00", "我要换货").a(C, "k1", "2024-06-03 12:01:00", "可以");
    b.b(A, "k1", "2024-06-05 10:00:00", "尺寸有哪些").a(A, "k1", "2024-06-05 10:01:00", "S到XL");
    b.b(A, "k7", "2024-06-05 10:00:00", "退货地址").a(A, "k7", "2024-06-05 10:01:00", "已发");
    b
}

fn codes(p: &CategoryPivot) -> Vec<&str> {
    p.columns.iter().map(|c| c.code.as_str()).collect()
}

fn cells(p: &CategoryPivot) -> Vec<(&str, Vec<u64>, u64)> {
    p.rows.iter().map(|r| (r.day.as_str(), r.cells.clone(), r.total)).collect()
}

#[test]
fn level_one_days_by_top_categories_with_totals() {
    let b = data();
    let e = Engine::new(&b.ds, &settings());
    let p = e.category_pivot(&Filter::default(), 1);
    assert_eq!((p.level, p.levels), (1, 3));
    assert_eq!(codes(&p), ["1", "2", "未分类"]);
    let names: Vec<&str> = p.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["售前咨询", "售后", "未分类"]);
    // 06-03: 售前 = k1, k2, k6 → 3; 售后 = k3, k1 (with 店:02) → 2; 未分类 = k5 → 1.
    //   The day's 合计 is its distinct buyer-days k1, k2, k3, k5, k6 = 5, not 6:
    //   k1 asked two agents about two things.
    // 06-04: a day of the span without consults → zeros.
    // 06-05: k1 → 售前 1; k7 → 售后 1; 合计 2.
    assert_eq!(
        cells(&p),
        [("2024-06-03", vec![3, 2, 1], 5), ("2024-06-04", vec![0, 0, 0], 0), ("2024-06-05", vec![1, 1, 0], 2)]
    );
    // 合计 row: the columns over the span (the sum of their cells); corner 5 + 2.
    assert_eq!(p.totals, [4, 3, 1]);
    assert_eq!(p.total, 7);
    for (k, t) in p.totals.iter().enumerate() {
        assert_eq!(*t, p.rows.iter().map(|r| r.cells[k]).sum::<u64>());
    }
    assert_eq!(p.total, p.rows.iter().map(|r| r.total).sum::<u64>());
}

#[test]
fn deeper_levels_keep_every_conversation_day_in_one_column() {
    let b = data();
    let e = Engine::new(&b.ds, &settings());
    // Level 2: 商品咨询 (1.1), 退换货 (2.1); k6 was classified to 售前咨询 itself,
    // so 售前咨询 keeps a column counting only such days (direct), before its
    // children in tree order; 售后 has none and no column.
    let p = e.category_pivot(&Filter::default(), 2);
    assert_eq!(codes(&p), ["1", "1.1", "2.1", "未分类"]);
    assert_eq!(p.columns.iter().map(|c| c.direct).collect::<Vec<_>>(), [true, false, false, false]);
    assert_eq!(p.columns[1].path, "售前咨询/商品咨询");
    assert_eq!(
        cells(&p),
        [("2024-06-03", vec![1, 2, 2, 1], 5), ("2024-06-04", vec![0, 0, 0, 0], 0), ("2024-06-05", vec![0, 1, 1, 0], 2)]
    );
    assert_eq!(p.totals, [1, 3, 3, 1]);
    // Level 3: the leaves; 退换货 (2.1) is a leaf above the level and is its
    // own column.
    let p = e.category_pivot(&Filter::default(), 3);
    assert_eq!(codes(&p), ["1", "1.1.1", "1.1.2", "2.1", "未分类"]);
    assert_eq!(cells(&p)[0], ("2024-06-03", vec![1, 1, 1, 2, 1], 5));
    assert_eq!(p.totals, [1, 2, 1, 3, 1]);
    // Levels out of range are clamped.
    assert_eq!(e.category_pivot(&Filter::default(), 9).level, 3);
    assert_eq!(e.category_pivot(&Filter::default(), 0).level, 1);
}

#[test]
fn cells_equal_the_report_and_follow_the_filter() {
    let b = data();
    let e = Engine::new(&b.ds, &settings());
    let f = Filter::default();
    let report = e.report(&Query { rules: vec![], by: vec![Dim::Day, Dim::Category], filter: f.clone() });
    let p = e.category_pivot(&f, 3);
    // A (non-direct) cell is the report's (day, category) row: what its drill lists.
    for r in &p.rows {
        for (k, col) in p.columns.iter().enumerate().filter(|(_, c)| !c.direct) {
            let want = report
                .rows
                .iter()
                .find(|x| x.key["day"] == r.day && x.key["category_code"] == col.code)
                .map_or(0, |x| x.metrics.consult_buyers);
            assert_eq!(r.cells[k], want, "{} {}", r.day, col.code);
        }
    }
    // Dates narrow the rows; an agent narrows the counts.
    let f = Filter { from: Some("2024-06-04".into()), ..Default::default() };
    let p = e.category_pivot(&f, 1);
    assert_eq!(cells(&p), [("2024-06-04", vec![0, 0, 0], 0), ("2024-06-05", vec![1, 1, 0], 2)]);
    let f = Filter { agents: vec![C.into()], ..Default::default() };
    let p = e.category_pivot(&f, 1);
    assert_eq!(p.rows[0].cells, [0, 1, 0]);
    assert_eq!(p.total, 1);
}

#[test]
fn without_a_tree_everything_is_unclassified() {
    let b = data();
    let e = Engine::new(&b.ds, &Settings::default());
    let p = e.category_pivot(&Filter::default(), 2);
    assert_eq!(codes(&p), ["未分类"]);
    assert_eq!(p.level, 1);
    // 06-03: k1, k2, k3, k5, k6 (k1 once: one buyer-day); 06-05: k1, k7.
    assert_eq!(cells(&p), [("2024-06-03", vec![5], 5), ("2024-06-04", vec![0], 0), ("2024-06-05", vec![2], 2)]);
}
