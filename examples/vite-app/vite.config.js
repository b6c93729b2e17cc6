// Nothing special is needed to build with the package. In `vite` dev mode, keep it out of
// dependency pre-bundling: pre-bundling moves the module away from its .wasm file.
export default {
  base: "./",
  optimizeDeps: { exclude: ["bank-transfer-checkout"] },
};
