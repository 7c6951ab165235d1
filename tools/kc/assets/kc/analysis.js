/* Text analysis for the site search: a port of tools/kc/search/analysis.py (Swedish: kc/search/swedish.py,
 * Snowball as Whoosh has it plus the definite -et; English: kc/search/porter.py, Whoosh's Porter with its
 * step 1b mended). Both sides must give the same terms; tests/test_analysis.py checks it. */
(function (root) {
  "use strict";

  // ---- English: tools/kc/search/porter.py (Whoosh's Porter, step 1b mended) ----
  var step2list = {ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
    alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al",
    iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log"};
  var step3list = {icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: ""};
  var consSeq = "[^aeiouy]+", vowelSeq = "[aeiou]+", vowel = "[aeiouy]";
  var mgr0 = new RegExp("^(" + consSeq + ")?" + vowelSeq + consSeq);
  var meq1 = new RegExp("^(" + consSeq + ")?" + vowelSeq + consSeq + "(" + vowelSeq + ")?$");
  var mgr1 = new RegExp("^(" + consSeq + ")?" + vowelSeq + consSeq + vowelSeq + consSeq);
  var sV = new RegExp("^(" + consSeq + ")?" + vowel);
  var cV = new RegExp("^" + consSeq + vowel + "[^aeiouwxy]$");
  var edIng = /^(.*)(ed|ing)$/;
  var atBlIz = /(at|bl|iz)$/;
  var step1b = /([^aeiouylsz])\1$/;
  var s2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
  var s3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
  var s41 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var s42 = /^(.+?)(s|t)(ion)$/;
  var s5 = /^(.+?)e$/;

  // porter.py: _VARIANTS and spelling (British and American spellings made one before stemming)
  var variants = [
    [/iz(e|ed|es|ing|ation|ations|er|ers)$/, "is$1"],
    [/yz(e|ed|es|ing)$/, "ys$1"],
    [/^([a-z]{3,})our(s|ed|ing|hood|hoods|ite|ites|able|al|er|ers|ful)?$/, "$1or$2"],
    [/^([a-z]{2,})([bt])re(s|d)?$/, "$1$2er$3"],
    [/^([a-z]{4,})mme(s|d)?$/, "$1m$2"]
  ];
  function spelling(w) {
    for (var i = 0; i < variants.length; i++) w = w.replace(variants[i][0], variants[i][1]);
    return w;
  }
  function porter(w) { return porterStem(spelling(w)); }

  function porterStem(w) {
    if (w.length < 3) return w;
    var firstY = w[0] === "y", m, stem;
    if (firstY) w = "Y" + w.slice(1);
    if (w.endsWith("s")) {
      if (w.endsWith("sses")) w = w.slice(0, -2);
      else if (w.endsWith("ies")) w = w.slice(0, -2);
      else if (w[w.length - 2] !== "s") w = w.slice(0, -1);
    }
    if (w.endsWith("eed")) {
      if (mgr0.test(w.slice(0, -3))) w = w.slice(0, -1);
    } else {
      m = edIng.exec(w);
      if (m) {
        stem = m[1];
        if (sV.test(stem)) {
          w = stem;
          if (pyAtBlIz(w)) w += "e";
          else if (pyStep1b(w)) w = w.slice(0, -1);
          else if (cV.test(w)) w += "e";
        }
      }
    }
    if (w.endsWith("y")) {
      stem = w.slice(0, -1);
      if (sV.test(stem)) w = stem + "i";
    }
    m = s2.exec(w);
    if (m && mgr0.test(m[1])) w = m[1] + step2list[m[2]];
    m = s3.exec(w);
    if (m && mgr0.test(m[1])) w = m[1] + step3list[m[2]];
    m = s41.exec(w);
    if (m) {
      if (mgr1.test(m[1])) w = m[1];
    } else {
      m = s42.exec(w);
      if (m && mgr1.test(m[1] + m[2])) w = m[1] + m[2];
    }
    m = s5.exec(w);
    if (m) {
      stem = m[1];
      if (mgr1.test(stem) || (meq1.test(stem) && !cV.test(stem))) w = stem;
    }
    if (w.endsWith("ll") && mgr1.test(w)) w = w.slice(0, -1);
    if (firstY) w = "y" + w.slice(1);
    return w;
  }
  // porter.py: _at_bl_iz.search(w) and _step1b.search(w): the word's ending (Porter's step 1b)
  function pyAtBlIz(w) { return atBlIz.test(w); }
  function pyStep1b(w) { return step1b.test(w); }

  // ---- Swedish: tools/kc/search/swedish.py (Whoosh's Snowball, and the definite -et removed) ----
  var svVowels = "aeiouyäåö", svSEnding = "bcdfghjklmnoprtvy";
  var svStep1 = ["heterna", "hetens", "heter", "heten", "anden", "arnas", "ernas", "ornas", "andes", "andet",
    "arens", "arna", "erna", "orna", "ande", "arne", "aste", "aren", "ades", "erns", "ade", "are", "ern", "ens",
    "het", "ast", "ad", "en", "ar", "er", "or", "as", "es", "at", "et", "a", "e", "s"];
  var svStep2 = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];
  var svStep3 = ["fullt", "löst", "els", "lig", "ig"];
  var svEtKeep = ["fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit",
    "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit"];

  function r1Scandinavian(word) {
    for (var i = 1; i < word.length; i++) {
      if (svVowels.indexOf(word[i]) < 0 && svVowels.indexOf(word[i - 1]) >= 0) {
        return i + 1 < 3 ? word.slice(3) : word.slice(i + 1);
      }
    }
    return "";
  }

  // swedish.py: _et_ending
  function svEtEnding(stem) {
    var last = stem.slice(-1), vowel = false, i;
    if (last === "" || svVowels.indexOf(last) >= 0) return false;
    for (i = 0; i < stem.length; i++) if (svVowels.indexOf(stem[i]) >= 0) vowel = true;
    if (!vowel) return false;
    for (i = 0; i < svEtKeep.length; i++) if (stem.endsWith(svEtKeep[i])) return false;
    return true;
  }

  function swedish(word) {
    var r1 = r1Scandinavian(word), i, s, cut;
    for (i = 0; i < svStep1.length; i++) {
      s = svStep1[i];
      if (r1.endsWith(s)) {
        cut = s.length;
        if (s === "s") {
          cut = word.endsWith("ets") && svEtEnding(word.slice(0, -3)) ? 3
            : svSEnding.indexOf(word[word.length - 2]) >= 0 ? 1 : 0;
        } else if (s === "et" && !svEtEnding(word.slice(0, -2))) cut = 0;
        if (cut) { word = word.slice(0, -cut); r1 = r1.slice(0, -cut); }
        break;
      }
    }
    if (word.endsWith("nad") && r1.endsWith("ad")) { word = word.slice(0, -2); r1 = r1.slice(0, -2); }
    for (i = 0; i < svStep2.length; i++) {
      if (r1.endsWith(svStep2[i])) { word = word.slice(0, -1); r1 = r1.slice(0, -1); break; }
    }
    for (i = 0; i < svStep3.length; i++) {
      s = svStep3[i];
      if (r1.endsWith(s)) {
        if (s === "els" || s === "lig" || s === "ig") word = word.slice(0, -s.length);
        else word = word.slice(0, -1);
        break;
      }
    }
    return word;
  }

  var TOKEN = /[\p{L}\p{N}]+/gu;

  /* Words of `text`, lower-cased, after Unicode NFC (as kc.search.analysis.nfc): "a" + U+0308 is the letter ä. */
  function tokens(text) {
    return String(text).normalize("NFC").toLowerCase().match(TOKEN) || [];
  }

  /* The index terms of `text` in `lang`; `stops` is the language's stop-word list (from the index). */
  function analyze(lang, text, stops) {
    var stem = lang === "en" ? porter : swedish, out = [], words = tokens(text);
    var stopSet = stops instanceof Set ? stops : new Set(stops || []);
    for (var i = 0; i < words.length; i++) {
      if (!stopSet.has(words[i])) out.push(stem(words[i]));
    }
    return out;
  }

  var api = {analyze: analyze, porter: porter, swedish: swedish, tokens: tokens};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.kcAnalysis = api;
})(typeof window !== "undefined" ? window : this);
