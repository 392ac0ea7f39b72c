"""Reads for oversight, including the statistics-table counts (公开工作, 监督检查, 热线/座谈会, 群众满意度).

Statistics selectors take an org subtree root and a closed period [start, end] and return
{Organization.category: number}, computed by one GROUP BY query per row over the subtree's
path range. Orgs without a category (e.g. 地方党委) come back under the key "".

Two kinds of rows:
* stock rows (机构, 办法, 方案, 制度, 联系点, 载体, 监督员) count what was in force during the period:
  started on or before `end` and not ended before `start`;
* flow rows (宣传教育活动, 宣传稿件, 检查督办, 监督员提意见建议) count what happened within the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from dwgk.access import oversight as access
from dwgk.orgs.paths import subtree_q

from .models import (
    Answer,
    Assessment,
    Carrier,
    Circular,
    ContactPoint,
    Inspection,
    InspectionTarget,
    LeadingBody,
    Measure,
    Publicity,
    Question,
    Rectification,
    SupervisorAppointment,
    SupervisorComment,
    Survey,
)


@dataclass(frozen=True)
class StatRow:
    code: str
    group: str  # 公开工作 / 监督检查
    label: str  # the row's wording in the 綦江 table
    unit: str


STAT_ROWS: list[StatRow] = [
    StatRow("leading_bodies", "公开工作", "成立党务公开领导机构或协调机构", "个"),
    StatRow("measures", "公开工作", "出台党务公开办法或意见", "个"),
    StatRow("plans", "公开工作", "制定具体工作方案", "个"),
    StatRow("rules", "公开工作", "建立党务公开工作制度", "个"),
    StatRow("contact_points", "公开工作", "建立联系点", "个"),
    StatRow("boards", "公开工作", "设立党务公开栏", "块"),
    StatRow("websites", "公开工作", "建立党务公开网", "个"),
    StatRow("reading_rooms", "公开工作", "建立党务公开资料查阅室", "个"),
    StatRow("screens", "公开工作", "建立党务公开电子屏", "块"),
    StatRow("ledgers", "公开工作", "建立党务公开台账", "套"),
    StatRow("publicity_activities", "公开工作", "开展党务公开宣传教育活动", "次"),
    StatRow("articles", "公开工作", "撰写宣传稿件", "篇"),
    StatRow("supervisors", "监督检查", "聘请监督员", "名"),
    StatRow("inspections", "监督检查", "检查督办", "次"),
    StatRow("supervisor_comments", "监督检查", "监督员提意见建议", "条"),
    StatRow("hotlines", "意见收集办理和反馈", "开通热线电话", "个"),
    StatRow("forums", "意见收集办理和反馈", "召开群众座谈会", "次"),
]


def _in_force(start_field: str, end_field: str, start: date, end: date) -> Q:
    return Q(**{f"{start_field}__lte": end}) & (Q(**{f"{end_field}__isnull": True})
                                               | Q(**{f"{end_field}__gte": start}))


def _group(qs: QuerySet, value, org_field: str = "org") -> dict[str, int]:
    rows = qs.values(f"{org_field}__category").annotate(n=value).order_by()
    return {r[f"{org_field}__category"]: int(r["n"] or 0) for r in rows}


def _sub(model, root, org_field: str = "org") -> QuerySet:
    return model.objects.filter(subtree_q(root.path, field=f"{org_field}__path"))


def _carrier(kind):
    def count(root, start, end):
        qs = _sub(Carrier, root).filter(_in_force("established_on", "retired_on", start, end), kind=kind)
        return _group(qs, Sum("quantity"))
    return count


def _measure(kind):
    def count(root, start, end):
        qs = _sub(Measure, root).filter(_in_force("adopted_on", "repealed_on", start, end), kind=kind)
        return _group(qs, Count("id"))
    return count


def _publicity(kind):
    def count(root, start, end):
        return _group(_sub(Publicity, root).filter(kind=kind, held_on__range=(start, end)), Count("id"))
    return count


_COUNTERS = {
    "leading_bodies": lambda root, start, end: _group(
        _sub(LeadingBody, root).filter(_in_force("established_on", "dissolved_on", start, end),
                                       kind__in=LeadingBody.LEADING_KINDS), Count("id")),
    "measures": _measure(Measure.Kind.MEASURE),
    "plans": _measure(Measure.Kind.PLAN),
    "rules": _measure(Measure.Kind.RULE),
    "contact_points": lambda root, start, end: _group(
        _sub(ContactPoint, root).filter(_in_force("established_on", "ended_on", start, end)), Count("id")),
    "boards": _carrier(Carrier.Kind.BOARD),
    "websites": _carrier(Carrier.Kind.WEBSITE),
    "reading_rooms": _carrier(Carrier.Kind.READING_ROOM),
    "screens": _carrier(Carrier.Kind.SCREEN),
    "ledgers": _carrier(Carrier.Kind.LEDGER),
    "hotlines": _carrier(Carrier.Kind.HOTLINE),
    "forums": _publicity(Publicity.Kind.FORUM),
    "publicity_activities": _publicity(Publicity.Kind.ACTIVITY),
    "articles": _publicity(Publicity.Kind.ARTICLE),
    "supervisors": lambda root, start, end: _group(
        _sub(SupervisorAppointment, root).filter(_in_force("appointed_on", "ended_on", start, end)), Count("id")),
    # 检查督办: one per inspected org per inspection, dated by the visit.
    "inspections": lambda root, start, end: _group(
        _sub(InspectionTarget, root).filter(inspected_on__range=(start, end)), Count("id")),
    "supervisor_comments": lambda root, start, end: _group(
        _sub(SupervisorComment, root).filter(made_on__range=(start, end)), Count("id")),
}


def stat_row(code: str, root, start: date, end: date) -> dict[str, int]:
    """One statistics row for the subtree of `root` over [start, end]: {category: count}."""
    return _COUNTERS[code](root, start, end)


# Rows read together from one table, grouped by (category, kind): one query per table, not per row.
_BY_KIND = {
    "carriers": (Carrier, ("established_on", "retired_on"), Sum("quantity"),
                 {Carrier.Kind.BOARD: "boards", Carrier.Kind.WEBSITE: "websites",
                  Carrier.Kind.READING_ROOM: "reading_rooms", Carrier.Kind.SCREEN: "screens",
                  Carrier.Kind.LEDGER: "ledgers", Carrier.Kind.HOTLINE: "hotlines"}),
    "measures": (Measure, ("adopted_on", "repealed_on"), Count("id"),
                 {Measure.Kind.MEASURE: "measures", Measure.Kind.PLAN: "plans", Measure.Kind.RULE: "rules"}),
    "publicity": (Publicity, "held_on", Count("id"),
                  {Publicity.Kind.ACTIVITY: "publicity_activities", Publicity.Kind.ARTICLE: "articles",
                   Publicity.Kind.FORUM: "forums"}),
}


def stat_rows(root, start: date, end: date, codes=None) -> dict[str, dict[str, int]]:
    """Every 公开工作, 监督检查 and 意见收集 row this app answers: {row code: {category: count}}."""
    wanted = {row.code for row in STAT_ROWS if codes is None or row.code in codes}
    out: dict[str, dict[str, int]] = {}
    for model, dates, value, kinds in _BY_KIND.values():
        mine = {k: code for k, code in kinds.items() if code in wanted}
        if not mine:
            continue
        when = _in_force(*dates, start, end) if isinstance(dates, tuple) else Q(**{f"{dates}__range": (start, end)})
        rows = (_sub(model, root).filter(when, kind__in=list(mine)).values("org__category", "kind")
                .annotate(n=value).order_by())
        for code in mine.values():
            out[code] = {}
        for r in rows:
            out[mine[r["kind"]]][r["org__category"]] = int(r["n"] or 0)
        wanted -= set(mine.values())
    for code in wanted:
        out[code] = stat_row(code, root, start, end)
    return out


def satisfaction_counts(root, start: date, end: date) -> dict[str, tuple[int, int]]:
    """群众满意度 from 满意度测评: {category of the surveyed org: (satisfied answers, all answers)}.

    Counts answers to satisfaction questions of satisfaction surveys, dated by the response;
    满意 and 基本满意 count as satisfied. The report divides (and sums numerators and denominators for 合计).
    """
    qs = Answer.objects.filter(
        subtree_q(root.path, field="response__survey__subject__path"),
        response__survey__kind=Survey.Kind.SATISFACTION, question__kind=Question.Kind.SATISFACTION,
        response__submitted_on__range=(start, end))
    rows = (qs.values("response__survey__subject__category").order_by()
            .annotate(ok=Count("id", filter=Q(choice__in=Question.SATISFIED)), n=Count("id")))
    return {r["response__survey__subject__category"]: (r["ok"], r["n"]) for r in rows}


# --- registry pages -----------------------------------------------------------------------------

def registry_of(org) -> dict:
    return {
        "bodies": LeadingBody.objects.filter(org=org).prefetch_related("members"),
        "measures": Measure.objects.filter(org=org),
        "contact_points": ContactPoint.objects.filter(org=org).select_related("point"),
        "carriers": Carrier.objects.filter(org=org).select_related("filed_with"),
        "publicity": Publicity.objects.filter(org=org)[:50],
        "supervisors": SupervisorAppointment.objects.filter(org=org).select_related("person"),
        "comments": SupervisorComment.objects.filter(org=org).select_related("appointment__person")[:50],
    }


# --- workbench and lists ------------------------------------------------------------------------

def rectifications_due_for(orgs) -> QuerySet[Rectification]:
    """Open rectifications of the given orgs, nearest deadline first."""
    return (Rectification.objects.filter(org__in=orgs, state=Rectification.State.OPEN)
            .select_related("org", "finding__target__inspection").order_by("deadline", "id"))


def rectifications_to_verify(person) -> QuerySet[Rectification]:
    return (Rectification.objects.filter(finding__target__inspection__leader=person,
                                         state=Rectification.State.ANSWERED)
            .select_related("org", "finding__target__inspection").order_by("answered_on", "id"))


def inspections_led_by(person) -> QuerySet[Inspection]:
    return Inspection.objects.filter(leader=person).exclude(state=Inspection.State.CONCLUDED).select_related(
        "organizer")


def inspections_visible_to(orgs) -> QuerySet[Inspection]:
    """Inspections organized by, or targeting, any org in the given orgs' subtrees."""
    q = Q()
    for org in orgs:
        q |= subtree_q(org.path, field="organizer__path") | subtree_q(org.path, field="targets__org__path")
    if not q:
        return Inspection.objects.none()
    return Inspection.objects.filter(q).distinct().select_related("organizer", "leader")


def surveys_open_to(person, today: date) -> QuerySet[Survey]:
    """Open surveys the person may take (the rule is `dwgk.access.oversight.may_take_survey`)."""
    return access.surveys_open_to(person, Survey.objects.all(), today).select_related("subject").order_by("closes_on")


def survey_results(survey: Survey) -> list[dict]:
    counts = {}
    for row in (Answer.objects.filter(response__survey=survey).values("question_id", "choice").order_by()
                .annotate(n=Count("id"))):
        counts[(row["question_id"], row["choice"])] = row["n"]
    out = []
    for q in survey.questions.all():
        total = sum(counts.get((q.pk, i), 0) for i in range(len(q.choices)))
        options = [{"label": label, "n": counts.get((q.pk, i), 0),
                    "pct": round(counts.get((q.pk, i), 0) * 100 / total, 1) if total else 0}
                   for i, label in enumerate(q.choices)]
        row = {"question": q, "options": options, "total": total}
        if q.kind == Question.Kind.SATISFACTION and total:
            row["satisfied_pct"] = round(sum(o["n"] for i, o in enumerate(options) if i in Question.SATISFIED)
                                         * 100 / total, 1)
        if q.kind == Question.Kind.RATING and total:
            row["mean"] = round(sum((i + 1) * o["n"] for i, o in enumerate(options)) / total, 2)
        out.append(row)
    return out


def assessment_table(a: Assessment) -> dict:
    """Rows of assessed orgs with their scores per indicator, in indicator order."""
    indicators = list(a.indicators.all())
    assessed = list(a.assessed.select_related("org").prefetch_related("scores"))
    rows = []
    for ao in assessed:
        by_ind = {s.indicator_id: s for s in ao.scores.all()}
        rows.append({"assessed": ao, "scores": [by_ind.get(i.pk) for i in indicators]})
    return {"indicators": indicators, "rows": rows}


def circulars_of(org) -> QuerySet[Circular]:
    """Every circular issued in the subtree of `org` (for its office's records, not for readers)."""
    return Circular.objects.filter(subtree_q(org.path, field="org__path")).select_related("org")


def circulars_managed_by(offices) -> QuerySet[Circular]:
    """The circulars issued in the subtrees of the given office orgs, newest first, for their office's
    staff page (released or not; readers go through `circulars_visible_to`)."""
    q = Q(pk__in=[])
    for org in offices:
        q |= subtree_q(org.path, field="org__path")
    return Circular.objects.filter(q).select_related("org").order_by("-id")


def circulars_visible_to(user) -> QuerySet[Circular]:
    """Circulars the user may read: those published to a scope that reaches them (the access layer)."""
    return access.visible_circulars(user, Circular.objects.all()).select_related("org", "disclosure")
