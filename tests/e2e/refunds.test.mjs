// End-to-end, issue 14 item 2: refund exports beside chats and orders in
// the app, the 退款 section of the conversion view against the CLI on the
// same files and settings, the refunded orders one click away with their
// chats, and a refund application without its order counted and named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, ROOT, FIXTURES } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

const KEYS = ['sales_orders', 'refund_orders', 'refund_amount', 'refund_rate', 'quality_refund_orders',
  'first_quality_refund_rate', 'aftersales_refund_orders'];
const F = (n) => path.join(FIXTURES, n);
const close = (a, b) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

test('退款: refund exports are read, every number equals the CLI, the refunded orders drill with their chats', async () => {
  const { page } = kefu;
  // The after-sales account of the fixture's settings, through the settings JSON.
  const extra = JSON.parse(fs.readFileSync(F('refunds_settings.json'), 'utf8'));
  await page.click('#settings-panel summary');
  const json = JSON.parse(await page.inputValue('#settings-json'));
  await page.fill('#settings-json', JSON.stringify({ ...json, ...extra }, null, 2));
  await page.click('#settings-apply');
  await page.click('#settings-panel summary');
  const files = ['refunds_chats.csv', 'refunds_orders.csv', 'refunds_taobao.csv', 'refunds_taobao_again.csv'];
  await kefu.upload(files.map(F));
  // Each refund file got a card as a refund export; the repeat is said.
  const cards = await page.$$eval('#import-reports .report', (els) => els.map((e) => e.textContent));
  assert.equal(cards.length, 4);
  assert.ok(cards.some((c) => /退款/.test(c) && /只算一次/.test(c)), 'the repeated application is named');
  const bin = path.join(ROOT, 'target', 'release', 'kefu');
  const cli = (by) => JSON.parse(execFileSync(bin, ['report', '--chats', F('refunds_chats.csv'), '--orders', F('refunds_orders.csv'),
    '--refunds', F('refunds_taobao.csv'), F('refunds_taobao_again.csv'), '--config', F('refunds_settings.json'), '--by', by]));
  const shop = cli('shop');
  assert.equal(shop.rows.length, 1);
  const want = shop.rows[0];
  assert.ok(want.refund_orders > 0 && want.aftersales_refund_orders > 0, 'the fixture has refunds and an after-sales one');
  await page.click('#tab-conversion');
  await page.waitForSelector('#refund-cards [data-metric=refund_rate]');
  for (const k of KEYS) assert.ok(close(await num(page, `#refund-cards [data-metric=${k}]`), want[k]), k);
  assert.equal(await num(page, '#refund-applications [data-metric=refund_applications]'), shop.refunds.total);
  assert.equal(await num(page, '#refund-applications [data-metric=refunds_without_order]'), shop.refunds.without_order);
  assert.ok(shop.refunds.without_order > 0, 'an application without its order is counted, not dropped');
  // Per agent, as the CLI.
  const agents = cli('agent').rows;
  for (const r of agents) {
    const tr = page.locator(`#refund-table tbody tr[data-key='${JSON.stringify({ agent: r.agent })}']`);
    assert.equal(await tr.count(), 1, r.agent);
    for (const k of KEYS) {
      const v = await tr.locator(`[data-metric=${k}]`).getAttribute('data-value');
      assert.ok(close(v === '' ? null : Number(v), r[k]), `${r.agent} ${k}: ${v} vs ${r[k]}`);
    }
  }
  // The refunded orders, each with its chat.
  await page.click('#refund-cards [data-metric=refund_orders]');
  await page.waitForSelector('#drill-panel[data-metric-drill=refund_orders]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), want.refund_orders);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg.buyer');
  await kefu.shot('refunds');
  await page.keyboard.press('Escape');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
