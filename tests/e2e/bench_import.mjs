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
//   BENCH_WORKERS=1,2 node bench_import.mjs                # one data worker, then two part workers
//   BENCH_HELPER=1,0 node bench_import.mjs                 # with the parse helper (?helper=1), then without (the default)
//
// Each run also prints where the data worker's time went (`kefuTimings`:
// waiting for the file's bytes, parsing, building — splitting and the part
// workers' builds included). A large UTF-8 table is parsed while it streams
// in, so "wait" is only the time the parser had nothing to parse; the
// column says "streamed" when it was. When the data was split among part
// workers, each part worker's wasm memory is printed too (`kefuPartMemory`),
// and so is the parse helper's (`kefuHelperMemory`: the worker that reads
// the second half of a large chat table, src/bin/kefu-worker/helper.rs).
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
// Part workers per run: 1 = the data worker alone; N ≥ 2 = split among N
// part workers from the first message (`?workers=N&pool_min=1`); the app's
// default is one per core from 200,000 messages.
const WORKERS = (process.env.BENCH_WORKERS || '1,2').split(',').map(Number);
// With the parse helper (1: `?helper=1`) or without it (0, the app's
// default).
const HELPERS = (process.env.BENCH_HELPER || '0').split(',').map(Number);
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
    // are done: the messages count of the summary and a consult_buyers card
    // (a card has its data-value only once the totals have come).
    await page.waitForFunction(
      () => !document.querySelector('#import-progress')
        && document.querySelector('#loaded-summary [data-summary=messages]')
        && document.querySelector('.cards [data-metric=consult_buyers][data-value]'),
      null, { timeout: 15 * 60 * 1000, polling: 50 });
    const ms = Date.now() - t0;
    const messages = await page.textContent('#loaded-summary [data-summary=messages]');
    const consult = Number(await page.getAttribute('.cards [data-metric=consult_buyers]', 'data-value'));
    // A question after the import: the 客服绩效 table (a report by agent,
    // answered by the data worker's engine or by the part workers).
    const t1 = Date.now();
    await page.click('#tab-agents');
    await page.waitForSelector('#agent-table tbody tr [data-metric=consult_buyers][data-value]', { timeout: 10 * 60 * 1000 });
    const agentsMs = Date.now() - t1;
    const worker = page.workers().find((w) => w.url().includes('kefu-worker') && !w.url().includes('part') && !w.url().includes('tail'));
    const got = worker ? await worker.evaluate(() => ({
      wasm: self.kefuWasmMemory?.buffer.byteLength ?? null,
      parts: self.kefuPartMemory ? [...self.kefuPartMemory] : [],
      helper: self.kefuHelperMemory ?? 0,
      timings: self.kefuTimings ? { ...self.kefuTimings } : {},
    })) : { wasm: null, parts: [], helper: 0, timings: {} };
    return { ms, agents_ms: agentsMs, loaded: messages, consult_buyers: consult, wasm_bytes: got.wasm, part_bytes: got.parts, helper_bytes: got.helper, timings: got.timings, errors: errors.slice() };
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
  runs: [],
};
try {
  for (const n of SIZES) {
    const file = csvOf(n);
    const bytes = fs.statSync(file).size;
    // The number the timed cards must show: the CLI's 咨询人数 of the file
    // (one shop: `--by shop` is the whole data's row).
    const cli = JSON.parse(execFileSync(KEFU, ['report', '--chats', file, '--by', 'shop'], { maxBuffer: 1 << 28 }).toString());
    const expected = cli.rows[0].consult_buyers;
    for (let rep = 0; rep < REPS; rep++) {
      for (const workers of WORKERS) {
        for (const helper of HELPERS) {
          const query = (workers >= 2 ? `?workers=${workers}&pool_min=1` : '?workers=1') + (helper ? '&helper=1' : '');
          const r = await once(browser, server.url + query, file);
          result.runs.push({ messages: n, workers, helper, file_mb: r1(bytes / 2 ** 20), ...r });
          if (r.consult_buyers !== expected) {
            console.error(`the cards showed consult_buyers ${r.consult_buyers}, the CLI ${expected}`);
            process.exitCode = 1;
          }
          const parts = r.part_bytes.map((b) => r1(b / 2 ** 20)).join(' + ');
          console.error(`${n}, ${workers} worker(s), helper ${helper ? 'on' : 'off'}: ${r.ms} ms, agents tab ${r.agents_ms} ms (${JSON.stringify(r.timings)}), data worker ${r.wasm_bytes === null ? '?' : r1(r.wasm_bytes / 2 ** 20) + ' MB'}${parts ? `, parts ${parts} MB` : ''}${r.helper_bytes ? `, helper ${r1(r.helper_bytes / 2 ** 20)} MB` : ''}`);
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
result.machine.loadavg_end = os.loadavg().map(r1);
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'bench_import.json'), JSON.stringify(result, null, 2));
const lines = [`Chromium ${result.chromium}; ${result.machine.cpus} cores (${result.machine.cpu_model}); load ${result.machine.loadavg_start[0]} → ${result.machine.loadavg_end[0]}`,
  '| messages | file MB | part workers | parse helper | file chosen → cards (s) | wait / parse / build (s) | then 客服绩效 tab (s) | data worker MB | part workers MB | helper MB | all workers MB (× file) |',
  '|---|---|---|---|---|---|---|---|---|---|---|'];
const mb = (b) => r1(b / 2 ** 20);
const s2 = (ms) => (ms === undefined ? '?' : (ms / 1000).toFixed(2));
for (const r of result.runs) {
  const all = (r.wasm_bytes ?? 0) + r.part_bytes.reduce((a, b) => a + b, 0) + (r.helper_bytes ?? 0);
  const t = r.timings;
  lines.push(`| ${r.messages.toLocaleString('en')} | ${r.file_mb} | ${r.workers >= 2 ? r.workers : '–'} | ${r.helper ? (r.timings.helper_joined ? 'joined' : 'on') : 'off'} | ${(r.ms / 1000).toFixed(2)} | ${s2(t.read_ms)} / ${s2(t.parse_ms)} / ${s2(t.build_ms)}${t.streamed ? ' (streamed)' : ''} | ${s2(r.agents_ms)} | ${r.wasm_bytes === null ? '?' : mb(r.wasm_bytes)} | ${r.part_bytes.map(mb).join(' + ') || '–'} | ${r.helper_bytes ? mb(r.helper_bytes) : '–'} | ${mb(all)} (${(mb(all) / r.file_mb).toFixed(2)}×) |`);
}
console.log(lines.join('\n'));
