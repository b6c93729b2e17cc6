// Where a bench page's start-to-instructions goes: one fresh load traced over CDP (Chromium's
// tracing: requests, script evaluation, Wasm compilation and instantiation, the widget's calls,
// style/layout/paint), printed as a timeline in ms from the page's start (`window.__t0`).
// Usage: node bench/profile.mjs [PAGE ...] [--runs N]   (after `npm run build` and the peer's
// build; default pages: the warm page of ours, the peer and the floor). The median run is printed.
import { launch } from "../scripts/chromium.mjs";
import { instructionsTime, startServer } from "./pages.mjs";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 5;
const PAGES = args.length ? args : ["/bench/gen/ours-warm.html", "/bench/gen/peer-warm.html", "/bench/gen/floor-warm.html"];

const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "v8",
  "v8.wasm",
  "v8.execute",
  "blink.user_timing",
  "loading",
];

const server = await startServer();
const { base } = server;
const browser = await launch(["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]);

/** One traced load of `path`: its trace events and the page's own marks. */
async function trace(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const events = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: CATEGORIES }, transferMode: "ReportEvents" });
  await instructionsTime(page, base + path);
  await page.waitForTimeout(100);
  const marks = await page.evaluate(() => ({
    t0: window.__t0,
    tDom: window.__tDom,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
  }));
  await cdp.send("Tracing.end");
  await complete;
  await context.close();
  return { events, marks };
}

/** The lines of the timeline: [start ms, duration ms, what]. */
function timeline({ events, marks }) {
  // Trace timestamps (µs) and the page's performance.now() (ms) have different origins: the
  // first contentful paint, known to both, anchors one to the other.
  const fcp = events.find((e) => e.name === "firstContentfulPaint");
  const zero = fcp.ts / 1000 - marks.fcp + marks.t0;
  const at = (e) => e.ts / 1000 - zero;
  const lines = [];
  const requests = new Map();
  for (const e of events) {
    const data = e.args?.data ?? {};
    if (e.name === "ResourceSendRequest") requests.set(data.requestId, { url: data.url, start: at(e) });
    if (e.name === "ResourceFinish" && requests.has(data.requestId)) requests.get(data.requestId).end = at(e);
  }
  for (const r of requests.values()) {
    const name = new URL(r.url).pathname.split("/").slice(-2).join("/");
    lines.push([r.start, (r.end ?? r.start) - r.start, `request ${name}`]);
  }
  const interesting = /^(EvaluateScript|v8\.compileModule|v8\.evaluateModule|FunctionCall|ParseHTML|Layout|UpdateLayoutTree|Paint|firstContentfulPaint|firstPaint|wasm\.|v8\.wasm\.|V8\.Wasm|TimerFire|FireAnimationFrame|RunMicrotasks|v8\.callFunction)/;
  for (const e of events) {
    if (!interesting.test(e.name) || (e.ph !== "X" && e.ph !== "I" && e.ph !== "R" && e.ph !== "b")) continue;
    const dur = (e.dur ?? 0) / 1000;
    if (e.ph === "X" && dur < 0.3 && !e.name.startsWith("wasm") && !e.name.includes("Wasm")) continue;
    const data = e.args?.data ?? {};
    const where = data.url ? " " + new URL(data.url, base).pathname.split("/").slice(-1)[0] : data.functionName ? ` ${data.functionName}` : "";
    lines.push([at(e), dur, e.name + where]);
  }
  lines.push([marks.tDom - marks.t0, 0, "INSTRUCTIONS IN THE DOM (__tDom)"]);
  lines.sort((a, b) => a[0] - b[0]);
  // Runs of one small event (V8 compiling Wasm functions lazily, one by one) as one line.
  const merged = [];
  for (const line of lines) {
    const last = merged[merged.length - 1];
    if (last && last[2].startsWith(line[2]) && line[2].startsWith("wasm.") && line[0] - (last[0] + last[1]) < 2) {
      last[1] = line[0] + line[1] - last[0];
      last[3] = (last[3] ?? 1) + 1;
      last[4] = (last[4] ?? last[1]) + line[1];
    } else merged.push([...line]);
  }
  return merged
    .filter(([t]) => t > -60 && t < marks.tDom - marks.t0 + 30)
    .map(([t, dur, what, n, busy]) => [t, dur, n ? `${what} x${n} (busy ${busy.toFixed(1)} ms)` : what]);
}

for (const path of PAGES) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await trace(path));
  runs.sort((a, b) => a.marks.tDom - a.marks.t0 - (b.marks.tDom - b.marks.t0));
  const median = runs[Math.floor(runs.length / 2)];
  const total = (r) => (r.marks.tDom - r.marks.t0).toFixed(1);
  console.log(`\n${path}: start to instructions ${total(median)} ms (median of ${RUNS}: ${runs.map(total).join(", ")})`);
  for (const [t, dur, what] of timeline(median)) {
    console.log(`${t.toFixed(1).padStart(8)} ms ${dur ? `+${dur.toFixed(1)}`.padStart(8) : "".padStart(8)}  ${what}`);
  }
}
await browser.close();
server.stop();
