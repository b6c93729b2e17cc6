// The hosted instructions page (GET /pay/{token}, backend/src/hosted.rs) on the real backend in
// sandbox mode: the intent's hosted_instructions_url leads there; the page is complete with
// scripts off, in the visitor's language, passes axe; with scripts on, the module adds the copy
// buttons and actions to the server's markup without rendering it again; paid and unknown
// pages say so. Screenshots go to test-results/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../scripts/chromium.mjs";
import { ROOT, axe, seriousViolations, startBackend, strictPage } from "./support.mjs";

let backend;
let browser;
let dataDir;
const RESULTS = join(ROOT, "test-results");

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "btc-hosted-"));
  backend = await startBackend({ databasePath: join(dataDir, "checkout.sqlite") });
  browser = await launch();
  mkdirSync(RESULTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  backend?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A shopper (a session cookie) and their order `item`: its intent as the browser sees it. */
async function order(item) {
  const session = await fetch(`${backend.base}/api/session`);
  const cookie = session.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const post = (path, body) =>
    fetch(`${backend.base}${path}`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
  const { clientSecret } = await (await post("/api/checkout", { order: item })).json();
  const id = clientSecret.split("_secret_")[0];
  const intent = await (await fetch(`${backend.base}/v1/payment_intents/${id}?client_secret=${clientSecret}&key=pk_test_sandbox`)).json();
  return { intent, instructions: intent.next_action.display_bank_transfer_instructions, post };
}

const fieldTexts = (page) =>
  page.$$eval("#pay [data-field]", (els) => Object.fromEntries(els.map((el) => [el.dataset.field, el.textContent])));

test("the intent's hosted link is the backend's page: complete with scripts off, in the visitor's language, axe-clean", async () => {
  const { instructions } = await order("eu");
  const url = instructions.hosted_instructions_url;
  assert.match(url, new RegExp(`^${backend.base}/pay/[0-9a-f]{48}$`));
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE", viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const response = await page.goto(url);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()["x-robots-tag"], "noindex");
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(await page.getAttribute("html", "lang"), "de-DE");
  assert.equal(await page.title(), "Per Banküberweisung bezahlen");
  assert.equal(await page.textContent("h1"), "Per Banküberweisung bezahlen");
  const fields = await fieldTexts(page);
  const iban = instructions.financial_addresses.find((a) => a.type === "iban").iban;
  assert.equal(fields["iban.iban"].replaceAll(" ", ""), iban.iban);
  assert.equal(fields["iban.bic"], iban.bic);
  assert.equal(fields["iban.account_holder_name"], iban.account_holder_name);
  assert.equal(fields.reference, instructions.reference);
  assert.equal(fields.amount_remaining, `${(instructions.amount_remaining / 100).toFixed(2).replace(".", ",")}\u00a0€`);
  assert.ok(fields.epc_qr !== undefined, "the QR code is server-rendered too");
  assert.equal(fields.hosted_instructions_url, undefined, "no link to itself");
  assert.equal(await page.locator("#pay button").count(), 0, "no buttons without scripts");
  assert.ok((await page.locator(".btc-warning").count()) >= 1);
  await page.screenshot({ path: join(RESULTS, "hosted-no-script-de.png"), fullPage: true });
  await context.close();

  // axe needs script: the same page with scripts on, before and after hydration.
  const { page: live, problems } = await strictPage(browser, { locale: "de-DE" });
  await live.goto(url);
  await live.waitForSelector("#pay .btc-copy");
  assert.deepEqual(seriousViolations(await axe(live, "#pay")), []);
  assert.deepEqual(await problems(), []);
});

test("with scripts on, the module hydrates the server's markup: buttons added, nothing rendered again", async () => {
  const { instructions } = await order("gb");
  const { page, problems } = await strictPage(browser, { locale: "en-GB" });
  // Every node the server sent is kept: record removals from the first byte on.
  await page.addInitScript(() => {
    window.__removed = 0;
    new MutationObserver((records) => {
      for (const r of records) window.__removed += [...r.removedNodes].filter((n) => n.nodeType === 1).length;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(instructions.hosted_instructions_url);
  await page.waitForSelector("#pay .btc-actions");
  assert.equal(await page.evaluate(() => window.__removed), 0);
  const copyable = await page.locator("#pay [data-field]:not([data-field=epc_qr]):not([data-field$=country])").count();
  assert.ok(copyable >= 5);
  assert.equal(await page.locator("#pay .btc-copy").count(), await page.locator("#pay [data-copy-for]").count());
  assert.deepEqual(await page.$$eval("#pay .btc-action:not([hidden])", (b) => b.map((x) => x.dataset.action)), ["print", "copy-all"]);
  assert.equal(await page.locator("#pay section.btc").count(), 1);
  assert.equal(await page.textContent("h1"), "Pay by bank transfer");
  const sortCode = instructions.financial_addresses.find((a) => a.type === "sort_code").sort_code;
  assert.equal((await fieldTexts(page))["sort_code.account_number"], sortCode.account_number);
  await page.screenshot({ path: join(RESULTS, "hosted-gb-en.png"), fullPage: true });
  assert.deepEqual(await problems(), []);
});

test("?lang= overrides the browser; a paid order and an unknown token say so in the visitor's language", async () => {
  const { instructions, post } = await order("jp");
  const { page, problems } = await strictPage(browser, { locale: "en-US" });
  await page.goto(`${instructions.hosted_instructions_url}?lang=ja`);
  await page.waitForSelector("#pay .btc-copy");
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.equal(await page.textContent("h1"), "銀行振込でのお支払い");
  assert.match((await fieldTexts(page)).amount_remaining, /^￥19,000$/);
  assert.ok((await page.textContent("#pay")).includes("半角"), "the half-width katakana holder name is labelled");

  const funded = await post("/api/demo/fund", { order: "jp", amount: instructions.amount_remaining, reference: instructions.reference ?? "" });
  assert.equal(funded.status, 200, await funded.clone().text());
  await page.waitForTimeout(200); // the sandbox settles the intent synchronously; the webhook is not needed here
  const paid = await page.goto(`${instructions.hosted_instructions_url}?lang=fr`);
  assert.equal(paid.status(), 200);
  assert.equal(await page.textContent("h1"), "Payer par virement bancaire");
  assert.equal(await page.textContent("[role=status]"), "Ce paiement a bien été reçu. Merci !");
  assert.equal(await page.locator("[data-field]").count(), 0);

  const unknown = await page.goto(`${backend.base}/pay/${"0".repeat(48)}?lang=nl`);
  assert.equal(unknown.status(), 404);
  assert.equal(await page.textContent("[role=status]"), "Deze betaalpagina bestaat niet. Controleer de link of neem contact op met de winkel.");
  assert.deepEqual((await problems()).filter((p) => !p.includes("404")), []);
});
