"""Staff read drafts, originals and attachments only along their duties (DESIGN invariant 1).

Issue 12 Why 4: a draft's attachment with three pending mobile numbers was refused as the original
(`?original=1`) but served as the "reader copy" — which, before any redaction, is the same bytes — to the
监督员, the district office, the city office and the city approver. Expected answers are written by hand."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dwgk.access import staff
from dwgk.disclosures import services
from dwgk.disclosures.models import StepKind, StepRecord

from .write_rows_disclosures import _submitted

pytestmark = pytest.mark.django_db
A = StepRecord.Action
SECRET = "名单：张三 13912345678，李四 13812345678，王五 13712345678"

# (record page, original file, reader copy) for an item in review, by hand from the rules:
IN_REVIEW = {
    "proposer": (200, 200, 200),        # drafted it
    "reviewer": (200, 200, 200),        # holds a duty the review step names (审核), so reads the original
    "secrecy": (200, 200, 200),
    "approver": (200, 200, 200),        # the approval step reads the original too
    "publisher": (200, 403, 403),       # in the workflow (实施), but not a reviewer: no bytes before review
    "supervisor": (200, 403, 403),      # 监督员: oversight reads the record, never unreviewed bytes
    "office": (200, 403, 403),
    "city_office": (200, 403, 403),     # a superior's office: oversight, recorded
    "city_approver": (404, 404, 404),   # no duty in this workflow, no oversight duty
    "member_district": (404, 404, 404),
    "resident": (404, 404, 404),
    "sysadmin": (404, 404, 404),
}
# Once the secrecy review has settled the copy, oversight and the publisher get the reader copy.
APPROVED_COPY = {"publisher": 200, "supervisor": 200, "office": 200, "city_office": 200, "city_approver": 404}


@pytest.fixture
def item(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"

    class Holder:
        pass

    wm = Holder()
    wm.world = world
    d = _submitted(wm, "附件含手机号的草稿")
    services.add_attachment(d, world.users["proposer"], name="名单.txt", data=SECRET.encode())
    d.refresh_from_db()
    return d


def _answers(client, d):
    att = d.attachments.get()
    url = reverse("disclosures:attachment", args=[d.pk, att.pk])
    return (client.get(reverse("disclosures:detail", args=[d.pk])).status_code,
            client.get(url + "?original=1").status_code, client.get(url).status_code)


@pytest.mark.parametrize("actor", list(IN_REVIEW))
def test_unreviewed_attachment_bytes_reach_only_those_who_may_read_the_original(client, world, item, actor):
    client.force_login(world.users[actor])
    assert _answers(client, item) == IN_REVIEW[actor]


def test_after_the_secrecy_review_the_reader_copy_reaches_the_records_readers(client, world, item):
    for f in item.findings.all():
        services.decide_finding(f, world.users["secrecy"], "redact")
    services.act(item, world.users["secrecy"], A.PASS, opinion="已脱密")
    services.act(item, world.users["approver"], A.PASS, opinion="同意")
    item.refresh_from_db()
    assert item.status == "approved"
    att = item.attachments.get()
    for actor, expected in APPROVED_COPY.items():
        client.force_login(world.users[actor])
        r = client.get(reverse("disclosures:attachment", args=[item.pk, att.pk]))
        assert r.status_code == expected, actor
        if expected == 200:
            assert b"13912345678" not in b"".join(r.streaming_content), actor


def test_the_step_kinds_access_names_are_the_workflows_own():
    assert staff.REVIEW_STEP_KINDS <= set(StepKind.values)


def test_the_attachment_service_refuses_whoever_does_not_draft(world, item):
    """Why 5, at the service: the 监督员 and a superior's office may read the record but not add to it."""
    for actor in ("supervisor", "city_office", "publisher"):
        with pytest.raises(staff.Refused):
            services.add_attachment(item, world.users[actor], name="补充.txt", data=b"x")
    assert item.attachments.count() == 1


def test_a_form_upload_by_an_overseer_is_refused(client, world, item):
    client.force_login(world.users["supervisor"])
    upload = SimpleUploadedFile("补充.txt", "补充材料".encode(), content_type="text/plain")
    client.post(reverse("disclosures:attach", args=[item.pk]), {"file": upload})
    assert item.attachments.count() == 1
