#!/usr/bin/env bash
# QuoteLens build and test driver. Each step installs what it needs, idempotently, so the same two
# commands work on a fresh Debian machine and on one that already has everything.
#
#   ./build.sh            build the CLI, the WASM core and both extensions (dist/), then annotate the
#                         bundled reference article with the CLI
#   ./build.sh test       everything above, then every test: Rust (native), wasm-bindgen-test in headless
#                         Chromium and Firefox, end-to-end in real Chromium and Firefox, web-ext lint;
#                         `./build.sh test --under-load` runs it all while stress-ng keeps every core busy
#   ./build.sh bench      build, then print the speed and size table (engine vs chrono-node, CLI
#                         docs/s with 1 and 2 workers, .wasm and package sizes, per-page browser timings,
#                         the hostile pages' main-thread figures), each beside its budget
#                         (scripts/budgets.mjs); `--check-budgets` exits non-zero when one is missed
#   ./build.sh setup      only install the toolchain (apt, cargo install, npm ci)
#   ./build.sh sweep      build, then every corpus page through the extension in both browsers (figures in
#                         target/sweep/, beside their budgets); `--browser chromium` for one browser,
#                         `--check-budgets` as for bench
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
SHARED=${QUOTELENS_SHARED:-$ROOT/../shared}
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen CLI must match the crate version in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_build() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  local want; want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    # Not --locked: its lockfile pins a crate version the registry mirror lacks (toolchain.md).
    cargo install wasm-bindgen-cli --version "$want"
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
}

setup_test() {
  setup_build
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || need+=(firefox-esr)
  if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
  fi
  if ! command -v geckodriver >/dev/null; then
    log "installing geckodriver (a few minutes, once)"
    cargo install geckodriver --locked
  fi
}

build_cli() {
  log "cargo build --release (CLI)"
  cargo build --release --quiet
}

build_wasm() {
  log "building the WASM core"
  cargo build --lib --target wasm32-unknown-unknown --profile wasm --no-default-features --quiet
  rm -rf target/pkg && mkdir -p target/pkg
  wasm-bindgen --target web --no-typescript --out-dir target/pkg target/wasm32-unknown-unknown/wasm/quotelens.wasm
  # Debian's binaryen cannot read wasm-bindgen's output; the npm one can (toolchain.md).
  wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-multivalue target/pkg/quotelens_bg.wasm -o target/pkg/quotelens_bg.wasm
}

build_extension() {
  log "packaging the extension (dist/chrome, dist/firefox)"
  node scripts/package-extension.mjs
}

run_reference() {
  log "annotating the reference article"
  ./target/release/quotelens annotate "$SHARED/corpus/articles/seed-sputnik-2021-12-21.txt" --published 2021-12-21 \
    | node scripts/summary.mjs
}

build_all() {
  setup_build
  build_cli
  build_wasm
  build_extension
  run_reference
}

# A CPU hog on every core for as long as the run lasts (issue 13: the suite must pass on a busy machine, and
# fail only for real defects). Waits in the e2e harness are for states; QL_PATIENCE stretches their bounds.
start_load() {
  if ! command -v stress-ng >/dev/null; then
    log "apt-get install stress-ng"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends stress-ng
  fi
  log "under load: stress-ng --cpu $(nproc) for the whole run"
  stress-ng --cpu "$(nproc)" --quiet &
  LOAD_PID=$!
  trap 'kill "$LOAD_PID" 2>/dev/null || true' EXIT
  export QL_PATIENCE=${QL_PATIENCE:-3}
}

run_tests() {
  if [ "${1:-}" = "--under-load" ]; then start_load; elif [ -n "${1:-}" ]; then echo "usage: ./build.sh test [--under-load]" >&2; exit 2; fi
  setup_test
  build_cli
  build_wasm
  build_extension
  log "cargo test (native)"
  cargo test --release
  log "wasm-bindgen-test in headless Chromium"
  CHROMEDRIVER=$(command -v chromedriver) cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
  log "wasm-bindgen-test in headless Firefox"
  GECKODRIVER=$(command -v geckodriver) cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
  log "export validity (W3C schemas, CSV, Markdown)"
  node --test tests/exports/
  log "web-ext lint"
  (cd dist/firefox && web-ext lint --self-hosted --warnings-as-errors=false --output text)
  log "end-to-end tests in Chromium and Firefox"
  node --test --test-concurrency=1 tests/e2e/
}

run_bench() {
  build_all
  log "benchmarks"
  node scripts/bench.mjs "$@"
}

# The corpus sweep (issue 8): every page of ../shared/corpus/readability through the built extension in
# Chromium and Firefox; extra arguments go to scripts/sweep.mjs (e.g. --browser chromium, --check-budgets).
run_sweep() {
  build_all
  log "corpus sweep"
  node scripts/sweep.mjs --all "$@"
}

case "${1:-build}" in
  build) build_all ;;
  bench) shift; run_bench "$@" ;;
  setup) setup_test ;;
  test) shift; run_tests "$@" ;;
  sweep) shift; run_sweep "$@" ;;
  *) echo "usage: ./build.sh [build|test|bench|setup|sweep]" >&2; exit 2 ;;
esac
