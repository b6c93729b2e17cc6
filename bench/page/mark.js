// On every bench page (inlined right after #pay by bench/pages.mjs), three times, whichever widget
// puts the payment's IBAN on the page: when it is in the DOM, when it is also laid out (a forced
// layout right away: a page shows nothing before its first layout, which costs tens of ms on a
// fresh page), and when it is painted (Element Timing: the frame that first showed the IBAN's
// text, as the compositor presented it). Server-rendered instructions are in the DOM when this
// script runs (the parser has just passed #pay), and their first paint is the page's own.
// (The page's first contentful paint is no measure of them: on the warm pages it is the order
// total, painted while the parser waits for the price script, before #pay exists.)
// Times are from the page's first script (`window.__t0`, the first thing in its head: before it,
// a new renderer starts up, 50-150 ms here, the same for every page and no page's doing). They
// are logged (`bench:instructions <in the DOM> <laid out> <painted>`, ms; painted NaN when no
// paint was reported within 5 s): the benchmark listens for them instead of polling the page,
// which would inject Playwright's script into the page while it loads (~17 ms of its main thread).
(function () {
  var pay = document.getElementById("pay");
  var ibanText = function () {
    var walker = document.createTreeWalker(pay, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.data;
      if (text.indexOf("NL40 CITI") >= 0 || text.indexOf("NL40CITI") >= 0) return node;
    }
    return null;
  };
  var found = function (node) {
    var inDom = performance.now();
    // Before the next frame, so that the frame that paints it reports it. The server-rendered
    // markup carries the attribute already (bench/pages.mjs): a frame may come before this script.
    node.parentElement.setAttribute("elementtiming", "iban");
    void pay.getBoundingClientRect();
    var laidOut = performance.now();
    window.__tDom = inDom;
    var logged = false;
    var log = function (painted) {
      if (logged) return;
      logged = true;
      console.debug("bench:instructions " + [inDom, laidOut, painted].map(function (t) { return t - window.__t0; }).join(" "));
    };
    new PerformanceObserver(function (list, observer) {
      list.getEntries().forEach(function (entry) {
        if (entry.identifier !== "iban") return;
        observer.disconnect();
        log(entry.renderTime);
      });
    }).observe({ type: "element", buffered: true });
    setTimeout(function () { log(NaN); }, 5000);
  };
  var now = ibanText();
  if (now) return found(now);
  new MutationObserver(function (_, observer) {
    var node = ibanText();
    if (!node) return;
    observer.disconnect();
    found(node);
  }).observe(pay, { childList: true, subtree: true, characterData: true });
})();
