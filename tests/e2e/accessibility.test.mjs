// Accessibility of the rendered instructions: axe-core on every address type (the reference
// examples hold all six), in every locale, light and dark; keyboard use of the copy buttons.
// Served under the strict CSP; axe is evaluated through the DevTools protocol, not as a script
// tag (which the CSP would rightly refuse).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LANGUAGES } from "../../www/languages.js";
import { axe, ROOT, seriousViolations, staticSite, strictPage } from "./support.mjs";

/** The regional tags the first six languages were tested with, then every other language. */
const LOCALES = ["en-US", "de-DE", "fr-BE", "nl-NL", "es-MX", "ja-JP"];
const EVERY_LANGUAGE = [...LOCALES, ...LANGUAGES.filter((code) => !LOCALES.some((l) => l.startsWith(`${code}-`)))];
const REPORT = join(ROOT, "test-results", "axe");

const site = staticSite();

test(`axe: no serious or critical violation, any address type, ${EVERY_LANGUAGE.length} locales, light and dark`, async (t) => {
  const minor = [];
  for (const colorScheme of ["light", "dark"]) {
    for (const locale of EVERY_LANGUAGE) {
      const { context, page, problems } = await strictPage(site.browser, { colorScheme });
      await page.goto(`${site.base}/examples.html?locale=${locale}`);
      await page.waitForSelector("html[data-rendered]");
      const types = await page.$$eval("[data-address-type]", (els) => [...new Set(els.map((e) => e.dataset.addressType))].sort());
      assert.deepEqual(types, ["aba", "iban", "sort_code", "spei", "swift", "zengin"]);
      const violations = await axe(page, "section.btc");
      assert.deepEqual(seriousViolations(violations), [], `${colorScheme} ${locale}`);
      for (const v of violations) minor.push({ colorScheme, locale, ...v });
      assert.deepEqual(await problems(), []);
      await context.close();
    }
  }
  mkdirSync(REPORT, { recursive: true });
  writeFileSync(join(REPORT, "instructions.json"), JSON.stringify(minor, null, 2));
  t.diagnostic(`minor/moderate axe findings: ${minor.length} (test-results/axe/instructions.json)`);
});

test("keyboard: Tab reaches every copy button, the hosted link and the actions in visual order; Enter and Space copy; focus is visible", async () => {
  const { context, page, problems } = await strictPage(site.browser, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.base });
  await page.goto(`${site.base}/examples.html?locale=en-US`);
  await page.waitForSelector("html[data-rendered]");
  const eu = page.locator("[data-example='next_action.eu_bank_transfer.docs.json']");
  // The share action stays hidden where the browser has no share sheet (desktop Chromium).
  const buttons = await eu.locator("button:not([hidden]), a[href]").evaluateAll((els) => els.map((b) => b.dataset.copyFor ?? b.dataset.field ?? b.dataset.action));
  assert.deepEqual(buttons, ["amount_remaining", "reference", "iban.account_holder_name", "iban.iban", "iban.bic", "hosted_instructions_url", "print", "copy-all"]);
  // Tab from just before the widget: the buttons in order, top to bottom, then out of it.
  await eu.locator("h2").evaluate((h) => {
    h.tabIndex = -1;
    h.focus();
  });
  const visited = [];
  for (let i = 0; i < buttons.length + 1; i++) {
    await page.keyboard.press("Tab");
    visited.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return { copyFor: el.dataset.copyFor ?? el.dataset.field ?? el.dataset.action, top: box.top + scrollY, focusVisible: el.matches(":focus-visible"), outline: `${style.outlineStyle} ${style.outlineWidth}` };
      }),
    );
  }
  assert.deepEqual(visited.slice(0, -1).map((v) => v.copyFor), buttons);
  assert.notEqual(visited.at(-1).copyFor, buttons.at(-1), "Tab leaves the widget after its last button");
  for (let i = 1; i < buttons.length; i++) assert.ok(visited[i].top >= visited[i - 1].top, "focus order follows the layout, top to bottom");
  for (const v of visited.slice(0, -1)) {
    assert.equal(v.focusVisible, true);
    assert.equal(v.outline, "solid 3px", "a 3 px focus ring on :focus-visible");
  }
  // Enter on the IBAN's button, Space on the BIC's: each copies its raw value.
  await eu.locator("[data-copy-for='iban.iban']").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-example*=eu_bank] .btc-live").textContent.startsWith("Copied"));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "NL40CITI7000799556");
  await eu.locator("[data-copy-for='iban.bic']").focus();
  await page.keyboard.press("Space");
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t === "CITINL2XXXX"));
  assert.deepEqual(await problems(), []);
  await context.close();
});

test("keyboard, every address type in every locale: Tab visits each copy button and link once, in visual order, focus visible", async () => {
  for (const locale of LOCALES) {
    const { context, page, problems } = await strictPage(site.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.base}/examples.html?locale=${locale}`);
    await page.waitForSelector("html[data-rendered]");
    // From the language picker, Tab through the whole page: every focusable of every widget.
    const expected = await page.$$eval("section.btc :is(button:not([hidden]), a[href])", (els) => els.map((e) => e.dataset.copyFor ?? e.dataset.field ?? e.dataset.action));
    assert.ok(expected.length >= 30, `${locale}: ${expected.length} controls`);
    await page.focus("#locale");
    const visited = [];
    for (let i = 0; i < expected.length; i++) {
      await page.keyboard.press("Tab");
      visited.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          const box = el.getBoundingClientRect();
          return { id: el.dataset.copyFor ?? el.dataset.field ?? el.dataset.action, widget: el.closest("[data-example]").dataset.example, top: Math.round(box.top + scrollY), left: Math.round(box.left), visible: el.matches(":focus-visible") && getComputedStyle(el).outlineStyle === "solid" };
        }),
      );
    }
    assert.deepEqual(visited.map((v) => v.id), expected, locale);
    // Within each widget (the gallery lays widgets out in columns): top to bottom, then left to right.
    for (let i = 1; i < visited.length; i++) {
      const [a, b] = [visited[i - 1], visited[i]];
      if (a.widget !== b.widget) continue;
      assert.ok(b.top > a.top || (b.top === a.top && b.left > a.left), `${locale} ${b.widget}: ${b.id} after ${a.id} in reading order`);
    }
    assert.ok(visited.every((v) => v.visible), `${locale}: a visible focus ring on every control`);
    assert.deepEqual(await problems(), []);
    await context.close();
  }
});
