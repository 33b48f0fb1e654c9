//! Table formats and their signature columns.
//!
//! A table format is detected when every *required* field finds a column
//! whose normalised header equals one of the field's aliases. Header
//! normalisation: trim (also full-width space and quotes), drop a leading
//! `=`, ASCII-lowercase, and drop a trailing unit in brackets such as
//! `(元)` / `（元）`. When several formats match, the one with the most
//! matched fields wins (ties: table order).

use crate::model::FileKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    // chats
    Time,
    Agent,
    Buyer,
    Sender,
    Text,
    Shop,
    // orders
    OrderId,
    Created,
    Paid,
    Amount,
    Status,
    Title,
    // ratings
    Result,
}

impl Field {
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Field::Time => ("时间", "time"),
            Field::Agent => ("客服", "agent"),
            Field::Buyer => ("买家", "buyer"),
            Field::Sender => ("发送方", "sender"),
            Field::Text => ("内容", "text"),
            Field::Shop => ("店铺", "shop"),
            Field::OrderId => ("订单编号", "order id"),
            Field::Created => ("订单创建时间", "created time"),
            Field::Paid => ("付款时间", "paid time"),
            Field::Amount => ("实付金额", "paid amount"),
            Field::Status => ("订单状态", "status"),
            Field::Title => ("宝贝标题", "title"),
            Field::Result => ("评价结果", "rating result"),
        }
    }
}

pub struct Col {
    pub field: Field,
    pub required: bool,
    /// Normalised aliases, most specific first.
    pub aliases: &'static [&'static str],
}

pub struct TableFormat {
    pub name: &'static str,
    /// Name used when the table came from an xlsx workbook.
    pub xlsx_name: &'static str,
    pub kind: FileKind,
    pub cols: &'static [Col],
}

const fn req(field: Field, aliases: &'static [&'static str]) -> Col {
    Col { field, required: true, aliases }
}
const fn opt(field: Field, aliases: &'static [&'static str]) -> Col {
    Col { field, required: false, aliases }
}

/// Every table format, in detection priority order.
///
/// | format | kind | required columns (any alias) | optional |
/// |---|---|---|---|
/// | chat-table | chats | 时间, 客服, 买家/顾客, 发送方, 内容 | 店铺 |
/// | taobao-orders | orders | 订单编号, 买家会员名, 订单创建时间, 买家实际支付金额/买家实付金额 | 订单付款时间, 订单状态, 宝贝标题, 店铺名称 |
/// | pdd-orders | orders | 订单号, 用户实付金额/商家实收金额, 订单成交时间/拼单成功时间/支付时间, 买家昵称/收货人 | 支付时间, 订单状态, 商品 |
/// | douyin-orders | orders | 主订单编号/子订单编号, 订单提交时间, 订单应付金额/实付金额 | 支付完成时间, 买家昵称/收件人, 订单状态, 选购商品/商品名称 |
/// | jd-orders | orders | 订单号, 下单时间, 应付金额/订单金额, 客户账号/下单帐号 | 付款确认时间, 订单状态, 商品名称 |
/// | ratings | ratings | 客服子账号/客服, 顾客名称/买家, 评价时间, 评价结果 | 店铺 |
pub static FORMATS: &[TableFormat] = &[
    TableFormat {
        name: "chat-table",
        xlsx_name: "chat-table",
        kind: FileKind::Chats,
        cols: &[
            req(
                Field::Time,
                &["时间", "发送时间", "消息时间", "聊天时间", "time", "timestamp", "datetime", "send_time", "sent_at"],
            ),
            req(
                Field::Agent,
                &["客服", "客服账号", "客服昵称", "客服子账号", "客服名称", "客服旺旺", "agent", "staff", "agent_nick"],
            ),
            req(
                Field::Buyer,
                &[
                    "顾客",
                    "买家",
                    "买家昵称",
                    "顾客昵称",
                    "顾客名称",
                    "买家账号",
                    "买家会员名",
                    "客户",
                    "buyer",
                    "customer",
                    "buyer_nick",
                ],
            ),
            req(
                Field::Sender,
                &["发送方", "发送者", "发送人", "发言方", "发言人", "消息方向", "sender", "from", "role", "direction"],
            ),
            req(Field::Text, &["内容", "消息内容", "聊天内容", "消息", "文本", "text", "content", "message", "msg"]),
            opt(Field::Shop, &["店铺", "店铺名", "店铺名称", "shop", "store", "shop_name"]),
        ],
    },
    TableFormat {
        name: "taobao-orders",
        xlsx_name: "taobao-orders-xlsx",
        kind: FileKind::Orders,
        cols: &[
            req(Field::OrderId, &["订单编号", "订单号"]),
            req(Field::Buyer, &["买家会员名", "买家昵称", "买家会员名称"]),
            req(Field::Created, &["订单创建时间", "创建时间"]),
            req(Field::Amount, &["买家实际支付金额", "买家实付金额", "实付金额", "买家应付货款"]),
            opt(Field::Paid, &["订单付款时间", "付款时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["宝贝标题", "商品标题", "宝贝名称"]),
            opt(Field::Shop, &["店铺名称", "店铺"]),
        ],
    },
    TableFormat {
        name: "pdd-orders",
        xlsx_name: "pdd-orders",
        kind: FileKind::Orders,
        cols: &[
            req(Field::OrderId, &["订单号"]),
            req(Field::Amount, &["用户实付金额", "商家实收金额"]),
            req(Field::Created, &["订单成交时间", "拼单成功时间", "支付时间"]),
            req(Field::Buyer, &["买家昵称", "用户昵称", "收货人"]),
            opt(Field::Paid, &["支付时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["商品", "商品名称"]),
            opt(Field::Shop, &["店铺名称", "店铺"]),
        ],
    },
    TableFormat {
        name: "douyin-orders",
        xlsx_name: "douyin-orders",
        kind: FileKind::Orders,
        cols: &[
            req(Field::OrderId, &["主订单编号", "子订单编号"]),
            req(Field::Created, &["订单提交时间"]),
            req(Field::Amount, &["订单应付金额", "实付金额", "支付金额"]),
            opt(Field::Buyer, &["买家昵称", "用户昵称", "收件人"]),
            opt(Field::Paid, &["支付完成时间", "支付时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["选购商品", "商品名称"]),
            opt(Field::Shop, &["店铺名称", "店铺"]),
        ],
    },
    TableFormat {
        name: "jd-orders",
        xlsx_name: "jd-orders",
        kind: FileKind::Orders,
        cols: &[
            req(Field::OrderId, &["订单号"]),
            req(Field::Created, &["下单时间"]),
            req(Field::Amount, &["应付金额", "订单金额"]),
            req(Field::Buyer, &["客户账号", "下单帐号", "下单账号", "客户姓名"]),
            opt(Field::Paid, &["付款确认时间", "支付时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["商品名称"]),
            opt(Field::Shop, &["店铺名称", "店铺"]),
        ],
    },
    TableFormat {
        name: "ratings",
        xlsx_name: "ratings",
        kind: FileKind::Ratings,
        cols: &[
            req(Field::Agent, &["客服子账号", "客服", "客服账号", "客服昵称", "agent"]),
            req(Field::Buyer, &["顾客名称", "买家", "顾客", "买家昵称", "买家会员名", "buyer"]),
            req(Field::Time, &["评价时间", "rating_time", "time"]),
            req(Field::Result, &["评价结果", "评价", "result", "score"]),
            opt(Field::Shop, &["店铺", "店铺名称", "shop"]),
        ],
    },
];

/// Normalise a header cell.
pub fn norm_header(h: &str) -> String {
    let mut s =
        h.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '"' || c == '\u{FEFF}' || c == '\'');
    s = s.strip_prefix('=').unwrap_or(s).trim_matches('"').trim();
    let mut out = s.to_ascii_lowercase();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if out.ends_with(close) {
            if let Some(p) = out.rfind(open) {
                if p > 0 {
                    out.truncate(p);
                    out = out.trim_end().to_string();
                }
            }
        }
    }
    out
}

/// Result of matching a header row against one format.
pub struct HeaderMatch {
    pub format: &'static TableFormat,
    /// Column index of each `format.cols` entry.
    pub cols: Vec<Option<usize>>,
    pub matched: usize,
    pub required_missing: Vec<Field>,
    /// Set when the header matched a column mapping (spec §10.1).
    pub mapped: Option<Box<super::mapped::MappedSpec>>,
}

impl HeaderMatch {
    pub fn col(&self, f: Field) -> Option<usize> {
        self.format.cols.iter().position(|c| c.field == f).and_then(|i| self.cols[i])
    }
    pub fn complete(&self) -> bool {
        self.required_missing.is_empty()
    }
}

pub fn match_header(format: &'static TableFormat, headers: &[String]) -> HeaderMatch {
    let mut used = vec![false; headers.len()];
    let mut cols = Vec::with_capacity(format.cols.len());
    let mut matched = 0;
    let mut missing = Vec::new();
    for c in format.cols {
        let mut found = None;
        'alias: for a in c.aliases {
            for (i, h) in headers.iter().enumerate() {
                if !used[i] && h == a {
                    found = Some(i);
                    break 'alias;
                }
            }
        }
        // A paid/created time may share its column with the other one
        // (Pinduoduo exports without 订单成交时间 use 支付时间 for both).
        if found.is_none() && matches!(c.field, Field::Paid | Field::Created) {
            found = c.aliases.iter().find_map(|a| headers.iter().position(|h| h == a));
        }
        if let Some(i) = found {
            used[i] = true;
            matched += 1;
        } else if c.required {
            missing.push(c.field);
        }
        cols.push(found);
    }
    HeaderMatch { format, cols, matched, required_missing: missing, mapped: None }
}

/// Best complete match among the formats allowed by `kind`, else the closest
/// partial match (for the error message) when at least two required columns
/// of some format were found.
pub fn best_match(headers: &[String], kind: Option<FileKind>) -> (Option<HeaderMatch>, Option<HeaderMatch>) {
    let mut best: Option<HeaderMatch> = None;
    let mut partial: Option<HeaderMatch> = None;
    for f in FORMATS {
        if let Some(k) = kind {
            if f.kind != k {
                continue;
            }
        }
        let m = match_header(f, headers);
        if m.complete() {
            if best.as_ref().is_none_or(|b| m.matched > b.matched) {
                best = Some(m);
            }
        } else {
            let req_total = f.cols.iter().filter(|c| c.required).count();
            let req_found = req_total - m.required_missing.len();
            if req_found >= 2
                && partial.as_ref().is_none_or(|p| {
                    let pt = p.format.cols.iter().filter(|c| c.required).count();
                    // higher fraction of required columns found wins
                    req_found * pt > (pt - p.required_missing.len()) * req_total
                })
            {
                partial = Some(m);
            }
        }
    }
    (best, partial)
}

/// Human-readable list of what the table formats expect.
pub fn expected_summary(kind: Option<FileKind>) -> (String, String) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for f in FORMATS {
        if kind.is_some_and(|k| k != f.kind) {
            continue;
        }
        let req: Vec<&str> = f.cols.iter().filter(|c| c.required).map(|c| c.aliases[0]).collect();
        zh.push(format!("{}（{}）", f.name, req.join("、")));
        en.push(format!("{} ({})", f.name, req.join(", ")));
    }
    if kind.is_none() || kind == Some(FileKind::Chats) {
        zh.push("chat-inline（昵称(2024-06-01 09:00:00):消息）".into());
        zh.push("chat-qianniu（昵称 2024-6-1 9:00:00 换行 消息）".into());
        en.push("chat-inline (NICK(2024-06-01 09:00:00):message)".into());
        en.push("chat-qianniu (NICK 2024-6-1 9:00:00, message on the next lines)".into());
    }
    (zh.join("；"), en.join("; "))
}
