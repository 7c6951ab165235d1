"""The Zensical canary's report, without the package registry: install is replaced where it would download."""

from __future__ import annotations

from pathlib import Path

from kc import canary

ROOT = Path(__file__).resolve().parent.parent

ZENSICAL_CONFIG = """
_PLUGIN_UNSUPPORTED_OPTIONS = {
    "search": ("lang",),
    "tags": (),
}
"""


def _fake_venv(tmp_path: Path, config: str | None = ZENSICAL_CONFIG) -> Path:
    venv = tmp_path / "venv"
    pkg = venv / "lib" / "python3.11" / "site-packages" / "zensical"
    pkg.mkdir(parents=True)
    if config is not None:
        (pkg / "config.py").write_text(config, encoding="utf-8")
    return venv


def _site(tmp_path: Path, plugins: str) -> Path:
    root = tmp_path / "site"
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}x{% endblock %}\n{%- block header %}{% endblock %}',
        encoding="utf-8",
    )
    (root / "overrides" / "partials" / "extra.html").write_text("<p>x</p>", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\n  features: [navigation.top]\n"
        f"plugins:\n{plugins}\nmarkdown_extensions:\n  - toc:\n      permalink: false\n"
        "hooks:\n  - hooks.py\nextra:\n  x: !!python/name:os.getcwd\n",
        encoding="utf-8",
    )
    return root


def test_the_plugins_zensical_maps_are_read_from_its_own_source(tmp_path):
    assert canary.recognised_plugins(_fake_venv(tmp_path)) == {"search", "tags"}
    assert canary.recognised_plugins(tmp_path / "nowhere") is None
    assert canary.recognised_plugins(_fake_venv(tmp_path / "b", "OTHER = {}\n")) is None


def test_inventory_names_each_plugin_extension_feature_and_override(tmp_path):
    root = _site(tmp_path, "  - material/search\n  - kc\n  - i18n:\n      languages: []")
    rows = {
        (kind, name): (status, detail)
        for kind, name, status, detail in canary.inventory(root, _fake_venv(tmp_path), installed=False)
    }
    assert rows[("MkDocs plugin", "material/search")][0] == "mapped"
    status, detail = rows[("MkDocs plugin", "kc")]
    assert status == "ignored" and "clause numbers" in detail and "not among the 2 plugins" in detail
    assert (
        rows[("MkDocs plugin", "i18n")][0] == "ignored"
        and "language switcher" in rows[("MkDocs plugin", "i18n")][1]
    )
    assert rows[("Markdown extension", "toc")][0] == "not checked"
    assert ("theme feature", "navigation.top") in rows
    assert rows[("template override", "overrides/main.html")][1] == "overrides blocks: content, header"
    assert rows[("template override", "overrides/partials/extra.html")][1] == "replaces file"
    assert rows[("MkDocs hook", "hooks.py")][0] == "ignored"


def test_without_zensicals_source_the_plugins_are_unknown_not_guessed(tmp_path):
    root = _site(tmp_path, "  - kc")
    rows = canary.inventory(root, tmp_path / "no-venv", installed=False)
    assert ("MkDocs plugin", "kc", "unknown", "Zensical's source is not available to check") in rows


def test_a_failed_install_is_reported_word_for_word(tmp_path, monkeypatch):
    pip_said = (
        "Collecting zensical==0.1.3\nWARNING: Location 'file:///x' is ignored: it is neither a file\n"
        "ERROR: No matching distribution found for zensical-ui==0.0.43\n"
    )
    monkeypatch.setattr(canary, "install", lambda venv, root: (False, pip_said))
    root = _site(tmp_path, "  - kc")
    built, text = canary.report(root, _fake_venv(tmp_path), tmp_path / "work")
    assert not built
    assert "**failed**" in text and "ERROR: No matching distribution found for zensical-ui==0.0.43" in text
    assert "is ignored" not in text and "not attempted: Zensical did not install" in text
    assert "| MkDocs plugin | `kc` | ignored |" in text


def test_a_failed_build_is_reported_with_its_error(tmp_path, monkeypatch):
    venv = _fake_venv(tmp_path)
    (venv / "bin").mkdir()
    zensical = venv / "bin" / "zensical"
    zensical.write_text("#!/bin/sh\necho 'Error: theme material not found' >&2\nexit 1\n", encoding="utf-8")
    zensical.chmod(0o755)
    monkeypatch.setattr(canary, "install", lambda venv, root: (True, ""))
    root = _site(tmp_path, "  - kc")
    built, text = canary.report(root, venv, tmp_path / "work")
    assert not built and "**failed** (0 HTML files" in text and "Error: theme material not found" in text
    assert (tmp_path / "work" / "mkdocs.yml").exists()  # it built a copy, never the site itself


def test_main_refuses_a_folder_without_mkdocs_yml(tmp_path, capsys):
    assert canary.main(["--root", str(tmp_path)]) == 2
    assert "mkdocs.yml: no such file" in capsys.readouterr().err


def test_error_lines_are_picked_from_noise():
    said = "Collecting x\nTraceback (most recent call last):\n  File y\n"
    said += "ModuleNotFoundError: No module named 'z'\n"
    assert canary._errors(said) == "ModuleNotFoundError: No module named 'z'"
    assert canary._errors("just output\n") == "just output"
