// Prints what a merchant downloads (web build: wasm + JS glue + CSS), raw and gzipped.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const files = [
  "pkg/web/bank_transfer_checkout_bg.wasm",
  "pkg/web/bank_transfer_checkout.js",
  "pkg/bank-transfer-checkout.css",
];
let raw = 0;
let gz = 0;
for (const file of files) {
  const bytes = readFileSync(file);
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`${file.padEnd(42)} ${String(bytes.length).padStart(8)} B  ${String(zipped).padStart(7)} B gz`);
}
console.log(`${"total".padEnd(42)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gz (${(gz / 1024).toFixed(1)} KiB)`);
