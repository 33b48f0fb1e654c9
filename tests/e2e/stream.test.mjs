// End-to-end, a large chat table parsed while it streams in (issue 12): the
// demo's 7.6 MB per-message CSV written by the native CLI, chosen in the page
// with the demo's orders and ratings. The worker says it parsed the chat file
// as it streamed (`kefuTimings.streamed`); the file's card has the counts of
// the CLI's report, which reads the file whole, and so do the numbers per
// day and on the overview cards. The progress and cancel of a streamed file
// are in import.test.mjs ("a large import shows progress and can be
// cancelled"). The same again in a page that reads the table in two
// (`?helper=1&helper_min=2000000`: the parse helper reads the file from a line break
// near its middle on, src/bin/kefu-worker/helper.rs): the worker says the
// helper's rows were joined (`kefuTimings.helper_joined`) and every number
// is the same. A file read in two can be cancelled (the helper's job
// stops, nothing of the file stays), and the next file is read in two again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, card, dataWorker, OUT, ROOT } from './harness.mjs';

let kefu;
let split;
before(async () => {
  kefu = await KefuPage.open();
  split = await KefuPage.open('/kefu/', '?helper=1&helper_min=2000000');
});
after(async () => { await kefu?.close(); await split?.close(); });

for (const [name, pageOf, joined] of [['read by one worker', () => kefu, 0], ['read in two, with the parse helper', () => split, 1]]) test(`a large chat table streams in and gives the CLI's numbers (${name})`, async () => {
  const { page } = pageOf();
  const dir = path.join(OUT, 'stream-demo');
  const cli = path.join(ROOT, 'target', 'release', 'kefu');
  execFileSync(cli, ['demo', '--out', dir]);
  const chats = path.join(dir, '聊天记录_逐条.csv');
  const orders = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('ExportOrderList')));
  const ratings = path.join(dir, '接待评价.csv');
  assert.ok(fs.statSync(chats).size > 4e6, 'large enough to be streamed');

  await pageOf().upload([chats, orders, ratings]);
  const timings = await dataWorker(page).evaluate(() => ({ ...self.kefuTimings }));
  assert.equal(timings.streamed, 1, `the chat table was parsed as it streamed in: ${JSON.stringify(timings)}`);
  assert.equal(timings.helper_joined ?? 0, joined, `read in two: ${JSON.stringify(timings)}`);
  const args = ['report', '--chats', chats, '--orders', orders, '--ratings', ratings];
  // the chat file's card: the counts of the CLI's report of the file, read whole
  const whole = JSON.parse(execFileSync(cli, [...args, '--by', 'shop'], { maxBuffer: 64 << 20 }));
  const rep = whole.diagnostics.find((d) => d.name === '聊天记录_逐条.csv');
  assert.ok(rep.read > 50000, `${rep.read} records`);
  const c = card('聊天记录_逐条.csv');
  for (const f of ['read', 'imported', 'skipped']) {
    assert.equal(await num(page, `${c} [data-field=${f}]`), rep[f], f);
  }

  const rows = JSON.parse(execFileSync(cli, [...args, '--by', 'day'], { maxBuffer: 64 << 20 })).rows;
  assert.ok(rows.length >= 28, `${rows.length} days`);
  for (const r of rows) {
    const sel = `#daily-table tr[data-day="${r.day}"]`;
    for (const k of ['consult_buyers']) {
      assert.equal(await num(page, `${sel} [data-metric=${k}]`), r[k], `${r.day} ${k}`);
    }
    for (const k of ['avg_response_secs', 'avg_reception_secs']) {
      const ui = await num(page, `${sel} [data-metric=${k}]`);
      assert.ok(Math.abs(ui - r[k]) < 1e-6, `${r.day} ${k}: ${ui} vs ${r[k]}`);
    }
  }
  const shop = whole.rows[0];
  for (const k of ['consult_buyers', 'unreplied_buyers', 'sales_amount']) {
    assert.equal(await num(page, `.cards [data-metric=${k}]`), shop[k], k);
  }
});

test('a file read in two is cancelled whole, and the next is read in two again', async () => {
  const { page } = split;
  await split.clear();
  const big = path.join(OUT, 'big_chats_split.csv');
  if (!fs.existsSync(big) || fs.statSync(big).size < 40e6) {
    const lines = ['时间,客服,买家,发送方,内容'];
    for (let i = 0; i < 500000; i++) {
      const s = String(i % 60).padStart(2, '0');
      lines.push(`2024-06-0${1 + (i % 9)} 1${i % 10}:${s}:${s},店:0${i % 7},买家${i % 50000},${i % 2 ? '客服' : '买家'},读成两半再取消的一条消息 ${i}`);
    }
    fs.writeFileSync(big, lines.join('\n'));
  }
  await page.setInputFiles('#file-input', big);
  await page.waitForFunction(() => /big_chats_split/.test(document.querySelector('#import-progress')?.textContent || ''), null, { timeout: 60000 });
  await page.click('#cancel-import');
  await page.waitForSelector('#import-cancelled', { timeout: 60000 });
  await page.waitForSelector(`${card('big_chats_split.csv')}.cancelled [data-field=cancelled]`);
  assert.equal(await num(page, `${card('big_chats_split.csv')} [data-field=imported]`), 0);
  // the same file again, to the end: read in two, every record
  await split.clear();
  await split.upload([big]);
  const timings = await dataWorker(page).evaluate(() => ({ ...self.kefuTimings }));
  assert.equal(timings.helper_joined, 1, JSON.stringify(timings));
  const c = card('big_chats_split.csv');
  assert.equal(await num(page, `${c} [data-field=read]`), 500000);
  assert.equal(await num(page, `${c} [data-field=imported]`), 500000);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
  split.assertNoLateRequests();
});
