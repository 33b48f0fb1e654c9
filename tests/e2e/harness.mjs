// Shared helpers for the end-to-end tests: a static server for dist/ on
// loopback that logs every request it serves, and Debian's Chromium driven by
// playwright-core (no browser download).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('body[data-worker-ready="1"]', { timeout: 60000 });
  return { context, page, requests, errors };
}

/** Wait until an import (or demo load) has finished. */
export async function waitLoaded(page, timeout = 120000) {
  await page.waitForFunction(() => !document.querySelector('#import-progress') && document.querySelector('#import-reports, #loaded-summary'), null, { timeout });
}

export async function num(page, selector) {
  const v = await page.getAttribute(selector, 'data-value');
  return v === null || v === '' ? null : Number(v);
}
