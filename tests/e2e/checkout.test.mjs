// End to end: the demo shop on the real backend in sandbox mode (the binary `npm test` builds),
// under the strict CSP (support.mjs: any violation fails the test),
// Debian's Chromium driven by playwright-core. Mount, country switches, a failing confirm,
// partial and full funding, destroy.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../scripts/chromium.mjs";
import { axe, seriousViolations, startBackend, strictPage } from "./support.mjs";

let backend;
let base;
let browser;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "btc-e2e-"));
  backend = await startBackend({ databasePath: join(dataDir, "checkout.sqlite") });
  base = backend.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  backend?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh order of `region` in the demo shop; returns the page and the events it saw. */
async function shop(region, locale = "en-US", options = {}) {
  const { page, problems: allProblems } = await strictPage(browser, { viewport: { width: 1280, height: 900 }, ...options });
  const order = `${region}-e2e${Math.random().toString(36).slice(2, 8)}`;
  await page.goto(`${base}/?region=${region}&locale=${locale}&order=${order}`);
  await page.waitForSelector(`html[data-mounted="${order}"]`);
  const events = () => page.$$eval("#events li", (items) => items.map((li) => li.textContent).reverse());
  // An injected outage (tests below) makes the browser log the 503 itself: not a problem.
  const problems = async () => (await allProblems()).filter((p) => !p.includes("503"));
  return { page, order, problems, events };
}

const iban = (page) => page.textContent("#checkout [data-field='iban.iban']");

test("an EU customer switches the country of their bank and gets an IBAN there", async () => {
  const { page, problems, events } = await shop("eu");
  // The shopper is in Germany: a German IBAN without choosing.
  assert.match(await iban(page), /^DE\d\d /);
  assert.equal(await page.getAttribute("#checkout [data-field=status]", "role"), "status");
  assert.equal(await page.textContent("#checkout label.btc-country-label"), "Country of your bank");
  // The selector sits with the bank details it changes: in the IBAN's section, under its heading.
  assert.equal(
    await page.evaluate(() => document.querySelector("#checkout .btc-country").previousElementSibling.textContent),
    "Bank details (IBAN)",
  );
  assert.deepEqual(await page.locator("#checkout select option").evaluateAll((o) => o.map((x) => x.value)), ["DE", "FR", "IE", "NL"]);
  await page.selectOption("#checkout select", "FR");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field='iban.iban']").textContent.startsWith("FR"));
  assert.equal(await page.textContent("#checkout [data-field=status]"), "Bank details updated for France.");
  assert.deepEqual(await events(), ['ready {"status":"requires_action"}', 'country-changed {"country":"FR"}']);
  assert.deepEqual(await problems(), []);
  await page.close();
});

test("a rapid double switch ends on the last choice, one confirmation at a time", async () => {
  const { page } = await shop("eu");
  let inFlight = 0;
  let most = 0;
  const confirms = [];
  page.on("request", (r) => {
    if (!r.url().includes("/confirm")) return;
    confirms.push(new URLSearchParams(r.postData()).get("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]"));
    most = Math.max(most, ++inFlight);
  });
  page.on("requestfinished", (r) => r.url().includes("/confirm") && inFlight--);
  page.on("requestfailed", (r) => r.url().includes("/confirm") && inFlight--);
  await page.selectOption("#checkout select", "FR");
  await page.selectOption("#checkout select", "NL");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field='iban.iban']").textContent.startsWith("NL"));
  await page.waitForTimeout(300);
  assert.match(await iban(page), /^NL/);
  assert.equal(await page.inputValue("#checkout select"), "NL");
  assert.equal(most, 1, "never two confirmations in flight");
  assert.deepEqual(confirms, ["FR", "NL"]);
  await page.close();
});

test("a failing confirmation keeps the instructions, reverts the selector and says why", async () => {
  const { page, events } = await shop("eu");
  const before = await iban(page);
  await page.route("**/confirm", (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ error: { type: "invalid_request_error", code: "payment_method_rate_limit_exceeded", message: "Too many" } }),
    }),
  );
  await page.selectOption("#checkout select", "IE");
  await page.waitForSelector("#checkout [role=alert]:not([hidden])");
  assert.equal(
    await page.textContent("#checkout [role=alert]"),
    "Too many attempts for this payment right now. Please try again later, or choose another payment method.",
  );
  assert.equal(await iban(page), before);
  assert.equal(await page.inputValue("#checkout select"), "DE");
  const log = await events();
  assert.match(log.at(-1), /^error \{"code":"payment_method_rate_limit_exceeded"/);
  await page.close();
});

test("accessibility of the live checkout: axe in light and dark (instructions, alert, confirmation); keyboard order", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, problems } = await shop("eu", "en-US", { colorScheme });
    const check = async (state) => assert.deepEqual(seriousViolations(await axe(page, "#checkout")), [], `${colorScheme}, ${state}`);
    await check("instructions");
    // Keyboard: the copy buttons in visual order, the country selector with the IBAN's details,
    // the hosted link, the actions bar, then the email form (the demo turns it on).
    await page.locator("#new-order").focus();
    const order = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => {
        const el = document.activeElement;
        return `${el.localName}:${el.dataset.copyFor ?? el.dataset.field ?? el.dataset.action ?? el.id}:${el.matches(":focus-visible")}`;
      }));
    }
    assert.deepEqual(order, [
      "button:amount_remaining:true",
      "button:reference:true",
      "select:country:true",
      "button:iban.account_holder_name:true",
      "button:iban.iban:true",
      "button:iban.bic:true",
      "a:hosted_instructions_url:true",
      "button:print:true",
      "button:copy-all:true",
      "input:email:true",
      "button:email:true",
      "input:sim-amount:true",
    ]);
    // The alert (a refused confirmation).
    await page.route("**/confirm", (route) =>
      route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: { type: "invalid_request_error", code: "payment_method_rate_limit_exceeded" } }) }),
    );
    await page.selectOption("#checkout select", "NL");
    await page.waitForSelector("#checkout [role=alert]:not([hidden])");
    await check("alert");
    // The confirmation.
    const [order_, reference] = [await page.getAttribute("html", "data-order"), await page.textContent("#checkout [data-field=reference]")];
    await page.evaluate(
      ([order, reference]) => fetch("/api/demo/fund", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ order, amount: 100000, reference }) }),
      [order_, reference],
    );
    await page.waitForSelector("#checkout .btc-succeeded:not([hidden])", { timeout: 20_000 });
    await check("succeeded");
    // The injected 400 is logged by the browser itself; nothing else may be.
    assert.deepEqual((await problems()).filter((p) => !p.includes("status of 400")), []);
    await page.close();
  }
});

test("partial then full funding: the amount updates, then the confirmation replaces the instructions", async () => {
  const { page, events, problems } = await shop("gb");
  const reference = await page.textContent("#checkout [data-field=reference]");
  const order = await page.getAttribute("html", "data-order");
  const fund = (amount) =>
    page.evaluate(
      async ([order, amount, reference]) =>
        (await fetch("/api/demo/fund", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ order, amount, reference }) })).status,
      [order, amount, reference],
    );
  assert.equal(await fund(2900), 200);
  await page.waitForFunction(() => document.querySelector("#checkout [data-field=amount_remaining]")?.textContent === "£50.00", null, { timeout: 20_000 });
  assert.equal(await page.textContent("#checkout [data-field=status]"), "We received part of your payment. Still to send: £50.00.");
  assert.equal(await fund(5000), 200);
  await page.waitForSelector("#checkout .btc-succeeded:not([hidden])", { timeout: 20_000 });
  assert.equal(await page.textContent("#checkout .btc-succeeded h2"), "Payment received");
  assert.equal(await page.$("#checkout [data-field='sort_code.sort_code']"), null, "instructions replaced");
  assert.deepEqual(await events(), [
    'ready {"status":"requires_action"}',
    'partially-funded {"status":"requires_action","amountRemaining":5000}',
    'succeeded {"status":"succeeded"}',
  ]);
  assert.deepEqual(await problems(), []);
  // A terminal status: no more polling.
  let polls = 0;
  page.on("request", (r) => r.url().includes("/v1/payment_intents/") && polls++);
  await page.waitForTimeout(4000);
  assert.equal(polls, 0);
  await page.close();
});

test("polling pauses while the tab is hidden and says once when the service is unreachable", async () => {
  const { page, events } = await shop("jp", "ja-JP");
  assert.equal(await page.textContent("#checkout [data-field=amount_remaining]"), "￥19,000");
  let polls = 0;
  page.on("request", (r) => r.url().includes("/v1/payment_intents/") && polls++);
  const setHidden = (hidden) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);
  await setHidden(true);
  await page.waitForTimeout(4000);
  assert.equal(polls, 0, "no polling while hidden");

  await page.route("**/v1/payment_intents/**", (route) => route.abort("internetdisconnected"));
  await setHidden(false); // polls at once
  await page.waitForSelector("#checkout [role=alert]:not([hidden])");
  assert.equal(await page.textContent("#checkout [role=alert]"), "決済サービスに接続できません。インターネット接続をご確認ください。");
  assert.match((await events()).at(-1), /^error \{"code":"network_error"/);
  await page.unroute("**/v1/payment_intents/**");
  await page.waitForSelector("#checkout [role=alert][hidden]", { state: "attached", timeout: 10_000 });
  assert.equal((await events()).filter((e) => e.startsWith("error")).length, 1, "said once");
  await page.close();
});

test("a reload shows the same payment; destroy stops every request and empties the container", async () => {
  const { page, order } = await shop("mx", "es-MX");
  const reference = await page.textContent("#checkout [data-field=reference]");
  assert.match(await page.textContent("#checkout [data-field='spei.clabe']"), /^646 180 \d{11} \d$/);
  await page.reload();
  await page.waitForSelector(`html[data-mounted="${order}"]`);
  assert.equal(await page.textContent("#checkout [data-field=reference]"), reference);
  let requests = 0;
  page.on("request", (r) => r.url().includes("/v1/") && requests++);
  await page.evaluate(() => window.demoCheckout.destroy());
  assert.equal(await page.$eval("#checkout", (el) => el.childNodes.length), 0);
  await page.waitForTimeout(4000);
  assert.equal(requests, 0, "no polling after destroy");
  await page.close();
});

test("an unknown order rejects with the backend's code and tells the customer; non-EU has no selector", async () => {
  const { page } = await shop("us");
  assert.equal(await page.isVisible("#checkout .btc-country"), false, "no country selector for US");
  assert.equal(await page.$$eval("#checkout section.btc-address h3", (h) => h.length), 2, "domestic and international");
  const outcome = await page.evaluate(async () => {
    const { mountCheckout } = await import("/pkg/web/bank_transfer_checkout.js");
    const el = document.createElement("div");
    document.body.append(el);
    const events = [];
    el.addEventListener("banktransfer:error", (e) => events.push(e.detail.code));
    try {
      await mountCheckout(el, { clientSecretUrl: "/api/checkout", order: "nothing-here", locale: "de-DE" });
      return { resolved: true };
    } catch (e) {
      return { name: e.name, code: e.code, alert: el.querySelector("[role=alert]").textContent, events };
    }
  });
  assert.deepEqual(outcome, {
    name: "BankTransferError",
    code: "order_not_found",
    alert: "Diese Zahlung wurde nicht gefunden. Bitte laden Sie die Seite neu oder wenden Sie sich an den Shop.",
    events: ["order_not_found"],
  });
  const invalid = await page.evaluate(async () => {
    const { mountCheckout } = await import("/pkg/web/bank_transfer_checkout.js");
    try {
      await mountCheckout(document.createElement("div"), { order: "eu-1" });
    } catch (e) {
      return e.code;
    }
  });
  assert.equal(invalid, "invalid_options");
  await page.close();
});

test("the demo's element page: the live checkout as a tag, under the strict CSP, its events on the page", async () => {
  const { page, problems } = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/element.html`);
  await page.locator("#live [data-field='iban.iban']").waitFor();
  assert.match(await page.locator("#live [data-field='iban.iban']").textContent(), /^DE\d\d /);
  await page.waitForFunction(() => document.querySelector("#events li")?.textContent.startsWith("live ready"));
  assert.deepEqual(await problems(), []);
  await page.close();
});
