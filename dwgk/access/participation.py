"""Access to participation records: who reads them and who may change them (DESIGN invariant 1).

Readers. The records name their audience in their own words; the rules map them onto the four scopes so
the same rules apply (`scopes.py`), and nothing in `dwgk.participation` decides it again:
  * 征求意见 (consultation): 向社会征求意见 is PUBLIC, 党内征求意见 is PARTY — its draft, the number of
    opinions received, the adoption summary and the adopted opinions alike. Who may give an opinion is who
    may read it: a 党内 consultation of a serving organ reaches the committee's jurisdiction.
  * 公示 (notice): made to society (任前公示, 发展党员公示 …), PUBLIC once its period has started; before that
    it exists for its handlers only.
  * 旁听/列席 (hearing): 党员旁听党委会议 and 党代表列席 are PARTY (its members apply); a 社会听证 is PUBLIC.
    The published list of attendees follows the hearing.
  * 党内事务咨询 (inquiry): an answered, public question is PARTY of the org it was put to; the asker reads
    his own; a member asks an org whose PARTY items he reads.
  * 意见箱 (feedback): the item itself is read by its sender (signed in, or holding its 查询码) and its
    handlers. A public reply is PUBLIC, but one about a disclosure follows that disclosure's scope. Feedback
    about a disclosure is taken only from a sender who may read the disclosure.
  * 依申请公开 (request): read by its applicant (signed in, or holding its 查询码) and its handlers.
Where a record's existence is private, a refusal looks like absence (the views answer 404).

先审查后公开 (DESIGN invariant 2; disclosures.release): every text of these a reader receives reaches him only
once its review released it — a consultation's draft (`released_at`) and its adoption summary
(`summary_published_on`, covering the copy of the adopted opinions beside it), a notice (`released_at`) and its result (`result_published_on`), a hearing notice
(`released_at`), a feedback reply shown publicly (`public_subject`/`public_reply`, `reply_released_at`) and
an answered public question (`public_question`/`public_answer`, `released_at`). Until then the record is
absent for readers (a consultation takes no opinion, a notice no objection, a hearing no application) and
its handlers see it on their staff pages. A reply is addressed to its sender and an answer to its asker:
they read their own at once, as before.

Handlers. The duties that handle an org's requests, feedback, consultations, notices, hearings and
inquiries: 党务公开办公室, 审批, 审核 and 承办 held at the org or at an org above it. A reading of a record by
a handler above the org (not at it) is recorded in the audit log, as oversight readings are.

Every participation service that changes data asks one `require_*` function here first; a refusal raises
`Refused` with its Chinese reason and nothing is changed. Querysets are passed in by the participation
app, which owns the models (layers import only downward).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, Q, QuerySet, TextField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.audit.services import record
from dwgk.core.choices import Scope
from dwgk.orgs.models import Organization, Person, Role, RoleAssignment
from dwgk.orgs.paths import ancestor_paths

from .disclosures import can_view, visible_disclosures
from .errors import Refused
from .scopes import scope_allows, scope_q
from .staff import holds, holds_at_or_above, person_of, require_person

GATE_SCOPE = "gate_scope"
HANDLER_ROLES = (Role.OFFICE_ADMIN, Role.APPROVER, Role.PROPOSER, Role.REVIEWER)
SESSION_CODES = "dwgk_participation_codes"


# ---- who is asking --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reader:
    """A reader of private participation records: the signed-in user (or None) and the records whose
    查询码 this browser session has shown ("model:pk" keys)."""

    user: object = None
    codes: frozenset[str] = field(default_factory=frozenset)


def key_of(obj) -> str:
    return f"{obj._meta.model_name}:{obj.pk}"


def reader_for(request) -> Reader:
    return Reader(request.user if request.user.is_authenticated else None,
                  frozenset(request.session.get(SESSION_CODES, [])))


def remember_code(request, obj) -> None:
    """After a 查询码 lookup (or the submission that showed the code) this session may read the record."""
    held = request.session.get(SESSION_CODES, [])
    if key_of(obj) not in held:
        request.session[SESSION_CODES] = [*held, key_of(obj)][-20:]


@dataclass
class _PersonReader:
    """A Person read as a signed-in user (services take people, the audience is a user's)."""

    person: Person
    is_authenticated: bool = True

    @property
    def person_id(self) -> int:
        return self.person.pk


def _user(who):
    """The user-like reader behind a Reader, a User, a Person or None."""
    if isinstance(who, Reader):
        return who.user
    if isinstance(who, Person):
        return _PersonReader(who)
    return who


def _codes(who) -> frozenset[str]:
    return who.codes if isinstance(who, Reader) else frozenset()


def _user_pk(who) -> int | None:
    user = _user(who)
    if user is None or isinstance(user, _PersonReader) or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def _person_pk(who) -> int | None:
    person = person_of(_user(who))
    return person.pk if person is not None else None


# ---- handlers ---------------------------------------------------------------------------------------------------

def handles(actor, org: Organization | None) -> bool:
    """A handling duty at the org or above it."""
    if org is None:
        return False
    return holds_at_or_above(person_of(_user(actor)), org, HANDLER_ROLES)


def handling_org(actor, current: Organization | None) -> Organization:
    """The org the actor is working as, when it holds a handling duty there (the staff pages' org)."""
    if current is None or not handles(actor, current):
        raise Refused(_("您没有办理申请和意见的权限。"))
    return current


def require_handler(actor, org: Organization) -> Person:
    """Before any handling write: a handling duty at the org or above, asked afresh (a duty revoked a
    moment ago must not still count)."""
    person = require_person(_user(actor))
    paths = [*ancestor_paths(org.path), org.path]
    if not RoleAssignment.objects.filter(person=person, role__in=HANDLER_ROLES, org__path__in=paths).exists():
        raise Refused(_("您无权办理%(org)s的党务公开参与事项。") % {"org": org.name})
    return person


def view_handled_record(actor, obj, org: Organization) -> bool:
    """May the actor read this record on the staff pages? A reading by a handler above the org — oversight
    rather than the org's own handling — is recorded."""
    if not handles(actor, org):
        return False
    person = person_of(_user(actor))
    if holds(person, org, HANDLER_ROLES) is None:
        record("access.record_read", actor=_user(actor), obj=obj, detail={"org": org.pk})
    return True


# ---- 征求意见 -------------------------------------------------------------------------------------------------

def consultation_scope(consultation) -> str:
    return Scope.PARTY if consultation.audience == "internal" else Scope.PUBLIC


def visible_consultations(user, qs: QuerySet) -> QuerySet:
    qs = qs.filter(released_at__isnull=False).annotate(**{GATE_SCOPE: Case(When(audience="internal", then=Value(str(Scope.PARTY))),
                                         default=Value(str(Scope.PUBLIC)), output_field=CharField())})
    return qs.filter(scope_q(_user(user), scope=GATE_SCOPE))


def can_view_consultation(user, consultation) -> bool:
    return consultation.released_at is not None and scope_allows(_user(user), consultation.org,
                                                                 consultation_scope(consultation))


def consultation_summary_released(consultation) -> bool:
    """The adoption summary (and the adopted opinions beside it) is read once its review released it."""
    return consultation.summary_published_on is not None


def can_join_consultation(user, consultation) -> bool:
    """Who may give an opinion is who may read the consultation: one rule, the audience root included."""
    return can_view_consultation(user, consultation)


def require_join_consultation(user, consultation) -> None:
    if consultation.released_at is None:
        raise Refused(_("该征求意见尚未审查发布。"))
    if not can_join_consultation(user, consultation):
        raise Refused(_("本次为党内征求意见，仅限本组织（所服务党委）及下级组织的党员参加。"))


def adopted_opinions(user, consultation) -> str:
    """The adopted opinions a reader sees beside the published summary: the copy its review released
    (`adopted_opinions`, redacted where the secrecy reviewer redacted), never the Opinion rows as written."""
    if not consultation_summary_released(consultation) or not can_view_consultation(user, consultation):
        return ""
    return consultation.adopted_opinions


# ---- 公示 -----------------------------------------------------------------------------------------------------

GATE_RESULT = "gate_result"


def visible_notices(user, qs: QuerySet) -> QuerySet:
    """公示 is made to society: every released notice that has started is public. `gate_result` is the
    result readers get: the released one, else nothing."""
    return qs.filter(released_at__isnull=False, starts_on__lte=timezone.localdate()).annotate(**{
        GATE_RESULT: Case(When(result_published_on__isnull=False, then=F("result")), default=Value(""),
                            output_field=TextField())})


def can_view_notice(user, notice) -> bool:
    return notice.released_at is not None and notice.starts_on <= timezone.localdate()


def notice_result_released(notice) -> bool:
    return notice.result_published_on is not None


def require_object_to(user, notice) -> None:
    if notice.released_at is None:
        raise Refused(_("该公示尚未审查发布。"))
    if not can_view_notice(user, notice):
        raise Refused(_("该公示尚未开始。"))


# ---- 旁听 / 列席 ----------------------------------------------------------------------------------------------

PUBLIC_HEARING = "hearing"


def hearing_scope(hearing) -> str:
    return Scope.PUBLIC if hearing.kind == PUBLIC_HEARING else Scope.PARTY


def visible_hearings(user, qs: QuerySet) -> QuerySet:
    qs = qs.filter(released_at__isnull=False).annotate(**{GATE_SCOPE: Case(When(kind=PUBLIC_HEARING, then=Value(str(Scope.PUBLIC))),
                                         default=Value(str(Scope.PARTY)), output_field=CharField())})
    return qs.filter(scope_q(_user(user), scope=GATE_SCOPE))


def can_view_hearing(user, hearing) -> bool:
    return hearing.released_at is not None and scope_allows(_user(user), hearing.org, hearing_scope(hearing))


def can_apply_hearing(user, hearing) -> bool:
    """A signed-in person who may read the hearing (its party members, for 旁听/列席)."""
    return _person_pk(user) is not None and can_view_hearing(user, hearing)


def require_apply_hearing(user, hearing) -> None:
    if hearing.released_at is None:
        raise Refused(_("该会议通知尚未审查发布。"))
    if not can_apply_hearing(user, hearing):
        raise Refused(_("仅限本组织（所服务党委）及下级组织的党员报名。"))


# ---- 党内事务咨询 ------------------------------------------------------------------------------------------

def visible_inquiries(user, qs: QuerySet) -> QuerySet:
    """Answered, public 党内事务咨询 whose public copy was released: PARTY of the org it was put to. Readers
    get `public_question` and `public_answer`."""
    qs = qs.filter(is_public=True, answered_on__isnull=False, released_at__isnull=False).annotate(
        **{GATE_SCOPE: Value(str(Scope.PARTY), output_field=CharField())})
    return qs.filter(scope_q(_user(user), scope=GATE_SCOPE))


def own_inquiries(user, qs: QuerySet) -> QuerySet:
    person = _person_pk(user)
    return qs.filter(person_id=person) if person is not None else qs.none()


def can_view_inquiry(user, inquiry) -> bool:
    """The asker reads his own (`question`, `answer`) and handlers theirs; other members the released public
    copy."""
    if inquiry.person_id == _person_pk(user) or handles(user, inquiry.org):
        return True
    return bool(inquiry.is_public and inquiry.answered_on and inquiry.released_at
                and scope_allows(_user(user), inquiry.org, Scope.PARTY))


def require_ask(user, org: Organization | None) -> Person:
    """A party member asks an org whose 党内 items he reads (his own org or one above it)."""
    person = person_of(_user(user))
    if (person is None or org is None or not person.is_party_member
            or not scope_allows(_user(user), org, Scope.PARTY)):
        raise Refused(_("党内事务咨询仅限本组织及下级组织的党员。"))
    return person


# ---- 意见箱 ---------------------------------------------------------------------------------------------------

def visible_feedback_replies(user, qs: QuerySet, disclosures: QuerySet) -> QuerySet:
    """Answered feedback whose public reply was released by its review; about a disclosure, only where that
    disclosure is readable. Readers get `public_subject` and `public_reply` (the sender reads his own reply
    on his tracking page, at once)."""
    qs = qs.filter(reply_public=True, replied_on__isnull=False, reply_released_at__isnull=False
                   ).exclude(state="rejected")
    return qs.filter(Q(disclosure__isnull=True)
                     | Q(disclosure__in=visible_disclosures(_user(user), disclosures).values("pk")))


def is_sender(who, fb) -> bool:
    """The sender: signed in as the submitter, or holding the feedback's 查询码 in this session."""
    user_pk = _user_pk(who)
    return (user_pk is not None and fb.submitted_by_id == user_pk) or key_of(fb) in _codes(who)


def can_view_feedback(who, fb) -> bool:
    return is_sender(who, fb) or handles(who, fb.org)


def require_feedback_sender(who, fb) -> None:
    if not is_sender(who, fb):
        raise Refused(_("只有提出意见的人可以评价。"))


def may_send_feedback_about(user, disclosure) -> bool:
    return can_view(_user(user), disclosure)


def require_feedback_about(user, disclosure) -> None:
    """Feedback about a disclosure only from a sender who may read it (existence is private)."""
    if not may_send_feedback_about(user, disclosure):
        raise Refused(_("没有找到该公开事项。"))


# ---- 依申请公开 -----------------------------------------------------------------------------------------------

def is_applicant(who, req) -> bool:
    """The applicant: signed in as the user who applied (or the person it was filed for), or holding the
    request's 查询码 in this session."""
    user_pk, person_pk = _user_pk(who), _person_pk(who)
    return ((user_pk is not None and req.applicant_user_id == user_pk)
            or (person_pk is not None and req.applicant_person_id == person_pk)
            or key_of(req) in _codes(who))


def can_view_request(who, req) -> bool:
    return is_applicant(who, req) or handles(who, req.org)


def require_applicant(who, req) -> None:
    if not is_applicant(who, req):
        raise Refused(_("只有申请人可以办理此项。"))


def require_applicant_or_handler(who, req) -> None:
    """补正 is completed by the applicant, or recorded by a handler when it arrives on paper."""
    if not is_applicant(who, req):
        require_handler(who, req.org)
