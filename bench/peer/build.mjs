// Bundles the peer (minified ESM for the browser) and copies its stylesheet: bench/peer/dist/.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";

mkdirSync("dist", { recursive: true });
await build({
  entryPoints: ["src/adyen.js"],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  outfile: "dist/adyen.js",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
});
copyFileSync("node_modules/@adyen/adyen-web/dist/es/adyen.css", "dist/adyen.css");
