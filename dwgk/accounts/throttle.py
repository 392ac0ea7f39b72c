"""Login throttling with growing delays (等保 2.0 8.1.4.1 login-failure handling; issue 16).

Three counters of failed logins, each imposing a delay that doubles with every further failure:
    the account (from any address)   — capped short (DWGK_LOGIN_ACCOUNT_MAX_DELAY, 60 s), so a flood from
                                       elsewhere can keep its owner out for a minute at most;
    the account from one address     — grows to an hour: the attacker's own guessing slows to a crawl;
    the address (any accounts)       — grows to an hour: spraying one password over many accounts stops.
While a delay runs, attempts are refused without checking the password and without counting (the
counter stops during a lock). A refused attempt gets the same answer, and costs the same hash, as a
wrong password or an unknown account: nothing tells an outsider which accounts exist or are locked.

Why our own and not django-axes: axes locks (account, address) pairs hard for a fixed time and answers a
lockout page, which is the very oracle and the lock-anyone-out this replaces; growing per-key delays
with a short account cap need only the cache we already run (Redis in production, shared by app servers).
The account-wide state also lives on the User row (failed_logins, locked_until), so it survives a cache
flush and shows in the administrators' pages.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _setting(name: str, default):
    return getattr(settings, name, default)


def account_delay(failures: int) -> int:
    """Seconds the account waits after `failures` consecutive failures (0 below the threshold)."""
    free = _setting("DWGK_LOCKOUT_THRESHOLD", 5)
    if failures < free:
        return 0
    return min(_setting("DWGK_LOGIN_ACCOUNT_BASE_DELAY", 5) * 2 ** (failures - free),
               _setting("DWGK_LOGIN_ACCOUNT_MAX_DELAY", 60))


def keyed_delay(failures: int) -> int:
    """Seconds an (account, address) pair or an address waits: grows to an hour."""
    free = _setting("DWGK_LOGIN_ADDRESS_FREE", 10)
    if failures < free:
        return 0
    return min(_setting("DWGK_LOGIN_ADDRESS_BASE_DELAY", 5) * 2 ** (failures - free),
               _setting("DWGK_LOGIN_ADDRESS_MAX_DELAY", 3600))


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"dwgk:login:{kind}:{digest}"


def _keys(login: str, address: str) -> list[str]:
    login = (login or "").strip().lower()
    return [_key("pair", login, address), _key("addr", address)]


def _now() -> float:
    return timezone.now().timestamp()


def keyed_blocked(login: str, address: str) -> bool:
    now = _now()
    return any((cache.get(k) or {}).get("until", 0) > now for k in _keys(login, address))


def count_keyed_failure(login: str, address: str) -> None:
    now = _now()
    window = _setting("DWGK_LOGIN_WINDOW_SECONDS", 24 * 3600)
    for k in _keys(login, address):
        state = cache.get(k) or {"n": 0, "until": 0}
        if state["until"] > now:
            continue  # the counter stops during a delay
        state["n"] += 1
        delay = keyed_delay(state["n"])
        state["until"] = now + delay if delay else 0
        cache.set(k, state, window)


def clear_pair(login: str, address: str) -> None:
    cache.delete(_key("pair", (login or "").strip().lower(), address))


def account_locked_until(failures: int):
    delay = account_delay(failures)
    return timezone.now() + timedelta(seconds=delay) if delay else None
