"""Who is looking: the person behind a request, the orgs they work for, the org they are working as."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from dwgk.orgs.models import Organization, RoleAssignment

SESSION_ORG = "dwgk_current_org"


@dataclass
class Viewer:
    user: object
    person: object | None
    admin_role: str = ""
    _current_org_id: int | None = None
    _roles: list = field(default_factory=list)

    @cached_property
    def role_assignments(self) -> list[RoleAssignment]:
        if not self.person:
            return []
        return list(RoleAssignment.objects.filter(person=self.person).select_related("org").order_by("org__path"))

    @cached_property
    def work_orgs(self) -> list[Organization]:
        """Orgs the person holds a business role in (the org switcher's choices)."""
        seen, out = set(), []
        for ra in self.role_assignments:
            if ra.org_id not in seen:
                seen.add(ra.org_id)
                out.append(ra.org)
        return out

    @cached_property
    def current_org(self) -> Organization | None:
        orgs = self.work_orgs
        for org in orgs:
            if org.pk == self._current_org_id:
                return org
        if orgs:
            return orgs[0]
        if self.person and self.person.party_org_id:
            return self.person.party_org
        return None

    def roles_in(self, org: Organization | None) -> set[str]:
        if org is None:
            return set()
        return {ra.role for ra in self.role_assignments if ra.org_id == org.pk}

    @cached_property
    def current_roles(self) -> set[str]:
        return self.roles_in(self.current_org)


def viewer_for(request) -> Viewer:
    cached = getattr(request, "_dwgk_viewer", None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated:
        viewer = Viewer(user=user, person=None)
    else:
        person = user.person if user.person_id else None
        viewer = Viewer(user=user, person=person, admin_role=user.admin_role,
                        _current_org_id=request.session.get(SESSION_ORG))
    request._dwgk_viewer = viewer
    return viewer
