// Shared helpers for the end-to-end tests: a static server for dist/ on
// loopback that logs every request it serves, Debian's Chromium driven by
// playwright-core (no browser download), and `KefuPage`, the page object each
// *.test.mjs file opens for itself (bench.mjs and profile.mjs use only
// serve/launch/openApp).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const DIST = process.env.KEFU_DIST || path.join(ROOT, 'dist');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const OUT = path.join(here, 'out');
fs.mkdirSync(OUT, { recursive: true });

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serve dist/ under `prefix` (a sub-path, to prove relative URLs work). */
export async function serve(prefix = '/kefu/') {
  const log = [];
  const server = http.createServer((req, res) => {
    log.push(req.url);
    const url = decodeURIComponent(req.url.split('?')[0]);
    if (!url.startsWith(prefix)) { res.writeHead(404); res.end('outside the app'); return; }
    let rel = url.slice(prefix.length) || 'index.html';
    const file = path.join(DIST, rel);
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, log, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

/** Open the app and wait until its worker is ready. Returns page and the
 *  list of requests the page made (any origin) and console errors. */
export async function openApp(browser, url, opts = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 }, ...opts });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  // Destructive buttons ask first (window.confirm): the tests agree, and
  // record what was asked (`dialogs`), unless a test sets `page.onConfirm`.
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    const yes = page.onConfirm ? page.onConfirm(d.message()) : true;
    (yes ? d.accept() : d.dismiss()).catch(() => {});
  });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('body[data-worker-ready="1"]', { timeout: 60000 });
  await swReady(page);
  return { context, page, requests, errors, dialogs };
}

/** Wait until the service worker has kept the app's files (its install
 *  fetches them once, as part of loading the page), at most 15 s. */
export async function swReady(page) {
  await page.evaluate(() => Promise.race([
    navigator.serviceWorker ? navigator.serviceWorker.ready : Promise.resolve(),
    new Promise((r) => setTimeout(r, 15000)),
  ]));
}

/** The data worker (its loader script's URL names it; part workers, which
 *  it starts, have `?part` in theirs, its parse helper `?tail`). */
export function dataWorker(page) {
  const w = page.workers().find((x) => x.url().includes('kefu-worker') && !x.url().includes('part') && !x.url().includes('tail'));
  assert.ok(w, 'the data worker is running');
  return w;
}

/** How many workers the page has started before the current one. */
export async function workerGeneration(page) {
  return Number(await page.getAttribute('body', 'data-worker-generation'));
}

/** Kill the data worker with an uncaught error and wait until the next one
 *  has brought everything back. */
export async function killWorker(page) {
  const gen = await workerGeneration(page);
  await dataWorker(page).evaluate(() => { setTimeout(() => { throw new Error('killed by the e2e test'); }, 0); });
  await recovered(page, gen);
}

/** Wait for a worker after generation `gen` to have brought everything back. */
export async function recovered(page, gen) {
  await page.waitForFunction((g) => Number(document.body.dataset.workerGeneration) > g, gen, { timeout: 60000 });
  await page.waitForSelector('#worker-restarted', { timeout: 60000 });
  await waitLoaded(page);
}

/** Wait until an import (or demo load) has finished. */
export async function waitLoaded(page, timeout = 120000) {
  await page.waitForFunction(() => !document.querySelector('#import-progress') && document.querySelector('#import-reports, #loaded-summary'), null, { timeout });
}

export async function num(page, selector) {
  const v = await page.getAttribute(selector, 'data-value');
  return v === null || v === '' ? null : Number(v);
}

/** Thousands separators out: "1,234" (or "1，234") → 1234. */
export const count = (text) => Number(text.replace(/[,，]/g, ''));

/** The report card of one imported file. */
export function card(file) {
  return `.report[data-file="${file}"]`;
}

/** The data sets the tests load: the hand-computed e2e fixtures, the
 *  quality-alert fixtures, and the built-in demo shop. */
export const DATA = {
  fixtures: ['e2e_chats.csv', 'ExportOrderList_e2e.csv'].map((f) => path.join(FIXTURES, f)),
  alerts: ['alerts_e2e_chats.csv', 'alerts_e2e_orders.csv', 'alerts_e2e_ratings.csv'].map((f) => path.join(FIXTURES, f)),
};

/** Page object for one test file: its own static server, browser and page.
 *  Every request the page makes after its worker is ready is recorded in
 *  `lateRequests` (except during `reload()`, which fetches the app's files
 *  again on purpose); `assertNoLateRequests()` checks that none left it. */
export class KefuPage {
  /** Serve dist/, launch Chromium and open the app (worker ready). */
  static async open(prefix = '/kefu/', query = '') {
    const kefu = new KefuPage();
    kefu.srv = await serve(prefix);
    kefu.browser = await launch();
    const app = await openApp(kefu.browser, kefu.srv.url + query);
    Object.assign(kefu, app);
    kefu.lateRequests = [];
    kefu.reloading = false;
    kefu.dataset = null;
    assert.ok(app.requests.length > 0);
    app.context.on('request', (r) => { if (!kefu.reloading) kefu.lateRequests.push(r.url()); });
    return kefu;
  }

  async close() {
    await this.browser?.close();
    await this.srv?.close();
  }

  async shot(name) {
    await this.page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  }

  /** A load without problems folds the import area into one line; open it
   *  (the tests then read and click the report cards). */
  async openImport() {
    if (await this.page.$('#import-toggle[aria-expanded=false]')) {
      await this.page.click('#import-toggle');
      await this.page.waitForSelector('#import-body', { state: 'visible' });
    }
  }

  async upload(files) {
    this.dataset = null;
    await this.page.setInputFiles('#file-input', files);
    await this.page.waitForSelector('#import-progress', { state: 'detached', timeout: 120000 }).catch(() => {});
    await waitLoaded(this.page);
    await this.openImport();
  }

  async clear() {
    this.dataset = null;
    await this.openImport();
    await this.page.click('#clear-data');
    await this.page.waitForFunction(() => !document.querySelector('#import-reports .report'));
  }

  /** Reload the page and wait for its worker; the app's own files it fetches
   *  again are not late requests. The data is gone afterwards. */
  async reload() {
    this.reloading = true;
    try {
      await this.page.reload();
      await this.page.waitForSelector('body[data-worker-ready="1"]');
      await swReady(this.page);
    } finally {
      this.reloading = false;
    }
    this.dataset = null;
  }

  /** Make `name` ('fixtures', 'alerts' or 'demo') the loaded data, with
   *  nothing else beside it: a no-op if it already is (`upload`, `clear`
   *  and `reload` forget which data set is loaded). */
  async use(name) {
    if (this.dataset === name) return;
    if (await this.page.$('#clear-data')) await this.clear();
    if (name === 'demo') {
      await this.page.click('#load-demo');
      await this.page.waitForSelector('#loaded-summary [data-summary=messages]');
      await waitLoaded(this.page);
      await this.page.waitForSelector('#daily-table tr[data-day]');
    } else {
      await this.upload(DATA[name]);
      if (name === 'fixtures') await this.page.waitForSelector('#daily-table tr[data-day="2024-06-01"]');
    }
    this.dataset = name;
  }

  /** Centre of category `i` of a chart canvas, in page coordinates (bars and
   *  points by x; the funnel's stages by y). */
  async slot(sel, i) {
    const c = this.page.locator(sel);
    await c.scrollIntoViewIfNeeded();
    const box = await c.boundingBox();
    const d = await c.evaluate((el) => ({ ...el.dataset }));
    const n = Number(d.n);
    assert.ok(n * Number(d.ny || 1) > i, `${sel} has ${n} categories`);
    const left = Number(d.left), right = Number(d.right);
    if (d.ny) {
      // a grid: n columns, ny rows, cells numbered row by row
      const ny = Number(d.ny), top = Number(d.top), bottom = Number(d.bottom);
      const col = i % n, row = Math.floor(i / n);
      return { x: box.x + left + ((right - left) / n) * (col + 0.5), y: box.y + top + ((bottom - top) / ny) * (row + 0.5) };
    }
    if (d.top) {
      const top = Number(d.top), bottom = Number(d.bottom);
      return { x: box.x + (left + right) / 2, y: box.y + top + ((bottom - top) / n) * (i + 0.5) };
    }
    return { x: box.x + left + ((right - left) / n) * (i + 0.5), y: box.y + box.height - 50 };
  }

  /** The chart's table alternative, as rows of cell texts. */
  async chartData(id) {
    const { page } = this;
    if (!(await page.$(`#${id}-data`))) await page.click(`.show-table[data-chart=${id}]`);
    await page.waitForSelector(`#${id}-data tbody tr`);
    return page.$$eval(`#${id}-data tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  }

  /** No request left the page after it loaded (blob: and data: URLs are the
   *  page's own), and no console error other than the CSP refusing a fetch. */
  assertNoLateRequests() {
    assert.deepEqual(this.lateRequests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:')), []);
    assert.deepEqual(this.errors.filter((e) => !/Content Security Policy|Failed to fetch/.test(e)), []);
  }
}
