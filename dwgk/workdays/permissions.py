"""The holiday schedule is city-wide data: the office (党务公开办公室) of a top-level org keeps it."""

from dwgk.orgs.models import Role


def can_edit_calendar(viewer) -> bool:
    if viewer.admin_role == "system":
        return True
    return any(ra.role == Role.OFFICE_ADMIN and ra.org.parent_id is None for ra in viewer.role_assignments)
