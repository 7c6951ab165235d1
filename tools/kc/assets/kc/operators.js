/* Queries with operators in the search box: a line-by-line port of tools/kc/search/operators.py (the syntax,
 * its tree and its messages) and tools/kc/search/opsearch.py (what each node matches, how the matches are
 * ranked), over the browser's index (tools/kc/search/browserindex.py). tests/test_operators_browser.py checks
 * that both give the same tree, the same messages and the same hits in the same order. */
(function (root) {
  "use strict";
  var WORD_FIELDS = ["title", "text"], VALUE_FIELDS = ["guideline", "clause", "version", "status", "topic", "audience"];
  var FIELDS = WORD_FIELDS.concat(VALUE_FIELDS), OPERATORS = ["AND", "OR", "NOT"], MAX_WILDCARD_TERMS = 100;
  var MAX_PARTS = 31;
  // Python's str.isspace(), so that both engines split a query at the same characters.
  var SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  var FIELD_RE = /^([A-Za-z_]+):([\s\S]*)$/, LETTER = /[\p{L}\p{N}]/u;
  var LIST = FIELDS.join(", ");
  var MESSAGES = {
    empty: ["the query is empty; give one or more words to search for",
      "sökningen är tom; skriv ett eller flera ord att söka efter"],
    quote: ['the query has an unclosed quote; close the phrase with "',
      'sökningen har ett citattecken som inte avslutas; avsluta frasen med "'],
    open: ["the query has a '(' that is not closed; close each '(' with ')'",
      "sökningen har en '(' som inte stängs; stäng varje '(' med ')'"],
    close: ["the query has a ')' with no '(' before it; remove it or add the '('",
      "sökningen har en ')' utan '(' före; ta bort den eller lägg till '('"],
    group: ["the query has empty parentheses; put words between them",
      "sökningen har tomma parenteser; skriv ord mellan dem"],
    operator: ["'{0}' has no word to work on; put a word after NOT and on both sides of AND and OR, or write it in" +
      " lower case to search for the word itself",
      "'{0}' saknar ett ord att verka på; skriv ett ord efter NOT och på båda sidor om AND och OR, eller" +
      " skriv det med små bokstäver för att söka på själva ordet"],
    field: ["unknown field '{0}'; use one of " + LIST + ", as in guideline:RL",
      "okänt fält '{0}'; använd ett av " + LIST + ", som i guideline:RL"],
    value: ["the field '{0}' has no value; write it right after the colon, as in {0}:word",
      "fältet '{0}' saknar värde; skriv värdet direkt efter kolonet, som i {0}:ord"],
    nested: ["the field '{0}' is inside another field's parentheses; give each word one field only",
      "fältet '{0}' står inom ett annat fälts parenteser; ge varje ord ett enda fält"],
    phrase: ["the query has an empty phrase; write words between the quotes",
      "sökningen har en tom fras; skriv ord mellan citattecknen"],
    wildcard: ["'{0}' has no letters besides the wildcards; give at least one letter, as in boend*",
      "'{0}' har inga bokstäver utöver jokertecknen; skriv minst en bokstav, som i boend*"],
    wide: ["'{0}' matches more than {1} words; give more letters before the wildcard",
      "'{0}' matchar fler än {1} ord; skriv fler bokstäver före jokertecknet"],
    nowords: ["the query has no words to search for (only stop words or operators); add a word that is not a stop" +
      " word",
      "sökningen har inga ord att söka efter (bara stoppord eller operatorer); lägg till ett ord som inte" +
      " är ett stoppord"]
  };

  function message(code, args, lang) {
    return MESSAGES[code][lang === "sv" ? 1 : 0].replace(/\{(\d)\}/g, function (_, i) { return String(args[i]); });
  }

  function fail(code) {
    return {kcOperatorError: true, code: code, args: Array.prototype.slice.call(arguments, 1)};
  }

  function hasWildcard(word) { return word.indexOf("*") >= 0 || word.indexOf("?") >= 0; }

  function word_(raw) {
    var word = raw.replace(/\?+$/, "");
    if (hasWildcard(word) && !LETTER.test(word)) throw fail("wildcard", raw);
    return word;
  }

  // operators.tokens: [kind, text] pairs.
  function tokens(query) {
    var q = String(query).normalize("NFC"), out = [], i = 0;
    while (i < q.length) {
      var ch = q[i];
      if (SPACE.test(ch)) { i++; }
      else if (ch === "(" || ch === ")") { out.push([ch, ch]); i++; }
      else if (ch === '"') {
        var end = q.indexOf('"', i + 1);
        if (end < 0) throw fail("quote");
        out.push(["phrase", q.slice(i + 1, end)]);
        i = end + 1;
      } else {
        var j = i;
        while (j < q.length && !SPACE.test(q[j]) && '()"'.indexOf(q[j]) < 0) j++;
        var raw = q.slice(i, j), m = FIELD_RE.exec(raw);
        i = j;
        if (OPERATORS.indexOf(raw) >= 0) out.push(["op", raw]);
        else if (m) {
          if (FIELDS.indexOf(m[1]) < 0) throw fail("field", m[1]);
          if (!m[2] && (i >= q.length || '("'.indexOf(q[i]) < 0)) throw fail("value", m[1]);
          out.push(["field", m[1]]);
          if (m[2]) out.push(["word", word_(m[2])]);
        } else {
          var w = word_(raw);
          if (w) out.push(["word", w]);
        }
      }
    }
    return out;
  }

  function isOperatorQuery(query) {
    var toks;
    try { toks = tokens(query); } catch (e) { if (e && e.kcOperatorError) return true; throw e; }
    return toks.some(function (t) { return t[0] !== "word" || hasWildcard(t[1]); });
  }

  function parse(query) {
    var toks = tokens(query), at = 0;
    if (!toks.length) throw fail("empty");
    function peek() { return at < toks.length ? toks[at] : ["end", ""]; }
    function is(t, kind, text) { return t[0] === kind && t[1] === text; }
    function disjunction(field) {
      var items = [conjunction(field)];
      while (is(peek(), "op", "OR")) { at++; items.push(conjunction(field)); }
      return items.length === 1 ? items[0] : ["or", items];
    }
    function conjunction(field) {
      var items = [unary(field)];
      for (;;) {
        var t = peek();
        if (is(t, "op", "AND")) at++;
        else if (t[0] === "end" || t[0] === ")" || is(t, "op", "OR")) break;
        items.push(unary(field));
      }
      return items.length === 1 ? items[0] : ["and", items];
    }
    function unary(field) {
      if (is(peek(), "op", "NOT")) { at++; return ["not", unary(field)]; }
      return atom(field);
    }
    function atom(field) {
      var t = peek(), kind = t[0], text = t[1];
      if (kind === "end") {
        var before = toks[at - 1];
        throw before[0] === "op" ? fail("operator", before[1]) : fail("open");
      }
      if (kind === "op") throw fail("operator", text);
      if (kind === ")") throw fail("close");
      at++;
      if (kind === "(") {
        if (peek()[0] === ")") throw fail("group");
        var inner = disjunction(field);
        if (peek()[0] !== ")") throw fail("open");
        at++;
        return inner;
      }
      if (kind === "field") {
        if (field !== null) throw fail("nested", text);
        return atom(text);
      }
      if (kind === "phrase" && !text.trim()) throw fail("phrase");
      return [kind, field, text];
    }
    var tree = disjunction(null);
    if (at < toks.length) throw fail("close");
    return tree;
  }

  // opsearch.glob: * any characters, ? one, the rest as it is; matched whole, case-insensitively.
  function glob(pattern) {
    var src = "", chars = Array.from(String(pattern).normalize("NFC").toLowerCase());
    chars.forEach(function (c) {
      src += c === "*" ? ".*" : c === "?" ? "." : "\\u{" + c.codePointAt(0).toString(16) + "}";
    });
    return new RegExp("^(?:" + src + ")$", "su");
  }

  function contains(seq, part) {
    for (var i = 0; i + part.length <= seq.length; i++) {
      var ok = true;
      for (var k = 0; ok && k < part.length; k++) ok = seq[i + k] === part[k];
      if (ok) return true;
    }
    return false;
  }

  // Whether the tree needs the full texts (<lang>[-archived]-full.js): a phrase of several words that may be
  // in the text, or an audience.
  function needsFull(tree, analyze) {
    if (tree[0] === "and" || tree[0] === "or") return tree[1].some(function (t) { return needsFull(t, analyze); });
    if (tree[0] === "not") return needsFull(tree[1], analyze);
    if (tree[1] === "audience") return true;
    return tree[0] === "phrase" && tree[1] !== "title" && VALUE_FIELDS.indexOf(tree[1]) < 0 &&
      analyze(tree[2]).length > 1;
  }

  /* opsearch.evaluate over the documents of the parts searched, numbered across them (a Uint8Array per node).
   * ix: n, docs(field, term), terms(field), values(field) (each document's values, a list per document),
   * fieldText(d, field), analyze(text). */
  function evaluate(tree, ix) {
    var kind = tree[0], docs, i;
    if (kind === "and" || kind === "or") {
      var found = tree[1].map(function (t) { return evaluate(t, ix); }).filter(function (m) { return m !== null; });
      if (!found.length) return null;
      docs = Uint8Array.from(found[0].docs);
      for (var k = 1; k < found.length; k++) {
        for (i = 0; i < ix.n; i++) docs[i] = kind === "and" ? docs[i] & found[k].docs[i] : docs[i] | found[k].docs[i];
      }
      return {docs: docs, units: [].concat.apply([], found.map(function (m) { return m.units; }))};
    }
    if (kind === "not") {
      var inner = evaluate(tree[1], ix);
      if (inner === null) return null;
      docs = new Uint8Array(ix.n);
      for (i = 0; i < ix.n; i++) docs[i] = inner.docs[i] ? 0 : 1;
      return {docs: docs, units: []};
    }
    var field = tree[1], text = tree[2];
    if (VALUE_FIELDS.indexOf(field) >= 0) {
      var exact = String(text).normalize("NFC").toLowerCase(), want = kind === "word" ? glob(text) : null;
      var values = ix.values(field);
      docs = new Uint8Array(ix.n);
      for (i = 0; i < ix.n; i++) {
        docs[i] = values[i].some(function (v) {
          var low = v.normalize("NFC").toLowerCase();
          return v !== "" && (want ? want.test(low) : low === exact);
        }) ? 1 : 0;
      }
      return {docs: docs, units: []};
    }
    if (kind === "word" && hasWildcard(text)) {
      var pattern = glob(text), terms = ix.terms(field).filter(function (t) {
        return pattern.test(t) && ix.docs(field, t).some(Boolean);
      }).sort();
      if (terms.length > MAX_WILDCARD_TERMS) throw fail("wide", text, MAX_WILDCARD_TERMS);
      docs = new Uint8Array(ix.n);
      terms.forEach(function (t) { ix.docs(field, t).forEach(function (x, d) { if (x) docs[d] = 1; }); });
      return {docs: docs, units: terms.length ? [{kind: "wildcard", words: [text], readings: [[terms]]}] : []};
    }
    var ts = ix.analyze(text);
    if (!ts.length) return null;
    var unit = {kind: kind, words: [text], readings: [ts.map(function (t) { return [t]; })]};
    if (kind === "word" || ts.length === 1) return {docs: all(ix, field, ts), units: [unit]};
    docs = new Uint8Array(ix.n);
    (field ? [field] : ["text", "title"]).forEach(function (f) {
      var cand = all(ix, f, ts);
      for (var d = 0; d < ix.n; d++) {
        if (cand[d] && !docs[d] && contains(ix.analyze(ix.fieldText(d, f)), ts)) docs[d] = 1;
      }
    });
    return {docs: docs, units: [unit]};
  }

  function all(ix, field, terms) {
    var docs = Uint8Array.from(ix.docs(field, terms[0]));
    for (var k = 1; k < terms.length; k++) {
      var more = ix.docs(field, terms[k]);
      for (var i = 0; i < ix.n; i++) docs[i] &= more[i];
    }
    return docs;
  }

  function rankingUnits(units) {
    var kept = [], total = 0;
    for (var u = 0; u < units.length; u++) {
      units[u].readings.forEach(function (r) { total += r.length; });
      if (total > MAX_PARTS) break;
      kept.push(units[u]);
    }
    return kept;
  }

  /* The hits of an operator query, as opsearch.search ranks them: {hits: [[score, doc, full]], qt: units},
   * {message} for a malformed query, or {pending: true} while the full texts it needs are loading.
   * env: lang, ix (see evaluate), full() (true once the full texts of the parts searched are there; else it
   * starts loading them), rank(units, keep) (searchindex.js rank over the parts), keep(d) (null to leave d
   * out, else its bonus). */
  function search(q, env) {
    var m;
    try {
      var tree = parse(q);
      if (needsFull(tree, env.ix.analyze) && !env.full()) return {pending: true};
      m = evaluate(tree, env.ix);
      if (m === null) throw fail("nowords");
    } catch (e) {
      if (e && e.kcOperatorError) return {message: message(e.code, e.args, env.lang), error: e};
      throw e;
    }
    var units = rankingUnits(m.units), keep = function (d) { return m.docs[d] ? env.keep(d) : null; };
    var hits = units.length ? env.rank(units, keep) : [], scored = new Uint8Array(env.ix.n), rest = [];
    hits.forEach(function (h) { scored[h[1]] = 1; });
    for (var d = 0; d < env.ix.n; d++) {
      if (!m.docs[d] || scored[d]) continue;
      var bonus = env.keep(d);
      if (bonus !== null) rest.push([bonus, d, 0]);
    }
    rest.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return {hits: hits.concat(rest), qt: units};
  }

  /* The documents of the parts searched as `evaluate` asks for them. o: parts, gterms, gid, gtitle, gtopic,
   * topics, statuses, versions (the index's columns), analyze(text), full(k) ({text, aud} of part k, once
   * loaded), TITLE_WEIGHT. A posting's weight is the text's count plus TITLE_WEIGHT times the heading's and
   * clause number's (browserindex.py), so the text's own count is what is left without the heading's. */
  function Docs(o) {
    var self = this, n = 0, memo = new Map(), heads = o.parts.map(function () { return []; });
    var titles = [], cols = new Map();
    o.parts.forEach(function (p) { n += p.n; });
    this.n = n;
    // A phrase analyses the texts of its candidates: kept, as the next keystroke asks for them again.
    var analysed = new Map();
    this.analyze = function (text) {
      if (!analysed.has(text)) analysed.set(text, o.analyze(text));
      return analysed.get(text);
    };
    function each(fn) {
      o.parts.forEach(function (p, k) { for (var i = 0; i < p.n; i++) fn(p, k, i, p.base + i); });
    }
    function head(k, i) {
      var p = o.parts[k];
      if (!heads[k][i]) heads[k][i] = self.analyze(p.clause[i] + " " + p.heads[p.head[i]]);
      return heads[k][i];
    }
    function headCount(k, i, t) { return head(k, i).filter(function (x) { return x === t; }).length; }
    function title(g) {
      if (!titles[g]) titles[g] = self.analyze(o.gtitle[g]);
      return titles[g];
    }
    this.docs = function (field, t) {
      var key = field + "\u0000" + t;
      if (memo.has(key)) return memo.get(key);
      var docs = new Uint8Array(n), missing = false;  // postings still loading: not kept (searchindex.js Terms)
      if (field === "title") {
        each(function (p, k, i, d) { if (headCount(k, i, t) || title(p.g[i]).indexOf(t) >= 0) docs[d] = 1; });
      } else {
        o.parts.forEach(function (p, k) {
          var own = p.terms.get(t);
          missing = missing || !!own.missing;
          for (var j = 0; j < own.ids.length; j++) {
            if (field === null || own.ws[j] - o.TITLE_WEIGHT * headCount(k, own.ids[j], t) > 0) docs[p.base + own.ids[j]] = 1;
          }
          if (field !== null) return;
          var gp = o.gterms.get(t);
          for (j = 0; j < gp.ids.length; j++) {
            for (var i = p.gstart[gp.ids[j]]; i < p.gstart[gp.ids[j] + 1]; i++) docs[p.base + i] = 1;
          }
        });
      }
      if (!missing) memo.set(key, docs);
      return docs;
    };
    this.terms = function (field) {
      var set = new Set();
      o.parts.forEach(function (p) { p.terms.terms.forEach(function (t) { set.add(t); }); });
      if (field !== "text") o.gterms.terms.forEach(function (t) { set.add(t); });
      return Array.from(set);
    };
    this.values = function (field) {
      if (cols.has(field)) return cols.get(field);
      var out = new Array(n);
      each(function (p, k, i, d) {
        var g = p.g[i], st = p.state[i], topic = o.topics[o.gtopic[g]];
        out[d] = field === "guideline" ? [o.gid[g]] : field === "clause" ? [p.clause[i]] :
          field === "version" ? [o.versions[st >> 7]] : field === "status" ? [o.statuses[(st >> 1) & 63][0]] :
          field === "topic" ? [topic ? topic[0] : ""] : o.full(k).aud[i].split(" ");
      });
      cols.set(field, out);
      return out;
    };
    this.fieldText = function (d, field) {
      for (var k = 0; k < o.parts.length; k++) {
        var p = o.parts[k], i = d - p.base;
        if (i < 0 || i >= p.n) continue;
        return field === "text" ? o.full(k).text[i] : o.gtitle[p.g[i]] + " " + p.clause[i] + " " + p.heads[p.head[i]];
      }
      return "";
    };
      }

  /* Operator queries for the search box of search.js. b: lang, cur (the current part), index, gterms, gid,
   * gtitle, gtopic, statuses, stops, TITLE_WEIGHT, script(name, done) (loads assets/search/<name>.js),
   * run() (searches again). The documents are read once per set of parts searched; the full texts come
   * only for the queries that need them. */
  function forBox(b) {
    var docs = {}, fulls = {};
    function full(key) {
      if (fulls[key] === undefined) {
        fulls[key] = null;
        b.script(key + "-full", function () { fulls[key] = (root.kcSearch && root.kcSearch[key + "-full"]) || null; b.run(); });
      }
      return fulls[key];
    }
    return {search: function (q, ps, keep, rank) {
      var keys = ps.map(function (p) { return p === b.cur ? b.lang : b.lang + "-archived"; });
      if (!docs[ps.length]) {
        docs[ps.length] = new Docs({parts: ps, gterms: b.gterms, gid: b.gid, gtitle: b.gtitle, gtopic: b.gtopic,
          topics: b.index.topics, statuses: b.statuses, versions: b.index.versions, TITLE_WEIGHT: b.TITLE_WEIGHT,
          analyze: function (t) { return root.kcAnalysis.analyze(b.lang, t, b.stops); },
          full: function (k) { return full(keys[k]); }});
      }
      return search(q, {lang: b.lang, ix: docs[ps.length], keep: keep, rank: rank,
        full: function () { return keys.map(full).every(Boolean); }});
    }};
  }

  root.kcOperators = {Docs: Docs, forBox: forBox, tokens: tokens, parse: parse, isOperatorQuery: isOperatorQuery, message: message,
    MESSAGES: MESSAGES, FIELDS: FIELDS, glob: glob, evaluate: evaluate, search: search};
})(typeof window !== "undefined" ? window : this);
