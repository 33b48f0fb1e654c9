//! Text files that are recognisably *not* an input, explained instead of
//! the generic "unrecognised format": the JDDC corpus (JD.com dialogues
//! without times or agents) and its field description, and plain prose.

/// Why this text cannot be imported, when it is something we recognise:
/// (zh, en). `None` leaves the generic message.
pub fn explain(text: &str) -> Option<(String, String)> {
    jddc(text).or_else(|| jddc_readme(text)).or_else(|| prose(text))
}

/// Session ids in JDDC are 32 hex digits, some written as a UUID.
fn is_session_id(s: &str) -> bool {
    let hex: Vec<char> = s.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.iter().all(|c| c.is_ascii_hexdigit())
}

/// JDDC dialogue lines: tab-separated, no header, 7 columns: session id,
/// `USERID_…`, waiter_send (0/1), is_transfer, is_repeat, sku, text.
fn jddc(text: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    if lines.is_empty() {
        return None;
    }
    let hits = lines
        .iter()
        .filter(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            f.len() >= 5
                && is_session_id(f[0].trim())
                && f[1].trim().starts_with("USERID_")
                && matches!(f[2].trim(), "0" | "1")
        })
        .count();
    (hits * 2 > lines.len()).then(|| {
        (
            "这是京东 JDDC 对话语料（制表符分隔、没有表头，每行 7 列，识别为：会话编号、顾客ID、是否客服发送（0 顾客 / 1 客服）、\
             是否转接、是否重复、商品SKU、内容）。它没有消息时间，也没有客服账号，所以任何指标都无法计算\
             （响应时间、接待人数、转化都需要时间和客服），不予导入。请导出带发送时间和客服账号的聊天记录。"
                .to_string(),
            "this is the JD.com JDDC dialogue corpus (tab-separated, no header, 7 columns per line, recognised as: session id, \
             customer id, waiter_send (0 customer / 1 agent), is_transfer, is_repeat, sku, text). It has no message times and \
             no agent accounts, so no metric can be computed (response times, receptions and conversion all need times and \
             agents); not imported. Export chats with send times and agent accounts instead."
                .to_string(),
        )
    })
}

/// The JDDC competition's field description (`JDDC_readme.txt`).
fn jddc_readme(text: &str) -> Option<(String, String)> {
    let head: String = text.chars().take(4000).collect();
    let fields = ["会话编号", "顾客ID", "是否客服发送"].iter().filter(|f| head.contains(*f)).count();
    (fields == 3 && !head.contains('\t')).then(|| {
        (
            "这是一份说明文字（JDDC 数据集的字段说明：会话编号、顾客ID、SKU、是否客服发送、内容），不是数据文件，不予导入。\
             请导入聊天记录、订单或评价的导出文件。"
                .to_string(),
            "this is a text description (the JDDC data set's field description: session id, customer id, SKU, waiter_send, \
             text), not a data file; not imported. Import a chat, order or rating export instead."
                .to_string(),
        )
    })
}

/// Plain prose: no line looks like a record (no tab, no comma-separated
/// fields), most lines end like sentences.
fn prose(text: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(50).collect();
    if lines.len() < 3 || lines.iter().any(|l| l.contains('\t') || l.matches(',').count() >= 2) {
        return None;
    }
    let sentences = lines.iter().filter(|l| l.ends_with(['。', '：', ':', '！', '？', '.', '）'])).count();
    (sentences * 2 >= lines.len()).then(|| {
        (
            "这个文件是一段文字（没有表格的列，也没有“昵称(时间):消息”或“昵称 时间”这样的聊天消息头），不是导出的数据，不予导入。"
                .to_string(),
            "this file is plain text (no table columns and no chat message headers such as NICK(time):message), \
             not exported data; not imported."
                .to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jddc_lines() {
        let t = "0000b82c62117aa4497508bb1bdfb53a\tUSERID_1\t0\t0\t0\tnan\t你好\n\
                 0000b82c62117aa4497508bb1bdfb53a\tUSERID_1\t1\t0\t0\tnan\t您好\n";
        assert!(explain(t).unwrap().0.contains("JDDC"));
        assert!(explain("a,b,c\n1,2,3\n").is_none());
    }
}
