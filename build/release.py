"""Sign a release and write its update manifest.

    python build/release.py keygen --out ~/secure/cliens-tk-release.pem
    python build/release.py sign --key ~/secure/cliens-tk-release.pem \\
        --file linux=dist/cliens-tk --url linux=https://.../cliens-tk-0.2.0-linux \\
        --changes CHANGES-0.2.0.txt --out dist/manifest.json
    python build/release.py verify dist/manifest.json --file linux=dist/cliens-tk

The private key is read from ``--key`` or the ``CLIENS_TK_RELEASE_KEY`` environment variable (a
path); it must never be committed. ``keygen`` prints the public key to put in
``cliens_tk/security/release_signing.py`` (``TRUSTED_PUBLIC_KEYS``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cliens_tk import APP_NAME, __version__  # noqa: E402
from cliens_tk.security import release_signing as signing  # noqa: E402
from cliens_tk.services.updates import MANIFEST_FORMAT, release_from_manifest  # noqa: E402

PLATFORMS = ("linux", "windows", "macos")


def _pairs(values: list[str], what: str) -> dict[str, str]:
    result = {}
    for value in values or []:
        platform, sep, rest = value.partition("=")
        if not sep or platform not in PLATFORMS or not rest:
            raise SystemExit(f"--{what} wants PLATFORM=VALUE with PLATFORM in {', '.join(PLATFORMS)}: {value!r}")
        result[platform] = rest
    return result


def _key_path(args) -> Path:
    path = args.key or os.environ.get("CLIENS_TK_RELEASE_KEY")
    if not path:
        raise SystemExit("the private key: --key PATH or CLIENS_TK_RELEASE_KEY=PATH")
    return Path(path).expanduser()


def build_manifest(version: str, files: dict[str, Path], urls: dict[str, str], changes: list[str],
                   released: str | None = None) -> dict:
    entries = {}
    for platform, path in files.items():
        if platform not in urls:
            raise SystemExit(f"no --url for {platform}")
        entries[platform] = {"url": urls[platform], "name": Path(urls[platform]).name or path.name,
                             "size": path.stat().st_size, "sha256": signing.sha256_file(path)}
    return {"app": APP_NAME, "format": MANIFEST_FORMAT, "version": version,
            "released": released or dt.date.today().isoformat(), "changes": changes, "files": entries}


def cmd_keygen(args) -> int:
    out = Path(args.out).expanduser()
    if out.exists():
        raise SystemExit(f"{out} exists: not overwritten")
    key = signing.generate_private_key()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(signing.private_key_pem(key))
    print(f"private key written to {out} (keep it secret, never commit it)")
    print(f"public key for TRUSTED_PUBLIC_KEYS: {signing.public_key_text(key)}")
    return 0


def cmd_sign(args) -> int:
    key = signing.load_private_key(_key_path(args))
    files = {platform: Path(path) for platform, path in _pairs(args.file, "file").items()}
    if not files:
        raise SystemExit("at least one --file PLATFORM=PATH")
    changes: list[str] = []
    if args.changes:
        changes = [line.strip().lstrip("-* ").strip() for line in Path(args.changes).read_text(encoding="utf-8")
                   .splitlines() if line.strip()]
    changes += args.change or []
    manifest = signing.sign_manifest(
        build_manifest(args.version, files, _pairs(args.url, "url"), changes, args.released), key)
    public = signing.public_key_text(key)
    if public not in signing.TRUSTED_PUBLIC_KEYS:
        print(f"WARNING: this key ({public}) is not among the app's TRUSTED_PUBLIC_KEYS: "
              "the installed programs will refuse this release", file=sys.stderr)
    out = Path(args.out)
    out.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"manifest for {APP_NAME} {args.version} ({', '.join(sorted(files))}) written to {out}")
    return 0


def cmd_verify(args) -> int:
    manifest = json.loads(Path(args.manifest).read_text(encoding="utf-8"))
    keys = args.public_key or None
    problems = 0
    for platform in sorted(manifest.get("files", {})):
        release = release_from_manifest(manifest, platform, keys)  # raises on a bad signature
        print(f"{platform}: version {release.version}, {release.size} bytes, signature ok")
    for platform, path in _pairs(args.file, "file").items():
        release = release_from_manifest(manifest, platform, keys)
        digest = signing.sha256_file(Path(path))
        status = "ok" if digest == release.sha256 and Path(path).stat().st_size == release.size else "MISMATCH"
        problems += status != "ok"
        print(f"{platform}: {path} sha256 {status}")
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="build/release.py", description="sign cliens-tk releases")
    commands = parser.add_subparsers(dest="command", required=True)
    keygen = commands.add_parser("keygen", help="create a release key pair")
    keygen.add_argument("--out", required=True, help="where to write the PRIVATE key (PEM, mode 600)")
    sign = commands.add_parser("sign", help="write the signed manifest of a release")
    sign.add_argument("--key", help="private key file (else $CLIENS_TK_RELEASE_KEY)")
    sign.add_argument("--version", default=__version__, help=f"release version (default {__version__})")
    sign.add_argument("--file", action="append", metavar="PLATFORM=PATH", help="the built file of a platform")
    sign.add_argument("--url", action="append", metavar="PLATFORM=URL", help="where users download it")
    sign.add_argument("--changes", metavar="FILE", help="list of changes, one per line (Italian)")
    sign.add_argument("--change", action="append", metavar="TEXT", help="one change (repeatable)")
    sign.add_argument("--released", metavar="YYYY-MM-DD")
    sign.add_argument("--out", default="dist/manifest.json")
    verify = commands.add_parser("verify", help="check a manifest (and files) like the app does")
    verify.add_argument("manifest")
    verify.add_argument("--file", action="append", metavar="PLATFORM=PATH")
    verify.add_argument("--public-key", action="append", help="trust this key instead of the built-in ones")
    args = parser.parse_args(argv)
    try:
        return {"keygen": cmd_keygen, "sign": cmd_sign, "verify": cmd_verify}[args.command](args)
    except Exception as exc:  # a release tool: one clear line
        if isinstance(exc, SystemExit):
            raise
        print(f"release.py: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
