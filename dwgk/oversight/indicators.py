"""Computed assessment indicators: small functions `(org, year, today) -> Decimal | None` (0–100).

Each queries another app's models if that app has them; None means "no data to judge" (the assessor
then scores it by hand). Only indicators whose data exists are registered — see `REGISTRY`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ComputedIndicator:
    key: str
    label: str
    aspect: str
    func: Callable
    rule: str  # how the score is derived, shown to assessors


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def catalog_filed_on_time(org, year: int, today: date) -> Decimal | None:
    """目录报备: filed (in force) by 31 March of the year → 100; filed later in the year → 60; else 0."""
    Catalog = _model("catalog", "Catalog")
    catalog = Catalog.objects.filter(org=org).only("state", "filed_at").first()
    if catalog is None or catalog.filed_at is None or catalog.state not in ("filed", "published"):
        return Decimal(0)
    filed = catalog.filed_at.date()
    if filed <= date(year, 3, 31):
        return HUNDRED
    if filed <= date(year, 12, 31):
        return Decimal(60)
    return Decimal(0)


def due_periods_on_time_rate(org, year: int, today: date) -> Decimal | None:
    """Share of the year's due periods already due that were fulfilled by their due date."""
    DuePeriod = _model("catalog", "DuePeriod")
    agg = DuePeriod.objects.filter(org=org, year=year, due_date__lt=today, provisional=False).aggregate(
        whole=Count("id"), part=Count("id", filter=Q(state="fulfilled")))
    return _rate(agg["part"], agg["whole"])


def feedback_answered_rate(org, year: int, today: date) -> Decimal | None:
    """谁收集谁反馈: share of the year's accepted feedback that got a reply."""
    Feedback = _model("participation", "Feedback")
    agg = Feedback.objects.filter(org=org, received_on__year=year).exclude(state="rejected").aggregate(
        whole=Count("id"), part=Count("id", filter=Q(replied_on__isnull=False)))
    return _rate(agg["part"], agg["whole"])


def requests_answered_on_time_rate(org, year: int, today: date) -> Decimal | None:
    """依申请公开: share of the year's requests replied within their reply deadline."""
    Request = _model("participation", "DisclosureRequest")
    agg = Request.objects.filter(org=org, received_on__year=year, reply_due__isnull=False,
                                 reply_due__lt=today).aggregate(
        whole=Count("id"),
        part=Count("id", filter=Q(replied_on__isnull=False,
                                  replied_on__lte=F("reply_due"))))
    return _rate(agg["part"], agg["whole"])


def _published_in(org, year: int):
    Disclosure = _model("disclosures", "Disclosure")
    return Disclosure.objects.filter(org=org, published_at__year=year)


def approval_procedure_rate(org, year: int, today: date) -> Decimal | None:
    """审批程序执行: share of the year's published items whose publishing workflow completed with a passed
    approval (审批) step — 提出、审核、审批、实施 all recorded."""
    StepRecord = _model("disclosures", "StepRecord")
    published = _published_in(org, year)
    approved = StepRecord.objects.filter(workflow__disclosure=OuterRef("pk"), workflow__purpose="publish",
                                         workflow__outcome="done", action="pass",
                                         step__kind__in=("approve", "escalated"))
    agg = published.aggregate(whole=Count("id"))
    part = published.filter(Exists(approved)).count()
    return _rate(part, agg["whole"])


def channels_used_score(org, year: int, today: date) -> Decimal | None:
    """公开方式: 20 points for each kind of channel that carried one of the year's items, at most 100."""
    Publication = _model("disclosures", "Publication")
    if not _published_in(org, year).exists():
        return None
    kinds = (Publication.objects.filter(disclosure__org=org, published_at__year=year)
             .values("channel").distinct().count())
    return Decimal(min(100, 20 * kinds))


NEW_MEDIA = ("portal", "screen", "sms", "media")  # 网站专栏、电子屏、短信平台、新闻媒体


def new_media_rate(org, year: int, today: date) -> Decimal | None:
    """新媒体运用: share of the year's items published through at least one new medium
    (网站党务公开专栏、电子显示屏、短信平台、新闻媒体)."""
    Publication = _model("disclosures", "Publication")
    published = _published_in(org, year)
    via = Publication.objects.filter(disclosure=OuterRef("pk"), channel__in=NEW_MEDIA)
    return _rate(published.filter(Exists(via)).count(), published.count())


_CANDIDATES = [
    ("catalog_filed_on_time", "党务公开目录按时报备", "plan_catalog", ("catalog", "Catalog"),
     catalog_filed_on_time, "3月31日前已备案得100分，年内备案得60分，未备案得0分"),
    ("due_periods_on_time", "目录事项按时公开率", "plan_catalog", ("catalog", "DuePeriod"),
     due_periods_on_time_rate, "已到期的公开期限中按时公开的比例×100"),
    ("feedback_answered", "意见建议反馈答复率", "supporting_rules", ("participation", "Feedback"),
     feedback_answered_rate, "年度受理的意见建议中已答复的比例×100"),
    ("requests_on_time", "依申请公开按期答复率", "supporting_rules", ("participation", "DisclosureRequest"),
     requests_answered_on_time_rate, "已到答复期限的申请中按期答复的比例×100"),
    ("approval_procedure", "审批程序执行率", "approval", ("disclosures", "StepRecord"),
     approval_procedure_rate, "年度公开事项中经提出、审核、审批、实施完整程序的比例×100"),
    ("channels_used", "公开方式运用", "new_media", ("disclosures", "Publication"),
     channels_used_score, "年度使用的公开方式每种20分，满分100"),
    ("new_media_used", "新媒体运用率", "new_media", ("disclosures", "Publication"),
     new_media_rate, "年度公开事项中经网站、电子屏、短信或新闻媒体公开的比例×100"),
]


def _registry() -> dict[str, ComputedIndicator]:
    out = {}
    for key, label, aspect, (app_label, model_name), func, rule in _CANDIDATES:
        if _model(app_label, model_name) is not None:
            out[key] = ComputedIndicator(key, label, aspect, func, rule)
    return out


def registry() -> dict[str, ComputedIndicator]:
    """The computed indicators available with the apps installed now (built after app loading)."""
    return _registry()


def compute(key: str, org, year: int, today: date) -> Decimal | None:
    return registry()[key].func(org, year, today)
