// The peer: Adyen Web's core and its BankTransfer component only, rendering the same payment's
// voucher from a bankTransfer action. Bundled by bench/peer/build.mjs; fastest configuration:
// en-US, risk and analytics off.
import { AdyenCheckout, BankTransfer } from "@adyen/adyen-web";

AdyenCheckout.register(BankTransfer);

export async function mountPeer(container, action) {
  const checkout = await AdyenCheckout({
    environment: "test",
    clientKey: "test_BENCHMARKBENCHMARKBENCHMARKBENCH",
    locale: "en-US",
    countryCode: "NL",
    amount: action.totalAmount,
    analytics: { enabled: false },
    risk: { enabled: false },
  });
  let element = checkout.createFromAction(action).mount(container);
  return {
    update(next) {
      element.unmount();
      element = checkout.createFromAction(next).mount(container);
    },
  };
}
