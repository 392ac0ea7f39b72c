"""The pages, driven as their users: office staff, inspected orgs, members taking a survey."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from dwgk.oversight import services as s
from dwgk.oversight.models import Ballot, Carrier, CheckItem, Inspection, Rectification, Response, Survey


def test_registry_page_and_add(world, login):
    c = login(world.users["office"])
    url = reverse("oversight:registry", args=[world.town.pk])
    assert c.get(url).status_code == 200
    r = c.post(reverse("oversight:registry_add", args=[world.town.pk, "carrier"]),
               {"kind": "board", "name": "镇政府门口", "quantity": "2", "established_on": "2026-03-01"})
    assert r.status_code == 302
    assert Carrier.objects.get(org=world.town).quantity == 2
    page = c.get(url).content.decode()
    assert "镇政府门口" in page and "党务公开栏" in page
    # Bad input: a clear Chinese error and nothing saved.
    c.post(reverse("oversight:registry_add", args=[world.town.pk, "carrier"]),
           {"kind": "website", "name": "网站", "quantity": "1", "established_on": "2026-03-01"}, follow=True)
    assert Carrier.objects.count() == 1
    # Someone from another district may not see or write it.
    other = login(world.users["member_sibling"])
    assert other.get(url).status_code == 403


def test_inspection_lifecycle_through_pages(world, login):
    c = login(world.users["office"])
    r = c.post(reverse("oversight:inspection_create"), {
        "organizer": world.district.pk, "kind": "special", "title": "党务公开专项督查", "focus": "目录制定",
        "started_on": "2026-11-02", "target_codes": f"{world.town.code}, {world.village.code}"})
    insp = Inspection.objects.get()
    assert r.url == reverse("oversight:inspection", args=[insp.pk])
    target = insp.targets.get(org=world.village)
    checks = {f"check_{v}": "1" for v in CheckItem.values} | {"check_deadline": "0", "target": target.pk}
    c.post(reverse("oversight:inspection_action", args=[insp.pk, "checks"]), checks)
    c.post(reverse("oversight:inspection_action", args=[insp.pk, "finding"]), {
        "target": target.pk, "check_item": "deadline", "description": "党费收缴情况逾期未公开",
        "requirement": "补充公开", "days": "10"})
    rect = Rectification.objects.get()
    page = c.get(reverse("oversight:inspection", args=[insp.pk])).content.decode()
    assert "公开时限落实：不符合" in page and "剩余" in page
    c.post(reverse("oversight:rectification", args=[rect.pk]), {"action": "answer", "answer": "已补充公开"})
    c.post(reverse("oversight:rectification", args=[rect.pk]), {"action": "verify", "accept": "1", "note": "同意"})
    rect.refresh_from_db()
    assert rect.state == Rectification.State.VERIFIED
    wb = c.get(reverse("core:workbench")).content.decode()
    assert "我带队的督查" in wb


def _open_survey(world):
    today = timezone.localdate()
    sv = s.create_survey(world.town, subject=world.town, kind=Survey.Kind.EVALUATION, audience="members",
                         title="党员评议党务公开", opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=9),
                         questions=[{"text": "是否满意", "kind": "satisfaction"},
                                    {"text": "最需改进", "kind": "choice", "options": ["内容", "时效"]}])
    s.set_survey_state(sv, Survey.State.OPEN)
    return sv


def test_member_takes_survey_once(world, login):
    sv = _open_survey(world)
    q1, q2 = sv.questions.all()
    c = login(world.users["member_village"])
    assert "党员评议党务公开" in c.get(reverse("oversight:surveys")).content.decode()
    c.post(reverse("oversight:survey_take", args=[sv.pk]), {f"q{q1.pk}": "0", f"q{q2.pk}": "1"})
    assert Response.objects.count() == 1 and Ballot.objects.count() == 1
    page = c.post(reverse("oversight:survey_take", args=[sv.pk]), {f"q{q1.pk}": "2", f"q{q2.pk}": "0"},
                  follow=True).content.decode()
    assert "每人只能提交一次" in page and Response.objects.count() == 1
    assert login(world.users["member_sibling"]).get(reverse("oversight:survey_take", args=[sv.pk])).status_code == 403
    office = login(world.users["office"])
    assert office.get(reverse("oversight:survey_results", args=[sv.pk])).status_code == 200


def test_other_pages_render(world, login):
    s.create_assessment(world.district, year=2025, title="2025年度考核", assessed=[world.town], indicators_spec=[
        {"aspect": "party_building", "name": "党建引领", "weight": 100}])
    c = login(world.users["office"])
    for name in ("index", "assessments", "surveys", "accountability", "best_practice", "inspections"):
        assert c.get(reverse(f"oversight:{name}")).status_code == 200, name
    a = world.district.assessments.get()
    assert "党建底色" in c.get(reverse("oversight:assessment", args=[a.pk])).content.decode()
    r = c.post(reverse("oversight:accountability"), {
        "org": world.district.pk, "case": "catalog", "action": "criticism", "responsible_code": world.town.code,
        "facts": "未按照规定编制党务公开目录", "decided_on": date(2026, 11, 1).isoformat()})
    assert r.status_code == 302
    assert "未按照规定编制或者调整党务公开目录的" in c.get(reverse("oversight:accountability")).content.decode()


def test_a_refused_answer_sheet_keeps_every_answer_chosen(world, login):
    sv = _open_survey(world)
    q1, q2 = sv.questions.all()
    page = login(world.users["member_village"]).post(reverse("oversight:survey_take", args=[sv.pk]),
                                                     {f"q{q1.pk}": "9", f"q{q2.pk}": "1"}).content.decode()
    assert Response.objects.count() == 0
    assert f'name="q{q2.pk}" value="1" required checked' in page
    assert f'name="q{q1.pk}" value="0" required>' in page  # the forged answer chooses nothing
