// The instructions module compiles in English only and fetches the one other language a page
// shows (pkg/instructions/locales/*.json, src/languages.rs): one request, made by init() for the
// browser's language or by loadLanguage(); a render in a language not loaded yet shows English
// and switches in place; an unreachable table leaves English and a typed error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, STRICT_CSP, staticSite, strictPage } from "./support.mjs";

const NEXT_ACTION = JSON.parse(readFileSync(join(ROOT, "reference", "examples", "next_action.eu_bank_transfer.docs.json"), "utf8")).next_action;
const MODULE = "/pkg/instructions/bank_transfer_checkout.js";
const site = staticSite();

/** A page in `locale` on the static server; `tables` lists the language tables it requested. */
async function open(locale) {
  const { page, context, problems } = await strictPage(site.browser, { locale });
  const tables = [];
  page.on("request", (r) => r.url().includes("/locales/") && tables.push(new URL(r.url()).pathname));
  await page.route(`${site.base}/blank.html`, (route) =>
    route.fulfill({ contentType: "text/html", headers: { "content-security-policy": STRICT_CSP }, body: "<!doctype html><title>t</title><main><div id=pay></div></main>" }),
  );
  await page.goto(`${site.base}/blank.html`);
  return { page, context, problems, tables };
}

const title = (page) => page.evaluate(() => document.querySelector("#pay h2")?.textContent);

test("init() loads the browser's language: the first render is already French, one request", async () => {
  const { page, context, problems, tables } = await open("fr-FR");
  const language = await page.evaluate(async ({ MODULE, NEXT_ACTION }) => {
    const { default: init, renderInstructions } = await import(MODULE);
    await init();
    return renderInstructions("#pay", NEXT_ACTION).language;
  }, { MODULE, NEXT_ACTION });
  assert.equal(language, "fr");
  assert.equal(await title(page), "Payer par virement bancaire");
  assert.deepEqual(tables, ["/pkg/instructions/locales/fr.json"]);
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("an English browser downloads no table; loadLanguage('de-AT') loads German before the render", async () => {
  const { page, context, problems, tables } = await open("en-US");
  const result = await page.evaluate(async ({ MODULE, NEXT_ACTION }) => {
    const { default: init, loadLanguage, renderInstructions } = await import(MODULE);
    await init();
    const before = performance.getEntriesByType("resource").filter((e) => e.name.includes("/locales/")).length;
    const loaded = await loadLanguage(["de-AT", "en"]);
    const view = renderInstructions("#pay", NEXT_ACTION, { locale: "de-AT" });
    return { before, loaded, language: view.language, again: await loadLanguage("de") };
  }, { MODULE, NEXT_ACTION });
  assert.deepEqual(result, { before: 0, loaded: "de", language: "de", again: "de" });
  assert.equal(await title(page), "Per Banküberweisung bezahlen");
  assert.deepEqual(tables, ["/pkg/instructions/locales/de.json"]);
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("a render in a language not loaded yet shows English, then switches in place", async () => {
  const { page, context, problems, tables } = await open("en-US");
  const first = await page.evaluate(async ({ MODULE, NEXT_ACTION }) => {
    const { default: init, renderInstructions } = await import(MODULE);
    await init();
    window.view = renderInstructions("#pay", NEXT_ACTION, { locale: "ja-JP" });
    return { language: window.view.language, title: document.querySelector("#pay h2").textContent };
  }, { MODULE, NEXT_ACTION });
  assert.deepEqual(first, { language: "en", title: "Pay by bank transfer" });
  await page.waitForFunction(() => window.view.language === "ja");
  assert.equal(await title(page), "銀行振込でのお支払い");
  assert.equal(await page.locator("#pay section.btc").count(), 1);
  assert.deepEqual(tables, ["/pkg/instructions/locales/ja.json"]);
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("an unreachable or foreign table: English stays, loadLanguage and registerLanguage throw language_unavailable", async () => {
  const { page, context, problems } = await open("en-US");
  await page.route("**/locales/nl.json", (route) => route.fulfill({ status: 404, body: "gone" }));
  const result = await page.evaluate(async ({ MODULE, NEXT_ACTION }) => {
    const { default: init, loadLanguage, registerLanguage, renderInstructions } = await import(MODULE);
    await init();
    const view = renderInstructions("#pay", NEXT_ACTION, { locale: "nl" });
    const failed = await loadLanguage("nl").then(() => "loaded", (e) => `${e.name}:${e.code}`);
    let foreign;
    try {
      registerLanguage({ lang: "nl", instructions: { version: 1, texts: ["Betalen"] } });
    } catch (e) {
      foreign = `${e.name}:${e.code}: ${e.message}`;
    }
    await new Promise((r) => setTimeout(r, 50));
    return { failed, foreign, language: view.language };
  }, { MODULE, NEXT_ACTION });
  assert.deepEqual(result, {
    failed: "BankTransferError:language_unavailable",
    foreign: "BankTransferError:language_unavailable: the language table belongs to another version of the package",
    language: "en",
  });
  assert.equal(await title(page), "Pay by bank transfer");
  // The 404 itself is the only console error: nothing uncaught.
  assert.deepEqual((await problems()).filter((p) => !p.includes("404")), []);
  await context.close();
});
