#!/usr/bin/env bash
# Builds the npm package into pkg/: pkg/web (ESM, `await init()`) and pkg/bundler.
source "$(dirname "$0")/env.sh"
ensure_rust_target
ensure_wasm_bindgen
ensure_node_modules

log "cargo build (release, wasm32)"
cargo build --release --target wasm32-unknown-unknown -p bank-transfer-checkout --no-default-features

rm -rf pkg
for target in web bundler; do
  wasm-bindgen --target "$target" --out-dir "pkg/$target" "$WASM"
  # npm's binaryen (v132): Debian's wasm-opt 108 silently breaks wasm-bindgen output.
  wasm-opt -Oz --converge --strip-debug --strip-producers \
    "pkg/$target/bank_transfer_checkout_bg.wasm" -o "pkg/$target/bank_transfer_checkout_bg.wasm"
done
# The bundler build instantiates itself on import; give it the same `init()` as the web build
# so one piece of merchant code works with either entry point.
cp scripts/bundler-entry/index.js scripts/bundler-entry/index.d.ts pkg/bundler/

# Short import names in the web build (see the script for why and how much).
node scripts/shorten-imports.mjs pkg/web/bank_transfer_checkout_bg.wasm pkg/web/bank_transfer_checkout.js

# Minified JS glue and CSS (esbuild, no bundling): a script-tag page gets them as they are.
# The .d.ts files keep the documentation. Saves ~2 KB gz of what a merchant downloads.
for js in pkg/web/bank_transfer_checkout.js pkg/bundler/bank_transfer_checkout_bg.js; do
  esbuild "$js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$js"
done
esbuild style/bank-transfer-checkout.css --minify --log-level=warning --outfile=pkg/bank-transfer-checkout.css

node scripts/size.mjs
