"""The visibility gate (DESIGN invariant 1): the one place that decides who may read a disclosure.

`can_view(user, disclosure)` and its queryset twin `visible_q(user)` / `visible_disclosures(user)`
state the same rules; pages, search, feeds, the API, attachments, exports, the kiosk, the static
mirror and notifications all ask here. Nothing else filters by scope.

Scope rules for a published disclosure of org O, whose audience root R is O — or, for a discipline,
working or dispatched organ, the committee it serves:
  PUBLIC    everyone, anonymous included;
  PARTY     party members of R or of any org below R;
  UNIT      anyone affiliated with R or below (party members and non-members: staff, residents);
  TARGETED  party members and affiliated people of the listed orgs, and the listed people.
Staff holding a business role at O or any org above O see its records in every scope (a superior
sees its subordinates' records). Drafts and workflow records are not read through here: the
workflow decides who handles them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from dwgk.core.choices import Scope
from dwgk.orgs.models import Organization
from dwgk.orgs.paths import ancestor_paths, id_of, subtree_q

# Statuses whose content readers may see. An archived disclosure was published and stays readable;
# a withdrawn or expired one does not.
READABLE_STATUSES = ("published", "archived")


@dataclass
class Audience:
    """What the gate needs to know about a reader, computed once per request."""

    person_id: int | None = None
    party_org_path: str = ""
    affiliated_paths: list[str] = field(default_factory=list)  # party org and affiliations
    affiliated_org_ids: list[int] = field(default_factory=list)
    role_paths: list[str] = field(default_factory=list)

    @cached_property
    def party_reach(self) -> list[str]:
        """Audience roots whose PARTY disclosures this reader sees: ancestors-or-self of the party org."""
        return _self_and_ancestors(self.party_org_path)

    @cached_property
    def unit_reach(self) -> list[str]:
        out: set[str] = set()
        for path in self.affiliated_paths:
            out.update(_self_and_ancestors(path))
        return sorted(out)

    @cached_property
    def _reach_orgs(self) -> tuple[list[int], list[int]]:
        """The ids of the orgs whose audience root is in the party reach, and in the unit reach: the reader's
        reach as the publishing orgs it covers, so the queryset gate compares `org_id` and needs no join."""
        party = {id_of(p) for p in self.party_reach}
        unit = {id_of(p) for p in self.unit_reach}
        roots = party | unit
        if not roots:
            return [], []
        marks, orgs = ", ".join(["%s"] * len(roots)), Organization._meta.db_table
        with connection.cursor() as cur:  # two index lookups (an OR of the two would scan the table)
            cur.execute(f"SELECT id, kind, serves_id FROM {orgs} WHERE id IN ({marks}) UNION ALL"
                        f" SELECT id, kind, serves_id FROM {orgs} WHERE serves_id IN ({marks})", [*roots, *roots])
            rows = cur.fetchall()
        in_party, in_unit = set(), set()
        for pk, kind, serves_id in rows:
            root = Organization.audience_root_id_of(pk, kind, serves_id)
            if root in party:
                in_party.add(pk)
            if root in unit:
                in_unit.add(pk)
        return sorted(in_party), sorted(in_unit)

    @property
    def party_org_ids(self) -> list[int]:
        return self._reach_orgs[0]

    @property
    def unit_org_ids(self) -> list[int]:
        return self._reach_orgs[1]

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and not self.role_paths


ANONYMOUS = Audience()

def _memberships_sql() -> str:
    """The reader's party org, affiliations and role orgs in one round trip."""
    from dwgk.orgs.models import Affiliation, RoleAssignment

    orgs, affiliations, roles = (m._meta.db_table for m in (Organization, Affiliation, RoleAssignment))
    return (f"SELECT 'p', o.id, o.path FROM {orgs} o WHERE o.id = %s"
            f" UNION ALL SELECT 'a', o.id, o.path FROM {affiliations} a JOIN {orgs} o ON o.id = a.org_id"
            f" WHERE a.person_id = %s"
            f" UNION ALL SELECT 'r', o.id, o.path FROM {roles} r JOIN {orgs} o ON o.id = r.org_id"
            f" WHERE r.person_id = %s")


def audience_of(user) -> Audience:
    """The reader's memberships and roles. Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_dwgk_audience", None)
    if cached is not None:
        return cached
    if not user.person_id:
        audience = Audience()
    else:
        with connection.cursor() as cur:
            cur.execute(_memberships_sql(), [user.person.party_org_id, user.person_id, user.person_id])
            rows = cur.fetchall()
        party = [path for kind, _pk, path in rows if kind == "p"]
        member_of = {pk: path for kind, pk, path in rows if kind in ("p", "a")}
        audience = Audience(
            person_id=user.person_id,
            party_org_path=party[0] if party else "",
            affiliated_paths=sorted(set(member_of.values())),
            affiliated_org_ids=sorted(member_of),
            role_paths=sorted({path for kind, _pk, path in rows if kind == "r"}),
        )
    user._dwgk_audience = audience
    return audience


def audience_root_path(org: Organization) -> str:
    return org.audience_root.path


def scope_q(user, *, org: str = "org", scope: str = "scope", targeted=None) -> Q:
    """The scope rules as a Q over any scoped model (disclosures, catalogs, consultations, circulars).

    `org` and `scope` name the model's publishing-org and scope fields; `targeted(audience) -> Q`
    matches the TARGETED rows listing the reader (None: TARGETED rows reach staff only)."""
    aud = audience_of(user)
    allowed = Q(**{scope: Scope.PUBLIC})
    if aud.party_org_ids:
        allowed |= Q(**{scope: Scope.PARTY, f"{org}__in": aud.party_org_ids})
    if aud.unit_org_ids:
        allowed |= Q(**{scope: Scope.UNIT, f"{org}__in": aud.unit_org_ids})
    if aud.person_id is not None and targeted is not None:
        allowed |= Q(**{scope: Scope.TARGETED}) & targeted(aud)
    for path in aud.role_paths:
        allowed |= subtree_q(path, field=f"{org}__path")
    return allowed


def scope_allows(user, org: Organization, scope: str, *, is_target=None) -> bool:
    """The predicate twin of `scope_q` for one object; `is_target(audience) -> bool` for TARGETED."""
    aud = audience_of(user)
    if any(org.path.startswith(p) for p in aud.role_paths):
        return True
    if scope == Scope.PUBLIC:
        return True
    root = audience_root_path(org)
    if scope == Scope.PARTY:
        return root in aud.party_reach
    if scope == Scope.UNIT:
        return root in aud.unit_reach
    if scope == Scope.TARGETED and aud.person_id is not None and is_target is not None:
        return bool(is_target(aud))
    return False


def _disclosure_targeted(aud: Audience) -> Q:
    """TARGETED disclosures listing the reader or one of its orgs. An uncorrelated id subquery: the
    database evaluates it once per query, and it compiles in microseconds (an Exists per row does not)."""
    from dwgk.disclosures.models import Disclosure

    people = Disclosure.target_people.through._meta.db_table
    sql, params = f"SELECT disclosure_id FROM {people} WHERE person_id = %s", [aud.person_id]
    if aud.affiliated_org_ids:
        orgs = Disclosure.target_orgs.through._meta.db_table
        sql += (f" UNION SELECT disclosure_id FROM {orgs} WHERE organization_id IN"
                f" ({', '.join(['%s'] * len(aud.affiliated_org_ids))})")
        params += aud.affiliated_org_ids
    return Q(pk__in=RawSQL(sql, params))


_READABLE = Q(status__in=READABLE_STATUSES) & Q(published_at__isnull=False) & Q(withdrawn_at__isnull=True)


def visible_q(user) -> Q:
    """Q over Disclosure rows: readable status AND (scope rule OR staff above the publishing org)."""
    return _READABLE & scope_q(user, targeted=_disclosure_targeted)


def visible_disclosures(user, qs: QuerySet | None = None) -> QuerySet:
    from dwgk.disclosures.models import Disclosure

    base = qs if qs is not None else Disclosure.objects.all()
    return base.filter(visible_q(user))


def can_view(user, disclosure) -> bool:
    """The predicate twin of `visible_q`, for one disclosure already in hand."""
    if disclosure.status not in READABLE_STATUSES or disclosure.published_at is None or disclosure.withdrawn_at:
        return False

    def is_target(aud: Audience) -> bool:
        return (disclosure.target_people.filter(pk=aud.person_id).exists()
                or disclosure.target_orgs.filter(pk__in=aud.affiliated_org_ids).exists())

    return scope_allows(user, disclosure.org, disclosure.scope, is_target=is_target)


def is_public(disclosure) -> bool:
    """Readable by an anonymous visitor: what feeds and the static mirror may carry."""
    return can_view(None, disclosure)


def _self_and_ancestors(path: str) -> list[str]:
    return [*ancestor_paths(path), path] if path else []


def document_audience_terms(*, scope: str, org_path: str, audience_root_path: str = "",
                            target_org_ids=(), target_person_ids=()) -> list[str]:
    """The index half of the gate: the keys a published item is indexed under. A reader sees it when
    `audience_keys(reader)` shares one of them — the same rules as `scope_q`, as terms."""
    root = audience_root_path or org_path
    terms = [f"staff:{p}" for p in _self_and_ancestors(org_path)]
    if scope == Scope.PUBLIC:
        terms.append("public")
    elif scope == Scope.PARTY:
        terms.append(f"party:{root}")
    elif scope == Scope.UNIT:
        terms.append(f"unit:{root}")
    elif scope == Scope.TARGETED:
        terms += [f"org:{i}" for i in target_org_ids] + [f"person:{i}" for i in target_person_ids]
    else:
        raise ValueError(f"unknown scope {scope!r}")
    return terms


def audience_keys(user) -> list[str]:
    """The reader's keys for the search index's audience terms (see dwgk.search.index)."""
    aud = audience_of(user)
    keys = ["public"]
    keys += [f"party:{p}" for p in aud.party_reach]
    keys += [f"unit:{p}" for p in aud.unit_reach]
    if aud.person_id is not None:
        keys.append(f"person:{aud.person_id}")
        keys += [f"org:{i}" for i in aud.affiliated_org_ids]
    keys += [f"staff:{p}" for p in aud.role_paths]
    return keys


def visible_in_org(user, org, qs: QuerySet | None = None) -> QuerySet:
    """The disclosures `org` itself published that the reader may see (org pages, org feeds)."""
    from dwgk.disclosures.models import Disclosure

    base = qs if qs is not None else Disclosure.objects.all()
    return visible_disclosures(user, base.filter(org=org))


def visible_pks(user, pks) -> set[int]:
    """Which of these disclosure ids the reader may see: one query for a page of search hits."""
    pks = list(pks)
    if not pks:
        return set()
    return set(visible_disclosures(user).filter(pk__in=pks).order_by().values_list("pk", flat=True))


# ---- other published things that carry a scope ------------------------------------------------------
# Participation records name their audience in their own words; the gate maps them onto the four scopes
# so the same rules apply: 向社会征求意见 is PUBLIC, 党内征求意见 is PARTY; an answered 党内事务咨询 is read by
# the asking org's members (PARTY); a public reply to feedback about a disclosure follows that
# disclosure's scope, and otherwise is public.

_GATE_SCOPE = "gate_scope"


def consultation_scope(consultation) -> str:
    return Scope.PARTY if consultation.audience == "internal" else Scope.PUBLIC


def visible_consultations(user, qs: QuerySet | None = None) -> QuerySet:
    from dwgk.participation.models import Consultation

    base = qs if qs is not None else Consultation.objects.all()
    base = base.annotate(**{_GATE_SCOPE: Case(When(audience="internal", then=Value(str(Scope.PARTY))),
                                              default=Value(str(Scope.PUBLIC)), output_field=CharField())})
    return base.filter(scope_q(user, scope=_GATE_SCOPE))


def can_view_consultation(user, consultation) -> bool:
    return scope_allows(user, consultation.org, consultation_scope(consultation))


def visible_inquiries(user, qs: QuerySet | None = None) -> QuerySet:
    """Answered, public 党内事务咨询: the asking org's members and below (PARTY), and its superiors' staff."""
    from dwgk.participation.models import Inquiry

    base = qs if qs is not None else Inquiry.objects.all()
    base = base.filter(is_public=True, answered_on__isnull=False).annotate(
        **{_GATE_SCOPE: Value(str(Scope.PARTY), output_field=CharField())})
    return base.filter(scope_q(user, scope=_GATE_SCOPE))


def visible_notices(user, qs: QuerySet | None = None) -> QuerySet:
    """公示 is made to society (任前公示, 发展党员公示 …): every notice that has started is public."""
    from dwgk.participation.models import Notice

    base = qs if qs is not None else Notice.objects.all()
    return base.filter(starts_on__lte=timezone.localdate())


def visible_feedback_replies(user, qs: QuerySet | None = None) -> QuerySet:
    """Answered feedback whose reply is public; about a disclosure, only where that disclosure is readable."""
    from dwgk.participation.models import Feedback

    base = qs if qs is not None else Feedback.objects.all()
    base = base.filter(reply_public=True, replied_on__isnull=False).exclude(state=Feedback.State.REJECTED)
    return base.filter(Q(disclosure__isnull=True) | Q(disclosure__in=visible_disclosures(user).values("pk")))


# ---- carriers without a reader --------------------------------------------------------------------
# A touch screen, a display screen, a public feed and the static mirror stand in public places or are
# served to anyone: they read as the anonymous visitor, whoever happens to be logged in.

def public_disclosures(qs: QuerySet | None = None) -> QuerySet:
    return visible_disclosures(None, qs)
