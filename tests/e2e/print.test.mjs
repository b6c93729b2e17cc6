// Print and "Save as PDF" (issue 12): on a merchant's page (tests/e2e/merchant.mjs: header, a
// long article, a positioned sidebar, footer), for every address type, in English and German,
// outside and inside the custom element, light and dark: in print the buttons and the live region
// are gone, the text is black on white, every value is whole, the EPC QR code shows for EUR. Our
// Print button marks the instructions (data-btc-print on section.btc or on the element's host) so
// that the document-level rules print them alone, from the top of the page, on ONE A4 sheet
// (counted in the PDF); the mark goes on `afterprint`. Ctrl+P without the button prints the whole
// page. Screenshots of the printed instructions: test-results/print-<type>[.<locale>][.element].png.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, staticSite, strictPage } from "./support.mjs";
import { MERCHANT, pdfPageSize, pdfPages, renderOnMerchantPage } from "./merchant.mjs";

const SHOTS = join(ROOT, "test-results");
const example = (name) => JSON.parse(readFileSync(join(ROOT, "reference", "examples", `next_action.${name}.docs.json`), "utf8")).next_action;
const { _comment, ...LONG } = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "long-values.json"), "utf8"));

/** `nextAction` with only its addresses of `type`. */
function only(nextAction, type) {
  const instructions = nextAction.display_bank_transfer_instructions;
  const financial_addresses = instructions.financial_addresses.filter((a) => a.type === type);
  assert.equal(financial_addresses.length, 1, type);
  return { ...nextAction, display_bank_transfer_instructions: { ...instructions, financial_addresses } };
}

const US = example("us_bank_transfer");
/** Each address type on its own, and the US example with both of its (the tallest real page). */
const TYPES = {
  aba: only(US, "aba"),
  swift: only(US, "swift"),
  "aba+swift": US,
  sort_code: example("gb_bank_transfer"),
  iban: example("eu_bank_transfer"),
  zengin: example("jp_bank_transfer"),
  spei: example("mx_bank_transfer"),
};
/** The long values of every type that fits one sheet. Not here: long-values' aba + swift
 * together (two sections with two five-line addresses each: two sheets); each alone fits. */
const LONG_TYPES = {
  "long-iban": LONG.iban,
  "long-sort_code": LONG.sort_code,
  "long-aba": only(LONG.aba, "aba"),
  "long-swift": only(LONG.aba, "swift"),
  "long-zengin": LONG.zengin,
  "long-spei": LONG.spei,
};
const LOCALES = ["en-US", "de-DE"];
const isEur = (nextAction) => nextAction.display_bank_transfer_instructions.currency === "eur";

const site = staticSite();
before(() => mkdirSync(SHOTS, { recursive: true }));

/**
 * What print media shows of the instructions: every problem found (hidden parts shown, a
 * colour other than black on white, a value cut or overflowing) and a few facts to compare.
 */
function printedView(page) {
  return page.evaluate(() => {
    const host = document.querySelector("#pay bank-transfer-checkout");
    const root = (host?.shadowRoot ?? document).querySelector("section.btc");
    const problems = [];
    const name = (el) => `${el.localName}${el.className?.baseVal ?? el.className ? "." + (el.className.baseVal ?? el.className).replaceAll(" ", ".") : ""}${el.dataset?.field ? `[${el.dataset.field}]` : ""}`;
    const hiddenParts = [...root.querySelectorAll(".btc-copy, .btc-actions, .btc-action, .btc-live")];
    for (const el of hiddenParts) if (el.checkVisibility()) problems.push(`${name(el)} is shown`);
    const box = root.getBoundingClientRect();
    const BLACK = "rgb(0, 0, 0)";
    const WHITE = ["rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"];
    if (getComputedStyle(root).backgroundColor !== "rgb(255, 255, 255)") problems.push(`root background ${getComputedStyle(root).backgroundColor}`);
    let texts = 0;
    for (const el of [root, ...root.querySelectorAll("*")]) {
      if (!el.checkVisibility()) continue;
      const style = getComputedStyle(el);
      if (!WHITE.includes(style.backgroundColor)) problems.push(`${name(el)}: background ${style.backgroundColor}`);
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (hasText) {
        texts++;
        if (style.color !== BLACK) problems.push(`${name(el)}: colour ${style.color}`);
      }
    }
    const fields = [...root.querySelectorAll("[data-field]")];
    for (const el of fields) {
      const style = getComputedStyle(el);
      if (!el.checkVisibility()) problems.push(`${name(el)} is hidden`);
      if (style.textOverflow !== "clip") problems.push(`${name(el)}: text-overflow ${style.textOverflow}`);
      if (!["visible", "clip"].includes(style.overflowX) && style.overflowX !== "visible") problems.push(`${name(el)}: overflow ${style.overflowX}`);
      if (style.display !== "inline" && el.scrollWidth > el.clientWidth) problems.push(`${name(el)}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      for (const r of el.getClientRects()) {
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) problems.push(`${name(el)}: outside the instructions (${r.left}-${r.right} of ${box.left}-${box.right})`);
      }
    }
    const qr = root.querySelector("svg.btc-qr-code");
    const qrBox = qr?.getBoundingClientRect();
    return {
      problems,
      hiddenParts: hiddenParts.length,
      texts,
      fields: fields.length,
      qr: qr && qr.checkVisibility() && qrBox.width > 100 && qrBox.height > 100 && qrBox.right <= box.right + 0.5 ? "shown" : qr ? "hidden or small" : "none",
    };
  });
}

/** Whether each piece of the merchant's content is shown in the current media. */
const merchantShown = (page) => page.evaluate((selector) => [...document.querySelectorAll(selector)].map((el) => el.checkVisibility()), MERCHANT);

/** The elements marked for printing, and the number of adopted document stylesheets. */
const marks = (page) => page.evaluate(() => ({ marked: [...document.querySelectorAll("[data-btc-print]")].map((el) => el.localName), sheets: document.adoptedStyleSheets.length }));

/**
 * One case: the print layout, then our Print button (window.print recorded), the PDF of that
 * print and of Ctrl+P. Returns the figures for the summary.
 */
async function checkCase(label, nextAction, { locale, element, colorScheme = "light" }) {
  const { context, page, problems } = await strictPage(site.browser, { colorScheme, viewport: { width: 703, height: 1032 } }); // 186 mm: A4 within 12 mm margins, at 96 px per inch
  await renderOnMerchantPage(page, site.base, nextAction, { locale, element });
  const what = `${label} ${locale} ${element ? "element" : "renderInstructions"} ${colorScheme}`;

  // Ctrl+P: the merchant's whole page prints (several sheets), without our buttons, black on white.
  await page.emulateMedia({ media: "print" });
  const plain = await printedView(page);
  assert.deepEqual(plain.problems, [], what);
  assert.ok(plain.hiddenParts >= 4 && plain.texts > 5 && plain.fields >= 3, `${what}: ${JSON.stringify(plain)}`);
  assert.equal(plain.qr, isEur(nextAction) ? "shown" : "none", what);
  assert.ok((await merchantShown(page)).every(Boolean), `${what}: Ctrl+P prints the merchant's page`);
  const whole = await page.pdf({ format: "A4" });
  assert.ok(pdfPages(whole) > 1, `${what}: the merchant's page alone takes ${pdfPages(whole)} sheets`);
  await page.emulateMedia({ media: null });

  // Our Print button: print() sees the mark on the instructions' root or the element's host.
  await page.evaluate(() => {
    window.__printed = [];
    window.print = () => window.__printed.push([...document.querySelectorAll("[data-btc-print]")].map((el) => el.localName));
  });
  await page.locator("#pay [data-action=print]").click();
  const target = element ? "bank-transfer-checkout" : "section";
  assert.deepEqual(await page.evaluate(() => window.__printed), [[target]], what);
  assert.deepEqual(await marks(page), { marked: [target], sheets: 1 }, what);

  await page.emulateMedia({ media: "print" });
  assert.ok((await merchantShown(page)).every((shown) => !shown), `${what}: the merchant's content is hidden`);
  const alone = await printedView(page);
  assert.deepEqual(alone.problems, [], what);
  assert.equal(alone.qr, isEur(nextAction) ? "shown" : "none", what);
  const at = await page.evaluate((target) => {
    const r = document.querySelector(`[data-btc-print]`).getBoundingClientRect();
    return { x: r.x, y: r.y, body: getComputedStyle(document.body).backgroundColor, target };
  }, target);
  assert.deepEqual(at, { x: 0, y: 0, body: "rgb(255, 255, 255)", target }, `${what}: printed from the top-left corner`);
  const suffix = `${locale === "en-US" ? "" : `.${locale}`}${element ? ".element" : ""}${colorScheme === "dark" ? ".dark" : ""}`;
  await page.screenshot({ path: join(SHOTS, `print-${label}${suffix}.png`), fullPage: true });

  // The browser's print is over: the mark goes, the page prints whole again.
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  assert.deepEqual(await marks(page), { marked: [], sheets: 1 }, `${what}: the mark is removed after printing`);
  assert.ok((await merchantShown(page)).every(Boolean), what);

  // The PDF of our Print button's print (page.pdf dispatches beforeprint/afterprint too): one A4 sheet.
  await page.emulateMedia({ media: null });
  await page.locator("#pay [data-action=print]").click();
  assert.deepEqual(await marks(page), { marked: [target], sheets: 1 }, `${what}: the second print reuses the stylesheet`);
  const pdf = await page.pdf({ format: "A4" });
  assert.deepEqual(await marks(page), { marked: [], sheets: 1 }, `${what}: afterprint removed the mark`);
  await page.locator("#pay [data-action=print]").click();
  const cssSized = await page.pdf({ preferCSSPageSize: true });
  assert.deepEqual(pdfPageSize(cssSized).map(Math.round), [595, 842], `${what}: the button's print asks for A4`);
  assert.deepEqual(await problems(), [], what);
  await context.close();
  return { pages: pdfPages(pdf), cssPages: pdfPages(cssSized), whole: pdfPages(whole) };
}

test("print: every address type fits one A4 sheet, alone, black on white, values whole (en, de; plain and custom element)", async () => {
  const summary = {};
  for (const [type, nextAction] of Object.entries(TYPES)) {
    for (const locale of LOCALES) {
      for (const element of [false, true]) {
        const { pages, cssPages } = await checkCase(type, nextAction, { locale, element, colorScheme: element ? "dark" : "light" });
        summary[`${type} ${locale} ${element ? "element" : "plain"}`] = pages;
        assert.equal(pages, 1, `${type} ${locale} ${element ? "element" : "plain"}: ${pages} sheets`);
        assert.equal(cssPages, 1);
      }
    }
  }
  console.log("PDF sheets per case:", JSON.stringify(summary));
});

test("print: the long values of every address type fit one A4 sheet too (en, de)", async () => {
  const summary = {};
  for (const [type, nextAction] of Object.entries(LONG_TYPES)) {
    for (const locale of LOCALES) {
      const { pages } = await checkCase(type, nextAction, { locale, element: locale === "de-DE" });
      summary[`${type} ${locale}`] = pages;
      assert.equal(pages, 1, `${type} ${locale}: ${pages} sheets`);
    }
  }
  console.log("PDF sheets per case:", JSON.stringify(summary));
});

test("print: the page counter and the layout checks can fail", async () => {
  const { context, page } = await strictPage(site.browser);
  // Both long US addresses together do not fit one sheet: the count says so.
  await renderOnMerchantPage(page, site.base, LONG.aba, { locale: "de-DE" });
  await page.evaluate(() => (window.print = () => {}));
  await page.locator("#pay [data-action=print]").click();
  assert.equal(pdfPages(await page.pdf({ format: "A4" })), 2);
  // A value cut with an ellipsis, a button shown, grey text: all reported.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("@media print { .btc .btc-value { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 3em } .btc .btc-copy { display: inline } .btc-intro { color: #777 } }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  await page.emulateMedia({ media: "print" });
  const { problems } = await printedView(page);
  for (const expected of [/^span\.btc-value\[aba\.account_number\]: text-overflow ellipsis$/, /^span\.btc-value\[aba\.account_number\]: scrollWidth/, /^button\.btc-copy is shown$/, /^p\.btc-intro: colour rgb\(119, 119, 119\)$/]) {
    assert.ok(problems.some((p) => expected.test(p)), `${expected}: ${problems.join("\n")}`);
  }
  await context.close();
});

test("print: the real window.print() gets the mark and the rules; afterprint removes the mark, not the rules", async () => {
  const { context, page, problems } = await strictPage(site.browser);
  await renderOnMerchantPage(page, site.base, TYPES.iban, { element: true });
  await page.evaluate(() => {
    window.__events = [];
    for (const type of ["beforeprint", "afterprint"]) {
      addEventListener(type, () => window.__events.push(`${type} ${document.querySelectorAll("[data-btc-print]").length}`));
    }
  });
  await page.locator("#pay [data-action=print]").click();
  // Headless Chromium's print() returns at once and dispatches beforeprint only.
  assert.deepEqual(await page.evaluate(() => window.__events), ["beforeprint 1"]);
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  assert.deepEqual(await marks(page), { marked: [], sheets: 1 });
  // A merchant's own afterprint does not remove a mark twice or throw; a new print marks again.
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.locator("#pay [data-action=print]").click();
  assert.deepEqual(await marks(page), { marked: ["bank-transfer-checkout"], sheets: 1 });
  assert.deepEqual(await problems(), []);
  await context.close();
});
