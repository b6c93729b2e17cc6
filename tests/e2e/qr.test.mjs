// The EPC QR code ("GiroCode") of EUR instructions, read back by a real decoder: the rendered
// svg.btc-qr-code is screenshotted (Playwright), decoded with jsQR (pngjs reads the PNG), and its
// payload compared line by line with EPC069-12 version 002 (core/src/epc.rs writes it):
//   BCD / 002 / 1 (UTF-8) / SCT / BIC / name (at most 70 characters) / IBAN without spaces /
//   EUR + the amount remaining with a dot and two decimals / purpose (empty) / structured
//   reference: an ISO 11649 RF creditor reference only / remittance text: any other reference;
//   trailing empty lines left out.
// Cases: an IBAN of each country Stripe opens them in (DE, FR, IE, NL), a partial payment (the
// code changes to the new amount), an RF reference (and one with a wrong check digit, which is
// text), a holder name longer than 70 characters (cut at 70 characters, not bytes), and a
// currency other than EUR (no code). Screenshots: test-results/qr-<case>.png.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { ROOT, staticSite, strictPage } from "./support.mjs";
import { renderOnMerchantPage } from "./merchant.mjs";

const SHOTS = join(ROOT, "test-results");
const example = (name) => JSON.parse(readFileSync(join(ROOT, "reference", "examples", `next_action.${name}.docs.json`), "utf8")).next_action;
const EU = example("eu_bank_transfer");

/** The EU example with another amount, reference or account. */
function eur({ amount = 1099, reference = "DVGBG97TZ6ZV", ...iban } = {}) {
  const instructions = EU.display_bank_transfer_instructions;
  const address = instructions.financial_addresses[0];
  return {
    ...EU,
    display_bank_transfer_instructions: {
      ...instructions,
      amount_remaining: amount,
      reference,
      financial_addresses: [{ ...address, iban: { ...address.iban, ...iban } }],
    },
  };
}

const site = staticSite();
before(() => mkdirSync(SHOTS, { recursive: true }));

/** Resolves once the page has painted and the QR code, drawn just after a paint (src/dom/qr.rs),
 *  is drawn for the latest render or update: this frame's callbacks run after the module's. */
const afterPaint = (page) => page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn, 0))));

/** Screenshots the rendered QR code (at twice the pixels), writes it, and decodes it. */
async function decode(page, name) {
  await afterPaint(page);
  const svg = page.locator("#pay svg.btc-qr-code");
  assert.equal(await svg.count(), 1, `${name}: one QR code`);
  const png = await svg.screenshot({ scale: "device" });
  writeFileSync(join(SHOTS, `qr-${name}.png`), png);
  const { width, height, data } = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width, height, { inversionAttempts: "dontInvert" });
  assert.ok(code, `${name}: jsQR found no code in ${width}x${height} px`);
  // The payload's bytes, read as UTF-8 (the "1" of line 3 says so).
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(code.binaryData));
}

/** Renders `nextAction` on the merchant page (2 device pixels per CSS pixel). */
async function open(nextAction, options = {}) {
  const opened = await strictPage(site.browser, { deviceScaleFactor: 2 });
  await renderOnMerchantPage(opened.page, site.base, nextAction, options);
  return opened;
}

const COUNTRIES = [
  // [country, IBAN as Stripe sends it, BIC, holder]
  ["DE", "DE89370400440532013000", "COBADEFFXXX", "Sandbox Shop GmbH"],
  ["FR", "FR1420041010050500013M02606", "PSSTFRPPXXX", "Boutique Sandbox SARL"],
  ["IE", "IE29AIBK93115212345678", "AIBKIE2D", "Sandbox Shop Ltd"],
  ["NL", "NL91ABNA0417164300", "ABNANL2A", "Sandbox Winkel B.V."],
];

test("EPC QR code: an IBAN of each EU country Stripe opens them in, read back line by line", async () => {
  const expected = {
    DE: "BCD\n002\n1\nSCT\nCOBADEFFXXX\nSandbox Shop GmbH\nDE89370400440532013000\nEUR10.99\n\n\nDVGBG97TZ6ZV",
    FR: "BCD\n002\n1\nSCT\nPSSTFRPPXXX\nBoutique Sandbox SARL\nFR1420041010050500013M02606\nEUR10.99\n\n\nDVGBG97TZ6ZV",
    IE: "BCD\n002\n1\nSCT\nAIBKIE2D\nSandbox Shop Ltd\nIE29AIBK93115212345678\nEUR10.99\n\n\nDVGBG97TZ6ZV",
    NL: "BCD\n002\n1\nSCT\nABNANL2A\nSandbox Winkel B.V.\nNL91ABNA0417164300\nEUR10.99\n\n\nDVGBG97TZ6ZV",
  };
  for (const [country, iban, bic, holder] of COUNTRIES) {
    // NL in the custom element (the full module in a shadow root), German; the rest plain.
    const element = country === "NL";
    const { context, page, problems } = await open(eur({ country, iban, bic, account_holder_name: holder }), { element, locale: element ? "de-DE" : "en-US" });
    const payload = await decode(page, `iban-${country}`);
    const lines = payload.split("\n");
    assert.deepEqual(lines, expected[country].split("\n"), country);
    assert.equal(payload, expected[country], country);
    // What the page shows agrees with the code: the IBAN grouped by fours, the same account.
    const shown = await page.locator("#pay [data-field='iban.iban']").textContent();
    assert.equal(shown.replaceAll(" ", ""), lines[6], country);
    assert.deepEqual(await problems(), []);
    await context.close();
  }
});

test("EPC QR code: a partial payment redraws the code with the amount still to pay", async () => {
  for (const element of [false, true]) {
    const { context, page, problems } = await open(eur({ amount: 1099 }), { element });
    const before = await decode(page, `partial-before${element ? "-element" : ""}`);
    assert.equal(before, "BCD\n002\n1\nSCT\nCITINL2XXXX\nDemo Test Inc.\nNL40CITI7000799556\nEUR10.99\n\n\nDVGBG97TZ6ZV");
    const path = () => page.locator("#pay svg.btc-qr-code path").getAttribute("d");
    const drawn = await path();
    await page.evaluate((next) => window.__update(next), eur({ amount: 599 }));
    await page.waitForFunction(
      (drawn) => {
        const host = document.querySelector("#pay bank-transfer-checkout");
        return (host?.shadowRoot ?? document).querySelector("svg.btc-qr-code path").getAttribute("d") !== drawn;
      },
      drawn,
    );
    const after = await decode(page, `partial-after${element ? "-element" : ""}`);
    assert.equal(after, "BCD\n002\n1\nSCT\nCITINL2XXXX\nDemo Test Inc.\nNL40CITI7000799556\nEUR5.99\n\n\nDVGBG97TZ6ZV");
    assert.match(await page.locator("#pay [data-field=amount_remaining]").textContent(), /5[.,]99/);
    // Larger amounts: thousands never grouped, always two decimals.
    await page.evaluate((next) => window.__update(next), eur({ amount: 123456700 }));
    await page.waitForFunction(() => {
      const host = document.querySelector("#pay bank-transfer-checkout");
      return /1[.,\u202f\u00a0]?234[.,\u202f\u00a0]?567/.test((host?.shadowRoot ?? document).querySelector("[data-field=amount_remaining]").textContent);
    });
    const large = await decode(page, `partial-large${element ? "-element" : ""}`);
    assert.equal(large.split("\n")[7], "EUR1234567.00");
    assert.deepEqual(await problems(), []);
    await context.close();
  }
});

test("EPC QR code: an RF creditor reference is structured (line 10), any other reference is text (line 11)", async () => {
  const cases = [
    // ISO 11649: valid check digits → the structured field, and no text line (trailing, left out).
    ["rf", "RF18539007547034", "BCD\n002\n1\nSCT\nCITINL2XXXX\nDemo Test Inc.\nNL40CITI7000799556\nEUR10.99\n\nRF18539007547034"],
    // A wrong check digit: not a creditor reference, so remittance text.
    ["rf-wrong-check-digit", "RF19539007547034", "BCD\n002\n1\nSCT\nCITINL2XXXX\nDemo Test Inc.\nNL40CITI7000799556\nEUR10.99\n\n\nRF19539007547034"],
  ];
  for (const [name, reference, expected] of cases) {
    const { context, page } = await open(eur({ reference }));
    const payload = await decode(page, name);
    assert.deepEqual(payload.split("\n"), expected.split("\n"), name);
    assert.equal(payload, expected, name);
    await context.close();
  }
});

test("EPC QR code: a holder name longer than 70 characters is cut at 70 characters (UTF-8 whole), shown whole on the page", async () => {
  const name = "Zahlungsverkehrsgesellschaft Süd für Überweisungen und Treuhandkonto ÄÖÜ Handels GmbH";
  assert.equal([...name].length, 85);
  const { context, page } = await open(eur({ account_holder_name: name }), { locale: "de-DE" });
  const payload = await decode(page, "long-name");
  const cut = "Zahlungsverkehrsgesellschaft Süd für Überweisungen und Treuhandkonto Ä";
  assert.equal([...cut].length, 70);
  assert.equal(payload, `BCD\n002\n1\nSCT\nCITINL2XXXX\n${cut}\nNL40CITI7000799556\nEUR10.99\n\n\nDVGBG97TZ6ZV`);
  assert.equal(await page.locator("#pay [data-field='iban.account_holder_name']").textContent(), name);
  await context.close();
});

test("EPC QR code: none for another currency, none without an IBAN", async () => {
  for (const [name, nextAction] of [
    ["gbp", example("gb_bank_transfer")],
    ["usd", example("us_bank_transfer")],
    ["eur-without-iban", { ...EU, display_bank_transfer_instructions: { ...EU.display_bank_transfer_instructions, financial_addresses: example("gb_bank_transfer").display_bank_transfer_instructions.financial_addresses } }],
  ]) {
    for (const element of [false, true]) {
      const { context, page, problems } = await open(nextAction, { element });
      assert.ok((await page.locator("#pay [data-field]").count()) > 3, name);
      assert.equal(await page.locator("#pay svg.btc-qr-code").count(), 0, name);
      assert.equal(await page.locator("#pay [data-field=epc_qr]").count(), 0, name);
      if (!element) await page.locator("#pay section.btc").screenshot({ path: join(SHOTS, `qr-${name}.png`) });
      assert.deepEqual(await problems(), []);
      await context.close();
    }
  }
});

test("EPC QR code: the decoder is live (a damaged code is not read)", async () => {
  const { context, page } = await open(eur());
  await afterPaint(page);
  // Two thirds of the modules gone: no decoder reads it, so a pass above means a real read.
  await page.evaluate(() => {
    const path = document.querySelector("#pay svg.btc-qr-code path");
    path.setAttribute("d", path.getAttribute("d").split("z").filter((_, i) => i % 3 === 0).join("z"));
  });
  const png = await page.locator("#pay svg.btc-qr-code").screenshot({ scale: "device" });
  const { width, height, data } = PNG.sync.read(png);
  assert.equal(jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width, height), null);
  await context.close();
});
