//! Demo generator: determinism, size, and that every file has the real
//! export shape.

use kefu_lens::demo::{self, DemoFile, DemoParams};
use kefu_lens::settings::{Role, Settings};
use std::collections::{HashMap, HashSet};

fn params(messages: u64, days: u32, seed: u64) -> DemoParams {
    DemoParams { seed, days, messages, start: "2024-06-01".into() }
}

fn file<'a>(files: &'a [DemoFile], name: &str) -> &'a [u8] {
    &files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("missing {name}")).bytes
}

struct Row {
    ts: String,
    shop: String,
    agent: String,
    buyer: String,
    sender: String,
    text: String,
}

fn chat_rows(bytes: &[u8]) -> Vec<Row> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "chat CSV has a UTF-8 BOM");
    let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[3..]);
    let head: Vec<String> = rd.headers().unwrap().iter().map(|s| s.to_string()).collect();
    assert_eq!(head, ["时间", "店铺", "客服", "顾客", "发送方", "内容"]);
    rd.records()
        .map(|r| {
            let r = r.expect("row parses");
            assert_eq!(r.len(), 6);
            Row {
                ts: r[0].to_string(),
                shop: r[1].to_string(),
                agent: r[2].to_string(),
                buyer: r[3].to_string(),
                sender: r[4].to_string(),
                text: r[5].to_string(),
            }
        })
        .collect()
}

/// Split one CSV line into raw (still quoted) fields.
fn raw_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut inq = false;
    for c in line.chars() {
        match c {
            '"' => {
                inq = !inq;
                cur.push(c);
            }
            ',' if !inq => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn same_seed_same_bytes_different_seed_differs() {
    let a = demo::generate_files(&params(3000, 5, 7));
    let b = demo::generate_files(&params(3000, 5, 7));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert!(x.bytes == y.bytes, "{} differs between runs", x.name);
    }
    let c = demo::generate_files(&params(3000, 5, 8));
    assert_ne!(file(&a, demo::CHAT_CSV), file(&c, demo::CHAT_CSV));
    assert_ne!(file(&a, "ExportOrderList202406.csv"), file(&c, "ExportOrderList202406.csv"));
    // chat_csv is the same file.
    assert_eq!(demo::chat_csv(&params(3000, 5, 7)), file(&a, demo::CHAT_CSV));
}

#[test]
fn message_count_near_request() {
    for (n, days) in [(500u64, 3u32), (5_000, 30), (40_000, 14), (120_000, 30)] {
        let bytes = demo::chat_csv(&params(n, days, 1));
        let rows = chat_rows(&bytes).len() as f64;
        let err = (rows - n as f64).abs() / n as f64;
        assert!(err <= 0.15, "asked {n} messages over {days} days, got {rows}");
    }
    let out = demo::generate(&params(10_000, 10, 3));
    assert_eq!(out.stats.messages as usize, chat_rows(file(&out.files, demo::CHAT_CSV)).len());
}

#[test]
fn chat_csv_shape_and_content() {
    let p = params(30_000, 10, 11);
    let files = demo::generate_files(&p);
    let rows = chat_rows(file(&files, demo::CHAT_CSV));
    let settings = demo::demo_settings(&p);
    let staff: HashSet<&str> = settings.accounts.iter().map(|a| a.nick.as_str()).collect();
    let ts_re = regex::Regex::new(r"^2024-06-(0[1-9]|10) \d\d:\d\d:\d\d$").unwrap();
    let code_re = regex::Regex::new(&settings.category_marker).unwrap();
    let (mut auto, mut codes, mut transfers, mut closing, mut multiline) = (0, 0, 0, 0, 0);
    let mut buyer_days: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut senders: HashSet<&str> = HashSet::new();
    for r in &rows {
        assert!(ts_re.is_match(&r.ts), "timestamp outside 2024-06-01..10: {}", r.ts);
        assert_eq!(r.shop, "透镜旗舰店");
        assert!(r.agent.contains(':') && staff.contains(r.agent.as_str()), "staff nick {}", r.agent);
        assert!(!r.buyer.contains(':') && !r.buyer.is_empty());
        assert!(["顾客", "客服", "自动", "系统"].contains(&r.sender.as_str()), "sender {}", r.sender);
        senders.insert(r.sender.as_str());
        match r.sender.as_str() {
            "自动" => {
                assert!(r.text.starts_with("[自动回复]"));
                auto += 1;
            }
            "系统" => {
                assert!(r.text.starts_with("由 透镜旗舰店:") && r.text.contains(" 转交给 透镜旗舰店:"), "{}", r.text);
                transfers += 1;
            }
            "客服" => {
                if let Some(c) = code_re.captures(&r.text) {
                    assert!(find_code(&settings, &c[1]), "pasted code {} is in the tree", &c[1]);
                    codes += 1;
                }
            }
            _ => {
                if settings.closing_words.contains(&r.text) {
                    closing += 1;
                }
            }
        }
        if r.text.contains('\n') {
            multiline += 1;
        }
        buyer_days.entry(r.buyer.as_str()).or_default().insert(&r.ts[..10]);
    }
    assert_eq!(senders.len(), 4);
    let n = rows.len();
    assert!(auto > n / 50, "auto replies: {auto}");
    assert!(codes > n / 30, "category codes: {codes}");
    assert!(transfers > 0, "transfers");
    assert!(closing > n / 40, "closing words: {closing}");
    assert!(multiline > 0, "multi-line messages");
    let returning = buyer_days.values().filter(|d| d.len() > 1).count();
    assert!(returning > 20, "buyers coming back on later days: {returning}");

    // Some agent replies that miss 3 minutes in work time, and most that don't.
    let (mut slow, mut fast) = (0, 0);
    for w in rows.windows(2) {
        if w[0].sender == "顾客" && w[1].sender == "客服" && w[0].buyer == w[1].buyer && &w[0].ts[11..13] >= "09" {
            let secs = |t: &str| -> i64 {
                let p: Vec<i64> = t[11..].split(':').map(|x| x.parse().unwrap()).collect();
                p[0] * 3600 + p[1] * 60 + p[2]
            };
            if secs(&w[1].ts) - secs(&w[0].ts) > 180 {
                slow += 1;
            } else {
                fast += 1;
            }
        }
    }
    assert!(slow > 0 && fast > 10 * slow, "slow {slow} fast {fast}");

    // Chats forgotten to be coded exist too: some buyer never sees a code.
    let coded: HashSet<(&str, &str)> =
        rows.iter().filter(|r| code_re.is_match(&r.text)).map(|r| (r.buyer.as_str(), &r.ts[..10])).collect();
    let all: HashSet<(&str, &str)> = rows.iter().map(|r| (r.buyer.as_str(), &r.ts[..10])).collect();
    assert!(
        coded.len() < all.len() * 95 / 100 && coded.len() > all.len() / 2,
        "coded {} of {}",
        coded.len(),
        all.len()
    );
}

fn find_code(s: &Settings, code: &str) -> bool {
    fn walk(n: &[kefu_lens::settings::CategoryNode], code: &str) -> bool {
        n.iter().any(|c| c.code == code || walk(&c.children, code))
    }
    walk(&s.categories, code)
}

#[test]
fn orders_are_gb18030_fully_quoted_taobao_export() {
    let p = params(20_000, 10, 5);
    let files = demo::generate_files(&p);
    let bytes = file(&files, "ExportOrderList202406.csv");
    assert!(std::str::from_utf8(bytes).is_err(), "not UTF-8: the export is GB18030");
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    assert!(!had_errors);
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines.len() > 100);
    let ncols = raw_fields(lines[0]).len();
    for l in &lines {
        let f = raw_fields(l);
        assert_eq!(f.len(), ncols, "{l}");
        for x in &f {
            assert!(x.len() >= 2 && x.starts_with('"') && x.ends_with('"'), "unquoted field {x:?} in {l}");
        }
    }
    let mut rd = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let head: Vec<String> = rd.headers().unwrap().iter().map(|s| s.to_string()).collect();
    assert_eq!(head[0], "订单编号 ", "header keeps its trailing space");
    let col = |name: &str| head.iter().position(|h| h.trim() == name).unwrap_or_else(|| panic!("column {name}"));
    let (id, buyer, created, paid, amount, status, phone, shop, title) = (
        col("订单编号"),
        col("买家会员名"),
        col("订单创建时间"),
        col("订单付款时间"),
        col("买家实际支付金额"),
        col("订单状态"),
        col("联系手机"),
        col("店铺名称"),
        col("宝贝标题"),
    );
    let id_re = regex::Regex::new(r#"^="37\d{17}"$"#).unwrap();
    let amt_re = regex::Regex::new(r"^\d+\.\d\d$").unwrap();
    let ts_re = regex::Regex::new(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$").unwrap();
    let (mut unpaid, mut same_day, mut next_day, mut ids) = (0, 0, 0, HashSet::new());
    let chat_buyers: HashSet<String> = chat_rows(file(&files, demo::CHAT_CSV)).into_iter().map(|r| r.buyer).collect();
    let mut with_chat = 0;
    for r in rd.records() {
        let r = r.unwrap();
        assert!(id_re.is_match(&r[id]), "order id {}", &r[id]);
        assert!(ids.insert(r[id].to_string()), "duplicate order id");
        assert!(ts_re.is_match(&r[created]));
        assert!(amt_re.is_match(&r[amount]), "amount {}", &r[amount]);
        assert!(r[phone].starts_with('\''));
        assert_eq!(&r[shop], "透镜旗舰店");
        assert!(r[title].starts_with("透镜"));
        if chat_buyers.contains(&r[buyer]) {
            with_chat += 1;
        }
        if r[paid].is_empty() {
            unpaid += 1;
            assert!(["等待买家付款", "交易关闭"].contains(&&r[status]), "{}", &r[status]);
            assert_eq!(&r[amount], "0.00");
        } else {
            assert!(ts_re.is_match(&r[paid]));
            assert!(r[paid] >= r[created]);
            let v: f64 = r[amount].parse().unwrap();
            assert!((59.0..=1200.0).contains(&v), "amount {v}");
            if r[paid][..10] == r[created][..10] {
                same_day += 1;
            } else if next(&r[created][..10]) == r[paid][..10] {
                next_day += 1;
            }
        }
    }
    assert!(unpaid > 0 && next_day > 0 && same_day > 5 * next_day, "unpaid {unpaid} same {same_day} next {next_day}");
    assert!(with_chat > ids.len() / 2, "most orders come from buyers who chatted");
}

fn next(day: &str) -> String {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    (d + chrono::Duration::days(1)).format("%Y-%m-%d").to_string()
}

#[test]
fn ratings_are_valid_and_some_repeat() {
    let files = demo::generate_files(&params(20_000, 10, 9));
    let bytes = file(&files, demo::RATINGS_CSV);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rd = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    assert_eq!(rd.headers().unwrap().iter().collect::<Vec<_>>(), ["评价时间", "客服子账号", "顾客名称", "评价结果"]);
    let mut seen: HashMap<(String, String, String), u32> = HashMap::new();
    let mut counts: HashMap<String, u32> = HashMap::new();
    for r in rd.records() {
        let r = r.unwrap();
        assert!(r[1].starts_with("透镜旗舰店:"));
        assert!(["很满意", "满意", "一般", "不满意", "很不满意"].contains(&&r[3]), "{}", &r[3]);
        assert!(r[0].starts_with("2024-06-"));
        *counts.entry(r[3].to_string()).or_default() += 1;
        *seen.entry((r[1].to_string(), r[2].to_string(), r[0][..10].to_string())).or_default() += 1;
    }
    let total: u32 = counts.values().sum();
    assert!(total > 100);
    assert!(counts["很满意"] + counts["满意"] > total * 3 / 4, "{counts:?}");
    assert!(counts.get("不满意").copied().unwrap_or(0) > 0);
    assert!(seen.values().any(|&n| n > 1), "some ratings given twice");
}

#[test]
fn settings_round_trip_and_describe_the_shop() {
    let p = DemoParams::default();
    let s = demo::demo_settings(&p);
    let json =
        String::from_utf8(file(&demo::generate_files(&params(500, 2, 1)), demo::SETTINGS_JSON).to_vec()).unwrap();
    let back = Settings::from_json(&json).expect("settings.json parses");
    assert_eq!(back, s);
    assert_eq!(s.accounts.len(), 15);
    assert!(s.accounts.iter().all(|a| a.nick.starts_with("透镜旗舰店:") && !a.name.is_empty() && a.team.len() == 2));
    let teams: HashSet<Vec<String>> = s.accounts.iter().map(|a| a.team.clone()).collect();
    assert_eq!(teams.len(), 3);
    assert!(s.accounts.iter().any(|a| a.role == Role::Aftersales));
    assert!(s.accounts.iter().filter(|a| a.role == Role::Presales).count() >= 8);
    assert_eq!(s.work_intervals(0), vec![(9 * 3600, 24 * 3600)]);
    assert!(find_code(&s, "1.1.1") && find_code(&s, "2.1") && find_code(&s, "2.2.1"));
    let sz = &s.categories[0].children[0].children[0];
    assert_eq!((sz.code.as_str(), sz.name.as_str()), ("1.1.1", "商品尺寸"));
    assert!(sz.keywords.iter().any(|k| k == "尺码"));
    assert!(s.categories[0].children[0].children[1].regex.is_some());
}

#[test]
fn text_samples_have_the_inline_and_qianniu_shapes() {
    let p = params(1000, 3, 2);
    let files = demo::generate_files(&p);
    let jinge = std::str::from_utf8(file(&files, demo::SAMPLE_JINGE)).unwrap();
    let qn = std::str::from_utf8(file(&files, demo::SAMPLE_QIANNIU)).unwrap();
    let sec = regex::Regex::new(r"^----- 与 \S+ 的聊天记录 -----$").unwrap();
    let jh = regex::Regex::new(r"^[^()]+\(2024-05-31 \d\d:\d\d:\d\d\):").unwrap();
    let qh = regex::Regex::new(r"^\S+ 2024-5-31 \d{1,2}:\d\d:\d\d$").unwrap();
    let (mut sections, mut headers, mut staff) = (0, 0, 0);
    for l in jinge.lines() {
        if sec.is_match(l) {
            sections += 1;
        } else if jh.is_match(l) {
            headers += 1;
            staff += l.starts_with("透镜旗舰店:") as i32;
        }
    }
    assert!(sections >= 5 && headers > 20 && staff > 5, "{sections} {headers} {staff}");
    let q_headers = qn.lines().filter(|l| qh.is_match(l)).count();
    assert_eq!(q_headers, headers, "both samples hold the same messages");
    assert!(!qn.contains(" 2024-05-") && !qn.contains(" 0"), "Qianniu month/day/hour are not zero-padded");
    // The sample day is outside the CSV's range, so loading everything never double counts.
    assert!(!std::str::from_utf8(file(&files, demo::CHAT_CSV)).unwrap().contains("2024-05-31"));
}
