//! Scale check: `cargo test --release --test engine_perf -- --ignored --nocapture`.
//! A small version runs by default.

use crate::support::engine::*;
use kefu_lens::engine::{Dim, DrillRequest, Engine, Filter, Query};
use kefu_lens::model::{Message, Order, Sender, NO_BLOCK};
use std::time::Instant;

fn synth(n_msgs: usize) -> B {
    let mut b = B::new();
    let shop = b.ds.shops.intern("店");
    let agents: Vec<_> = (0..50).map(|i| b.ds.nicks.intern(&format!("店:{i:02}"))).collect();
    let n_buyers = (n_msgs / 10).max(1);
    let buyers: Vec<_> = (0..n_buyers).map(|i| b.ds.nicks.intern(&format!("buyer{i}"))).collect();
    let mut arena = None;
    let texts: Vec<_> = ["在吗", "这个有货吗", "好的", "有的亲", "[自动回复]您好", "尺码怎么选"]
        .iter()
        .map(|t| b.ds.push_text(&mut arena, t))
        .collect();
    let base = ts("2024-06-01 00:00:00");
    let mut x: u64 = 12345;
    let mut rnd = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut i = 0;
    while i < n_msgs {
        // a conversation of 10 messages
        let a = agents[(rnd() % 50) as usize];
        let by = buyers[(rnd() % n_buyers as u64) as usize];
        let mut t = base + (rnd() % 30) as i64 * 86_400 + (rnd() % 80_000) as i64;
        for k in 0..10 {
            let sender = if k % 2 == 0 { Sender::Buyer } else { Sender::Agent };
            let text = texts[(rnd() % 6) as usize];
            b.ds.messages.push(Message {
                ts: t,
                shop,
                agent: a,
                buyer: by,
                speaker: a,
                sender,
                block: NO_BLOCK,
                text,
                file: 0,
                line: 0,
            });
            t += (rnd() % 200) as i64;
            i += 1;
        }
        if rnd() % 5 == 0 {
            b.ds.orders.push(Order {
                id: format!("o{i}"),
                shop,
                buyer: by,
                created: t + 100,
                paid: Some(t + 200),
                amount_fen: 1000,
                status: String::new(),
                title: String::new(),
                item_ids: String::new(),
                file: 1,
                line: 0,
                refund_fen: 0,
            });
        }
    }
    b
}

fn run(n: usize) -> (u128, u128) {
    let b = synth(n);
    let s = lunch_settings();
    let t0 = Instant::now();
    let e = Engine::new(&b.ds, &s);
    let build = t0.elapsed().as_millis();
    let t1 = Instant::now();
    let r = e.report(&Query { rules: vec![], by: vec![Dim::Agent, Dim::Day], filter: Filter::default() });
    let tot = e.report(&Query { rules: vec![], by: vec![], filter: Filter::default() });
    let rep = t1.elapsed().as_millis();
    eprintln!("{n} messages: build {build} ms, 2 reports {rep} ms, {} rows", r.rows.len());
    // consistency: drill on the total
    let d = e.drill(&b.ds, &DrillRequest { metric: "consult_buyers".into(), ..Default::default() });
    assert_eq!(d.rows.len() as u64, tot.rows[0].metrics.consult_buyers);
    (build, rep)
}

#[test]
fn small_scale() {
    run(20_000);
}

#[test]
#[ignore]
fn million_messages() {
    let (build, rep) = run(1_000_000);
    assert!(build + rep < 3000, "too slow: {build} + {rep} ms");
}

/// Where the worker's import time goes, natively, on the benchmark's 1M
/// per-message CSV (`bench/data/`, made by `bench/native.py` or
/// `tests/e2e/bench_import.mjs`): the session's step-by-step parse (what the
/// browser's data worker runs) and the build. A measurement: run with
/// `--ignored --nocapture`.
#[test]
#[ignore]
fn worker_import_phases() {
    use kefu_lens::session::Session;
    use std::time::Instant;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/data/demo-1000000-30d/聊天记录_逐条.csv");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("no {}", path.display());
        return;
    };
    let mut s = Session::new();
    let t = Instant::now();
    let mut f = s.begin_file("chats.csv", bytes, None);
    let begun = t.elapsed();
    let mut steps = 0;
    while !s.step_file(&mut f, 20_000) {
        steps += 1;
    }
    let stepped = t.elapsed();
    s.finish_file(f);
    let finished = t.elapsed();
    let loaded = s.rebuild(false, false);
    let built = t.elapsed();
    eprintln!(
        "begin {begun:?}, {steps} steps to {stepped:?}, finish to {finished:?}, build to {built:?}; {} messages",
        loaded.summary.messages
    );
}
