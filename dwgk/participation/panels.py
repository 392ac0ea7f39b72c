"""Workbench panels and navigation entries for participation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dwgk.access import participation as access
from dwgk.core.nav import NavEntry, register
from dwgk.core.workbench import panel

from . import selectors, services

register(NavEntry(_("参与互动"), "participation:index"))
register(NavEntry(_("申请与意见办理"), "participation:manage", ("staff",)))


@panel
def participation_deadlines(request, viewer):
    """Requests and feedback of the current org's subtree that are over or near their deadline."""
    org = viewer.current_org
    if org is None or not access.handles(viewer.user, org):
        return None
    today = services.today()
    over = selectors.overdue(org.path, on=today, per_page=10)
    near = selectors.near_deadline(org.path, on=today, days=5, limit=10)
    alerts = list(selectors.office_alerts(org)[:10])
    if not (over["total"] or near or alerts):
        return None
    return {"title": "依申请公开与意见反馈：临期和逾期事项", "template": "participation/panels/deadlines.html",
            "context": {"over": over, "near": near, "alerts": alerts, "org": org}}
