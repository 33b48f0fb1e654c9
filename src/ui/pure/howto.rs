//! What the "怎么导出 / How to export" panel says: for each platform, where
//! a merchant clicks to get the chat, order and rating files, what the file
//! is called, and which of its columns Kefu Lens reads.
//!
//! Plain data, so a native test can check that every column named here is
//! one the importer really recognises.

/// Which input an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Chats,
    Orders,
    Ratings,
    /// A file people often load by mistake: what it is, what to use instead.
    Mistaken,
}

/// One entry of a platform: where to click, the file, the columns used.
pub struct Entry {
    pub input: Input,
    /// Where to click (Chinese, then English).
    pub path: (&'static str, &'static str),
    /// What the downloaded file is called or looks like.
    pub file: (&'static str, &'static str),
    /// Columns the importer reads (header texts as in the export); empty
    /// for text formats and for files that are not inputs.
    pub columns: &'static [&'static str],
    /// Anything the merchant should know (may be empty).
    pub note: (&'static str, &'static str),
}

/// A platform and its entries.
pub struct Platform {
    /// Stable id used in the page (`data-platform`).
    pub id: &'static str,
    pub name: (&'static str, &'static str),
    pub entries: &'static [Entry],
}

const MENU_NOTE: (&str, &str) = (
    "各平台后台经常改版，菜单名称可能略有不同；要紧的是导出的文件和下面列出的列。",
    "Platforms rename their menus often; what matters is the exported file and the columns listed here.",
);

/// The sentence shown above the platforms.
pub fn menu_note(zh: bool) -> &'static str {
    if zh {
        MENU_NOTE.0
    } else {
        MENU_NOTE.1
    }
}

/// Every platform, in the order the panel shows them.
/// The columns of a per-message chat table (format `chat-table`).
const CHAT_TABLE_COLUMNS: &[&str] = &["时间", "客服", "顾客", "发送方", "内容"];
/// Platforms whose chat export varies: the column mapper takes the rest.
const MAP_OTHER_HEADERS: (&str, &str) =
    ("表头不同也可以在导入报告里设置列对应。", "Other headers can be mapped in the import report.");

pub static PLATFORMS: &[Platform] = &[
    Platform {
        id: "qianniu",
        name: ("千牛 / 淘宝·天猫", "Qianniu / Taobao · Tmall"),
        entries: &[
            Entry {
                input: Input::Chats,
                path: (
                    "千牛工作台 → 子账号管理 → 监控查询 → 聊天记录：选客服账号和日期后查询（只能查近三个月）。\
                     也可以在千牛聊天窗口点「查看消息记录」，在消息管理器里全选、复制，粘贴到记事本存成 .txt。",
                    "Qianniu workbench → Sub-accounts → Monitoring → Chat records: pick the staff account and dates \
                     (the last three months only). Or, in a Qianniu chat window, open the message history, select \
                     all, copy, and save it as a .txt file.",
                ),
                file: (
                    "复制的聊天文本（.txt，每条以「昵称 2024-5-1 10:00:15」开头），或赤兔、晋歌等工具导出的逐条消息表（CSV/XLSX）",
                    "copied chat text (.txt, each message starting `NICK 2024-5-1 10:00:15`), or a per-message table \
                     (CSV/XLSX) from tools such as 赤兔 or 晋歌",
                ),
                columns: &["时间", "客服", "顾客", "发送方", "内容", "店铺"],
                note: (
                    "逐条消息表用这些列（店铺可选）；文本格式按昵称识别客服：带冒号的子账号（店铺名:小美）或设置里列出的账号。",
                    "A per-message table uses these columns (shop optional); in text, staff are nicks with a colon \
                     (shop:name) or accounts listed in the settings.",
                ),
            },
            Entry {
                input: Input::Orders,
                path: (
                    "千牛卖家中心 → 交易 → 已卖出的宝贝 → 批量导出：生成「订单报表」，生成后下载。",
                    "Qianniu seller centre → Trade → Sold items → Bulk export: generate the order report and \
                     download it.",
                ),
                file: ("ExportOrderList开头的 .csv（或新版 .xlsx）", "a .csv named ExportOrderList… (or the newer .xlsx)"),
                columns: &["订单编号", "买家会员名", "订单创建时间", "订单付款时间", "买家实际支付金额", "订单状态", "宝贝标题"],
                note: (
                    "同一时段导出两次、或两份日期有重叠都没关系：同一订单编号只算一次。",
                    "Exporting the same period twice, or overlapping ranges, is fine: one order number counts once.",
                ),
            },
            Entry {
                input: Input::Mistaken,
                path: ("同一页面的「宝贝报表」", "the item report on the same page"),
                file: ("ExportOrderDetailList开头的 .csv", "a .csv named ExportOrderDetailList…"),
                columns: &[],
                note: (
                    "这是订单里的商品明细（标题、价格、数量），没有买家和时间，不能用来算转化。请导出「订单报表」。",
                    "It lists the items of each order (title, price, quantity) with no buyer or time, so it cannot \
                     drive conversion. Export the order report instead.",
                ),
            },
            Entry {
                input: Input::Ratings,
                path: (
                    "千牛 → 客服 → 服务评价（接待评价）→ 评价明细 → 导出。",
                    "Qianniu → Customer service → Service ratings → Rating details → Export.",
                ),
                file: ("评价明细表（.xlsx 或 .csv）", "the rating detail table (.xlsx or .csv)"),
                columns: &["客服子账号", "顾客名称", "评价时间", "评价结果"],
                note: (
                    "评价结果可以是 很满意/满意/一般/不满意/很不满意，或 5 到 1 分。",
                    "The result may be 很满意/满意/一般/不满意/很不满意 or a score from 5 to 1.",
                ),
            },
        ],
    },
    Platform {
        id: "sycm",
        name: ("生意参谋", "生意参谋 (Business Advisor)"),
        entries: &[Entry {
            input: Input::Mistaken,
            path: (
                "生意参谋 → 服务 → 服务洞察 / 客服绩效 下载的「咨询接待」「业绩询单」「客单价客服」「接待评价」表",
                "the 咨询接待, 业绩询单, 客单价客服 and 接待评价 sheets downloaded from 生意参谋 → Service",
            ),
            file: (
                "天猫_日期_店铺_生意参谋_咨询接待.xlsx 之类",
                "files such as 天猫_date_shop_生意参谋_咨询接待.xlsx",
            ),
            columns: &[],
            note: (
                "这些是平台算好的每日汇总，不是逐条聊天或订单，本应用不能从汇总再算一遍；可以拿来和本应用的数字对照。\
                 请导出千牛聊天记录、订单报表和评价明细（见「千牛 / 淘宝·天猫」）。",
                "These are the platform's daily totals, not individual chats or orders, so nothing can be \
                 recomputed from them; use them to cross-check. Export the Qianniu chats, the order report and \
                 the rating details instead (see Qianniu / Taobao).",
            ),
        }],
    },
    Platform {
        id: "pdd",
        name: ("拼多多", "Pinduoduo"),
        entries: &[
            Entry {
                input: Input::Orders,
                path: (
                    "拼多多商家后台 → 订单管理 → 订单查询 → 批量导出，导出后在「导出记录」里下载。",
                    "Pinduoduo merchant backend → Orders → Order search → Bulk export, then download it from the \
                     export list.",
                ),
                file: ("订单导出 .csv / .xlsx", "the order export .csv / .xlsx"),
                columns: &["订单号", "订单成交时间", "用户实付金额", "订单状态", "商品"],
                note: (
                    "拼多多的导出没有买家昵称：聊天里出现过订单号的订单会关联到那位顾客的咨询，其余计为「未关联咨询」，不会算到别人头上。",
                    "Pinduoduo exports carry no buyer nickname: an order whose number appears in a buyer's chat is \
                     linked to that inquiry; the rest count as not linked to a consultation, never credited to \
                     someone else.",
                ),
            },
            Entry {
                input: Input::Chats,
                path: (
                    "拼多多客服工作台 → 聊天记录：按客服和日期查询。",
                    "Pinduoduo customer-service workbench → Chat records: search by agent and date.",
                ),
                file: (
                    "逐条消息表（CSV/XLSX，一行一条消息）",
                    "a per-message table (CSV/XLSX, one message per row)",
                ),
                columns: CHAT_TABLE_COLUMNS,
                note: (
                    "表头不同也可以导入：在导入报告里为它设置一次列对应，以后同样的表头会自动识别。",
                    "Other headers import too: map the columns once in the import report and the same header is \
                     recognised from then on.",
                ),
            },
        ],
    },
    Platform {
        id: "douyin",
        name: ("抖店", "Douyin shop (抖店)"),
        entries: &[
            Entry {
                input: Input::Orders,
                path: (
                    "抖店后台 → 订单 → 订单管理 → 批量导出，到「导出记录」下载。",
                    "Douyin shop backend → Orders → Order management → Bulk export, then download it from the \
                     export list.",
                ),
                file: ("以数字开头的订单 .csv（带 BOM）", "an order .csv whose name starts with digits (with a BOM)"),
                columns: &["主订单编号", "子订单编号", "订单提交时间", "订单应付金额", "订单状态", "选购商品"],
                note: (
                    "一个主订单的多行子订单合并为一单；收件人是密文，不当作买家，订单按聊天里出现的订单号关联咨询。",
                    "Sub-order rows of one main order become one order; the recipient is encrypted and never used \
                     as the buyer; orders are linked to inquiries by order numbers seen in chats.",
                ),
            },
            Entry {
                input: Input::Chats,
                path: (
                    "飞鸽客服工作台 → 会话记录 / 历史会话。",
                    "Feige (飞鸽) service workbench → Conversation history.",
                ),
                file: ("逐条消息表（CSV/XLSX）", "a per-message table (CSV/XLSX)"),
                columns: CHAT_TABLE_COLUMNS,
                note: MAP_OTHER_HEADERS,
            },
        ],
    },
    Platform {
        id: "jd",
        name: ("京东", "JD.com"),
        entries: &[
            Entry {
                input: Input::Orders,
                path: (
                    "京东商家后台（京麦）→ 订单管理 → 订单查询与跟踪 → 导出。",
                    "JD merchant backend (京麦) → Orders → Order search and tracking → Export.",
                ),
                file: ("订单导出 .csv / .xlsx", "the order export .csv / .xlsx"),
                columns: &["订单号", "下单时间", "订单金额", "下单帐号", "付款确认时间", "订单状态", "商品名称"],
                note: (
                    "一单多件的订单是多行，订单金额只算一次；「客户姓名」是收货人，不当作买家。",
                    "An order with several items spans several rows and its amount counts once; 客户姓名 is the \
                     recipient and is never used as the buyer.",
                ),
            },
            Entry {
                input: Input::Chats,
                path: (
                    "京麦工作台 → 咚咚客服 → 聊天记录。",
                    "京麦 workbench → 咚咚 customer service → Chat records.",
                ),
                file: ("逐条消息表（CSV/XLSX）", "a per-message table (CSV/XLSX)"),
                columns: CHAT_TABLE_COLUMNS,
                note: MAP_OTHER_HEADERS,
            },
        ],
    },
];

/// The platform a rejected file most likely came from, from its name and
/// detected format (`None`: show the first platform).
pub fn platform_for(file_name: &str, format: &str) -> Option<&'static str> {
    let n = file_name.to_lowercase();
    let f = format.to_lowercase();
    if n.contains("生意参谋") {
        return Some("sycm");
    }
    if f.starts_with("pdd") || n.contains("拼多多") || n.contains("pdd") {
        return Some("pdd");
    }
    if f.starts_with("douyin") || n.contains("抖") || n.contains("douyin") {
        return Some("douyin");
    }
    if f.starts_with("jd") || n.contains("京东") || n.starts_with("jd") {
        return Some("jd");
    }
    if f.starts_with("taobao") || n.contains("exportorder") || n.contains("千牛") || n.contains("淘宝") {
        return Some("qianniu");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_is_complete_in_both_languages() {
        let mut ids: Vec<&str> = PLATFORMS.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PLATFORMS.len(), "platform ids are unique");
        for id in ["qianniu", "sycm", "pdd", "douyin", "jd"] {
            assert!(PLATFORMS.iter().any(|p| p.id == id), "{id} is covered");
        }
        for p in PLATFORMS {
            assert!(!p.entries.is_empty(), "{}", p.id);
            for e in p.entries {
                for (zh, en) in [p.name, e.path, e.file] {
                    assert!(!zh.is_empty() && !en.is_empty(), "{}: {zh} / {en}", p.id);
                }
                assert_eq!(e.note.0.is_empty(), e.note.1.is_empty(), "{}: note in both languages", p.id);
            }
        }
        // Qianniu has all three inputs.
        let qn = PLATFORMS.iter().find(|p| p.id == "qianniu").unwrap();
        for input in [Input::Chats, Input::Orders, Input::Ratings] {
            assert!(qn.entries.iter().any(|e| e.input == input), "qianniu {input:?}");
        }
    }

    /// Every column the panel names is one the importer recognises for
    /// that kind of file (only compiled in the library's tests, where
    /// `crate` is the library).
    #[test]
    fn every_column_named_is_recognised_by_the_importer() {
        use crate::import::{norm_header as norm, FORMATS};
        use crate::model::FileKind;
        for p in PLATFORMS {
            for e in p.entries {
                let kind = match e.input {
                    Input::Chats => FileKind::Chats,
                    Input::Orders => FileKind::Orders,
                    Input::Ratings => FileKind::Ratings,
                    Input::Mistaken => {
                        assert!(e.columns.is_empty(), "{}: a file that is not an input lists no columns", p.id);
                        continue;
                    }
                };
                assert!(!e.columns.is_empty(), "{} {:?} lists its columns", p.id, e.input);
                for c in e.columns {
                    let known = FORMATS
                        .iter()
                        .filter(|f| f.kind == kind)
                        .any(|f| f.cols.iter().any(|col| col.aliases.contains(&norm(c).as_str())));
                    assert!(known, "{} {:?}: column {c} is not an alias of any {kind:?} format", p.id, e.input);
                }
            }
        }
    }

    #[test]
    fn a_rejected_file_points_to_its_platform() {
        assert_eq!(platform_for("ExportOrderList202406.csv", "unknown"), Some("qianniu"));
        assert_eq!(platform_for("天猫_20240601_店_生意参谋_咨询接待.xlsx", "unknown"), Some("sycm"));
        assert_eq!(platform_for("1791430000_orders.csv", "douyin-orders"), Some("douyin"));
        assert_eq!(platform_for("orders.xlsx", "pdd-orders"), Some("pdd"));
        assert_eq!(platform_for("京东订单.csv", "unknown"), Some("jd"));
        assert_eq!(platform_for("data.csv", "unknown"), None);
    }
}
