"""Keystroke to first result in headless Chromium, for `kc bench`: exactly what is measured.

Each run opens the page in a fresh tab, waits for its load event and 300 ms more, then types. It measures
from t0, the `timeStamp` of the keydown event of the key counted (when the browser received the key, before
any handler ran, so work queued on the page's main thread counts), to t1, the first animation frame after a
first result item (an `<li>` in the results list) is in the document: the frame that shows it (its
requestAnimationFrame callback, which runs before that frame's layout and paint).

Two ways of typing:
- "warm" (the default figure): "/", the shortcut that focuses the search box (ours starts loading its index
  then, as on any sign of intent), a pause of PAUSE_MS (a brisk typist's time between two keys), then the
  query at once; t0 is the query's first key. Whatever part of loading the index has not finished within
  the pause is included.
- "cold": "/" and the query at once, t0 the "/" key: all of loading the index (request, parse, decoding)
  is included, as for a reader who types faster than it loads.
Material's search loads its index at page load, so only the warm figure is measured for it.
"""

from __future__ import annotations

import statistics
from pathlib import Path

PAUSE_MS = 150
REPEAT = 5

_MEASURE = """
(({results, first}) => {
  window.__t0 = null; window.__t1 = null;
  let keys = 0, seen = false;
  document.addEventListener('keydown', (e) => {
    if (keys++ === first) window.__t0 = e.timeStamp;
  }, true);
  const obs = new MutationObserver(() => {
    if (seen || !document.querySelector(results + ' li')) return;
    seen = true;
    obs.disconnect();
    requestAnimationFrame(() => { window.__t1 = performance.now(); });
  });
  obs.observe(document.body, {childList: true, subtree: true});
})
"""


def first_result_ms(
    browser, url: str, input_sel: str, results_sel: str, query: str, cold: bool = False
) -> float | None:
    """Milliseconds from the key counted to the frame showing the first result (see the module's
    docstring), or None when no result came within 15 s. `input_sel` is kept for the callers' symmetry."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        page.evaluate(_MEASURE, {"results": results_sel, "first": 0 if cold else 1})
        page.keyboard.press("/")
        if not cold:
            page.wait_for_timeout(PAUSE_MS)
        page.keyboard.type(query)
        try:
            page.wait_for_function("() => window.__t1 !== null", timeout=15000)
        except Exception:
            return None
        return page.evaluate(
            "(window.__t0 !== null && window.__t1 >= window.__t0) ? window.__t1 - window.__t0 : null"
        )
    finally:
        page.close()


def _median_of(samples: list) -> float | None:
    """The median of the samples, or None if any run gave no result (the search does not work there)."""
    return None if any(v is None for v in samples) else statistics.median(samples)


OURS = ("#kc-search-input", ".kc-search__results")
MATERIAL = (".md-search__input", ".md-search-result__list")


def runs(ours: Path, plain: Path, ours_url: str, plain_url: str, lang: str) -> dict:
    """Per figure of one language: (url, selectors, cold)."""
    prefix = "" if lang == "sv" else "en/"
    out = {}
    for over, url in (("file", (ours / prefix / "index.html").as_uri()), ("http", ours_url + prefix)):
        out[f"kc_{over}_{lang}_ms"] = (url, OURS, False)
        out[f"kc_cold_{over}_{lang}_ms"] = (url, OURS, True)
    out[f"material_file_{lang}_ms"] = ((plain / prefix / "index.html").as_uri(), MATERIAL, False)
    out[f"material_http_{lang}_ms"] = (plain_url + prefix, MATERIAL, False)
    return out


def browser_figures(ours: Path, plain: Path, queries: dict, chromium: str, args: list, repeat: int = REPEAT):
    """Median time to the first result of each search, way of opening the site and way of typing (the
    first query of each language in `queries`), and all the samples (one run alone says little on a machine
    that is doing other work)."""
    from playwright.sync_api import sync_playwright

    from kc.search.relevance import serve_folder as serve

    samples: dict[str, list] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=args, headless=True)
        try:
            with serve(ours) as ours_url, serve(plain) as plain_url:
                for lang in ("sv", "en"):
                    for key, (url, sel, cold) in runs(ours, plain, ours_url, plain_url, lang).items():
                        samples[key] = []
                        for _ in range(repeat):
                            samples[key].append(first_result_ms(b, url, *sel, queries[lang][0], cold=cold))
                            if samples[key][-1] is None:
                                break  # no result within 15 s: this search does not work here
        finally:
            b.close()
    return {key: _median_of(values) for key, values in samples.items()}, samples
