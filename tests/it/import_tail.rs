//! A chat table read in two (issue 12, the browser's second core:
//! `import::TailReader`, `Session::add_tail_piece`, `Session::join_tail`):
//! the importing worker reads the file up to a line break, a helper reads
//! it from there in pieces that the worker adds as they come, between its
//! own steps; the joined dataset is exactly what reading the file whole
//! gives — messages in file order, symbols, text, line numbers, products
//! and the report with its problems. A split inside a quoted cell that
//! spans lines is found at the join: the helper's rows are dropped and the
//! rest is read by the worker from the split, with the same result.

use kefu_lens::demo::{self, DemoParams};
use kefu_lens::import::{ImportOptions, TailReader};
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::session::{Session, STREAM_MIN_BYTES};

use crate::support::import::{awkward_csv, spelt};

fn all(ds: &Dataset) -> (Vec<String>, Vec<String>, Vec<String>, String, String) {
    let (m, n, s, f) = spelt(ds);
    let products: Vec<String> =
        ds.message_products.iter().map(|&(i, v)| format!("{i}={}", ds.product_values.name(v))).collect();
    (m, n, s, f, products.join(";"))
}

fn session(earlier: &[u8]) -> Session {
    let mut s = Session::new();
    if !earlier.is_empty() {
        s.import_file("earlier.csv", earlier.to_vec(), Some(FileKind::Chats));
    }
    s
}

/// The helper's pieces: the file from `at` read in `piece`-byte pieces,
/// `step` records at a time, a piece taken after each batch as the helper
/// worker does.
fn helper_pieces(s: &Session, name: &str, head: &[u8], rest: &[u8], piece: usize) -> Vec<Vec<u8>> {
    let opts = ImportOptions::from_settings(s.settings());
    let mut h = TailReader::begin(name, head, rest.len() as u64, None, &opts).expect("a plain chat table");
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        while !h.needs_input() {
            if h.step(37) {
                out.push(h.take_piece());
                return out;
            }
        }
        out.push(h.take_piece());
        if at < rest.len() {
            let end = (at + piece).min(rest.len());
            assert!(h.feed(&rest[at..end]));
            at = end;
        } else {
            assert!(h.end_input());
        }
    }
}

/// Read `bytes` as the importing worker and its helper do, the helper
/// from `at` (just after a line break). The worker adds `per` of the
/// helper's pieces after each of its own `piece`-byte pieces (and the rest
/// at the end). Returns whether the helper's rows were joined, and the
/// room the message list had each time it was made anew.
#[allow(clippy::too_many_arguments)]
fn in_two(
    s: &mut Session,
    name: &str,
    bytes: &[u8],
    prefix: usize,
    at: usize,
    piece: usize,
    keep: bool,
    per: usize,
) -> (bool, Vec<usize>) {
    assert!(at > prefix && bytes[at - 1] == b'\n');
    let head = &bytes[..prefix];
    let mut pieces = helper_pieces(s, name, head, &bytes[at..], piece).into_iter();
    let mut file = s.begin_stream(name, head, bytes.len() as u64, None).expect("streams");
    assert!(file.may_split());
    let mut pos = prefix;
    let mut made = Vec::new();
    let mut note = |s: &Session| {
        let room = s.dataset().messages.capacity();
        if made.last() != Some(&room) {
            made.push(room);
        }
    };
    loop {
        while !file.needs_input() {
            assert!(!s.step_file(&mut file, 37), "the end comes only after the join");
        }
        if pos == at {
            break;
        }
        let end = (pos + piece).min(at);
        assert!(s.feed_file(&mut file, &bytes[pos..end]));
        pos = end;
        for p in pieces.by_ref().take(per) {
            s.add_tail_piece(&mut file, &p).unwrap();
            note(s);
        }
        note(s);
    }
    for p in pieces {
        s.add_tail_piece(&mut file, &p).unwrap();
        note(s);
    }
    let joined = s.join_tail(&mut file, keep);
    if !joined {
        // read the rest here, from the helper's start
        while pos < bytes.len() {
            let end = (pos + piece).min(bytes.len());
            assert!(s.feed_file(&mut file, &bytes[pos..end]));
            pos = end;
            while !file.needs_input() {
                assert!(!s.step_file(&mut file, 37));
            }
        }
    }
    assert!(s.end_file_input(&mut file));
    while !s.step_file(&mut file, 37) {}
    s.finish_file(file);
    (joined, made)
}

/// The first line break at or after `p`, plus one.
fn line_after(bytes: &[u8], p: usize) -> usize {
    p + bytes[p..].iter().position(|&b| b == b'\n').unwrap() + 1
}

/// `keep`: whether the worker keeps the helper's rows when it can;
/// `joined`: whether they are expected to be joined.
#[allow(clippy::too_many_arguments)]
fn same(
    earlier: &[u8],
    name: &str,
    bytes: &[u8],
    prefix: usize,
    at: usize,
    pieces: &[usize],
    keep: bool,
    joined: bool,
) {
    let mut whole = session(earlier);
    whole.import_file(name, bytes.to_vec(), None);
    let want = all(whole.dataset());
    for &piece in pieces {
        let mut s = session(earlier);
        assert_eq!(
            in_two(&mut s, name, bytes, prefix, at, piece, keep, 1).0,
            joined,
            "{name} at {at}, pieces of {piece}"
        );
        let got = all(s.dataset());
        if got != want {
            let d = got.0.iter().zip(&want.0).position(|(a, b)| a != b);
            panic!(
                "{name} at {at}, pieces of {piece}: {} vs {} messages, first difference {:?}\nnicks equal {}, shops equal {}, products equal {}\nreports {}\n / {}",
                got.0.len(),
                want.0.len(),
                d.map(|i| (&got.0[i], &want.0[i])),
                got.1 == want.1,
                got.2 == want.2,
                got.4 == want.4,
                got.3,
                want.3
            );
        }
    }
}

fn demo_csv(messages: u64, seed: u64) -> Vec<u8> {
    demo::chat_csv(&DemoParams { seed, days: 5, messages, start: "2024-06-03".into() })
}

#[test]
fn a_chat_table_read_in_two_reads_as_whole() {
    let earlier = demo_csv(400, 3);
    let csv = demo_csv(20_000, 11);
    let n = csv.len();
    for at in [line_after(&csv, 70_000), line_after(&csv, n / 2), line_after(&csv, n - 200)] {
        same(&earlier, "chats.csv", &csv, 4096, at, &[4093, 65_536, 1 << 20], true, true);
    }
    // nothing loaded before: every name is new, the helper's too
    same(&[], "chats.csv", &csv, 4096, line_after(&csv, n / 3), &[65_536], true, true);
    // the helper's rows dropped (it stopped, or a piece was refused): the
    // rest read here from its start
    same(&earlier, "chats.csv", &csv, 4096, line_after(&csv, n / 2), &[65_536], false, false);
    // the helper's rows land in the room made for the file's (its bytes
    // count as read), also when its pieces come faster than the worker
    // reads: the list is made once for the whole file (a wasm memory
    // keeps a replaced list's place), not again, not at twice the size
    let csv = demo_csv(200_000, 13);
    let at = line_after(&csv, csv.len() / 2);
    for per in [1, 2, 4] {
        let mut s = Session::new();
        let (joined, made) = in_two(&mut s, "chats.csv", &csv, 1 << 20, at, 4 << 20, true, per);
        assert!(joined);
        let (rows, room) = (s.dataset().messages.len(), s.dataset().messages.capacity());
        let large: Vec<_> = made.iter().filter(|&&r| r > rows / 4).collect();
        assert!(rows > 190_000 && room <= rows + rows / 10, "{per} pieces at a time: {rows} messages, room for {room}");
        assert_eq!(large.len(), 1, "{per} pieces at a time: the list made with room for {made:?}");
    }
}

#[test]
fn a_split_inside_a_quoted_cell_is_read_on_from_there() {
    // multi-line cells with `""` escapes and bad rows (problems with line
    // numbers) in both halves
    let mut csv = awkward_csv();
    let body = csv.split(|&b| b == b'\n').skip(1).collect::<Vec<_>>().join(&b'\n');
    while (csv.len() as u64) < STREAM_MIN_BYTES {
        csv.extend_from_slice(&body);
        csv.push(b'\n');
    }
    let n = csv.len();
    // a line break inside `"第一行\n第二行 …`: not a record boundary
    let inside = n / 2 + csv[n / 2..].windows(10).position(|w| w == "第一行\n".as_bytes()).unwrap() + 10;
    same(&[], "awkward.csv", &csv, 64, inside, &[100, 4096, 65_536], true, false);
    // a record boundary: the line before the next row's time
    let row = n / 2 + csv[n / 2..].windows(12).position(|w| w == "\n2024-06-03 ".as_bytes()).unwrap() + 1;
    same(&[], "awkward.csv", &csv, 64, row, &[100, 4096, 65_536], true, true);
    let whole = {
        let mut s = Session::new();
        s.import_file("awkward.csv", csv.clone(), None);
        s.dataset().files[0].clone()
    };
    assert!(whole.problem_count > 10 && whole.problems.len() == 20, "{whole:?}");
}

#[test]
fn a_product_column_read_in_two_reads_as_whole() {
    let mut s = String::from("时间,店铺,客服,顾客,发送方,内容,商品id\n");
    for i in 0..60_000u32 {
        let product = if i % 3 == 0 { format!("{}", 600_000 + i % 47) } else { String::new() };
        s.push_str(&format!(
            "2024-06-03 {:02}:{:02}:{:02},店{},店:客服{},买家{},{},问题 {i},{product}\n",
            8 + i / 3600 % 12,
            i / 60 % 60,
            i % 60,
            i % 2,
            i % 5,
            i % 301,
            if i % 2 == 0 { "顾客" } else { "客服" }
        ));
    }
    let csv = s.into_bytes();
    let whole = {
        let mut s = Session::new();
        s.import_file("p.csv", csv.clone(), None);
        s.dataset().message_products.len()
    };
    assert_eq!(whole, 20_000);
    same(&[], "p.csv", &csv, 64, line_after(&csv, csv.len() / 2), &[4096, 65_536], true, true);
}

#[test]
fn a_piece_that_is_not_one_is_refused() {
    let csv = demo_csv(20_000, 5);
    let mut s = Session::new();
    let mut file = s.begin_stream("c.csv", &csv[..4096], csv.len() as u64, None).expect("streams");
    for bad in [&b""[..], &[0u8; 8][..], &[200, 0, 0, 0, 0, 0, 0, 0, b'{'][..]] {
        assert!(s.add_tail_piece(&mut file, bad).is_err());
    }
    // no piece added: nothing to join, the worker reads on itself
    assert!(!s.join_tail(&mut file, true));
}
