// The worker's streamed import and build of a chat CSV, in WebAssembly
// under Node (see Cargo.toml). Prints, per run (a fresh instance each, as a
// fresh worker), the parse and build times, the first overview (the
// page's first question: totals and the 汇总表, answered and written as
// JSON) and the memory's size.
//
//   cd bench/wasm && cargo build --release --target wasm32-unknown-unknown
//   node run.mjs [FILE] [RUNS]        # default: the 1M demo file (made with
//                                     # target/release/kefu if missing), 5 runs
//   WASM=other.wasm node run.mjs      # another build, for A/B runs
//   WASM_PRETOUCH_MB=400 node run.mjs # pages touched before the import
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(here, '..', '..');
const FILE = process.argv[2] || path.join(ROOT, 'bench', 'data', 'demo-1000000-30d', '聊天记录_逐条.csv');
const RUNS = Number(process.argv[3] || 5);
const WASM = process.env.WASM
  || path.join(here, 'target', 'wasm32-unknown-unknown', 'release', 'kefu_lens_wasm_bench.wasm');
const PRETOUCH = Number(process.env.WASM_PRETOUCH_MB || 0);
const PIECE = 1 << 20;

const mod = await WebAssembly.compile(fs.readFileSync(WASM));
// (the library links wasm-bindgen's placeholders; nothing here calls them)
const imports = {};
for (const im of WebAssembly.Module.imports(mod)) {
  (imports[im.module] ||= {})[im.name] = () => { throw new Error(`${im.name} called`); };
}
if (!fs.existsSync(FILE)) {
  // the 1M demo file the other benchmarks use, made as they make it
  const kefu = path.join(ROOT, 'target', 'release', 'kefu');
  if (process.argv[2] || !fs.existsSync(kefu)) {
    console.error(`no ${FILE}${process.argv[2] ? '' : ': build the CLI first (cargo build --release --bin kefu)'}`);
    process.exit(1);
  }
  const dir = path.dirname(FILE);
  console.error(`generating 1,000,000 messages into ${dir} …`);
  execFileSync(kefu, ['demo', '--messages', '1000000', '--days', '30', '--out', dir], { stdio: 'inherit' });
}
const data = fs.readFileSync(FILE);
const times = [];
for (let run = 0; run < RUNS; run++) {
  const e = (await WebAssembly.instantiate(mod, imports)).exports;
  if (PRETOUCH) e.pretouch(PRETOUCH);
  const put = (bytes) => {
    const p = e.alloc(bytes.length);
    new Uint8Array(e.memory.buffer, p, bytes.length).set(bytes);
    return p;
  };
  const t0 = performance.now();
  const first = data.subarray(0, PIECE);
  const p = put(first);
  if (!e.begin(p, first.length, data.length)) throw new Error('the file does not stream');
  e.dealloc(p, first.length);
  let at = first.length;
  let ended = false;
  for (let done = false; !done;) {
    for (let batch = 0; batch < (4 << 20) && !ended;) {
      if (at >= data.length) {
        if (!e.end_input()) throw new Error('not UTF-8');
        ended = true;
        break;
      }
      const piece = data.subarray(at, Math.min(at + PIECE, data.length));
      const q = put(piece);
      if (!e.feed(q, piece.length)) throw new Error('not UTF-8');
      e.dealloc(q, piece.length);
      at += piece.length;
      batch += piece.length;
    }
    while (!e.needs_input()) {
      if (e.step(20000)) { done = true; break; }
    }
  }
  const messages = e.finish();
  const t1 = performance.now();
  if (!e.build()) throw new Error('not built here');
  const t2 = performance.now();
  e.overview();
  const t3 = performance.now();
  times.push([t1 - t0, t2 - t1, t3 - t2]);
  console.log(`run ${run + 1}: ${messages} messages, parse ${(t1 - t0).toFixed(0)} ms, build ${(t2 - t1).toFixed(0)} ms, first overview ${(t3 - t2).toFixed(0)} ms, memory ${(e.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MB`);
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median of ${RUNS}: parse ${median(times.map((t) => t[0])).toFixed(0)} ms, build ${median(times.map((t) => t[1])).toFixed(0)} ms, first overview ${median(times.map((t) => t[2])).toFixed(0)} ms`);
