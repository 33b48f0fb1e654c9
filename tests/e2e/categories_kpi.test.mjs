// End-to-end, categories and KPI: the built dist/ in headless Chromium with
// the demo shop loaded (category tree and its editor, the 咨询类目汇总表
// pivot, KPI weights, hand scores, per-role templates, exports). The tree
// editor's test changes the tree, so it runs last.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KefuPage, num, waitLoaded, OUT } from './harness.mjs';

const RANGE = '\\d{4}-\\d{2}-\\d{2}(至\\d{4}-\\d{2}-\\d{2})?';

/** Click an export button; the download saved under OUT, with its suggested name. */
async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const name = dl.suggestedFilename();
  const file = path.join(OUT, name);
  await dl.saveAs(file);
  return { name, file };
}

/** CSV lines (BOM and CRLF removed), split on commas (the cells tested hold none). */
const csvLines = (file) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('category tree rolls children up; 未分类 shows who forgets codes', async () => {
  const { page } = kefu;
  await kefu.use('demo');
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
  await kefu.shot('categories');
});

test('咨询类目汇总表: days as rows, named categories of a level as columns, totals that add up, drillable, exported with a name', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-categories');
  await page.waitForSelector('#category-pivot tbody tr[data-day]');
  // One row per day of the demo month, in order.
  const days = await page.$$eval('#category-pivot tbody tr', (trs) => trs.map((t) => t.dataset.day));
  assert.equal(days.length, 30);
  assert.deepEqual(days, [...days].sort());
  // Level 1: the top categories by name, 未分类 last, then 合计.
  const heads = () => page.$$eval('#category-pivot thead th[data-code]', (ths) => ths.map((t) => [t.dataset.code, t.textContent]));
  const top = await heads();
  assert.ok(top.length >= 3, JSON.stringify(top));
  for (const [, name] of top) assert.ok(name.trim().length > 0 && !/^\d/.test(name), name);
  assert.equal(top[top.length - 1][0], '未分类');
  assert.equal(await page.textContent('#category-pivot thead th.total'), '合计');
  // The 合计 row is each column's sum; the corner is the 合计 column's sum.
  const grid = await page.$$eval('#category-pivot tbody tr', (trs) => trs.map((t) => [...t.querySelectorAll('[data-metric=consult_buyers]')].map((c) => Number(c.dataset.value))));
  const foot = await page.$$eval('#category-pivot tfoot [data-metric=consult_buyers]', (cs) => cs.map((c) => Number(c.dataset.value)));
  assert.equal(foot.length, top.length + 1);
  for (let k = 0; k < foot.length; k++) assert.equal(foot[k], grid.reduce((a, r) => a + r[k], 0), `column ${k}`);
  // A day's 合计 counts its buyers once: never more than its cells' sum, never less than its largest cell.
  for (const r of grid) {
    const cells = r.slice(0, -1);
    assert.ok(r[r.length - 1] <= cells.reduce((a, b) => a + b, 0) && r[r.length - 1] >= Math.max(...cells));
  }
  const corner = foot[foot.length - 1];
  // A cell drills to exactly its buyer-days.
  const cell = page.locator('#category-pivot tbody a[data-metric=consult_buyers]:not([data-value="0"])').first();
  const value = await cell.getAttribute('data-value');
  await cell.click();
  await page.waitForSelector('#drill-panel');
  assert.equal(await page.getAttribute('#drill-panel', 'data-rows'), value);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#drill-panel', { state: 'detached' });
  // Level 2: more, deeper columns; totals unchanged.
  await page.selectOption('#category-level', '2');
  await page.waitForSelector('#category-pivot[data-level="2"]');
  const second = await heads();
  assert.ok(second.length > top.length, `${second.length} vs ${top.length}`);
  assert.ok(second.some(([code]) => code.includes('.')));
  assert.equal(Number(await page.getAttribute('#category-pivot tfoot td.total [data-metric=consult_buyers]', 'data-value')), corner);
  // Export: the file and its header say what it is.
  const { name, file } = await download(page, '.export-csv[data-export=category-pivot]');
  assert.match(name, new RegExp(`咨询类目汇总表_${RANGE}\\.csv$`));
  const lines = csvLines(file);
  assert.equal(lines[0][0], '日期');
  assert.equal(lines[0][lines[0].length - 1], '合计');
  assert.equal(lines.length, 30 + 2, 'header, 30 days, 合计');
  assert.equal(Number(lines[lines.length - 1][lines[0].length - 1]), corner);
  await page.selectOption('#category-level', '1');
  await kefu.shot('category-pivot');
});

test('editing a KPI weight re-scores and re-ranks without re-reading files', async () => {
  const { page } = kefu;
  await kefu.use('demo');
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
  await kefu.shot('kpi');
  await page.click('#kpi-seed003');
  await page.waitForFunction((b) => [...document.querySelectorAll('#kpi-table tbody tr')].map((t) => t.dataset.agent).join('|') === b, before, { timeout: 15000 })
    .catch(async () => {
      const w = await page.$$eval('#kpi-template .kpi-weight', (is) => is.map((i) => i.value));
      assert.fail(`order after restoring the template:\n${await order()}\nbefore:\n${before}\nweights now: ${w}`);
    });
});

test('manager-scored KPI items: the 65/25/10 template takes hand scores', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  // On the KPI tab (the test switches templates there).
  await page.click('#tab-kpi');
  await page.waitForSelector('#kpi-table tbody tr[data-rank="1"]');
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

test('KPI: labelled items, money as ¥, the table exported as CSV and Excel with units and a name', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-kpi');
  await page.waitForSelector('#kpi-table tbody tr[data-rank="1"]');
  await page.click('#kpi-seed002');
  await page.waitForSelector('#manual-scores tbody tr');
  await waitLoaded(page);
  // The manager-scored items have their own names (not 「指标」).
  const manual = await page.$$eval('#manual-scores thead th', (ths) => ths.slice(1).map((t) => t.textContent));
  assert.deepEqual(manual, ['工作表现（主管评分）', '执行力（主管评分）']);
  const items = await page.$$eval('#kpi-table thead th[data-item]', (ths) => ths.map((t) => t.textContent));
  assert.ok(!items.includes('指标'), items.join('|'));
  // 销售额 per day reads as yuan.
  await page.waitForSelector('#kpi-table tbody [data-metric=sales_amount]');
  const money = await page.$$eval('#kpi-table tbody [data-metric=sales_amount]', (cs) => cs.filter((c) => c.dataset.value !== '').map((c) => c.textContent));
  assert.ok(money.length > 0);
  for (const m of money) assert.match(m, /^¥\d{1,3}(,\d{3})*\.\d{2}/);
  const rows = await page.locator('#kpi-table tbody tr').count();
  const { name, file } = await download(page, '.export-csv[data-export=kpi-table]');
  assert.match(name, new RegExp(`KPI考核_售前_${RANGE}\\.csv$`));
  const lines = csvLines(file);
  assert.equal(lines.length, rows + 1);
  assert.equal(lines[0][0], '排名');
  assert.ok(lines[0].includes('平均响应时长(秒)'), lines[0].join('|'));
  assert.ok(lines[0].includes('销售额（日均）(元)'), lines[0].join('|'));
  assert.ok(lines[0].includes('询单转化率(%)'), lines[0].join('|'));
  const agent = await page.getAttribute('#kpi-table tbody tr >> nth=0', 'data-agent');
  assert.equal(lines[1][1], agent);
  const x = await download(page, '.export-xlsx[data-export=kpi-table]');
  assert.match(x.name, new RegExp(`KPI考核_售前_${RANGE}\\.xlsx$`));
  assert.equal(fs.readFileSync(x.file).subarray(0, 2).toString(), 'PK');
  await page.click('#kpi-seed003');
  await waitLoaded(page);
});

test('KPI per role: after-sales agents are scored with the after-sales template, without sales items', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-kpi');
  await page.waitForSelector('#kpi-table[data-role=presales] tbody tr[data-rank="1"]');
  const presales = await page.$$eval('#kpi-table tbody tr', (trs) => trs.map((t) => t.dataset.agent));
  await page.selectOption('#kpi-role', 'aftersales');
  await page.waitForSelector('#kpi-table[data-role=aftersales] tbody tr[data-rank="1"]');
  const after = await page.$$eval('#kpi-table tbody tr', (trs) => trs.map((t) => t.dataset.agent));
  // The demo's five after-sales agents, none of the pre-sales ones.
  assert.equal(after.length, 5, after.join('|'));
  for (const a of after) {
    assert.match(a, /小安|晓峰|婷婷|阿宁|小周/);
    assert.ok(!presales.includes(a));
  }
  const items = await page.$$eval('#kpi-table thead th[data-item]', (ths) => ths.map((t) => t.dataset.item));
  assert.ok(items.includes('first_contact_resolution') && items.includes('satisfaction_rate'), items.join('|'));
  for (const m of items) assert.ok(!/^sales|conversion/.test(m), m);
  const template = await page.$$eval('#kpi-template tbody tr', (trs) => trs.map((t) => t.dataset.item));
  assert.deepEqual(template, items);
  const { name } = await download(page, '.export-csv[data-export=kpi-table]');
  assert.match(name, /KPI考核_售后_/);
  await kefu.shot('kpi-aftersales');
  // Editing the after-sales template leaves the pre-sales one alone.
  const weight = page.locator('#kpi-template .kpi-weight').first();
  await weight.fill('0');
  await weight.dispatchEvent('change');
  await waitLoaded(page);
  await page.waitForFunction(() => document.querySelector('#kpi-template .kpi-weight')?.value === '0');
  await page.selectOption('#kpi-role', 'presales');
  await page.waitForSelector('#kpi-table[data-role=presales] tbody tr[data-rank="1"]');
  const pre = await page.$$eval('#kpi-template tbody tr', (trs) => trs.map((t) => t.dataset.item));
  assert.ok(pre.includes('sales_conversion'), pre.join('|'));
  assert.equal(await page.locator('#kpi-template .kpi-weight').first().inputValue(), '15');
  // Back to the shipped after-sales template.
  await page.selectOption('#kpi-role', 'aftersales');
  await page.click('#kpi-aftersales');
  await waitLoaded(page);
  await page.selectOption('#kpi-role', 'presales');
});

test('editing the category tree re-classifies without re-importing', async () => {
  const { page } = kefu;
  await kefu.use('demo');
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
  await kefu.shot('tree-editor');
  // An invalid regex is refused, named with its field, and nothing changes.
  const regex = page.locator('#tree-edit-table tr[data-edit-code="1.1"] .node-regex');
  await regex.fill('尺码([');
  await regex.dispatchEvent('change');
  const applied = await page.inputValue('#settings-json');
  await page.click('#tree-apply');
  await page.waitForSelector('#error-banner');
  const msg = await page.textContent('#error-banner');
  assert.match(msg, /没有应用/);
  assert.match(msg, /categories\[0\]\.children\[0\]\.regex/);
  assert.match(msg, /尺码\(\[/);
  assert.equal(await page.inputValue('#settings-json'), applied, 'the last good settings stay');
  await page.click('#error-banner button');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
