"""Nav entry of reports: one entry for the office, leading to the reports index."""

from django.utils.translation import gettext_lazy as _

from dwgk.core import nav
from dwgk.orgs.models import Role

nav.register(nav.NavEntry(_("统计通报"), "reports:index", (Role.OFFICE_ADMIN,)))
