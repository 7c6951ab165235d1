"""The `kc bundle` and `kc verify` subcommands: thin layers over kc.build (bundling) and kc.edition."""

from __future__ import annotations

import argparse
import sys

from kc.content.errors import UserError, fail


def cmd_bundle(args: argparse.Namespace) -> int:
    """Build the offline edition (zip with manifest, signed) into --out; print its path."""
    import hashlib
    import zipfile

    from kc.build import make_bundle
    from kc.content.errors import BuildError
    from kc.edition.info import SITE_INPUTS, has_local_changes
    from kc.edition.signing import KEY_ENV, KEY_FILE_ENV, SigningError, load_private_key

    try:
        key = load_private_key(args.root, args.key)
    except SigningError as exc:
        return fail(f"bundle: {exc}")
    if key is None and not args.unsigned:
        return fail(f"bundle: no signing key: set ${KEY_ENV} (PEM or base64) or ${KEY_FILE_ENV}, or pass "
                    "--key FILE (outside the project); for a local preview pass --unsigned, which kc verify "
                    "then refuses")
    if key is not None and args.unsigned:
        return fail("bundle: --unsigned and a signing key were both given; choose one")
    try:
        path = make_bundle(args.root, args.out if args.out.is_absolute() else args.root / args.out, key=key)
    except (BuildError, SigningError) as exc:
        return fail(f"bundle failed, earlier bundles and site/ were left untouched: {exc}")
    print(path)
    with zipfile.ZipFile(path) as zf:
        top = path.name.removesuffix(".zip")
        digest = hashlib.sha256(zf.read(f"{top}/manifest.sha256")).hexdigest()
    if key is None:
        print("kc bundle: warning: the edition is NOT signed (--unsigned): use it as a preview only",
              file=sys.stderr)
    else:
        print(f"kc bundle: signed; SHA-256 of manifest.sha256: {digest} (publish it beside the edition, "
              "for administrators who check with verify.ps1)", file=sys.stderr)
    if path.name.endswith("-unknown.zip"):
        print(
            f"kc bundle: warning: git could not name the commit of {args.root.resolve()}, so the edition is "
            "called 'unknown'; build from a git checkout (as root in someone else's checkout: "
            "git config --global --add safe.directory <folder>)",
            file=sys.stderr,
        )
    elif has_local_changes(args.root):
        print(
            f"kc bundle: warning: {', '.join(SITE_INPUTS)} have uncommitted changes, so the commit in "
            "the edition's name does not describe its content; commit first for an edition to hand out",
            file=sys.stderr,
        )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check an edition (zip or folder): its signature, then its files against the manifest."""
    from kc.edition.signing import SigningError
    from kc.edition.verify import VerifyError, verify

    try:
        report = verify(args.path, integrity_only=args.integrity_only)
    except (VerifyError, SigningError) as exc:
        raise UserError(str(exc)) from None
    for line in report.lines():
        print(line)
    if report.signed is not None:
        s = report.signed
        note = f" ({s.note})" if s.note else ""
        print(f"kc verify: {args.path}: edition {s.edition}, signed by {s.key.signer}, key {s.key.id} "
              f"(fingerprint {s.key.fingerprint}), on {s.signed_at}{note}", file=sys.stderr)
    if args.integrity_only:
        print(f"kc verify: {args.path}: integrity only: the signature was NOT checked; this does not prove "
              "the edition comes from the centre", file=sys.stderr)
    # Links, devices and unsafe names are verify's to report, once; the scan reads a folder free of them.
    unsafe = _scan_edition(args.path) if not report.unsafe else []
    if not report.ok:
        what = "the edition was altered" if not report.files_ok else "the edition's origin is not proven"
        print(f"kc verify: {args.path}: {len(report.lines())} problem(s); {what}; do not use it, obtain it "
              "again from the centre", file=sys.stderr)
        return 1
    if unsafe:
        return 1
    print(f"kc verify: {args.path}: all {report.checked} files match the manifest", file=sys.stderr)
    return 0


def _scan_edition(path) -> list:
    """The output scan of an edition (outputscan.py), printed as its own section: 'unsafe content: ...'."""
    from kc.edition.outputscan import scan_edition

    found = scan_edition(path)
    for f in found:
        print(f"unsafe content: {f}")
    if found:
        print(f"kc verify: {path}: {len(found)} unsafe thing(s) in the pages or files (output scan); do not "
              "publish this edition, get it again from its source", file=sys.stderr)
    else:
        print(f"kc verify: {path}: output scan: no foreign scripts, event handlers, outside resources or "
              "unknown files", file=sys.stderr)
    return found
