# Sourced by the other scripts: one place for paths and for installing what is missing.
# Everything is idempotent and fast when already installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Outside the clone so that builds are reused between clean clones (CI); created when absent.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bank-transfer-checkout/target}"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
WASM="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/bank_transfer_checkout.wasm"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_rust_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { log "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
}

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want have
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
    log "installing wasm-bindgen-cli $want (takes ~6 minutes once)"
    # --locked does not resolve here; the exact version pin is what matters.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_node_modules() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dev dependencies (binaryen's wasm-opt, playwright-core)"
    npm ci --no-audit --no-fund
  fi
}

# cargo-fuzz and the nightly toolchain it builds with (both from crates.io / rustup's own
# toolchain list on the machine; nothing else is downloaded).
ensure_cargo_fuzz() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    log "installing the nightly toolchain (cargo fuzz needs it)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! command -v cargo-fuzz >/dev/null; then
    log "installing cargo-fuzz"
    cargo install cargo-fuzz --version 0.13.2
  fi
}

# A real PostgreSQL server from Debian's packages, for the multi-instance tests: a private
# cluster on port 54329 (data in /tmp, trust auth on loopback), started when not running.
# Exports TEST_DATABASE_URL.
ensure_postgres() {
  local port=54329 data=/tmp/bank-transfer-checkout-postgres bin run=()
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing Debian's postgresql"
    as_root apt-get install -y -qq postgresql >/dev/null ||
      { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  fi
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  # PostgreSQL refuses to run as root: as root, run it as Debian's postgres user.
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    if [ ! -f "$data/PG_VERSION" ]; then
      log "creating a PostgreSQL cluster in $data"
      mkdir -p "$data"
      [ "$(id -u)" -eq 0 ] && chown postgres "$data"
      "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
    fi
    log "starting PostgreSQL on 127.0.0.1:$port"
    "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-h 127.0.0.1 -p $port -k /tmp -c fsync=off -c max_connections=200" start >/dev/null
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

# Debian's Chromium and ChromeDriver, never a downloaded browser.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # A Japanese font: without one the layout checks and screenshots measure empty boxes, not glyphs.
  if ! fc-list :lang=ja 2>/dev/null | grep -q .; then
    log "installing Debian's fonts-ipafont-gothic (Japanese glyphs for the layout checks)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-ipafont-gothic >/dev/null ||
      { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-ipafont-gothic >/dev/null; }
  fi
  export CHROMEDRIVER=/usr/bin/chromedriver
}
