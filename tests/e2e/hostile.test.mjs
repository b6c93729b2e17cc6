// Hostile input in the browser (tests/fixtures/hostile.mjs: 300+ payloads). For each: no
// script runs, no Wasm trap, no uncaught exception, either a render or a typed error, no markup
// or non-https link in the DOM, and the module still renders the next call. Served WITHOUT a
// CSP: the module must be safe on a merchant page that has none. Outcomes go to
// test-results/hostile.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HOSTILE, SCRIPTS, UNICODE_NAMES, build } from "../fixtures/hostile.mjs";
import { ROOT, staticSite } from "./support.mjs";

const GOOD = JSON.parse(readFileSync(join(ROOT, "reference", "examples", "next_action.eu_bank_transfer.docs.json"), "utf8")).next_action;
const site = staticSite({ csp: false });

/** The examples page, rendered, with its page errors and console errors collected. */
async function examplesPage() {
  const page = await site.browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${site.base}/examples.html?locale=en-US`);
  await page.waitForSelector("html[data-rendered]");
  return { page, problems };
}

test(`${HOSTILE.length} hostile payloads: a render or a typed error, never a script, a trap or a broken module`, async (t) => {
  const { page, problems } = await examplesPage();
  // The canary works: the same markup through innerHTML (what the module never does) runs.
  const control = await page.evaluate(async (markup) => {
    const div = document.createElement("div");
    div.innerHTML = markup;
    document.body.append(div);
    await new Promise((r) => setTimeout(r, 300));
    const seen = window.__pwned;
    div.remove();
    delete window.__pwned;
    return seen;
  }, SCRIPTS[1]);
  assert.equal(control, "img");
  problems.length = 0; // the control's image 404s, by design
  const results = await page.evaluate(
    async ({ cases, good, buildSource }) => {
      const build = new Function(`return ${buildSource}`)();
      const { renderInstructions } = await import("/pkg/web/bank_transfer_checkout.js");
      const out = [];
      for (const c of cases) {
        const slot = document.createElement("div");
        document.body.append(slot);
        let outcome;
        const issues = [];
        try {
          const view = renderInstructions(slot, build(c.payload), { locale: "en-US" });
          outcome = "render";
          for (const el of slot.querySelectorAll("script, img, svg, iframe, object, embed, style, link, form, input")) issues.push(`<${el.localName}> in the DOM`);
          for (const el of slot.querySelectorAll("*")) {
            for (const attr of el.attributes) if (attr.name.startsWith("on")) issues.push(`${attr.name} attribute`);
          }
          for (const a of slot.querySelectorAll("a")) if (!/^https:\/\//i.test(a.getAttribute("href") ?? "")) issues.push(`link to ${a.getAttribute("href")}`);
          const holder = slot.querySelector("[data-field='iban.account_holder_name']")?.textContent;
          view.destroy();
          if (slot.childNodes.length) issues.push("destroy left nodes");
          out.push({ name: c.name, outcome, issues, holder });
        } catch (error) {
          outcome = error?.name === "BankTransferError" && typeof error.code === "string" ? `error:${error.code}` : `UNTYPED ${error?.name}: ${error?.message}`;
          if (slot.childNodes.length) issues.push("a failed render left nodes");
          out.push({ name: c.name, outcome, issues });
        }
        // The module keeps working: the next call renders.
        const probe = document.createElement("div");
        try {
          renderInstructions(probe, good, { locale: "en-US" }).destroy();
        } catch (error) {
          out.at(-1).issues.push(`the next call failed: ${error}`);
        }
        slot.remove();
      }
      await new Promise((r) => setTimeout(r, 500)); // an onerror would have fired by now
      return { out, pwned: window.__pwned ?? null };
    },
    { cases: HOSTILE, good: GOOD, buildSource: build.toString() },
  );
  assert.equal(results.pwned, null, "a payload ran a script");
  assert.deepEqual(problems, []);
  const tally = {};
  for (const [i, r] of results.out.entries()) {
    tally[r.outcome] = (tally[r.outcome] ?? 0) + 1;
    assert.deepEqual(r.issues, [], r.name);
    assert.ok(r.outcome === "render" || r.outcome.startsWith("error:"), `${r.name}: ${r.outcome}`);
    const expect = HOSTILE[i].expect;
    if (expect) assert.equal(r.outcome, expect === "render" ? "render" : `error:${expect}`, r.name);
  }
  // Unicode holder names: shown exactly as received (no normalisation, no stripped marks).
  for (const [i, name] of UNICODE_NAMES.entries()) {
    assert.equal(results.out.find((r) => r.name === `unicode holder name ${i + 1}`).holder, name);
  }
  mkdirSync(join(ROOT, "test-results"), { recursive: true });
  writeFileSync(join(ROOT, "test-results", "hostile.json"), JSON.stringify({ tried: results.out.length, outcomes: tally, cases: results.out }, null, 2));
  t.diagnostic(`${results.out.length} payloads: ${JSON.stringify(tally)}`);
  await page.close();
});

// The same payloads through renderInstructionsToString (what a merchant's server puts in its page
// or email): escaped by construction. The string goes live into the page through innerHTML, as a
// server-rendered page would be parsed, and nothing may run or carry markup of the payload's.
test(`${HOSTILE.length} hostile payloads rendered to a string: escaped, no element or attribute of theirs, nothing runs`, async (t) => {
  const { page, problems } = await examplesPage();
  const results = await page.evaluate(
    async ({ cases, buildSource }) => {
      const build = new Function(`return ${buildSource}`)();
      const { renderInstructionsToString } = await import("/pkg/web/bank_transfer_checkout.js");
      const ALLOWED = new Set(["section", "h2", "h3", "h4", "p", "dl", "div", "dt", "dd", "span", "strong", "ul", "li", "a", "figure", "figcaption", "svg", "rect", "path"]);
      const out = [];
      for (const c of cases) {
        const issues = [];
        let outcome;
        let holder;
        try {
          const html = renderInstructionsToString(build(c.payload), { locale: "en-US" });
          outcome = "render";
          const slot = document.createElement("div");
          slot.innerHTML = html; // the canary: a payload's script or handler would run here
          document.body.append(slot);
          for (const el of slot.querySelectorAll("*")) {
            if (!ALLOWED.has(el.localName)) issues.push(`<${el.localName}>`);
            for (const attr of el.attributes) if (attr.name.startsWith("on")) issues.push(`${attr.name} attribute`);
          }
          for (const a of slot.querySelectorAll("a")) if (!/^https:\/\//i.test(a.getAttribute("href") ?? "")) issues.push(`link to ${a.getAttribute("href")}`);
          for (const svg of slot.querySelectorAll("svg")) if (svg.getAttribute("class") !== "btc-qr-code") issues.push("an svg that is not the QR code");
          if (slot.querySelectorAll("button").length) issues.push("buttons in static markup");
          holder = slot.querySelector("[data-field='iban.account_holder_name']")?.textContent;
          slot.remove();
        } catch (error) {
          outcome = error?.name === "BankTransferError" && typeof error.code === "string" ? `error:${error.code}` : `UNTYPED ${error?.name}: ${error?.message}`;
        }
        out.push({ name: c.name, outcome, issues, holder });
      }
      await new Promise((r) => setTimeout(r, 500)); // an onerror would have fired by now
      return { out, pwned: window.__pwned ?? null };
    },
    { cases: HOSTILE, buildSource: build.toString() },
  );
  assert.equal(results.pwned, null, "a payload ran a script");
  assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  for (const [i, r] of results.out.entries()) {
    assert.deepEqual(r.issues, [], r.name);
    const expect = HOSTILE[i].expect;
    if (expect) assert.equal(r.outcome, expect === "render" ? "render" : `error:${expect}`, r.name);
    assert.ok(r.outcome === "render" || r.outcome.startsWith("error:"), `${r.name}: ${r.outcome}`);
  }
  for (const [i, name] of UNICODE_NAMES.entries()) {
    assert.equal(results.out.find((r) => r.name === `unicode holder name ${i + 1}`).holder, name);
  }
  t.diagnostic(`${results.out.filter((r) => r.outcome === "render").length} of ${results.out.length} rendered to strings`);
  await page.close();
});
