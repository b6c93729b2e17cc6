// The benchmark: our widget and the peer (Adyen Web: core + BankTransfer, minified, en-US,
// risk and analytics off) rendering the same payment, back to back in one headless Chromium,
// each on a cold and a warm page next to the floor (bench/pages.mjs). Every non-loopback
// request fails (the browser resolves no other host) and is counted. Prints size, re-render and
// memory, then start-to-instructions per page kind, then the budget line by line (met/MISSED),
// and writes bench/results.json. Usage: npm run bench [-- LOADS]   (default 21 page loads)
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { launch } from "../scripts/chromium.mjs";
import { instructionsTime, PAGES, startServer, writePages } from "./pages.mjs";

const LOADS = Number(process.argv[2] ?? 21);
const RERENDERS = 100;
const LEAK_RERENDERS = 200;

/** What a merchant's page downloads for each widget (gzip and brotli are measured from these). */
const FILES = {
  // The glue carries the stylesheet (init() adopts it).
  ours: ["pkg/instructions/bank_transfer_checkout_bg.wasm", "pkg/instructions/bank_transfer_checkout.js"],
  oursFull: ["pkg/web/bank_transfer_checkout_bg.wasm", "pkg/web/bank_transfer_checkout.js"],
  peer: ["bench/peer/dist/adyen.js", "bench/peer/dist/adyen.css"],
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

const PAGE_URLS = await writePages();
const server = await startServer();
const { base } = server;
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
      times[page].push(await instructionsTime(p, base + page));
      await context.close();
    }
  }
  return Object.fromEntries(
    pages.map((page) => {
      const of = (key) => times[page].map((t) => t[key]);
      // A paint Element Timing did not report within 5 s is left out, and counted.
      const painted = of("painted").filter(Number.isFinite);
      return [page, { ...stat(of("inDom")), laidOut: stat(of("laidOut")), painted: { ...stat(painted), missing: LOADS - painted.length } }];
    }),
  );
}

// Every page, cold and warm, taking turns (bench/pages.mjs).
const starts = await startTimes(Object.values(PAGE_URLS));
const start = (name) => starts[PAGE_URLS[name]];

const results = { pages: Object.fromEntries(Object.entries(PAGE_URLS).map(([name, url]) => [name, { url, startToInstructions: start(name) }])) };
for (const name of ["ours", "oursFull", "peer"]) {
  const url = PAGE_URLS[name];
  const r = { download: sizes(FILES[name]) };
  {
    const { context, page, requests } = await freshPage();
    await page.goto(base + url);
    await page.waitForFunction(() => window.__tDom !== undefined, null, { timeout: 30_000 });
    await page.waitForTimeout(200);
    r.requests = { local: requests.local.length, blocked: requests.blocked.length, blockedTo: [...new Set(requests.blocked)] };
    await context.close();
  }
  // Re-renders and memory, in one page that mounts when told to.
  const { context, page, cdp } = await freshPage();
  await cdp.send("Performance.enable");
  await page.goto(base + url + "?manual");
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
server.stop();

const { ours, oursFull, peer } = results;
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "n/a");
const col = (s, w = 11) => String(s).padStart(w);

console.log(`${"".padEnd(40)}${col("ours")}${col("ours, full")}${col("Adyen Web")}${col("us/peer", 9)}${col("full/peer", 10)}`);
const pick = {
  "download, raw": [(r) => r.download.raw, kb],
  "download, gzip -9": [(r) => r.download.gzip, kb],
  "download, brotli 11": [(r) => r.download.brotli, kb],
  [`re-render, median of ${RERENDERS}`]: [(r) => r.rerender.median, (x) => x.toFixed(2) + " ms"],
  "re-render + forced layout": [(r) => r.rerenderWithLayout.median, (x) => x.toFixed(2) + " ms"],
  "memory added by mounting (JS heap + Wasm)": [(r) => r.memory.addedByMount, kb],
  [`memory growth over ${LEAK_RERENDERS} re-renders`]: [(r) => r.memory.growthOver200, kb, false],
};
for (const [label, [get, fmt, ratio = true]] of Object.entries(pick)) {
  const [a, b, c] = [get(ours), get(oursFull), get(peer)];
  console.log(`${label.padEnd(40)}${col(fmt(a))}${col(fmt(b))}${col(fmt(c))}${col(ratio ? (a / c).toFixed(2) : "", 9)}${col(ratio ? (b / c).toFixed(2) : "", 10)}`);
}
const req = (r) => `${r.requests.local} / ${r.requests.blocked}`;
console.log(`${"requests (loopback / blocked)".padEnd(40)}${col(req(ours))}${col(req(oursFull))}${col(req(peer))}`);
if (peer.requests.blockedTo.length) console.log(`the peer's blocked requests went to: ${peer.requests.blockedTo.join(", ")}`);
for (const r of [ours, oursFull]) if (r.requests.blockedTo.length) console.log(`our blocked requests went to: ${r.requests.blockedTo.join(", ")}`);

// Start to instructions: a table per page kind, with the floor and the ratios the budget uses.
const LABELS = {
  ours: "ours (instructions, as README embeds it)",
  oursNoHints: "ours without preload hints",
  oursFull: "ours, full package",
  oursServer: "ours, server-rendered (no script)",
  peer: "Adyen Web",
  floor: "floor: no widget, one Intl call",
  floorHints: "floor + our preload hints (downloads)",
};
/** A page's median on a page kind ("cold", "warm"), for one measure: in the DOM, laid out, painted. */
const at = (name, kind, measure) => {
  const s = start(kind === "warm" ? `${name} warm` : name);
  return measure === "inDom" ? s.median : s[measure].median;
};
/** (page − floor) / (peer − floor), the ratio every "above floor" figure and budget line uses. */
const aboveFloor = (name, kind, measure = "inDom") =>
  (at(name, kind, measure) - at("floor", kind, measure)) / (at("peer", kind, measure) - at("floor", kind, measure));
for (const kind of ["cold", "warm"]) {
  const key = (name) => (kind === "warm" ? `${name} warm` : name);
  const floor = at("floor", kind, "inDom");
  const peerMs = at("peer", kind, "inDom");
  console.log(`\nstart to instructions, ${kind} page (median of ${LOADS} loads, ms from the page's first script)`);
  console.log(
    `${"".padEnd(40)}${col("in DOM")}${col("min")}${col("max")}${col("- floor")}${col("/ peer", 9)}${col("above floor / peer's", 22)}${col("laid out", 11)}${col("above floor / peer's", 22)}${col("painted", 11)}${col("above floor / peer's", 22)}`,
  );
  for (const name of Object.keys(PAGES)) {
    const s = start(key(name));
    const above = s.median - floor;
    const ratio = (measure) => (name === "floor" ? "" : aboveFloor(name, kind, measure).toFixed(2));
    const ratios = name === "floor" ? ["", ""] : [(s.median / peerMs).toFixed(2), ratio("inDom")];
    const laid = ratio("laidOut");
    const painted = ratio("painted");
    const missing = s.painted.missing ? ` (${s.painted.missing} not reported)` : "";
    console.log(
      `${LABELS[name].padEnd(40)}${col(ms(s.median))}${col(ms(s.min))}${col(ms(s.max))}${col(name === "floor" ? "" : ms(above))}${col(ratios[0], 9)}${col(ratios[1], 22)}${col(ms(s.laidOut.median))}${col(laid, 22)}${col(ms(s.painted.median))}${col(painted, 22)}${missing}`,
    );
  }
}

// The budget (issue 14), line by line. Widgets count from the moment the instructions are in the
// DOM (the measure the figures were taken with); the server-rendered page, in the DOM as
// soon as the parser passes it, counts laid out, as the others are (a paint follows a layout;
// "painted" in the tables above is the first frame that showed the IBAN, on every page).
const lines = [];
const line = (label, ok, detail) => lines.push({ label, ok, detail });
for (const kind of ["cold", "warm"]) {
  const r = aboveFloor("ours", kind);
  line(`${kind} page: (ours - floor) <= 0.5x (peer - floor)`, r <= 0.5, `${r.toFixed(2)}x`);
}
const warmRatio = start("ours warm").median / start("peer warm").median;
line("warm page: ours <= 0.6x peer", warmRatio <= 0.6, `${warmRatio.toFixed(2)}x`);
for (const kind of ["cold", "warm"]) {
  const r = aboveFloor("oursServer", kind, "laidOut");
  line(`${kind} page, server-rendered: (ours - floor) <= 0.5x (peer - floor)`, r <= 0.5, `${r.toFixed(2)}x (laid out)`);
}
const rerender = ours.rerender.median / peer.rerender.median;
line("re-render <= 0.5x peer", rerender <= 0.5, `${rerender.toFixed(2)}x`);
line("memory added by mounting <= peer", ours.memory.addedByMount <= peer.memory.addedByMount, `${kb(ours.memory.addedByMount)} vs ${kb(peer.memory.addedByMount)}`);
line("instructions module <= 45 KB gz", ours.download.gzip <= 45 * 1024, `${ours.download.gzip} B (${kb(ours.download.gzip)})`);
console.log("\nbudget");
for (const { ok, label, detail } of lines) console.log(`  ${ok ? "met   " : "MISSED"} ${label.padEnd(62)} ${detail}`);
results.budget = lines;
writeFileSync("bench/results.json", JSON.stringify({ date: new Date().toISOString(), loads: LOADS, results }, null, 2));
