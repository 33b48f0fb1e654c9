// End-to-end, drill-downs: the list behind a number (hand-computed fixtures),
// the drill-down chain and the six detail lists (demo shop), in the built
// dist/ in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KefuPage, num, count, OUT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('the list behind a number has as many rows as the number', async () => {
  const { page } = kefu;
  // The two hand-computed fixture files: 3 buyers consult on 2024-06-01.
  await kefu.use('fixtures');
  await page.click('#daily-table tr[data-day="2024-06-01"] a[data-metric=consult_buyers]');
  await page.waitForSelector('#drill-panel');
  assert.equal(await page.getAttribute('#drill-panel', 'data-rows'), '3');
  assert.equal(await page.locator('#drill-table tbody tr').count(), 3);
  // The list opens where the user is looking: its top is in the window.
  const inView = (id) => page.waitForFunction((id) => {
    const r = document.getElementById(id)?.getBoundingClientRect();
    return r && r.top >= 0 && r.top < window.innerHeight;
  }, id);
  await inView('drill-crumbs');
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  assert.ok(await page.locator('#transcript .msg').count() >= 2);
  // The transcript opens beside its list (1360 px wide window), in view.
  await inView('transcript');
  const [list, chat] = await Promise.all(['#drill-panel', '#transcript'].map((s) => page.locator(s).boundingBox()));
  assert.ok(chat.x >= list.x + list.width - 1, `transcript at x=${chat.x}, list ends at ${list.x + list.width}`);
  await kefu.shot('drill-transcript');
  // Esc closes the transcript, then the list.
  await page.keyboard.press('Escape');
  await page.waitForSelector('#transcript', { state: 'detached' });
  assert.ok(await page.$('#drill-panel'));
  await page.keyboard.press('Escape');
  await page.waitForSelector('#drill-panel', { state: 'detached' });
});

test('drill-down chain: shop → team → group → agent → day → list → transcript, and back up', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-teams');
  await page.waitForSelector('#drill-explorer[data-level=shop]');
  const seen = [];
  let value = null;
  for (let k = 0; k < 6; k++) {
    await page.waitForFunction(() => Number(document.querySelector('#explore-chart')?.dataset.n) > 0);
    const level = await page.getAttribute('#drill-explorer', 'data-level');
    seen.push(level);
    const data = await kefu.chartData('explore-chart');
    value = count(data[0][1]);
    const p = await kefu.slot('#explore-chart', 0);
    await page.mouse.move(p.x, p.y);
    assert.match(await page.textContent('.tooltip[data-for=explore-chart]'), new RegExp(data[0][0].split(/[/:]/).pop()));
    await page.mouse.click(p.x, p.y);
    if (level === 'day') break;
    await page.waitForFunction((l) => document.querySelector('#drill-explorer').dataset.level !== l, level);
    // the breadcrumb grows by the value clicked
    assert.match(await page.textContent('#explore-crumbs'), new RegExp(data[0][0].split('/').pop()));
  }
  // demo shop: 售前部 has sub-groups, so the chain passes through 小组
  assert.deepEqual(seen, ['shop', 'team', 'group', 'agent', 'day']);
  await page.waitForFunction((n) => document.querySelector('#drill-panel[data-metric-drill=consult_buyers]')?.dataset.rows === String(n), value);
  const crumbs = await page.textContent('#drill-crumbs');
  assert.match(crumbs, /^全部›店铺 透镜旗舰店›团队 售前部›小组 售前.组›客服 透镜旗舰店:.+›2024-06-\d\d · 咨询人数明细（[\d,]+条）$/);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  await page.waitForSelector('#crumb-transcript');
  await kefu.shot('drill-chain');
  // up one: back to the list
  await page.click('#crumb-list');
  await page.waitForSelector('#transcript', { state: 'detached' });
  assert.ok(await page.$('#drill-panel'));
  // up to the team: the explorer shows that team's groups, the list closes
  await page.click('#drill-crumbs a[data-level=team]');
  await page.waitForSelector('#drill-panel', { state: 'detached' });
  await page.waitForSelector('#drill-explorer[data-level=group]');
  // a filter that leaves nothing under this path says so (售前部 has no after-sales agents)
  await page.selectOption('#filter-role', 'aftersales');
  await page.waitForSelector('#explore-empty');
  await page.selectOption('#filter-role', '');
  await page.waitForSelector('#explore-empty', { state: 'detached' });
  await page.click('#explore-crumbs a[data-depth="0"]');
  await page.waitForSelector('#drill-explorer[data-level=shop]');
});

test('the six detail lists of 生意参谋 open, page and match the cards', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-overview');
  const reception = await num(page, '.cards [data-metric=reception_buyers]');
  await page.click('#tab-details');
  await page.click('[data-list=reception_buyers]');
  await page.waitForFunction((n) => document.querySelector('#drill-panel')?.dataset.rows === String(n), reception);
  // Long lists are paginated: 200 rows a page.
  assert.equal(await page.locator('#drill-table tbody tr').count(), Math.min(200, reception));
  const firstRow = () => page.$eval('#drill-table tbody tr', (tr) => tr.textContent);
  const page1 = await firstRow();
  const page1Cells = await page.$$eval('#drill-table tbody tr:first-child td', (tds) => tds.map((t) => t.textContent));
  assert.ok(reception > 200, 'the demo has more than one page of receptions');
  await page.click('#drill-next');
  await page.waitForSelector('.pager span:has-text("2 /")');
  assert.equal(await page.getAttribute('#drill-table', 'data-page'), '1');
  assert.equal(await page.locator('#drill-table tbody tr').count(), Math.min(200, reception - 200));
  assert.notEqual(await firstRow(), page1);
  await page.click('#drill-prev');
  await page.waitForSelector('.pager span:has-text("1 /")');
  assert.equal(await firstRow(), page1);
  // export: every row of the list (all pages), built in the worker
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=drill]')]);
  const csvPath = path.join(OUT, 'drill-reception.csv');
  await dl.saveAs(csvPath);
  const csv = fs.readFileSync(csvPath).toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(csv.length, reception + 1);
  assert.match(csv[0], /^日期,客服,顾客,时间,详情,买家首问$/);
  assert.deepEqual(csv[1].split(',').slice(0, 4), page1Cells.slice(0, 4));
  const [xdl] = await Promise.all([page.waitForEvent('download'), page.click('.export-xlsx[data-export=drill]')]);
  const xPath = path.join(OUT, 'drill-reception.xlsx');
  await xdl.saveAs(xPath);
  assert.equal(fs.readFileSync(xPath).subarray(0, 2).toString(), 'PK');
  for (const list of ['ratings', 'rounds_over_3min', 'paid_buyers_final', 'inquiry_no_order', 'ordered_unpaid']) {
    await page.click(`[data-list=${list}]`);
    await page.waitForSelector(`#drill-panel[data-metric-drill=${list}]`);
    assert.ok(Number(await page.getAttribute('#drill-panel', 'data-rows')) > 0, list);
  }
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg');
  await kefu.shot('details');
});

test('a rate lists its failures; sort, filter and the buyer\'s first message', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-agents');
  await page.waitForSelector('#agent-table tr[data-agent] [data-metric=response_rate_3min]');
  const row = '#agent-table tr[data-agent] >> nth=0';
  const agent = await page.getAttribute(row, 'data-agent');
  const rounds = Number(await page.getAttribute(`${row} >> [data-metric=rounds]`, 'data-value'));
  const rate = Number(await page.getAttribute(`${row} >> [data-metric=response_rate_3min]`, 'data-value'));
  const failures = rounds - Math.round(rate * rounds);
  assert.ok(rounds > 0 && failures > 0, `${agent}: ${rounds} rounds, ${failures} failures`);
  await page.click(`${row} >> [data-metric=response_rate_3min]`);
  await page.waitForSelector('#drill-panel[data-metric-drill=response_rate_3min]');
  // the list is the denominator (all counted rounds), in time order
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), rounds);
  assert.equal(await page.getAttribute('#drill-table th[data-sort=time]', 'aria-sort'), 'ascending');
  const ts = await page.$$eval('#drill-table tbody tr', (trs) => trs.map((t) => Number(t.dataset.ts)));
  assert.ok(ts.every((t, i) => i === 0 || ts[i - 1] <= t), 'time order');
  // 只看未达标: the count is rounds − rounds_3min, and ticking it lists them
  assert.equal(Number(await page.getAttribute('#drill-panel [data-metric=drill_failures]', 'data-value')), failures);
  assert.match(await page.textContent('#drill-panel .drill-failures'), /只看未达标/);
  await page.check('#drill-failures-only');
  await page.waitForFunction((n) => document.querySelector('#drill-panel')?.dataset.shown === String(n), failures);
  assert.equal(await page.locator('#drill-table tbody tr[data-fail=false]').count(), 0);
  assert.match(await page.textContent('#drill-panel h3'), new RegExp(`${failures.toLocaleString('en-US')} / ${rounds.toLocaleString('en-US')}`));
  // sort by detail, twice = descending: the longest (unanswered after the longest answered) first
  await page.click('#drill-table th[data-sort=detail] button');
  await page.waitForFunction(() => document.querySelector('#drill-table th[data-sort=detail]')?.getAttribute('aria-sort') === 'ascending');
  await page.click('#drill-table th[data-sort=detail] button');
  await page.waitForFunction(() => document.querySelector('#drill-table th[data-sort=detail]')?.getAttribute('aria-sort') === 'descending');
  const secs = await page.$$eval('#drill-table tbody tr td:nth-child(5)', (tds) =>
    tds.map((t) => (t.dataset.raw === 'unanswered' ? Infinity : Number(t.dataset.raw.split(' ')[0]))));
  assert.ok(secs.every((s, i) => i === 0 || secs[i - 1] >= s), `descending: ${secs.slice(0, 5)}`);
  assert.equal(secs[0], Math.max(...secs));
  // the buyer's first message: a column, clipped, whole in its title
  assert.equal(await page.textContent('#drill-table th[data-sort=opening]'), '买家首问');
  const opening = await page.getAttribute('#drill-table tbody tr:first-child td.opening', 'title');
  assert.ok(opening.length > 0);
  // filter: narrows (in the worker, over every row) to rows containing the text
  const buyer = await page.textContent('#drill-table tbody tr:first-child td:nth-child(3)');
  await page.fill('#drill-filter', buyer.toUpperCase());
  await page.press('#drill-filter', 'Enter');
  await page.$eval('#drill-filter', (el) => el.blur());
  await page.waitForFunction((n) => Number(document.querySelector('#drill-panel')?.dataset.shown) < n, failures);
  const shown = Number(await page.getAttribute('#drill-panel', 'data-shown'));
  assert.ok(shown >= 1);
  const texts = await page.$$eval('#drill-table tbody tr', (trs) =>
    trs.map((t) => `${t.textContent} ${t.querySelector('td.opening').title}`.toLowerCase()));
  assert.ok(texts.every((t) => t.includes(buyer.toLowerCase())));
  await kefu.shot('drill-failures');
  // unticking shows every round of the filter again
  await page.uncheck('#drill-failures-only');
  await page.waitForFunction((n) => Number(document.querySelector('#drill-panel')?.dataset.shown) >= n, shown);
  await page.keyboard.press('Escape');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
