"""Health of one app server for load balancers and monitoring (`/healthz`): database, cache, worker.

The worker (`dwgk worker`) writes the unix time to the cache key HEARTBEAT_KEY at least every
HEARTBEAT_SECONDS; this module only reads it.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

HEARTBEAT_KEY = "dwgk:worker:heartbeat"
HEARTBEAT_SECONDS = 30
# A heartbeat older than this means the worker is stopped or stuck.
STALE_AFTER_SECONDS = 4 * HEARTBEAT_SECONDS


def worker_heartbeat() -> float | None:
    """Unix time of the worker's last heartbeat, or None if no worker has reported."""
    value = cache.get(HEARTBEAT_KEY)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:  # any failure is the answer, not an error page
        return False, f"数据库不可用：{exc.__class__.__name__}"
    return True, "正常"


def check_cache() -> tuple[bool, str]:
    probe = secrets.token_hex(8)
    try:
        cache.set("dwgk:health:probe", probe, 30)
        ok = cache.get("dwgk:health:probe") == probe
    except Exception as exc:
        return False, f"缓存不可用：{exc.__class__.__name__}"
    return (True, "正常") if ok else (False, "缓存写入后读不回")


def check_worker(now: float | None = None) -> tuple[bool, str]:
    beat = worker_heartbeat()
    if beat is None:
        # Development runs without a worker; production must have one.
        return (not settings.PRODUCTION), "未知（没有任务进程的心跳）"
    age = (now or time.time()) - beat
    if age > STALE_AFTER_SECONDS:
        return False, f"任务进程 {int(age)} 秒没有心跳"
    return True, f"正常（{int(age)} 秒前）"


def report() -> tuple[bool, dict]:
    checks = {"database": check_database(), "cache": check_cache(), "worker": check_worker()}
    healthy = all(ok for ok, _detail in checks.values())
    return healthy, {"status": "ok" if healthy else "fail",
                     "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()}}
