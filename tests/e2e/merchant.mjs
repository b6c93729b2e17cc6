// A merchant's page around the instructions, for the print and QR tests: a header, a long
// article, a sidebar holding the payment box and a footer, with the merchant's own stylesheet
// (grid layout, a positioned box, margins), served under STRICT_CSP. The instructions go into
// the sidebar with renderInstructions() (the instructions module) or as the custom element
// (the full module in a shadow root).
import { STRICT_CSP } from "./support.mjs";

const PARAGRAPH =
  "Thank you for your order. Your items are reserved for seven days while we wait for your transfer; " +
  "we send them the day the money arrives. Questions about your order? Write to us and quote your order number. ";

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Merchant checkout</title>
<link rel="stylesheet" href="/pkg/bank-transfer-checkout.css">
<link rel="stylesheet" href="/merchant.css">
</head>
<body>
<header class="shop-header"><h1>Sandbox Shop</h1><nav><a href="/">Home</a> · <a href="/cart">Cart</a></nav></header>
<main class="shop">
  <article class="story">
    <h2>Your order</h2>
    ${Array.from({ length: 24 }, (_, i) => `<p class="merchant-text">${i + 1}. ${PARAGRAPH.repeat(3)}</p>`).join("\n    ")}
  </article>
  <aside class="pay"><h2>Payment</h2><div id="pay"></div></aside>
</main>
<footer class="shop-footer"><p>Sandbox Shop Ltd · 1 Example Street · footer text</p></footer>
</body>
</html>`;

// The merchant's layout: the payment box in a narrow, positioned, padded sidebar.
const CSS = `body { margin: 2rem; font-family: Georgia, serif; background: #fdf6e3; color: #333 }
.shop-header, .shop-footer { padding: 1rem; background: #223; color: #eee }
.shop { display: grid; grid-template-columns: 2fr 1fr; gap: 2rem; margin: 2rem 0 }
.pay { position: relative; padding: 1.5rem; border: 3px solid #c00; transform: translateZ(0) }
bank-transfer-checkout { max-width: 22rem; margin: 0 auto }`;

/** The merchant's content, which must not print when our Print button prints. */
export const MERCHANT = ".shop-header, .shop-footer, .story, .pay > h2";

/** Serves the merchant page and its stylesheet on `page` at `${base}/merchant.html`. */
export async function routeMerchant(page, base) {
  await page.route(`${base}/merchant.html`, (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", headers: { "content-security-policy": STRICT_CSP }, body: HTML }),
  );
  await page.route(`${base}/merchant.css`, (route) =>
    route.fulfill({ contentType: "text/css; charset=utf-8", headers: { "content-security-policy": STRICT_CSP }, body: CSS }),
  );
}

/**
 * Opens the merchant page and renders `nextAction` in `locale`: `element` false → the
 * instructions module's renderInstructions() into #pay; true → <bank-transfer-checkout> (full
 * module, shadow root) in #pay. Resolves to a handle whose `update(nextAction)` re-renders.
 */
export async function renderOnMerchantPage(page, base, nextAction, { locale = "en-US", element = false } = {}) {
  await routeMerchant(page, base);
  await page.goto(`${base}/merchant.html`);
  await page.evaluate(
    async ({ nextAction, locale, element }) => {
      if (element) {
        await import("/pkg/element/define.js");
        const el = document.createElement("bank-transfer-checkout");
        el.setAttribute("locale", locale);
        const ready = new Promise((resolve, reject) => {
          el.addEventListener("banktransfer:ready", resolve, { once: true });
          el.addEventListener("banktransfer:error", (e) => reject(new Error(JSON.stringify(e.detail))), { once: true });
        });
        el.nextAction = nextAction;
        document.getElementById("pay").append(el);
        await ready;
        window.__update = (next) => (el.nextAction = next);
      } else {
        const { default: init, renderInstructions } = await import("/pkg/instructions/bank_transfer_checkout.js");
        await init({ locale });
        const view = renderInstructions("#pay", nextAction, { locale });
        window.__update = (next) => view.update(next);
      }
    },
    { nextAction, locale, element },
  );
}

/** The instructions' root, `section.btc` (Playwright's CSS selectors pierce open shadow roots). */
export const ROOT_SELECTOR = "#pay section.btc";

/** Counts the pages of a PDF: `/Type /Page` objects (not the `/Type /Pages` tree nodes). */
export function pdfPages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** The MediaBox of the PDF's first page, in points: [width, height]. */
export function pdfPageSize(pdf) {
  const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
  return box ? [Number(box[3]) - Number(box[1]), Number(box[4]) - Number(box[2])] : undefined;
}
