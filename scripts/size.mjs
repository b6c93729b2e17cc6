// Prints what a merchant downloads, raw and gzipped: the full web build (wasm + JS glue + CSS),
// the instructions-only one, and the custom element (the full build + the element's modules,
// its stylesheet inside them).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const wasmAndGlue = (dir) => [`${dir}/bank_transfer_checkout_bg.wasm`, `${dir}/bank_transfer_checkout.js`];
const BUILDS = {
  "pkg/web": [...wasmAndGlue("pkg/web"), "pkg/bank-transfer-checkout.css"],
  "pkg/instructions": [...wasmAndGlue("pkg/instructions"), "pkg/instructions/bank-transfer-checkout.css"],
  "pkg/element": [...wasmAndGlue("pkg/web"), "pkg/element/define.js", "pkg/element/index.js", "pkg/element/style.js"],
};

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
  console.log(`${("total " + name).padEnd(46)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gz (${(gz / 1024).toFixed(1)} KiB)`);
}
