// End-to-end, the overview and its filters: the built dist/ in headless
// Chromium with the demo shop loaded (team, role, shop and agent filters,
// change against the previous period, metric help).
// The shop-filter test adds a file, so it runs last.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { KefuPage, num, card, FIXTURES } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('team, role and agent filters; change vs previous period; my performance', async () => {
  const { page } = kefu;
  await kefu.use('demo');
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
  await kefu.shot('overview-last7');
  await page.click('[data-quick=all]');
  const agent = await page.$eval('#filter-agent option:nth-child(2)', (o) => o.value);
  await page.selectOption('#filter-agent', agent);
  await page.click('#tab-agents');
  await page.waitForSelector('#my-perf [data-rank=consult_buyers]');
  assert.match(await page.textContent('#my-perf [data-rank=consult_buyers]'), /排名 \d+\/15/);
  await page.waitForSelector('#my-trend-table tbody tr');
  // the agent's own trend: the line's points are the agent's days
  const mine = await kefu.chartData('my-trend-chart');
  const rowsByDay = await page.$$eval('#my-trend-table tbody tr', (trs) => trs.length);
  assert.equal(mine.length, rowsByDay);
  assert.equal(await page.locator('#my-trend-table tbody tr').count() > 20, true);
  await kefu.shot('my-performance');
  await page.selectOption('#filter-agent', '');
});

test('metric help opens the definition from docs/metrics.md', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-overview');
  await page.click('.cards button[data-help=response_rate_3min]');
  const text = await page.textContent('#help-panel .help-text');
  assert.match(text, /response_rate_3min/);
  assert.match(text, /3分钟/);
  await page.click('#help-close');
  await page.waitForSelector('#help-panel', { state: 'detached' });
});

test('shop filter appears with a second shop and scopes every number', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-overview');
  const all = await num(page, '.cards [data-metric=consult_buyers]');
  // The e2e order export belongs to 某某旗舰店; the demo chats to 透镜旗舰店.
  await kefu.upload([path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForSelector('#filter-shop option[value="某某旗舰店"]', { state: 'attached' });
  await page.selectOption('#filter-shop', '透镜旗舰店');
  await page.waitForFunction((n) => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === n, all);
  await page.selectOption('#filter-shop', '某某旗舰店');
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 0);
  await page.selectOption('#filter-shop', '');
  await page.click(`${card('ExportOrderList_e2e.csv')} .remove-file`);
  await page.waitForSelector('#filter-shop', { state: 'detached' });
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
