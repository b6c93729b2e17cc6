#!/usr/bin/env bash
# Every test, in stages: `bash scripts/test.sh` runs them all (npm test); `bash scripts/test.sh
# native browser` runs some (npm run test:native, test:browser, test:e2e, fuzz). Each stage
# installs what it needs first.
#   native   rustfmt, clippy (native and Wasm builds), cargo tests, PostgreSQL tests
#   fuzz     cargo fuzz: regressions replayed, then each target for 15 s
#   browser  wasm-bindgen-test in headless Chromium
#   e2e      the package build and its size budget, the backend, Stripe's Node SDK against the
#            sandbox (contract tests), the end-to-end tests under a strict CSP
source "$(dirname "$0")/env.sh"

native() {
  ensure_rust_target
  log "lints (rustfmt, clippy with warnings as errors)"
  cargo fmt --all --check
  cargo clippy --workspace --all-targets -- -D warnings
  cargo clippy --target wasm32-unknown-unknown -p bank-transfer-checkout --all-targets -- -D warnings
  cargo clippy --target wasm32-unknown-unknown -p bank-transfer-checkout --lib --no-default-features -- -D warnings
  cargo clippy --target wasm32-unknown-unknown -p bank-transfer-checkout --lib --no-default-features --features checkout,hydrate,bundled-languages -- -D warnings
  cargo clippy -p bank-transfer-backend --no-default-features -- -D warnings

  log "native tests (pure core incl. the checkout's state machine, sandbox, backend incl. abuse, webhook load, crash/restart)"
  cargo test --workspace
  log "locale files (every language: keys, comments, placeholders, glossary terms)"
  node scripts/check-locales.mjs > "$CARGO_TARGET_DIR/check-locales.log" || { cat "$CARGO_TARGET_DIR/check-locales.log"; exit 1; }

  log "PostgreSQL: two backend instances on one database (a real server from Debian's packages)"
  ensure_postgres
  cargo test -p bank-transfer-backend --test postgres -- --ignored
}

fuzz() {
  log "fuzzing, bounded (cargo fuzz: replays fuzz/regressions, then each target for 15 s)"
  bash scripts/fuzz.sh 15
}

browser() {
  ensure_rust_target
  ensure_wasm_bindgen
  ensure_chromium
  log "browser tests (wasm-bindgen-test, headless Chromium)"
  cargo test --target wasm32-unknown-unknown -p bank-transfer-checkout
}

e2e() {
  ensure_rust_target
  ensure_wasm_bindgen
  ensure_node_modules
  ensure_chromium
  log "package build, and what a merchant downloads against its budget"
  bash scripts/build.sh
  node scripts/size.mjs --check

  log "backend build (for the end-to-end checkout tests)"
  cargo build -p bank-transfer-backend --features sandbox
  export BACKEND_BIN="$CARGO_TARGET_DIR/debug/bank-transfer-backend"

  log "contract tests: Stripe's official Node SDK (stripe 22.5.0) against the sandbox"
  cargo build -p bank-transfer-sandbox
  export SANDBOX_BIN="$CARGO_TARGET_DIR/debug/bank-transfer-sandbox"
  node --test tests/contract/

  log "end-to-end tests (examples and the demo shop on the real backend, strict CSP, Chromium)"
  node --test tests/e2e/
}

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(native fuzz browser e2e)
for stage in "${stages[@]}"; do
  case $stage in
    native | fuzz | browser | e2e) "$stage" ;;
    *) echo "unknown stage $stage (native, fuzz, browser, e2e)" >&2; exit 2 ;;
  esac
done
