"""Staff access: who may handle, read and change records on the workbench, from the duties they hold.

A duty is a business role held at an org (`RoleAssignment`). The rules:
  * A workflow's records (draft, redacted text, step records) are read by its proposer and by whoever
    holds a duty that one of its steps names, at that step's org.
  * The original (unredacted) text, the findings and original attachments: the proposer and the holders
    of the review-kind steps (审核/保密审查, 保密部门, 审批, 上级审批, 目录外审核) only.
  * A superior's oversight duties — 党务公开办公室 and 监督员 at the org or above — read its subordinates'
    records on the workbench (not the originals); each such reading is recorded in the audit log.
  * Attachment bytes before the secrecy review is closed are the original's: only those who may see the
    original get them, whatever copy is asked for.
Every write asks one `require_*`/`check_*` function here before it changes data; a refusal raises
`Refused` with its Chinese reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.orgs.models import Organization, Person, Role, RoleAssignment
from dwgk.orgs.paths import ancestor_paths

from .errors import Refused

# Workflow step kinds (disclosures.models.StepKind values) whose holders read the original.
REVIEW_STEP_KINDS = frozenset({"review", "secrecy_authority", "approve", "escalated", "catalog"})
# Disclosure statuses after the secrecy review closed: the reader copy is settled.
REVIEWED_STATUSES = frozenset({"approved", "scheduled", "published", "expired", "withdrawn", "archived"})
OVERSIGHT_ROLES = frozenset({Role.OFFICE_ADMIN, Role.SUPERVISOR})


def person_of(actor) -> Person | None:
    if isinstance(actor, Person):
        return actor
    return getattr(actor, "person", None) if getattr(actor, "person_id", None) else None


def require_person(actor) -> Person:
    person = person_of(actor)
    if person is None:
        raise Refused(_("该账号未关联人员，不能办理党务公开事项。"))
    return person


def duties_of(person: Person | None) -> list[tuple[int, str, str]]:
    """(org id, org path, role) for every duty the person holds, cached on the person."""
    if person is None:
        return []
    cached = getattr(person, "_dwgk_duties", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(person=person).values_list("org_id", "org__path", "role"))
        person._dwgk_duties = cached
    return cached


def roles_at(person: Person | None, org: Organization | None) -> frozenset[str]:
    """Every duty the person holds at `org` itself, read now. Plain SQL, uncached: it is asked on every
    workflow decision, and a duty revoked a moment ago must not still count. A decision reads it once and
    applies each of its rules to the answer (`require_step_duty`)."""
    if person is None or org is None:
        return frozenset()
    table = connection.ops.quote_name(RoleAssignment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT role FROM {table} WHERE person_id = %s AND org_id = %s", [person.pk, org.pk])
        return frozenset(row[0] for row in cursor.fetchall())


def holds(person: Person | None, org: Organization, roles: Iterable[str]) -> str | None:
    """The first of `roles` the person holds at `org` itself, or None."""
    held = roles_at(person, org)
    return next((r for r in roles if r in held), None)


def holds_at_or_above(person: Person | None, org: Organization, roles: Iterable[str]) -> bool:
    roles = set(roles)
    paths = {*ancestor_paths(org.path), org.path}
    return any(role in roles and path in paths for _o, path, role in duties_of(person))


def require_duty(actor, org: Organization, roles: Iterable[str], what: str,
                 held: frozenset[str] | None = None) -> tuple[Person, str]:
    """The actor's person and the duty they act in; refuses when they hold none of `roles` at `org`.
    `held`: the person's duties at `org` as `roles_at` just read them in this decision (else read now)."""
    person = require_person(actor)
    if held is None:
        held = roles_at(person, org)
    role = next((r for r in roles if r in held), None)
    if role is None:
        raise Refused(_("您在%(org)s没有%(what)s的职责。") % {"org": org.name, "what": what})
    return person, role


# ---- workflow records -------------------------------------------------------------------------------

def _step_duties(disclosure, kinds: frozenset[str] | None = None) -> set[tuple[int, str]]:
    out = set()
    for wf in disclosure.workflows.all():
        for step in wf.steps.all():
            if kinds is None or step.kind in kinds:
                out.update((step.org_id, r) for r in step.roles)
    return out


def _holds_any(person, pairs: set[tuple[int, str]]) -> bool:
    return any((org_id, role) in pairs for org_id, _p, role in duties_of(person))


def handles(actor, disclosure) -> bool:
    """In the workflow: its proposer, a proposer of its org (a draft has no steps yet), or a holder of a
    duty one of its steps names."""
    person = person_of(actor)
    if person is None:
        return False
    if person.pk == disclosure.proposer_id:
        return True
    if any(o == disclosure.org_id and r == Role.PROPOSER for o, _p, r in duties_of(person)):
        return True
    return _holds_any(person, _step_duties(disclosure))


def oversees(actor, org: Organization) -> bool:
    """An oversight duty (office, supervisor) at the org or above it."""
    return holds_at_or_above(person_of(actor), org, OVERSIGHT_ROLES)


def can_view_record(actor, disclosure) -> bool:
    return handles(actor, disclosure) or oversees(actor, disclosure.org)


def view_record(actor, disclosure) -> bool:
    """`can_view_record`, and a reading by oversight alone is recorded (DESIGN invariant 1)."""
    if handles(actor, disclosure):
        return True
    if oversees(actor, disclosure.org):
        record("access.record_read", actor=actor, obj=disclosure, detail={"org": disclosure.org_id})
        return True
    return False


def can_see_original(actor, disclosure) -> bool:
    person = person_of(actor)
    if person is None:
        return False
    if person.pk == disclosure.proposer_id:
        return True
    return _holds_any(person, _step_duties(disclosure, REVIEW_STEP_KINDS))


def can_get_attachment(actor, attachment, *, original: bool, reader_allowed: bool) -> bool:
    """The original file: those who may see the original. The reader copy: any reader the gate lets read
    the published disclosure (`reader_allowed`), and staff who may view the record once the secrecy
    review has settled the copy; before that, the copy is the original and follows its rule."""
    d = attachment.disclosure
    if original:
        return can_see_original(actor, d)
    if reader_allowed:
        return True
    if d.status in REVIEWED_STATUSES:
        return can_view_record(actor, d)
    return can_see_original(actor, d)


def work_orgs_of(actor) -> set[int]:
    return {o for o, _p, _r in duties_of(person_of(actor))}


# ---- writes on a disclosure -------------------------------------------------------------------------

def require_drafting(actor, disclosure) -> Person:
    """Editing the plan — its text, targets, risk assessment, attachments — is the 承办 duty: the item's
    proposer, or a holder of the proposer duty at its org. Nobody else, whatever they can read."""
    person = require_person(actor)
    if person.pk == disclosure.proposer_id or holds(person, disclosure.org, [Role.PROPOSER]):
        return person
    raise Refused(_("只有承办人（提出公开方案的人员或本组织承办人员）可以修改公开方案、风险评估和附件。"))


def require_secrecy_duty(actor, step, held: frozenset[str] | None = None) -> tuple[Person, str]:
    """保密审查 is a duty of its own (谁审查谁负责): a secrecy decision — each finding, and closing a step
    that records the review — is made only by a holder of the 保密审查 duty at the deciding org. Holding
    审核 alone is not enough; one person holding both (a village branch) decides as both."""
    return require_secrecy_duty_at(actor, step.org, step.roles, held)


def require_secrecy_duty_at(actor, org: Organization, step_roles: Iterable[str],
                            held: frozenset[str] | None = None) -> tuple[Person, str]:
    person = require_person(actor)
    if held is None:
        held = roles_at(person, org)
    person, _role = require_duty(person, org, [Role.SECRECY], _("保密审查"), held)
    both = Role.REVIEWER in held and Role.REVIEWER in step_roles
    return person, "reviewer+secrecy" if both else Role.SECRECY


# ---- every other reader-facing text (disclosures.release) ---------------------------------------------
# A text review is handled at its deciding org by the holders of the duties its steps name; its submitter
# follows it. Oversight (office, 监督员 at the org or above) reads it on the workbench, recorded.

def handles_text(actor, review) -> bool:
    person = person_of(actor)
    if person is None:
        return False
    if person.pk == review.submitted_by_id:
        return True
    named = {r for step in review.steps for r in step["roles"]}
    return any(o == review.org_id and r in named for o, _p, r in duties_of(person))


def view_text_review(actor, review) -> bool:
    if handles_text(actor, review):
        return True
    if oversees(actor, review.org):
        record("access.record_read", actor=actor, obj=review, detail={"org": review.org_id})
        return True
    return False


def require_text_step(actor, review) -> tuple[Person, str]:
    """The current step of a text review is closed by a holder of a duty it names at the deciding org; a
    step that records the 保密审查 only by a holder of that duty."""
    step = review.current_step
    if step is None:
        raise Refused(_("该文本不在审查中。"))
    if step.get("secrecy"):
        return require_secrecy_duty_at(actor, review.org, step["roles"])
    return require_duty(actor, review.org, step["roles"], step["label"])


def require_text_secrecy(actor, review) -> Person:
    """A finding in a text is decided by a holder of the 保密审查 duty at the deciding org."""
    return require_secrecy_duty_at(actor, review.org, [])[0]


def require_step_duty(actor, step, *, secrecy: bool = False) -> tuple[Person, str]:
    """A decision on a workflow step: the actor holds one of the step's duties at the step's org, and,
    when the decision records the 保密审查 (`secrecy`), the 保密审查 duty itself (`require_secrecy_duty`,
    whose person and role the record then names). The duties are read once for both rules."""
    person = require_person(actor)
    held = roles_at(person, step.org)
    person, role = require_duty(person, step.org, step.roles, step.label, held)
    if secrecy:
        return require_secrecy_duty(person, step, held)
    return person, role
