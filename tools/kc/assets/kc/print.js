/* For printing: the date in the print footer, and the address behind each link in the text written out
 * after it (print.css shows them on paper only). A file of its own: the pages allow no inline script. */
(function () {
  "use strict";
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function stamp() {
    var when = document.querySelector(".kc-print-footer__when");
    if (!when) return;
    var time = when.querySelector("time") || when.appendChild(document.createElement("time"));
    time.textContent = today();
    time.setAttribute("datetime", today());
    repeatOnEveryPage();
  }
  function cssString(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ") + '"';
  }
  // The address and the date in the bottom margin of every printed page (CSS page-margin boxes), not only
  // at the end of the text. A constructed style sheet: the pages' policy allows no inline style, and a
  // file:// page may not write into its own linked sheets.
  var marginSheet = null;
  function repeatOnEveryPage() {
    var footer = document.querySelector(".kc-print-footer");
    if (!footer || typeof CSSStyleSheet === "undefined" || !("adoptedStyleSheets" in document)) return;
    var address = footer.getAttribute("data-kc-address-label") + " " + footer.getAttribute("data-kc-permalink");
    var printed = footer.getAttribute("data-kc-printed-label") + " " + today();
    var rule = "@page { @bottom-left { content: " + cssString(address) + "; font-size: 7.5pt; } " +
      "@bottom-right { content: " + cssString(printed) + "; font-size: 7.5pt; } }";
    try {
      if (!marginSheet) {
        marginSheet = new CSSStyleSheet();
        document.adoptedStyleSheets = document.adoptedStyleSheets.concat([marginSheet]);
      }
      marginSheet.replaceSync(rule);
    } catch (e) { /* a browser without page-margin boxes prints the footer at the end only */ }
  }
  function writeOutLinks() {
    var footer = document.querySelector(".kc-print-footer");
    if (!footer) return;
    // Relative links are resolved against the page's permanent address, so that they mean something on
    // paper even when the page was opened from a file share.
    var permalink = footer.getAttribute("data-kc-permalink");
    var here = permalink.split("#")[0];
    var links = document.querySelectorAll(".md-content article a[href]");
    Array.prototype.forEach.call(links, function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.closest("svg") || a.classList.contains("kc-cite__link") ||
          a.classList.contains("headerlink")) return;
      var url;
      try { url = new URL(href, permalink); } catch (e) { return; }
      if (url.protocol === "mailto:") { a.setAttribute("data-kc-print-href", url.pathname); return; }
      var target = url.href.replace(/index\.html(?=$|#)/, "");
      if (target.split("#")[0] === here) return;  // a clause of the same page: its number is in the text
      a.setAttribute("data-kc-print-href", target);
    });
  }
  function init() { stamp(); writeOutLinks(); }
  window.addEventListener("beforeprint", stamp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
