// Makes the web builds' `init()` warm the browser's Intl up while the Wasm downloads, hand the
// module its language-table loader, and load the texts of the page's language once the module
// runs (`init({ locale })`, default the browser's languages): the web builds compile in English
// only (src/languages.rs).
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
  `/** A language's table, next to this module. A literal pattern, so that bundlers ship the files. */
function __btc_table(code) {
    return fetch(new URL(\`./locales/\${code}.json\`, import.meta.url)).then((response) => {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
    });
}
function __btc_init(options) {
    const ready = __wbg_init(options);
    try {
        new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" }).format(0);
    } catch (_) {
        // No Intl: the render reports what it needs.
    }
    const locale = options && Object.getPrototypeOf(options) === Object.prototype ? options.locale : undefined;
    // A table that cannot load leaves the module in English: init() still succeeds.
    return ready.then((exports) => {
        setLanguageLoader(__btc_table);
        return loadLanguage(locale).then(() => exports, () => exports);
    });
}
export { initSync, __btc_init as default };`,
);
writeFileSync(file, patched);
