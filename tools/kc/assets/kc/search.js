/* The site's search box: searches the compact index of the page's language (assets/search/<lang>.js, built by
 * tools/kc/search/browserindex.py), loaded as a <script> on first use, so it works over http and from file://.
 * What it shows is made by searchview.js. */
(function () {
  "use strict";
  var box = document.querySelector("[data-kc-search]");
  if (!box || !window.kcAnalysis || !window.kcQuery || !window.kcSearchIndex || !window.kcSearchView) return;
  var lang = box.getAttribute("data-lang") === "en" ? "en" : "sv";
  var base = box.getAttribute("data-base") || ".";
  var root = base.replace(/\/$/, "") + "/";
  var input = box.querySelector(".kc-search__input");
  var panel = box.querySelector(".kc-search__panel");
  var list = box.querySelector(".kc-search__results");
  var status = box.querySelector(".kc-search__status");
  var archived = box.querySelector(".kc-search__archived");
  var topicSelect = box.querySelector(".kc-search__topic");
  var V = window.kcSearchView, T = V.strings(lang);
  // What searchview.js needs to render the results; the parts of the index are added as they come.
  var view = {lang: lang, root: root, T: T};
  // PAGE hits at a time (the first page loads the snippets of these only: see tools/kc/search/searchbytes.py);
  // searchview.js groups them by guideline.
  var PAGE = 10, TITLE_WEIGHT = 3, PREFIX_TERMS = 50, NEXT = V.NEXT;
  var DOCUMENT_WEIGHT = 0.5;
  var dir = root + (lang === "en" ? "en/" : "") + "assets/search/";
  var index = null, cur = null, arch = null, gterms = null, stops = null, loading = false, archLoading = false;
  var gid, gtitle, gtopic, gkind, statuses, active = -1, vocab = null, wordsLoading = false, opened = new Set();
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
          spans[i].innerHTML = highlight(V.snippet(view, part, at[1]), shownQt);
        }
      }
    });
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
      gid = lines(index.gid); gtitle = lines(index.gtitle);
      gkind = index.gkind === undefined ? [] : lines(index.gkind); gtopic = nums(index.gtopic);
      statuses = index.statuses;
      gterms = new Terms(index.gterms, index.gplen, index.gpost);
      cur = new Part(index.cur, 0);
      view.index = index; view.cur = cur; view.gid = gid; view.gslug = lines(index.gslug); view.gtitle = gtitle;
      view.gkind = gkind; view.statuses = statuses;
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
      arch = view.arch = new Part(raw, cur.n);
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

  function locate(doc) { return V.locate(view, doc); }
  function guideline(doc) { return V.guideline(view, doc); }

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

  function highlight(text, qt) { return K.highlight(lang, text, qt); }

  // A list renewed for the same words (the archived part has come, a filter changed, a guideline opened)
  // keeps the option the user has moved to, if it is still listed; new words start a new list with nothing
  // selected. shown: per option, the document, or a "more" option (searchview.js list).
  function render(q, result) {
    var hits = result.hits, was = q === shownQuery && active >= 0 ? shown[active] : null;
    if (q !== shownQuery) { opened.clear(); pageEnd = PAGE; }
    var out = V.list(view, hits, result.qt, opened, pageEnd);
    shown = out.shown;
    shownQuery = q;
    shownQt = result.qt;
    list.innerHTML = out.html;
    active = was !== null ? shown.indexOf(was) : -1;
    if (active >= 0) list.querySelectorAll("[role=option]")[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", active >= 0 ? "kc-search-hit-" + active : "");
    var n = hits.length;
    status.textContent = n === 0 ? T.none : n === 1 ? T.one : n + T.many;
    var text = V.notes(view, result.ex);
    if (notes.innerHTML !== text) notes.innerHTML = text;
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
      status.textContent = T.fetching;
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
