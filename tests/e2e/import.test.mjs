// End-to-end, importing: the built dist/ in headless Chromium, driven as a
// user would. Expected numbers for tests/fixtures/e2e_chats.csv +
// ExportOrderList_e2e.csv are computed by hand from ../shared/spec/metrics.md
// (see comments). Each test loads its own files; the demo is compared with
// the native CLI (target/release/kefu).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, card, waitLoaded, FIXTURES, OUT, ROOT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('upload fixture files: import reports and hand-computed metrics', async () => {
  const { page } = kefu;
  await kefu.upload([path.join(FIXTURES, 'e2e_chats.csv'), path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForSelector('#daily-table tr[data-day="2024-06-01"]');
  await kefu.shot('upload-fixtures');

  // Chat file: 12 data lines, line 13 has month 13 → skipped with its line number.
  const chats = card('e2e_chats.csv');
  assert.equal(await num(page, `${chats} [data-field=read]`), 12);
  assert.equal(await num(page, `${chats} [data-field=imported]`), 11);
  assert.equal(await num(page, `${chats} [data-field=skipped]`), 1);
  const problem = await page.textContent(`${chats} .problems li[data-line="13"]`);
  assert.match(problem, /第 13 行/);
  assert.match(problem, /2024-13-01/);

  // Taobao order export: GB18030, every field quoted, ="…" ids.
  const orders = card('ExportOrderList_e2e.csv');
  assert.equal((await page.textContent(`${orders} [data-field=encoding]`)).trim(), 'GB18030');
  assert.equal((await page.textContent(`${orders} [data-field=format]`)).trim(), 'taobao-orders');
  assert.equal(await num(page, `${orders} [data-field=imported]`), 4);

  // 汇总表 2024-06-01: buyers 甲 乙 丙 consult (甲 writes to two agents: one
  // buyer-day) → 3; agents 01 and 02 sent human messages → 2; answered rounds
  // 120 s (甲-01, the auto-reply does not close it), 300 s (乙), 60 s (甲-02)
  // → mean 160 s. 2024-06-02: 丁 → 1 consult, 1 agent, 40 s.
  const d1 = '#daily-table tr[data-day="2024-06-01"]';
  assert.equal(await num(page, `${d1} [data-metric=consult_buyers]`), 3);
  assert.equal(await num(page, `${d1} [data-metric=online_agents]`), 2);
  assert.equal(await num(page, `${d1} [data-metric=avg_response_secs]`), 160);
  const d2 = '#daily-table tr[data-day="2024-06-02"]';
  assert.equal(await num(page, `${d2} [data-metric=consult_buyers]`), 1);
  assert.equal(await num(page, `${d2} [data-metric=avg_response_secs]`), 40);
  assert.equal((await page.textContent(`${d1} [data-metric=avg_response_secs]`)).trim(), '2分40秒');

  // Period cards: 4 buyer-days consult; 丙 unreplied; rounds 5, ≤180 s: 120,
  // 60, 40 → 3/5; inquiries 4, paid within window: 甲 (same day) and 乙
  // (order on 06-03, day 3 of the window) → 2/4; sales 128 + 99 = 227
  // (丙's order predates her chat; 戊 never chatted).
  const m = (k) => num(page, `.cards [data-metric=${k}]`);
  assert.equal(await m('consult_buyers'), 4);
  assert.equal(await m('unreplied_buyers'), 1);
  assert.equal(await m('response_rate_3min'), 0.6);
  assert.equal(await m('inquiry_conversion_final'), 0.5);
  assert.equal(await m('sales_amount'), 227);
  assert.equal((await page.textContent('.cards [data-metric=sales_amount]')).trim(), '¥227.00');
});

test('a file can be re-imported as another kind', async () => {
  const { page } = kefu;
  // The two hand-computed fixture files, nothing else.
  await kefu.use('fixtures');
  const orders = card('ExportOrderList_e2e.csv');
  await page.selectOption(`${orders} .kind-override`, 'ratings');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-field=fatal]`), orders);
  await waitLoaded(page);
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=sales_amount]')?.dataset.value) === 0);
  await page.selectOption(`${orders} .kind-override`, '');
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-field=format]`)?.textContent.trim() === 'taobao-orders', orders);
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=sales_amount]')?.dataset.value) === 227);
  assert.equal(await page.locator(orders).count(), 1, 'the replaced report is hidden');
});

test('nicks in text chats can be marked as staff', async () => {
  const { page } = kefu;
  await kefu.clear();
  const f = path.join(OUT, 'main_account.txt');
  fs.writeFileSync(f, '----- 与 顾客A 的聊天记录 -----\n顾客A(2024-06-05 10:00:00):你好，在吗\n旗舰店主号(2024-06-05 10:01:00):在的亲\n');
  await kefu.upload([f]);
  // Unmarked, 旗舰店主号 is just another buyer: two consulting buyers, nobody received.
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '2');
  assert.equal(await num(page, '.cards [data-metric=reception_buyers]'), 0);
  await page.click('#staff-panel summary');
  await page.check('#staff-panel tr[data-nick="旗舰店主号"] .staff-toggle');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=reception_buyers]')?.dataset.value === '1');
  assert.equal(await num(page, '.cards [data-metric=consult_buyers]'), 1);
  await kefu.shot('staff-marking');
  // Back to default settings for the tests that follow.
  await page.click('#settings-panel summary');
  await page.click('#settings-panel button:has-text("恢复默认")');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '2');
  await page.click('#settings-panel summary');
});

test('bad files get a clear report and leave the app usable', async () => {
  const { page } = kefu;
  await kefu.clear();
  const dir = path.join(OUT, 'bad');
  fs.mkdirSync(dir, { recursive: true });
  const empty = path.join(dir, 'empty.csv');
  fs.writeFileSync(empty, '');
  const binary = path.join(dir, 'photo.csv');
  fs.writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  const zip = path.join(dir, 'renamed.csv');
  fs.writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)]));
  const oneLine = path.join(dir, 'one_line.csv');
  fs.writeFileSync(oneLine, 'x'.repeat(8 * 1024 * 1024));
  const truncated = path.join(dir, 'truncated.csv');
  const full = fs.readFileSync(path.join(FIXTURES, 'e2e_chats.csv'));
  fs.writeFileSync(truncated, full.subarray(0, full.length - 300));
  await kefu.upload([empty, binary, zip, oneLine, truncated]);
  await kefu.shot('bad-files');
  for (const f of ['empty.csv', 'photo.csv', 'renamed.csv', 'one_line.csv']) {
    const fatal = await page.textContent(`${card(f)} [data-field=fatal]`);
    assert.ok(fatal && fatal.trim().length > 8, `${f} explains why it could not be used`);
  }
  // The truncated file keeps its good rows.
  assert.ok((await num(page, `${card('truncated.csv')} [data-field=imported]`)) >= 5);
  assert.equal(await page.$('#panic-panel'), null);
});

test('a rejected file links to "how to export", which shows each platform', async () => {
  const { page } = kefu;
  await kefu.clear();
  const dir = path.join(OUT, 'howto');
  fs.mkdirSync(dir, { recursive: true });
  // A 生意参谋 daily summary: totals, not chats — rejected.
  const sycm = path.join(dir, '天猫_20240601_店_生意参谋_咨询接待.csv');
  fs.writeFileSync(sycm, '日期,咨询人数,接待人数,未回复人数,平均响应时长\n2024-06-01,120,118,2,25\n');
  await kefu.upload([sycm]);
  const c = card(path.basename(sycm));
  await page.waitForSelector(`${c} [data-field=fatal]`);
  assert.equal(await page.$eval('#howto', (d) => d.open), false, 'the panel starts closed');
  await page.click(`${c} .howto-link`);
  await page.waitForSelector('#howto .howto-platform[data-platform=sycm]');
  assert.equal(await page.$eval('#howto', (d) => d.open), true);
  const sycmText = await page.textContent('#howto .howto-platform');
  assert.match(sycmText, /汇总/, 'says 生意参谋 sheets are totals');
  await kefu.shot('howto-sycm');

  // Qianniu: chats, orders and ratings, each with where to click and the columns read.
  await page.click('#howto .howto-tabs [data-platform=qianniu]');
  await page.waitForSelector('#howto .howto-platform[data-platform=qianniu]');
  for (const input of ['chats', 'orders', 'ratings']) {
    const entry = `#howto .howto-entry[data-input=${input}]`;
    assert.ok(await page.$(entry), `qianniu ${input}`);
    assert.ok((await page.$$(`${entry} code`)).length >= 4, `qianniu ${input} lists its columns`);
  }
  assert.match(await page.textContent('#howto .howto-entry[data-input=orders]'), /已卖出的宝贝/);
  // Every platform the issue names has a tab.
  for (const id of ['qianniu', 'sycm', 'pdd', 'douyin', 'jd']) {
    assert.ok(await page.$(`#howto .howto-tabs [data-platform=${id}]`), id);
  }
  // The summary closes it.
  await page.click('#howto > summary');
  assert.equal(await page.$eval('#howto', (d) => d.open), false);
});

test('a large import shows progress and can be cancelled', async () => {
  const { page } = kefu;
  await kefu.clear();
  const big = path.join(OUT, 'big_chats.csv');
  if (!fs.existsSync(big) || fs.statSync(big).size < 60e6) {
    const lines = ['时间,客服,买家,发送方,内容'];
    for (let i = 0; i < 700000; i++) {
      const s = String(i % 60).padStart(2, '0');
      lines.push(`2024-06-0${1 + (i % 9)} 1${i % 10}:${s}:${s},店:0${i % 7},买家${i % 50000},${i % 2 ? '客服' : '买家'},这是一条用来测试大文件导入进度与取消的消息 ${i}`);
    }
    fs.writeFileSync(big, lines.join('\n'));
  }
  await page.setInputFiles('#file-input', [path.join(FIXTURES, 'e2e_chats.csv'), big, path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForSelector('#import-progress');
  // The UI thread stays responsive while the worker reads: a click is handled.
  await page.click('#lang-toggle');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => /big_chats/.test(document.querySelector('#import-progress')?.textContent || ''), null, { timeout: 60000 });
  await kefu.shot('import-progress');
  await page.click('#cancel-import');
  await page.waitForSelector('#import-cancelled', { timeout: 60000 });
  assert.ok(await page.$(card('e2e_chats.csv')), 'the finished file is kept');
  // The cancelled file is dropped whole, and it and the file queued after it
  // still get cards saying so.
  for (const f of ['big_chats.csv', 'ExportOrderList_e2e.csv']) {
    await page.waitForSelector(`${card(f)}.cancelled [data-field=cancelled]`);
    assert.equal(await num(page, `${card(f)} [data-field=imported]`), 0, f);
  }
  assert.equal(await num(page, '#daily-table tr[data-day="2024-06-01"] [data-metric=consult_buyers]'), 3);
});

test('demo data loads and agrees with the CLI on the same files', async () => {
  const { page } = kefu;
  await kefu.clear();
  await page.click('#load-demo');
  await page.waitForSelector('#loaded-summary [data-summary=messages]');
  await waitLoaded(page);
  await page.waitForSelector('#daily-table tr[data-day]');
  await kefu.shot('demo-overview');
  const demoDir = path.join(OUT, 'demo');
  const cli = path.join(ROOT, 'target', 'release', 'kefu'); // the native CLI
  execFileSync(cli, ['demo', '--out', demoDir]);
  const order = fs.readdirSync(demoDir).find((f) => f.startsWith('ExportOrderList'));
  const out = execFileSync(cli, ['report', '--chats', path.join(demoDir, '聊天记录_逐条.csv'),
    '--orders', path.join(demoDir, order), '--ratings', path.join(demoDir, '接待评价.csv'),
    '--config', path.join(demoDir, 'settings.json'), '--by', 'day'], { maxBuffer: 64 << 20 });
  const rows = JSON.parse(out).rows;
  assert.ok(rows.length >= 28);
  for (const r of rows) {
    const sel = `#daily-table tr[data-day="${r.day}"]`;
    assert.equal(await num(page, `${sel} [data-metric=consult_buyers]`), r.consult_buyers, r.day);
    const ui = await num(page, `${sel} [data-metric=avg_response_secs]`);
    assert.ok(Math.abs(ui - r.avg_response_secs) < 1e-6, r.day);
  }
  const shop = JSON.parse(execFileSync(cli, ['report', '--chats', path.join(demoDir, '聊天记录_逐条.csv'),
    '--orders', path.join(demoDir, order), '--ratings', path.join(demoDir, '接待评价.csv'),
    '--config', path.join(demoDir, 'settings.json'), '--by', 'shop'], { maxBuffer: 64 << 20 })).rows[0];
  for (const k of ['consult_buyers', 'unreplied_buyers', 'sales_amount']) {
    assert.equal(await num(page, `.cards [data-metric=${k}]`), shop[k], k);
  }
  assert.ok(Math.abs((await num(page, '.cards [data-metric=satisfaction_rate]')) - shop.satisfaction_rate) < 1e-9);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
