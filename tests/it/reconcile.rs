//! 对账 (issue 15 item 2): the demo shop against official 生意参谋 sheets
//! written in the official layout (one workbook per day and sheet, header
//! row, the shop's row, a peer row; `-`, `%`, thousands separators; the
//! 接待评价 sheet with its two header rows) from the demo's own numbers,
//! and a per-agent 客服数据汇总: no difference. Then the same sheets against
//! chats with one day removed: that day, and only it, differs, and the
//! explanation names it.

use std::path::{Path, PathBuf};

use kefu_lens::cli::reconcile::{run_reconcile, ReconcileArgs};
use kefu_lens::cli::InputArgs;
use kefu_lens::demo::{generate_files, DemoParams};
use kefu_lens::engine::{Dim, Filter, Metrics, Query, Row};
use kefu_lens::partition::PartitionedEngine;
use serde_json::Value;

/// Thousands separators, as the sheets write counts and money.
fn thousands(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    frac.map_or(out.clone(), |f| format!("{out}.{f}"))
}

/// A value as the official sheet shows it.
fn shown(m: &Metrics, key: &str) -> String {
    let Some(v) = m.get(key) else { return "-".into() };
    match kefu_lens::present::unit(key) {
        Some(kefu_lens::engine::Unit::Rate) => format!("{:.2}%", v * 100.0),
        Some(kefu_lens::engine::Unit::Secs) => format!("{v:.1}"),
        Some(kefu_lens::engine::Unit::Yuan) => thousands(v, 2),
        Some(kefu_lens::engine::Unit::Ratio) => format!("{v:.2}"),
        _ => thousands(v, 0),
    }
}

fn write_book(path: &Path, rows: &[Vec<String>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(path).unwrap();
}

const CONSULT: &[(&str, &str)] = &[
    ("咨询人数", "consult_buyers"),
    ("接待人数", "reception_buyers"),
    ("未回复人数", "unreplied_buyers"),
    ("有效接待人数", "effective_reception_buyers"),
    ("平均响应时长", "avg_response_secs"),
    ("3分钟人工响应率", "response_rate_3min"),
    ("咨询客服人次", ""),
    ("首次响应时长", "first_response_secs"),
    ("慢响应人数", "slow_response_buyers"),
    ("长接待人数", "long_reception_buyers"),
    ("买家发起人数", "buyer_initiated_buyers"),
    ("客服主动跟进人数", "agent_followup_buyers"),
    ("总消息数", "total_messages"),
    ("买家消息条数", "buyer_messages"),
    ("客服消息条数", "agent_messages"),
    ("答问比", "answer_ratio"),
    ("客服字数", "agent_chars"),
    ("平均接待时长", "avg_reception_secs"),
];
const INQUIRY: &[(&str, &str)] = &[
    ("询单人数", "inquiry_buyers"),
    ("当日付款人数", "paid_buyers_same_day"),
    ("最终付款人数", "paid_buyers_final"),
    ("最终付款金额", "sales_amount"),
    ("询单当日付款转化率", "inquiry_conversion_same_day"),
    ("询单最终付款转化率", "inquiry_conversion_final"),
];
const AVG_PRICE: &[(&str, &str)] = &[("销售额", "sales_amount"), ("销售量", ""), ("客单价", "avg_order_value")];
const AGENT: &[(&str, &str)] = &[
    ("接待人数", "reception_buyers"),
    ("平均响应(秒)", "avg_response_secs"),
    ("回复率", "reply_rate"),
    ("询单->最终付款成功率", "inquiry_conversion_final"),
    ("上班天数", ""),
    ("客户满意比", "satisfaction_rate"),
    ("很满意", "very_satisfied"),
    ("满意", "satisfied"),
    ("一般", "neutral"),
    ("不满意", "dissatisfied"),
    ("很不满意", "very_dissatisfied"),
];

/// One simple sheet of a day: header, the shop's row, a peer row.
fn day_sheet(day: &str, m: &Metrics, cols: &[(&str, &str)]) -> Vec<Vec<String>> {
    let head = std::iter::once("日期".to_string()).chain(cols.iter().map(|(n, _)| n.to_string())).collect();
    let row = |m: &Metrics| {
        std::iter::once(day.to_string())
            .chain(cols.iter().map(|(_, k)| if k.is_empty() { "12".into() } else { shown(m, k) }))
            .collect()
    };
    let peer = Metrics { consult_buyers: 1, reception_buyers: 1, ..Default::default() };
    vec![head, row(m), row(&peer)]
}

/// 接待评价: two header rows, the 总 block, then 邀请 (other numbers).
fn rating_sheet(day: &str, m: &Metrics) -> Vec<Vec<String>> {
    let block = ["发出", "收到", "很满意", "满意", "一般", "不满", "很不满", "发送率", "返回率", "满意率", "服务度"];
    let mut g = vec![String::new(), String::new(), "总".to_string()];
    g.extend(std::iter::repeat_n(String::new(), block.len() - 1));
    g.push("邀请".into());
    let mut h = vec!["日期".to_string(), "接待人数".to_string()];
    h.extend(block.iter().map(|s| s.to_string()));
    h.extend(block.iter().map(|s| s.to_string()));
    let mut r = vec![day.replace('-', ""), shown(m, "reception_buyers")];
    let total = [
        "9,999".to_string(),
        shown(m, "ratings"),
        shown(m, "very_satisfied"),
        shown(m, "satisfied"),
        shown(m, "neutral"),
        shown(m, "dissatisfied"),
        shown(m, "very_dissatisfied"),
        "-".into(),
        "-".into(),
        shown(m, "satisfaction_rate"),
        "-".into(),
    ];
    r.extend(total);
    r.extend(std::iter::repeat_n("1".to_string(), block.len()));
    vec![g, h, r]
}

struct Demo {
    dir: PathBuf,
    input: InputArgs,
}

fn demo(name: &str, drop_day: Option<&str>) -> Demo {
    let dir = std::env::temp_dir().join(format!("kefu-reconcile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let p = DemoParams { messages: 20_000, days: 10, ..Default::default() };
    let mut input = InputArgs { parts: 2, ..Default::default() };
    for f in generate_files(&p) {
        if f.name.starts_with("样例_") {
            continue;
        }
        let path = dir.join(&f.name);
        let mut bytes = f.bytes;
        if f.name.starts_with("聊天记录") {
            if let Some(day) = drop_day {
                let text = String::from_utf8(bytes).unwrap();
                bytes = text.lines().filter(|l| !l.contains(day)).collect::<Vec<_>>().join("\n").into_bytes();
            }
            input.chats.push(path.clone());
        } else if f.name.starts_with("ExportOrderList") {
            input.orders.push(path.clone());
        } else if f.name.starts_with("接待评价") {
            input.ratings.push(path.clone());
        } else if f.name.ends_with(".json") {
            input.config = Some(path.clone());
        }
        std::fs::write(&path, bytes).unwrap();
    }
    Demo { dir, input }
}

fn rows(input: &InputArgs, by: Vec<Dim>) -> Vec<Row> {
    let settings = input.settings().unwrap();
    let mut ds = input.dataset().unwrap();
    let e: PartitionedEngine = input.engine(&mut ds, &settings);
    e.report(&Query { by, filter: Filter::default(), rules: vec![] }).rows
}

/// The official sheets of the whole demo, from its own numbers.
fn write_official(d: &Demo) -> Vec<PathBuf> {
    let out = d.dir.join("official");
    std::fs::create_dir_all(&out).unwrap();
    let mut files = Vec::new();
    for r in rows(&d.input, vec![Dim::Day]) {
        let day = &r.key["day"];
        let compact = day.replace('-', "");
        for (sheet, grid) in [
            ("咨询接待", day_sheet(day, &r.metrics, CONSULT)),
            ("业绩询单", day_sheet(day, &r.metrics, INQUIRY)),
            ("客单价客服", day_sheet(day, &r.metrics, AVG_PRICE)),
            ("接待评价", rating_sheet(day, &r.metrics)),
        ] {
            let p = out.join(format!("天猫_{compact}_透镜旗舰店_生意参谋_{sheet}.xlsx"));
            write_book(&p, &grid);
            files.push(p);
        }
    }
    let mut grid =
        vec![["日期", "旺旺"].iter().map(|s| s.to_string()).chain(AGENT.iter().map(|(n, _)| n.to_string())).collect()];
    for r in rows(&d.input, vec![Dim::Agent, Dim::Day]) {
        let mut row = vec![r.key["day"].clone(), r.key["agent"].clone()];
        row.extend(AGENT.iter().map(|(_, k)| if k.is_empty() { "1".into() } else { shown(&r.metrics, k) }));
        grid.push(row);
    }
    let p = out.join("客服数据汇总-日数据.xlsx");
    write_book(&p, &grid);
    files.push(p);
    files
}

fn run(input: &InputArgs, official: &[PathBuf]) -> Value {
    let a = ReconcileArgs { input: input.clone(), official: official.to_vec(), tolerance: 0.0 };
    let out = run_reconcile(&a).unwrap();
    assert!(out.rejected.is_empty(), "{:?}", out.rejected);
    serde_json::from_str(&out.text).unwrap()
}

#[test]
fn the_demo_against_its_own_official_sheets_agrees() {
    let d = demo("same", None);
    let official = write_official(&d);
    let v = run(&d.input, &official);
    let rows = v["rows"].as_array().unwrap();
    let days = rows
        .iter()
        .filter(|r| r["agent"].is_null())
        .map(|r| r["day"].as_str().unwrap())
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(days.len(), 10);
    // Every mapped column of every sheet and day is compared: 17 + 6 + 2 +
    // 8 per day (咨询客服人次 and 销售量 have no spec key), 10 per agent-day.
    let shop_cells = rows.iter().filter(|r| r["agent"].is_null()).count();
    assert_eq!(shop_cells, 10 * (17 + 6 + 2 + 8));
    assert!(rows.iter().any(|r| !r["agent"].is_null()));
    let differ: Vec<&Value> = rows.iter().filter(|r| r["differs"] == true).collect();
    assert!(differ.is_empty(), "{} differ, e.g. {:?}", differ.len(), differ.first());
    assert_eq!(v["explanations"].as_array().unwrap().len(), 0, "{}", v["explanations"]);
    // Not a comparison of nothing: the values are there on both sides.
    let c = rows.iter().find(|r| r["metric"] == "consult_buyers" && r["agent"].is_null()).unwrap();
    assert!(c["ours"].as_f64().unwrap() > 100.0 && c["ours"] == c["official"], "{c}");
    let _ = std::fs::remove_dir_all(&d.dir);
}

#[test]
fn a_day_missing_from_the_chats_is_found_and_named() {
    let whole = demo("whole", None);
    let official = write_official(&whole);
    let missing = "2024-06-04";
    let d = demo("cut", Some(missing));
    let v = run(&d.input, &official);
    let rows = v["rows"].as_array().unwrap();
    let differ_days: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r["differs"] == true && r["agent"].is_null())
        .map(|r| r["day"].as_str().unwrap())
        .collect();
    // Its orders are still loaded, but no chat of that day: the day's
    // service numbers differ. (Other days' conversion can move too: a buyer
    // who asked on the missing day and paid later is no longer an inquiry;
    // so only the service columns of the other days are checked.)
    assert!(differ_days.contains(missing), "{differ_days:?}");
    let service = ["consult_buyers", "reception_buyers", "buyer_messages", "agent_messages", "total_messages"];
    let other: Vec<&Value> = rows
        .iter()
        .filter(|r| r["differs"] == true && r["day"] != missing && service.contains(&r["metric"].as_str().unwrap()))
        .collect();
    assert!(other.is_empty(), "{other:?}");
    let ex = v["explanations"].as_array().unwrap();
    let m = ex.iter().find(|e| e["code"] == "missing_days").expect("missing_days explained");
    assert_eq!(m["items"], serde_json::json!([missing]));
    assert!(m["message_zh"].as_str().unwrap().contains(missing));
    let _ = std::fs::remove_dir_all(&whole.dir);
    let _ = std::fs::remove_dir_all(&d.dir);
}

#[test]
fn a_file_that_is_no_official_sheet_is_named() {
    let d = demo("bad", None);
    let chat = d.input.chats[0].clone();
    let a = ReconcileArgs { input: d.input.clone(), official: vec![chat], tolerance: 0.0 };
    let out = run_reconcile(&a).unwrap();
    assert_eq!(out.rejected.len(), 1);
    assert!(out.rejected[0].reason.contains("not an official"));
    let _ = std::fs::remove_dir_all(&d.dir);
}

/// The app's way (issue 15 item 2): the official sheets are dropped with
/// the inputs; the session keeps them for 对账 (their cards say so, nothing
/// counts from them) and answers the same comparison as `kefu reconcile`.
/// Removing one takes its rows out of the comparison.
#[test]
fn the_session_keeps_dropped_official_sheets_and_reconciles() {
    use kefu_lens::protocol::{Answer, QueryKind};
    use kefu_lens::session::Session;
    let d = demo("session", None);
    let official = write_official(&d);
    let mut s = Session::new();
    if let Some(c) = &d.input.config {
        let text = std::fs::read_to_string(c).unwrap();
        s.set_settings(kefu_lens::settings::Settings::parse(&text).unwrap());
    }
    let inputs: Vec<&PathBuf> = d.input.chats.iter().chain(&d.input.orders).chain(&d.input.ratings).collect();
    for p in inputs.iter().chain(official.iter().collect::<Vec<_>>().iter()) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let r = s.import_file(&name, std::fs::read(p).unwrap(), None);
        let is_official = official.contains(p);
        assert_eq!(r.reference.is_some(), is_official, "{name}: {r:?}");
        assert!(r.fatal.is_none(), "{name}: {:?}", r.fatal);
        if is_official {
            assert_eq!(r.imported, 0);
            assert!(r.read >= 1, "{name}");
        }
    }
    s.rebuild(false, false);
    let ask = |s: &mut Session| match s.answer(QueryKind::Reconcile { tolerance: 0.0 }).unwrap() {
        Answer::Reconcile { reconciliation } => reconciliation,
        a => panic!("{a:?}"),
    };
    let ans = ask(&mut s);
    let by_day = match s
        .answer(QueryKind::Report { query: Query { by: vec![Dim::Day], filter: Filter::default(), rules: vec![] } })
        .unwrap()
    {
        Answer::Report { report } => report.rows,
        a => panic!("{a:?}"),
    };
    let cli_days = rows(&d.input, vec![Dim::Day]);
    for (a, b) in by_day.iter().zip(&cli_days) {
        assert_eq!(serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
    }
    let cli = run(&d.input, &official);
    assert_eq!(ans.rows.len(), cli["rows"].as_array().unwrap().len());
    assert_eq!(ans.files.len(), official.len());
    assert!(ans.rows.iter().all(|r| !r.differs), "{:?}", ans.rows.iter().find(|r| r.differs));
    // Exactly: floats survive JSON both ways (serde_json `float_roundtrip`).
    assert_eq!(serde_json::to_value(&ans.rows).unwrap(), cli["rows"]);
    // Through JSON as the worker posts it.
    let back: kefu_lens::reconcile::ReconcileAnswer =
        serde_json::from_str(&serde_json::to_string(&ans).unwrap()).unwrap();
    assert_eq!(back, ans);
    // A worker answering through part workers (issue 12) keeps the sheets
    // and gives the same comparison.
    let mut pooled = crate::support::pool::Driven::default();
    pooled.session.set_pool(kefu_lens::session::PoolConfig { parts: 2, min_messages: 1 });
    pooled.session.set_settings(s.settings().clone());
    for p in inputs.iter().chain(official.iter().collect::<Vec<_>>().iter()) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        pooled.session.import_file(&name, std::fs::read(p).unwrap(), None);
    }
    let build = pooled.session.build(false, false);
    pooled.finish(build, false, false);
    assert!(pooled.session.pooled());
    match pooled.answer(QueryKind::Reconcile { tolerance: 0.0 }).unwrap() {
        Answer::Reconcile { reconciliation } => assert_eq!(reconciliation, ans),
        a => panic!("{a:?}"),
    }
    // Remove the per-agent summary (the last file): its agent rows go.
    let last = s.dataset().files.len() - 1;
    assert!(ans.rows.iter().any(|r| r.agent.is_some()));
    s.remove_file(last);
    let after = ask(&mut s);
    assert!(after.rows.iter().all(|r| r.agent.is_none()));
    assert_eq!(after.files.len(), official.len() - 1);
    let _ = std::fs::remove_dir_all(&d.dir);
}
