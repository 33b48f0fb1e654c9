use crate::support::import::*;
use kefu_lens::model::{FileKind, Order};

/// Taobao 订单报表 as exported: GB18030, every field quoted, `="…"` ids,
/// header names with trailing spaces, `元` suffixes, `'` before phones.
fn taobao_csv() -> String {
    let header = [
        "订单编号",
        "买家会员名",
        "买家支付宝账号",
        "买家应付货款",
        "买家应付邮费",
        "总金额",
        "买家实际支付金额",
        "订单状态",
        "买家留言",
        "收货人姓名",
        "收货地址 ",
        "联系手机",
        "订单创建时间",
        "订单付款时间 ",
        "宝贝标题 ",
        "宝贝种类",
        "物流单号",
        "店铺名称",
    ];
    let mut s: String = header.iter().map(|h| format!("\"{h} \"")).collect::<Vec<_>>().join(",");
    s.push_str("\r\n");
    let rows = [
        [
            "=\"\"3512345678901234567\"\"",
            "tb_wang",
            "wang**@163.com",
            "199.00元",
            "0.00元",
            "199.00元",
            "188.50元",
            "交易成功",
            "",
            "王**",
            "浙江省 杭州市 西湖区 ***",
            "'13800000000",
            "2024-06-01 10:15:30",
            "2024-06-01 10:16:02",
            "夏季新款连衣裙 M码",
            "1",
            "=\"\"YT123\"\"",
            "某某旗舰店",
        ],
        [
            "=\"\"3512345678901234568\"\"",
            "小李2024",
            "",
            "19.99元",
            "0.00元",
            "19.99元",
            "19.99元",
            "交易成功",
            "请发顺丰",
            "李**",
            "北京 北京市 ***",
            "'13900000000",
            "2024-06-01 11:00:00",
            "2024-06-01 11:05:00",
            "T恤 白色",
            "1",
            "",
            "某某旗舰店",
        ],
        [
            "=\"\"3512345678901234569\"\"",
            "tb_zhao",
            "",
            "59.00元",
            "0.00元",
            "59.00元",
            "0.00元",
            "等待买家付款",
            "",
            "赵**",
            "上海 上海市 ***",
            "'13700000000",
            "2024-06-01 12:00:00",
            "",
            "帽子",
            "1",
            "",
            "某某旗舰店",
        ],
    ];
    for r in rows {
        s.push_str(&r.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(","));
        s.push_str("\r\n");
    }
    s
}

fn ids(o: &[Order]) -> Vec<&str> {
    o.iter().map(|o| o.id.as_str()).collect()
}

#[test]
fn taobao_orders_gb18030() {
    let (ds, rep) = import("ExportOrderList202406.csv", gb18030(&taobao_csv()));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str(), rep.encoding.as_str()), (FileKind::Orders, "taobao-orders", "GB18030"));
    assert_eq!((rep.read, rep.imported, rep.skipped), (3, 3, 0));
    assert_eq!(ids(&ds.orders), ["3512345678901234567", "3512345678901234568", "3512345678901234569"]);
    let o = &ds.orders[0];
    assert_eq!(ds.nicks.name(o.buyer), "tb_wang");
    assert_eq!(ds.shops.name(o.shop), "某某旗舰店");
    assert_eq!(o.created, ts(2024, 6, 1, 10, 15, 30));
    assert_eq!(o.paid, Some(ts(2024, 6, 1, 10, 16, 2)));
    assert_eq!(o.amount_fen, 18_850);
    assert_eq!((o.status.as_str(), o.title.as_str()), ("交易成功", "夏季新款连衣裙 M码"));
    assert_eq!(o.line, 2);
    assert_eq!(ds.orders[1].amount_fen, 1999, "19.99 must be exact");
    assert_eq!(ds.nicks.name(ds.orders[1].buyer), "小李2024");
    assert_eq!(ds.orders[2].paid, None, "empty paid time = unpaid");
    assert_eq!(ds.orders[2].amount_fen, 0);
    assert_eq!(ds.orders[2].status, "等待买家付款");
}

#[test]
fn taobao_orders_plain_equals_ids_and_short_amount_name() {
    let s = "订单编号,买家会员名,买家实付金额,订单状态,订单创建时间,订单付款时间,宝贝标题\n\
=\"100\",a,12.3元,交易成功,2024/6/1 9:00,2024/6/1 9:01,x\n\
=\"101\",b,abc,交易成功,2024/6/1 9:00,2024/6/1 9:01,x\n\
=\"102\",c,1.5,交易成功,2024/6/1 9:00,2024/6/31 9:01,x\n";
    let (ds, rep) = import("orders.csv", s.as_bytes().to_vec());
    assert_eq!(rep.format, "taobao-orders");
    assert_eq!((rep.read, rep.imported, rep.skipped), (3, 1, 2));
    assert_eq!(ids(&ds.orders), ["100"]);
    assert_eq!(ds.orders[0].amount_fen, 1230);
    assert_eq!(ds.orders[0].created, ts(2024, 6, 1, 9, 0, 0));
    assert_eq!(rep.problems[0].line, 3);
    assert_eq!(rep.problems[0].message_zh, "金额无法识别 'abc'");
    assert_eq!(rep.problems[1].line, 4);
    assert_eq!(rep.problems[1].message_zh, "时间格式无法识别 '2024/6/31 9:01'");
}

#[test]
fn taobao_orders_xlsx() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let dt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, h) in ["订单编号", "买家会员名", "订单创建时间", "订单付款时间", "买家实付金额", "订单状态", "宝贝标题"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "3512345678901234567").unwrap();
    ws.write_string(1, 1, "tb_wang").unwrap();
    ws.write_string(1, 2, "2024-06-01 10:15:30").unwrap();
    ws.write_number_with_format(1, 3, 45444.5, &dt).unwrap();
    ws.write_number(1, 4, 188.5).unwrap();
    ws.write_string(1, 5, "交易成功").unwrap();
    ws.write_string(1, 6, "连衣裙").unwrap();
    ws.write_string(2, 0, "3512345678901234568").unwrap();
    ws.write_string(2, 1, "tb_li").unwrap();
    ws.write_string(2, 2, "2024-06-01 11:00:00").unwrap();
    ws.write_number(2, 4, 19.99).unwrap();
    ws.write_string(2, 5, "等待买家付款").unwrap();
    let (ds, rep) = import("orders.xlsx", wb.save_to_buffer().unwrap());
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("taobao-orders-xlsx", "xlsx"));
    assert_eq!(ids(&ds.orders), ["3512345678901234567", "3512345678901234568"]);
    assert_eq!(ds.orders[0].paid, Some(ts(2024, 6, 1, 12, 0, 0)));
    assert_eq!(ds.orders[0].amount_fen, 18_850);
    assert_eq!(ds.orders[1].amount_fen, 1999);
    assert_eq!(ds.orders[1].paid, None);
    assert_eq!(ds.orders[1].line, 3);
}

#[test]
fn pdd_orders() {
    let (ds, rep) = import("pdd.csv", fixture("pdd_orders.csv"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Orders, "pdd-orders"));
    assert_eq!(ids(&ds.orders), ["240601-123456789012345", "240601-123456789012346"]);
    let o = &ds.orders[1];
    assert_eq!(o.amount_fen, 11_980);
    assert_eq!(o.created, ts(2024, 6, 1, 11, 30, 5));
    assert_eq!(o.paid, Some(ts(2024, 6, 1, 11, 30, 0)));
    // 收货人 is the recipient's (masked) real name, never the buyer.
    assert!(o.buyer.is_none());
    assert_eq!(rep.orders_without_buyer, 2);
    assert_eq!((o.status.as_str(), o.title.as_str()), ("已发货，待签收", "儿童保温杯 316不锈钢"));
}

#[test]
fn douyin_orders() {
    let (ds, rep) = import("dy.csv", fixture("douyin_orders.csv"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!(rep.format, "douyin-orders");
    assert_eq!(ids(&ds.orders), ["6920000000000000001", "6920000000000000003"]);
    assert_eq!(ds.nicks.name(ds.orders[0].buyer), "抖音用户甲");
    assert_eq!(ds.orders[0].created, ts(2024, 6, 2, 20, 0, 30));
    assert_eq!(ds.orders[0].paid, Some(ts(2024, 6, 2, 20, 1, 2)));
    assert_eq!(ds.orders[0].amount_fen, 8900);
    assert_eq!(ds.orders[1].paid, None);
    assert_eq!(ds.orders[1].title, "防晒霜 50ml");
}

#[test]
fn jd_orders() {
    let (ds, rep) = import("jd.csv", fixture("jd_orders.csv"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!(rep.format, "jd-orders");
    assert_eq!(ids(&ds.orders), ["280000000001", "280000000002"]);
    assert_eq!(ds.nicks.name(ds.orders[0].buyer), "jd_user_a");
    assert_eq!(ds.orders[0].amount_fen, 17_900);
    assert_eq!(ds.orders[0].paid, Some(ts(2024, 6, 3, 9, 10, 40)));
    assert_eq!(ds.orders[1].paid, None);
    assert_eq!(ds.orders[1].status, "等待付款");
}

#[test]
fn ratings() {
    let (ds, rep) = import("评价.csv", fixture("ratings.csv"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Ratings, "ratings"));
    assert_eq!((rep.read, rep.imported, rep.skipped), (7, 6, 1));
    let scores: Vec<u8> = ds.ratings.iter().map(|r| r.score).collect();
    assert_eq!(scores, [5, 4, 3, 2, 1, 4]);
    assert_eq!(ds.nicks.name(ds.ratings[2].agent), "某某旗舰店:02");
    assert_eq!(ds.nicks.name(ds.ratings[2].buyer), "买家小张");
    assert_eq!(ds.shops.name(ds.ratings[2].shop), "某某旗舰店");
    assert_eq!(ds.ratings[0].ts, ts(2024, 6, 1, 10, 0, 0));
    assert_eq!(rep.problems[0].line, 8);
    assert!(rep.problems[0].message_zh.contains("超级满意"));
    // Alternative column names and a UTF-8 BOM.
    let s = "\u{feff}客服,买家,评价时间,评价结果\n店:1,甲,2024-06-01 10:00:00,非常满意\n店:1,乙,2024-06-01 10:00:00,很不满意\n";
    let (ds, rep) = import("r.csv", s.as_bytes().to_vec());
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("ratings", "UTF-8 BOM"));
    assert_eq!(ds.ratings.iter().map(|r| r.score).collect::<Vec<_>>(), [5, 1]);
}

#[test]
fn pdd_orders_without_deal_time_use_pay_time_for_both() {
    let s =
        "商品,订单号,订单状态,用户实付金额(元),收货人,支付时间\n杯子,240601-1,待发货,9.90,张**,2024-06-01 10:00:01\n";
    let (ds, rep) = import("pdd.csv", s.as_bytes().to_vec());
    assert_eq!(rep.format, "pdd-orders");
    assert_eq!(ds.orders[0].created, ts(2024, 6, 1, 10, 0, 1));
    assert_eq!(ds.orders[0].paid, Some(ts(2024, 6, 1, 10, 0, 1)));
    assert_eq!(ds.orders[0].amount_fen, 990);
}
