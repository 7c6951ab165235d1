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
    var time = document.querySelector(".kc-print-footer time");
    if (time) { time.textContent = today(); time.setAttribute("datetime", today()); }
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
