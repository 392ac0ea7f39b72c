"""One-time re-key of an existing chain: every entry hashed with the audit key (HMAC-SM3 by default).

The old, unkeyed chain is verified first; if it is already broken the migration stops, so re-keying
never launders a tampered log (investigate, then set DWGK_AUDIT_REKEY_BROKEN=1 to re-key anyway: the
break is written into the re-key entry). The append-only guard is lifted for the rewrite and put back."""

import os

from django.db import migrations

GENESIS = "0" * 64
BATCH = 1000


def _guard_sql(vendor):
    import importlib

    guard = importlib.import_module("dwgk.audit.migrations.0002_append_only")
    return {"sqlite": (guard.SQLITE_DROP, guard.SQLITE), "postgresql": (guard.POSTGRES_DROP, guard.POSTGRES)
            }.get(vendor, ([], []))


def legacy_break(AuditEntry):
    """The first broken seq of the unkeyed chain and why, or None."""
    from dwgk.audit.services import canonical
    from dwgk.core.crypto import digest_hex

    prev, expected = GENESIS, 1
    for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=BATCH):
        if e.seq != expected:
            return expected, "deleted"
        if e.prev_hash != prev:
            return e.seq, "link"
        if e.algorithm.startswith("hmac-") or digest_hex(canonical(e), e.algorithm) != e.hash:
            return e.seq, "hash"
        prev, expected = e.hash, expected + 1
    return None


def rekey(apps, schema_editor):
    from django.conf import settings

    from dwgk.audit.chainkey import keyed_algorithm, mac_hex
    from dwgk.audit.services import canonical, record

    AuditEntry = apps.get_model("audit", "AuditEntry")
    if not AuditEntry.objects.exists():
        return
    broken = legacy_break(AuditEntry)
    if broken and not os.environ.get("DWGK_AUDIT_REKEY_BROKEN"):
        raise RuntimeError(f"审计日志在加密钥前已被破坏（第 {broken[0]} 条）：请先核查；确需继续，"
                           "设置 DWGK_AUDIT_REKEY_BROKEN=1 后重新迁移（破坏情况写入重签记录）")
    drop, install = _guard_sql(schema_editor.connection.vendor)
    guarded = getattr(settings, "DWGK_AUDIT_DB_GUARD", True)
    for sql in drop:
        schema_editor.execute(sql)
    algorithm = keyed_algorithm()
    prev, count, legacy_head = GENESIS, 0, ""
    batch = []
    for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=BATCH):
        legacy_head = e.hash
        e.algorithm, e.prev_hash = algorithm, prev
        e.hash = mac_hex(canonical(e), algorithm)
        prev = e.hash
        batch.append(e)
        count += 1
        if len(batch) >= BATCH:
            AuditEntry.objects.bulk_update(batch, ["algorithm", "prev_hash", "hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["algorithm", "prev_hash", "hash"])
    if guarded:
        for sql in install:
            schema_editor.execute(sql)
    record("audit.rekeyed", detail={"entries": count, "algorithm": algorithm, "legacy_head": legacy_head,
                                    "legacy_break": list(broken) if broken else None})


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_keyed_chain_algorithm")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
