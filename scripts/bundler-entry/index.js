// Entry point of "bank-transfer-checkout/bundler": the bundler build is ready once imported,
// so init() only keeps merchant code identical to the web build's `await init()`.
export * from "./bank_transfer_checkout.js";
export default async function init() {}
