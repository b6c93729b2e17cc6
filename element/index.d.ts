import type { Checkout, NextActionInput } from "../web/bank_transfer_checkout.js";

/** The tag registered by default: `bank-transfer-checkout`. */
export declare const TAG: "bank-transfer-checkout";

/**
 * `<bank-transfer-checkout>`. Attributes: `client-secret-url` + `order` (the live checkout, as
 * `mountCheckout`), or `next-action` (JSON; render-only, as `renderInstructions`); `locale` (BCP 47
 * tags separated by spaces or commas), `countries` (EU country codes, same separators),
 * `heading-level` (1–6), `theme` (`light` | `dark`; default follows `prefers-color-scheme`),
 * `email-url` (the live checkout's "Email me these instructions" field, as `mountCheckout`'s `emailUrl`).
 * Dispatches the `banktransfer:*` events (bubbling, composed); in render-only use `banktransfer:ready`
 * has `{ language }` and a bad `next-action` gives `banktransfer:error` `{ code, message }`.
 * Renders into an open shadow root: `element.shadowRoot.querySelector('[data-field="iban"]')`.
 */
export declare class BankTransferCheckoutElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The instructions to render (render-only use), as an object or JSON; wins until the attribute changes. */
  get nextAction(): NextActionInput | undefined;
  set nextAction(value: NextActionInput | undefined);
  /** The live checkout's handle once mounted, else undefined. */
  readonly checkout: Checkout | undefined;
  connectedCallback(): void;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, before: string | null, after: string | null): void;
}

/** Registers the element under `tag` (default `bank-transfer-checkout`) once; returns its class. */
export declare function defineBankTransferCheckout(tag?: string): CustomElementConstructor;

export interface BankTransferEventMap {
  "banktransfer:ready": CustomEvent<{ status?: string; language?: string }>;
  "banktransfer:country-changed": CustomEvent<{ country: string }>;
  "banktransfer:partially-funded": CustomEvent<{ status: string; amountRemaining?: number }>;
  "banktransfer:succeeded": CustomEvent<{ status: string }>;
  "banktransfer:error": CustomEvent<{ code: string; message: string; developerMessage?: string }>;
}

declare global {
  interface HTMLElementTagNameMap {
    "bank-transfer-checkout": BankTransferCheckoutElement;
  }
  interface HTMLElementEventMap extends BankTransferEventMap {}
}
