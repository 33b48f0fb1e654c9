//! 分享报告与脱敏 (issue 15 item 3): the shared HTML report and redaction.
//! What must not leak is collected from the input files themselves, and
//! every scan is also run over the unredacted report, which must find it
//! (so a scan that finds nothing cannot pass by accident).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use kefu_lens::cli::share::{html, ShareArgs};
use kefu_lens::cli::InputArgs;
use kefu_lens::demo::DemoParams;
use kefu_lens::engine::{DrillRequest, DrillView, Filter};
use kefu_lens::protocol::{Answer, QueryKind};
use kefu_lens::session::Session;
use kefu_lens::settings::Settings;
use kefu_lens::share::{QaRow, ShareRequest};

fn fixture(n: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(n)
}

/// The values of the named columns (headers trimmed) of a CSV file.
fn columns(bytes: &[u8], names: &[&str]) -> Vec<String> {
    // the demo writes its order export in GB18030, as Taobao does
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(|h| h.trim().to_string()).collect();
    let idx: Vec<usize> = names.iter().filter_map(|n| headers.iter().position(|h| h == n)).collect();
    assert!(!idx.is_empty(), "none of {names:?} in {headers:?}");
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        for &i in &idx {
            if let Some(v) = rec.get(i) {
                // order exports write numbers as ="…" or with a tab
                let v = v.trim().trim_start_matches('=').trim_matches('"').trim();
                if !v.is_empty() {
                    out.push(v.to_string());
                }
            }
        }
    }
    out
}

/// Mainland mobiles and landlines anywhere in the files' text (read with an
/// independent pattern, not the redactor's).
fn phones(texts: &[&[u8]]) -> Vec<String> {
    let re = regex::Regex::new(r"1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8}").unwrap();
    let mut out = BTreeSet::new();
    for t in texts {
        for line in String::from_utf8_lossy(t).lines() {
            // order numbers hold phone-like runs: only whole tokens count
            for tok in line.split(|c: char| !(c.is_ascii_digit() || c == '-')) {
                if re.find(tok).is_some_and(|m| m.as_str() == tok) {
                    out.insert(tok.to_string());
                }
            }
        }
    }
    out.into_iter().collect()
}

/// What must not appear, by kind.
struct Secrets(BTreeMap<&'static str, Vec<String>>);

impl Secrets {
    /// Each kind's values found in `html`.
    fn found(&self, html: &str) -> BTreeMap<&'static str, Vec<String>> {
        self.0.iter().map(|(k, v)| (*k, v.iter().filter(|s| html.contains(s.as_str())).cloned().collect())).collect()
    }
}

fn fixture_secrets() -> Secrets {
    let chats = std::fs::read(fixture("share_chats.csv")).unwrap();
    let orders = std::fs::read(fixture("share_orders.csv")).unwrap();
    let mut m = BTreeMap::new();
    let mut buyers = columns(&chats, &["买家"]);
    buyers.extend(columns(&orders, &["买家会员名"]));
    buyers.sort();
    buyers.dedup();
    m.insert("buyer", buyers);
    m.insert("order", columns(&orders, &["订单编号"]));
    m.insert("phone", phones(&[&chats, &orders]));
    m.insert("receiver", columns(&orders, &["收货人姓名"]));
    m.insert("address", columns(&orders, &["收货地址"]));
    Secrets(m)
}

fn fixture_args(redact: bool, parts: usize) -> ShareArgs {
    ShareArgs {
        input: InputArgs {
            chats: vec![fixture("share_chats.csv")],
            orders: vec![fixture("share_orders.csv")],
            config: Some(fixture("share_settings.json")),
            parts,
            ..Default::default()
        },
        redact,
        generated: "2024-06-05 08:00".into(),
        shop: "店".into(),
        out: PathBuf::from("unused.html"),
        ..Default::default()
    }
}

fn fixture_session() -> Session {
    let mut s = Session::new();
    s.set_settings(Settings::parse(&std::fs::read_to_string(fixture("share_settings.json")).unwrap()).unwrap());
    for n in ["share_chats.csv", "share_orders.csv"] {
        s.import_file(n, std::fs::read(fixture(n)).unwrap(), None);
    }
    s.rebuild(false, false);
    s
}

/// The (data-metric, data-value) pairs of a report, in order.
fn numbers(html: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"data-metric="([^"]*)" data-value="([^"]*)""#).unwrap();
    re.captures_iter(html).map(|c| (c[1].to_string(), c[2].to_string())).collect()
}

/// The alert rows' (agent, buyer) cells.
fn alert_people(html: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(
        r#"<tr><td class="(?:red|yellow|info)">[^<]*</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td>"#,
    )
    .unwrap();
    re.captures_iter(html).map(|c| (c[1].to_string(), c[2].to_string())).collect()
}

/// No 7-digit piece of a phone or order number in the redacted text (a
/// rule's 【】 mark or a clipped excerpt can split one so the whole never
/// appears), outside the `data-value`s; with `shown`, the plain text shows
/// pieces (the fixture's alerts quote them; the demo's strongest alerts
/// need not).
fn assert_no_pieces(secrets: &Secrets, plain: &str, redacted: &str, shown: bool) {
    let values = regex::Regex::new(r#"data-value="[^"]*""#).unwrap();
    let clean = |h: &str| values.replace_all(h, "").replace(['【', '】'], "");
    let (plain, redacted) = (clean(plain), clean(redacted));
    let mut seen = 0;
    for s in secrets.0["phone"].iter().chain(&secrets.0["order"]) {
        let digits: Vec<char> = s.chars().filter(char::is_ascii_digit).collect();
        for w in digits.windows(7) {
            let piece: String = w.iter().collect();
            assert!(!redacted.contains(&piece), "a piece {piece} of {s} is in the redacted report");
            seen += usize::from(plain.contains(&piece));
        }
    }
    assert!(!shown || seen > 0, "the plain report shows no piece of a phone or order number");
}

fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    for bad in ["http", "//", "<script src", "<link", "url("] {
        assert!(!html.contains(bad), "the report holds {bad:?}");
    }
    assert!(html.contains("@media print") && html.contains("<svg"), "print CSS and inline charts");
}

#[test]
fn the_redacted_fixture_report_leaks_nothing_the_plain_one_shows() {
    let secrets = fixture_secrets();
    let (plain, _) = html(&fixture_args(false, 1)).unwrap();
    let (redacted, _) = html(&fixture_args(true, 1)).unwrap();
    assert_self_contained(&plain);
    assert_self_contained(&redacted);
    for (kind, found) in secrets.found(&plain) {
        assert!(!found.is_empty(), "the plain report shows no {kind}: the scan would prove nothing");
    }
    for (kind, found) in secrets.found(&redacted) {
        assert!(found.is_empty(), "the redacted report shows {kind}s {found:?}");
    }
    assert_no_pieces(&secrets, &plain, &redacted, true);
    // Same numbers, only labels change.
    let n = numbers(&plain);
    assert!(n.len() > 50, "{} numbers", n.len());
    assert_eq!(n, numbers(&redacted));
    // Agents by configured name; one without a name by its place.
    assert!(plain.contains("店:A") && !redacted.contains("店:A") && !redacted.contains("店:B"));
    assert!(redacted.contains("小安") && redacted.contains("客服-2"));
    for p in ["买家-0001", "订单-0002", "电话-***", "地址-***", "收货人-***"] {
        assert!(redacted.contains(p), "{p} missing in {redacted}");
    }
}

#[test]
fn one_engine_and_any_parts_give_the_same_file() {
    for redact in [false, true] {
        let (one, _) = html(&fixture_args(redact, 1)).unwrap();
        let (two, _) = html(&fixture_args(redact, 2)).unwrap();
        assert_eq!(one, two, "1 and 2 parts (redact {redact})");
        let mut s = fixture_session();
        let request = kefu_lens::cli::share::request(&fixture_args(redact, 1)).unwrap();
        match s.answer(QueryKind::ShareReport { request }).unwrap() {
            Answer::File { mime, error: None, bytes } => {
                assert_eq!(mime, "text/html");
                assert_eq!(
                    String::from_utf8(bytes).unwrap(),
                    one,
                    "the session's report is the CLI's (redact {redact})"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

/// A drill of every consultation of the fixture, exported plain and
/// redacted: (plain rows, redacted rows) as CSV records.
fn drill_exports(s: &mut Session) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let request = DrillRequest { metric: "consult_buyers".into(), key: BTreeMap::new(), filter: Filter::default() };
    let Answer::Drill { drill_id, .. } = s.answer(QueryKind::Drill { request, view: DrillView::default() }).unwrap()
    else {
        panic!("a drill")
    };
    let headers: Vec<String> = ["day", "agent", "buyer", "time", "detail", "opening"].map(String::from).to_vec();
    let mut out = Vec::new();
    for redact in [false, true] {
        let q =
            QueryKind::ExportDrill { drill_id, headers: headers.clone(), xlsx: false, zh: true, sheet: None, redact };
        let Answer::File { bytes, .. } = s.answer(q).unwrap() else { panic!("a file") };
        let text = String::from_utf8(bytes).unwrap();
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        out.push(r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect::<Vec<Vec<String>>>());
    }
    let redacted = out.pop().unwrap();
    (out.pop().unwrap(), redacted)
}

#[test]
fn a_buyer_has_one_pseudonym_in_the_report_and_the_drill_export() {
    let mut s = fixture_session();
    let (plain, redacted) = drill_exports(&mut s);
    assert_eq!(plain.len(), redacted.len());
    assert!(plain.len() >= 3);
    // buyer nick → pseudonym, from the export (column 2)
    let mut map = BTreeMap::new();
    for (p, r) in plain.iter().zip(&redacted) {
        assert_eq!((&p[0], &p[3]), (&r[0], &r[3]), "day and time stay");
        assert_ne!(p[2], r[2]);
        assert_eq!(map.entry(p[2].clone()).or_insert_with(|| r[2].clone()), &r[2], "one pseudonym per buyer");
    }
    let pseudonyms: BTreeSet<&String> = map.values().collect();
    assert_eq!(pseudonyms.len(), map.len(), "two buyers never share one");
    for r in &redacted {
        for secret in fixture_secrets().0.values().flatten() {
            assert!(!r.join(",").contains(secret.as_str()), "the redacted export holds {secret}");
        }
    }
    // The report's alerts name the same buyers by the same pseudonyms.
    let mut req = kefu_lens::cli::share::request(&fixture_args(false, 1)).unwrap();
    let report = |s: &mut Session, req: &ShareRequest| match s
        .answer(QueryKind::ShareReport { request: req.clone() })
        .unwrap()
    {
        Answer::File { bytes, .. } => String::from_utf8(bytes).unwrap(),
        other => panic!("{other:?}"),
    };
    let plain_people = alert_people(&report(&mut s, &req));
    req.redact = true;
    let redacted_people = alert_people(&report(&mut s, &req));
    assert_eq!(plain_people.len(), redacted_people.len());
    let mut checked = 0;
    for ((_, pb), (_, rb)) in plain_people.iter().zip(&redacted_people) {
        if let Some(p) = map.get(pb) {
            assert_eq!(p, rb, "{pb}");
            checked += 1;
        }
    }
    assert!(checked >= 2, "only {checked} alert buyers were in the drill");
}

#[test]
fn the_redacted_demo_report_holds_no_buyer_order_or_phone() {
    let mut s = Session::new();
    let params = DemoParams { days: 5, messages: 4_000, ..DemoParams::default() };
    let files = s.demo_files(&params);
    let mut m: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for f in &files {
        if f.name == kefu_lens::demo::CHAT_CSV {
            m.entry("buyer").or_default().extend(columns(&f.bytes, &["顾客"]));
        } else if f.name == kefu_lens::demo::order_file_name(&params) {
            m.entry("buyer").or_default().extend(columns(&f.bytes, &["买家会员名"]));
            m.entry("order").or_default().extend(columns(&f.bytes, &["订单编号"]));
            m.entry("receiver").or_default().extend(columns(&f.bytes, &["收货人姓名"]));
            m.entry("address").or_default().extend(columns(&f.bytes, &["收货地址"]));
            m.entry("phone").or_default().extend(columns(&f.bytes, &["联系手机"]));
        }
    }
    for v in m.values_mut() {
        v.sort();
        v.dedup();
        assert!(!v.is_empty());
    }
    let secrets = Secrets(m);
    for f in files {
        s.import_file(&f.name, f.bytes, None);
    }
    s.rebuild(false, false);
    let qa = vec![QaRow {
        agent: s.loaded(false, false).agents[0].clone(),
        sampled: 10,
        scored: 8,
        average: Some(0.8),
        worst_items: vec!["未核对地址".into()],
    }];
    let mut request = ShareRequest { zh: true, qa, ..Default::default() };
    let mut report =
        |request: &ShareRequest| match s.answer(QueryKind::ShareReport { request: request.clone() }).unwrap() {
            Answer::File { bytes, .. } => String::from_utf8(bytes).unwrap(),
            other => panic!("{other:?}"),
        };
    let plain = report(&request);
    request.redact = true;
    let redacted = report(&request);
    assert_self_contained(&redacted);
    let found = secrets.found(&plain);
    assert!(!found["buyer"].is_empty(), "the plain demo report shows no buyer nick");
    for (kind, found) in secrets.found(&redacted) {
        assert!(found.is_empty(), "the redacted demo report shows {kind}s {:?}", &found[..found.len().min(5)]);
    }
    assert_eq!(numbers(&plain), numbers(&redacted));
    assert_no_pieces(&secrets, &plain, &redacted, false);
    // English words and pseudonyms.
    request.zh = false;
    let en = report(&request);
    assert!(en.contains("Buyer-0") && en.contains("Overview") && !en.contains("买家-0"));
}

#[test]
fn kefu_alerts_redact_hides_what_the_plain_output_shows() {
    use kefu_lens::cli::alerts::{run_alerts, AlertsArgs};
    let secrets = fixture_secrets();
    let args = |redact: bool| AlertsArgs { input: fixture_args(false, 2).input, format: "csv".into(), redact };
    let plain = run_alerts(&args(false)).unwrap().text;
    let redacted = run_alerts(&args(true)).unwrap().text;
    for kind in ["buyer", "phone", "receiver", "address"] {
        assert!(!secrets.found(&plain)[kind].is_empty(), "plain alerts show no {kind}");
    }
    for (kind, found) in secrets.found(&redacted) {
        assert!(found.is_empty(), "redacted alerts show {kind}s {found:?}");
    }
    assert_eq!(plain.lines().count(), redacted.lines().count());
    assert!(redacted.contains(",小安,买家-0001,"), "{redacted}");
}
