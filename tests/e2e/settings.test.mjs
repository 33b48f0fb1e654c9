// End-to-end, settings: the built dist/ in headless Chromium. A setting
// recomputes without re-reading files and filters live in the URL
// (hand-computed fixtures); the accounts editor drives the filters (the
// quality-alert fixtures); the language choice survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { KefuPage, num, FIXTURES, DATA } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('changing a setting recomputes without re-reading files', async () => {
  const { page } = kefu;
  // The two hand-computed fixture files, default settings.
  await kefu.use('fixtures');
  const rate = () => num(page, '.cards [data-metric=response_rate_3min]');
  assert.equal(await rate(), 0.6);
  await page.click('#settings-panel summary');
  // Threshold 100 s: of the answered rounds 120, 300, 60, 40 only 60 and 40
  // qualify; rounds stay 5 → 2/5.
  await page.fill('#set-threshold', '100');
  await page.dispatchEvent('#set-threshold', 'change');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.4');
  await page.fill('#set-threshold', '180');
  await page.dispatchEvent('#set-threshold', 'change');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.6');
  // The settings document is the spec §10 shape the CLI reads.
  const json = JSON.parse(await page.inputValue('#settings-json'));
  assert.equal(json.response_threshold_secs, 180);
  assert.ok(Array.isArray(json.closing_words));
  await page.click('#settings-panel summary');
});

test('filters live in the URL and survive a reload', async () => {
  const { page } = kefu;
  await kefu.use('fixtures');
  await page.click('[data-quick=yesterday]');
  // "昨天" counts back from the data's last day (2024-06-02), not from today.
  await page.waitForFunction(() => location.hash.includes('from=2024-06-02') && location.hash.includes('to=2024-06-02'));
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '1');
  await kefu.reload();
  await kefu.upload([path.join(FIXTURES, 'e2e_chats.csv'), path.join(FIXTURES, 'ExportOrderList_e2e.csv')]);
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '1');
  assert.equal(await page.inputValue('#filter-from'), '2024-06-02');
  await page.click('[data-quick=all]');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value === '4');
});

test('accounts editor: teams and roles set in the app drive the filters', async () => {
  const { page } = kefu;
  // The quality-alert fixtures: 某某旗舰店:02 is one of their agents.
  await kefu.use('alerts');
  await page.click('#tab-overview');
  await page.click('#settings-panel summary');
  await page.click('#accounts-add-seen');
  await page.waitForSelector('#accounts-table tr[data-account="某某旗舰店:02"]');
  const row = '#accounts-table tr[data-account="某某旗舰店:02"]';
  await page.fill(`${row} .acc-team`, '售后部/售后组');
  await page.dispatchEvent(`${row} .acc-team`, 'change');
  await page.selectOption(`${row} .acc-role`, 'aftersales');
  await page.click('#settings-panel summary');
  // 某某旗舰店:02 talked with 生气买家 and 下单买家 on 2024-06-03.
  await page.selectOption('#filter-role', 'aftersales');
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 2);
  await page.selectOption('#filter-role', '');
  await page.waitForSelector('#filter-team option[value="售后部/售后组"]', { state: 'attached' });
  await page.selectOption('#filter-team', '售后部');
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 2);
  // The agent list follows the team: only the after-sales agent is offered.
  const agentOptions = () => page.$$eval('#filter-agent option', (os) => os.map((o) => o.value));
  assert.deepEqual(await agentOptions(), ['', '某某旗舰店:02']);
  await page.selectOption('#filter-agent', '某某旗舰店:02');
  await page.selectOption('#filter-role', 'aftersales');
  // Team, role and agent live in the URL and survive a reload (the accounts
  // are kept with the settings in this browser).
  await page.waitForFunction(() => location.hash.includes(`team=${encodeURIComponent('售后部')}`)
    && location.hash.includes('role=aftersales') && location.hash.includes(`agent=${encodeURIComponent('某某旗舰店:02')}`));
  await kefu.reload();
  await kefu.upload(DATA.alerts);
  await page.waitForFunction(() => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === 2);
  assert.equal(await page.inputValue('#filter-team'), '售后部');
  assert.equal(await page.inputValue('#filter-role'), 'aftersales');
  assert.equal(await page.inputValue('#filter-agent'), '某某旗舰店:02');
  // A role the agent does not have: the agent filter lets go of them.
  await page.selectOption('#filter-role', 'presales');
  await page.waitForFunction(() => document.querySelector('#filter-agent')?.value === '');
  assert.deepEqual(await agentOptions(), ['']);
  await page.selectOption('#filter-role', '');
  await page.selectOption('#filter-team', '');
  kefu.dataset = 'alerts';
});

test('work time and holidays are forms showing what is in force; bad input is named in the user\'s language', async () => {
  const { page } = kefu;
  // e2e_chats.csv: 2024-06-01 (Saturday) rounds 09:00 (120 s), 10:00 (300 s),
  // 11:00 (unanswered), 14:00 (60 s); 2024-06-02 (Sunday) 09:00 (40 s).
  // Default (all day): 3 of 5 within 180 s.
  await kefu.use('fixtures');
  await page.click('[data-quick=all]');
  const rate = () => page.getAttribute('.cards [data-metric=response_rate_3min]', 'data-value');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.6');
  await page.click('#settings-panel summary');
  assert.equal(await page.inputValue('input.work-day[data-weekday=sat]'), '00:00-24:00', 'the schedule in force is shown');
  // Saturday 09:30-12:00: 09:00 and 14:00 open outside work time; 10:00 and
  // 11:00 count and fail; Sunday's 40 s passes → 1/3.
  await page.fill('input.work-day[data-weekday=sat]', '09:30-12:00');
  await page.dispatchEvent('input.work-day[data-weekday=sat]', 'change');
  await page.waitForFunction(() => Math.abs(Number(document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value) - 1 / 3) < 1e-9);
  assert.deepEqual(JSON.parse(await page.inputValue('#settings-json')).work_time.sat, ['09:30-12:00']);
  // A bad period is named and changes nothing.
  await page.fill('input.work-day[data-weekday=sat]', '9点到12点');
  await page.dispatchEvent('input.work-day[data-weekday=sat]', 'change');
  await page.waitForSelector('.work-day-error');
  assert.match(await page.textContent('.work-day-error'), /9点到12点.*HH:MM-HH:MM/);
  assert.ok(Math.abs(Number(await rate()) - 1 / 3) < 1e-9);
  await page.fill('input.work-day[data-weekday=sat]', '00:00-24:00');
  await page.dispatchEvent('input.work-day[data-weekday=sat]', 'change');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.6');
  // Holiday 2024-06-02: Sunday's round (40 s, within) is not counted → 2/4.
  await page.fill('#holiday-new', '2024-06-02');
  await page.click('#holiday-add');
  await page.waitForSelector('#holidays li.holiday[data-day="2024-06-02"]');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.5');
  await page.click('#holidays li.holiday[data-day="2024-06-02"] .remove-holiday');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.6');
  // Bad settings JSON: the field named, in Chinese, then in English.
  await page.fill('#settings-json', '{\n  "response_threshold_secs": "三分钟"\n}');
  await page.click('#settings-apply');
  await page.waitForSelector('#settings-note.bad');
  const zh = await page.textContent('#settings-note');
  assert.match(zh, /响应阈值/);
  assert.match(zh, /response_threshold_secs/);
  assert.match(zh, /应为整数/);
  assert.match(zh, /第 2 行/);
  await page.click('#lang-toggle');
  await page.click('#settings-apply');
  await page.waitForFunction(() => /whole number/.test(document.querySelector('#settings-note')?.textContent || ''));
  await page.click('#lang-toggle');
  assert.equal(await rate(), '0.6', 'nothing applied');
  // An alert rule's invalid regex, and a misspelt key inside a rule.
  await page.fill('#settings-json', '{\n  "alerts": { "complaint": { "enabled": true, "regex": "投诉(" } }\n}');
  await page.click('#settings-apply');
  await page.waitForFunction(() => /alerts\.complaint\.regex/.test(document.querySelector('#settings-note.bad')?.textContent || ''));
  assert.match(await page.textContent('#settings-note'), /投诉\(/);
  await page.fill('#settings-json', '{\n  "alerts": { "complaint": { "regexx": "投诉" } }\n}');
  await page.click('#settings-apply');
  await page.waitForFunction(() => /alerts\.complaint\.regex\b/.test(document.querySelector('#settings-note.bad')?.textContent || '') && /regexx/.test(document.querySelector('#settings-note.bad')?.textContent || ''));
  assert.equal(await rate(), '0.6', 'nothing applied');
  // 恢复默认 asks first: declined, the threshold stays; agreed, it resets.
  await page.fill('#set-threshold', '100');
  await page.dispatchEvent('#set-threshold', 'change');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.4');
  const asked = kefu.dialogs.length;
  page.onConfirm = () => false;
  await page.click('#settings-reset');
  await page.waitForTimeout(300);
  assert.equal(kefu.dialogs.length, asked + 1);
  assert.match(kefu.dialogs.at(-1), /恢复为默认/);
  assert.equal(await rate(), '0.4', 'declined: nothing reset');
  page.onConfirm = null;
  await page.click('#settings-reset');
  await page.waitForFunction(() => document.querySelector('.cards [data-metric=response_rate_3min]')?.dataset.value === '0.6');
  await page.click('#settings-panel summary');
  // 清空数据 asks too (the harness agrees).
  const before = kefu.dialogs.length;
  await kefu.clear();
  assert.equal(kefu.dialogs.length, before + 1);
  assert.match(kefu.dialogs.at(-1), /清空/);
});

test('no orders, no ratings loaded: conversion, sales and rating rate read "—", not 0', async () => {
  const { page } = kefu;
  await kefu.clear();
  await kefu.upload([path.join(FIXTURES, 'e2e_chats.csv')]);
  await page.waitForSelector('.cards [data-metric=consult_buyers]');
  for (const k of ['sales_amount', 'inquiry_conversion_final', 'satisfaction_rate']) {
    const el = await page.$(`.cards [data-metric=${k}]`);
    assert.equal(await el.getAttribute('data-value'), '', k);
    assert.equal((await el.textContent()).trim(), '—', k);
  }
  await page.click('#tab-conversion');
  await page.waitForSelector('#conversion-table tbody tr');
  const cells = await page.$$eval('#conversion-table [data-metric=inquiry_conversion_same_day], #conversion-table [data-metric=sales_amount]', (tds) => tds.map((t) => [t.dataset.value, t.textContent.trim()]));
  assert.ok(cells.length > 0);
  for (const [v, text] of cells) assert.deepEqual([v, text], ['', '—']);
  await page.click('#tab-overview');
  kefu.dataset = null;
});

test('language switch persists across reload', async () => {
  const { page } = kefu;
  assert.equal((await page.textContent('h1')).trim(), '客服绩效透镜');
  await page.click('#lang-toggle');
  assert.equal((await page.textContent('h1')).trim(), 'Kefu Lens');
  await kefu.reload();
  assert.equal((await page.textContent('h1')).trim(), 'Kefu Lens');
  await page.click('#lang-toggle');
  assert.equal((await page.textContent('h1')).trim(), '客服绩效透镜');
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
