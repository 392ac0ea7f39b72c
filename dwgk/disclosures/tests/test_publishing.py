"""Publishing, scheduled publication and expiry, board sheets, after-publication, archive."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dwgk.core.choices import Channel, Scope
from dwgk.disclosures import archive, publishing, services
from dwgk.disclosures.models import ArchiveRecord, Disclosure, Interpretation, Status, StepRecord, Workflow

from .conftest import A, to_approved

pytestmark = pytest.mark.django_db


class RawEditor:
    """What the guard's install() needs of a schema editor, usable inside the test's transaction."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams expanded, to look for fonts and page sizes."""
    import re
    import zlib

    out = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return b"".join(out)


def published(world, approved, **kw):
    d = approved(**kw)
    publishing.publish(d, world.users["publisher"])
    d.refresh_from_db()
    return d


def test_offline_channel_records_and_board_sheet(world, approved):
    d = approved(channels=[Channel.PORTAL, Channel.BOARD, Channel.MEETING])
    with pytest.raises(ValidationError, match="受众人数"):
        publishing.publish(d, world.users["publisher"], offline=[{"channel": "meeting", "held_on": "2026-04-26"}])
    publishing.publish(d, world.users["publisher"], offline=[
        {"channel": "meeting", "held_on": timezone.localdate(), "place": "区委第一会议室", "audience_count": 56}])
    d.refresh_from_db()
    meeting = d.publications.get(channel="meeting")
    assert (meeting.place, meeting.audience_count) == ("区委第一会议室", 56)
    pdf = publishing.board_sheet_pdf(d, "A3")
    assert pdf.startswith(b"%PDF") and b"NotoSansCJK" in _inflated(pdf)
    assert b"841.889764 1190.551181" in _inflated(pdf)  # A3 in points
    a4 = publishing.board_sheet_pdf(d, "A4")
    assert b"595.275591 841.889764" in _inflated(a4) and b"1190.55" not in _inflated(a4)
    with pytest.raises(ValidationError):
        publishing.board_sheet_pdf(d, "B5")


def test_scheduled_publication_and_expiry(world, approved):
    now = timezone.now()
    d = approved(planned_at=now + timedelta(days=2), expires_at=now + timedelta(days=9))
    publishing.publish(d, world.users["publisher"])
    d.refresh_from_db()
    assert d.status == Status.SCHEDULED and d.published_at is None
    assert publishing.publish_due(now) == {"published": 0, "expired": 0}
    call_command("disclosures", "publish-due", "--now", (now + timedelta(days=3)).isoformat())
    d.refresh_from_db()
    assert d.status == Status.PUBLISHED
    assert StepRecord.objects.filter(workflow__disclosure=d, action=A.PUBLISH).get().actor_name == "测试publisher"
    assert publishing.publish_due(now + timedelta(days=10))["expired"] == 1
    d.refresh_from_db()
    assert d.status == Status.EXPIRED and not d.publications.filter(active=True).exists()


def test_scheduled_item_edited_is_not_published(world, approved):
    d = approved(planned_at=timezone.now() + timedelta(days=1))
    publishing.publish(d, world.users["publisher"])
    Disclosure.objects.filter(pk=d.pk).update(title="被篡改的标题")
    assert publishing.publish_due(timezone.now() + timedelta(days=2))["published"] == 0
    assert Disclosure.objects.get(pk=d.pk).published_at is None


def test_correction_marks_the_original(world, approved):
    d = published(world, approved)
    new = publishing.start_correction(d, world.users["proposer"], kind="correct", reason="党费金额有误，更正为 12,860 元",
                                      body="<p>更正后的正文：党费收缴12860元。</p>")
    assert new.version_no == 2 and new.corrects == d and new.status == Status.DRAFT
    to_approved(world, new)
    publishing.publish(new, world.users["publisher"])
    d.refresh_from_db()
    assert d.superseded_by_id == new.pk and d.status == Status.PUBLISHED


def test_a_withdrawn_correction_no_longer_marks_the_original(world, approved):
    """撤回的更正不再更正原件: the original is marked by the newest correction still standing, or by none."""
    d = published(world, approved)
    first, second = (publishing.start_correction(d, world.users["proposer"], kind="correct", reason=f"第{n}次更正",
                                                 body=f"<p>第{n}版正文。</p>") for n in (1, 2))
    for new in (first, second):
        to_approved(world, new)
        publishing.publish(new, world.users["publisher"])
    d.refresh_from_db()
    assert d.superseded_by_id == second.pk
    publishing.withdraw(second, world.users["approver"], "第二次更正有误")
    d.refresh_from_db()
    assert d.superseded_by_id == first.pk
    publishing.withdraw(first, world.users["approver"], "更正依据不足")
    d.refresh_from_db()
    assert d.superseded_by_id is None and d.status == Status.PUBLISHED


def test_withdraw_needs_reason_and_keeps_the_record(world, approved):
    d = published(world, approved)
    with pytest.raises(ValidationError, match="理由"):
        publishing.withdraw(d, world.users["approver"], "")
    publishing.withdraw(d, world.users["approver"], "信息有误，需核实后重新公开")
    d.refresh_from_db()
    assert d.status == Status.WITHDRAWN and d.withdraw_reason and not d.publications.filter(active=True).exists()


def test_widen_scope_is_reviewed_and_narrowing_refused(world, approved):
    d = published(world, approved)
    with pytest.raises(ValidationError, match="只能扩大"):
        publishing.request_scope_change(d, world.users["proposer"], scope=Scope.UNIT, reason="缩小")
    publishing.request_scope_change(d, world.users["proposer"], scope=Scope.PUBLIC, reason="先党内后党外，现向社会公开")
    d.refresh_from_db()
    assert d.scope == Scope.PARTY  # not yet: the widening is reviewed first
    services.act(d, world.users["secrecy"], A.PASS, opinion="可向社会公开")
    services.act(d, world.users["approver"], A.PASS, opinion="同意")
    d.refresh_from_db()
    assert d.scope == Scope.PUBLIC and d.scope_changes.get().from_scope == Scope.PARTY
    with pytest.raises(ValidationError, match="只能扩大"):
        publishing.request_scope_change(d, world.users["proposer"], scope=Scope.PARTY, reason="收回")


def test_interpretation(world, approved):
    d = published(world, approved)
    item = publishing.add_interpretation(d, world.users["proposer"], kind=Interpretation.Kind.QA,
                                         title="党费收缴政策问答", body="问：党费按什么标准缴纳？答：……")
    assert item.disclosure == d


def test_archive_number_package_and_immutability(world, approved):
    d = published(world, approved)
    with pytest.raises(ValidationError):
        archive.archive(d, world.users["proposer"])  # not a publisher / office admin
    rec = archive.archive(d, world.users["publisher"], retention="30y")
    year = timezone.localdate(d.published_at).year
    assert rec.archive_no == f"{world.district.code}-{year}-ZZ-0001"
    data = rec.package.open("rb").read()
    assert archive.verify_package(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert {"content/published.html", "content/original.html", "workflow.json", "metadata.json",
                "manifest-sha256.txt"} <= names
        assert "13812345678" in zf.read("content/original.html").decode()
        assert "13812345678" not in zf.read("content/published.html").decode()
    # A tampered package is detected.
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for n in src.namelist():
            dst.writestr(n, src.read(n) if n != "metadata.json" else b"{}")
    assert archive.verify_package(buf.getvalue()) == ["metadata.json"]
    d.refresh_from_db()
    assert d.status == Status.ARCHIVED
    d.title = "改"
    with pytest.raises(ValidationError):
        d.save()
    with pytest.raises(ValidationError):
        rec.save()
    with pytest.raises(ValidationError):
        rec.delete()
    with pytest.raises(ValidationError):
        services.update_draft(d, world.users["proposer"], title="改")
    with pytest.raises(ValidationError):
        publishing.withdraw(d, world.users["approver"], "撤回")
    second = archive.archive(published(world, approved), world.users["publisher"])
    assert second.archive_no.endswith("-ZZ-0002")


def test_database_refuses_changes_to_archives_and_records(world, approved):
    import importlib

    from django.db import DatabaseError, transaction

    guard = importlib.import_module("dwgk.disclosures.migrations.0002_append_only")
    d = published(world, approved)
    rec = archive.archive(d, world.users["publisher"])
    guard.install(RawEditor())
    try:
        for statement in (lambda: Disclosure.objects.filter(pk=d.pk).update(title="改"),
                          lambda: ArchiveRecord.objects.filter(pk=rec.pk).update(retention="10y"),
                          lambda: ArchiveRecord.objects.filter(pk=rec.pk).delete(),
                          lambda: StepRecord.objects.filter(workflow__disclosure=d).update(opinion="改"),
                          lambda: StepRecord.objects.filter(workflow__disclosure=d)._raw_delete(
                              StepRecord.objects.db)):
            with pytest.raises(DatabaseError), transaction.atomic():
                statement()
    finally:
        guard.uninstall(RawEditor())
    assert Disclosure.objects.get(pk=d.pk).title != "改"
    assert Workflow.objects.filter(disclosure=d).count() == 1
