//! `kefu report --format csv` and `kefu alerts --format csv` are
//! formula-safe like the app's exports (issue 13): a text cell starting
//! with `=`, `+`, `-` or `@` (a nick, a message excerpt) gets a leading `'`,
//! so a spreadsheet shows it as text instead of running it; numbers are left
//! as they are.

use kefu_lens::cli::alerts::{run_alerts, AlertsArgs};
use kefu_lens::cli::report::{run, ReportArgs};
use kefu_lens::cli::InputArgs;

/// A chat table whose nicks and messages look like formulas.
fn chats() -> (std::path::PathBuf, InputArgs) {
    let dir = std::env::temp_dir().join(format!("kefu-csv-safe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("chats.csv");
    std::fs::write(
        &p,
        "时间,店铺,客服,顾客,发送方,内容\n\
         2024-06-03 10:00:00,店,\"=HYPERLINK(\"\"http://x\"\")\",+86buyer,顾客,@SUM(A1) 在吗\n\
         2024-06-03 10:20:00,店,\"=HYPERLINK(\"\"http://x\"\")\",+86buyer,客服,好的\n\
         2024-06-03 11:00:00,店,-agent,@buyer2,顾客,=1+1 垃圾 差评\n",
    )
    .unwrap();
    (dir, InputArgs { chats: vec![p], ..Default::default() })
}

/// Every cell of a CSV text, parsed.
fn cells(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

fn no_formula(rows: &[Vec<String>]) {
    for row in rows {
        for c in row {
            assert!(!c.starts_with(['=', '+', '@']), "{c:?} in {row:?}");
            // a negative number is a number; any other '-' text is guarded
            assert!(!c.starts_with('-') || c.parse::<f64>().is_ok(), "{c:?} in {row:?}");
        }
    }
}

#[test]
fn report_and_alerts_csv_neutralise_formula_like_text() {
    let (dir, input) = chats();
    let report =
        run(&ReportArgs { input: input.clone(), by: "agent-day".into(), format: "csv".into(), rules: String::new() })
            .unwrap();
    let rows = cells(&report);
    no_formula(&rows);
    let agents: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(agents, ["'-agent", "'=HYPERLINK(\"http://x\")"], "the nicks kept, behind a quote");
    assert_eq!(rows[1][2], "1", "numbers untouched: consult_buyers");

    let alerts = run_alerts(&AlertsArgs { input, format: "csv".into(), redact: false }).unwrap();
    let rows = cells(&alerts);
    assert!(rows.len() >= 2, "{alerts}");
    no_formula(&rows);
    assert!(rows.iter().any(|r| r[7] == "'=1+1 【垃圾】 差评"), "the excerpt kept, behind a quote: {alerts}");
    assert!(rows.iter().any(|r| r[4] == "'@buyer2") && rows.iter().any(|r| r[4] == "'+86buyer"), "{alerts}");
    let _ = std::fs::remove_dir_all(dir);
}
