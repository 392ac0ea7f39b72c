"""Dashboard data (看板 and 数据大屏): plain numbers for the ECharts on the page, all SQL aggregates
over the subtree — disclosures per month and by category, compliance by org under the root, and how
long feedback and requests took to answer."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, F, Q

from dwgk.core.choices import Category, Channel
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import SEGMENT, subtree_q
from dwgk.oversight import compliance
from dwgk.participation.models import DisclosureRequest, Feedback

from . import tally
from .models import CAT_FIELDS, CH_FIELDS

# Handling-time buckets in calendar days (the last is open-ended).
BUCKETS = [(0, 5, "5天内"), (6, 10, "6–10天"), (11, 20, "11–20天"), (21, 40, "21–40天"), (41, 60, "41–60天"),
           (61, None, "60天以上")]


def _handling(model, root: Organization, year: int) -> list[int]:
    qs = model.objects.filter(subtree_q(root.path, "org_path"), replied_on__year=year)
    within = {hi: Count("id", filter=Q(replied_on__lte=F("received_on") + timedelta(days=hi)))
              for _lo, hi, _l in BUCKETS if hi is not None}
    agg = qs.aggregate(total=Count("id"), **{f"d{hi}": c for hi, c in within.items()})
    out, previous = [], 0
    for _lo, hi, _label in BUCKETS:
        upto = agg[f"d{hi}"] if hi is not None else agg["total"]
        out.append(upto - previous)
        previous = upto
    return out


def _compliance_by_child(root: Organization, today: date) -> dict:
    """Problems per direct child of the root (its whole subtree), by measure."""
    per, _last = compliance.measures(root, today)
    children = list(Organization.objects.filter(parent=root, is_active=True).order_by("sort_order", "path")
                    .values_list("path", "short_name", "name"))
    ids = set().union(*(set(c) for c in per.values()))
    paths = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "path"))
    cut = len(root.path) + SEGMENT
    index = {p: i for i, (p, _s, _n) in enumerate(children)}
    series = {k: [0] * len(children) for k in compliance.WEIGHTS}
    for key, counter in per.items():
        for org_id, n in counter.items():
            i = index.get(paths.get(org_id, "")[:cut])
            if i is not None:
                series[key][i] += n
    return {"orgs": [s or n for _p, s, n in children],
            "series": [{"name": compliance.LABELS[k], "data": v} for k, v in series.items()]}


def data(root: Organization, year: int, today: date) -> dict:
    months = tally.monthly_series(root, year)
    total = Counter()
    for c in months:
        total.update(c)
    return {
        "org": root.name, "year": year,
        "months": [f"{m}月" for m in range(1, 13)],
        "per_month": [c["published"] for c in months],
        "by_category": [{"name": str(c.label), "value": total[CAT_FIELDS[c.value]]} for c in Category],
        "by_channel": [{"name": str(c.label), "value": total[CH_FIELDS[c.value]]} for c in Channel],
        "compliance": _compliance_by_child(root, today),
        "buckets": [label for _lo, _hi, label in BUCKETS],
        "feedback_days": _handling(Feedback, root, year),
        "request_days": _handling(DisclosureRequest, root, year),
        "kpis": {"published": total["published"], "orgs": root.subtree_orgs,
                 "feedback": sum(_handling(Feedback, root, year)),
                 "requests": sum(_handling(DisclosureRequest, root, year))},
    }
