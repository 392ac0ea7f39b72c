"""Write-side rules for 依申请公开 (DisclosureRequest). Views, commands and the demo call these.

Every state change is recorded in the request's own history (RequestEvent, shown to the applicant)
and in the hash-chained audit log. Deadlines are recomputed by `_recompute` from stored facts.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.access import participation as access
from dwgk.access.staff import holds
from dwgk.audit.services import record
from dwgk.core import batches, crypto
from dwgk.core.choices import Scope
from dwgk.disclosures.services import create_draft
from dwgk.orgs.models import Organization, Person, Role
from dwgk.orgs.paths import ancestor_paths
from dwgk.workdays.calendar import workdays_between

from . import codes, deadlines
from .conf import conf
from .models import (
    ApplicantType,
    ClockPause,
    DisclosureRequest,
    Feedback,
    Filing,
    Letter,
    OrgPolicy,
    OutcomeCategory,
    OutcomeReason,
    RequestEvent,
    Satisfaction,
)

R = DisclosureRequest.State


def today() -> date:
    return timezone.localdate()


def actor_name(actor) -> str:
    if actor is None:
        return ""
    person = getattr(actor, "person", None)
    if person is not None:
        return person.name
    return getattr(actor, "display_name", "") or getattr(actor, "username", "") or getattr(actor, "name", "")


def encrypt_contact(contact: dict | None) -> str:
    contact = {k: v for k, v in (contact or {}).items() if v}
    return crypto.encrypt(json.dumps(contact, ensure_ascii=False)) if contact else ""


def decrypt_contact(token: str, *, actor=None, obj=None) -> dict:
    """Contact details of an applicant or complainant; every reveal is audited."""
    if not token:
        return {}
    if obj is not None:
        record("participation.contact_revealed", actor=actor, obj=obj)
    return json.loads(crypto.decrypt(token))


def check_length(value: str, limit: int, label: str) -> None:
    if len(value or "") > limit:
        raise ValidationError(_("%(label)s不能超过 %(limit)s 字（现有 %(n)s 字），请精简后再提交。") % {
            "label": label, "limit": limit, "n": len(value)})


def _event(req: DisclosureRequest, action: str, note: str = "", *, actor=None, on: date | None = None) -> None:
    RequestEvent.objects.create(request=req, action=action, note=note, actor_name=actor_name(actor)[:100],
                                on=on or today())
    record(f"participation.request.{action}", actor=actor, obj=req, detail={"state": req.state, "note": note[:200]})


def superior_of(org: Organization) -> Organization:
    """备案 goes to the superior org; a root org files with itself (its own office keeps the record)."""
    return org.parent if org.parent_id else org


def _file(req: DisclosureRequest, event: str, summary: str) -> None:
    sup = superior_of(req.org)
    Filing.objects.create(request=req, superior=sup, superior_path=sup.path, event=event, summary=summary[:300])


# --- who may do what ---------------------------------------------------------------------------------------

def is_head(person: Person, org: Organization) -> bool:
    """The head (第一责任人) who approves an extension: the APPROVER of the org."""
    return holds(person, org, [Role.APPROVER]) is not None


def accepts_public_requests(org: Organization) -> bool:
    """Non-members may apply online where the org or an org above it allows it."""
    paths = [*ancestor_paths(org.path), org.path]
    return OrgPolicy.objects.filter(org__path__in=paths, public_requests=True).exists()


# --- the clock ------------------------------------------------------------------------------------------------

def clock_for(req: DisclosureRequest) -> deadlines.Clock:
    pauses = [deadlines.Pause(p.started_on, p.due_on, p.ended_on) for p in req.pauses.all()] if req.pk else []
    return deadlines.reply_clock(received_on=req.received_on, counted_from=req.counted_from, pauses=pauses,
                                 extended_workdays=req.extended_workdays)


def _recompute(req: DisclosureRequest) -> None:
    clock = clock_for(req)
    req.paused_workdays = clock.paused_workdays
    req.reply_due = clock.due
    req.is_open = req.state in DisclosureRequest.OPEN_STATES
    if req.state == R.CORRECTION:
        req.due_date = req.correction_due
    elif req.state == R.CONSULTATION:
        running = [p for p in req.pauses.all() if p.ended_on is None]
        req.due_date = running[0].due_on if running else clock.due
    elif req.is_open:
        req.due_date = clock.due
    else:
        req.due_date = None


def recompute_open_requests(years=None) -> int:
    """Recompute stored deadlines (after a holiday schedule is loaded or corrected)."""
    n = 0
    qs = DisclosureRequest.objects.filter(is_open=True)
    for req in batches.rows(qs):
        if years and not ({req.received_on.year, req.received_on.year + 1} & set(years)):
            continue
        _recompute(req)
        req.save(update_fields=["paused_workdays", "reply_due", "due_date", "is_open"])
        n += 1
    return n


# --- applying -------------------------------------------------------------------------------------------------

@transaction.atomic
def submit_request(*, org: Organization, applicant_name: str, description: str, applicant_type: str = "natural",
                   document_number: str = "", purpose: str = "", form_wanted: str = "email",
                   contact: dict | None = None, user=None, person: Person | None = None,
                   channel: str = DisclosureRequest.Channel.ONLINE, received_on: date | None = None,
                   registered_by=None) -> tuple[DisclosureRequest, str]:
    """File a request; returns it and its 查询码 (shown once).

    Receipt date (REFERENCES): online = the day of submission (the system confirms at once); in person
    = that day; by post = the day the letter was signed for, entered by the staff member registering it.
    """
    check_length(description, conf("request_max_chars"), _("所需信息描述"))
    check_length(purpose, 300, _("用途"))
    if not (applicant_name or "").strip():
        raise ValidationError(_("请填写申请人姓名或单位名称。"))
    if not (description or "").strip():
        raise ValidationError(_("请描述所需的党务信息。"))
    if applicant_type not in ApplicantType.values:
        raise ValidationError(_("申请人类型不正确。"))
    if registered_by is not None:
        access.require_handler(registered_by, org)
    if person is None and user is not None:
        person = getattr(user, "person", None)
    is_member = bool(person and person.is_party_member)
    if channel == DisclosureRequest.Channel.ONLINE:
        received_on = today()
        if registered_by is None and not is_member and not accepts_public_requests(org):
            raise ValidationError(_("该党组织仅受理党员的在线申请；群众可到现场或以信函方式提出申请。"))
    else:
        if registered_by is None:
            raise ValidationError(_("当面和邮寄申请由工作人员登记。"))
        received_on = received_on or today()
        if received_on > today():
            raise ValidationError(_("收到申请日期不能晚于今天。"))
    req = DisclosureRequest(
        number=f"~{uuid.uuid4().hex[:20]}", org=org, org_path=org.path, applicant_user=user,
        applicant_person=person, applicant_type=applicant_type, applicant_name=applicant_name.strip()[:100],
        applicant_is_member=is_member, contact_encrypted=encrypt_contact(contact), description=description.strip(),
        document_number=document_number.strip(), purpose=purpose.strip(), form_wanted=form_wanted,
        channel=channel, registered_by=registered_by, received_on=received_on, counted_from=received_on,
    )
    code = codes.attach(req)
    _recompute(req)
    req.save()
    # The number embeds the id, known only after the insert.
    req.number = f"YSQ{received_on.year}{req.pk:07d}"
    DisclosureRequest.objects.filter(pk=req.pk).update(number=req.number)
    _event(req, "received", _("通过%(c)s收到申请") % {"c": req.get_channel_display()},
           actor=registered_by or user, on=received_on)
    _file(req, "received", _("%(org)s 收到依申请公开申请 %(no)s：%(d)s") % {
        "org": org.name, "no": req.number, "d": req.description[:80]})
    return req, code


def _require(req: DisclosureRequest, *states: str, message: str | None = None) -> None:
    if req.state not in states:
        raise ValidationError(message or _("该申请当前状态为“%(s)s”，不能执行此操作。") % {"s": req.get_state_display()})


@transaction.atomic
def accept(req: DisclosureRequest, *, actor, department: Organization | None = None, on: date | None = None):
    access.require_handler(actor, req.org)
    _require(req, R.RECEIVED)
    req.state = R.PROCESSING
    req.accepted_on = on or today()
    if department is not None:
        req.department = department
    _recompute(req)
    req.save()
    _event(req, "accepted", _("受理") + (f"，{_('承办部门')}：{department.name}" if department else ""), actor=actor,
           on=req.accepted_on)
    return req


@transaction.atomic
def ask_correction(req: DisclosureRequest, *, actor, note: str, on: date | None = None) -> Letter:
    """补正: once, within 7 working days of receipt; the applicant then has a fixed time to complete it."""
    access.require_handler(actor, req.org)
    on = on or today()
    if req.correction_requested_on:
        raise ValidationError(_("补正只能要求一次。"))
    _require(req, R.RECEIVED, R.PROCESSING)
    if not (note or "").strip():
        raise ValidationError(_("请写明需要补正的内容。"))
    last = deadlines.correction_request_deadline(req.received_on)
    if on > last:
        raise ValidationError(_("要求补正应在收到申请之日起 %(n)s 个工作日内（截至 %(d)s）提出。") % {
            "n": conf("correction_request_workdays"), "d": last.isoformat()})
    req.state = R.CORRECTION
    req.correction_note = note.strip()
    req.correction_requested_on = on
    req.correction_due = deadlines.correction_reply_deadline(on)
    _recompute(req)
    req.save()
    _event(req, "correction_requested", note, actor=actor, on=on)
    return issue_letter(req, Letter.Kind.CORRECTION, body=note, on=on)


@transaction.atomic
def complete_correction(req: DisclosureRequest, *, supplement: str, actor, on: date | None = None):
    """The applicant completes the request (or a handler records a supplement received on paper); the
    reply clock counts from the day it is received. `actor`: an access Reader, a user or a person."""
    access.require_applicant_or_handler(actor, req)
    on = on or today()
    _require(req, R.CORRECTION)
    check_length(supplement, conf("request_max_chars"), _("补正内容"))
    if not (supplement or "").strip():
        raise ValidationError(_("请填写补正内容。"))
    if on > req.correction_due:
        raise ValidationError(_("补正期限已过（%(d)s），该申请视为撤回。") % {"d": req.correction_due.isoformat()})
    req.description = f"{req.description}\n【补正 {on.isoformat()}】{supplement.strip()}"
    req.correction_done_on = on
    req.counted_from = on
    req.state = R.PROCESSING
    req.accepted_on = req.accepted_on or on
    _recompute(req)
    req.save()
    _event(req, "corrected", supplement, actor=getattr(actor, "user", actor), on=on)
    return req


@transaction.atomic
def assign(req: DisclosureRequest, *, department: Organization, actor, note: str = "", on: date | None = None):
    """Assign to the responsible department, or 转办 from one department to another."""
    access.require_handler(actor, req.org)
    _require(req, R.RECEIVED, R.PROCESSING, R.CONSULTATION)
    previous = req.department
    req.department = department
    req.save(update_fields=["department"])
    if previous is None:
        _event(req, "assigned", _("交由 %(d)s 办理") % {"d": department.name} + (f"：{note}" if note else ""),
               actor=actor, on=on)
    else:
        _event(req, "transferred", _("由 %(a)s 转办至 %(b)s") % {"a": previous.name, "b": department.name}
               + (f"：{note}" if note else ""), actor=actor, on=on)
    return req


@transaction.atomic
def start_consultation(req: DisclosureRequest, *, actor, third_party: str, reason: str = "",
                       on: date | None = None) -> ClockPause:
    """征求第三方意见: the reply clock stops until the third party answers or its 15 working days pass."""
    access.require_handler(actor, req.org)
    on = on or today()
    _require(req, R.PROCESSING)
    if not (third_party or "").strip():
        raise ValidationError(_("请填写被征求意见的第三方。"))
    if on > req.reply_due:
        raise ValidationError(_("答复期限已过，不能再征求第三方意见。"))
    pause = ClockPause.objects.create(request=req, reason=(reason or _("征求第三方意见"))[:200],
                                      third_party=third_party.strip()[:120], started_on=on,
                                      due_on=deadlines.consultation_deadline(on))
    req.state = R.CONSULTATION
    _recompute(req)
    req.save()
    _event(req, "consultation_started", _("向 %(t)s 征求意见，第三方答复期限 %(d)s，期间答复期限中止计算") % {
        "t": pause.third_party, "d": pause.due_on.isoformat()}, actor=actor, on=on)
    return pause


@transaction.atomic
def end_consultation(req: DisclosureRequest, *, actor, opinion: str = "", on: date | None = None):
    """The third party answered (or its time ran out): the clock runs again from the next working day."""
    access.require_handler(actor, req.org)
    on = on or today()
    _require(req, R.CONSULTATION)
    pause = req.pauses.filter(ended_on__isnull=True).get()
    pause.ended_on = min(max(on, pause.started_on), pause.due_on)
    pause.workdays = int(workdays_between(pause.started_on, pause.ended_on))
    pause.save(update_fields=["ended_on", "workdays"])
    req.state = R.PROCESSING
    _recompute(req)
    req.save()
    _event(req, "consultation_ended", _("第三方意见：%(o)s；暂停 %(n)s 个工作日") % {
        "o": opinion or _("未在期限内答复"), "n": pause.workdays}, actor=actor, on=pause.ended_on)
    return req


@transaction.atomic
def extend(req: DisclosureRequest, *, actor, approver: Person, reason: str, on: date | None = None) -> Letter:
    """延长答复期限: once, by up to 20 working days, approved by the org's head, before the deadline."""
    access.require_handler(actor, req.org)
    on = on or today()
    _require(req, R.PROCESSING, R.CONSULTATION)
    if req.extended_workdays:
        raise ValidationError(_("答复期限只能延长一次。"))
    if not is_head(approver, req.org):
        raise ValidationError(_("延长答复期限须经本党组织负责人（第一责任人）同意。"))
    if not (reason or "").strip():
        raise ValidationError(_("请写明延期理由。"))
    if on > req.reply_due:
        raise ValidationError(_("答复期限（%(d)s）已过，不能再延长。") % {"d": req.reply_due.isoformat()})
    req.extended_workdays = conf("extension_workdays")
    req.extension_approved_by = approver
    req.extension_reason = reason.strip()[:300]
    req.extended_on = on
    _recompute(req)
    req.save()
    _event(req, "extended", _("经 %(p)s 同意延长 %(n)s 个工作日，答复期限 %(d)s：%(r)s") % {
        "p": approver.name, "n": req.extended_workdays, "d": req.reply_due.isoformat(), "r": reason}, actor=actor, on=on)
    return issue_letter(req, Letter.Kind.EXTENSION, body=reason, on=on)


# Categories whose answer needs a reason code; 部分公开 may name the reason for the withheld part.
NEEDS_REASON = {OutcomeCategory.WITHHELD, OutcomeCategory.UNAVAILABLE, OutcomeCategory.NOT_PROCESSED,
                OutcomeCategory.OTHER}


@transaction.atomic
def reply(req: DisclosureRequest, *, actor, outcome: str, text: str, reason: OutcomeReason | None = None,
          on: date | None = None) -> Letter:
    access.require_handler(actor, req.org)
    on = on or today()
    _require(req, R.RECEIVED, R.PROCESSING)
    if outcome not in OutcomeCategory.values:
        raise ValidationError(_("请选择答复类型。"))
    if outcome in NEEDS_REASON and reason is None:
        raise ValidationError(_("“%(o)s”须选择理由。") % {"o": OutcomeCategory(outcome).label})
    if reason is not None:
        allowed = {outcome} | ({OutcomeCategory.WITHHELD} if outcome == OutcomeCategory.PARTIAL else set())
        if reason.category not in allowed:
            raise ValidationError(_("所选理由不属于“%(o)s”。") % {"o": OutcomeCategory(outcome).label})
    if not (text or "").strip():
        raise ValidationError(_("请填写答复内容。"))
    check_length(text, 10000, _("答复内容"))
    req.outcome = outcome
    req.outcome_reason = reason
    req.reply_text = text.strip()
    req.replied_on = on
    req.accepted_on = req.accepted_on or on
    req.state = R.ANSWERED
    _recompute(req)
    req.save()
    late = on > req.reply_due
    _event(req, "answered", f"{OutcomeCategory(outcome).label}" + (f"（{reason.label}）" if reason else "")
           + (_("；逾期答复") if late else ""), actor=actor, on=on)
    _file(req, "answered", _("%(no)s 已答复：%(o)s") % {"no": req.number, "o": OutcomeCategory(outcome).label})
    return issue_letter(req, Letter.Kind.REPLY, body=req.reply_text, on=on)


@transaction.atomic
def withdraw_for_overdue_correction(req: DisclosureRequest, *, on: date | None = None) -> DisclosureRequest:
    """补正 not completed in time: the request counts as withdrawn (其他处理 · 补正逾期)."""
    on = on or today()
    _require(req, R.CORRECTION)
    req.state = R.WITHDRAWN
    req.outcome = OutcomeCategory.OTHER
    req.outcome_reason = OutcomeReason.objects.filter(code="other-correction-overdue").first()
    req.replied_on = on
    _recompute(req)
    req.save()
    _event(req, "withdrawn", _("申请人未在 %(d)s 前补正，视为撤回申请") % {"d": req.correction_due.isoformat()}, on=on)
    _file(req, "withdrawn", _("%(no)s 补正逾期，视为撤回") % {"no": req.number})
    return req


def rate_request(req: DisclosureRequest, rating: str, *, reader) -> DisclosureRequest:
    """The applicant's satisfaction rating (`reader`: an access Reader, a user or a person)."""
    access.require_applicant(reader, req)
    _require(req, R.ANSWERED)
    if rating not in Satisfaction.values:
        raise ValidationError(_("请选择满意度。"))
    req.satisfaction = rating
    req.save(update_fields=["satisfaction"])
    _event(req, "rated", Satisfaction(rating).label)
    return req


def issue_letter(req: DisclosureRequest, kind: str, *, body: str, on: date) -> Letter:
    """A numbered letter: {org}依申请公开〔year〕N号, numbered per org and year."""
    org = req.org
    prefix = org.short_name or org.name
    for _attempt in range(10):
        try:
            with transaction.atomic():
                seq = (Letter.objects.filter(org=org, year=on.year).aggregate(m=Max("seq"))["m"] or 0) + 1
                return Letter.objects.create(request=req, kind=kind, org=org, year=on.year, seq=seq,
                                             number=f"{prefix}依申请公开〔{on.year}〕{seq}号", issued_on=on, body=body)
        except IntegrityError:
            continue
    raise RuntimeError("could not number the letter")


# --- 转为主动公开 ---------------------------------------------------------------------------------------------

@transaction.atomic
def convert_to_disclosure(req: DisclosureRequest, *, actor, title: str | None = None, scope: str | None = None):
    """A request many people make becomes a draft proactive disclosure in the workflow, in one step."""
    access.require_handler(actor, req.org)
    if req.converted_disclosure_id:
        raise ValidationError(_("该申请已转为主动公开。"))
    proposer = getattr(actor, "person", None) or actor
    draft = create_draft(org=req.org, title=title or _("主动公开：%(d)s") % {"d": req.description[:60]},
                         body=req.reply_text or req.description, proposer=proposer, scope=scope or Scope.PUBLIC,
                         source=_("依申请公开 %(no)s") % {"no": req.number})
    req.converted_disclosure_id = draft.pk
    req.save(update_fields=["converted_disclosure_id"])
    _event(req, "converted", _("已转为主动公开草稿（编号 %(id)s）") % {"id": draft.pk}, actor=actor)
    return draft


def find_by_code(code: str):
    """The request or feedback a 查询码 belongs to, or a Chinese error (wrong / expired)."""
    if not codes.looks_valid(code):
        raise ValidationError(_("查询码格式不正确：应为 16 位字母和数字（如 ABCD-EFGH-JKLM-NPQR）。"))
    # Current and retiring data key: codes issued before a key rotation stay valid (README “密钥”).
    hs = codes.code_hashes(code)
    obj = (DisclosureRequest.objects.filter(query_code_hash__in=hs).first()
           or Feedback.objects.filter(query_code_hash__in=hs).first())
    if obj is None:
        raise ValidationError(_("查询码不正确，请核对后重新输入。"))
    if obj.query_code_expires and obj.query_code_expires < timezone.now():
        raise ValidationError(_("该查询码已过有效期（%(d)s），请联系受理单位查询办理结果。") % {
            "d": timezone.localtime(obj.query_code_expires).date().isoformat()})
    return obj
