"""Nav entries and workbench panels of oversight."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dwgk.core import nav
from dwgk.core.workbench import panel
from dwgk.orgs.models import Role

from . import selectors

nav.register(nav.NavEntry(_("监督考核"), "oversight:index", ("staff",)))
nav.register(nav.NavEntry(_("测评评议"), "oversight:surveys", ("auth",)))
nav.register(nav.NavEntry(_("监督员意见"), "oversight:supervisor_comment", (Role.SUPERVISOR,)))


@panel
def my_rectifications(request, viewer):
    orgs = [o.pk for o in viewer.work_orgs]
    due = list(selectors.rectifications_due_for(orgs)[:10]) if orgs else []
    to_verify = list(selectors.rectifications_to_verify(viewer.person)[:10]) if viewer.person else []
    if not due and not to_verify:
        return None
    return {"title": "整改事项", "template": "oversight/panels/rectifications.html",
            "context": {"due": due, "to_verify": to_verify, "today": timezone.localdate()}}


@panel
def my_inspections(request, viewer):
    if viewer.person is None:
        return None
    items = list(selectors.inspections_led_by(viewer.person)[:10])
    if not items:
        return None
    return {"title": "我带队的督查", "template": "oversight/panels/inspections.html", "context": {"items": items}}


@panel
def my_surveys(request, viewer):
    if viewer.person is None:
        return None
    items = list(selectors.surveys_open_to(viewer.person, timezone.localdate())[:10])
    if not items:
        return None
    return {"title": "待参加的测评", "template": "oversight/panels/surveys.html", "context": {"items": items}}
