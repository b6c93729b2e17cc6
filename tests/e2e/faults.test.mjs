// Network faults, end to end: the demo shop on the real backend (sandbox mode) in Chromium, with
// faults injected by Playwright's request routing and by the sandbox's own switches
// (/v1/test_helpers/faults). One test per fault. What must hold throughout: the customer always
// sees a state (loading, an error with "Try again", instructions, the confirmation); instructions
// on screen are never removed by a failure; GETs are retried with backoff and jitter; a POST is
// never repeated on its own; a confirmation is a simple request (no Idempotency-Key, no preflight).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../scripts/chromium.mjs";
import { startBackend, strictPage } from "./support.mjs";

let backend;
let browser;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "btc-faults-"));
  backend = await startBackend({ databasePath: join(dataDir, "checkout.sqlite") });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  backend?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const IBAN = "#checkout [data-field='iban.iban']";
const ALERT = "#checkout [role=alert]";
const RETRY = "#checkout button[data-action=retry]";

/** Arms a sandbox fault (secret key, from Node: the browser never holds it). */
async function fault(params) {
  const response = await fetch(`${backend.base}/v1/test_helpers/faults`, {
    method: "POST",
    headers: { Authorization: "Bearer sk_test_sandbox", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  assert.equal(response.status, 200, await response.text());
}

/**
 * The shop for a new EU order, with `prepare(page)` run before it loads (routes), and every
 * request to the API and the backend recorded as "METHOD path" with its time.
 */
async function shop({ prepare, timeout, wait = true } = {}) {
  const { context, page, problems } = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/v1/") || url.pathname.startsWith("/api/checkout")) {
      requests.push({ what: `${r.method()} ${url.pathname}`, at: Date.now(), headers: r.headers(), body: r.postData() });
    }
  });
  await prepare?.(page);
  const order = `eu-fault${Math.random().toString(36).slice(2, 8)}`;
  await page.goto(`${backend.base}/?region=eu&locale=en-US&order=${order}${timeout ? `&timeout=${timeout}` : ""}`);
  if (wait) await page.waitForSelector(IBAN);
  const events = () => page.$$eval("#events li", (items) => items.map((li) => li.textContent.split(" {")[0] + " " + (JSON.parse(li.textContent.slice(li.textContent.indexOf("{"))).code ?? "")).reverse());
  // The browser logs failed loads itself; those are the faults we injected.
  const unexpected = async () => (await problems()).filter((p) => !/Failed to load resource|net::ERR_/.test(p));
  return { context, page, order, requests, events, unexpected };
}

const alertText = (page) => page.textContent(ALERT);

test("backend down at mount: an error with Try again; pressing it after recovery shows the instructions", async () => {
  let down = true;
  const { context, page, requests, events, unexpected } = await shop({
    wait: false,
    prepare: (page) => page.route("**/api/checkout", (route) => (down ? route.abort("connectionrefused") : route.continue())),
  });
  await page.waitForSelector(RETRY);
  assert.equal(await alertText(page), "The payment service cannot be reached. Check your internet connection.Try again");
  assert.equal(requests.filter((r) => r.what === "POST /api/checkout").length, 1, "a POST is not repeated on its own");
  down = false;
  await page.click(RETRY);
  await page.waitForSelector(IBAN);
  assert.equal(await page.isHidden(ALERT), true);
  assert.deepEqual(await events(), ["error network_error", "ready "]);
  assert.deepEqual(await unexpected(), []);
  await context.close();
});

for (const status of [500, 502]) {
  test(`backend answers ${status} at mount: said, with Try again, and nothing repeated behind the customer's back`, async () => {
    let failing = true;
    const { context, page, requests, events } = await shop({
      wait: false,
      prepare: (page) =>
        page.route("**/api/checkout", (route) =>
          failing ? route.fulfill({ status, contentType: "application/json", body: JSON.stringify({ error: { code: "internal", message: "boom" } }) }) : route.continue(),
        ),
    });
    await page.waitForSelector(RETRY);
    assert.equal(await alertText(page), "Something went wrong. Please try again.Try again");
    await page.waitForTimeout(1500);
    assert.equal(requests.filter((r) => r.what === "POST /api/checkout").length, 1);
    failing = false;
    await page.click(RETRY);
    await page.waitForSelector(IBAN);
    assert.deepEqual(await events(), ["error internal", "ready "]);
    await context.close();
  });
}

test("malformed JSON from the backend: invalid_response, Try again", async () => {
  let broken = true;
  const { context, page, events } = await shop({
    wait: false,
    prepare: (page) => page.route("**/api/checkout", (route) => (broken ? route.fulfill({ status: 200, contentType: "application/json", body: '{"clientSecret": "pi_' }) : route.continue())),
  });
  await page.waitForSelector(RETRY);
  broken = false;
  await page.click(RETRY);
  await page.waitForSelector(IBAN);
  assert.deepEqual(await events(), ["error invalid_response", "ready "]);
  await context.close();
});

test("the API answers 502 with a malformed body, twice, at mount: retried on its own (a GET), instructions without a click", async () => {
  await fault({ path: "/v1/payment_intents/", method: "GET", status: "502", body: "malformed", times: "2" });
  const { context, page, requests, events, unexpected } = await shop();
  const gets = requests.filter((r) => r.what.startsWith("GET /v1/payment_intents/"));
  assert.equal(gets.length, 3, "two failures, then the answer");
  const pauses = [gets[1].at - gets[0].at, gets[2].at - gets[1].at];
  assert.ok(pauses[0] >= 350 && pauses[0] <= 900, `first pause ~0.5 s ±20 % (${pauses[0]} ms)`);
  assert.ok(pauses[1] >= 750 && pauses[1] <= 1500, `second pause ~1 s ±20 % (${pauses[1]} ms)`);
  assert.equal(await page.isHidden(ALERT), true, "nothing to tell: it worked");
  assert.deepEqual(await events(), ["ready "]);
  assert.deepEqual(await unexpected(), []);
  await context.close();
});

test("429 with Retry-After while following the payment: the next poll waits at least that long; instructions stay", async () => {
  const { context, page, requests, events } = await shop();
  const iban = await page.textContent(IBAN);
  await fault({ path: "/v1/payment_intents/", method: "GET", status: "429", retry_after: "6" });
  const polls = () => requests.filter((r) => r.what.startsWith("GET /v1/payment_intents/"));
  await page.waitForFunction(() => document.querySelector("#events li")?.textContent.startsWith("error"), null, { timeout: 10_000 });
  const refusedAt = polls().at(-1).at;
  await page.waitForTimeout(6_500);
  const next = polls().find((r) => r.at > refusedAt);
  assert.ok(next, "polling went on");
  assert.ok(next.at - refusedAt >= 5_900, `waited ${next.at - refusedAt} ms for Retry-After: 6`);
  assert.equal(await page.textContent(IBAN), iban, "the instructions stayed");
  assert.deepEqual((await events()).slice(0, 2), ["ready ", "error rate_limit"]);
  await context.close();
});

test("a Stripe error body while following (resource_missing): following stops, said with Try again, instructions stay", async () => {
  let missing = false;
  const { context, page, requests } = await shop({
    prepare: (page) =>
      page.route("**/v1/payment_intents/*", (route) =>
        missing && route.request().method() === "GET"
          ? route.fulfill({ status: 404, contentType: "application/json", body: JSON.stringify({ error: { type: "invalid_request_error", code: "resource_missing", message: "No such payment_intent" } }) })
          : route.continue(),
      ),
  });
  const iban = await page.textContent(IBAN);
  missing = true;
  await page.waitForSelector(RETRY, { timeout: 10_000 });
  assert.equal(await alertText(page), "This payment could not be found. Please reload the page or contact the shop.Try again");
  const count = requests.length;
  await page.waitForTimeout(4_000);
  assert.equal(requests.length, count, "no more polling after a refusal");
  assert.equal(await page.textContent(IBAN), iban);
  missing = false;
  await page.click(RETRY);
  await page.waitForFunction(() => document.querySelector("#checkout [role=alert]").hidden);
  assert.ok(requests.length > count, "Try again resumed following");
  await context.close();
});

test("a response that never arrives: after timeoutMs the customer is told, with Try again", async () => {
  let hang = true;
  const { context, page, events } = await shop({
    wait: false,
    timeout: 1500,
    prepare: (page) => page.route("**/api/checkout", (route) => (hang ? undefined : route.continue())), // never answered
  });
  const started = Date.now();
  await page.waitForSelector(RETRY, { timeout: 10_000 });
  assert.ok(Date.now() - started >= 1_400, "not before the timeout");
  assert.equal(await alertText(page), "The payment service took too long to answer. Please try again.Try again");
  hang = false;
  await page.click(RETRY);
  await page.waitForSelector(IBAN);
  assert.deepEqual(await events(), ["error timeout", "ready "]);
  await context.close();
});

test("a slow answer (5 s): Loading is said meanwhile, then the instructions", async () => {
  await fault({ path: "/v1/payment_intents/", method: "GET", status: "0", delay_ms: "5000" });
  const { context, page, events } = await shop({ wait: false });
  await page.waitForSelector("#checkout [data-field=status]");
  await page.waitForTimeout(1_500);
  assert.equal(await page.textContent("#checkout [data-field=status]"), "Loading the payment instructions…");
  assert.equal(await page.$(IBAN), null);
  await page.waitForSelector(IBAN, { timeout: 10_000 });
  assert.deepEqual(await events(), ["ready "]);
  await context.close();
});

test("offline, then online: said at once, no requests while offline, followed again at once when back", async () => {
  const { context, page, requests, events } = await shop();
  const iban = await page.textContent(IBAN);
  await context.setOffline(true);
  await page.waitForSelector(`${ALERT}:not([hidden])`);
  assert.equal(await alertText(page), "You are offline. The details below stay valid; we will check again once you are back online.");
  const count = requests.length;
  await page.waitForTimeout(4_000);
  assert.equal(requests.length, count, "no polling while offline");
  assert.equal(await page.textContent(IBAN), iban);
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector("#checkout [role=alert]").hidden, null, { timeout: 5_000 });
  assert.ok(requests.length > count, "a poll at once when back online");
  assert.deepEqual(await events(), ["ready ", "error network_error"]);
  await context.close();
});

test("a confirmation that fails is said and not sent again; choosing again is a new request", async () => {
  const { context, page, requests } = await shop();
  const iban = await page.textContent(IBAN);
  await fault({ path: "/v1/payment_intents/", method: "POST", status: "500" });
  await page.selectOption("#checkout select", "NL");
  await page.waitForSelector(`${ALERT}:not([hidden])`);
  await page.waitForTimeout(1_500);
  const confirms = () => requests.filter((r) => r.what.endsWith("/confirm"));
  assert.equal(confirms().length, 1, "not repeated on its own");
  assert.equal(await page.textContent(IBAN), iban, "the instructions stayed");
  assert.equal(await page.inputValue("#checkout select"), "DE", "the selector shows the IBAN's country again");
  // The customer chooses again: a new request; this time it works.
  await page.selectOption("#checkout select", "NL");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field='iban.iban']").textContent.startsWith("NL"));
  assert.equal(confirms().length, 2);
  // As Stripe.js sends it: form fields only (no Idempotency-Key, no Stripe-* header).
  for (const confirm of confirms()) {
    assert.deepEqual(Object.keys(confirm.headers).filter((h) => h === "idempotency-key" || h.startsWith("stripe")), []);
    assert.equal(new URLSearchParams(confirm.body).get("_stripe_version"), "2026-07-29.dahlia");
  }
  await context.close();
});

test("a confirmation answered after a newer choice: the newer one wins, one in flight at a time", async () => {
  const { context, page, requests } = await shop();
  await fault({ path: "/v1/payment_intents/", method: "POST", status: "0", delay_ms: "1500" }); // FR's answer is slow
  await page.selectOption("#checkout select", "FR");
  await page.waitForTimeout(200);
  await page.selectOption("#checkout select", "NL");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field='iban.iban']").textContent.startsWith("NL"), null, { timeout: 10_000 });
  await page.waitForTimeout(500);
  assert.match(await page.textContent(IBAN), /^NL/, "the late FR answer did not replace NL");
  assert.equal(await page.inputValue("#checkout select"), "NL");
  const confirms = requests.filter((r) => r.what.endsWith("/confirm"));
  assert.equal(confirms.length, 2);
  assert.ok(confirms[1].at - confirms[0].at >= 1_400, "the second waited for the first: never two in flight");
  const country = (r) => new URLSearchParams(r.body).get("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]");
  assert.deepEqual(confirms.map(country), ["FR", "NL"]);
  await context.close();
});
