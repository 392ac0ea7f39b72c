"""Demo for reports: a year and a half of published items in 青山区 through the real workflow (so the
statistics table, the dashboards and the annual briefing show believable numbers), the publication
check, a compliance circular and the 2025 annual briefing of 青山区."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from dwgk.accounts.models import User
from dwgk.core.choices import Category, Channel, Scope
from dwgk.core.names import mobile, person_name
from dwgk.disclosures import engine, publishing
from dwgk.disclosures import services as ds
from dwgk.disclosures.models import StepKind
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Organization, Role
from dwgk.oversight import compliance
from dwgk.oversight import services as ov

TITLES = {
    Category.RESOLUTIONS: ["党员大会决议执行情况", "支部委员会决定事项"],
    Category.IDEOLOGY: ["主题教育开展情况", "理论学习中心组学习安排"],
    Category.ORGANIZATION: ["发展党员情况公示", "党费收缴情况", "组织生活会召开情况"],
    Category.LEADERSHIP: ["领导班子民主生活会情况", "班子成员分工调整"],
    Category.CADRES: ["干部任前公示", "干部选拔任用工作情况"],
    Category.SERVICE: ["为民办实事项目进展", "困难党员帮扶情况"],
    Category.INTEGRITY: ["“三重一大”事项决策情况", "廉政风险防控情况"],
    Category.OTHER: ["党建经费使用情况", "党务公开目录调整说明"],
}
OFFLINE = [Channel.MEETING, Channel.BRIEFING, Channel.DOCUMENT, Channel.MEDIA, Channel.SMS, Channel.PRESS,
           Channel.TALK, Channel.LETTER]


def _staff(ctx, org, cache: dict) -> dict:
    if org.pk not in cache:
        users = {}
        for role in (Role.PROPOSER, Role.SECRECY, Role.APPROVER, Role.PUBLISHER):
            p = org_services.create_person(name=person_name(ctx.rng), phone=mobile(ctx.rng), party_org=org)
            org_services.assign_role(p, org, role)
            users[role] = User.objects.create(username=f"demo-{org.pk}-{role}", password=make_password(None),
                                              person=p, first_name=p.name)
        cache[org.pk] = users
    return cache[org.pk]


def _publish(ctx, org, cache, *, category, on: date, offline=()):
    s = _staff(ctx, org, cache)
    title = ctx.rng.choice(TITLES[category])
    channels = [Channel.PORTAL] + ([Channel.BOARD] if ctx.rng.random() < 0.6 else []) + \
        ([Channel.SCREEN] if ctx.rng.random() < 0.2 else []) + list(offline)
    d = ds.create_draft(org=org, title=f"{on.year}年{on.month}月{title}", body=f"<p>{org.name}{title}。</p>",
                        proposer=s[Role.PROPOSER], scope=ctx.rng.choice([Scope.PARTY, Scope.PUBLIC, Scope.UNIT]),
                        category=category, channels=channels, out_of_catalog_reason="年度工作中的即时公开事项")
    ds.set_risk_assessment(d, s[Role.PROPOSER], level="low", effect="有利于党员群众知情监督", plan="")
    ds.submit(d, s[Role.PROPOSER])
    while (step := engine.workflow_of(d).current).kind != StepKind.PUBLISH:
        # An org on the seed 003 procedure decides its 党组织审定 step at a meeting.
        ds.act(d, _staff(ctx, step.org, cache)[Role.SECRECY if step.secrecy else Role.APPROVER], "pass",
               opinion="同意", meeting_date=on if step.collective else None)
    when = timezone.make_aware(datetime.combine(on, time(9 + ctx.rng.randrange(8))))
    publishing.publish(d, s[Role.PUBLISHER], now=when, offline=[
        {"channel": ch, "held_on": on, "audience_count": ctx.rng.randint(15, 80), "place": "党员活动室"}
        for ch in offline])


def seed_demo(ctx) -> None:
    from . import briefing

    rng, today, district = ctx.rng, ctx.today, ctx.demo_district
    # One org of each statistics category in 青山区 (where there is one), plus a few more villages.
    picked, seen = [], set()
    for org in Organization.objects.filter(path__startswith=district.path).exclude(category="").order_by("path"):
        if org.category not in seen or (org.category == "village" and len(picked) < 14 and rng.random() < 0.3):
            seen.add(org.category)
            picked.append(org)
    cache: dict = {}
    start = date(today.year - 1, 1, 1)
    span = (today - start).days
    n = 0
    for org in picked:
        for _ in range(rng.randint(4, 8)):
            on = start + timedelta(days=rng.randrange(span))
            offline = [rng.choice(OFFLINE)] if rng.random() < 0.4 else []
            _publish(ctx, org, cache, category=rng.choice(list(Category.values)), on=on, offline=offline)
            n += 1
    run = compliance.verify_publications()
    office = ctx.accounts["qs_ban"]
    m = compliance.monitor(district, today=today)
    ov.issue_compliance_circular(district, title=f"关于{district.name}党务公开工作监测情况的通报",
                                 body=compliance.circular_text(m), scope=Scope.PARTY, actor=office)
    b = briefing.generate(district, today.year - 1, actor=office,
                          notes="部分村（社区）公开栏更新不及时，下一步将落实专人每月核查。")
    briefing.publish_as_disclosure(b, scope=Scope.PUBLIC, actor=office)
    ctx.log(f"  统计与通报：公开事项 {n} 项（{len(picked)} 个党组织，经完整流程），发布完整性核查 {run.checked} 项，"
            f"合规通报 1 份，{b.year} 年度通报 1 份")
