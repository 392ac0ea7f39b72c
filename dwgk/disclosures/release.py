"""先审查后公开 for every text a reader sees besides a disclosure (DESIGN invariant 2, seed 001 arts. 17, 21).

A 政策解读, a consultation's draft and its adoption summary, a 公示 and its result, a hearing notice, a public
reply, an answered inquiry, a 通报, published assessment and survey results, the annual briefing: each is a
*kind* registered here by the app that owns it (`register`). The owning service saves the text and calls
`submit` in the same transaction; from then until `release` no reader path shows it, because the kind's
release mark (a field on the owner's model that the access layer's reader querysets require) is cleared.

The text then goes through its org's text flow (`flows.text_flow`: 审核（含保密审查）→ 审批 by default):
the scanner's findings are decided — 脱密 or 无需处理 — by a holder of the 保密审查 duty at the deciding org;
that step is closed only by such a holder (谁审查谁负责); approval by a holder of the approving duty. The
submitter, the secrecy reviewer and the approver are three different people. Each decision is a
`TextRecord` with the hash of what was seen. On the last approval the redacted text is written into the
owner's fields, the release mark is set, and the hash of what readers receive is kept (`drift` recomputes
it). An edit after release is submitted again and hides the text until approved again. When the owner
makes the text non-public (a public reply turned private, the disclosure it explains withdrawn) it calls
`withdraw`: the review ends with a record and its 待办 are withdrawn with a note.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.access import staff
from dwgk.access.errors import Refused
from dwgk.audit import alerts
from dwgk.audit.services import record
from dwgk.core.crypto import digest_hex
from dwgk.orgs.models import Organization, Person, Role

from . import flows, notifications, secrecy
from .content import hash_algorithm
from .models import TextFinding, TextRecord, TextReview

A = TextRecord.Action
D = TextFinding.Decision


@dataclass(frozen=True)
class TextKind:
    """One kind of reader-facing text.

    `fields` are the owner model's fields readers receive (`html` those holding rich text); `mark` is the
    owner's field that says "released" (a date/time set on release, or a boolean) and that the access
    layer's reader querysets require; `org` gives the deciding org; `scope` what the hash also covers;
    `url` where the owner's handlers work on the object (for the review page's link); `late_fields`
    those of `fields` added after texts of the kind were first released: in the hash only when not empty,
    so a text released before keeps its hash (an empty late field then changes nothing readers get)."""

    key: str
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]
    mark: str
    org: Callable[[Any], Organization]
    html: frozenset[str] = frozenset()
    scope: Callable[[Any], str] | None = None
    url: Callable[[Any], str] | None = None
    on_release: Callable[[Any], None] | None = None
    late_fields: frozenset[str] = frozenset()


KINDS: dict[str, TextKind] = {}


def register(kind: TextKind) -> TextKind:
    KINDS[kind.key] = kind
    return kind


def kind_of(review: TextReview) -> TextKind:
    return KINDS[review.kind]


def review_url(review: TextReview) -> str:
    return reverse("disclosures:text_review", args=[review.pk])


def label_of(review: TextReview) -> str:
    kind = KINDS.get(review.kind)
    return str(kind.label) if kind else review.kind


# ---- the release mark --------------------------------------------------------------------------------------

def _mark_value(kind: TextKind, released: bool):
    field = kind.model._meta.get_field(kind.mark)
    if isinstance(field, models.BooleanField):
        return released
    if not released:
        return None
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    return timezone.localdate()


def is_released(kind_key: str, obj) -> bool:
    value = getattr(obj, KINDS[kind_key].mark)
    return bool(value) if not isinstance(value, (date, datetime)) else True


# ---- hashes -------------------------------------------------------------------------------------------------

def digest(kind: TextKind, obj, texts: dict[str, str]) -> str:
    """Of exactly what readers receive: each field's text, and the scope it goes to."""
    data = {"kind": kind.key, "texts": {f: texts.get(f, "") for f in kind.fields
                                        if f not in kind.late_fields or texts.get(f)},
            "scope": kind.scope(obj) if kind.scope else ""}
    return digest_hex(json.dumps(data, ensure_ascii=False, sort_keys=True).encode(), hash_algorithm())


def texts_of(kind: TextKind, obj) -> dict[str, str]:
    return {f: getattr(obj, f) or "" for f in kind.fields}


# ---- selectors ----------------------------------------------------------------------------------------------

def review_of(kind_key: str, obj) -> TextReview | None:
    ct = ContentType.objects.get_for_model(KINDS[kind_key].model)
    return TextReview.objects.filter(kind=kind_key, content_type=ct, object_id=obj.pk).first()


def reviews_of(kind_keys, objs) -> dict[tuple[str, int], TextReview]:
    """(kind, object id) → review, for a page of objects: one query."""
    objs = list(objs)
    if not objs:
        return {}
    kinds = list(kind_keys)
    rows = TextReview.objects.filter(kind__in=kinds, object_id__in=[o.pk for o in objs])
    return {(r.kind, r.object_id): r for r in rows}


def with_reviews(kind_key: str, objs) -> list[tuple[Any, TextReview | None]]:
    """(object, its review) pairs for a staff page that lists texts with their review state."""
    objs = list(objs)
    found = reviews_of([kind_key], objs)
    return [(o, found.get((kind_key, o.pk))) for o in objs]


def object_of(review: TextReview):
    return kind_of(review).model._base_manager.filter(pk=review.object_id).first()


def acting_roles(step: dict) -> list[str]:
    """Who can close a step: on the step that records the 保密审查, only that duty's holders."""
    return [Role.SECRECY] if step.get("secrecy") else list(step["roles"])


def pending_for(actor):
    """Texts at a step the actor holds a duty for, at the step's org (the workbench's 待审文本)."""
    person = staff.person_of(actor)
    if person is None:
        return []
    duties = {(o, r) for o, _p, r in staff.duties_of(person)}
    orgs = {o for o, _r in duties}
    out = []
    for review in TextReview.objects.filter(state=TextReview.State.REVIEW, org_id__in=orgs).select_related("org"):
        step = review.current_step
        if step and any((review.org_id, r) in duties for r in acting_roles(step)):
            review.kind_label = label_of(review)
            out.append(review)
    return out


def returned_to(actor) -> list[TextReview]:
    person = staff.person_of(actor)
    if person is None:
        return []
    out = list(TextReview.objects.filter(state=TextReview.State.RETURNED, submitted_by=person).select_related("org"))
    for review in out:
        review.kind_label = label_of(review)
    return out


# ---- submit ---------------------------------------------------------------------------------------------------

def _scan(kind: TextKind, review: TextReview, texts: dict[str, str]) -> None:
    """Findings of every field; decisions on unchanged findings are kept."""
    words = secrecy.configured_words()
    found = []
    for f in kind.fields:
        scanner = secrecy.scan_html if f in kind.html else secrecy.scan
        found += [(f, x) for x in scanner(texts.get(f, ""), words)]
    old = {(x.field, x.start, x.end, x.text): x for x in review.findings.all()} if review.pk else {}
    new = []
    for f, x in found:
        if old.pop((f, x.start, x.end, x.text[:200]), None) is None:
            new.append(TextFinding(review=review, field=f, kind=x.kind, start=x.start, end=x.end, text=x.text[:200]))
    if old:
        TextFinding.objects.filter(pk__in=[x.pk for x in old.values()]).delete()
    TextFinding.objects.bulk_create(new)


def _hide(kind: TextKind, obj) -> None:
    value = _mark_value(kind, False)
    kind.model._base_manager.filter(pk=obj.pk).update(**{kind.mark: value})
    setattr(obj, kind.mark, value)


def _notify_step(review: TextReview, exclude_person=None) -> None:
    step = review.current_step
    if step is None:
        return
    title = _("待办：%(step)s — %(kind)s“%(title)s”") % {"step": step["label"], "kind": label_of(review),
                                                       "title": review.label}
    body = _("%(org)s的%(kind)s“%(title)s”已进入“%(step)s”环节，公开前须经审查，请及时办理。") % {
        "org": review.org.name, "kind": label_of(review), "title": review.label, "step": step["label"]}
    notifications.notify_holders(review.org_id, acting_roles(step), title=title, body=body, url=review_url(review),
                                 exclude_person=exclude_person)


@transaction.atomic
def submit(kind_key: str, obj, actor, *, label: str | None = None) -> TextReview:
    """Put the owner's current text under review (called by the owner's service, in its transaction, after its
    own write check). The text disappears from every reader path until released; an unchanged text that is
    already released stays released."""
    kind = KINDS[kind_key]
    person = staff.require_person(actor)
    org = kind.org(obj)
    texts = texts_of(kind, obj)
    ct = ContentType.objects.get_for_model(kind.model)
    review = (TextReview.objects.select_for_update()
              .filter(kind=kind_key, content_type=ct, object_id=obj.pk).first())
    if review is not None and review.state == TextReview.State.RELEASED and texts == review.redacted \
            and review.content_hash == digest(kind, obj, texts):
        return review
    _hide(kind, obj)
    label = (label or texts.get("title") or next(iter(texts.values()), ""))[:300] or str(kind.label)
    if review is None:
        review = TextReview(kind=kind_key, content_type=ct, object_id=obj.pk, org=org)
    else:
        notifications.withdraw_todos_for(review_url(review))
        review.version += 1
    review.org, review.label, review.texts, review.redacted = org, label, texts, {}
    review.steps, review.step_index, review.state = flows.text_flow(org), 0, TextReview.State.REVIEW
    review.content_hash, review.released_at = "", None
    review.submitted_by, review.submitted_at = person, timezone.now()
    review.save()
    _scan(kind, review, texts)
    _record(review, person, Role.PROPOSER, A.SUBMIT, "", texts, step_label=_("提交审查"))
    _notify_step(review, exclude_person=person.pk)
    record("text.submitted", actor=actor, obj=review, detail={"kind": kind_key, "object": obj.pk,
                                                              "version": review.version})
    return review


def _record(review, person: Person, role: str, action: str, opinion: str, texts: dict, *, step_label: str = ""):
    kind = kind_of(review)
    obj = object_of(review)
    return TextRecord.objects.create(review=review, step_label=step_label[:60], action=action, actor_person=person,
                                     actor_name=person.name[:60], role=role, opinion=opinion,
                                     content_hash=digest(kind, obj, texts))


# ---- decisions --------------------------------------------------------------------------------------------------

def _locked(review: TextReview) -> TextReview:
    return TextReview.objects.select_for_update().select_related("org").get(pk=review.pk)


@transaction.atomic
def decide_finding(finding: TextFinding, actor, decision: str, reason: str = "") -> TextFinding:
    """脱密 or 无需处理, by a holder of the 保密审查 duty at the deciding org, while the text is in review."""
    review = _locked(finding.review)
    person = staff.require_text_secrecy(actor, review)
    if review.state != TextReview.State.REVIEW:
        raise ValidationError(_("该文本不在审查中，不能处理保密审查发现。"))
    if decision not in (D.REDACT, D.WAIVE):
        raise ValidationError(_("请选择脱密处理或无需处理。"))
    reason = (reason or "").strip()
    if decision == D.WAIVE and not reason:
        raise ValidationError(_("选择“无需处理”须写明理由。"))
    finding = TextFinding.objects.select_for_update().get(pk=finding.pk, review=review)
    finding.decision, finding.reason = decision, reason[:1000]
    finding.decided_by, finding.decided_at = person, timezone.now()
    finding.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    record("text.finding_decided", actor=actor, obj=review,
           detail={"finding": finding.pk, "kind": finding.kind, "decision": decision})
    return finding


def _check_separation(review: TextReview, person: Person, step: dict) -> None:
    """Submitter, secrecy reviewer and approver: three different people (seed 001 art. 17)."""
    duty = "secrecy" if step.get("secrecy") else step["kind"]
    duties = set()
    if review.submitted_by_id == person.pk:
        duties.add("propose")
    since = review.records.filter(action=A.SUBMIT).order_by("-at", "-id").values_list("at", flat=True).first()
    for label in review.records.filter(actor_person=person, action=A.PASS, at__gte=since).values_list(
            "step_label", flat=True):
        other = next((s for s in review.steps if s["label"] == label), None)
        if other is not None:
            duties.add("secrecy" if other.get("secrecy") else other["kind"])
    duties.discard(duty)
    if duties:
        raise ValidationError(_("同一文本的提交人、保密审查人和审批人必须是三个不同的人；您已在本文本中担任其他职责，"
                                "不能办理“%(step)s”。") % {"step": step["label"]})


def redacted_texts(review: TextReview) -> dict[str, str]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in review.findings.all():
        if f.decision == D.REDACT:
            spans.setdefault(f.field, []).append((f.start, f.end))
    return {k: secrecy.redact(v, spans.get(k, [])) for k, v in review.texts.items()}


@transaction.atomic
def act(review: TextReview, actor, action: str, *, opinion: str = "") -> TextReview:
    """Close the current step (通过), send the text back to its submitter (退回修改), or refuse it (不予发布)."""
    review = _locked(review)
    person, role = staff.require_text_step(actor, review)
    step = review.current_step
    opinion = (opinion or "").strip()
    if action not in (A.PASS, A.RETURN, A.REJECT):
        raise ValidationError(_("请选择办理结果。"))
    if action in (A.RETURN, A.REJECT) and not opinion:
        raise ValidationError(_("退回或不予发布须填写意见。"))
    _check_separation(review, person, step)
    notifications.withdraw_todos_for(review_url(review))
    if action == A.PASS:
        if step.get("secrecy"):
            pending = review.findings.filter(decision=D.PENDING).count()
            if pending:
                raise ValidationError(_("尚有 %(n)s 处保密审查发现未处理：请逐项选择脱密处理或无需处理。") % {"n": pending})
        seen = redacted_texts(review)
        _record(review, person, role, A.PASS, opinion, seen, step_label=step["label"])
        review.step_index += 1
        review.save(update_fields=["step_index"])
        if review.step_index >= len(review.steps):
            _release(review, person, seen)
        else:
            _notify_step(review, exclude_person=person.pk)
    else:
        _record(review, person, role, action, opinion, review.texts, step_label=step["label"])
        review.state = TextReview.State.RETURNED if action == A.RETURN else TextReview.State.REJECTED
        review.save(update_fields=["state"])
        if review.submitted_by_id:
            notifications.notify_person(
                review.submitted_by_id,
                _("%(kind)s“%(title)s”被%(what)s") % {"kind": label_of(review), "title": review.label,
                                                     "what": A(action).label},
                _("意见：%(o)s") % {"o": opinion}, url=review_url(review))
    record(f"text.{action}", actor=actor, obj=review, detail={"step": step["label"], "role": role})
    return review


def _release(review: TextReview, person: Person, texts: dict[str, str]) -> None:
    kind = kind_of(review)
    obj = kind.model._base_manager.select_for_update().get(pk=review.object_id)
    mark = _mark_value(kind, True)
    kind.model._base_manager.filter(pk=obj.pk).update(**texts, **{kind.mark: mark})
    for f, v in texts.items():
        setattr(obj, f, v)
    setattr(obj, kind.mark, mark)
    review.redacted, review.state, review.released_at = texts, TextReview.State.RELEASED, timezone.now()
    review.content_hash = digest(kind, obj, texts)
    review.save(update_fields=["redacted", "state", "released_at", "content_hash"])
    _record(review, person, "", A.RELEASE, "", texts, step_label=_("发布"))
    record("text.released", actor=person, obj=review, detail={"kind": review.kind, "object": obj.pk,
                                                               "hash": review.content_hash})
    if kind.on_release is not None:
        kind.on_release(obj)


def release_through(review: TextReview, secrecy, approver, *, decision: str = D.REDACT,
                    opinion: str = "同意发布") -> TextReview:
    """Take a text through every step as the named duty holders would, each step through `decide_finding` and
    `act` with all their checks: for demo data and for records decided on paper and entered afterwards."""
    for finding in review.findings.filter(decision=D.PENDING):
        decide_finding(finding, secrecy, decision, "" if decision == D.REDACT else _("经核实可以公开"))
    while True:
        review.refresh_from_db()
        step = review.current_step
        if step is None:
            return review
        act(review, secrecy if step.get("secrecy") else approver, A.PASS, opinion=opinion)


@transaction.atomic
def withdraw(kind_key: str, obj, actor, reason: str) -> TextReview | None:
    """The owner made the text non-public (a public reply or answer turned private …): called by the owner's
    service, in its transaction, after its own write check. A review in progress is closed with a record
    naming who withdrew it and why, its 待办 are withdrawn with that note, and the release mark is cleared;
    a released text is withdrawn the same way (its reader copy is gone, so `drift` no longer watches it).
    Nothing to withdraw (no review, or one already refused or withdrawn): None."""
    kind = KINDS[kind_key]
    ct = ContentType.objects.get_for_model(kind.model)
    review = (TextReview.objects.select_for_update().select_related("org")
              .filter(kind=kind_key, content_type=ct, object_id=obj.pk).first())
    if review is None or review.state in (TextReview.State.REJECTED, TextReview.State.WITHDRAWN):
        return None
    person = staff.require_person(actor)
    reason = (reason or "").strip()[:1000] or _("该文本已不再公开")
    was, step = review.state, review.current_step or {}
    _hide(kind, obj)
    notifications.withdraw_todos_for(review_url(review), note=_(
        "【已撤回】%(kind)s“%(title)s”已不再公开（%(reason)s），审查已终止，此待办无需再办理。") % {
        "kind": label_of(review), "title": review.label, "reason": reason})
    review.state = TextReview.State.WITHDRAWN
    review.save(update_fields=["state"])
    TextRecord.objects.create(review=review, step_label=str(step.get("label") or _("撤回"))[:60], action=A.WITHDRAW,
                              actor_person=person, actor_name=person.name[:60], role="", opinion=reason,
                              content_hash=digest(kind, obj, review.texts))
    record("text.withdrawn", actor=actor, obj=review, detail={"kind": kind_key, "object": obj.pk, "was": was,
                                                               "reason": reason[:200]})
    return review


# ---- after release ---------------------------------------------------------------------------------------------

DRIFT_ALERT = "text_drift"


def drift() -> list[TextReview]:
    """Released texts whose owner no longer holds what was approved (a direct database change)."""
    out = []
    for review in TextReview.objects.filter(state=TextReview.State.RELEASED).select_related("org").iterator():
        kind = KINDS.get(review.kind)
        obj = object_of(review) if kind else None
        if obj is None or digest(kind, obj, texts_of(kind, obj)) != review.content_hash:
            out.append(review)
    return out


def verify_released_texts() -> tuple[int, list[TextReview]]:
    """The scheduled check: every released text is still what was approved; drift alerts the audit
    administrator (audit alerts) and the org's 党务公开办公室, once until it is gone."""
    drifted = drift()
    keys = {f"text:{r.pk}" for r in drifted}
    for key in alerts.open_alerts().filter(kind=DRIFT_ALERT).values_list("key", flat=True):
        if key not in keys:
            alerts.clear_alert(DRIFT_ALERT, key)
    for review in drifted:
        title = _("公开文本被改动：%(kind)s“%(t)s”") % {"kind": label_of(review), "t": review.label}
        if alerts.raise_alert(DRIFT_ALERT, f"text:{review.pk}", title,
                              {"review": review.pk, "kind": review.kind, "org": review.org.name}) is None:
            continue
        body = _("已发布的%(kind)s“%(t)s”当前向读者提供的文本与审查通过的版本不一致，可能在数据库中被直接改动。"
                 "请核查，并重新提交审查。") % {"kind": label_of(review), "t": review.label}
        for pk in Person.objects.filter(roles__org=review.org, roles__role=Role.OFFICE_ADMIN).values_list(
                "pk", flat=True).distinct():
            notifications.notify_person(pk, title, body, kind="alert", url=review_url(review))
    total = TextReview.objects.filter(state=TextReview.State.RELEASED).count()
    return total, drifted


def refuse_unreleased(kind_key: str, obj) -> None:
    """For owner services that act on a released text (e.g. opening a consultation for opinions)."""
    if not is_released(kind_key, obj):
        raise Refused(_("该%(kind)s尚未审查发布。") % {"kind": KINDS[kind_key].label})


__all__ = ["TextKind", "KINDS", "register", "submit", "withdraw", "decide_finding", "act", "review_of", "reviews_of",
           "pending_for", "returned_to", "drift", "verify_released_texts", "is_released", "refuse_unreleased", "review_url", "label_of",
           "object_of", "redacted_texts", "with_reviews", "release_through"]
