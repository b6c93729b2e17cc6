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

test(`${HOSTILE.length} hostile payloads: a render or a typed error, never a script, a trap or a broken module`, async (t) => {
  const page = await site.browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${site.base}/examples.html?locale=en-US`);
  await page.waitForSelector("html[data-rendered]");
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
