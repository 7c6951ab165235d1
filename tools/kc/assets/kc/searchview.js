/* What the search box (search.js) shows: its words in the page's language, and the HTML of the results, grouped
 * by guideline, and of the notes above them. v is the box's view of its index (search.js `view`): lang, root,
 * T (these strings), index, cur, arch (the current and archived parts, searchindex.js Part), gid, gslug,
 * gtitle, gkind, statuses, filled in as the index comes. */
(function () {
  "use strict";
  var K = window.kcSearchIndex;
  if (!K) return;
  var escapeHtml = K.escapeHtml;
  // PER_GUIDELINE clauses of each guideline (PER_DOCUMENT sections of a template or checklist: the parts of
  // one form) are listed until the reader asks for more of it. In the options listed (`shown`), NEXT stands
  // for the "more results" option and -1 - g for the "more" option of guideline g.
  var PER_GUIDELINE = 2, PER_DOCUMENT = 1, NEXT = -1e9;

  var STRINGS = {
    en: {loading: "Loading the search index…", fetching: "Fetching more results…", none: "No results",
      one: "1 result", many: " results", archived: "archived", version: "version",
      failed: "The search index could not be loaded.", also: "Also showing results for ",
      mean: "Did you mean: ", more: function (g, n) { return "Show " + n + " more from " + g; },
      next: "Show more results"},
    sv: {loading: "Läser in sökindexet…", fetching: "Hämtar fler träffar…", none: "Inga träffar",
      one: "1 träff", many: " träffar", archived: "arkiverad", version: "version",
      failed: "Sökindexet kunde inte läsas in.", also: "Visar även träffar för ",
      mean: "Menade du: ", more: function (g, n) { return "Visa " + n + " till från " + g; },
      next: "Visa fler träffar"}
  };

  function locate(v, doc) { return doc < v.cur.n ? [v.cur, doc] : [v.arch, doc - v.cur.n]; }
  // The guideline of a document, without locate's pair: called for every hit of a query, on every keystroke.
  function guideline(v, doc) { return doc < v.cur.n ? v.cur.g[doc] : v.arch.g[doc - v.cur.n]; }

  function snippet(v, part, j) {
    var shard = part.texts[Math.floor(j / v.index.shard)];
    return shard ? shard[j % v.index.shard] : null;
  }

  function href(v, part, i) {
    var st = part.state[i], g = part.g[i], clause = part.clause[i];
    var path = (v.lang === "en" ? "en/" : "") + (v.gkind[g] ? "documents/" : "guidelines/") + v.gslug[g] + "/" +
      (st & 1 ? "" : "v" + v.index.versions[st >> 7] + "/");
    if (location.protocol === "file:") path += "index.html";
    var anchor = part.anchor[i] || (clause ? "c" + clause.replace(/\./g, "-") : "");
    return v.root + path + (anchor ? "#" + anchor : "");
  }

  // The option of one hit, the i-th option of the list.
  function item(v, hit, qt, i) {
    var at = locate(v, hit[1]), part = at[0], j = at[1], g = part.g[j], st = part.state[j], T = v.T;
    var clause = part.clause[j], heading = part.heads[part.head[j]], stat = v.statuses[(st >> 1) & 63];
    var cite = v.gid[g] + (clause ? " " + clause : "");
    var version = st & 1 ? "" : ' <span class="kc-search__version">' + T.version + " " +
      escapeHtml(v.index.versions[st >> 7]) + " (" + T.archived + ")</span>";
    // The link itself is the option: an option may not contain an interactive element (axe nested-interactive).
    // data-score: the ranking's score, which the tests compare with one computed in Python.
    return '<li role="none" class="kc-search__hit" data-score="' + hit[0].toFixed(6) + '">' +
      '<a role="option" id="kc-search-hit-' + i + '" aria-selected="false" href="' + escapeHtml(href(v, part, j)) +
      '" tabindex="-1">' +
      (v.gkind[g] ? '<span class="kc-search__kind">' + escapeHtml(v.gkind[g]) + "</span> " : "") +
      '<span class="kc-search__cite">' + escapeHtml(cite) + "</span> " +
      '<span class="kc-search__title">' + escapeHtml(v.gtitle[g]) + (heading ? ": " + escapeHtml(heading) : "") +
      "</span> " +
      '<span class="kc-search__badge kc-search__badge--' + escapeHtml(stat[0]) + '">' + escapeHtml(stat[1]) +
      "</span>" + version + '<span class="kc-search__snippet" data-doc="' + hit[1] + '">' +
      K.highlight(v.lang, snippet(v, part, j), qt) + "</span></a></li>";
  }

  function moreOption(i, more, label) {
    return '<li role="none" class="kc-search__more"><a role="option" id="kc-search-hit-' + i +
      '" aria-selected="false" data-more="' + more + '" tabindex="-1">' + escapeHtml(label) + "</a></li>";
  }

  // The hits grouped by guideline, in the order of each guideline's best hit; each shows its PER_GUIDELINE best
  // until the reader opens it (g in `opened`) with its "more" option; pageEnd hits at most. Returns the list's
  // HTML and `shown`: per option, the document, or a "more" option (NEXT, -1 - g).
  function list(v, hits, qt, opened, pageEnd) {
    var html = [], shown = [], groups = new Map();
    for (var i = 0; i < hits.length; i++) {
      var g0 = guideline(v, hits[i][1]);
      if (!groups.has(g0)) groups.set(g0, []);
      groups.get(g0).push(hits[i]);
    }
    var listed = 0, left = false;
    groups.forEach(function (items, g) {
      var limit = opened.has(g) ? items.length : v.gkind[g] ? PER_DOCUMENT : PER_GUIDELINE;
      if (listed >= pageEnd) { left = true; return; }
      for (var k = 0; k < items.length && k < limit && listed < pageEnd; k++, listed++) {
        html.push(item(v, items[k], qt, shown.length));
        shown.push(items[k][1]);
      }
      if (k < items.length && k < limit) left = true;
      if (items.length > limit && listed < pageEnd) {
        html.push(moreOption(shown.length, g, v.T.more(v.gid[g], items.length - limit)));
        shown.push(-1 - g);
      }
    });
    if (left) {
      html.push(moreOption(shown.length, "next", v.T.next));
      shown.push(NEXT);
    }
    return {html: html.join(""), shown: shown};
  }

  // "Also showing results for …" (synonyms) and "Did you mean …?" (spelling), the latter a button that
  // searches for the suggestion.
  function notes(v, ex) {
    var html = [], T = v.T;
    if (ex && ex.also.length) html.push('<span class="kc-search__also">' + escapeHtml(T.also + ex.also.join(", ")) + "</span>");
    if (ex && ex.suggestion) {
      html.push('<span class="kc-search__mean">' + escapeHtml(T.mean) + '<button type="button" class="kc-search__suggestion">' +
        escapeHtml(ex.suggestion) + "</button>?</span>");
    }
    return html.join(" ");
  }

  window.kcSearchView = {strings: function (lang) { return STRINGS[lang]; }, NEXT: NEXT, locate: locate,
    guideline: guideline, snippet: snippet, list: list, notes: notes};
})();
