// Loads the app's wasm from this folder (relative URLs: any host, any sub-path).
import init from './kefu-lens.js';
// Served properly: the "open through a local server" hint is not needed.
document.getElementById('file-hint')?.remove();
init({ module_or_path: './kefu-lens_bg.wasm' }).catch((e) => {
  const div = document.createElement('div');
  div.id = 'panic-panel';
  div.className = 'panic';
  div.textContent = '应用加载失败 / The app failed to load: ' + e;
  document.body.appendChild(div);
});
