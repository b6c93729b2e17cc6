// The benchmark: our widget and the peer (Adyen Web: core + BankTransfer, minified, en-US,
// risk and analytics off) rendering the same payment, back to back in one headless Chromium.
// Every non-loopback request fails (the browser resolves no other host) and is counted. Prints one table with us/peer ratios
// and writes bench/results.json. Usage: npm run bench [-- LOADS]   (default 21 page loads)
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { launch } from "../scripts/chromium.mjs";
import { createStaticServer, listen } from "../scripts/serve.mjs";

const LOADS = Number(process.argv[2] ?? 21);
const RERENDERS = 100;
const LEAK_RERENDERS = 200;

const WIDGETS = {
  // What a page that renders the instructions loads: the same job as the peer's voucher.
  ours: {
    page: "/bench/",
    files: ["pkg/instructions/bank_transfer_checkout_bg.wasm", "pkg/instructions/bank_transfer_checkout.js", "pkg/instructions/bank-transfer-checkout.css"],
  },
  // The whole package, live checkout included.
  oursFull: {
    page: "/bench/full.html",
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
// Anything but loopback fails to resolve inside the browser: blocked without intercepting
// (Playwright's request routing would add a delay to every request, and more to the widget
// with more module levels).
const browser = await launch(["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]);

/** A fresh context with the cache disabled and the network limited to loopback. */
async function freshPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const requests = { local: [], blocked: [] };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.hostname === "127.0.0.1") requests.local.push(url.pathname);
    else requests.blocked.push(url.origin + url.pathname);
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

/**
 * Start-to-instructions of each page over fresh loads, the pages taking turns (load 1 of each,
 * then load 2 of each, ...) so that the machine's drifting noise falls on all of them alike.
 */
async function startTimes(pages) {
  const times = Object.fromEntries(pages.map((page) => [page, []]));
  for (let i = 0; i < LOADS; i++) {
    for (const page of pages) {
      const { context, page: p } = await freshPage();
      await p.goto(base + page);
      await p.waitForFunction(() => window.__tDom !== undefined, null, { timeout: 30_000 });
      times[page].push(await p.evaluate(() => window.__tDom - window.__t0));
      await context.close();
    }
  }
  return Object.fromEntries(pages.map((page) => [page, stat(times[page])]));
}

// What a merchant page gains with preload hints for our module and its Wasm (README), and the
// floor: a page with no widget that does only what any widget formatting the amount with the
// browser's Intl must do (one module level, one Intl.NumberFormat, the text into the DOM).
const PRELOADED = "/bench/preload.html";
const FLOOR = "/bench/floor.html";
const starts = await startTimes([...Object.values(WIDGETS).map((w) => w.page), PRELOADED, FLOOR]);

const results = {};
for (const [name, widget] of Object.entries(WIDGETS)) {
  const r = { download: sizes(widget.files) };
  // 2. Start to instructions (above); one more fresh load to count requests.
  r.startToInstructions = starts[widget.page];
  {
    const { context, page, requests } = await freshPage();
    await page.goto(base + widget.page);
    await page.waitForFunction(() => window.__tDom !== undefined, null, { timeout: 30_000 });
    await page.waitForTimeout(200);
    r.requests = { local: requests.local.length, blocked: requests.blocked.length, blockedTo: [...new Set(requests.blocked)] };
    await context.close();
  }
  // 3 and 4. Re-renders and memory, in one manual page.
  const { context, page, cdp } = await freshPage();
  await cdp.send("Performance.enable");
  await page.goto(base + widget.page + (widget.page.includes("?") ? "&" : "?") + "manual");
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
results.oursPreloaded = { startToInstructions: starts[PRELOADED] };
results.floor = { startToInstructions: starts[FLOOR] };
await browser.close();
server.close();

const { ours, oursFull, peer } = results;
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const ms = (x) => x.toFixed(2) + " ms";
const pick = {
  "download, raw": [(r) => r.download.raw, kb],
  "download, gzip -9": [(r) => r.download.gzip, kb],
  "download, brotli 11": [(r) => r.download.brotli, kb],
  [`start to instructions, median of ${LOADS}`]: [(r) => r.startToInstructions.median, ms],
  "  min": [(r) => r.startToInstructions.min, ms],
  "  max": [(r) => r.startToInstructions.max, ms],
  [`re-render, median of ${RERENDERS}`]: [(r) => r.rerender.median, ms],
  "re-render + forced layout": [(r) => r.rerenderWithLayout.median, ms],
  "memory added by mounting (JS heap + Wasm)": [(r) => r.memory.addedByMount, kb],
  [`memory growth over ${LEAK_RERENDERS} re-renders`]: [(r) => r.memory.growthOver200, kb, false],
};
const header = `${"".padEnd(44)}${"ours".padStart(12)}${"ours, full".padStart(12)}${"Adyen Web".padStart(12)}${"us/peer".padStart(9)}${"full/peer".padStart(10)}`;
console.log(header);
const table = [];
for (const [label, [get, fmt, ratio = true]] of Object.entries(pick)) {
  const [a, b, c] = [get(ours), get(oursFull), get(peer)];
  const r1 = ratio ? (a / c).toFixed(2) : "";
  const r2 = ratio ? (b / c).toFixed(2) : "";
  table.push({ label, ours: a, oursFull: b, peer: c, ratio: ratio ? a / c : null, fullRatio: ratio ? b / c : null });
  console.log(`${label.padEnd(44)}${fmt(a).padStart(12)}${fmt(b).padStart(12)}${fmt(c).padStart(12)}${r1.padStart(9)}${r2.padStart(10)}`);
}
const preloaded = results.oursPreloaded.startToInstructions.median;
console.log(`${"  ours with preload hints, median".padEnd(44)}${ms(preloaded).padStart(12)}${"".padStart(24)}${(preloaded / peer.startToInstructions.median).toFixed(2).padStart(9)}`);
const floor = results.floor.startToInstructions.median;
console.log(`${"  floor: no widget, one Intl call, median".padEnd(44)}${ms(floor).padStart(12)}${"".padStart(24)}${(floor / peer.startToInstructions.median).toFixed(2).padStart(9)}`);
const req = (r) => `${r.requests.local} / ${r.requests.blocked}`;
console.log(`${"requests (loopback / blocked)".padEnd(44)}${req(ours).padStart(12)}${req(oursFull).padStart(12)}${req(peer).padStart(12)}`);
if (peer.requests.blockedTo.length) console.log(`the peer's blocked requests went to: ${peer.requests.blockedTo.join(", ")}`);
for (const r of [ours, oursFull]) if (r.requests.blockedTo.length) console.log(`our blocked requests went to: ${r.requests.blockedTo.join(", ")}`);
results.table = table;

// The budget (README), line by line, for the instructions module and for the full package.
const budget = (label, ok, detail) => ({ label, ok, detail });
const lines = [];
for (const [name, r] of [["ours", ours], ["ours, full", oursFull]]) {
  const dl = r.download.gzip;
  lines.push(budget(`${name}: download gzip <= 0.5x peer and <= 45 KB`, dl <= 0.5 * peer.download.gzip && dl <= 45 * 1024, `${kb(dl)}, ${(dl / peer.download.gzip).toFixed(2)}x`));
  const start = r.startToInstructions.median / peer.startToInstructions.median;
  lines.push(budget(`${name}: start to instructions <= 0.5x peer`, start <= 0.5, `${start.toFixed(2)}x (floor ${(floor / peer.startToInstructions.median).toFixed(2)}x)`));
  const rerender = r.rerender.median / peer.rerender.median;
  lines.push(budget(`${name}: re-render <= 0.5x peer`, rerender <= 0.5, `${rerender.toFixed(2)}x`));
  lines.push(budget(`${name}: memory added by mounting <= peer`, r.memory.addedByMount <= peer.memory.addedByMount, `${kb(r.memory.addedByMount)} vs ${kb(peer.memory.addedByMount)}`));
}
console.log("\nbudget");
for (const line of lines) console.log(`  ${line.ok ? "met   " : "MISSED"} ${line.label.padEnd(50)} ${line.detail}`);
results.budget = lines;
writeFileSync("bench/results.json", JSON.stringify({ date: new Date().toISOString(), loads: LOADS, results }, null, 2));
