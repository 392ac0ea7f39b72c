"""先审查后公开 for the reader-facing texts of oversight (DESIGN invariant 2; disclosures.release): a 通报,
published 考核结果 and 测评结果, and a 最佳实践选树通报 each reach no reader path until a holder of the 保密审查
duty at the deciding org has decided the scanner's findings and closed that step and an approver approved;
readers then get the redacted text, and the record names the secrecy reviewer (谁审查谁负责).

The reader is a party member who works at the town (below the district): every text below is in their scope
once released, so only the review keeps it from them. The reader paths are every page that shows these
kinds: the oversight index (circulars), an inspection page (its circulars, to the inspected org's staff),
the assessments list and an assessment page, a survey's results page, the best-practice list and a round's
page (its result and its circulars)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dwgk.disclosures import release
from dwgk.disclosures.models import TextRecord, TextReview
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Line, Role
from dwgk.oversight import services as s
from dwgk.oversight.models import Assessment, BestPracticeRound, Circular, Inspection, Survey
from dwgk.testing.texts import release_of
from dwgk.testing.world import make_user

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ALL_OK = {"content": True, "form": True, "procedure": True, "deadline": True, "feedback": True}


@pytest.fixture
def texts(world):
    """One text of each kind, submitted by the office that issues it, each holding the mobile number."""
    w, office, today = world, world.users["office"], timezone.localdate()
    reader = org_services.create_person(name="镇承办人", party_org=w.town)
    org_services.assign_role(reader, w.town, Role.PROPOSER)  # answers for the town: reads its inspections
    # The city decides its round's texts: the district's 保密审查 holder also holds that duty at the city.
    org_services.assign_role(w.people["secrecy"], w.city, Role.SECRECY)
    out = {"reader": make_user("town_proposer", reader)}

    insp = s.create_inspection(w.district, kind=Inspection.Kind.ROUTINE, title="矩阵经常性检查",
                               leader=w.people["office"], started_on=today, targets=[w.town], actor=office)
    s.record_checks(insp.targets.get(), checks=ALL_OK, actor=office)
    s.conclude_inspection(insp, on=today, actor=office)
    out["inspection"] = insp
    out["circular"] = s.issue_circular(kind=Circular.Kind.INSPECTION, org=w.district, inspection=insp,
                                       title="关于矩阵检查情况的通报", body=f"整改联系人电话{PHONE}。",
                                       scope="party", actor=office)

    a = s.create_assessment(w.district, year=2025, title="矩阵年度考核", assessed=[w.town], actor=office,
                            indicators_spec=[{"aspect": "plan_catalog", "name": f"核实{PHONE}公开情况",
                                              "weight": 100}])
    s.start_scoring(a, actor=office)
    s.score(a.indicators.get(), a.assessed.get(), value=90, actor=office)
    s.finalize_assessment(a, actor=office)
    out["assessment_circular"] = s.publish_assessment(a, scope="party", actor=office)
    out["assessment"] = Assessment.objects.get(pk=a.pk)

    sv = s.create_survey(w.district, subject=w.district, kind=Survey.Kind.SATISFACTION, audience="members",
                         title="矩阵满意度测评", opens_on=today, closes_on=today, actor=office,
                         questions=[{"text": f"对热线{PHONE}的答复是否满意", "kind": "satisfaction"}])
    s.set_survey_state(sv, Survey.State.OPEN, actor=office)
    s.submit_response(sv, w.people["member_village"], answers={sv.questions.get().pk: 0})
    s.set_survey_state(sv, Survey.State.CLOSED, actor=office)
    out["survey"] = s.publish_survey_results(sv, scope="party", actor=office)

    line = Line.objects.order_by("sort_order").first()
    line.lead_org = w.district
    line.save()
    units = [org_services.create_org(name=f"矩阵条线单位{i}", code=f"MX{i:03d}", kind="grassroots", parent=w.district,
                                     category="organ", line=line) for i in range(3)]
    rnd = s.open_round(w.city, year=2026, title="矩阵最佳实践选树", lines=[line], actor=w.users["city_office"])
    noms = s.nominate(rnd.lines.get(), by_org=w.district, actor=office, entries=[
        {"org": u, "highlights": f"设立党务公开热线{PHONE}" if i == 0 else "公开栏规范"} for i, u in enumerate(units)])
    s.start_joint_evaluation(rnd, actor=w.users["city_office"])
    for n in noms:
        s.score_nominee(n, evaluator=w.city, aspect="party_building", value=90, actor=w.users["city_office"])
    s.choose(rnd.lines.get(), noms[:1], actor=w.users["city_office"])
    out["round_circular"] = s.announce(rnd, scope="public", actor=w.users["city_office"])
    out["round"] = BestPracticeRound.objects.get(pk=rnd.pk)
    return out


# (kind, what) → the page a reader opens and the marker that says the text reached them there.
def _paths(t) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        ("通报", "监督考核首页"): (reverse("oversight:index"), t["circular"].title),
        ("通报", "督查页"): (reverse("oversight:inspection", args=[t["inspection"].pk]), "整改联系人电话"),
        ("通报", "考核结果通报"): (reverse("oversight:index"), t["assessment_circular"].title),
        ("通报", "选树通报"): (reverse("oversight:round", args=[t["round"].pk]), t["round_circular"].title),
        ("考核结果", "考核列表"): (reverse("oversight:assessments"), t["assessment"].title),
        ("考核结果", "考核页"): (reverse("oversight:assessment", args=[t["assessment"].pk]), "公开情况"),
        ("测评结果", "测评结果页"): (reverse("oversight:survey_results", args=[t["survey"].pk]), "的答复是否满意"),
        ("最佳实践选树通报", "选树列表"): (reverse("oversight:best_practice"), t["round"].title),
        ("最佳实践选树通报", "选树页"): (reverse("oversight:round", args=[t["round"].pk]), "设立党务公开热线"),
    }


def _seen(t) -> dict[tuple[str, str], tuple[bool, bool]]:
    """On each reader path: (the text reached the reader, the mobile number reached the reader)."""
    c = Client()
    c.force_login(t["reader"])
    out = {}
    for key, (url, marker) in _paths(t).items():
        r = c.get(url)
        assert r.status_code in (200, 403, 404), (key, r.status_code)
        html = r.content.decode() if r.status_code == 200 else ""
        out[key] = (marker in html, PHONE in html)
    return out


def _reviews(t):
    return [(s.CIRCULAR, t["circular"]), (s.CIRCULAR, t["assessment_circular"]), (s.CIRCULAR, t["round_circular"]),
            (s.ASSESSMENT_RESULTS, t["assessment"]), (s.SURVEY_RESULTS, t["survey"]), (s.BEST_PRACTICE, t["round"])]


def test_监督考核文本经保密审查和审批后才到达读者_读者得到脱密文本(world, texts):
    t = texts
    assert _seen(t) == {key: (False, False) for key in _paths(t)}
    # Nothing is marked released, and no reader queryset has it.
    assert t["circular"].published_at is None and t["survey"].results_published_at is None
    assert t["assessment"].published_at is None and t["assessment"].state == Assessment.State.REVIEW
    assert t["round"].announced_at is None and t["round"].state == BestPracticeRound.State.REVIEW
    # 审核 alone cannot close the step that records the 保密审查; the approver cannot go first.
    review = release.review_of(s.CIRCULAR, t["circular"])
    with pytest.raises(ValidationError, match="保密审查"):
        release.act(review, world.users["reviewer"], "pass")
    with pytest.raises(ValidationError):
        release.act(review, world.users["approver"], "pass")
    # Past the 保密审查 but not yet approved: still nowhere.
    for kind, obj in _reviews(t):
        review = release.review_of(kind, obj)
        assert review.findings.exists() == (obj is not t["assessment_circular"] and obj is not t["round_circular"])
        for f in review.findings.all():
            release.decide_finding(f, world.users["secrecy"], "redact")
        release.act(review, world.users["secrecy"], "pass", opinion="已脱密")
    assert _seen(t) == {key: (False, False) for key in _paths(t)}
    for kind, obj in _reviews(t):
        approver = world.users["city_approver" if kind == s.BEST_PRACTICE or obj is t["round_circular"]
                               else "approver"]
        release.act(release.review_of(kind, obj), approver, "pass", opinion="同意")
    assert _seen(t) == {key: (True, False) for key in _paths(t)}
    # Readers got the redacted text; the review keeps the submitted one; the records name the secrecy reviewer.
    for kind, obj in _reviews(t):
        review = release.review_of(kind, obj)
        assert review.state == TextReview.State.RELEASED
        obj.refresh_from_db()
        shown = "".join(str(getattr(obj, f)) for f in release.KINDS[kind].fields)
        assert PHONE not in shown
        assert review.records.get(action=TextRecord.Action.PASS, role=Role.SECRECY).actor_person == \
            world.people["secrecy"]
        assert all(f.decided_by == world.people["secrecy"] for f in review.findings.all())
    assert "■" in Circular.objects.get(pk=t["circular"].pk).body
    assert Assessment.objects.get(pk=t["assessment"].pk).state == Assessment.State.PUBLISHED
    assert BestPracticeRound.objects.get(pk=t["round"].pk).state == BestPracticeRound.State.ANNOUNCED


def test_审查中的文本只给办理人员看_办理人员看到审查状态(world, texts):
    t = texts
    office = Client()
    office.force_login(world.users["office"])
    page = office.get(reverse("oversight:index")).content.decode()
    assert t["circular"].title in page and "审核中" in page  # the office's own list, with the review state
    page = office.get(reverse("oversight:assessment", args=[t["assessment"].pk])).content.decode()
    assert release.review_url(release.review_of(s.ASSESSMENT_RESULTS, t["assessment"])) in page
    # A released text edited again is hidden until approved again.
    review = release_of(s.CIRCULAR, t["circular"], world.users["secrecy"], world.users["approver"])
    assert review.state == TextReview.State.RELEASED
    s.revise_circular(t["circular"], title=t["circular"].title, body="改为书面联系。", actor=world.users["office"])
    assert Circular.objects.get(pk=t["circular"].pk).published_at is None
    member = Client()
    member.force_login(t["reader"])
    assert t["circular"].title not in member.get(reverse("oversight:index")).content.decode()


def test_退回的考核结果可再次提交公布_不重复印发通报(world, texts):
    t = texts
    a = t["assessment"]
    with pytest.raises(ValidationError, match="审查中"):
        s.publish_assessment(a, scope="party", actor=world.users["office"])
    release.act(release.review_of(s.ASSESSMENT_RESULTS, a), world.users["secrecy"], "return", opinion="请核实指标名称")
    s.publish_assessment(a, scope="public", actor=world.users["office"])
    assert a.circulars.count() == 1 and a.circulars.get().scope == "public"
    review = release.review_of(s.ASSESSMENT_RESULTS, a)
    assert review.state == TextReview.State.REVIEW and review.version == 2


def test_退回的通报在首页修改后重新提交审查(world, texts):
    t = texts
    release.act(release.review_of(s.CIRCULAR, t["circular"]), world.users["secrecy"], "return", opinion="删去电话")
    office = Client()
    office.force_login(world.users["office"])
    assert "修改后重新提交审查" in office.get(reverse("oversight:index")).content.decode()
    r = office.post(reverse("oversight:circular_revise", args=[t["circular"].pk]),
                    {"title": t["circular"].title, "body": "请与区委党务公开办公室联系。"})
    assert r.status_code == 302
    review = release.review_of(s.CIRCULAR, t["circular"])
    assert review.state == TextReview.State.REVIEW and review.version == 2 and not review.findings.exists()


def test_通报须由本人账号提交审查(world):
    """A text under review names who submitted it: the system (no account) cannot issue one."""
    with pytest.raises(ValidationError, match="未关联人员"):
        s.issue_circular(kind=Circular.Kind.COMPLIANCE, org=world.district, title="通报", body="正文",
                         scope="party")
    assert not Circular.objects.exists()
