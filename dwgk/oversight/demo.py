"""Demo oversight data for the demo city: registries, supervisors and comments, a routine and a special
inspection with rectifications (one overdue), the 2025 assessment, a satisfaction survey, an
accountability record and a best-practice round for two lines. Every circular and published result goes
through its review (先审查后公开) by the deciding org's 保密审查 and 审批 holders; the assessment's results
circular is left awaiting approval, so the 待审文本 page shows one."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile

from dwgk.disclosures import release
from dwgk.disclosures.models import TextFinding
from dwgk.orgs.models import Line, Organization

from . import services as s
from .models import CheckItem, Circular, Inspection, Survey


def _doc(name: str, text: str) -> ContentFile:
    return ContentFile(text.encode(), name=name)


def _release(kind: str, obj, secrecy, approver, *, steps: int | None = None) -> None:
    """Take a demo text through its review: the 保密审查 holder decides each finding (脱密) and closes the
    review step, the approver approves. `steps` stops after that many steps (a text left in review)."""
    review = release.review_of(kind, obj)
    for finding in review.findings.filter(decision=TextFinding.Decision.PENDING):
        release.decide_finding(finding, secrecy, TextFinding.Decision.REDACT)
    done = 0
    while (steps is None or done < steps) and (step := review.current_step) is not None:
        release.act(review, secrecy if step.get("secrecy") else approver, "pass", opinion="同意")
        review.refresh_from_db()
        done += 1


def seed_demo(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    district, branch, city = ctx.demo_district, ctx.demo_branch, ctx.city
    office = ctx.accounts["qs_ban"]
    office_person = office.person
    baomi, shenpi = ctx.accounts["qs_baomi"], ctx.accounts["qs_shenpi"]
    year = today.year
    towns = list(Organization.objects.filter(parent=district, kind="township").order_by("path"))
    district_branches = [b for b in ctx.branches if b.path.startswith(district.path)]

    # --- 工作台账 ---
    for org in [district, *towns]:
        s.add_leading_body(org, kind="group", name=f"{org.short_name or org.name}党务公开工作领导小组",
                           established_on=today.replace(month=3, day=1), actor=office,
                           members=[{"name": "王建华", "position": "组长", "unit": "书记"},
                                    {"name": "周文博", "position": "副组长", "unit": "办公室主任"},
                                    {"name": "吴秀兰", "position": "成员", "unit": "纪检组织"}])
        s.add_leading_body(org, kind="office", name="领导小组办公室", established_on=today.replace(month=3, day=1))
        s.add_measure(org, kind="measure", title="党务公开实施办法", adopted_on=today.replace(month=3, day=20),
                      document=_doc("banfa.txt", f"{org.name}党务公开实施办法（全文）"), actor=office)
        s.add_measure(org, kind="plan", title=f"{year}年党务公开工作方案", adopted_on=today.replace(month=4, day=5),
                      actor=office)
        s.add_measure(org, kind="rule", title="党务公开保密审查制度", adopted_on=today.replace(month=4, day=5),
                      actor=office)
        s.add_carrier(org, kind="board", name="机关大院公开栏", quantity=rng.randint(1, 3),
                      established_on=today.replace(month=2, day=1))
        s.add_carrier(org, kind="ledger", name="党务公开工作台账", quantity=1, established_on=today.replace(month=2, day=1))
        s.add_publicity(org, kind="activity", title="党务公开专题学习", held_on=today.replace(month=5, day=12),
                        outlet="中心组学习", participants=rng.randint(15, 40))
        s.add_publicity(org, kind="article", title="扎实推进党务公开工作", held_on=today.replace(month=6, day=3),
                        outlet="区党建网")
    site = s.add_carrier(district, kind="website", name="青山区党建网", url="https://dj.qingshan.example.cn",
                         column_name="党务公开专栏", established_on=today.replace(month=2, day=15))
    s.file_website(site, filed_with=city, filed_on=today.replace(month=3, day=1), actor=office)
    s.add_carrier(district, kind="screen", name="政务大厅电子屏", quantity=2, established_on=today.replace(month=2, day=1))
    s.add_carrier(district, kind="reading_room", name="党务公开资料查阅室", established_on=today.replace(month=2, day=1))
    for b in district_branches[:12]:
        s.add_carrier(b, kind="board", name="村（社区）党务公开栏", quantity=1, established_on=today.replace(month=4, day=1))
    for b in district_branches[:3]:
        s.add_contact_point(district, point=b, established_on=today.replace(month=5, day=1), contact_person="周文博")

    # --- 监督员 ---
    jiandu = ctx.accounts["qs_jiandu"].person
    appt = s.appoint_supervisor(district, jiandu, on=today.replace(month=3, day=10), actor=office)
    for text, days in (("部分村公开栏更新不及时，建议每月检查一次。", 120),
                       ("党务公开专栏的栏目设置与目录不一致。", 60),
                       ("建议对党费收缴情况按季度公开。", 20)):
        s.add_supervisor_comment(district, jiandu, body=text, on=today - timedelta(days=days))
    first = appt.comments.order_by("made_on").first()
    s.reply_supervisor_comment(first, reply="已部署各镇街每月检查公开栏。", on=today - timedelta(days=100), actor=office)
    member = branch.members.exclude(pk=ctx.accounts["dangyuan"].person_id).order_by("id").first()
    if member is not None:
        s.appoint_supervisor(branch, member, on=today.replace(month=4, day=1), actor=office)
        s.add_supervisor_comment(branch, member, body="公开内容应当注明公开时间和责任人。", on=today - timedelta(days=30))

    # --- 督查与整改 ---
    routine = s.create_inspection(district, kind=Inspection.Kind.ROUTINE, title=f"{year}年第三季度党务公开经常性检查",
                                  leader=office_person, started_on=today - timedelta(days=60),
                                  targets=district_branches[:3], focus="公开栏更新、目录事项按时公开", actor=office)
    special = s.create_inspection(district, kind=Inspection.Kind.SPECIAL, title=f"{year}年党务公开专项督查",
                                  leader=office_person, started_on=today - timedelta(days=25), targets=towns,
                                  focus="组织领导、目录制定及相关工作落实情况", actor=office)
    all_ok = {c: True for c in CheckItem.values}
    for i, t in enumerate(routine.targets.select_related("org")):
        s.record_checks(t, checks={**all_ok, "deadline": i != 0}, summary="总体规范。", actor=office)
    t0 = routine.targets.select_related("org").first()
    f0 = s.add_finding(t0, check_item="deadline", description="第二季度党费收缴情况逾期未公开。", actor=office)
    overdue = s.order_rectification(f0, requirement="立即补充公开，并建立公开提醒台账。", days=15,
                                    today=today - timedelta(days=60), actor=office)
    s.conclude_inspection(routine, on=today - timedelta(days=50), actor=office)
    c = s.issue_circular(kind=Circular.Kind.INSPECTION, org=district, title=f"关于{routine.title}情况的通报",
                         body=s.inspection_circular_text(routine), scope="party", inspection=routine, actor=office)
    _release(s.CIRCULAR, c, baomi, shenpi)
    for i, t in enumerate(special.targets.select_related("org")):
        s.record_checks(t, checks={**all_ok, "procedure": i % 2 == 1, "feedback": i != 1}, actor=office)
    targets = list(special.targets.select_related("org"))
    f1 = s.add_finding(targets[0], check_item="procedure", description="部分事项未经保密审查即公开。", actor=office)
    r1 = s.order_rectification(f1, requirement="补齐审批和保密审查记录。", days=20, working_days=True,
                               today=today - timedelta(days=20), actor=office)
    s.answer_rectification(r1, answer="已补齐审查记录并组织专题培训。", on=today - timedelta(days=5), actor=office)
    if len(targets) > 1:
        f2 = s.add_finding(targets[1], check_item="feedback", description="意见箱两条意见超期未答复。", actor=office)
        r2 = s.order_rectification(f2, requirement="限期答复并公开答复情况。", days=10,
                                   today=today - timedelta(days=20), actor=office)
        s.answer_rectification(r2, answer="已答复并在公开栏公布。", on=today - timedelta(days=12), actor=office)
        s.verify_rectification(r2, accept=True, note="整改到位。", on=today - timedelta(days=10), actor=office)

    # --- 考核 2025 ---
    assessed = list(Organization.objects.filter(parent=district).exclude(kind="discipline").order_by("path"))
    spec = [
        {"aspect": "party_building", "name": "党建引领党务公开", "weight": 15},
        {"aspect": "plan_catalog", "name": "党务公开目录按时报备", "weight": 15, "computed": "catalog_filed_on_time"},
        {"aspect": "plan_catalog", "name": "实施方案制定情况", "weight": 10},
        {"aspect": "approval", "name": "审批程序设置及执行", "weight": 20},
        {"aspect": "supporting_rules", "name": "保密审查等配套制度", "weight": 15},
        {"aspect": "new_media", "name": "新媒体运用", "weight": 15},
        {"aspect": "line_features", "name": "条线特色指标", "weight": 10},
    ]
    a = s.create_assessment(district, year=2025, title="2025年度党务公开工作考核", assessed=assessed,
                            indicators_spec=spec, actor=office)
    s.start_scoring(a, today=today, actor=office)
    for ind in a.indicators.filter(computed=""):
        for ao in a.assessed.all():
            s.score(ind, ao, value=rng.randint(70, 98), actor=office)
    s.finalize_assessment(a, actor=office)
    results_circular = s.publish_assessment(a, scope="party", actor=office)
    _release(s.ASSESSMENT_RESULTS, a, baomi, shenpi)
    _release(s.CIRCULAR, results_circular, baomi, shenpi, steps=1)  # awaits 审批 (待审文本)

    # --- 满意度测评 ---
    sv = s.create_survey(district, subject=branch, kind=Survey.Kind.SATISFACTION, audience=Survey.Audience.AFFILIATED,
                         title=f"{year}年{branch.name}党务公开满意度测评", opens_on=today - timedelta(days=10),
                         closes_on=today + timedelta(days=20), actor=office, questions=[
                             {"text": "您对本村党务公开工作是否满意？", "kind": "satisfaction"},
                             {"text": "公开内容是否及时、全面？", "kind": "rating"},
                             {"text": "您最常通过哪种方式了解党务公开？", "kind": "choice",
                              "options": ["党务公开栏", "网站/微信", "党员大会", "其他"]}])
    s.set_survey_state(sv, Survey.State.OPEN, actor=office)
    q1, q2, q3 = sv.questions.all()
    demo_member = ctx.accounts["dangyuan"].person
    for person in branch.members.exclude(pk=demo_member.pk).order_by("id")[:18]:
        s.submit_response(sv, person, answers={q1.pk: rng.choice([0, 0, 0, 1, 1, 2]), q2.pk: rng.randint(2, 4),
                                               q3.pk: rng.randint(0, 3)}, on=today - timedelta(days=rng.randint(0, 9)))

    # --- 责任追究 ---
    ref_type, ref_id = s.ref_of(f0)
    s.record_accountability(district, case="improper", action="rectify", responsible_org=overdue.org,
                            facts="第二季度党费收缴情况逾期未公开，经督查仍未在期限内整改。", decided_on=today - timedelta(days=3),
                            ref_type=ref_type, ref_id=ref_id, actor=office)

    # --- 最佳实践单位选树 ---
    city_office_user = ctx.accounts["sw_ban"]
    lines = [Line.objects.get(code="organs"), Line.objects.get(code="village-community")]
    rnd = s.open_round(city, year=year, title=f"{year}年度党务公开最佳实践单位选树", lines=lines, actor=city_office_user)
    for rl in rnd.lines.select_related("line", "lead_org"):
        units = list(Organization.objects.filter(line=rl.line).exclude(category="").exclude(pk=rl.lead_org_id)
                     .order_by("path")[:4 if rl.line.code == "organs" else 3])
        # The lead departments have no demo accounts: their nominations are seeded without an actor.
        s.nominate(rl, by_org=rl.lead_org, actor=None,
                   entries=[{"org": u, "highlights": "党务公开目录动态调整，公开栏、网站、微信同步公开。",
                             "material": _doc("material.txt", f"{u.name}推选材料")} for u in units])
    s.start_joint_evaluation(rnd, actor=city_office_user)
    for rl in rnd.lines.select_related("lead_org"):
        for n in rl.nominations.all():
            for aspect in ("party_building", "plan_catalog", "approval", "new_media"):
                for evaluator in (city, rl.lead_org):
                    s.score_nominee(n, evaluator=evaluator, aspect=aspect, value=rng.randint(75, 98))
        best = list(rl.nominations.order_by("-total", "id")[:2 if rl.line.code == "organs" else 1])
        s.choose(rl, best, actor=city_office_user)
    c = s.announce(rnd, scope="public", excellent_lines=lines[:1], actor=city_office_user)
    city_baomi, city_shenpi = ctx.accounts["sw_baomi"], ctx.accounts["sw_shenpi"]
    _release(s.BEST_PRACTICE, rnd, city_baomi, city_shenpi)
    _release(s.CIRCULAR, c, city_baomi, city_shenpi)
    ctx.log(f"  监督考核：{routine.targets.count() + special.targets.count()} 个被检查单位，整改逾期 1 项")
