"""Read-side queries over the organization tree. All subtree work is a path range scan."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from .models import Organization, Person, RoleAssignment
from .paths import ancestor_paths, subtree_q


def subtree(org: Organization, include_self: bool = True) -> QuerySet[Organization]:
    return Organization.objects.filter(subtree_q(org.path, include_self=include_self))


def subtree_of_path(path: str, include_self: bool = True) -> QuerySet[Organization]:
    return Organization.objects.filter(subtree_q(path, include_self=include_self))


def subtree_counts(org: Organization) -> dict:
    """Number of orgs and of party members in the subtree rooted at `org`: one row read."""
    row = Organization.objects.filter(pk=org.pk).values_list("subtree_orgs", "subtree_members").first()
    return {"orgs": row[0], "members": row[1]} if row else {"orgs": 0, "members": 0}


def subtree_counts_scanned(org: Organization) -> dict:
    """The same counts by a path range scan: the check on the kept totals."""
    agg = subtree(org).aggregate(orgs=Count("*"), members=Sum("member_count"))
    return {"orgs": agg["orgs"] or 0, "members": agg["members"] or 0}


def ancestors(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__in=ancestor_paths(org.path)).order_by("depth")


def is_in_subtree(org: Organization, root: Organization) -> bool:
    return org.path.startswith(root.path)


def roots() -> QuerySet[Organization]:
    return Organization.objects.filter(parent__isnull=True).order_by("sort_order", "id")


def children_with_counts(org: Organization | None) -> list[dict]:
    """Direct children, each with its subtree's org and member counts (for the tree browser)."""
    kids = list(
        (Organization.objects.filter(parent=org) if org else roots()).order_by("sort_order", "id")
    )
    return [{"org": child, "orgs": child.subtree_orgs, "members": child.subtree_members,
             "has_children": child.subtree_orgs > 1} for child in kids]


def members_of(org: Organization) -> QuerySet[Person]:
    return Person.objects.filter(party_org=org).order_by("name", "id")


def roles_in(org: Organization) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(org=org).select_related("person").order_by("role", "person__name")


def persons_with_role(org: Organization, role: str) -> QuerySet[Person]:
    return Person.objects.filter(roles__org=org, roles__role=role).distinct()


def search_orgs(query: str, within: Organization | None = None, limit: int = 20) -> QuerySet[Organization]:
    qs = Organization.objects.all()
    if within is not None:
        qs = qs.filter(subtree_q(within.path))
    # Control characters are in no name (and PostgreSQL refuses a NUL in the query).
    query = "".join(ch for ch in (query or "") if ch.isprintable()).strip()
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(code__iexact=query)
    return qs.order_by("depth", "path")[:limit]
