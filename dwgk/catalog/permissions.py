"""Who may do what with catalogs. Staff act for an org when they hold a role in it or above it."""

from __future__ import annotations

from dwgk.orgs.models import Organization, Role

EDIT_ROLES = {Role.OFFICE_ADMIN, Role.APPROVER, Role.PROPOSER}
DECIDE_ROLES = {Role.OFFICE_ADMIN, Role.APPROVER}


def _holds(viewer, org: Organization, roles: set[str]) -> bool:
    return any(ra.role in roles and org.path.startswith(ra.org.path) for ra in viewer.role_assignments)


def can_edit(viewer, catalog) -> bool:
    """The org's own staff, or the maker's (a grassroots org's catalog is made by its superior)."""
    return _holds(viewer, catalog.org, EDIT_ROLES) or _holds(viewer, catalog.maker, EDIT_ROLES)


def can_file(viewer, catalog) -> bool:
    """The superior the catalog is filed with acknowledges or returns it."""
    return _holds(viewer, catalog.filed_with, DECIDE_ROLES)


def can_decide_change(viewer, change) -> bool:
    return _holds(viewer, change.approver_org, DECIDE_ROLES)


def can_view_drafts(viewer, catalog) -> bool:
    return can_edit(viewer, catalog) or can_file(viewer, catalog) or viewer.admin_role == "system"


def can_push_template(viewer, org: Organization) -> bool:
    return _holds(viewer, org, {Role.OFFICE_ADMIN})
