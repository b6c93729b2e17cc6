// Layout: no value may overflow its box (every data-field element: scrollWidth vs clientWidth,
// and inside the widget's box) at 360 px and 1280 px, in every locale, for the reference
// examples and for long values (tests/fixtures/long-values.json: 31/32-character IBANs,
// 40-character holder names, long Japanese bank names). Writes screenshots of every address
// type in two locales at both widths to test-results/screenshots/ (light and dark, and one
// right-to-left layout) for a person to look at.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LANGUAGES } from "../../www/languages.js";
import { ROOT, staticSite, strictPage } from "./support.mjs";

/** The regional tags the first six languages were tested with, then every other language. */
const FIRST_SIX = ["en-US", "de-DE", "fr-BE", "nl-NL", "es-MX", "ja-JP"];
const LOCALES = [...FIRST_SIX, ...LANGUAGES.filter((code) => !FIRST_SIX.some((l) => l.startsWith(`${code}-`)))];
const SCREENSHOT_LOCALES = ["en-US", "ja-JP"];
const WIDTHS = [360, 1280];
const SHOTS = join(ROOT, "test-results", "screenshots");
const { _comment, ...LONG } = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "long-values.json"), "utf8"));
const EXAMPLES = {
  "next_action.us_bank_transfer.docs.json": "aba-swift",
  "next_action.gb_bank_transfer.docs.json": "sort_code",
  "next_action.eu_bank_transfer.docs.json": "iban",
  "next_action.jp_bank_transfer.docs.json": "zengin",
  "next_action.mx_bank_transfer.docs.json": "spei",
};

const site = staticSite();
before(() => mkdirSync(SHOTS, { recursive: true }));

/** Every data-field element wider than its box, or outside its widget; and the page's own overflow. */
function overflows(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll(".btc [data-field]")) {
      const name = `${el.closest("[data-example]")?.dataset.example ?? ""} ${el.dataset.field}`;
      if (getComputedStyle(el).display !== "inline" && el.scrollWidth > el.clientWidth) {
        found.push(`${name}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      }
      const box = el.getBoundingClientRect();
      const widget = el.closest(".btc").getBoundingClientRect();
      if (box.right > widget.right + 0.5 || box.left < widget.left - 0.5) found.push(`${name}: outside the widget`);
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth) found.push(`page: scrollWidth ${page.scrollWidth} > ${page.clientWidth}`);
    return found;
  });
}

/** The examples page, plus the long-value fixtures rendered below it by the same module. */
async function gallery(locale, width, options = {}) {
  const opened = await strictPage(site.browser, { viewport: { width, height: 900 }, ...options });
  await opened.page.goto(`${site.base}/examples.html?locale=${locale}`);
  await opened.page.waitForSelector("html[data-rendered]");
  await opened.page.evaluate(
    async ([long, locale]) => {
      const { renderInstructions } = await import("/pkg/web/bank_transfer_checkout.js");
      for (const [type, nextAction] of Object.entries(long)) {
        const card = document.createElement("article");
        card.className = "demo-card";
        card.dataset.example = `long-${type}`;
        document.getElementById("examples").append(card);
        renderInstructions(card, nextAction, { locale, headingLevel: 3 });
      }
    },
    [LONG, locale],
  );
  return opened;
}

test(`no value overflows its box at 360 px or 1280 px, ${LOCALES.length} locales, reference examples and long values`, async () => {
  mkdirSync(join(SHOTS, "languages"), { recursive: true });
  for (const width of WIDTHS) {
    for (const locale of LOCALES) {
      const { context, page, problems } = await gallery(locale, width);
      assert.equal(await page.locator("[data-example^=long-] section.btc").count(), Object.keys(LONG).length);
      assert.deepEqual(await overflows(page), [], `${locale} at ${width} px`);
      if (width === 360) await page.screenshot({ path: join(SHOTS, "languages", `${locale}-360.png`), fullPage: true });
      assert.deepEqual(await problems(), []);
      await context.close();
    }
  }
});

test("the overflow check is live: values forced onto one line are reported", async () => {
  const { context, page } = await gallery("de-DE", 360);
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet(); // adopted, not a <style>: the CSP stays quiet
    sheet.replaceSync(".btc .btc-value { white-space: nowrap; overflow: hidden }");
    document.adoptedStyleSheets = [sheet];
  });
  const found = await overflows(page);
  assert.ok(found.some((f) => f.startsWith("long-iban iban.account_holder_name: ")), found.join("\n"));
  await context.close();
});

test("long values are shown whole: wrapped, never cut or changed", async () => {
  const { context, page } = await gallery("de-DE", 360);
  const long = page.locator("[data-example=long-iban]");
  assert.equal(await long.locator("[data-field='iban.account_holder_name']").first().textContent(), "Zahlungsverkehrsdienstleistungsgesellsch");
  assert.equal(await long.locator("[data-field='iban.iban']").first().textContent(), "MT84 MALT 0110 0001 2345 MTLC AST0 01S");
  const holder = long.locator("[data-field='iban.account_holder_name']").first();
  const lines = await holder.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  assert.ok(lines >= 2, `the 40-character word wraps at 360 px (${lines} line)`);
  const jp = page.locator("[data-example=long-zengin]");
  assert.equal(await jp.locator("[data-field='zengin.bank_name']").textContent(), "三井住友信託銀行株式会社東京中央本店営業第二部振込専用口座管理課");
  await context.close();
});

test("screenshots: every address type, two locales, 360 px and 1280 px, light and dark, and right to left", async () => {
  let written = 0;
  for (const colorScheme of ["light", "dark"]) {
    for (const width of WIDTHS) {
      for (const locale of SCREENSHOT_LOCALES) {
        const { context, page } = await gallery(locale, width, { colorScheme });
        const shots = { ...EXAMPLES, ...Object.fromEntries(Object.keys(LONG).map((type) => [`long-${type}`, `long-${type}`])) };
        for (const [example, name] of Object.entries(shots)) {
          if (colorScheme === "dark" && name.startsWith("long-")) continue;
          await page.locator(`[data-example='${example}'] section.btc`).screenshot({ path: join(SHOTS, `${name}.${locale}.${width}.${colorScheme}.png`) });
          written++;
        }
        await context.close();
      }
    }
  }
  // On a right-to-left page the widget keeps its language's direction (dir="ltr" from `lang`).
  // Made right-to-left itself, as a right-to-left language would make it, the layout mirrors
  // (logical properties) and the IBAN still reads left to right.
  const { context, page } = await gallery("en-US", 1280);
  await page.evaluate(() => (document.documentElement.dir = "rtl"));
  const eu = page.locator("[data-example='next_action.eu_bank_transfer.docs.json']");
  const section = eu.locator("section.btc");
  assert.equal(await section.evaluate((el) => getComputedStyle(el).direction), "ltr");
  await section.evaluate((el) => el.setAttribute("dir", "rtl"));
  const label = await eu.locator("dt", { hasText: "IBAN" }).boundingBox();
  const value = await eu.locator("[data-field='iban.iban']").boundingBox();
  const button = await eu.locator("[data-copy-for='iban.iban']").boundingBox();
  assert.ok(label.x > value.x && value.x > button.x, "right to left: label, then value, then the copy button");
  assert.equal(await eu.locator("[data-field='iban.iban']").evaluate((el) => getComputedStyle(el).unicodeBidi), "plaintext");
  assert.deepEqual(await overflows(page), []);
  await section.screenshot({ path: join(SHOTS, "iban.rtl.1280.light.png") });
  written++;
  await context.close();
  assert.equal(written, 2 * 2 * 2 * 5 + 2 * 2 * 5 + 1);
});
