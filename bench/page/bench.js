// One measured page load: fetch + compile + instantiate the module, then render the US example
// (two addresses, the largest) and report when the instructions are in the DOM.
import init, { renderInstructions } from "/pkg/web/bank_transfer_checkout.js";

const example = await (await fetch("/examples/next_action.us_bank_transfer.docs.json")).json();
const start = performance.now();
await init();
const ready = performance.now();
const view = renderInstructions(document.getElementById("pay"), example.next_action, { locale: "en-US" });
const rendered = performance.now();
if (!document.querySelector("[data-field='aba.routing_number']")) throw new Error("not rendered");
// A second render shows our own cost; the first also pays for the browser's Intl start-up
// (ICU data, ~20 ms on a fresh page whoever calls it) and for Wasm's lazy function compilation.
view.update(example.next_action);
const updated = performance.now();
window.__bench = {
  initMs: ready - start,
  renderMs: rendered - ready,
  initToDomMs: rendered - start,
  navigationToDomMs: rendered,
  updateMs: updated - rendered,
};
