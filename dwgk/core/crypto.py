"""Commercial cryptography (GB/T 39786): SM3 for hashing and MACs, SM4 for encryption.

Keys live behind `KeyProvider` so a hardware crypto module can replace the settings key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

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
    """Derives purpose-bound keys from one master secret (settings.DWGK_DATA_KEY or SECRET_KEY)."""

    def master(self) -> bytes:
        return (settings.DWGK_DATA_KEY or settings.SECRET_KEY).encode()

    def key(self, purpose: str, length: int = 16) -> bytes:
        return HKDF(algorithm=hashes.SM3(), length=length, salt=b"dwgk", info=purpose.encode()).derive(
            self.master()
        )


@lru_cache(maxsize=1)
def key_provider() -> KeyProvider:
    return KeyProvider()


def _key(purpose: str) -> bytes:
    return key_provider().key(purpose)


def encrypt(plaintext: str, purpose: str = "personal-data") -> str:
    """SM4-GCM; returns base64 of nonce ‖ ciphertext ‖ tag."""
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(_key(purpose)), modes.GCM(nonce)).encryptor()
    ct = enc.update(plaintext.encode()) + enc.finalize()
    return base64.b64encode(nonce + ct + enc.tag).decode()


def decrypt(token: str, purpose: str = "personal-data") -> str:
    raw = base64.b64decode(token)
    nonce, ct, tag = raw[:12], raw[12:-16], raw[-16:]
    dec = Cipher(algorithms.SM4(_key(purpose)), modes.GCM(nonce, tag)).decryptor()
    return (dec.update(ct) + dec.finalize()).decode()


def blind_index(value: str, purpose: str = "personal-data-index") -> str:
    """HMAC-SM3 of a normalized value: lets us find duplicates without storing the value."""
    mac = hmac.HMAC(_key(purpose), hashes.SM3())
    mac.update(value.strip().upper().encode())
    return mac.finalize().hex()
