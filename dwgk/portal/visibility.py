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

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from dwgk.core.choices import Scope
from dwgk.orgs.models import SERVING_KINDS, Affiliation, Organization
from dwgk.orgs.paths import ancestor_paths, subtree_q

# Statuses whose content readers may see. An archived disclosure was published and stays readable;
# a withdrawn or expired one does not.
READABLE_STATUSES = ("published", "archived")
_SERVING = [str(k) for k in SERVING_KINDS]


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
        if not self.party_org_path:
            return []
        return [*ancestor_paths(self.party_org_path), self.party_org_path]

    @cached_property
    def unit_reach(self) -> list[str]:
        out: set[str] = set()
        for path in self.affiliated_paths:
            out.update(ancestor_paths(path))
            out.add(path)
        return sorted(out)

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and not self.role_paths


ANONYMOUS = Audience()


def audience_of(user) -> Audience:
    """The reader's memberships and roles. Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_dwgk_audience", None)
    if cached is not None:
        return cached
    person = user.person if user.person_id else None
    if person is None:
        audience = Audience()
    else:
        org_ids = set()
        if person.party_org_id:
            org_ids.add(person.party_org_id)
        org_ids.update(Affiliation.objects.filter(person=person).values_list("org_id", flat=True))
        paths = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "path"))
        role_paths = sorted(set(
            person.roles.values_list("org__path", flat=True)
        ))
        audience = Audience(
            person_id=person.pk,
            party_org_path=paths.get(person.party_org_id, "") if person.party_org_id else "",
            affiliated_paths=sorted(paths.values()),
            affiliated_org_ids=sorted(org_ids),
            role_paths=role_paths,
        )
    user._dwgk_audience = audience
    return audience


def audience_root_path(org: Organization) -> str:
    return org.audience_root.path


def _root_path_in(paths: list[str], org: str = "org") -> Q:
    """The object's audience root is one of `paths` (serving organs reach for their committee)."""
    serving = Q(**{f"{org}__kind__in": _SERVING}) & Q(**{f"{org}__serves__isnull": False})
    return (serving & Q(**{f"{org}__serves__path__in": paths})) | (~serving & Q(**{f"{org}__path__in": paths}))


def scope_q(user, *, org: str = "org", scope: str = "scope", targeted=None) -> Q:
    """The scope rules as a Q over any scoped model (disclosures, catalogs, consultations, circulars).

    `org` and `scope` name the model's publishing-org and scope fields; `targeted(audience) -> Q`
    matches the TARGETED rows listing the reader (None: TARGETED rows reach staff only)."""
    aud = audience_of(user)
    allowed = Q(**{scope: Scope.PUBLIC})
    if aud.party_reach:
        allowed |= Q(**{scope: Scope.PARTY}) & _root_path_in(aud.party_reach, org)
    if aud.unit_reach:
        allowed |= Q(**{scope: Scope.UNIT}) & _root_path_in(aud.unit_reach, org)
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


def _disclosure_targeted(aud: Audience):
    from dwgk.disclosures.models import Disclosure

    through_orgs = Disclosure.target_orgs.through
    through_people = Disclosure.target_people.through
    targeted = Exists(through_people.objects.filter(disclosure_id=OuterRef("pk"), person_id=aud.person_id))
    if aud.affiliated_org_ids:
        targeted = targeted | Exists(through_orgs.objects.filter(
            disclosure_id=OuterRef("pk"), organization_id__in=aud.affiliated_org_ids))
    return targeted


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
    return set(visible_disclosures(user).filter(pk__in=pks).values_list("pk", flat=True))


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
