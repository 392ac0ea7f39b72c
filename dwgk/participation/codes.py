"""查询码: a random code the submitter keeps to follow a request or feedback without logging in.

80 random bits in an alphabet without look-alike characters; only a keyed SM3 hash is stored, so a
copy of the database does not reveal the codes; each code expires.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from dwgk.core.crypto import blind_index, blind_indexes

from .conf import conf

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LENGTH = 16


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, LENGTH, 4))


def normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return blind_index(normalize(code), purpose="participation-query-code")


def code_hashes(code: str) -> list[str]:
    """Hashes to look a code up by: under the current data key and the retiring one, if set."""
    return blind_indexes(normalize(code), purpose="participation-query-code")


def attach(obj) -> str:
    """Give `obj` (a QueryCoded model instance, not yet saved or saved after) a fresh code; return it."""
    code = new_code()
    obj.query_code_hash = code_hash(code)
    obj.query_code_expires = timezone.now() + timedelta(days=conf("query_code_days"))
    return code


def looks_valid(code: str) -> bool:
    n = normalize(code)
    return len(n) == LENGTH and all(ch in ALPHABET for ch in n)
