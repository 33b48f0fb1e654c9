//! `kefu parquet` (issue 12 item 5): the demo shop written as Parquet in 1
//! and 3 parts, read back with the `parquet` crate's own reader. Each
//! table's rows over all parts are the unpartitioned engine's (conversation
//! days, buyer-days, rounds, orders with their credited agent, messages),
//! counted against the engine's public answers (`conv_count`, `summary`,
//! the report's `rounds`); every row of a buyer is in part
//! `partition_of(buyer, n)`; orders linked through their number follow
//! their buyer, not-linked ones are in part 0; and the run table carries
//! the settings.
//! The SQL over these files is checked against `kefu report` by
//! `tests/scaleout/check.py`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use kefu_lens::cli::parquet::{part_file, run, run_file, ParquetArgs};
use kefu_lens::cli::InputArgs;
use kefu_lens::demo::{self, DemoParams};
use kefu_lens::engine::{Engine, Query};
use kefu_lens::partition::partition_of;
use kefu_lens::tables::{Tables, TABLES};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

type Record = BTreeMap<String, Field>;

/// The demo shop's files in a fresh directory, as `kefu` input flags.
fn demo_inputs(dir: &Path) -> InputArgs {
    let p = DemoParams { seed: 11, days: 10, messages: 4000, start: "2024-06-03".into() };
    std::fs::create_dir_all(dir).unwrap();
    let mut args = InputArgs::default();
    for f in demo::generate_files(&p) {
        let path = dir.join(&f.name);
        std::fs::write(&path, &f.bytes).unwrap();
        if f.name == demo::SETTINGS_JSON {
            args.config = Some(path);
        } else if f.name.starts_with("ExportOrderList") {
            args.orders.push(path);
        } else if f.name.starts_with("接待评价") {
            args.ratings.push(path);
        } else if f.name == demo::ITEMS_CSV {
            args.items.push(path);
        } else if f.name == demo::refunds::REFUNDS_CSV {
            args.refunds.push(path);
        } else {
            args.chats.push(path);
        }
    }
    assert!(!args.orders.is_empty() && !args.ratings.is_empty() && args.chats.len() >= 2);
    args
}

/// Every row of a Parquet file, by column name, with its row-group count
/// checked against the footer's row count.
fn read(path: &Path) -> Vec<Record> {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let footer_rows = reader.metadata().file_metadata().num_rows();
    let rows: Vec<Record> = reader
        .into_iter()
        .map(|r| r.unwrap().get_column_iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .collect();
    assert_eq!(rows.len() as i64, footer_rows, "{}", path.display());
    rows
}

fn text(r: &Record, col: &str) -> Option<String> {
    match &r[col] {
        Field::Str(s) => Some(s.clone()),
        Field::Null => None,
        other => panic!("{col}: {other:?}"),
    }
}

fn truth(r: &Record, col: &str) -> bool {
    match &r[col] {
        Field::Bool(b) => *b,
        other => panic!("{col}: {other:?}"),
    }
}

fn date(r: &Record, col: &str) -> Option<i32> {
    match &r[col] {
        Field::Date(d) => Some(*d),
        Field::Null => None,
        other => panic!("{col}: {other:?}"),
    }
}

#[test]
fn tables_in_parts_are_the_engines_rows() {
    let dir = std::env::temp_dir().join(format!("kefu-parquet-it-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let input = demo_inputs(&dir.join("demo"));
    let settings = input.settings().unwrap();
    let mut ds = input.dataset().unwrap();
    let engine = Engine::prepare(&mut ds, &settings);
    let whole = Tables::of(&ds, &engine);
    let summary = engine.summary(&ds);
    let total = &engine.report(&Query::default()).rows[0].metrics;
    assert!(whole.rounds.len() as u64 > total.rounds && total.rounds > 100, "some rounds open outside work time");
    assert!(summary.orders > 50 && summary.ratings > 50);

    for n in [1usize, 3] {
        let out: PathBuf = dir.join(format!("out-{n}"));
        let args = ParquetArgs { input: InputArgs { parts: n, ..input.clone() }, out: out.clone() };
        let printed: serde_json::Value = serde_json::from_str(&run(&args).unwrap()).unwrap();
        // Per table, all parts' rows, each with its part.
        let mut got: BTreeMap<&str, Vec<(usize, Record)>> = BTreeMap::new();
        for table in TABLES {
            for k in 0..n {
                let rows = read(&part_file(&out, table, k));
                got.entry(table).or_default().extend(rows.into_iter().map(|r| (k, r)));
            }
            assert_eq!(printed["rows"][table], got[table].len(), "n={n} {table}: printed count");
            assert!(!out.join(table).join(format!("part={n}")).exists(), "no part beyond n-1");
        }
        // Row counts: the engine's.
        assert_eq!(got["conversation_days"].len(), engine.conv_count(), "n={n}");
        assert_eq!(got["messages"].len() as u64, summary.messages, "n={n}");
        assert_eq!(got["orders"].len() as u64, summary.orders, "n={n}");
        assert_eq!(got["rounds"].len(), whole.rounds.len(), "n={n}");
        let counted = got["rounds"].iter().filter(|(_, r)| truth(r, "counted")).count();
        assert_eq!(counted as u64, total.rounds, "n={n}: counted rounds = the report's rounds");
        let bd_keys: BTreeSet<(String, i32)> = got["conversation_days"]
            .iter()
            .map(|(_, r)| (text(r, "buyer").unwrap(), date(r, "day").unwrap()))
            .collect();
        assert_eq!(got["buyer_days"].len(), bd_keys.len(), "n={n}: one buyer-day per (buyer, day)");
        assert_eq!(got["buyer_days"].len(), whole.buyer_days.len(), "n={n}");
        // The split's conversation-days and attributions are the
        // unpartitioned engine's.
        let conv_keys = |rows: Vec<(String, String, i32)>| rows.into_iter().collect::<BTreeSet<_>>();
        assert_eq!(
            conv_keys(
                got["conversation_days"]
                    .iter()
                    .map(|(_, r)| (text(r, "agent").unwrap(), text(r, "buyer").unwrap(), date(r, "day").unwrap()))
                    .collect()
            ),
            conv_keys(whole.conversation_days.iter().map(|c| (c.agent.clone(), c.buyer.clone(), c.day.0)).collect()),
            "n={n}"
        );
        let credit = |rows: Vec<(String, Option<String>, Option<i32>)>| rows.into_iter().collect::<BTreeSet<_>>();
        let got_credit = credit(
            got["orders"]
                .iter()
                .map(|(_, r)| (text(r, "order_id").unwrap(), text(r, "credited_agent"), date(r, "inquiry_day")))
                .collect(),
        );
        let want_credit = credit(
            whole
                .orders
                .iter()
                .map(|o| (o.order_id.clone(), o.credited_agent.clone(), o.inquiry_day.map(|d| d.0)))
                .collect(),
        );
        assert_eq!(got_credit, want_credit, "n={n}");
        assert!(got["orders"].iter().filter(|(_, r)| truth(r, "attributed")).count() > 20);
        // Every row with a buyer is in its buyer's part.
        let mut buyers = BTreeSet::new();
        for table in TABLES {
            for (k, r) in &got[table] {
                if let Some(b) = text(r, "buyer") {
                    assert_eq!(*k, partition_of(&b, n), "n={n} {table}: {b}");
                    buyers.insert(b);
                }
            }
        }
        let parts_used: BTreeSet<usize> = buyers.iter().map(|b| partition_of(b, n)).collect();
        assert_eq!(parts_used.len(), n, "n={n}: every part has buyers");
        // The run table: one row with the settings a query reads.
        let run_rows = read(&run_file(&out));
        assert_eq!(run_rows.len(), 1);
        assert_eq!(run_rows[0]["parts"], Field::Long(n as i64));
        assert_eq!(run_rows[0]["response_threshold_secs"], Field::Long(settings.response_threshold_secs));
        assert_eq!(run_rows[0]["orders"], Field::Long(summary.orders as i64));
        assert_eq!(run_rows[0]["ratings"], Field::Long(summary.ratings as i64));
    }
    // Writing 1 part over the 3-part directory removes parts 1 and 2.
    let out = dir.join("out-3");
    run(&ParquetArgs { input: InputArgs { parts: 1, ..input.clone() }, out: out.clone() }).unwrap();
    for table in TABLES {
        assert!(part_file(&out, table, 0).exists());
        assert!(!out.join(table).join("part=1").exists() && !out.join(table).join("part=2").exists(), "{table}");
    }
    // Without --parts (0), DEFAULT_PARTS parts.
    run(&ParquetArgs { input, out: out.clone() }).unwrap();
    let k = kefu_lens::cli::parquet::DEFAULT_PARTS;
    assert!(part_file(&out, "rounds", k - 1).exists() && !part_file(&out, "rounds", k).exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Orders without a buyer nick (Pinduoduo, JD): those linked through their
/// number in a chat are rows of the linked buyer, in that buyer's part;
/// those linked to no buyer (§1.3) are rows without a buyer in part 0,
/// counted once.
#[test]
fn orders_linked_by_number_and_not_linked() {
    let dir = std::env::temp_dir().join(format!("kefu-parquet-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = |name: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let input = InputArgs {
        chats: vec![fixture("orders_link_chats.csv")],
        orders: vec![fixture("pdd_orders_23col.csv"), fixture("jd_orders_per_sku.csv"), fixture("pdd_orders.csv")],
        ..InputArgs::default()
    };
    let mut ds = input.dataset().unwrap();
    let engine = Engine::prepare(&mut ds, &input.settings().unwrap());
    let summary = engine.summary(&ds);
    assert!(summary.orders_linked > 0 && summary.orders_not_linked > 0, "{summary:?}");
    let n = 3;
    let out = dir.join("out");
    run(&ParquetArgs { input: InputArgs { parts: n, ..input }, out: out.clone() }).unwrap();
    let mut rows = Vec::new();
    for k in 0..n {
        rows.extend(read(&part_file(&out, "orders", k)).into_iter().map(|r| (k, r)));
    }
    assert_eq!(rows.len() as u64, summary.orders);
    let unlinked: Vec<usize> = rows.iter().filter(|(_, r)| text(r, "buyer").is_none()).map(|(k, _)| *k).collect();
    assert_eq!(unlinked.len() as u64, summary.orders_not_linked);
    assert!(unlinked.iter().all(|&k| k == 0), "not-linked orders are in part 0");
    let linked: Vec<&(usize, Record)> = rows.iter().filter(|(_, r)| truth(r, "linked_by_number")).collect();
    assert_eq!(linked.len() as u64, summary.orders_linked);
    for (k, r) in linked {
        assert_eq!(*k, partition_of(&text(r, "buyer").unwrap(), n));
    }
    assert!(rows.iter().all(|(_, r)| text(r, "buyer").is_some() || !truth(r, "attributed")));
    let _ = std::fs::remove_dir_all(&dir);
}
