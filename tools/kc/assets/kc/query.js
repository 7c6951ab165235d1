/* A plain query as the units the search box ranks by: a line-by-line port of tools/kc/search/expansion.py,
 * tools/kc/search/compounds.py and tools/kc/search/spelling.py (synonyms, indexed words, prefixes, compounds, spelling).
 * tests/test_query_browser.py checks that both give the same units for a shared query corpus. */
(function (root) {
  "use strict";
  var HEAD_LETTERS = 5, MODIFIER_LETTERS = 4;
  var MIN_PART = 3, MIN_WORD = 6, PREFIX_LETTERS = 4, MIN_LETTERS = 3, MAX_SUGGESTIONS = 3, HEADS = 20;
  var MAX_PARTS = 31;

  // compounds.split: the index terms of the parts of `word`, or null (see compounds.py for the rule).
  function split(word, known, stem, stops) {
    if (word.length < MIN_WORD) return null;
    var best = null, bestMin = -1, bestK = -1;
    for (var k = MIN_PART; k <= word.length - MIN_PART; k++) {
      var left = word.slice(0, k), right = word.slice(k);
      if (stops.has(right) || !known(stem(right))) continue;
      var head = splitLeft(left, known, stem, stops);
      if (head === null) continue;
      var m = Math.min(k, word.length - k);
      if (m > bestMin || (m === bestMin && k > bestK)) { best = head.concat([stem(right)]); bestMin = m; bestK = k; }
    }
    return best;
  }

  /* compounds.partial: the index term of the one known part of a compound, the head first, or null. */
  function partial(word, known, stem, stops) {
    if (word.length < MIN_WORD) return null;
    var k, right, head;
    for (k = MIN_PART; k <= word.length - HEAD_LETTERS; k++) {
      right = word.slice(k);
      if (!stops.has(right) && known(stem(right))) return stem(right);
    }
    for (k = word.length - MIN_PART; k >= MODIFIER_LETTERS; k--) {
      head = leftKnown(word.slice(0, k), known, stem, stops);
      if (head) return head;
    }
    return null;
  }

  function splitLeft(left, known, stem, stops) {
    var single = leftKnown(left, known, stem, stops);
    return single ? [single] : split(left, known, stem, stops);
  }

  // compounds.left_known: the index term of a compound's first part (a known word, or one with linking -s-).
  function leftKnown(left, known, stem, stops) {
    if (stops.has(left)) return null;
    if (known(stem(left))) return stem(left);
    var bare = left.slice(0, -1);
    if (left.endsWith("s") && left.length > MIN_PART && !stops.has(bare) && known(stem(bare))) return stem(bare);
    return null;
  }

  // expansion.heads: the indexed compounds (Swedish) that `stem` is the head of. all: every term, in order.
  function heads(stem, ctx) {
    var out = [];
    if (ctx.lang !== "sv" || stem.length < MIN_PART) return out;
    var all = ctx.all();
    for (var i = 0; i < all.length && out.length < HEADS; i++) {
      var t = all[i];
      if (t.length - stem.length >= MIN_PART && t.endsWith(stem) &&
          leftKnown(t.slice(0, t.length - stem.length), ctx.known, ctx.stem, ctx.stops)) out.push(t);
    }
    return out;
  }

  // spelling.distance: optimal string alignment distance, or limit + 1 when it exceeds limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = [], prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > limit) return limit + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // spelling.suggest: the index terms nearest to `word`, best first. vocab: {terms, df, shown} (words file).
  function suggest(word, stem, vocab) {
    if (word.length < MIN_LETTERS) return [];
    var limit = word.length <= 5 ? 1 : word.length <= 8 ? 2 : 3, found = [];
    for (var i = 0; i < vocab.terms.length; i++) {
      var term = vocab.terms[i];
      if (term[0] !== word[0]) continue;
      var d = Math.min(distance(stem, term, limit), distance(word, vocab.shown[i] || term, limit));
      if (d <= limit) found.push([d, -vocab.df[i], term]);
    }
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0); });
    return found.slice(0, MAX_SUGGESTIONS).map(function (f) { return f[2]; });
  }

  function order(terms) {
    return Array.from(new Set(terms)).sort();  // code-unit order, as Python's sort by UTF-16
  }

  // The synonym entries, split once per index rather than on every keystroke (the garbage of splitting them
  // all again made the collector run during the search).
  var parsedSyn = new WeakMap();
  function parsed(syn) {
    if (!parsedSyn.has(syn)) {
      parsedSyn.set(syn, syn.map(function (s) {
        return {words: s[0].split(" "), term: s[1], target: s[2] ? s[2].split(" ").map(function (p) {
          return p.split("|");
        }) : []};
      }));
    }
    return parsedSyn.get(syn);
  }

  /* expansion.expand: units {kind, words, readings: [[part: [terms]]]}. ctx: lang, stops (Set), stem(word),
   * known(term), all() (every term, in code-unit order), prefixed(prefix) (first 50 terms that begin with it,
   * in code-unit order), syn ([[terms, term shown, the term's words as terms joined by |]] from the index),
   * vocab (the words file or null: then `needWords` says that spelling had to wait for it), typing (the last
   * word is still being typed: it matches the terms it begins, from 2 letters). */
  function expand(q, ctx) {
    var words = [], all = root.kcAnalysis.tokens(q);
    for (var w = 0; w < all.length; w++) if (!ctx.stops.has(all[w])) words.push(all[w]);
    var stems = words.map(ctx.stem), out = {units: [], also: [], suggestion: null, needWords: false};
    var shown = words.slice(), corrected = false, syns = parsed(ctx.syn);
    var i = 0;
    while (i < words.length) {
      var syn = null;
      for (var s = 0; s < syns.length && !syn; s++) {
        var sw = syns[s].words, ok = i + sw.length <= words.length;
        for (var k = 0; ok && k < sw.length; k++) ok = stems[i + k] === sw[k];
        if (ok) syn = syns[s];
      }
      if (syn) {
        var n = syn.words.length, own = stems.slice(i, i + n).filter(ctx.known).map(function (t) { return [t]; });
        var target = syn.target.map(function (p) { return p.filter(ctx.known); });
        if (!target.every(function (p) { return p.length; })) target = [];
        var readings = [own, target].filter(function (r) { return r.length; });
        if (readings.length) out.units.push({kind: "synonym", words: words.slice(i, i + n), readings: readings});
        if (syn.term && out.also.indexOf(syn.term) < 0) out.also.push(syn.term);
        i += n;
        continue;
      }
      var word = words[i], stem = stems[i], parts, longer;
      if (ctx.typing && i === words.length - 1 && word.length >= 2 &&
          (longer = order((ctx.known(stem) ? [stem] : []).concat(ctx.prefixed(word)))).length) {
        out.units.push({kind: "typing", words: [word], readings: [[longer]]});
      } else if (ctx.known(stem)) {
        out.units.push({kind: "word", words: [word], readings: [[[stem].concat(heads(stem, ctx))]]});
      } else if (word.length >= PREFIX_LETTERS && (longer = ctx.prefixed(word)).length) {
        out.units.push({kind: "prefix", words: [word], readings: [[longer]]});
      } else if ((parts = split(word, ctx.known, ctx.stem, ctx.stops))) {
        out.units.push({kind: "compound", words: [word], readings: [parts.map(function (p) { return [p]; })]});
      } else if (word.length < MIN_LETTERS) {
        // No suggestion for so short a word (spelling.suggest): the vocabulary need not come for it.
      } else if (!ctx.vocab) {
        out.needWords = true;
      } else {
        var near = suggest(word, stem, ctx.vocab);
        if (near.length) {
          out.units.push({kind: "spelling", words: [word], readings: [[[near[0]]]]});
          var at = ctx.vocab.index.get(near[0]);
          shown[i] = ctx.vocab.shown[at] || near[0];
          corrected = true;
        } else if (ctx.lang === "sv" && (parts = partial(word, ctx.known, ctx.stem, ctx.stops))) {
          out.units.push({kind: "part", words: [word], readings: [[[parts]]]});
        }
      }
      i++;
    }
    var total = 0, kept = [];
    for (var u = 0; u < out.units.length; u++) {
      out.units[u].readings.forEach(function (r) { total += r.length; });
      if (total > MAX_PARTS) break;
      kept.push(out.units[u]);
    }
    out.units = kept;
    if (corrected) out.suggestion = shown.join(" ");
    return out;
  }

  root.kcQuery = {expand: expand, split: split, partial: partial, suggest: suggest, distance: distance};
})(typeof window !== "undefined" ? window : this);
