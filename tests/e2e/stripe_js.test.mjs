// End to end: the browser talks to Stripe exactly as Stripe.js does. The API is put on another
// origin (a recording proxy in front of the sandbox), so that any request that is not "simple"
// would need a CORS preflight: none is sent. Every request carries the publishable key, the
// pinned API version and, for Connect, the account as parameters; no custom header at all.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "../../scripts/chromium.mjs";
import { STRICT_CSP, startBackend } from "./support.mjs";

const VERSION = "2026-07-29.dahlia";
const CONNECTED = "acct_1SandboxSeller00001";
/** Headers a page's script could add that would make a request non-simple (or leak a secret). */
const FORBIDDEN = ["idempotency-key", "stripe-version", "stripe-account", "authorization", "x-requested-with"];

let backend;
let browser;
let dataDir;
let shopBase;
let apiBase;
const proxies = [];
const recorded = [];

/**
 * A plain HTTP proxy to the backend on its own port. No Playwright routing anywhere in this
 * file: Playwright answers CORS preflights itself for routed pages, which would hide them.
 * `edit(path, headers, body)` may rewrite an answer.
 */
async function proxy({ record = false, edit } = {}) {
  const target = new URL(backend.base);
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (c) => chunks.push(c));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      if (record) recorded.push({ method: request.method, url: request.url, headers: request.headers, body: body.toString() });
      const options = { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers };
      http.request(options, (answer) => {
        const parts = [];
        answer.on("data", (c) => parts.push(c));
        answer.on("end", () => {
          let out = Buffer.concat(parts);
          const headers = { ...answer.headers };
          if (edit) {
            out = Buffer.from(edit(request.url, headers, out.toString()) ?? out);
            headers["content-length"] = String(out.length);
          }
          response.writeHead(answer.statusCode, headers);
          response.end(out);
        });
      }).end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxies.push(server);
  return server.address().port;
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "btc-stripejs-"));
  backend = await startBackend({ databasePath: join(dataDir, "checkout.sqlite") });
  browser = await launch();
  // "Stripe" on another origin (localhost, while the shop is on 127.0.0.1), recorded.
  apiBase = `http://localhost:${await proxy({ record: true })}`;
  // The shop: the backend as it is, except that its checkout answer points at "Stripe" and its
  // CSP lets the page connect there (as a merchant's lets it connect to api.stripe.com).
  const shopPort = await proxy({
    edit: (url, headers, body) => {
      headers["content-security-policy"] = `${STRICT_CSP}; connect-src 'self' ${apiBase}`;
      if (url !== "/api/checkout") return null;
      return JSON.stringify({ ...JSON.parse(body), stripeApiBase: apiBase });
    },
  });
  shopBase = `http://127.0.0.1:${shopPort}`;
});

after(async () => {
  await browser?.close();
  for (const server of proxies) server.close();
  backend?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The demo shop for a new order of `region`, its instructions on screen. */
async function shop(region) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const order = `${region}-js${Math.random().toString(36).slice(2, 8)}`;
  await page.goto(`${shopBase}/?region=${region}&locale=en-US&order=${order}`);
  await page.waitForSelector(`html[data-mounted="${order}"]`);
  await page.waitForSelector("#checkout [data-field='iban.iban']");
  return { context, page };
}

function params(request) {
  const url = new URL(request.url, apiBase);
  return request.method === "GET" ? url.searchParams : new URLSearchParams(request.body);
}

test("retrieve and confirm are simple requests with Stripe.js' parameters: no preflight, no custom header", async () => {
  recorded.length = 0;
  const { context, page } = await shop("eu");
  await page.selectOption("#checkout select", "NL");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field='iban.iban']").textContent.startsWith("NL"));

  assert.deepEqual(recorded.filter((r) => r.method === "OPTIONS"), [], "no CORS preflight");
  const retrieve = recorded.find((r) => r.method === "GET");
  const confirm = recorded.find((r) => r.method === "POST");
  assert.ok(retrieve && confirm, recorded.map((r) => `${r.method} ${r.url}`).join("\n"));
  assert.match(new URL(retrieve.url, apiBase).pathname, /^\/v1\/payment_intents\/pi_\w+$/);
  assert.deepEqual([...params(retrieve).keys()], ["client_secret", "key", "_stripe_version"]);
  assert.equal(params(retrieve).get("key"), "pk_test_sandbox");
  assert.equal(params(retrieve).get("_stripe_version"), VERSION);
  assert.match(new URL(confirm.url, apiBase).pathname, /^\/v1\/payment_intents\/pi_\w+\/confirm$/);
  assert.equal(confirm.headers["content-type"], "application/x-www-form-urlencoded");
  assert.deepEqual(Object.fromEntries(params(confirm)), {
    client_secret: params(retrieve).get("client_secret"),
    "payment_method_data[type]": "customer_balance",
    "payment_method_options[customer_balance][funding_type]": "bank_transfer",
    "payment_method_options[customer_balance][bank_transfer][type]": "eu_bank_transfer",
    "payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]": "NL",
    key: "pk_test_sandbox",
    _stripe_version: VERSION,
  });
  for (const request of recorded) {
    assert.equal(request.headers.origin, shopBase, "a cross-origin request");
    assert.deepEqual(FORBIDDEN.filter((h) => h in request.headers), [], `${request.method} ${request.url}`);
  }
  // Control: the same request with an Idempotency-Key header (as the checkout sent before) is
  // preceded by a preflight, which this setup records.
  await page.evaluate((url) => fetch(url, { method: "POST", headers: { "Idempotency-Key": "k" } }).catch(() => {}), `${apiBase}/v1/payment_intents/pi_x/confirm`);
  assert.equal(recorded.filter((r) => r.method === "OPTIONS").length, 1, "a non-simple request is preflighted");
  await context.close();
});

test("Connect: a marketplace order's requests name the connected account as _stripe_account", async () => {
  recorded.length = 0;
  const { context, page } = await shop("maker");
  await page.selectOption("#checkout select", "FR");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field='iban.iban']").textContent.startsWith("FR"));
  assert.deepEqual(recorded.filter((r) => r.method === "OPTIONS"), []);
  assert.ok(recorded.length >= 2);
  for (const request of recorded) {
    assert.equal(params(request).get("_stripe_account"), CONNECTED, `${request.method} ${request.url}`);
    assert.deepEqual(FORBIDDEN.filter((h) => h in request.headers), []);
  }
  await context.close();
});
