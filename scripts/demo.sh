#!/usr/bin/env bash
# Builds the package and serves the demo (www/) under a strict CSP. Ctrl+C stops it.
source "$(dirname "$0")/env.sh"
bash scripts/build.sh
port="${PORT:-8080}"
url="http://${HOST:-127.0.0.1}:$port/"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then
  (sleep 1; xdg-open "$url" >/dev/null 2>&1 || true) &
fi
log "open $url"
exec node scripts/serve.mjs "$port"
