"""Read side of catalogs and due periods. Stable API for other apps:

    catalog_maker_for(org) -> Organization
        The org whose approval an out-of-catalog item needs (北京意见 三(三)1/3): the org that
        made the catalog. A grassroots org's catalog is made by its superior
        (“其他党的基层组织党务公开目录由上一级党组织制定”); every other org makes its own.
    change_approver_for(org) -> Organization
        The org that approves changing, revoking or terminating a filed item (北京意见 四(一)):
        the maker when it is another org, otherwise the superior the catalog is filed with.
    published_items_for(org) -> QuerySet[CatalogItem]
        Active items of the org's catalog in force (filed or published), withheld ones excluded:
        what a disclosure may be linked to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from dwgk.access import catalog as access
from dwgk.orgs.models import Organization, OrgKind
from dwgk.orgs.paths import subtree_q

from . import seed_templates
from .models import Catalog, CatalogItem, CatalogVersion, DuePeriod, Filing, ItemChange


def catalog_maker_for(org: Organization) -> Organization:
    if org.kind == OrgKind.GRASSROOTS and org.parent_id:
        return org.parent
    return org


def filed_with_for(org: Organization) -> Organization:
    """目录应当报党的上一级组织备案 (达州办法 art. 13); a root org files with itself."""
    return org.parent if org.parent_id else org


def change_approver_for(org: Organization) -> Organization:
    maker = catalog_maker_for(org)
    return maker if maker.pk != org.pk else filed_with_for(org)


def catalog_of(org: Organization) -> Catalog | None:
    return Catalog.objects.filter(org=org).select_related("org", "maker", "filed_with").first()


def published_items_for(org: Organization) -> QuerySet[CatalogItem]:
    return CatalogItem.objects.filter(
        catalog__org=org, catalog__state__in=(Catalog.State.FILED, Catalog.State.PUBLISHED),
        status=CatalogItem.Status.ACTIVE, withheld=False,
    ).order_by("seq", "id")


def items_of(catalog: Catalog, include_ended: bool = True) -> QuerySet[CatalogItem]:
    qs = catalog.items.select_related("responsible_person").prefetch_related("target_orgs", "target_people")
    if not include_ended:
        qs = qs.filter(status=CatalogItem.Status.ACTIVE)
    return qs.order_by("seq", "id")


def public_catalog_items(catalog: Catalog) -> QuerySet[CatalogItem]:
    """What the published catalog page lists: active, not withheld."""
    return items_of(catalog, include_ended=False).filter(withheld=False)


def versions_of(catalog: Catalog) -> QuerySet[CatalogVersion]:
    return catalog.versions.order_by("-number")


def approved_changes(catalog: Catalog) -> QuerySet[ItemChange]:
    """Published explanations (公布并作出说明) of approved changes, newest first."""
    return catalog.changes.filter(state=ItemChange.State.APPROVED).select_related("item").order_by("-decided_at")


def filing_inbox(viewer) -> QuerySet[Filing]:
    """Submissions waiting for an org the viewer decides for (or below it)."""
    return (Filing.objects.filter(decision=Filing.Decision.PENDING).filter(access.decider_q(viewer, "filed_with__path"))
            .select_related("catalog__org", "filed_with").order_by("submitted_at"))


def change_inbox(viewer) -> QuerySet[ItemChange]:
    return (ItemChange.objects.filter(state=ItemChange.State.PENDING)
            .filter(access.decider_q(viewer, "approver_org__path"))
            .select_related("catalog__org", "item", "approver_org").order_by("requested_at"))


def due_periods_for(org: Organization, *, year: int | None = None, subtree: bool = False,
                    state: str = "") -> QuerySet[DuePeriod]:
    qs = DuePeriod.objects.filter(subtree_q(org.path, field="org__path")) if subtree else DuePeriod.objects.filter(org=org)
    if year:
        qs = qs.filter(year=year)
    if state == "overdue":
        qs = qs.filter(state=DuePeriod.State.OVERDUE)
    elif state:
        qs = qs.filter(state=state)
    return qs.select_related("item", "org").order_by("due_date", "id")


def overdue_for(orgs: list[Organization], today: date) -> QuerySet[DuePeriod]:
    """Unfulfilled periods past their due date, for the given orgs (not their subtrees)."""
    return (DuePeriod.objects.filter(org__in=orgs, state__in=(DuePeriod.State.OPEN, DuePeriod.State.OVERDUE),
                                     due_date__lt=today)
            .select_related("item", "org").order_by("due_date"))


@dataclass(frozen=True)
class Deadline:
    """What a deadline badge shows: days left or overdue, in words, never colour alone."""

    due: date
    days: int
    state: str  # fulfilled / late / overdue / soon / open
    text: str
    provisional: bool


def deadline(period: DuePeriod, today: date) -> Deadline:
    days = (period.due_date - today).days
    if period.state == DuePeriod.State.FULFILLED:
        return Deadline(period.due_date, days, "fulfilled", f"已按时公开（{period.fulfilled_on:%m-%d}）",
                        period.provisional)
    if period.state == DuePeriod.State.LATE:
        return Deadline(period.due_date, days, "late", f"逾期后公开（{period.fulfilled_on:%m-%d}）",
                        period.provisional)
    if days < 0:
        return Deadline(period.due_date, days, "overdue", f"已逾期 {-days} 天", period.provisional)
    if days == 0:
        return Deadline(period.due_date, days, "soon", "今天截止", period.provisional)
    return Deadline(period.due_date, days, "soon" if days <= 7 else "open", f"剩 {days} 天", period.provisional)


@dataclass(frozen=True)
class Comparison:
    missing: list  # template items the catalog lacks
    extra: list  # catalog items not from the template
    matched: list  # (template item, catalog item)
    template_size: int


def compare_with_template(catalog: Catalog) -> Comparison:
    """What the catalog lacks against the template of its org's kind (matched by template code)."""
    template = seed_templates.template_for(catalog.org.kind, catalog.org.category)
    items = list(items_of(catalog, include_ended=False))
    by_code = {i.template_code: i for i in items if i.template_code}
    codes = {t.code for t in template}
    return Comparison(
        missing=[t for t in template if t.code not in by_code],
        extra=[i for i in items if i.template_code not in codes],
        matched=[(t, by_code[t.code]) for t in template if t.code in by_code],
        template_size=len(template),
    )
