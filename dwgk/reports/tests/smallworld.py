"""A known small world for the statistics table and the annual briefing, built through the real
services: orgs of every statistics category, disclosures through every channel and category (each
through the whole workflow), feedback, requests, consultations, inspections and registry entries.

Everything the 2025 table counts is listed here so the tests can state the hand counts next to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from dwgk.access.participation import Reader, key_of
from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures import engine, publishing
from dwgk.disclosures import services as ds
from dwgk.disclosures.models import StepKind
from dwgk.orgs import services as org_services
from dwgk.orgs.models import OrgKind, Role, StatCategory
from dwgk.oversight import services as ov
from dwgk.oversight.models import CheckItem, Survey
from dwgk.participation import engagement, feedback
from dwgk.participation import services as ps
from dwgk.participation.models import Consultation, OutcomeReason
from dwgk.testing.reviewers import release_in_time
from dwgk.testing.world import make_user

YEAR = 2025
C = StatCategory


def at(d: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour)))


@dataclass
class Small:
    world: object
    orgs: dict = field(default_factory=dict)  # StatCategory value → org (plus "district", "sibling")
    staff: dict = field(default_factory=dict)  # org pk → {role: user}
    disclosures: list = field(default_factory=list)


def staff_for(sw: Small, org) -> dict:
    if org.pk not in sw.staff:
        users = {}
        for role in (Role.PROPOSER, Role.SECRECY, Role.APPROVER, Role.PUBLISHER, Role.OFFICE_ADMIN):
            p = org_services.create_person(name=f"{org.code}{role}", party_org=org)
            org_services.assign_role(p, org, role)
            users[role] = make_user(f"{org.code}-{role}", p)
        sw.staff[org.pk] = users
    return sw.staff[org.pk]


def publish(sw: Small, org, *, category: str, channels: list[str], on: date, offline=(), title: str = ""):
    """Draft → risk assessment → submit → every review and approval step → publish at `on`."""
    s = staff_for(sw, org)
    d = ds.create_draft(org=org, title=title or f"{org.name}{Category(category).label}", body="<p>公开内容正文。</p>",
                        proposer=s[Role.PROPOSER], scope=Scope.PARTY, category=category, channels=channels,
                        out_of_catalog_reason="本年度新增事项")
    ds.set_risk_assessment(d, s[Role.PROPOSER], level="low", effect="无不良影响", plan="")
    ds.submit(d, s[Role.PROPOSER])
    while True:
        wf = engine.workflow_of(d)
        step = wf.current
        if step.kind == StepKind.PUBLISH:
            break
        role = Role.SECRECY if step.secrecy else Role.APPROVER
        ds.act(d, staff_for(sw, step.org)[role], "pass", opinion="同意")
    publishing.publish(d, s[Role.PUBLISHER], now=at(on), offline=[
        {"channel": ch, "held_on": held, "audience_count": 30, "place": "会议室"} for ch, held in offline])
    d.refresh_from_db()
    sw.disclosures.append(d)
    return d


def build(world) -> Small:
    sw = Small(world)
    district = world.district
    sw.orgs.update({"district": district, "sibling": world.sibling, C.TOWN: world.town, C.VILLAGE: world.village,
                    "village2": world.village2})
    kinds = {C.STREET: OrgKind.TOWNSHIP}
    for i, cat in enumerate([C.STREET, C.COMMUNITY_URBAN, C.COMMUNITY_RURAL, C.INSTITUTION_SCHOOL,
                             C.INSTITUTION_HEALTH, C.INSTITUTION_RESEARCH, C.INSTITUTION_OTHER, C.ORGAN,
                             C.ENTERPRISE, C.SOCIAL, C.OTHER]):
        sw.orgs[cat] = org_services.create_org(name=f"测试{C(cat).label}党组织", code=f"S{i:03d}",
                                               kind=kinds.get(cat, OrgKind.AFFILIATED), parent=district, category=cat)
    o = sw.orgs

    # --- disclosures: every category and every channel, one outside the period, one outside the subtree ---
    M, B = Channel, Category
    publish(sw, o[C.TOWN], category=B.RESOLUTIONS, channels=[M.PORTAL, M.BOARD], on=date(YEAR, 3, 5))
    publish(sw, o[C.TOWN], category=B.IDEOLOGY, channels=[M.PORTAL, M.SCREEN], on=date(YEAR, 3, 20))
    publish(sw, o[C.VILLAGE], category=B.ORGANIZATION, channels=[M.BOARD, M.MEETING], on=date(YEAR, 5, 8),
            offline=[(M.MEETING, date(YEAR, 5, 10))])
    publish(sw, o["village2"], category=B.LEADERSHIP, channels=[M.PORTAL, M.PRESS], on=date(YEAR, 6, 1),
            offline=[(M.PRESS, date(YEAR, 6, 2))])
    publish(sw, o[C.INSTITUTION_SCHOOL], category=B.CADRES, channels=[M.PORTAL, M.MEDIA, M.SMS],
            on=date(YEAR, 7, 1), offline=[(M.MEDIA, date(YEAR, 7, 1)), (M.SMS, date(YEAR, 7, 2))])
    publish(sw, o[C.INSTITUTION_HEALTH], category=B.SERVICE, channels=[M.SCREEN, M.BRIEFING, M.DOCUMENT],
            on=date(YEAR, 8, 15), offline=[(M.BRIEFING, date(YEAR, 8, 16)), (M.DOCUMENT, date(YEAR, 8, 16))])
    publish(sw, o[C.ORGAN], category=B.INTEGRITY, channels=[M.PORTAL, M.LETTER, M.TALK, M.OTHER],
            on=date(YEAR, 9, 9), offline=[(M.LETTER, date(YEAR, 9, 9)), (M.TALK, date(YEAR, 9, 10)),
                                          (M.OTHER, date(YEAR, 9, 11))])
    publish(sw, o[C.ENTERPRISE], category=B.OTHER, channels=[M.BOARD], on=date(YEAR, 10, 10))
    publish(sw, o[C.COMMUNITY_URBAN], category=B.RESOLUTIONS, channels=[M.PORTAL], on=date(YEAR, 12, 31))
    publish(sw, o[C.TOWN], category=B.RESOLUTIONS, channels=[M.PORTAL], on=date(YEAR - 1, 12, 31))  # 2024
    publish(sw, o["district"], category=B.RESOLUTIONS, channels=[M.PORTAL], on=date(YEAR, 4, 1))  # no category
    publish(sw, o["sibling"], category=B.RESOLUTIONS, channels=[M.PORTAL], on=date(YEAR, 4, 1))  # outside
    # A meeting held in 2025 that carried the 2024 item: counts as a 2025 会议公开, not as 2025 content.
    publishing.record_offline_publication(sw.disclosures[9], staff_for(sw, o[C.TOWN])[Role.PUBLISHER],
                                          channel=M.MEETING, held_on=date(YEAR, 1, 6), audience_count=40)

    # --- 工作台账 and 监督检查 ---
    ov.add_leading_body(o[C.STREET], kind="group", name="街道领导小组", established_on=date(YEAR, 3, 1))
    ov.add_measure(o[C.STREET], kind="measure", title="实施办法", adopted_on=date(YEAR, 4, 1))
    ov.add_measure(o[C.INSTITUTION_SCHOOL], kind="plan", title="工作方案", adopted_on=date(YEAR, 4, 1))
    ov.add_measure(o[C.INSTITUTION_SCHOOL], kind="rule", title="保密审查制度", adopted_on=date(YEAR, 4, 1))
    ov.add_contact_point(o[C.TOWN], point=o[C.VILLAGE], established_on=date(YEAR, 5, 1))
    ov.add_carrier(o[C.SOCIAL], kind="board", name="公开栏", quantity=2, established_on=date(YEAR, 2, 1))
    ov.add_carrier(o[C.STREET], kind="website", name="街道党建网", url="http://jd.example.cn",
                   established_on=date(YEAR, 2, 1))
    ov.add_carrier(o[C.COMMUNITY_RURAL], kind="reading_room", name="查阅室", established_on=date(YEAR, 2, 1))
    ov.add_carrier(o[C.INSTITUTION_RESEARCH], kind="screen", name="电子屏", quantity=3,
                   established_on=date(YEAR, 2, 1))
    ov.add_carrier(o[C.INSTITUTION_OTHER], kind="ledger", name="台账", quantity=2, established_on=date(YEAR, 2, 1))
    ov.add_carrier(o[C.OTHER], kind="hotline", name="12345-1", established_on=date(YEAR, 2, 1))
    ov.add_carrier(o[C.COMMUNITY_URBAN], kind="hotline", name="热线", established_on=date(YEAR + 1, 2, 1))  # later
    ov.add_publicity(o[C.ORGAN], kind="activity", title="专题学习", held_on=date(YEAR, 5, 1))
    ov.add_publicity(o[C.ORGAN], kind="article", title="稿件", held_on=date(YEAR, 5, 2))
    ov.add_publicity(o[C.COMMUNITY_URBAN], kind="forum", title="居民座谈会", held_on=date(YEAR, 6, 6))
    ov.add_publicity(o[C.COMMUNITY_URBAN], kind="forum", title="居民座谈会二", held_on=date(YEAR, 9, 6))
    appt = ov.appoint_supervisor(o[C.ENTERPRISE], world.people["member_district"], on=date(YEAR, 3, 1))
    ov.add_supervisor_comment(o[C.ENTERPRISE], appt.person, body="建议增加公开栏", on=date(YEAR, 4, 1))
    insp = ov.create_inspection(district, kind="special", title="2025年专项督查", leader=world.people["office"],
                                started_on=date(YEAR, 11, 3), targets=[o[C.TOWN], o[C.VILLAGE], o[C.ORGAN]])
    for t in insp.targets.all():
        ok = t.org_id != o[C.VILLAGE].pk
        ov.record_checks(t, checks={c: ok or c != CheckItem.DEADLINE for c in CheckItem.values},
                         inspected_on=date(YEAR, 11, 4))
    finding = ov.add_finding(insp.targets.get(org=o[C.VILLAGE]), check_item=CheckItem.DEADLINE,
                             description="季度党费收缴情况逾期未公开")
    ov.order_rectification(finding, requirement="十日内补充公开", days=10, today=date(YEAR, 11, 4))
    ov.conclude_inspection(insp, on=date(YEAR, 11, 20))

    # --- 意见收集办理和反馈 ---
    office = staff_for(sw, o[C.TOWN])[Role.OFFICE_ADMIN]
    for i, (rating, closed) in enumerate([("satisfied", True), ("basic", True), ("unsatisfied", True),
                                          (None, False)]):
        fb, _code = feedback.submit_feedback(subject=f"意见{i}", body="请公开党费使用情况", org=o[C.TOWN],
                                             received_on=date(YEAR, 2, 1 + i), channel="hotline",
                                             registered_by=office)
        feedback.accept_feedback(fb, actor=office, on=date(YEAR, 2, 3 + i))
        if closed:
            feedback.reply_feedback(fb, actor=office, text="已公开", on=date(YEAR, 2, 10 + i))
            feedback.rate_feedback(fb, rating, reader=Reader(codes=frozenset({key_of(fb)})), on=date(YEAR, 2, 12 + i))
    c = engagement.open_consultation(org=o[C.STREET], title="征求意见", draft="方案草案", opens_on=date(YEAR, 5, 1),
                                     actor=staff_for(sw, o[C.STREET])[Role.OFFICE_ADMIN])
    release_in_time(engagement.CONSULTATION, c)  # released before it opened
    Consultation.objects.filter(pk=c.pk).update(forms_issued=40)
    for i in range(3):
        engagement.submit_opinion(c, body=f"意见{i}", name="居民", on=date(YEAR, 5, 2 + i))
    member = world.people["member_village"]
    vs = staff_for(sw, o[C.VILLAGE])[Role.OFFICE_ADMIN]
    for i, (outcome, rating) in enumerate([("disclosed", "satisfied"), ("disclosed", "unsatisfied"), (None, None)]):
        req, _code = ps.submit_request(org=o[C.VILLAGE], applicant_name=member.name, description="申请公开党费",
                                       person=member, received_on=date(YEAR, 6, 2 + i),
                                       channel="in_person", registered_by=vs)
        if outcome:
            ps.reply(req, actor=vs, outcome=outcome, text="予以公开", on=date(YEAR, 6, 10 + i))
            ps.rate_request(req, rating, reader=member)
    ps.submit_request(org=o[C.VILLAGE], applicant_name="张群众", description="申请公开", received_on=date(YEAR, 6, 3),
                      channel="post", registered_by=vs)
    sv = ov.create_survey(o[C.TOWN], subject=o[C.TOWN], kind=Survey.Kind.SATISFACTION, audience="members",
                          title="满意度测评", opens_on=date(YEAR, 10, 1), closes_on=date(YEAR, 10, 31),
                          questions=[{"text": "对党务公开是否满意", "kind": "satisfaction"}])
    ov.set_survey_state(sv, Survey.State.OPEN)
    q = sv.questions.get()
    ov.submit_response(sv, world.people["member_town"], answers={q.pk: 0}, on=date(YEAR, 10, 2))
    return sw


__all__ = ["build", "publish", "staff_for", "Small", "YEAR", "OutcomeReason"]
