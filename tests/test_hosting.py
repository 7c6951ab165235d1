"""The hosting guide: its server examples are generated and carry the site's own policy, in both languages."""

from __future__ import annotations

import html
import re

import pytest

from kc.edition import csp, hosting
from kc.pages.context import PageContext


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("example", [hosting.nginx, hosting.apache, hosting.iis])
def test_every_server_example_sends_every_header_and_caches_only_checksummed_files(lang, example):
    text = example(None, PageContext(lang, f"{lang}/hosting.md", lang))
    assert text.startswith("```") and text.rstrip().endswith("```")
    for name, value in hosting.HEADERS:
        assert name in text and value in text, name
    assert text.count(csp.header_policy()) == 1
    assert hosting.LONG_CACHE in text or 'cacheControlMaxAge="365.00:00:00"' in text
    for folder in hosting.IMMUTABLE_DIRS:
        assert folder.removeprefix("assets/") in text


@pytest.mark.slow
@pytest.mark.parametrize(("page", "title"), [("hosting/index.html", "Drift av en lokal kopia"),
                                             ("en/hosting/index.html", "Hosting a local copy")])
def test_the_guide_is_in_the_site_with_the_generated_policy(real_site, page, title):
    text = html.unescape((real_site / page).read_text(encoding="utf-8"))
    assert "<h1 id=" in text and title in text
    assert "<!-- kc:" not in text  # every marker was replaced
    # The policy once on its own, then in the nginx, Apache and IIS examples.
    assert text.count(csp.header_policy()) == 4
    for server in ("nginx", "Apache", "IIS"):
        assert re.search(rf"<h3 id=\"[a-z-]*\">{server}</h3>", text), server


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_key_listing_shows_every_shipped_key_with_fingerprint_and_status(tmp_path, monkeypatch, lang):
    import base64
    import json

    from kc.edition import signing

    keys = [{"id": "old", "signer": "Centre", "public_key": base64.b64encode(bytes(range(32))).decode(),
             "valid_from": "2025-01-01", "retired": "2026-12-01"},
            {"id": "leaked", "signer": "Centre", "public_key": base64.b64encode(bytes(32)).decode(),
             "valid_from": "2025-06-01", "revoked": True},
            {"id": "new", "signer": "Centre", "public_key": base64.b64encode(bytes([7] * 32)).decode(),
             "valid_from": "2026-11-01"}]
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": keys}), encoding="utf-8")
    monkeypatch.setattr(signing, "KEYS_FILE", path)
    text = hosting.signing_keys(None, PageContext(lang, f"{lang}/hosting.md", lang))
    words = {"sv": ("pensionerad 2026-12-01", "spärrad", "används"),
             "en": ("retired 2026-12-01", "revoked", "in use")}[lang]
    for key, status in zip(signing.trusted_keys(), words, strict=True):
        row = next(line for line in text.splitlines() if line.startswith(f"| `{key.id}` |"))
        assert f"| {status} | `{key.fingerprint}` |" in row
        assert base64.b64encode(key.public).decode() in text


@pytest.mark.slow
@pytest.mark.parametrize("page", ["hosting/index.html", "en/hosting/index.html"])
def test_the_guide_prints_the_shipped_keys_and_their_fingerprints(real_site, page):
    from kc.edition import signing

    text = html.unescape((real_site / page).read_text(encoding="utf-8"))
    keys = signing.trusted_keys()
    assert keys
    for key in keys:
        assert key.fingerprint in text and key.id in text
