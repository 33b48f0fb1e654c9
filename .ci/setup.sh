#!/usr/bin/env bash
# Installs what Kefu Lens needs on a fresh Debian machine, skipping whatever
# is already present at the right version. Sourced by .ci/serve and .ci/test.
# Nothing here downloads from GitHub: crates.io, npm and Debian packages only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log() { echo "[setup] $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# rustfmt and clippy run as gates in .ci/test.
ensure_rust_components() {
  local have
  have="$(rustup component list --installed 2>/dev/null || true)"
  for c in rustfmt clippy; do
    if ! grep -q "^$c" <<<"$have"; then
      log "adding Rust component $c"
      rustup component add "$c"
    fi
  done
}

ensure_trunk() {
  if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_VERSION"; then return; fi
  log "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install --locked "trunk@$TRUNK_VERSION"
}

# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")"
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $want"; then return; fi
  log "installing wasm-bindgen-cli $want (about 5 minutes)"
  # Not --locked: the CLI's own lock file names a yanked crate.
  cargo install "wasm-bindgen-cli@$want"
}

ensure_chromium() {
  # fonts-noto-cjk: so screenshots taken by the tests show Chinese, not boxes.
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then return; fi
  log "installing chromium, chromium-driver and a CJK font from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-noto-cjk
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
  fi
}

# wasm-opt for release builds: npm's binaryen (Debian's is too old, and
# Trunk's own download would come from GitHub). Trunk.toml asks for
# version_132 and finds it on PATH.
BINARYEN_VERSION="132"
ensure_wasm_opt() {
  ensure_node
  local bin="$ROOT/.tools/node_modules/.bin"
  if ! [ -x "$bin/wasm-opt" ] || ! "$bin/wasm-opt" --version | grep -q "version_$BINARYEN_VERSION"; then
    log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
    mkdir -p "$ROOT/.tools"
    npm install --no-audit --no-fund --prefix "$ROOT/.tools" "binaryen@$BINARYEN_VERSION"
  fi
  export PATH="$bin:$PATH"
}

ensure_node_deps() {
  ensure_node
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ]; then
    log "installing playwright-core from npm (no browser download: it drives Debian's chromium)"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund)
  fi
}

# DuckDB for tests/scaleout/check.py (the scale-out SQL over `kefu
# parquet`'s files, issue 12): the PyPI wheel, into the user site.
ensure_duckdb() {
  if python3 -c 'import duckdb' 2>/dev/null; then return; fi
  log "installing duckdb from PyPI"
  pip3 install --user duckdb || python3 -m pip install duckdb
}

build_dist() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  # Trunk runs cargo with --offline (Trunk.toml), so fetch every target's
  # crates (Leptos and friends are wasm-only) from crates.io first.
  log "fetching crates"
  (cd "$ROOT" && cargo fetch --locked)
  log "building dist/ (trunk build --release)"
  (cd "$ROOT" && trunk build --release)
}
