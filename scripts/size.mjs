// Prints what a merchant downloads, raw and gzipped: the full web build (wasm + JS glue, its CSS inside),
// the instructions-only one, and the custom element (the full build + the element's modules,
// its stylesheet inside them). With --check, fails when a build is over its budget.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const wasmAndGlue = (dir) => [`${dir}/bank_transfer_checkout_bg.wasm`, `${dir}/bank_transfer_checkout.js`];
// The web builds' glue carries their stylesheet (init() adopts it: scripts/patch-init.mjs); the
// .css files are for pages that style a shadow root or opt out.
const BUILDS = {
  "pkg/web": wasmAndGlue("pkg/web"),
  "pkg/instructions": wasmAndGlue("pkg/instructions"),
  "pkg/element": [...wasmAndGlue("pkg/web"), "pkg/element/define.js", "pkg/element/index.js", "pkg/element/style.js"],
};

/** gzip -9 bytes; KB = 1024 bytes, as the benchmark reports. The instructions module is the
 * peer's equivalent (issue 4, issue 11): at most 45 KB. */
const BUDGETS = { "pkg/instructions": 45 * 1024 };
const over = [];

for (const [name, files] of Object.entries(BUILDS)) {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += zipped;
    console.log(`${file.padEnd(46)} ${String(bytes.length).padStart(8)} B  ${String(zipped).padStart(7)} B gz`);
  }
  const budget = BUDGETS[name];
  const verdict = budget ? (gz <= budget ? `  within ${budget} B` : `  OVER ${budget} B`) : "";
  console.log(`${("total " + name).padEnd(46)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gz (${(gz / 1024).toFixed(1)} KiB)${verdict}`);
  if (budget && gz > budget) over.push(`${name}: ${gz} B gz > ${budget} B`);
}
// The instructions module's other languages: one of these more for a page in that language.
const tables = "pkg/instructions/locales";
for (const file of readdirSync(tables).sort()) {
  const bytes = readFileSync(`${tables}/${file}`);
  console.log(`${(tables + "/" + file).padEnd(46)} ${String(bytes.length).padStart(8)} B  ${String(gzipSync(bytes, { level: 9 }).length).padStart(7)} B gz`);
}
if (process.argv.includes("--check") && over.length) {
  console.error(`over budget: ${over.join("; ")}`);
  process.exit(1);
}
