"""English stemming: the Porter algorithm, Whoosh's implementation (whoosh/lang/porter.py, BSD licence)
with its step 1b mended.

Whoosh tests the endings -at, -bl, -iz and a doubled consonant with `re.match`, so the rule applies only to a
word that is nothing but that ending: *relocated* stemmed to *relocat* while *relocate* and *relocation* gave
*reloc*, and *planning*, *transferred*, *permitted* kept the doubled consonant (*plann*) that *plan*,
*transfer*, *permit* do not have. Here, as in Porter's algorithm, the rule is on the word's ending. And
`stem_en` first makes British and American spellings one (`spelling`).
tools/kc/assets/kc/analysis.js ports `stem` line by line (tests/test_analysis.py compares every word).
"""


import re

# Steps 2 and 3: the longest of a table's suffixes is replaced when what comes before it has m > 0.
_SUFFIX_TABLES = (
    {  # step 2
        "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
        "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
        "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
        "iviti": "ive", "biliti": "ble", "logi": "log",
    },
    {  # step 3
        "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": "",
    },
)


_cons = "[^aeiou]"
_vowel = "[aeiouy]"
_cons_seq = "[^aeiouy]+"
_vowel_seq = "[aeiou]+"

# m > 0
_mgr0 = re.compile("^(" + _cons_seq + ")?" + _vowel_seq + _cons_seq)
# m == 0
_meq1 = re.compile("^(" + _cons_seq + ")?" + _vowel_seq + _cons_seq + "(" + _vowel_seq + ")?$")
# m > 1
_mgr1 = re.compile("^(" + _cons_seq + ")?" + _vowel_seq + _cons_seq + _vowel_seq + _cons_seq)
# vowel in stem
_s_v = re.compile("^(" + _cons_seq + ")?" + _vowel)
# ???
_c_v = re.compile("^" + _cons_seq + _vowel + "[^aeiouwxy]$")

# Patterns used in the rules

_ed_ing = re.compile("^(.*)(ed|ing)$")
_at_bl_iz = re.compile("(at|bl|iz)$")
_step1b = re.compile("([^aeiouylsz])\\1$")
# The shortest stem first: the longest suffix of the table that leaves a stem of one letter or more.
_suffix_steps = tuple((re.compile("^(.+?)(" + "|".join(t) + ")$"), t) for t in _SUFFIX_TABLES)
_step4_1 = re.compile(
    "^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$"
)
_step4_2 = re.compile("^(.+?)(s|t)(ion)$")
_step5 = re.compile("^(.+?)e$")


# Stemming function

# British and American spellings of one word, made one before stemming (the texts are British; readers
# type either): -ize/-yze as -ise/-yse, -our as -or after three letters or more (not four, your, hour),
# -tre/-bre as -ter/-ber, -mme as -m (organized: organised, behavior: behaviour, center: centre, program:
# programme).
_VARIANTS = (
    (re.compile("iz(e|ed|es|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile("yz(e|ed|es|ing)$"), r"ys\1"),
    (re.compile("^([a-z]{3,})our(s|ed|ing|hood|hoods|ite|ites|able|al|er|ers|ful)?$"), r"\1or\2"),
    (re.compile("^([a-z]{2,})([bt])re(s|d)?$"), r"\1\2er\3"),
    (re.compile("^([a-z]{4,})mme(s|d)?$"), r"\1m\2"),
)


def spelling(w):
    """`w` with its British or American spelling made one (see _VARIANTS)."""
    for pattern, repl in _VARIANTS:
        w = pattern.sub(repl, w)
    return w


def stem_en(w):
    """The stem of the English word `w`, whatever its spelling, British or American."""
    return stem(spelling(w))


def stem(w):
    """Uses the Porter stemming algorithm to remove suffixes from English
    words.

    >>> stem("fundamentally")
    "fundament"
    """

    if len(w) < 3:
        return w

    first_is_y = w[0] == "y"
    if first_is_y:
        w = "Y" + w[1:]

    # Step 1a
    if w.endswith("s"):
        if w.endswith("sses"):
            w = w[:-2]
        elif w.endswith("ies"):
            w = w[:-2]
        elif w[-2] != "s":
            w = w[:-1]

    # Step 1b

    if w.endswith("eed"):
        s = w[:-3]
        if _mgr0.match(s):
            w = w[:-1]
    else:
        m = _ed_ing.match(w)
        if m:
            stem = m.group(1)
            if _s_v.match(stem):
                w = stem
                # Whoosh has .match here, which only matches a word that IS "at" or a doubled consonant;
                # Porter's rule is on the word's ending (relocated -> relocate, planning -> plan).
                if _at_bl_iz.search(w):
                    w += "e"
                elif _step1b.search(w):
                    w = w[:-1]
                elif _c_v.match(w):
                    w += "e"

    # Step 1c

    if w.endswith("y"):
        stem = w[:-1]
        if _s_v.match(stem):
            w = stem + "i"

    # Steps 2 and 3

    for pattern, table in _suffix_steps:
        m = pattern.match(w)
        if m and _mgr0.match(m.group(1)):
            w = m.group(1) + table[m.group(2)]

    # Step 4

    m = _step4_1.match(w)
    if m:
        stem = m.group(1)
        if _mgr1.match(stem):
            w = stem
    else:
        m = _step4_2.match(w)
        if m:
            stem = m.group(1) + m.group(2)
            if _mgr1.match(stem):
                w = stem

    # Step 5

    m = _step5.match(w)
    if m:
        stem = m.group(1)
        if _mgr1.match(stem) or (_meq1.match(stem) and not _c_v.match(stem)):
            w = stem

    if w.endswith("ll") and _mgr1.match(w):
        w = w[:-1]

    if first_is_y:
        w = "y" + w[1:]

    return w
