/* The document library's filters (type, topic, audience). Without this script every document is listed and
 * the filters stay hidden; with it, the filters appear and the list shows only what matches. No request. */
(function () {
  "use strict";
  function init() {
    var library = document.querySelector(".kc-doclib");
    if (!library) { return; }
    var form = library.querySelector(".kc-doclib__filters");
    var count = library.querySelector(".kc-doclib__count");
    var items = library.querySelectorAll(".kc-doclib__item");
    var selects = form.querySelectorAll("select[data-filter]");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(items, function (item) {
        var match = Array.prototype.every.call(selects, function (select) {
          var wanted = select.value;
          var have = (item.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          return !wanted || have.indexOf(wanted) !== -1;
        });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = shown ? count.getAttribute("data-template")
        .replace("{n}", String(shown)).replace("{total}", String(items.length)) : count.getAttribute("data-none");
    }
    Array.prototype.forEach.call(selects, function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
