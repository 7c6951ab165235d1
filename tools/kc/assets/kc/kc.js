/* Copy-citation buttons (the lasting address is in the page, not read from the address bar), the clause-keeping language switcher and glossary terms on touch screens.
 * Works over http and from file://; no request leaves the page. */
(function () {
  "use strict";
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  function init() {
    var buttons = document.querySelectorAll(".kc-cite__copy");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        // The citation names the published site's lasting address, never this copy's own address
        // (an intranet mirror or a file:// path means nothing in an e-mail).
        var text = button.getAttribute("data-citation");
        var label = button.textContent;
        copy(text).then(function () {
          button.textContent = button.getAttribute("data-done");
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }
  // Clause anchors are the same in both languages, so the language switcher can keep the reader on the
  // clause they are reading: the one in the address bar, else the last clause heading scrolled past.
  var CLAUSE = /^c\d+(?:-\d+)*$/;
  function currentClause() {
    if (CLAUSE.test(window.location.hash.slice(1))) return window.location.hash;
    var found = "";
    var heads = document.querySelectorAll("article h2[id], article h3[id], article h4[id]");
    Array.prototype.forEach.call(heads, function (h) {
      if (CLAUSE.test(h.id) && h.getBoundingClientRect().top <= 120) found = "#" + h.id;
    });
    return window.scrollY > 0 ? found : "";
  }
  function keepClause() {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener("click", function () {
        var hash = currentClause();
        if (hash) a.setAttribute("href", a.getAttribute("href").split("#")[0] + hash);
      });
    });
  }
  // Glossary terms explain themselves in a title, which only a mouse can show: a tap (or click) on a term
  // writes its explanation out beside it, and a second tap removes it again.
  function showTerms() {
    document.addEventListener("click", function (e) {
      var abbr = e.target.closest && e.target.closest(".md-typeset abbr[title]");
      if (!abbr) return;
      var next = abbr.nextElementSibling;
      if (next && next.classList.contains("kc-term")) {
        next.remove();
        return;
      }
      var note = document.createElement("span");
      note.className = "kc-term";
      note.textContent = abbr.getAttribute("title");
      abbr.insertAdjacentElement("afterend", note);
    });
  }
  function start() {
    init();
    keepClause();
    showTerms();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
