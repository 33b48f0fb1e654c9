// End-to-end, the column mapper (spec §10.1): a helpdesk messages CSV that
// no format knows is dropped, its columns are mapped in the browser, and the
// overview shows the metrics computed by hand below (the same numbers
// tests/it/mapper.rs checks through the CLI). The mapping is kept in the
// settings: after a reload the same file imports without asking.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { KefuPage, num, card, FIXTURES } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

const FILE = 'helpdesk_messages.csv';

// tests/fixtures/helpdesk_messages.csv, times converted to shop time (+08:00):
// 06-03 Lily–Alice: rounds open 09:00:00 (answered 09:01:30, 90 s) and
// 09:05:00 (answered 09:09:00, 240 s); Tom–Bob: 09:02:00 answered 09:03:00
// (60 s; 好的 is a closing word). 06-04 (16:30Z = 00:30 next day) Lily writes
// and only the bot answers: unreplied round; Mia–Alice: Alice writes first,
// Mia's 谢谢 opens no round. Conversation 105 has no buyer and is skipped.
// Buyer-days: Lily 06-03, Tom 06-03, Lily 06-04, Mia 06-04 → 4 consult;
// unreplied 1 (Lily 06-04); rounds 4, answered ≤ 180 s: 90, 60 → 2/4.
async function assertMetrics(page) {
  await page.waitForSelector('#daily-table tr[data-day="2024-06-04"]');
  const m = (k) => num(page, `.cards [data-metric=${k}]`);
  assert.equal(await m('consult_buyers'), 4);
  assert.equal(await m('unreplied_buyers'), 1);
  assert.equal(await m('response_rate_3min'), 0.5);
  const d = (day, k) => num(page, `#daily-table tr[data-day="${day}"] [data-metric=${k}]`);
  assert.equal(await d('2024-06-03', 'consult_buyers'), 2);
  assert.equal(await d('2024-06-04', 'consult_buyers'), 2);
  // (90 + 240 + 60) / 3 answered rounds on 06-03
  assert.equal(await d('2024-06-03', 'avg_response_secs'), 130);
}

test('an unknown table is mapped in the browser and gives the hand-computed metrics', async () => {
  const { page } = kefu;
  await kefu.upload([path.join(FIXTURES, FILE)]);
  const c = card(FILE);
  await page.waitForSelector(`${c} [data-field=fatal]`);
  assert.match(await page.textContent(`${c} [data-field=fatal]`), /设置列对应/);

  await page.click(`${c} .map-open`);
  const mapper = `${c} [data-field=mapper]`;
  await page.waitForSelector(mapper);
  // The preview shows the header and the first rows.
  assert.deepEqual(await page.$$eval(`${mapper} .map-preview th`, (ths) => ths.map((t) => t.textContent)),
    ['created_at', 'conversation_id', 'sender_type', 'sender_name', 'content']);
  assert.equal(await page.$$eval(`${mapper} .map-preview tbody tr`, (trs) => trs.length), 5);

  await page.selectOption(`${mapper} select[data-map=kind]`, 'chats');
  await page.selectOption(`${mapper} select[data-map=mode]`, 'conversation');
  // Saving with a required column missing says which.
  await page.click(`${mapper} .map-save`);
  assert.match(await page.textContent(`${mapper} .map-error`), /时间/);

  for (const [field, col] of [['time', 'created_at'], ['conversation', 'conversation_id'],
    ['sender_name', 'sender_name'], ['role', 'sender_type'], ['text', 'content']]) {
    await page.selectOption(`${mapper} select[data-map=${field}]`, col);
  }
  // The role column's values, as seen in the file, each given a meaning.
  await page.waitForSelector(`${mapper} select[data-role-value="activity"]`);
  for (const [value, role] of [['contact', 'buyer'], ['user', 'agent'], ['bot', 'auto'], ['activity', 'system']]) {
    await page.selectOption(`${mapper} select[data-role-value="${value}"]`, role);
  }
  assert.equal(await page.inputValue(`${mapper} input[data-map=time_format]`), 'auto');
  await page.click(`${mapper} .map-save`);

  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-field=format]`)?.textContent.trim() === 'mapped-chats', c);
  assert.equal(await num(page, `${c} [data-field=read]`), 14);
  assert.equal(await num(page, `${c} [data-field=imported]`), 13);
  assert.equal(await num(page, `${c} [data-field=skipped]`), 1);
  assert.equal(await page.$$eval('#import-reports .report', (els) => els.length), 1, 'the rejected report was replaced');
  await kefu.shot('mapper-mapped');
  await assertMetrics(page);
  kefu.assertNoLateRequests();
});

test('the saved mapping applies by itself after a reload', async () => {
  const { page } = kefu;
  await kefu.reload();
  await kefu.upload([path.join(FIXTURES, FILE)]);
  const c = card(FILE);
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-field=format]`)?.textContent.trim() === 'mapped-chats', c);
  assert.equal(await page.$(`${c} .map-open`), null, 'no mapper offered for a mapped table');
  await assertMetrics(page);
  kefu.assertNoLateRequests();
});
