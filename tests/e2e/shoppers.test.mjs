// End to end: one shopper, one Stripe Customer, one virtual bank account across orders; the
// shopper's country decides the first IBAN; another shopper cannot open someone else's order.
// The demo shop on the real backend (sandbox mode) under the strict CSP.
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
  dataDir = mkdtempSync(join(tmpdir(), "btc-shoppers-"));
  backend = await startBackend({ databasePath: join(dataDir, "checkout.sqlite") });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  backend?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const IBAN = "#checkout [data-field='iban.iban']";
const REFERENCE = "#checkout [data-field=reference]";

/** Waits for the checkout of a new order (not `previous`) to show its instructions. */
async function mounted(page, previous) {
  await page.waitForFunction((previous) => {
    const order = document.documentElement.dataset.mounted;
    return order && order !== previous && document.querySelector("#checkout [data-field='iban.iban']");
  }, previous);
  return page.getAttribute("html", "data-mounted");
}

test("a shopper's second order shows the same account with a new reference; another shopper gets their own and cannot open it", async () => {
  const { page, problems } = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${backend.base}/?region=eu&locale=en-US`);
  const first = await mounted(page, "");
  assert.equal(await page.inputValue("#shopper"), "guest", "a new visitor is a guest");
  const [iban, reference] = [await page.textContent(IBAN), await page.textContent(REFERENCE)];
  assert.match(iban, /^DE\d\d /, "the guest is in Germany: a German IBAN without choosing");

  await page.click("#new-order");
  const second = await mounted(page, first);
  assert.notEqual(second, first);
  assert.equal(await page.textContent(IBAN), iban, "the same virtual account");
  assert.notEqual(await page.textContent(REFERENCE), reference, "a new reference for the new order");

  // Another shopper: Camille, in France.
  await page.selectOption("#shopper", "camille");
  const camilles = await mounted(page, second);
  assert.match(await page.textContent(IBAN), /^FR\d\d /);
  assert.notEqual(await page.textContent(IBAN), iban);
  assert.equal(await page.getAttribute("html", "data-shopper"), "camille");

  // Camille asks for the guest's order: the same answer as an order that does not exist.
  await page.goto(`${backend.base}/?region=eu&locale=en-US&order=${first}`);
  await page.waitForSelector("#checkout [role=alert]:not([hidden])");
  assert.equal(await page.textContent("#checkout [role=alert]"), "This payment could not be found. Please reload the page or contact the shop.");
  assert.match(await page.textContent("#events li"), /^mount failed \{"code":"order_not_found"/);
  const status = await page.evaluate((order) => fetch(`/api/orders/${order}`).then((r) => r.status), first);
  assert.equal(status, 404);
  // Her own order is still hers.
  const own = await page.evaluate((order) => fetch(`/api/orders/${order}`).then((r) => r.json()), camilles);
  assert.equal(own.status, "requires_action");
  // The browser logs the refused request itself (a 404); nothing else may be logged.
  assert.deepEqual((await problems()).filter((p) => !p.includes("404")), []);
  await page.close();
});
