// The ways merchants embed the package, each from the packed tarball (`npm pack`), as a
// merchant gets it: the custom element from a plain page with one <script type="module"> (no
// build step), and a Vite app that npm-installs the tarball (its types checked by tsc, its
// .wasm handled by the bundler), with a React wrapper for the framework path. Both served by the real backend, under the strict CSP.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../scripts/chromium.mjs";
import { ROOT, axe, seriousViolations, startBackend, strictPage } from "./support.mjs";

const VITE_APP = join(ROOT, "examples", "vite-app");
let work;
let backend;
let browser;
/** One shopper for every page: the example pages' live orders are this shopper's. */
let session;

const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

before(async () => {
  work = mkdtempSync(join(tmpdir(), "btc-embed-"));
  const tarball = join(work, run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], ROOT).trim().split("\n").pop());
  // The plain page, with the package where `npm install` puts it.
  const www = join(work, "site", "www");
  cpSync(join(ROOT, "examples", "script-tag"), www, { recursive: true, filter: (src) => !src.includes("node_modules") });
  const installed = join(www, "node_modules", "bank-transfer-checkout");
  mkdirSync(installed, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], work);
  // The Vite app: its own locked dev-dependencies, then the tarball; built into the site.
  run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], VITE_APP);
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", tarball], VITE_APP);
  run("npx", ["vite", "build", "--logLevel", "warn", "--emptyOutDir", "--outDir", join(www, "vite")], VITE_APP);
  backend = await startBackend({ staticRoot: join(work, "site"), databasePath: join(work, "checkout.sqlite") });
  browser = await launch();
  const [name, value] = (await fetch(`${backend.base}/api/session`)).headers.get("set-cookie").split(";")[0].split("=");
  session = { name, value, url: backend.base };
});

after(async () => {
  await browser?.close();
  backend?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Opens `path` under the strict CSP, recording every banktransfer:* event that reaches the document. */
async function open(path, options) {
  const opened = await strictPage(browser, options);
  await opened.context.addCookies([session]);
  await opened.page.addInitScript(() => {
    window.__events = [];
    for (const type of ["ready", "country-changed", "partially-funded", "succeeded", "error"]) {
      document.addEventListener(`banktransfer:${type}`, (e) => window.__events.push(`${e.target.id || e.target.localName} ${type} ${JSON.stringify(e.detail)}`));
    }
  });
  await opened.page.goto(backend.base + path);
  const events = () => opened.page.evaluate(() => window.__events);
  return { ...opened, events };
}

test("the Vite app type-checks against the package's types, and a wrong option name does not", () => {
  run("npx", ["tsc", "--noEmit"], VITE_APP);
  const wrong = spawnSync("npx", ["tsc", "--noEmit", "-p", "tsconfig.wrong.json"], { cwd: VITE_APP, encoding: "utf8" });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stdout, /error TS2561: .*'clientSecretURL' does not exist in type 'CheckoutOptions'. Did you mean to write 'clientSecretUrl'\?/);
});

test("script tag: the element runs the live checkout and renders instructions, no CSP violation", async () => {
  const { context, page, problems, events } = await open("/");
  const live = page.locator("#live");
  await live.locator("[data-field='iban.iban']").waitFor();
  // A new visitor is a guest in Germany: a German IBAN without choosing.
  assert.match(await live.locator("[data-field='iban.iban']").textContent(), /^DE\d\d( \w{4}){4} \w{2}$/);
  // Render-only, from the next-action attribute: Japanese, yen not divided by 100.
  const jp = page.locator("#render-only");
  assert.equal(await jp.locator("[data-field=amount_remaining]").textContent(), "￥19,000");
  assert.equal(await jp.locator("section.btc").getAttribute("lang"), "ja");
  // The styles came with it, inside the shadow root (the page has no stylesheet of ours).
  assert.equal(await jp.locator("section.btc").evaluate((el) => getComputedStyle(el).maxInlineSize), "640px");
  // The merchant's test contract through the open shadow root.
  assert.equal(await page.evaluate(() => document.querySelector("#render-only").shadowRoot.querySelector("[data-field='zengin.bank_code']").textContent), "0009");
  // Events re-dispatched from the element, composed: seen on the document.
  await live.locator("select").selectOption("FR");
  await page.waitForFunction(() => window.__events.some((e) => e.includes("country-changed")));
  assert.deepEqual((await events()).sort(), [
    'live country-changed {"country":"FR"}',
    'live ready {"status":"requires_action"}',
    'render-only ready {"language":"ja"}',
  ]);
  assert.match(await live.locator("[data-field='iban.iban']").textContent(), /^FR\d\d /);
  assert.deepEqual(seriousViolations(await axe(page, "bank-transfer-checkout")), [], "axe, through the shadow roots");
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("the element's theme: dark by the reader's preference, or forced by the theme attribute", async () => {
  const { context, page, problems } = await open("/", { colorScheme: "dark" });
  const section = page.locator("#render-only section.btc");
  await section.waitFor();
  const background = () => section.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await background(), "rgb(18, 21, 31)"); // --btc-bg, dark
  assert.deepEqual(seriousViolations(await axe(page, "bank-transfer-checkout")), [], "axe in dark mode");
  await page.locator("#render-only").evaluate((el) => el.setAttribute("theme", "light"));
  await page.waitForFunction(() => getComputedStyle(document.querySelector("#render-only").shadowRoot.querySelector("section.btc")).backgroundColor === "rgb(255, 255, 255)");
  // A merchant's custom property crosses the shadow boundary (custom properties inherit).
  await page.locator("#render-only").evaluate((el) => el.style.setProperty("--btc-bg", "rgb(1, 2, 3)"));
  assert.equal(await background(), "rgb(1, 2, 3)");
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("the element re-renders on attribute changes, reports bad input, and cleans up when removed", async () => {
  const { context, page, problems, events } = await open("/");
  const jp = page.locator("#render-only");
  await jp.locator("[data-field=amount_remaining]").waitFor();
  // A new amount patches in place: the focused copy button keeps focus.
  await jp.locator("[data-copy-for='zengin.account_number']").focus();
  await jp.evaluate((el) => {
    const next = JSON.parse(el.getAttribute("next-action"));
    next.display_bank_transfer_instructions.amount_remaining = 4000;
    el.setAttribute("next-action", JSON.stringify(next));
  });
  await page.waitForFunction(() => document.querySelector("#render-only").shadowRoot.querySelector("[data-field=amount_remaining]").textContent === "￥4,000");
  assert.equal(await jp.evaluate((el) => el.shadowRoot.activeElement?.dataset.copyFor), "zengin.account_number");
  // Two attributes in one task: one render, in German, headings one level up.
  await jp.evaluate((el) => {
    el.setAttribute("locale", "de-DE");
    el.setAttribute("heading-level", "2");
  });
  await page.waitForFunction(() => document.querySelector("#render-only").shadowRoot.querySelector("section.btc").lang === "de");
  assert.equal(await jp.locator("h2.btc-title").count(), 1);
  assert.equal(await jp.locator("[data-field=amount_remaining]").textContent(), "4.000\u00a0¥");
  // Bad JSON: a typed error event, and what was on screen stays.
  await jp.evaluate((el) => el.setAttribute("next-action", "{not json"));
  await page.waitForFunction(() => window.__events.some((e) => e.includes(" error ")));
  assert.equal(await jp.locator("[data-field=amount_remaining]").textContent(), "4.000\u00a0¥");
  const errors = (await events()).filter((e) => e.includes(" error "));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^render-only error \{"code":"invalid_next_action","message":".+"\}$/);
  // A bad attribute on the live element: a typed error event, not silence.
  await page.evaluate(() => {
    const el = document.createElement("bank-transfer-checkout");
    el.id = "bad";
    el.setAttribute("client-secret-url", "/api/checkout");
    el.setAttribute("order", "eu-script-tag");
    el.setAttribute("heading-level", "9");
    document.querySelector("main").append(el);
  });
  await page.waitForFunction(() => window.__events.some((e) => e.startsWith("bad error")));
  assert.match((await events()).find((e) => e.startsWith("bad error")), /^bad error \{"code":"invalid_options"/);
  await page.evaluate(() => document.querySelector("#bad").remove());
  // Removed: the live checkout stops (no more polling), the shadow root is emptied.
  await page.locator("#live [data-field='iban.iban']").waitFor();
  const polls = [];
  page.on("request", (r) => r.url().includes("/v1/payment_intents/") && polls.push(r.url()));
  await page.evaluate(() => document.querySelector("#live").remove());
  await page.waitForTimeout(3500); // past the first poll's 3 s delay
  assert.deepEqual(polls, []);
  // Put back: it mounts again.
  await page.evaluate(() => {
    const el = document.createElement("bank-transfer-checkout");
    el.id = "again";
    el.setAttribute("client-secret-url", "/api/checkout");
    el.setAttribute("order", "eu-script-tag");
    document.querySelector("main").append(el);
  });
  await page.locator("#again [data-field='iban.iban']").waitFor();
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("Vite build: renderInstructions, the element, a React wrapper and mountCheckout from the bundle, no CSP violation", async () => {
  const { context, page, problems } = await open("/vite/");
  // Each part logs when it has rendered, in no fixed order (React's render and the Dutch table's
  // download can finish after the live checkout's): wait for all five, then compare them exactly.
  await page.waitForFunction(
    (parts) => parts.every((part) => (document.documentElement.dataset.log ?? "").includes(`${part}:`)),
    ["checkout", "element", "error", "react", "rendered"],
    { timeout: 20_000 },
  );
  const log = (await page.evaluate(() => document.documentElement.dataset.log)).split(";").filter(Boolean).sort();
  assert.deepEqual(log, ["checkout:requires_action", "element:fr", "error:invalid_next_action", "react:nl", "rendered:de"]);
  assert.equal(await page.locator("#pay [data-field=amount_remaining]").textContent(), "10,99\u00a0€");
  assert.equal(await page.locator("#element-slot [data-field=amount_remaining]").textContent(), "10,99\u00a0€");
  // The React wrapper: same element, Dutch.
  assert.equal(await page.locator("#react-root [data-field=amount_remaining]").textContent(), "€\u00a010,99");
  // The merchant offered FR and NL; the intent was opened in DE (the shopper's country): the
  // selector names DE, never a blank.
  assert.match(await page.locator("#live [data-field='iban.iban']").textContent(), /^DE\d\d /);
  assert.deepEqual(await page.locator("#live select option").evaluateAll((o) => o.map((x) => `${x.value}:${x.selected}`)), ["DE:true", "FR:false", "NL:false"]);
  assert.deepEqual(await problems(), []);
  await context.close();
});
