// The peer (Adyen Web) on the bench page, same protocol as bench.js.
import { mountPeer } from "/bench-peer/adyen.js";
const { adyenAction, timeUpdates } = bench;

const manual = location.search.includes("manual");
let handle;
window.__wasmBytes = () => 0;
window.__mount = async () => {
  handle = await mountPeer(document.getElementById("pay"), adyenAction());
};
window.__rerender = (n, layout) => timeUpdates((amount) => handle.update(adyenAction(amount)), n, layout);
if (!manual) await window.__mount();
window.__ready = true;
