"""The holiday schedule (节假日安排) is city-wide data: kept by the 党务公开办公室 of a top-level org, or by
the system administrator. Workdays sits below access, so its interface (views, panels) asks here before
calling `dwgk.workdays.services` (schedule loads, single days, removals)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dwgk.orgs.models import Role
from dwgk.orgs.paths import depth_of

from .errors import Refused
from .orgs import admin_role_of, user_of
from .staff import duties_of, person_of


def can_edit_calendar(actor) -> bool:
    if admin_role_of(actor) == "system":
        return True
    return any(role == Role.OFFICE_ADMIN and depth_of(path) == 0
               for _o, path, role in duties_of(person_of(user_of(actor))))


def require_edit_calendar(actor) -> None:
    if not can_edit_calendar(actor):
        raise Refused(_("只有党务公开办公室可以维护节假日安排。"))
