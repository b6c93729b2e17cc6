// The live checkout and the backend, measured: mountCheckout call -> instructions visible and a
// country choice -> the new IBAN visible (release backend in sandbox mode, headless Chromium),
// then requests/s and latency of POST /api/checkout (a known order) and GET
// /v1/payment_intents/{id} (publishable key) with wrk, 2 threads, 32 connections, 10 s each.
// Usage: node bench/checkout.mjs BACKEND_BINARY   (run by npm run bench)
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../scripts/chromium.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const binary = process.argv[2];
const RUNS = 11;
const data = mkdtempSync(join(tmpdir(), "btc-bench-"));
const backend = spawn(binary, [], {
  // No per-IP rate limit: wrk is one address sending thousands of requests a second.
  env: { ...process.env, PORT: "0", DATABASE_PATH: join(data, "bench.sqlite"), STATIC_ROOT: root, CHECKOUT_RATE_PER_MINUTE: "0" },
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((resolve, reject) => {
  backend.stdout.on("data", (chunk) => {
    const match = /http:\/\/[\d.:]+/.exec(String(chunk));
    if (match) resolve(match[0]);
  });
  setTimeout(() => reject(new Error("the backend did not start")), 20_000);
});

const browser = await launch(["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]);
const mount = [];
const country = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage();
  await page.goto(`${base}/examples.html?locale=en-US`);
  await page.waitForSelector("html[data-rendered]");
  const [a, b] = await page.evaluate(async (order) => {
    const { mountCheckout } = await import("/pkg/web/bank_transfer_checkout.js");
    const el = document.createElement("div");
    document.body.append(el);
    const t0 = performance.now();
    await mountCheckout(el, { clientSecretUrl: "/api/checkout", order, locale: "en-US" });
    const t1 = performance.now();
    const changed = new Promise((resolve) => el.addEventListener("banktransfer:country-changed", resolve, { once: true }));
    const select = el.querySelector("select");
    // Another country than the one shown (which one the PaymentIntent starts with is Stripe's choice).
    const other = [...select.options].find((option) => option.value !== select.value).value;
    const t2 = performance.now();
    select.value = other;
    select.dispatchEvent(new Event("change"));
    // A broken country flow fails the bench instead of leaving it waiting.
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error("no banktransfer:country-changed within 10 s")), 10_000);
    });
    await Promise.race([changed, late]).finally(() => clearTimeout(timer));
    return [t1 - t0, performance.now() - t2];
  }, `eu-bench${i}-${Date.now()}`);
  mount.push(a);
  country.push(b);
  await page.close();
}
await browser.close();

const median = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const results = {
  mountToInstructionsMs: { median: median(mount), min: Math.min(...mount), max: Math.max(...mount) },
  countryToIbanMs: { median: median(country), min: Math.min(...country), max: Math.max(...country) },
};
console.log(`\nThe live checkout (release backend, sandbox, ${RUNS} runs; the module already initialised):`);
console.log(`  mountCheckout -> instructions visible   median ${results.mountToInstructionsMs.median.toFixed(1)} ms (min ${results.mountToInstructionsMs.min.toFixed(1)}, max ${results.mountToInstructionsMs.max.toFixed(1)})`);
console.log(`  country choice -> new IBAN visible     median ${results.countryToIbanMs.median.toFixed(1)} ms (min ${results.countryToIbanMs.min.toFixed(1)}, max ${results.countryToIbanMs.max.toFixed(1)})`);

/** Runs wrk (Debian's) and reads requests/s and the p50/p99 latencies from its report. */
function wrk(args) {
  const out = execFileSync("wrk", ["-t2", "-c32", "-d10s", "--latency", ...args], { encoding: "utf8" });
  const ms = (label) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : NaN;
  };
  return { requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p50Ms: ms("50"), p99Ms: ms("99") };
}
const checkout = await (await fetch(`${base}/api/checkout`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"order":"eu-load"}' })).json();
const id = checkout.clientSecret.split("_secret_")[0];
const script = join(data, "post.lua");
writeFileSync(script, 'wrk.method = "POST"\nwrk.body = \'{"order":"eu-load"}\'\nwrk.headers["Content-Type"] = "application/json"\n');
results.backend = {
  checkout: wrk(["-s", script, `${base}/api/checkout`]),
  retrieve: wrk([`${base}/v1/payment_intents/${id}?client_secret=${checkout.clientSecret}&key=${checkout.publishableKey}`]),
};
backend.kill();
rmSync(data, { recursive: true, force: true });
console.log(`\nThe backend (sandbox mode, wrk -t2 -c32 -d10s on loopback; 2 cores shared with wrk):`);
for (const [name, r] of Object.entries(results.backend)) {
  const label = name === "checkout" ? "POST /api/checkout (known order)" : "GET /v1/payment_intents/{id}";
  console.log(`  ${label.padEnd(36)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2)} ms   p99 ${r.p99Ms.toFixed(2)} ms`);
}
const file = join(root, "bench/results.json");
const all = JSON.parse(readFileSync(file, "utf8"));
writeFileSync(file, JSON.stringify({ ...all, checkout: results }, null, 2));
