// Loads the app's wasm from this folder (relative URLs: any host, any sub-path).
import init from './kefu-lens.js';
// Served properly: the "open through a local server" hint is not needed.
document.getElementById('file-hint')?.remove();
init({ module_or_path: './kefu-lens_bg.wasm' }).then(() => {
  // Offline use and install: public/sw.js keeps the app's own files (never
  // customer data). Registered once the app runs, so it never delays it.
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('service worker not registered:', e));
  }
}).catch((e) => {
  const div = document.createElement('div');
  div.id = 'panic-panel';
  div.className = 'panic';
  div.textContent = '应用加载失败 / The app failed to load: ' + e;
  document.body.appendChild(div);
});
