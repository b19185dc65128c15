"""Signed releases: the update manifest carries an Ed25519 signature made with the project's key.

The manifest is JSON; the signature covers its canonical form (sorted keys, no spaces, UTF-8)
without the ``signature`` member, so the version, the per-OS file URLs, their SHA-256 and the list
of changes are all protected, and the file hash then protects the download itself.

Only public keys are in the app (``TRUSTED_PUBLIC_KEYS``; more than one allows a key change across
releases). The private key never enters the repository: ``build/release.py`` reads it from a file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cliens_tk.i18n import _

# Raw 32-byte Ed25519 public keys, base64. Replace (or add) with `python build/release.py keygen`.
TRUSTED_PUBLIC_KEYS: tuple[str, ...] = ("4eOqnAadAXh6T/eDKHs7HV7OIbAE99xMH+eik+07cK8=",)
SIGNATURE_FIELD = "signature"


class SignatureError(Exception):
    """A manifest without a valid signature of a trusted key; the message is for the user."""


def canonical_bytes(manifest: dict) -> bytes:
    body = {key: value for key, value in manifest.items() if key != SIGNATURE_FIELD}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign_manifest(manifest: dict, private_key: Ed25519PrivateKey) -> dict:
    signature = private_key.sign(canonical_bytes(manifest))
    return {**manifest, SIGNATURE_FIELD: base64.b64encode(signature).decode("ascii")}


def verify_manifest(manifest: dict, trusted_keys: Iterable[str] | None = None) -> None:
    """Return quietly when a trusted key signed ``manifest``; raise ``SignatureError`` otherwise."""
    keys = tuple(TRUSTED_PUBLIC_KEYS if trusted_keys is None else trusted_keys)
    text = manifest.get(SIGNATURE_FIELD) if isinstance(manifest, dict) else None
    if not text or not isinstance(text, str):
        raise SignatureError(_("L'aggiornamento non è firmato: è stato rifiutato."))
    try:
        signature = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(_("La firma dell'aggiornamento è illeggibile: è stato rifiutato.")) from None
    data = canonical_bytes(manifest)
    for key_text in keys:
        try:
            Ed25519PublicKey.from_public_bytes(base64.b64decode(key_text)).verify(signature, data)
            return
        except (InvalidSignature, ValueError):
            continue
    raise SignatureError(_("La firma dell'aggiornamento non è valida (file alterato o non ufficiale): "
                           "è stato rifiutato."))


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """A PEM (PKCS#8) Ed25519 private key, as written by ``build/release.py keygen``."""
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()
