"""Who may do what in oversight. The office (党务公开办公室) of an org manages it and everything below it."""

from __future__ import annotations

from dwgk.orgs.models import Role


def office_orgs(viewer) -> list:
    return [ra.org for ra in viewer.role_assignments if ra.role == Role.OFFICE_ADMIN]


def can_manage(viewer, org) -> bool:
    """Office staff of `org` or of any org above it."""
    return any(org.path.startswith(o.path) for o in office_orgs(viewer))


def can_answer_for(viewer, org) -> bool:
    """Staff with any business role in the org itself (they answer its rectifications and comments)."""
    return any(ra.org_id == org.pk for ra in viewer.role_assignments) or can_manage(viewer, org)


def is_inspector(viewer, inspection) -> bool:
    return (viewer.person is not None and inspection.leader_id == viewer.person.pk) or \
        can_manage(viewer, inspection.organizer)
