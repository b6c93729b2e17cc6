// The demo page: renders every reference example with the chosen locale. No inline script, so it
// runs under the server's strict Content-Security-Policy like a merchant page would.
import init, { loadLanguage, renderInstructions } from "/pkg/web/bank_transfer_checkout.js";
import { addLanguageOptions } from "/languages.js";

const EXAMPLES = [
  "next_action.us_bank_transfer.docs.json",
  "next_action.gb_bank_transfer.docs.json",
  "next_action.gb_bank_transfer.captured_sandbox.json",
  "next_action.eu_bank_transfer.docs.json",
  "next_action.jp_bank_transfer.docs.json",
  "next_action.mx_bank_transfer.docs.json",
  // Not waiting for a transfer: shows how a typed error looks.
  "fixtures3.customer_balance_objects.json",
];

const localeSelect = document.getElementById("locale");
addLanguageOptions(localeSelect);
const main = document.getElementById("examples");
let views = [];

async function load(name) {
  const response = await fetch(`/examples/${name}`);
  const example = await response.json();
  // The fixtures file holds a whole PaymentIntent under payment_intent; the others a next_action.
  return example.next_action ?? example.payment_intent;
}

async function renderAll(examples) {
  delete document.documentElement.dataset.rendered; // set again once this language is shown
  const locale = localeSelect.value || undefined;
  // The language's texts first, so that the first render is in it (English if they cannot load).
  await loadLanguage(locale).catch(() => {});
  for (const view of views) view.destroy();
  views = [];
  main.replaceChildren();
  for (const [name, nextAction] of examples) {
    const card = document.createElement("article");
    card.className = "demo-card";
    card.dataset.example = name;
    const title = document.createElement("h2");
    title.textContent = name;
    const slot = document.createElement("div");
    card.append(title, slot);
    main.append(card);
    try {
      views.push(renderInstructions(slot, nextAction, { locale, headingLevel: 3 }));
    } catch (error) {
      const p = document.createElement("p");
      p.className = "demo-error";
      p.textContent = `${error.code}: ${error.message}`;
      slot.append(p);
    }
  }
  document.documentElement.dataset.rendered = String(examples.length);
}

await init();
const examples = await Promise.all(EXAMPLES.map(async (name) => [name, await load(name)]));
const fromUrl = new URLSearchParams(location.search).get("locale");
if (fromUrl) {
  // Any tag from the URL, offered or not (`?locale=de` as well as the listed `de-DE`).
  if (![...localeSelect.options].some((o) => o.value === fromUrl)) localeSelect.append(new Option(fromUrl, fromUrl));
  localeSelect.value = fromUrl;
}
localeSelect.addEventListener("change", () => renderAll(examples));
await renderAll(examples);
