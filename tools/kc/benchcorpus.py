"""The benchmark's site: the real site (its mkdocs.yml, menu, pages and guidelines) with synthetic guidelines
added until it holds N, for `kc bench`; and the same site as plain Material + i18n.

The real menu (mkdocs.yml `nav:`) lists the guideline index page, not the guidelines: each language's
docs/<lang>/guidelines/index.md lists them all (the `kc:guideline-index` block), grouped by topic. The
synthetic guidelines take the real topics, so they are listed exactly as real ones are.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from pathlib import Path

import yaml

from kc.search.analysis import stop_words

ROOT = Path(__file__).resolve().parents[2]

# The synthetic text draws words with the frequencies they have in the real guideline texts of this
# repository (docs/<lang>/guidelines), stop words included: a Zipf-like distribution over about 900 words per
# language, so common words occur in most documents and rare ones in few, as in real guidance.
SOURCE = ROOT / "docs"
TOPICS = ("responsibilities", "relocation", "providers")
STATUSES = ("adopted", "consultation", "draft")


def _ident(i: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    a, b = divmod(i, 26 * 26)
    b, c = divmod(b, 26)
    return (letters[a] if a else "") + letters[b] + letters[c] if a else "Z" + letters[b] + letters[c]


class Vocabulary:
    """The words of the real guideline texts of one language with their counts, for weighted draws."""

    def __init__(self, lang: str, source: Path = SOURCE):
        from collections import Counter
        from itertools import accumulate

        from kc.content.text import read_text
        from kc.search.docs import plain

        counts: Counter[str] = Counter()
        for f in sorted((source / lang / "guidelines").glob("*/**/*.md")):
            counts.update(w.lower() for w in re.findall(r"[^\W\d_]+", plain(read_text(f).body)))
        if not counts:
            raise RuntimeError(f"no guideline texts in {source / lang / 'guidelines'} to draw words from")
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self.words = [w for w, _ in ranked]
        self.cum = list(accumulate(c for _, c in ranked))
        stops = stop_words(lang)
        # Headings and titles: content words only (no stop words, no short forms such as abbreviations).
        self.content = [w for w in self.words if w not in stops and len(w) > 3]
        self.content_cum = list(accumulate(counts[w] for w in self.content))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def heading(self, rng: random.Random, k: int = 1) -> str:
        return " ".join(rng.choices(self.content, cum_weights=self.content_cum, k=k)).capitalize()


def _sentence(rng: random.Random, voc: Vocabulary) -> str:
    words = voc.draw(rng, rng.randint(8, 16))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _text(rng: random.Random, voc: Vocabulary, lang: str, clauses: int) -> str:
    parts = []
    for c in range(1, clauses + 1):
        parts.append(
            f"## {c} {voc.heading(rng)}\n\n" + " ".join(_sentence(rng, voc) for _ in range(3)) + "\n"
        )
        for s in (1, 2):
            parts.append(
                f"### {c}.{s} {voc.heading(rng)}\n\n" + " ".join(_sentence(rng, voc) for _ in range(2)) + "\n"
            )
    head = "Checklista" if lang == "sv" else "Checklist"
    parts.append(f"## {head}\n\n- [ ] {_sentence(rng, voc)}\n")
    return "\n".join(parts)


def generate_corpus(dest: Path, n: int, seed: int = 7) -> Path:
    """The real site with synthetic guidelines (current 1.1 + archived 1.0, sv and en) up to `n` in `dest`."""
    rng = random.Random(seed)
    vocabularies = {lang: Vocabulary(lang) for lang in ("sv", "en")}
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    docs = dest / "docs"
    real = [p for p in (docs / "guidelines").glob("*.yml") if not p.name.startswith("_")]
    lock = json.loads((docs / "guidelines" / "_archive.lock").read_text(encoding="utf-8"))["texts"]
    for i in range(max(n - len(real), 0)):
        gid, slug = _ident(i), f"guideline-{i:04d}"
        record = {
            "id": gid,
            "slug": slug,
            "topic": TOPICS[i % 3],
            "title": {lang: vocabularies[lang].heading(rng, 3) for lang in ("sv", "en")},
            "status": "adopted",
            "version": "1.1",
            "effective": "2026-01-01",
            "review_by": "2028-01-01",
            "owner": {"sv": "Enheten för samverkan", "en": "Collaboration Unit"},
            "audiences": ["social-services"],
            "history": [
                {
                    "version": "1.1",
                    "date": "2025-12-01",
                    "status": "adopted",
                    "summary": {"sv": "Ändrad.", "en": "Changed."},
                },
                {
                    "version": "1.0",
                    "date": "2025-01-01",
                    "status": "superseded",
                    "summary": {"sv": "Första versionen.", "en": "First version."},
                },
            ],
        }
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        text = text.replace("'2026-01-01'", "2026-01-01").replace("'2028-01-01'", "2028-01-01")
        text = text.replace("'2025-12-01'", "2025-12-01").replace("'2025-01-01'", "2025-01-01")
        (docs / "guidelines" / f"{slug}.yml").write_text(text, encoding="utf-8")
        clauses = rng.randint(3, 5)
        for lang in ("sv", "en"):
            folder = docs / lang / "guidelines" / slug
            (folder / "v1.0").mkdir(parents=True)
            front = '---\ntranslation_of: "1.1"\n---\n' if lang == "en" else ""
            (folder / "index.md").write_text(
                front + _text(rng, vocabularies[lang], lang, clauses), encoding="utf-8"
            )
            old = ('---\ntranslation_of: "1.0"\n---\n' if lang == "en" else "") + _text(
                rng, vocabularies[lang], lang, clauses
            )
            (folder / "v1.0" / "index.md").write_text(old, encoding="utf-8")
            rel = f"docs/{lang}/guidelines/{slug}/v1.0/index.md"
            lock[rel] = hashlib.sha256(old.encode("utf-8")).hexdigest()
    from kc.checks.archive import lock_text

    (docs / "guidelines" / "_archive.lock").write_text(lock_text(lock), encoding="utf-8")
    return dest


def plain_config(root: Path) -> Path:
    """The same site, menu and features as plain Material + i18n with Material's search: no kc plugin, no
    template overrides.

    i18n keeps the site's `reconfigure_search: false`: with `true` its de-duplication of the search entries
    compares every entry with every other (quadratic; at 2,000 guidelines it had not finished in 18 minutes),
    and the entries it would drop exist only where a language falls back to another's page.
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [
        {"search": {}},
        {"i18n": next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)},
    ]
    config["theme"].pop("custom_dir", None)
    path = root / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def floor_configs(root: Path) -> dict[str, Path]:
    """For each language, the site as plain Material builds that language alone (mkdocs-static-i18n's
    `build_only_locale`), without kc and without Material's search: the work that any build rendering these
    pages through Material in a process per language cannot avoid. {lang: config file}."""
    config = yaml.safe_load(plain_config(root).read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if "i18n" in p)
    paths = {}
    for lang in (x["locale"] for x in i18n["languages"]):
        config["plugins"] = [{"i18n": {**i18n, "build_only_locale": lang}}]
        paths[lang] = root / f"mkdocs-floor-{lang}.yml"
        paths[lang].write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return paths
