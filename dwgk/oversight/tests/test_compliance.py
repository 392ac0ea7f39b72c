"""合规监测 (seed 000 四(三)(五), seed 001 arts. 26–29): the measures of a subtree, the ranking of the
worst orgs, reminders to the responsible people, and a 通报 put through the disclosure workflow."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dwgk.access.errors import Refused
from dwgk.catalog import services as catalog_services
from dwgk.catalog.models import DuePeriod
from dwgk.disclosures import services as ds
from dwgk.disclosures.models import Disclosure, Notification, Status
from dwgk.oversight import compliance
from dwgk.oversight import services as s
from dwgk.oversight.models import Circular
from dwgk.participation import feedback

LATER = timezone.localdate() + timedelta(days=400)  # every open obligation of this year is past due then


def _rogue_publication(world, org):
    """A disclosure marked published without going through the workflow (what the check must catch)."""
    d = ds.create_draft(org=org, title="未经审批的公开", body="<p>内容</p>", proposer=world.people["proposer"],
                        scope="party", out_of_catalog_reason="测试")
    Disclosure.objects.filter(pk=d.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
    return d


@pytest.fixture
def monitored(world):
    town = world.town
    catalog = catalog_services.create_from_template(town)
    catalog_services.submit(catalog)
    catalog_services.acknowledge(catalog)
    catalog.refresh_from_db()
    catalog_services.request_change(catalog, kind="add", reason="新增事项", explanation="说明",
                                    data={"subject": "新增公开事项", "category": "other", "scope": "party",
                                          "channels": ["portal"], "cadence_kind": "immediate",
                                          "cadence_params": {"workdays": 5}})
    _rogue_publication(world, world.village)
    fb, _code = feedback.submit_feedback(subject="意见", body="请公开", org=world.village2)
    feedback.accept_feedback(fb, actor=world.users["office"])
    return world


def test_measures_of_the_subtree_and_the_ranking(monitored):
    w = monitored
    s_run = compliance.verify_publications()
    assert s_run.violations == 1
    m = compliance.monitor(w.district, today=LATER)
    overdue_town = DuePeriod.objects.filter(org=w.town, due_date__lt=LATER, provisional=False).exclude(
        state__in=("fulfilled", "late")).count()
    assert overdue_town > 0
    assert m.totals == {"no_catalog": 3,  # the district and both villages; the town's catalog is filed
                        "unreviewed": 1, "overdue_periods": overdue_town, "pending_changes": 1,
                        "overdue_requests": 0, "overdue_feedback": 1}
    by_org = {row["org"].pk: row for row in m.worst}
    assert by_org[w.village.pk]["score"] == 10 + 20  # no catalog + published without the workflow
    assert by_org[w.village2.pk]["score"] == 10 + 2
    assert by_org[w.town.pk]["score"] == 2 * overdue_town + 1
    assert [row["score"] for row in m.worst] == sorted((row["score"] for row in m.worst), reverse=True)
    assert m.worst[0]["org"] == (w.village if 30 > 2 * overdue_town + 1 else w.town)
    assert "未经完整审批流程即公开1项" in compliance.problem_text(by_org[w.village.pk])
    # The sibling district is outside the subtree: nothing of ours there, nothing of its counted here.
    assert compliance.monitor(w.sibling, today=LATER).totals["unreviewed"] == 0


def test_published_through_the_workflow_is_not_a_violation(world):
    from dwgk.reports.tests.smallworld import Small, publish

    publish(Small(world), world.town, category="other", channels=["portal"], on=timezone.localdate())
    assert compliance.verify_publications().violations == 0
    _rogue_publication(world, world.town)
    run = compliance.verify_publications()
    assert (run.checked, run.violations) == (2, 1)


def test_reminders_go_to_the_first_responsible_and_the_office(monitored):
    w = monitored
    sent = s.send_compliance_reminders(w.city, actor=w.users["city_office"], today=LATER)
    notes = Notification.objects.filter(title__startswith="党务公开工作提醒")
    assert sent == notes.count() > 0
    # The district is among the worst (no catalog): its approver and its office are reminded.
    assert {n.recipient for n in notes.filter(title__contains=w.district.name)} == {
        w.people["approver"], w.people["office"]}


def test_circular_drafted_from_the_monitor_goes_into_the_workflow(monitored):
    w = monitored
    m = compliance.monitor(w.district, today=LATER)
    body = compliance.circular_text(m)
    assert w.village.name in body and "未报备党务公开目录" in body
    # Circulars are the office's to issue (dwgk.access.oversight): a 承办人 is refused, nothing is written.
    disclosures = Disclosure.objects.count()
    with pytest.raises(Refused, match="党务公开办公室"):
        s.issue_compliance_circular(w.district, title="关于党务公开工作情况的通报", body=body, scope="party",
                                    actor=w.users["proposer"])
    assert not Circular.objects.exists() and Disclosure.objects.count() == disclosures
    c = s.issue_compliance_circular(w.district, title="关于党务公开工作情况的通报", body=body, scope="party",
                                    actor=w.users["office"])
    assert c.kind == Circular.Kind.COMPLIANCE
    d = c.disclosure
    # Submitted by the district's 承办人: now under review, not published (先审查后公开).
    ds.submit(d, w.users["proposer"])
    d.refresh_from_db()
    assert d.status == Status.REVIEW and d.org == w.district and d.scope == "party"
    assert "未报备党务公开目录" in d.body
    with pytest.raises(ValidationError, match="已转为公开事项"):
        s.circular_to_disclosure(c, actor=w.users["office"])
    # The office (not a 承办人) issues one: the disclosure waits as a draft for a proposer to submit.
    c2 = s.issue_compliance_circular(w.district, title="通报二", body="正文", scope="public",
                                     actor=w.users["office"])
    assert c2.disclosure.status == Status.DRAFT
    with pytest.raises(ValidationError, match="请选择通报范围"):
        s.issue_compliance_circular(w.district, title="通报三", body="正文", scope="nowhere",
                                    actor=w.users["office"])
    assert Circular.objects.count() == 2


def test_monitor_page_remind_and_circular(monitored, login):
    w = monitored
    compliance.verify_publications()
    c = login(w.users["office"])
    page = c.get(reverse("reports:compliance")).content.decode()
    assert "未经完整审批流程即公开" in page and w.village.name in page
    r = c.post(reverse("reports:compliance"), {"code": w.district.code, "action": "remind"}, follow=True)
    assert "已向问题较多党组织" in r.content.decode()
    r = c.post(reverse("reports:compliance"), {"code": w.district.code, "action": "circular", "title": "",
                                               "body": "正文", "scope": "party"}, follow=True)
    assert "请填写标题" in r.content.decode() and not Circular.objects.exists()
    # Another district's member may not look.
    assert login(w.users["member_sibling"]).get(reverse("reports:compliance")).status_code == 403
    assert login(w.users["office"]).get(reverse("reports:compliance") + f"?code={w.sibling.code}").status_code == 403


def test_overdue_date_rule(monitored):
    # Before anything falls due, only the standing problems remain.
    m = compliance.monitor(monitored.district, today=date(2000, 1, 1))
    assert m.totals["overdue_periods"] == 0 and m.totals["overdue_feedback"] == 0 and m.totals["no_catalog"] == 3
