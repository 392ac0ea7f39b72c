"""Published oversight results reach exactly the scope chosen for them (DESIGN invariant 1): assessment
results, circulars and survey results are read through the visibility gate, not by any logged-in user —
once released by their review (先审查后公开; the review itself: test_release_texts.py)."""

from django.urls import reverse
from django.utils import timezone

from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.oversight import services as s
from dwgk.oversight.models import Survey
from dwgk.testing.texts import release_of


def _released(world, kind, obj):
    return release_of(kind, obj, world.users["secrecy"], world.users["approver"])


def _published_assessment(world, scope):
    a = s.create_assessment(world.district, year=2025, title=f"2025年度党务公开考核（{scope}）",
                            assessed=[world.town], indicators_spec=[
                                {"aspect": "plan_catalog", "name": "目录制定", "weight": 100}])
    s.start_scoring(a)
    s.score(a.indicators.get(), a.assessed.get(), value=90)
    s.finalize_assessment(a)
    c = s.publish_assessment(a, scope=scope, actor=world.users["office"])
    _released(world, s.ASSESSMENT_RESULTS, a)
    _released(world, s.CIRCULAR, c)
    return a


def test_assessment_results_reach_only_their_scope(world, login):
    party = _published_assessment(world, "party")
    public = _published_assessment(world, "public")
    detail = reverse("oversight:assessment", args=[party.pk])
    # A party member below the district reads the party-scope results; one of the sibling district does not.
    member = login(world.users["member_village"])
    assert member.get(detail).status_code == 200
    assert party.title in member.get(reverse("oversight:assessments")).content.decode()
    other = login(world.users["member_sibling"])
    assert other.get(detail).status_code == 403
    listing = other.get(reverse("oversight:assessments")).content.decode()
    assert party.title not in listing and public.title in listing
    # A non-member resident: the public results only.
    resident = login(world.users["outsider"])
    assert resident.get(detail).status_code == 403
    assert resident.get(reverse("oversight:assessment", args=[public.pk])).status_code == 200


def test_circulars_reach_only_their_scope(world, login):
    for title, scope in (("本单位范围的通报", "unit"), ("党内通报", "party")):
        c = s.issue_circular(kind="assessment", org=world.district, title=title, body="正文", scope=scope,
                             actor=world.users["office"])
        _released(world, s.CIRCULAR, c)
    index = reverse("oversight:index")
    resident = login(world.users["resident"]).get(index).content.decode()  # affiliated with the village
    assert "本单位范围的通报" in resident and "党内通报" not in resident
    sibling = login(world.users["member_sibling"]).get(index).content.decode()
    assert "本单位范围的通报" not in sibling and "党内通报" not in sibling
    member = login(world.users["member_town"]).get(index).content.decode()
    assert "本单位范围的通报" in member and "党内通报" in member


def test_survey_results_reach_only_their_scope(world, login):
    today = timezone.localdate()
    sv = s.create_survey(world.town, subject=world.town, kind=Survey.Kind.SATISFACTION, audience="members",
                         title="满意度测评", opens_on=today, closes_on=today,
                         questions=[{"text": "是否满意", "kind": "satisfaction"}])
    s.set_survey_state(sv, Survey.State.OPEN)
    s.set_survey_state(sv, Survey.State.CLOSED)
    s.publish_survey_results(sv, scope="party", actor=world.users["office"])
    # The town decides its own survey's texts: the district's 保密审查 and 审批 holders also serve the town here.
    org_services.assign_role(world.people["secrecy"], world.town, Role.SECRECY)
    org_services.assign_role(world.people["approver"], world.town, Role.APPROVER)
    _released(world, s.SURVEY_RESULTS, sv)
    url = reverse("oversight:survey_results", args=[sv.pk])
    assert login(world.users["member_village"]).get(url).status_code == 200
    assert login(world.users["member_sibling"]).get(url).status_code == 403
    assert login(world.users["member_district"]).get(url).status_code == 403  # above the town: not reached
