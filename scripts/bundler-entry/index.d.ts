export * from "./bank_transfer_checkout.js";
/** Resolves at once: the bundler build is instantiated by the bundler. Kept for parity with the web build. */
export default function init(): Promise<void>;
