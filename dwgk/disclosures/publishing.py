"""实施 and after: publishing per channel, scheduled publication and expiry, offline channel records,
board sheets, interpretation, clarification/correction, withdrawal and widening of scope."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dwgk.access.staff import holds, require_duty
from dwgk.audit.services import record
from dwgk.catalog import services as catalog_services
from dwgk.core.choices import Channel, Scope
from dwgk.orgs.models import Role

from . import integrity, notifications, release, secrecy
from .content import Parts, content_hash, hash_algorithm, parts_of, sanitize_html
from .engine import (
    A,
    advance,
    bump,
    record_step,
    serialized,
    set_status,
    start_workflow,
    user_of,
    workflow_of,
)
from .indexno import assign_index_number
from .models import (
    SCOPE_RANK,
    Disclosure,
    Interpretation,
    Publication,
    SecrecyFinding,
    Status,
    StepKind,
    StepRecord,
    Workflow,
    WorkflowStep,
)
from .services import add_attachment, create_draft

log = logging.getLogger(__name__)
# Channels published by the system itself; the others are recorded with date, place and audience.
ONLINE_CHANNELS = {Channel.PORTAL, Channel.BOARD, Channel.SCREEN}
OFFLINE_CHANNELS = [c for c in Channel.values if c not in ONLINE_CHANNELS]


def secrecy_review_recorded(wf: Workflow, parts: Parts | None = None) -> bool:
    """先审查后公开: a passed secrecy step in this workflow, and no finding left undecided (from `parts`
    when the caller has read them in this transaction)."""
    D = SecrecyFinding.Decision
    if parts is not None:
        open_findings = any(f[4] in (D.PENDING, D.UNCLEAR) for f in parts.findings)
    else:
        open_findings = SecrecyFinding.objects.filter(disclosure_id=wf.disclosure_id,
                                                      decision__in=(D.PENDING, D.UNCLEAR)).exists()
    if open_findings:
        return False
    return StepRecord.objects.filter(workflow_id=wf.pk, action=A.PASS, step__secrecy=True).exists()


def _check_publishable(d: Disclosure, wf: Workflow | None) -> tuple[str, Parts]:
    """Refuse unless approved, secrecy-reviewed and unchanged since approval; returns the content hash
    and the parts it covered (read once for both rules)."""
    if wf is None or wf.current is None or wf.current.kind != StepKind.PUBLISH:
        raise ValidationError(_("该事项尚未完成审批，不能发布。"))
    parts = parts_of(d)
    if not secrecy_review_recorded(wf, parts):
        raise ValidationError(_("先审查后公开：没有完成的保密审查记录，不能发布。"))
    seen = content_hash(d, d.approved_algorithm, parts) if d.approved_hash else ""
    if not seen or seen != d.approved_hash:
        raise ValidationError(_("公开内容与审批通过的版本不一致，不能发布；请退回重新审核。"))
    return seen, parts


@serialized
@transaction.atomic
def publish(d: Disclosure, actor, *, offline: list[dict] | None = None, now=None) -> Disclosure:
    """实施: publish at once, or schedule for the planned time. Offline channel records (meeting,
    document, ...) may be given now or recorded later."""
    now = now or timezone.now()
    wf = workflow_of(d, lock=True)
    d = wf.disclosure if wf is not None else d
    seen, parts = _check_publishable(d, wf)
    person, role = require_duty(actor, wf.current.org, wf.current.roles, wf.current.label)
    offline = [_clean_offline(row) for row in (offline or [])]
    if d.planned_at and d.planned_at > now:
        # A replaced file refuses scheduling too.
        integrity.checked_reader_hash(d, attachments=None if parts.attachments else [])
        if d.status == Status.SCHEDULED:
            raise ValidationError(_("该事项已设定定时发布。"))
        record_step(wf, wf.current, actor, person, role, A.SCHEDULE,
                _("定于 %(t)s 发布") % {"t": timezone.localtime(d.planned_at).strftime("%Y-%m-%d %H:%M")})
        bump(wf, requested={**wf.requested, "offline": [_jsonable(r) for r in offline]})
        set_status(d, Status.SCHEDULED)
        record("disclosure.scheduled", actor=actor, obj=d, detail={"planned_at": d.planned_at.isoformat()})
        return d
    return _do_publish(d, wf, actor, person, role, offline, now, seen, parts)


def _jsonable(row: dict) -> dict:
    return {**row, "held_on": row["held_on"].isoformat() if row.get("held_on") else None}


def _do_publish(d: Disclosure, wf: Workflow, actor, person, role, offline: list[dict], now,
                seen_hash: str, parts: Parts) -> Disclosure:
    # The stored bytes of every reader copy against what the approval covered (refuses on mismatch);
    # an item without attachments has none to re-read.
    reader_hash = integrity.checked_reader_hash(d, attachments=None if parts.attachments else [])
    # The approved hash may use another algorithm than new records: hash again only then.
    same = d.approved_algorithm == hash_algorithm()
    rec = record_step(wf, wf.current, actor, person, role, A.PUBLISH, seen_hash=seen_hash if same else None)
    WorkflowStep.objects.filter(pk=wf.current_id).update(state=WorkflowStep.State.DONE)
    bump(wf, current=None, active=False, outcome=Workflow.Outcome.DONE, ended_at=now)
    user = user_of(actor)
    common = {"disclosure": d, "published_at": now, "published_by": user, "content_hash": rec.content_hash}
    # The channel records in one statement (no post_save): the statistics tally counts them from the
    # published audit entry below, which lists them (its online channels and offline rows), with the item.
    Publication.objects.bulk_create([Publication(channel=c, **common) for c in d.channels if c in ONLINE_CHANNELS]
                                    + [Publication(**common, **row) for row in offline])
    numbered = assign_index_number(d, now, save=False, org=d.org)
    set_status(d, Status.PUBLISHED, published_at=now, published_by=user, published_hash=rec.content_hash,
               reader_hash=reader_hash, **numbered)
    if d.corrects_id:
        Disclosure.objects.filter(pk=d.corrects_id).exclude(status=Status.ARCHIVED).update(superseded_by=d)
    _fulfil_catalog(d, now)
    # The entry names what the statistics tally counts (org, category, day, the channel records written
    # above), so it need not read the item.
    record("disclosure.published", actor=actor, obj=d,
           detail={"channels": d.channels, "hash": rec.content_hash, "scope": d.scope,
                   "corrects": d.corrects_id, "offline": [_jsonable(r) for r in offline],
                   "org": d.org_id, "category": d.category, "published_at": now.isoformat()})
    notifications.notify_person(d.proposer_id, _("已公开：%(t)s") % {"t": d.title}, "", d, "info")
    return d


def _fulfil_catalog(d: Disclosure, now) -> None:
    """A published disclosure linked to a catalog item fulfils its due period (DESIGN invariant 3)."""
    if d.catalog_item_id is None:
        return

    catalog_services.fulfil_due_period(d.catalog_item, published_on=timezone.localdate(now), disclosure_id=d.pk)


def publish_due(now=None) -> dict:
    """Run by the scheduler: publish scheduled items whose time has come; expire ended notices."""
    now = now or timezone.now()
    published = expired = 0
    for d in Disclosure.objects.filter(status=Status.SCHEDULED, planned_at__lte=now).order_by("planned_at"):
        try:
            _publish_scheduled(d, now)
            published += 1
        except ValidationError as exc:
            log.warning("scheduled publication of disclosure %s refused: %s", d.pk, " ".join(exc.messages))
            record("disclosure.scheduled_refused", success=False, obj=d, detail={"reason": " ".join(exc.messages)})
    for d in Disclosure.objects.filter(status=Status.PUBLISHED, expires_at__lte=now):
        with transaction.atomic():
            Publication.objects.filter(disclosure=d, active=True).update(active=False)
            set_status(d, Status.EXPIRED)
            record("disclosure.expired", obj=d, detail={"expires_at": d.expires_at.isoformat()})
        expired += 1
    return {"published": published, "expired": expired}


@transaction.atomic
def _publish_scheduled(d: Disclosure, now) -> None:
    wf = workflow_of(d, lock=True)
    seen, parts = _check_publishable(d, wf)
    scheduled = wf.records.filter(action=A.SCHEDULE).order_by("-at").first()
    actor = scheduled.actor if scheduled else None
    offline = [{**r, "held_on": r["held_on"] and timezone.datetime.fromisoformat(r["held_on"]).date()}
               for r in wf.requested.get("offline", [])]
    _do_publish(d, wf, actor, scheduled.actor_person if scheduled else None,
                scheduled.role if scheduled else Role.PUBLISHER, offline, now, seen, parts)


def _clean_offline(row: dict) -> dict:
    channel = row.get("channel")
    if channel not in OFFLINE_CHANNELS:
        raise ValidationError(_("请选择线下公开方式（会议、文件、简报、新闻发布、媒体、短信、信函、面谈等）。"))
    held_on = row.get("held_on")
    if not held_on:
        raise ValidationError(_("请填写公开日期。"))
    count = row.get("audience_count")
    if count in (None, ""):
        raise ValidationError(_("请填写受众人数。"))
    try:
        count = int(count)
    except (TypeError, ValueError):
        raise ValidationError(_("受众人数须为整数。"))
    if count < 0:
        raise ValidationError(_("受众人数不能为负数。"))
    return {"channel": channel, "held_on": held_on, "place": (row.get("place") or "").strip()[:200],
            "audience_count": count, "note": (row.get("note") or "").strip()[:300]}


@transaction.atomic
def record_offline_publication(d: Disclosure, actor, **row) -> Publication:
    """A meeting, document, briefing, press release, SMS, letter or talk that carried a published item."""
    d.refresh_from_db()
    if d.status not in (Status.PUBLISHED, Status.EXPIRED):
        raise ValidationError(_("只有已公开的事项可以登记线下公开记录。"))
    require_duty(actor, d.org, [Role.PUBLISHER, Role.PROPOSER], _("登记公开记录"))
    data = _clean_offline(row)
    pub = Publication.objects.create(disclosure=d, published_at=timezone.now(),
                                     published_by=user_of(actor),
                                     content_hash=d.published_hash, **data)
    record("disclosure.offline_recorded", actor=actor, obj=d, detail=_jsonable(data))
    return pub


# ---------------------------------------------------------------------------------------------- board sheet

PAGE_SIZES = {"A4": "A4", "A3": "A3"}


def board_sheet_html(d: Disclosure, size: str = "A4") -> str:
    return render_to_string("disclosures/board_sheet.html", {"d": d, "size": size, "body": d.public_body})


def board_sheet_pdf(d: Disclosure, size: str = "A4") -> bytes:
    """公开栏 printable sheet: org name, date, catalog reference, Chinese fonts, A4 or A3."""
    if size not in PAGE_SIZES:
        raise ValidationError(_("纸张规格只能是 A4 或 A3。"))
    if d.published_at is None:
        raise ValidationError(_("尚未公开的事项不能打印公开栏张贴稿。"))
    from weasyprint import HTML

    return HTML(string=board_sheet_html(d, size)).write_pdf()


# ---------------------------------------------------------------------------------------------- afterwards

@transaction.atomic
def add_interpretation(d: Disclosure, actor, *, kind: str, title: str, body: str, author: str = "") -> Interpretation:
    """政策解读 (达州办法 art. 21), organised by the 承办部门 with the publicity department."""
    d.refresh_from_db()
    if d.status != Status.PUBLISHED:
        raise ValidationError(_("只能对已公开的事项发布解读。"))
    require_duty(actor, d.org, [Role.PROPOSER, Role.PUBLISHER], _("发布政策解读"))
    if kind not in Interpretation.Kind.values:
        raise ValidationError(_("请选择解读形式。"))
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationError(_("解读须有标题和内容。"))
    item = Interpretation.objects.create(disclosure=d, kind=kind, title=title.strip()[:200], body=sanitize_html(body),
                                         author=(author or "").strip()[:80],
                                         created_by=user_of(actor), published_at=None)
    # 先审查后公开: readers see it once its review releases it (`_interpretation_released`).
    release.submit(INTERPRETATION, item, actor)
    return item


INTERPRETATION = "interpretation"


def _interpretation_released(item: Interpretation) -> None:
    # The disclosure's readable copy changed: the change feed (search, mirror) follows this audit event.
    record("disclosure.interpreted", obj=item.disclosure, detail={"interpretation": item.pk, "kind": item.kind})


release.register(release.TextKind(
    key=INTERPRETATION, label=gettext_lazy("政策解读"), model=Interpretation, fields=("title", "body"), html=frozenset({"body"}),
    mark="published_at", org=lambda i: i.disclosure.org, scope=lambda i: i.disclosure.scope,
    url=lambda i: reverse("disclosures:detail", args=[i.disclosure_id]), on_release=_interpretation_released))


@transaction.atomic
def withdraw(d: Disclosure, actor, reason: str) -> Disclosure:
    """撤回: taken down with a reason; the record stays, marked."""
    d = Disclosure.objects.select_for_update().get(pk=d.pk)
    if d.status not in (Status.PUBLISHED, Status.SCHEDULED, Status.EXPIRED):
        raise ValidationError(_("只有已公开或定时发布的事项可以撤回。"))
    if not (reason or "").strip():
        raise ValidationError(_("撤回须填写理由。"))
    require_duty(actor, d.org, [Role.APPROVER, Role.PUBLISHER], _("撤回公开事项"))
    wf = workflow_of(d, lock=True)
    if wf is not None:
        # A scheduled item's publish step, or a pending widening, ends with the withdrawal.
        bump(wf, current=None, active=False, outcome=Workflow.Outcome.CANCELLED, ended_at=timezone.now())
    Publication.objects.filter(disclosure=d, active=True).update(active=False)
    set_status(d, Status.WITHDRAWN, withdrawn_at=timezone.now(), withdraw_reason=reason.strip())
    # An interpretation still under review explains nothing public any more: its review ends with the item.
    for item in Interpretation.objects.filter(disclosure=d, published_at__isnull=True):
        release.withdraw(INTERPRETATION, item, actor, _("所解读的公开事项已撤回：%(r)s") % {"r": reason.strip()})
    if d.corrects_id:
        _unmark_corrected(d)
    record("disclosure.withdrawn", actor=actor, obj=d, detail={"reason": reason.strip(), "corrects": d.corrects_id})
    return d


def _unmark_corrected(withdrawn: Disclosure) -> None:
    """A withdrawn correction corrects nothing: the original it marked is marked by the newest correction
    still standing, or stands again unmarked."""
    standing = (Disclosure.objects.filter(corrects_id=withdrawn.corrects_id, status=Status.PUBLISHED)
                .exclude(pk=withdrawn.pk).order_by("-published_at", "-pk").first())
    Disclosure.objects.filter(pk=withdrawn.corrects_id, superseded_by=withdrawn).update(superseded_by=standing)


@transaction.atomic
def start_correction(d: Disclosure, actor, *, kind: str, reason: str, title: str | None = None,
                     body: str | None = None) -> Disclosure:
    """澄清/更正 (art. 24): a new version that goes through the whole workflow; once published the
    original is marked in place as corrected by it."""
    d.refresh_from_db()
    if d.status not in (Status.PUBLISHED, Status.EXPIRED):
        raise ValidationError(_("只能对已公开的事项进行澄清或更正。"))
    if kind not in ("clarify", "correct"):
        raise ValidationError(_("请选择澄清或更正。"))
    if not (reason or "").strip():
        raise ValidationError(_("请说明澄清/更正的内容和原因。"))
    person, _role = require_duty(actor, d.org, [Role.PROPOSER, Role.PUBLISHER], _("提出澄清/更正"))
    # The note is shown to readers beside the new version and has no redacted copy: it may hold nothing the
    # secrecy scan flags (the new version's approval covers it, see content.snapshot).
    flagged = secrecy.scan(reason.strip())
    if flagged:
        raise ValidationError(_("澄清/更正说明将随新版本向读者公开，其中含有%(what)s（“%(text)s”），请删除后再提交。")
                              % {"what": flagged[0].label, "text": flagged[0].text})
    new = create_draft(org=d.org, title=title or d.title, body=body or d.body, proposer=person, scope=d.scope,
                       category=d.category, catalog_item=d.catalog_item, channels=d.channels,
                       out_of_catalog_reason=d.out_of_catalog_reason, target_orgs=d.target_orgs.all(),
                       target_people=d.target_people.all(), actor=actor,
                       document_number=d.document_number, written_on=d.written_on, keywords=d.keywords)
    Disclosure.objects.filter(pk=new.pk).update(
        corrects=d, version_no=d.version_no + 1, correction_kind=kind, correction_reason=reason.strip(),
        risk_level=d.risk_level, risk_effect=d.risk_effect, risk_plan=d.risk_plan)
    # The attachments come along (listed on the new draft, removable there) and are scanned again.
    for att in d.attachments.order_by("id"):
        with att.file.open("rb") as fh:
            add_attachment(new, actor, name=att.name, data=fh.read())
    new.refresh_from_db()
    record("disclosure.correction_started", actor=actor, obj=d, detail={"new_version": new.pk, "kind": kind})
    return new


@serialized
@transaction.atomic
def request_scope_change(d: Disclosure, actor, *, scope: str, reason: str, target_orgs=(), target_people=()) -> Workflow:
    """先党内后党外: widening a published item's scope is its own reviewed step; narrowing is refused."""
    d = Disclosure.objects.select_for_update().get(pk=d.pk)
    if d.status != Status.PUBLISHED:
        raise ValidationError(_("只有已公开的事项可以调整公开范围。"))
    if scope not in Scope.values:
        raise ValidationError(_("请选择公开范围。"))
    if SCOPE_RANK[scope] <= SCOPE_RANK[d.scope]:
        raise ValidationError(_("公开后范围只能扩大，不能缩小或保持不变（当前：%(s)s）。") % {
            "s": Scope(d.scope).label})
    if not (reason or "").strip():
        raise ValidationError(_("请说明扩大公开范围的理由。"))
    person, role = require_duty(actor, d.org, [Role.PROPOSER], _("提出扩大公开范围"))
    if workflow_of(d) is not None:
        raise ValidationError(_("该事项已有进行中的流程。"))
    wf = start_workflow(d, Workflow.Purpose.WIDEN, requested={
        "scope": scope, "reason": reason.strip(), "target_orgs": [o.pk for o in target_orgs],
        "target_people": [p.pk for p in target_people]}, deciding=True)
    record_step(wf, wf.current, actor, person, role, A.SUBMIT, reason.strip())
    advance(wf, wf.current, actor)
    record("disclosure.scope_change_requested", actor=actor, obj=d, detail={"from": d.scope, "to": scope})
    return wf


def can_publish(person, d: Disclosure) -> bool:
    return holds(person, d.org, [Role.PUBLISHER]) is not None


__all__ = ["publish", "publish_due", "record_offline_publication", "board_sheet_pdf", "add_interpretation",
           "withdraw", "start_correction", "request_scope_change", "can_publish"]
