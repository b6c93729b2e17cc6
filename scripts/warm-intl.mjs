// Makes the web builds' `init()` warm the browser's Intl up while the Wasm downloads.
//
// The first `Intl.NumberFormat` on a page costs ~20 ms (the browser loads its ICU data) and the
// first render needs one. Done right after the download starts, it overlaps the download
// instead of following it. Patched into wasm-bindgen's own module (not a wrapper module, which
// would cost the page one more module round trip). Fails the build if the glue changes shape.
//
// Usage: node scripts/warm-intl.mjs pkg/web/bank_transfer_checkout.js
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
const glue = readFileSync(file, "utf8");
const EXPORT = "export { initSync, __wbg_init as default };";
if (glue.split(EXPORT).length !== 2) throw new Error(`${file}: expected one \`${EXPORT}\``);
const patched = glue.replace(
  EXPORT,
  `function __btc_init(module_or_path) {
    const ready = __wbg_init(module_or_path);
    try {
        new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" }).format(0);
    } catch (_) {
        // No Intl: the render reports what it needs.
    }
    return ready;
}
export { initSync, __btc_init as default };`,
);
writeFileSync(file, patched);
