//! The `kefu` binary's exit codes and streams (issue 10: scripts can tell
//! when an input file was rejected whole).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn kefu(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kefu")).args(args).output().expect("kefu runs")
}

/// A file that is no chat, order or rating export.
fn not_an_export() -> (tempdir::Dir, PathBuf) {
    let dir = tempdir::Dir::new("kefu-exit");
    let p = dir.path().join("购物清单.txt");
    std::fs::write(&p, "苹果 3 斤\n香蕉 2 把\n").unwrap();
    (dir, p)
}

mod tempdir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new(tag: &str) -> Dir {
            let p =
                std::env::temp_dir().join(format!("{tag}-{}-{:?}", std::process::id(), std::thread::current().id()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn a_rejected_file_exits_2_names_it_on_stderr_and_keeps_the_report() {
    let (_dir, bad) = not_an_export();
    let chats = fixture("chat_table.csv");
    for sub in ["report", "kpi", "alerts"] {
        let out = kefu(&[sub.as_ref(), "--chats".as_ref(), chats.as_os_str(), bad.as_os_str()]);
        assert_eq!(out.status.code(), Some(2), "{sub}: {}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("购物清单.txt"), "{sub}: stderr names the file: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{sub}: one line per rejected file: {stderr}");
        // The output is still whole.
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
        // Every subcommand's JSON carries each file's report (issue 13).
        let diags = v["diagnostics"].as_array().unwrap_or_else(|| panic!("{sub}: diagnostics in {v}"));
        assert_eq!(diags.len(), 2, "{sub}");
        assert!(diags[0]["fatal"].is_null(), "{sub}: the good file is fine");
        assert!(diags[0]["imported"].as_u64().unwrap() > 0, "{sub}");
        assert!(diags[1]["fatal"]["message_zh"].as_str().unwrap().contains("无法识别"), "{sub}");
        if sub == "report" {
            assert!(v["rows"][0]["consult_buyers"].as_u64().unwrap() > 0, "the good file still counts");
        }
    }
}

#[test]
fn good_files_exit_0_with_nothing_on_stderr() {
    let chats = fixture("chat_table.csv");
    let out = kefu(&["report".as_ref(), "--chats".as_ref(), chats.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    // CSV output ends with exactly one line break (no blank line after it).
    let out = kefu(&["alerts".as_ref(), "--chats".as_ref(), chats.as_os_str(), "--format".as_ref(), "csv".as_ref()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{text:?}");
}

#[test]
fn bad_arguments_exit_1() {
    let out = kefu(&["report".as_ref(), "--chats".as_ref(), "/nonexistent/x.csv".as_ref()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

/// A settings file is checked at the boundary (issue 13): a misspelt key
/// stops the run (exit 1) naming the key and the nearest known one instead
/// of being ignored; a byte-order mark is accepted.
#[test]
fn a_bad_config_is_named_and_a_bom_is_fine() {
    let dir = tempdir::Dir::new("kefu-config");
    let chats = fixture("chat_table.csv");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"response_treshold_secs\": 60\n}\n").unwrap();
    let out = kefu(&["report".as_ref(), "--chats".as_ref(), chats.as_os_str(), "--config".as_ref(), bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("'response_treshold_secs'") && stderr.contains("did you mean 'response_threshold_secs'"),
        "{stderr}"
    );
    assert!(stderr.contains("line 2"), "{stderr}");
    let bom = dir.path().join("bom.json");
    std::fs::write(&bom, "\u{feff}{\"response_threshold_secs\": 60}").unwrap();
    let out = kefu(&["report".as_ref(), "--chats".as_ref(), chats.as_os_str(), "--config".as_ref(), bom.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
