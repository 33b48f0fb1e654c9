//! The fuzz targets' bodies (issue 13: no input crashes anything).
//!
//! Each target in `fuzz/fuzz_targets/` is one call to a function here, and
//! `tests/it/fuzz_regressions.rs` replays every saved input
//! (`tests/fuzz_corpus/<target>/`) through the same function on stable
//! Rust, so a crash once found stays fixed whether or not anyone runs the
//! fuzzer. The functions only read their input and call the library as the
//! CLI and the worker do; they panic (which the fuzzer reports) when a
//! property the library promises does not hold. No dependency is added for
//! them: structured inputs are decoded from the bytes by [`Bytes`], a small
//! reader that never fails (past the end it yields zeros).
#![doc(hidden)]

use std::collections::BTreeMap;
use std::io::Write;

use crate::engine::drill::ROUNDS_OVER;
use crate::engine::histogram::{HIST_KEY, HIST_METRIC};
use crate::engine::{kpi, Dim, DrillRequest, Engine, Filter, Query, METRIC_KEYS};
use crate::import::{self, ImportOptions, Importer};
use crate::model::{ts_from_ymdhms, Dataset, FileKind, FileReport, Message, Order, Rating, Sender, Sym, NO_BLOCK};
use crate::partition::PartitionedEngine;
use crate::settings::{Account, AlertRules, CategoryNode, Role, Settings};

/// The sheet cap the fuzz targets import with: small enough that a sheet
/// the guard lets through fits in the fuzzer's memory limit (calamine
/// holds ~56 bytes a cell while it builds a sheet).
pub const FUZZ_SHEET_CELLS: u64 = 1 << 20;

/// A cursor over the fuzz input that never fails: past the end every read
/// is zero, so any input decodes to some case.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn u16(&mut self) -> u16 {
        u16::from(self.u8()) | (u16::from(self.u8()) << 8)
    }
    pub fn u32(&mut self) -> u32 {
        u32::from(self.u16()) | (u32::from(self.u16()) << 16)
    }
    /// One of `items`.
    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.u8() as usize % items.len()]
    }
    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }
}

// ---------------------------------------------------------------------------
// import_bytes: any bytes as any kind of file
// ---------------------------------------------------------------------------

const KINDS: [Option<FileKind>; 4] = [None, Some(FileKind::Chats), Some(FileKind::Orders), Some(FileKind::Ratings)];
const EXTENSIONS: [&str; 6] = ["csv", "txt", "xlsx", "xls", "zip", "json"];
/// File names with a date (the customer-sheet workbook takes its day from
/// the name) and without.
const STEMS: [&str; 3] = ["导出", "千牛聊天记录_2024-06-01", "聊天记录6月1日"];

/// Target `import_bytes`: the first bytes choose the declared kind, the
/// file name and a step size; the rest is the file. It is read twice — step
/// by step as the worker reads it, and whole as the CLI reads it (cut into
/// chunks read in parallel) — and both must give the same reports; the
/// dataset is then built into an engine and summarised.
pub fn import_bytes(data: &[u8]) {
    let mut b = Bytes::new(data);
    let kind = *b.pick(&KINDS);
    let name = format!("{}.{}", b.pick(&STEMS), b.pick(&EXTENSIONS));
    let step = 1 + b.u8() as usize % 50;
    let file = b.rest();
    import_file(&name, file, kind, step);
}

/// Import `file` both ways and check what the library promises of a report.
pub fn import_file(name: &str, file: &[u8], kind: Option<FileKind>, step: usize) {
    let opts = ImportOptions { max_sheet_cells: FUZZ_SHEET_CELLS, ..ImportOptions::default() };

    let mut ds = Dataset::default();
    let mut imp = Importer::with_options(name, file.to_vec(), kind, &opts);
    let mut steps = 0usize;
    while !imp.step(&mut ds, step) {
        steps += 1;
        assert!(steps <= file.len() + 16, "the importer advances every step");
    }
    let (done, total) = imp.progress();
    assert!(done <= total, "progress {done} of {total}");
    let stepped = imp.finish_all(&mut ds);

    let mut whole = Dataset::default();
    let mut imp = Importer::with_options(name, file.to_vec(), kind, &opts);
    imp.read_chunked(&mut whole, 3, 0);
    while !imp.step(&mut whole, 100_000) {}
    let chunked = imp.finish_all(&mut whole);

    for r in stepped.iter().chain(&chunked) {
        check_report(r, file);
    }
    assert_eq!(stepped.len(), chunked.len(), "one report per part either way");
    for (a, b) in stepped.iter().zip(&chunked) {
        assert_eq!((a.read, a.imported, a.skipped), (b.read, b.imported, b.skipped), "{name}: stepped vs whole");
    }
    assert_eq!(ds.messages.len(), whole.messages.len());
    assert_eq!(ds.orders.len(), whole.orders.len());

    let settings = Settings::default();
    let e = Engine::prepare(&mut ds, &settings);
    let _ = e.summary(&ds);
    let _ = e.report(&Query { by: vec![Dim::Agent, Dim::Day], filter: Filter::default(), rules: vec![] });
}

/// What every report promises: counts that add up, and messages a user can
/// read — in both languages, with no path of the program's sources or
/// dependencies in them (unless the file itself holds the words: a message
/// may quote a cell, found by the import_bytes target quoting `panicked`).
fn check_report(r: &FileReport, file: &[u8]) {
    assert!(r.imported + r.skipped + r.merged <= r.read, "imported + skipped + merged <= read: {r:?}");
    let mut texts: Vec<&str> = Vec::new();
    if let Some(p) = &r.fatal {
        assert!(!p.message_zh.is_empty() && !p.message_en.is_empty(), "{p:?}");
        texts.extend([p.message_zh.as_str(), p.message_en.as_str()]);
    }
    for p in &r.problems {
        texts.extend([p.message_zh.as_str(), p.message_en.as_str()]);
    }
    for s in &r.skipped_sheets {
        texts.extend([s.message_zh.as_str(), s.message_en.as_str()]);
    }
    for t in texts {
        for inner in ["src/", ".cargo", ".rs:", "panicked", "registry"] {
            let quoted = file.windows(inner.len()).any(|w| w == inner.as_bytes());
            assert!(quoted || !t.contains(inner), "an internal path in a message: {t}");
        }
    }
}

// ---------------------------------------------------------------------------
// xlsx: the fuzz input as the XML inside a workbook
// ---------------------------------------------------------------------------

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";
const SST_HEAD: &str =
    r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
const SST_TAIL: &str = "</sst>";

/// A minimal workbook (one sheet named `Sheet1`) with this sheet XML and,
/// when given, these shared strings. Stored, not deflated: the fuzzer's
/// bytes reach calamine's XML reader as they are.
pub fn workbook(sheet_xml: &[u8], shared: Option<&[u8]>) -> Vec<u8> {
    workbook_sheets(&[("Sheet1", sheet_xml)], shared)
}

/// A workbook with these sheets (name, XML) and shared strings.
pub fn workbook_sheets(sheets: &[(&str, &[u8])], shared: Option<&[u8]>) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, body: &[u8]| {
        z.start_file(name, o).expect("zip entry");
        z.write_all(body).expect("zip write");
    };
    put(
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let escape = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        wb.push_str(&format!(r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#, escape(name)));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    put("xl/workbook.xml", wb.as_bytes());
    put("xl/_rels/workbook.xml.rels", rels.as_bytes());
    for (i, (_, xml)) in sheets.iter().enumerate() {
        put(&format!("xl/worksheets/sheet{}.xml", i + 1), xml);
    }
    if let Some(s) = shared {
        put("xl/sharedStrings.xml", s);
    }
    z.finish().expect("zip").into_inner()
}

/// Target `xlsx`: the first byte says whether the sheet and the shared
/// strings are wrapped in their usual envelope (bit 0, bit 1) and whether
/// there is a shared-strings part (bit 2 off); the rest, cut at the first
/// NUL, is the sheet's XML and the shared strings' XML. The workbook must
/// import without a crash, and every sheet calamine is allowed to build
/// must be within the cap.
pub fn xlsx(data: &[u8]) {
    let mut b = Bytes::new(data);
    let flags = b.u8();
    let rest = b.rest();
    let (sheet, sst) = match rest.iter().position(|&c| c == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let wrap = |head: &str, body: &[u8], tail: &str| [head.as_bytes(), body, tail.as_bytes()].concat();
    let sheet = if flags & 1 == 0 { wrap(SHEET_HEAD, sheet, SHEET_TAIL) } else { sheet.to_vec() };
    let sst = if flags & 2 == 0 { wrap(SST_HEAD, sst, SST_TAIL) } else { sst.to_vec() };
    let book = workbook(&sheet, (flags & 4 == 0).then_some(&sst[..]));
    for (_, range) in import::decoded_sheets(book.clone(), FUZZ_SHEET_CELLS) {
        let cells = range.width() as u64 * range.height() as u64;
        assert!(cells <= FUZZ_SHEET_CELLS, "the guard let a sheet of {cells} cells through");
    }
    import_file("导出.xlsx", &book, None, 1 + (flags >> 3) as usize);
}

// ---------------------------------------------------------------------------
// engine: odd rows, every query, partitioned = unpartitioned
// ---------------------------------------------------------------------------

/// Nicks: staff (`店:…`), buyers, and the odd ones (empty, a formula, a
/// line break, a very long one).
fn nicks() -> Vec<String> {
    vec![
        "店:客服A".into(),
        "店:客服B".into(),
        "另一店:小二".into(),
        "买家1".into(),
        "买家2".into(),
        "=HYPERLINK(\"x\")".into(),
        "买\n家".into(),
        "x".repeat(5000),
        "客服".into(),
        "🙂".into(),
    ]
}

const TEXTS: [&str; 12] = [
    "你好",
    "在吗",
    "[自动回复]您好，欢迎光临",
    "好的，感谢您的支持，再见",
    "订单号 123456789012345",
    "我要投诉，退款",
    "咨询的内容为 1.2",
    "",
    "=1+1",
    "多行\n消息",
    "谢谢",
    "发货了吗？",
];

/// Days the rows fall on: the epoch, the last day of 2100, a leap day, the
/// turn of a year (and of an ISO week), an ordinary day.
const DAYS: [(i32, u32, u32); 5] = [(1970, 1, 1), (2100, 12, 31), (2024, 2, 29), (2023, 12, 31), (2024, 6, 3)];

/// Seconds after the previous row: ties, one second, around the 3-minute
/// threshold, an hour, a day less a second, backwards.
const STEPS: [i64; 10] = [0, 0, 1, 179, 180, 181, 3600, 86_399, -1, 40_000];

/// A time: a day of [`DAYS`] at midnight, a second before the next
/// midnight, or after the previous row.
fn time(b: &mut Bytes, prev: i64) -> i64 {
    match b.u8() % 4 {
        0 => {
            let (y, m, d) = *b.pick(&DAYS);
            ts_from_ymdhms(y, m, d, 0, 0, 0).unwrap_or(0)
        }
        1 => {
            let (y, m, d) = *b.pick(&DAYS);
            ts_from_ymdhms(y, m, d, 23, 59, 59).unwrap_or(0)
        }
        _ => prev + b.pick(&STEPS),
    }
}

/// The settings a case runs under: bits of one byte switch on work time
/// with a lunch break, staff accounts in teams, categories, a main
/// account, no closing-word filter, a 1-second threshold, a holiday, first
/// credit.
fn case_settings(bits: u8) -> Settings {
    let mut s = Settings::default();
    if bits & 1 != 0 {
        for v in s.work_time.values_mut() {
            *v = vec!["09:00-12:00".parse().expect("interval"), "13:30-23:00".parse().expect("interval")];
        }
    }
    if bits & 2 != 0 {
        s.accounts = vec![
            Account {
                nick: "店:客服A".into(),
                name: "甲".into(),
                team: vec!["一组".into(), "A".into()],
                role: Role::Presales,
            },
            Account { nick: "店:客服B".into(), name: String::new(), team: vec![], role: Role::Aftersales },
            Account { nick: "客服".into(), name: String::new(), team: vec!["二组".into()], role: Role::Presales },
        ];
    }
    if bits & 4 != 0 {
        s.categories = crate::engine::category::seed003_example();
    }
    if bits & 8 != 0 {
        s.main_accounts = vec!["客服".into()];
    }
    if bits & 16 != 0 {
        s.closing_word_filter = false;
    }
    if bits & 32 != 0 {
        s.response_threshold_secs = 1;
    }
    if bits & 64 != 0 {
        s.holidays = vec!["2024-06-03".into(), "1970-01-01".into()];
    }
    if bits & 128 != 0 {
        s.credit = crate::settings::Credit::First;
    }
    s
}

/// Every alert rule on, with keywords that occur in [`TEXTS`].
fn all_rules() -> AlertRules {
    let mut r = AlertRules::default();
    r.sensitive_words.enabled = true;
    r.sensitive_words.staff = true;
    r.sensitive_words.buyer = true;
    r.sensitive_words.keywords = vec!["退款".into(), "在吗".into()];
    r.complaint.enabled = true;
    r.low_rating.enabled = true;
    r.unpaid_no_reminder.enabled = true;
    r.wait.enabled = true;
    r.reply_timeout.enabled = true;
    r.exclude_off_hours = false;
    r
}

/// A dataset of up to 64 messages, 12 orders and 8 ratings decoded from
/// the input: table rows and text-format blocks, odd times and nicks.
pub fn odd_dataset(b: &mut Bytes) -> Dataset {
    let mut ds = Dataset::default();
    let nicks = nicks();
    let shop = ds.shops.intern("店");
    ds.nicks.intern(import::UNASSIGNED);
    let mut arena = None;
    let mut t = ts_from_ymdhms(2024, 6, 3, 9, 0, 0).unwrap_or(0);
    let (n_msgs, n_orders, n_ratings) = (b.u8() % 65, b.u8() % 13, b.u8() % 9);
    for i in 0..n_msgs {
        t = time(b, t);
        let agent = ds.nicks.intern(b.pick::<String>(&nicks));
        let buyer = ds.nicks.intern(b.pick::<String>(&nicks));
        let sender = *b.pick(&[Sender::Buyer, Sender::Agent, Sender::Agent, Sender::System]);
        let text = ds.push_text(&mut arena, b.pick::<&str>(&TEXTS));
        let speaker = if sender == Sender::Buyer { buyer } else { agent };
        // One in four rows is part of a text block: only its speaker known.
        let block = b.u8();
        let (block, agent, buyer) = if block.is_multiple_of(4) {
            let k = u32::from(block >> 2) % 3;
            ds.blocks = ds.blocks.max(k + 1);
            (
                k,
                if sender == Sender::Agent { speaker } else { Sym::NONE },
                if sender == Sender::Buyer { speaker } else { Sym::NONE },
            )
        } else {
            (NO_BLOCK, agent, buyer)
        };
        ds.messages.push(Message {
            ts: t,
            shop,
            agent,
            buyer,
            speaker,
            sender,
            block,
            text,
            file: 0,
            line: i as u32 + 2,
        });
    }
    // Text blocks are contiguous in the dataset, as the importer leaves them.
    ds.messages.sort_by_key(|m| if m.block == NO_BLOCK { 0 } else { 1 + m.block as u64 });
    for i in 0..n_orders {
        t = time(b, t);
        let created = t;
        let paid = match b.u8() % 4 {
            0 => None,
            1 => Some(created),
            2 => Some(created + 86_400 * i64::from(b.u8() % 5)),
            _ => Some(created - 1),
        };
        let buyer = if b.u8().is_multiple_of(5) { Sym::NONE } else { ds.nicks.intern(b.pick::<String>(&nicks)) };
        // The largest amount the importer reads: 15 integer digits, in fen.
        let amount_fen = *b.pick(&[0, 1, 9_900, -500, 99_999_999_999_999_999]);
        let id = b.pick::<&str>(&["123456789012345", "A1", "", "123456789012345"]).to_string();
        ds.orders.push(Order {
            id,
            shop,
            buyer,
            created,
            paid,
            amount_fen,
            status: String::new(),
            title: format!("商品{i}"),
            item_ids: String::new(),
            file: 1,
            line: i as u32 + 2,
            refund_fen: 0,
        });
    }
    for i in 0..n_ratings {
        t = time(b, t);
        let agent = ds.nicks.intern(b.pick::<String>(&nicks));
        let buyer = ds.nicks.intern(b.pick::<String>(&nicks));
        let score = *b.pick(&[1, 2, 3, 4, 5, 0]);
        ds.ratings.push(Rating { shop, agent, buyer, ts: t, score, file: 2, line: i as u32 + 2 });
    }
    ds
}

const GROUPINGS: &[&[Dim]] = &[
    &[],
    &[Dim::Shop],
    &[Dim::Team],
    &[Dim::Group],
    &[Dim::Agent],
    &[Dim::Day],
    &[Dim::Week],
    &[Dim::Month],
    &[Dim::Hour],
    &[Dim::Weekday],
    &[Dim::Category],
    &[Dim::Agent, Dim::Day],
    &[Dim::Agent, Dim::Week],
    &[Dim::Shop, Dim::Group],
    &[Dim::Product],
    &[Dim::Agent, Dim::Product],
];

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialises")
}

/// Target `engine`: odd rows under settings chosen by the input, every
/// query the app asks (reports by every grouping, the drill of every
/// metric on three keys, transcripts, alerts, KPI, histogram, hours, the
/// category pivot, the daily summary), and the partitioned engine (2 and 3
/// parts) answering exactly as the unpartitioned one.
pub fn engine(data: &[u8]) {
    let mut b = Bytes::new(data);
    let settings = case_settings(b.u8());
    let parts = 2 + b.u8() as usize % 2;
    let mut ds = odd_dataset(&mut b);
    let e = Engine::prepare(&mut ds, &settings);
    let pe = PartitionedEngine::prepare(&mut ds, &settings, parts);

    let (first, _) = e.days();
    let mut filters = vec![Filter::default(), Filter { role: Some(Role::Aftersales), ..Filter::default() }];
    if let Some(day) = first {
        filters.push(Filter { from: Some(day.clone()), to: Some(day), ..Filter::default() });
    }
    assert_eq!(json(&pe.summary()), json(&e.summary(&ds)), "summary");
    for (i, filter) in filters.iter().enumerate() {
        // Every grouping unfiltered; two under the other filters.
        let groupings = if i == 0 { GROUPINGS } else { &GROUPINGS[..2] };
        for by in groupings {
            let q = Query { by: by.to_vec(), filter: filter.clone(), rules: crate::engine::metric::Rule::ALL.to_vec() };
            assert_eq!(json(&pe.report(&q)), json(&e.report(&q)), "{parts} parts, by {by:?}, {filter:?}");
        }
        assert_eq!(json(&pe.daily_summary(filter)), json(&e.daily_summary(filter)), "daily summary");
        let actuals = e.kpi_actuals(filter);
        assert_eq!(json(&pe.kpi_actuals(filter)), json(&actuals), "KPI actuals");
        for role in [Role::Presales, Role::Aftersales] {
            let _ = kpi::score_role(&settings, role, &actuals).to_json();
        }
        let _ = json(&e.response_histogram(filter));
        let _ = json(&e.hours(filter));
        for level in 0..4 {
            let _ = json(&e.category_pivot(filter, level));
        }
        for rules in [settings.alert_rules(), all_rules()] {
            assert_eq!(json(&pe.alerts(&rules, filter)), json(&e.alerts(&ds, &rules, filter)), "alerts");
        }
    }
    // Drill keys: the total and the first row of a few groupings (the
    // drill of every metric on each is the costly part of a run).
    let mut keys: Vec<BTreeMap<String, String>> = vec![BTreeMap::new()];
    for by in [vec![Dim::Agent, Dim::Day], vec![Dim::Category]] {
        keys.extend(
            e.report(&Query { by, filter: Filter::default(), rules: vec![] }).rows.into_iter().take(1).map(|r| r.key),
        );
    }
    let metrics = METRIC_KEYS.iter().map(|k| k.to_string()).chain([ROUNDS_OVER.into(), HIST_METRIC.into()]);
    for metric in metrics {
        for key in &keys {
            let mut key = key.clone();
            if metric == HIST_METRIC {
                key.insert(HIST_KEY.into(), "0-30".into());
            }
            let req = DrillRequest { filter: Filter::default(), key, metric: metric.clone() };
            assert_eq!(json(&pe.drill(&req)), json(&e.drill(&ds, &req)), "drill {metric}");
        }
    }
    assert_eq!(pe.conv_count(), e.conv_count(), "conversation-days");
    for conv in 0..e.conv_count() as u32 + 1 {
        assert_eq!(json(&pe.transcript(conv)), json(&e.transcript(&ds, conv)), "transcript {conv}");
    }
}

// ---------------------------------------------------------------------------
// settings and rules
// ---------------------------------------------------------------------------

/// A small fixed dataset for the settings and rules targets to run over.
fn small_dataset() -> Dataset {
    // Eight fixed bytes pick rows of every kind.
    odd_dataset(&mut Bytes::new(&[24, 6, 4, 2, 0, 3, 4, 1, 9, 0, 2, 3, 1, 5, 0, 0, 7, 2, 3, 4, 1, 0, 0, 3, 2, 1]))
}

/// Target `settings`: any text as a settings file. It either loads or says
/// what is wrong in both languages; what loads round-trips through the
/// app's own JSON and builds an engine that answers a report and alerts.
pub fn settings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for parsed in [Settings::parse(&text), Settings::parse_stored(&text)] {
        match parsed {
            Err(e) => {
                assert!(!crate::format::settings_error(&e, true).is_empty());
                assert!(!crate::format::settings_error(&e, false).is_empty());
            }
            Ok(s) => {
                let again = Settings::parse(&s.to_json()).expect("saved settings load again");
                assert_eq!(again, s, "settings round-trip");
                let mut ds = small_dataset();
                let e = Engine::prepare(&mut ds, &s);
                let _ =
                    e.report(&Query { by: vec![Dim::Agent, Dim::Category], filter: Filter::default(), rules: vec![] });
                let _ = e.alerts(&ds, &s.alert_rules(), &Filter::default());
                let _ = e.kpi_actuals(&Filter::default());
                let _ = crate::import::ImportOptions::from_settings(&s);
            }
        }
    }
}

/// Target `rules`: the input as a category tree and alert rules. Lines
/// are `>>code|name|kw,kw|regex` (`>` per level below the top); the first
/// line is the category marker, the second the sensitive-word regex and
/// keywords, the third the complaint's. Compiling either succeeds or gives
/// an error (never a panic); compiled rules run over a small dataset.
pub fn rules(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines();
    let marker = lines.next().unwrap_or("").to_string();
    let (sens_re, sens_kw) = split_rule(lines.next().unwrap_or(""));
    let (comp_re, comp_kw) = split_rule(lines.next().unwrap_or(""));
    let mut roots: Vec<CategoryNode> = Vec::new();
    for line in lines.take(200) {
        let depth = line.chars().take_while(|&c| c == '>').count();
        let mut f = line[depth..].split('|');
        let node = CategoryNode {
            code: f.next().unwrap_or("").into(),
            name: f.next().unwrap_or("").into(),
            keywords: f.next().map(|k| k.split(',').map(str::to_string).collect()).unwrap_or_default(),
            regex: f.next().map(str::to_string),
            children: Vec::new(),
        };
        // Attach under the last node `depth` levels down (or as deep as exists).
        let mut level = &mut roots;
        for _ in 0..depth {
            if level.is_empty() {
                break;
            }
            let last = level.len() - 1;
            level = &mut level[last].children;
        }
        level.push(node);
    }
    let tree = crate::engine::category::CategoryTree::from_parts(&roots, &marker);
    let mut s = Settings { category_marker: marker, categories: roots, ..Settings::default() };
    let mut rules = all_rules();
    rules.sensitive_words.regex = sens_re;
    rules.sensitive_words.keywords = sens_kw;
    rules.complaint.regex = comp_re;
    rules.complaint.keywords = comp_kw;
    let valid = rules.validate();
    s.alerts = Some(rules.clone());
    let mut ds = small_dataset();
    if let Ok(tree) = &tree {
        let texts: Vec<&str> = TEXTS.to_vec();
        let class = tree.classify(&texts, &texts);
        let _ = tree.path_of(class);
        for i in 0..tree.len() {
            let _ = tree.ancestors(i);
            let _ = tree.path_string(i);
        }
        let _ = tree.roll_up(&vec![1; tree.len()]);
        let e = Engine::prepare(&mut ds, &s);
        let _ = e.report(&Query { by: vec![Dim::Category], filter: Filter::default(), rules: vec![] });
        for level in 0..4 {
            let _ = e.category_pivot(&Filter::default(), level);
        }
    } else {
        // An invalid tree is left out; alerts still run (an invalid regex
        // is ignored by the engine and reported by `validate`).
        s.categories.clear();
        s.category_marker.clear();
    }
    let e = Engine::prepare(&mut ds, &s);
    let alerts = e.alerts(&ds, &rules, &Filter::default());
    if valid.is_err() {
        let _ = alerts.len();
    }
}

/// `regex|kw,kw` → (regex, keywords).
fn split_rule(line: &str) -> (Option<String>, Vec<String>) {
    let (re, kw) = line.split_once('|').unwrap_or((line, ""));
    let re = (!re.is_empty()).then(|| re.to_string());
    (re, kw.split(',').filter(|k| !k.is_empty()).map(str::to_string).collect())
}
