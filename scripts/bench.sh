#!/usr/bin/env bash
# Side-by-side benchmark with the peer (Adyen Web), see bench/run.mjs, then the live checkout
# and the backend (bench/checkout.mjs). Installs the peer into bench/peer only (it is never a
# dependency of the package) and Debian's wrk when missing.
source "$(dirname "$0")/env.sh"
ensure_chromium
bash scripts/build.sh
if [ ! -d bench/peer/node_modules/@adyen/adyen-web ]; then
  log "installing the peer for the benchmark (bench/peer)"
  npm ci --prefix bench/peer --no-audit --no-fund
fi
(cd bench/peer && node build.mjs)
node bench/run.mjs "$@"

# The live checkout and the backend (release build; Debian's wrk as the load tool).
command -v wrk >/dev/null || { log "installing Debian's wrk"; as_root apt-get install -y -qq wrk >/dev/null; }
cargo build --release -p bank-transfer-backend --features sandbox
node bench/checkout.mjs "$CARGO_TARGET_DIR/release/bank-transfer-backend"
