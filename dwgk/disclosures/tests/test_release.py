"""先审查后公开 for texts other than disclosures (release.py), shown on the 政策解读: no reader sees the text
until a holder of the 保密审查 duty has decided its findings and closed that step, and an approver approved."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from dwgk.access import disclosures as gate
from dwgk.core.choices import Scope
from dwgk.disclosures import content, publishing, release
from dwgk.disclosures.models import Disclosure, Interpretation, Notification, TextRecord, TextReview
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.search import providers
from dwgk.testing.texts import release_text
from dwgk.testing.world import make_user

from .test_publishing import published

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


def _interpret(world, d, body=f"问：联系谁？答：请致电{PHONE}。"):
    return publishing.add_interpretation(d, world.users["proposer"], kind=Interpretation.Kind.QA,
                                         title="党费收缴政策问答", body=body)


def _paths(d) -> list[str]:
    return [f"/portal/d/{d.pk}/", f"/portal/d/{d.pk}/print/", f"/portal/kiosk/{d.org_id}/d/{d.pk}/",
            f"/api/v1/disclosures/{d.pk}/", f"/portal/org/{d.org_id}/"]


def _searchable(d, word: str) -> bool:
    """The disclosure's search document as the index builds it (interpretations are part of it)."""
    document = providers.get_provider("disclosure").get(d.pk)
    return document is not None and word in document.body


def _reader_paths(world, d) -> dict[str, bool]:
    """Does the phone number reach a reader on each path? Pages, print, kiosk, API, org page, search."""
    c = Client()
    out = {path: PHONE in c.get(path).content.decode() for path in _paths(d)}
    out["search"] = _searchable(d, PHONE)
    out["queryset"] = gate.released_interpretations(Interpretation.objects.filter(disclosure=d)).exists()
    return out


def test_政策解读经保密审查和审批后才向读者发布(world, approved):
    d = published(world, approved, scope=Scope.PUBLIC)
    item = _interpret(world, d)
    review = release.review_of(publishing.INTERPRETATION, item)
    assert review.state == TextReview.State.REVIEW and item.published_at is None
    for path in _paths(d):
        page = Client().get(path)
        assert page.status_code == 200 and "党费收缴政策问答" not in page.content.decode(), path
    assert not _searchable(d, "党费收缴政策问答")
    nowhere = {**{path: False for path in _paths(d)}, "search": False, "queryset": False}
    assert _reader_paths(world, d) == nowhere
    # The approver cannot go first; 审核 alone cannot close the step that records the 保密审查.
    with pytest.raises(ValidationError):
        release.act(review, world.users["approver"], "pass")
    with pytest.raises(ValidationError, match="保密审查"):
        release.act(review, world.users["reviewer"], "pass")
    with pytest.raises(ValidationError, match="未处理"):
        release.act(review, world.users["secrecy"], "pass")
    finding = review.findings.get()
    with pytest.raises(ValidationError, match="保密审查"):
        release.decide_finding(finding, world.users["reviewer"], "redact")
    release.decide_finding(finding, world.users["secrecy"], "redact")
    release.act(review, world.users["secrecy"], "pass", opinion="已脱密")
    assert not _reader_paths(world, d)["queryset"]  # approval still to come
    release.act(review, world.users["approver"], "pass", opinion="同意")
    item.refresh_from_db()
    review.refresh_from_db()
    assert review.state == TextReview.State.RELEASED and item.published_at is not None
    assert PHONE not in item.body and "■" in item.body and PHONE in review.texts["body"]
    assert _reader_paths(world, d) == {**nowhere, "queryset": True}
    for path in _paths(d):
        if "/kiosk/" not in path:  # the touch screen shows the disclosure's text only
            assert "党费收缴政策问答" in Client().get(path).content.decode(), path
    assert _searchable(d, "党费收缴政策问答")
    # 谁审查谁负责: the records name who decided, in which duty.
    records = list(review.records.values_list("action", "actor_name", "role"))
    assert records[1:3] == [(TextRecord.Action.PASS, world.people["secrecy"].name, Role.SECRECY),
                            (TextRecord.Action.PASS, world.people["approver"].name, Role.APPROVER)]
    assert review.findings.get().decided_by == world.people["secrecy"]


def test_审查页面办理或处理发现被拒时提示原因并保留所填意见和理由(world, approved):
    d = published(world, approved)
    review = release.review_of(publishing.INTERPRETATION, _interpret(world, d))
    finding = review.findings.get()
    c = Client()
    c.force_login(world.users["secrecy"])
    url = f"/disclosures/texts/{review.pk}/"
    r = c.post(url + "act/", {"action": "99999999", "opinion": "电话号码须删去"}, follow=True)
    html = r.content.decode()
    assert r.redirect_chain[-1][0] == url and "请选择办理结果" in html
    assert "电话号码须删去</textarea>" in html
    r = c.post(url + "act/", {"action": "return", "opinion": ""}, follow=True)
    assert "退回或不予发布须填写意见" in r.content.decode()
    r = c.post(url + "finding/", {"finding": finding.pk, "decision": "99999999", "reason": "已公开的办公电话"},
               follow=True)
    html = r.content.decode()
    assert "请选择处理方式" in html and 'value="已公开的办公电话"' in html
    r = c.post(url + "finding/", {"finding": finding.pk, "decision": "waive", "reason": " "}, follow=True)
    html = r.content.decode()
    assert "须写明理由" in html and '<option value="waive" selected>' in html
    assert "电话号码须删去" not in c.get(url).content.decode()  # kept for that one answer only
    review.refresh_from_db()
    finding.refresh_from_db()
    assert review.state == TextReview.State.REVIEW and finding.decision == "pending"
    assert list(review.records.values_list("action", flat=True)) == [TextRecord.Action.SUBMIT]


def test_提交人保密审查人审批人须为三个不同的人(world, approved):
    d = published(world, approved)
    both = world.people["secrecy"]
    org_services.assign_role(both, world.district, Role.APPROVER)
    review = release.review_of(publishing.INTERPRETATION, _interpret(world, d, body="答：按规定缴纳。"))
    release.act(review, world.users["secrecy"], "pass")
    with pytest.raises(ValidationError, match="三个不同的人"):
        release.act(review, world.users["secrecy"], "pass")
    release.act(review, world.users["approver"], "pass")


def test_一人兼任审核和保密审查时记录为两项职责(world, approved):
    d = published(world, approved)
    person = org_services.create_person(name="兼任审核保密", party_org=world.district)
    org_services.assign_role(person, world.district, Role.REVIEWER)
    org_services.assign_role(person, world.district, Role.SECRECY)
    make_user("both", person)
    review = release.review_of(publishing.INTERPRETATION, _interpret(world, d, body="答：按规定缴纳。"))
    release.act(review, person.user, "pass")
    assert review.records.filter(action="pass").get().role == "reviewer+secrecy"


def test_退回后修改重新提交_发布后改动须重新审查(world, approved):
    d = published(world, approved)
    item = _interpret(world, d, body="答：按规定缴纳。")
    review = release.review_of(publishing.INTERPRETATION, item)
    with pytest.raises(ValidationError, match="意见"):
        release.act(review, world.users["secrecy"], "return")
    release.act(review, world.users["secrecy"], "return", opinion="请补充依据")
    review.refresh_from_db()
    assert review.state == TextReview.State.RETURNED
    assert world.people["proposer"].notifications.filter(title__contains="退回修改").exists()
    item.body = "<p>答：按《党费收缴规定》缴纳。</p>"
    item.save()
    release.submit(publishing.INTERPRETATION, item, world.users["proposer"])
    review = release_text(release.review_of(publishing.INTERPRETATION, item), world.users["secrecy"],
                          world.users["approver"])
    assert review.version == 2 and review.state == TextReview.State.RELEASED
    # A released text resubmitted unchanged stays released; a changed one is hidden until approved again.
    item.refresh_from_db()
    assert release.submit(publishing.INTERPRETATION, item, world.users["proposer"]).state == TextReview.State.RELEASED
    item.body = f"<p>答：联系{PHONE}。</p>"
    item.save()
    release.submit(publishing.INTERPRETATION, item, world.users["proposer"])
    item.refresh_from_db()
    assert item.published_at is None


def test_待办随环节推进撤回(world, approved):
    d = published(world, approved)
    review = release.review_of(publishing.INTERPRETATION, _interpret(world, d, body="答：按规定缴纳。"))
    todo = world.people["secrecy"].notifications.get(kind="todo", url=release.review_url(review))
    # 审核 alone cannot close the step that records the 保密审查: no 待办 for it.
    assert not world.people["reviewer"].notifications.filter(url=release.review_url(review)).exists()
    release.act(review, world.users["secrecy"], "pass")
    todo.refresh_from_db()
    assert todo.kind == "withdrawn" and "已撤回" in todo.body
    assert world.people["approver"].notifications.filter(kind="todo", url=release.review_url(review)).exists()


def test_发布后直接改动数据库被定时核对发现(world, approved):
    d = published(world, approved)
    item = _interpret(world, d)
    release_text(release.review_of(publishing.INTERPRETATION, item), world.users["secrecy"], world.users["approver"])
    total, drifted = release.verify_released_texts()
    assert total == 1 and drifted == []
    with connection.cursor() as cursor:
        cursor.execute("UPDATE disclosures_interpretation SET body = %s WHERE id = %s", [f"<p>{PHONE}</p>", item.pk])
    total, drifted = release.verify_released_texts()
    assert [r.object_id for r in drifted] == [item.pk]
    assert world.people["office"].notifications.filter(kind="alert", title__contains="公开文本被改动").count() == 1
    release.verify_released_texts()  # reported once until it is gone
    assert world.people["office"].notifications.filter(kind="alert").count() == 1


def test_审查页面只对流程人员和监督可见(world, approved):
    d = published(world, approved)
    review = release.review_of(publishing.INTERPRETATION, _interpret(world, d))
    url = f"/disclosures/texts/{review.pk}/"
    expected = {"proposer": 200, "secrecy": 200, "reviewer": 200, "approver": 200, "office": 200,
                "city_office": 200, "member_district": 404, "publisher": 404, "member_sibling": 404}
    got = {}
    for key in expected:
        c = Client()
        c.force_login(world.users[key])
        got[key] = c.get(url).status_code
    assert got == expected
    c = Client()
    c.force_login(world.users["secrecy"])
    page = c.get("/disclosures/texts/").content.decode()
    assert "党费收缴政策问答" in page and PHONE not in page


def test_澄清更正说明向读者公开_含手机号不得提交且审批哈希覆盖它(world, approved):
    d = published(world, approved)
    with pytest.raises(ValidationError, match="手机号码"):
        publishing.start_correction(d, world.users["proposer"], kind="correct", reason=f"联系人改为{PHONE}")
    new = publishing.start_correction(d, world.users["proposer"], kind="correct", reason="金额统计有误")
    before = content.content_hash(new)
    Disclosure.objects.filter(pk=new.pk).update(correction_reason="金额统计有误，另有说明")
    new.refresh_from_db()
    assert content.content_hash(new) != before


def test_公开事项撤回时_其待审的政策解读随之撤回审查和待办(world, approved):
    d = published(world, approved)
    pending = _interpret(world, d, body="答：按规定缴纳。")
    review = release.review_of(publishing.INTERPRETATION, pending)
    todos = Notification.objects.filter(url=release.review_url(review))
    assert todos.filter(kind="todo", read_at__isnull=True).exists()
    publishing.withdraw(d, world.users["approver"], "内容有误")
    review.refresh_from_db()
    assert review.state == TextReview.State.WITHDRAWN
    last = review.records.order_by("-at", "-id").first()
    assert (last.action, last.actor_name, last.opinion) == (TextRecord.Action.WITHDRAW, world.people["approver"].name,
                                                             "所解读的公开事项已撤回：内容有误")
    assert not todos.filter(kind="todo").exists()
    assert all("已不再公开" in n.body for n in todos)
    with pytest.raises(ValidationError):
        release.act(review, world.users["secrecy"], "pass")
