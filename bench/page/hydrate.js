// Server-rendered instructions (in #pay before any script runs) made live by the full package,
// as the hosted page does (www/pay.js). Same protocol as bench.js.
import init, { hydrateInstructions } from "/pkg/web/bank_transfer_checkout.js";
const { nextAction, timeUpdates } = bench;

// As the hosted page does: the server's markup is painted first, then the module loads (its
// init() pays for the page's first Intl.NumberFormat, which would otherwise hold the paint).
await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
const wasm = await init();
window.__wasmBytes = () => wasm.memory.buffer.byteLength;
let view;
window.__mount = () => {
  view = hydrateInstructions(document.getElementById("pay"), nextAction(), { locale: "en-US" });
  window.__tHydrated = performance.now();
};
window.__rerender = (n, layout) => timeUpdates((amount) => view.update(nextAction(amount)), n, layout);
if (!location.search.includes("manual")) window.__mount();
window.__ready = true;
