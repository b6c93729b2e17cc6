// Stripe's "accept a bank transfer" guide (Customers v1), every request of it made by Stripe's
// official Node SDK (stripe 22.5.0, unchanged) against the sandbox binary: customers, both
// PaymentIntent create forms in the five currencies, retrieve, confirm with a country (secret
// and publishable key), cancel, the fund_cash_balance test helper, the account and Connect.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import Stripe from "stripe";
import {
  API_VERSION,
  CONNECTED,
  PLATFORM,
  automaticForm,
  instructions,
  manualForm,
  registerFinalChecks,
  rejectsWith,
  startSandbox,
} from "./support.mjs";

let sb;
let stripe;
before(async () => {
  sb = await startSandbox();
  stripe = sb.stripe;
});
after(() => sb?.stop());

/** What each currency's instructions hold: address types, reference format. */
const CURRENCIES = {
  usd: { amount: 1099, kind: "us_bank_transfer", types: ["aba", "swift"], reference: /^[A-Z2-9]{12}$/ },
  gbp: { amount: 1099, kind: "gb_bank_transfer", types: ["sort_code"], reference: /^[A-Z2-9]{12}$/ },
  eur: { amount: 1099, kind: "eu_bank_transfer", types: ["iban"], reference: /^[A-Z2-9]{12}$/ },
  jpy: { amount: 19000, kind: "jp_bank_transfer", types: ["zengin"], reference: null },
  mxn: { amount: 1099, kind: "mx_bank_transfer", types: ["spei"], reference: /^\d{7}$/ },
};

const jenny = (extra = {}) => stripe.customers.create({ name: "Jenny Rosen", email: "jenny.rosen@example.com", ...extra });
const ibanOf = (intent) => instructions(intent).financial_addresses[0].iban;
const euOptions = (country) => ({
  customer_balance: { funding_type: "bank_transfer", bank_transfer: { type: "eu_bank_transfer", eu_bank_transfer: { country } } },
});
/** The ids of objects made on the connected account, to check their events name it. */
const connectedIds = new Set();

test("customers: the guide's create, retrieve, and an update of the address", async () => {
  const customer = await jenny();
  assert.match(customer.id, /^cus_[A-Za-z0-9]{14}$/);
  assert.deepEqual(
    [customer.object, customer.name, customer.email, customer.address, customer.livemode, customer.metadata],
    ["customer", "Jenny Rosen", "jenny.rosen@example.com", null, false, {}],
  );
  assert.equal(customer.lastResponse.headers["stripe-version"], API_VERSION);
  assert.deepEqual(await stripe.customers.retrieve(customer.id), customer);

  const moved = await stripe.customers.update(customer.id, { address: { country: "FR" }, metadata: { shopper: "s_1" } });
  assert.deepEqual(moved.address, { city: null, country: "FR", line1: null, line2: null, postal_code: null, state: null });
  assert.deepEqual([moved.metadata, moved.email], [{ shopper: "s_1" }, "jenny.rosen@example.com"]);
  assert.deepEqual(await stripe.customers.retrieve(customer.id), moved);

  const german = await jenny({ address: { country: "DE", city: "Berlin" } });
  assert.deepEqual([german.address.country, german.address.city], ["DE", "Berlin"]);
});

for (const form of ["manual", "automatic"]) {
  test(`paymentIntents.create, the guide's ${form} form, in all five currencies`, async () => {
    const customer = await jenny();
    for (const [currency, want] of Object.entries(CURRENCIES)) {
      const params =
        form === "manual"
          ? manualForm(customer.id, currency, want.amount, currency === "eur" ? "FR" : undefined)
          : automaticForm(customer.id, currency, want.amount);
      const intent = await stripe.paymentIntents.create(params);
      assert.match(intent.id, /^pi_[A-Za-z0-9]{24}$/);
      assert.ok(intent.client_secret.startsWith(`${intent.id}_secret_`));
      assert.deepEqual(
        [intent.status, intent.amount, intent.currency, intent.customer, intent.amount_received],
        ["requires_action", want.amount, currency, customer.id, 0],
        currency,
      );
      assert.deepEqual(intent.payment_method_types, ["customer_balance"]);
      assert.deepEqual(intent.automatic_payment_methods, form === "automatic" ? { enabled: true } : null);
      assert.match(intent.payment_method, /^pm_/);
      assert.equal(intent.payment_method_options.customer_balance.funding_type, "bank_transfer");
      assert.equal(intent.payment_method_options.customer_balance.bank_transfer.type, want.kind);
      assert.equal(intent.next_action.type, "display_bank_transfer_instructions");

      const dbti = instructions(intent);
      assert.deepEqual([dbti.type, dbti.amount_remaining, dbti.currency], [want.kind, want.amount, currency]);
      assert.deepEqual(dbti.financial_addresses.map((a) => a.type), want.types);
      for (const address of dbti.financial_addresses) {
        assert.equal(typeof address[address.type], "object", `${currency} ${address.type}`);
        assert.ok(address.supported_networks.length > 0);
      }
      if (want.reference) assert.match(dbti.reference, want.reference, currency);
      else assert.equal(dbti.reference, null, "Japanese transfers have no reference");
      assert.ok(dbti.hosted_instructions_url.startsWith(`${sb.base}/bank_transfers/instructions/`), dbti.hosted_instructions_url);
      if (currency === "eur") {
        // The manual form names France (as the guide does); the automatic one falls back to the
        // account's country (IE): this customer has no address.
        const country = form === "manual" ? "FR" : "IE";
        assert.equal(ibanOf(intent).country, country);
        assert.ok(ibanOf(intent).iban.startsWith(country));
        assert.deepEqual(intent.payment_method_options.customer_balance.bank_transfer.eu_bank_transfer, { country });
      }
      if (currency === "usd") assert.equal(dbti.financial_addresses[0].aba.account_number, dbti.financial_addresses[1].swift.account_number);
    }
  });
}

test("the SDK's requests reach the sandbox as the SDK sent them: indexed arrays, its API version", () => {
  const creates = sb.requests.filter((r) => r.method === "POST" && r.path === "/v1/payment_intents");
  assert.equal(creates.length, 10);
  for (const request of creates) {
    assert.equal(request.headers["stripe-version"], API_VERSION);
    assert.equal(request.headers["content-type"], "application/x-www-form-urlencoded");
    assert.match(request.headers.authorization, /^Bearer sk_test_sandbox$/);
    assert.match(request.headers["idempotency-key"], /^stripe-node-retry-/);
    assert.equal(request.status, 200);
    assert.equal(request.responseHeaders["stripe-version"], API_VERSION);
    assert.match(request.responseHeaders["request-id"], /^req_[A-Za-z0-9]{14}$/);
  }
  const manual = creates.filter((r) => r.body.includes("payment_method_types"));
  assert.equal(manual.length, 5);
  // stripe-node writes arrays with indices (and brackets unescaped), curl's examples with `[]`.
  for (const request of manual) {
    const pairs = request.body.split("&");
    assert.ok(pairs.includes("payment_method_types[0]=customer_balance"), request.body);
    assert.ok(pairs.includes("payment_method_options[customer_balance][funding_type]=bank_transfer"), request.body);
  }
});

test("without a country the IBAN follows the customer's address, then the account's country", async () => {
  const customer = await jenny({ address: { country: "DE" } });
  const german = await stripe.paymentIntents.create(automaticForm(customer.id, "eur", 1099));
  assert.equal(ibanOf(german).country, "DE");
  assert.match(ibanOf(german).iban, /^DE\d{20}$/);

  await stripe.customers.update(customer.id, { address: { country: "FR" } });
  const french = await stripe.paymentIntents.create(automaticForm(customer.id, "eur", 1099));
  assert.equal(ibanOf(french).country, "FR");
  assert.deepEqual(ibanOf(await stripe.paymentIntents.retrieve(german.id)), ibanOf(german), "an open intent keeps its IBAN");

  for (const country of ["BE", "ES"]) {
    const elsewhere = await jenny({ address: { country } });
    const intent = await stripe.paymentIntents.create(automaticForm(elsewhere.id, "eur", 1099));
    assert.equal(ibanOf(intent).country, "IE", `a customer in ${country}`);
  }
});

test("paymentIntents.retrieve, also with expand: ['customer']; the hosted instructions page", async () => {
  const customer = await jenny();
  const intent = await stripe.paymentIntents.create(manualForm(customer.id, "gbp", 1099));
  assert.deepEqual(await stripe.paymentIntents.retrieve(intent.id), intent);
  const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ["customer"] });
  assert.deepEqual([expanded.customer.object, expanded.customer.id, expanded.customer.email], ["customer", customer.id, "jenny.rosen@example.com"]);
  assert.deepEqual(expanded.next_action, intent.next_action);

  const page = await fetch(instructions(intent).hosted_instructions_url);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  const html = await page.text();
  assert.ok(html.includes(instructions(intent).reference), html);
  assert.ok(html.includes(instructions(intent).financial_addresses[0].sort_code.account_number), html);
});

test("paymentIntents.confirm with another country: an IBAN there, the same reference (secret and publishable key)", async () => {
  const customer = await jenny();
  const intent = await stripe.paymentIntents.create(manualForm(customer.id, "eur", 1099, "FR"));
  const reference = instructions(intent).reference;

  // The server confirms with the options only: the intent's payment method stays.
  const dutch = await stripe.paymentIntents.confirm(intent.id, { payment_method_options: euOptions("NL") });
  assert.deepEqual([dutch.status, ibanOf(dutch).country, instructions(dutch).reference], ["requires_action", "NL", reference]);
  assert.match(ibanOf(dutch).iban, /^NL\d{2}SBXB\d{10}$/);
  assert.equal(dutch.payment_method, intent.payment_method);
  assert.equal(instructions(dutch).amount_remaining, 1099);

  // The browser confirms with the client secret and a publishable key, as Stripe.js does.
  const publishable = sb.publishable;
  const german = await publishable.paymentIntents.confirm(intent.id, {
    client_secret: intent.client_secret,
    payment_method_data: { type: "customer_balance" },
    payment_method_options: euOptions("DE"),
  });
  assert.deepEqual([german.status, ibanOf(german).country, instructions(german).reference], ["requires_action", "DE", reference]);
  assert.equal(Object.keys(german).length, 20, "a publishable key sees Stripe's public fields");
  assert.equal("customer" in german || "metadata" in german, false);
  const seen = await publishable.paymentIntents.retrieve(intent.id, { client_secret: intent.client_secret });
  assert.deepEqual(seen, german);
  assert.equal(ibanOf(await stripe.paymentIntents.retrieve(intent.id)).country, "DE");
});

test("paymentIntents.cancel: the reason, and funds already applied go back to the cash balance", async () => {
  const customer = await jenny();
  const intent = await stripe.paymentIntents.create(manualForm(customer.id, "gbp", 1099));
  await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 400, currency: "gbp", reference: instructions(intent).reference });
  assert.equal((await stripe.paymentIntents.retrieve(intent.id)).amount_received, 400);

  const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "requested_by_customer" });
  assert.deepEqual([canceled.status, canceled.cancellation_reason, canceled.next_action], ["canceled", "requested_by_customer", null]);
  assert.equal(typeof canceled.canceled_at, "number");
  const { cash_balance } = await stripe.customers.retrieve(customer.id, { expand: ["cash_balance"] });
  assert.deepEqual([cash_balance.object, cash_balance.customer, cash_balance.available], ["cash_balance", customer.id, { gbp: 400 }]);
  await rejectsWith(stripe.paymentIntents.cancel(intent.id), Stripe.errors.StripeInvalidRequestError, {
    code: "payment_intent_unexpected_state",
    statusCode: 400,
    param: undefined,
  });
});

test("testHelpers.customers.fundCashBalance: partial, full, over, reversal_", async () => {
  const customer = await jenny();
  const fund = (params) => stripe.testHelpers.customers.fundCashBalance(customer.id, params);
  const intent = await stripe.paymentIntents.create(manualForm(customer.id, "usd", 1099));
  const reference = instructions(intent).reference;

  const partial = await fund({ amount: 500, currency: "usd", reference });
  assert.match(partial.id, /^ccsbtxn_/);
  const { id, created, ...rest } = partial;
  assert.equal(typeof created, "number");
  assert.deepEqual(rest, {
    object: "customer_cash_balance_transaction",
    currency: "usd",
    customer: customer.id,
    ending_balance: 500,
    funded: { bank_transfer: { reference, type: "us_bank_transfer" } },
    livemode: false,
    net_amount: 500,
    type: "funded",
  });
  let now = await stripe.paymentIntents.retrieve(intent.id);
  assert.deepEqual([now.status, now.amount_received, instructions(now).amount_remaining], ["requires_action", 500, 599]);

  await fund({ amount: 599, currency: "usd", reference });
  now = await stripe.paymentIntents.retrieve(intent.id);
  assert.deepEqual([now.status, now.amount_received, now.next_action], ["succeeded", 1099, null]);

  // Over: the intent succeeds, the excess stays in the customer's cash balance.
  const next = await stripe.paymentIntents.create(manualForm(customer.id, "usd", 1099));
  await fund({ amount: 1500, currency: "usd", reference: instructions(next).reference });
  assert.equal((await stripe.paymentIntents.retrieve(next.id)).status, "succeeded");
  const balance = async () => (await stripe.customers.retrieve(customer.id, { expand: ["cash_balance"] })).cash_balance.available.usd;
  assert.equal(await balance(), 401);

  // reversal_: the bank recalls a transfer; what is unapplied leaves the balance.
  const reversal = await fund({ amount: 100, currency: "usd", reference: "reversal_123" });
  assert.deepEqual([reversal.type, reversal.net_amount, reversal.ending_balance, reversal.funded], ["funding_reversed", -100, 301, undefined]);
  assert.equal(await balance(), 301);

  // The guide's own example (REF-4242) matches no intent: it waits in the balance, and pays
  // the next intent as far as it goes.
  await fund({ amount: 1000, currency: "usd", reference: "REF-4242" });
  assert.equal(await balance(), 1301);
  const paidByBalance = await stripe.paymentIntents.create(manualForm(customer.id, "usd", 1099));
  assert.deepEqual([paidByBalance.status, paidByBalance.amount_received], ["succeeded", 1099]);
  assert.equal(await balance(), 202);

  // Japan has no reference: a transfer of the exact amount due pays the intent.
  const yen = await stripe.paymentIntents.create(manualForm(customer.id, "jpy", 19000));
  await fund({ amount: 19000, currency: "jpy" });
  assert.equal((await stripe.paymentIntents.retrieve(yen.id)).status, "succeeded");
});

test("accounts.retrieve and Connect: an intent on the connected account is not the platform's", async () => {
  const account = await stripe.accounts.retrieve();
  assert.deepEqual(
    [account.id, account.object, account.country, account.default_currency, account.type, account.charges_enabled],
    [PLATFORM, "account", "IE", "eur", "standard", true],
  );
  const seller = { stripeAccount: CONNECTED };
  const connected = await stripe.accounts.retrieve(null, {}, seller);
  assert.deepEqual([connected.id, connected.country, connected.default_currency], [CONNECTED, "NL", "eur"]);

  const buyer = await stripe.customers.create({ name: "Jenny Rosen", email: "jenny.rosen@example.com" }, seller);
  const intent = await stripe.paymentIntents.create(automaticForm(buyer.id, "eur", 1099), seller);
  connectedIds.add(buyer.id).add(intent.id);
  assert.equal(ibanOf(intent).country, "NL", "the connected account's country");
  assert.equal(ibanOf(intent).account_holder_name, "Sandbox Makers (connected)");

  await rejectsWith(stripe.paymentIntents.retrieve(intent.id), Stripe.errors.StripeInvalidRequestError, {
    code: "resource_missing",
    param: "intent",
    statusCode: 404,
    message: `No such payment_intent: '${intent.id}'`,
  });
  await rejectsWith(stripe.customers.retrieve(buyer.id), Stripe.errors.StripeInvalidRequestError, {
    code: "resource_missing",
    statusCode: 404,
  });
  assert.deepEqual(await stripe.paymentIntents.retrieve(intent.id, {}, seller), intent);
  // A client made for the connected account, and the browser's publishable key with it.
  const sellerClient = sb.client("sk_test_sandbox", seller);
  assert.deepEqual(await sellerClient.paymentIntents.retrieve(intent.id), intent);
  const seen = await sb.publishable.paymentIntents.retrieve(intent.id, { client_secret: intent.client_secret }, seller);
  assert.deepEqual(seen.next_action, intent.next_action);
  const fundedElsewhere = await sellerClient.testHelpers.customers.fundCashBalance(buyer.id, {
    amount: 1099,
    currency: "eur",
    reference: instructions(intent).reference,
  });
  assert.equal(fundedElsewhere.ending_balance, 1099);
  assert.equal((await sellerClient.paymentIntents.retrieve(intent.id)).status, "succeeded");
});

registerFinalChecks(() => sb, {
  eventTypes: [
    "customer.created",
    "customer.updated",
    "payment_intent.created",
    "payment_intent.requires_action",
    "payment_intent.partially_funded",
    "payment_intent.succeeded",
    "payment_intent.canceled",
    "customer_cash_balance_transaction.created",
    "cash_balance.funds_available",
  ],
  objectKinds: ["account", "cash_balance", "customer", "customer_cash_balance_transaction", "event", "payment_intent"],
  connectedIds,
});
