// Where does the data worker's time go during an import? A profiling aid
// (NOT a test, NOT the benchmark): chooses a per-message chat CSV in the
// app's file picker (headless Chromium, one worker), records a Chrome trace
// with V8's sampling profiler from the file chosen until the overview's
// cards show their numbers, and prints the data worker's functions by self
// time and by total time (a function counted once per sample however deep
// it recurses), then the UI thread's total.
//
//   cd tests/e2e && node profile_worker.mjs                 # the 1M demo file
//   PROFILE_FILE=/path/chats.csv PROFILE_TOP=60 node profile_worker.mjs
//
// Trunk's release build runs wasm-opt, which drops the function names, so
// a plain dist/ shows `wasm-function[N]`. For names, put the worker as
// cargo built it (names kept) into a copy of dist/:
//
//   wasm-bindgen --target no-modules --out-dir /tmp/wb --out-name kefu-worker \
//     target/wasm32-unknown-unknown/web-worker/kefu-worker.wasm
//   cp -a dist /tmp/dist-names && cp /tmp/wb/kefu-worker_bg.wasm /tmp/dist-names/
//   KEFU_DIST=/tmp/dist-names node profile_worker.mjs
//
// (the glue it writes is the dist's own; without wasm-opt the worker runs
// a little slower, and the profiler slows everything down, so read shares,
// not times). The raw trace goes to out/profile-worker.json.
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openApp, ROOT, OUT } from './harness.mjs';

const FILE = process.env.PROFILE_FILE || path.join(ROOT, 'bench', 'data', 'demo-1000000-30d', '聊天记录_逐条.csv');
const TOP = Number(process.env.PROFILE_TOP || 40);
if (!fs.existsSync(FILE)) {
  console.error(`no ${FILE}: make it with \`kefu demo --messages 1000000 --days 30 --out bench/data/demo-1000000-30d\``);
  process.exit(1);
}

const server = await serve();
const browser = await launch();
const events = [];
try {
  const { page, context } = await openApp(browser, server.url + '?workers=1');
  const cdp = await context.newCDPSession(page);
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: 'disabled-by-default-v8.cpu_profiler,v8.execute',
    transferMode: 'ReportEvents',
  });
  const t0 = Date.now();
  await page.setInputFiles('#file-input', FILE);
  await page.waitForFunction(
    () => !document.querySelector('#import-progress') && document.querySelector('.cards [data-metric=consult_buyers][data-value]'),
    null, { timeout: 15 * 60 * 1000, polling: 50 });
  console.log(`file chosen → cards: ${Date.now() - t0} ms (with the profiler on)`);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
} finally {
  await browser.close();
  await server.close();
}
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'profile-worker.json'), JSON.stringify(events));

// The sampling profiler's trace events: a `Profile` per thread, then
// `ProfileChunk`s with new nodes (id, parent, callFrame) and samples.
const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const profiles = new Map();
for (const e of events) {
  const key = `${e.pid}:${e.id}`;
  if (e.name === 'Profile') profiles.set(key, { thread: threads.get(`${e.pid}:${e.tid}`) || key, nodes: new Map(), samples: [] });
  if (e.name !== 'ProfileChunk' || !profiles.has(key)) continue;
  const p = profiles.get(key);
  const cpu = e.args.data.cpuProfile || {};
  for (const n of cpu.nodes || []) p.nodes.set(n.id, n);
  const deltas = e.args.data.timeDeltas || [];
  (cpu.samples || []).forEach((id, i) => p.samples.push([id, deltas[i] || 0]));
}
const name = (n) => (n.callFrame.functionName || `(${(n.callFrame.url || '?').split('/').pop()})`).replace(/::h[0-9a-f]{16}/g, '');
const ms = (us) => (us / 1000).toFixed(1).padStart(8);
for (const p of profiles.values()) {
  const own = new Map();
  const total = new Map();
  let all = 0;
  for (const [id, dt] of p.samples) {
    const n = p.nodes.get(id);
    if (!n) continue;
    all += dt;
    own.set(name(n), (own.get(name(n)) || 0) + dt);
    const seen = new Set();
    for (let x = n; x; x = p.nodes.get(x.parent)) {
      const k = name(x);
      if (!seen.has(k)) {
        seen.add(k);
        total.set(k, (total.get(k) || 0) + dt);
      }
    }
  }
  const worker = /Worker/.test(p.thread);
  if (all < 50000 || (!worker && !/CrRendererMain/.test(p.thread))) continue;
  const busy = all - (own.get('(idle)') || 0);
  console.log(`\n== ${p.thread}: ${ms(all)} ms sampled, ${ms(busy).trim()} ms busy`);
  if (!worker) continue;
  console.log('-- self');
  for (const [k, v] of [...own].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${ms(v)} ms  ${k.slice(0, 120)}`);
  console.log('-- total');
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${ms(v)} ms  ${k.slice(0, 120)}`);
}
