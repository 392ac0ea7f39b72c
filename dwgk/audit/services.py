"""Append to and verify the audit chain. No code path updates or deletes an entry."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from dwgk.core.crypto import digest_hex

from .models import AuditEntry

GENESIS = "0" * 64


def canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "event": entry.event,
        "success": entry.success,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "ip": entry.ip,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def _chain_head() -> tuple[int, str] | None:
    """(seq, hash) of the last entry. Plain SQL: every write of the application appends here."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {connection.ops.quote_name(AuditEntry._meta.db_table)} "
                       "ORDER BY seq DESC LIMIT 1")
        return cursor.fetchone()


def record(event: str, *, actor=None, success: bool = True, obj=None, object_type: str = "",
           object_id: str = "", ip: str = "", detail: dict | None = None) -> AuditEntry:
    """Append one entry. Serialised by the unique `seq`: a concurrent writer retries."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    algorithm = settings.DWGK_AUDIT_HASH
    # SQLite writers are serialised by the IMMEDIATE transaction around us: no racing appender,
    # so no savepoint to retry from. Elsewhere a racing appender makes `seq` collide and we retry.
    savepoint = not (connection.vendor == "sqlite" and connection.in_atomic_block)
    for _attempt in range(20):
        try:
            with transaction.atomic(savepoint=savepoint):
                last = _chain_head()
                entry = AuditEntry(
                    seq=(last[0] + 1) if last else 1,
                    at=timezone.now(),
                    actor_id=getattr(actor, "pk", None),
                    actor_name=str(getattr(actor, "username", "") or getattr(actor, "name", "") or "")[:150],
                    event=event,
                    success=success,
                    object_type=object_type,
                    object_id=str(object_id)[:64],
                    ip=ip[:45],
                    detail=json.loads(json.dumps(detail or {}, ensure_ascii=False, default=str)),
                    algorithm=algorithm,
                    prev_hash=last[1] if last else GENESIS,
                )
                entry.hash = digest_hex(canonical(entry), algorithm)
                entry.save(force_insert=True)
                return entry
        except IntegrityError:
            continue
    raise RuntimeError("audit log: could not append after 20 attempts")


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify(batch: int = 5000) -> VerifyResult:
    """Walk the chain in order; name the first entry whose hash, link or sequence is wrong."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            return VerifyResult(True, checked)
        for entry in rows:
            if entry.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq,
                                    f"缺少第 {expected_seq} 条记录（下一条为第 {entry.seq} 条）：记录被删除")
            if entry.prev_hash != expected_prev:
                return VerifyResult(False, checked, entry.seq, "前序哈希不符：记录被删除、插入或调换顺序")
            if digest_hex(canonical(entry), entry.algorithm) != entry.hash:
                return VerifyResult(False, checked, entry.seq, "内容哈希不符：记录被修改")
            expected_prev = entry.hash
            expected_seq += 1
            checked += 1
            last_seq = entry.seq
