// Stripe's errors as the official Node SDK raises them: the typed error class (from the HTTP
// status and the error's type) with Stripe's exact type, code, param and status.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import Stripe from "stripe";
import { COUNTRY_PARAM, automaticForm, manualForm, registerFinalChecks, rejectsWith, startSandbox, instructions } from "./support.mjs";

const { StripeInvalidRequestError, StripePermissionError, StripeAuthenticationError, StripeIdempotencyError } = Stripe.errors;

let sb;
let stripe;
before(async () => {
  sb = await startSandbox();
  stripe = sb.stripe;
});
after(() => sb?.stop());

const customer = () => stripe.customers.create({ name: "Jenny Rosen", email: "jenny.rosen@example.com" });

test("resource_missing: an unknown PaymentIntent or customer (404)", async () => {
  const error = await rejectsWith(stripe.paymentIntents.retrieve("pi_missing"), StripeInvalidRequestError, {
    type: "StripeInvalidRequestError",
    rawType: "invalid_request_error",
    code: "resource_missing",
    param: "intent",
    statusCode: 404,
    message: "No such payment_intent: 'pi_missing'",
    doc_url: "https://docs.stripe.com/error-codes/resource-missing",
  });
  assert.equal(error.headers["stripe-version"], "2026-07-29.dahlia");
  await rejectsWith(stripe.customers.retrieve("cus_missing"), StripeInvalidRequestError, {
    code: "resource_missing",
    param: "customer",
    statusCode: 404,
    message: "No such customer: 'cus_missing'",
  });
  await rejectsWith(stripe.paymentIntents.create({ amount: 1099, currency: "eur", customer: "cus_missing" }), StripeInvalidRequestError, {
    code: "resource_missing",
    param: "customer",
    statusCode: 404,
  });
  await rejectsWith(stripe.testHelpers.customers.fundCashBalance("cus_missing", { amount: 1, currency: "eur" }), StripeInvalidRequestError, {
    code: "resource_missing",
    statusCode: 404,
  });
});

test("parameter_missing, parameter_unknown, parameter_invalid_integer, parameter_invalid_empty", async () => {
  await rejectsWith(stripe.paymentIntents.create({ amount: 1099 }), StripeInvalidRequestError, {
    code: "parameter_missing",
    param: "currency",
    statusCode: 400,
    message: "Missing required param: currency.",
    doc_url: "https://docs.stripe.com/error-codes/parameter-missing",
  });
  const c = await customer();
  const unknown = manualForm(c.id, "eur", 1099, "DE");
  unknown.payment_method_options.customer_balance.colour = "red";
  await rejectsWith(stripe.paymentIntents.create(unknown), StripeInvalidRequestError, {
    code: "parameter_unknown",
    param: "payment_method_options[customer_balance][colour]",
    statusCode: 400,
    message: "Received unknown parameter: payment_method_options[customer_balance][colour]",
  });
  await rejectsWith(stripe.customers.create({ name: "Jenny Rosen", favourite_colour: "red" }), StripeInvalidRequestError, {
    code: "parameter_unknown",
    param: "favourite_colour",
    statusCode: 400,
  });
  await rejectsWith(stripe.paymentIntents.create({ amount: "abc", currency: "eur" }), StripeInvalidRequestError, {
    code: "parameter_invalid_integer",
    param: "amount",
    statusCode: 400,
    message: "Invalid integer: abc",
  });
  await rejectsWith(stripe.paymentIntents.create({ amount: 1099, currency: "" }), StripeInvalidRequestError, {
    code: "parameter_invalid_empty",
    param: "currency",
    statusCode: 400,
  });
  // The automatic form without its return URL.
  const { return_url, ...noReturnUrl } = automaticForm(c.id, "eur", 1099);
  assert.equal(return_url, "https://example.com/return_url");
  await rejectsWith(stripe.paymentIntents.create(noReturnUrl), StripeInvalidRequestError, {
    code: "parameter_missing",
    param: "return_url",
    statusCode: 400,
  });
});

test("payment_intent_unexpected_state: cancelling a succeeded intent", async () => {
  const c = await customer();
  const intent = await stripe.paymentIntents.create(manualForm(c.id, "mxn", 1099));
  await stripe.testHelpers.customers.fundCashBalance(c.id, { amount: 1099, currency: "mxn", reference: instructions(intent).reference });
  assert.equal((await stripe.paymentIntents.retrieve(intent.id)).status, "succeeded");
  await rejectsWith(stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "requested_by_customer" }), StripeInvalidRequestError, {
    code: "payment_intent_unexpected_state",
    param: undefined,
    statusCode: 400,
    message:
      "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.",
  });
  await rejectsWith(stripe.paymentIntents.confirm(intent.id, { payment_method_data: { type: "customer_balance" } }), StripeInvalidRequestError, {
    code: "payment_intent_unexpected_state",
    statusCode: 400,
  });
});

test("IBAN countries: BE is refused naming the country field, ES with country_unsupported", async () => {
  const c = await customer();
  await rejectsWith(stripe.paymentIntents.create(manualForm(c.id, "eur", 1099, "BE")), StripeInvalidRequestError, {
    rawType: "invalid_request_error",
    code: undefined,
    param: COUNTRY_PARAM,
    statusCode: 400,
    message: `Invalid ${COUNTRY_PARAM}: must be one of DE, FR, IE, or NL`,
  });
  await rejectsWith(stripe.paymentIntents.create(manualForm(c.id, "eur", 1099, "ES")), StripeInvalidRequestError, {
    code: "country_unsupported",
    param: COUNTRY_PARAM,
    statusCode: 400,
  });
  // A confirmation with BE leaves the intent as it was.
  const intent = await stripe.paymentIntents.create(manualForm(c.id, "eur", 1099, "IE"));
  const be = { customer_balance: { funding_type: "bank_transfer", bank_transfer: { type: "eu_bank_transfer", eu_bank_transfer: { country: "BE" } } } };
  await rejectsWith(stripe.paymentIntents.confirm(intent.id, { payment_method_options: be }), StripeInvalidRequestError, {
    code: undefined,
    param: COUNTRY_PARAM,
    statusCode: 400,
  });
  const now = await stripe.paymentIntents.retrieve(intent.id);
  assert.equal(instructions(now).financial_addresses[0].iban.country, "IE");
});

test("the publishable key: a wrong or missing client secret; secret_key_required (403)", async () => {
  const c = await customer();
  const intent = await stripe.paymentIntents.create(manualForm(c.id, "gbp", 1099));
  const publishable = sb.publishable;
  await rejectsWith(publishable.paymentIntents.retrieve(intent.id, { client_secret: `${intent.id}_secret_wrong` }), StripeInvalidRequestError, {
    code: "payment_intent_invalid_parameter",
    param: "client_secret",
    statusCode: 400,
    message:
      "The client_secret provided does not match any associated PaymentIntent on this account. Ensure the publishable key used belongs to the same account that created the PaymentIntent.",
  });
  await rejectsWith(publishable.paymentIntents.retrieve(intent.id), StripeInvalidRequestError, {
    code: "parameter_missing",
    param: "client_secret",
    statusCode: 400,
  });
  await rejectsWith(publishable.customers.create({ name: "Jenny Rosen" }), StripePermissionError, {
    type: "StripePermissionError",
    code: "secret_key_required",
    statusCode: 403,
    param: undefined,
  });
  await rejectsWith(publishable.paymentIntents.cancel(intent.id), StripePermissionError, { code: "secret_key_required", statusCode: 403 });
  await rejectsWith(stripe.accounts.retrieve(null, {}, { stripeAccount: "acct_missing" }), StripePermissionError, {
    code: "account_invalid",
    statusCode: 403,
    message: "The provided key 'sk_****dbox' does not have access to account 'acct_missing' (or that account does not exist). Application access may have been revoked.",
  });
});

test("StripeAuthenticationError: a wrong secret key (401)", async () => {
  const wrong = sb.client("sk_test_wrongkey1234");
  await rejectsWith(wrong.customers.create({ name: "Jenny Rosen" }), StripeAuthenticationError, {
    type: "StripeAuthenticationError",
    rawType: "invalid_request_error",
    code: undefined,
    statusCode: 401,
    message: "Invalid API Key provided: sk_****1234",
  });
});

test("StripeIdempotencyError: the same idempotency key with other parameters or on another endpoint; the same request replays", async () => {
  const idempotencyKey = `order_${Date.now()}`;
  const first = await stripe.customers.create({ email: "jenny.rosen@example.com" }, { idempotencyKey });
  const again = await stripe.customers.create({ email: "jenny.rosen@example.com" }, { idempotencyKey });
  assert.deepEqual(again, first);
  assert.equal(again.lastResponse.headers["idempotent-replayed"], "true");
  assert.equal(first.lastResponse.headers["idempotent-replayed"], undefined);
  await rejectsWith(stripe.customers.create({ email: "someone.else@example.com" }, { idempotencyKey }), StripeIdempotencyError, {
    type: "StripeIdempotencyError",
    rawType: "idempotency_error",
    statusCode: 400,
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
  });
  // A key belongs to the endpoint it was first used on.
  await rejectsWith(stripe.paymentIntents.create({ amount: 1099, currency: "eur" }, { idempotencyKey }), StripeIdempotencyError, {
    statusCode: 400,
    message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/payment_intents' vs '/v1/customers'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
  });
});

test("an unexpandable field, an unknown URL, and the SDK's calls the sandbox does not implement on paths it has", async () => {
  const c = await customer();
  await rejectsWith(stripe.customers.retrieve(c.id, { expand: ["colour"] }), StripeInvalidRequestError, {
    param: "expand",
    statusCode: 400,
    message: "This property cannot be expanded (colour).",
  });
  await rejectsWith(stripe.rawRequest("GET", "/v1/charges"), StripeInvalidRequestError, {
    statusCode: 404,
    message: "Unrecognized request URL (GET: /v1/charges). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
  });
  // Stripe has these; the sandbox answers them as unknown URLs (docs/sandbox.md), in Stripe's
  // shape, so the SDK raises its typed error rather than "Invalid JSON received".
  const unimplemented = [
    ["GET", "/v1/payment_intents", () => stripe.paymentIntents.list({ limit: 3 })],
    ["POST", "/v1/payment_intents/pi_123", () => stripe.paymentIntents.update("pi_123", { metadata: { order: "1" } })],
    ["DELETE", `/v1/customers/${c.id}`, () => stripe.customers.del(c.id)],
    ["GET", "/v1/payment_intents/search", () => stripe.paymentIntents.search({ query: "status:'requires_action'" })],
    ["GET", "/v1/customers/search", () => stripe.customers.search({ query: "email:'jenny@example.com'" })],
  ];
  for (const [method, path, call] of unimplemented) {
    await rejectsWith(call(), StripeInvalidRequestError, {
      statusCode: 404,
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }
});

registerFinalChecks(() => sb, {
  eventTypes: [
    "customer.created",
    "payment_intent.created",
    "payment_intent.requires_action",
    "payment_intent.succeeded",
    "customer_cash_balance_transaction.created",
  ],
  objectKinds: ["customer", "event", "payment_intent", "customer_cash_balance_transaction"],
});
