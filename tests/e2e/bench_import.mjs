// In-browser import benchmark (issue 12, item 4; NOT part of the test
// suite): the demo's per-message chat CSV of each size is chosen in the
// file picker of the built dist/ (headless Debian Chromium, a fresh page per
// run), and the script times "file chosen → overview cards" — from
// setInputFiles to the cards showing the loaded numbers — and reads the
// worker's wasm memory at the end (a wasm memory only grows, so that is its
// peak). The files are the ones bench/native.py uses (generated with
// `kefu demo --messages N --days 30` into bench/data/, git-ignored), so the
// browser and native figures are of the same bytes.
//
//   cd tests/e2e && node bench_import.mjs                 # 1M and 10M, 2 runs each
//   BENCH_SIZES=1e6 BENCH_REPS=3 node bench_import.mjs
//
// Prints a table and writes out/bench_import.json; always exits 0 unless
// the app fails to load a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openApp, ROOT, OUT } from './harness.mjs';

const SIZES = (process.env.BENCH_SIZES || '1e6,1e7').split(',').map((s) => Math.round(Number(s)));
const REPS = Number(process.env.BENCH_REPS || 2);
const KEFU = process.env.KEFU || path.join(ROOT, 'target', 'release', 'kefu');
const DATA = process.env.BENCH_DATA || path.join(ROOT, 'bench', 'data');
const r1 = (x) => Math.round(x * 10) / 10;

function csvOf(n) {
  const dir = path.join(DATA, `demo-${n}-30d`);
  const file = path.join(dir, '聊天记录_逐条.csv');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    console.error(`generating ${n} messages into ${dir} …`);
    execFileSync(KEFU, ['demo', '--messages', String(n), '--days', '30', '--out', dir], { stdio: 'inherit' });
  }
  return file;
}

async function once(browser, url, file) {
  const { page, context, errors } = await openApp(browser, url);
  try {
    const t0 = Date.now();
    await page.setInputFiles('#file-input', file);
    // The cards show the loaded data once the import and the first report
    // are done: the messages count of the summary and a consult_buyers card.
    await page.waitForFunction(
      () => !document.querySelector('#import-progress')
        && document.querySelector('#loaded-summary [data-summary=messages]')
        && document.querySelector('.cards [data-metric=consult_buyers][data-value]'),
      null, { timeout: 15 * 60 * 1000, polling: 50 });
    const ms = Date.now() - t0;
    const messages = await page.textContent('#loaded-summary [data-summary=messages]');
    const worker = page.workers()[0];
    const wasmBytes = worker ? await worker.evaluate(() => self.kefuWasmMemory?.buffer.byteLength ?? null) : null;
    return { ms, loaded: messages, wasm_bytes: wasmBytes, errors: errors.slice() };
  } finally {
    await context.close();
  }
}

const server = await serve();
const browser = await launch();
const result = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, loadavg_start: os.loadavg().map(r1) },
  workers: 1,
  runs: [],
};
try {
  for (const n of SIZES) {
    const file = csvOf(n);
    const bytes = fs.statSync(file).size;
    for (let rep = 0; rep < REPS; rep++) {
      const r = await once(browser, server.url, file);
      result.runs.push({ messages: n, file_mb: r1(bytes / 2 ** 20), ...r });
      console.error(`${n}: ${r.ms} ms, wasm ${r.wasm_bytes === null ? '?' : r1(r.wasm_bytes / 2 ** 20) + ' MB'}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
result.machine.loadavg_end = os.loadavg().map(r1);
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'bench_import.json'), JSON.stringify(result, null, 2));
const lines = [`Chromium ${result.chromium}; ${result.machine.cpus} cores (${result.machine.cpu_model}); load ${result.machine.loadavg_start[0]} → ${result.machine.loadavg_end[0]}; ${result.workers} worker`,
  '| messages | file MB | file chosen → cards (s) | worker wasm memory MB (× file) |', '|---|---|---|---|'];
for (const r of result.runs) {
  const mem = r.wasm_bytes === null ? '?' : `${r1(r.wasm_bytes / 2 ** 20)} (${(r.wasm_bytes / 2 ** 20 / r.file_mb).toFixed(2)}×)`;
  lines.push(`| ${r.messages.toLocaleString('en')} | ${r.file_mb} | ${(r.ms / 1000).toFixed(2)} | ${mem} |`);
}
console.log(lines.join('\n'));
