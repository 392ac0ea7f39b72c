"""Tell the office when a year the platform computes deadlines for has no official schedule."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwgk.access.workdays import can_edit_calendar
from dwgk.core import nav
from dwgk.core.workbench import panel
from dwgk.orgs.models import Role

from .selectors import provisional_years_ahead

nav.register(nav.NavEntry(_("节假日安排"), "workdays:index", (Role.OFFICE_ADMIN, "admin:system")))


@panel
def provisional_calendar(request, viewer):
    if not can_edit_calendar(viewer):
        return None
    years = provisional_years_ahead(timezone.localdate())
    if not years:
        return None
    return {"title": "节假日安排待载入", "template": "workdays/panels/provisional.html",
            "context": {"years": years}}
