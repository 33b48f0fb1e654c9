use crate::support::import::*;
use kefu_lens::import::{import_bytes, resolve, text_nicks, Importer};
use kefu_lens::model::{Dataset, FileKind, Sender, NO_BLOCK};
use kefu_lens::settings::Settings;

const SHOP: &str = "某某旗舰店";
const A1: &str = "某某旗舰店:01";
const A2: &str = "某某旗舰店:02";
const B: &str = "买家小王";

/// The conversation every chat fixture holds (hand-written from the files).
fn expected() -> Vec<Row> {
    vec![
        r(ts(2024, 6, 1, 9, 0, 5), SHOP, A1, B, Sender::Buyer, "在吗？请问有M码吗"),
        r(ts(2024, 6, 1, 9, 0, 20), SHOP, A1, B, Sender::Agent, "[自动回复]您好，欢迎光临"),
        r(ts(2024, 6, 1, 9, 1, 10), SHOP, A1, B, Sender::Agent, "亲，有的"),
        r(ts(2024, 6, 1, 9, 2, 0), SHOP, A1, B, Sender::Buyer, "好的 那我拍了"),
        r(ts(2024, 6, 1, 9, 3, 0), SHOP, A1, B, Sender::System, "由 某某旗舰店:01 转交给 某某旗舰店:02"),
        r(ts(2024, 6, 1, 9, 4, 0), SHOP, A2, B, Sender::Agent, "亲，已为您备注"),
        r(ts(2024, 6, 1, 9, 5, 0), SHOP, A2, B, Sender::Buyer, "谢谢\n顺便问下发什么快递"),
    ]
}

#[test]
fn chat_table_csv() {
    let (ds, rep) = import("chats.csv", fixture("chat_table.csv"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str(), rep.encoding.as_str()), (FileKind::Chats, "chat-table", "UTF-8"));
    // 9 data rows; the `已读` row is read but dropped.
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.problem_count), (8, 7, 0, 0));
    assert_eq!(rows(&ds, &ds.messages), expected());
    assert!(ds.messages.iter().all(|m| m.block == NO_BLOCK));
    // header = line 1; the multi-line record starts on line 9
    let lines: Vec<u32> = ds.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 7, 8, 9]);
    // table rows are already resolved
    assert_eq!(rows(&ds, &resolve(&ds, &Settings::default())), expected());
    // text is a slice of the decoded source, not a copy
    assert_eq!(ds.messages[0].text.buf, 0);
    assert_eq!(ds.buffers[0].len(), fixture("chat_table.csv").len());
    check_texts(&ds);
}

#[test]
fn chat_inline() {
    let (ds, rep) = import("chats.txt", fixture("chat_inline.txt"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-inline"));
    assert_eq!((rep.read, rep.imported, rep.skipped), (8, 7, 0));
    let res = resolve(&ds, &Settings::default());
    assert_eq!(rows(&ds, &res), expected());
    // stored messages are unresolved
    assert!(ds.messages.iter().all(|m| m.agent.is_none() && m.buyer.is_none() && m.block == 0));
    assert_eq!(ds.blocks, 1);
    let lines: Vec<u32> = ds.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 7, 8, 9]);
    check_texts(&ds);
}

#[test]
fn chat_qianniu() {
    let (ds, rep) = import("qianniu.txt", fixture("chat_qianniu.txt"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.kind, rep.format.as_str()), (FileKind::Chats, "chat-qianniu"));
    // 7 headers + 3 status lines (`已读`, `已读`, `未读`): read, then dropped.
    assert_eq!((rep.read, rep.imported, rep.skipped), (10, 7, 0));
    assert_eq!(rows(&ds, &resolve(&ds, &Settings::default())), expected());
    let lines: Vec<u32> = ds.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [1, 4, 7, 10, 12, 14, 17]);
}

#[test]
fn three_formats_agree_also_with_crlf_and_other_encodings() {
    let want = expected();
    for name in ["chat_table.csv", "chat_inline.txt", "chat_qianniu.txt"] {
        let text = String::from_utf8(fixture(name)).unwrap();
        let crlf = text.replace('\n', "\r\n");
        let variants: Vec<(Vec<u8>, &str)> = vec![
            (text.clone().into_bytes(), "UTF-8"),
            (crlf.clone().into_bytes(), "UTF-8"),
            ([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(), "UTF-8 BOM"),
            (utf16(&crlf, true, true), "UTF-16LE"),
            (utf16(&text, false, true), "UTF-16BE"),
            (gb18030(&crlf), "GB18030"),
        ];
        for (bytes, enc) in variants {
            let (ds, rep) = import(name, bytes);
            assert!(rep.fatal.is_none(), "{name} {enc}: {:?}", rep.fatal);
            assert_eq!(rep.encoding, enc, "{name}");
            assert_eq!(rows(&ds, &resolve(&ds, &Settings::default())), want, "{name} {enc}");
            check_texts(&ds);
        }
    }
}

#[test]
fn seed_003_sample() {
    let text = "YYY客户(2010-06-0109:07:32):老板，在吗？请问10086666666的商品有中码不？\n\
XXX官方旗舰店:01(2010-06-0109:07:32):亲，有的。欲购速从，拍下来，今天就可以发货的哦。\n\
YYY客户(2010-06-0109:07:32):太好了，我马上下单。\n\
XXX官方旗舰店:01(2010-06-0109:07:32):亲，您下单付款了之后我们马上发货。您当前咨询的内容为1.1.1(此信息无需回复)\n";
    let (ds, rep) = import("seed.txt", text.as_bytes().to_vec());
    assert_eq!(rep.format, "chat-inline");
    let res = resolve(&ds, &Settings::default());
    assert_eq!(res.len(), 4);
    let t = ts(2010, 6, 1, 9, 7, 32);
    assert_eq!(
        row(&ds, &res[0]),
        r(
            t,
            "XXX官方旗舰店",
            "XXX官方旗舰店:01",
            "YYY客户",
            Sender::Buyer,
            "老板，在吗？请问10086666666的商品有中码不？"
        )
    );
    assert_eq!(row(&ds, &res[3]).5, "亲，您下单付款了之后我们马上发货。您当前咨询的内容为1.1.1(此信息无需回复)");
    assert_eq!(res[3].sender, Sender::Agent);
}

#[test]
fn table_aliases_any_order_english_tsv() {
    let (ds, rep) = import("x.tsv", fixture("chat_table_en.tsv"));
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!(rep.format, "chat-table");
    let got = rows(&ds, &ds.messages);
    assert_eq!(
        got,
        vec![
            r(ts(2024, 6, 2, 8, 5, 0), "某某旗舰店", "某某旗舰店:03", "tom", Sender::Buyer, "hello there"),
            r(ts(2024, 6, 2, 8, 5, 10), "某某旗舰店", "某某旗舰店:03", "tom", Sender::Auto, "[机器人]hi"),
            r(ts(2024, 6, 2, 8, 6, 0), "某某旗舰店", "某某旗舰店:03", "tom", Sender::Agent, "ok"),
        ]
    );
    assert_eq!(ds.nicks.name(ds.messages[0].speaker), "tom");
    assert_eq!(ds.nicks.name(ds.messages[1].speaker), "某某旗舰店:03");
}

#[test]
fn table_chinese_variants_and_excel_unicode_text() {
    // Excel "Unicode text": UTF-16LE with BOM, TAB-separated, CRLF.
    let text = "店铺名称\t消息内容\t发送方\t买家昵称\t客服账号\t发送时间\r\n\
店A\t你好\t顾客\t小明\t店A:1\t2024-06-03 10:00:00\r\n\
店A\t当前用户来自 手机淘宝\t客服\t小明\t店A:1\t2024-06-03 10:00:01\r\n\
店A\t在的\t客服\t小明\t店A:1\t2024-06-03 10:00:30\r\n";
    let (ds, rep) = import("unicode.txt", utf16(text, true, true));
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("chat-table", "UTF-16LE"));
    let got = rows(&ds, &ds.messages);
    assert_eq!(got[0], r(ts(2024, 6, 3, 10, 0, 0), "店A", "店A:1", "小明", Sender::Buyer, "你好"));
    // a platform notice is system whatever the sender column says
    assert_eq!(got[1].4, Sender::System);
    assert_eq!(got[2].4, Sender::Agent);
    // an empty agent cell → 未分配
    let (ds, rep) =
        import("c.csv", "时间,客服,顾客,发送方,聊天内容\n2024-06-03 10:00:00,,小明,顾客,在吗\n".as_bytes().to_vec());
    assert_eq!(rep.imported, 1);
    assert_eq!(ds.nicks.name(ds.messages[0].agent), "未分配");
    assert!(ds.messages[0].shop.is_none());
}

#[test]
fn table_quotes_and_escapes() {
    let text = "时间,客服,买家,发送方,内容\n\
\"2024-06-01 09:00:00\",\"店:1\",\"小明\",\"买家\",\"他说\"\"你好\"\"，对吧\"\n\
2024-06-01 09:00:01,店:1,小明,客服,\"a,b\"\n";
    let (ds, rep) = import("q.csv", text.as_bytes().to_vec());
    assert_eq!(rep.imported, 2);
    assert_eq!(ds.text(ds.messages[0].text), "他说\"你好\"，对吧");
    assert_eq!(ds.text(ds.messages[1].text), "a,b");
    // the escaped text lives in an arena, the plain one in the source buffer
    assert_ne!(ds.messages[0].text.buf, 0);
    assert_eq!(ds.messages[1].text.buf, 0);
}

#[test]
fn xlsx_chat_table() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let dt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, h) in ["客服", "买家", "时间", "发送方", "内容", "备注"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "店:1").unwrap();
    ws.write_string(1, 1, "小明").unwrap();
    ws.write_number_with_format(1, 2, 45444.375, &dt).unwrap(); // 2024-06-01 09:00
    ws.write_string(1, 3, "买家").unwrap();
    ws.write_string(1, 4, "在吗").unwrap();
    ws.write_string(2, 0, "店:1").unwrap();
    ws.write_string(2, 1, "小明").unwrap();
    ws.write_string(2, 2, "2024-06-01 09:00:30").unwrap();
    ws.write_string(2, 3, "客服").unwrap();
    ws.write_string(2, 4, "在的").unwrap();
    ws.write_string(3, 0, "店:1").unwrap();
    ws.write_string(3, 1, "小明").unwrap();
    ws.write_number(3, 2, 45444.5).unwrap(); // plain serial number, 12:00
    ws.write_string(3, 3, "客服").unwrap();
    ws.write_string(3, 4, "好").unwrap();
    ws.write_string(4, 0, "店:1").unwrap();
    ws.write_string(4, 1, "小明").unwrap();
    ws.write_string(4, 2, "2024-13-01 09:00:30").unwrap();
    ws.write_string(4, 3, "客服").unwrap();
    ws.write_string(4, 4, "bad").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let (ds, rep) = import("chats.xlsx", bytes);
    assert!(rep.fatal.is_none(), "{:?}", rep.fatal);
    assert_eq!((rep.format.as_str(), rep.encoding.as_str()), ("chat-table", "xlsx"));
    assert_eq!((rep.read, rep.imported, rep.skipped), (4, 3, 1));
    assert_eq!(rep.problems[0].line, 5);
    assert_eq!(rep.problems[0].message_zh, "时间格式无法识别 '2024-13-01 09:00:30'");
    let got = rows(&ds, &ds.messages);
    assert_eq!(got[0], r(ts(2024, 6, 1, 9, 0, 0), "店", "店:1", "小明", Sender::Buyer, "在吗"));
    assert_eq!(got[1].0, ts(2024, 6, 1, 9, 0, 30));
    assert_eq!(got[2].0, ts(2024, 6, 1, 12, 0, 0));
    assert_eq!(ds.messages.iter().map(|m| m.line).collect::<Vec<_>>(), [2, 3, 4]);
}

#[test]
fn bad_rows_reported_with_line_numbers_good_rows_kept() {
    let text = "时间,客服,买家,发送方,内容\n\
2024-06-01 09:00:00,店:1,小明,买家,a\n\
2024-13-01,店:1,小明,买家,b\n\
2024-06-01 09:00:02,店:1,小明,路人,c\n\
2024-06-01 09:00:03,店:1,,买家,d\n\
\n\
2024-06-01 09:00:04,店:1,小明,客服,e\n";
    let (ds, rep) = import("bad.csv", text.as_bytes().to_vec());
    assert_eq!((rep.read, rep.imported, rep.skipped, rep.problem_count), (5, 2, 3, 3));
    let p: Vec<(u64, &str)> = rep.problems.iter().map(|p| (p.line, p.message_zh.as_str())).collect();
    assert_eq!(p[0], (3, "时间格式无法识别 '2024-13-01'"));
    assert_eq!(p[1].0, 4);
    assert!(p[1].1.contains("路人"), "{}", p[1].1);
    assert_eq!(p[2], (5, "买家为空"));
    assert_eq!(rep.problems[0].message_en, "unrecognised time '2024-13-01'");
    assert_eq!(ds.messages.iter().map(|m| m.line).collect::<Vec<_>>(), [2, 7]);
}

#[test]
fn inline_bad_header_and_continuations() {
    let text = "买家甲(2024-06-01 10:00:00):第一行\n第二行\n\n第三行\n\
店:1(2024-13-01 10:00:01):坏时间\n这一行属于坏消息\n\
店:1(2024-06-01 10:00:02):好\n";
    let (ds, rep) = import("i.txt", text.as_bytes().to_vec());
    assert_eq!(rep.format, "chat-inline");
    assert_eq!((rep.read, rep.imported, rep.skipped), (3, 2, 1));
    assert_eq!(rep.problems[0].line, 5);
    assert_eq!(rep.problems[0].message_zh, "时间格式无法识别 '2024-13-01 10:00:01'");
    assert_eq!(ds.text(ds.messages[0].text), "第一行\n第二行\n\n第三行");
    assert_eq!(ds.text(ds.messages[1].text), "好");
    assert_eq!(ds.messages[1].line, 7);
}

#[test]
fn blocks_from_separators_and_files() {
    let text = "----- 与 甲 的聊天记录 -----\n甲(2024-06-01 10:00:00):在吗\n店:1(2024-06-01 10:00:05):在\n\
----- 与 乙 的聊天记录 -----\n乙(2024-06-01 11:00:00):你好\n";
    let mut ds = Dataset::default();
    let r1 = import_bytes(&mut ds, "a.txt", text.as_bytes().to_vec(), None);
    let r2 = import_bytes(&mut ds, "b.txt", "丙(2024-06-01 12:00:00):hi\n".as_bytes().to_vec(), None);
    assert!(r1.fatal.is_none() && r2.fatal.is_none());
    let blocks: Vec<u32> = ds.messages.iter().map(|m| m.block).collect();
    assert_eq!(blocks, [0, 0, 1, 2]);
    assert_eq!(ds.blocks, 3);
    let files: Vec<u16> = ds.messages.iter().map(|m| m.file).collect();
    assert_eq!(files, [0, 0, 0, 1]);
    assert_eq!(ds.files.len(), 2);
    let res = resolve(&ds, &Settings::default());
    // 乙 never met 店:1 (other block) → 未分配
    assert_eq!(row(&ds, &res[2]).2, "未分配");
    assert_eq!(row(&ds, &res[0]).2, "店:1");
}

#[test]
fn text_nicks_lists_speakers() {
    let (ds, _) = import("chats.txt", fixture("chat_inline.txt"));
    let mut s = Settings::default();
    s.accounts.push(kefu_lens::settings::Account { nick: "买家小王".into(), ..Default::default() });
    let v = text_nicks(&ds, &s);
    let got: Vec<(&str, u64, bool)> = v.iter().map(|n| (n.nick.as_str(), n.messages, n.is_staff)).collect();
    assert_eq!(got, [("买家小王", 3, true), (A1, 2, true), (A2, 1, true)]);
    let v = text_nicks(&ds, &Settings::default());
    assert!(!v[0].is_staff);
}

#[test]
fn incremental_steps_match_whole_import() {
    let mut big = String::from("时间,客服,买家,发送方,内容\n");
    for i in 0..1000 {
        big.push_str(&format!(
            "2024-06-01 09:{:02}:{:02},店:{},买家{},买家,消息{}\n",
            i / 60 % 60,
            i % 60,
            i % 3,
            i % 7,
            i
        ));
    }
    let (whole, _) = import("a.csv", big.clone().into_bytes());
    let mut ds = Dataset::default();
    let mut imp = Importer::new("a.csv", big.clone().into_bytes(), None);
    assert_eq!(imp.report().format, "chat-table");
    let mut steps = 0;
    let mut last = 0;
    while !imp.step(&mut ds, 7) {
        steps += 1;
        let (done, total) = imp.progress();
        assert!(done >= last && done <= total);
        last = done;
    }
    assert_eq!(imp.progress().0, imp.progress().1);
    let rep = imp.finish(&mut ds);
    assert!(steps >= 1000 / 7 - 1);
    assert_eq!(rep.imported, 1000);
    assert_eq!(rows(&ds, &ds.messages), rows(&whole, &whole.messages));
    // same for a text format
    let text = String::from_utf8(fixture("chat_qianniu.txt")).unwrap().repeat(50);
    let (whole, _) = import("q.txt", text.clone().into_bytes());
    let mut ds = Dataset::default();
    let mut imp = Importer::new("q.txt", text.into_bytes(), None);
    while !imp.step(&mut ds, 1) {}
    imp.finish(&mut ds);
    let s = Settings::default();
    assert_eq!(rows(&ds, &resolve(&ds, &s)), rows(&whole, &resolve(&whole, &s)));
    assert_eq!(ds.messages.len(), 350);
}

#[test]
fn kind_override() {
    // A chat table forced to orders: no order format matches → fatal naming what's expected.
    let (_, rep) = import_kind("chats.csv", fixture("chat_table.csv"), FileKind::Orders);
    let f = rep.fatal.expect("fatal");
    assert!(f.message_zh.contains("taobao-orders"), "{}", f.message_zh);
    assert!(!f.message_zh.contains("chat-inline"));
    // forcing the right kind works
    let (_, rep) = import_kind("chats.csv", fixture("chat_table.csv"), FileKind::Chats);
    assert_eq!(rep.format, "chat-table");
}
