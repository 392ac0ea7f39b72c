"""The publication tally (see models.PublicationTally): kept as facts happen, rebuilt on demand, and
read for any period by splitting it into whole years, whole months and at most two partial months
(those read the source rows directly)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dwgk.audit.models import AuditEntry
from dwgk.core.choices import Channel
from dwgk.disclosures.models import Disclosure, Publication
from dwgk.disclosures.publishing import OFFLINE_CHANNELS, ONLINE_CHANNELS
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import subtree_q

from .models import CAT_FIELDS, CH_FIELDS, PublicationTally

PUBLISHED_EVENT = "disclosure.published"  # the audit entry written when a disclosure is published
COUNTERS = ["published", *CAT_FIELDS.values(), *CH_FIELDS.values()]


def _bump(org_id: int, day: date, deltas: dict[str, int]) -> None:
    change = {f: F(f) + n for f, n in deltas.items()}
    rows = PublicationTally.objects.filter(org_id=org_id, year=day.year, month__in=(0, day.month))
    # The year's row (month 0) and the month's in one statement once both exist (every fact but the first).
    counted = rows.update(**change)
    if counted == 2:
        return
    # A month's row never exists without its year's (the first fact of a month creates both, as does
    # rebuild), so one row counted is the year's: only the month's is missing.
    for month in (day.month,) if counted == 1 else (0, day.month):
        key = {"org_id": org_id, "year": day.year, "month": month}
        try:
            with transaction.atomic():
                PublicationTally.objects.create(**key, **deltas)
        except IntegrityError:  # a concurrent first fact for this org and period: add to its row
            PublicationTally.objects.filter(**key).update(**change)


def _on_audit(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.event != PUBLISHED_EVENT or instance.object_type != "disclosures.disclosure":
        return

    detail = instance.detail or {}
    if detail.get("org") and detail.get("category") and detail.get("published_at"):  # named by the entry
        d = {"org_id": detail["org"], "category": detail["category"],
             "published_at": parse_datetime(detail["published_at"])}
    else:  # entries written before publication named them
        d = Disclosure.objects.filter(pk=instance.object_id).values("org_id", "category", "published_at").first()
    if not d or not d["published_at"]:
        return
    day = timezone.localdate(d["published_at"])
    by_day: dict[date, Counter] = defaultdict(Counter)
    if d["category"] in CAT_FIELDS:
        by_day[day].update({"published": 1, CAT_FIELDS[d["category"]]: 1})
    # Publication writes the item's channel records in bulk (no post_save): the entry lists them — a record
    # per online channel, on the day of publication, and the offline rows, each on the day it was held.
    for channel in detail.get("channels") or []:
        if channel in ONLINE_CHANNELS and channel in CH_FIELDS:
            by_day[day][CH_FIELDS[channel]] += 1
    for row in detail.get("offline") or []:
        if row.get("channel") in CH_FIELDS:
            held = date.fromisoformat(str(row["held_on"])[:10]) if row.get("held_on") else day
            by_day[held][CH_FIELDS[row["channel"]]] += 1
    for when, deltas in sorted(by_day.items()):
        if deltas:
            _bump(d["org_id"], when, dict(deltas))


def _on_publication(sender, instance, created, raw=False, **kwargs):
    """A channel record saved on its own (an offline record or a widening, after publication)."""
    if not created or raw or instance.channel not in CH_FIELDS:
        return
    # The disclosure is usually in hand (publishing creates the record with it): no lookup then.
    _bump(instance.disclosure.org_id, publication_day(instance), {CH_FIELDS[instance.channel]: 1})


def publication_day(pub) -> date:
    """A channel record counts on the day it was held (offline channels) or published."""
    if pub.held_on:
        return pub.held_on if isinstance(pub.held_on, date) else date.fromisoformat(str(pub.held_on))
    return timezone.localdate(pub.published_at)


def connect() -> None:
    post_save.connect(_on_audit, sender=AuditEntry, dispatch_uid="reports.tally.audit", weak=False)
    post_save.connect(_on_publication, sender=Publication, dispatch_uid="reports.tally.publication", weak=False)


# --- rebuild ------------------------------------------------------------------------------------

def _publication_day_expr():
    return Coalesce("held_on", TruncDate("published_at"), output_field=DateField())


@transaction.atomic
def rebuild(batch: int = 20_000) -> int:
    """Recompute every tally row from the disclosures and publications. Returns the rows written."""
    PublicationTally.objects.all().delete()
    written = 0
    last = 0
    top = Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    while last < top:
        lo, hi = last, last + batch
        acc: dict[tuple[int, int, int], Counter] = defaultdict(Counter)
        rows = (Disclosure.objects.filter(org_id__gt=lo, org_id__lte=hi, published_at__isnull=False)
                .annotate(y=ExtractYear("published_at"), m=ExtractMonth("published_at"))
                .values("org_id", "y", "m", "category").annotate(n=Count("id")).order_by())
        for r in rows:
            if r["category"] in CAT_FIELDS:
                acc[(r["org_id"], r["y"], r["m"])][CAT_FIELDS[r["category"]]] += r["n"]
                acc[(r["org_id"], r["y"], r["m"])]["published"] += r["n"]
        rows = (Publication.objects.filter(disclosure__org_id__gt=lo, disclosure__org_id__lte=hi)
                .annotate(day=_publication_day_expr()).annotate(y=ExtractYear("day"), m=ExtractMonth("day"))
                .values("disclosure__org_id", "y", "m", "channel").annotate(n=Count("id")).order_by())
        for r in rows:
            if r["channel"] in CH_FIELDS:
                acc[(r["disclosure__org_id"], r["y"], r["m"])][CH_FIELDS[r["channel"]]] += r["n"]
        years: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for (org_id, y, _m), c in acc.items():
            years[(org_id, y)].update(c)
        objs = [PublicationTally(org_id=o, year=y, month=m, **c) for (o, y, m), c in acc.items()]
        objs += [PublicationTally(org_id=o, year=y, month=0, **c) for (o, y), c in years.items()]
        PublicationTally.objects.bulk_create(objs, batch_size=2000)
        written += len(objs)
        last = hi
    return written


# --- reading a period ---------------------------------------------------------------------------

def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def split_period(start: date, end: date) -> tuple[list[int], list[tuple[int, int]], list[tuple[date, date]]]:
    """[start, end] as whole years, whole months and partial-month day ranges (at most two)."""
    years, months, days = [], [], []
    cur = start
    while cur <= end:
        if cur.month == 1 and cur.day == 1 and date(cur.year, 12, 31) <= end:
            years.append(cur.year)
            cur = date(cur.year + 1, 1, 1)
        elif cur.day == 1 and _month_end(cur) <= end:
            months.append((cur.year, cur.month))
            cur = _month_end(cur) + timedelta(days=1)
        else:
            stop = min(_month_end(cur), end)
            days.append((cur, stop))
            cur = stop + timedelta(days=1)
    return years, months, days


def _tally_q(years, months) -> Q:
    q = Q(pk__in=[])
    if years:
        q |= Q(year__in=years, month=0)
    for y, m in months:
        q |= Q(year=y, month=m)
    return q


def aware_range(d0: date, d1: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(d0, time.min), tz),
            timezone.make_aware(datetime.combine(d1 + timedelta(days=1), time.min), tz))


def _published_between(d0: date, d1: date) -> Q:
    lo, hi = aware_range(d0, d1)
    return Q(published_at__gte=lo, published_at__lt=hi)


def _channel_day_between(d0: date, d1: date) -> Q:
    lo, hi = aware_range(d0, d1)
    return Q(held_on__range=(d0, d1)) | Q(held_on__isnull=True, published_at__gte=lo, published_at__lt=hi)


def counts_by_category(root, start: date, end: date) -> dict[str, Counter]:
    """{org category: Counter(published, cat_*, ch_*)} for the subtree of `root` over [start, end]."""

    years, months, days = split_period(start, end)
    out: dict[str, Counter] = defaultdict(Counter)
    if years or months:
        rows = (PublicationTally.objects.filter(subtree_q(root.path, "org__path"), _tally_q(years, months))
                .values("org__category").annotate(**{f"s_{f}": Sum(f) for f in COUNTERS}).order_by())
        for r in rows:
            out[r["org__category"]].update({f: r[f"s_{f}"] or 0 for f in COUNTERS})
    if days:
        _add_days(root, days, out)
    return out


def _add_days(root, days: list[tuple[date, date]], out: dict[str, Counter]) -> None:
    """Partial months from the source rows, driven by their date indexes (not by the org tree): the
    rows of the window are grouped by org id, then kept and categorised through the subtree's orgs."""
    category_of = dict(Organization.objects.filter(subtree_q(root.path)).values_list("pk", "category"))
    for d0, d1 in days:
        lo, hi = aware_range(d0, d1)
        for r in (Disclosure.objects.filter(published_at__gte=lo, published_at__lt=hi)
                  .values("org_id", "category").annotate(n=Count("id")).order_by()):
            cat = category_of.get(r["org_id"])
            if cat is not None and r["category"] in CAT_FIELDS:
                out[cat][CAT_FIELDS[r["category"]]] += r["n"]
                out[cat]["published"] += r["n"]
        # Listing the channels and both states lets the (channel, active, published_at) index drive the scan.
        on_the_day = (Publication.objects.filter(held_on__isnull=True, published_at__gte=lo, published_at__lt=hi,
                                                 channel__in=list(Channel.values), active__in=[True, False])
                      .values_list("disclosure__org_id", "channel").annotate(n=Count("id")).order_by())
        # Only offline channels carry the day they were held (publishing's _clean_offline); grouped by
        # disclosure without a join, so the scan stays on those channels' index entries.
        held = (Publication.objects.filter(held_on__range=(d0, d1), channel__in=OFFLINE_CHANNELS,
                                           active__in=[True, False])
                .values_list("disclosure_id", "channel").annotate(n=Count("id")).order_by())
        held = list(held)
        org_of = {}
        ids = sorted({d for d, _c, _n in held})
        for i in range(0, len(ids), 5000):
            org_of.update(Disclosure.objects.filter(pk__in=ids[i:i + 5000]).values_list("pk", "org_id"))
        rows = list(on_the_day) + [(org_of.get(d), ch, n) for d, ch, n in held]
        for org_id, channel, n in rows:
            cat = category_of.get(org_id)
            if cat is not None and channel in CH_FIELDS:
                out[cat][CH_FIELDS[channel]] += n


def publishing_orgs_by_category(root, start: date, end: date) -> dict[str, int]:
    """Orgs of the subtree that published at least one disclosure in [start, end], by category."""
    years, months, days = split_period(start, end)
    if len(years) == 1 and not months and not days:
        # One whole year: one tally row per org and year, so counting rows counts orgs.
        rows = (PublicationTally.objects.filter(subtree_q(root.path, "org__path"), year=years[0], month=0,
                                                published__gt=0)
                .values("org__category").annotate(n=Count("id")).order_by())
        return {r["org__category"]: r["n"] for r in rows}
    category_of = dict(Organization.objects.filter(subtree_q(root.path)).values_list("pk", "category"))
    ids: set[int] = set()
    if years or months:
        ids.update(PublicationTally.objects.filter(subtree_q(root.path, "org__path"), _tally_q(years, months),
                                                   published__gt=0).values_list("org_id", flat=True).distinct())
    for d0, d1 in days:
        ids.update(Disclosure.objects.filter(_published_between(d0, d1)).values_list("org_id", flat=True)
                   .distinct())
    return dict(Counter(category_of[i] for i in ids if i in category_of))


def monthly_series(root, year: int) -> list[Counter]:
    """Twelve Counters (January first) for the subtree of `root`: disclosures and channels per month."""
    out = [Counter() for _ in range(12)]
    rows = (PublicationTally.objects.filter(subtree_q(root.path, "org__path"), year=year, month__gte=1)
            .values("month").annotate(**{f"s_{f}": Sum(f) for f in COUNTERS}).order_by())
    for r in rows:
        out[r["month"] - 1].update({f: r[f"s_{f}"] or 0 for f in COUNTERS})
    return out
