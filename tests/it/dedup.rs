//! Overlapping files (spec §1.2.1): the same chats, orders and ratings split
//! into overlapping files give exactly what their union gives loaded once —
//! every report row, the summary, every transcript and every drill list;
//! repeats inside one file are kept; removing a file, a cancelled import and
//! loading in the other order leave the flags right; the import report
//! counts the duplicates (hand-counted below).

use std::collections::BTreeMap;

use kefu_lens::engine::{Dim, DrillRequest, Filter, Query, METRIC_KEYS};
use kefu_lens::import::import_bytes;
use kefu_lens::model::{Dataset, DuplicateOf, FileKind, FileReport};
use kefu_lens::protocol::{Answer, QueryKind};
use kefu_lens::session::Session;
use kefu_lens::{Engine, Settings};

// ---------------------------------------------------------------------------
// The data: one list of messages, written in each chat format.

/// (day of June 2024, hh, mm, ss, speaker, sender word, text)
type Msg = (u32, u32, u32, u32, &'static str, &'static str, &'static str);

/// One conversation per (day, buyer) — a "section" — in time order.
fn sections() -> Vec<(&'static str, Vec<Msg>)> {
    let mut out = Vec::new();
    for day in 1..=3u32 {
        for (k, (buyer, agent)) in [("甲", "店:01"), ("乙", "店:01"), ("丙", "店:02")].into_iter().enumerate() {
            let h = 9 + k as u32;
            let mut v: Vec<Msg> = vec![(day, h, 0, 0, buyer, "买家", "在吗")];
            if day == 2 && buyer == "乙" {
                // A real repeat inside one export: the buyer sent 在吗 twice in one second.
                v.push((day, h, 0, 0, buyer, "买家", "在吗"));
            }
            v.push((day, h, 0, 2, agent, "客服", "[自动回复]欢迎光临"));
            v.push((day, h, 0, 20 + 10 * day, agent, "客服", "在的亲"));
            v.push((day, h, 2, 0, buyer, "买家", "这款有M码吗"));
            if day == 3 && buyer == "丙" {
                v.push((day, h, 3, 0, "系统消息", "系统", "由 店:02 转交给 店:01"));
            }
            v.push((day, h, 2 + day, 0, agent, "客服", "有的，可以拍"));
            out.push((buyer, v));
        }
    }
    out
}

fn time(m: &Msg) -> String {
    format!("2024-06-{:02} {:02}:{:02}:{:02}", m.0, m.1, m.2, m.3)
}

fn agent_of(buyer: &str) -> &'static str {
    if buyer == "丙" {
        "店:02"
    } else {
        "店:01"
    }
}

/// A chat-table CSV of these (section, message) pairs.
fn table(rows: &[(&str, Msg)]) -> String {
    let mut s = String::from("时间,客服,买家,发送方,内容\n");
    for (buyer, m) in rows {
        let agent = if m.5 == "客服" { m.4 } else { agent_of(buyer) };
        s.push_str(&format!("{},{},{},{},{}\n", time(m), agent, buyer, m.5, m.6));
    }
    s
}

fn inline_line(m: &Msg) -> String {
    format!("{}({}):{}\n", m.4, time(m), m.6)
}

fn qianniu_line(m: &Msg) -> String {
    format!("{} 2024-6-{} {}:{:02}:{:02}\n{}\n", m.4, m.0, m.1, m.2, m.3, m.6)
}

/// A text export of these sections: a section line, then each message.
/// `(buyer, from, to)`: messages `from..to` of that section.
fn text_export(parts: &[(&str, &[Msg])], line: fn(&Msg) -> String) -> String {
    let mut s = String::new();
    for (buyer, msgs) in parts {
        s.push_str(&format!("----- 与 {buyer} 的聊天记录 -----\n"));
        for m in *msgs {
            s.push_str(&line(m));
        }
    }
    s
}

fn flat() -> Vec<(&'static str, Msg)> {
    sections().into_iter().flat_map(|(b, v)| v.into_iter().map(move |m| (b, m))).collect()
}

const ORDER_HEAD: &str =
    "\"订单编号\",\"买家会员名\",\"订单创建时间\",\"订单付款时间\",\"买家实际支付金额\",\"订单状态\",\"宝贝标题\"\n";

/// (number, buyer, created, paid, amount)
type Ord = (&'static str, &'static str, &'static str, &'static str, &'static str);

fn orders_csv(rows: &[Ord]) -> String {
    let mut s = String::from(ORDER_HEAD);
    for (id, buyer, created, paid, amount) in rows {
        let status = if paid.is_empty() { "等待买家付款" } else { "交易成功" };
        s.push_str(&format!(
            "\"=\"\"{id}\"\"\",\"{buyer}\",\"{created}\",\"{paid}\",\"{amount}\",\"{status}\",\"连衣裙\"\n"
        ));
    }
    s
}

const O1: Ord = ("3700000000000000001", "甲", "2024-06-01 09:05:00", "2024-06-01 09:06:00", "128.00");
const O2: Ord = ("3700000000000000002", "乙", "2024-06-01 10:05:00", "2024-06-01 10:07:00", "99.00");
/// Unpaid when the first export was taken, paid in the later one.
const O3_UNPAID: Ord = ("3700000000000000003", "丙", "2024-06-02 11:05:00", "", "59.00");
const O3: Ord = ("3700000000000000003", "丙", "2024-06-02 11:05:00", "2024-06-02 11:30:00", "59.00");
const O4: Ord = ("3700000000000000004", "甲", "2024-06-02 09:10:00", "2024-06-02 09:11:00", "300.00");
const O5: Ord = ("3700000000000000005", "乙", "2024-06-03 10:10:00", "2024-06-03 10:12:00", "45.50");
const O6: Ord = ("3700000000000000006", "丙", "2024-06-03 11:10:00", "", "20.00");

const RATING_HEAD: &str = "客服子账号,顾客名称,评价时间,评价结果\n";
const RATINGS: [&str; 6] = [
    "店:01,甲,2024-06-01 12:00:00,很满意",
    "店:01,乙,2024-06-01 12:05:00,满意",
    "店:02,丙,2024-06-02 12:00:00,一般",
    "店:01,甲,2024-06-02 12:00:00,不满意",
    "店:01,乙,2024-06-03 12:00:00,很满意",
    "店:02,丙,2024-06-03 12:00:00,很不满意",
];

fn ratings_csv(rows: &[&str]) -> String {
    let mut s = String::from(RATING_HEAD);
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------------------
// Loading and comparing.

fn load(files: &[(&str, String, FileKind)]) -> (Dataset, Vec<FileReport>) {
    let mut ds = Dataset::default();
    let reports = files
        .iter()
        .map(|(name, text, kind)| import_bytes(&mut ds, name, text.clone().into_bytes(), Some(*kind)))
        .collect();
    (ds, reports)
}

/// Everything a merchant can see, as JSON lines: the agent×day and the
/// overall report rows, the summary, every transcript and every drill list.
fn everything(ds: &mut Dataset) -> Vec<String> {
    let e = Engine::prepare(ds, &Settings::default());
    let mut out = Vec::new();
    for by in [vec![Dim::Agent, Dim::Day], vec![]] {
        out.push(j(&e.report(&Query { rules: vec![], by, filter: Filter::default() }).rows));
    }
    out.push(j(&e.summary(ds)));
    // Conversation ids follow the order nicks were first seen, which
    // differs when files are loaded in another order: compare the set.
    let mut ts: Vec<String> = (0..e.conv_count() as u32)
        .map(|conv| {
            let mut t = e.transcript(ds, conv).expect("a transcript per conversation-day");
            t.conv = 0;
            j(&t)
        })
        .collect();
    ts.sort();
    out.extend(ts);
    for metric in METRIC_KEYS {
        let req = DrillRequest { filter: Filter::default(), key: BTreeMap::new(), metric: metric.to_string() };
        // The same rows, whatever the conversation ids.
        let mut rows: Vec<String> = e
            .drill(ds, &req)
            .rows
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).unwrap();
                let o = v.as_object_mut().unwrap();
                o.remove("conv");
                // A weekly unit is shown at one of its conversation-days,
                // the first by id: which one depends on nick order too (and
                // so do its time and opening message).
                if o["detail"]["kind"] == "week" {
                    for k in ["agent", "buyer", "day", "time", "ts", "opening"] {
                        o.remove(k);
                    }
                }
                v.to_string()
            })
            .collect();
        rows.sort();
        out.push(format!("{metric}: {rows:?}"));
    }
    out
}

fn j<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

fn assert_same(got: &[String], want: &[String], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: number of answers");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w, "{what}");
    }
}

fn dup_of(index: usize, name: &str, count: u64) -> DuplicateOf {
    DuplicateOf { index, name: name.into(), count }
}

fn chats(name: &str, text: String) -> (&str, String, FileKind) {
    (name, text, FileKind::Chats)
}

// ---------------------------------------------------------------------------
// Chats.

#[test]
fn chat_table_split_into_overlapping_files_equals_the_union() {
    let all = flat();
    let n = all.len();
    // 3 days × 3 buyers × 5 messages, plus the repeated 在吗 and one system line.
    assert_eq!(n, 47);
    let (mut ds_u, rep_u) = load(&[chats("all.csv", table(&all))]);
    assert_eq!((rep_u[0].imported, rep_u[0].duplicates), (47, 0));
    let want = everything(&mut ds_u);
    // The repeated 在吗 are rows 20 and 21 (乙 on day 2). Splits cut before,
    // between and after them, so one file can have one copy and the other both.
    let pos = all.iter().position(|(b, m)| *b == "乙" && m.0 == 2).unwrap();
    assert_eq!(all[pos], all[pos + 1]);
    assert_eq!(pos, 20, "after day 1 (15 rows) and 甲 on day 2 (5 rows)");
    for (j, k) in [(10, 25), (20, 21), (21, 22), (20, 22), (21, 40), (0, 47), (30, 47), (5, 6)] {
        let a = table(&all[..k]);
        let b = table(&all[j..]);
        for swap in [false, true] {
            let files = if swap {
                vec![chats("b.csv", b.clone()), chats("a.csv", a.clone())]
            } else {
                vec![chats("a.csv", a.clone()), chats("b.csv", b.clone())]
            };
            let (mut ds, reps) = load(&files);
            assert_same(&everything(&mut ds), &want, &format!("split {j}..{k} swap {swap}"));
            // The overlap is rows j..k, each in both files: the second file's
            // copies are duplicates. A repeat pair cut by a split is no
            // exception: with a = rows ..21 (one 在吗) and b = rows 20.. (both),
            // row 20 is the overlap, b's first 在吗 is its duplicate and its
            // second one counts (the union has two).
            let second = &reps[1];
            let expect = (k - j) as u64;
            assert_eq!(second.duplicates, expect, "split {j}..{k} swap {swap}");
            let first_name = if swap { "b.csv" } else { "a.csv" };
            let want_of = if expect > 0 { vec![dup_of(0, first_name, expect)] } else { vec![] };
            assert_eq!(second.duplicate_of, want_of);
            assert_eq!(reps[0].duplicates, 0);
            assert_eq!(ds.messages.len() as u64, reps[0].imported + reps[1].imported, "rows stay in the dataset");
        }
    }
}

/// Inline and Qianniu text: whole sections in both files, and a section cut
/// in the middle (the later export repeats the section line, then the rest).
#[test]
fn text_exports_split_into_overlapping_files_equal_the_union() {
    let secs = sections();
    let whole: Vec<(&str, &[Msg])> = secs.iter().map(|(b, v)| (*b, v.as_slice())).collect();
    for (fmt, line) in [("inline", inline_line as fn(&Msg) -> String), ("qianniu", qianniu_line)] {
        let (mut ds_u, rep_u) = load(&[chats("all.txt", text_export(&whole, line))]);
        assert_eq!(rep_u[0].format, format!("chat-{fmt}"));
        assert_eq!(rep_u[0].imported, 47);
        let want = everything(&mut ds_u);
        // Section 4 is 乙 on day 2 (6 messages, the repeated 在吗 first).
        assert_eq!(secs[4].1.len(), 6);
        let cut: Vec<(&str, &[Msg])> =
            [("乙", &secs[4].1[1..])].into_iter().chain(whole[5..].iter().copied()).collect();
        // (first file, second file, duplicates in the second file, hand-counted)
        type Parts<'a> = Vec<(&'a str, &'a [Msg])>;
        let splits: [(Parts, Parts, u64); 4] = [
            // sections 3–5 in both: 5 + 6 + 5 messages
            (whole[..6].to_vec(), whole[3..].to_vec(), 16),
            // the same file twice
            (whole.clone(), whole.clone(), 47),
            // the tail of section 4 (5 of its 6 messages: one 在吗 of the two) and section 5 in both
            (whole[..6].to_vec(), cut.clone(), 5 + 5),
            // no overlap
            (whole[..4].to_vec(), whole[4..].to_vec(), 0),
        ];
        for (a, b, dups) in splits {
            for swap in [false, true] {
                let (x, y) = if swap { (&b, &a) } else { (&a, &b) };
                let (mut ds, reps) =
                    load(&[chats("x.txt", text_export(x, line)), chats("y.txt", text_export(y, line))]);
                assert_same(&everything(&mut ds), &want, &format!("{fmt} swap {swap} dups {dups}"));
                assert_eq!(reps[1].duplicates, dups, "{fmt} swap {swap}");
                assert_eq!(reps[0].duplicates, 0);
                let of = if dups > 0 { vec![dup_of(0, "x.txt", dups)] } else { vec![] };
                assert_eq!(reps[1].duplicate_of, of);
            }
        }
    }
}

/// A message in a text export and the same message in a chat table are not
/// matched (the text row's other party is only known after resolution).
#[test]
fn text_rows_do_not_match_table_rows() {
    let all = flat();
    let whole: Vec<(&str, &[Msg])> = Vec::new();
    let secs = sections();
    let whole: Vec<(&str, &[Msg])> =
        if whole.is_empty() { secs.iter().map(|(b, v)| (*b, v.as_slice())).collect() } else { whole };
    let (_ds, reps) = load(&[chats("t.csv", table(&all)), chats("t.txt", text_export(&whole, inline_line))]);
    assert_eq!((reps[0].imported, reps[1].imported, reps[1].duplicates), (47, 47, 0));
}

// ---------------------------------------------------------------------------
// Orders and ratings.

#[test]
fn orders_split_into_overlapping_files_equal_the_union() {
    let chat = table(&flat());
    let union = orders_csv(&[O1, O2, O3, O4, O5, O6]);
    let a = orders_csv(&[O1, O2, O3_UNPAID, O4]);
    let b = orders_csv(&[O3, O4, O5, O6]);
    let (mut ds_u, _) = load(&[chats("c.csv", chat.clone()), ("o.csv", union, FileKind::Orders)]);
    let want = everything(&mut ds_u);
    let sales = |v: &[String]| v[1].clone();
    assert!(sales(&want).contains("\"sales_amount\":"), "{}", sales(&want));
    for swap in [false, true] {
        let (x, y) = if swap { (&b, &a) } else { (&a, &b) };
        let (mut ds, reps) = load(&[
            chats("c.csv", chat.clone()),
            ("x.csv", x.clone(), FileKind::Orders),
            ("y.csv", y.clone(), FileKind::Orders),
        ]);
        assert_same(&everything(&mut ds), &want, &format!("orders swap {swap}"));
        // O3 and O4 were already loaded from x.csv. Loaded a then b, b's O3
        // has the paid time a's lacked: it replaces a's record.
        assert_eq!(reps[2].duplicates, 2);
        assert_eq!(reps[2].duplicate_of, vec![dup_of(1, "x.csv", 2)]);
        assert_eq!(reps[2].replaced, if swap { 0 } else { 1 });
        assert_eq!(ds.orders.len(), 8, "every row stays in the dataset");
        let counted: Vec<(String, Option<i64>)> = ds.counted_orders().map(|(_, o)| (o.id.clone(), o.paid)).collect();
        assert_eq!(counted.len(), 6);
        assert!(counted.iter().all(|(id, paid)| !id.ends_with('3') || paid.is_some()), "{counted:?}");
    }
    // The same order export twice: every order already loaded, nothing replaced.
    let (_, reps) = load(&[("o.csv", a.clone(), FileKind::Orders), ("o.csv", a.clone(), FileKind::Orders)]);
    assert_eq!((reps[1].duplicates, reps[1].replaced), (4, 0));
    assert_eq!(reps[1].duplicate_of, vec![dup_of(0, "o.csv", 4)]);
    // Three files: the paid record of the second file stays the one kept.
    let (ds, reps) = load(&[
        ("1.csv", orders_csv(&[O3_UNPAID]), FileKind::Orders),
        ("2.csv", orders_csv(&[O3]), FileKind::Orders),
        ("3.csv", orders_csv(&[O3_UNPAID, O1]), FileKind::Orders),
    ]);
    assert_eq!((reps[1].duplicates, reps[1].replaced, reps[2].duplicates, reps[2].replaced), (1, 1, 1, 0));
    assert_eq!(reps[2].duplicate_of, vec![dup_of(1, "2.csv", 1)]);
    let kept: Vec<usize> = ds.counted_orders().map(|(i, _)| i).collect();
    assert_eq!(kept, vec![1, 3], "2.csv's O3 and 3.csv's O1");
}

#[test]
fn ratings_split_into_overlapping_files_equal_the_union() {
    let chat = table(&flat());
    let (mut ds_u, _) = load(&[chats("c.csv", chat.clone()), ("r.csv", ratings_csv(&RATINGS), FileKind::Ratings)]);
    let want = everything(&mut ds_u);
    assert!(want[1].contains("\"ratings\":6"), "{}", want[1]);
    for swap in [false, true] {
        let (a, b) = (ratings_csv(&RATINGS[..4]), ratings_csv(&RATINGS[1..]));
        let (x, y) = if swap { (b, a) } else { (a, b) };
        let (mut ds, reps) =
            load(&[chats("c.csv", chat.clone()), ("x.csv", x, FileKind::Ratings), ("y.csv", y, FileKind::Ratings)]);
        assert_same(&everything(&mut ds), &want, &format!("ratings swap {swap}"));
        // RATINGS[1..4] are in both files.
        assert_eq!(reps[2].duplicates, 3);
        assert_eq!(reps[2].duplicate_of, vec![dup_of(1, "x.csv", 3)]);
    }
}

// ---------------------------------------------------------------------------
// Repeats inside one file, removing a file, the same file three times.

#[test]
fn repeats_inside_one_file_are_kept() {
    let rows: Vec<(&str, Msg)> = vec![
        ("乙", (1, 9, 0, 0, "乙", "买家", "在吗")),
        ("乙", (1, 9, 0, 0, "乙", "买家", "在吗")),
        ("乙", (1, 9, 0, 0, "乙", "买家", "在吗")),
        ("乙", (1, 9, 1, 0, "店:01", "客服", "在的")),
    ];
    let (mut ds, reps) = load(&[chats("one.csv", table(&rows))]);
    assert_eq!((reps[0].imported, reps[0].duplicates), (4, 0));
    assert!(everything(&mut ds)[1].contains("\"buyer_messages\":3"));
    // Another file with two of the three: nothing new.
    let (mut ds2, reps) = load(&[chats("one.csv", table(&rows)), chats("two.csv", table(&rows[1..]))]);
    assert_eq!(reps[1].duplicates, 3);
    assert_eq!(everything(&mut ds2), everything(&mut ds));
    // A file with four copies adds one.
    let mut four = rows.clone();
    four.insert(0, rows[0]);
    let (mut ds3, reps) = load(&[chats("one.csv", table(&rows)), chats("four.csv", table(&four))]);
    assert_eq!((reps[1].imported, reps[1].duplicates), (5, 4));
    assert!(everything(&mut ds3)[1].contains("\"buyer_messages\":4"));
}

#[test]
fn removing_a_file_lets_its_repeats_count_again() {
    let all = flat();
    let a = table(&all[..30]);
    let b = table(&all[10..]);
    let (mut b_alone, _) = load(&[chats("b.csv", b.clone())]);
    let (mut a_alone, _) = load(&[chats("a.csv", a.clone())]);
    let want_b = everything(&mut b_alone);
    let want_a = everything(&mut a_alone);
    let orders_a = orders_csv(&[O1, O2, O3_UNPAID, O4]);
    let orders_b = orders_csv(&[O3, O4, O5, O6]);
    let files = [chats("a.csv", a), chats("b.csv", b)];
    let (mut ds, reps) = load(&files);
    assert_eq!(reps[1].duplicates, 20);
    assert!(ds.remove_file(0));
    assert_same(&everything(&mut ds), &want_b, "a removed");
    assert_eq!((ds.files[1].duplicates, ds.files[1].duplicate_of.len()), (0, 0));
    let (mut ds, _) = load(&files);
    assert!(ds.remove_file(1));
    assert_same(&everything(&mut ds), &want_a, "b removed");
    // Orders: removing the file whose record replaced the other's brings the
    // other back.
    let (mut ds, reps) = load(&[("a.csv", orders_a.clone(), FileKind::Orders), ("b.csv", orders_b, FileKind::Orders)]);
    assert_eq!(reps[1].replaced, 1);
    ds.remove_file(1);
    let (ids, reps_a) = (
        ds.counted_orders().map(|(_, o)| o.id.clone()).collect::<Vec<_>>(),
        load(&[("a.csv", orders_a, FileKind::Orders)]).0,
    );
    assert_eq!(ids, reps_a.orders.iter().map(|o| o.id.clone()).collect::<Vec<_>>());
}

#[test]
fn the_same_file_three_times_counts_once() {
    let t = table(&flat());
    let (mut once, _) = load(&[chats("c.csv", t.clone())]);
    let (mut thrice, reps) = load(&[chats("c.csv", t.clone()), chats("c.csv", t.clone()), chats("c.csv", t)]);
    assert_same(&everything(&mut thrice), &everything(&mut once), "three times");
    assert_eq!(reps.iter().map(|r| r.duplicates).collect::<Vec<_>>(), [0, 47, 47]);
    assert_eq!(reps[2].duplicate_of, vec![dup_of(0, "c.csv", 47)], "named after the first copy");
    // kefu diagnostics carry the counts (FileReport is serialised as is).
    let json = serde_json::to_value(&reps[2]).unwrap();
    assert_eq!(json["duplicates"], 47);
    assert_eq!(json["duplicate_of"][0]["name"], "c.csv");
    // An older report without the fields still reads.
    let mut old = json.clone();
    for k in ["duplicates", "duplicate_of", "replaced"] {
        old.as_object_mut().unwrap().remove(k);
    }
    let r: FileReport = serde_json::from_value(old).unwrap();
    assert_eq!((r.duplicates, r.duplicate_of.len(), r.replaced), (0, 0, 0));
}

// ---------------------------------------------------------------------------
// The worker's way: Session.

fn step_in(s: &mut Session, name: &str, text: &str, kind: FileKind) -> FileReport {
    let mut f = s.begin_file(name, text.as_bytes().to_vec(), Some(kind));
    while !s.step_file(&mut f, 3) {}
    s.finish_file(f)
}

fn session_answers(s: &mut Session) -> Vec<String> {
    let mut out = Vec::new();
    for by in [vec![Dim::Agent, Dim::Day], vec![]] {
        match s.answer(QueryKind::Report { query: Query { rules: vec![], by, filter: Filter::default() } }) {
            Ok(Answer::Report { report }) => out.push(j(&report.rows)),
            other => panic!("{other:?}"),
        }
    }
    match s.answer(QueryKind::Overview { filter: Filter::default() }) {
        Ok(Answer::Overview { totals, daily }) => out.push(j(&(totals, daily))),
        other => panic!("{other:?}"),
    }
    out
}

#[test]
fn session_overlap_cancel_remove_and_clear() {
    let all = flat();
    let (a, b) = (table(&all[..30]), table(&all[10..]));
    let mut u = Session::new();
    step_in(&mut u, "all.csv", &table(&all), FileKind::Chats);
    step_in(&mut u, "o.csv", &orders_csv(&[O1, O2, O3, O4, O5, O6]), FileKind::Orders);
    let loaded_u = u.rebuild(false, false);
    let want = session_answers(&mut u);

    let mut s = Session::new();
    step_in(&mut s, "a.csv", &a, FileKind::Chats);
    step_in(&mut s, "oa.csv", &orders_csv(&[O1, O2, O3_UNPAID, O4]), FileKind::Orders);
    // A cancelled import of a third overlapping file changes nothing.
    let mut f = s.begin_file("c.csv", b.clone().into_bytes(), Some(FileKind::Chats));
    assert!(!s.step_file(&mut f, 5));
    s.cancel_file(f);
    let rb = step_in(&mut s, "b.csv", &b, FileKind::Chats);
    assert_eq!((rb.duplicates, rb.duplicate_of.clone()), (20, vec![dup_of(0, "a.csv", 20)]));
    let ro = step_in(&mut s, "ob.csv", &orders_csv(&[O3, O4, O5, O6]), FileKind::Orders);
    assert_eq!((ro.duplicates, ro.replaced), (2, 1));
    let loaded = s.rebuild(false, false);
    assert_eq!(j(&loaded.summary), j(&loaded_u.summary));
    assert_eq!(loaded.reports[2].duplicates, 20, "the report the UI shows");
    assert_eq!(session_answers(&mut s), want);

    // Remove a.csv: b.csv counts whole, as if loaded alone.
    let loaded = s.remove_file(0);
    assert_eq!(loaded.reports[2].duplicates, 0);
    let mut b_alone = Session::new();
    step_in(&mut b_alone, "b.csv", &b, FileKind::Chats);
    step_in(&mut b_alone, "oa.csv", &orders_csv(&[O1, O2, O3_UNPAID, O4]), FileKind::Orders);
    step_in(&mut b_alone, "ob.csv", &orders_csv(&[O3, O4, O5, O6]), FileKind::Orders);
    b_alone.rebuild(false, false);
    assert_eq!(session_answers(&mut s), session_answers(&mut b_alone));

    // Clear, then load a.csv again: nothing is a duplicate of what was cleared.
    s.clear();
    let ra = step_in(&mut s, "a.csv", &a, FileKind::Chats);
    assert_eq!(ra.duplicates, 0);
}

/// `kefu report` on the same files twice: the numbers of loading them once,
/// and `diagnostics` says what was skipped.
#[test]
fn kefu_report_with_the_same_files_twice() {
    use kefu_lens::cli::report::{run, ReportArgs};
    use kefu_lens::cli::InputArgs;
    let fx = |n: &str| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(n);
    let (chats, orders) = (fx("e2e_chats.csv"), fx("ExportOrderList_e2e.csv"));
    let report = |n: usize| {
        let args = ReportArgs {
            input: InputArgs {
                chats: vec![chats.clone(); n],
                orders: vec![orders.clone(); n],
                ratings: vec![],
                config: None,
                ..Default::default()
            },
            by: "agent-day".into(),
            format: "json".into(),
            rules: String::new(),
        };
        serde_json::from_str::<serde_json::Value>(&run(&args).unwrap()).unwrap()
    };
    let (once, twice) = (report(1), report(2));
    assert_eq!(twice["rows"], once["rows"]);
    let d = twice["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 4);
    // Files load chats first: [chats, chats, orders, orders]. 11 good chat
    // rows (line 13 has month 13), 4 orders.
    let counts: Vec<(u64, u64)> =
        d.iter().map(|r| (r["duplicates"].as_u64().unwrap(), r["replaced"].as_u64().unwrap())).collect();
    assert_eq!(counts, [(0, 0), (11, 0), (0, 0), (4, 0)]);
    assert_eq!(d[1]["duplicate_of"], serde_json::json!([{"index": 0, "name": "e2e_chats.csv", "count": 11}]));
    assert_eq!(d[3]["duplicate_of"], serde_json::json!([{"index": 2, "name": "ExportOrderList_e2e.csv", "count": 4}]));
}

/// The shops the loaded rows belong to: a shop named only by the last
/// message, one named only by a rating, none by a removed file's rows or
/// by duplicates alone; the scan that stops once every named shop is seen
/// must still find the late ones and leave out the gone ones.
#[test]
fn shops_present_finds_late_shops_and_drops_gone_ones() {
    let chats = |rows: &[(&str, &str)]| {
        let mut s = String::from("时间,店铺,客服,顾客,发送方,内容\n");
        for (i, (shop, buyer)) in rows.iter().enumerate() {
            s += &format!("2024-06-01 10:00:{i:02},{shop},{shop}:小周,{buyer},顾客,在吗\n");
        }
        s
    };
    let rating = "评价时间,客服子账号,顾客名称,评价结果\n2024-06-01 11:00:00,评价店:大卫,买家丙,很满意\n".to_string();
    let a = chats(&[("甲店", "买家甲"), ("甲店", "买家乙"), ("乙店", "买家丙")]);
    let gone = chats(&[("丙店", "买家丁")]);
    let (mut ds, _) = load(&[
        ("a.csv", a.clone(), FileKind::Chats),
        ("a-again.csv", a, FileKind::Chats),
        ("gone.csv", gone, FileKind::Chats),
        ("ratings.csv", rating, FileKind::Ratings),
    ]);
    assert_eq!(ds.shops_present(), ["丙店", "乙店", "甲店", "评价店"]);
    assert!(ds.remove_file(2));
    assert_eq!(ds.shops_present(), ["乙店", "甲店", "评价店"], "the removed file's shop is gone");
    assert!(ds.remove_file(0));
    assert_eq!(ds.shops_present(), ["乙店", "甲店", "评价店"], "the repeat of a.csv counts again");
    assert!(ds.remove_file(3));
    assert_eq!(ds.shops_present(), ["乙店", "甲店"]);
}
