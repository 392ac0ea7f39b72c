"""The audit chain's key, outside the database, so rewriting the table cannot recompute the chain.
(Not the data key: the apps' `keys` modules rotate that one.)

DWGK_AUDIT_KEY if set; else the key file (DWGK_AUDIT_KEY_FILE, default var/audit.key), created with
32 random bytes and mode 0600 the first time it is needed."""

from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings

log = logging.getLogger(__name__)
KEYED = {"hmac-sm3": hashes.SM3, "hmac-sha256": hashes.SHA256}


def keyed_algorithm(digest: str | None = None) -> str:
    """The chain's algorithm for the configured digest ("sm3" → "hmac-sm3")."""
    return f"hmac-{digest or settings.DWGK_AUDIT_HASH}"


@lru_cache(maxsize=4)
def _load(env_key: str, path: str) -> bytes:
    if env_key:
        return env_key.encode()
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            log.warning("audit chain: created a new key file %s; back it up outside the database", file)
    key = file.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"audit chain key file {file} is shorter than 32 characters")
    return key.encode()


def audit_key() -> bytes:
    return _load(settings.DWGK_AUDIT_KEY, str(settings.DWGK_AUDIT_KEY_FILE))


def mac_hex(data: bytes, algorithm: str, key: bytes | None = None) -> str:
    """HMAC of `data` under the audit key with the keyed algorithm's digest."""
    mac = hmac.HMAC(key if key is not None else audit_key(), KEYED[algorithm]())
    mac.update(data)
    return mac.finalize().hex()
