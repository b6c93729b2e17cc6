#!/usr/bin/env bash
# Fuzzing (cargo fuzz, libFuzzer, nightly): replays the committed crashers (fuzz/regressions),
# then runs each target for SECONDS (default 15: CI's bounded run, so regressions show; the long
# runs quoted in the notes used 600). Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]
source "$(dirname "$0")/env.sh"
ensure_cargo_fuzz
seconds=${1:-15}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(next_action form_body stripe_signature locale)
# Outside the clone, like the cargo target: reused by the next run, never committed.
cache="$(dirname "$CARGO_TARGET_DIR")"
cd fuzz
log "fuzz build (nightly, sanitizers)"
cargo +nightly fuzz build --target-dir "$cache/fuzz-target"
for target in "${targets[@]}"; do
  if [ -d "regressions/$target" ]; then
    log "fuzz: replaying fuzz/regressions/$target"
    cargo +nightly fuzz run --target-dir "$cache/fuzz-target" "$target" regressions/"$target"/* -- -runs=1
  fi
  log "fuzz: $target for ${seconds}s"
  mkdir -p "$cache/fuzz-corpus/$target"
  seeds=()
  [ -d "seeds/$target" ] && seeds=("seeds/$target")
  output="$cache/fuzz-$target.log"
  if ! cargo +nightly fuzz run --target-dir "$cache/fuzz-target" "$target" "$cache/fuzz-corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 >"$output" 2>&1; then
    tail -40 "$output" >&2
    echo "fuzz target $target failed: the input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  grep -E '^(stat::number_of_executed_units|Done )' "$output" || true
done
