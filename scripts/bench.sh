#!/usr/bin/env bash
# Side-by-side benchmark with the peer (Adyen Web), see bench/run.mjs. Installs the peer into
# bench/peer only (it is never a dependency of the package).
source "$(dirname "$0")/env.sh"
ensure_chromium
bash scripts/build.sh
if [ ! -d bench/peer/node_modules/@adyen/adyen-web ]; then
  log "installing the peer for the benchmark (bench/peer)"
  npm ci --prefix bench/peer --no-audit --no-fund
fi
(cd bench/peer && node build.mjs)
node bench/run.mjs "$@"
