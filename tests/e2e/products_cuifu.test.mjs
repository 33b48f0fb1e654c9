// End-to-end, issue 14 items 1 and 3 on the demo shop: the 商品 tab
// (ranking and tables per product and agent × product) and 催付 in the
// conversion view (cards, the timing table, the orders never reminded),
// each number against the CLI on the same demo files and drilled to as
// many records as it says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, OUT, ROOT } from './harness.mjs';

let kefu;
let kefuCli;
before(async () => {
  kefu = await KefuPage.open();
  const dir = path.join(OUT, 'demo-products-cuifu');
  const bin = path.join(ROOT, 'target', 'release', 'kefu');
  execFileSync(bin, ['demo', '--out', dir]);
  const order = fs.readdirSync(dir).find((f) => f.startsWith('ExportOrderList'));
  const inputs = ['--chats', path.join(dir, '聊天记录_逐条.csv'), '--orders', path.join(dir, order),
    '--ratings', path.join(dir, '接待评价.csv'), '--items', path.join(dir, '商品列表.csv'),
    '--config', path.join(dir, 'settings.json')];
  kefuCli = (cmd, ...args) => JSON.parse(execFileSync(bin, [cmd, ...inputs, ...args], { maxBuffer: 64 << 20 }));
});
after(async () => { await kefu?.close(); });

const PRODUCT = ['product_consult_buyers', 'product_inquiry_buyers', 'product_order_buyers', 'product_paid_buyers',
  'product_conversion_rate', 'product_recommended', 'product_recommended_paid'];
const CUIFU = ['cuifu_orders', 'cuifu_covered', 'cuifu_coverage_rate', 'cuifu_paid', 'cuifu_success_rate', 'cuifu_missed'];

const close = (a, b) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

test('商品: every product as the CLI computes it, a ranking, and drills to its buyer-days', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  const rows = kefuCli('report', '--by', 'product').rows;
  assert.ok(rows.length >= 5, `${rows.length} products`);
  await page.click('#tab-products');
  await page.waitForSelector('#product-table tbody tr');
  assert.equal(await page.locator('#product-table tbody tr').count(), rows.length);
  for (const r of rows) {
    const key = JSON.stringify({ product: r.product, product_id: r.product_id, product_title: r.product_title });
    const tr = page.locator(`#product-table tbody tr[data-key='${key}']`);
    assert.equal(await tr.count(), 1, key);
    // The title is shown, not the item id.
    assert.equal((await tr.locator('td').first().textContent()).trim(), r.product_title || r.product);
    for (const k of PRODUCT) {
      const v = Number(await tr.locator(`[data-metric=${k}]`).getAttribute('data-value'));
      assert.ok(close(v, r[k] ?? null) || (r[k] === null && Number.isNaN(v)), `${r.product} ${k}: ${v} vs ${r[k]}`);
    }
  }
  // The ranking draws the products by the chosen metric.
  const n = Number(await page.getAttribute('#product-chart', 'data-n'));
  assert.equal(n, Math.min(20, rows.length));
  // The best-selling product's paid buyers: as many buyer-days as it says.
  const best = rows.reduce((a, b) => (b.product_paid_buyers > a.product_paid_buyers ? b : a));
  assert.ok(best.product_paid_buyers > 0);
  const key = JSON.stringify({ product: best.product, product_id: best.product_id, product_title: best.product_title });
  await page.click(`#product-table tbody tr[data-key='${key}'] [data-metric=product_paid_buyers]`);
  await page.waitForSelector('#drill-panel[data-metric-drill=product_paid_buyers]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), best.product_paid_buyers);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg.buyer');
  await kefu.shot('products');
  await page.keyboard.press('Escape');
  // Agent × product rows add up to the products' 推荐 (one agent sends a link).
  const ap = kefuCli('report', '--by', 'agent-product').rows;
  await page.waitForSelector('#agent-product-table tbody tr');
  const pagerText = await page.textContent('[data-pager=agent-product-table]');
  assert.match(pagerText.replace(/,/g, ''), new RegExp(`${ap.length}`));
  console.log(`products: ${rows.length} products, ${ap.length} agent × product rows`);
});

test('催付: cards, timing per window and the orders never reminded, as the CLI computes them', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  const shop = kefuCli('report', '--by', 'shop').rows;
  assert.equal(shop.length, 1);
  const want = shop[0];
  await page.click('#tab-conversion');
  await page.waitForSelector('#cuifu-cards [data-metric=cuifu_orders]');
  for (const k of CUIFU) {
    assert.ok(close(await num(page, `#cuifu-cards [data-metric=${k}]`), want[k]), `${k}`);
  }
  const timing = kefuCli('cuifu');
  await page.waitForSelector('#cuifu-timing tr.total');
  const headers = await page.$$eval('#cuifu-timing thead th', (ths) => ths.map((t) => t.textContent.trim()));
  assert.deepEqual(headers.slice(2, 2 + timing.windows.length), timing.windows);
  const total = await page.$$eval('#cuifu-timing tr.total [data-value]', (els) => els.map((e) => Number(e.dataset.value)));
  assert.deepEqual(total, [timing.total.covered, ...timing.total.counts, timing.total.outside]);
  assert.equal(await page.locator('#cuifu-timing tbody tr[data-agent]').count(), timing.rows.length);
  // A window cell opens the orders whose first reminder it holds.
  const i = timing.total.counts.findIndex((c) => c > 0);
  assert.ok(i >= 0, 'the demo has reminders inside a window');
  await page.click(`#cuifu-timing tr.total td:nth-child(${3 + i}) a`);
  await page.waitForSelector('#drill-panel[data-metric-drill=cuifu_window]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), timing.total.counts[i]);
  await page.keyboard.press('Escape');
  // The unpaid orders without a reminder, each with its chat.
  await page.click('#cuifu-missed-list');
  await page.waitForSelector('#drill-panel[data-metric-drill=cuifu_missed]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), want.cuifu_missed);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  await kefu.shot('cuifu');
  await page.keyboard.press('Escape');
  console.log(`cuifu: ${want.cuifu_orders} orders, ${want.cuifu_covered} reminded, ${want.cuifu_missed} never`);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
