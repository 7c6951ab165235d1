/* The site's search box: searches the compact index of the page's language (assets/search/<lang>.js,
 * built by tools/kc/search.py), loaded as a <script> on first use, so it works over http and from file://. */
(function () {
  "use strict";
  var box = document.querySelector("[data-kc-search]");
  if (!box || !window.kcAnalysis) return;
  var lang = box.getAttribute("data-lang") === "en" ? "en" : "sv";
  var base = box.getAttribute("data-base") || ".";
  var root = base.replace(/\/$/, "") + "/";
  var input = box.querySelector(".kc-search__input");
  var panel = box.querySelector(".kc-search__panel");
  var list = box.querySelector(".kc-search__results");
  var status = box.querySelector(".kc-search__status");
  var archived = box.querySelector(".kc-search__archived");
  var topicSelect = box.querySelector(".kc-search__topic");
  var T = lang === "en"
    ? {loading: "Loading the search index…", none: "No results", one: "1 result", many: " results",
       archived: "archived", version: "version", failed: "The search index could not be loaded."}
    : {loading: "Läser in sökindexet…", none: "Inga träffar", one: "1 träff", many: " träffar",
       archived: "arkiverad", version: "version", failed: "Sökindexet kunde inte läsas in."};
  var MAX = 20;
  var index = null, texts = null, stops = null, terms = null, sortedTerms = null, loading = false, active = -1;

  function load() {
    if (index || loading) return;
    loading = true;
    status.textContent = T.loading;
    var s = document.createElement("script");
    s.src = root + (lang === "en" ? "en/" : "") + "assets/search/" + lang + ".js";
    s.onload = function () {
      index = window.kcSearch && window.kcSearch[lang];
      if (!index) { status.textContent = T.failed; return; }
      stops = new Set(index.stop);
      terms = index.t;
      var topics = Object.keys(index.topics);
      for (var i = 0; i < topics.length; i++) {
        var o = document.createElement("option");
        o.value = topics[i];
        o.textContent = index.topics[topics[i]];
        topicSelect.appendChild(o);
      }
      status.textContent = "";
      run();
    };
    s.onerror = function () { status.textContent = T.failed; };
    document.head.appendChild(s);
    // The snippets come in a file of their own, so that the first results need not wait for them.
    var x = document.createElement("script");
    x.src = s.src.replace(/\.js$/, "-text.js");
    x.onload = function () {
      texts = window.kcSearchText && window.kcSearchText[lang];
      if (index && list.children.length) run();
    };
    document.head.appendChild(x);
  }

  // Terms of the query; the last word also matches longer terms while the user is still typing it.
  function queryTerms(q) {
    var words = window.kcAnalysis.tokens(q), out = [];
    for (var i = 0; i < words.length; i++) {
      if (stops.has(words[i])) continue;
      var stem = window.kcAnalysis.analyze(lang, words[i], stops)[0];
      var set = [];
      if (terms[stem]) set.push(stem);
      var typing = i === words.length - 1 && !/\s$/.test(q);
      if (typing && words[i].length >= 2) {
        if (!sortedTerms) sortedTerms = Object.keys(terms).sort();
        var lo = 0, hi = sortedTerms.length, p = words[i];
        while (lo < hi) { var mid = (lo + hi) >> 1; if (sortedTerms[mid] < p) lo = mid + 1; else hi = mid; }
        for (var j = lo; j < sortedTerms.length && j < lo + 50 && sortedTerms[j].indexOf(p) === 0; j++) {
          if (sortedTerms[j] !== stem) set.push(sortedTerms[j]);
        }
      }
      out.push({stem: stem, word: words[i], set: set});
    }
    return out;
  }

  function search(q) {
    var qt = queryTerms(q), n = index.n, avg = index.avg, d = index.d, scores = null;
    if (!qt.length) return {hits: [], qt: qt};
    var withArchived = archived.checked, topic = topicSelect.value;
    for (var i = 0; i < qt.length; i++) {
      var these = new Map();
      for (var k = 0; k < qt[i].set.length; k++) {
        var post = terms[qt[i].set[k]], df = post.length / 2;
        var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)), doc = 0;
        for (var j = 0; j < post.length; j += 2) {
          doc += post[j];
          var tf = post[j + 1], len = d[doc][7];
          var s = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / avg));
          these.set(doc, (these.get(doc) || 0) + s);
        }
      }
      if (scores === null) scores = these;
      else {
        var next = new Map();
        scores.forEach(function (v, key) { if (these.has(key)) next.set(key, v + these.get(key)); });
        scores = next;
      }
      if (!scores.size) break;
    }
    var hits = [];
    scores.forEach(function (score, doc) {
      var row = d[doc];
      if (!withArchived && !row[6]) return;
      if (topic && index.g[row[0]][3] !== topic) return;
      hits.push([score + (row[6] ? 0.001 : 0), doc]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return {hits: hits, qt: qt};
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function highlight(text, qt) {
    var wanted = new Set();
    qt.forEach(function (t) { t.set.forEach(function (s) { wanted.add(s); }); });
    return text.split(/([\p{L}\p{N}]+)/u).map(function (part, i) {
      if (i % 2 && wanted.has(window.kcAnalysis.analyze(lang, part, [])[0])) {
        return "<mark>" + escapeHtml(part) + "</mark>";
      }
      return escapeHtml(part);
    }).join("");
  }

  function href(row, g) {
    var path = (lang === "en" ? "en/" : "") + "guidelines/" + g[1] + "/" + (row[6] ? "" : "v" + row[4] + "/");
    if (location.protocol === "file:") path += "index.html";
    return root + path + (row[3] ? "#" + row[3] : "");
  }

  function render(result) {
    var hits = result.hits, html = [];
    for (var i = 0; i < hits.length && i < MAX; i++) {
      var row = index.d[hits[i][1]], g = index.g[row[0]];
      var st = index.statuses[row[5]] || row[5];
      var cite = g[0] + (row[1] ? " " + row[1] : "");
      var version = row[6] ? "" : ' <span class="kc-search__version">' + T.version + " " + escapeHtml(row[4]) +
        " (" + T.archived + ")</span>";
      // The link itself is the option: an option may not contain an interactive element (axe nested-interactive).
      html.push('<li role="none" class="kc-search__hit">' +
        '<a role="option" id="kc-search-hit-' + i + '" aria-selected="false" href="' + escapeHtml(href(row, g)) +
        '" tabindex="-1">' +
        '<span class="kc-search__cite">' + escapeHtml(cite) + "</span> " +
        '<span class="kc-search__title">' + escapeHtml(g[2]) + (row[2] ? ": " + escapeHtml(row[2]) : "") + "</span> " +
        '<span class="kc-search__badge kc-search__badge--' + escapeHtml(row[5]) + '">' + escapeHtml(st) + "</span>" +
        version + '<span class="kc-search__snippet">' + (texts ? highlight(texts[hits[i][1]], result.qt) : "") + "</span></a></li>");
    }
    list.innerHTML = html.join("");
    active = -1;
    input.setAttribute("aria-activedescendant", "");
    var n = hits.length;
    status.textContent = n === 0 ? T.none : n === 1 ? T.one : n + T.many;
    list.setAttribute("data-kc-rendered", String(performance.now()));
  }

  function run() {
    if (!index) return;
    var q = input.value;
    if (!q.trim()) { list.innerHTML = ""; status.textContent = ""; return; }
    render(search(q));
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
    load();
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function move(step) {
    var items = list.querySelectorAll("[role=option]");
    if (!items.length) return;
    if (active >= 0) items[active].setAttribute("aria-selected", "false");
    active = (active + step + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    items[active].scrollIntoView({block: "nearest"});
    input.setAttribute("aria-activedescendant", items[active].id);
  }

  // No inline handlers (the pages' content security policy forbids them): Enter never submits the form.
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    open();
    run();
  });
  archived.addEventListener("change", run);
  topicSelect.addEventListener("change", run);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); open(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter") {
      var items = list.querySelectorAll("[role=option]");
      var target = items[active >= 0 ? active : 0];
      if (target) { e.preventDefault(); window.location.href = target.href; }
    }
  });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/" || e.key === "s" || e.key === "S") { e.preventDefault(); input.focus(); input.select(); }
  });
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) close();
  });
})();
