// Our instructions-only module, imported statically as a merchant page would (one module
// level below the page, like the peer's bundle).
import init, { renderInstructions } from "/pkg/instructions/bank_transfer_checkout.js";
import { runOurs } from "/bench/payment.js";

await runOurs(init, renderInstructions);
