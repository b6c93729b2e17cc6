// The whole package (renderInstructions + mountCheckout), imported statically (one module
// level below the page, like the peer's bundle).
import init, { renderInstructions } from "/pkg/web/bank_transfer_checkout.js";

await bench.runOurs(init, renderInstructions);
