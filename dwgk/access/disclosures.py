"""Reader access to published disclosures and to what hangs off them: attachments (the reader copy),
interpretations, corrections. Querysets are passed in by the content app that owns the model, so this
module imports no content model (layers import only downward)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .audience import Audience
from .scopes import scope_allows, scope_q

# Statuses whose content readers may see. An archived disclosure was published and stays readable;
# a withdrawn or expired one does not.
READABLE_STATUSES = ("published", "archived")
READABLE = Q(status__in=READABLE_STATUSES) & Q(published_at__isnull=False) & Q(withdrawn_at__isnull=True)


def _targeted(model):
    def targeted(aud: Audience) -> Q:
        """TARGETED rows listing the reader or one of its orgs, as an uncorrelated id subquery: the
        database evaluates it once per query, and it compiles in microseconds (an Exists per row does not)."""
        people = model.target_people.through._meta.db_table
        sql, params = f"SELECT disclosure_id FROM {people} WHERE person_id = %s", [aud.person_id]
        if aud.affiliated_org_ids:
            orgs = model.target_orgs.through._meta.db_table
            sql += (f" UNION SELECT disclosure_id FROM {orgs} WHERE organization_id IN"
                    f" ({', '.join(['%s'] * len(aud.affiliated_org_ids))})")
            params += aud.affiliated_org_ids
        return Q(pk__in=RawSQL(sql, params))
    return targeted


def visible_q(user, model) -> Q:
    """Q over Disclosure rows: readable status AND one of the four scope rules."""
    return READABLE & scope_q(user, targeted=_targeted(model))


def visible_disclosures(user, qs: QuerySet) -> QuerySet:
    return qs.filter(visible_q(user, qs.model))


def is_readable(disclosure) -> bool:
    return (disclosure.status in READABLE_STATUSES and disclosure.published_at is not None
            and not disclosure.withdrawn_at)


def can_view(user, disclosure) -> bool:
    """The predicate twin of `visible_q`, for one disclosure already in hand."""
    if not is_readable(disclosure):
        return False

    def is_target(aud: Audience) -> bool:
        return (disclosure.target_people.filter(pk=aud.person_id).exists()
                or disclosure.target_orgs.filter(pk__in=aud.affiliated_org_ids).exists())

    return scope_allows(user, disclosure.org, disclosure.scope, is_target=is_target)


def is_public(disclosure) -> bool:
    """Readable by an anonymous visitor: what feeds, screens and the static mirror may carry."""
    return can_view(None, disclosure)


def public_disclosures(qs: QuerySet) -> QuerySet:
    """Carriers without a reader — a touch screen, a display screen, a public feed, the static mirror —
    stand in public places or are served to anyone: they read as the anonymous visitor."""
    return visible_disclosures(None, qs)


def visible_pks(user, qs: QuerySet, pks) -> set[int]:
    """Which of these disclosure ids the reader may see: one query for a page of search hits."""
    pks = list(pks)
    if not pks:
        return set()
    return set(visible_disclosures(user, qs.filter(pk__in=pks)).order_by().values_list("pk", flat=True))


def visible_children(user, qs: QuerySet, disclosures: QuerySet, field: str = "disclosure") -> QuerySet:
    """Rows that hang off a disclosure (interpretations, publications, feedback about it): readable when
    their disclosure is. `disclosures` is the owner's base queryset."""
    return qs.filter(**{f"{field}__in": visible_disclosures(user, disclosures).values("pk")})


# A 政策解读 reaches readers once released by its review (disclosures.release): its `published_at` is set then.
INTERPRETATION_RELEASED = Q(published_at__isnull=False)


def released_interpretations(qs: QuerySet) -> QuerySet:
    """The interpretations of a readable disclosure that readers see: released ones only."""
    return qs.filter(INTERPRETATION_RELEASED)


def interpretation_released(interpretation) -> bool:
    return interpretation.published_at is not None
