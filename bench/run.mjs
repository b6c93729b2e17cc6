// Benchmark: download size (gzip -9) of wasm + JS glue + CSS, and the time from `init()` to the
// instructions in the DOM in headless Chromium, median of N fresh page loads (default 25).
// Usage: npm run bench [-- N]. Writes bench/results/latest.json too.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { launch } from "../scripts/chromium.mjs";
import { createStaticServer, listen } from "../scripts/serve.mjs";

const LOADS = Number(process.argv[2] ?? 25);
const FILES = ["pkg/web/bank_transfer_checkout_bg.wasm", "pkg/web/bank_transfer_checkout.js", "pkg/bank-transfer-checkout.css"];

const size = Object.fromEntries(
  FILES.map((f) => {
    const bytes = readFileSync(f);
    return [f, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }];
  }),
);
const gzipTotal = Object.values(size).reduce((sum, s) => sum + s.gzip, 0);

const server = createStaticServer();
const base = await listen(server);
const browser = await launch();
const samples = [];
for (let i = 0; i < LOADS; i++) {
  // A fresh context per load: nothing compiled or cached carries over.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/bench/`);
  samples.push(await page.waitForFunction(() => window.__bench).then((h) => h.jsonValue()));
  await context.close();
}
await browser.close();
server.close();

const stat = (key) => {
  const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
};
const timing = Object.fromEntries(["initMs", "renderMs", "initToDomMs", "navigationToDomMs", "updateMs"].map((k) => [k, stat(k)]));

console.log("What a merchant downloads (web build):");
for (const [file, s] of Object.entries(size)) console.log(`  ${file.padEnd(40)} ${String(s.raw).padStart(7)} B  ${String(s.gzip).padStart(6)} B gz`);
console.log(`  ${"total".padEnd(40)} ${" ".repeat(9)} ${String(gzipTotal).padStart(6)} B gz = ${(gzipTotal / 1024).toFixed(1)} KiB`);
console.log(`\nHeadless Chromium, ${LOADS} fresh page loads on loopback (ms):`);
for (const [key, s] of Object.entries(timing)) {
  console.log(`  ${key.padEnd(18)} median ${s.median.toFixed(1).padStart(6)}  p90 ${s.p90.toFixed(1).padStart(6)}  min ${s.min.toFixed(1).padStart(6)}  max ${s.max.toFixed(1).padStart(6)}`);
}
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.json", JSON.stringify({ date: new Date().toISOString(), loads: LOADS, size, gzipTotal, timing }, null, 2));
