// Our instructions-only module, imported statically as a merchant page would (one module
// level below the page, like the peer's bundle).
import init, { renderInstructions } from "/pkg/instructions/bank_transfer_checkout.js";
import { nextAction, timeUpdates } from "/bench/payment.js";

const wasm = await init();
window.__wasmBytes = () => wasm.memory.buffer.byteLength;
let view;
window.__mount = () => {
  view = renderInstructions(document.getElementById("pay"), nextAction(), { locale: "en-US" });
};
window.__rerender = (n, layout) => timeUpdates((amount) => view.update(nextAction(amount)), n, layout);
if (!location.search.includes("manual")) window.__mount();
window.__ready = true;
