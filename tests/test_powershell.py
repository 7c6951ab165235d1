"""verify.ps1, the Windows check shipped in every edition. PowerShell cannot run here, so the script's text
is checked: what it reads, what it skips, what it says it proves, and its patterns against real and hostile
manifest lines (the patterns are .NET regular expressions that Python reads the same way)."""

from __future__ import annotations

import re

import pytest

from kc.edition import powershell, signing
from kc.edition.verify import MANIFEST, UNLISTED, manifest_text


@pytest.fixture
def script(tmp_path) -> str:
    powershell.write(tmp_path)
    data = (tmp_path / powershell.SCRIPT).read_bytes()
    # Windows PowerShell 5.1 reads a file without a byte-order mark in the local code page.
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    return data[3:].decode("utf-8").replace("\r\n", "\n")


def _code(script: str) -> str:
    return "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("#"))


def test_it_hashes_every_file_with_get_filehash_against_the_manifest(script):
    code = _code(script)
    assert f"Join-Path $root '{MANIFEST}'" in code
    assert "Get-FileHash -LiteralPath $found[$rel] -Algorithm SHA256" in code
    assert 'Write-Output "missing: $rel"' in code and 'Write-Output "modified: $rel"' in code
    assert 'Write-Output "unexpected: $rel"' in code


def test_the_files_it_does_not_expect_in_the_manifest_are_those_kc_verify_skips(script):
    listed = re.search(r"\$unlisted = @\(([^)]*)\)", _code(script)).group(1)
    assert set(re.findall(r"'([^']+)'", listed)) == UNLISTED == {MANIFEST, signing.SIGNATURE}


def test_it_reports_links_and_junctions_instead_of_following_them(script):
    code = _code(script)
    assert "[System.IO.FileAttributes]::ReparsePoint" in code
    assert "-Recurse" not in code  # it walks the folders itself, skipping reparse points


def test_its_header_says_what_it_proves_and_what_it_cannot(script):
    header = script.split("param(")[0]
    for lang_words in (("stämmer med listan", "kan INTE visa att manifest.sha256 är äkta", "kc verify"),
                       ("matches the list in manifest.sha256", "can NOT show that manifest.sha256 is genuine",
                        "Only the signature check (kc verify)")):
        for words in lang_words:
            assert words in " ".join(header.replace("#", " ").split()), words
    assert 'SHA-256 of manifest.sha256: $manifestHash' in script  # to compare with the published value


def test_its_exit_codes_are_those_its_header_promises(script):
    assert "# Exit code 0: every file matches the manifest; 1: a problem (listed); 2: no manifest." in script
    code = _code(script)
    assert code.count("exit 0") == 1 and "exit 1" in code and "exit 2" in code


def test_its_code_is_ascii_and_its_braces_and_parentheses_balance(script):
    code = _code(script)
    assert code.isascii()
    for opening, closing in ("{}", "()", "[]"):
        assert code.count(opening) == code.count(closing), opening


def _pattern(script: str, var: str) -> list[re.Pattern]:
    """The .NET patterns the script matches `var` against (PowerShell's -match ignores case)."""
    return [re.compile(p, re.IGNORECASE) for p in re.findall(rf"\${var} -(?:not)?match '([^']+)'", script)]


def test_its_manifest_pattern_reads_real_manifest_lines(script):
    (line_re,) = _pattern(script, "line")
    text = manifest_text({"index.html": b"x", "en/om oss.html": b"y", "assets/å.css": b"z"})
    for line in text.splitlines():
        m = line_re.match(line)
        assert m and len(m.group(1)) == 64 and m.group(2) in line
    assert not line_re.match("0" * 64 + " index.html")


@pytest.mark.parametrize(("name", "unsafe"), [
    ("index.html", False), ("assets/kc/kc.css", False), ("en/..x.html", False),
    ("../evil.html", True), ("a/../../evil.html", True), ("/etc/passwd", True), ("C:/Windows/x", True),
    ("a\\b.html", True), ("index.html:stream", True),
])
def test_its_name_check_refuses_names_outside_the_folder(script, name, unsafe):
    patterns = _pattern(script, "rel")
    assert any(p.search(name) for p in patterns) == unsafe
