//! A file read as it streams in (`Session::begin_stream`, issue 12: the
//! browser parses while it reads) gives exactly what reading it whole gives:
//! the same messages, orders, symbols, text, line numbers and file report —
//! whatever the size of the pieces it arrives in, also when a piece ends
//! inside a UTF-8 character, a CRLF or a quoted cell that spans lines (with
//! `""` escapes on both sides of the cut). The streamed table keeps only
//! its messages' text, not the file. A file that turns out not to be UTF-8
//! after its start is given up and read again whole, with the same result
//! as reading it whole from the start; a file that cannot be streamed (a
//! workbook, another encoding, a chat log) is said to be so at once.
//! Natively (the CLI) each piece's records are read on all cores, in
//! chunks, with the same result.

use kefu_lens::demo::{self, DemoParams};
use kefu_lens::import::{import_blocks, import_bytes, ImportOptions, Importer, STREAM_PREFIX};
use kefu_lens::model::{Dataset, FileKind};
use kefu_lens::session::{Session, STREAM_MIN_BYTES};

use crate::support::import::{awkward_csv, gb18030, spelt};

/// Everything of a dataset the comparison looks at: the chat side spelt
/// out, and the orders and ratings.
fn all(ds: &Dataset) -> (Vec<String>, Vec<String>, Vec<String>, String, String, String) {
    let (m, n, s, f) = spelt(ds);
    (m, n, s, f, serde_json::to_string(&ds.orders).unwrap(), serde_json::to_string(&ds.ratings).unwrap())
}

/// A session that read `earlier` whole first (so some names are taken).
fn session(earlier: &[u8]) -> Session {
    let mut s = Session::new();
    if !earlier.is_empty() {
        s.import_file("earlier.csv", earlier.to_vec(), Some(FileKind::Chats));
    }
    s
}

/// How a streamed import went.
#[derive(Debug, PartialEq)]
enum Way {
    /// Read as it streamed in, to the end.
    Streamed,
    /// Given up after this many bytes had been fed, then read whole.
    GivenUp,
    /// Not streamed at all: read whole.
    Whole,
}

/// Read `bytes` as the worker does: its first `prefix` bytes, then pieces
/// of `piece` bytes, parsing `step` records at a time whenever the importer
/// has whole records. Returns how it went.
fn stream(s: &mut Session, name: &str, bytes: &[u8], kind: Option<FileKind>, prefix: usize, piece: usize) -> Way {
    let step = 37;
    let head = &bytes[..prefix.min(bytes.len())];
    let Some(mut file) = s.begin_stream(name, head, bytes.len() as u64, kind) else {
        s.import_file(name, bytes.to_vec(), kind);
        return Way::Whole;
    };
    let mut at = head.len();
    loop {
        while !file.needs_input() {
            if s.step_file(&mut file, step) {
                assert_eq!(at, bytes.len(), "done only after the last byte");
                s.finish_file(file);
                return Way::Streamed;
            }
        }
        let fed = if at < bytes.len() {
            let end = (at + piece).min(bytes.len());
            let ok = s.feed_file(&mut file, &bytes[at..end]);
            at = end;
            ok
        } else {
            s.end_file_input(&mut file)
        };
        if !fed {
            // as the worker does: drop what was read, read the file again
            s.abandon_stream(file);
            s.import_file(name, bytes.to_vec(), kind);
            return Way::GivenUp;
        }
    }
}

/// Read whole and streamed in each piece size; the same datasets.
fn same(earlier: &[u8], name: &str, bytes: &[u8], kind: Option<FileKind>, prefix: usize, pieces: &[usize], way: Way) {
    let mut whole = session(earlier);
    whole.import_file(name, bytes.to_vec(), kind);
    let want = all(whole.dataset());
    for &piece in pieces {
        let mut s = session(earlier);
        let how = stream(&mut s, name, bytes, kind, prefix, piece);
        assert_eq!(how, way, "{name}: pieces of {piece}");
        let got = all(s.dataset());
        if got != want {
            let d = got.0.iter().zip(&want.0).position(|(a, b)| a != b);
            panic!(
                "{name}: pieces of {piece} read something else: {} vs {} messages, first difference {:?}, reports {} / {}",
                got.0.len(),
                want.0.len(),
                d.map(|i| (&got.0[i], &want.0[i])),
                got.3,
                want.3
            );
        }
    }
}

/// A real export kept in `tests/realdata/`.
fn realdata(rel: &str) -> Vec<u8> {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/realdata").join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn demo_csv(messages: u64, seed: u64) -> Vec<u8> {
    demo::chat_csv(&DemoParams { seed, days: 5, messages, start: "2024-06-03".into() })
}

#[test]
fn a_chat_table_streamed_in_any_pieces_reads_as_whole() {
    let earlier = demo_csv(400, 3);
    let csv = demo_csv(20_000, 11);
    assert!(csv.len() as u64 > STREAM_MIN_BYTES, "{} bytes", csv.len());
    let whole = {
        let mut s = session(&earlier);
        s.import_file("chats.csv", csv.clone(), None);
        s.dataset().messages.len()
    };
    assert!(whole > 19_000, "{whole}");
    // 1 and 2 bytes: every cut inside a character; 65536: a browser's
    same(&earlier, "chats.csv", &csv, None, STREAM_PREFIX, &[1, 2, 4093, 65_536, 1 << 20], Way::Streamed);
    // what stays in memory of the file: the whole text when read whole,
    // only the messages' text when streamed
    let held = |s: &Session| -> usize { s.dataset().buffers.iter().map(|b| b.len()).sum() };
    let before = held(&session(&earlier));
    let mut whole = session(&earlier);
    whole.import_file("chats.csv", csv.clone(), None);
    let mut streamed = session(&earlier);
    assert_eq!(stream(&mut streamed, "chats.csv", &csv, None, STREAM_PREFIX, 65_536), Way::Streamed);
    let ds = streamed.dataset();
    let texts: usize = ds.messages.iter().filter(|m| m.file == 1).map(|m| m.text.len as usize).sum();
    let (w, st) = (held(&whole) - before, held(&streamed) - before);
    assert!(w + 3 >= csv.len(), "read whole: {w} of {} bytes held", csv.len());
    assert!(st < csv.len() / 2 && st >= texts, "streamed: {st} bytes held for {texts} bytes of text");
    // and room for its messages as estimated from what was read so far,
    // not twice as many (a list left to grow by itself doubles), also when
    // its first rows are far longer than the rest
    let (n, cap) = (ds.messages.len(), ds.messages.capacity());
    assert!(cap <= n + n / 10, "{n} messages, room for {cap}");
    let mut uneven = csv[..csv.iter().position(|&b| b == b'\n').unwrap() + 1].to_vec();
    for i in 0..400 {
        let long = "长".repeat(700);
        uneven
            .extend_from_slice(format!("2024-06-03 08:00:{:02},店,店:客服1,买家{i},顾客,{long}\n", i % 60).as_bytes());
    }
    uneven.extend_from_slice(&csv[uneven.len().min(csv.len())..]);
    let mut s = Session::new();
    assert_eq!(stream(&mut s, "uneven.csv", &uneven, None, STREAM_PREFIX, 65_536), Way::Streamed);
    let (n, cap) = (s.dataset().messages.len(), s.dataset().messages.capacity());
    assert!(n > 10_000 && cap <= n + n / 10, "uneven: {n} messages, room for {cap}");
    // the demo writes a byte-order mark; without it, and with CRLF line ends
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    let plain = String::from_utf8(csv[3..].to_vec()).unwrap().replace('\n', "\r\n").into_bytes();
    same(&earlier, "plain.csv", &plain, None, STREAM_PREFIX, &[1, 4093, 65_536], Way::Streamed);
    // cut inside its last character (a truncated file), without a last line
    // break: without a mark the character is dropped; with one the whole
    // file is decoded leniently (U+FFFD), so that file is read whole
    let last = "2024-06-07 10:00:00,店,店:客服1,买家9,顾客,好".as_bytes();
    let mut cut = plain.clone();
    cut.extend_from_slice(&last[..last.len() - 1]);
    same(&earlier, "cut.csv", &cut, None, STREAM_PREFIX, &[1, 4093], Way::Streamed);
    let mut cut = csv.clone();
    cut.extend_from_slice(&last[..last.len() - 1]);
    same(&earlier, "cut-bom.csv", &cut, None, STREAM_PREFIX, &[4093], Way::GivenUp);
}

#[test]
fn quoted_cells_across_pieces_read_as_whole() {
    // multi-line cells with `""` escapes, bad rows; made large enough to stream
    let mut csv = awkward_csv();
    // escapes only before a line break inside the cell: a piece ending at
    // that break must not make them be missed when the cell is read again
    for i in 0..3000 {
        let row = format!(
            "2024-06-04 09:{:02}:{:02},店,店:客服2,买家{i},顾客,\"说 \"\"你好\"\" {i}\n第二行\"\n",
            i / 60 % 60,
            i % 60
        );
        csv.extend_from_slice(row.as_bytes());
    }
    let body = csv.split(|&b| b == b'\n').skip(1).collect::<Vec<_>>().join(&b'\n');
    while (csv.len() as u64) < STREAM_MIN_BYTES {
        csv.extend_from_slice(&body);
        csv.push(b'\n');
    }
    // a cell still open at the end of the file
    csv.extend_from_slice("2024-06-03 23:00:00,店,店:客服1,买家1,顾客,\"没有闭合\n下一行".as_bytes());
    // small first bytes: the header alone, then pieces cutting cells everywhere
    same(&[], "awkward.csv", &csv, None, 64, &[1, 3, 17, 100, 4096, 65_536], Way::Streamed);
}

#[test]
fn real_order_report_streams_as_whole() {
    let bytes = realdata("tianchi-tmall-orders/tmall_order_report.csv");
    // 1.9 MB, under the streaming size: twice its rows
    let mut big = bytes.clone();
    let body: Vec<u8> = bytes.splitn(2, |&b| b == b'\n').nth(1).unwrap().to_vec();
    big.extend_from_slice(&body);
    same(&[], "tmall_order_report.csv", &big, None, 65_536, &[65_536, 4093], Way::Streamed);
    same(&[], "tmall_order_report.csv", &big, Some(FileKind::Orders), 65_536, &[65_536], Way::Streamed);
}

#[test]
fn a_file_not_utf8_after_its_start_is_read_whole() {
    let mut csv = demo_csv(20_000, 5);
    // a row pasted in from a GBK export, past the first megabyte
    csv.extend_from_slice(&gb18030("2024-06-07 10:00:00,店,店:客服1,买家9,顾客,你好，在吗\n"));
    csv.extend_from_slice(demo_csv(300, 6).splitn(2, |&b| b == b'\n').nth(1).unwrap());
    same(&[], "mixed.csv", &csv, None, STREAM_PREFIX, &[4093, 65_536, 1 << 20], Way::GivenUp);
    same(&[], "mixed-plain.csv", &csv[3..], None, STREAM_PREFIX, &[65_536], Way::GivenUp);
    // in the last line, seen only at the end
    let mut last = demo_csv(20_000, 5);
    last.extend_from_slice(&gb18030("2024-06-07 10:00:00,店,店:客服1,买家9,顾客,你好"));
    same(&[], "last.csv", &last, None, STREAM_PREFIX, &[65_536], Way::GivenUp);
}

#[test]
fn what_cannot_stream_is_read_whole() {
    let csv = demo_csv(20_000, 5);
    let s = Session::new();
    let n = csv.len() as u64;
    assert!(s.begin_stream("c.csv", &csv[..STREAM_PREFIX], n, None).is_some(), "a UTF-8 chat table streams");
    assert!(s.begin_stream("c.csv", &csv[..STREAM_PREFIX], STREAM_MIN_BYTES - 1, None).is_none(), "small files");
    let gbk = gb18030(std::str::from_utf8(&csv).unwrap());
    assert!(s.begin_stream("g.csv", &gbk[..STREAM_PREFIX], gbk.len() as u64, None).is_none(), "GB18030");
    // no header among the first bytes
    assert!(s.begin_stream("c.csv", &csv[..10], n, None).is_none(), "no whole header line yet");
    let log = realdata("jddc-chat/chat_0.1per.txt");
    assert!(s.begin_stream("chat.txt", &log[..65_536], 8 << 20, None).is_none(), "a chat log");
    let xlsx = realdata("mingrisoft-book-orders/mrtb_data.xlsx");
    assert!(s.begin_stream("mrtb_data.xlsx", &xlsx, 8 << 20, None).is_none(), "a workbook");
    // and such a file, given to `stream`, is read whole with the same result
    same(&[], "g.csv", &gbk, None, STREAM_PREFIX, &[65_536], Way::Whole);
}

/// A dataset that read `earlier` whole.
fn dataset(earlier: &[u8]) -> Dataset {
    let mut ds = Dataset::default();
    if !earlier.is_empty() {
        import_bytes(&mut ds, "earlier.csv", earlier.to_vec(), Some(FileKind::Chats));
    }
    ds
}

/// Read `bytes` streamed as the CLI does, but in pieces of `piece` bytes
/// after its first `prefix`, each piece's whole records cut into `chunks`
/// read on all cores however few bytes they are. Returns the dataset and
/// the chunks kept (appended as read).
fn chunked(earlier: &[u8], name: &str, bytes: &[u8], prefix: usize, piece: usize, chunks: usize) -> (Dataset, usize) {
    let mut ds = dataset(earlier);
    let opts = ImportOptions::default();
    let mut imp =
        Importer::streaming(name, &bytes[..prefix], bytes.len() as u64, None, &opts).expect("a table streams");
    let (mut at, mut kept) = (prefix, 0);
    loop {
        kept += imp.read_chunked(&mut ds, chunks, 0).1;
        while !imp.needs_input() {
            if imp.step(&mut ds, 37) {
                imp.finish_all(&mut ds);
                return (ds, kept);
            }
        }
        if at < bytes.len() {
            let end = (at + piece).min(bytes.len());
            assert!(imp.feed(&mut ds, &bytes[at..end]));
            at = end;
        } else {
            assert!(imp.end_input(&mut ds));
        }
    }
}

#[test]
fn pieces_read_in_chunks_on_all_cores_read_as_whole() {
    let earlier = demo_csv(400, 3);
    let csv = demo_csv(20_000, 11);
    let want = {
        let mut ds = dataset(&earlier);
        import_bytes(&mut ds, "chats.csv", csv.clone(), None);
        all(&ds)
    };
    let texts =
        |ds: &Dataset| -> usize { ds.messages.iter().filter(|m| m.file == 1).map(|m| m.text.len as usize).sum() };
    let held = |ds: &Dataset| -> usize { ds.buffers.iter().map(|b| b.len()).sum() };
    for (piece, chunks) in [(4093, 3), (65_536, 2), (65_536, 7), (1 << 20, 4)] {
        let (ds, kept) = chunked(&earlier, "chats.csv", &csv, STREAM_PREFIX, piece, chunks);
        assert!(kept > 10, "pieces of {piece}, {chunks} chunks: {kept} kept");
        assert!(all(&ds) == want, "pieces of {piece}, {chunks} chunks read something else");
        // the file is not held: its messages' text only
        let st = held(&ds) - held(&dataset(&earlier));
        assert!(st < csv.len() / 2 && st >= texts(&ds), "{st} bytes held for {} of text", texts(&ds));
    }
    // quoted cells spanning lines, `""` escapes and bad rows: cuts fall
    // inside cells, and a piece can end inside one
    let mut awk = awkward_csv();
    let body = awk.split(|&b| b == b'\n').skip(1).collect::<Vec<_>>().join(&b'\n');
    while (awk.len() as u64) < STREAM_MIN_BYTES {
        awk.extend_from_slice(&body);
        awk.push(b'\n');
    }
    awk.extend_from_slice("2024-06-03 23:00:00,店,店:客服1,买家1,顾客,\"没有闭合\n下一行".as_bytes());
    let want = {
        let mut ds = dataset(b"");
        import_bytes(&mut ds, "awkward.csv", awk.clone(), None);
        all(&ds)
    };
    for (piece, chunks) in [(17, 3), (4096, 5), (65_536, 9), (1 << 20, 24)] {
        let (ds, _) = chunked(b"", "awkward.csv", &awk, 64, piece, chunks);
        assert!(all(&ds) == want, "awkward: pieces of {piece}, {chunks} chunks read something else");
    }
}

/// A chunk whose messages all have empty text (a stretch of picture
/// messages exported without their content) has no text of its own to
/// hand over; it reads as a whole read does.
#[test]
fn a_chunk_of_messages_without_text_reads_as_whole() {
    let csv = String::from_utf8(demo_csv(20_000, 5)).unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let n = lines.len();
    let mut blanked = 0;
    for l in &mut lines[n / 2..n / 2 + 400] {
        // a record's line (not the rest of a cell over lines) without a
        // quote: its content, the last column, has no comma
        if l.starts_with("2024-") && !l.contains('"') {
            let cut = l.rfind(',').unwrap();
            l.truncate(cut + 1);
            blanked += 1;
        }
    }
    assert!(blanked > 300, "{blanked}");
    let csv = (lines.join("\n") + "\n").into_bytes();
    let want = {
        let mut ds = dataset(b"");
        import_bytes(&mut ds, "chats.csv", csv.clone(), None);
        assert!(ds.messages.iter().filter(|m| m.text.len == 0).count() >= blanked);
        all(&ds)
    };
    for (piece, chunks) in [(4093, 3), (16_384, 7)] {
        let (ds, kept) = chunked(b"", "chats.csv", &csv, STREAM_PREFIX, piece, chunks);
        assert!(kept > 10, "pieces of {piece}, {chunks} chunks: {kept} kept");
        assert!(all(&ds) == want, "pieces of {piece}, {chunks} chunks read something else");
    }
}

/// Blocks as the CLI's reading thread gives them: the first
/// `STREAM_PREFIX` bytes, then `block` at a time; a read error at the
/// `fail`th call.
fn reader(bytes: &[u8], block: usize, fail: Option<usize>) -> impl FnMut(&mut Vec<u8>) -> Result<bool, String> + '_ {
    let (mut at, mut calls) = (0, 0);
    move |b| {
        calls += 1;
        if Some(calls) == fail {
            return Err("disk gone".to_string());
        }
        if at >= bytes.len() {
            return Ok(false);
        }
        let end = (at + if at == 0 { STREAM_PREFIX } else { block }).min(bytes.len());
        b.clear();
        b.extend_from_slice(&bytes[at..end]);
        at = end;
        Ok(true)
    }
}

#[test]
fn a_file_read_in_blocks_reads_as_whole_or_not_at_all() {
    let earlier = demo_csv(400, 3);
    // large enough that blocks are cut into chunks (`CHUNKED_MIN_BYTES`)
    let csv = demo_csv(70_000, 13);
    let opts = ImportOptions::default();
    let whole = {
        let mut ds = dataset(&earlier);
        import_bytes(&mut ds, "chats.csv", csv.clone(), None);
        all(&ds)
    };
    for block in [5 << 20, 16 << 20] {
        let mut ds = dataset(&earlier);
        let got = import_blocks(&mut ds, "chats.csv", csv.len() as u64, None, &opts, reader(&csv, block, None));
        let reports = got.expect("no error").expect("read in blocks");
        assert_eq!(reports.len(), 1);
        assert!(all(&ds) == whole, "blocks of {block} read something else");
    }
    // not UTF-8 after its start: given up, the dataset as it was
    let mut mixed = csv.clone();
    mixed.extend_from_slice(&gb18030("2024-06-07 10:00:00,店,店:客服1,买家9,顾客,你好，在吗\n"));
    let before_messages = dataset(&earlier).messages.len();
    let mut ds = dataset(&earlier);
    let got = import_blocks(&mut ds, "mixed.csv", mixed.len() as u64, None, &opts, reader(&mixed, 5 << 20, None));
    assert!(matches!(got, Ok(None)), "given up");
    assert!(ds.messages.len() == before_messages && ds.files.len() == 1, "a file given up leaves no rows behind");
    // and read whole then, as the CLI does: as if read whole from the start
    import_bytes(&mut ds, "mixed.csv", mixed.clone(), None);
    let mut want = dataset(&earlier);
    import_bytes(&mut want, "mixed.csv", mixed.clone(), None);
    assert!(all(&ds) == all(&want), "read whole after being given up");
    // a file that is no table: not read in blocks
    let gbk = gb18030(std::str::from_utf8(&csv[3..]).unwrap());
    let got = import_blocks(&mut ds, "g.csv", gbk.len() as u64, None, &opts, reader(&gbk, 5 << 20, None));
    assert!(matches!(got, Ok(None)), "GB18030 is read whole");
    // a read error: returned, the dataset as it was
    let mut ds = dataset(&earlier);
    let got = import_blocks(&mut ds, "chats.csv", csv.len() as u64, None, &opts, reader(&csv, 5 << 20, Some(3)));
    assert!(matches!(&got, Err(e) if e == "disk gone"), "the error is returned");
    assert!(ds.messages.len() == before_messages && ds.files.len() == 1, "a failed read leaves no rows behind");
}

#[test]
fn the_cli_reads_a_large_file_in_blocks_as_whole() {
    // the same chats as UTF-8 (read in blocks) and as GB18030 (read whole)
    let csv = demo_csv(100_000, 17);
    // (past its first block of `kefu`'s 8 MB, which is read on all cores)
    assert!(csv.len() > 10 << 20, "{} bytes", csv.len());
    let dir = std::env::temp_dir().join(format!("kefu-blocks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let utf8 = dir.join("chats.csv");
    let gbk = dir.join("chats-gbk.csv");
    std::fs::write(&utf8, &csv).unwrap();
    std::fs::write(&gbk, gb18030(std::str::from_utf8(&csv[3..]).unwrap())).unwrap();
    let report = |p: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
            .args(["report", "--by", "agent-day", "--format", "csv", "--chats"])
            .arg(p)
            .output()
            .expect("kefu runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let (a, b) = (report(&utf8), report(&gbk));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(a.lines().count() > 20, "{a}");
    assert_eq!(a, b);
}
