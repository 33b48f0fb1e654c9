// End-to-end, categories and KPI: the built dist/ in headless Chromium with
// the demo shop loaded (category tree and its editor, KPI weights, hand
// scores). The tree editor's test changes the tree, so it runs last.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KefuPage, num, waitLoaded } from './harness.mjs';

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
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
