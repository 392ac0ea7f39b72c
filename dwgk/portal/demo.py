"""The demo's portal: past disclosures across the demo city (so the portal, lists by category and year,
feeds, the kiosk and the screen have something to show), a member's personal feed, and the static mirror
built from the demo data (serve it with any static web server: `python -m http.server -d var/mirror`)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures import integrity
from dwgk.disclosures.indexno import assign_index_number
from dwgk.disclosures.models import Attachment, Disclosure
from dwgk.orgs.models import Organization
from dwgk.search import services as search

from . import mirror
from .models import FeedToken

# (category, scope, title pattern, body) — past items of the kind seed 001 arts. 9–12 list.
HISTORY = [
    (Category.ORGANIZATION, Scope.PUBLIC, "{org}关于{y}年发展党员工作情况的公示",
     "<p>根据《中国共产党发展党员工作细则》，{org}{y}年共发展党员{n}名，均按程序经支部大会讨论、上级党委审批。</p>"
     "<p>公示期间如有意见，请通过意见箱或来信来访反映。</p>"),
    (Category.ORGANIZATION, Scope.PARTY, "{org}{y}年第{q}季度党费收缴情况",
     "<p>本季度应缴党费党员{n}名，全部按时足额缴纳。党费使用严格执行有关规定。</p>"),
    (Category.RESOLUTIONS, Scope.PUBLIC, "{org}关于{y}年为民办实事项目的决定及执行情况",
     "<p>经党组织集体研究，{y}年确定为民办实事项目{q}项，截至年底已全部完成，群众满意度{n}%。</p>"),
    (Category.LEADERSHIP, Scope.PARTY, "{org}领导班子{y}年度民主生活会情况通报",
     "<p>{org}领导班子召开{y}年度民主生活会，班子成员开展批评和自我批评，查摆问题{q}条，已制定整改措施。</p>"),
    (Category.INTEGRITY, Scope.PUBLIC, "{org}{y}年党风廉政建设责任制落实情况",
     "<p>{y}年，{org}落实全面从严治党主体责任，开展廉政教育{q}次，受教育党员干部{n}人次。</p>"),
    (Category.SERVICE, Scope.PUBLIC, "{org}{y}年联系服务党员群众情况",
     "<p>开展走访慰问困难党员和群众{n}户，帮助解决实际困难{q}件，“三会一课”制度坚持落实。</p>"),
    (Category.IDEOLOGY, Scope.UNIT, "{org}{y}年理论学习安排",
     "<p>全年安排集中学习{q}次，专题研讨{n}次，主题党日活动每月开展。</p>"),
    (Category.CADRES, Scope.PUBLIC, "{org}关于{y}年干部选拔任用工作情况的报告",
     "<p>{y}年，{org}严格执行干部选拔任用程序，任前公示{q}人次，未收到反映问题。</p>"),
]


def _history(ctx) -> int:
    rng = ctx.rng
    orgs = [ctx.city, *ctx.districts[:3]]
    orgs += list(Organization.objects.filter(parent__in=ctx.districts[:2]).order_by("pk")[:6])
    orgs += list(Organization.objects.filter(parent__in=orgs[4:]).order_by("pk")[:6])
    proposer = ctx.accounts["qs_chengban"].person
    now = timezone.now()
    n = 0
    for org in orgs:
        for year in (now.year - 2, now.year - 1, now.year):
            for category, scope, title, body in rng.sample(HISTORY, 3):
                at = timezone.make_aware(datetime(year, rng.choice((2, 4, 6, 8, 10, 12)), 26, 9, 30))
                if at > now:
                    at = now - timedelta(days=rng.randrange(1, 40), hours=rng.randrange(1, 20))
                fill = {"org": org.short_name or org.name, "y": year, "q": rng.randrange(1, 5),
                        "n": rng.randrange(5, 99)}
                d = Disclosure.objects.create(
                    org=org, title=title.format(**fill), body=body.format(**fill), category=category, scope=scope,
                    proposer=proposer, out_of_catalog_reason="往期公开（演示数据导入）", source="往期公开（演示数据导入）",
                    channels=[Channel.PORTAL, Channel.BOARD], status="approved", published_at=at)
                assign_index_number(d, at)  # imported items are numbered like any other publication
                n += 1
                if n % 9 == 1 and scope == Scope.PUBLIC:
                    text = f"{d.title}\n（附件：统计表）\n".encode()
                    Attachment.objects.create(disclosure=d, file=ContentFile(text, name="统计表.txt"), name="统计表.txt",
                                              content_type="text/plain; charset=utf-8", size=len(text),
                                              sha256=hashlib.sha256(text).hexdigest(), is_text=True)
                # Published last, with its reader hash: after publication content and files are frozen.
                Disclosure.objects.filter(pk=d.pk).update(status="published", reader_hash=integrity.reader_hash(d))
    return n


def seed_demo(ctx) -> None:
    n = _history(ctx)
    ctx.log(f"  往期公开事项：{n} 件；全文检索索引重建：{search.rebuild()} 篇")
    member = ctx.accounts.get("dangyuan")
    if member is not None:
        _row, token = FeedToken.issue(member)
        ctx.log(f"  个人订阅（党员 dangyuan）：{reverse('portal:feed_personal', args=[token, 'atom'])}")
    ctx.log(f"  触摸屏：{reverse('portal:kiosk', args=[ctx.city.pk])}  显示屏：{reverse('portal:screen', args=[ctx.city.pk])}")
    m = mirror.Mirror()
    stats = m.build()
    ctx.log(f"  静态公开镜像：{stats}（{m.root}）")
