/* The search box's index and ranking (tools/kc/search/browserindex.py writes the index): decoding the compact
 * columns and posting lists, and BM25 with the share of the query's units each document matches (the same
 * ranking as tools/kc/search/ranking.py, which tests/test_query_browser.py checks). Used by search.js. */
(function (root) {
  "use strict";
  var PREFIX_TERMS = 50, EMPTY = {ids: new Int32Array(0), ws: new Int32Array(0), missing: true};

  // Numbers arrive as strings of base-32 digits (tools/kc/search/browserindex.py `varints`): a digit from the
  // second half of DIGITS means that more digits of the same number follow.
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", CODE = new Int8Array(128);
  for (var c = 0; c < 64; c++) CODE[DIGITS.charCodeAt(c)] = c;
  function nums(s, from, to) {
    var out = [], v = 0;
    for (var i = from || 0, end = to === undefined ? s.length : to; i < end; i++) {
      var x = CODE[s.charCodeAt(i)];
      v = v * 32 + (x & 31);
      if (x < 32) { out.push(v); v = 0; }
    }
    return out;
  }
  // A column of n numbers straight into a typed array (no growing array on the first query's path).
  function column(s, n) {
    var out = new Int32Array(n), v = 0, k = 0;
    for (var i = 0; i < s.length; i++) {
      var x = CODE[s.charCodeAt(i)];
      v = v * 32 + (x & 31);
      if (x < 32) { out[k++] = v; v = 0; }
    }
    return out;
  }
  function lines(s) { return s ? s.split("\n") : []; }

  // A sorted term list with each term's postings in one string, decoded only for the terms a query uses. The
  // current versions' postings come in shards of neighbouring terms (browserindex.py `split_postings`):
  // `shards` gives the number of terms in each; a shard not yet loaded reads as no postings, and `need` collects
  // it, so that a search run before the shards came shows what to load (search.js loads them, then searches again).
  function Terms(terms, plen, post, shards) {
    this.terms = lines(terms);
    this.start = new Int32Array(this.terms.length + 1);
    var lens = nums(plen);
    for (var i = 0; i < lens.length; i++) this.start[i + 1] = this.start[i] + lens[i];
    this.first = [0];  // the first term of each shard, then the number of terms
    (shards === undefined ? [this.terms.length] : nums(shards)).forEach(function (n, k) {
      this.first.push(this.first[k] + n);
    }, this);
    this.chunks = post === undefined ? [] : [post];
    this.need = new Set();
    this.cache = new Map();
  }
  // The shard of term number i.
  Terms.prototype.shard = function (i) {
    var lo = 0, hi = this.first.length - 2;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (this.first[mid] <= i) lo = mid; else hi = mid - 1; }
    return lo;
  };
  Terms.prototype.lower = function (t) {
    var lo = 0, hi = this.terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (this.terms[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  };
  Terms.prototype.has = function (t) { var i = this.lower(t); return this.terms[i] === t; };
  Terms.prototype.prefixed = function (p, out) {
    for (var j = this.lower(p), k = 0; j < this.terms.length && k < PREFIX_TERMS &&
         this.terms[j].indexOf(p) === 0; j++, k++) out.add(this.terms[j]);
  };
  // Adds to `need` the shards not yet loaded of the terms of the query's units (query.js).
  Terms.prototype.needs = function (units) {
    var self = this;
    units.forEach(function (u) {
      u.readings.forEach(function (r) {
        r.forEach(function (part) {
          part.forEach(function (t) {
            var i = self.lower(t);
            if (self.terms[i] === t && self.chunks[self.shard(i)] === undefined) self.need.add(self.shard(i));
          });
        });
      });
    });
  };
  // (ids, weights) of term t: gaps and weights packed as in browserindex.py `encode_postings`.
  Terms.prototype.get = function (t) {
    if (this.cache.has(t)) return this.cache.get(t);
    // Straight from the digits into typed arrays (a posting takes at least one digit): no array of numbers
    // in between, which the many terms of a two-letter prefix made the collector's work.
    var i = this.lower(t), found = this.terms[i] === t, k = found ? this.shard(i) : 0, s = this.chunks[k];
    if (found && s === undefined) { this.need.add(k); return EMPTY; }
    var base = found ? this.start[this.first[k]] : 0, from = found ? this.start[i] - base : 0;
    var to = found ? this.start[i + 1] - base : 0, ids = new Int32Array(to - from), ws = new Int32Array(to - from);
    var m = 0, prev = -1, v = 0, extra = false;
    for (var k = from; k < to; k++) {
      var x = CODE[s.charCodeAt(k)];
      v = v * 32 + (x & 31);
      if (x >= 32) continue;
      if (extra) { ws[m - 1] += v; extra = false; }
      else {
        prev += (v >> 2) + 1;
        ids[m] = prev;
        ws[m++] = (v & 3) + 1;
        extra = (v & 3) === 3;
      }
      v = 0;
    }
    var p = {ids: ids.subarray(0, m), ws: ws.subarray(0, m)};
    this.cache.set(t, p);
    return p;
  };

  // The documents of the current or the archived versions; `base` numbers them after the other part's.
  function Part(raw, base) {
    this.n = raw.n; this.sum = raw.sum; this.base = base;
    var gn = nums(raw.gn);
    this.gstart = new Int32Array(gn.length + 1);
    this.g = new Int32Array(raw.n);
    for (var g = 0; g < gn.length; g++) {
      this.gstart[g + 1] = this.gstart[g] + gn[g];
      for (var i = this.gstart[g]; i < this.gstart[g + 1]; i++) this.g[i] = g;
    }
    this.raw = raw; this.state = column(raw.dstate, raw.n); this.len = column(raw.dlen, raw.n);
    this.terms = new Terms(raw.terms, raw.plen, raw.post, raw.pshards);
    this.texts = [];  // snippet shards, by number
    this.asked = new Set();
  }

  // The columns that only the listed hits use (clause, heading, anchor) are decoded when first asked for, so
  // that the first query need not wait for them.
  function lazy(name, decode) {
    Object.defineProperty(Part.prototype, name, {get: function () {
      var value = decode(this.raw);
      Object.defineProperty(this, name, {value: value});
      return value;
    }});
  }
  lazy("clause", function (raw) { return raw.dclause.split("\n"); });
  lazy("heads", function (raw) { return raw.heads.split("\n"); });
  lazy("head", function (raw) { return column(raw.dhead, raw.n); });
  lazy("anchor", function (raw) { return raw.danchor.split("\n"); });

  // BM25 over the parts searched (documents numbered across them). A term's weight in a document is its own
  // posting plus TITLE_WEIGHT for each time the guideline's title (or id) has it; each query term counts once.
  // A unit (query word) has readings made of parts (query.js); a document matches a unit to the share of the
  // parts of its best reading it has, one bit per part. Documents matching every unit come first, by BM25;
  // then the others by BM25 * m / n, m the sum of their shares, n the number of units (as tools/kc/search/ranking.py).
  // Flat typed arrays keep the first query cheap.
  // ps: the parts searched; qt: the query's units (query.js); keep(d): null to leave document d out, else
  // the bonus added to its score; weight(d) (optional): the factor on its score before the bonus. Returns
  // [score, document, 1 if it matches every unit], best first.
  function rank(ps, gterms, qt, TITLE_WEIGHT, keep, weight) {
    var n = 0, total = 0, p;
    for (p = 0; p < ps.length; p++) { n += ps[p].n; total += ps[p].sum; }
    if (!qt.length) return [];
    // The bits of each term (the parts it serves) and of each unit's readings.
    var bits = new Map(), readings = [], bit = 0;
    qt.forEach(function (u) {
      readings.push(u.readings.map(function (r) {
        var mask = 0;
        r.forEach(function (part) {
          part.forEach(function (t) { bits.set(t, (bits.get(t) || 0) | (1 << bit)); });
          mask |= 1 << bit++;
        });
        return mask;
      }));
    });
    var avg = n ? total / n : 1, s = scratch(n), score = s.score, mask = s.mask, tf = s.tf, lens = s.lens;
    var touched = s.touched;
    for (p = 0; p < ps.length; p++) lens.set(ps[p].len, ps[p].base);
    bits.forEach(function (tbits, t) {
      var gp = gterms.get(t), m = 0, j, d;
      for (var pi = 0; pi < ps.length; pi++) {
        var part = ps[pi], own = part.terms.get(t), base = part.base;
        for (j = 0; j < own.ids.length; j++) {
          touched[m++] = base + own.ids[j];
          tf[base + own.ids[j]] = own.ws[j];
        }
        for (j = 0; j < gp.ids.length; j++) {
          var w = TITLE_WEIGHT * gp.ws[j];
          var end = base + part.gstart[gp.ids[j] + 1];
          for (var doc = base + part.gstart[gp.ids[j]]; doc < end; doc++) {
            if (!tf[doc]) touched[m++] = doc;
            tf[doc] += w;
          }
        }
      }
      var idf = Math.log(1 + (n - m + 0.5) / (m + 0.5));
      for (j = 0; j < m; j++) {
        d = touched[j];
        var f = tf[d];
        score[d] += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * lens[d] / avg));
        mask[d] |= tbits;
        tf[d] = 0;
      }
    });
    var hits = [], all = qt.length;
    for (var d = 0; d < n; d++) {
      if (!mask[d]) continue;
      var bonus = keep(d);
      if (bonus === null) continue;
      var share = 0;
      for (var i = 0; i < readings.length; i++) {
        var best = 0;
        for (var r = 0; r < readings[i].length; r++) {
          var rm = readings[i][r], got = popcount(mask[d] & rm) / popcount(rm);
          if (got > best) best = got;
        }
        share += best;
      }
      var full = share === all ? 1 : 0;
      var factor = weight ? weight(d) : 1;
      hits.push([(full ? score[d] : score[d] * share / all) * factor + bonus, d, full]);
    }
    return order(hits);
  }

  // The hits sorted as by (b[2] - a[2] || b[0] - a[0] || a[1] - b[1]): those matching every unit first, then
  // by score, descending, then by document. The engine's native sort of plain numbers does the work: a
  // comparator function made sorting the thousands of hits of a two-letter prefix the slowest part of a
  // page's first search. Hits arrive in document order, so each score's hits are listed in order already.
  function order(hits) {
    var out = [];
    [1, 0].forEach(function (full) {
      var byScore = new Map(), scores = [];
      for (var i = 0; i < hits.length; i++) {
        if (hits[i][2] !== full) continue;
        var list = byScore.get(hits[i][0]);
        if (!list) { byScore.set(hits[i][0], list = []); scores.push(hits[i][0]); }
        list.push(hits[i]);
      }
      var sorted = new Float64Array(scores).sort();
      for (var k = sorted.length - 1; k >= 0; k--) {
        var same = byScore.get(sorted[k]);
        for (var j = 0; j < same.length; j++) out.push(same[j]);
      }
    });
    return out;
  }

  // The per-document arrays of rank, kept from one query to the next: new ones on every keystroke (each an
  // allocation outside the JavaScript heap) made the collector run during the search. tf is left all zero
  // by rank itself; score and mask are cleared here.
  var buffers = null;
  function scratch(n) {
    if (!buffers || buffers.n !== n) {
      buffers = {n: n, score: new Float64Array(n), mask: new Int32Array(n), tf: new Float64Array(n),
        lens: new Float64Array(n), touched: new Int32Array(n)};
    } else {
      buffers.score.fill(0);
      buffers.mask.fill(0);
    }
    return buffers;
  }

  function popcount(x) {
    var c = 0;
    for (; x; x &= x - 1) c++;
    return c;
  }

  // Text as HTML, and with the words of the query terms (qt: query.js units) marked (the snippets).
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function highlight(lang, text, qt) {
    if (text === null) return "";
    var wanted = new Set();
    qt.forEach(function (u) {
      u.readings.forEach(function (r) { r.forEach(function (part) { part.forEach(function (t) { wanted.add(t); }); }); });
    });
    return text.split(/([\p{L}\p{N}]+)/u).map(function (part, i) {
      if (i % 2 && wanted.has(window.kcAnalysis.analyze(lang, part, [])[0])) {
        return "<mark>" + escapeHtml(part) + "</mark>";
      }
      return escapeHtml(part);
    }).join("");
  }

  root.kcSearchIndex = {nums: nums, column: column, lines: lines, Terms: Terms, Part: Part, rank: rank,
    escapeHtml: escapeHtml, highlight: highlight};
})(typeof window !== "undefined" ? window : this);
