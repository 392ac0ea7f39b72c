"""Demo catalogs for 东江市: every org gets its template catalog; most are filed with their
superior and published; one township's catalog awaits 青山区's filing, another was returned with
reasons; 青山区 has an item 暂不公开 and a change awaiting the city's approval. The filed catalogs
took effect at the start of last year (filed that January), so last year's annual briefing has filed
catalogs and due periods to report; last year's and this year's periods are partly fulfilled, partly
open and partly overdue on the demo's today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from dwgk.orgs.models import Organization, OrgKind
from dwgk.orgs.paths import subtree_q

from . import duedates, services
from .models import DuePeriod, Filing


def seed_demo(ctx) -> None:
    accounts = ctx.accounts
    city_office = accounts["sw_ban"]
    district_office = accounts["qs_ban"]
    district = ctx.demo_district
    today = ctx.today
    start = date(today.year - 1, 1, 1)
    towns = list(Organization.objects.filter(subtree_q(district.path), kind=OrgKind.TOWNSHIP).order_by("path"))
    waiting, returned = towns[-1], towns[-2]
    catalogs = {}
    for org in Organization.objects.order_by("path"):
        catalogs[org.pk] = services.create_from_template(org, actor=city_office)

    # 青山区: one item temporarily withheld, with its reason filed with the city
    dc = catalogs[district.pk]
    withheld = dc.items.get(template_code="L10")
    data = {**services.item_snapshot(withheld), "target_orgs": [], "target_people": [], "responsible_person": None,
            "withheld": True, "withheld_reason": "涉及尚在研究的人事安排，待任免决定作出后公开"}
    services.update_item(withheld, data, actor=district_office)

    for org_pk, catalog in catalogs.items():
        if org_pk in (waiting.pk, returned.pk):
            continue
        # Each org's catalog is submitted and published by an office that holds a duty over it.
        editor = district_office if catalog.org.path.startswith(district.path) else city_office
        services.submit(catalog, actor=editor)
        services.acknowledge(catalog, actor=city_office, opinion="同意备案", effective_from=start, today=today)
        services.publish(catalog, scope="public" if ctx.rng.random() < 0.7 else "party", actor=editor)

    # They were filed last January: the record says so, and last year's periods exist.
    filed_on = timezone.make_aware(datetime.combine(start + timedelta(days=20), time(10)))
    Filing.objects.filter(decision=Filing.Decision.FILED).update(submitted_at=filed_on - timedelta(days=6),
                                                                 decided_at=filed_on)
    duedates.generate_year(start.year, today=today)

    services.submit(catalogs[waiting.pk], actor=district_office, note="按区委统一模板编制，请予备案")
    services.submit(catalogs[returned.pk], actor=district_office)
    services.return_filing(catalogs[returned.pk], actor=district_office,
                           reason="“党费收缴使用管理情况”公开频次应为每季度，请修改后重新报备")

    # a change to 青山区's filed catalog, awaiting the city's approval
    dc.refresh_from_db()
    item = dc.items.get(template_code="L11")
    services.request_change(
        dc, kind="change", item=item, reason="民生实事项目按月推进，群众关注度高",
        explanation="“保障和改善民生的具体举措及热点问题处理情况”由每季度公开调整为每月公开",
        data={**services.item_snapshot(item), "target_orgs": [], "target_people": [], "responsible_person": None,
              "cadence_kind": "periodic", "cadence_params": {"period": "month"}},
        effective_on=today.replace(day=1) + timedelta(days=40), actor=district_office)

    # history: most past periods were published (before the platform), some late, some not at all
    rng = ctx.rng
    for p in DuePeriod.objects.filter(due_date__lt=today).order_by("id"):
        roll = rng.random()
        if roll < 0.72:
            p.state, p.fulfilled_on = DuePeriod.State.FULFILLED, p.due_date - timedelta(days=rng.randint(0, 20))
        elif roll < 0.85:
            p.state, p.fulfilled_on = DuePeriod.State.LATE, p.due_date + timedelta(days=rng.randint(1, 25))
        else:
            continue
        p.fulfilled_on = min(max(p.fulfilled_on, p.window_start), today)
        if p.state == DuePeriod.State.LATE and p.fulfilled_on <= p.due_date:
            p.state = DuePeriod.State.FULFILLED
        p.save(update_fields=["state", "fulfilled_on"])
    duedates.refresh_overdue(today)
    ctx.data.update(catalogs=catalogs)
    ctx.log(f"  目录 {len(catalogs)} 个，公开期限 {DuePeriod.objects.count()} 个")
