// End-to-end, the real public exports kept in tests/realdata (see its
// README.md), dropped into the app together as a merchant would: every file
// gets its report card, the order files import with the counts the files
// hold (facts of the files, checked independently in tests/it/realdata.rs),
// the JDDC corpus and its readme are refused saying what they are, and the
// numbers equal what `kefu report` gives for the same six files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { KefuPage, num, card, ROOT } from './harness.mjs';

const R = path.join(ROOT, 'tests', 'realdata');
const ORDERS = ['tianchi-tmall-orders/tmall_order_report.csv', 'mingrisoft-book-orders/1月.csv',
  'mingrisoft-book-orders/mrtb_data.xlsx', 'mingrisoft-book-orders/mingribooks.xls'].map((f) => path.join(R, f));
const CHATS = ['jddc-chat/chat_0.1per.txt', 'jddc-chat/JDDC_readme.txt'].map((f) => path.join(R, f));

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('the real exports: each file reported, orders counted once, refusals explained, same as the CLI', async () => {
  const { page } = kefu;
  await kefu.upload([...ORDERS, ...CHATS]);
  await page.waitForSelector('#loaded-summary');
  await kefu.shot('realdata-import');

  const counts = async (file) => ({
    read: await num(page, `${card(file)} [data-field=read]`),
    imported: await num(page, `${card(file)} [data-field=imported]`),
    skipped: await num(page, `${card(file)} [data-field=skipped]`),
  });
  assert.deepEqual(await counts('tmall_order_report.csv'), { read: 28010, imported: 28010, skipped: 0 });
  assert.deepEqual(await counts('1月.csv'), { read: 50, imported: 50, skipped: 0 });
  assert.deepEqual(await counts('mrtb_data.xlsx'), { read: 599, imported: 458, skipped: 141 });
  assert.deepEqual(await counts('mingribooks.xls'), { read: 704, imported: 704, skipped: 0 });
  // The skipped xlsx rows are listed with their line numbers.
  assert.ok(await page.locator(`${card('mrtb_data.xlsx')} .problems li[data-line]`).count() > 0);
  // The GBK CSV was read as GBK/GB18030.
  assert.match((await page.textContent(`${card('1月.csv')} [data-field=encoding]`)).trim(), /GB/i);

  // Refused whole, with what the file is, and a link to "how to export".
  const jddc = card('chat_0.1per.txt');
  assert.match(await page.textContent(`${jddc} [data-field=fatal]`), /JDDC/);
  assert.match(await page.textContent(`${jddc} [data-field=fatal]`), /没有消息时间/);
  assert.equal(await page.locator(`${jddc} .howto-link`).count(), 1);
  assert.match(await page.textContent(`${card('JDDC_readme.txt')} [data-field=fatal]`), /说明文字/);

  // The summary equals the CLI on the same files.
  // Exit 2: files were refused whole (named on stderr); the JSON has them all.
  const run = spawnSync(path.join(ROOT, 'target', 'release', 'kefu'),
    ['report', ...ORDERS.flatMap((f) => ['--orders', f]), ...CHATS.flatMap((f) => ['--chats', f]), '--by', 'shop'],
    { encoding: 'utf8' });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /rejected chat_0\.1per\.txt/);
  const cli = JSON.parse(run.stdout);
  assert.equal(cli.diagnostics.length, 6);
  assert.equal(cli.orders.total, 28010 + 50 + 458 + 704);
  assert.equal(await num(page, '[data-summary=orders]'), cli.orders.total);
  assert.equal(await num(page, '[data-summary=orders_not_linked]'), cli.orders.not_linked);
  assert.equal(cli.orders.not_linked, 28010, 'the Tianchi orders have no buyer and no chat names their numbers');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
