// End-to-end, a large chat table parsed while it streams in (issue 12): the
// demo's 7.6 MB per-message CSV written by the native CLI, chosen in the page
// with the demo's orders and ratings. The worker says it parsed the chat file
// as it streamed (`kefuTimings.streamed`); the file's card has the counts of
// the CLI's report, which reads the file whole, and so do the numbers per
// day and on the overview cards. The progress and cancel of a streamed file
// are in import.test.mjs ("a large import shows progress and can be
// cancelled").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, card, dataWorker, OUT, ROOT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('a large chat table streams in and gives the CLI\'s numbers', async () => {
  const { page } = kefu;
  const dir = path.join(OUT, 'stream-demo');
  const cli = path.join(ROOT, 'target', 'release', 'kefu');
  execFileSync(cli, ['demo', '--out', dir]);
  const chats = path.join(dir, '聊天记录_逐条.csv');
  const orders = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('ExportOrderList')));
  const ratings = path.join(dir, '接待评价.csv');
  assert.ok(fs.statSync(chats).size > 4e6, 'large enough to be streamed');

  await kefu.upload([chats, orders, ratings]);
  const timings = await dataWorker(page).evaluate(() => ({ ...self.kefuTimings }));
  assert.equal(timings.streamed, 1, `the chat table was parsed as it streamed in: ${JSON.stringify(timings)}`);
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

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
