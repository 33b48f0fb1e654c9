// End-to-end, the first screen (issue 11 items 5 and 12): once data is
// loaded the import area folds into one line and the overview's numbers are
// on the first screen at 1280×720; the line opens the reports again; a page
// opened from file:// says how to serve it instead of staying blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KefuPage, DIST } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('served: no file:// hint; loaded: the import area is one line and the cards are on the first screen', async () => {
  const { page } = kefu;
  assert.equal(await page.$('#file-hint'), null, 'boot.js removed the hint');
  await page.setViewportSize({ width: 1280, height: 720 });
  await kefu.use('demo');
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.equal(await page.getAttribute('#import-toggle', 'aria-expanded'), 'false');
  assert.equal(await page.isVisible('#dropzone'), false);
  assert.match(await page.textContent('#import-line'), /已导入 \d+ 个文件：[\d,]+ 条消息/);
  const box = await page.locator('.cards [data-metric=consult_buyers]').boundingBox();
  assert.ok(box && box.y + box.height <= 720, `the first card ends at ${box && box.y + box.height} px, inside 720`);
  await kefu.shot('first-screen-1280x720');
  // The line opens the drop zone and the reports again, and folds them.
  await page.click('#import-toggle');
  assert.ok(await page.isVisible('#dropzone'));
  assert.ok(await page.isVisible('#import-reports'));
  await page.click('#import-toggle');
  assert.equal(await page.isVisible('#dropzone'), false);
  await page.setViewportSize({ width: 1360, height: 900 });
});

test('a refused file keeps the import area open', async () => {
  const { page } = kefu;
  await kefu.clear();
  await page.setInputFiles('#file-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\nworld\n') });
  await page.waitForSelector('.report.fatal, .report[data-file="notes.txt"]');
  assert.equal(await page.$('#import-toggle[aria-expanded=false]'), null);
  assert.ok(await page.isVisible('.report[data-file="notes.txt"]'));
  kefu.dataset = null;
});

test('opened from file://, the page says how to serve it', async () => {
  const ctx = await kefu.browser.newContext();
  try {
    const p = await ctx.newPage();
    await p.goto(pathToFileURL(path.join(DIST, 'index.html')).href);
    await p.waitForTimeout(2000);
    assert.ok(await p.isVisible('#file-hint'));
    assert.match(await p.textContent('#file-hint'), /bash \.ci\/serve/);
    await p.screenshot({ path: path.join(path.dirname(new URL(import.meta.url).pathname), 'out', 'file-url.png') });
  } finally {
    await ctx.close();
  }
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
