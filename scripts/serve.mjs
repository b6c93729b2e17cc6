// A static server for the demo, the e2e tests and the benchmark, sending the headers a merchant
// page would: a strict Content-Security-Policy (no inline script, no eval; 'wasm-unsafe-eval'
// only for WebAssembly compilation). Usage: node scripts/serve.mjs [port]  (PORT, HOST env too)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** URL prefix → folder of the repository. Nothing else is served. */
const MOUNTS = [
  ["/pkg/", "pkg"],
  ["/style/", "style"],
  ["/examples/", "reference/examples"],
  ["/bench/", "bench/page"],
  ["/bench-peer/", "bench/peer/dist"],
  ["/", "www"],
];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

export const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};

function resolvePath(urlPath) {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    let rest = urlPath.slice(prefix.length);
    if (rest === "" || rest.endsWith("/")) rest += "index.html";
    const base = join(ROOT, dir);
    const file = normalize(join(base, rest));
    return file.startsWith(base + sep) ? file : null;
  }
  return null;
}

/** `csp: false` drops the Content-Security-Policy (the benchmark serves a peer built for
 *  ordinary pages, and both widgets must load under the same conditions). */
export function createStaticServer({ csp = true } = {}) {
  const base = { ...SECURITY_HEADERS };
  if (!csp) delete base["Content-Security-Policy"];
  return createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      path = null;
    }
    const file = path && !path.includes("\0") ? resolvePath(path) : null;
    const headers = { ...base, "Cache-Control": "no-store" };
    if (!file || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(file ? 405 : 404, { ...headers, "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain" }).end("not found\n");
    }
  });
}

/** Starts on `port` (0 = any free one) and resolves to the base URL. */
export function listen(server, port = 0, host = "127.0.0.1") {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(`http://${host}:${server.address().port}`));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  // CSP=off: the benchmark's pages (the peer is built for ordinary pages).
  const url = await listen(createStaticServer({ csp: process.env.CSP !== "off" }), port, process.env.HOST ?? "127.0.0.1");
  console.log(`Demo: ${url}/`);
}
