"""Signed editions: the signature covers manifest, edition.json and sizes; `kc verify` trusts the shipped keys
only; keys come from the environment or a file outside the project and never end up in the edition."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conftest import ROOT, make_centre_key
from kc.cli import main
from kc.edition import signing
from kc.edition.verify import MANIFEST, verify, write_manifest
from test_verify import FILES, SIGNED_AT, TOP, _folder, _zip


def _kc_verify(path: Path, capsys, *options: str) -> tuple[int, str, str]:
    code = main(["--root", str(ROOT), "verify", *options, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _raw_b64(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    return base64.b64encode(raw).decode()


# --- verifying ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_a_valid_signature_names_signer_key_fingerprint_and_time(tmp_path, capsys, centre_key, packed):
    folder = _folder(tmp_path, centre_key)
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    fingerprint = signing.key_fingerprint(signing.raw_public(centre_key))
    assert (code, out) == (0, "")
    assert (f"edition 2026-11-24 abc1234, signed by Test centre, key test-key (fingerprint {fingerprint}), "
            "on 2026-11-24T12:00:00Z") in err
    assert "integrity only" not in err


def test_the_signature_publishes_date_commit_hashes_and_sizes(tmp_path, centre_key):
    folder = _folder(tmp_path, centre_key)
    payload = json.loads((folder / signing.SIGNATURE).read_text(encoding="utf-8"))["payload"]
    assert payload["edition"] == {"date": "2026-11-24", "commit": "abc1234"}
    assert payload["sizes"] == {rel: len(text.encode()) for rel, text in FILES.items()}
    assert set(payload) >= {"manifest_sha256", "edition_json_sha256", "key_id", "fingerprint", "signer",
                            "signed_at"}


def test_an_unsigned_edition_is_refused_unless_only_integrity_is_asked_for(tmp_path, capsys, centre_key):
    folder = _folder(tmp_path)  # no signature
    code, out, err = _kc_verify(folder, capsys)
    assert code == 1 and out.splitlines() == [
        "signature: the edition is not signed (signature.json is missing or not a plain file); it may be a "
        "preview or a forgery, so nothing shows it comes from the centre"]
    assert "the edition's origin is not proven" in err
    code, out, err = _kc_verify(folder, capsys, "--integrity-only")
    assert (code, out) == (0, "")
    assert ("integrity only: the signature was NOT checked; this does not prove the edition comes from the "
            "centre") in err and f"all {len(FILES)} files match" in err


def test_a_signature_by_another_key_is_refused(tmp_path, capsys, centre_key, monkeypatch):
    stranger, stranger_keys = make_centre_key(tmp_path, "stranger")
    monkeypatch.setattr(signing, "KEYS_FILE", stranger_keys)
    folder = _folder(tmp_path, stranger)  # signed with a key kc does not ship
    monkeypatch.setattr(signing, "KEYS_FILE", tmp_path / "test-key-keys.json")
    code, out, _ = _kc_verify(folder, capsys)
    fingerprint = signing.key_fingerprint(signing.raw_public(stranger))
    assert code == 1 and out.splitlines() == [
        f"signature: signed with a key that is not one of the centre's (fingerprint {fingerprint}); the "
        "edition may be forged"]
    # Even when the signature file claims the trusted key's fingerprint.
    sig = json.loads((folder / signing.SIGNATURE).read_text(encoding="utf-8"))
    sig["payload"]["fingerprint"] = signing.key_fingerprint(signing.raw_public(centre_key))
    (folder / signing.SIGNATURE).write_text(json.dumps(sig), encoding="utf-8")
    code, out, _ = _kc_verify(folder, capsys)
    assert code == 1 and out.startswith("signature: the signature does not match key test-key")


def _forge_page_and_manifest(folder: Path) -> None:
    """What a forger does: change a page, then rewrite the manifest so that every checksum matches."""
    (folder / "index.html").write_text("<p>Forged</p>", encoding="utf-8")
    write_manifest(folder)


def _edit_signature(change):
    def tamper(folder: Path) -> None:
        doc = json.loads((folder / signing.SIGNATURE).read_text(encoding="utf-8"))
        change(doc)
        (folder / signing.SIGNATURE).write_text(json.dumps(doc), encoding="utf-8")
    return tamper


TAMPERED = [
    ("page and manifest", _forge_page_and_manifest,
     "signature: manifest.sha256 was changed after the edition was signed"),
    # Both listed by the manifest, but only the signature can tell which edition.json is the centre's.
    ("edition.json", lambda f: (f / "edition.json").write_text('{"date": "2027-01-01", "commit": "abc1234"}'),
     "signature: edition.json was changed after the edition was signed"),
    ("signing time", _edit_signature(lambda d: d["payload"].update(signed_at="2030-01-01T00:00:00Z")),
     "signature: the signature does not match key test-key"),
    ("a size", _edit_signature(lambda d: d["payload"]["sizes"].update({"index.html": 10**9})),
     "signature: the signature does not match key test-key"),
    ("signature bytes", _edit_signature(lambda d: d.update(signature=base64.b64encode(bytes(64)).decode())),
     "signature: the signature does not match key test-key"),
    ("not json", lambda f: (f / signing.SIGNATURE).write_text("{", encoding="utf-8"),
     "signature: signature.json is not valid JSON"),
    ("a key twice", lambda f: (f / signing.SIGNATURE).write_text('{"payload": {}, "payload": {}}'),
     "signature: signature.json: a key appears twice"),
    ("removed", lambda f: (f / signing.SIGNATURE).unlink(), "signature: the edition is not signed"),
]


@pytest.mark.parametrize("packed", ["folder", "zip"])
@pytest.mark.parametrize(("kind", "tamper", "expected"), TAMPERED, ids=[t[0] for t in TAMPERED])
def test_tampering_after_signing_is_refused(tmp_path, capsys, centre_key, packed, kind, tamper, expected):
    folder = _folder(tmp_path, centre_key)
    tamper(folder)
    path = folder if packed == "folder" else _zip(folder, tmp_path / f"{TOP}.zip")
    code, out, err = _kc_verify(path, capsys)
    assert code == 1 and out.splitlines()[0].startswith(expected)
    assert "do not use it" in err


def _trusting(tmp_path, monkeypatch, key, **fields) -> None:
    entry = {"id": "test-key", "signer": "Test centre", "valid_from": "2000-01-01",
             "public_key": base64.b64encode(signing.raw_public(key)).decode(), **fields}
    path = tmp_path / "rotated-keys.json"
    path.write_text(json.dumps({"keys": [entry]}), encoding="utf-8")
    monkeypatch.setattr(signing, "KEYS_FILE", path)


def test_a_key_retired_after_signing_still_verifies_older_editions(tmp_path, capsys, centre_key, monkeypatch):
    folder = _folder(tmp_path, centre_key)  # signed 2026-11-24
    _trusting(tmp_path, monkeypatch, centre_key, retired="2027-01-01")
    code, out, err = _kc_verify(folder, capsys)
    assert (code, out) == (0, "") and "(key retired on 2027-01-01, signed before that)" in err


def test_a_signature_made_after_the_key_was_retired_is_refused(tmp_path, capsys, centre_key, monkeypatch):
    folder = _folder(tmp_path, centre_key)
    _trusting(tmp_path, monkeypatch, centre_key, retired="2026-06-01")
    code, out, _ = _kc_verify(folder, capsys)
    assert code == 1 and out.splitlines() == [
        "signature: signed on 2026-11-24 with key test-key, which was not valid then (valid from 2000-01-01, "
        "retired 2026-06-01)"]


def test_a_revoked_key_is_refused_whenever_it_signed(tmp_path, capsys, centre_key, monkeypatch):
    folder = _folder(tmp_path, centre_key)
    _trusting(tmp_path, monkeypatch, centre_key, revoked=True)
    code, out, _ = _kc_verify(folder, capsys)
    assert code == 1 and out.startswith("signature: key test-key is revoked")


def test_a_retired_key_cannot_sign_new_editions(tmp_path, centre_key, monkeypatch):
    _trusting(tmp_path, monkeypatch, centre_key, retired="2026-06-01")
    with pytest.raises(signing.SigningError, match="key test-key is retired 2026-06-01; sign with the"):
        signing.signer_for(centre_key, dt.date(2026, 11, 24))


def test_the_shipped_keys_are_readable_and_none_is_a_test_key():
    keys = signing.load_trusted_keys()
    assert keys and all(len(k.public) == 32 and k.signer for k in keys)
    assert len({k.fingerprint for k in keys}) == len(keys) == len({k.id for k in keys})


def test_a_malformed_keys_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "keys.json"
    entry = {"id": "x", "signer": "y", "public_key": "AAAA", "valid_from": "2026-01-01"}  # 3 bytes, not 32
    path.write_text(json.dumps({"keys": [entry]}), encoding="utf-8")
    with pytest.raises(signing.SigningError, match=r"keys.json: key entry 1 is malformed"):
        signing.load_trusted_keys(path)


def test_verify_of_an_edition_signed_with_the_same_key_twice_is_stable(tmp_path, centre_key):
    """Ed25519 is deterministic: the same content and time give the same signature file."""
    first = (_folder(tmp_path / "a", centre_key) / signing.SIGNATURE).read_bytes()
    second = (_folder(tmp_path / "b", centre_key) / signing.SIGNATURE).read_bytes()
    assert first == second and verify(tmp_path / "a/unpacked" / TOP).ok


# --- loading the private key ----------------------------------------------------------------------------

def test_the_key_comes_from_the_environment_as_pem_or_base64(tmp_path):
    key = Ed25519PrivateKey.generate()
    for value in (_pem(key).decode(), _raw_b64(key)):
        loaded = signing.load_private_key(tmp_path, None, {"KC_SIGNING_KEY": value})
        assert signing.raw_public(loaded) == signing.raw_public(key)


def test_the_key_comes_from_a_file_outside_the_project(tmp_path):
    key = Ed25519PrivateKey.generate()
    (tmp_path / "project").mkdir()
    (tmp_path / "key.pem").write_bytes(_pem(key))
    env_file = {"KC_SIGNING_KEY_FILE": str(tmp_path / "key.pem")}
    for given, env in ((tmp_path / "key.pem", {}), (None, env_file)):
        loaded = signing.load_private_key(tmp_path / "project", given, env)
        assert signing.raw_public(loaded) == signing.raw_public(key)
    assert signing.load_private_key(tmp_path / "project", None, {}) is None


BAD_KEYS = [
    ("inside the project", lambda t: (t / "project/keys").mkdir() or _write(t / "project/keys/k.pem"),
     "is inside the project folder"),
    ("given twice", lambda t: _write(t / "k.pem"), "given more than once"),
    ("not a key", lambda t: _bytes(t / "k.pem", b"SECRET-NOT-A-KEY"), "not an Ed25519 private key"),
    ("passphrase", lambda t: _write(t / "k.pem", serialization.BestAvailableEncryption(b"pw")),
     "protected by a passphrase"),
    ("another algorithm", lambda t: _bytes(t / "k.pem", ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
     "not an Ed25519 key"),
    ("missing file", lambda t: t / "nowhere.pem", "cannot read"),
]


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write(path: Path, encryption=None) -> Path:
    key = Ed25519PrivateKey.generate()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       encryption or serialization.NoEncryption()))
    return path


@pytest.mark.parametrize(("kind", "make", "message"), BAD_KEYS, ids=[b[0] for b in BAD_KEYS])
def test_a_bad_key_source_is_refused_without_showing_the_key(tmp_path, kind, make, message):
    (tmp_path / "project").mkdir()
    path = make(tmp_path)
    env = {"KC_SIGNING_KEY": "AAAA"} if kind == "given twice" else {}
    with pytest.raises(signing.SigningError, match=message) as exc:
        signing.load_private_key(tmp_path / "project", path, env)
    text = path.read_bytes() if path.exists() else b""
    assert not text or text.decode(errors="replace") not in str(exc.value)
    assert "SECRET" not in str(exc.value) and "BEGIN" not in str(exc.value)


def test_a_key_not_among_the_shipped_ones_cannot_sign(tmp_path, centre_key):
    with pytest.raises(signing.SigningError, match="is not among the centre's keys"):
        signing.signer_for(Ed25519PrivateKey.generate(), dt.date(2026, 11, 24))


def test_the_manifest_and_signature_are_not_in_the_manifest(tmp_path, centre_key):
    folder = _folder(tmp_path, centre_key)
    listed = (folder / MANIFEST).read_text(encoding="utf-8")
    assert signing.SIGNATURE not in listed and f"  {MANIFEST}" not in listed
    assert SIGNED_AT.date().isoformat() in (folder / signing.SIGNATURE).read_text(encoding="utf-8")


def test_no_tracked_file_holds_a_private_key():
    """Only public keys ship: a private key in the repository would let anyone sign editions."""
    import subprocess

    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    marker = b"PRIVATE " + b"KEY-----"  # split, so this file does not match itself
    leaks = [name for name in out.decode().split("\0") if name and (ROOT / name).is_file()
             and marker in (ROOT / name).read_bytes()]
    assert leaks == []
    shipped = sorted(p.name for p in signing.KEYS_FILE.parent.iterdir())
    assert shipped == [signing.KEYS_FILE.name]
