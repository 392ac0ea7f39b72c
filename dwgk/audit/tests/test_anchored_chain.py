"""The chain is keyed (HMAC-SM3, key outside the database) and its head is anchored outside the table
by every scheduled run: a deleted newest entry or a chain recomputed with the project's own functions
but without the key fails `audit verify`; the scheduled check alerts the audit administrator."""

import importlib
import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from dwgk.audit import checks
from dwgk.audit.anchor import FileAnchor
from dwgk.audit.chainkey import mac_hex
from dwgk.audit.models import Alert, AuditEntry
from dwgk.audit.services import GENESIS, canonical, checkpoint, entry_hash, record, verify
from dwgk.core import scheduled
from dwgk.core.crypto import digest_hex

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return [record(f"test.event{i}", detail={"n": i}) for i in range(5)]


def fails_at(seq, reason):
    result = verify()
    assert not result.ok and result.broken_seq == seq and reason in result.reason, result
    with pytest.raises(CommandError, match=f"第 {seq} 条"):
        call_command("audit", "verify")


def recompute_from(seq, hasher, algorithm):
    """What an insider with database access does: rewrite entry `seq`, then re-link every later entry."""
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS
    for e in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if e.seq == seq:
            e.detail = {"n": "forged"}
        e.prev_hash, e.algorithm = prev, algorithm
        e.hash = hasher(e)
        AuditEntry.objects.filter(pk=e.pk).update(detail=e.detail, prev_hash=e.prev_hash, algorithm=algorithm,
                                                  hash=e.hash)
        prev = e.hash


def test_entries_are_keyed_with_hmac_sm3(chain):
    e = chain[0]
    assert e.algorithm == "hmac-sm3"
    assert e.hash == mac_hex(canonical(e), "hmac-sm3", b"dwgk-test-audit-key")
    assert e.hash != digest_hex(canonical(e), "sm3")
    assert verify().ok


def test_deleted_newest_entry_fails_after_a_checkpoint(chain):
    assert checkpoint().seq == 5
    assert verify().ok and verify().anchored_seq == 5
    AuditEntry.objects.filter(seq=5).delete()
    fails_at(5, "末尾记录被删除")


def test_deleted_tail_fails_after_a_checkpoint(chain):
    checkpoint()
    AuditEntry.objects.filter(seq__gte=3).delete()
    fails_at(3, "末尾记录被删除")


def test_chain_recomputed_without_the_key_fails(chain):
    # The project's own unkeyed digest, as the chain used before: refused as unkeyed.
    recompute_from(3, lambda e: digest_hex(canonical(e), "sm3"), "sm3")
    fails_at(3, "未使用审计密钥")


def test_chain_recomputed_with_a_guessed_key_fails(chain):
    recompute_from(3, lambda e: mac_hex(canonical(e), "hmac-sm3", b"guessed-key-guessed-key-guessed!"), "hmac-sm3")
    fails_at(3, "内容哈希不符")


def test_chain_recomputed_with_the_key_fails_against_the_anchor(chain):
    checkpoint()
    recompute_from(3, entry_hash, "hmac-sm3")
    fails_at(5, "与链头锚点不符")


def test_forged_checkpoint_fails(chain, settings):
    checkpoint()
    path = settings.DWGK_AUDIT_ANCHOR_FILE
    row = json.loads(path.read_text().splitlines()[-1])
    path.write_text(json.dumps({**row, "seq": 2}) + "\n")
    fails_at(2, "锚点记录被篡改")


def test_scheduled_run_verifies_and_anchors_the_head(chain, settings):
    results = dict(scheduled.run_all())
    head = AuditEntry.objects.order_by("-seq").first()
    assert results["审计日志校验与锚定"] == f"审计日志完整，校验全链 {head.seq} 条，链头锚点第 {head.seq} 条"
    assert FileAnchor(settings.DWGK_AUDIT_ANCHOR_FILE).read()[-1].seq == head.seq
    call_command("audit", "verify")


def test_between_full_walks_the_scheduled_run_checks_from_the_newest_checkpoint(chain, settings):
    first = checks.verify_and_anchor()
    assert first.checkpoint.full and first.verify.checked == 5
    record("test.later")
    second = checks.verify_and_anchor()
    assert not second.checkpoint.full and second.verify.checked == 1  # only entry 6 walked
    later = timezone.now() + timedelta(hours=settings.DWGK_AUDIT_FULL_VERIFY_HOURS, minutes=1)
    assert checks.full_walk_due(later) and not checks.full_walk_due()


def test_the_run_from_the_checkpoint_catches_a_deleted_tail_and_a_recomputed_chain(chain):
    checks.verify_and_anchor()
    recompute_from(2, entry_hash, "hmac-sm3")  # even with the key
    assert not checks.verify_and_anchor(full=False).verify.ok
    AuditEntry.objects.filter(seq=5).delete()
    out = checks.verify_and_anchor(full=False).verify
    assert not out.ok and "末尾记录被删除" in out.reason


def test_an_in_place_change_before_the_checkpoint_is_left_to_the_full_walk(chain):
    checks.verify_and_anchor()
    AuditEntry.objects.filter(seq=2).update(detail={"n": "forged"})
    assert checks.verify_and_anchor(full=False).verify.ok  # the documented limit of the short run
    out = checks.verify_and_anchor(full=True).verify
    assert not out.ok and out.broken_seq == 2


def test_scheduled_run_alerts_the_audit_administrator_on_a_broken_chain(world, chain):
    world.users["auditadmin"].email = "audit@example.cn"
    world.users["auditadmin"].save()
    scheduled.run_all()
    newest = AuditEntry.objects.order_by("-seq").first().seq
    AuditEntry.objects.filter(seq=newest).delete()
    mail.outbox.clear()
    results = dict(scheduled.run_all())
    assert results["审计日志校验与锚定"].startswith(f"审计日志被破坏：第 {newest} 条记录")
    alert = Alert.objects.get(kind=checks.ALERT_KIND, cleared_at__isnull=True)
    assert "审计日志被破坏" in alert.title
    assert [m.to for m in mail.outbox if "审计日志被破坏" in m.subject] == [["audit@example.cn"]]
    scheduled.run_all()  # not anchored while broken, alerted once
    assert Alert.objects.filter(kind=checks.ALERT_KIND).count() == 1


def test_audit_log_page_shows_open_alerts(world, login, chain):
    checkpoint()
    AuditEntry.objects.filter(seq=5).delete()
    checks.verify_and_anchor()
    page = login(world.users["auditadmin"]).get("/audit/").content.decode()
    assert "完整性告警" in page and "审计日志被破坏" in page


def legacy_chain(n=4, *, tamper_at=None):
    """A chain as written before the key: plain SM3."""
    prev = GENESIS
    for i in range(1, n + 1):
        e = AuditEntry(seq=i, at=timezone.now(), event=f"legacy{i}", detail={"n": i}, algorithm="sm3",
                       prev_hash=prev)
        e.hash = digest_hex(canonical(e), "sm3")
        e.save(force_insert=True)
        prev = e.hash
    if tamper_at:
        AuditEntry.objects.filter(seq=tamper_at).update(detail={"n": "forged"})


class RawEditor:
    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


REKEY = importlib.import_module("dwgk.audit.migrations.0005_rekey_chain")


def test_existing_unkeyed_chain_is_rekeyed_by_the_migration():
    legacy_chain()
    assert not verify().ok  # unkeyed entries no longer pass
    REKEY.rekey(apps, RawEditor())
    result = verify()
    assert result.ok and result.checked == 5
    assert set(AuditEntry.objects.values_list("algorithm", flat=True)) == {"hmac-sm3"}
    assert AuditEntry.objects.get(seq=5).event == "audit.rekeyed"


def test_a_broken_unkeyed_chain_is_not_laundered_by_the_rekey(monkeypatch):
    legacy_chain(tamper_at=2)
    monkeypatch.delenv("DWGK_AUDIT_REKEY_BROKEN", raising=False)
    with pytest.raises(RuntimeError, match="第 2 条"):
        REKEY.rekey(apps, RawEditor())
    assert set(AuditEntry.objects.values_list("algorithm", flat=True)) == {"sm3"}
