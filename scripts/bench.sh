#!/usr/bin/env bash
# Size of what a merchant downloads, and time to instructions in the DOM (median of 25 loads).
source "$(dirname "$0")/env.sh"
ensure_chromium
bash scripts/build.sh
node bench/run.mjs "$@"
