"""Who may manage what in the org tree. Business staff act inside the subtrees they hold roles in."""

from __future__ import annotations

from .models import Organization, Role


def can_manage_people(viewer, org: Organization) -> bool:
    """Office admins of an org or any ancestor manage its people and roles; the system admin all."""
    if viewer.admin_role in ("system", "security"):
        return True
    return any(
        ra.role == Role.OFFICE_ADMIN and org.path.startswith(ra.org.path) for ra in viewer.role_assignments
    )


def can_grant_roles(viewer, org: Organization) -> bool:
    """三员分立: the security administrator grants roles; an office admin grants within its subtree."""
    if viewer.admin_role == "security":
        return True
    if viewer.admin_role:
        return False
    return can_manage_people(viewer, org)


def can_import(viewer) -> bool:
    if viewer.admin_role == "system":
        return True
    return any(ra.role == Role.OFFICE_ADMIN for ra in viewer.role_assignments)


def can_see_people(viewer, org: Organization) -> bool:
    """People lists (names, masked IDs) are for staff of the org's line of command, not the public."""
    if viewer.admin_role in ("system", "security"):
        return True
    return any(org.path.startswith(ra.org.path) for ra in viewer.role_assignments) or (
        viewer.person is not None and viewer.person.party_org_id == org.pk
    )


def can_edit_guide_contact(viewer, org: Organization) -> bool:
    """The 公开指南's contact is kept by the 党务公开办公室 of the org or of an org above it."""
    return any(
        ra.role == Role.OFFICE_ADMIN and org.path.startswith(ra.org.path) for ra in viewer.role_assignments
    )
