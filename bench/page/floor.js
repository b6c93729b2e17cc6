// The floor: what any widget that formats the amount with the browser's Intl must at least
// do on these pages — one module level below the page, one Intl.NumberFormat, the text in the
// DOM. No parsing, no Wasm, no layout of its own.
const { payment } = bench;
const amount = new Intl.NumberFormat("en-US", { style: "currency", currency: payment.currency }).format(payment.amount / 100);
document.getElementById("pay").textContent = `${amount} ${payment.iban} ${payment.reference}`;
