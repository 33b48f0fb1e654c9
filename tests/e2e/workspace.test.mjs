// End-to-end, the workspace and offline use (issue 13). 保存工作区 keeps the
// loaded files and settings in the browser's origin-private storage: a
// reload brings them back; a page killed in the middle of a save still
// loads (the previous save, whole); 清除本机数据 removes the workspace and
// every stored item. The service worker keeps the app's own files: loaded
// once, the app opens and works with the network off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { KefuPage, num, card, waitLoaded, killWorker, DIST, FIXTURES, OUT } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

const cards = '.cards [data-metric=consult_buyers]';
const consultIs = (page, n) => page.waitForFunction((n) => Number(document.querySelector('.cards [data-metric=consult_buyers]')?.dataset.value) === n, n, { timeout: 60000 });

/** What this origin keeps: localStorage keys and the workspace folder's files. */
async function stored(page) {
  return page.evaluate(async () => {
    const keys = Object.keys(localStorage);
    let files = [];
    try {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('kefu-lens-workspace');
      for await (const name of dir.keys()) files.push(name);
    } catch (e) { /* no workspace */ }
    return { keys, files };
  });
}

async function saved(page) {
  await page.waitForFunction(() => document.body.dataset.workspace === 'saved', null, { timeout: 60000 });
}

test('without the switch, nothing about the data is stored; with it, a reload brings everything back', async () => {
  const { page } = kefu;
  await kefu.upload(['e2e_chats.csv', 'ExportOrderList_e2e.csv'].map((f) => path.join(FIXTURES, f)));
  const consult = await num(page, cards);
  assert.ok(consult > 0);
  assert.deepEqual((await stored(page)).files, [], 'no workspace until the user asks');
  await page.check('#keep-workspace');
  await saved(page);
  const s = await stored(page);
  assert.ok(s.files.some((f) => f.startsWith('manifest-')), 'a manifest');
  assert.equal(s.files.filter((f) => /^f[0-9a-f]+-\d+$/.test(f)).length, 2, 'both files kept');
  assert.match(await page.textContent('#workspace-status'), /2 个文件/);
  await kefu.reload();
  await page.waitForSelector('#loaded-summary [data-summary=messages]', { timeout: 60000 });
  await waitLoaded(page);
  await consultIs(page, consult);
  await kefu.openImport();
  for (const f of ['e2e_chats.csv', 'ExportOrderList_e2e.csv']) assert.ok(await page.$(card(f)), `${f} is back`);
  assert.equal(await page.isChecked('#keep-workspace'), true);
  // A file brought back can be re-imported as another kind, like one chosen.
  assert.equal(await page.$eval(`${card('e2e_chats.csv')} .kind-override`, (s) => s.disabled), false);
});

test('a page killed in the middle of a save still loads its workspace', async () => {
  const { page } = kefu;
  const consult = await num(page, cards);
  // A file big enough that its save takes a moment.
  const big = path.join(OUT, 'workspace_big.csv');
  if (!fs.existsSync(big)) {
    const lines = ['时间,客服,买家,发送方,内容'];
    for (let i = 0; i < 400000; i++) {
      const s = String(i % 60).padStart(2, '0');
      lines.push(`2024-07-0${1 + (i % 9)} 1${i % 10}:${s}:${s},店:0${i % 7},买家${i % 30000},${i % 2 ? '客服' : '买家'},一条用来测试工作区保存的消息 ${i}`);
    }
    fs.writeFileSync(big, lines.join('\n'));
  }
  await page.setInputFiles('#file-input', [big]);
  await page.waitForFunction(() => document.body.dataset.workspace === 'saving', null, { timeout: 120000 });
  // Kill it mid-save: the page goes away while the file is being written.
  await kefu.reload();
  await page.waitForSelector('#loaded-summary [data-summary=messages]', { timeout: 60000 });
  await waitLoaded(page);
  // The replay of the workspace is over once it is saved again (a save
  // waits for the journal to settle): only then is it known which save
  // it loaded.
  await saved(page);
  await kefu.openImport();
  // The workspace loads: the last whole save (the two fixtures), or the new
  // one if it finished — never a broken one.
  assert.ok(await page.$(card('e2e_chats.csv')));
  const hasBig = Boolean(await page.$(card('workspace_big.csv')));
  if (!hasBig) await consultIs(page, consult);
  assert.equal(await page.$('#error-banner'), null, 'no error');
  // Saving again works and leaves no stray files behind.
  await page.setInputFiles('#file-input', [big]);
  await waitLoaded(page);
  await saved(page);
  const s = await stored(page);
  assert.equal(s.files.filter((f) => /^f[0-9a-f]+-\d+$/.test(f)).length, hasBig ? 4 : 3);
});

test('a worker that dies while a workspace is kept: its replay never saves half of the workspace', async () => {
  const { page } = kefu;
  // A third batch: a replay of three answers would, saving after each, put
  // a partial manifest in both slots and delete the last batch's file.
  await page.setInputFiles('#file-input', [path.join(FIXTURES, 'alerts_e2e_ratings.csv')]);
  await waitLoaded(page);
  await page.waitForSelector(card('alerts_e2e_ratings.csv'));
  await saved(page);
  const names = async () => (await page.$$eval('#import-reports .report', (rs) => rs.map((r) => r.dataset.file))).sort();
  const before = await names();
  assert.ok(before.length >= 4, `several files kept (${before})`);
  const kept = (await stored(page)).files.filter((f) => /^f[0-9a-f]+-\d+$/.test(f)).length;
  // The replay answers request after request; a save after each would keep
  // only the first ones and, two saves on, delete the rest's files.
  await page.evaluate(() => { document.body.dataset.workspace = ''; });
  await killWorker(page);
  // The save after the replay's last answer.
  await saved(page);
  assert.equal((await stored(page)).files.filter((f) => /^f[0-9a-f]+-\d+$/.test(f)).length, kept, 'every kept file is still kept');
  await kefu.reload();
  await page.waitForSelector('#loaded-summary [data-summary=messages]', { timeout: 60000 });
  await waitLoaded(page);
  await kefu.openImport();
  // The restore sends one import per batch: wait for the last one's cards.
  await page.waitForFunction((n) => document.querySelectorAll('#import-reports .report').length >= n, before.length, { timeout: 60000 });
  assert.deepEqual(await names(), before, 'everything comes back after the restart and a reload');
  kefu.errors = kefu.errors.filter((e) => !/killed by the e2e test/.test(e));
});

test('清除本机数据 removes the workspace and every stored item', async () => {
  const { page } = kefu;
  // Something of each kind is stored: the language, settings.
  await page.click('#lang-toggle');
  await page.click('#lang-toggle');
  assert.ok((await stored(page)).keys.some((k) => k.startsWith('kefu-lens.')));
  await page.click('#wipe-local');
  await page.waitForSelector('#worker-restarted, #wiped-notice', { timeout: 30000 });
  await page.waitForFunction(() => !document.querySelector('#import-reports .report'), null, { timeout: 30000 });
  const s = await stored(page);
  assert.deepEqual(s.files, []);
  assert.deepEqual(s.keys.filter((k) => k.startsWith('kefu-lens.')), []);
  assert.equal(await page.isChecked('#keep-workspace'), false);
  await kefu.reload();
  assert.equal(await page.$('#import-reports .report'), null, 'nothing comes back');
  kefu.dataset = null;
});

test('the service worker keeps every file of the app: offline, it opens and loads the demo', async () => {
  const { page, context } = kefu;
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const listed = [...sw.matchAll(/^\s+'([^']+)',$/gm)].map((m) => m[1]).filter((f) => f !== './');
  const built = fs.readdirSync(DIST).filter((f) => f !== 'sw.js' && !fs.statSync(path.join(DIST, f)).isDirectory());
  assert.deepEqual([...listed].sort(), [...built].sort(), 'sw.js lists every built file');
  assert.ok(await page.$('link[rel=manifest]'));
  await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.getRegistration())?.active), null, { timeout: 30000 });
  await context.setOffline(true);
  try {
    await kefu.reload();
    await page.click('#load-demo');
    await page.waitForSelector('#loaded-summary [data-summary=messages]', { timeout: 120000 });
    await waitLoaded(page);
    await page.waitForSelector(cards);
    assert.ok((await num(page, cards)) > 0);
  } finally {
    await context.setOffline(false);
  }
  kefu.dataset = 'demo';
});

test('no request left the page after it loaded, but the service worker\'s copies of the app', () => {
  const own = new URL(kefu.srv.url);
  const appFiles = /\/(|index\.html|boot\.js|app\.css|kefu-lens\.js|kefu-lens_bg\.wasm|kefu-worker_loader\.js|kefu-worker\.js|kefu-worker_bg\.wasm|manifest\.webmanifest|icon-\d+\.png|sw\.js)$/;
  kefu.lateRequests = kefu.lateRequests.filter((u) => {
    const url = new URL(u, own);
    return !(url.origin === own.origin && url.pathname.startsWith(own.pathname) && appFiles.test(url.pathname.slice(own.pathname.length - 1)));
  });
  kefu.assertNoLateRequests();
});
