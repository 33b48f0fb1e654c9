// End-to-end, issue 14 item 6 on the demo shop: the auto-reply cards
// (what auto replies handled alone, their first response beside the human
// one) and the 金牌客服团队 badge on the overview and the big screen,
// each number against the CLI on the same demo files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, OUT, ROOT } from './harness.mjs';

let kefu;
let cli;
before(async () => {
  kefu = await KefuPage.open();
  const dir = path.join(OUT, 'demo-auto-gold');
  const bin = path.join(ROOT, 'target', 'release', 'kefu');
  execFileSync(bin, ['demo', '--out', dir]);
  const order = fs.readdirSync(dir).find((f) => f.startsWith('ExportOrderList'));
  cli = (by) => JSON.parse(execFileSync(bin, ['report', '--chats', path.join(dir, '聊天记录_逐条.csv'),
    '--orders', path.join(dir, order), '--ratings', path.join(dir, '接待评价.csv'),
    '--config', path.join(dir, 'settings.json'), '--by', by], { maxBuffer: 64 << 20 })).rows;
});
after(async () => { await kefu?.close(); });

const AUTO = ['auto_replied_buyers', 'auto_intercepted_buyers', 'auto_to_human_buyers', 'auto_intercept_rate',
  'auto_first_response_secs', 'first_response_calendar_secs'];

test('auto replies: the cards equal the CLI and drill to their records', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  const shops = cli('shop');
  assert.equal(shops.length, 1, 'the demo is one shop: its row is the total');
  const want = shops[0];
  assert.ok(want.auto_replied_buyers > 0 && want.auto_intercepted_buyers > 0, 'the demo has auto replies');
  await page.waitForSelector('#auto-cards [data-metric=auto_intercept_rate]');
  for (const k of AUTO) {
    const ui = await num(page, `#auto-cards [data-metric=${k}]`);
    assert.ok(want[k] !== null && Math.abs(ui - want[k]) < 1e-9, `${k}: ${ui} vs ${want[k]}`);
  }
  assert.equal(want.auto_intercepted_buyers + want.auto_to_human_buyers, want.auto_replied_buyers);
  await page.click('#auto-cards [data-metric=auto_intercepted_buyers]');
  await page.waitForSelector('#drill-panel[data-metric-drill=auto_intercepted_buyers]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), want.auto_intercepted_buyers);
  await kefu.shot('auto-cards');
  await page.keyboard.press('Escape');
});

/** The teams of the CLI's last month with ratings: name → [rate, ratings]. */
function lastMonth(rows, dim) {
  const rated = rows.filter((r) => r.ratings > 0);
  const month = rated.map((r) => r.month).sort().at(-1);
  return [month, new Map(rated.filter((r) => r.month === month).map((r) => [r[dim], [r.satisfaction_rate, r.ratings]]))];
}

test('金牌客服团队: last month per shop and team, badge at the threshold, and on the big screen', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  const [month, teams] = lastMonth(cli('month-team'), 'team');
  const [, shops] = lastMonth(cli('month-shop'), 'shop');
  await page.waitForSelector('#gold-teams .gold-row');
  assert.equal(await page.getAttribute('#gold-teams', 'data-month'), month);
  const seen = await page.$$eval('#gold-teams .gold-row', (els) => els.map((e) => ({
    kind: e.dataset.kind, name: e.dataset.name, gold: e.dataset.gold,
    rate: Number(e.querySelector('[data-metric=satisfaction_rate]').dataset.value),
    ratings: Number(e.querySelector('[data-metric=ratings]').dataset.value),
  })));
  assert.equal(seen.length, teams.size + shops.size);
  let golds = 0;
  for (const s of seen) {
    const [rate, ratings] = (s.kind === 'team' ? teams : shops).get(s.name);
    assert.ok(Math.abs(rate - s.rate) < 1e-9 && ratings === s.ratings, `${s.kind} ${s.name}`);
    assert.equal(s.gold, rate >= 0.95 ? '1' : '0', `${s.name} gold`);
    golds += rate >= 0.95;
  }
  // A team's rate drills to its ratings of that month: as many as it says.
  const t = seen.find((s) => s.kind === 'team');
  await page.click(`#gold-teams .gold-row[data-kind=team][data-name="${t.name}"] [data-metric=ratings]`);
  await page.waitForSelector('#drill-panel[data-metric-drill=ratings]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), t.ratings);
  await page.keyboard.press('Escape');
  // The threshold is a setting, read at once: at the lowest rate every
  // shop and team is gold.
  const lowest = Math.min(...seen.map((s) => s.rate));
  await page.click('#settings-panel summary');
  const json = JSON.parse(await page.inputValue('#settings-json'));
  json.gold_satisfaction_rate = lowest;
  await page.fill('#settings-json', JSON.stringify(json, null, 2));
  await page.click('#settings-apply');
  await page.waitForFunction((n) => document.querySelectorAll('#gold-teams .gold-row[data-gold="1"]').length === n, seen.length);
  await kefu.shot('gold-teams');
  // The big screen names the gold ones.
  await page.click('#settings-panel summary');
  await page.click('#open-big-screen');
  await page.waitForSelector('#big-gold .gold-row');
  assert.equal(await page.locator('#big-gold .gold-row').count(), seen.length);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#big-screen', { state: 'detached' });
  json.gold_satisfaction_rate = 0.95;
  await page.click('#settings-panel summary');
  await page.fill('#settings-json', JSON.stringify(json, null, 2));
  await page.click('#settings-apply');
  await page.waitForFunction((n) => document.querySelectorAll('#gold-teams .gold-row[data-gold="1"]').length === n, golds);
  await page.click('#settings-panel summary');
  console.log(`gold: ${month}, ${seen.length} shops and teams, ${golds} at 95%`);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
