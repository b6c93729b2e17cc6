// Every language of the package (www/languages.js = core/locales): each renders every address
// type entirely in that language — no text left in English but names and codes — with its own
// `lang`, right to left for Arabic and Hebrew while IBANs, numbers, amounts and references stay
// left to right and copy unchanged. One screenshot per language in test-results/languages/.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LANGUAGES } from "../../www/languages.js";
import { mayEqualEnglish } from "../../scripts/check-locales.mjs";
import { ROOT, staticSite, strictPage } from "./support.mjs";

const SHOTS = join(ROOT, "test-results", "languages");
const RIGHT_TO_LEFT = new Set(["ar", "he"]);
const site = staticSite();
before(() => mkdirSync(SHOTS, { recursive: true }));

/** English texts that may stay as they are in a language: names, codes (IBAN, BIC, SPEI…), countries. */
const NAMES_AND_CODES = new Set(
  ["", "checkout", "server"].flatMap((dir) =>
    readFileSync(join(ROOT, "core/locales", dir, "en.txt"), "utf8")
      .split("\n")
      .map((line) => /^([a-z0-9_]+) = (.*)$/.exec(line))
      .filter((m) => m && mayEqualEnglish(m[1]))
      .map((m) => m[2]),
  ),
);

/** The gallery of every reference example in `code`: its texts (values aside) and attributes. */
async function gallery(code, options = {}) {
  const opened = await strictPage(site.browser, { viewport: { width: 1280, height: 900 }, ...options });
  await opened.page.goto(`${site.base}/examples.html?locale=${code}`);
  await opened.page.waitForSelector("html[data-rendered]");
  const seen = await opened.page.evaluate(() => {
    const texts = new Set();
    const sections = [...document.querySelectorAll("section.btc")];
    for (const section of sections) {
      const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // Values are the customer's data (names, codes, amounts), not our words.
        if (node.parentElement.closest("[data-field]")) continue;
        const text = node.textContent.trim();
        if (text) texts.add(text);
      }
      for (const el of section.querySelectorAll("[aria-label]")) texts.add(el.getAttribute("aria-label"));
    }
    return {
      texts: [...texts],
      langs: [...new Set(sections.map((s) => `${s.lang} ${s.dir}`))],
      valueDirs: [...new Set([...document.querySelectorAll(".btc [data-field=iban\\.iban], .btc [data-field=amount_remaining], .btc [data-field=reference]")].map((v) => v.dir))],
      sections: sections.length,
    };
  });
  return { ...opened, seen };
}

test(`${LANGUAGES.length} languages: every address type in the language, no English left but names and codes, its own lang and direction`, async () => {
  const english = await gallery("en");
  const englishTexts = new Set(english.seen.texts);
  await english.context.close();
  assert.ok(englishTexts.size > 60, `${englishTexts.size} English texts`);
  for (const code of LANGUAGES.filter((c) => c !== "en")) {
    const { context, page, problems, seen } = await gallery(code);
    assert.equal(seen.sections, 6, code);
    assert.deepEqual(seen.langs, [`${code} ${RIGHT_TO_LEFT.has(code) ? "rtl" : "ltr"}`], code);
    assert.deepEqual(seen.valueDirs, ["ltr"], `${code}: IBANs, amounts and references read left to right`);
    const leftover = seen.texts.filter((t) => englishTexts.has(t) && !NAMES_AND_CODES.has(t));
    assert.deepEqual(leftover, [], `${code}: English left`);
    await page.screenshot({ path: join(SHOTS, `${code}.png`), fullPage: true });
    assert.deepEqual(await problems(), [], code);
    await context.close();
  }
});

test("right to left: the layout mirrors, values keep their order and copy unchanged", async () => {
  for (const code of ["ar", "he"]) {
    const { context, page, problems } = await gallery(code);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.base });
    const eu = page.locator("[data-example='next_action.eu_bank_transfer.docs.json'] section.btc");
    // Mirrored: the label column is on the right, the copy button on the left of its value.
    const geometry = await eu.evaluate((section) => {
      const row = section.querySelector(".btc-fields .btc-row");
      const label = row.querySelector(".btc-label").getBoundingClientRect();
      const value = row.querySelector(".btc-value").getBoundingClientRect();
      return { labelRight: label.right, valueRight: value.right };
    });
    assert.ok(geometry.labelRight > geometry.valueRight, `${code}: labels on the right (${JSON.stringify(geometry)})`);
    assert.equal(await eu.locator("[data-field='iban.iban']").textContent(), "NL40 CITI 7000 7995 56");
    await eu.locator("[data-copy-for='iban.iban']").click();
    await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t === "NL40CITI7000799556"));
    assert.deepEqual(await problems(), [], code);
    await context.close();
  }
});
