// Gives the web builds' `init()` what wasm-bindgen's cannot: it warms the browser's Intl up
// while the Wasm downloads, hands the module its language-table loader, loads the texts of the
// page's language once the module runs (`init({ locale })`, default the browser's languages: the
// web builds compile in English only, src/languages.rs), and adopts the package's stylesheet into
// the document, so that a page need not link it (`init({ styles: false })` to style it yourself).
//
// The first `Intl.NumberFormat` on a page costs ~20 ms (the browser loads its ICU data) and the
// first render needs one. Done right after the download starts, it overlaps the download
// instead of following it. Patched into wasm-bindgen's own module (not a wrapper module, which
// would cost the page one more module round trip). Fails the build if the glue changes shape.
//
// The stylesheet: a <link> is one more request on the page, and a stylesheet in the head holds
// every script after it, the page's own included, until it arrives (measured: the page's module
// evaluated ~8-10 ms later, bench/phases.mjs). Adopted as a constructed stylesheet (no request,
// allowed by a strict style-src) in a cascade layer, so that the page's own rules win whatever
// their order or specificity. A page that links the stylesheet itself (a browser without
// constructed stylesheets, Safari before 16.4, needs to) keeps its link and gets no second copy.
//
// Usage: node scripts/patch-init.mjs GLUE.js STYLESHEET.css
import { readFileSync, writeFileSync } from "node:fs";

const [file, cssFile] = process.argv.slice(2);
const glue = readFileSync(file, "utf8");
// esbuild keeps custom properties' values as written ("a, b"): outside quoted strings, the spaces
// after ":" and "," go (~10 B gz).
const css = readFileSync(cssFile, "utf8")
  .trim()
  .split(/("[^"]*")/)
  .map((part, i) => (i % 2 ? part : part.replace(/([:,]) +/g, "$1")))
  .join("");
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
let __btc_styled = false;
/** The stylesheet, adopted into the document once, in a layer of its own (see patch-init.mjs). */
function __btc_adopt_styles() {
    if (__btc_styled) return;
    __btc_styled = true;
    try {
        if (document.querySelector('link[href$="bank-transfer-checkout.css"]')) return;
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(${JSON.stringify(`@layer btc{${css}}`)});
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } catch (_) {
        // No document (a server), or no constructed stylesheets (Safari before 16.4: link the file).
    }
}
function __btc_init(options) {
    const plain = options && Object.getPrototypeOf(options) === Object.prototype;
    const ready = __wbg_init(options);
    // After the Wasm's fetch has started: parsing the stylesheet (~1 ms) overlaps it.
    if (!plain || options.styles !== false) __btc_adopt_styles();
    try {
        new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" }).format(0);
    } catch (_) {
        // No Intl: the render reports what it needs.
    }
    const locale = plain ? options.locale : undefined;
    // A table that cannot load leaves the module in English: init() still succeeds.
    return ready.then((exports) => {
        setLanguageLoader(__btc_table);
        return loadLanguage(locale).then(() => exports, () => exports);
    });
}
export { initSync, __btc_init as default };`,
);
writeFileSync(file, patched);
