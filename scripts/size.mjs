// Prints what a merchant downloads (wasm + JS glue + CSS), raw and gzipped, for the full web
// build and for the instructions-only one.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

for (const dir of ["pkg/web", "pkg/instructions"]) {
  const css = dir === "pkg/web" ? "pkg/bank-transfer-checkout.css" : `${dir}/bank-transfer-checkout.css`;
  const files = [`${dir}/bank_transfer_checkout_bg.wasm`, `${dir}/bank_transfer_checkout.js`, css];
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += zipped;
    console.log(`${file.padEnd(46)} ${String(bytes.length).padStart(8)} B  ${String(zipped).padStart(7)} B gz`);
  }
  console.log(`${("total " + dir).padEnd(46)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gz (${(gz / 1024).toFixed(1)} KiB)`);
}
