// Renames the web build's Wasm imports to short names, in the .wasm and in the JS glue alike.
//
// wasm-bindgen names every import after the JS function plus a 16-hex-digit hash
// (`__wbg_setAttribute_4d3e2c1b8a9f0e7d`) and gives them all the module name
// "./bank_transfer_checkout_bg.js". The hashes cannot be compressed, and they sit in both files
// a merchant downloads: measured ~2.3 KB gz of ~36. binaryen's --minify-imports only handles
// Emscripten's "env" imports, hence this step.
//
// Only for the web target: there the glue builds the imports object itself. The bundler
// target imports a real JS module by those names, so it is left alone.
//
// Usage: node scripts/shorten-imports.mjs pkg/web/bank_transfer_checkout_bg.wasm pkg/web/bank_transfer_checkout.js
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, jsPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, "utf8");

const GLUE_MODULE = "./bank_transfer_checkout_bg.js";
const SHORT_MODULE = "a";
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";

function shortName(n) {
  let name = "";
  do {
    name = ALPHABET[n % ALPHABET.length] + name;
    n = Math.floor(n / ALPHABET.length);
  } while (n > 0);
  return name;
}

function readU32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const utf8 = new TextDecoder();
const name = (s) => [...u32(Buffer.byteLength(s)), ...Buffer.from(s)];

/** Skips an import's description (function, table, memory or global type). */
function skipDescription(bytes, at, kind) {
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = readU32(bytes, p);
    if (flags & 1) [, p] = readU32(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return readU32(bytes, at)[1]; // type index
    case 1: return limits(at + 1); // reftype + limits
    case 2: return limits(at); // memory limits
    case 3: return at + 2; // valtype + mutability
    default: throw new Error(`unknown import kind ${kind}`);
  }
}

const renames = new Map();
const out = [wasm.subarray(0, 8)];
let at = 8;
while (at < wasm.length) {
  const id = wasm[at++];
  let size;
  [size, at] = readU32(wasm, at);
  let body = wasm.subarray(at, at + size);
  at += size;
  if (id === 2) {
    let p;
    let count;
    [count, p] = readU32(body, 0);
    const rewritten = [...u32(count)];
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = readU32(body, p);
      const module = utf8.decode(body.subarray(p, (p += len)));
      [len, p] = readU32(body, p);
      const field = utf8.decode(body.subarray(p, (p += len)));
      const kind = body[p];
      const end = skipDescription(body, p + 1, kind);
      const description = [...body.subarray(p, end)];
      p = end;
      if (module === GLUE_MODULE) {
        const short = shortName(renames.size);
        renames.set(field, short);
        rewritten.push(...name(SHORT_MODULE), ...name(short), ...description);
      } else {
        rewritten.push(...name(module), ...name(field), ...description);
      }
    }
    body = Uint8Array.from(rewritten);
  }
  out.push(Uint8Array.from([id, ...u32(body.length)]), body);
}

// In the glue each import is a key of the imports object: `name: function(...)`.
for (const [long, short] of renames) {
  const key = new RegExp(`(?<![\\w$])${long.replace(/\$/g, "\\$")}(?=\\s*:)`, "g");
  const found = js.match(key)?.length ?? 0;
  if (found !== 1) throw new Error(`import ${long} appears ${found} times as a key in ${jsPath}; expected once`);
  js = js.replace(key, short);
}
const moduleKey = JSON.stringify(GLUE_MODULE);
if (js.split(moduleKey).length !== 2) throw new Error(`${moduleKey} should appear once in ${jsPath}`);
js = js.replace(moduleKey, JSON.stringify(SHORT_MODULE));

writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(jsPath, js);
console.log(`shortened ${renames.size} import names`);
