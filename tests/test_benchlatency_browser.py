"""kc.benchlatency in real headless Chromium: from which key the time to the first result runs."""

from __future__ import annotations

from browser_util import browser
from kc import benchlatency

# A results list that gets its item on the "/" key itself, before any letter of the query.
PAGE = """<!doctype html><html><body><input id="q"><ul id="r"></ul><script>
document.addEventListener("keydown", function (e) {
  if (e.key === "/" && !document.querySelector("#r li")) {
    document.getElementById("r").appendChild(document.createElement("li"));
  }
});
</script></body></html>"""


def test_cold_counts_from_the_slash_and_warm_from_the_querys_first_letter(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(PAGE, encoding="utf-8")
    with browser() as b:
        cold = benchlatency.first_result_ms(b, page.as_uri(), "#q", "#r", "ab", cold=True)
        warm = benchlatency.first_result_ms(b, page.as_uri(), "#q", "#r", "ab", cold=False)
    # Cold: the item came after the "/" it is timed from (by the next frame). Warm: it was there before the
    # query's first letter, from which the time runs, so there is no time to the result to give.
    assert cold is not None and cold >= 0
    assert warm is None
