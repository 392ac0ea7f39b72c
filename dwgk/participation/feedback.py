"""Write-side rules for 意见箱 (Feedback) and the scheduled scan of every participation deadline.

Routing follows 谁公开谁负责，谁收集谁反馈: feedback on a disclosure goes to the org that published it.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dwgk.access import participation as access
from dwgk.audit.services import record
from dwgk.core import batches
from dwgk.core.choices import Scope
from dwgk.disclosures import release
from dwgk.disclosures.changefeed import orgs_changed
from dwgk.disclosures.services import create_draft
from dwgk.orgs.models import Organization, Role, RoleAssignment
from dwgk.orgs.paths import ancestor_paths

from . import codes
from .conf import conf
from .models import Alert, DisclosureRequest, Feedback, FeedbackEvent, Satisfaction
from .services import actor_name, check_length, encrypt_contact, today, withdraw_for_overdue_correction

F = Feedback.State


def _event(fb: Feedback, action: str, note: str = "", *, actor=None, on: date | None = None) -> None:
    FeedbackEvent.objects.create(feedback=fb, action=action, note=note, actor_name=actor_name(actor)[:100],
                                 on=on or today())
    record(f"participation.feedback.{action}", actor=actor, obj=fb, detail={"state": fb.state, "note": note[:200]})


def _sync(fb: Feedback) -> None:
    """is_open and due_date follow the state: open items are due 15 days after receipt, or by the
    rectification deadline while being rectified."""
    fb.is_open = fb.state in Feedback.OPEN_STATES
    if not fb.is_open:
        fb.due_date = None
    elif fb.state == F.RECTIFICATION and fb.rectification_due:
        fb.due_date = fb.rectification_due
    else:
        fb.due_date = fb.received_on + timedelta(days=conf("feedback_reply_days"))


def responsible_org_for(disclosure) -> Organization:
    """谁公开谁负责: the publishing org of the disclosure."""
    return disclosure.org


@transaction.atomic
def submit_feedback(*, subject: str, body: str, org: Organization | None = None, disclosure=None,
                    is_anonymous: bool = True, name: str = "", contact: dict | None = None, user=None,
                    channel: str = Feedback.Channel.ONLINE, received_on: date | None = None,
                    registered_by=None) -> tuple[Feedback, str]:
    """Leave an opinion (online) or register one received by hotline, paper or visit (staff)."""
    check_length(subject, 100, _("主题"))
    check_length(body, conf("feedback_max_chars"), _("意见内容"))
    if not (subject or "").strip() or not (body or "").strip():
        raise ValidationError(_("请填写主题和意见内容。"))
    if disclosure is not None:
        access.require_feedback_about(user, disclosure)
        org = responsible_org_for(disclosure)
    if org is None:
        raise ValidationError(_("请选择意见所涉及的党组织或公开事项。"))
    if channel != Feedback.Channel.ONLINE and registered_by is None:
        raise ValidationError(_("热线、来信和来访意见由工作人员登记。"))
    if registered_by is not None:
        access.require_handler(registered_by, org)
    received_on = received_on or today()
    if received_on > today():
        raise ValidationError(_("收到日期不能晚于今天。"))
    person = getattr(user, "person", None) if user is not None else None
    fb = Feedback(
        number=f"~{uuid.uuid4().hex[:20]}", org=org, org_path=org.path,
        disclosure_id=getattr(disclosure, "pk", None), subject=subject.strip(), body=body.strip(), channel=channel,
        is_anonymous=is_anonymous, name="" if is_anonymous else (name or getattr(person, "name", "")).strip()[:40],
        contact_encrypted=encrypt_contact(contact), submitted_by=None if is_anonymous else user,
        submitter_is_member=bool(person and person.is_party_member), registered_by=registered_by,
        received_on=received_on,
    )
    code = codes.attach(fb)
    _sync(fb)
    fb.save()
    fb.number = f"YJ{received_on.year}{fb.pk:08d}"
    Feedback.objects.filter(pk=fb.pk).update(number=fb.number)
    _event(fb, "received", fb.get_channel_display(), actor=registered_by, on=received_on)
    return fb, code


def _require(fb: Feedback, *states: str) -> None:
    if fb.state not in states:
        raise ValidationError(_("该意见当前状态为“%(s)s”，不能执行此操作。") % {"s": fb.get_state_display()})


@transaction.atomic
def accept_feedback(fb: Feedback, *, actor, on: date | None = None) -> Feedback:
    access.require_handler(actor, fb.org)
    _require(fb, F.RECEIVED)
    fb.state = F.ACCEPTED
    fb.accepted_on = on or today()
    _sync(fb)
    fb.save()
    _event(fb, "accepted", actor=actor, on=fb.accepted_on)
    return fb


@transaction.atomic
def reject_feedback(fb: Feedback, *, actor, reason: str, on: date | None = None) -> Feedback:
    """不予受理 with a reason; the reason is the answer the submitter reads."""
    access.require_handler(actor, fb.org)
    _require(fb, F.RECEIVED)
    if not (reason or "").strip():
        raise ValidationError(_("请写明不予受理的理由。"))
    fb.state = F.REJECTED
    fb.reject_reason = reason.strip()[:300]
    fb.replied_on = fb.closed_on = on or today()
    _sync(fb)
    fb.save()
    _event(fb, "rejected", reason, actor=actor, on=fb.replied_on)
    return fb


@transaction.atomic
def start_handling(fb: Feedback, *, actor, note: str = "", on: date | None = None) -> Feedback:
    access.require_handler(actor, fb.org)
    _require(fb, F.ACCEPTED)
    fb.state = F.HANDLING
    _sync(fb)
    fb.save()
    _event(fb, "handling", note, actor=actor, on=on)
    return fb


@transaction.atomic
def require_rectification(fb: Feedback, *, actor, note: str, due: date, on: date | None = None) -> Feedback:
    """整改: the feedback revealed a problem; it is rectified by a deadline before the reply."""
    access.require_handler(actor, fb.org)
    on = on or today()
    _require(fb, F.ACCEPTED, F.HANDLING)
    if not (note or "").strip():
        raise ValidationError(_("请写明整改事项。"))
    if due < on:
        raise ValidationError(_("整改期限不能早于今天。"))
    fb.state = F.RECTIFICATION
    fb.rectification_note = note.strip()
    fb.rectification_due = due
    _sync(fb)
    fb.save()
    _event(fb, "rectification", _("%(n)s（期限 %(d)s）") % {"n": note, "d": due.isoformat()}, actor=actor, on=on)
    return fb


@transaction.atomic
def reply_feedback(fb: Feedback, *, actor, text: str, public: bool = True, on: date | None = None) -> Feedback:
    access.require_handler(actor, fb.org)
    _require(fb, F.ACCEPTED, F.HANDLING, F.RECTIFICATION)
    if not (text or "").strip():
        raise ValidationError(_("请填写答复内容。"))
    check_length(text, 5000, _("答复内容"))
    fb.state = F.REPLIED
    fb.reply_text = text.strip()
    fb.reply_public = public
    fb.replied_on = on or today()
    # The sender reads `reply_text` at once (it is addressed to him); the public reads its own copy of the
    # subject and reply once the review releases it.
    fb.public_subject, fb.public_reply = (fb.subject, fb.reply_text) if public else ("", "")
    _sync(fb)
    fb.save()
    Alert.objects.filter(feedback=fb, resolved=False).update(resolved=True)
    _event(fb, "replied", _("公开答复（经审查后公开）") if public else _("不公开答复"), actor=actor, on=fb.replied_on)
    if public:
        release.submit(FEEDBACK_REPLY, fb, actor)
    return fb


@transaction.atomic
def revise_public_reply(fb: Feedback, *, subject: str, text: str, actor) -> Feedback:
    """退回修改: the public copy of a reply is edited and reviewed again. The sender's reply stays as sent."""
    access.require_handler(actor, fb.org)
    if not fb.reply_public or not fb.replied_on:
        raise ValidationError(_("该意见没有公开答复。"))
    if not (subject or "").strip() or not (text or "").strip():
        raise ValidationError(_("请填写公开的主题和答复。"))
    check_length(subject, 100, _("主题"))
    check_length(text, 5000, _("答复内容"))
    fb.public_subject, fb.public_reply = subject.strip(), text.strip()
    fb.save(update_fields=["public_subject", "public_reply"])
    _event(fb, "public_reply_revised", actor=actor)
    release.submit(FEEDBACK_REPLY, fb, actor)
    return fb


@transaction.atomic
def withdraw_public_reply(fb: Feedback, *, actor, reason: str) -> Feedback:
    """改为不公开: the public copy of a reply is taken down (pending or released); its review is withdrawn with
    its 待办. The sender's reply stays as sent."""
    access.require_handler(actor, fb.org)
    if not fb.reply_public or not fb.replied_on:
        raise ValidationError(_("该意见没有公开答复。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请写明改为不公开的理由。"))
    check_length(reason, 300, _("理由"))
    fb.reply_public, fb.public_subject, fb.public_reply = False, "", ""
    fb.save(update_fields=["reply_public", "public_subject", "public_reply"])
    _event(fb, "public_reply_withdrawn", reason, actor=actor)
    release.withdraw(FEEDBACK_REPLY, fb, actor, _("公开答复改为不公开：%(r)s") % {"r": reason})
    Feedback.objects.filter(pk=fb.pk).update(reply_released_at=None)
    fb.reply_released_at = None
    return fb


@transaction.atomic
def rate_feedback(fb: Feedback, rating: str, *, reader, on: date | None = None) -> Feedback:
    """The submitter's satisfaction rating closes the item (`reader`: an access Reader or a user)."""
    access.require_feedback_sender(reader, fb)
    _require(fb, F.REPLIED)
    if rating not in Satisfaction.values:
        raise ValidationError(_("请选择满意度。"))
    fb.satisfaction = rating
    fb.state = F.CLOSED
    fb.closed_on = on or today()
    _sync(fb)
    fb.save()
    _event(fb, "rated", Satisfaction(rating).label, on=fb.closed_on)
    return fb


@transaction.atomic
def redisclose(fb: Feedback, *, actor, title: str | None = None, scope: str | None = None):
    """再次公开: feedback on an important matter becomes a new draft disclosure linked to it."""
    access.require_handler(actor, fb.org)
    if fb.redisclosure_id:
        raise ValidationError(_("已根据该意见发起再次公开。"))
    body = fb.reply_text or fb.body
    draft = create_draft(org=fb.org, title=title or _("关于“%(s)s”的再次公开") % {"s": fb.subject[:60]}, body=body,
                         proposer=getattr(actor, "person", None) or actor, scope=scope or Scope.PUBLIC,
                         source=_("意见反馈 %(no)s") % {"no": fb.number})
    fb.redisclosure_id = draft.pk
    fb.save(update_fields=["redisclosure_id"])
    _event(fb, "redisclosed", _("已发起再次公开（草稿编号 %(id)s）") % {"id": draft.pk}, actor=actor)
    return draft


def office_for(org: Organization) -> Organization:
    """The 党务公开办公室 to alert: the nearest org above `org` with an office administrator, else the root."""
    paths = ancestor_paths(org.path)
    if not paths:
        return org
    holder = (RoleAssignment.objects.filter(role=Role.OFFICE_ADMIN, org__path__in=paths)
              .select_related("org").order_by("-org__depth").first())
    return holder.org if holder else Organization.objects.get(path=paths[0])


def scan(on: date | None = None) -> dict:
    """The scheduled pass (`dwgk participation scan`): warnings at 15/30/60 days, the office alert before
    3 months unanswered, 补正 not completed → withdrawn, replied feedback not rated → closed by timeout."""
    on = on or today()
    out = {"warnings": 0, "office_alerts": 0, "withdrawn": 0, "closed_by_timeout": 0}
    levels = sorted(conf("feedback_warning_days"))
    alert_days = conf("feedback_alert_days")
    oldest_warning = on - timedelta(days=levels[0])
    # Only open items at least 15 days old: the partial index on received_on keeps this small.
    for fb in batches.rows(Feedback.objects.filter(is_open=True, received_on__lte=oldest_warning)
                           .select_related("org")):
        age = (on - fb.received_on).days
        reached = max([lv for lv in levels if age >= lv], default=0)
        if reached > fb.warning_level:
            Alert.objects.get_or_create(feedback=fb, level=reached, defaults={"org": fb.org, "created_on": on})
            Feedback.objects.filter(pk=fb.pk).update(warning_level=reached)
            FeedbackEvent.objects.create(feedback=fb, action="warning", on=on,
                                         note=_("已 %(n)s 天未答复") % {"n": reached})
            out["warnings"] += 1
        if age >= alert_days and fb.office_alerted_on is None:
            office = office_for(fb.org)
            Alert.objects.get_or_create(feedback=fb, level=alert_days,
                                        defaults={"org": office, "created_on": on, "to_office": True})
            Feedback.objects.filter(pk=fb.pk).update(office_alerted_on=on)
            FeedbackEvent.objects.create(feedback=fb, action="office_alert", on=on, note=_(
                "已 %(n)s 天未答复，已提醒%(o)s（满 3 个月未答复属单项否决情形）") % {"n": age, "o": office.name})
            record("participation.feedback.office_alert", obj=fb, detail={"office": office.pk, "age": age})
            out["office_alerts"] += 1
    for req in DisclosureRequest.objects.filter(state=DisclosureRequest.State.CORRECTION, correction_due__lt=on):
        withdraw_for_overdue_correction(req, on=on)
        out["withdrawn"] += 1
    rating_cutoff = on - timedelta(days=conf("feedback_rating_days"))
    for fb in Feedback.objects.filter(state=F.REPLIED, replied_on__lt=rating_cutoff):
        fb.state = F.CLOSED
        fb.closed_on = on
        fb.closed_by_timeout = True
        _sync(fb)
        fb.save()
        FeedbackEvent.objects.create(feedback=fb, action="closed_by_timeout", on=on,
                                     note=_("答复后 %(n)s 天未评价，自动办结") % {"n": conf("feedback_rating_days")})
        out["closed_by_timeout"] += 1
    return out


# --- 先审查后公开 (disclosures.release): a reply shown publicly ------------------------------------------------

FEEDBACK_REPLY = "feedback_reply"


def _reply_released(fb: Feedback) -> None:
    record("participation.feedback.reply_released", obj=fb)
    # Release writes with an update (no post_save): the org page and the mirror follow this event.
    orgs_changed(fb.org_id, event="participation.feedback")


def _reply_scope(fb: Feedback) -> str:
    """A public reply goes to everyone, one about a disclosure where that disclosure goes (access decides;
    the hash names the disclosure, whose own scope may widen later without changing this text)."""
    return f"disclosure:{fb.disclosure_id}" if fb.disclosure_id else str(Scope.PUBLIC)


release.register(release.TextKind(
    key=FEEDBACK_REPLY, label=gettext_lazy("意见箱公开答复"), model=Feedback, fields=("public_subject", "public_reply"),
    mark="reply_released_at", org=lambda fb: fb.org, scope=_reply_scope,
    url=lambda fb: reverse("participation:manage_feedback", args=[fb.pk]), on_release=_reply_released))
