// Where does UI-thread time go? A profiling aid (NOT a test, NOT the
// benchmark): loads the demo (1,000,000 messages unless BENCH_SIZE says
// otherwise) in headless Chromium over CDP, from just before the import ends
// until the overview is shown, then clicks each tab in TABS. It prints
//
//   trace mode (default): every task over 30 ms on the page's threads (UI
//     thread and Web Worker) from a Chrome trace, with the trace events
//     inside it by total time (FunctionCall, forced layout, …);
//   cpu mode: the UI thread's busy stretches over 40 ms from the V8 sampling
//     profiler, as a top-down call tree (wasm functions by name).
//
//   cd tests/e2e && node profile.mjs                 # trace
//   PROFILE_MODE=cpu TABS=hours,agents node profile.mjs
//
// Raw data goes to out/profile-*.json / *.cpuprofile (open them in Chrome
// DevTools' Performance panel).
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, OUT } from './harness.mjs';

const SIZE = process.env.BENCH_SIZE || '1000000';
const MODE = process.env.PROFILE_MODE || 'trace';
const TABS = (process.env.TABS ?? 'hours').split(',').filter(Boolean);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (us) => (us / 1000).toFixed(1);

/** Start recording; returns a function that stops and returns the data. */
async function record(cdp) {
  if (MODE === 'cpu') {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    return async () => (await cdp.send('Profiler.stop')).profile;
  }
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

function reportTrace(events, label) {
  const threadName = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const tasks = events.filter((e) => e.name === 'RunTask' && e.dur > 30000).sort((a, b) => a.ts - b.ts);
  console.log(`\n== ${label}: ${tasks.length} task(s) over 30 ms`);
  const t0 = tasks[0]?.ts ?? 0;
  for (const t of tasks) {
    const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts < t.ts + t.dur && e.dur && e !== t);
    const byName = new Map();
    for (const e of inside) byName.set(e.name, (byName.get(e.name) || 0) + e.dur);
    const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, d]) => `${n} ${ms(d)}`).join(', ');
    console.log(`  ${ms(t.dur).padStart(6)} ms  +${ms(t.ts - t0).padStart(7)} ms  ${threadName.get(`${t.pid}:${t.tid}`) || '?'}: ${top}`);
  }
}

function reportCpu(profile, label) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const idle = (id) => ['(idle)', '(program)', '(garbage collector)'].includes(nodes.get(id).callFrame.functionName);
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => { t += profile.timeDeltas[i]; return { id, t }; });
  const runs = [];
  let cur = null;
  samples.forEach((s, i) => {
    const dt = i + 1 < samples.length ? samples[i + 1].t - s.t : 0;
    if (idle(s.id)) return;
    if (!cur || s.t - cur.end > 2000) { cur = { start: s.t, end: s.t, list: [] }; runs.push(cur); }
    cur.end = s.t + dt;
    cur.list.push({ id: s.id, dt });
  });
  const short = (n) => (n.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}/g, '').slice(0, 130);
  for (const r of runs.filter((r) => r.end - r.start > 40000)) {
    console.log(`\n== ${label}: UI thread busy ${ms(r.end - r.start)} ms at +${ms(r.start - profile.startTime)} ms`);
    const total = new Map();
    for (const { id, dt } of r.list) for (let x = id; x !== undefined; x = parent.get(x)) total.set(x, (total.get(x) || 0) + dt);
    const walk = (id, depth, skipped) => {
      const n = nodes.get(id);
      const v = total.get(id) || 0;
      const kids = (n.children || []).filter((c) => (total.get(c) || 0) >= 3000).sort((a, b) => total.get(b) - total.get(a));
      // Fold wrappers that pass (nearly) all their time to one child.
      if (kids.length === 1 && total.get(kids[0]) > v * 0.97 && !/kefu_lens/.test(n.callFrame.functionName)) return walk(kids[0], depth, skipped + 1);
      console.log(`${'  '.repeat(depth + 1)}${ms(v).padStart(6)} ${short(n)}${skipped ? ` (+${skipped} frames)` : ''}`);
      for (const c of kids) walk(c, depth + 1, 0);
    };
    walk(profile.nodes[0].id, 0, 0);
  }
}

const report = MODE === 'cpu' ? reportCpu : reportTrace;
const save = (name, data) => fs.writeFileSync(path.join(OUT, `profile-${name}.${MODE === 'cpu' ? 'cpuprofile' : 'json'}`), JSON.stringify(data));

const server = await serve();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  const cdp = await page.context().newCDPSession(page);
  await page.selectOption('#demo-size', SIZE);
  await page.evaluate(() => document.querySelector('#load-demo').click());
  // Start recording when the worker reports its last phase (engine build).
  await page.waitForFunction(() => !document.querySelector('#import-progress') || /computing|计算/.test(document.querySelector('#import-progress').textContent),
    null, { timeout: 600000, polling: 20 });
  let stop = await record(cdp);
  await page.waitForFunction(() => !document.querySelector('#import-progress') && document.querySelector('#loaded-summary [data-summary=messages]'),
    null, { timeout: 600000, polling: 100 });
  await page.waitForSelector('#daily-table tbody tr', { timeout: 120000 });
  await sleep(1000);
  let data = await stop();
  save('import', data);
  report(data, 'import end → overview shown');
  for (const tab of TABS) {
    await sleep(1000);
    stop = await record(cdp);
    await page.evaluate((t) => document.querySelector(`#tab-${t}`).click(), tab);
    await sleep(1500);
    data = await stop();
    save(tab, data);
    report(data, `tab ${tab}`);
  }
} finally {
  await browser.close();
  await server.close();
}
