"""The workflow engine: the one place that moves a disclosure through its steps.

Its public API is small and used by the action modules (`services` for drafting and decisions,
`publishing` for publication and after, `archive`): find an item's workflow (`workflow_of`), start one
(`start_workflow`), record a decision (`record_step`), move on (`advance`, `rewind`, `insert_after`), set
the item's status (`set_status`), and the exclusive version bump every decision goes through (`bump`).
Duty checks are asked of `dwgk.access` by the action functions before they call in here.
"""

from __future__ import annotations

import functools
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.catalog.selectors import catalog_maker_for
from dwgk.core.choices import Channel, Scope
from dwgk.core.raw import raw_rows
from dwgk.orgs.models import Organization, Person, Role

from . import flows, notifications
from .content import content_hash, hash_algorithm
from .models import (
    SCOPE_RANK,
    STATUS_FOR_STEP,
    Disclosure,
    Publication,
    ScopeChange,
    Status,
    StepKind,
    StepRecord,
    Workflow,
    WorkflowStep,
)


class ConcurrentDecision(ValidationError):
    """Someone else decided this step first; the page the actor saw is out of date."""


A = StepRecord.Action


EDITABLE = {Status.DRAFT, Status.RETURNED}


IN_FLIGHT = {Status.REVIEW, Status.SECRECY_AUTHORITY, Status.APPROVAL, Status.ESCALATED, Status.CATALOG_APPROVAL,
             Status.APPROVED, Status.SCHEDULED}


APPROVAL_KINDS = {StepKind.APPROVE, StepKind.ESCALATED, StepKind.CATALOG}


def serialized(func):
    """Retry a whole decision when SQLite reports a lock (shared-cache test databases report
    'locked' at once instead of waiting); the retry then sees the other decision and refuses."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for attempt in range(60):
            try:
                return func(*args, **kwargs)
            except OperationalError as exc:
                if connection.vendor != "sqlite" or "locked" not in str(exc) or connection.in_atomic_block:
                    raise
                time.sleep(0.01 * (attempt + 1))
        return func(*args, **kwargs)

    return wrapper


def user_of(actor):
    """The login account behind an actor (a User), or None when a Person or the system acts."""
    return actor if isinstance(actor, get_user_model()) else None


def workflow_of(d: Disclosure, lock: bool = False) -> Workflow | None:
    """The active workflow with its steps (`wf.step_list`, in order), current step, disclosure and
    their orgs loaded. `lock` locks the workflow row on PostgreSQL (SQLite has no row locks: its
    IMMEDIATE transaction already holds the write lock); related rows are read after the lock."""
    lock_sql = "FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    found = raw_rows(Workflow, "disclosure_id = %s AND active = %s", [d.pk, True], lock_sql)
    if not found:
        return None
    wf = found[0]
    wf.step_list = raw_rows(WorkflowStep, "workflow_id = %s", [wf.pk], 'ORDER BY "order"')
    disclosure = raw_rows(Disclosure, "id = %s", [d.pk])[0]
    by_id = {s.pk: s for s in wf.step_list}
    org_ids = {disclosure.org_id} | ({by_id[wf.current_id].org_id} if wf.current_id else set())
    orgs = {o.pk: o for o in raw_rows(Organization, f"id IN ({', '.join(['%s'] * len(org_ids))})", sorted(org_ids))}
    disclosure.org = orgs[disclosure.org_id]
    wf.disclosure = disclosure
    for step in wf.step_list:
        step.workflow = wf
        if step.org_id in orgs:
            step.org = orgs[step.org_id]
    wf.current = by_id.get(wf.current_id)
    return wf


def steps_of(wf: Workflow) -> list[WorkflowStep]:
    """The workflow's steps in order: the loaded list while it is current, else from the database."""
    steps = getattr(wf, "step_list", None)
    if steps is None:
        steps = wf.step_list = list(wf.steps.order_by("order"))
    return steps


def duty_of(step: WorkflowStep) -> str | None:
    """三人分离: the duties that must be held by three different people."""
    if step.kind == StepKind.PROPOSE:
        return "propose"
    if step.secrecy or step.kind == StepKind.SECRECY_AUTHORITY:
        return "secrecy"
    if step.kind in APPROVAL_KINDS:
        return "approve"
    return None


def check_separation(wf: Workflow, step: WorkflowStep, person: Person) -> None:
    duty = duty_of(step)
    if duty is None:
        return
    duties = set()
    if wf.disclosure.proposer_id == person.pk:
        duties.add("propose")
    steps = {s.pk: s for s in steps_of(wf)}
    table = connection.ops.quote_name(StepRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT step_id, action FROM {table} WHERE workflow_id = %s AND actor_person_id = %s",
                       [wf.pk, person.pk])
        done = cursor.fetchall()
    for step_id, action in done:
        if step_id in steps and action != A.EDIT_BACK:
            other = duty_of(steps[step_id])
            if other:
                duties.add(other)
    duties.discard(duty)
    if duties:
        raise ValidationError(_("同一公开事项的承办人、保密审查人和审批人必须是三个不同的人；"
                                "您已在本事项中担任其他职责，不能办理“%(step)s”。") % {"step": step.label})


def build_steps(wf: Workflow, d: Disclosure, definition: dict, *, include_publish: bool = True) -> list[WorkflowStep]:
    steps = [s for s in definition["steps"] if include_publish or s["kind"] != StepKind.PUBLISH]
    rows = []
    for s in steps:
        if s["kind"] == StepKind.PUBLISH and d.is_out_of_catalog:
            maker = catalog_maker_for(d.org)
            if maker.pk != d.org_id:
                # 目录外事项报制定目录的党组织审核同意 (北京意见 三(三)): before anything is published.
                rows.append({"kind": StepKind.CATALOG, "label": str(StepKind.CATALOG.label), "roles": [Role.APPROVER],
                             "org": maker, "inserted_reason": d.out_of_catalog_reason})
        rows.append({**s, "org": d.org})
    # The first step starts active.
    return WorkflowStep.objects.bulk_create([
        WorkflowStep(workflow=wf, order=order * 10, kind=row["kind"], label=row["label"], roles=row["roles"],
                     org=row["org"], secrecy=row.get("secrecy", False), collective=row.get("collective", False),
                     inserted_reason=row.get("inserted_reason", ""),
                     state=WorkflowStep.State.ACTIVE if order == 1 else WorkflowStep.State.WAITING)
        for order, row in enumerate(rows, start=1)])


def start_workflow(d: Disclosure, purpose: str = Workflow.Purpose.PUBLISH, requested: dict | None = None, *,
                   deciding: bool = False) -> Workflow:
    """A new workflow from the org's definition, its first step active and current. `deciding`: the
    caller decides that first step in this transaction (`record_step`, then `advance`, whose `bump` writes
    the current step), so the first step is not written as current here only to be replaced at once."""
    definition = flows.definition_for(d.org)
    wf = Workflow.objects.create(disclosure=d, purpose=purpose, template_name=definition["name"],
                                 requested=requested or {})
    steps = build_steps(wf, d, definition, include_publish=purpose == Workflow.Purpose.PUBLISH)
    if all(s.pk for s in steps):  # bulk_create returned the keys (PostgreSQL, SQLite ≥ 3.35)
        wf.step_list = steps
    else:
        deciding = False  # the steps must be read again: the current one is written now
    if not deciding:
        Workflow.objects.filter(pk=wf.pk).update(current=steps[0])
    wf.current = steps[0]
    wf.current_id = steps[0].pk
    wf.todos_sent = False
    return wf


def record_step(wf: Workflow, step: WorkflowStep | None, actor, person: Person | None, role: str, action: str,
            opinion: str = "", meeting_date=None, seen_hash: str | None = None) -> StepRecord:
    """`seen_hash`: the content hash the caller already computed (with `hash_algorithm()`) in this
    transaction, so one decision hashes the content once."""
    algorithm = hash_algorithm()
    return StepRecord.objects.create(
        workflow=wf, step=step, action=action, actor=user_of(actor),
        actor_person=person, actor_name=(person.name if person else str(actor or _("系统")))[:60], role=role,
        opinion=opinion, meeting_date=meeting_date,
        content_hash=seen_hash or content_hash(wf.disclosure, algorithm), hash_algorithm=algorithm,
        at=timezone.now())


def bump(wf: Workflow, **changes) -> None:
    """The conditional UPDATE that makes a decision exclusive: only the holder of the version seen wins."""
    updated = Workflow.objects.filter(pk=wf.pk, version=wf.version).update(version=F("version") + 1, **changes)
    if updated != 1:
        raise ConcurrentDecision(_("该事项已由他人处理，请刷新页面查看最新状态。"))
    wf.version += 1
    for key, value in changes.items():
        setattr(wf, key, value)
    # The item moved: 待办 of the step it left are withdrawn. A workflow started in this transaction has
    # sent none yet (every earlier workflow of the item withdrew its own when it ended).
    if "current" in changes and getattr(wf, "todos_sent", True):
        notifications.withdraw_todos(wf.disclosure_id)


def insert_after(wf: Workflow, step: WorkflowStep, **fields) -> WorkflowStep:
    for later in wf.steps.filter(order__gt=step.order).order_by("-order"):
        WorkflowStep.objects.filter(pk=later.pk).update(order=later.order + 10)
    wf.step_list = None  # the loaded list no longer matches
    return WorkflowStep.objects.create(workflow=wf, order=step.order + 5, **fields)


def set_status(d: Disclosure, status: str, **extra) -> None:
    d.status = status
    for key, value in extra.items():
        setattr(d, key, value)
    Disclosure.objects.filter(pk=d.pk).update(status=status, updated_at=timezone.now(), **extra)


def set_states(states: dict[int, str]) -> None:
    """Set several steps' states in one statement (every decision closes one step and opens the next)."""
    table = connection.ops.quote_name(WorkflowStep._meta.db_table)
    cases = " ".join("WHEN %s THEN %s" for _pk in states)
    params = [x for pk, state in states.items() for x in (pk, state)] + list(states)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET state = CASE id {cases} END "
                       f"WHERE id IN ({', '.join(['%s'] * len(states))})", params)


def advance(wf: Workflow, step: WorkflowStep, actor, seen_hash: StepRecord | None = None) -> WorkflowStep | None:
    S = WorkflowStep.State
    nxt = next((s for s in steps_of(wf) if s.order > step.order and s.state == S.WAITING), None)
    d = wf.disclosure
    step.state = S.DONE
    if nxt is None:
        WorkflowStep.objects.filter(pk=step.pk).update(state=S.DONE)
        bump(wf, current=None, active=False, outcome=Workflow.Outcome.DONE, ended_at=timezone.now())
        return None
    set_states({step.pk: S.DONE, nxt.pk: S.ACTIVE})
    nxt.state = S.ACTIVE
    bump(wf, current=nxt)
    if wf.purpose == Workflow.Purpose.PUBLISH:
        extra = {}
        if nxt.kind == StepKind.PUBLISH:
            # The last approval fixes the content: publishing compares against this hash.
            # The record just written saw the same content: reuse its hash (same algorithm).
            known = seen_hash.content_hash if seen_hash is not None else content_hash(d)
            extra = {"approved_hash": known, "approved_algorithm": hash_algorithm()}
        set_status(d, STATUS_FOR_STEP[nxt.kind], **extra)
    notifications.notify_step(nxt, actor=actor)
    wf.todos_sent = True
    return nxt


def rewind(wf: Workflow, target: WorkflowStep) -> None:
    """Reactivate `target`; later steps wait again, except the ones a past decision inserted."""
    for s in wf.steps.filter(order__gte=target.order):
        if s.pk == target.pk:
            state = WorkflowStep.State.ACTIVE
        elif s.kind in (StepKind.ESCALATED, StepKind.SECRECY_AUTHORITY):
            state = WorkflowStep.State.SKIPPED
        else:
            state = WorkflowStep.State.WAITING
        WorkflowStep.objects.filter(pk=s.pk).update(state=state)
    wf.step_list = None
    bump(wf, current=target)


def apply_scope_change(wf: Workflow, actor) -> ScopeChange:
    """Called when the widening workflow's last approval passes."""
    d = wf.disclosure
    d.refresh_from_db()
    new_scope = wf.requested["scope"]
    if SCOPE_RANK[new_scope] <= SCOPE_RANK[d.scope]:
        raise ValidationError(_("公开后范围只能扩大，不能缩小。"))
    change = ScopeChange.objects.create(disclosure=d, workflow=wf, from_scope=d.scope, to_scope=new_scope,
                                        reason=wf.requested.get("reason", ""), changed_at=timezone.now())
    set_status(d, d.status, scope=new_scope)
    if new_scope == Scope.TARGETED:
        d.target_orgs.add(*wf.requested.get("target_orgs", []))
        d.target_people.add(*wf.requested.get("target_people", []))
    if Channel.PORTAL not in d.channels and new_scope == Scope.PUBLIC:
        Publication.objects.create(disclosure=d, channel=Channel.PORTAL, published_at=timezone.now(),
                                   published_by=user_of(actor),
                                   content_hash=d.published_hash, note=_("扩大公开范围后在网站发布"))
    record("disclosure.scope_widened", actor=actor, obj=d, detail={"from": change.from_scope, "to": new_scope})
    return change
