/* The site's search box: searches the compact index of the page's language (assets/search/<lang>.js,
 * built by tools/kc/search/browserindex.py), loaded as a <script> on first use, so it works over http and from file://. */
(function () {
  "use strict";
  var box = document.querySelector("[data-kc-search]");
  if (!box || !window.kcAnalysis || !window.kcQuery || !window.kcSearchIndex) return;
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
       archived: "archived", version: "version", failed: "The search index could not be loaded.",
       also: "Also showing results for ", mean: "Did you mean: ", more: function (g, n) {
         return "Show " + n + " more from " + g; }, next: "Show more results"}
    : {loading: "Läser in sökindexet…", none: "Inga träffar", one: "1 träff", many: " träffar",
       archived: "arkiverad", version: "version", failed: "Sökindexet kunde inte läsas in.",
       also: "Visar även träffar för ", mean: "Menade du: ", more: function (g, n) {
         return "Visa " + n + " till från " + g; }, next: "Visa fler träffar"};
  // PER_GUIDELINE clauses of each guideline (PER_DOCUMENT sections of a template or checklist: the parts of
  // one form) are listed until the reader asks for more of it; PAGE hits at a time (the first page loads the
  // snippets of these only: see tools/kc/search/searchbytes.py).
  var PAGE = 10, TITLE_WEIGHT = 3, PREFIX_TERMS = 50, PER_GUIDELINE = 2, PER_DOCUMENT = 1, NEXT = -1e9;
  var DOCUMENT_WEIGHT = 0.5;
  var dir = root + (lang === "en" ? "en/" : "") + "assets/search/";
  var index = null, cur = null, arch = null, gterms = null, stops = null, loading = false, archLoading = false;
  var gid, gslug, gtitle, gtopic, gkind, statuses, active = -1, vocab = null, wordsLoading = false, opened = new Set();
  var pageEnd = PAGE, ops = null;  // ops: queries with operators (tools/kc/assets/kc/operators.js)
  var postAsked = new Set(), waiting = false;  // postings shards asked for; whether the last search waits for one
  var notes = document.createElement("p");
  notes.className = "kc-search__notes";
  notes.setAttribute("aria-live", "polite");
  status.parentNode.insertBefore(notes, status);
  // The documents listed (in order), the query they were found for and its terms.
  var shown = [], shownQuery = null, shownQt = [];

  var K = window.kcSearchIndex, nums = K.nums, lines = K.lines, Terms = K.Terms, Part = K.Part;

  function script(name, done) {
    var s = document.createElement("script");
    s.src = dir + name + ".js";
    s.onload = done;
    s.onerror = function () { status.textContent = T.failed; };
    document.head.appendChild(s);
  }

  // Snippets come after the results they belong to, so that the first results need not wait for them. They
  // go into the listed items as they are: a new list would lose the option the user has moved to.
  // Only the shards of the documents listed are loaded (tools/kc/search/browserindex.py SHARD).
  function loadTexts() {
    for (var i = 0; i < shown.length; i++) {
      if (shown[i] < 0) continue;  // a "more" option
      var at = locate(shown[i]), part = at[0], k = Math.floor(at[1] / index.shard);
      if (part.asked.has(k)) continue;
      part.asked.add(k);
      loadShard(part, part === cur ? lang : lang + "-archived", k);
    }
  }

  function loadShard(part, key, k) {
    script(key + "-text-" + k, function () {
      part.texts[k] = window.kcSearchText && window.kcSearchText[key + "-" + k];
      if (!part.texts[k]) return;
      var spans = list.querySelectorAll(".kc-search__snippet[data-doc]");
      for (var i = 0; i < spans.length; i++) {
        var at = locate(Number(spans[i].getAttribute("data-doc")));
        if (at[0] === part && Math.floor(at[1] / index.shard) === k) {
          spans[i].innerHTML = highlight(snippet(part, at[1]), shownQt);
        }
      }
    });
  }

  function snippet(part, j) {
    var shard = part.texts[Math.floor(j / index.shard)];
    return shard ? shard[j % index.shard] : null;
  }

  // The vocabulary with frequencies (for spelling suggestions) comes only when a query needs it.
  function loadWords() {
    if (vocab || wordsLoading) return;
    wordsLoading = true;
    script(lang + "-words", function () {
      var raw = window.kcSearch && window.kcSearch[lang + "-words"];
      if (!raw) return;
      var terms = lines(raw.terms), index_ = new Map();
      for (var i = 0; i < terms.length; i++) index_.set(terms[i], i);
      vocab = {terms: terms, df: nums(raw.df), shown: raw.shown.split("\n"), index: index_};
      run();
    });
  }

  function load() {
    if (index || loading) return;
    loading = true;
    status.textContent = T.loading;
    script(lang, function () {
      index = window.kcSearch && window.kcSearch[lang];
      if (!index) { status.textContent = T.failed; return; }
      stops = new Set(lines(index.stop.replace(/ /g, "\n")));
      gid = lines(index.gid); gslug = lines(index.gslug); gtitle = lines(index.gtitle);
      gkind = index.gkind === undefined ? [] : lines(index.gkind); gtopic = nums(index.gtopic);
      statuses = index.statuses;
      gterms = new Terms(index.gterms, index.gplen, index.gpost);
      cur = new Part(index.cur, 0);
      for (var i = 0; i < index.topics.length; i++) {
        var o = document.createElement("option");
        o.value = index.topics[i][0];
        o.textContent = index.topics[i][1];
        topicSelect.appendChild(o);
      }
      status.textContent = "";
      if (archived.checked) loadArchived();
      run();
    });
  }

  function loadArchived() {
    if (arch || archLoading || !index) return;
    archLoading = true;
    script(lang + "-archived", function () {
      var raw = window.kcSearch && window.kcSearch[lang + "-archived"];
      if (!raw) { status.textContent = T.failed; return; }
      arch = new Part(raw, cur.n);
      run();
    });
  }

  function parts() { return archived.checked && arch ? [cur, arch] : [cur]; }

  // The units of the query (tools/kc/assets/kc/query.js): each word or synonym phrase with its terms.
  function stem(w) { return window.kcAnalysis.analyze(lang, w, [])[0]; }
  function known(t) { return gterms.has(t) || cur.terms.has(t); }
  var allTerms = null;  // every term of the current versions, for the compounds a word is the head of
  function every() {
    if (!allTerms) allTerms = Array.from(new Set(gterms.terms.concat(cur.terms.terms))).sort();
    return allTerms;
  }
  function prefixed(p) {
    var set = new Set();
    gterms.prefixed(p, set);
    cur.terms.prefixed(p, set);
    return Array.from(set).sort().slice(0, PREFIX_TERMS);
  }
  function expand(q) {
    var ex = window.kcQuery.expand(q, {lang: lang, stops: stops, stem: stem, known: known, all: every, prefixed: prefixed,
      syn: index.syn || [], vocab: vocab, typing: !/\s$/.test(q)});
    if (ex.needWords) loadWords();
    return ex;
  }

  function locate(doc) { return doc < cur.n ? [cur, doc] : [arch, doc - cur.n]; }
  // The guideline of a document, without locate's pair: called for every hit of a query, on every keystroke.
  function guideline(doc) { return doc < cur.n ? cur.g[doc] : arch.g[doc - cur.n]; }

  // The ranking (searchindex.js `rank`) of the parts searched, the topic filter, the bonus that puts a current
  // version before an archived one of equal score. Operators: operators.js ({hits, qt}, {message} or {pending}).
  function search(q) {
    var ps = parts(), topic = topicSelect.value;
    var want = topic ? index.topics.findIndex(function (x) { return x[0] === topic; }) : -1;
    function keep(d) {
      if (want >= 0 && gtopic[guideline(d)] !== want) return null;
      return (d < cur.n ? cur.state[d] : arch.state[d - cur.n]) & 1 ? 0.001 : 0;
    }
    function rank(qt, keep_) {
      return window.kcSearchIndex.rank(ps, gterms, qt, TITLE_WEIGHT, keep_, function (d) {
        return gkind[guideline(d)] ? DOCUMENT_WEIGHT : 1;  // a document's section: DOCUMENT_WEIGHT (ranking.py)
      });
    }
    var result, need = cur.terms.need;
    need.clear();
    if (window.kcOperators && window.kcOperators.isOperatorQuery(q)) {
      ops = ops || window.kcOperators.forBox({lang: lang, cur: cur, index: index, gterms: gterms, gid: gid, gtitle: gtitle,
        gtopic: gtopic, statuses: statuses, stops: stops, TITLE_WEIGHT: TITLE_WEIGHT, script: script, run: run});
      result = ops.search(q, ps, keep, rank);
    } else {
      var ex = expand(q), qt = ex.units;
      // The query's terms' shards: postings that have not come read as none (searchindex.js Terms), so
      // until they come the ranking is partial, shown to the reader as results still loading.
      cur.terms.needs(qt);
      result = {hits: rank(qt, keep), qt: qt, ex: ex};
    }
    waiting = need.size > 0;
    if (!waiting) return result;
    need.forEach(loadPostings);
    return {pending: true, partial: result && result.hits ? result : null};
  }

  // Postings of shards not yet loaded read as none (searchindex.js Terms): a query that needs them loads them,
  // then searches again (the same query or the one typed meanwhile; search() checks the shards before ranking).
  function loadPostings(k) {
    if (postAsked.has(k)) return;
    postAsked.add(k);
    script(lang + "-post-" + k, function () {
      cur.terms.chunks[k] = window.kcSearch[lang + "-post-" + k];
      // A shard an earlier query asked for leaves the list of a later one as it is.
      if (cur.terms.chunks[k] === undefined) status.textContent = T.failed; else if (waiting) run();
    });
  }

  var escapeHtml = K.escapeHtml;
  function highlight(text, qt) { return K.highlight(lang, text, qt); }

  function href(part, i) {
    var st = part.state[i], g = part.g[i], clause = part.clause[i];
    var path = (lang === "en" ? "en/" : "") + (gkind[g] ? "documents/" : "guidelines/") + gslug[g] + "/" +
      (st & 1 ? "" : "v" + index.versions[st >> 7] + "/");
    if (location.protocol === "file:") path += "index.html";
    var anchor = part.anchor[i] || (clause ? "c" + clause.replace(/\./g, "-") : "");
    return root + path + (anchor ? "#" + anchor : "");
  }

  // A list renewed for the same words (the archived part has come, a filter changed, a guideline opened)
  // keeps the option the user has moved to, if it is still listed; new words start a new list with nothing
  // selected. The hits are grouped by guideline, in the order of each guideline's best hit; each shows its
  // PER_GUIDELINE best until the reader opens it with its "more" option. shown: per option, the document, or
  // -1 - g for the "more" option of guideline g.
  function render(q, result) {
    var hits = result.hits, html = [], was = q === shownQuery && active >= 0 ? shown[active] : null;
    if (q !== shownQuery) { opened.clear(); pageEnd = PAGE; }
    shown = [];
    shownQuery = q;
    shownQt = result.qt;
    var groups = new Map();
    for (var i = 0; i < hits.length; i++) {
      var g0 = guideline(hits[i][1]);
      if (!groups.has(g0)) groups.set(g0, []);
      groups.get(g0).push(hits[i]);
    }
    var listed = 0, left = false;
    groups.forEach(function (items, g) {
      var limit = opened.has(g) ? items.length : gkind[g] ? PER_DOCUMENT : PER_GUIDELINE;
      if (listed >= pageEnd) { left = true; return; }
      for (var k = 0; k < items.length && k < limit && listed < pageEnd; k++, listed++) html.push(item(items[k], result));
      if (k < items.length && k < limit) left = true;
      if (items.length > limit && listed < pageEnd) {
        var id = "kc-search-hit-" + shown.length;
        shown.push(-1 - g);
        html.push('<li role="none" class="kc-search__more"><a role="option" id="' + id + '" aria-selected="false" ' +
          'data-more="' + g + '" tabindex="-1">' + escapeHtml(T.more(gid[g], items.length - limit)) + "</a></li>");
      }
    });
    if (left) {
      shown.push(NEXT);
      html.push('<li role="none" class="kc-search__more"><a role="option" id="kc-search-hit-' + (shown.length - 1) +
        '" aria-selected="false" data-more="next" tabindex="-1">' + escapeHtml(T.next) + "</a></li>");
    }
    list.innerHTML = html.join("");
    active = was !== null ? shown.indexOf(was) : -1;
    if (active >= 0) list.querySelectorAll("[role=option]")[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", active >= 0 ? "kc-search-hit-" + active : "");
    var n = hits.length;
    status.textContent = n === 0 ? T.none : n === 1 ? T.one : n + T.many;
    renderNotes(result.ex);
    list.setAttribute("data-kc-rendered", String(performance.now()));
    textsLater();
  }

  // The snippet shards (a script element each) are asked for once the frame that shows the results has been
  // drawn: inserting them first made that frame later. A hidden page draws no frames: it asks at once.
  var textsAsked = false;
  function textsLater() {
    if (textsAsked) return;
    textsAsked = true;
    (document.hidden ? setTimeout : requestAnimationFrame)(function () {
      setTimeout(function () { textsAsked = false; loadTexts(); }, 0);
    });
  }

  function item(hit, result) {
    var at = locate(hit[1]), part = at[0], j = at[1], g = part.g[j], st = part.state[j], i = shown.length;
    var clause = part.clause[j], heading = part.heads[part.head[j]], stat = statuses[(st >> 1) & 63];
    var cite = gid[g] + (clause ? " " + clause : "");
    shown.push(hit[1]);
    var version = st & 1 ? "" : ' <span class="kc-search__version">' + T.version + " " +
      escapeHtml(index.versions[st >> 7]) + " (" + T.archived + ")</span>";
    // The link itself is the option: an option may not contain an interactive element (axe nested-interactive).
    // data-score: the ranking's score, which the tests compare with one computed in Python.
    return '<li role="none" class="kc-search__hit" data-score="' + hit[0].toFixed(6) + '">' +
      '<a role="option" id="kc-search-hit-' + i + '" aria-selected="false" href="' + escapeHtml(href(part, j)) +
      '" tabindex="-1">' +
      (gkind[g] ? '<span class="kc-search__kind">' + escapeHtml(gkind[g]) + "</span> " : "") +
      '<span class="kc-search__cite">' + escapeHtml(cite) + "</span> " +
      '<span class="kc-search__title">' + escapeHtml(gtitle[g]) + (heading ? ": " + escapeHtml(heading) : "") +
      "</span> " +
      '<span class="kc-search__badge kc-search__badge--' + escapeHtml(stat[0]) + '">' + escapeHtml(stat[1]) +
      "</span>" + version + '<span class="kc-search__snippet" data-doc="' + hit[1] + '">' +
      highlight(snippet(part, j), result.qt) + "</span></a></li>";
  }

  // "Also showing results for …" (synonyms) and "Did you mean …?" (spelling), the latter a button that
  // searches for the suggestion.
  function renderNotes(ex) {
    var html = [];
    if (ex && ex.also.length) html.push('<span class="kc-search__also">' + escapeHtml(T.also + ex.also.join(", ")) + "</span>");
    if (ex && ex.suggestion) {
      html.push('<span class="kc-search__mean">' + escapeHtml(T.mean) + '<button type="button" class="kc-search__suggestion">' +
        escapeHtml(ex.suggestion) + "</button>?</span>");
    }
    var text = html.join(" ");
    if (notes.innerHTML !== text) notes.innerHTML = text;
  }

  function openGroup(option) {
    var which = option.getAttribute("data-more"), at;
    if (which === "next") { at = shown.indexOf(NEXT); pageEnd += PAGE; }
    else { at = shown.indexOf(-1 - Number(which)); opened.add(Number(which)); }
    var q = input.value, result = search(q);
    if (!result.hits) { run(); return; }  // postings loading (or a message): run() shows it
    render(q, result);
    // The first newly listed clause takes the place (and the selection) of the "more" option.
    if (at >= 0 && at < shown.length) {
      if (active >= 0) list.querySelectorAll("[role=option]")[active].setAttribute("aria-selected", "false");
      active = at - 1;
      move(1);
    }
  }

  // No words, a malformed query (its message) or one waiting for the full texts: an empty list and a status.
  function run() {
    if (!index) return;
    var q = input.value, result = q.trim() ? search(q) : {message: ""};
    list.removeAttribute("aria-busy");
    if (result.message === undefined && !result.pending) { render(q, result); return; }
    // The hits of the postings that have come, while the rest load: the final list replaces them.
    if (result.partial && result.partial.hits.length) {
      render(q, result.partial);
      list.setAttribute("aria-busy", "true");
      status.textContent = T.loading;
      return;
    }
    list.innerHTML = ""; status.textContent = result.pending ? T.loading : result.message; notes.textContent = "";
    shown = []; shownQuery = null; active = -1;
    input.setAttribute("aria-activedescendant", "");
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

  // For tests and the relevance benchmark: the units of a query and its ranking (cite, score), unrendered;
  // `words` says whether the vocabulary for spelling has come.
  box.kcExpand = function (q) { return index ? expand(q) : null; };
  box.kcRank = function (q) {
    var result = index ? search(q) : {pending: true};
    if (result.message || result.pending) return result.message ? {message: result.message} : null;
    return result.hits.map(function (h) {
      var at = locate(h[1]), clause = at[0].clause[at[1]];
      return [gid[at[0].g[at[1]]] + (clause ? " " + clause : ""), h[0], at[0].state[at[1]] & 1];
    });
  };
  box.kcWords = function () { return !!vocab; };

  // No inline handlers (the pages' content security policy forbids them): Enter never submits the form.
  box.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    open();
    run();
  });
  // Intent to search loads the index, so that it has usually come by the first key: the pointer on the box, a
  // touch, the focus ("/", "s"). A plain page view loads nothing: every reader, most never searching, would pay
  // for it (some 40 kB gzip and the decoding, on a phone). tests/test_search_loading_browser.py
  ["pointerenter", "pointerdown", "touchstart"].forEach(function (e) { box.addEventListener(e, load, {passive: true}); });
  archived.addEventListener("change", function () {
    if (archived.checked) loadArchived();
    run();
  });
  topicSelect.addEventListener("change", run);
  list.addEventListener("click", function (e) {
    var more = e.target.closest && e.target.closest("[data-more]");
    // The list is rebuilt, so the clicked option leaves the page: the click must not reach the handler
    // below that closes the panel on clicks outside the box.
    if (more) { e.preventDefault(); e.stopPropagation(); openGroup(more); input.focus(); }
  });
  notes.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".kc-search__suggestion")) return;
    e.stopPropagation();  // the notes are rewritten: see the list's click handler
    input.value = e.target.closest(".kc-search__suggestion").textContent + " ";
    input.focus();
    run();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); open(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter") {
      var items = list.querySelectorAll("[role=option]");
      var target = items[active >= 0 ? active : 0];
      if (target && target.hasAttribute("data-more")) { e.preventDefault(); openGroup(target); }
      else if (target) { e.preventDefault(); window.location.href = target.href; }
    }
  });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(); input.blur(); }
  });
  // Tabbing out of the search box closes the panel, so that it does not cover what gets the focus next.
  box.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !box.contains(e.relatedTarget)) close();
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
