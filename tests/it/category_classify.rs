//! Spec §7: consultation categories.
use kefu_lens::engine::category::{seed003_example, CategoryTree, UNCLASSIFIED};
use kefu_lens::settings::{CategoryNode, Settings};

fn tree() -> CategoryTree {
    let s = Settings { categories: seed003_example(), ..Default::default() };
    CategoryTree::new(&s).expect("seed tree compiles")
}

fn idx(t: &CategoryTree, code: &str) -> usize {
    t.find_code(code).unwrap_or_else(|| panic!("code {code} in tree"))
}

#[test]
fn flattens_depth_first_with_paths_and_depths() {
    let t = tree();
    let codes: Vec<&str> = t.nodes.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.2", "2.3", "3", "3.1"]
    );
    let i = idx(&t, "1.1.2");
    assert_eq!(t.nodes[i].depth, 2);
    assert_eq!(t.nodes[i].parent, Some(idx(&t, "1.1")));
    assert_eq!(t.path_string(i), "售前咨询/商品咨询/商品质量");
    assert_eq!(t.ancestors(i), vec![i, idx(&t, "1.1"), idx(&t, "1")]);
    assert_eq!(t.roots(), vec![idx(&t, "1"), idx(&t, "2"), idx(&t, "3")]);
    assert_eq!(t.children(idx(&t, "1")), vec![idx(&t, "1.1"), idx(&t, "1.2")]);
    assert!(t.children(idx(&t, "2.1")).is_empty());
    assert_eq!(t.nodes[idx(&t, "2")].depth, 0);
    assert_eq!(t.find_code(" 2.2 "), Some(idx(&t, "2.2")));
    assert_eq!(t.find_code("9.9"), None);
}

#[test]
fn spec_settings_example_parses_and_builds() {
    let s = Settings::from_json(
        r#"{"category_marker": "咨询的内容为\\s*(\\d+(?:\\.\\d+)*)",
            "categories": [
              {"code": "1", "name": "售前咨询", "children": [
                {"code": "1.1", "name": "商品咨询", "children": [
                  {"code": "1.1.1", "name": "商品尺寸", "keywords": ["尺码", "尺寸"]},
                  {"code": "1.1.2", "name": "商品质量", "regex": "质量|色差"}]}]},
              {"code": "2", "name": "售后", "children": [
                {"code": "2.1", "name": "退换货", "keywords": ["退货", "换货"]}]}]}"#,
    )
    .unwrap();
    let t = CategoryTree::new(&s).unwrap();
    assert_eq!(t.len(), 6);
    assert_eq!(t.classify(&[], &["有色差吗"]), Some(idx(&t, "1.1.2")));
    assert_eq!(t.classify(&[], &["我要换货"]), Some(idx(&t, "2.1")));
}

#[test]
fn marker_code_wins_over_keywords() {
    let t = tree();
    // Buyer talks about size (1.1.1 keyword), but staff marked 2.1.
    let staff = ["亲,有的", "您当前咨询的内容为2.1(此信息无需回复)"];
    assert_eq!(t.classify(&staff, &["请问尺码偏大吗"]), Some(idx(&t, "2.1")));
    // Seed 003 transcript: code at the end of the closing message.
    let seed = ["亲,不客气,这是我应该做的,欢迎您下次再光临我们的店铺。您当前咨询的内容为1.1.1(此信息无需回复)"];
    assert_eq!(t.classify(&seed, &["老板,在吗?请问10086666666的商品有中码不?"]), Some(idx(&t, "1.1.1")));
    // Whitespace after 为 is allowed by the default pattern; a marker may
    // name an inner node.
    assert_eq!(t.classify(&["咨询的内容为  1.2"], &[]), Some(idx(&t, "1.2")));
}

#[test]
fn last_marker_message_wins() {
    let t = tree();
    let staff = ["咨询的内容为1.1.1", "好的亲", "咨询的内容为2.2", "还有其他问题吗"];
    assert_eq!(t.classify(&staff, &[]), Some(idx(&t, "2.2")));
    // Reversed order → the other code.
    let staff = ["咨询的内容为2.2", "咨询的内容为1.1.1"];
    assert_eq!(t.classify(&staff, &[]), Some(idx(&t, "1.1.1")));
}

#[test]
fn unknown_code_in_last_marker_falls_back_to_keywords() {
    let t = tree();
    // The last marker message names 9.9 (not in the tree). The earlier 2.1
    // marker is NOT used; keywords decide: 快递 → 2.2.
    let staff = ["咨询的内容为2.1", "咨询的内容为9.9"];
    assert_eq!(t.classify(&staff, &["快递到哪了"]), Some(idx(&t, "2.2")));
    // …and with no keyword match, 未分类.
    assert_eq!(t.classify(&staff, &["在吗"]), None);
}

#[test]
fn keyword_order_is_tree_order() {
    let t = tree();
    // 退款 (2.1) appears before 尺码 (1.1.1) in the message, and in a later
    // buyer message too, but 1.1.1 comes first in tree order.
    let buyer = ["我要退款", "尺码不对 退款"];
    assert_eq!(t.classify(&[], &buyer), Some(idx(&t, "1.1.1")));
    // Second buyer message alone matching still counts.
    assert_eq!(t.classify(&[], &["在吗", "发货了吗"]), Some(idx(&t, "2.2")));
}

#[test]
fn parent_keywords_come_before_children() {
    let cats = vec![CategoryNode {
        code: "1".into(),
        name: "父".into(),
        keywords: vec!["衣服".into()],
        children: vec![CategoryNode {
            code: "1.1".into(),
            name: "子".into(),
            keywords: vec!["衣服尺码".into()],
            ..Default::default()
        }],
        ..Default::default()
    }];
    let t = CategoryTree::from_parts(&cats, r"咨询的内容为\s*(\d+(?:\.\d+)*)").unwrap();
    assert_eq!(t.classify(&[], &["衣服尺码多少"]), Some(0), "pre-order: the parent is checked first");
}

#[test]
fn regex_nodes_match() {
    let t = tree();
    assert_eq!(t.classify(&[], &["洗了会掉色吗"]), Some(idx(&t, "1.1.2")));
    assert_eq!(t.classify(&[], &["会起球吗"]), Some(idx(&t, "1.1.2")));
    let cats = vec![CategoryNode {
        code: "7".into(),
        name: "订单号".into(),
        regex: Some(r"^\d{11}$".into()),
        ..Default::default()
    }];
    let t = CategoryTree::from_parts(&cats, "").unwrap();
    assert_eq!(t.classify(&[], &["10086666666"]), Some(0));
    assert_eq!(t.classify(&[], &["订单10086666666"]), None);
}

#[test]
fn unclassified_when_nothing_matches() {
    let t = tree();
    assert_eq!(t.classify(&["亲,在的"], &["在吗", "你好"]), None);
    assert_eq!(t.classify(&[], &[]), None);
    assert_eq!(t.code_of(None), UNCLASSIFIED);
    assert_eq!(t.path_of(None), "未分类");
    assert_eq!(t.code_of(Some(idx(&t, "2.3"))), "2.3");
    // Keywords are only looked for in buyer messages, not staff ones.
    assert_eq!(t.classify(&["您的快递已发货"], &["好的"]), None);
    // Empty tree: even a marker message is 未分类.
    let empty = CategoryTree::new(&Settings::default()).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.classify(&["咨询的内容为1.1.1"], &["尺码"]), None);
}

#[test]
fn custom_marker_pattern() {
    let s = Settings { categories: seed003_example(), category_marker: r"#分类(\S+)#".into(), ..Default::default() };
    let t = CategoryTree::new(&s).unwrap();
    assert_eq!(t.classify(&["#分类2.3#"], &["尺码"]), Some(idx(&t, "2.3")));
    // The default wording no longer counts as a marker → keywords.
    assert_eq!(t.classify(&["咨询的内容为2.3"], &["尺码"]), Some(idx(&t, "1.1.1")));
}

#[test]
fn bad_regex_is_an_error_naming_the_node() {
    let s = Settings {
        categories: vec![CategoryNode {
            code: "1".into(),
            name: "售前".into(),
            children: vec![CategoryNode {
                code: "1.4".into(),
                name: "坏".into(),
                regex: Some("质量(".into()),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let err = CategoryTree::new(&s).err().expect("bad regex must fail");
    assert!(err.contains("1.4"), "{err}");
    assert!(err.contains("质量("), "{err}");

    let s = Settings { category_marker: "咨询的内容为(".into(), ..Default::default() };
    let err = CategoryTree::new(&s).err().expect("bad marker must fail");
    assert!(err.contains("category_marker"), "{err}");
}

#[test]
fn roll_up_adds_descendants() {
    let t = tree();
    let mut counts = vec![0u64; t.len()];
    counts[idx(&t, "1.1.1")] = 5;
    counts[idx(&t, "1.1.2")] = 3;
    counts[idx(&t, "1.1")] = 1; // marked directly on the inner node
    counts[idx(&t, "1.2.1")] = 2;
    counts[idx(&t, "2.1")] = 192;
    counts[idx(&t, "3")] = 4;
    let r = t.roll_up(&counts);
    assert_eq!(r.len(), t.len());
    assert_eq!(r[idx(&t, "1.1.1")], 5);
    assert_eq!(r[idx(&t, "1.1")], 9); // 1 + 5 + 3
    assert_eq!(r[idx(&t, "1.2")], 2);
    assert_eq!(r[idx(&t, "1")], 11); // 9 + 2
    assert_eq!(r[idx(&t, "2")], 192);
    assert_eq!(r[idx(&t, "3")], 4);
    assert_eq!(r[idx(&t, "3.1")], 0);
    // Short input: missing nodes count 0.
    let r = t.roll_up(&[0, 0, 7]);
    assert_eq!(r[0], 7);
    assert_eq!(r[1], 7);
    assert_eq!(r[idx(&t, "2")], 0);
}

#[test]
fn seed_example_is_three_levels_and_serialises() {
    let cats = seed003_example();
    let t = CategoryTree::from_parts(&cats, r"咨询的内容为\s*(\d+(?:\.\d+)*)").unwrap();
    assert!((12..=15).contains(&t.len()), "{}", t.len());
    assert_eq!(t.nodes.iter().map(|n| n.depth).max(), Some(2));
    let json = serde_json::to_string(&cats).unwrap();
    let back: Vec<CategoryNode> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cats);
}
