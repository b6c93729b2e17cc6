// A React wrapper over the custom element: what a merchant writes once in their framework.
// React 19 passes unknown props of a custom element as attributes; the object-valued
// nextAction and the events go through a ref.
import { useEffect, useRef } from "react";
import type { BankTransferCheckoutElement, BankTransferEventMap } from "bank-transfer-checkout/element";
import type { NextActionInput } from "bank-transfer-checkout";
import "bank-transfer-checkout/element/define";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "bank-transfer-checkout": React.DetailedHTMLProps<React.HTMLAttributes<BankTransferCheckoutElement>, BankTransferCheckoutElement> & {
        "client-secret-url"?: string;
        order?: string;
        locale?: string;
        countries?: string;
        "heading-level"?: number;
        theme?: "light" | "dark";
      };
    }
  }
}

type Handler<K extends keyof BankTransferEventMap> = (event: BankTransferEventMap[K]) => void;

export interface BankTransferCheckoutProps {
  nextAction?: NextActionInput;
  clientSecretUrl?: string;
  order?: string;
  locale?: string;
  onReady?: Handler<"banktransfer:ready">;
  onSucceeded?: Handler<"banktransfer:succeeded">;
  onError?: Handler<"banktransfer:error">;
}

export function BankTransferCheckout({ nextAction, clientSecretUrl, order, locale, onReady, onSucceeded, onError }: BankTransferCheckoutProps) {
  const ref = useRef<BankTransferCheckoutElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.nextAction = nextAction;
  }, [nextAction]);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const listeners = [
      ["banktransfer:ready", onReady],
      ["banktransfer:succeeded", onSucceeded],
      ["banktransfer:error", onError],
    ] as const;
    for (const [type, listener] of listeners) if (listener) element.addEventListener(type, listener as EventListener);
    return () => {
      for (const [type, listener] of listeners) if (listener) element.removeEventListener(type, listener as EventListener);
    };
  }, [onReady, onSucceeded, onError]);
  return <bank-transfer-checkout ref={ref} client-secret-url={clientSecretUrl} order={order} locale={locale} />;
}
