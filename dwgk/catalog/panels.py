"""Workbench panels and nav entries of the catalog."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwgk.core import nav
from dwgk.core.workbench import panel

from . import selectors

nav.register(nav.NavEntry(_("公开目录"), "catalog:index", ("staff",)))
nav.register(nav.NavEntry(_("公开期限"), "catalog:due", ("staff",)))


@panel
def filings_waiting(request, viewer):
    rows = list(selectors.filing_inbox(viewer)[:10])
    if not rows:
        return None
    return {"title": "待我备案的党务公开目录", "template": "catalog/panels/filings.html", "context": {"rows": rows}}


@panel
def changes_waiting(request, viewer):
    rows = list(selectors.change_inbox(viewer)[:10])
    if not rows:
        return None
    return {"title": "待我审批的目录调整", "template": "catalog/panels/changes.html", "context": {"rows": rows}}


@panel
def overdue_periods(request, viewer):
    orgs = viewer.work_orgs
    if not orgs:
        return None
    today = timezone.localdate()
    rows = [(p, selectors.deadline(p, today)) for p in selectors.overdue_for(orgs, today)[:10]]
    if not rows:
        return None
    return {"title": "本组织逾期未公开的目录事项", "template": "catalog/panels/overdue.html", "context": {"rows": rows}}
