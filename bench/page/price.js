// The warm pages: the checkout page formats its own price with the browser's Intl before any
// widget loads, as checkout pages do. Its first Intl.NumberFormat (ICU's data loading, 14–45 ms
// on a fresh page) is then paid by the page, not by the widget.
document.getElementById("price").textContent = new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" }).format(10.99);
