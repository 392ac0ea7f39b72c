"""Statistics hooks for the reports engineer (issue 7). All counts are SQL aggregates over an org
subtree (`root_path` = Organization.path, subtree by indexed range) and a period [start, end] of dates.

For the 统计表 group 意见收集办理和反馈 call `feedback_rows(root_path, start, end)`:

    收集意见建议（条）   collected    feedback received in the period + consultation opinions received
    已办结（条）         completed    feedback closed in the period (rated, closed by timeout, or rejected)
    反馈回复（条）       replied      feedback answered in the period (a reply, or a rejection with reason)
    群众满意度（%）      satisfaction feedback rated 满意 or 基本满意 / feedback rated, in the period (None: no ratings)
    党员申请公开事项（条） member_requests     requests by party members received in the period
    办理党员申请公开事项（条）member_requests_done  of those (by members), concluded in the period
    满意度（%）          request_satisfaction  as above, for requests
    发放征求意见表（份）  forms_issued  Consultation.forms_issued of consultations opened in the period

`by_category=True` returns {Organization.category: row} (the 13 columns; "" for uncategorised orgs);
the 合计 column is `feedback_rows(..)` without it (rows add up: every item has exactly one org).

For the annual report's request table call `request_table(root_path, year)` (REFERENCES.md:
applicant types × outcomes, with carried-over rows).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, Sum

from dwgk.orgs.paths import subtree_q

from .models import (
    SATISFIED_RATINGS,
    ApplicantType,
    Consultation,
    DisclosureRequest,
    Feedback,
    Opinion,
    OutcomeCategory,
    OutcomeReason,
)

FB = Feedback.State
ROW_KEYS = ("collected", "completed", "replied", "satisfaction", "member_requests", "member_requests_done",
            "request_satisfaction", "forms_issued")


def _pct(good: int, rated: int) -> float | None:
    return round(100.0 * good / rated, 1) if rated else None


def feedback_rows(root_path: str, start: date, end: date, *, by_category: bool = False) -> dict:
    def grouped(qs, category_field="org__category", **aggs):
        if by_category:
            return {r[category_field]: r for r in qs.values(category_field).annotate(**aggs)}
        return {None: qs.aggregate(**aggs)}

    sub = subtree_q(root_path, "org_path")
    fb = Feedback.objects.filter(sub)
    received = grouped(fb.filter(received_on__range=(start, end)), n=Count("id"))
    completed = grouped(fb.filter(closed_on__range=(start, end)), n=Count("id"),
                        rated=Count("id", filter=~Q(satisfaction="")),
                        good=Count("id", filter=Q(satisfaction__in=SATISFIED_RATINGS)))
    replied = grouped(fb.filter(replied_on__range=(start, end)), n=Count("id"))
    opinions = grouped(Opinion.objects.filter(subtree_q(root_path, "consultation__org_path"),
                                              received_on__range=(start, end)),
                       "consultation__org__category", n=Count("id"))
    req = DisclosureRequest.objects.filter(sub, applicant_is_member=True)
    member_in = grouped(req.filter(received_on__range=(start, end)), n=Count("id"))
    member_done = grouped(req.filter(replied_on__range=(start, end)), n=Count("id"),
                          rated=Count("id", filter=~Q(satisfaction="")),
                          good=Count("id", filter=Q(satisfaction__in=SATISFIED_RATINGS)))
    forms = grouped(Consultation.objects.filter(sub, opens_on__range=(start, end)), n=Sum("forms_issued"))

    keys = set()
    for d in (received, completed, replied, opinions, member_in, member_done, forms):
        keys |= set(d)

    def get(d, k, field="n"):
        return (d.get(k) or {}).get(field) or 0

    out = {}
    for k in keys or {None}:
        out[k] = {
            "collected": get(received, k) + get(opinions, k),
            "completed": get(completed, k),
            "replied": get(replied, k),
            "satisfaction": _pct(get(completed, k, "good"), get(completed, k, "rated")),
            "member_requests": get(member_in, k),
            "member_requests_done": get(member_done, k),
            "request_satisfaction": _pct(get(member_done, k, "good"), get(member_done, k, "rated")),
            "forms_issued": get(forms, k),
            # the parts, for reports that show them separately
            "feedback_received": get(received, k),
            "opinions_received": get(opinions, k),
        }
    return out if by_category else out[None]


def request_table(root_path: str, year: int) -> dict:
    """The annual request table: columns = applicant types (自然人, the 5 legal-person subtypes) + 总计;
    rows = 本年新收, 上年结转, each outcome category and reason for requests concluded in the year
    (答复 or 视为撤回), 办理结果总计, 结转下年度继续办理. Rows add up: 新收 + 上年结转 = 办理结果总计 + 结转下年度."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    sub = DisclosureRequest.objects.filter(subtree_q(root_path, "org_path"))
    columns = list(ApplicantType.values)

    def by_type(qs, *extra):
        counts = defaultdict(lambda: defaultdict(int))
        for r in qs.values("applicant_type", *extra).annotate(n=Count("id")):
            key = tuple(r[e] for e in extra)
            counts[key][r["applicant_type"]] += r["n"]
        return counts

    def row(key, label, level, values):
        vals = {c: values.get(c, 0) for c in columns}
        return {"key": key, "label": label, "level": level, "values": vals, "total": sum(vals.values())}

    new = by_type(sub.filter(received_on__range=(start, end)))[()]
    carried_in = by_type(sub.filter(received_on__lt=start).filter(Q(replied_on__isnull=True)
                                                                   | Q(replied_on__gte=start)))[()]
    concluded = sub.filter(replied_on__range=(start, end))
    by_outcome = by_type(concluded, "outcome")
    by_reason = by_type(concluded, "outcome", "outcome_reason__code")
    carried_out = by_type(sub.filter(received_on__lte=end).filter(Q(replied_on__isnull=True)
                                                                   | Q(replied_on__gt=end)))[()]
    rows = [row("new", "本年新收申请数量", 0, new),
            row("carried_in", "上年结转申请数量", 0, carried_in)]
    reasons = list(OutcomeReason.objects.order_by("category", "sort_order", "id"))
    total_done = defaultdict(int)
    for cat in OutcomeCategory:
        values = by_outcome.get((cat.value,), {})
        rows.append(row(f"outcome:{cat.value}", cat.label, 1, values))
        for c, n in values.items():
            total_done[c] += n
        for reason in reasons:
            if reason.category == cat.value and cat.value != OutcomeCategory.PARTIAL:
                rows.append(row(f"reason:{reason.code}", reason.label, 2,
                                by_reason.get((cat.value, reason.code), {})))
    rows.append(row("concluded", "办理结果总计", 1, total_done))
    rows.append(row("carried_out", "结转下年度继续办理", 0, carried_out))
    return {"year": year, "columns": [(c, ApplicantType(c).label) for c in columns], "rows": rows}


def participation_counts(root_path: str, start: date, end: date) -> dict:
    """Other participation figures for the annual briefing and dashboards."""
    from .models import Hearing, HearingApplication, Inquiry, Notice, Objection

    sub = subtree_q(root_path, "org_path")
    return {
        "requests_received": DisclosureRequest.objects.filter(sub, received_on__range=(start, end)).count(),
        "requests_concluded": DisclosureRequest.objects.filter(sub, replied_on__range=(start, end)).count(),
        "consultations": Consultation.objects.filter(sub, opens_on__range=(start, end)).count(),
        "notices": Notice.objects.filter(sub, starts_on__range=(start, end)).count(),
        "objections": Objection.objects.filter(subtree_q(root_path, "notice__org_path"),
                                               received_on__range=(start, end)).count(),
        "hearings": Hearing.objects.filter(sub, meeting_at__date__range=(start, end)).count(),
        "hearing_attendees": HearingApplication.objects.filter(
            subtree_q(root_path, "hearing__org_path"), hearing__meeting_at__date__range=(start, end),
            state=HearingApplication.State.APPROVED).count(),
        "inquiries": Inquiry.objects.filter(sub, asked_on__range=(start, end)).count(),
        "feedback_overdue_open": Feedback.objects.filter(sub, is_open=True, due_date__lt=end).count(),
    }
