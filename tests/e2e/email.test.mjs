// End to end: "Email me these instructions" from the demo shop, through a real SMTP server.
// nodemailer's smtp-server listens on a free loopback port, the backend (sandbox mode) sends to
// it (SMTP_URL), and mailparser reads what arrived: the sender, the recipient, the subject in the
// widget's language, the text and HTML parts holding every detail the widget shows and the link
// to the hosted page — which, opened, shows the same IBAN and reference — and no secret. A bad
// address and the fourth email for one order are said in the field. All six languages.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { launch } from "../../scripts/chromium.mjs";
import { ROOT, startBackend, strictPage } from "./support.mjs";

const FROM = { name: "Demo Shop", address: "shop@example.com" };
const SECRETS = ["_secret_", "sk_test", "pk_test", "client_secret"];

let smtp;
let backend;
let base;
let browser;
let dataDir;
/** Every message the SMTP server received: `{ envelope, raw, mail }`. */
const received = [];

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"], // loopback, plain: SMTP_URL=smtp://
    logger: false,
    onData(stream, session, done) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        received.push({ envelope: structuredClone(session.envelope), raw: raw.toString("utf8"), mail: await simpleParser(raw) });
        done();
      });
    },
  });
  await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpUrl = `smtp://127.0.0.1:${smtp.server.address().port}`;
  dataDir = mkdtempSync(join(tmpdir(), "btc-e2e-email-"));
  backend = await startBackend({
    databasePath: join(dataDir, "checkout.sqlite"),
    env: { SMTP_URL: smtpUrl, MAIL_FROM: `${FROM.name} <${FROM.address}>` },
  });
  base = backend.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  backend?.stop();
  await new Promise((resolve) => (smtp ? smtp.close(resolve) : resolve()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** `key = text` tables, as translators edit them. */
function texts(table, lang) {
  const file = join(ROOT, "core/locales", table, `${lang}.txt`);
  const entries = readFileSync(file, "utf8").split("\n").filter((l) => l.includes("=") && !l.startsWith("#"));
  return Object.fromEntries(entries.map((l) => [l.slice(0, l.indexOf("=")).trim(), l.slice(l.indexOf("=") + 1).trim()]));
}
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, name) => values[name] ?? m);
const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The demo shop with a fresh order of `region` in `locale`. */
async function shop(region, locale) {
  const { page, problems } = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const order = `${region}-mail${Math.random().toString(36).slice(2, 8)}`;
  await page.goto(`${base}/?region=${region}&locale=${locale}&order=${order}`);
  await page.waitForSelector(`html[data-mounted="${order}"]`);
  await page.waitForSelector("#checkout form.btc-email:not([hidden])");
  return { page, order, problems };
}

/** Types `address`, presses Send and waits for the sentence under the field. */
async function send(page, address) {
  const message = page.locator("#checkout [data-field=email-message]");
  await page.evaluate(() => (document.querySelector("#checkout [data-field=email-message]").textContent = ""));
  await page.fill("#checkout input[data-field=email]", address);
  await page.click("#checkout button[data-action=email]");
  await page.waitForFunction(() => document.querySelector("#checkout [data-field=email-message]").textContent !== "");
  return message.textContent();
}

/** The message to `address` that arrived after `count` others, within a few seconds. */
async function mailTo(address, count) {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const found = received.slice(count).find((m) => m.envelope.rcptTo.some((r) => r.address === address));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no email to ${address}`);
}

/** Every value the widget shows: `{ name, label, text }`. */
const shownFields = (page) =>
  page.$$eval("#checkout .btc-instructions .btc-value[data-field]", (values) =>
    values.map((v) => ({ name: v.dataset.field, label: v.closest(".btc-row").querySelector(".btc-label").textContent, text: v.textContent })),
  );

/**
 * The whole round trip in one language: the widget asks, the email arrives in that language
 * with every detail and the link, and the link opens the same instructions.
 */
async function roundTrip(region, locale, lang, address) {
  const { page, order, problems } = await shop(region, locale);
  const checkout = texts("checkout", lang);
  const server = texts("server", lang);
  assert.equal(await page.getAttribute("#checkout .btc-checkout", "lang"), lang);
  // A labelled field: its accessible name is the label.
  await page.getByLabel(checkout.email_label).waitFor();
  assert.equal(await page.textContent("#checkout button[data-action=email]"), checkout.email_button);
  const count = received.length;
  assert.equal(await send(page, address), fill(checkout.email_sent, { email: address }));
  const { envelope, raw, mail } = await mailTo(address, count);

  assert.deepEqual(mail.from.value, [FROM]);
  assert.deepEqual(mail.to.value.map((t) => t.address), [address]);
  assert.equal(envelope.mailFrom.address, FROM.address);
  assert.deepEqual(envelope.rcptTo.map((r) => r.address), [address]);
  assert.equal(mail.subject, fill(server.email_subject, { order }));
  assert.match(mail.headers.get("content-type").value, /^multipart\/alternative/);
  assert.ok(mail.text && mail.html, "a text part and an HTML part");

  const fields = await shownFields(page);
  assert.ok(fields.some((f) => f.name === "amount_remaining"), "the amount is shown");
  for (const { name, label, text } of fields) {
    assert.ok(mail.text.includes(`${label}: ${text.replace(/\n/g, ", ")}`), `${lang} text part: ${name} ${JSON.stringify(text)}\n${mail.text}`);
    for (const line of text.split("\n")) assert.ok(mail.html.includes(escapeHtml(line)), `${lang} HTML part: ${name}`);
  }
  const link = new RegExp(`${base.replace(/\./g, "\\.")}/pay/[0-9a-f]{48}\\?lang=${locale}`);
  const [href] = mail.text.match(link) ?? [];
  assert.ok(href, `${lang}: the hosted link in the text part\n${mail.text}`);
  assert.ok(mail.html.includes(`href="${href}"`), `${lang}: the hosted link in the HTML part`);
  assert.ok(mail.text.includes(server.email_footer));
  for (const secret of SECRETS) {
    for (const part of [raw, mail.text, mail.html, mail.subject]) assert.ok(!part.includes(secret), `${secret} in the email`);
  }

  // The link: the hosted page, in the same language, with the same values.
  const hosted = await strictPage(browser);
  await hosted.page.goto(href);
  await hosted.page.waitForSelector(".btc [data-field=amount_remaining]");
  assert.equal(await hosted.page.getAttribute("html", "lang"), locale);
  for (const { name, text } of fields) {
    assert.equal(await hosted.page.textContent(`[data-field="${name}"]`), text, `${lang} hosted page: ${name}`);
  }
  assert.deepEqual(await hosted.problems(), []);
  await hosted.page.close();
  assert.deepEqual(await problems(), []);
  await page.close();
  return { mail, fields };
}

test("a German widget sends a German email with every detail and the hosted link, and nothing secret", async () => {
  const { mail, fields } = await roundTrip("eu", "de-DE", "de", "jenny.rosen@example.com");
  const value = (name) => fields.find((f) => f.name === name).text;
  // The essentials, spelled out: amount, reference, IBAN, BIC.
  assert.match(value("amount_remaining"), /€/);
  for (const name of ["amount_remaining", "reference", "iban.iban", "iban.bic", "iban.account_holder_name"]) {
    assert.ok(mail.text.includes(value(name)) && mail.html.includes(escapeHtml(value(name))), name);
  }
  assert.match(value("iban.iban"), /^DE\d\d /, "the shopper in Germany has a German IBAN");
  assert.ok(mail.text.startsWith(`${texts("", "de").title}\n\n`), mail.text);
  assert.match(mail.html, /^<!doctype html>\n<html lang="de-DE"/);
  assert.ok(!mail.html.includes("<script") && !mail.html.includes("<button"));
});

test("the other five languages: each email in the widget's language, and its link opens the same instructions", async () => {
  for (const [region, locale, lang] of [
    ["us", "en-US", "en"],
    ["eu", "fr-BE", "fr"],
    ["eu", "nl-NL", "nl"],
    ["mx", "es-MX", "es"],
    ["jp", "ja-JP", "ja"],
  ]) {
    await roundTrip(region, locale, lang, `shopper-${lang}@example.com`);
  }
});

test("a bad address is said in the field (aria-invalid) and no email is sent", async () => {
  const { page, problems } = await shop("eu", "en-US");
  const checkout = texts("checkout", "en");
  const requests = [];
  page.on("request", (r) => r.url().endsWith("/api/email") && requests.push(r.postDataJSON()));
  const input = "#checkout input[data-field=email]";
  const count = received.length;
  // Obviously bad: said at once, nothing asked.
  assert.equal(await send(page, "jenny@"), checkout.email_invalid);
  assert.equal(await page.getAttribute(input, "aria-invalid"), "true");
  const describedBy = await page.getAttribute(input, "aria-describedby");
  assert.equal(await page.getAttribute(`#${describedBy}`, "data-field"), "email-message");
  assert.equal(await page.getAttribute(`#${describedBy}`, "role"), "status");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.field), "email", "the focus is back in the field");
  assert.deepEqual(requests, []);
  // Plausible to the browser, refused by the server (no mail to the relay's own hosts).
  assert.equal(await send(page, "jenny@localhost"), checkout.email_invalid);
  assert.equal(await page.getAttribute(input, "aria-invalid"), "true");
  assert.equal(requests.length, 1);
  assert.deepEqual(Object.keys(requests[0]).sort(), ["email", "locale", "order"]);
  // Corrected, and sent with the keyboard (Enter in the field submits): the field is valid again.
  const address = "jenny.corrected@example.com";
  await page.fill(input, address);
  await page.keyboard.press("Enter");
  await page.waitForFunction((sent) => document.querySelector("#checkout [data-field=email-message]").textContent === sent, fill(checkout.email_sent, { email: address }));
  assert.equal(await page.getAttribute(input, "aria-invalid"), null);
  await mailTo(address, count);
  assert.equal(received.length, count + 1, "only the corrected address got an email");
  // The browser logs the 422 itself: not a problem of ours.
  assert.deepEqual((await problems()).filter((p) => !p.includes("status of 422")), []);
  await page.close();
});

test("the fourth email for one order within the hour is refused with the rate-limit sentence", async () => {
  const { page, problems } = await shop("eu", "fr-BE");
  const checkout = texts("checkout", "fr");
  const count = received.length;
  for (const n of [1, 2, 3]) {
    const address = `limit-${n}@example.com`;
    assert.equal(await send(page, address), fill(checkout.email_sent, { email: address }));
  }
  assert.equal(await send(page, "limit-4@example.com"), checkout.email_rate_limited);
  assert.equal(await page.getAttribute("#checkout input[data-field=email]", "aria-invalid"), null);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(received.length, count + 3);
  // The browser logs the 429 itself: not a problem of ours.
  assert.deepEqual((await problems()).filter((p) => !p.includes("status of 429")), []);
  await page.close();
});
