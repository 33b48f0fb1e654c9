// End-to-end, the big screen (demo shop) and quality alerts (their own
// hand-made fixtures), in the built dist/ in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KefuPage, num, waitLoaded, FIXTURES, OUT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('big screen: one panel per team, rotating, readable values', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-teams');
  await page.waitForSelector('#team-table tbody tr');
  const byTeam = await page.$$eval('#team-table tbody tr', (trs) => Object.fromEntries(trs.map((t) => [
    t.querySelector('td').textContent, Number(t.querySelector('[data-metric=reception_buyers]').dataset.value)])));
  await page.click('#open-big-screen');
  await page.waitForSelector('#big-screen h1[data-team]');
  const first = await page.getAttribute('#big-screen h1', 'data-team');
  assert.ok(first in byTeam, first);
  assert.equal(await num(page, '#big-screen [data-metric=reception_buyers]'), byTeam[first]);
  assert.ok(await page.$('#big-screen [data-metric=max_response_secs]'));
  await kefu.shot('big-screen');
  // It rotates by itself (every 8 s).
  await page.waitForFunction((f) => document.querySelector('#big-screen h1')?.dataset.team !== f, first, { timeout: 20000 });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#big-screen', { state: 'detached' });
});

test('quality alerts: every rule fires on its fixture; one is marked handled', async () => {
  const { page } = kefu;
  await kefu.clear();
  await kefu.upload(['alerts_e2e_chats.csv', 'alerts_e2e_orders.csv', 'alerts_e2e_ratings.csv'].map((f) => path.join(FIXTURES, f)));
  await page.click('#tab-alerts');
  await page.waitForSelector('#alerts-table tbody tr');
  const counts = await page.$$eval('#alerts-by-rule tbody tr', (trs) => Object.fromEntries(trs.map((t) => [t.dataset.rule, Number(t.querySelector('[data-count]').dataset.count)])));
  // Hand-made: waits 90 s (yellow) and 301 s (red; the same round is also a
  // reply timeout, listed on its one alert, not counted twice); a complaint;
  // a staff insult; an unpaid order with no 催付; a 不满意 rating.
  assert.deepEqual(counts, { complaint: 1, low_rating: 1, sensitive_word: 1, unpaid_no_reminder: 1, wait_red: 1, wait_yellow: 1 });
  assert.equal(await page.$$eval('#alerts-table tbody tr', (trs) => trs.length), 6);
  assert.match(await page.textContent('#alerts-table tr[data-rule=sensitive_word] .excerpt'), /【骗子】/);
  // One alert per round: the slow round shows the other rule that fired, and
  // its wait as 分/秒, not raw seconds.
  const slow = '#alerts-table tr[data-rule=wait_red]';
  assert.equal(await page.getAttribute(slow, 'data-also'), 'reply_timeout');
  assert.equal(await page.getAttribute(slow, 'data-level'), 'red');
  assert.match(await page.textContent(`${slow} .also`), /回复超时/);
  assert.match(await page.textContent(`${slow} .excerpt`), /等待5分01秒/);
  assert.equal(await page.getAttribute('#alerts-table tr[data-rule=wait_yellow]', 'data-also'), '');
  const row = '#alerts-table tr[data-rule=complaint]';
  await page.check(`${row} .alert-handled`);
  await page.fill(`${row} .alert-note`, '已电话回访');
  await page.dispatchEvent(`${row} .alert-note`, 'change');
  // Handled state survives leaving the tab (kept in this browser).
  await page.click('#tab-overview');
  await page.click('#tab-alerts');
  await page.waitForSelector(`${row}.handled`);
  assert.equal(await page.inputValue(`${row} .alert-note`), '已电话回访');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=alerts]')]);
  const csvPath = path.join(OUT, 'alerts.csv');
  await dl.saveAs(csvPath);
  assert.match(fs.readFileSync(csvPath, 'utf8'), /已电话回访/);
  // The note box stays inside its cell (it used to overlap the next column).
  const noteBox = await page.$eval(`${row} .alert-note`, (el) => {
    const n = el.getBoundingClientRect();
    const td = el.closest('td').getBoundingClientRect();
    return { right: n.right, tdRight: td.right };
  });
  assert.ok(noteBox.right <= noteBox.tdRight + 0.5, JSON.stringify(noteBox));
  // Filters: unhandled only hides the handled complaint and brings it back.
  const rowCount = () => page.$$eval('#alerts-table tbody tr', (trs) => trs.length);
  await page.check('#alert-unhandled-only');
  await page.waitForFunction(() => !document.querySelector('#alerts-table tr[data-rule=complaint]'));
  assert.equal(await rowCount(), 5);
  assert.deepEqual(await page.$$eval('#alerts-table tbody tr', (trs) => [...new Set(trs.map((t) => t.dataset.handled))]), ['0']);
  await page.uncheck('#alert-unhandled-only');
  await page.waitForSelector(`${row}.handled`);
  assert.equal(await rowCount(), 6);
  // By rule: a rule that only fired alongside a stronger one finds that alert.
  await page.selectOption('#alert-rule-filter', 'reply_timeout');
  await page.waitForFunction(() => document.querySelectorAll('#alerts-table tbody tr').length === 1);
  assert.equal(await page.getAttribute('#alerts-table tbody tr', 'data-rule'), 'wait_red');
  await page.selectOption('#alert-rule-filter', 'complaint');
  await page.waitForFunction(() => document.querySelectorAll('#alerts-table tbody tr').length === 1);
  assert.equal(await page.getAttribute('#alerts-table tbody tr', 'data-rule'), 'complaint');
  await page.selectOption('#alert-rule-filter', '');
  // By level: yellow is the 90 s wait, info the unpaid order; red the other four.
  await page.selectOption('#alert-level-filter', 'yellow');
  await page.waitForFunction(() => document.querySelectorAll('#alerts-table tbody tr').length === 1);
  assert.equal(await page.getAttribute('#alerts-table tbody tr', 'data-rule'), 'wait_yellow');
  await page.selectOption('#alert-level-filter', 'info');
  await page.waitForFunction(() => document.querySelector('#alerts-table tbody tr')?.dataset.rule === 'unpaid_no_reminder');
  assert.equal(await rowCount(), 1);
  await page.selectOption('#alert-level-filter', 'red');
  await page.waitForFunction(() => document.querySelectorAll('#alerts-table tbody tr').length === 4);
  assert.deepEqual(await page.$$eval('#alerts-table tbody tr', (trs) => [...new Set(trs.map((t) => t.dataset.level))]), ['red']);
  // Unhandled and red together: the handled complaint drops out.
  await page.check('#alert-unhandled-only');
  await page.waitForFunction(() => document.querySelectorAll('#alerts-table tbody tr').length === 3);
  await page.uncheck('#alert-unhandled-only');
  await page.selectOption('#alert-level-filter', '');
  await page.waitForFunction(() => document.querySelectorAll('#alerts-table tbody tr').length === 6);
  // Switching a rule off removes its alerts.
  await page.uncheck('#alert-rules [data-rule=complaint] .rule-enabled');
  await waitLoaded(page);
  await page.waitForFunction(() => !document.querySelector('#alerts-by-rule tr[data-rule=complaint]'));
  await page.click(`#alerts-table tr[data-rule=sensitive_word] .open-chat`);
  await page.waitForSelector('#transcript .msg');
  await kefu.shot('alerts');
  await page.check('#alert-rules [data-rule=complaint] .rule-enabled');
  await waitLoaded(page);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
