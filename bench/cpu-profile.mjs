// Which functions a bench page's load spends its main thread in: V8's sampling profiler (50 µs)
// over fresh loads, self time per function averaged over the loads, the top rows printed. Where
// bench/profile.mjs says *when* things happen, this says *what* costs: the glue's import shims
// (by column: the glue is minified to two lines) and the Wasm functions by index — name them with
// a build that keeps its names (`wasm-opt … -g`, then `wasm-dis`: index = imports + defined order).
// Usage: node bench/cpu-profile.mjs [PAGE] [--runs N]   (after `node bench/run.mjs 1` wrote the
// pages; default: our warm page, 10 loads)
import { launch } from "../scripts/chromium.mjs";
import { instructionsTime, startServer } from "./pages.mjs";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 10;
const PAGE = args[0] ?? "/bench/gen/ours-warm.html";
const TOP = 40;

const server = await startServer();
const browser = await launch(["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]);

/** Self time (ms) per function of one fresh, profiled load. */
async function profiledLoad() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  await instructionsTime(page, server.base + PAGE);
  const { profile } = await cdp.send("Profiler.stop");
  await context.close();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    const file = frame.url.split("/").pop();
    const key = `${frame.functionName || "(anonymous)"}  ${file}${file ? `:${frame.lineNumber}:${frame.columnNumber}` : ""}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return self;
}

const total = new Map();
for (let run = 0; run < RUNS; run++) {
  for (const [key, ms] of await profiledLoad()) total.set(key, (total.get(key) ?? 0) + ms);
}
console.log(`${PAGE}: self time per load, mean of ${RUNS} profiled loads (the profiler slows the page down)`);
for (const [key, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`${(ms / RUNS).toFixed(2).padStart(8)} ms  ${key}`);
}
await browser.close();
server.stop();
