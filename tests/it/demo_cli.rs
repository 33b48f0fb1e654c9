//! `kefu demo` / `kefu bench` runners.

use kefu_lens::cli::demo::{run_bench, run_demo, BenchArgs, DemoArgs};

#[test]
fn run_demo_writes_every_file() {
    let dir = std::env::temp_dir().join(format!("kefu_demo_cli_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let args = DemoArgs { messages: 2000, days: 4, seed: 3, start: "2024-06-10".into(), out: dir.clone() };
    let summary = run_demo(&args).unwrap();
    assert_eq!(summary.lines().count(), 8, "{summary}");
    for name in [
        "聊天记录_逐条.csv",
        "ExportOrderList202406.csv",
        "接待评价.csv",
        "商品列表.csv",
        "退款管理.csv",
        "settings.json",
        "样例_晋歌格式.txt",
        "样例_千牛格式.txt",
    ] {
        let p = dir.join(name);
        assert!(std::fs::metadata(&p).unwrap().len() > 100, "{name}");
        assert!(summary.contains(name), "summary names {name}");
    }
    let chats = std::fs::read_to_string(dir.join("聊天记录_逐条.csv")).unwrap();
    assert!(chats.contains("\n2024-06-10 ") && chats.contains("\n2024-06-13 ") && !chats.contains("\n2024-06-14 "));
    std::fs::remove_dir_all(&dir).unwrap();

    let bad = DemoArgs { start: "2024/06/10".into(), ..args };
    assert!(run_demo(&bad).is_err());
}

#[test]
fn run_bench_reports_every_stage() {
    for parts in [0, 3] {
        let out = run_bench(&BenchArgs { messages: 3000, days: 3, seed: 1, parts }).unwrap();
        for stage in ["generate:", "import:", "engine:", "report:", "total", "peak memory", "import again:"] {
            assert!(out.contains(stage), "{stage} missing in {out}");
        }
        let engine = out.lines().find(|l| l.starts_with("engine:")).unwrap();
        let how = if parts == 0 { "[one engine]".to_string() } else { format!("[{parts} partitions on ") };
        assert!(engine.contains(&how), "{engine}");
        let again = out.lines().find(|l| l.starts_with("import again:")).unwrap();
        let n: Vec<&str> = again.split_whitespace().collect();
        assert_eq!(n[4], n[6], "every message of the second copy is a duplicate: {again}");
    }
}

/// The demo's 退款管理 export is read as refunds (every row imported) and
/// joins the demo's orders: some refunded sales orders, some of them for
/// a quality reason, none without its order.
#[test]
fn the_demo_refunds_join_its_orders() {
    use kefu_lens::demo::{generate_files, DemoParams};
    use kefu_lens::engine::{Engine, Filter, Query};
    let p = DemoParams { messages: 20_000, days: 10, ..Default::default() };
    let mut ds = kefu_lens::Dataset::default();
    let mut settings = kefu_lens::Settings::default();
    for f in generate_files(&p) {
        if f.name.starts_with("样例_") {
            continue;
        }
        if f.name.ends_with(".json") {
            settings = kefu_lens::Settings::from_json(std::str::from_utf8(&f.bytes).unwrap()).unwrap();
            continue;
        }
        let r = kefu_lens::import::import_bytes(&mut ds, &f.name, f.bytes, None);
        if f.name == kefu_lens::demo::refunds::REFUNDS_CSV {
            assert_eq!(r.kind, kefu_lens::model::FileKind::Refunds, "{r:?}");
            assert!(r.imported > 10 && r.skipped == 0, "{r:?}");
        }
    }
    let e = Engine::prepare(&mut ds, &settings);
    let m = e.report(&Query { by: vec![], filter: Filter::default(), rules: vec![] }).rows.remove(0).metrics;
    assert!(m.refund_orders > 0 && m.refund_orders < m.sales_orders, "{m:?}");
    assert!(m.quality_refund_orders > 0 && m.quality_refund_orders < m.refund_orders);
    assert!(m.refund_rate.is_some_and(|r| r > 0.0 && r < 0.5));
    let s = e.summary(&ds);
    assert_eq!(s.refunds_without_order, 0);
}
