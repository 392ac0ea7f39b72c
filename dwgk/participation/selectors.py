"""Read-side queries. Every list is a range on an indexed `org_path` (subtree) and paginated; the overdue
lists use the partial (due_date, org_path) indexes of open items. What a reader may see is decided by
`dwgk.access.participation`; the reader lists here pass it their querysets and filter nothing by audience."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from dwgk.access import participation as access
from dwgk.disclosures.models import Disclosure
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import subtree_q

from .models import (
    Consultation,
    DisclosureRequest,
    Feedback,
    Hearing,
    Inquiry,
    Notice,
)
from .services import today


def requests_in(root_path: str, state: str | None = None) -> QuerySet[DisclosureRequest]:
    qs = DisclosureRequest.objects.filter(subtree_q(root_path, "org_path")).select_related("org", "department")
    if state == "open":
        qs = qs.filter(is_open=True)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-received_on", "-id")


def feedback_in(root_path: str, state: str | None = None) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(subtree_q(root_path, "org_path")).select_related("org")
    if state == "open":
        qs = qs.filter(is_open=True)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-received_on", "-id")


def _open_due(model, root_path: str, *, before: date | None = None, between: tuple[date, date] | None = None):
    qs = model.objects.filter(is_open=True).order_by()
    if root_path:
        qs = qs.filter(subtree_q(root_path, "org_path"))
    if before is not None:
        qs = qs.filter(due_date__lt=before)
    if between is not None:
        qs = qs.filter(due_date__gte=between[0], due_date__lte=between[1])
    return qs


# Above this many matching items, a page is found faster by walking the (due_date) partial index in order
# and testing each entry's path than by collecting the subtree's items and sorting them.
ORDERED_WALK_FROM = 2000


def _page_keys(model, kind: str, root_path: str, n: int, *, before=None, between=None, large: bool = False):
    qs = _open_due(model, root_path, before=before, between=between)
    if large:
        # A prefix test the planner cannot turn into a path range: it walks the (due_date, org_path)
        # index in deadline order and stops after n hits, reading org_path from the index itself.
        qs = _open_due(model, "", before=before, between=between).filter(org_path__startswith=root_path)
    return [{"due": d, "kind": kind, "pk_": pk}
            for d, pk in qs.order_by("due_date", "id").values_list("due_date", "id")[:n]]


def _deadline_rows(root_path: str, *, before: date | None = None, between: tuple[date, date] | None = None,
                   offset: int = 0, limit: int = 20, sizes: dict | None = None) -> list[dict]:
    """Open requests and feedback of a subtree, earliest deadline first: one page of uniform rows.

    The page is chosen on the bare partial indexes (due, id — no joins), then only its rows are read
    in full. `sizes` (matching items per kind, when the caller has counted them) picks the plan."""
    sizes = sizes or {}
    keys = []
    for kind, model in (("request", DisclosureRequest), ("feedback", Feedback)):
        keys += _page_keys(model, kind, root_path, offset + limit, before=before, between=between,
                           large=sizes.get(kind, 0) > ORDERED_WALK_FROM)
    page = sorted(keys, key=lambda r: (r["due"], r["kind"], r["pk_"]))[offset:offset + limit]
    ids = {"request": [r["pk_"] for r in page if r["kind"] == "request"],
           "feedback": [r["pk_"] for r in page if r["kind"] == "feedback"]}
    details = {}
    for kind, model, title in (("request", DisclosureRequest, "description"), ("feedback", Feedback, "subject")):
        for row in model.objects.filter(pk__in=ids[kind]).values("id", "number", title, "state", "org__name"):
            details[(kind, row["id"])] = {"number_": row["number"], "title": row[title],
                                          "state_": row["state"], "org_name": row["org__name"]}
    return [{**r, **details[(r["kind"], r["pk_"])]} for r in page]


def overdue(root_path: str, *, on: date | None = None, page: int = 1, per_page: int = 20) -> dict:
    """Open requests and feedback past their due date in a subtree: one page (oldest deadline first) and
    the total. Costs O(open items in the subtree) index entries for the count, and O(page) row reads."""
    on = on or today()
    # Counted on the bare filters (no join): an index-only scan of the open items' partial index.
    sizes = {"request": _open_due(DisclosureRequest, root_path, before=on).count(),
             "feedback": _open_due(Feedback, root_path, before=on).count()}
    total = sizes["request"] + sizes["feedback"]
    rows = _deadline_rows(root_path, before=on, offset=(page - 1) * per_page, limit=per_page, sizes=sizes)
    for r in rows:
        r["days_over"] = (on - r["due"]).days
    return {"total": total, "rows": rows, "page": page, "per_page": per_page,
            "pages": max(1, (total + per_page - 1) // per_page)}


def near_deadline(root_path: str, *, on: date | None = None, days: int = 5, limit: int = 20) -> list[dict]:
    """Open items due within `days` calendar days (inclusive of today)."""
    on = on or today()
    rows = _deadline_rows(root_path, between=(on, on + timedelta(days=days)), limit=limit)
    for r in rows:
        r["days_left"] = (r["due"] - on).days
    return rows


def office_alerts(org: Organization):
    from .models import Alert

    return Alert.objects.filter(org=org, resolved=False).select_related("feedback", "feedback__org")


def public_replies(user, limit: int = 20) -> QuerySet[Feedback]:
    """Public replies the reader may read (one about a disclosure only where the disclosure is readable)."""
    return (access.visible_feedback_replies(user, Feedback.objects.all(), Disclosure.objects.all())
            .select_related("org").order_by("-replied_on", "-id")[:limit])


def open_consultations(user, on: date | None = None, *, root_path: str | None = None) -> QuerySet[Consultation]:
    on = on or today()
    qs = Consultation.objects.filter(opens_on__lte=on, closes_on__gte=on).select_related("org")
    if root_path:
        qs = qs.filter(subtree_q(root_path, "org_path"))
    return access.visible_consultations(user, qs).order_by("closes_on", "id")


def consultations_in(root_path: str) -> QuerySet[Consultation]:
    """Staff pages: every consultation of the subtree (the caller handles its org)."""
    return Consultation.objects.filter(subtree_q(root_path, "org_path")).select_related("org")


def current_notices(user, on: date | None = None) -> QuerySet[Notice]:
    """Notices in their objection period, and those whose result is published (most recent first)."""
    qs = Notice.objects.select_related("org").order_by("-starts_on", "-id")
    if on is not None:
        qs = qs.filter(starts_on__lte=on)
    return access.visible_notices(user, qs)


def notices_in(root_path: str) -> QuerySet[Notice]:
    return Notice.objects.filter(subtree_q(root_path, "org_path")).select_related("org")


def hearings_upcoming(user, on: date | None = None) -> QuerySet[Hearing]:
    on = on or today()
    qs = Hearing.objects.filter(meeting_at__date__gte=on - timedelta(days=30)).select_related("org")
    return access.visible_hearings(user, qs).order_by("meeting_at")


def hearings_in(root_path: str) -> QuerySet[Hearing]:
    return Hearing.objects.filter(subtree_q(root_path, "org_path")).select_related("org")


def inquiries_in(root_path: str) -> QuerySet[Inquiry]:
    return Inquiry.objects.filter(subtree_q(root_path, "org_path")).select_related("org", "person")


def answered_inquiries(user) -> QuerySet[Inquiry]:
    """Answered public questions the reader may read (PARTY of the org each was put to)."""
    return access.visible_inquiries(user, Inquiry.objects.all()).select_related("org").order_by("-answered_on", "-id")


def own_inquiries(user) -> QuerySet[Inquiry]:
    return access.own_inquiries(user, Inquiry.objects.all()).select_related("org")
