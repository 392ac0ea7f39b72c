"""Oversight (监督考核): who reads its results and who keeps its records.

Readers: oversight results read by the four scope rules and nothing else, once released by their review
(先审查后公开, disclosures.release: secrecy scan, 保密审查 by its duty holder, approval) —
  通报 (circulars)                      the circular's scope, from its issuing org; `published_at` set;
  考核结果 (published assessments)       the scope it was published to, from the assessing org; `published_at`;
  测评结果 (survey results)               the results scope, from the surveying org; `results_published_at`;
  最佳实践选树通报 (announced rounds)      the round's scope, from the organizing org; `announced_at`.
Each release mark is set only when the review releases the text, and readers get the text it approved
(the results frozen as text: `results_text`, `announcement`), never the live records behind it.

Staff, through duties (never through a role merely held somewhere above):
  * 党务公开办公室 of the org or above manages its oversight records (ledgers, supervisors, inspections,
    assessments, surveys, accountability, best-practice rounds, circulars, reports);
  * anyone holding a duty at the org itself answers for it (rectifications, supervisor comments);
  * an inspection's leader, or its organizer's office, inspects (checks, findings, verification);
  * a serving 监督员 comments on the org that appointed him, as himself;
  * a best-practice line's lead department nominates; an evaluating org's staff score for it.
A superior's oversight reach (office, 监督员 at the org or above) reads its subordinates' ledgers on the
workbench; a reading that rests on that reach alone is recorded in the audit log.
Querysets are passed in by the oversight app (this module imports no content model).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.orgs.models import Affiliation, Organization, Person, Role
from dwgk.orgs.paths import ancestor_paths

from .errors import Refused
from .orgs import office_orgs, user_of
from .scopes import scope_allows, scope_q
from .staff import duties_of, holds_at_or_above, oversees, person_of

__all__ = ["office_orgs"]

ASSESSMENT_PUBLISHED = "published"


# ---- readers ----------------------------------------------------------------------------------------

def visible_circulars(user, qs: QuerySet) -> QuerySet:
    return qs.filter(published_at__isnull=False).filter(scope_q(user_of(user)))


def can_view_circular(user, circular) -> bool:
    return circular.published_at is not None and scope_allows(user_of(user), circular.org, circular.scope)


def visible_assessment_results(user, qs: QuerySet) -> QuerySet:
    return (qs.filter(state=ASSESSMENT_PUBLISHED, published_at__isnull=False).exclude(scope="")
            .filter(scope_q(user_of(user))))


def can_view_assessment_result(user, assessment) -> bool:
    return (assessment.state == ASSESSMENT_PUBLISHED and assessment.published_at is not None
            and bool(assessment.scope) and scope_allows(user_of(user), assessment.org, assessment.scope))


def visible_survey_results(user, qs: QuerySet) -> QuerySet:
    return (qs.filter(results_published_at__isnull=False).exclude(results_scope="")
            .filter(scope_q(user_of(user), scope="results_scope")))


def can_view_survey_results(user, survey) -> bool:
    return (survey.results_published_at is not None and bool(survey.results_scope)
            and scope_allows(user_of(user), survey.org, survey.results_scope))


def visible_announcements(user, qs: QuerySet) -> QuerySet:
    """Best-practice rounds whose result was announced, in the announcement's scope."""
    return qs.filter(announced_at__isnull=False).exclude(scope="").filter(scope_q(user_of(user), org="organizer"))


def can_view_announcement(user, rnd) -> bool:
    return rnd.announced_at is not None and bool(rnd.scope) and scope_allows(user_of(user), rnd.organizer, rnd.scope)


# ---- who takes a survey ------------------------------------------------------------------------------
# A survey (评议/测评) is taken by the party members of its subject org or below; one open to the affiliated
# (members and non-members) also by anyone affiliated with the subject or below.

SURVEY_OPEN = "open"
SURVEY_AFFILIATED = "affiliated"


def may_take_survey(survey, person: Person | None) -> bool:
    if person is None:
        return False
    root = survey.subject.path
    if person.party_org_id and person.party_org.path.startswith(root):
        return True
    if survey.audience == SURVEY_AFFILIATED:
        return Affiliation.objects.filter(person=person, org__path__startswith=root).exists()
    return False


def surveys_open_to(person: Person | None, qs: QuerySet, today) -> QuerySet:
    """The queryset twin of `may_take_survey`, among the surveys open today."""
    if person is None:
        return qs.none()
    q = Q(pk__in=[])
    if person.party_org_id:
        p = person.party_org.path
        q |= Q(subject__path__in=ancestor_paths(p) + [p])
    affiliated = [a.org.path for a in person.affiliations.select_related("org")]
    paths = {ap for path in affiliated for ap in ancestor_paths(path) + [path]}
    if paths:
        q |= Q(subject__path__in=paths, audience=SURVEY_AFFILIATED)
    return qs.filter(q, state=SURVEY_OPEN, opens_on__lte=today, closes_on__gte=today)


# ---- staff ------------------------------------------------------------------------------------------

def _person(actor) -> Person | None:
    return person_of(user_of(actor))


def can_manage(actor, org: Organization) -> bool:
    """党务公开办公室 of `org` or of any org above it."""
    return org is not None and holds_at_or_above(_person(actor), org, {Role.OFFICE_ADMIN})


def duty_org_ids(actor) -> set[int]:
    """Orgs where the actor holds any duty (a line's lead department nominates through these)."""
    return {o for o, _p, _r in duties_of(_person(actor))}


def can_answer_for(actor, org: Organization) -> bool:
    """A duty at the org itself (it answers its rectifications and comments), or its managing office."""
    return org.pk in duty_org_ids(actor) or can_manage(actor, org)


def is_inspector(actor, inspection) -> bool:
    person = _person(actor)
    return (person is not None and inspection.leader_id == person.pk) or can_manage(actor, inspection.organizer)


def can_read_registry(actor, org: Organization) -> bool:
    return can_answer_for(actor, org) or oversees(user_of(actor), org)


def view_registry(actor, org: Organization) -> bool:
    """`can_read_registry`; a reading by a superior's oversight reach alone is recorded."""
    if org.pk in duty_org_ids(actor):
        return True
    if can_read_registry(actor, org):
        record("access.record_read", actor=user_of(actor), obj=org, detail={"org": org.pk, "what": "registry"})
        return True
    return False


def can_score_for(actor, evaluator: Organization) -> bool:
    return evaluator.pk in duty_org_ids(actor) or can_manage(actor, evaluator)


def report_roots(actor) -> list[Organization]:
    """The subtrees whose statistics and briefing the actor may read: their office orgs."""
    return office_orgs(actor)


# ---- write checks (actor None: the system itself — jobs, commands, demo seed) -----------------------

def require_manage(actor, org: Organization) -> None:
    if actor is not None and not can_manage(actor, org):
        raise Refused(_("只有%(org)s或其上级组织的党务公开办公室可以办理此事项。") % {"org": org.name})


def require_answer_for(actor, org: Organization) -> None:
    if actor is not None and not can_answer_for(actor, org):
        raise Refused(_("只有%(org)s的工作人员可以答复。") % {"org": org.name})


def require_inspector(actor, inspection) -> None:
    if actor is not None and not is_inspector(actor, inspection):
        raise Refused(_("只有督查组长或组织督查的党务公开办公室可以办理此事项。"))


def require_acts_as(actor, person: Person) -> None:
    """A supervisor's comment is his own: the account must be his."""
    me = _person(actor)
    if actor is not None and (me is None or me.pk != person.pk):
        raise Refused(_("只能以本人身份提出意见建议。"))


def require_lead(actor, org: Organization) -> None:
    if actor is not None and org.pk not in duty_org_ids(actor):
        raise Refused(_("只有该条线的牵头部门可以推选。"))


def require_score_for(actor, evaluator: Organization) -> None:
    if actor is not None and not can_score_for(actor, evaluator):
        raise Refused(_("您不能代表%(org)s评分。") % {"org": evaluator.name})


def require_report_root(actor, root: Organization) -> None:
    """A read: refused with 403 (PermissionDenied, not a form error), whatever view asks."""
    if not can_manage(actor, root):
        raise PermissionDenied(_("只有本组织或上级组织的党务公开办公室可以查看该统计。"))
