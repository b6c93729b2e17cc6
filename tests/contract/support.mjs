// The sandbox binary as Stripe's official Node SDK sees it: one process per test file, a
// recording tap between the SDK and the sandbox (the exact requests the SDK sends, untouched),
// and a webhook endpoint keeping each delivery's raw body and Stripe-Signature header.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { test } from "node:test";
import Stripe from "stripe";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SK = "sk_test_sandbox";
export const PK = "pk_test_sandbox";
export const PLATFORM = "acct_1SandboxPlatform0001";
export const CONNECTED = "acct_1SandboxSeller00001";
export const WEBHOOK_SECRET = "whsec_contract_tests";
export const API_VERSION = "2026-07-29.dahlia";
export const COUNTRY_PARAM = "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]";

/** Stripe's published fixtures (stripe/openapi fixtures3.json): one object per resource, every top-level key. */
export const FIXTURES = JSON.parse(readFileSync(join(ROOT, "reference", "stripe-fixtures.json"), "utf8"));

const BIN = process.env.SANDBOX_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "bank-transfer-sandbox");

/** A server on a free loopback port. */
function listen(handler) {
  const server = http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Starts the sandbox binary (PORT=0) and reads its address off its first line. */
function startBinary(env) {
  if (!existsSync(BIN)) throw new Error(`no sandbox binary at ${BIN}: run \`cargo build -p bank-transfer-sandbox\` or set SANDBOX_BIN`);
  const child = spawn(BIN, [], { env: { ...process.env, HOST: "127.0.0.1", PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 10 s: ${stdout}${stderr}`)), 10_000);
    child.once("exit", (code) => reject(new Error(`the sandbox exited (${code}): ${stderr}`)));
    child.stdout.on("data", (d) => {
      stdout += d;
      const match = /^bank-transfer-sandbox: (http:\/\/127\.0\.0\.1:\d+)\/v1 /m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1] });
      }
    });
  });
}

/**
 * The sandbox for one test file. `stripe` / `publishable` are the SDK's clients as a merchant
 * makes them (pointed at the tap); `requests` the raw requests they sent; `bodies` every JSON
 * answer; `webhooks` every delivery ({ raw, signature }).
 */
export async function startSandbox() {
  const webhooks = [];
  const hook = await listen(async (req, res) => {
    const raw = (await readBody(req)).toString("utf8");
    webhooks.push({ raw, signature: req.headers["stripe-signature"] });
    res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
  });
  const { child, base } = await startBinary({
    SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${hook.address().port}/webhook`,
    SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  const target = new URL(base);

  // The tap forwards each request as it is and keeps a copy of it and of the answer.
  const requests = [];
  const bodies = [];
  const tap = await listen(async (req, res) => {
    const body = await readBody(req);
    const record = { method: req.method, path: req.url, headers: req.headers, body: body.toString("utf8") };
    requests.push(record);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      async (answer) => {
        const payload = await readBody(answer);
        record.status = answer.statusCode;
        record.responseHeaders = answer.headers;
        if (String(answer.headers["content-type"]).startsWith("application/json")) bodies.push(JSON.parse(payload.toString("utf8")));
        res.writeHead(answer.statusCode, answer.headers).end(payload);
      },
    );
    upstream.on("error", (e) => res.writeHead(502).end(String(e)));
    upstream.end(body);
  });
  const port = tap.address().port;
  const client = (key, options = {}) => new Stripe(key, { host: "127.0.0.1", port, protocol: "http", ...options });
  return {
    base,
    port,
    client,
    stripe: client(SK),
    publishable: client(PK),
    requests,
    bodies,
    webhooks,
    async stop() {
      child.kill();
      await Promise.all([tap, hook].map((s) => new Promise((r) => s.close(r))));
    },
  };
}

/** Waits (5 s at most) until `done(events)` holds; events are the deliveries parsed, in order. */
export async function waitForWebhooks(sandbox, done) {
  for (let i = 0; i < 250; i++) {
    const events = sandbox.webhooks.map((w) => JSON.parse(w.raw));
    if (done(events)) return events;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`webhooks never got there: ${sandbox.webhooks.map((w) => JSON.parse(w.raw).type).join(", ")}`);
}

/** The error `promise` rejects with, checked to be `Class` with these exact fields. */
export async function rejectsWith(promise, Class, expected) {
  const error = await promise.then(
    (value) => assert.fail(`expected ${Class.name}, got ${JSON.stringify(value).slice(0, 200)}`),
    (e) => e,
  );
  assert.ok(error instanceof Class, `${error?.constructor?.name}: ${error?.message}`);
  const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, error[k]]));
  assert.deepEqual(actual, expected);
  assert.match(error.requestId, /^req_[A-Za-z0-9]{14}$/);
  return error;
}

export const instructions = (intent) => intent.next_action.display_bank_transfer_instructions;

/** The guide's manual form ("Customers v1"): payment_method_types + funding type + bank transfer type. */
export function manualForm(customer, currency, amount, country) {
  const bank_transfer = { type: TRANSFER_TYPES[currency] };
  if (country) bank_transfer.eu_bank_transfer = { country };
  return {
    amount,
    currency,
    customer,
    payment_method_types: ["customer_balance"],
    payment_method_data: { type: "customer_balance" },
    payment_method_options: { customer_balance: { funding_type: "bank_transfer", bank_transfer } },
    confirm: true,
  };
}

/** The guide's other form: automatic payment methods, a return URL. */
export function automaticForm(customer, currency, amount) {
  return {
    amount,
    customer,
    currency,
    automatic_payment_methods: { enabled: true },
    return_url: "https://example.com/return_url",
    payment_method_data: { type: "customer_balance" },
    confirm: true,
  };
}

export const TRANSFER_TYPES = {
  usd: "us_bank_transfer",
  gbp: "gb_bank_transfer",
  eur: "eu_bank_transfer",
  jpy: "jp_bank_transfer",
  mxn: "mx_bank_transfer",
};

/**
 * Keys an object may carry that the fixture (a platform object, default fields only) lacks:
 * - `account` on an event: Stripe documents it on events of connected accounts (Connect
 *   webhooks); the fixture is a platform event.
 * - `cash_balance` on a customer: Stripe includes it only when expanded (`expand[]=cash_balance`);
 *   the fixtures hold the default fields only.
 */
export const DOCUMENTED_EXTRA_KEYS = { event: ["account"], customer: ["cash_balance"] };

/**
 * Every object of these kinds found in `value` (top level, expanded members, event data), as
 * [kind, object] pairs.
 */
export function stripeObjects(value, found = []) {
  if (Array.isArray(value)) {
    for (const v of value) stripeObjects(v, found);
  } else if (value && typeof value === "object") {
    if (typeof value.object === "string" && value.object in FIXTURES) found.push([value.object, value]);
    for (const v of Object.values(value)) stripeObjects(v, found);
  }
  return found;
}

/** The top-level keys of `object` that its fixture does not have (documented extras aside). */
export function keysNotInFixture(kind, object) {
  const known = new Set([...Object.keys(FIXTURES[kind]), ...(DOCUMENTED_EXTRA_KEYS[kind] ?? [])]);
  return Object.keys(object).filter((k) => !known.has(k));
}

/** Checks every delivery with the SDK's own verifier (`stripe.webhooks.constructEvent`); returns the events. */
export function verifyWebhooks(sandbox) {
  return sandbox.webhooks.map(({ raw, signature }) => {
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    return sandbox.stripe.webhooks.constructEvent(raw, signature, WEBHOOK_SECRET);
  });
}

/** Waits until no delivery has arrived for 200 ms (the sandbox sends them one after another). */
async function settle(sandbox) {
  let count = -1;
  while (count !== sandbox.webhooks.length) {
    count = sandbox.webhooks.length;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The checks every file ends with, over all that its sandbox sent: each webhook verifies with
 * the SDK and is one of `eventTypes` (all of which appear), Connect events name the account, and
 * every object returned or sent has only the top-level keys of Stripe's fixture of its kind.
 */
export function registerFinalChecks(getSandbox, { eventTypes, objectKinds, connectedIds = new Set() }) {
  test("every webhook the sandbox sent verifies with stripe.webhooks.constructEvent", async () => {
    const sandbox = getSandbox();
    await waitForWebhooks(sandbox, (events) => eventTypes.every((type) => events.some((e) => e.type === type)));
    await settle(sandbox);
    const events = verifyWebhooks(sandbox);
    assert.ok(events.length > 0);
    assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), [...eventTypes].sort());
    for (const event of events) {
      assert.match(event.id, /^evt_[A-Za-z0-9]{24}$/);
      assert.deepEqual([event.object, event.api_version, event.livemode], ["event", API_VERSION, false]);
      const object = event.data.object;
      if (connectedIds.has(object.id) || connectedIds.has(object.customer)) assert.equal(event.account, CONNECTED, event.type);
      else assert.equal("account" in event, false, `a platform event names no account: ${event.type}`);
    }
    if (connectedIds.size > 0) assert.ok(events.some((e) => e.account === CONNECTED), "Connect events were sent");
    // The verifier is not a formality: a changed body or another secret fails it.
    const { raw, signature } = sandbox.webhooks[0];
    assert.throws(() => sandbox.stripe.webhooks.constructEvent(`${raw} `, signature, WEBHOOK_SECRET), Stripe.errors.StripeSignatureVerificationError);
    assert.throws(() => sandbox.stripe.webhooks.constructEvent(raw, signature, "whsec_other"), Stripe.errors.StripeSignatureVerificationError);
  });

  test("every object the sandbox returned or sent has only top-level keys of Stripe's fixture of its kind", (t) => {
    const sandbox = getSandbox();
    const events = sandbox.webhooks.map((w) => JSON.parse(w.raw));
    const objects = stripeObjects([...sandbox.bodies, ...events]);
    assert.deepEqual([...new Set(objects.map(([kind]) => kind))].sort(), [...objectKinds].sort());
    for (const [kind, object] of objects) assert.deepEqual(keysNotInFixture(kind, object), [], `${kind} ${object.id ?? ""}`);
    // The other way round is a known difference (the sandbox models less): said, not failed.
    for (const kind of objectKinds) {
      const seen = new Set(objects.filter(([k]) => k === kind).flatMap(([, o]) => Object.keys(o)));
      const never = Object.keys(FIXTURES[kind]).filter((key) => !seen.has(key));
      if (never.length > 0) t.diagnostic(`${kind}: fixture keys the sandbox never sends: ${never.join(", ")}`);
    }
  });
}
