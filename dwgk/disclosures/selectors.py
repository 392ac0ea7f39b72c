"""Read side for staff pages: who may see a draft and its original text, my tasks, my inbox.

Published disclosures are read by the public through the visibility gate (issue 5), not here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dwgk.access import staff
from dwgk.access.disclosures import public_disclosures
from dwgk.orgs.models import Organization, Role, RoleAssignment
from dwgk.orgs.paths import subtree_q

from .models import (
    Disclosure,
    Notification,
    Publication,
    StepRecord,
    Workflow,
    WorkflowStep,
)


def _role_pairs(viewer) -> set[tuple[int, str]]:
    return {(ra.org_id, ra.role) for ra in viewer.role_assignments}


def workflow_steps(d: Disclosure) -> QuerySet[WorkflowStep]:
    return WorkflowStep.objects.filter(workflow__disclosure=d).select_related("org")


def can_view(viewer, d: Disclosure) -> bool:
    """The workbench record: decided by the access layer (workflow duties and oversight)."""
    return staff.can_view_record(viewer.user, d)


def can_see_original(viewer, d: Disclosure) -> bool:
    """The original (unredacted) text and findings: the proposer and the workflow's reviewers only."""
    return staff.can_see_original(viewer.user, d)


def active_workflow(d: Disclosure) -> Workflow | None:
    return Workflow.objects.filter(disclosure=d, active=True).select_related("current", "current__org").first()


def can_act_on_current(viewer, wf: Workflow | None) -> bool:
    if wf is None or wf.current is None or not viewer.person:
        return False
    return any((wf.current.org_id, r) in _role_pairs(viewer) for r in wf.current.roles)


def records(d: Disclosure) -> QuerySet[StepRecord]:
    return StepRecord.objects.filter(workflow__disclosure=d).select_related("step", "workflow").order_by("at", "id")


def my_tasks(viewer, limit: int = 50) -> list[WorkflowStep]:
    """Active steps the viewer may act on: one query over (org, role) pairs."""
    if not viewer.person:
        return []
    pairs = _role_pairs(viewer)
    orgs = {o for o, _r in pairs}
    steps = (WorkflowStep.objects.filter(state=WorkflowStep.State.ACTIVE, org_id__in=orgs, workflow__active=True)
             .select_related("workflow__disclosure", "org").order_by("workflow__started_at")[: limit * 4])
    return [s for s in steps if any((s.org_id, r) in pairs for r in s.roles)][:limit]


def org_disclosures(org: Organization, status: str = "") -> QuerySet[Disclosure]:
    qs = Disclosure.objects.filter(org=org).select_related("org", "proposer")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def inbox(person, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=person)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(person) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).count()


def screen_feed(org: Organization, limit: int = 20) -> QuerySet[Publication]:
    """电子显示屏: the latest screen-channel publications of an org subtree. Screens stand in public
    places, so only 向社会公开 items are shown on them."""
    public = public_disclosures(Disclosure.objects.filter(subtree_q(org.path, field="org__path")))
    return (Publication.objects.filter(channel="screen", active=True, disclosure__in=public.values("pk"))
            .select_related("disclosure", "disclosure__org").order_by("-published_at")[:limit])


def holders_of(org: Organization, roles) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(org=org, role__in=list(roles)).select_related("person")


def is_staff_of(viewer, org: Organization, roles=(Role.PROPOSER,)) -> bool:
    return any(ra.org_id == org.pk and ra.role in roles for ra in viewer.role_assignments)


def pending_count(viewer) -> int:
    return len(my_tasks(viewer))


__all__ = ["can_view", "can_see_original", "my_tasks", "org_disclosures", "inbox", "screen_feed", "Q"]
