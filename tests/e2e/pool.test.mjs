// End-to-end, several workers (issue 12 item 2): the same demo shop in a
// page whose data worker splits it among two part workers
// (`?workers=2&pool_min=1`: from the first message) and in a page with one
// worker (`?workers=1`). Every number the views show, every drill's count
// and rows, and a transcript must be the same in both; the pooled page
// must really have asked its part workers (they report their wasm memory
// to the data worker), and neither page may make a request after it loaded
// (the part workers start while the page loads).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KefuPage, dataWorker, workerGeneration, recovered } from './harness.mjs';

let pooled;
let single;
before(async () => {
  pooled = await KefuPage.open('/kefu/', '?workers=2&pool_min=1');
  single = await KefuPage.open('/kefu/', '?workers=1');
});
after(async () => {
  await pooled?.close();
  await single?.close();
});

/** Every number shown: `metric=value` of each element carrying both (the
 *  alerts table's rows are compared by their text). */
async function shown(page) {
  return page.$$eval('[data-metric][data-value]', (els) => els.map((e) => `${e.dataset.metric}=${e.dataset.value}`));
}

async function both(f) {
  return Promise.all([f(pooled), f(single)]);
}

test('two part workers show the numbers of one engine, drill and transcript included', async () => {
  await both((k) => k.use('demo'));
  // The pooled page's data worker heard from two part workers; the other has none.
  const parts = await dataWorker(pooled.page).evaluate(() => self.kefuPartMemory ?? null);
  assert.equal(parts?.length, 2, 'two part workers answered');
  assert.ok(parts.every((m) => m > 1 << 20), `each part worker holds its part: ${parts}`);
  assert.equal(await dataWorker(single.page).evaluate(() => self.kefuPartMemory ?? null), null);

  const views = [
    ['#tab-overview', '#daily-table tr[data-day]'],
    ['#tab-agents', '#agent-table tbody tr'],
    ['#tab-hours', '#hour-table tbody tr'],
    ['#tab-conversion', '#conversion-table tbody tr'],
    ['#tab-alerts', '#alerts-table tbody tr'],
  ];
  for (const [tab, ready] of views) {
    const [a, b] = await both(async (k) => {
      await k.page.click(tab);
      await k.page.waitForSelector(ready);
      // the view's answers are in once the count of numbers stops changing
      let last = -1;
      for (let i = 0; i < 40; i += 1) {
        const n = (await shown(k.page)).length;
        if (n === last && n > 0) break;
        last = n;
        await k.page.waitForTimeout(250);
      }
      const rows = await k.page.$$eval(ready, (trs) => trs.map((tr) => tr.textContent));
      return [...(await shown(k.page)), ...rows];
    });
    assert.ok(a.length > 10, `${tab}: ${a.length} numbers and rows`);
    assert.deepEqual(a, b, `${tab}: the same numbers`);
  }

  // A drill: the same count and the same rows; then the first row's chat.
  const [da, db] = await both(async (k) => {
    await k.page.click('#tab-overview');
    await k.page.click('#daily-table tr[data-day] a[data-metric=consult_buyers] >> nth=0');
    await k.page.waitForSelector('#drill-panel[data-metric-drill=consult_buyers]');
    await k.page.waitForSelector('#drill-table tbody tr');
    const rows = await k.page.$$eval('#drill-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
    await k.page.click('#drill-table .open-chat >> nth=0');
    await k.page.waitForSelector('#transcript .msg');
    const chat = await k.page.$$eval('#transcript .msg', (ms) => ms.map((m) => m.textContent));
    return { total: await k.page.getAttribute('#drill-panel', 'data-rows'), rows, chat };
  });
  assert.ok(Number(da.total) > 10, `${da.total} buyers`);
  assert.deepEqual(da, db);

  pooled.assertNoLateRequests();
  single.assertNoLateRequests();
});

test('a part worker that dies brings everything back, split again', async () => {
  const { page } = pooled;
  await pooled.use('demo');
  await page.click('#tab-overview');
  await page.waitForSelector('#daily-table tr[data-day]');
  const before = await shown(page);
  const parts = page.workers().filter((w) => w.url().includes('kefu-worker') && w.url().includes('part'));
  assert.equal(parts.length, 2, `the part workers are visible: ${page.workers().map((w) => w.url())}`);
  const gen = await workerGeneration(page);
  await parts[1].evaluate(() => { setTimeout(() => { throw new Error('part killed by the e2e test'); }, 0); });
  await recovered(page, gen);
  await page.click('#tab-overview');
  await page.waitForSelector('#daily-table tr[data-day]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-metric][data-value]').length >= n, before.length);
  assert.deepEqual(await shown(page), before);
  const mem = await dataWorker(page).evaluate(() => self.kefuPartMemory ?? null);
  assert.equal(mem?.length, 2, 'split among two part workers again');
  // The restarted workers load their script and wasm again, from the app's
  // own folder (as in recovery.test.mjs); nothing else may appear. The
  // test's own uncaught error is expected on the console.
  const own = new URL(pooled.srv.url);
  pooled.lateRequests = pooled.lateRequests.filter((u) => {
    const url = new URL(u, own);
    return !(url.origin === own.origin && /\/kefu-worker(_loader\.js|\.js|_bg\.wasm)$/.test(url.pathname));
  });
  pooled.errors = pooled.errors.filter((e) => !/part killed by the e2e test/.test(e));
  pooled.assertNoLateRequests();
});
