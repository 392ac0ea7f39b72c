"""Append to and verify the audit chain. No code path updates or deletes an entry.

The chain is keyed (HMAC-SM3 by default, the key outside the database: `keys`), so an entry rewritten
with every later hash recomputed by these functions does not verify without the key; and its head is
checkpointed outside the table by every scheduled run (`anchor`), so a deleted tail is found too."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from dwgk.core.locks import hold_for_transaction

from . import anchor
from .chainkey import KEYED, keyed_algorithm, mac_hex
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


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    """The keyed hash of an entry (its content and the previous hash)."""
    return mac_hex(canonical(entry), entry.algorithm, key)


def _chain_head() -> tuple[int, str] | None:
    """(seq, hash) of the last entry. Plain SQL: every write of the application appends here."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {connection.ops.quote_name(AuditEntry._meta.db_table)} "
                       "ORDER BY seq DESC LIMIT 1")
        return cursor.fetchone()


def record(event: str, *, actor=None, success: bool = True, obj=None, object_type: str = "",
           object_id: str = "", ip: str = "", detail: dict | None = None) -> AuditEntry:
    """Append one entry, inside the caller's transaction (or one of its own). Appenders take turns from
    here to their commit, so the head read below is the one this entry follows: no `seq` collision, no
    savepoint and no retry (on PostgreSQL a transaction lock; SQLite's write transaction already is one)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    algorithm = keyed_algorithm()
    with transaction.atomic(savepoint=False):
        hold_for_transaction("audit:chain")
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
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    anchored_seq: int | None = None  # the newest checkpoint the chain was checked against


def verify(batch: int = 5000, *, since_anchor: bool = False) -> VerifyResult:
    """Walk the chain in order; name the first entry whose hash, link or sequence is wrong; then
    check every checkpoint of the head written outside the table against the entries.

    `since_anchor`: start at the newest checkpoint instead of the first entry (the scheduled run
    between full walks): the anchored entry must still be there, keyed and unchanged, and every
    later entry link to it. A rewrite before it that kept the later hashes is left to the full walk."""
    checkpoints = anchor.store().read()
    for cp in checkpoints:
        if cp is None or not cp.authentic:
            return VerifyResult(False, 0, cp.seq if cp else None, "链头锚点记录被篡改或损坏")
    anchored = {cp.seq: cp.hash for cp in checkpoints}
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    if since_anchor and anchored:
        start = max(anchored)
        entry = AuditEntry.objects.filter(seq=start).first()
        if entry is None:
            last = _chain_head()
            return VerifyResult(False, 0, (last[0] + 1) if last else 1,
                                f"锚点记录链头为第 {start} 条，该条已不存在：末尾记录被删除", start)
        if entry.algorithm not in KEYED or entry_hash(entry) != entry.hash or entry.hash != anchored[start]:
            return VerifyResult(False, 0, start, "与链头锚点不符：自该条起的记录被改写并重新计算了哈希链", start)
        expected_prev, expected_seq, last_seq = entry.hash, start + 1, start
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for entry in rows:
            if entry.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq,
                                    f"缺少第 {expected_seq} 条记录（下一条为第 {entry.seq} 条）：记录被删除")
            if entry.algorithm not in KEYED:
                return VerifyResult(False, checked, entry.seq,
                                    "哈希未使用审计密钥：记录被改写后重新计算了哈希链")
            if entry.prev_hash != expected_prev:
                return VerifyResult(False, checked, entry.seq, "前序哈希不符：记录被删除、插入或调换顺序")
            if entry_hash(entry) != entry.hash:
                return VerifyResult(False, checked, entry.seq, "内容哈希不符：记录被修改")
            if entry.seq in anchored and anchored[entry.seq] != entry.hash:
                return VerifyResult(False, checked, entry.seq,
                                    "与链头锚点不符：自该条起的记录被改写并重新计算了哈希链")
            expected_prev = entry.hash
            expected_seq += 1
            checked += 1
            last_seq = entry.seq
    newest = max(anchored, default=None)
    if newest is not None and newest > last_seq:
        return VerifyResult(False, checked, last_seq + 1,
                            f"锚点记录链头为第 {newest} 条，现仅有 {last_seq} 条：末尾记录被删除", newest)
    return VerifyResult(True, checked, anchored_seq=newest)


def checkpoint(*, full: bool = False) -> anchor.Checkpoint | None:
    """Anchor the current head outside the table (called by the scheduled run after a good verify;
    `full`: that verify walked the whole chain)."""
    head = _chain_head()
    if head is None:
        return None
    cp = anchor.make_checkpoint(head[0], head[1], timezone.now().isoformat(), full)
    anchor.store().append(cp)
    return cp
