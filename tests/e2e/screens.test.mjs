// End-to-end, the screens a 主管 meets (issue 11 items 2, 3, 4): help as
// formatted text in both languages from every metric label and table header;
// the big screen fitting every window from 1280×720 to 3840×2160 with the
// team's agents on it; the phone layout at 390×844 (tabs scroll, nothing
// wider than the window, nothing overlapping). A screenshot of every view at
// every size lands in tests/e2e/out/screens-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { KefuPage, OUT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

const SIZES = [[1280, 720], [1920, 1080], [3840, 2160], [390, 844]];
const TABS = ['overview', 'agents', 'teams', 'hours', 'conversion', 'details', 'categories', 'kpi', 'alerts'];
const HAN = /[\u4e00-\u9fff]/;

/** Markdown a reader must never see in the help drawer. */
function assertNoMarkdown(text) {
  for (const raw of ['### ', '**', '`', '|---', '| --- |']) assert.ok(!text.includes(raw), `help shows ${JSON.stringify(raw)}: ${text.slice(0, 300)}`);
}

test('help: every metric header and card has a "?"; the drawer is formatted text, with its example, in both languages', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.click('#tab-teams');
  await page.waitForSelector('#team-table tbody tr');
  // Every metric column header of the team table carries its "?".
  const missing = await page.$$eval('#team-table th[data-sort]', (ths) => ths.filter((th) => !th.querySelector(`.help[data-help="${th.dataset.sort}"]`)).map((th) => th.dataset.sort));
  assert.deepEqual(missing, []);
  // The "?" opens help and does not sort the column.
  const sortBefore = await page.textContent('#team-table thead');
  await page.click('#team-table th[data-sort=response_rate_3min] .help');
  await page.waitForSelector('#help-panel[data-help-key=response_rate_3min]');
  assert.equal(await page.textContent('#team-table thead'), sortBefore, 'clicking "?" did not sort');
  const zh = await page.innerText('#help-panel .help-text');
  assertNoMarkdown(zh);
  assert.match(zh, /3分钟人工响应率/);
  // rounds_3min's example is 例 A: its table comes along, as a table.
  assert.ok(await page.$('#help-panel .help-text table'), 'example A is shown as a table');
  assert.match(zh, /11:58:00/);
  // In view: the drawer is inside the window.
  const box = await page.locator('#help-panel').boundingBox();
  const vw = page.viewportSize();
  assert.ok(box.x >= 0 && box.x + box.width <= vw.width + 1 && box.y >= 0, JSON.stringify(box));
  await kefu.shot('help-zh');
  // English: the same entry in English (the drawer has its own switch).
  await page.click('#help-lang');
  await page.waitForFunction(() => !/[\u4e00-\u9fff]/.test(document.querySelector('#help-panel .help-text h3')?.textContent ?? '中'));
  const en = await page.innerText('#help-panel .help-text');
  assertNoMarkdown(en);
  const head = await page.textContent('#help-panel .help-text h3');
  assert.ok(head.startsWith("response_rate_3min") && !HAN.test(head), head);
  assert.match(en, /Example A/);
  await kefu.shot('help-en');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#help-panel', { state: 'detached' });
  await page.click('#lang-toggle');
  // Overview cards, chart titles and other views: every "?" opens an entry.
  await page.click('#tab-overview');
  await page.waitForSelector('.cards .card');
  const cards = await page.$$eval('.cards .card', (cs) => cs.filter((c) => !c.querySelector('.help')).length);
  assert.equal(cards, 0, 'every card has its "?"');
  for (const tab of ['overview', 'hours', 'conversion', 'alerts', 'agents', 'kpi', 'categories']) {
    await page.click(`#tab-${tab}`);
    await page.waitForSelector('.views .help');
    const keys = await page.$$eval('.views .help', (bs) => [...new Set(bs.map((b) => b.dataset.help))]);
    for (const k of keys.slice(0, 6)) {
      await page.click(`.views .help[data-help="${k}"] >> nth=0`);
      await page.waitForSelector(`#help-panel[data-help-key="${k}"]`);
      const text = await page.innerText('#help-panel .help-text');
      assert.ok(text.length > 40, `${tab}/${k}: an entry, not the fallback`);
      assert.ok(!text.includes('这一项还没有口径说明'), `${tab}/${k} has an entry`);
      assertNoMarkdown(text);
      await page.click('#help-close');
    }
  }
});

test('big screen: fits 1280×720 to 3840×2160 without scrolling and shows the team\'s agents', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  for (const [width, height] of SIZES.filter(([w]) => w >= 1280)) {
    await page.setViewportSize({ width, height });
    await page.click('#open-big-screen');
    await page.waitForSelector('#big-screen #big-agents tbody tr[data-agent]');
    const fit = await page.evaluate(() => {
      const b = document.querySelector('#big-screen');
      const out = [];
      for (const el of b.querySelectorAll('.big-tile, #big-agents, .big-head h1, #big-foot, #big-agents tr')) {
        const r = el.getBoundingClientRect();
        if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.top < -1 || r.left < -1) out.push(`${el.className || el.tagName} ${JSON.stringify(r)}`);
      }
      // Text cut inside a tile: the value's own box wider than the tile.
      for (const t of b.querySelectorAll('.big-tile')) {
        const v = t.querySelector('b');
        if (v && v.scrollWidth > v.clientWidth + 1) out.push(`value cut: ${v.textContent}`);
      }
      return { scroll: [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight], out };
    });
    assert.ok(fit.scroll[0] <= fit.scroll[1] + 1 && fit.scroll[2] <= fit.scroll[3] + 1, `${width}×${height}: big screen scrolls ${fit.scroll}`);
    assert.deepEqual(fit.out, [], `${width}×${height}: outside the window`);
    // The agents shown belong to the panel's team, most receptions first.
    const team = await page.getAttribute('#big-screen h1', 'data-team');
    const agents = await page.$$eval('#big-agents tbody tr', (trs) => trs.map((t) => ({ agent: t.dataset.agent, rec: Number(t.querySelector('[data-metric=reception_buyers]').dataset.value) })));
    assert.ok(agents.length >= 1);
    for (let i = 1; i < agents.length; i++) assert.ok(agents[i - 1].rec >= agents[i].rec, 'most receptions first');
    if (team) {
      const sum = agents.reduce((s, a) => s + a.rec, 0);
      const teamRec = Number(await page.getAttribute('#big-screen .big-tile [data-metric=reception_buyers]', 'data-value'));
      // Buyers received by several agents count once for the team.
      assert.ok(sum >= teamRec, `agents ${sum} vs team ${teamRec}`);
    }
    await page.screenshot({ path: path.join(OUT, `screens-big-${width}x${height}.png`) });
    // ← → change the panel.
    const name = await page.textContent('#big-screen h1');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => document.querySelector('#big-screen h1')?.textContent !== n, name);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#big-screen', { state: 'detached' });
  }
  // Teams and groups rotate: the panel list names both kinds.
  await page.click('#open-big-screen');
  await page.waitForSelector('#big-screen .big-dots .dot');
  const dots = await page.$$eval('#big-screen .big-dots .dot', (ds) => ds.map((d) => d.textContent));
  assert.ok(dots.some((d) => d.includes('/')), `groups in the rotation: ${dots}`);
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1360, height: 900 });
});

test('phone 390×844: tabs scroll, nothing wider than the window, nothing overlaps', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const tab of TABS) {
    await page.locator(`#tab-${tab}`).scrollIntoViewIfNeeded();
    await page.click(`#tab-${tab}`);
    await page.waitForSelector(`#tab-${tab}.active`);
    await page.waitForTimeout(400);
    const r = await page.evaluate(() => {
      const doc = document.documentElement;
      // Wider than the window and not clipped by a box that scrolls (a
      // table in its scroll box, the tab bar) inside the window.
      const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const ox = getComputedStyle(p).overflowX;
          if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden') && p.getBoundingClientRect().right <= innerWidth + 1) return true;
        }
        return false;
      };
      const wide = [...document.querySelectorAll('.app *')].filter((el) => {
        const b = el.getBoundingClientRect();
        return b.width > 0 && b.right > innerWidth + 1 && !clipped(el);
      }).slice(0, 5).map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
      // A tab label on one line: its height is one line, not one character per line.
      const tabs = [...document.querySelectorAll('.tabs .tab')].map((t) => t.getBoundingClientRect().height);
      const big = document.querySelector('#open-big-screen').getBoundingClientRect();
      const nav = document.querySelector('#tabs').getBoundingClientRect();
      return { scroll: doc.scrollWidth, inner: innerWidth, wide, tabH: Math.max(...tabs), overlap: big.left < nav.right - 1 && big.top < nav.bottom && big.bottom > nav.top };
    });
    assert.ok(r.scroll <= r.inner, `${tab}: page ${r.scroll} px wide in a ${r.inner} px window`);
    assert.deepEqual(r.wide, [], `${tab}: wider than the window`);
    assert.ok(r.tabH < 60, `${tab}: tab labels stay on one line (${r.tabH} px)`);
    assert.equal(r.overlap, false, `${tab}: the big-screen button overlaps the tabs`);
  }
  await page.setViewportSize({ width: 1360, height: 900 });
});

test('a screenshot of every view at every size', async () => {
  const { page } = kefu;
  await kefu.use('demo');
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    for (const tab of TABS) {
      await page.locator(`#tab-${tab}`).scrollIntoViewIfNeeded();
      await page.click(`#tab-${tab}`);
      await page.waitForSelector(`#tab-${tab}.active`);
      await page.waitForTimeout(500);
      await page.evaluate(() => document.querySelector('.tab-bar')?.scrollIntoView());
      await page.screenshot({ path: path.join(OUT, `screens-${tab}-${width}x${height}.png`) });
    }
  }
  await page.click('#tab-overview');
  await page.setViewportSize({ width: 1360, height: 900 });
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
