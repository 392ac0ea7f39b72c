"""Seed rules, in their words, against the oversight services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dwgk.audit.models import AuditEntry
from dwgk.core.crypto import sm3_hex
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Line, Role, RoleAssignment
from dwgk.oversight import services as s
from dwgk.oversight.models import (
    AccountabilityCase,
    Answer,
    Assessment,
    Ballot,
    BestPracticeRound,
    CheckItem,
    Circular,
    Inspection,
    Measure,
    Nomination,
    Question,
    Rectification,
    Response,
    Survey,
)
from dwgk.oversight.selectors import survey_results
from dwgk.testing.texts import release_of

D = date(2026, 5, 4)
ALL_OK = {c: True for c in CheckItem.values}


def test_measure_document_checksum(world):
    data = "綦江县党务公开工作制度".encode()
    m = s.add_measure(world.town, kind=Measure.Kind.RULE, title="党务公开工作制度", adopted_on=D,
                      document=SimpleUploadedFile("rule.txt", data))
    assert m.checksum == sm3_hex(data) and m.filename == "rule.txt"


def test_contact_point_must_be_below(world):
    with pytest.raises(ValidationError, match="下级党组织"):
        s.add_contact_point(world.town, point=world.sibling, established_on=D)
    s.add_contact_point(world.town, point=world.village, established_on=D)


def test_website_filing_with_superior_only(world):
    site = s.add_carrier(world.town, kind="website", name="一镇党建网", established_on=D,
                         url="http://example.cn", column_name="党务公开专栏")
    with pytest.raises(ValidationError, match="上级"):
        s.file_website(site, filed_with=world.village, filed_on=D)
    s.file_website(site, filed_with=world.district, filed_on=D)
    assert site.filed_with == world.district


def test_supervisor_is_party_member_and_gets_role(world):
    with pytest.raises(ValidationError, match="党员"):
        s.appoint_supervisor(world.village, world.people["resident"], on=D)
    appt = s.appoint_supervisor(world.village, world.people["member_village"], on=D)
    assert RoleAssignment.objects.filter(person=appt.person, org=world.village, role=Role.SUPERVISOR).exists()
    s.add_supervisor_comment(world.village, appt.person, body="公开栏内容更新不及时", on=D)
    with pytest.raises(ValidationError, match="监督员"):
        s.add_supervisor_comment(world.village, world.people["member_town"], body="x", on=D)
    s.end_supervisor(appt, on=D)
    assert not RoleAssignment.objects.filter(person=appt.person, org=world.village, role=Role.SUPERVISOR).exists()


def _inspection(world, kind=Inspection.Kind.SPECIAL):
    return s.create_inspection(world.district, kind=kind, title="党务公开专项督查", leader=world.people["office"],
                               started_on=D, targets=[world.town, world.village])


def test_inspection_only_below_organizer(world):
    with pytest.raises(ValidationError, match="下级"):
        s.create_inspection(world.district, kind="routine", title="检查", leader=world.people["office"],
                            started_on=D, targets=[world.sibling])
    assert not Inspection.objects.exists()


def test_rectification_lifecycle(world):
    insp = _inspection(world)
    target = insp.targets.get(org=world.village)
    with pytest.raises(ValidationError, match="逐项"):
        s.record_checks(target, checks={"content": True})
    s.record_checks(target, checks={**ALL_OK, "deadline": False})
    finding = s.add_finding(target, check_item="deadline", description="第二季度党费收缴情况逾期未公开")
    rect = s.order_rectification(finding, requirement="限期补充公开", days=10, today=D)
    assert rect.deadline == date(2026, 5, 14) and rect.org == world.village
    with pytest.raises(ValidationError, match="尚未报送"):
        s.verify_rectification(rect, accept=True)
    s.answer_rectification(rect, answer="已于5月8日补充公开", on=date(2026, 5, 8))
    with pytest.raises(ValidationError, match="退回理由"):
        s.verify_rectification(rect, accept=False)
    rect = s.verify_rectification(rect, accept=False, note="未附公开栏照片")
    assert rect.state == Rectification.State.OPEN and rect.returned_count == 1
    s.answer_rectification(rect, answer="补充照片", on=date(2026, 5, 9))
    rect = s.verify_rectification(rect, accept=True, on=date(2026, 5, 10))
    assert rect.state == Rectification.State.VERIFIED
    with pytest.raises(ValidationError, match="督查结束后"):
        s.issue_circular(kind=Circular.Kind.INSPECTION, org=world.district, title="通报", body="x",
                         scope="party", inspection=insp)
    with pytest.raises(ValidationError, match="尚未填写"):
        s.conclude_inspection(insp, on=date(2026, 5, 20))
    s.record_checks(insp.targets.get(org=world.town), checks=ALL_OK)
    s.conclude_inspection(insp, on=date(2026, 5, 20))
    body = s.inspection_circular_text(insp)
    assert "公开时限落实" in body and "逾期未公开" in body
    c = s.issue_circular(kind=Circular.Kind.INSPECTION, org=world.district, title="督查通报", body=body,
                         scope="party", inspection=insp, actor=world.users["office"])
    # 先审查后公开: the circular is dated when its review releases it.
    assert c.scope == "party" and c.published_at is None
    release_of(s.CIRCULAR, c, world.users["secrecy"], world.users["approver"])
    c.refresh_from_db()
    assert c.published_at is not None


def test_rectification_in_working_days(world):
    insp = _inspection(world)
    target = insp.targets.get(org=world.village)
    finding = s.add_finding(target, check_item="form", description="公开栏破损")
    # 2026-09-30 (Wed) + 3 working days skips the National Day holiday (Oct 1–7).
    rect = s.order_rectification(finding, requirement="修缮", days=3, working_days=True, today=date(2026, 9, 30))
    assert rect.deadline > date(2026, 10, 7) and rect.deadline_in_workdays == 3


def _assessment(world, weights=(40, 35, 25)):
    specs = [{"aspect": "party_building", "name": "党建引领", "weight": weights[0]},
             {"aspect": "plan_catalog", "name": "实施方案", "weight": weights[1]},
             {"aspect": "new_media", "name": "新媒体运用", "weight": weights[2]}]
    return s.create_assessment(world.district, year=2025, title="2025年度党务公开考核",
                               assessed=[world.town, world.village, world.village2], indicators_spec=specs)


def test_weights_sum_to_100(world):
    a = _assessment(world, weights=(40, 35, 20))
    with pytest.raises(ValidationError, match="权重之和应为100，目前为95"):
        s.start_scoring(a)
    a.refresh_from_db()
    assert a.state == Assessment.State.DRAFT


def test_weighted_total_and_ranking(world):
    a = _assessment(world)
    s.start_scoring(a, today=date(2026, 1, 10))
    inds = list(a.indicators.all())
    table = {world.town: (90, 80, 70), world.village: (80, 90, 80), world.village2: (90, 80, 70)}
    for org, values in table.items():
        ao = a.assessed.get(org=org)
        for ind, v in zip(inds, values, strict=True):
            s.score(ind, ao, value=v)
    with pytest.raises(ValidationError, match="0至100"):
        s.score(inds[0], a.assessed.get(org=world.town), value=101)
    s.finalize_assessment(a)
    got = {ao.org: (ao.total, ao.rank) for ao in a.assessed.all()}
    # 40×0.9+35×0.8+25×0.7 = 81.5; 40×0.8+35×0.9+25×0.8 = 83.5
    assert got[world.village] == (Decimal("83.50"), 1)
    assert got[world.town] == (Decimal("81.50"), 2) and got[world.village2] == (Decimal("81.50"), 2)
    c = s.publish_assessment(a, scope="party", actor=world.users["office"])
    assert "第1名 " + world.village.name in c.body
    a.refresh_from_db()  # the results readers will get, frozen as text for the review
    assert f"第1名 {world.village.name} 总分83.50（各指标得分：1. 80.00；2. 90.00；3. 80.00）" in a.results_text
    assert a.state == Assessment.State.REVIEW and a.published_at is None


def test_finalize_requires_every_score(world):
    a = _assessment(world)
    s.start_scoring(a)
    with pytest.raises(ValidationError, match="未评分"):
        s.finalize_assessment(a)


def test_computed_indicator_without_data_scores_zero_catalog(world):
    from dwgk.oversight.indicators import registry

    assert "catalog_filed_on_time" in registry()
    a = s.create_assessment(world.district, year=2025, title="考核", assessed=[world.town], indicators_spec=[
        {"aspect": "plan_catalog", "name": "目录按时报备", "weight": 100, "computed": "catalog_filed_on_time"}])
    s.start_scoring(a)
    assert a.indicators.get().scores.get().value == 0  # no catalog filed


def _survey(world):
    sv = s.create_survey(world.town, subject=world.town, kind=Survey.Kind.SATISFACTION,
                         audience=Survey.Audience.AFFILIATED, title="党务公开满意度测评", opens_on=D,
                         closes_on=date(2026, 5, 30), questions=[
                             {"text": "您对本镇党务公开工作是否满意？", "kind": "satisfaction"},
                             {"text": "公开内容是否及时？", "kind": "rating"}])
    s.set_survey_state(sv, Survey.State.OPEN)
    return sv


def test_one_response_per_person_and_anonymity(world):
    sv = _survey(world)
    q1, q2 = sv.questions.all()
    member = world.people["member_village"]
    s.submit_response(sv, member, answers={q1.pk: 0, q2.pk: 4}, on=D)
    with pytest.raises(ValidationError, match="每人只能提交一次"):
        s.submit_response(sv, member, answers={q1.pk: 2, q2.pk: 0}, on=D)
    assert Response.objects.count() == 1 and Answer.objects.count() == 2
    s.submit_response(sv, world.people["resident"], answers={q1.pk: 2, q2.pk: 2}, on=D)
    with pytest.raises(ValidationError, match="参评范围"):
        s.submit_response(sv, world.people["member_sibling"], answers={q1.pk: 0, q2.pk: 0}, on=D)
    # Anonymity: no column of a response, an answer or a ballot names a person or user.
    for model in (Response, Answer, Ballot):
        targets = {f.related_model._meta.label for f in model._meta.get_fields() if f.is_relation and f.related_model}
        assert not targets & {"orgs.Person", "accounts.User"}, model
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "survey", "token"}
    # The token is a keyed MAC, not the ids in clear, and differs per survey for the same person.
    assert all(len(b.token) == 64 and ":" not in b.token for b in Ballot.objects.all())
    other = Survey.objects.create(org=world.town, subject=world.town, kind="evaluation", audience="members",
                                  title="另一测评", opens_on=D, closes_on=D)
    assert s.ballot_token(other, member) != s.ballot_token(sv, member)
    assert AuditEntry.objects.filter(event="oversight.survey.response", actor_id__isnull=False).count() == 0
    res = survey_results(sv)
    assert res[0]["total"] == 2 and res[0]["satisfied_pct"] == 50.0 and res[1]["mean"] == 4.0


def test_response_must_answer_all_and_nothing_partial(world):
    sv = _survey(world)
    q1, q2 = sv.questions.all()
    with pytest.raises(ValidationError, match="请回答"):
        s.submit_response(sv, world.people["member_village"], answers={q1.pk: 0}, on=D)
    with pytest.raises(ValidationError, match="选项无效"):
        s.submit_response(sv, world.people["member_village"], answers={q1.pk: 3, q2.pk: 0}, on=D)
    assert not Ballot.objects.exists() and not Response.objects.exists()
    s.submit_response(sv, world.people["member_village"], answers={q1.pk: 1, q2.pk: 1}, on=D)


def test_satisfaction_survey_needs_satisfaction_question(world):
    with pytest.raises(ValidationError, match="满意度题目"):
        s.create_survey(world.town, subject=world.town, kind="satisfaction", audience="members", title="测评",
                        opens_on=D, closes_on=D, questions=[{"text": "评分", "kind": "rating"}])
    assert not Survey.objects.exists() and not Question.objects.exists()


def test_six_accountability_cases_in_the_words_of_art_29():
    assert [str(label) for label in AccountabilityCase.Case.labels] == [
        "拒不执行或者敷衍落实上级党组织党务公开工作部署和要求的",
        "未按照规定编制或者调整党务公开目录的",
        "未按照规定的内容、范围、程序、方式、时间实施党务公开的",
        "公开的信息内容不真实，搞虚假公开的",
        "对涉及党和国家秘密不宜公开而公开的",
        "其他失职失责应当进行问责的",
    ]
    assert [str(label) for label in AccountabilityCase.Action.labels] == ["批评教育", "责令整改", "依规依纪追究"]


def test_accountability_links_to_the_facts(world):
    insp = _inspection(world)
    finding = s.add_finding(insp.targets.get(org=world.village), check_item="content", description="虚假公开")
    ref_type, ref_id = s.ref_of(finding)
    case = s.record_accountability(world.district, case="false", action="rectify", responsible_org=world.village,
                                   facts="公开的党费收缴数据与台账不符", decided_on=D, ref_type=ref_type, ref_id=ref_id)
    assert case.ref_type == "oversight.finding" and case.ref_id == str(finding.pk)
    with pytest.raises(ValidationError, match="六种情形"):
        s.record_accountability(world.district, case="late", action="rectify", responsible_org=world.village,
                                facts="x", decided_on=D)
    with pytest.raises(ValidationError, match="不存在"):
        s.record_accountability(world.district, case="false", action="rectify", responsible_org=world.village,
                                facts="x", decided_on=D, ref_type="oversight.finding", ref_id="999999")
    assert AccountabilityCase.objects.count() == 1


def _line_world(world, n_units=5):
    line = Line.objects.order_by("sort_order").first()
    line.lead_org = world.district
    line.save()
    units = []
    for i in range(n_units):
        units.append(org_services.create_org(name=f"条线单位{i}", code=f"BP{i:03d}", kind="grassroots",
                                             parent=world.district, category="organ", line=line))
    rnd = s.open_round(world.city, year=2026, title="2026年党务公开最佳实践单位选树", lines=[line])
    return line, units, rnd, rnd.lines.get()


def test_nominate_three_to_four(world):
    line, units, rnd, rl = _line_world(world)
    entries = [{"org": u, "highlights": "特色亮点"} for u in units]
    with pytest.raises(ValidationError, match="3－4家"):
        s.nominate(rl, by_org=world.district, entries=entries[:2])
    with pytest.raises(ValidationError, match="3－4家"):
        s.nominate(rl, by_org=world.district, entries=entries[:5])
    with pytest.raises(ValidationError, match="牵头部门"):
        s.nominate(rl, by_org=world.town, entries=entries[:3])
    assert not Nomination.objects.exists()
    s.nominate(rl, by_org=world.district, entries=entries[:4])
    assert rl.nominations.count() == 4


def test_nominees_belong_to_the_line(world):
    line, units, rnd, rl = _line_world(world)
    entries = [{"org": u, "highlights": "亮点"} for u in units[:2]] + [{"org": world.town, "highlights": "亮点"}]
    with pytest.raises(ValidationError, match="不属于本条线"):
        s.nominate(rl, by_org=world.district, entries=entries)


def test_choose_one_to_two_and_announce(world):
    line, units, rnd, rl = _line_world(world)
    noms = s.nominate(rl, by_org=world.district, entries=[{"org": u, "highlights": "亮点"} for u in units[:3]])
    with pytest.raises(ValidationError, match="联合评估后"):
        s.choose(rl, noms[:1])
    s.start_joint_evaluation(rnd)
    for i, n in enumerate(noms):
        s.score_nominee(n, evaluator=world.city, aspect="party_building", value=90 - i)
        s.score_nominee(n, evaluator=world.district, aspect="new_media", value=80 - i)
    with pytest.raises(ValidationError, match="联合评估"):
        s.score_nominee(noms[0], evaluator=world.town, aspect="party_building", value=50)
    assert noms[0].total == Decimal("85.00")
    with pytest.raises(ValidationError, match="1－2家"):
        s.choose(rl, noms)
    with pytest.raises(ValidationError, match="1－2家"):
        s.choose(rl, [])
    with pytest.raises(ValidationError, match="1－2家"):
        s.announce(rnd, scope="public")
    s.choose(rl, noms[:2])
    c = s.announce(rnd, scope="public", excellent_lines=[line], actor=world.users["city_office"])
    rnd.refresh_from_db()
    rl.refresh_from_db()
    # Announced once its review releases it (先审查后公开): by the city's 保密审查 and 审批 holders.
    assert rnd.state == BestPracticeRound.State.REVIEW and rnd.announced_at is None and rl.excellent_organizer
    assert units[0].name in c.body and units[2].name not in c.body
    org_services.assign_role(world.people["secrecy"], world.city, Role.SECRECY)
    release_of(s.BEST_PRACTICE, rnd, world.users["secrecy"], world.users["city_approver"])
    rnd.refresh_from_db()
    assert rnd.state == BestPracticeRound.State.ANNOUNCED and rnd.announced_at is not None
    assert f"  · {units[0].name}：亮点" in rnd.announcement
