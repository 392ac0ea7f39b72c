"""Who is reading: a reader's memberships, computed once per request, and the index keys they hold.

The reach of a reader is expressed as publishing-org ids, so the queryset gate compares `org_id`
and needs no join (the gate is the portal's hot path)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from dwgk.core.choices import Scope
from dwgk.core.raw import prepared_cursor
from dwgk.orgs.models import Affiliation, Organization, RoleAssignment
from dwgk.orgs.paths import ancestor_paths, id_of


def self_and_ancestors(path: str) -> list[str]:
    return [*ancestor_paths(path), path] if path else []


@dataclass
class Audience:
    """What the gate needs to know about a reader."""

    person_id: int | None = None
    party_org_path: str = ""
    affiliated_paths: list[str] = field(default_factory=list)  # party org and affiliations
    affiliated_org_ids: list[int] = field(default_factory=list)
    role_paths: list[str] = field(default_factory=list)  # orgs where the reader holds a business role

    @cached_property
    def party_reach(self) -> list[str]:
        """Audience roots whose PARTY items this reader sees: ancestors-or-self of the party org."""
        return self_and_ancestors(self.party_org_path)

    @cached_property
    def unit_reach(self) -> list[str]:
        """Publishing orgs whose UNIT items this reader sees: ancestors-or-self of every affiliation."""
        out: set[str] = set()
        for path in self.affiliated_paths:
            out.update(self_and_ancestors(path))
        return sorted(out)

    @cached_property
    def party_org_ids(self) -> list[int]:
        """The orgs whose PARTY items reach this reader: every org whose audience root is in the party
        reach — the roots themselves and the organs serving them (two index lookups, no join)."""
        roots = [id_of(p) for p in self.party_reach]
        if not roots:
            return []
        marks, orgs = ", ".join(["%s"] * len(roots)), Organization._meta.db_table
        with prepared_cursor(connection) as cur:
            # The serving organs through a subquery the serves_id index covers: asked directly, SQLite's
            # planner (its statistics see serves_id as mostly NULL) scans the whole org table instead.
            cur.execute(f"SELECT id, kind, serves_id FROM {orgs} WHERE id IN ({marks}) UNION ALL"
                        f" SELECT id, kind, serves_id FROM {orgs} WHERE id IN"
                        f" (SELECT s.id FROM {orgs} s WHERE s.serves_id IN ({marks}))", [*roots, *roots])
            rows = cur.fetchall()
        wanted = set(roots)
        return sorted({pk for pk, kind, serves in rows
                       if Organization.audience_root_id_of(pk, kind, serves) in wanted})

    @cached_property
    def unit_org_ids(self) -> list[int]:
        """UNIT means 本地、本部门（单位）: the publishing org itself and the orgs above the reader's
        affiliations. A serving organ's UNIT items reach its own people, not the committee's jurisdiction."""
        return sorted({id_of(p) for p in self.unit_reach})

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and not self.role_paths


ANONYMOUS = Audience()


def _memberships_sql() -> str:
    """The reader's party org, affiliations and role orgs in one round trip."""
    orgs, affiliations, roles = (m._meta.db_table for m in (Organization, Affiliation, RoleAssignment))
    return (f"SELECT 'p', o.id, o.path FROM {orgs} o WHERE o.id = %s"
            f" UNION ALL SELECT 'a', o.id, o.path FROM {affiliations} a JOIN {orgs} o ON o.id = a.org_id"
            f" WHERE a.person_id = %s"
            f" UNION ALL SELECT 'r', o.id, o.path FROM {roles} r JOIN {orgs} o ON o.id = r.org_id"
            f" WHERE r.person_id = %s")


def audience_of(user) -> Audience:
    """The reader's memberships and roles, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_dwgk_audience", None)
    if cached is not None:
        return cached
    if not user.person_id:
        audience = Audience()
    else:
        with prepared_cursor(connection) as cur:
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


def document_audience_terms(*, scope: str, org_path: str, audience_root_path: str = "",
                            target_org_ids=(), target_person_ids=()) -> list[str]:
    """The index half of the gate: the keys a published item is indexed under. A reader sees it when
    `audience_keys(reader)` shares one of them — the same four rules as `scopes.scope_q`, as terms."""
    if scope == Scope.PUBLIC:
        return ["public"]
    if scope == Scope.PARTY:
        return [f"party:{audience_root_path or org_path}"]
    if scope == Scope.UNIT:
        return [f"unit:{org_path}"]
    if scope == Scope.TARGETED:
        return [f"org:{i}" for i in target_org_ids] + [f"person:{i}" for i in target_person_ids]
    raise ValueError(f"unknown scope {scope!r}")


def audience_keys(user) -> list[str]:
    """The reader's keys for the search index's audience terms (see dwgk.search.index)."""
    aud = audience_of(user)
    keys = ["public"]
    keys += [f"party:{p}" for p in aud.party_reach]
    keys += [f"unit:{p}" for p in aud.unit_reach]
    if aud.person_id is not None:
        keys.append(f"person:{aud.person_id}")
        keys += [f"org:{i}" for i in aud.affiliated_org_ids]
    return keys
