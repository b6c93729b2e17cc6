// The hosted instructions page (`GET /pay/{token}`, backend/src/hosted.rs). The server sent the
// instructions as HTML, complete without scripts; this adds the copy buttons, "Copy all",
// print and share to that markup (hydration), from the `next_action` the server sent along.
import init, { hydrateInstructions } from "/pkg/web/bank_transfer_checkout.js";

const data = document.getElementById("btc-next-action");
if (data) {
  const locale = document.documentElement.lang;
  // The instructions are on screen first: init() pays for the page's first Intl.NumberFormat
  // (~20 ms on a fresh page), which would otherwise hold the first paint.
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
  await init({ locale });
  hydrateInstructions("#pay", JSON.parse(data.textContent), { locale, headingLevel: 1 });
}
