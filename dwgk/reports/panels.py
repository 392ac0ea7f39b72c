"""Nav entries of reports."""

from django.utils.translation import gettext_lazy as _

from dwgk.core import nav
from dwgk.orgs.models import Role

nav.register(nav.NavEntry(_("统计报表"), "reports:stats", (Role.OFFICE_ADMIN,)))
nav.register(nav.NavEntry(_("合规监测"), "reports:compliance", (Role.OFFICE_ADMIN,)))
nav.register(nav.NavEntry(_("年度通报"), "reports:briefings", (Role.OFFICE_ADMIN,)))
nav.register(nav.NavEntry(_("数据看板"), "reports:dashboard", (Role.OFFICE_ADMIN,)))
