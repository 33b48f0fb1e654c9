//! The real chat files of `tests/realdata/` (see its README.md):
//! each imports or is rejected with the right explanation.

use kefu_lens::model::FileKind;

use crate::support::import::import;

/// A file of `tests/realdata/` (see its README.md).
fn realdata(path: &str) -> Vec<u8> {
    let p = format!("{}/tests/realdata/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("real data file missing: {p} ({e}); see tests/realdata/README.md"))
}

#[test]
fn jddc_chat_is_rejected_for_having_no_times() {
    let (ds, rep) = import("chat_0.1per.txt", realdata("jddc-chat/chat_0.1per.txt"));
    assert_eq!(rep.encoding, "UTF-8");
    assert_eq!(rep.kind, FileKind::Unknown);
    let f = rep.fatal.expect("JDDC has no times: rejected");
    for part in ["JDDC", "没有消息时间", "客服账号", "会话编号", "顾客ID", "是否客服发送", "商品SKU", "内容"]
    {
        assert!(f.message_zh.contains(part), "{part} not in {}", f.message_zh);
    }
    for part in ["JDDC", "no message times", "waiter_send", "no metric can be computed"] {
        assert!(f.message_en.contains(part), "{part} not in {}", f.message_en);
    }
    assert!(ds.messages.is_empty());
}

#[test]
fn jddc_readme_is_rejected_as_a_description() {
    let (ds, rep) = import("JDDC_readme.txt", realdata("jddc-chat/JDDC_readme.txt"));
    let f = rep.fatal.expect("a description is not data");
    assert!(f.message_zh.contains("说明文字"), "{}", f.message_zh);
    assert!(f.message_zh.contains("不是数据文件"), "{}", f.message_zh);
    assert!(f.message_en.contains("not a data file"), "{}", f.message_en);
    assert!(ds.messages.is_empty() && ds.orders.is_empty());
}
