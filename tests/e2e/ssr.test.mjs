// renderInstructionsToString on a merchant's Node server (no browser): the package's web build
// instantiated with initSync, Node's own Intl formatting; the same markup as the widget's,
// without buttons.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support.mjs";

const { initSync, registerLanguage, renderInstructionsToString } = await import(join(ROOT, "pkg/web/bank_transfer_checkout.js"));
initSync({ module: readFileSync(join(ROOT, "pkg/web/bank_transfer_checkout_bg.wasm")) });
// Node cannot fetch the package's files: a server registers the languages it renders.
for (const code of ["de", "ja"]) {
  assert.equal(registerLanguage(JSON.parse(readFileSync(join(ROOT, "pkg/web/locales", `${code}.json`), "utf8"))), code);
}
const example = (name) => JSON.parse(readFileSync(join(ROOT, "reference/examples", `next_action.${name}.docs.json`), "utf8")).next_action;

test("Node: German EUR instructions as escaped HTML with the QR code and no buttons", () => {
  const html = renderInstructionsToString(example("eu_bank_transfer"), { locale: "de-DE", headingLevel: 1 });
  assert.ok(html.startsWith('<section class="btc" lang="de" dir="ltr" aria-label="Per Banküberweisung bezahlen"><h1 class="btc-title">Per Banküberweisung bezahlen</h1>'), html.slice(0, 200));
  assert.ok(html.includes('data-field="iban.iban" dir="ltr">NL40 CITI 7000 7995 56</span>'));
  assert.match(html, /<figure class="btc-qr" data-field="epc_qr"><svg class="btc-qr-code"/);
  assert.doesNotMatch(html, /<button|<script|\son\w+=/);
});

test("Node: Japanese yen is not divided by 100, and a hostile value stays text", () => {
  const next = example("jp_bank_transfer");
  next.display_bank_transfer_instructions.financial_addresses[0].zengin.account_holder_name = "<img src=x onerror=alert(1)>";
  const html = renderInstructionsToString(next, { locale: "ja-JP" });
  assert.match(html, /data-field="amount_remaining" dir="ltr">￥[\d,]+<\/span>/);
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.doesNotMatch(html, /<img/);
});

test("Node: a language not registered renders in English", () => {
  const html = renderInstructionsToString(example("eu_bank_transfer"), { locale: "fr-FR" });
  assert.ok(html.startsWith('<section class="btc" lang="en" dir="ltr" aria-label="Pay by bank transfer">'), html.slice(0, 120));
});

test("Node: bad input is a typed error", () => {
  assert.throws(() => renderInstructionsToString({ type: "redirect_to_url" }), { name: "BankTransferError", code: "invalid_next_action" });
});
