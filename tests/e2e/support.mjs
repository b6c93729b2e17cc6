// What the end-to-end tests share: the real backend as a child process, the exact
// Content-Security-Policy on every response, a page that records every problem (console
// errors, uncaught exceptions, CSP violation reports), and axe-core.
import { after, before } from "node:test";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../../scripts/chromium.mjs";
import { createStaticServer, listen } from "../../scripts/serve.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
export const BACKEND = process.env.BACKEND_BIN ?? join(target, "debug", "bank-transfer-backend");

/** The policy a merchant page keeps (issue 5): nothing inline, no eval, Wasm allowed to compile. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/**
 * Starts the backend in sandbox mode on a free port, serving `staticRoot`, with `env` added to
 * its environment (e.g. SMTP_URL); resolves to `{ base, stop }`.
 */
export async function startBackend({ staticRoot = ROOT, databasePath, env = {} }) {
  const child = spawn(BACKEND, [], {
    env: { ...process.env, PORT: "0", DATABASE_PATH: databasePath, STATIC_ROOT: staticRoot, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout.on("data", (chunk) => {
      const match = /http:\/\/[\d.:]+/.exec(String(chunk));
      if (match) resolve(match[0]);
    });
    setTimeout(() => reject(new Error("the backend did not start")), 20_000);
  });
  return { base, stop: () => child.kill() };
}

/**
 * Serves every response to `page` with exactly STRICT_CSP (whatever the server sent), and
 * records problems: console errors, page errors and `securitypolicyviolation` events (caught in
 * the page from its first script on, shadow roots included, since they bubble to the document).
 */
export async function strictPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.route("**/*", async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers(), "content-security-policy": STRICT_CSP };
    await route.fulfill({ response, headers });
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  /** Every problem so far, CSP violations included. */
  const allProblems = async () => [...problems, ...(await page.evaluate(() => window.__cspViolations))];
  return { context, page, problems: allProblems };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core on `selector` (shadow roots included), evaluated through the DevTools protocol (a
 * script tag would be refused by the CSP, rightly). Returns `{ id, impact, help, targets }`s.
 */
export async function axe(page, selector) {
  await page.evaluate(AXE);
  return page.evaluate(async (selector) => {
    const result = await window.axe.run({ include: [[selector]] }, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  }, selector);
}

export const seriousViolations = (violations) => violations.filter((v) => v.impact === "serious" || v.impact === "critical");

/**
 * For a test file: the static demo server (scripts/serve.mjs, `options` as there) and a
 * browser, started before its tests and closed after; `site.base` and `site.browser` once
 * started.
 */
export function staticSite(options) {
  const site = { base: undefined, browser: undefined, server: undefined };
  before(async () => {
    site.server = createStaticServer(options);
    site.base = await listen(site.server);
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return site;
}
