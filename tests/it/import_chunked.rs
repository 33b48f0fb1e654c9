//! A large chat table read on all cores (`Importer::read_chunked`, issue 12
//! item 1: parsing on byte ranges split at record boundaries) gives exactly
//! what the sequential read gives: the same messages in the same order, the
//! same symbols (names interned in the order they first appear), the same
//! text, line numbers and file report (problems with their lines) — also
//! when a cut falls inside a quoted cell that spans lines, where the chunks
//! from there on are dropped and read sequentially.

use kefu_lens::demo::{self, DemoParams};
use kefu_lens::import::{ImportOptions, Importer};
use kefu_lens::model::{Dataset, FileKind, FileReport};

use crate::support::import::{awkward_csv, spelt};

/// Import `bytes` into a dataset that already holds `before` (so symbols
/// already taken are reused), read in `chunks` chunks (1: sequentially).
fn import(before: &[u8], bytes: &[u8], chunks: usize) -> (Dataset, (usize, usize)) {
    let mut ds = Dataset::default();
    kefu_lens::import::import_bytes(&mut ds, "earlier.csv", before.to_vec(), Some(FileKind::Chats));
    let mut imp = Importer::with_options("chats.csv", bytes.to_vec(), Some(FileKind::Chats), &ImportOptions::default());
    let cut = imp.read_chunked(&mut ds, chunks, 0);
    while !imp.step(&mut ds, 1000) {}
    imp.finish_all(&mut ds);
    (ds, cut)
}

fn demo_csv(messages: u64, seed: u64) -> Vec<u8> {
    demo::chat_csv(&DemoParams { seed, days: 5, messages, start: "2024-06-03".into() })
}

#[test]
fn chunks_read_what_the_sequential_read_reads() {
    let earlier = demo_csv(500, 3);
    let csv = demo_csv(20_000, 11);
    let (seq, none) = import(&earlier, &csv, 1);
    assert_eq!(none, (0, 0), "one chunk is the sequential read");
    assert!(seq.messages.len() > 19_000, "{}", seq.messages.len());
    let want = spelt(&seq);
    for chunks in [2, 3, 7, 16] {
        let (ds, (cut, kept)) = import(&earlier, &csv, chunks);
        assert_eq!((cut, kept), (chunks, chunks), "every cut at a line break is a record boundary here");
        assert_eq!(spelt(&ds), want, "{chunks} chunks");
    }
}

#[test]
fn a_cut_inside_a_quoted_cell_falls_back_to_the_sequential_read() {
    let csv = awkward_csv();
    let (seq, _) = import(b"", &csv, 1);
    let rep: &FileReport = seq.files.last().unwrap();
    assert!(rep.problem_count >= 12, "bad rows are reported: {}", rep.problem_count);
    assert!(seq.messages.iter().any(|m| seq.text(m.text).contains('\n')), "multi-line cells are read");
    let want = spelt(&seq);
    let mut fell_back = 0;
    for chunks in 2..=24 {
        let (ds, (cut, kept)) = import(b"", &csv, chunks);
        assert!(kept >= 1 && kept <= cut, "{chunks}: {kept} of {cut}");
        if kept < cut {
            fell_back += 1;
        }
        assert_eq!(spelt(&ds), want, "{chunks} chunks ({kept} of {cut} kept)");
    }
    assert!(fell_back > 0, "some cut fell inside a multi-line cell");
}

#[test]
fn small_and_other_tables_are_not_cut() {
    let csv = demo_csv(300, 5);
    let mut ds = Dataset::default();
    let mut imp = Importer::with_options("c.csv", csv.clone(), None, &ImportOptions::default());
    assert_eq!(imp.read_chunked(&mut ds, 4, csv.len() + 1), (0, 0), "below min_bytes");
    let orders = demo::generate_files(&DemoParams { seed: 1, days: 3, messages: 3000, start: "2024-06-03".into() })
        .into_iter()
        .find(|f| f.name.starts_with("ExportOrderList"))
        .unwrap();
    let mut imp = Importer::with_options(&orders.name, orders.bytes, None, &ImportOptions::default());
    assert_eq!(imp.read_chunked(&mut ds, 4, 0), (0, 0), "order rows of one order merge: read in order");
}

/// A chat table with a product column (issue 14): the chunks' product
/// side tables are appended with their messages, renumbered and with
/// their values interned in order, as the sequential read has them.
#[test]
fn a_product_column_is_read_in_chunks_as_in_order() {
    let mut csv = String::from("时间,客服,顾客,发送方,内容,sku\n");
    for i in 0..3000 {
        let sku = match i % 4 {
            0 => format!("{}", 600000000000u64 + (i % 37) as u64),
            1 => "nan".to_string(),
            2 => String::new(),
            _ => format!("https://item.taobao.com/item.htm?id={}", 700000000000u64 + (i % 11) as u64),
        };
        let who = if i % 2 == 0 { "顾客" } else { "客服" };
        csv.push_str(&format!(
            "2024-06-03 10:{:02}:{:02},店:{},买家{},{who},第{i}句,{sku}\n",
            i / 60 % 60,
            i % 60,
            i % 3,
            i / 7
        ));
    }
    let products = |ds: &Dataset| -> Vec<String> {
        ds.message_products.iter().map(|&(i, v)| format!("{i}={}={}", v.0, ds.product_values.name(v))).collect()
    };
    let (seq, _) = import(b"", csv.as_bytes(), 1);
    // every other row's cell names something (digits or a link)
    assert_eq!(seq.message_products.len(), 1500);
    for chunks in [2, 5] {
        let (ds, (cut, kept)) = import(b"", csv.as_bytes(), chunks);
        assert_eq!((cut, kept), (chunks, chunks));
        assert_eq!(spelt(&ds), spelt(&seq), "{chunks} chunks");
        assert_eq!(products(&ds), products(&seq), "{chunks} chunks");
    }
}
