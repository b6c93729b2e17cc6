// <bank-transfer-checkout>: the package as a custom element, for pages that add payment UI with a
// tag. A thin wrapper: attributes in, mountCheckout() or renderInstructions() out, their events
// re-dispatched from the element. Its styles live in an open shadow root (the page's CSS cannot
// break it, and merchants' headless tests still reach data-field / data-copy-for through it).
//
// Registered by defineBankTransferCheckout() (this module has no side effects), or by importing
// "bank-transfer-checkout/element/define".
import init, { loadLanguage, mountCheckout, renderInstructions } from "../web/bank_transfer_checkout.js";
import { css } from "./style.js";

export const TAG = "bank-transfer-checkout";
const EVENTS = ["ready", "country-changed", "partially-funded", "succeeded", "error"];

/** "de-DE, en" or "DE FR NL" → ["de-DE", "en"]; empty or missing → undefined. */
function list(value) {
  const items = (value ?? "").split(/[\s,]+/).filter(Boolean);
  return items.length ? items : undefined;
}

let sheet;
/** One constructed stylesheet shared by every instance (allowed by a strict style-src, unlike <style>). */
function adoptStyles(root) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  root.adoptedStyleSheets = [sheet];
}

export class BankTransferCheckoutElement extends HTMLElement {
  static observedAttributes = ["client-secret-url", "order", "locale", "countries", "next-action", "heading-level", "theme", "email-url"];

  #frame; // the element the module renders into (replaced, not reused, for each mount)
  #view; // InstructionsView (render-only) …
  #checkout; // … or Checkout (live)
  #key; // what the current view or checkout was made from
  #generation = 0; // bumped by every change: a slower, older mount must not win
  #pending = false;
  #nextAction;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root);
    // The module's events bubble inside the shadow root and stop there: sent on from the element.
    for (const type of EVENTS) {
      root.addEventListener(`banktransfer:${type}`, (event) => {
        event.stopPropagation();
        this.dispatchEvent(new CustomEvent(event.type, { detail: event.detail, bubbles: true, composed: true }));
      });
    }
  }

  /** The instructions to render (render-only use), as an object or JSON; same as the attribute. */
  get nextAction() {
    return this.#nextAction ?? this.getAttribute("next-action") ?? undefined;
  }
  set nextAction(value) {
    this.#nextAction = value ?? undefined;
    this.#schedule();
  }

  /** The live checkout's handle once mounted (`status`, `country`), else undefined. */
  get checkout() {
    return this.#checkout;
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    this.#generation++;
    this.#teardown();
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === "next-action") this.#nextAction = undefined; // the attribute, set later, wins
    this.#schedule();
  }

  /** Several attributes set in a row make one render, after the current task. */
  #schedule() {
    if (this.#pending || !this.isConnected) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (this.isConnected) this.#render(++this.#generation);
    });
  }

  #teardown() {
    this.#view?.destroy();
    this.#checkout?.destroy();
    this.#view = this.#checkout = this.#key = undefined;
    this.#frame?.remove();
    this.#frame = undefined;
  }

  #newFrame() {
    this.#teardown();
    this.#frame = document.createElement("div");
    this.#frame.setAttribute("part", "checkout");
    const theme = this.getAttribute("theme");
    if (theme === "light" || theme === "dark") this.#frame.setAttribute("data-btc-theme", theme);
    this.shadowRoot.append(this.#frame);
    return this.#frame;
  }

  #fail(error) {
    const detail = { code: error?.code ?? "invalid_options", message: String(error?.message ?? error) };
    this.dispatchEvent(new CustomEvent("banktransfer:error", { detail, bubbles: true, composed: true }));
  }

  async #render(generation) {
    try {
      // Its styles are in its shadow root: none for the document.
      await init({ styles: false });
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (generation !== this.#generation) return;
    const locale = list(this.getAttribute("locale"));
    const level = this.getAttribute("heading-level");
    const headingLevel = level === null ? undefined : Number(level);
    const theme = this.getAttribute("theme");
    const nextAction = this.nextAction;

    if (nextAction !== undefined) {
      // The language's texts before the first render (one request; English if they cannot load).
      await loadLanguage(locale).catch(() => {});
      if (generation !== this.#generation) return;
      const key = JSON.stringify(["render", locale, headingLevel, theme]);
      try {
        if (this.#view && this.#key === key) {
          this.#view.update(nextAction); // in place: focus and unchanged values stay
        } else {
          const frame = this.#newFrame();
          this.#view = renderInstructions(frame, nextAction, { locale, headingLevel });
          this.#key = key;
        }
      } catch (error) {
        this.#fail(error); // a bad update keeps what is on screen
        return;
      }
      this.dispatchEvent(new CustomEvent("banktransfer:ready", { detail: { language: this.#view.language }, bubbles: true, composed: true }));
      return;
    }

    const clientSecretUrl = this.getAttribute("client-secret-url");
    const order = this.getAttribute("order");
    if (!clientSecretUrl || !order) {
      this.#teardown(); // nothing to show yet
      return;
    }
    const countries = list(this.getAttribute("countries"));
    const emailUrl = this.getAttribute("email-url") || undefined;
    const key = JSON.stringify(["checkout", clientSecretUrl, order, locale, countries, headingLevel, theme, emailUrl]);
    if (this.#checkout && this.#key === key) return;
    const frame = this.#newFrame();
    this.#key = key;
    try {
      const checkout = await mountCheckout(frame, { clientSecretUrl, order, locale, countries, headingLevel, emailUrl });
      if (generation === this.#generation && frame === this.#frame) this.#checkout = checkout;
      else checkout.destroy(); // superseded while it loaded
    } catch (error) {
      // Bad attributes fail before anything is shown: say so. Otherwise mountCheckout has shown
      // the customer why and sent banktransfer:error (re-dispatched above).
      if (error?.code === "invalid_options" && generation === this.#generation) this.#fail(error);
    }
  }
}

/** Registers <bank-transfer-checkout> (once; a second call is harmless). Resolves the class. */
export function defineBankTransferCheckout(tag = TAG) {
  if (!customElements.get(tag)) customElements.define(tag, class extends BankTransferCheckoutElement {});
  return customElements.get(tag);
}
