#!/usr/bin/env bash
# Every test: native (core), browser (wasm-bindgen-test in headless Chromium), then the built
# package end to end under a strict CSP. Installs what is missing first.
source "$(dirname "$0")/env.sh"
ensure_rust_target
ensure_wasm_bindgen
ensure_node_modules
ensure_chromium

log "lints (rustfmt, clippy with warnings as errors)"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p bank-transfer-checkout --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p bank-transfer-checkout --lib --no-default-features -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p bank-transfer-checkout --lib --no-default-features --features checkout -- -D warnings

log "native tests (pure core, sandbox, backend incl. abuse, webhook load, crash/restart)"
cargo test --workspace

log "PostgreSQL: two backend instances on one database (a real server from Debian's packages)"
ensure_postgres
cargo test -p bank-transfer-backend --test postgres -- --ignored

log "fuzzing, bounded (cargo fuzz: replays fuzz/regressions, then each target for 15 s)"
bash scripts/fuzz.sh 15

log "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown -p bank-transfer-checkout

log "package build"
bash scripts/build.sh

log "backend build (for the end-to-end checkout tests)"
cargo build -p bank-transfer-backend
export BACKEND_BIN="$CARGO_TARGET_DIR/debug/bank-transfer-backend"

log "end-to-end tests (examples and the demo shop on the real backend, strict CSP, Chromium)"
node --test tests/e2e/
