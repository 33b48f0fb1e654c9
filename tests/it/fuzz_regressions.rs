//! Every input saved under `tests/fuzz_corpus/<target>/` (each crash the
//! fuzzers found, and the crafted workbooks of issue 13) replayed through
//! the same function its fuzz target calls (`kefu_lens::fuzzing`), on
//! stable, in every `cargo test`. See docs/fuzzing.md.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A target's name and the function its fuzz target calls.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 5] = [
    ("import_bytes", kefu_lens::fuzzing::import_bytes),
    ("xlsx", kefu_lens::fuzzing::xlsx),
    ("engine", kefu_lens::fuzzing::engine),
    ("settings", kefu_lens::fuzzing::settings),
    ("rules", kefu_lens::fuzzing::rules),
];

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_saved_input_replays_without_a_crash() {
    let mut replayed = 0;
    for (target, run) in TARGETS {
        let files = corpus(target);
        assert!(!files.is_empty(), "{target}: an empty corpus replays nothing");
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let start = Instant::now();
            run(&data);
            // libFuzzer's default per-input timeout is 1200 s; a saved input
            // that once hung must now be quick.
            assert!(start.elapsed() < Duration::from_secs(30), "{}: {:?}", f.display(), start.elapsed());
            replayed += 1;
        }
    }
    assert!(replayed >= TARGETS.len());
}
