#!/usr/bin/env bash
# Builds the npm package into pkg/: pkg/web (ESM, `await init()`), pkg/bundler, and
# pkg/instructions (renderInstructions only, no live checkout), plus the minified stylesheet.
source "$(dirname "$0")/env.sh"
ensure_rust_target
ensure_wasm_bindgen
ensure_node_modules

# Two modules: the full one (renderInstructions + mountCheckout) and, for pages that only
# render instructions, one without the live checkout (a third smaller).
rm -rf pkg
build_wasm() { # $1 = cargo features, $2 = output name
  log "cargo build (release, wasm32, features: ${1:-none})"
  cargo build --release --target wasm32-unknown-unknown -p bank-transfer-checkout --no-default-features ${1:+--features "$1"}
  cp "$WASM" "$CARGO_TARGET_DIR/$2.wasm"
}
build_wasm checkout bank_transfer_checkout
build_wasm "" bank_transfer_instructions

for target in web bundler instructions; do
  case $target in
    instructions) input="$CARGO_TARGET_DIR/bank_transfer_instructions.wasm"; flavour=web ;;
    *) input="$CARGO_TARGET_DIR/bank_transfer_checkout.wasm"; flavour=$target ;;
  esac
  wasm-bindgen --target "$flavour" --out-dir "pkg/$target" --out-name bank_transfer_checkout "$input"
  # npm's binaryen (v132): Debian's wasm-opt 108 silently breaks wasm-bindgen output.
  wasm-opt -Oz --converge --strip-debug --strip-producers \
    "pkg/$target/bank_transfer_checkout_bg.wasm" -o "pkg/$target/bank_transfer_checkout_bg.wasm"
done
# wasm-bindgen types `[Symbol.dispose]()`, which needs TypeScript's esnext lib: a merchant's
# es2022 project would fail to type-check. The method stays; only its declaration goes.
for dts in pkg/*/bank_transfer_checkout.d.ts; do
  grep -v '^    \[Symbol.dispose\](): void;$' "$dts" > "$dts.tmp" && mv "$dts.tmp" "$dts"
done
# The bundler build instantiates itself on import; give it the same `init()` as the web build
# so one piece of merchant code works with either entry point.
cp scripts/bundler-entry/index.js scripts/bundler-entry/index.d.ts pkg/bundler/

# The web builds: init() warms Intl up while the Wasm downloads, and short import names (see
# each script for why and how much).
for dir in pkg/web pkg/instructions; do
  node scripts/warm-intl.mjs "$dir/bank_transfer_checkout.js"
  node scripts/shorten-imports.mjs "$dir/bank_transfer_checkout_bg.wasm" "$dir/bank_transfer_checkout.js"
done

# Minified JS glue and CSS (esbuild, no bundling): a script-tag page gets them as they are.
# The .d.ts files keep the documentation. Saves ~2 KB gz of what a merchant downloads.
for js in pkg/web/bank_transfer_checkout.js pkg/instructions/bank_transfer_checkout.js pkg/bundler/bank_transfer_checkout_bg.js; do
  esbuild "$js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$js"
done
# The stylesheet: the instructions' rules, plus the live checkout's for the full package.
cat style/bank-transfer-checkout.css style/checkout.css > "$CARGO_TARGET_DIR/full.css"
esbuild "$CARGO_TARGET_DIR/full.css" --minify --log-level=warning --outfile=pkg/bank-transfer-checkout.css
esbuild style/bank-transfer-checkout.css --minify --log-level=warning --outfile=pkg/instructions/bank-transfer-checkout.css

# The custom element (element/): its module, the side-effect entry, their types, and the full
# stylesheet as a string for its shadow root (a constructed stylesheet passes a strict style-src).
mkdir -p pkg/element
node -e 'const css = require("fs").readFileSync(process.argv[1], "utf8").trim();
  process.stdout.write("export const css = " + JSON.stringify(":host{display:block}:host([hidden]){display:none}" + css) + ";\n")' \
  pkg/bank-transfer-checkout.css > pkg/element/style.js
for js in index.js define.js; do
  esbuild "element/$js" --minify --format=esm --log-level=warning --outfile="pkg/element/$js"
done
cp element/index.d.ts element/define.d.ts pkg/element/

node scripts/size.mjs
