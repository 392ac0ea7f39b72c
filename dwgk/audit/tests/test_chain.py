"""`dwgk audit verify` detects a changed, deleted or reordered entry; the database guard refuses
UPDATE and DELETE (installed here, since test settings leave it off)."""

import importlib
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from dwgk.audit.models import AuditEntry
from dwgk.audit.services import entry_hash, record, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return [record(f"test.event{i}", detail={"n": i}) for i in range(5)]


def _verify_fails(seq):
    result = verify()
    assert not result.ok and result.broken_seq == seq, result
    with pytest.raises(CommandError, match=f"第 {seq} 条"):
        call_command("audit", "verify")


def test_intact_chain_verifies(chain):
    assert verify().ok and verify().checked == 5
    call_command("audit", "verify")


def test_changed_entry_is_detected(chain):
    AuditEntry.objects.filter(seq=3).update(detail={"n": 99})
    _verify_fails(3)


def test_deleted_entry_is_detected(chain):
    AuditEntry.objects.filter(seq=2).delete()
    _verify_fails(2)


def test_reordered_entries_are_detected(chain):
    # Swap the content of entries 2 and 3 (each keeps its own valid hash): the links break.
    e2, e3 = AuditEntry.objects.get(seq=2), AuditEntry.objects.get(seq=3)
    fields = ["at", "event", "detail", "prev_hash", "hash", "actor_id", "actor_name", "object_type", "object_id"]
    with transaction.atomic():
        AuditEntry.objects.filter(seq=2).update(**{f: getattr(e3, f) for f in fields})
        AuditEntry.objects.filter(seq=3).update(**{f: getattr(e2, f) for f in fields})
    _verify_fails(2)


def test_entry_rewritten_in_place_breaks_the_next_link(chain):
    # Even recomputed with the key (an insider who has it), a rewritten entry breaks the next link.
    e = AuditEntry.objects.get(seq=4)
    e.detail = {"n": "forged"}
    AuditEntry.objects.filter(seq=4).update(detail=e.detail, hash=entry_hash(e))
    _verify_fails(5)


class RawEditor:
    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_database_guard_refuses_update_and_delete(chain):
    guard = importlib.import_module("dwgk.audit.migrations.0002_append_only")
    guard.install(RawEditor())
    try:
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(seq=1).update(event="forged")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(seq=1).delete()
        record("test.after_guard")  # appending still works
    finally:
        guard.backwards(None, RawEditor())
    assert verify().ok and AuditEntry.objects.get(seq=1).event == "test.event0"


@pytest.mark.django_db(transaction=True)
def test_writers_appending_at_once_take_turns_and_leave_one_unbroken_chain():
    """Each writer appends inside a transaction that goes on after its entry (as a publication does):
    the next writer reads the head only once this one has committed."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database refuses a second writer (shared cache) where a file "
                    "database queues it: SQLite's turn-taking is its IMMEDIATE write transaction")
    writers, each = 6, 5
    barrier = threading.Barrier(writers)
    errors = []

    def write(w):
        try:
            barrier.wait()
            for i in range(each):
                with transaction.atomic():
                    record("test.concurrent", detail={"writer": w, "n": i})
                    record("test.concurrent.more", detail={"writer": w, "n": i})
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 2 * writers * each + 1))
    result = verify()
    assert result.ok and result.checked == 2 * writers * each, result
