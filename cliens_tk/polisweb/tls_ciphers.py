"""Plug `cryptography`'s ciphers into tlslite-ng's record layer.

tlslite-ng 0.8 encrypts records in pure Python unless M2Crypto/pycrypto are installed: AES-GCM
runs at about 0.5 MB/s. ``install()`` swaps the record layer's cipher factories for ones backed by
`cryptography` (OpenSSL), keeping tlslite's cipher object interface:

- AEAD (AES-GCM, ChaCha20-Poly1305): ``seal(nonce, plaintext, aad)`` / ``open(...)`` -> None on
  a bad tag, plus ``name``, ``implementation``, ``isAEAD``, ``nonceLength``, ``tagLength``;
- AES-CBC: a running encryptor/decryptor (CBC state carries over between records, as tlslite's
  M2Crypto backend does), ``IV`` settable, ``encrypt``/``decrypt`` on whole blocks.

The swap is process-wide and idempotent; it only changes speed, never the protocol.
"""

from __future__ import annotations

import threading

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

IMPLEMENTATION = "cryptography"
_lock = threading.Lock()
_installed = False


class _Aead:
    isBlockCipher = False
    isAEAD = True
    nonceLength = 12
    tagLength = 16
    implementation = IMPLEMENTATION

    def __init__(self, cipher, name: str):
        self._cipher = cipher
        self.name = name

    def seal(self, nonce, plaintext, data):
        return bytearray(self._cipher.encrypt(bytes(nonce), bytes(plaintext), bytes(data)))

    def open(self, nonce, ciphertext, data):
        try:
            return bytearray(self._cipher.decrypt(bytes(nonce), bytes(ciphertext), bytes(data)))
        except InvalidTag:
            return None


def new_aes_gcm(key, implList=None):  # noqa: N803 - tlslite's factory signature
    name = {16: "aes128gcm", 32: "aes256gcm"}[len(key)]
    return _Aead(AESGCM(bytes(key)), name)


def new_chacha20(key, implList=None):  # noqa: N803
    return _Aead(ChaCha20Poly1305(bytes(key)), "chacha20-poly1305")


class _AesCbc:
    isBlockCipher = True
    isAEAD = False
    block_size = 16
    implementation = IMPLEMENTATION

    def __init__(self, key, iv):
        self._key = bytes(key)
        self.name = {16: "aes128", 24: "aes192", 32: "aes256"}[len(key)]
        self._iv = bytes(iv)
        self._encryptor = None
        self._decryptor = None

    @property
    def IV(self):  # noqa: N802 - tlslite attribute name
        return self._iv

    @IV.setter
    def IV(self, iv):  # noqa: N802
        self._iv = bytes(iv)
        self._encryptor = self._decryptor = None

    def _cipher(self):
        return Cipher(algorithms.AES(self._key), modes.CBC(self._iv))

    def encrypt(self, plaintext):
        assert len(plaintext) % 16 == 0
        if self._encryptor is None:
            self._encryptor = self._cipher().encryptor()
        return bytearray(self._encryptor.update(bytes(plaintext)))

    def decrypt(self, ciphertext):
        assert len(ciphertext) % 16 == 0
        if self._decryptor is None:
            self._decryptor = self._cipher().decryptor()
        return bytearray(self._decryptor.update(bytes(ciphertext)))


def new_aes_cbc(key, IV, implList=None):  # noqa: N803
    return _AesCbc(key, IV)


def install() -> None:
    """Make tlslite's record layer use the factories above (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        from tlslite import recordlayer

        recordlayer.createAESGCM = new_aes_gcm
        recordlayer.createCHACHA20 = new_chacha20
        recordlayer.createAES = new_aes_cbc
        _installed = True
