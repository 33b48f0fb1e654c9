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
    /// Douyin 子订单编号: rows of one 主订单编号 are its sub-orders.
    SubOrder,
    /// 宝贝ID / 商品ID: the item an order row or an item list row names
    /// (issue 14).
    ItemId,
    // ratings
    Result,
    // refunds (issue 14 item 2)
    /// 退款编号.
    RefundId,
    /// 买家退款金额 (refund exports); 退款金额 (order exports).
    RefundAmount,
    /// 退款的申请时间.
    Applied,
    /// 买家退款原因.
    Reason,
    /// 售后状态 of Douyin / Pinduoduo order exports (`退款成功`).
    AfterSale,
    /// A chat table's product column (JDDC `sku`, 商品ID, 商品链接 …): the
    /// product a message is about (issue 14).
    Product,
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
            Field::SubOrder => ("子订单编号", "sub-order id"),
            Field::ItemId => ("宝贝ID", "item id"),
            Field::Result => ("评价结果", "rating result"),
            Field::RefundId => ("退款编号", "refund id"),
            Field::RefundAmount => ("退款金额", "refund amount"),
            Field::Applied => ("退款的申请时间", "refund applied time"),
            Field::Reason => ("退款原因", "refund reason"),
            Field::AfterSale => ("售后状态", "after-sales status"),
            Field::Product => ("商品", "product"),
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

/// Item-id headers (宝贝ID, 商品ID, the open platform's `num_iid`), issue 14.
const ITEM_ID: &[&str] = &["宝贝id", "商品id", "宝贝编号id", "item_id", "itemid", "num_iid"];

/// A chat table's product column (issue 14): JDDC's `sku` (its readme:
/// SKU), merchants' 商品SKU / 商品ID / 宝贝ID / 商品链接 columns. A value is an
/// item id, an item link or a product's name (`engine/product.rs`).
const PRODUCT: &[&str] = &[
    "sku",
    "商品sku",
    "sku_id",
    "skuid",
    "商品id",
    "宝贝id",
    "item_id",
    "itemid",
    "num_iid",
    "商品链接",
    "宝贝链接",
    "product",
    "product_id",
];

/// Every table format, in detection priority order.
///
/// | format | kind | required columns (any alias) | optional |
/// |---|---|---|---|
/// | chat-table | chats | 时间, 客服, 买家/顾客, 发送方 (or a role flag: 是否客服发送/waiter_send/inbound), 内容 | 店铺, 商品 (sku/商品ID/商品链接 …) |
/// | taobao-orders | orders | 订单编号, 订单创建时间, 买家实际支付金额/买家实付金额 | 买家会员名, 订单付款时间, 订单状态, 宝贝标题, 店铺名称 |
/// | taobao-orders-no-id | orders | 买家会员名, 买家实际支付金额, 订单付款时间 | 订单创建时间, 订单状态, 宝贝标题, 店铺名称 |
/// | pdd-orders | orders | 订单号, 用户实付金额/商家实收金额, 订单成交时间/拼单成功时间/支付时间 | 支付时间, 买家昵称/用户昵称, 订单状态, 商品 |
/// | douyin-orders | orders | 主订单编号/子订单编号, 订单提交时间, 订单应付金额/实付金额 | 子订单编号, 支付完成时间, 买家昵称/用户昵称, 订单状态, 选购商品/商品名称 |
/// | jd-orders | orders | 订单号, 下单时间, 应付金额/订单金额 | 下单帐号/客户账号, 付款确认时间, 订单状态, 商品名称 |
///
/// Recipient columns (收货人, 收件人, 客户姓名) are never buyer columns: they
/// hold a real name or an encrypted placeholder, not the chat nickname.
/// | item-list | items | 宝贝ID/商品ID, 宝贝标题/商品标题/商品名称/标题 | |
/// | ratings | ratings | 客服子账号/客服, 顾客名称/买家, 评价时间, 评价结果 | 店铺 |
/// | taobao-refunds | refunds | 订单编号, 退款编号, 买家退款金额, 退款的申请时间 | 买家会员名称, 买家退款原因, 退款状态, 宝贝标题, 宝贝ID/商品ID, 店铺名称 |
///
/// Order exports may carry refund columns: Taobao 退款金额, Douyin and
/// Pinduoduo 售后状态 (`退款成功`).
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
                &[
                    "发送方",
                    "发送者",
                    "发送人",
                    "发言方",
                    "发言人",
                    "消息方向",
                    "sender",
                    "from",
                    "role",
                    "direction",
                    // Role columns whose header says what 1 means (see `RoleColumn`).
                    "是否客服发送",
                    "客服发送",
                    "waiter_send",
                    "inbound",
                    "is_inbound",
                ],
            ),
            req(Field::Text, &["内容", "消息内容", "聊天内容", "消息", "文本", "text", "content", "message", "msg"]),
            opt(Field::Shop, &["店铺", "店铺名", "店铺名称", "shop", "store", "shop_name"]),
            opt(Field::Product, PRODUCT),
        ],
    },
    // The 千牛 退款管理 export (售后 → 退款管理 → 批量导出). Its columns as
    // public code reads them: investargetIT/peidi-backend
    // `djangoapi/finance/models.py` (model `TmallRefund`, verbose names =
    // the export's headers: 订单编号, 退款编号, 支付宝交易号, 订单付款时间,
    // 商品编码, 退款完结时间, 买家实际支付金额, 宝贝标题, 买家退款金额,
    // 手工退款/系统退款, 是否需要退货, 退款的申请时间, 超时时间, 退款状态,
    // 货物状态, …, 买家退款原因, 买家退款说明, 部分退款/全部退款), and a
    // browser extension's comment listing all 42 columns in order (see
    // docs/metrics.md, 导入). It also has 订单付款时间 and 买家实际支付金额,
    // so it must come before `taobao-orders-no-id`, which those match.
    TableFormat {
        name: "taobao-refunds",
        xlsx_name: "taobao-refunds-xlsx",
        kind: FileKind::Refunds,
        cols: &[
            req(Field::OrderId, &["订单编号", "订单号"]),
            req(Field::RefundId, &["退款编号", "退款单号"]),
            req(Field::RefundAmount, &["买家退款金额", "退款金额"]),
            req(Field::Applied, &["退款的申请时间", "退款申请时间", "申请时间"]),
            opt(Field::Buyer, &["买家会员名称", "买家会员名", "买家昵称"]),
            opt(Field::Reason, &["买家退款原因", "退款原因"]),
            opt(Field::Status, &["退款状态"]),
            opt(Field::Title, &["宝贝标题", "商品标题", "商品名称"]),
            opt(Field::ItemId, ITEM_ID),
            opt(Field::Shop, &["店铺名称", "店铺"]),
        ],
    },
    TableFormat {
        name: "taobao-orders",
        xlsx_name: "taobao-orders-xlsx",
        kind: FileKind::Orders,
        cols: &[
            req(Field::OrderId, &["订单编号", "订单号"]),
            req(Field::Created, &["订单创建时间", "创建时间"]),
            req(Field::Amount, &["买家实际支付金额", "买家实付金额", "实付金额", "买家应付货款"]),
            opt(Field::Buyer, &["买家会员名", "买家昵称", "买家会员名称"]),
            opt(Field::Paid, &["订单付款时间", "付款时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["宝贝标题", "商品标题", "宝贝名称"]),
            opt(Field::ItemId, ITEM_ID),
            opt(Field::Shop, &["店铺名称", "店铺"]),
            opt(Field::RefundAmount, &["退款金额"]),
        ],
    },
    // A Taobao order table cut down without its 订单编号 column (re-saved
    // by hand): imported with a warning, repeats judged by the row's
    // (buyer, created, paid, amount, title).
    TableFormat {
        name: "taobao-orders-no-id",
        xlsx_name: "taobao-orders-no-id",
        kind: FileKind::Orders,
        cols: &[
            req(Field::Buyer, &["买家会员名", "买家昵称", "买家会员名称"]),
            req(Field::Amount, &["买家实际支付金额", "买家实付金额"]),
            req(Field::Paid, &["订单付款时间", "付款时间"]),
            opt(Field::Created, &["订单创建时间", "创建时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["宝贝标题", "商品标题", "宝贝名称"]),
            opt(Field::ItemId, ITEM_ID),
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
            opt(Field::Buyer, &["买家昵称", "用户昵称"]),
            // Without a 支付时间 column the deal time (成交 = paid) is the
            // paid time too (the column is shared, see `match_header`).
            opt(Field::Paid, &["支付时间", "订单成交时间", "拼单成功时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["商品", "商品名称"]),
            opt(Field::ItemId, ITEM_ID),
            opt(Field::Shop, &["店铺名称", "店铺"]),
            opt(Field::AfterSale, &["售后状态"]),
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
            opt(Field::SubOrder, &["子订单编号"]),
            opt(Field::Buyer, &["买家昵称", "用户昵称"]),
            opt(Field::Paid, &["支付完成时间", "支付时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["选购商品", "商品名称"]),
            opt(Field::ItemId, ITEM_ID),
            opt(Field::Shop, &["店铺名称", "店铺"]),
            opt(Field::AfterSale, &["售后状态"]),
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
            opt(Field::Buyer, &["下单帐号", "下单账号", "客户账号"]),
            opt(Field::Paid, &["付款确认时间", "支付时间"]),
            opt(Field::Status, &["订单状态"]),
            opt(Field::Title, &["商品名称"]),
            opt(Field::ItemId, ITEM_ID),
            opt(Field::Shop, &["店铺名称", "店铺"]),
        ],
    },
    // An item list (商品列表 / 宝贝列表 exported from 卖家中心 or a product
    // tool): item id and title, so chats' item links (ids) join orders
    // that carry only titles (issue 14). An order table with an item-id
    // column matches this too, but matches more fields as an order table.
    TableFormat {
        name: "item-list",
        xlsx_name: "item-list",
        kind: FileKind::Items,
        cols: &[
            req(Field::ItemId, ITEM_ID),
            req(Field::Title, &["宝贝标题", "商品标题", "宝贝名称", "商品名称", "标题", "title"]),
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

/// What the values of the sender column mean. Most exports write words
/// (顾客/客服/自动/系统); some write a flag whose header says what 1 means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleColumn {
    /// 顾客/买家/buyer, 客服/agent, 自动/auto, 系统/system.
    #[default]
    Words,
    /// `是否客服发送` / `waiter_send`: 1, true, 是 = sent by staff; 0, false, 否 = by the buyer.
    StaffFlag,
    /// `inbound`: 1, true, 是 = from the buyer; 0, false, 否 = from staff.
    InboundFlag,
}

impl RoleColumn {
    /// The meaning of a (normalised) sender header.
    pub fn of_header(h: &str) -> RoleColumn {
        match h {
            "是否客服发送" | "客服发送" | "waiter_send" => RoleColumn::StaffFlag,
            "inbound" | "is_inbound" => RoleColumn::InboundFlag,
            _ => RoleColumn::Words,
        }
    }
}

/// Result of matching a header row against one format.
pub struct HeaderMatch {
    pub format: &'static TableFormat,
    /// Column index of each `format.cols` entry.
    pub cols: Vec<Option<usize>>,
    /// How the sender column (if any) writes who sent a message.
    pub role: RoleColumn,
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
    let mut role = RoleColumn::Words;
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
            if c.field == Field::Sender {
                role = RoleColumn::of_header(&headers[i]);
            }
        } else if c.required {
            missing.push(c.field);
        }
        cols.push(found);
    }
    HeaderMatch { format, cols, matched, required_missing: missing, role, mapped: None }
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

/// Files merchants often load by mistake: tables that are not chats,
/// orders or ratings (an item list, the Taobao item detail list, 生意参谋
/// summary sheets, per-agent summaries). For a header row of one, what it
/// is and which export is needed instead, in (zh, en).
pub fn not_an_input(headers: &[String]) -> Option<(String, String)> {
    let has = |names: &[&str]| names.iter().any(|n| headers.iter().any(|h| h == n));
    let any_contains = |part: &str| headers.iter().any(|h| h.contains(part));
    const RAW: &str = "本应用需要逐条记录：聊天记录（千牛聊天记录导出）、订单报表（已卖出的宝贝 → 批量导出 → 订单列表）和接待评价明细。";
    const RAW_EN: &str = "Kefu Lens needs record-level exports: chat logs (Qianniu chat-record export), the order list (已卖出的宝贝 → 批量导出 → 订单列表) and the rating (接待评价) details.";
    // Taobao ExportOrderDetailList: one row per item of an order.
    if has(&["订单编号"])
        && has(&["标题"])
        && has(&["价格", "购买数量"])
        && !has(&["订单创建时间", "买家会员名", "买家实际支付金额"])
    {
        return Some((
            "这是淘宝订单的宝贝明细表（ExportOrderDetailList，每行是订单里的一件商品，没有买家、下单时间和实付金额），不是订单列表。请导入同一次导出的订单列表文件（ExportOrderList，含 订单编号、买家会员名、订单创建时间、订单付款时间、买家实际支付金额）。".into(),
            "this is the Taobao order item detail list (ExportOrderDetailList: one row per item of an order, with no buyer, created time or paid amount), not the order list. Load the order list file of the same export instead (ExportOrderList, with 订单编号, 买家会员名, 订单创建时间, 订单付款时间, 买家实际支付金额).".into(),
        ));
    }
    // 宝贝报表 / item list: one row per product, no orders.
    if has(&["宝贝id", "商品id", "宝贝编号"])
        && has(&["库存", "总库存", "宝贝库存", "价格", "宝贝价格"])
        && has(&["宝贝标题", "宝贝名称", "商品名称", "商品标题", "标题"])
        && !any_contains("订单")
    {
        return Some((
            format!("这是宝贝（商品）列表：每行一个商品（宝贝ID、价格、库存…），没有订单和买家。{RAW}"),
            format!("this is an item (product) list: one row per product (item id, price, stock…), no orders and no buyers. {RAW_EN}"),
        ));
    }
    let agent_col = has(&["旺旺", "旺旺昵称", "客服", "客服昵称", "客服子账号", "客服账号"]);
    let summary_cols = has(&[
        "平均响应",
        "平均响应时长",
        "回复率",
        "旺旺回复率",
        "3分钟人工响应率",
        "询单->最终付款成功率",
        "咨询人数",
        "有效接待人数",
        "客户满意比",
    ]);
    // Per-agent summaries (客服数据汇总, 咨询接待分析 per agent).
    if agent_col && has(&["接待人数"]) && summary_cols {
        return Some((
            format!("这是按客服汇总的报表（如“客服数据汇总”“咨询接待分析”：每行是一个客服的汇总数字），不是逐条记录，无法据此计算指标。{RAW}汇总数字可以用来核对本应用算出的结果。"),
            format!("this is a per-agent summary report (e.g. 客服数据汇总 / 咨询接待分析: one row of totals per agent), not records; metrics cannot be computed from it. {RAW_EN} Its totals are useful to check this app's results."),
        ));
    }
    // 生意参谋 客服 sheets: one row per day (row 0 header, row 1 the shop).
    let sheet = if has(&["询单人数"]) && has(&["当日付款人数", "最终付款人数", "当日询单人数"]) {
        Some("业绩询单")
    } else if has(&["咨询人数"]) && has(&["接待人数"]) && has(&["未回复人数", "平均响应时长", "咨询客服人次"])
    {
        Some("咨询接待")
    } else if has(&["销售额"]) && has(&["销售量", "销售人数"]) && has(&["客单价", "客件数"]) {
        Some("客单价客服")
    } else if (has(&["发送率"]) && has(&["返回率"]) && has(&["满意率"]))
        || (has(&["邀请"]) && has(&["自主"]) && has(&["总"]))
    {
        Some("接待评价")
    } else {
        None
    };
    sheet.map(|name| {
        (
            format!("这是生意参谋的客服汇总表（{name}）：每行是一天的汇总数字，不是逐条记录，无法据此计算指标。{RAW}生意参谋的数字可以用来核对本应用算出的结果。"),
            format!("this is a 生意参谋 customer-service summary sheet ({name}): one row of daily totals, not records; metrics cannot be computed from it. {RAW_EN} Its numbers are useful to check this app's results."),
        )
    })
}
