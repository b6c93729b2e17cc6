// The one payment every bench page renders (EUR 10.99 to Stripe's documented NL IBAN) and the
// bench protocol, as `globalThis.bench`. A classic script, inlined before the page's module by
// bench/pages.mjs: the widgets' modules find it ready without importing it, so the harness adds no
// module level (as a module it was a request after the page's module was parsed, ~12 ms here).
(function () {
  const payment = { amount: 1099, currency: "EUR", iban: "NL40CITI7000799556", bic: "CITINL2XXXX", holder: "Demo Test Inc.", reference: "DVGBG97TZ6ZV" };

  /** Stripe's next_action for it, with another amount on demand (for re-renders). */
  function nextAction(amount = payment.amount) {
    return {
      type: "display_bank_transfer_instructions",
      display_bank_transfer_instructions: {
        amount_remaining: amount,
        currency: payment.currency.toLowerCase(),
        reference: payment.reference,
        type: "eu_bank_transfer",
        hosted_instructions_url: null,
        financial_addresses: [
          { type: "iban", supported_networks: ["sepa"], iban: { account_holder_name: payment.holder, bic: payment.bic, country: "NL", iban: payment.iban } },
        ],
      },
    };
  }

  /** Adyen's bankTransfer action for it. */
  function adyenAction(amount = payment.amount) {
    return {
      type: "bankTransfer",
      paymentMethodType: "bankTransfer_IBAN",
      totalAmount: { currency: payment.currency, value: amount },
      beneficiary: payment.holder,
      iban: payment.iban,
      bic: payment.bic,
      reference: payment.reference,
    };
  }

  /** Times `n` updates (ms each); with `layout`, each is followed by a forced layout. */
  function timeUpdates(update, n, layout) {
    const pay = document.getElementById("pay");
    const times = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      update(i % 2 ? payment.amount : payment.amount - 100);
      if (layout) void pay.offsetHeight;
      times.push(performance.now() - start);
    }
    return times;
  }

  /** The bench protocol for our module (both of our pages). */
  async function runOurs(init, renderInstructions) {
    const wasm = await init();
    window.__wasmBytes = () => wasm.memory.buffer.byteLength;
    let view;
    window.__mount = () => {
      view = renderInstructions(document.getElementById("pay"), nextAction(), { locale: "en-US" });
    };
    window.__rerender = (n, layout) => timeUpdates((amount) => view.update(nextAction(amount)), n, layout);
    if (!location.search.includes("manual")) window.__mount();
    window.__ready = true;
  }

  globalThis.bench = { payment, nextAction, adyenAction, timeUpdates, runOurs };
})();
