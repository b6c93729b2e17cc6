// The benchmark's pages, written into bench/page/gen/ (served as /bench/gen/) from one template
// so that they differ only in what they measure. Each widget has a cold page (a fresh page,
// nothing formatted yet) and a warm one (the page formatted its own price with Intl before the
// widget loads, as checkout pages do: bench/page/price.js). The bench serves them without a
// Content-Security-Policy (the peer is built for ordinary pages), so the start mark is inline.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import "./page/payment.js"; // globalThis.bench

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "bench/page/gen");

/** What README and docs/api.md recommend to a page that shows instructions: the module and its
 *  Wasm announced in the head, so that both download while the page parses. */
const RECOMMENDED_HINTS = [
  '<link rel="modulepreload" href="/pkg/instructions/bank_transfer_checkout.js">',
  '<link rel="preload" href="/pkg/instructions/bank_transfer_checkout_bg.wasm" as="fetch" type="application/wasm" crossorigin>',
];

/** name → what the page loads: stylesheet, head hints, module script, and what #pay holds. */
export const PAGES = {
  // The instructions module as the README recommends embedding it (init() brings its stylesheet).
  ours: { head: RECOMMENDED_HINTS, script: "/bench/bench.js" },
  // The same without the hints.
  oursNoHints: { script: "/bench/bench.js" },
  // The whole package (live checkout included).
  oursFull: { script: "/bench/bench-full.js" },
  // Server-rendered instructions (renderInstructionsToString), hydrated by the full package; the
  // stylesheet linked, for the first paint.
  oursServer: { css: "/pkg/bank-transfer-checkout.css", script: "/bench/hydrate.js", serverRendered: true },
  // The peer as its docs say: its bundle and its stylesheet.
  peer: { css: "/bench-peer/adyen.css", script: "/bench/peer.js" },
  // No widget: one module level, one Intl.NumberFormat, the text into the DOM.
  floor: { script: "/bench/floor.js" },
  // The floor plus our preload hints: our files downloaded, nothing of ours run (what the downloads
  // alone cost the page).
  floorHints: { head: RECOMMENDED_HINTS, script: "/bench/floor.js" },
};

/** The instructions as a server sends them (the full package's renderInstructionsToString). */
async function serverMarkup() {
  const glue = join(ROOT, "pkg/web/bank_transfer_checkout.js");
  const { initSync, renderInstructionsToString } = await import(glue);
  initSync({ module: readFileSync(join(ROOT, "pkg/web/bank_transfer_checkout_bg.wasm")) });
  const markup = renderInstructionsToString(globalThis.bench.nextAction(), { locale: "en-US" });
  // Element Timing on the IBAN from the first byte (bench/page/mark.js), as a merchant measuring
  // the page would mark it: the parser may paint it before mark.js runs.
  const iban = 'data-field="iban.iban"';
  if (!markup.includes(iban)) throw new Error(`the server-rendered markup has no ${iban}`);
  return markup.replace(iban, `${iban} elementtiming="iban"`);
}

/** The harness's own scripts, inlined (the bench serves no Content-Security-Policy): as files they
 *  were two more requests on every page, which loopback on two cores made the pages with more
 *  requests of their own pay more for. */
const HARNESS = Object.fromEntries(
  ["mark", "payment"].map((name) => [name, readFileSync(join(ROOT, `bench/page/${name}.js`), "utf8").trim()]),
);

function html(name, page, warm, markup) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <script>window.__t0 = performance.now();</script>
  <title>bench: ${name}${warm ? " (warm)" : ""}</title>
  ${[page.css && `<link rel="stylesheet" href="${page.css}">`, ...(page.head ?? [])].filter(Boolean).join("\n  ")}
</head>
<body>
  <p>Order total: <span id="price">EUR 10.99</span></p>
  ${warm ? '<script src="/bench/price.js"></script>' : ""}
  <div id="pay">${page.serverRendered ? markup : ""}</div>
  <script>
${HARNESS.mark}
  </script>
  <script>
${HARNESS.payment}
  </script>
  <script type="module" src="${page.script}"></script>
</body>
</html>
`;
}

/** Writes every page, cold and warm; returns their URLs by name ("ours", "ours warm", …). */
export async function writePages() {
  mkdirSync(OUT, { recursive: true });
  const markup = await serverMarkup();
  const urls = {};
  for (const [name, page] of Object.entries(PAGES)) {
    for (const warm of [false, true]) {
      const file = `${name}${warm ? "-warm" : ""}.html`;
      writeFileSync(join(OUT, file), html(name, page, warm, markup));
      urls[warm ? `${name} warm` : name] = `/bench/gen/${file}`;
    }
  }
  return urls;
}

/** Loads `url` and resolves to its start-to-instructions as the page logs it (bench/page/mark.js):
 *  `{ inDom, laidOut, painted }`, ms. */
export function instructionsTime(page, url) {
  const logged = new Promise((resolve) => {
    page.on("console", (message) => {
      const [tag, inDom, laidOut, painted] = message.text().split(" ");
      if (tag === "bench:instructions") resolve({ inDom: Number(inDom), laidOut: Number(laidOut), painted: Number(painted) });
    });
  });
  return page.goto(url, { waitUntil: "commit" }).then(() => logged);
}

/** The pages' server (scripts/serve.mjs, no Content-Security-Policy) in a process of its own: in
 *  the benchmark's process it answered late whenever Playwright was busy with the browser's
 *  events, which a page with more requests paid more for. Resolves to its base URL and a stop. */
export function startServer() {
  const server = spawn(process.execPath, [join(ROOT, "scripts/serve.mjs"), "0"], {
    env: { ...process.env, CSP: "off" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.stdout.once("data", (line) => {
      const base = /http:\/\/[\d.]+:\d+/.exec(String(line))?.[0];
      if (!base) return reject(new Error(`the page server said: ${line}`));
      resolve({ base, stop: () => server.kill() });
    });
  });
}
