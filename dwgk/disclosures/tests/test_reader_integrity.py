"""DESIGN invariant 2, whole: the approval covers what readers receive (the redacted title and body,
each attachment's reader copy as stored), publication re-reads the stored files, the database refuses
changes to a published item's content, and the scheduled check reports drift to the 党务公开办公室 and
the audit administrator."""

import hashlib
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from dwgk.audit.models import Alert, AuditEntry
from dwgk.core import scheduled
from dwgk.disclosures import integrity, publishing, services
from dwgk.disclosures.models import Attachment, Disclosure, Notification, Status
from dwgk.disclosures.readercopy import reader_copy

from .conftest import A, draft, resolve_all
from .test_attachment_scanning import pdf_bytes

pytestmark = pytest.mark.django_db
PHONE = "13812345678"
LINE = f"联系人张明，电话{PHONE}。".encode()
GUARD = "dwgk.disclosures.migrations.0008_published_content_frozen"


class RawEditor:
    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.fixture
def guard():
    module = importlib.import_module(GUARD)
    module.install(RawEditor())
    yield
    module.uninstall(RawEditor())


def approved_with_file(world, name="名单.txt", data=LINE):
    u = world.users
    d = draft(world)
    att = services.add_attachment(d, u["proposer"], name=name, data=data)
    services.submit(d, u["proposer"])
    resolve_all(world, d)
    services.act(d, u["secrecy"], A.PASS, opinion="已脱密")
    services.act(d, u["approver"], A.PASS, opinion="同意公开")
    d.refresh_from_db()
    att.refresh_from_db()
    assert d.status == Status.APPROVED
    return d, att


def overwrite(field_file, data: bytes) -> None:
    """An insider replaces the file in storage, under the same name."""
    with open(field_file.path, "wb") as fh:
        fh.write(data)


def test_redacted_body_changed_after_approval_is_refused_at_publish(world, approved):
    d = approved()
    assert PHONE not in d.redacted_body and PHONE in d.body
    Disclosure.objects.filter(pk=d.pk).update(redacted_body=d.body)  # the phone number back
    with pytest.raises(ValidationError, match="与审批通过的版本不一致"):
        publishing.publish(d, world.users["publisher"])
    assert Disclosure.objects.get(pk=d.pk).status == Status.APPROVED


def test_redacted_title_changed_after_approval_is_refused_at_publish(world, approved):
    d = approved(title=f"关于张明（{PHONE}）的公示")
    Disclosure.objects.filter(pk=d.pk).update(redacted_title=d.title)
    with pytest.raises(ValidationError, match="与审批通过的版本不一致"):
        publishing.publish(d, world.users["publisher"])


def test_reader_copy_replaced_in_storage_is_refused_at_publish(world):
    d, att = approved_with_file(world)
    copy = reader_copy(att)
    assert copy.redacted and PHONE.encode() not in copy.read()
    overwrite(att.redacted_file, f"联系人张明，电话{PHONE}。".encode())
    with pytest.raises(ValidationError, match="存储中的文件被替换"):
        publishing.publish(d, world.users["publisher"])
    assert Disclosure.objects.get(pk=d.pk).status == Status.APPROVED


def test_original_served_unredacted_replaced_in_storage_is_refused_at_publish(world):
    d, att = approved_with_file(world, data="会议纪要：同意发展张明为预备党员。".encode())
    assert not reader_copy(att).redacted
    overwrite(att.file, "会议纪要：同意发展张明为预备党员。身份证号511702198001011237".encode())
    with pytest.raises(ValidationError, match="存储中的文件被替换"):
        publishing.publish(d, world.users["publisher"])


def test_missing_reader_copy_is_refused_at_publish(world):
    d, att = approved_with_file(world)
    att.redacted_file.storage.delete(att.redacted_file.name)
    with pytest.raises(ValidationError, match="缺失"):
        publishing.publish(d, world.users["publisher"])


def test_recorded_reader_hash_changed_with_the_file_is_refused_at_publish(world):
    # Replacing the file *and* its recorded hash still changes what the approval covered.
    d, att = approved_with_file(world)
    forged = f"联系人张明，电话{PHONE}。".encode()
    overwrite(att.redacted_file, forged)
    Attachment.objects.filter(pk=att.pk).update(redacted_sha256=hashlib.sha256(forged).hexdigest(),
                                                redacted_size=len(forged))
    with pytest.raises(ValidationError, match="与审批通过的版本不一致"):
        publishing.publish(d, world.users["publisher"])


def test_publication_fixes_the_reader_hash_and_the_scheduled_check_passes(world):
    d, _att = approved_with_file(world)
    publishing.publish(d, world.users["publisher"])
    d.refresh_from_db()
    assert d.status == Status.PUBLISHED and d.reader_hash.startswith("sm3:")
    report = integrity.verify_reader_copies()
    assert report.checked == 1 and report.drifted == [] and not Alert.objects.exists()


def test_reader_copy_replaced_after_publication_is_reported_to_office_and_audit_admin(world):
    world.users["auditadmin"].email = "audit@example.cn"
    world.users["auditadmin"].save()
    d, att = approved_with_file(world)
    publishing.publish(d, world.users["publisher"])
    good = reader_copy(att).read()
    overwrite(att.redacted_file, f"联系人张明，电话{PHONE}。".encode())
    mail.outbox.clear()

    results = dict(scheduled.run_all())
    assert results["公开内容核对"] == "公开内容核对 1 项，与公开时不一致 1 项"
    alert = Alert.objects.get(kind=integrity.ALERT_KIND, cleared_at__isnull=True)
    assert alert.detail["disclosure"] == d.pk
    office = Notification.objects.get(kind="alert", disclosure=d)
    assert office.recipient == world.people["office"] and "公开内容被改动" in office.title
    assert [m.to for m in mail.outbox if "公开内容被改动" in m.subject] == [["audit@example.cn"]]
    assert AuditEntry.objects.filter(event="integrity.alert", success=False).count() == 1

    # Reported once, not on every run; cleared when the file is restored.
    integrity.verify_reader_copies()
    assert Notification.objects.filter(kind="alert").count() == 1
    overwrite(att.redacted_file, good)
    assert integrity.verify_reader_copies().drifted == []
    assert not Alert.objects.filter(cleared_at__isnull=True).exists()


def test_published_body_updated_directly_is_refused_by_the_database(world, approved, guard):
    d = approved()
    publishing.publish(d, world.users["publisher"])
    for change in ({"body": "<p>改</p>"}, {"redacted_body": d.body}, {"title": "改"}, {"reader_hash": "sm3:0"}):
        with pytest.raises(DatabaseError), transaction.atomic():
            Disclosure.objects.filter(pk=d.pk).update(**change)
    # Status moves (expiry, withdrawal, archive) and a correction's mark are not content.
    Disclosure.objects.filter(pk=d.pk).update(status=Status.EXPIRED)
    d.refresh_from_db()
    d.save()  # a full save with unchanged content passes
    assert Disclosure.objects.get(pk=d.pk).body == d.body


def test_attachments_of_a_published_item_are_frozen_by_the_database(world, guard):
    d, att = approved_with_file(world)
    publishing.publish(d, world.users["publisher"])
    for statement in (lambda: Attachment.objects.filter(pk=att.pk).update(redacted_file=att.file.name),
                      lambda: Attachment.objects.filter(pk=att.pk).update(redacted_sha256="0" * 64),
                      lambda: Attachment.objects.filter(pk=att.pk)._raw_delete(Attachment.objects.db),
                      lambda: Attachment.objects.create(disclosure=d, file=att.file.name, name="新.txt",
                                                        content_type="text/plain", size=1, sha256="0" * 64)):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()
    assert Attachment.objects.filter(disclosure=d).count() == 1


def test_published_body_updated_directly_without_the_guard_is_reported(world, approved):
    d = approved()
    publishing.publish(d, world.users["publisher"])
    Disclosure.objects.filter(pk=d.pk).update(redacted_body=d.body)
    assert integrity.verify_reader_copies().drifted == [d.pk]


def test_upgrade_baseline_records_reader_copies_and_fixes_reader_hashes(world):
    baseline = importlib.import_module("dwgk.disclosures.migrations.0007_reader_copy_baseline")
    d, att = approved_with_file(world)
    publishing.publish(d, world.users["publisher"])
    # As an item published before this version: no reader hash, no recorded copy metadata.
    Disclosure.objects.filter(pk=d.pk).update(reader_hash="")
    Attachment.objects.filter(pk=att.pk).update(redacted_name="", redacted_content_type="", redacted_size=None,
                                                redacted_sha256="")
    baseline.forwards(apps, RawEditor())
    att.refresh_from_db()
    d.refresh_from_db()
    data = reader_copy(att).read()
    assert (att.redacted_sha256, att.redacted_size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert d.reader_hash and integrity.verify_reader_copies().drifted == []


def test_workbench_lists_the_reader_copy_it_serves_and_the_original_apart(world, login):
    d, att = approved_with_file(world, name="名单.pdf", data=pdf_bytes(f"联系人张明，电话{PHONE}。"))
    copy = reader_copy(att)
    page = login(world.users["secrecy"]).get(f"/disclosures/{d.pk}/").content.decode()
    assert "名单（脱密件）.pdf" in page and "原件 名单.pdf" in page
    resp = login(world.users["secrecy"]).get(f"/disclosures/{d.pk}/attachments/{att.pk}/")
    assert b"".join(resp.streaming_content) == copy.read() and resp["Content-Type"] == "application/pdf"

