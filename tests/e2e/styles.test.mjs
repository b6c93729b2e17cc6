// The web builds' init() brings the stylesheet (scripts/patch-init.mjs): adopted into the document
// as a constructed stylesheet in the cascade layer "btc" (no request, allowed by the strict CSP),
// so that the page's own rules win over ours whatever their specificity; once however often init()
// runs; not at all with init({ styles: false }) or when the page links the stylesheet itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, STRICT_CSP, staticSite, strictPage } from "./support.mjs";

const NEXT_ACTION = JSON.parse(readFileSync(join(ROOT, "reference", "examples", "next_action.eu_bank_transfer.docs.json"), "utf8")).next_action;
const site = staticSite();

/** A page whose head holds `head`, under the strict CSP; `/page.css` is the merchant's stylesheet. */
async function open(head = "") {
  const { page, context, problems } = await strictPage(site.browser);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.route(`${site.base}/page.css`, (route) => route.fulfill({ contentType: "text/css", body: "section { max-width: 500px }" }));
  await page.route(`${site.base}/blank.html`, (route) =>
    route.fulfill({
      contentType: "text/html",
      headers: { "content-security-policy": STRICT_CSP },
      body: `<!doctype html><title>t</title>${head}<main><div id=pay></div></main>`,
    }),
  );
  await page.goto(`${site.base}/blank.html`);
  return { page, context, problems, requests };
}

/** Runs init(options) `times` times in `module`, renders, and reports what styles the page has. */
const renderWith = (page, module, options, times = 1) =>
  page.evaluate(
    async ({ module, options, times, NEXT_ACTION }) => {
      const { default: init, renderInstructions } = await import(module);
      for (let i = 0; i < times; i++) await init(options);
      renderInstructions("#pay", NEXT_ACTION, { locale: "en-US" });
      const section = document.querySelector("#pay section.btc");
      const sheets = document.adoptedStyleSheets;
      return {
        sheets: sheets.length,
        layer: sheets[0]?.cssRules[0]?.name ?? null,
        // `.btc { max-inline-size: 40rem }` is ours; the page's `section { max-width: 500px }` wins.
        maxWidth: getComputedStyle(section).maxWidth,
        lineHeight: getComputedStyle(section).lineHeight,
      };
    },
    { module, options, times, NEXT_ACTION },
  );

for (const module of ["/pkg/instructions/bank_transfer_checkout.js", "/pkg/web/bank_transfer_checkout.js"]) {
  test(`${module}: init() adopts the stylesheet once, in layer "btc", without a request`, async () => {
    const { page, context, problems, requests } = await open();
    const styles = await renderWith(page, module, undefined, 2);
    // line-height 1.5 of 16px: ours applies.
    assert.deepEqual(styles, { sheets: 1, layer: "btc", maxWidth: "640px", lineHeight: "24px" });
    assert.equal(requests.filter((path) => path.endsWith(".css")).length, 0, requests.join(" "));
    assert.deepEqual(await problems(), []);
    await context.close();
  });
}

// What the page holds, what init() is given → the styles the instructions get.
const CASES = [
  ["the page's own rules win over ours, whatever their specificity", '<link rel="stylesheet" href="/page.css">', { locale: "en-US" }, { sheets: 1, layer: "btc", maxWidth: "500px", lineHeight: "24px" }],
  ["init({ styles: false }) adopts nothing", "", { styles: false }, { sheets: 0, layer: null, maxWidth: "none", lineHeight: "normal" }],
  ["a page linking our stylesheet keeps it and gets no second copy", '<link rel="stylesheet" href="/pkg/instructions/bank-transfer-checkout.css">', undefined, { sheets: 0, layer: null, maxWidth: "640px", lineHeight: "24px" }],
];

for (const [name, head, options, expected] of CASES) {
  test(name, async () => {
    const { page, context, problems } = await open(head);
    assert.deepEqual(await renderWith(page, "/pkg/instructions/bank_transfer_checkout.js", options), expected);
    assert.deepEqual(await problems(), []);
    await context.close();
  });
}
