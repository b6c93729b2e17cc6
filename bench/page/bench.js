// Our instructions-only module, imported statically as a merchant page would (one module
// level below the page, like the peer's bundle). The payment and the protocol: payment.js.
import init, { renderInstructions } from "/pkg/instructions/bank_transfer_checkout.js";

await bench.runOurs(init, renderInstructions);
