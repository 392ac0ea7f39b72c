"""The four scope rules (DESIGN invariant 1), written once as a Q and as a predicate.

For an item published by org O, whose audience root R is O — or, for a discipline, working or
dispatched organ, the committee it serves:
  PUBLIC    everyone, anonymous included;
  PARTY     party members of R or of any org below R (an organ's party-wide items reach the
            jurisdiction of the committee it serves);
  UNIT      anyone affiliated (member or not) with O or below O. For a serving organ that is the
            organ's own people (本部门), not the committee's jurisdiction;
  TARGETED  the listed orgs' members and affiliated people, and the listed people.

Reader paths (portal, API, search, feeds, mirror) apply these four rules and nothing else: holding a
business role above O gives no extra reach here. A superior's oversight of its subordinates' records is
served on the workbench by `dwgk.access.staff`, where the reading is recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from dwgk.core.choices import Scope
from dwgk.orgs.models import Organization

from .audience import Audience, audience_of


def scope_q(user, *, org: str = "org", scope: str = "scope",
            targeted: Callable[[Audience], Q] | None = None) -> Q:
    """The rules as a Q over any scoped model. `org` and `scope` name its publishing-org and scope
    fields; `targeted(audience) -> Q` matches the TARGETED rows listing the reader (None: such rows
    reach no reader)."""
    aud = audience_of(user)
    allowed = Q(**{scope: Scope.PUBLIC})
    if aud.party_org_ids:
        allowed |= Q(**{scope: Scope.PARTY, f"{org}__in": aud.party_org_ids})
    if aud.unit_org_ids:
        allowed |= Q(**{scope: Scope.UNIT, f"{org}__in": aud.unit_org_ids})
    if aud.person_id is not None and targeted is not None:
        allowed |= Q(**{scope: Scope.TARGETED}) & targeted(aud)
    return allowed


def scope_allows(user, org: Organization, scope: str, *,
                 is_target: Callable[[Audience], bool] | None = None) -> bool:
    """The predicate twin of `scope_q` for one object already in hand."""
    if scope == Scope.PUBLIC:
        return True
    aud = audience_of(user)
    if scope == Scope.PARTY:
        return org.audience_root.path in aud.party_reach
    if scope == Scope.UNIT:
        return org.path in aud.unit_reach
    if scope == Scope.TARGETED and aud.person_id is not None and is_target is not None:
        return bool(is_target(aud))
    return False
