// A/B of builds of the instructions module, phase by phase, on the bench's cold and warm pages:
// when the page's module is evaluated, how long `init()` takes, how long the first render takes,
// and when the IBAN is in the DOM, against the floor — loads interleaved, medians. Whole-page
// medians move by ±10 ms between runs here; the phases show where a change acts.
//
// Usage: node bench/phases.mjs LOADS BUILD...   BUILD: a copy of pkg/instructions under pkg/
// (e.g. `cp -r pkg/instructions pkg/try-x`, edit, then `node bench/phases.mjs 41 base try-x`);
// any other name is pkg/instructions itself ("base"). Page variants by name: "nowasmhint" drops
// the Wasm's preload, "nomodhint" the module's modulepreload, "headmod" loads the glue as an async
// module script in the head instead of its modulepreload (so that a build which starts its Wasm
// from the glue's top level starts it while the page parses).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../scripts/chromium.mjs";
import { startServer, writePages } from "./pages.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const GEN = join(ROOT, "bench/page/gen");
const [loads, ...builds] = process.argv.slice(2);
if (!Number(loads) || !builds.length) throw new Error("usage: node bench/phases.mjs LOADS BUILD...");

await writePages();
const urls = {};
for (const build of builds) {
  const dir = existsSync(join(ROOT, "pkg", build)) ? `/pkg/${build}/` : "/pkg/instructions/";
  const dropped = { nowasmhint: 'as="fetch"', nomodhint: 'rel="modulepreload"' };
  // The page's module, with the three marks (ms from the page's first script).
  writeFileSync(
    join(GEN, `phases-${build}.js`),
    `import init, { renderInstructions } from "${dir}bank_transfer_checkout.js";
const evaluated = performance.now();
await init();
const initialized = performance.now();
renderInstructions(document.getElementById("pay"), bench.nextAction(), { locale: "en-US" });
const rendered = performance.now();
console.debug("phases " + [evaluated, initialized, rendered].map((t) => t - window.__t0).join(" "));
`,
  );
  for (const warm of ["", "-warm"]) {
    let html = readFileSync(join(GEN, `ours${warm}.html`), "utf8")
      .replaceAll("/pkg/instructions/", dir)
      .replace("/bench/bench.js", `/bench/gen/phases-${build}.js`);
    for (const [variant, line] of Object.entries(dropped)) {
      if (build.includes(variant)) html = html.split("\n").filter((l) => !l.includes(line)).join("\n");
    }
    if (build.includes("headmod")) html = html.replace(/<link rel="modulepreload" href="([^"]+)">/, '<script type="module" async src="$1"></script>');
    writeFileSync(join(GEN, `phases-${build}${warm}.html`), html);
    urls[build + warm] = `/bench/gen/phases-${build}${warm}.html`;
  }
}
for (const warm of ["", "-warm"]) urls[`floor${warm}`] = `/bench/gen/floor${warm}.html`;

const server = await startServer();
const browser = await launch(["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]);
const marks = Object.fromEntries(Object.keys(urls).map((key) => [key, []]));
for (let i = 0; i < Number(loads); i++) {
  for (const [key, url] of Object.entries(urls)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const logged = new Promise((resolve) =>
      page.on("console", (message) => {
        const [tag, ...times] = message.text().split(" ");
        if (tag === "phases") resolve(times.map(Number));
        // The floor has one phase: its text in the DOM.
        if (tag === "bench:instructions" && key.startsWith("floor")) resolve([0, 0, Number(times[0])]);
      }),
    );
    await page.goto(server.base + url, { waitUntil: "commit" });
    marks[key].push(await logged);
    await context.close();
  }
}
await browser.close();
server.stop();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (x) => x.toFixed(1).padStart(6);
for (const warm of ["", "-warm"]) {
  const floor = median(marks[`floor${warm}`].map((m) => m[2]));
  console.log(`${warm ? "warm" : "cold"} page, median of ${loads} (ms): floor ${ms(floor)}`);
  console.log(`  ${"build".padEnd(16)} evaluated   init() first render   in DOM  above floor`);
  for (const build of builds) {
    const m = marks[build + warm];
    const inDom = median(m.map((x) => x[2]));
    const row = [median(m.map((x) => x[0])), median(m.map((x) => x[1] - x[0])), median(m.map((x) => x[2] - x[1])), inDom, inDom - floor];
    console.log(`  ${build.padEnd(16)} ${row.map(ms).join("      ")}`);
  }
}
