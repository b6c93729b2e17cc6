#!/usr/bin/env bash
# Builds the npm package into pkg/: pkg/web (ESM, `await init()`), pkg/bundler, and
# pkg/instructions (renderInstructions only, no live checkout), plus the minified stylesheet.
source "$(dirname "$0")/env.sh"
ensure_rust_target
ensure_wasm_bindgen
ensure_node_modules

# Three builds of one crate: the full module (renderInstructions + mountCheckout) and, for pages
# that only render instructions, one without the live checkout (a third smaller), both with English
# compiled in and every other language as a file next to them (locales/<code>.json, fetched once
# when a page shows it: a page downloads only its own language); and the bundler build, with every
# language compiled in, because a bundler cannot follow a URL computed at run time.
rm -rf pkg
build_wasm() { # $1 = cargo features, $2 = output name
  log "cargo build (release, wasm32, features: ${1:-none})"
  cargo build --release --target wasm32-unknown-unknown -p bank-transfer-checkout --no-default-features ${1:+--features "$1"}
  cp "$WASM" "$CARGO_TARGET_DIR/$2.wasm"
}
build_wasm "checkout hydrate" bank_transfer_checkout
build_wasm "" bank_transfer_instructions
build_wasm "checkout hydrate bundled-languages" bank_transfer_bundler

for target in web bundler instructions; do
  case $target in
    instructions) input="$CARGO_TARGET_DIR/bank_transfer_instructions.wasm"; flavour=web ;;
    bundler) input="$CARGO_TARGET_DIR/bank_transfer_bundler.wasm"; flavour=bundler ;;
    *) input="$CARGO_TARGET_DIR/bank_transfer_checkout.wasm"; flavour=web ;;
  esac
  wasm-bindgen --target "$flavour" --out-dir "pkg/$target" --out-name bank_transfer_checkout "$input"
  # npm's binaryen (v132): Debian's wasm-opt 108 silently breaks wasm-bindgen output.
  # The module's own memory starts zeroed and Rust's stack sits below its data, so nothing
  # reads the first KB: both assumptions are true here and save ~0.2 KB gz.
  # -aimfs 6: functions of up to 6 bytes are inlined everywhere (binaryen's default: 2): the
  # instructions module 100 B gz smaller, 336 → 305 functions (7 and up grow it again). Fewer
  # functions for V8 to compile on first call (202 → 184 on a first load) did not measurably
  # speed the first render (docs/benchmark.md); the bytes are the reason.
  wasm-opt -Oz --converge -aimfs 6 --zero-filled-memory --low-memory-unused --strip-debug --strip-producers \
    "pkg/$target/bank_transfer_checkout_bg.wasm" -o "pkg/$target/bank_transfer_checkout_bg.wasm"
done
log "language tables (pkg/web/locales, pkg/instructions/locales)"
cargo run -q -p bank-transfer-core --features all-languages --example language_tables -- pkg/web/locales --checkout
cargo run -q -p bank-transfer-core --features all-languages --example language_tables -- pkg/instructions/locales

# wasm-bindgen types `[Symbol.dispose]()`, which needs TypeScript's esnext lib: a merchant's
# es2022 project would fail to type-check. The method stays; only its declaration goes.
for dts in pkg/*/bank_transfer_checkout.d.ts; do
  grep -v '^    \[Symbol.dispose\](): void;$' "$dts" > "$dts.tmp" && mv "$dts.tmp" "$dts"
done
# init({ locale, styles }) also loads that language's texts and can adopt the stylesheet
# (scripts/patch-init.mjs): say so in its type.
for dts in pkg/web/bank_transfer_checkout.d.ts pkg/instructions/bank_transfer_checkout.d.ts; do
  sed -i 's/^export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> }/export default function __wbg_init (module_or_path?: { module_or_path?: InitInput | Promise<InitInput>; locale?: string | readonly string[]; styles?: boolean }/' "$dts"
  grep -q 'locale?: string | readonly string\[\]; styles?: boolean }' "$dts" || { echo "$dts: init() type not patched" >&2; exit 1; }
done
# The bundler build instantiates itself on import; give it the same `init()` as the web build
# so one piece of merchant code works with either entry point.
cp scripts/bundler-entry/index.js scripts/bundler-entry/index.d.ts pkg/bundler/

# The stylesheet: the instructions' rules, plus the live checkout's for the full package.
cat style/bank-transfer-checkout.css style/checkout.css > "$CARGO_TARGET_DIR/full.css"
esbuild "$CARGO_TARGET_DIR/full.css" --minify --log-level=warning --outfile=pkg/bank-transfer-checkout.css
esbuild style/bank-transfer-checkout.css --minify --log-level=warning --outfile=pkg/instructions/bank-transfer-checkout.css

# The web builds: init() warms Intl up while the Wasm downloads and adopts the stylesheet the glue
# carries (unless init({ styles: false })), and short import names (see each script for why and
# how much).
node scripts/patch-init.mjs pkg/web/bank_transfer_checkout.js pkg/bank-transfer-checkout.css
node scripts/patch-init.mjs pkg/instructions/bank_transfer_checkout.js pkg/instructions/bank-transfer-checkout.css
for dir in pkg/web pkg/instructions; do
  node scripts/shorten-imports.mjs "$dir/bank_transfer_checkout_bg.wasm" "$dir/bank_transfer_checkout.js"
done

# Minified JS glue and CSS (esbuild, no bundling): a script-tag page gets them as they are.
# The .d.ts files keep the documentation. Saves ~2 KB gz of what a merchant downloads.
for js in pkg/web/bank_transfer_checkout.js pkg/instructions/bank_transfer_checkout.js pkg/bundler/bank_transfer_checkout_bg.js; do
  esbuild "$js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$js"
done
# V8's explicit compile hint (Chrome 136+; others ignore the comment): compile every function of
# the glue while it downloads, off the main thread, instead of each one on its first call during
# the first render (measured ~2 ms of a cold first render). After esbuild, which drops comments.
for js in pkg/web/bank_transfer_checkout.js pkg/instructions/bank_transfer_checkout.js; do
  { echo "//# allFunctionsCalledOnLoad"; cat "$js"; } > "$js.tmp" && mv "$js.tmp" "$js"
done

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
