// The package from a bundler: the functions, the stylesheet, the custom element, a React
// wrapper, and the types
// (`npm run typecheck` fails on a wrong option name: see type-errors/).
import init, { loadLanguage, mountCheckout, renderInstructions, type BankTransferError, type RenderOptions } from "bank-transfer-checkout";
import "bank-transfer-checkout/style.css";
import "bank-transfer-checkout/element/define";
import nextAction from "./next-action.json";
import { mountReactApp } from "./react-app";
import "./page.css";

const log = (line: string) => document.documentElement.setAttribute("data-log", `${document.documentElement.dataset.log ?? ""}${line};`);

async function main() {
  await init();

  const options: RenderOptions = { locale: "de-DE", headingLevel: 3 };
  // German's texts first (one request; the bundler ships the files): the first render is German.
  await loadLanguage(options.locale);
  const view = renderInstructions("#pay", nextAction, options);
  log(`rendered:${view.language}`);

  try {
    renderInstructions("#pay", { type: "something_else" });
  } catch (error) {
    log(`error:${(error as BankTransferError).code}`);
  }

  // The custom element, typed through HTMLElementTagNameMap; events typed too.
  const element = document.createElement("bank-transfer-checkout");
  element.setAttribute("locale", "fr-BE");
  element.addEventListener("banktransfer:ready", (event) => log(`element:${event.detail.language}`));
  element.nextAction = nextAction;
  document.getElementById("element-slot")!.append(element);

  // A framework: React, through a small wrapper component (src/BankTransferCheckout.tsx).
  mountReactApp(document.getElementById("react-root")!, log);

  // The live checkout, when a backend answers /api/checkout (as the one in this repository does).
  const live = await mountCheckout("#live", { clientSecretUrl: "/api/checkout", order: "eu-vite", countries: ["FR", "NL"] });
  log(`checkout:${live.status}`);
}

main().catch((error: BankTransferError) => log(`failed:${error.code}`));
