"""Write-side rules for 征求意见 (Consultation), 公示 (Notice) with objections, 旁听/列席 (Hearing) and
党内事务咨询 (Inquiry) — seed 001 art. 25, seed 004 二.2 (四), seed 000 三(三)4."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dwgk.access import participation as access
from dwgk.audit.services import record
from dwgk.core.choices import Scope
from dwgk.disclosures import release
from dwgk.disclosures.changefeed import orgs_changed
from dwgk.orgs.models import Organization, Person

from . import deadlines
from .conf import conf
from .models import Consultation, Hearing, HearingApplication, Inquiry, Notice, Objection, Opinion
from .services import check_length, encrypt_contact, today

# --- 征求意见 ------------------------------------------------------------------------------------------------

@transaction.atomic
def open_consultation(*, org: Organization, title: str, draft: str, audience: str = Consultation.Audience.PUBLIC,
                      opens_on: date | None = None, days: int | None = None, actor=None) -> Consultation:
    """Default window: 15 days to the public, 7 days inside the party (configurable)."""
    access.require_handler(actor, org)
    if not (title or "").strip() or not (draft or "").strip():
        raise ValidationError(_("请填写标题和征求意见稿。"))
    check_length(draft, 50000, _("征求意见稿"))
    opens_on = opens_on or today()
    if days is None:
        days = conf("consultation_public_days" if audience == Consultation.Audience.PUBLIC
                    else "consultation_internal_days")
    if days < 1:
        raise ValidationError(_("征求意见期限至少 1 天。"))
    c = Consultation.objects.create(org=org, org_path=org.path, title=title.strip(), draft=draft.strip(),
                                    audience=audience, opens_on=opens_on,
                                    closes_on=deadlines.consultation_end(opens_on, days), created_by=actor)
    record("participation.consultation.opened", actor=actor, obj=c, detail={"closes_on": c.closes_on})
    # 先审查后公开: nobody reads the draft or gives an opinion until its review releases it.
    release.submit(CONSULTATION, c, actor)
    return c


@transaction.atomic
def revise_consultation(c: Consultation, *, title: str, draft: str, actor=None) -> Consultation:
    """退回修改, or a correction: the edited draft goes through its review again (hidden until released;
    an unchanged one stays released). Released anew after its opening day, it runs its full window again."""
    access.require_handler(actor, c.org)
    if not (title or "").strip() or not (draft or "").strip():
        raise ValidationError(_("请填写标题和征求意见稿。"))
    check_length(draft, 50000, _("征求意见稿"))
    c.title, c.draft = title.strip()[:200], draft.strip()
    c.save(update_fields=["title", "draft"])
    record("participation.consultation.revised", actor=actor, obj=c)
    release.submit(CONSULTATION, c, actor)
    return c


def adopted_copy(bodies) -> str:
    """The readers' copy of the adopted opinions: one numbered paragraph each, as submitted for review."""
    return "\n\n".join(f"{i}. {b.strip()}" for i, b in enumerate(bodies, 1))


def consultation_is_open(c: Consultation, on: date | None = None) -> bool:
    on = on or today()
    return c.opens_on <= on <= c.closes_on


@transaction.atomic
def submit_opinion(c: Consultation, *, body: str, name: str = "", person: Person | None = None,
                   user=None, on: date | None = None) -> Opinion:
    """An opinion from whoever may read the consultation (`user`, or `person` when entered for one)."""
    access.require_join_consultation(user if user is not None else person, c)
    on = on or today()
    if not consultation_is_open(c, on):
        raise ValidationError(_("该征求意见已于 %(d)s 截止。") % {"d": c.closes_on.isoformat()}
                              if on > c.closes_on else _("该征求意见尚未开始。"))
    if not (body or "").strip():
        raise ValidationError(_("请填写意见。"))
    check_length(body, conf("feedback_max_chars"), _("意见"))
    return Opinion.objects.create(consultation=c, body=body.strip(), name=(name or "").strip()[:40], person=person,
                                  received_on=on)


@transaction.atomic
def publish_summary(c: Consultation, *, summary: str, adopted_ids=(), actor=None, on: date | None = None):
    """采纳情况: which opinions were adopted and why, published after the window closes."""
    access.require_handler(actor, c.org)
    release.refuse_unreleased(CONSULTATION, c)
    on = on or today()
    if on <= c.closes_on:
        raise ValidationError(_("征求意见截止（%(d)s）后才能公布采纳情况。") % {"d": c.closes_on.isoformat()})
    if not (summary or "").strip():
        raise ValidationError(_("请填写意见采纳情况说明。"))
    adopted = set(int(i) for i in adopted_ids)
    bodies = []
    for op in c.opinions.all():
        op.adopted = op.pk in adopted
        op.save(update_fields=["adopted"])
        if op.adopted:
            bodies.append(op.body)
    c.summary = summary.strip()
    c.adopted_opinions = adopted_copy(bodies)
    c.save(update_fields=["summary", "adopted_opinions"])
    record("participation.consultation.summary_submitted", actor=actor, obj=c, detail={"adopted": len(adopted)})
    # 先审查后公开: the summary and the public copy of the adopted opinions (written by members or citizens:
    # a phone number or an ID may be in them) are reviewed together and reach readers on release, which sets
    # `summary_published_on`.
    release.submit(CONSULTATION_SUMMARY, c, actor, label=_("意见采纳情况：%(t)s") % {"t": c.title})
    return c


# --- 公示 ------------------------------------------------------------------------------------------------------

@transaction.atomic
def open_notice(*, org: Organization, kind: str, title: str, body: str, starts_on: date | None = None,
                period_workdays: int | None = None, actor=None) -> Notice:
    """A 公示 with an objection period in working days (default 5), ending on a working day."""
    access.require_handler(actor, org)
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationError(_("请填写公示标题和内容。"))
    starts_on = starts_on or today()
    period = period_workdays or conf("notice_workdays")
    if period < 1:
        raise ValidationError(_("公示期至少 1 个工作日。"))
    n = Notice.objects.create(org=org, org_path=org.path, kind=kind, title=title.strip(), body=body.strip(),
                              starts_on=starts_on, period_workdays=period,
                              ends_on=deadlines.notice_end(starts_on, period), created_by=actor)
    record("participation.notice.opened", actor=actor, obj=n, detail={"ends_on": n.ends_on})
    release.submit(NOTICE, n, actor)
    return n


@transaction.atomic
def revise_notice(n: Notice, *, title: str, body: str, actor=None) -> Notice:
    """The edited notice is reviewed again; released anew after its start, it runs its full period again."""
    access.require_handler(actor, n.org)
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationError(_("请填写公示标题和内容。"))
    n.title, n.body = title.strip()[:200], body.strip()
    n.save(update_fields=["title", "body"])
    record("participation.notice.revised", actor=actor, obj=n)
    release.submit(NOTICE, n, actor)
    return n


@transaction.atomic
def object_to(notice: Notice, *, body: str, name: str = "", contact: dict | None = None,
              on: date | None = None, user=None) -> Objection:
    access.require_object_to(user, notice)
    on = on or today()
    if not notice.starts_on <= on <= notice.ends_on:
        raise ValidationError(_("公示期为 %(a)s 至 %(b)s，当前不在公示期内。") % {
            "a": notice.starts_on.isoformat(), "b": notice.ends_on.isoformat()})
    if not (body or "").strip():
        raise ValidationError(_("请填写异议内容。"))
    check_length(body, conf("feedback_max_chars"), _("异议内容"))
    return Objection.objects.create(notice=notice, body=body.strip(), name=(name or "").strip()[:40],
                                    contact_encrypted=encrypt_contact(contact), received_on=on)


@transaction.atomic
def handle_objection(obj: Objection, *, handling: str, upheld: bool, actor=None, on: date | None = None):
    access.require_handler(actor, obj.notice.org)
    if not (handling or "").strip():
        raise ValidationError(_("请填写核查处理情况。"))
    obj.handling = handling.strip()
    obj.upheld = upheld
    obj.handled_on = on or today()
    obj.save(update_fields=["handling", "upheld", "handled_on"])
    record("participation.objection.handled", actor=actor, obj=obj, detail={"upheld": upheld})
    return obj


@transaction.atomic
def publish_result(notice: Notice, *, result: str, actor=None, on: date | None = None) -> Notice:
    """The result is published after the period, once every objection has been handled."""
    access.require_handler(actor, notice.org)
    release.refuse_unreleased(NOTICE, notice)
    on = on or today()
    if on <= notice.ends_on:
        raise ValidationError(_("公示期至 %(d)s 结束，期满后才能公布结果。") % {"d": notice.ends_on.isoformat()})
    if notice.objections.filter(handled_on__isnull=True).exists():
        raise ValidationError(_("还有异议未核查处理，不能公布结果。"))
    if not (result or "").strip():
        raise ValidationError(_("请填写公示结果。"))
    notice.result = result.strip()
    notice.save(update_fields=["result"])
    record("participation.notice.result_submitted", actor=actor, obj=notice)
    # Readers see the result once released (`result_published_on` is set then).
    release.submit(NOTICE_RESULT, notice, actor, label=_("公示结果：%(t)s") % {"t": notice.title})
    return notice


# --- 旁听 / 列席 -----------------------------------------------------------------------------------------------

@transaction.atomic
def announce_hearing(*, org: Organization, kind: str, title: str, meeting_at: datetime, places: int,
                     apply_until: date, agenda: str = "", location: str = "", actor=None) -> Hearing:
    access.require_handler(actor, org)
    if places < 1:
        raise ValidationError(_("名额至少 1 名。"))
    if apply_until > meeting_at.date():
        raise ValidationError(_("报名截止日期不能晚于会议日期。"))
    h = Hearing.objects.create(org=org, org_path=org.path, kind=kind, title=title.strip(), agenda=agenda.strip(),
                               meeting_at=meeting_at, location=location, places=places, apply_until=apply_until,
                               created_by=actor)
    record("participation.hearing.announced", actor=actor, obj=h)
    release.submit(HEARING, h, actor)
    return h


@transaction.atomic
def revise_hearing(h: Hearing, *, title: str, agenda: str = "", location: str = "", actor=None) -> Hearing:
    access.require_handler(actor, h.org)
    if not (title or "").strip():
        raise ValidationError(_("请填写会议名称。"))
    h.title, h.agenda, h.location = title.strip()[:200], (agenda or "").strip(), (location or "").strip()[:120]
    h.save(update_fields=["title", "agenda", "location"])
    record("participation.hearing.revised", actor=actor, obj=h)
    release.submit(HEARING, h, actor)
    return h


@transaction.atomic
def apply_to_hearing(h: Hearing, *, person: Person, reason: str = "", on: date | None = None) -> HearingApplication:
    on = on or today()
    if on > h.apply_until:
        raise ValidationError(_("报名已于 %(d)s 截止。") % {"d": h.apply_until.isoformat()})
    access.require_apply_hearing(person, h)
    check_length(reason, 300, _("申请理由"))
    try:
        with transaction.atomic():
            return HearingApplication.objects.create(hearing=h, person=person, reason=(reason or "").strip())
    except IntegrityError:
        raise ValidationError(_("您已报名，请勿重复提交。"))


@transaction.atomic
def decide_application(app: HearingApplication, *, approve: bool, actor=None, on: date | None = None):
    access.require_handler(actor, app.hearing.org)
    if approve and app.state != HearingApplication.State.APPROVED:
        taken = app.hearing.applications.filter(state=HearingApplication.State.APPROVED).count()
        if taken >= app.hearing.places:
            raise ValidationError(_("名额已满（%(n)s 名）。") % {"n": app.hearing.places})
    app.state = HearingApplication.State.APPROVED if approve else HearingApplication.State.DECLINED
    app.decided_on = on or today()
    app.save(update_fields=["state", "decided_on"])
    record("participation.hearing.decided", actor=actor, obj=app, detail={"approve": approve})
    return app


@transaction.atomic
def publish_attendance(h: Hearing, *, actor=None, on: date | None = None) -> Hearing:
    access.require_handler(actor, h.org)
    if not h.applications.filter(state=HearingApplication.State.APPROVED).exists():
        raise ValidationError(_("尚未确定参会人员，不能公布名单。"))
    h.list_published_on = on or today()
    h.save(update_fields=["list_published_on"])
    record("participation.hearing.list_published", actor=actor, obj=h)
    return h


# --- 党内事务咨询 --------------------------------------------------------------------------------------------

@transaction.atomic
def ask(*, org: Organization, person: Person, question: str, on: date | None = None) -> Inquiry:
    access.require_ask(person, org)
    if not (question or "").strip():
        raise ValidationError(_("请填写咨询问题。"))
    check_length(question, conf("feedback_max_chars"), _("咨询问题"))
    return Inquiry.objects.create(org=org, org_path=org.path, person=person, question=question.strip(),
                                  asked_on=on or today())


@transaction.atomic
def answer(inq: Inquiry, *, text: str, public: bool = True, actor=None, on: date | None = None) -> Inquiry:
    access.require_handler(actor, inq.org)
    if not (text or "").strip():
        raise ValidationError(_("请填写答复。"))
    inq.answer = text.strip()
    inq.is_public = public
    inq.answered_on = on or today()
    # The asker reads his answer at once; the public Q&A reads its own copy, released by review.
    inq.public_question, inq.public_answer = (inq.question, inq.answer) if public else ("", "")
    inq.save(update_fields=["answer", "is_public", "answered_on", "public_question", "public_answer"])
    record("participation.inquiry.answered", actor=actor, obj=inq)
    if public:
        release.submit(INQUIRY, inq, actor)
    else:
        # A public copy submitted (or released) before is gone: its review is withdrawn with its 待办.
        release.withdraw(INQUIRY, inq, actor, _("答复改为不公开"))
        Inquiry.objects.filter(pk=inq.pk).update(released_at=None)
        inq.released_at = None
    return inq


# --- 先审查后公开 (disclosures.release): the kinds this module owns ------------------------------------------

CONSULTATION = "consultation"
CONSULTATION_SUMMARY = "consultation_summary"
NOTICE = "notice"
NOTICE_RESULT = "notice_result"
HEARING = "hearing"
INQUIRY = "inquiry"


def _org_page_changed(obj, event: str) -> None:
    # Release writes with an update (no post_save): org pages, the mirror and search follow this event.
    orgs_changed(obj.org_id, event=f"participation.{event}")


def _run_full_period(obj, start: str, end: str, end_for, event: str) -> dict:
    """The review never shortens a period (a 征求意见 window, a 公示 period): released after its start, it
    starts on the release day and runs its full length from there. The move is recorded; returns the
    detail for the release's own audit entry."""
    old = (getattr(obj, start), getattr(obj, end))
    moved = deadlines.period_from_release(old[0], today(), end_for)
    if moved is None:
        return {}
    setattr(obj, start, moved[0])
    setattr(obj, end, moved[1])
    type(obj).objects.filter(pk=obj.pk).update(**{start: moved[0], end: moved[1]})
    detail = {"from": [d.isoformat() for d in old], "to": [d.isoformat() for d in moved]}
    record(f"participation.{event}.period_moved", obj=obj, detail=detail)
    return {"moved_from": detail["from"]}


def _consultation_released(c: Consultation) -> None:
    """Released after `opens_on`, the consultation is open for its full number of days from the release."""
    days = deadlines.consultation_days(c.opens_on, c.closes_on)
    moved = _run_full_period(c, "opens_on", "closes_on", lambda d: deadlines.consultation_end(d, days),
                             "consultation")
    record("participation.consultation.released", obj=c,
           detail={"opens_on": c.opens_on, "closes_on": c.closes_on, **moved})
    _org_page_changed(c, "consultation")


def _summary_released(c: Consultation) -> None:
    record("participation.consultation.summary_published", obj=c, detail={"on": c.summary_published_on})
    _org_page_changed(c, "consultation")


def _notice_released(n: Notice) -> None:
    """The objection period is never shortened by the review: released after `starts_on`, the notice
    starts on the release day and runs its full working days from there."""
    moved = _run_full_period(n, "starts_on", "ends_on", lambda d: deadlines.notice_end(d, n.period_workdays),
                             "notice")
    record("participation.notice.released", obj=n, detail={"starts_on": n.starts_on, "ends_on": n.ends_on, **moved})
    _org_page_changed(n, "notice")


def _result_released(n: Notice) -> None:
    record("participation.notice.result_published", obj=n, detail={"on": n.result_published_on})
    _org_page_changed(n, "notice")


def _hearing_released(h: Hearing) -> None:
    record("participation.hearing.released", obj=h)


def _inquiry_released(q: Inquiry) -> None:
    record("participation.inquiry.released", obj=q)
    _org_page_changed(q, "inquiry")


def _manage(name: str):
    return lambda obj: reverse(f"participation:{name}", args=[obj.pk])


release.register(release.TextKind(
    key=CONSULTATION, label=gettext_lazy("征求意见稿"), model=Consultation, fields=("title", "draft"),
    mark="released_at", org=lambda c: c.org, scope=lambda c: access.consultation_scope(c),
    url=_manage("manage_consultation"), on_release=_consultation_released))
release.register(release.TextKind(
    key=CONSULTATION_SUMMARY, label=gettext_lazy("意见采纳情况"), model=Consultation,
    fields=("summary", "adopted_opinions"), late_fields=frozenset({"adopted_opinions"}),
    mark="summary_published_on", org=lambda c: c.org, scope=lambda c: access.consultation_scope(c),
    url=_manage("manage_consultation"), on_release=_summary_released))
release.register(release.TextKind(
    key=NOTICE, label=gettext_lazy("公示"), model=Notice, fields=("title", "body"), mark="released_at",
    org=lambda n: n.org, url=_manage("manage_notice"), on_release=_notice_released))
release.register(release.TextKind(
    key=NOTICE_RESULT, label=gettext_lazy("公示结果"), model=Notice, fields=("result",), mark="result_published_on",
    org=lambda n: n.org, url=_manage("manage_notice"), on_release=_result_released))
release.register(release.TextKind(
    key=HEARING, label=gettext_lazy("旁听/列席/听证通知"), model=Hearing, fields=("title", "agenda", "location"),
    mark="released_at", org=lambda h: h.org, scope=lambda h: access.hearing_scope(h),
    url=_manage("manage_hearing"), on_release=_hearing_released))
release.register(release.TextKind(
    key=INQUIRY, label=gettext_lazy("党内事务咨询答复"), model=Inquiry, fields=("public_question", "public_answer"),
    mark="released_at", org=lambda q: q.org, scope=lambda q: str(Scope.PARTY),
    url=lambda q: reverse("participation:manage") + "?tab=engagement", on_release=_inquiry_released))
