//! Real order shapes (PROVENANCE.md "Formats seen", written here from the
//! quoted headers and quirks): per-item rows become one order, orders
//! without a buyer import and are linked through their number in chats,
//! files that are not inputs are refused with what they are.

use crate::support::import::*;
use kefu_lens::engine::{Dim, Engine, Filter, Query};
use kefu_lens::import::import_bytes;
use kefu_lens::model::{Dataset, FileKind, FileReport};
use kefu_lens::settings::Settings;

fn csv(header: &str, rows: &[Vec<&str>]) -> String {
    let mut s = String::from(header);
    s.push('\n');
    for r in rows {
        s.push_str(&r.join(","));
        s.push('\n');
    }
    s
}

const PDD_HEADER: &str = "订单成交时间,商品,订单号,订单状态,商品总价(元),邮费(元),店铺优惠折扣(元),平台优惠折扣(元),多多支付立减金额(元),用户实付金额(元),商家实收金额(元),商品数量(件),发货时间,确认收货时间,商品id,商品规格,样式ID,商家编码-规格维度,商家编码-商品维度,商家备注,售后状态,快递单号,快递公司";

/// Pinduoduo's 23-column export: no buyer, no 支付时间 column.
fn pdd() -> String {
    let row = |deal: &'static str, id: &'static str, status: &'static str, paid: &'static str| {
        let mut r = vec![deal, "儿童保温杯", id, status, "59.90", "0.00", "5.00", "0.00", "0.00", paid, "54.90", "1"];
        r.extend(["", "", "123456", "蓝色", "", "", "", "", "无售后或售后取消", "YT0001", "圆通快递"]);
        assert_eq!(r.len(), 23);
        r
    };
    csv(
        PDD_HEADER,
        &[
            row("2024-06-01 10:03:00", "240601-123456789012345", "已发货，待签收", "54.90"),
            row("2024-06-01 11:30:00", "240601-123456789012346", "待发货", "119.80"),
            row("", "240602-123456789012347", "已签收", "59.90"),
        ],
    )
}

const DOUYIN_HEADER: &str = "主订单编号,子订单编号,选购商品,商品规格,商品数量,商家编码,订单应付金额,运费,收件人,收件人手机号,详细地址,订单提交时间,商家备注,订单完成时间,订单状态,售后状态,取消原因,发货时间,平台实际承担优惠金额,商家实际承担优惠金额,达人实际承担优惠金额";

/// Douyin: UTF-8 BOM, ids as `"\t…"`, placeholders, `-` for empty times;
/// one row per sub-order, 订单应付金额 per sub-order.
fn douyin() -> Vec<u8> {
    let row = |main: &str, sub: &str, title: &str, amount: &str, created: &str, status: &str, cancel: &str| {
        format!(
            "\"\t{main}\",\"\t{sub}\",{title},默认,1,SKU1,{amount},0.00,##密文,$$密文,##密文,{created},,-,{status},-,{cancel},-,0,0,0\n"
        )
    };
    let mut s = String::from("\u{feff}");
    s.push_str(DOUYIN_HEADER);
    s.push('\n');
    s +=
        &row("6917926768823643751", "6917926768823643752", "防晒霜 50ml", "89.00", "2024-06-01 11:10:00", "已完成", "");
    s += &row("6917926768823643751", "6917926768823643753", "卸妆水", "45.50", "2024-06-01 11:10:00", "已完成", "");
    // The same sub-order again (a repeated line): its amount is not added twice.
    s +=
        &row("6917926768823643751", "6917926768823643752", "防晒霜 50ml", "89.00", "2024-06-01 11:10:00", "已完成", "");
    s += &row(
        "6917926768823643760",
        "6917926768823643761",
        "防晒霜 50ml",
        "178.00",
        "2024-06-01 12:00:00",
        "已取消",
        "超时未支付",
    );
    s.into_bytes()
}

#[test]
fn pinduoduo_23_columns_without_buyer() {
    let (ds, rep) = import("拼多多订单.csv", pdd().into_bytes());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Orders, "pdd-orders"));
    // The third row has a blank 订单成交时间 and no other time: skipped, counted.
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (3, 2, 1, 0));
    assert_eq!(rep.problems[0].line, 4);
    assert!(rep.problems[0].message_zh.contains("没有下单时间"));
    assert_eq!(rep.orders_without_buyer, 2);
    let o = &ds.orders[0];
    assert_eq!(o.id, "240601-123456789012345");
    assert!(o.buyer.is_none());
    // 订单成交时间 is both the order time and the payment (成交 = paid).
    assert_eq!((o.created, o.paid), (ts(2024, 6, 1, 10, 3, 0), Some(ts(2024, 6, 1, 10, 3, 0))));
    assert_eq!(o.amount_fen, 5490, "用户实付金额, not 商家实收金额");
    assert_eq!(ds.orders[1].amount_fen, 11_980);
}

#[test]
fn douyin_sub_orders_sum_into_the_main_order() {
    let (ds, rep) = import("1791430000_订单.csv", douyin());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("douyin-orders", "UTF-8 BOM"));
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (4, 2, 0, 2));
    assert_eq!(rep.orders_without_buyer, 2, "收件人 ##密文 is a placeholder, not a buyer");
    let o = &ds.orders[0];
    assert_eq!(o.id, "6917926768823643751", "keyed by 主订单编号, tab removed");
    assert!(o.buyer.is_none());
    assert_eq!(o.amount_fen, 8900 + 4550);
    assert_eq!(o.created, ts(2024, 6, 1, 11, 10, 0));
    assert_eq!(o.paid, Some(ts(2024, 6, 1, 11, 10, 0)), "no paid column: paid at submission unless cancelled");
    assert_eq!(o.title, "防晒霜 50ml；卸妆水");
    let c = &ds.orders[1];
    assert_eq!((c.amount_fen, c.paid), (17_800, None), "已取消 → unpaid");
}

#[test]
fn jd_one_row_per_sku_counts_the_order_amount_once() {
    // The short JD export (订单金额 repeated on each SKU row, 客户姓名 = recipient).
    let s = csv(
        "订单号,商品ID,商品名称,订购数量,下单时间,订单金额,客户姓名,客户地址,联系电话,京东价",
        &[
            vec![
                "300000000001",
                "100001",
                "电动牙刷",
                "1",
                "2024-06-03 09:10:11",
                "299.00",
                "赵**",
                "北京市***",
                "1******6198",
                "199.00",
            ],
            vec![
                "300000000001",
                "100002",
                "牙刷头",
                "2",
                "2024-06-03 09:10:11",
                "299.00",
                "赵**",
                "北京市***",
                "1******6198",
                "50.00",
            ],
            vec![
                "300000000002",
                "100001",
                "电动牙刷",
                "1",
                "2024-06-03 10:00:00",
                "199.00",
                "钱**",
                "上海市***",
                "1******6199",
                "199.00",
            ],
        ],
    );
    let (ds, rep) = import("京东订单.csv", s.into_bytes());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!(rep.format, "jd-orders");
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.merged), (3, 2, 0, 1));
    assert_eq!(ds.orders.iter().map(|o| o.amount_fen).collect::<Vec<_>>(), [29_900, 19_900]);
    assert!(ds.orders.iter().all(|o| o.buyer.is_none()), "客户姓名 is a recipient's name, never the buyer");
    assert_eq!(ds.orders[0].title, "电动牙刷；牙刷头");
    // The fuller export: buyer = 下单帐号; 等待付款 rows fill in the payment later.
    let s = csv(
        "订单号,商品ID,商品名称,订购数量,支付方式,下单时间,京东价,订单金额,结算金额,余额支付,应付金额,订单状态,订单类型,下单帐号,客户姓名,付款确认时间",
        &[
            vec!["280000000003", "1", "牙刷", "1", "在线支付", "2024-06-03 09:10:11", "199.00", "249.00", "239.00", "0.00", "229.00", "等待付款", "SOP", "jd_user_c", "孙**", ""],
            vec!["280000000003", "2", "牙膏", "1", "在线支付", "2024-06-03 09:10:11", "50.00", "249.00", "239.00", "0.00", "229.00", "等待出库", "SOP", "jd_user_c", "孙**", "2024-06-03 09:12:00"],
        ],
    );
    let (ds, rep) = import("jd2.csv", s.into_bytes());
    assert_eq!((rep.imported, rep.merged), (1, 1));
    let o = &ds.orders[0];
    assert_eq!(ds.nicks.name(o.buyer), "jd_user_c");
    assert_eq!((o.amount_fen, o.paid), (22_900, Some(ts(2024, 6, 3, 9, 12, 0))));
}

fn fatal_of(name: &str, bytes: Vec<u8>, kind: Option<FileKind>) -> (String, String) {
    let mut ds = Dataset::default();
    let rep: FileReport = import_bytes(&mut ds, name, bytes, kind);
    assert!(ds.orders.is_empty() && ds.messages.is_empty() && ds.ratings.is_empty());
    let f = rep.fatal.clone().unwrap_or_else(|| panic!("{name} should be refused: {rep:?}"));
    (f.message_zh, f.message_en)
}

#[test]
fn taobao_item_detail_list_is_recognised() {
    let s = "\"订单编号\",\"标题\",\"价格\",\"购买数量\",\"外部系统编号\",\"商品属性\",\"套餐信息\",\"备注\",\"订单状态\",\"商家编码\"\r\n\
             =\"35153131473293579\",\"夏季新款连衣裙\",\"199.00\",\"1\",\"\",\"颜色分类：红色;尺码：M\",\"\",\"\",\"买家已付款，等待卖家发货\",\"\",\r\n";
    for kind in [None, Some(FileKind::Orders)] {
        let (zh, en) = fatal_of("ExportOrderDetailList201707.csv", gb18030(s), kind);
        assert!(zh.contains("宝贝明细") && zh.contains("ExportOrderList"), "{zh}");
        assert!(en.contains("item detail list") && en.contains("ExportOrderList"), "{en}");
    }
}

#[test]
fn summaries_and_item_lists_are_recognised() {
    let cases: [(&str, String, &str, &str); 6] = [
        (
            "天猫_20240601_某店_生意参谋_业绩询单.csv",
            "日期,询单人数,当日询单人数,当日付款人数,当日付款金额,最终付款人数,最终付款金额,询单当日付款转化率,询单最终付款转化率\n2024-06-01,120,100,30,\"3,000.00\",40,\"4,000.00\",30.00%,40.00%\n".into(),
            "业绩询单",
            "生意参谋",
        ),
        (
            "咨询接待.csv",
            "日期,咨询人数,接待人数,未回复人数,有效接待人数,平均响应时长,3分钟人工响应率\n2024-06-01,200,190,10,180,25.3,95.00%\n".into(),
            "咨询接待",
            "生意参谋",
        ),
        (
            "客单价客服.csv",
            "日期,销售额,销售量,销售人数,客单价,客件数,件均价\n2024-06-01,\"12,000.00\",80,60,200.00,1.33,150.00\n".into(),
            "客单价客服",
            "生意参谋",
        ),
        (
            "接待评价.csv",
            ",,总,,,,,,,,,,,邀请,,,,,,,,,,,,自主\n日期,接待人数,发出,收到,很满意,满意,一般,不满,很不满,发送率,返回率,满意率,服务度\n2024-06-01,100,50,20,15,3,1,1,0,50%,40%,90%,4.8\n".into(),
            "接待评价",
            "生意参谋",
        ),
        (
            "客服数据汇总-日数据.csv",
            "日期,旺旺,接待人数,平均响应(秒),回复率,询单->最终付款成功率,上班天数,评价发送率,客户满意比,很满意,满意,一般,不满意,很不满意\n2024-06-01,店:01,80,20,99%,30%,1,50%,90%,10,5,1,0,0\n".into(),
            "按客服汇总",
            "per-agent summary",
        ),
        (
            "宝贝报表.csv",
            "宝贝标题,宝贝ID,价格,库存,总销量,上架时间\n夏季新款连衣裙,600000000001,199.00,120,35,2024-05-01 10:00:00\n".into(),
            "宝贝（商品）列表",
            "item (product) list",
        ),
    ];
    for (name, body, zh_part, both) in cases {
        for kind in [None, Some(FileKind::Orders), Some(FileKind::Chats)] {
            if kind.is_none() && name == "宝贝报表.csv" {
                // an item list is an input now (issue 14: tests/it/products.rs)
                continue;
            }
            let (zh, en) = fatal_of(name, body.clone().into_bytes(), kind);
            assert!(zh.contains(zh_part), "{name}: {zh}");
            assert!(zh.contains(both) || en.contains(both), "{name}: {zh} / {en}");
            assert!(zh.contains("订单报表") && zh.contains("聊天记录"), "says which export is needed: {zh}");
        }
    }
}

/// Orders without a buyer are linked to the buyer in whose chat their
/// number appears (buyer or staff message, whole token); the rest are
/// "not linked" and attributed to no inquiry.
#[test]
fn orders_without_buyer_link_through_their_number_in_chats() {
    let chats = "时间,客服,顾客,发送方,内容\n\
        2024-06-01 10:00:00,店:01,买家甲,顾客,在吗，这个有货吗\n\
        2024-06-01 10:00:30,店:01,买家甲,客服,有的亲\n\
        2024-06-01 10:05:00,店:01,买家甲,顾客,拍好了，订单号240601-123456789012345，麻烦尽快发货\n\
        2024-06-01 11:00:00,店:01,买家乙,顾客,能便宜点吗\n\
        2024-06-01 11:01:00,店:01,买家乙,客服,已经是最低价了\n\
        2024-06-01 11:20:00,店:01,买家乙,客服,您的订单 6917926768823643751 已备注\n\
        2024-06-01 12:00:00,店:02,买家丙,顾客,订单 240601-1234567890123461 什么时候发\n\
        2024-06-01 12:01:00,店:02,买家丙,客服,马上\n";
    let mut ds = Dataset::default();
    for (name, bytes) in
        [("chats.csv", chats.as_bytes().to_vec()), ("pdd.csv", pdd().into_bytes()), ("dy.csv", douyin())]
    {
        let r = import_bytes(&mut ds, name, bytes, None);
        assert!(r.fatal.is_none(), "{name}: {:?}", r.fatal);
    }
    assert_eq!(ds.orders.len(), 4);
    let e = Engine::prepare(&mut ds, &Settings::default());
    // 甲 pasted …345 (PDD); staff sent …751 (Douyin) to 乙; 丙's number has an
    // extra digit (not the whole token …346); …760 appears nowhere.
    let s = e.summary(&ds);
    assert_eq!((s.orders, s.orders_linked, s.orders_not_linked), (4, 2, 2));
    let total = e.report(&Query { rules: vec![], by: vec![], filter: Filter::default() });
    let m = &total.rows[0].metrics;
    // Inquiries: 甲, 乙, 丙 on 06-01. 甲's order (10:03, 54.90) follows its
    // first message (10:00); 乙's (11:10, 134.50 = two sub-orders) follows
    // 11:00; both are paid the same day.
    assert_eq!(m.inquiry_buyers, 3);
    assert_eq!(m.ordered_buyers, 2);
    assert_eq!((m.paid_buyers_same_day, m.paid_buyers_final), (2, 2));
    assert_eq!(m.inquiry_no_order, 1);
    assert_eq!(m.ordered_unpaid, 0);
    assert!((m.inquiry_conversion_same_day.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert!((m.sales_amount.unwrap() - 189.40).abs() < 1e-9, "{:?}", m.sales_amount);
    assert!((m.avg_order_value.unwrap() - 94.70).abs() < 1e-9);
    let by_agent = e.report(&Query { rules: vec![], by: vec![Dim::Agent], filter: Filter::default() });
    let get = |a: &str| by_agent.rows.iter().find(|r| r.key["agent"] == a).unwrap().metrics.clone();
    assert_eq!((get("店:01").ordered_buyers, get("店:02").ordered_buyers), (2, 0));
    assert_eq!(get("店:02").inquiry_no_order, 1);
}

/// Without chats the same orders are all "not linked"; a placeholder
/// buyer never becomes one buyer collecting every order.
#[test]
fn placeholder_buyers_are_not_buyers() {
    let s = "订单编号,买家会员名,订单创建时间,订单付款时间,买家实际支付金额\n\
             35000000000000001,##密文,2024-06-01 10:00:00,2024-06-01 10:01:00,10.00\n\
             35000000000000002,***,2024-06-01 11:00:00,,20.00\n\
             35000000000000003,t**8,2024-06-01 12:00:00,,30.00\n\
             35000000000000004,tb_real,2024-06-01 13:00:00,,40.00\n";
    let (mut ds, rep) = import("o.csv", s.as_bytes().to_vec());
    assert_eq!((rep.format.as_str(), rep.imported, rep.orders_without_buyer), ("taobao-orders", 4, 3));
    assert_eq!(ds.nicks.name(ds.orders[3].buyer), "tb_real");
    let e = Engine::prepare(&mut ds, &Settings::default());
    let s = e.summary(&ds);
    assert_eq!((s.orders_linked, s.orders_not_linked), (0, 3));
}

/// The e2e fixtures (tests/e2e/orders.test.mjs) give the numbers that test
/// expects, natively.
#[test]
fn e2e_order_fixtures_natively() {
    let mut ds = Dataset::default();
    let mut reps = Vec::new();
    for f in ["orders_link_chats.csv", "pdd_orders_23col.csv", "jd_orders_per_sku.csv"] {
        reps.push(import_bytes(&mut ds, f, fixture(f), None));
    }
    assert_eq!((reps[1].imported, reps[1].skipped, reps[1].problems[0].line), (2, 1, 4));
    assert_eq!((reps[2].format.as_str(), reps[2].read, reps[2].imported, reps[2].merged), ("jd-orders", 3, 2, 1));
    let e = Engine::prepare(&mut ds, &Settings::default());
    let s = e.summary(&ds);
    assert_eq!((s.orders, s.orders_linked, s.orders_not_linked), (4, 1, 3));
    let m = e.report(&Query { rules: vec![], by: vec![], filter: Filter::default() }).rows[0].metrics.clone();
    assert_eq!((m.inquiry_buyers, m.paid_buyers_final), (2, 1));
    assert!((m.sales_amount.unwrap() - 54.90).abs() < 1e-9);
    assert_eq!(m.inquiry_conversion_final, Some(0.5));
}

/// The 46-column Taobao ExportOrderList header of 2017 (PROVENANCE item 1),
/// with a row of the quoted shape (values made up): one order, buyer
/// 买家会员名, never 收货人姓名.
#[test]
fn taobao_2017_header_46_columns() {
    let header = "\"订单编号\",\"买家会员名\",\"买家支付宝账号\",\"买家应付货款\",\"买家应付邮费\",\"买家支付积分\",\"总金额\",\"返点积分\",\"买家实际支付金额\",\"买家实际支付积分\",\"订单状态\",\"买家留言\",\"收货人姓名\",\"收货地址 \",\"运送方式\",\"联系电话 \",\"联系手机\",\"订单创建时间\",\"订单付款时间 \",\"宝贝标题 \",\"宝贝种类 \",\"物流单号 \",\"物流公司\",\"订单备注\",\"宝贝总数量\",\"店铺Id\",\"店铺名称\",\"订单关闭原因\",\"卖家服务费\",\"买家服务费\",\"发票抬头\",\"是否手机订单\",\"分阶段订单信息\",\"特权订金订单id\",\"是否上传合同照片\",\"是否上传小票\",\"是否代付\",\"定金排名\",\"修改后的sku\",\"修改后的收货地址\",\"异常信息\",\"天猫卡券抵扣\",\"集分宝抵扣\",\"是否是O2O交易\",\"退款金额\",\"预约门店\"";
    assert_eq!(header.split(',').count(), 46);
    let mut row: Vec<String> = vec!["=\"35153131473293579\"".into(), "\"tb6125470\"".into()];
    row.extend(
        ["\"a***@163.com\"", "\"201.12\"", "\"0.00\"", "\"0\"", "\"201.12\"", "\"0\"", "\"201.12\"", "\"0\""]
            .map(String::from),
    );
    row.extend(
        [
            "\"买家已付款，等待卖家发货\"",
            "\"\"",
            "\"张某\"",
            "\"浙江省 杭州市 ***\"",
            "\"快递\"",
            "\"\"",
            "\"'139********\"",
        ]
        .map(String::from),
    );
    row.extend(
        [
            "\"2017-07-08 00:42:32\"",
            "\"2017-07-08 00:42:39\"",
            "\"连衣裙\"",
            "\"1\"",
            "\"\"",
            "\"\"",
            "\"\"",
            "\"1\"",
            "\"0\"",
            "\"某店\"",
        ]
        .map(String::from),
    );
    row.extend(["\"订单未关闭\"", "\"0\"", "\"0元\"", "\"\"", "\"手机订单\"", "\"\"", "=\"\""].map(String::from));
    while row.len() < 46 {
        row.push("\"\"".into());
    }
    let s = format!("{header}\r\n{}\r\n", row.join(","));
    let (ds, rep) = import("ExportOrderList201707.csv", gb18030(&s));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.format.as_str(), rep.imported), ("taobao-orders", 1));
    let o = &ds.orders[0];
    assert_eq!(o.id, "35153131473293579");
    assert_eq!(ds.nicks.name(o.buyer), "tb6125470");
    assert_eq!((o.created, o.paid, o.amount_fen), (ts(2017, 7, 8, 0, 42, 32), Some(ts(2017, 7, 8, 0, 42, 39)), 20_112));
    assert_eq!(ds.shops.name(o.shop), "某店");
}
