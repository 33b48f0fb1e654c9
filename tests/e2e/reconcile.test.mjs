// End-to-end, issue 15 item 2: official 生意参谋 sheets dropped with the
// chats and orders get a 对账参考 card (not refused, not counted); the 对账
// tab compares them cell by cell with the same rows and differences as
// `kefu reconcile` on the same files; a wrong cell and a day missing from
// the chats are marked and explained; our number drills to as many records
// as it says; removing a sheet takes its cells out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, ROOT, FIXTURES, OUT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

const F = (n) => path.join(FIXTURES, n);
const bin = path.join(ROOT, 'target', 'release', 'kefu');
const inputs = ['--chats', F('e2e_chats.csv'), '--orders', F('ExportOrderList_e2e.csv')];

// 咨询接待 as exported: one file per day, header, the shop's row, a peer row.
const COLS = [['咨询人数', 'consult_buyers'], ['接待人数', 'reception_buyers'], ['未回复人数', 'unreplied_buyers'],
  ['总消息数', 'total_messages'], ['平均响应时长', 'avg_response_secs'], ['3分钟人工响应率', 'response_rate_3min']];
function sheet(day, m) {
  const v = (k) => (m[k] === null || m[k] === undefined ? '-'
    : k.endsWith('_secs') ? m[k].toFixed(1) : k.includes('rate') ? `${(m[k] * 100).toFixed(2)}%` : String(m[k]));
  return ['日期,' + COLS.map((c) => c[0]).join(','), [day, ...COLS.map((c) => v(c[1]))].join(','),
    [day, '1', '1', '0', '2', '3.0', '100.00%'].join(',')].join('\n') + '\n';
}

test('对账: official sheets beside the data, the same comparison as the CLI, differences explained and drilled', async () => {
  const { page } = kefu;
  const days = JSON.parse(execFileSync(bin, ['report', ...inputs, '--by', 'day'])).rows;
  assert.ok(days.length >= 2);
  const dir = path.join(OUT, 'reconcile');
  fs.mkdirSync(dir, { recursive: true });
  const files = days.map((r, i) => {
    const m = { ...r };
    if (i === 0) m.total_messages += 3; // a cell that must differ
    const p = path.join(dir, `天猫_${r.day.replaceAll('-', '')}_生意参谋_咨询接待.csv`);
    fs.writeFileSync(p, sheet(r.day, m));
    return p;
  });
  // A day the chats do not have.
  const missing = '2024-05-30';
  const pm = path.join(dir, '天猫_20240530_生意参谋_咨询接待.csv');
  fs.writeFileSync(pm, sheet(missing, { consult_buyers: 4, reception_buyers: 4, unreplied_buyers: 0, total_messages: 9, avg_response_secs: 20, response_rate_3min: 1 }));
  files.push(pm);
  const want = JSON.parse(execFileSync(bin, ['reconcile', ...inputs, '--official', ...files]));
  const wantDiffer = want.rows.filter((r) => r.differs);
  assert.ok(wantDiffer.length >= 2, 'the wrong cell and the missing day differ');

  await kefu.upload([F('e2e_chats.csv'), F('ExportOrderList_e2e.csv'), ...files]);
  // The official sheets are reference cards: no fatal, nothing counted.
  for (const f of files) {
    const card = page.locator(`#import-reports .report[data-file='${path.basename(f)}']`);
    assert.equal(await card.count(), 1, path.basename(f));
    assert.equal(await card.locator('[data-field=fatal]').count(), 0);
    assert.equal(await card.locator('[data-field=reference]').getAttribute('data-value'), '1');
  }
  assert.equal(await num(page, '[data-summary=days]'), days.length, 'the official days add no day to the data');

  await page.click('#tab-reconcile');
  await page.waitForSelector('#reconcile-table tbody tr');
  assert.equal(await num(page, '#reconcile-compared'), want.rows.length);
  assert.equal(await num(page, '#reconcile-differ'), wantDiffer.length);
  assert.equal(await page.locator('#reconcile-table tbody tr').count(), want.rows.length);
  for (const r of want.rows) {
    const tr = page.locator(`#reconcile-table tr[data-day='${r.day}'][data-key=${r.metric}]`);
    assert.equal(await tr.count(), 1, `${r.day} ${r.metric}`);
    assert.equal(await tr.evaluate((e) => e.classList.contains('differs')), r.differs, `${r.day} ${r.metric}`);
    const ours = await tr.locator('[data-metric]').getAttribute('data-value');
    assert.equal(ours === '' ? null : Number(ours), r.ours, `${r.day} ${r.metric} ours`);
  }
  const codes = await page.$$eval('#reconcile-causes li', (els) => els.map((e) => e.dataset.code));
  assert.deepEqual(codes, want.explanations.map((e) => e.code));
  assert.ok(codes.includes('missing_days'));
  assert.match(await page.textContent('#reconcile-causes [data-code=missing_days]'), new RegExp(missing));
  // Differences only.
  await page.check('#reconcile-only-diff');
  assert.equal(await page.locator('#reconcile-table tbody tr').count(), wantDiffer.length);
  await page.uncheck('#reconcile-only-diff');
  // Our number opens its records.
  const first = days[0];
  const cell = page.locator(`#reconcile-table tr[data-day='${first.day}'][data-key=consult_buyers] [data-metric]`);
  await cell.click();
  await page.waitForSelector('#drill-panel[data-metric-drill=consult_buyers]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), first.consult_buyers);
  await kefu.shot('reconcile');
  // A relative tolerance wide enough takes the wrong count back in line.
  const wrong = want.rows.find((r) => r.differs && r.metric === 'total_messages' && r.day === first.day);
  const pct = Math.ceil((Math.abs(wrong.ours - wrong.official) / wrong.official) * 100) + 1;
  await page.fill('#reconcile-tolerance', String(pct));
  await page.locator('#reconcile-tolerance').dispatchEvent('change');
  const loose = JSON.parse(execFileSync(bin, ['reconcile', ...inputs, '--official', ...files, '--tolerance', String(pct / 100)]));
  await page.waitForFunction((n) => Number(document.querySelector('#reconcile-differ')?.dataset.value) === n,
    loose.rows.filter((r) => r.differs).length);
  // Removing the missing day's sheet takes its cells out.
  await kefu.openImport();
  const before = await num(page, '#reconcile-compared');
  await page.locator(`#import-reports .report[data-file='${path.basename(pm)}'] .remove-file`).click();
  await page.waitForFunction((n) => Number(document.querySelector('#reconcile-compared')?.dataset.value) < n, before);
  assert.equal(await page.locator(`#reconcile-table tr[data-day='${missing}']`).count(), 0);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
