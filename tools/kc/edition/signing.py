"""Signed editions: the centre's Ed25519 key signs what an edition holds; `kc verify` checks it.

The manifest proves that files match it, not where it came from: anyone can rewrite it to match forged
pages. The signature covers the manifest's SHA-256, edition.json's SHA-256, the edition's date and commit
and every listed file's size, so none of them can be changed without the centre's private key. The public
keys that `kc verify` trusts ship with the project (keys/centre-keys.json); the private key never does.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

import kc

# From the package root, not this file's folder: the module may move within the package.
KEYS_FILE = Path(kc.__file__).resolve().parent / "keys" / "centre-keys.json"
SIGNATURE = "signature.json"
FORMAT = "kc-edition-signature/1"
# Signed bytes start with this line, so a signature made for anything else never passes as ours.
DOMAIN = (FORMAT + "\n").encode()
KEY_ENV, KEY_FILE_ENV = "KC_SIGNING_KEY", "KC_SIGNING_KEY_FILE"
MAX_KEY_FILE = 64 * 1024


class SigningError(Exception):
    """A key cannot be loaded or used, or a signature does not hold; the message says why (never the key)."""


@dataclass(frozen=True)
class TrustedKey:
    """A public key of the centre: who it speaks for, since when, and whether it is retired or revoked."""

    id: str
    signer: str
    public: bytes
    valid_from: dt.date
    retired: dt.date | None = None
    revoked: bool = False

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public)

    def status(self) -> str:
        if self.revoked:
            return "revoked"
        return f"retired {self.retired.isoformat()}" if self.retired else "in use"


@dataclass(frozen=True)
class Signed:
    """A signature that holds: the key that made it, when, and the file sizes it publishes."""

    key: TrustedKey
    signed_at: str
    sizes: dict[str, int]
    note: str = ""
    edition: str = ""  # '<date> <commit>' as signed: an old edition renamed to look new still shows its date


def key_fingerprint(public: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, in groups of four hex digits (easy to read out loud)."""
    digest = hashlib.sha256(public).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 64, 4))


def raw_public(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The raw 32 bytes of a public key (of the private key's public half)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _strict_json(data: bytes, what: str):
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise SigningError(f"{what}: a key appears twice")
        return dict(items)

    def constant(name):
        raise SigningError(f"{what}: {name} is not allowed")

    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=pairs, parse_constant=constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SigningError(f"{what} is not valid JSON") from None


def load_trusted_keys(path: Path | None = None) -> list[TrustedKey]:
    """The centre's public keys from `path` (default: the shipped keys file)."""
    path = Path(path or KEYS_FILE)
    try:
        data = _strict_json(path.read_bytes(), str(path))
        keys: list[TrustedKey] = []
        for item in data["keys"]:
            public = base64.b64decode(item["public_key"], validate=True)
            if len(public) != 32:
                raise ValueError("public_key is not 32 bytes")
            retired = item.get("retired")
            keys.append(TrustedKey(str(item["id"]), str(item["signer"]), public,
                                   dt.date.fromisoformat(item["valid_from"]),
                                   dt.date.fromisoformat(retired) if retired else None,
                                   item.get("revoked", False) is True))
    except OSError as exc:
        raise SigningError(f"cannot read the trusted keys in {path}: {exc.strerror}") from None
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise SigningError(f"{path}: key entry {len(keys) + 1} is malformed ({exc}); see the hosting guide, "
                           "key rotation") from None
    return keys


def trusted_keys() -> list[TrustedKey]:
    """The keys `kc verify` trusts: those shipped in KEYS_FILE."""
    return load_trusted_keys(KEYS_FILE)


def parse_private_key(data: bytes, source: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (PKCS#8) or base64 of its 32 raw bytes; `source` names it in errors."""
    if b"-----BEGIN" in data:
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except TypeError:
            raise SigningError(f"{source}: the key is protected by a passphrase; give kc the key without "
                               "one, from the CI's secret store") from None
        except (ValueError, UnsupportedAlgorithm):
            raise SigningError(f"{source}: not a readable PEM private key") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningError(f"{source}: not an Ed25519 key; the centre signs with Ed25519")
        return key
    try:
        raw = base64.b64decode(b"".join(data.split()), validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != 32:
        raise SigningError(f"{source}: not an Ed25519 private key (PEM, or base64 of its 32 raw bytes)")
    return Ed25519PrivateKey.from_private_bytes(raw)


def load_private_key(root: Path, key_file: Path | None, environ: Mapping[str, str] = os.environ):
    """The signing key from --key FILE, $KC_SIGNING_KEY_FILE or $KC_SIGNING_KEY; None when none is given.

    A key file inside the project is refused: a key there is one `git add` away from being published.
    """
    given = [(s, v) for s, v in (("--key", key_file), (KEY_FILE_ENV, environ.get(KEY_FILE_ENV)),
                                 (KEY_ENV, environ.get(KEY_ENV))) if v]
    if len(given) > 1:
        raise SigningError(f"the signing key is given more than once ({', '.join(s for s, _ in given)}); "
                           "give it one way only")
    if not given:
        return None
    source, value = given[0]
    if source == KEY_ENV:
        return parse_private_key(value.encode("utf-8", "replace"), f"${KEY_ENV}")
    path = Path(value).expanduser().resolve()
    if path.is_relative_to(Path(root).resolve()):
        raise SigningError(f"{source}: {path} is inside the project folder; keep the private key outside "
                           "the repository (a CI secret, or a file elsewhere with mode 600)")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise SigningError(f"{source}: cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_KEY_FILE:
        raise SigningError(f"{source}: {path} is too large to be a key file")
    return parse_private_key(data, f"{source} {path}")


def key_traces(key: Ed25519PrivateKey) -> list[bytes]:
    """The forms in which the private key could leak into files: raw, hex, base64, the lines of its PEM."""
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return [raw, raw.hex().encode(), base64.b64encode(raw).rstrip(b"=")] + [
        line for line in pem.splitlines() if not line.startswith(b"-----")]


def signer_for(key: Ed25519PrivateKey, today: dt.date, keys: list[TrustedKey] | None = None) -> TrustedKey:
    """The shipped key that `key` is the private half of; refused when unknown, not yet valid, retired."""
    fingerprint = key_fingerprint(raw_public(key))
    found = [k for k in (keys if keys is not None else trusted_keys()) if k.fingerprint == fingerprint]
    if not found:
        raise SigningError(f"the signing key (fingerprint {fingerprint}) is not among the centre's keys in "
                           f"{KEYS_FILE.name}; add its public key there first (hosting guide, key rotation)")
    trusted = found[0]
    if trusted.revoked or trusted.retired:
        raise SigningError(f"key {trusted.id} is {trusted.status()}; sign with the centre's current key")
    if today < trusted.valid_from:
        raise SigningError(f"key {trusted.id} is valid from {trusted.valid_from}; it cannot sign yet")
    return trusted


def canonical(payload: dict) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, ASCII only."""
    return DOMAIN + json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def sign(key: Ed25519PrivateKey, trusted: TrustedKey, edition: dict, manifest: bytes, edition_json: bytes,
         sizes: dict[str, int], signed_at: dt.datetime) -> bytes:
    """The text of signature.json for an edition with these manifest and edition.json bytes and sizes."""
    payload = {
        "format": FORMAT,
        "edition": {"date": edition["date"], "commit": edition["commit"]},
        "key_id": trusted.id,
        "fingerprint": trusted.fingerprint,
        "signer": trusted.signer,
        "signed_at": signed_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
        "edition_json_sha256": hashlib.sha256(edition_json).hexdigest(),
        "sizes": dict(sorted(sizes.items())),
    }
    signature = base64.b64encode(key.sign(canonical(payload))).decode("ascii")
    doc = {"payload": payload, "signature": signature}
    return (json.dumps(doc, indent=2, ensure_ascii=True) + "\n").encode("ascii")


def _payload(data: bytes) -> tuple[dict, bytes]:
    doc = _strict_json(data, SIGNATURE)
    if not isinstance(doc, dict) or not isinstance(doc.get("payload"), dict) \
            or not isinstance(doc.get("signature"), str):
        raise SigningError(f"{SIGNATURE} is not a kc edition signature")
    payload = doc["payload"]
    if payload.get("format") != FORMAT:
        raise SigningError(f"{SIGNATURE} has format {payload.get('format')!r}, this kc reads {FORMAT}; "
                           "use a current kc")
    try:
        signature = base64.b64decode(doc["signature"], validate=True)
    except binascii.Error:
        raise SigningError(f"{SIGNATURE}: the signature is not base64") from None
    return payload, signature


def check(data: bytes, manifest: bytes | None, edition_json: bytes | None,
          keys: list[TrustedKey] | None = None) -> Signed:
    """Check signature.json's bytes against the trusted keys and what it covers; raise SigningError."""
    payload, signature = _payload(data)
    keys = keys if keys is not None else trusted_keys()
    found = [k for k in keys if k.fingerprint == payload.get("fingerprint")]
    if not found:
        raise SigningError(f"signed with a key that is not one of the centre's (fingerprint "
                           f"{payload.get('fingerprint')}); the edition may be forged")
    key = found[0]
    try:
        Ed25519PublicKey.from_public_bytes(key.public).verify(signature, canonical(payload))
    except (InvalidSignature, ValueError, TypeError):
        raise SigningError(f"the signature does not match key {key.id}: {SIGNATURE} was changed, or made "
                           "with another key") from None
    # From here on the payload is the centre's own words.
    if (payload.get("key_id"), payload.get("signer")) != (key.id, key.signer):
        raise SigningError(f"the signature names key {payload.get('key_id')!r}, the shipped list {key.id!r}")
    if key.revoked:
        raise SigningError(f"key {key.id} is revoked: editions signed with it are not to be trusted; get a "
                           "new edition from the centre")
    try:
        when = dt.datetime.strptime(payload["signed_at"], "%Y-%m-%dT%H:%M:%SZ").date()
    except (KeyError, TypeError, ValueError):
        raise SigningError(f"{SIGNATURE}: no readable signing time") from None
    if when < key.valid_from or (key.retired and when >= key.retired):
        raise SigningError(f"signed on {when} with key {key.id}, which was not valid then "
                           f"(valid from {key.valid_from}, {key.status()})")
    for name, data_, field in (("manifest.sha256", manifest, "manifest_sha256"),
                               ("edition.json", edition_json, "edition_json_sha256")):
        if data_ is None:
            raise SigningError(f"{name} is missing or unreadable, so the signature covers nothing here")
        if hashlib.sha256(data_).hexdigest() != payload.get(field):
            raise SigningError(f"{name} was changed after the edition was signed")
    sizes = payload.get("sizes")
    if not isinstance(sizes, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in sizes.values()):
        raise SigningError(f"{SIGNATURE}: the list of file sizes is malformed")
    note = f"key retired on {key.retired}, signed before that" if key.retired else ""
    ed = payload.get("edition")
    edition = f"{ed.get('date')} {ed.get('commit')}" if isinstance(ed, dict) else "?"
    return Signed(key, payload["signed_at"], sizes, note, edition)
