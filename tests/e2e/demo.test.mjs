// End to end: the built npm package (pkg/web) on the demo page, served with a strict CSP, in
// Debian's Chromium. Run by `npm test` after the package build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { staticSite, STRICT_CSP, strictPage } from "./support.mjs";

const site = staticSite();

/** Opens the demo under the strict CSP; `problems()`: console errors, page errors, CSP violations. */
async function open(path, viewport = { width: 1280, height: 900 }) {
  const { page, problems } = await strictPage(site.browser, { viewport });
  const response = await page.goto(site.base + path);
  await page.waitForSelector("html[data-rendered]");
  return { page, problems, response };
}

test("the demo renders every example under a strict CSP, with no errors", async () => {
  const { page, problems, response } = await open("/examples.html?locale=en-US");
  assert.equal(response.headers()["content-security-policy"], STRICT_CSP);
  assert.deepEqual(await problems(), []);
  assert.equal(await page.locator("section.btc").count(), 6);
  assert.equal(
    await page.locator("[data-example='next_action.eu_bank_transfer.docs.json'] [data-field='iban.iban']").textContent(),
    "NL40 CITI 7000 7995 56",
  );
  assert.equal(
    await page.locator("[data-example='fixtures3.customer_balance_objects.json'] .demo-error").textContent(),
    'invalid_next_action: next_action of type "type" holds no bank-transfer instructions',
  );
  await page.close();
});

test("the CSP check is live: an inline style on the page is reported", async () => {
  const { page, problems } = await open("/examples.html?locale=en-US");
  await page.evaluate(() => {
    const style = document.createElement("style");
    style.textContent = "body { color: red }";
    document.head.append(style);
  });
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  assert.ok((await problems()).some((p) => p.startsWith("style-src-elem blocked inline")), "the violation event was recorded");
  await page.close();
});

test("switching the locale re-renders every example in that language", async () => {
  const { page, problems } = await open("/examples.html?locale=en-US");
  await page.selectOption("#locale", "ja-JP");
  // Japanese texts are one request away (pkg/web/locales/ja.json): the page says when it is done.
  await page.waitForSelector("html[data-rendered] section.btc[lang=ja]");
  const jp = page.locator("[data-example='next_action.jp_bank_transfer.docs.json']");
  assert.equal(await jp.locator("[data-field=amount_remaining]").textContent(), "￥19,000");
  assert.equal(await jp.locator("section.btc").getAttribute("lang"), "ja");
  assert.equal(await page.locator("section.btc").count(), 6);
  assert.deepEqual(await problems(), []);
  await page.close();
});

test("the copy button puts the raw value on the real clipboard", async () => {
  const context = await site.browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.base });
  const page = await context.newPage();
  await page.goto(site.base + "/examples.html?locale=de-DE");
  await page.waitForSelector("html[data-rendered]");
  const eu = page.locator("[data-example='next_action.eu_bank_transfer.docs.json']");
  await eu.locator("[data-copy-for='iban.iban']").click();
  await page.waitForFunction(() => document.querySelector("[data-example*=eu_bank] .btc-live")?.textContent);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "NL40CITI7000799556");
  assert.equal(await eu.locator(".btc-live").textContent(), "Kopiert");
  await context.close();
});

test("nothing overflows a 320 px wide screen", async () => {
  const { page, problems } = await open("/examples.html?locale=de-DE", { width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  assert.deepEqual(await problems(), []);
  await page.close();
});
