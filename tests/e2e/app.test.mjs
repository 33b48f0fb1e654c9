// End-to-end: the built dist/ in headless Chromium, driven as a user would.
// Expected numbers for tests/fixtures/e2e_chats.csv + ExportOrderList_e2e.csv
// are computed by hand from ../shared/spec/metrics.md (see comments).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openApp, waitLoaded, num, FIXTURES, OUT, ROOT } from './harness.mjs';

let srv, browser, app;
// Requests made by the page after its worker was ready: must stay empty.
let lateRequests = [];
// True only while a test deliberately reloads the page (which fetches the app's files again).
let reloading = false;

before(async () => {
  srv = await serve('/kefu/');
  browser = await launch();
  app = await openApp(browser, srv.url);
  const ready = app.requests.length;
  app.context.on('request', (r) => { if (!reloading) lateRequests.push(r.url()); });
  assert.ok(ready > 0);
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

async function shot(name) {
  await app.page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

async function upload(files) {
  await app.page.setInputFiles('#file-input', files);
  await app.page.waitForSelector('#import-progress', { state: 'detached', timeout: 120000 }).catch(() => {});
  await waitLoaded(app.page);
}

async function clear() {
  await app.page.click('#clear-data');
  await app.page.waitForFunction(() => !document.querySelector('#import-reports .report'));
}

function card(file) {
  return `.report[data-file="${file}"]`;
}

/** Centre of category `i` of a chart canvas, in page coordinates (bars and
 *  points by x; the funnel's stages by y). */
async function slot(page, sel, i) {
  const c = page.locator(sel);
  await c.scrollIntoViewIfNeeded();
  const box = await c.boundingBox();
  const d = await c.evaluate((el) => ({ ...el.dataset }));
  const n = Number(d.n);
  assert.ok(n * Number(d.ny || 1) > i, `${sel} has ${n} categories`);
  const left = Number(d.left), right = Number(d.right);
  if (d.ny) {
    // a grid: n columns, ny rows, cells numbered row by row
    const ny = Number(d.ny), top = Number(d.top), bottom = Number(d.bottom);
    const col = i % n, row = Math.floor(i / n);
    return { x: box.x + left + ((right - left) / n) * (col + 0.5), y: box.y + top + ((bottom - top) / ny) * (row + 0.5) };
  }
  if (d.top) {
    const top = Number(d.top), bottom = Number(d.bottom);
    return { x: box.x + (left + right) / 2, y: box.y + top + ((bottom - top) / n) * (i + 0.5) };
  }
  return { x: box.x + left + ((right - left) / n) * (i + 0.5), y: box.y + box.height - 50 };
}

/** The chart's table alternative, as rows of cell texts. */
async function chartData(page, id) {
  if (!(await page.$(`#${id}-data`))) await page.click(`.show-table[data-chart=${id}]`);
  await page.waitForSelector(`#${id}-data tbody tr`);
  return page.$$eval(`#${id}-data tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
}

const count = (text) => Number(text.replace(/[,，]/g, ''));

test('CSP forbids requests that leave the page', async () => {
  const csp = await app.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  const outcome = await app.page.evaluate(async () => {
    try { await fetch('http://198.51.100.7/collect'); return 'sent'; } catch (e) { return 'blocked'; }
  });
  assert.equal(outcome, 'blocked');
  lateRequests = lateRequests.filter((u) => !u.includes('198.51.100.7')); // that attempt is this test's own
});

test('upload fixture files: import reports and hand-computed metrics', async () => {
  const { page } = app;
  await upload([path.join(FIXTURES, 'e2e_chats.csv'), path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForSelector('#daily-table tr[data-day="2024-06-01"]');
  await shot('upload-fixtures');

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

test('the list behind a number has as many rows as the number', async () => {
  const { page } = app;
  await page.click('#daily-table tr[data-day="2024-06-01"] a[data-metric=consult_buyers]');
  await page.waitForSelector('#drill-panel');
  assert.equal(await page.getAttribute('#drill-panel', 'data-rows'), '3');
  assert.equal(await page.locator('#drill-table tbody tr').count(), 3);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  assert.ok(await page.locator('#transcript .msg').count() >= 2);
  await shot('drill-transcript');
});

test('changing a setting recomputes without re-reading files', async () => {
  const { page } = app;
  const rate = () => num(page, '.cards [data-metric=response_rate_3min]');
  assert.equal(await rate(), 0.6);
  await page.click('#settings-panel summary');
  // Threshold 100 s: of the answered rounds 120, 300, 60, 40 only 60 and 40
  // qualify; rounds stay 5 → 2/5.
  await page.fill('#set-threshold', '100');
  await page.dispatchEvent('#set-threshold', 'change');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.4');
  await page.fill('#set-threshold', '180');
  await page.dispatchEvent('#set-threshold', 'change');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.6');
  // The settings document is the spec §10 shape the CLI reads.
  const json = JSON.parse(await page.inputValue('#settings-json'));
  assert.equal(json.response_threshold_secs, 180);
  assert.ok(Array.isArray(json.closing_words));
  await page.click('#settings-panel summary');
});

test('a file can be re-imported as another kind', async () => {
  const { page } = app;
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

test('filters live in the URL and survive a reload', async () => {
  const { page } = app;
  await page.click('[data-quick=yesterday]');
  // "昨天" counts back from the data's last day (2024-06-02), not from today.
  await page.waitForFunction(() => location.hash.includes('from=2024-06-02') && location.hash.includes('to=2024-06-02'));
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '1');
  reloading = true;
  await page.reload();
  await page.waitForSelector('body[data-worker-ready="1"]');
  reloading = false;
  await upload([path.join(FIXTURES, 'e2e_chats.csv'), path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '1');
  assert.equal(await page.inputValue('#filter-from'), '2024-06-02');
  await page.click('[data-quick=all]');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '4');
});

test('nicks in text chats can be marked as staff', async () => {
  const { page } = app;
  await clear();
  const f = path.join(OUT, 'main_account.txt');
  fs.writeFileSync(f, '----- 与 顾客A 的聊天记录 -----\n顾客A(2024-06-05 10:00:00):你好，在吗\n旗舰店主号(2024-06-05 10:01:00):在的亲\n');
  await upload([f]);
  // Unmarked, 旗舰店主号 is just another buyer: two consulting buyers, nobody received.
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '2');
  assert.equal(await num(page, '.cards [data-metric=reception_buyers]'), 0);
  await page.click('#staff-panel summary');
  await page.check('#staff-panel tr[data-nick="旗舰店主号"] .staff-toggle');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=reception_buyers]')?.dataset.value === '1');
  assert.equal(await num(page, '.cards [data-metric=consult_buyers]'), 1);
  await shot('staff-marking');
  // Back to default settings for the tests that follow.
  await page.click('#settings-panel summary');
  await page.click('#settings-panel button:has-text("恢复默认")');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '2');
  await page.click('#settings-panel summary');
});

test('bad files get a clear report and leave the app usable', async () => {
  const { page } = app;
  await clear();
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
  await upload([empty, binary, zip, oneLine, truncated]);
  await shot('bad-files');
  for (const f of ['empty.csv', 'photo.csv', 'renamed.csv', 'one_line.csv']) {
    const fatal = await page.textContent(`${card(f)} [data-field=fatal]`);
    assert.ok(fatal && fatal.trim().length > 8, `${f} explains why it could not be used`);
  }
  // The truncated file keeps its good rows.
  assert.ok((await num(page, `${card('truncated.csv')} [data-field=imported]`)) >= 5);
  assert.equal(await page.$('#panic-panel'), null);
});

test('a large import shows progress and can be cancelled', async () => {
  const { page } = app;
  await clear();
  const big = path.join(OUT, 'big_chats.csv');
  if (!fs.existsSync(big) || fs.statSync(big).size < 60e6) {
    const lines = ['时间,客服,买家,发送方,内容'];
    for (let i = 0; i < 700000; i++) {
      const s = String(i % 60).padStart(2, '0');
      lines.push(`2024-06-0${1 + (i % 9)} 1${i % 10}:${s}:${s},店:0${i % 7},买家${i % 50000},${i % 2 ? '客服' : '买家'},这是一条用来测试大文件导入进度与取消的消息 ${i}`);
    }
    fs.writeFileSync(big, lines.join('\n'));
  }
  await page.setInputFiles('#file-input', [path.join(FIXTURES, 'e2e_chats.csv'), big]);
  await page.waitForSelector('#import-progress');
  // The UI thread stays responsive while the worker reads: a click is handled.
  await page.click('#lang-toggle');
  await page.click('#lang-toggle');
  await page.waitForFunction(() => /big_chats/.test(document.querySelector('#import-progress')?.textContent || ''), null, { timeout: 60000 });
  await shot('import-progress');
  await page.click('#cancel-import');
  await page.waitForSelector('#import-cancelled', { timeout: 60000 });
  assert.ok(await page.$(card('e2e_chats.csv')), 'the finished file is kept');
  assert.equal(await page.$(card('big_chats.csv')), null, 'the cancelled file is dropped whole');
  assert.equal(await num(page, '#daily-table tr[data-day="2024-06-01"] [data-metric=consult_buyers]'), 3);
});

test('demo data loads and agrees with the CLI on the same files', async () => {
  const { page } = app;
  await clear();
  await page.click('#load-demo');
  await page.waitForSelector('#loaded-summary [data-summary=messages]');
  await waitLoaded(page);
  await page.waitForSelector('#daily-table tr[data-day]');
  await shot('demo-overview');
  const demoDir = path.join(OUT, 'demo');
  const kefu = path.join(ROOT, 'target', 'release', 'kefu');
  execFileSync(kefu, ['demo', '--out', demoDir]);
  const order = fs.readdirSync(demoDir).find((f) => f.startsWith('ExportOrderList'));
  const out = execFileSync(kefu, ['report', '--chats', path.join(demoDir, '聊天记录_逐条.csv'),
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
  const shop = JSON.parse(execFileSync(kefu, ['report', '--chats', path.join(demoDir, '聊天记录_逐条.csv'),
    '--orders', path.join(demoDir, order), '--ratings', path.join(demoDir, '接待评价.csv'),
    '--config', path.join(demoDir, 'settings.json'), '--by', 'shop'], { maxBuffer: 64 << 20 })).rows[0];
  for (const k of ['consult_buyers', 'unreplied_buyers', 'sales_amount']) {
    assert.equal(await num(page, `.cards [data-metric=${k}]`), shop[k], k);
  }
  assert.ok(Math.abs((await num(page, '.cards [data-metric=satisfaction_rate]')) - shop.satisfaction_rate) < 1e-9);
});

test('shop filter appears with a second shop and scopes every number', async () => {
  const { page } = app;
  await page.click('#tab-overview');
  const all = await num(page, '.cards [data-metric=consult_buyers]');
  // The e2e order export belongs to 某某旗舰店; the demo chats to 透镜旗舰店.
  await upload([path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForSelector('#filter-shop option[value="某某旗舰店"]', { state: 'attached' });
  await page.selectOption('#filter-shop', '透镜旗舰店');
  await page.waitForFunction((n) => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === n, all);
  await page.selectOption('#filter-shop', '某某旗舰店');
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 0);
  await page.selectOption('#filter-shop', '');
  await page.click(`${card('ExportOrderList_e2e.csv')} .remove-file`);
  await page.waitForSelector('#filter-shop', { state: 'detached' });
});

test('agent ranking: clicking a bar drills to exactly that many records', async () => {
  const { page } = app;
  await page.click('#tab-agents');
  await page.waitForSelector('#rank-table tr[data-agent]');
  await page.selectOption('#rank-metric', 'unreplied_buyers');
  await page.waitForFunction(() => document.querySelector('#rank-table [data-metric=unreplied_buyers]'));
  const top = await page.getAttribute('#rank-table tr[data-agent] >> nth=0', 'data-agent');
  const value = await num(page, '#rank-table tr[data-agent] >> nth=0 >> [data-metric]');
  assert.ok(value > 0);
  const canvas = page.locator('#rank-chart');
  const left = Number(await canvas.getAttribute('data-left'));
  const right = Number(await canvas.getAttribute('data-right'));
  const n = Number(await canvas.getAttribute('data-n'));
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + left + (right - left) / n / 2, box.y + box.height - 60);
  await page.waitForSelector('#drill-panel[data-metric-drill=unreplied_buyers]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), value);
  const agents = await page.$$eval('#drill-table tbody tr td:nth-child(2)', (tds) => [...new Set(tds.map((t) => t.textContent))]);
  assert.deepEqual(agents, [top]);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg.buyer');
  await shot('agents-drill');
});

test('tables export exactly what is shown, as CSV and Excel', async () => {
  const { page } = app;
  await page.click('#tab-agents');
  await page.waitForSelector('#agent-table tbody tr');
  const shown = await page.$$eval('#agent-table tbody tr', (trs) => trs.map((tr) => [
    tr.dataset.agent, tr.querySelector('[data-metric=consult_buyers]').dataset.value]));
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=agent-table]')]);
  const csvPath = path.join(OUT, 'agent-table.csv');
  await csvDl.saveAs(csvPath);
  const buf = fs.readFileSync(csvPath);
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const lines = buf.toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(lines.length, shown.length + 1);
  assert.match(lines[0], /^客服,咨询人数,/);
  for (const [i, [agent, consult]] of shown.entries()) {
    const cols = lines[i + 1].split(',');
    assert.equal(cols[0], agent);
    assert.equal(Number(cols[1]), Number(consult));
  }
  const [xDl] = await Promise.all([page.waitForEvent('download'), page.click('.export-xlsx[data-export=agent-table]')]);
  const xPath = path.join(OUT, 'agent-table.xlsx');
  await xDl.saveAs(xPath);
  assert.equal(fs.readFileSync(xPath).subarray(0, 2).toString(), 'PK');
  assert.ok(fs.statSync(xPath).size > 2000);
});

test('teams, hours and conversion views open and drill', async () => {
  const { page } = app;
  await page.click('#tab-teams');
  await page.waitForSelector('#team-table tbody tr');
  // Demo shop: 售前部 and 售后部.
  assert.equal(await page.locator('#team-table tbody tr').count(), 2);
  const cell = '#group-table tbody tr >> nth=0 >> [data-metric=reception_buyers]';
  await page.waitForSelector('#group-table tbody tr');
  const v = await num(page, cell);
  await page.click(cell);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=reception_buyers]')?.dataset.rows === String(n), v);
  await shot('teams');
  await page.click('#tab-hours');
  await page.waitForSelector('#hour-table tbody tr');
  const hv = await num(page, '#hour-table tbody tr >> nth=10 >> [data-metric=consult_buyers]');
  await page.click('#hour-table tbody tr >> nth=10 >> [data-metric=consult_buyers]');
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=consult_buyers]')?.dataset.rows === String(n), hv);
  await page.waitForFunction(() => Number(document.querySelector('#staff-box')?.dataset.total) > 0);
  // heatmap: a cell's tooltip and drill agree with its table alternative (周二 10时 = row 1, column 10)
  await page.waitForFunction(() => Number(document.querySelector('#heatmap')?.dataset.ny) === 7);
  const heat = await chartData(page, 'heatmap');
  assert.equal(heat.length, 7);
  assert.equal(heat[1][0], '周二');
  const cellValue = count(heat[1][11]);
  assert.ok(cellValue > 0);
  const hp = await slot(page, '#heatmap', 1 * 24 + 10);
  await page.mouse.move(hp.x, hp.y);
  assert.equal(await page.textContent('.tooltip[data-for=heatmap]'), `周二 10时 · 咨询人数 ${heat[1][11]}`);
  await page.mouse.click(hp.x, hp.y);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=consult_buyers]')?.dataset.rows === String(n), cellValue);
  assert.match(await page.textContent('#drill-crumbs'), /周二 · 10时|10时 · 周二/);
  // 3-minute failures by hour: a bar drills to that hour's slow or unanswered rounds
  const fails = await chartData(page, 'hour-chart');
  const hp2 = await slot(page, '#hour-chart', 10);
  await page.mouse.click(hp2.x, hp2.y);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=rounds_over_3min]')?.dataset.rows === String(n), count(fails[10][2]));
  await shot('hours');
  await page.click('#tab-conversion');
  await page.waitForSelector('#conversion-table tbody tr');
  assert.equal(await page.locator('#conversion-table tbody tr').count(), 15);
  assert.ok(await page.locator('#funnel-chart').isVisible());
  await shot('conversion');
  assert.match(await page.evaluate(() => location.hash), /tab=conversion/);
});

test('charts: tooltips on hover, table alternatives, a trend point and a histogram bar drill', async () => {
  const { page } = app;
  await page.click('#tab-overview');
  await page.waitForFunction(() => Number(document.querySelector('#daily-chart')?.dataset.n) === 30);
  // hover: the tooltip names the day and its numbers
  let p = await slot(page, '#daily-chart', 0);
  await page.mouse.move(p.x, p.y);
  await page.waitForSelector('.tooltip[data-for=daily-chart]');
  assert.match(await page.textContent('.tooltip[data-for=daily-chart]'), /^2024-06-01 · 咨询人数 \d/);
  await page.mouse.move(0, 0);
  await page.waitForSelector('.tooltip[data-for=daily-chart]', { state: 'detached' });
  // the daily chart's table equals the 汇总表
  // sized to the container: a narrower window redraws at the new width
  const width = () => page.$eval('#daily-chart', (c) => [c.width, Math.round(c.clientWidth * devicePixelRatio)]);
  const [w0] = await width();
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.waitForFunction(() => { const c = document.querySelector('#daily-chart'); return c.width === Math.floor(c.clientWidth * devicePixelRatio); });
  const [w1] = await width();
  assert.ok(w1 < w0, `canvas ${w0} → ${w1}`);
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.waitForFunction((w) => document.querySelector('#daily-chart').width === w, w0);
  const daily = await chartData(page, 'daily-chart');
  assert.equal(daily.length, 30);
  assert.equal(count(daily[4][1]), await num(page, '#daily-table tr[data-day="2024-06-05"] [data-metric=consult_buyers]'));
  // trend line of a count metric: a point drills to that day's records
  await page.selectOption('#trend-chart-metric', 'reception_buyers');
  await chartData(page, 'trend-chart');
  await page.waitForFunction(() => document.querySelector('#trend-chart-data thead').textContent.includes('接待人数'));
  const t3 = await chartData(page, 'trend-chart');
  assert.equal(t3.length, 30);
  p = await slot(page, '#trend-chart', 2);
  await page.mouse.move(p.x, p.y);
  assert.match(await page.textContent('.tooltip[data-for=trend-chart]'), /^2024-06-03 · 接待人数/);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=reception_buyers]')?.dataset.rows === String(n), count(t3[2][1]));
  assert.equal(await page.$$eval('#drill-table tbody tr td:first-child', (tds) => [...new Set(tds.map((t) => t.textContent))].join()), '2024-06-03');
  // histogram: buckets add up to the answered rounds; a bar drills to its rounds
  const hist = await chartData(page, 'response-histogram');
  assert.equal(hist.length, 8);
  const answered = Number(await page.getAttribute('#histogram-summary', 'data-answered'));
  assert.ok(answered > 0);
  assert.equal(hist.reduce((a, r) => a + count(r[1]), 0), answered);
  assert.equal(hist[4][0], '3分–5分');
  p = await slot(page, '#response-histogram', 4);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=response_hist]')?.dataset.rows === String(n), count(hist[4][1]));
  assert.match(await page.textContent('#drill-crumbs'), /3分–5分/);
  // every row is a round answered in (180 s, 300 s]
  const secs = await page.$$eval('#drill-table tbody tr td:nth-child(5)', (tds) => tds.map((t) => Number(t.dataset.raw.split(' ')[0])));
  // shown as merchants read it: 3分05秒（自然时钟 …）
  assert.match(await page.textContent('#drill-table tbody tr td:nth-child(5)'), /^3分\d\d秒（自然时钟 .+）$/);
  assert.ok(secs.length > 0 && secs.every((s) => s > 180 && s <= 300), `response seconds ${secs.slice(0, 5)}`);
  await shot('overview-charts');
  // the funnel: stages by row; hover shows the step rate, a click drills
  await page.click('#tab-conversion');
  await page.waitForFunction(() => Number(document.querySelector('#funnel-chart')?.dataset.n) === 5);
  const funnel = await chartData(page, 'funnel-chart');
  p = await slot(page, '#funnel-chart', 1);
  await page.mouse.move(p.x, p.y);
  assert.match(await page.textContent('.tooltip[data-for=funnel-chart]'), /^下单人数 [\d,]+ · 较上一步/);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=ordered_buyers]')?.dataset.rows === String(n), count(funnel[1][1]));
  await page.click('#drill-panel .panel-head button:has-text("关闭")');
});

test('drill-down chain: shop → team → group → agent → day → list → transcript, and back up', async () => {
  const { page } = app;
  await page.click('#tab-teams');
  await page.waitForSelector('#drill-explorer[data-level=shop]');
  const seen = [];
  let value = null;
  for (let k = 0; k < 6; k++) {
    await page.waitForFunction(() => Number(document.querySelector('#explore-chart')?.dataset.n) > 0);
    const level = await page.getAttribute('#drill-explorer', 'data-level');
    seen.push(level);
    const data = await chartData(page, 'explore-chart');
    value = count(data[0][1]);
    const p = await slot(page, '#explore-chart', 0);
    await page.mouse.move(p.x, p.y);
    assert.match(await page.textContent('.tooltip[data-for=explore-chart]'), new RegExp(data[0][0].split(/[/:]/).pop()));
    await page.mouse.click(p.x, p.y);
    if (level === 'day') break;
    await page.waitForFunction((l) => document.querySelector('#drill-explorer').dataset.level !== l, level);
    // the breadcrumb grows by the value clicked
    assert.match(await page.textContent('#explore-crumbs'), new RegExp(data[0][0].split('/').pop()));
  }
  // demo shop: 售前部 has sub-groups, so the chain passes through 小组
  assert.deepEqual(seen, ['shop', 'team', 'group', 'agent', 'day']);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=consult_buyers]')?.dataset.rows === String(n), value);
  const crumbs = await page.textContent('#drill-crumbs');
  assert.match(crumbs, /^全部›店铺 透镜旗舰店›团队 售前部›小组 售前.组›客服 透镜旗舰店:.+›2024-06-\d\d · 咨询人数明细（[\d,]+条）$/);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  await page.waitForSelector('#crumb-transcript');
  await shot('drill-chain');
  // up one: back to the list
  await page.click('#crumb-list');
  await page.waitForSelector('#transcript', { state: 'detached' });
  assert.ok(await page.$('#drill-panel'));
  // up to the team: the explorer shows that team's groups, the list closes
  await page.click('#drill-crumbs a[data-level=team]');
  await page.waitForSelector('#drill-panel', { state: 'detached' });
  await page.waitForSelector('#drill-explorer[data-level=group]');
  // a filter that leaves nothing under this path says so (售前部 has no after-sales agents)
  await page.selectOption('#filter-role', 'aftersales');
  await page.waitForSelector('#explore-empty');
  await page.selectOption('#filter-role', '');
  await page.waitForSelector('#explore-empty', { state: 'detached' });
  await page.click('#explore-crumbs a[data-depth="0"]');
  await page.waitForSelector('#drill-explorer[data-level=shop]');
});

test('report tables sort by any column, filter, choose columns, export what is shown', async () => {
  const { page } = app;
  await page.click('#tab-conversion');
  await page.waitForSelector('#conversion-table tbody tr');
  const col = (k) => page.$$eval(`#conversion-table tbody [data-metric=${k}]`, (tds) => tds.map((t) => Number(t.dataset.value)));
  await page.click('#conversion-table th[data-sort=paid_buyers_final]');
  const desc = await col('paid_buyers_final');
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  await page.click('#conversion-table th[data-sort=paid_buyers_final]');
  const asc = await col('paid_buyers_final');
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  await page.fill('input[data-filter=conversion-table]', '小');
  const names = await page.$$eval('#conversion-table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
  assert.ok(names.length > 0 && names.length < 15);
  for (const n of names) assert.match(n, /小/);
  const headers = await page.locator('#conversion-table thead th').count();
  await page.click('details[data-columns=conversion-table] summary');
  await page.uncheck('details[data-columns=conversion-table] input[data-column=sales_amount]');
  assert.equal(await page.locator('#conversion-table thead th').count(), headers - 1);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=conversion-table]')]);
  const f = path.join(OUT, 'conversion-table.csv');
  await dl.saveAs(f);
  const lines = fs.readFileSync(f, 'utf8').slice(1).trim().split('\r\n');
  assert.equal(lines.length, names.length + 1, 'only the filtered rows');
  assert.equal(lines[0].split(',').length, headers - 1, 'only the visible columns');
  assert.ok(!lines[0].includes('客服销售额'));
  await page.fill('input[data-filter=conversion-table]', '');
});

test('team, role and agent filters; change vs previous period; my performance', async () => {
  const { page } = app;
  await page.click('#tab-teams');
  await page.waitForSelector('#team-table tbody tr');
  const afterSales = await page.$$eval('#team-table tbody tr', (trs) => {
    const tr = trs.find((t) => t.querySelector('td').textContent === '售后部');
    return Number(tr.querySelector('[data-metric=consult_buyers]').dataset.value);
  });
  await page.click('#tab-overview');
  await page.selectOption('#filter-team', '售后部');
  await page.waitForFunction((n) => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === n, afterSales);
  // Every after-sales agent is in 售后部: the role filter gives the same number.
  await page.selectOption('#filter-team', '');
  await page.selectOption('#filter-role', 'aftersales');
  await page.waitForFunction((n) => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === n, afterSales);
  await page.selectOption('#filter-role', '');
  // Last 7 days against the 7 before: every card shows its change.
  await page.click('[data-quick=last7]');
  await page.waitForSelector('.cards [data-delta=consult_buyers]');
  assert.match(await page.textContent('.cards [data-delta=consult_buyers]'), /^[↑↓→]/);
  await shot('overview-last7');
  await page.click('[data-quick=all]');
  const agent = await page.$eval('#filter-agent option:nth-child(2)', (o) => o.value);
  await page.selectOption('#filter-agent', agent);
  await page.click('#tab-agents');
  await page.waitForSelector('#my-perf [data-rank=consult_buyers]');
  assert.match(await page.textContent('#my-perf [data-rank=consult_buyers]'), /排名 \d+\/15/);
  await page.waitForSelector('#my-trend-table tbody tr');
  // the agent's own trend: the line's points are the agent's days
  const mine = await chartData(page, 'my-trend-chart');
  const rowsByDay = await page.$$eval('#my-trend-table tbody tr', (trs) => trs.length);
  assert.equal(mine.length, rowsByDay);
  assert.equal(await page.locator('#my-trend-table tbody tr').count() > 20, true);
  await shot('my-performance');
  await page.selectOption('#filter-agent', '');
});

test('the six detail lists of 生意参谋 open, page and match the cards', async () => {
  const { page } = app;
  await page.click('#tab-overview');
  const reception = await num(page, '.cards [data-metric=reception_buyers]');
  await page.click('#tab-details');
  await page.click('[data-list=reception_buyers]');
  await page.waitForFunction((n) => document.querySelector('#drill-panel')?.dataset.rows === String(n), reception);
  // Long lists are paginated: 200 rows a page.
  assert.equal(await page.locator('#drill-table tbody tr').count(), Math.min(200, reception));
  const firstRow = () => page.$eval('#drill-table tbody tr', (tr) => tr.textContent);
  const page1 = await firstRow();
  const page1Cells = await page.$$eval('#drill-table tbody tr:first-child td', (tds) => tds.map((t) => t.textContent));
  assert.ok(reception > 200, 'the demo has more than one page of receptions');
  await page.click('#drill-next');
  await page.waitForSelector('.pager span:has-text("2 /")');
  assert.equal(await page.getAttribute('#drill-table', 'data-page'), '1');
  assert.equal(await page.locator('#drill-table tbody tr').count(), Math.min(200, reception - 200));
  assert.notEqual(await firstRow(), page1);
  await page.click('#drill-prev');
  await page.waitForSelector('.pager span:has-text("1 /")');
  assert.equal(await firstRow(), page1);
  // export: every row of the list (all pages), built in the worker
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=drill]')]);
  const csvPath = path.join(OUT, 'drill-reception.csv');
  await dl.saveAs(csvPath);
  const csv = fs.readFileSync(csvPath).toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(csv.length, reception + 1);
  assert.match(csv[0], /^日期,客服,顾客,时间,详情$/);
  assert.deepEqual(csv[1].split(',').slice(0, 4), page1Cells.slice(0, 4));
  const [xdl] = await Promise.all([page.waitForEvent('download'), page.click('.export-xlsx[data-export=drill]')]);
  const xPath = path.join(OUT, 'drill-reception.xlsx');
  await xdl.saveAs(xPath);
  assert.equal(fs.readFileSync(xPath).subarray(0, 2).toString(), 'PK');
  for (const list of ['ratings', 'rounds_over_3min', 'paid_buyers_final', 'inquiry_no_order', 'ordered_unpaid']) {
    await page.click(`[data-list=${list}]`);
    await page.waitForSelector(`#drill-panel[data-metric-drill=${list}]`);
    assert.ok(Number(await page.getAttribute('#drill-panel', 'data-rows')) > 0, list);
  }
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  await shot('details');
});

test('category tree rolls children up; 未分类 shows who forgets codes', async () => {
  const { page } = app;
  await page.click('#tab-categories');
  await page.waitForSelector('#category-tree tr[data-code="1.1"]');
  const count = (code) => num(page, `#category-tree tr[data-code="${code}"] [data-metric=consult_buyers]`);
  // A parent counts its own and all descendants' conversations.
  const parent = await count('1.1');
  for (const child of ['1.1.1', '1.1.2']) assert.ok(parent >= (await count(child)), child);
  assert.ok((await count('1')) >= parent);
  assert.ok((await count('未分类')) > 0);
  // Collapse hides the children.
  await page.click('#category-tree tr[data-code="1.1"] .toggle');
  assert.equal(await page.locator('#category-tree tr[data-code="1.1.1"]').count(), 0);
  await page.click('#category-tree tr[data-code="1.1"] .toggle');
  // Stacked bars: one per day of the demo month.
  assert.equal(Number(await page.getAttribute('#category-stack', 'data-n')), 30);
  // The demo's 阿杰, 橙子 and 晓峰 forget to paste codes about half the time.
  const top = await page.$$eval('#unclassified-table tbody tr td:first-child', (tds) => tds.slice(0, 3).map((t) => t.textContent));
  for (const a of top) assert.match(a, /阿杰|橙子|晓峰/);
  await shot('categories');
});

test('editing a KPI weight re-scores and re-ranks without re-reading files', async () => {
  const { page } = app;
  await page.click('#tab-kpi');
  await page.waitForSelector('#kpi-table tbody tr[data-rank="1"]');
  const order = () => page.$$eval('#kpi-table tbody tr', (trs) => trs.map((t) => t.dataset.agent).join('|'));
  const before = await order();
  // Each item shows its attainment per tier (初级/中级/资深), 0–1.
  const att = (await page.getAttribute('#kpi-table tbody tr >> nth=0 >> [data-metric=reply_rate] .attain', 'data-attainment')).split(',').map(Number);
  assert.equal(att.length, 3);
  for (const a of att) assert.ok(a >= 0 && a <= 1);
  // Item scores (top tier, weighted) add up to the top-tier score.
  const first = '#kpi-table tbody tr >> nth=0';
  const items = await page.$$eval('#kpi-table tbody tr:first-child [data-item-score]', (xs) => xs.map((x) => Number(x.dataset.itemScore)));
  const scores = await page.$$eval('#kpi-table tbody tr:first-child [data-score]', (xs) => xs.map((x) => Number(x.dataset.score)));
  assert.ok(Math.abs(items.reduce((a, b) => a + b, 0) - scores[scores.length - 1]) < 1e-6, `${items} vs ${scores}`);
  assert.ok(first);
  const weights = page.locator('#kpi-template .kpi-weight');
  assert.equal(await weights.count(), 6);
  // All the weight on 平均响应 (lower is better): the fastest agents lead.
  for (let i = 0; i < 6; i++) {
    const item = await page.locator('#kpi-template tbody tr').nth(i).getAttribute('data-item');
    await weights.nth(i).fill(item === 'avg_response_secs' ? '100' : '0');
    await weights.nth(i).dispatchEvent('change');
    await waitLoaded(page);
  }
  await page.waitForFunction((b) => [...document.querySelectorAll('#kpi-table tbody tr')].map((t) => t.dataset.agent).join('|') !== b, before);
  await shot('kpi');
  await page.click('#kpi-seed003');
  await page.waitForFunction((b) => [...document.querySelectorAll('#kpi-table tbody tr')].map((t) => t.dataset.agent).join('|') === b, before, { timeout: 15000 })
    .catch(async () => {
      const w = await page.$$eval('#kpi-template .kpi-weight', (is) => is.map((i) => i.value));
      assert.fail(`order after restoring the template:\n${await order()}\nbefore:\n${before}\nweights now: ${w}`);
    });
});

test('manager-scored KPI items: the 65/25/10 template takes hand scores', async () => {
  const { page } = app;
  await page.click('#kpi-seed002');
  await page.waitForSelector('#manual-scores tbody tr');
  await waitLoaded(page);
  const last = await page.$$eval('#kpi-table tbody tr', (trs) => trs[trs.length - 1].dataset.agent);
  const rankOf = (a) => page.$eval(`#kpi-table tbody tr[data-agent="${a}"]`, (t) => Number(t.dataset.rank));
  const before = await rankOf(last);
  const inputs = page.locator(`#manual-scores tr[data-agent="${last}"] .manual-score`);
  assert.equal(await inputs.count(), 2);
  for (let i = 0; i < 2; i++) { await inputs.nth(i).fill('100'); await inputs.nth(i).dispatchEvent('change'); }
  // Re-scored at once: 35 of 100 weight points now fully met for that agent.
  await page.click('#tab-overview');
  await page.click('#tab-kpi');
  await page.waitForFunction(([a, b]) => Number(document.querySelector(`#kpi-table tbody tr[data-agent="${a}"]`)?.dataset.rank) < b, [last, before]);
  await page.click('#kpi-seed003');
  await waitLoaded(page);
});

test('editing the category tree re-classifies without re-importing', async () => {
  const { page } = app;
  await page.click('#tab-categories');
  await page.waitForSelector('#category-tree tr[data-code="未分类"]');
  const unclassified = () => num(page, '#category-tree tr[data-code="未分类"] [data-metric=consult_buyers]');
  const before = await unclassified();
  await page.click('#tree-editor summary');
  const nodes = await page.locator('#tree-edit-table tbody tr').count();
  assert.ok(nodes > 10);
  // Delete top-level 3 (其它): conversations coded 3.x lose their node.
  await page.click('#tree-edit-table tr[data-edit-code="3"] .delete-node');
  assert.ok((await page.locator('#tree-edit-table tbody tr').count()) < nodes);
  await page.click('#tree-apply');
  await waitLoaded(page);
  await page.waitForFunction((b) => Number(document.querySelector('#category-tree tr[data-code="未分类"] [data-metric=consult_buyers]')?.dataset.value) > b, before);
  assert.equal(await page.locator('#category-tree tr[data-code="3"]').count(), 0);
  // Add a child under 1.1 and name it.
  await page.click('#tree-edit-table tr[data-edit-code="1.1"] .add-child');
  const added = page.locator('#tree-edit-table tr[data-edit-code="1.1.5"] .node-name');
  await added.fill('版型咨询');
  await added.dispatchEvent('change');
  await page.click('#tree-apply');
  await waitLoaded(page);
  // The new node is part of the settings now (the editor re-reads them).
  await page.waitForFunction(() => document.querySelector('#tree-edit-table tr[data-edit-code="1.1.5"] .node-name')?.value === '版型咨询');
  await page.waitForFunction(() => JSON.stringify(JSON.parse(document.querySelector('#settings-json').value).categories).includes('版型咨询'));
  // Move 1.2 under its previous sibling 1.1, then back up a level.
  const tree = () => page.evaluate(() => JSON.parse(document.querySelector('#settings-json').value).categories);
  await page.click('#tree-edit-table tr[data-edit-code="1.2"] .indent');
  await page.click('#tree-apply');
  await page.waitForFunction(() => JSON.parse(document.querySelector('#settings-json').value).categories[0].children[0].children.some((c) => c.code === '1.2'));
  await page.click('#tree-edit-table tr[data-edit-code="1.2"] .outdent');
  await page.click('#tree-apply');
  await page.waitForFunction(() => JSON.parse(document.querySelector('#settings-json').value).categories[0].children[1]?.code === '1.2');
  assert.equal((await tree())[0].children[0].children.some((c) => c.code === '1.2'), false);
  await shot('tree-editor');
});

test('big screen: one panel per team, rotating, readable values', async () => {
  const { page } = app;
  await page.click('#tab-teams');
  await page.waitForSelector('#team-table tbody tr');
  const byTeam = await page.$$eval('#team-table tbody tr', (trs) => Object.fromEntries(trs.map((t) => [
    t.querySelector('td').textContent, Number(t.querySelector('[data-metric=reception_buyers]').dataset.value)])));
  await page.click('#open-big-screen');
  await page.waitForSelector('#big-screen h1[data-team]');
  const first = await page.getAttribute('#big-screen h1', 'data-team');
  assert.ok(first in byTeam, first);
  assert.equal(await num(page, '#big-screen [data-metric=reception_buyers]'), byTeam[first]);
  assert.ok(await page.$('#big-screen [data-metric=max_response_secs]'));
  await shot('big-screen');
  // It rotates by itself (every 8 s).
  await page.waitForFunction((f) => document.querySelector('#big-screen h1')?.dataset.team !== f, first, { timeout: 20000 });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#big-screen', { state: 'detached' });
});

test('quality alerts: every rule fires on its fixture; one is marked handled', async () => {
  const { page } = app;
  await clear();
  await upload(['alerts_e2e_chats.csv', 'alerts_e2e_orders.csv', 'alerts_e2e_ratings.csv'].map((f) => path.join(FIXTURES, f)));
  await page.click('#tab-alerts');
  await page.waitForSelector('#alerts-table tbody tr');
  const counts = await page.$$eval('#alerts-by-rule tbody tr', (trs) => Object.fromEntries(trs.map((t) => [t.dataset.rule, Number(t.querySelector('[data-count]').dataset.count)])));
  // Hand-made: waits 90 s (yellow) and 301 s (red, also a reply timeout); a
  // complaint; a staff insult; an unpaid order with no 催付; a 不满意 rating.
  assert.deepEqual(counts, { complaint: 1, low_rating: 1, reply_timeout: 1, sensitive_word: 1, unpaid_no_reminder: 1, wait_red: 1, wait_yellow: 1 });
  assert.match(await page.textContent('#alerts-table tr[data-rule=sensitive_word] .excerpt'), /【骗子】/);
  const row = '#alerts-table tr[data-rule=complaint]';
  await page.check(`${row} .alert-handled`);
  await page.fill(`${row} .alert-note`, '已电话回访');
  await page.dispatchEvent(`${row} .alert-note`, 'change');
  // Handled state survives leaving the tab (kept in this browser).
  await page.click('#tab-overview');
  await page.click('#tab-alerts');
  await page.waitForSelector(`${row}.handled`);
  assert.equal(await page.inputValue(`${row} .alert-note`), '已电话回访');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=alerts]')]);
  const csvPath = path.join(OUT, 'alerts.csv');
  await dl.saveAs(csvPath);
  assert.match(fs.readFileSync(csvPath, 'utf8'), /已电话回访/);
  // Switching a rule off removes its alerts.
  await page.uncheck('#alert-rules [data-rule=complaint] .rule-enabled');
  await waitLoaded(page);
  await page.waitForFunction(() => !document.querySelector('#alerts-by-rule tr[data-rule=complaint]'));
  await page.click(`#alerts-table tr[data-rule=sensitive_word] .open-chat`);
  await page.waitForSelector('#transcript .msg');
  await shot('alerts');
  await page.check('#alert-rules [data-rule=complaint] .rule-enabled');
  await waitLoaded(page);
});

test('accounts editor: teams and roles set in the app drive the filters', async () => {
  const { page } = app;
  await page.click('#tab-overview');
  await page.click('#settings-panel summary');
  await page.click('#accounts-add-seen');
  await page.waitForSelector('#accounts-table tr[data-account="某某旗舰店:02"]');
  const row = '#accounts-table tr[data-account="某某旗舰店:02"]';
  await page.fill(`${row} .acc-team`, '售后部/售后组');
  await page.dispatchEvent(`${row} .acc-team`, 'change');
  await page.selectOption(`${row} .acc-role`, 'aftersales');
  await page.click('#settings-panel summary');
  // 某某旗舰店:02 talked with 生气买家 and 下单买家 on 2024-06-03.
  await page.selectOption('#filter-role', 'aftersales');
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 2);
  await page.selectOption('#filter-role', '');
  await page.waitForSelector('#filter-team option[value="售后部/售后组"]', { state: 'attached' });
  await page.selectOption('#filter-team', '售后部');
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 2);
  await page.selectOption('#filter-team', '');
});

test('metric help opens the definition from docs/metrics.md', async () => {
  const { page } = app;
  await page.click('#tab-overview');
  await page.click('.cards button[data-help=response_rate_3min]');
  const text = await page.textContent('#help-panel .help-text');
  assert.match(text, /response_rate_3min/);
  assert.match(text, /3分钟/);
  await page.click('#help-panel button');
});

test('no request left the page after it loaded', () => {
  assert.deepEqual(lateRequests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:')), []);
  // The only console error allowed is the CSP refusing the first test's deliberate fetch.
  assert.deepEqual(app.errors.filter((e) => !/Content Security Policy|Failed to fetch/.test(e)), []);
});

test('language switch persists across reload', async () => {
  const { page } = app;
  assert.equal((await page.textContent('h1')).trim(), '客服绩效透镜');
  await page.click('#lang-toggle');
  assert.equal((await page.textContent('h1')).trim(), 'Kefu Lens');
  await page.reload();
  await page.waitForSelector('body[data-worker-ready="1"]');
  assert.equal((await page.textContent('h1')).trim(), 'Kefu Lens');
  await page.click('#lang-toggle');
  assert.equal((await page.textContent('h1')).trim(), '客服绩效透镜');
});
