// The React path: the wrapper in a React root, rendering instructions in Dutch.
import { createRoot } from "react-dom/client";
import { BankTransferCheckout } from "./BankTransferCheckout";
import nextAction from "./next-action.json";

export function mountReactApp(container: Element, log: (line: string) => void) {
  createRoot(container).render(<BankTransferCheckout nextAction={nextAction} locale="nl-NL" onReady={(event) => log(`react:${event.detail.language}`)} />);
}
