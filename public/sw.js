// Kefu Lens' service worker: keeps the app's own files so the page opens
// and works with the network off, and makes it installable. It never
// touches a request to another origin (the CSP refuses those anyway) and
// sees no customer data: files are read by the page, not fetched.
//
// Network first, cache as fallback: online, every load gets the files just
// built (no stale app after an update); offline, the copies kept here.
const CACHE = 'kefu-lens-app-v1';
// Every file of dist/ but this one (tests/e2e/offline.test.mjs checks the
// list against the built folder).
const APP_FILES = [
  './',
  'index.html',
  'boot.js',
  'app.css',
  'kefu-lens.js',
  'kefu-lens_bg.wasm',
  'kefu-worker_loader.js',
  'kefu-worker.js',
  'kefu-worker_bg.wasm',
  'manifest.webmanifest',
  'icon-192.png',
  'icon-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(APP_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
      }
      return response;
    } catch (offline) {
      const kept = await caches.match(request, { ignoreSearch: true });
      if (kept) return kept;
      throw offline;
    }
  })());
});
