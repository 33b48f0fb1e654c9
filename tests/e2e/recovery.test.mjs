// End-to-end, recovery (issue 13): the worker that holds the data dies — an
// uncaught error, or a real wasm trap when it runs out of memory while
// reading a file — and the page starts a new one and brings back every file
// it had, from the File objects it still holds. The file that was being
// read when it died gets a card saying so; the others are all there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KefuPage, num, card, waitLoaded, dataWorker, workerGeneration, recovered, killWorker, FIXTURES, OUT, ROOT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

const cards = '.cards [data-metric=consult_buyers]';

const generation = workerGeneration;

test('a worker that dies while idle is restarted and every file comes back', async () => {
  const { page } = kefu;
  await kefu.use('fixtures');
  const consult = await num(page, cards);
  const day = await num(page, '#daily-table tr[data-day="2024-06-01"] [data-metric=consult_buyers]');
  assert.ok(consult > 0);
  // An uncaught error in the worker: the page cannot trust its state any more.
  await killWorker(page);
  await page.waitForFunction((n) => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === n, consult, { timeout: 60000 });
  const notice = await page.textContent('#worker-restarted');
  assert.match(notice, /重新导入了 2 个文件/);
  assert.doesNotMatch(notice, /查询/, 'it died idle, not answering a question');
  await kefu.openImport();
  for (const f of ['e2e_chats.csv', 'ExportOrderList_e2e.csv']) {
    assert.ok(await page.$(`${card(f)}.ok, ${card(f)}.warn`), `${f} is back`);
  }
  assert.equal(await num(page, '#daily-table tr[data-day="2024-06-01"] [data-metric=consult_buyers]'), day);
  // The new worker answers questions: a drill opens.
  await page.click(cards);
  await page.waitForSelector('#drill-panel', { timeout: 30000 });
  await page.keyboard.press('Escape');
  await page.click('#worker-restarted button');
  kefu.dataset = null;
});

test('a worker that runs out of memory on a file: that file is named, the rest of the batch is imported', async () => {
  const { page } = kefu;
  await kefu.clear();
  // A file larger than what the worker's memory has left: reading it needs
  // one allocation of its size, which fails, and the wasm instance aborts.
  const big = path.join(OUT, 'too_big_for_memory.csv');
  if (!fs.existsSync(big)) {
    const line = '2024-06-01 10:00:00,店:01,买家0,买家,填充内容用于占满内存的测试行\n';
    fs.writeFileSync(big, '时间,客服,买家,发送方,内容\n' + line.repeat(Math.ceil(24e6 / Buffer.byteLength(line))));
  }
  const gen = await generation(page);
  // Use up the worker's wasm memory (4 GiB at most): grow it until 8 MiB are
  // left — room for the small files, not for the big one. A wasm memory
  // reserves its pages; nothing is written to them.
  const left = await dataWorker(page).evaluate(() => {
    const m = self.kefuWasmMemory;
    const pages = () => m.buffer.byteLength / 65536;
    try {
      m.grow(65536 - 128 - pages());
    } catch (e) {
      // A browser with a lower ceiling: grow until it refuses.
      for (const step of [4096, 256, 16, 1]) {
        try { for (;;) m.grow(step); } catch (e2) { /* the next smaller step */ }
      }
    }
    return 65536 * 65536 - m.buffer.byteLength;
  });
  assert.ok(left <= 8 * 1048576, `the worker's memory is nearly full (${left} bytes left)`);
  const [chats, orders] = ['e2e_chats.csv', 'ExportOrderList_e2e.csv'].map((f) => path.join(FIXTURES, f));
  await page.setInputFiles('#file-input', [chats, big, orders]);
  await recovered(page, gen);
  await kefu.openImport();
  // The file that was being read is named, with what to do…
  const bad = card('too_big_for_memory.csv');
  await page.waitForSelector(`${bad}.fatal`);
  assert.match(await page.textContent(`${bad} [data-field=fatal]`), /分析引擎意外停止/);
  assert.doesNotMatch(await page.textContent('body'), /src\/|\.rs:|\.cargo|panicked at/, 'no internal paths');
  assert.match(await page.textContent('#worker-restarted'), /too_big_for_memory\.csv/);
  // …and both files around it are imported, with the numbers of the two alone.
  for (const f of ['e2e_chats.csv', 'ExportOrderList_e2e.csv']) {
    assert.ok(await page.$(`${card(f)}.ok, ${card(f)}.warn`), `${f} imported`);
  }
  await page.waitForSelector('#daily-table tr[data-day="2024-06-01"]');
  assert.equal(await num(page, '#daily-table tr[data-day="2024-06-01"] [data-metric=consult_buyers]'), 3);
  await page.click('#worker-restarted button');
  kefu.dataset = null;
});

test('crafted workbooks beside good files: refused by name, no crash, the good files\' numbers', async () => {
  const { page } = kefu;
  await kefu.clear();
  const corpus = path.join(ROOT, 'tests', 'fuzz_corpus', 'import_bytes');
  const crafted = fs.readdirSync(corpus).filter((f) => f.startsWith('crafted-')).sort();
  assert.ok(crafted.length >= 4, 'the crafted .xlsx/.xls cases are in the corpus');
  const gen = await generation(page);
  const [chats, orders] = ['e2e_chats.csv', 'ExportOrderList_e2e.csv'].map((f) => path.join(FIXTURES, f));
  await kefu.upload([chats, ...crafted.map((f) => path.join(corpus, f)), orders]);
  // The worker never died: the guards refused the files before they could
  // allocate or panic.
  assert.equal(await generation(page), gen, 'no restart was needed');
  for (const f of crafted) {
    const c = card(f);
    assert.ok(await page.$(c), `${f} has a card`);
    const text = await page.textContent(c);
    assert.equal(await num(page, `${c} [data-field=imported]`), 0, `${f} imports nothing`);
    assert.ok((await page.$(`${c}.fatal`)) || (await page.$(`${c} [data-field=skipped-sheets]`)), `${f} is refused or its sheet skipped: ${text}`);
    assert.doesNotMatch(text, /src\/|\.rs:|\.cargo|panicked/, `${f}: no internal paths`);
  }
  for (const f of ['e2e_chats.csv', 'ExportOrderList_e2e.csv']) assert.ok(await page.$(`${card(f)}.ok, ${card(f)}.warn`), f);
  await page.waitForSelector('#daily-table tr[data-day="2024-06-01"]');
  assert.equal(await num(page, '#daily-table tr[data-day="2024-06-01"] [data-metric=consult_buyers]'), 3);
  kefu.dataset = null;
});

test('no request left the page after it loaded, but the new worker\'s own files', () => {
  // A restarted worker loads its script and wasm again, from the app's own
  // folder; nothing else may appear.
  const own = new URL(kefu.srv.url);
  kefu.lateRequests = kefu.lateRequests.filter((u) => {
    const url = new URL(u, own);
    return !(url.origin === own.origin && /\/kefu-worker(_loader\.js|\.js|_bg\.wasm)$/.test(url.pathname));
  });
  // The killed worker's uncaught error and the out-of-memory abort are this
  // test's own doing.
  kefu.errors = kefu.errors.filter((e) => !/killed by the e2e test|unreachable|memory allocation|RuntimeError|Aborted/i.test(e));
  kefu.assertNoLateRequests();
});
