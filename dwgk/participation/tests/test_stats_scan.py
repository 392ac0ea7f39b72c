"""Statistics hooks against hand counts; the overdue list; the 15/30/60-day warnings and the office alert."""

from datetime import date

import pytest

from dwgk.access.participation import Reader, key_of
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.participation import engagement, feedback, selectors, services, stats
from dwgk.participation.models import Alert, Feedback, OutcomeCategory, OutcomeReason
from dwgk.testing.reviewers import release_in_time
from dwgk.testing.world import make_user

pytestmark = pytest.mark.django_db
D = date


def fb(world, org, received, **kw):
    item, _ = feedback.submit_feedback(subject="s", body="b", org=org, received_on=received, channel="paper",
                                       registered_by=kw.pop("by", None) or world.users["office"], **kw)
    return item


def sibling_office(world):
    """The sibling district's own office (the district's office does not handle its feedback)."""
    p = org_services.create_person(name="乙区办公室", party_org=world.sibling)
    org_services.assign_role(p, world.sibling, Role.OFFICE_ADMIN)
    return make_user("sibling_office", p)


def sender(item) -> Reader:
    """The sender, holding the item's 查询码."""
    return Reader(codes=frozenset({key_of(item)}))


def test_feedback_rows_and_request_table(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 11, 22))
    office = world.users["office"]
    a = fb(world, world.village, D(2026, 3, 1))
    feedback.accept_feedback(a, actor=office, on=D(2026, 3, 2))
    feedback.reply_feedback(a, actor=office, text="r", on=D(2026, 3, 5))
    feedback.rate_feedback(a, "satisfied", reader=sender(a), on=D(2026, 3, 6))
    b = fb(world, world.town, D(2026, 4, 1))
    feedback.accept_feedback(b, actor=office, on=D(2026, 4, 2))
    feedback.reply_feedback(b, actor=office, text="r", on=D(2026, 4, 3))
    feedback.rate_feedback(b, "unsatisfied", reader=sender(b), on=D(2026, 4, 4))
    c = fb(world, world.village, D(2026, 5, 1))
    feedback.reject_feedback(c, actor=office, reason="不属于受理范围", on=D(2026, 5, 2))
    fb(world, world.village2, D(2026, 6, 1))           # still open
    fb(world, world.sibling, D(2026, 6, 1), by=sibling_office(world))  # another district: not counted
    fb(world, world.village, D(2025, 12, 31))          # last year: not counted
    cons = engagement.open_consultation(org=world.town, title="t", draft="d", opens_on=D(2026, 7, 1), actor=office)
    release_in_time(engagement.CONSULTATION, cons)  # released before it opened
    engagement.submit_opinion(cons, body="o", on=D(2026, 7, 2))
    row = stats.feedback_rows(world.district.path, D(2026, 1, 1), D(2026, 12, 31))
    assert row["collected"] == 4 + 1
    assert row["completed"] == 3 and row["replied"] == 3
    assert row["satisfaction"] == 50.0
    by_cat = stats.feedback_rows(world.district.path, D(2026, 1, 1), D(2026, 12, 31), by_category=True)
    assert by_cat["village"]["collected"] == 3 and by_cat["town"]["collected"] == 2
    assert sum(r["collected"] for r in by_cat.values()) == row["collected"]

    def req(received, kind="natural", member=True, org=world.town):
        user = world.users["member_village"] if member else None
        r, _ = services.submit_request(org=org, applicant_name="x", description="x", applicant_type=kind,
                                       channel="in_person", received_on=received, registered_by=office, user=user)
        return r

    r1 = req(D(2025, 12, 20))  # carried over from 2025, answered in 2026
    services.reply(r1, actor=office, outcome=OutcomeCategory.DISCLOSED, text="t", on=D(2026, 1, 5))
    services.rate_request(r1, "basic", reader=world.users["member_village"])
    r2 = req(D(2026, 3, 1), kind="enterprise", member=False)
    services.reply(r2, actor=office, outcome=OutcomeCategory.WITHHELD, text="t", on=D(2026, 3, 10),
                   reason=OutcomeReason.objects.get(code="withheld-state-secret"))
    req(D(2026, 11, 20), kind="research", member=False)  # carried into 2027
    row = stats.feedback_rows(world.district.path, D(2026, 1, 1), D(2026, 12, 31))
    assert row["member_requests"] == 0 and row["member_requests_done"] == 1 and row["request_satisfaction"] == 100.0
    table = stats.request_table(world.district.path, 2026)
    rows = {r["key"]: r for r in table["rows"]}
    assert rows["new"]["total"] == 2 and rows["new"]["values"]["enterprise"] == 1
    assert rows["carried_in"]["total"] == 1 and rows["carried_in"]["values"]["natural"] == 1
    assert rows["outcome:disclosed"]["values"]["natural"] == 1
    assert rows["outcome:withheld"]["values"]["enterprise"] == 1
    assert rows["reason:withheld-state-secret"]["total"] == 1
    assert rows["concluded"]["total"] == 2 and rows["carried_out"]["values"]["research"] == 1
    assert rows["new"]["total"] + rows["carried_in"]["total"] == rows["concluded"]["total"] + rows["carried_out"]["total"]


def test_overdue_list_and_warnings(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 11, 22))
    old = fb(world, world.village, D(2026, 8, 20))   # 94 days
    mid = fb(world, world.town, D(2026, 10, 1))      # 52 days
    fb(world, world.village, D(2026, 11, 20))        # not yet due
    fb(world, world.sibling, D(2026, 8, 1), by=sibling_office(world))  # outside the district
    r, _ = services.submit_request(org=world.town, applicant_name="x", description="x", channel="post",
                                   received_on=D(2026, 9, 1), registered_by=world.users["office"])
    result = selectors.overdue(world.district.path)
    assert result["total"] == 3
    assert [row["number_"] for row in result["rows"]] == [old.number, r.number, mid.number]
    assert result["rows"][0]["days_over"] == (D(2026, 11, 22) - D(2026, 9, 4)).days
    out = feedback.scan()
    assert out["warnings"] == 3 and out["office_alerts"] == 2  # 94 days (district) and 113 days (sibling)
    old.refresh_from_db()
    mid.refresh_from_db()
    assert old.warning_level == 60 and mid.warning_level == 30 and old.office_alerted_on == D(2026, 11, 22)
    alert = Alert.objects.get(feedback=old, to_office=True)
    assert alert.org == world.district  # the nearest org above with an office administrator
    assert feedback.scan() == {"warnings": 0, "office_alerts": 0, "withdrawn": 0, "closed_by_timeout": 0}
    feedback.accept_feedback(old, actor=world.users["office"])
    feedback.reply_feedback(old, actor=world.users["office"], text="r")
    assert not Alert.objects.filter(feedback=old, resolved=False).exists()
    assert Feedback.objects.get(pk=old.pk).due_date is None


def test_requests_and_feedback_follow_a_moved_subtree(world, monkeypatch):
    """隶属关系调整: after a town moves to another district, its open items are listed under the new one."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 11, 22))
    item = fb(world, world.village, D(2026, 8, 20))
    r, _ = services.submit_request(org=world.town, applicant_name="x", description="x", channel="post",
                                   received_on=D(2026, 9, 1), registered_by=world.users["office"])
    org_services.move_org(world.town, world.sibling)
    world.sibling.refresh_from_db()
    world.district.refresh_from_db()
    assert selectors.overdue(world.district.path)["total"] == 0
    assert {row["number_"] for row in selectors.overdue(world.sibling.path)["rows"]} == {item.number, r.number}
