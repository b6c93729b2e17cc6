// The bundler build (pkg/bundler, what `import … from "bank-transfer-checkout/bundler"` gives)
// loads the way a bundler wires it: Node's own ESM loader importing the .wasm as a module.
// There is no DOM in Node, so the call must end in a typed error, not a crash.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../../pkg/bundler/index.js", import.meta.url));

test("the bundler build instantiates and answers with a typed error without a DOM", () => {
  const script = `
    import init, { renderInstructions } from ${JSON.stringify(entry)};
    await init();
    try { renderInstructions("#pay", {}, {}); console.log("no error"); }
    catch (e) { console.log(JSON.stringify([e.name, e.code, e.message])); }
  `;
  const out = execFileSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.deepEqual(JSON.parse(out.trim()), ["BankTransferError", "invalid_container", "there is no document"]);
});
