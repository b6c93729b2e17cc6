// Our widget on the bench page. Without ?manual it mounts at once (start-to-instructions);
// with ?manual the harness mounts, re-renders and measures memory step by step.
import init, { renderInstructions } from "/pkg/web/bank_transfer_checkout.js";
import { nextAction, timeUpdates } from "/bench/payment.js";

const manual = location.search.includes("manual");
const wasm = await init();
window.__wasmBytes = () => wasm.memory.buffer.byteLength;
let view;
window.__mount = () => {
  view = renderInstructions(document.getElementById("pay"), nextAction(), { locale: "en-US" });
};
window.__rerender = (n, layout) => timeUpdates((amount) => view.update(nextAction(amount)), n, layout);
if (!manual) window.__mount();
window.__ready = true;
