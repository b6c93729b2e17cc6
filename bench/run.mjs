// The benchmark: our widget and the peer (Adyen Web: core + BankTransfer, minified, en-US,
// risk and analytics off) rendering the same payment, back to back in one headless Chromium.
// Every non-loopback request is aborted and counted. Prints one table with us/peer ratios
// and writes bench/results.json. Usage: npm run bench [-- LOADS]   (default 21 page loads)
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { launch } from "../scripts/chromium.mjs";
import { createStaticServer, listen } from "../scripts/serve.mjs";

const LOADS = Number(process.argv[2] ?? 21);
const RERENDERS = 100;
const LEAK_RERENDERS = 200;

const WIDGETS = {
  ours: {
    page: "/bench/",
    files: ["pkg/web/bank_transfer_checkout_bg.wasm", "pkg/web/bank_transfer_checkout.js", "pkg/bank-transfer-checkout.css"],
  },
  peer: { page: "/bench/peer.html", files: ["bench/peer/dist/adyen.js", "bench/peer/dist/adyen.css"] },
};

function sizes(files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

const stat = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};

const server = createStaticServer({ csp: false });
const base = await listen(server);
const browser = await launch();

/** A fresh context with the cache disabled and the network limited to loopback. */
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = { local: [], blocked: [] };
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") {
      requests.local.push(url.pathname);
      return route.continue();
    }
    requests.blocked.push(url.origin + url.pathname);
    return route.abort();
  });
  return { context, page, cdp, requests };
}

async function heap(cdp, page) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const js = metrics.find((m) => m.name === "JSHeapUsedSize").value;
  const wasm = await page.evaluate(() => window.__wasmBytes());
  return { js, wasm, total: js + wasm };
}

const results = {};
for (const [name, widget] of Object.entries(WIDGETS)) {
  const r = { download: sizes(widget.files) };
  // 2. Start to instructions, fresh page loads.
  const times = [];
  let requests;
  for (let i = 0; i < LOADS; i++) {
    const { context, page, requests: seen } = await freshPage();
    await page.goto(base + widget.page);
    await page.waitForFunction(() => window.__tDom !== undefined, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__tDom - window.__t0));
    requests = seen;
    await context.close();
  }
  r.startToInstructions = stat(times);
  r.requests = { local: requests.local.length, blocked: requests.blocked.length, blockedTo: [...new Set(requests.blocked)] };
  // 3 and 4. Re-renders and memory, in one manual page.
  const { context, page, cdp } = await freshPage();
  await cdp.send("Performance.enable");
  await page.goto(base + widget.page + "?manual");
  await page.waitForFunction(() => window.__ready);
  const before = await heap(cdp, page);
  await page.evaluate(() => window.__mount());
  await page.waitForFunction(() => window.__tDom !== undefined);
  const mounted = await heap(cdp, page);
  r.rerender = stat(await page.evaluate((n) => window.__rerender(n, false), RERENDERS));
  r.rerenderWithLayout = stat(await page.evaluate((n) => window.__rerender(n, true), RERENDERS));
  await page.evaluate((n) => window.__rerender(n, false), LEAK_RERENDERS);
  const afterMany = await heap(cdp, page);
  r.memory = { before, mounted, afterRerenders: afterMany, addedByMount: mounted.total - before.total, growthOver200: afterMany.total - mounted.total };
  await context.close();
  results[name] = r;
}
await browser.close();
server.close();

const { ours, peer } = results;
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const ms = (x) => x.toFixed(2) + " ms";
const rows = [
  ["download, raw", kb(ours.download.raw), kb(peer.download.raw), ours.download.raw / peer.download.raw],
  ["download, gzip -9", kb(ours.download.gzip), kb(peer.download.gzip), ours.download.gzip / peer.download.gzip],
  ["download, brotli 11", kb(ours.download.brotli), kb(peer.download.brotli), ours.download.brotli / peer.download.brotli],
  [`start to instructions, median of ${LOADS}`, ms(ours.startToInstructions.median), ms(peer.startToInstructions.median), ours.startToInstructions.median / peer.startToInstructions.median],
  ["  min", ms(ours.startToInstructions.min), ms(peer.startToInstructions.min), ours.startToInstructions.min / peer.startToInstructions.min],
  ["  max", ms(ours.startToInstructions.max), ms(peer.startToInstructions.max), ours.startToInstructions.max / peer.startToInstructions.max],
  [`re-render, median of ${RERENDERS}`, ms(ours.rerender.median), ms(peer.rerender.median), ours.rerender.median / peer.rerender.median],
  ["re-render + forced layout", ms(ours.rerenderWithLayout.median), ms(peer.rerenderWithLayout.median), ours.rerenderWithLayout.median / peer.rerenderWithLayout.median],
  ["memory added by mounting (JS heap + Wasm)", kb(ours.memory.addedByMount), kb(peer.memory.addedByMount), ours.memory.addedByMount / peer.memory.addedByMount],
  [`memory growth over ${LEAK_RERENDERS} re-renders`, kb(ours.memory.growthOver200), kb(peer.memory.growthOver200), NaN],
  ["requests (loopback / blocked)", `${ours.requests.local} / ${ours.requests.blocked}`, `${peer.requests.local} / ${peer.requests.blocked}`, NaN],
];
console.log(`${"".padEnd(44)}${"ours".padStart(14)}${"Adyen Web".padStart(14)}${"us/peer".padStart(10)}`);
for (const [label, a, b, ratio] of rows) {
  console.log(`${label.padEnd(44)}${a.padStart(14)}${b.padStart(14)}${(Number.isNaN(ratio) ? "" : ratio.toFixed(2)).padStart(10)}`);
}
if (peer.requests.blockedTo.length) console.log(`peer's blocked requests went to: ${peer.requests.blockedTo.join(", ")}`);
if (ours.requests.blockedTo.length) console.log(`our blocked requests went to: ${ours.requests.blockedTo.join(", ")}`);
writeFileSync("bench/results.json", JSON.stringify({ date: new Date().toISOString(), loads: LOADS, results }, null, 2));
