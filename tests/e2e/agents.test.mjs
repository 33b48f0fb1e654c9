// End-to-end, agents and report tables: the built dist/ in headless Chromium
// with the demo shop loaded (ranking drill, table sort/filter/columns, CSV
// and Excel export).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { KefuPage, num, OUT, ROOT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('agent ranking: clicking a bar drills to exactly that many records', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-agents');
  await page.waitForSelector('#rank-table tr[data-agent]');
  await page.selectOption('#rank-metric', 'unreplied_buyers');
  await page.waitForFunction(() => document.querySelector('#rank-table [data-metric=unreplied_buyers]'));
  const top = await page.getAttribute('#rank-table tr[data-agent] >> nth=0', 'data-agent');
  const value = await num(page, '#rank-table tr[data-agent] >> nth=0 >> [data-metric]');
  assert.ok(value > 0);
  const canvas = page.locator('#rank-chart');
  const left = Number(await canvas.getAttribute('data-left'));
  const right = Number(await canvas.getAttribute('data-right'));
  const n = Number(await canvas.getAttribute('data-n'));
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + left + (right - left) / n / 2, box.y + box.height - 60);
  await page.waitForSelector('#drill-panel[data-metric-drill=unreplied_buyers]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), value);
  const agents = await page.$$eval('#drill-table tbody tr td:nth-child(2)', (tds) => [...new Set(tds.map((t) => t.textContent))]);
  assert.deepEqual(agents, [top]);
  await page.click('#drill-table .open-chat >> nth=0');
  await page.waitForSelector('#transcript .msg.buyer');
  await kefu.shot('agents-drill');
});

test('tables export exactly what is shown, as CSV and Excel', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-agents');
  await page.waitForSelector('#agent-table tbody tr');
  const shown = await page.$$eval('#agent-table tbody tr', (trs) => trs.map((tr) => [
    tr.dataset.agent, tr.querySelector('[data-metric=consult_buyers]').dataset.value]));
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=agent-table]')]);
  const csvPath = path.join(OUT, 'agent-table.csv');
  await csvDl.saveAs(csvPath);
  const buf = fs.readFileSync(csvPath);
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const lines = buf.toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(lines.length, shown.length + 1);
  assert.match(lines[0], /^客服,咨询人数,/);
  for (const [i, [agent, consult]] of shown.entries()) {
    const cols = lines[i + 1].split(',');
    assert.equal(cols[0], agent);
    assert.equal(Number(cols[1]), Number(consult));
  }
  const [xDl] = await Promise.all([page.waitForEvent('download'), page.click('.export-xlsx[data-export=agent-table]')]);
  const xPath = path.join(OUT, 'agent-table.xlsx');
  await xDl.saveAs(xPath);
  assert.equal(fs.readFileSync(xPath).subarray(0, 2).toString(), 'PK');
  assert.ok(fs.statSync(xPath).size > 2000);
});

test('report tables sort by any column, filter, choose columns, export what is shown', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-conversion');
  await page.waitForSelector('#conversion-table tbody tr');
  const col = (k) => page.$$eval(`#conversion-table tbody [data-metric=${k}]`, (tds) => tds.map((t) => Number(t.dataset.value)));
  await page.click('#conversion-table th[data-sort=paid_buyers_final]');
  const desc = await col('paid_buyers_final');
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  await page.click('#conversion-table th[data-sort=paid_buyers_final]');
  const asc = await col('paid_buyers_final');
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  await page.fill('input[data-filter=conversion-table]', '小');
  const names = await page.$$eval('#conversion-table tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
  assert.ok(names.length > 0 && names.length < 15);
  for (const n of names) assert.match(n, /小/);
  const headers = await page.locator('#conversion-table thead th').count();
  await page.click('details[data-columns=conversion-table] summary');
  await page.uncheck('details[data-columns=conversion-table] input[data-column=sales_amount]');
  assert.equal(await page.locator('#conversion-table thead th').count(), headers - 1);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.export-csv[data-export=conversion-table]')]);
  const f = path.join(OUT, 'conversion-table.csv');
  await dl.saveAs(f);
  const lines = fs.readFileSync(f, 'utf8').slice(1).trim().split('\r\n');
  assert.equal(lines.length, names.length + 1, 'only the filtered rows');
  assert.equal(lines[0].split(',').length, headers - 1, 'only the visible columns');
  assert.ok(!lines[0].includes('客服销售额'));
  await page.fill('input[data-filter=conversion-table]', '');
});

test('platform rules side by side: every agent under each rule, as the CLI computes them; a click opens that rule\'s failures', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-agents');
  await page.click('#platform-rules > summary');
  await page.waitForSelector('#rules-table tr[data-agent] [data-metric=xhs_reply_rate]');
  // The same demo files through the CLI, with the three rules.
  const demoDir = path.join(OUT, 'demo-rules');
  const cli = path.join(ROOT, 'target', 'release', 'kefu');
  execFileSync(cli, ['demo', '--out', demoDir]);
  const order = fs.readdirSync(demoDir).find((f) => f.startsWith('ExportOrderList'));
  const rows = JSON.parse(execFileSync(cli, ['report', '--chats', path.join(demoDir, '聊天记录_逐条.csv'),
    '--orders', path.join(demoDir, order), '--ratings', path.join(demoDir, '接待评价.csv'),
    '--config', path.join(demoDir, 'settings.json'), '--by', 'agent', '--rules', 'kuaishou,pdd,xiaohongshu'],
  { maxBuffer: 64 << 20 })).rows;
  assert.equal(await page.locator('#rules-table tr[data-agent]').count(), rows.length);
  let marked = 0;
  for (const r of rows) {
    const sel = `#rules-table tr[data-agent="${r.agent}"]`;
    for (const k of ['response_rate_3min', 'kuaishou_response_rate_3min', 'pdd_valid_reply_rate', 'xhs_reply_rate']) {
      const ui = await num(page, `${sel} [data-metric=${k}]`);
      assert.ok(r[k] !== null && Math.abs(ui - r[k]) < 1e-9, `${r.agent} ${k}: ${ui} vs ${r[k]}`);
      // Marked exactly when clearly below the Taobao rule.
      const below = k !== 'response_rate_3min' && r[k] < r.response_rate_3min - 0.05;
      assert.equal(Boolean(await page.$(`${sel} [data-metric=${k}].disagree`)), below, `${r.agent} ${k} marked`);
      marked += below;
    }
  }
  // A click opens that rule's records for the agent, on those that fail it.
  const r = rows.find((x) => x.pdd_buyers > 0);
  await page.click(`#rules-table tr[data-agent="${r.agent}"] [data-metric=pdd_valid_reply_rate]`);
  await page.waitForSelector('#drill-panel[data-metric-drill=pdd_valid_reply_rate]');
  assert.match(await page.textContent('#drill-panel h3'), /拼多多有效回复率/, 'the list is named after the rule');
  // Every person the rule judges is behind the rate; the view shows those it fails.
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), r.pdd_buyers);
  const failing = r.pdd_buyers - r.pdd_valid_buyers;
  await page.waitForFunction((n) => Number(document.querySelector('#drill-panel')?.dataset.shown) === n, failing, { timeout: 30000 });
  await kefu.shot('platform-rules');
  await page.keyboard.press('Escape');
  // 规则不一致人数: the CLI's number, and its people one click away.
  for (const x of rows) {
    assert.equal(await num(page, `#rules-table tr[data-agent="${x.agent}"] [data-metric=rules_disagree_buyers]`), x.rules_disagree_buyers, x.agent);
  }
  const d = rows.reduce((a, b) => (b.rules_disagree_buyers > a.rules_disagree_buyers ? b : a));
  assert.ok(d.rules_disagree_buyers > 0, 'the demo has people the rules judge differently');
  await page.click(`#rules-table tr[data-agent="${d.agent}"] [data-metric=rules_disagree_buyers]`);
  await page.waitForSelector('#drill-panel[data-metric-drill=rules_disagree_buyers]');
  assert.equal(Number(await page.getAttribute('#drill-panel', 'data-rows')), d.rules_disagree_buyers);
  await page.keyboard.press('Escape');
  console.log(`platform rules: ${rows.length} agents, ${marked} rates marked below Taobao's`);
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
