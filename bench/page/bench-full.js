// The whole package (renderInstructions + mountCheckout), imported statically (one module
// level below the page, like the peer's bundle).
import init, { renderInstructions } from "/pkg/web/bank_transfer_checkout.js";
import { runOurs } from "/bench/payment.js";

await runOurs(init, renderInstructions);
