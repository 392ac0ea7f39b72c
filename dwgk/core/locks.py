"""Named locks held in the database, so two processes — on one server or several — never run the same
job at once: a PostgreSQL advisory lock (released by the server if the process dies), or on SQLite a
row in JobLock (taken over once past its expiry, in case the holder died)."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from .models import JobLock

DEFAULT_TTL = timedelta(hours=2)


def _key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(f"dwgk:{name}".encode()).digest()[:8], "big", signed=True)


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"[:100]


def hold_for_transaction(name: str) -> None:
    """Wait for the named lock and hold it until the current transaction ends: writers of one sequence
    (the audit chain) take turns instead of colliding. PostgreSQL: a transaction-level advisory lock.
    SQLite needs none: its write transaction (IMMEDIATE) already lets one writer in at a time."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold_for_transaction needs a transaction to hold the lock for")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])


@contextmanager
def job_lock(name: str, *, ttl: timedelta = DEFAULT_TTL) -> Iterator[bool]:
    """Try to take the lock without waiting; yields whether this run holds it (and must do the work)."""
    if connection.vendor == "postgresql":
        key = _key(name)
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", [key])
            got = bool(cur.fetchone()[0])
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_unlock(%s)", [key])
        return

    holder = _holder()
    now = timezone.now()
    try:
        with transaction.atomic():
            JobLock.objects.filter(name=name, expires_at__lt=now).delete()
            JobLock.objects.create(name=name, holder=holder, acquired_at=now, expires_at=now + ttl)
        got = True
    except IntegrityError:
        got = False
    except OperationalError as e:
        # Still busy after the connection's timeout: another run is writing for that long, so this one
        # is not the run to do the job either.
        if getattr(e.__cause__, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY:
            raise
        got = False
    try:
        yield got
    finally:
        if got:
            JobLock.objects.filter(name=name, holder=holder).delete()
