"""Commercial cryptography (GB/T 39786): SM3 for hashing and MACs, SM4 for encryption.

Keys live behind `KeyProvider` so a hardware crypto module can replace the settings key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def sm3_hex(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def digest_hex(data: bytes, algorithm: str = "sm3") -> str:
    if algorithm == "sm3":
        return sm3_hex(data)
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    raise ValueError(f"unknown digest algorithm {algorithm!r}")


class KeyProvider:
    """Derives purpose-bound keys from one master secret: `master` if given, else settings.DWGK_DATA_KEY
    (SECRET_KEY in development when no data key is set)."""

    def __init__(self, master: bytes | None = None):
        self._master = master

    def master(self) -> bytes:
        if self._master is not None:
            return self._master
        return (settings.DWGK_DATA_KEY or settings.SECRET_KEY).encode()

    def key(self, purpose: str, length: int = 16) -> bytes:
        return HKDF(algorithm=hashes.SM3(), length=length, salt=b"dwgk", info=purpose.encode()).derive(
            self.master()
        )


@lru_cache(maxsize=1)
def key_provider() -> KeyProvider:
    return KeyProvider()


def retiring_provider() -> KeyProvider | None:
    """The previous data key (DWGK_DATA_KEY_OLD) while a rotation is under way or query codes issued
    under it are still valid; None when not set."""
    old = getattr(settings, "DWGK_DATA_KEY_OLD", "")
    return KeyProvider(old.encode()) if old else None


def encrypt(plaintext: str, purpose: str = "personal-data", *, provider: KeyProvider | None = None) -> str:
    """SM4-GCM; returns base64 of nonce ‖ ciphertext ‖ tag."""
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4((provider or key_provider()).key(purpose)), modes.GCM(nonce)).encryptor()
    ct = enc.update(plaintext.encode()) + enc.finalize()
    return base64.b64encode(nonce + ct + enc.tag).decode()


def _decrypt_with(provider: KeyProvider, token: str, purpose: str) -> str:
    raw = base64.b64decode(token)
    nonce, ct, tag = raw[:12], raw[12:-16], raw[-16:]
    dec = Cipher(algorithms.SM4(provider.key(purpose)), modes.GCM(nonce, tag)).decryptor()
    return (dec.update(ct) + dec.finalize()).decode()


def decrypt(token: str, purpose: str = "personal-data", *, provider: KeyProvider | None = None) -> str:
    """The plaintext. Without an explicit provider, a value still under the retiring key is read too, so
    the site keeps working while `dwgk keys rotate` runs."""
    if provider is not None:
        return _decrypt_with(provider, token, purpose)
    try:
        return _decrypt_with(key_provider(), token, purpose)
    except InvalidTag:
        old = retiring_provider()
        if old is None:
            raise
        return _decrypt_with(old, token, purpose)


def readable_with(provider: KeyProvider, token: str, purpose: str = "personal-data") -> bool:
    try:
        _decrypt_with(provider, token, purpose)
    except InvalidTag:
        return False
    return True


def blind_index(value: str, purpose: str = "personal-data-index", *, provider: KeyProvider | None = None) -> str:
    """HMAC-SM3 of a normalized value: lets us find duplicates without storing the value."""
    mac = hmac.HMAC((provider or key_provider()).key(purpose), hashes.SM3())
    mac.update(value.strip().upper().encode())
    return mac.finalize().hex()


def blind_indexes(value: str, purpose: str = "personal-data-index") -> list[str]:
    """The value's index under the current key and, while one is set, the retiring key: for lookups of
    values whose plaintext we never keep (query codes), which a rotation cannot re-derive."""
    out = [blind_index(value, purpose)]
    old = retiring_provider()
    if old is not None:
        out.append(blind_index(value, purpose, provider=old))
    return out
