// End-to-end, privacy: the built dist/ in headless Chromium. The page's
// Content-Security-Policy refuses requests that would leave it; like every
// file here, this one ends by checking that no request left the page after
// it loaded (see KefuPage in harness.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KefuPage } from './harness.mjs';

let kefu;
before(async () => { kefu = await KefuPage.open(); });
after(async () => { await kefu?.close(); });

test('CSP forbids requests that leave the page', async () => {
  const csp = await kefu.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  const outcome = await kefu.page.evaluate(async () => {
    try { await fetch('http://198.51.100.7/collect'); return 'sent'; } catch (e) { return 'blocked'; }
  });
  assert.equal(outcome, 'blocked');
  kefu.lateRequests = kefu.lateRequests.filter((u) => !u.includes('198.51.100.7')); // that attempt is this test's own
});

test('no request left the page after it loaded', () => {
  kefu.assertNoLateRequests();
});
