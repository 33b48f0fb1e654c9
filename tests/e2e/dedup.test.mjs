// End-to-end, overlapping files (spec §1.2.1): loading the same chat and
// order exports a second time changes no number, and the second copies'
// report cards say their rows were skipped as duplicates and of which file.
// Removing the first copy hands its rows to the second: still the same numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KefuPage, num, card, DATA } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

// What the overview shows, read from data-value: the period cards and the
// loaded summary. The summary comes with the report cards in one answer, so
// it is current as soon as the cards are; the period cards are asked for
// again after a change, so `settled` polls them until they equal `want`
// (and fails with the last values if they never do).
const KEYS = ['consult_buyers', 'reception_buyers', 'unreplied_buyers', 'avg_response_secs', 'response_rate_3min', 'sales_amount'];
async function summary(page) {
  const out = {};
  for (const k of ['messages', 'orders', 'buyers']) out[k] = await num(page, `#loaded-summary [data-summary=${k}]`);
  return out;
}
async function metrics(page) {
  const out = {};
  for (const k of KEYS) out[k] = await num(page, `.cards [data-metric=${k}]`);
  return out;
}
async function settled(page, want) {
  let got;
  for (let i = 0; i < 50; i++) {
    got = await metrics(page);
    if (JSON.stringify(got) === JSON.stringify(want)) break;
    await page.waitForTimeout(200);
  }
  assert.deepEqual(got, want);
}

test('the same chat and order files loaded twice count once', async () => {
  const { page } = kefu;
  await kefu.use('fixtures');
  const once = await metrics(page);
  const sum = await summary(page);
  // Hand-computed in import.test.mjs: 4 consulting buyer-days, sales 128 + 99.
  assert.equal(once.consult_buyers, 4);
  assert.equal(once.sales_amount, 227);
  assert.deepEqual(sum, { messages: 11, orders: 4, buyers: 4 });

  // The same two files again, as a merchant who exported the same period twice.
  await kefu.upload(DATA.fixtures);
  kefu.dataset = null;
  const chats = card('e2e_chats.csv');
  const orders = card('ExportOrderList_e2e.csv');
  await page.waitForSelector(`${chats} >> nth=1`);
  assert.equal(await page.locator(chats).count(), 2);
  assert.equal(await page.locator(orders).count(), 2);
  assert.deepEqual(await summary(page), sum, 'the same messages and orders');
  await settled(page, once);

  // First copies: nothing skipped. Second copies: every row already loaded
  // (11 good chat rows; 4 orders), named after the first copy.
  assert.equal(await page.locator(`${chats} >> nth=0 >> [data-field=duplicates]`).count(), 0);
  const chatNote = page.locator(`${chats} >> nth=1 >> [data-field=duplicates]`);
  assert.equal(await chatNote.getAttribute('data-value'), '11');
  assert.equal((await chatNote.textContent()).trim(),
    '已跳过 11 条与「e2e_chats.csv」重复的消息：同一段时间的记录导入了两次，只算一次。');
  const orderNote = page.locator(`${orders} >> nth=1 >> [data-field=duplicates]`);
  assert.equal(await orderNote.getAttribute('data-value'), '4');
  assert.match(await orderNote.textContent(), /有 4 个订单已从「ExportOrderList_e2e\.csv」导入过/);
  // The second chat copy still reports its own rows as read and imported.
  assert.equal(await num(page, `${chats} >> nth=1 >> [data-field=imported]`), 11);
  await kefu.shot('dedup-twice');

  // Remove the first chat copy: the second one counts whole, same numbers,
  // and its card no longer speaks of duplicates.
  await page.locator(`${chats} >> nth=0 >> .remove-file`).click();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, chats);
  await page.waitForFunction((sel) => !document.querySelector(`${sel} [data-field=duplicates]`), chats);
  assert.deepEqual(await summary(page), sum);
  await settled(page, once);
  assert.equal(await page.locator(`${orders} >> nth=1 >> [data-field=duplicates]`).count(), 1, 'the orders copy is still a duplicate');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
