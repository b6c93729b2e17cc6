// On every bench page (inlined right after #pay by bench/pages.mjs): when the payment's IBAN is in the DOM, whichever widget
// puts it there, and when it is also laid out (a forced layout right away: a page shows nothing
// before its first layout, which costs tens of ms on a fresh page). Server-rendered instructions
// are in the DOM before any script runs; both their times are the first contentful paint.
// Times are from the page's first script (`window.__t0`, the first thing in its head: before it,
// a new renderer starts up, 50-150 ms here, the same for every page and no page's doing). They
// are logged (`bench:instructions <in the DOM> <laid out>`, ms): the benchmark listens for them
// instead of polling the page, which would inject Playwright's script into the page while it
// loads (~17 ms of its main thread).
(function () {
  var report = function (inDom, laidOut) {
    window.__tDom = inDom;
    console.debug("bench:instructions " + (inDom - window.__t0) + " " + (laidOut - window.__t0));
  };
  var pay = document.getElementById("pay");
  var seen = function () {
    var text = pay.textContent;
    return text.indexOf("NL40 CITI") >= 0 || text.indexOf("NL40CITI") >= 0;
  };
  if (seen()) {
    new PerformanceObserver(function (list, observer) {
      list.getEntries().forEach(function (entry) {
        if (entry.name !== "first-contentful-paint") return;
        report(entry.startTime, entry.startTime);
        observer.disconnect();
      });
    }).observe({ type: "paint", buffered: true });
    return;
  }
  new MutationObserver(function (_, observer) {
    if (seen()) {
      observer.disconnect();
      var inDom = performance.now();
      void pay.getBoundingClientRect();
      report(inDom, performance.now());
    }
  }).observe(pay, { childList: true, subtree: true, characterData: true });
})();
