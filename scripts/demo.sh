#!/usr/bin/env bash
# Builds the package and starts the backend (with the offline Stripe sandbox unless
# STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY are set). Ctrl+C stops it.
source "$(dirname "$0")/env.sh"
bash scripts/build.sh
log "starting the backend (cargo build the first time takes a minute or two)"
url="http://${HOST:-127.0.0.1}:${PORT:-8080}/"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then
  (sleep 3; xdg-open "$url" >/dev/null 2>&1 || true) &
fi
log "open $url"
export STATIC_ROOT="$ROOT"
exec cargo run --quiet -p bank-transfer-backend --features sandbox
