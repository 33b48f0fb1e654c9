// End-to-end, order shapes (issue 10 items 1–2): per-item rows merged into
// one order, orders without a buyer nickname linked through their order
// number in a chat, the rest shown as "not linked to a consultation".
// Expected numbers computed by hand from ../shared/spec/metrics.md §1.3/§4:
// - orders_link_chats.csv: 甲 and 乙 consult 店:01 on 2024-06-01; 甲 pastes
//   240601-123456789012345 at 10:05.
// - pdd_orders_23col.csv: …345 (成交 10:03, 54.90) → linked to 甲, whose
//   first message (10:00) precedes it → ordered and paid the same day;
//   …346 appears in no chat → not linked; row 4 has no time → skipped.
// - jd_orders_per_sku.csv: 300000000001 has two SKU rows (订单金额 299.00
//   once, 1 row merged); no buyer account, numbers in no chat → 2 not linked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { KefuPage, num, card, FIXTURES } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('orders without a buyer: merged rows, linking by order number, not-linked count', async () => {
  const { page } = kefu;
  await kefu.upload(['orders_link_chats.csv', 'pdd_orders_23col.csv', 'jd_orders_per_sku.csv'].map((f) => path.join(FIXTURES, f)));
  await page.waitForSelector('#loaded-summary');
  await kefu.shot('orders-import');

  const jd = card('jd_orders_per_sku.csv');
  assert.equal((await page.textContent(`${jd} [data-field=format]`)).trim(), 'jd-orders');
  assert.equal(await num(page, `${jd} [data-field=read]`), 3);
  assert.equal(await num(page, `${jd} [data-field=imported]`), 2);
  assert.equal(await num(page, `${jd} [data-field=merged]`), 1);
  const pdd = card('pdd_orders_23col.csv');
  assert.equal((await page.textContent(`${pdd} [data-field=format]`)).trim(), 'pdd-orders');
  assert.equal(await num(page, `${pdd} [data-field=imported]`), 2);
  assert.equal(await num(page, `${pdd} [data-field=skipped]`), 1);
  assert.ok(await page.isVisible(`${pdd} .problems li[data-line="4"]`));
  assert.equal(await num(page, '[data-summary=orders]'), 4);
  assert.equal(await num(page, '[data-summary=orders_not_linked]'), 3);

  // Inquiries 甲, 乙 → 2; 甲 paid the same day → 1/2; sales 54.90.
  const m = (k) => num(page, `.cards [data-metric=${k}]`);
  assert.equal(await m('sales_amount'), 54.9);
  assert.equal(await m('inquiry_conversion_final'), 0.5);

  await page.click('#tab-conversion');
  await page.waitForSelector('#orders-not-linked');
  assert.equal(await num(page, '#orders-not-linked [data-metric=orders_not_linked]'), 3);
  assert.equal(await num(page, '#orders-not-linked [data-metric=orders_linked]'), 1);
  assert.match(await page.textContent('#orders-not-linked'), /未关联咨询的订单/);
  await kefu.shot('orders-conversion');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
