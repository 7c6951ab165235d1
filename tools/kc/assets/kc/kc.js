/* Copy-citation buttons. Works over http and from file://; no request leaves the page. */
(function () {
  "use strict";
  function permalink(anchor) {
    var url = window.location.href.split("#")[0];
    return url + anchor;
  }
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
        var link = button.parentNode.querySelector(".kc-cite__link");
        var text = button.getAttribute("data-citation") + ", " + permalink(link.getAttribute("href"));
        var label = button.textContent;
        copy(text).then(function () {
          button.textContent = button.getAttribute("data-done");
          window.setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
