// The demo merchant page: a shopper (the backend's signed session cookie; switchable), one order
// per shopper and region (kept across reloads, so a reload shows the same PaymentIntent), the
// live checkout, and a panel that simulates the customer's transfer through the backend
// (sandbox mode only). No inline script: it runs under the server's CSP.
import init, { mountCheckout } from "/pkg/web/bank_transfer_checkout.js";
import { addLanguageOptions } from "/languages.js";

const $ = (id) => document.getElementById(id);
const region = $("region");
const localeSelect = $("locale");
addLanguageOptions(localeSelect);
const shopperSelect = $("shopper");
const catalogue = fetch("/api/catalogue").then((r) => r.json()).then((c) => new Map(c.items.map((i) => [i.id, i])));
const DIGITS = { jpy: 0 };
let checkout;
let shopper;

/** Who the backend says we are, and who else we could be (the demo's "switch shopper"). */
function showSession(session) {
  shopper = session.shopper;
  const guest = shopper.id.startsWith("guest_");
  const options = session.personas.map((p) => [p.id, `${p.name} (${p.country})`]);
  options.push(["guest", guest ? `Guest shopper (${shopper.country})` : "A new guest"]);
  shopperSelect.replaceChildren(...options.map(([value, label]) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    return option;
  }));
  shopperSelect.value = guest ? "guest" : shopper.id;
  document.documentElement.dataset.shopper = shopper.id;
}

function orderId(regionCode, fresh = false) {
  // Orders are the shopper's own: another shopper's order id would be "not found".
  const key = `demo-order-${shopper.id}-${regionCode}`;
  let id = new URLSearchParams(location.search).get("order");
  if (!id || !id.startsWith(regionCode)) id = fresh ? null : sessionStorage.getItem(key);
  if (!id) id = `${regionCode}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
  sessionStorage.setItem(key, id);
  return id;
}

function money(minor, currency) {
  const digits = DIGITS[currency] ?? 2;
  return new Intl.NumberFormat(localeSelect.value || undefined, { style: "currency", currency }).format(minor / 10 ** digits);
}

function log(type, detail) {
  const li = document.createElement("li");
  li.textContent = `${type} ${JSON.stringify(detail)}`;
  $("events").prepend(li);
}

for (const type of ["ready", "country-changed", "partially-funded", "succeeded", "error"]) {
  $("checkout").addEventListener(`banktransfer:${type}`, (e) => {
    log(type, e.detail);
    if (type !== "error") prefill();
  });
}

function prefill() {
  const remaining = document.querySelector("#checkout [data-copy-for=amount_remaining]");
  const reference = document.querySelector("#checkout [data-field=reference]");
  if (reference) $("sim-reference").value = reference.textContent;
  if (remaining && !$("sim-amount").value) $("sim-amount").placeholder = document.querySelector("#checkout [data-field=amount_remaining]").textContent;
}

async function start(fresh = false) {
  checkout?.destroy();
  const regionCode = region.value;
  const order = orderId(regionCode, fresh);
  const item = (await catalogue).get(regionCode);
  $("item").textContent = item.description;
  $("total").textContent = money(item.amount, item.currency);
  $("order-id").textContent = order;
  $("sim-amount").value = (item.amount / 10 ** (DIGITS[item.currency] ?? 2)).toString();
  $("sim-result").textContent = "";
  document.documentElement.dataset.order = order;
  try {
    const timeout = Number(new URLSearchParams(location.search).get("timeout")) || undefined; // tests
    checkout = await mountCheckout($("checkout"), {
      clientSecretUrl: "/api/checkout",
      order,
      locale: localeSelect.value || undefined,
      timeoutMs: timeout,
      emailUrl: "/api/email", // the backend emails the instructions (backend/src/email/)
    });
  } catch (error) {
    log("mount failed", { code: error.code, message: error.message });
  }
  window.demoCheckout = checkout; // for headless tests
  document.documentElement.dataset.mounted = order;
}

$("simulate").addEventListener("submit", async (event) => {
  event.preventDefault();
  const item = (await catalogue).get(region.value);
  const digits = DIGITS[item.currency] ?? 2;
  const amount = Math.round(Number($("sim-amount").value.replace(",", ".")) * 10 ** digits);
  const response = await fetch("/api/demo/fund", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ order: document.documentElement.dataset.order, amount, reference: $("sim-reference").value }),
  });
  const answer = await response.json();
  $("sim-result").textContent = response.ok
    ? `Sent ${money(amount, item.currency)}. The checkout notices within seconds.`
    : `Refused: ${answer.error?.message ?? response.status}`;
});

region.addEventListener("change", () => start());
localeSelect.addEventListener("change", () => start());
$("new-order").addEventListener("click", () => start(true));
shopperSelect.addEventListener("change", async () => {
  const response = await fetch("/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ persona: shopperSelect.value }),
  });
  if (response.ok) showSession(await response.json());
  const url = new URL(location.href);
  url.searchParams.delete("order"); // the previous shopper's
  history.replaceState(null, "", url);
  start();
});

const params = new URLSearchParams(location.search);
if (params.get("region")) region.value = params.get("region");
if (params.get("locale")) localeSelect.value = params.get("locale");
// Regions the shop does not sell in (with real keys: currencies the account cannot take) go.
const sold = await catalogue;
for (const option of [...region.options]) if (!sold.has(option.value)) option.remove();
showSession(await (await fetch("/api/session")).json());
await init();
start();
