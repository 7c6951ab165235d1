"""The Content-Security-Policy: one policy for every page, inline scripts moved into files of the site."""

from __future__ import annotations

import hashlib

import pytest

from kc.edition import csp

PAGE = """<!doctype html>
<html lang="sv">
  <head>
    <meta charset="utf-8">
    <script>__md_scope=new URL("../..",location)</script>
    <script src="../../assets/kc/kc.js" defer></script>
  </head>
  <body>
    <script id="__config" type="application/json">{"base": "../.."}</script>
    <script>var target=document.getElementById(location.hash.slice(1))</script>
  </body>
</html>"""


def _name(code: str) -> str:
    return f"assets/kc/inline/{hashlib.sha256(code.encode()).hexdigest()[:20]}.js"


def test_the_policy_allows_only_the_site_itself():
    policy = csp.meta_policy()
    assert policy.startswith("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:")
    assert "unsafe" not in policy and "http" not in policy and "*" not in policy
    assert "frame-ancestors" not in policy  # ignored (with an error) in a meta tag
    assert csp.header_policy() == policy + "; frame-ancestors 'none'"


def test_inline_scripts_move_to_files_in_order_and_data_blocks_stay():
    html, scripts = csp.secure(PAGE, "../..")
    first = '__md_scope=new URL("../..",location)'
    second = "var target=document.getElementById(location.hash.slice(1))"
    assert scripts == {_name(first): first, _name(second): second}
    order = [html.index(f'src="../../{_name(first)}"'), html.index("kc.js"),
             html.index(f'src="../../{_name(second)}"')]
    assert order == sorted(order)
    assert '<script id="__config" type="application/json">{"base": "../.."}</script>' in html
    assert "<script>" not in html


def test_the_meta_tag_comes_right_after_the_charset_once():
    html, _ = csp.secure(PAGE, ".")
    assert f'<meta charset="utf-8">\n      {csp.META_TAG}' in html
    again, _ = csp.secure(html, ".")
    assert again.count("Content-Security-Policy") == 1


@pytest.mark.parametrize(("root", "src"), [
    (".", "assets/kc/inline/"),
    ("/", "/assets/kc/inline/"),
    ("../..", "../../assets/kc/inline/"),
    ("/kc/", "/kc/assets/kc/inline/"),  # an online site below a path of its host
])
def test_moved_scripts_are_linked_from_the_page_to_the_site_root(root, src):
    html, _ = csp.secure(PAGE, root)
    assert f'<script src="{src}' in html


def test_written_scripts_are_the_inline_text_byte_for_byte(tmp_path):
    _, scripts = csp.secure(PAGE, ".")
    csp.write_scripts(tmp_path, scripts)
    for rel, code in scripts.items():
        assert (tmp_path / rel).read_text(encoding="utf-8") == code


def test_under_mkdocs_serve_scripts_still_move_but_no_policy_is_set():
    """`mkdocs serve` injects an inline live-reload script, so the preview goes without the meta tag."""
    html, scripts = csp.secure(PAGE, ".", meta=False)
    assert "Content-Security-Policy" not in html and "<script>" not in html and len(scripts) == 2



@pytest.mark.parametrize(
    "tag, moved",
    [
        ("<script type='text/javascript'>a()</script>", True),  # single quotes
        ('<script data-md-component="x">a()</script>', True),  # any other attribute
        ('<script type="text/javascript; charset=utf-8">a()</script>', True),  # a type with parameters
        ('<SCRIPT>a()</SCRIPT >', True),  # HTML is case-insensitive
        ('<script type="module">a()</script>', True),
        ('<script type="application/ld+json">{"a": 1}</script>', False),  # a data block is never run
        ('<script src="x.js"></script>', False),  # already a file
        ("<script>  </script>", False),  # nothing to run
    ],
)
def test_every_form_of_inline_script_is_moved(tag, moved):
    html, scripts = csp.secure(f"<head><meta charset=\"utf-8\"></head><body>{tag}</body>", ".")
    if moved:
        assert list(scripts.values()) == ["a()"] and tag not in html
    else:
        assert scripts == {} and tag in html


def test_defer_and_async_are_dropped_from_a_moved_script():
    # Ignored on an inline script, they would change when the moved one runs.
    html, scripts = csp.secure('<body><script defer async="">a()</script></body>', ".")
    (path,) = scripts
    assert f'<script src="{path}"></script>' in html
