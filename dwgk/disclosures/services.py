"""Write side of the disclosure workflow (达州办法 art. 14; DESIGN invariants 2 and 4).

Public functions other apps call:
    create_draft(*, org, title, body, proposer, scope, category=None, catalog_item=None, source=None)
    submit(disclosure, actor) · act(disclosure, actor, action, opinion=..., expected_version=...)
    decide_finding(finding, actor, decision, reason) · publish(...) in `publishing`, archive in `archive`.

Every decision is a StepRecord (actor, role, opinion, time, hash of the content seen) and an audit
entry. Bad input raises ValidationError with a Chinese message and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.access.staff import (
    require_drafting,
    require_duty,
    require_person,
    require_secrecy_duty,
    require_step_duty,
)
from dwgk.audit.services import record
from dwgk.core.choices import Category, Channel, Scope
from dwgk.core.raw import raw_rows
from dwgk.orgs.models import Organization, Person, Role, RoleAssignment
from dwgk.orgs.selectors import ancestors

from . import notifications, readercopy, secrecy
from .content import (
    attachment_part,
    check_attachment,
    content_hash,
    hash_algorithm,
    parts_of,
    sanitize_html,
    sha256_hex,
)
from .engine import (
    EDITABLE,
    IN_FLIGHT,
    A,
    ConcurrentDecision,
    advance,
    apply_scope_change,
    bump,
    check_separation,
    insert_after,
    record_step,
    rewind,
    serialized,
    set_status,
    start_workflow,
    user_of,
    workflow_of,
)
from .extract import Extraction, extract
from .extract import cached as cached_extraction
from .extract import read as read_extraction
from .models import (
    Attachment,
    Disclosure,
    RiskLevel,
    SecrecyFinding,
    Status,
    StepKind,
    StepRecord,
    Workflow,
    WorkflowStep,
)

# ---------------------------------------------------------------------------------------------- drafting

METADATA_FIELDS = ("document_number", "written_on", "keywords")


def _clean_metadata(data: dict) -> dict:
    """发文字号, 成文日期, 关键词: optional; trimmed to their columns."""
    keywords = " ".join((data.get("keywords") or "").replace("，", " ").replace(",", " ").split())
    if len(keywords) > 120:
        raise ValidationError(_("关键词不能超过 120 字。"))
    number = (data.get("document_number") or "").strip()
    if len(number) > 60:
        raise ValidationError(_("发文字号不能超过 60 字。"))
    return {"document_number": number, "written_on": data.get("written_on") or None, "keywords": keywords}


def _clean_fields(org: Organization, data: dict) -> dict:
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError(_("请填写标题。"))
    if len(title) > 200:
        raise ValidationError(_("标题不能超过 200 字。"))
    body = sanitize_html(data.get("body") or "")
    if not body.strip():
        raise ValidationError(_("请填写正文。"))
    scope = data.get("scope")
    if scope not in Scope.values:
        raise ValidationError(_("请选择公开范围。"))
    channels = [c for c in (data.get("channels") or []) if c]
    bad = [c for c in channels if c not in Channel.values]
    if bad:
        raise ValidationError(_("公开方式“%(c)s”无效。") % {"c": "、".join(bad)})
    item = data.get("catalog_item")
    reason = (data.get("out_of_catalog_reason") or "").strip()
    if item is not None:
        if item.catalog.org_id != org.pk:
            raise ValidationError(_("所选目录事项不属于%(org)s的党务公开目录。") % {"org": org.name})
        reason = ""
    elif not reason:
        raise ValidationError(_("目录外事项须说明公开理由。"))
    category = data.get("category") or (item.category if item is not None else Category.OTHER)
    if category not in Category.values:
        raise ValidationError(_("公开类别无效。"))
    planned_at, expires_at = data.get("planned_at"), data.get("expires_at")
    if planned_at and expires_at and expires_at <= planned_at:
        raise ValidationError(_("公开截止时间必须晚于计划公开时间。"))
    return {"title": title, "body": body, "scope": scope, "channels": channels, "catalog_item": item,
            "out_of_catalog_reason": reason, "category": category, "planned_at": planned_at,
            "expires_at": expires_at}


def _set_targets(d: Disclosure, target_orgs, target_people) -> None:
    d.target_orgs.set(list(target_orgs or []))
    d.target_people.set(list(target_people or []))


@transaction.atomic
def create_draft(*, org: Organization, title: str, body: str, proposer, scope: str, category: str | None = None,
                 catalog_item=None, source: str | None = None, channels=None, out_of_catalog_reason: str = "",
                 planned_at=None, expires_at=None, target_orgs=(), target_people=(), actor=None,
                 document_number: str = "", written_on=None, keywords: str = "") -> Disclosure:
    """A draft 公开方案 in the workflow. `proposer` is a Person or a User; a draft made from a request
    or feedback (`source`) that is not in the catalog gets that origin as its 目录外 reason."""
    person = require_person(proposer)
    actor = actor if actor is not None else getattr(person, "user", None)
    if catalog_item is None and not out_of_catalog_reason and source:
        out_of_catalog_reason = _("由%(source)s转为主动公开") % {"source": source}
    fields = _clean_fields(org, {
        "title": title, "body": body, "scope": scope, "channels": channels or [Channel.PORTAL],
        "catalog_item": catalog_item, "out_of_catalog_reason": out_of_catalog_reason, "category": category,
        "planned_at": planned_at, "expires_at": expires_at})
    d = Disclosure.objects.create(org=org, proposer=person, created_by=user_of(actor),
                                  source=(source or "")[:120], **fields,
                                  **_clean_metadata({"document_number": document_number, "written_on": written_on,
                                                     "keywords": keywords}))
    _set_targets(d, target_orgs, target_people)
    rescan(d)
    record("disclosure.created", actor=actor, obj=d, detail={"org": org.pk, "title": d.title, "source": d.source})
    return d


@transaction.atomic
def update_draft(d: Disclosure, actor, *, target_orgs=None, target_people=None, **data) -> Disclosure:
    """Edit the plan. After submission an edit sends the item back to review (what was approved is
    what is published): every later approval must see the new content."""
    d.refresh_from_db()
    if d.status not in EDITABLE | IN_FLIGHT:
        raise ValidationError(_("“%(status)s”状态的公开事项不能修改；已公开的请使用澄清/更正。") % {
            "status": d.get_status_display()})
    person = require_drafting(actor, d)
    merged = {k: getattr(d, k) for k in ("title", "body", "scope", "channels", "catalog_item",
                                         "out_of_catalog_reason", "category", "planned_at", "expires_at")}
    merged.update({k: v for k, v in data.items() if k in merged})
    fields = _clean_fields(d.org, merged)
    meta = {k: getattr(d, k) for k in METADATA_FIELDS}
    meta.update({k: v for k, v in data.items() if k in meta})
    fields.update(_clean_metadata(meta))
    for key, value in fields.items():
        setattr(d, key, value)
    d.save()
    if target_orgs is not None or target_people is not None:
        _set_targets(d, target_orgs if target_orgs is not None else d.target_orgs.all(),
                     target_people if target_people is not None else d.target_people.all())
    rescan(d)
    if d.status in IN_FLIGHT:
        _back_to_review(d, actor, person, _("审批后修改了公开方案，退回重新审核"))
    record("disclosure.edited", actor=actor, obj=d, detail={"status": d.status})
    return d


@transaction.atomic
def set_risk_assessment(d: Disclosure, actor, *, level: str, effect: str, plan: str) -> Disclosure:
    """风险评估 (art. 18): expected effect, and for a risky item a contingency plan."""
    if level not in RiskLevel.values:
        raise ValidationError(_("请选择风险等级。"))
    if not (effect or "").strip():
        raise ValidationError(_("请填写公开效果预判。"))
    if level != RiskLevel.LOW and not (plan or "").strip():
        raise ValidationError(_("风险等级为中或高时必须制定防范应对预案。"))
    return update_draft_risk(d, actor, level, effect.strip(), (plan or "").strip())


def update_draft_risk(d, actor, level, effect, plan):
    d.refresh_from_db()
    require_drafting(actor, d)
    if d.status not in EDITABLE:
        raise ValidationError(_("风险评估须在提交前完成。"))
    d.risk_level, d.risk_effect, d.risk_plan = level, effect, plan
    d.save(update_fields=["risk_level", "risk_effect", "risk_plan", "updated_at"])
    record("disclosure.risk_assessed", actor=actor, obj=d, detail={"level": level})
    return d


def add_attachment(d: Disclosure, actor, *, name: str, data: bytes) -> Attachment:
    """Check the file through the guarded intake (a broken file is refused with a Chinese message
    naming it), store it, rescan. The file is written inside the transaction; the media storage removes
    it again unless that transaction (or an outer one) commits, so no failure leaves an orphan file."""
    content_type, is_text, _text = check_attachment(name, data)
    extract(name, data)  # FileRejected for a corrupt, encrypted or malformed file; cached for rescan
    with transaction.atomic():
        d.refresh_from_db()
        if d.status not in EDITABLE | IN_FLIGHT:
            raise ValidationError(_("当前状态不能添加附件。"))
        person = require_drafting(actor, d)
        digest = sha256_hex(data)
        att = Attachment(disclosure=d, name=name[:200], content_type=content_type, size=len(data), sha256=digest,
                         is_text=is_text, uploaded_by=user_of(actor))
        att.file.save(name, ContentFile(data), save=False)
        att.save()
        rescan(d)
        if d.status in IN_FLIGHT:
            _back_to_review(d, actor, person, _("审批后增加了附件，退回重新审核"))
        record("disclosure.attachment_added", actor=actor, obj=d, detail={"name": name, "sha256": digest})
    return att


def attachment_extraction(att: Attachment) -> Extraction:
    """What the scanner reads of a stored attachment (cached by content hash); never raises. An unchanged
    file is found in the cache by its recorded hash, without reading it from storage again."""
    hit = cached_extraction(att.name, att.sha256) if att.sha256 else None
    if hit is not None:
        return hit
    try:
        with att.file.open("rb") as fh:
            data = fh.read()
    except OSError:
        return Extraction(None, _("附件文件缺失。"))
    return read_extraction(att.name, data)


def remove_attachment(d: Disclosure, actor, att: Attachment) -> None:
    """A draft's attachment taken off again (e.g. one carried into a correction); findings follow."""
    d.refresh_from_db()
    if d.status not in EDITABLE:
        raise ValidationError(_("只有草稿或退回修改的事项可以删除附件。"))
    if att.disclosure_id != d.pk:
        raise ValidationError(_("该附件不属于这个公开事项。"))
    require_drafting(actor, d)
    name, digest = att.name, att.sha256
    files = [f for f in (att.file, att.redacted_file) if f]
    att.delete()
    # The files go once the deletion commits: a rollback (of this or an outer block) keeps the row's files.
    for f in files:
        transaction.on_commit(lambda storage=f.storage, stored=f.name: storage.delete(stored))
    rescan(d)
    record("disclosure.attachment_removed", actor=actor, obj=d, detail={"name": name, "sha256": digest})


def attachment_text(att: Attachment) -> str | None:
    """The text the scanner reads (plain text, Word, Excel, PDF, OFD), or None if it cannot be read."""
    return attachment_extraction(att).text


# ---------------------------------------------------------------------------------------------- secrecy

def rescan(d: Disclosure) -> list[SecrecyFinding]:
    """Scan title, body and text attachments. Decisions on unchanged findings are kept."""
    words = secrecy.configured_words()
    found: list[tuple[str, secrecy.Finding]] = [("title", f) for f in secrecy.scan(d.title, words)]
    found += [("body", f) for f in secrecy.scan_html(d.body, words)]
    for att in raw_rows(Attachment, "disclosure_id = %s", [d.pk], "ORDER BY id"):
        extraction = attachment_extraction(att)
        text = extraction.text
        if extraction.active:
            # One whole-file finding (0, 0): withholding the file settles it, and an unreadable text too.
            found.append((f"attachment:{att.pk}", secrecy.Finding(secrecy.Kind.ACTIVE, 0, 0,
                                                                  "；".join(extraction.active))))
        if text is None and not extraction.active:
            found.append((f"attachment:{att.pk}", secrecy.Finding(secrecy.Kind.UNSCANNED, 0, 0, att.name)))
        elif text:
            found += [(f"attachment:{att.pk}", f) for f in secrecy.scan(text, words)]
    old = {(f.field, f.start, f.end, f.text): f for f in raw_rows(SecrecyFinding, "disclosure_id = %s", [d.pk])}
    kept, new = [], []
    for field, f in found:
        existing = old.pop((field, f.start, f.end, f.text[:200]), None)
        if existing:
            kept.append(existing)
        else:
            new.append(SecrecyFinding(disclosure=d, field=field, kind=f.kind, start=f.start, end=f.end,
                                      text=f.text[:200]))
    if old:
        SecrecyFinding.objects.filter(pk__in=[f.pk for f in old.values()]).delete()
    if new:
        SecrecyFinding.objects.bulk_create(new)
    return kept + new


def apply_redactions(d: Disclosure, findings=None, attachments=None) -> list[Attachment]:
    """Produce the redacted copy (脱密稿): title and body with redacted spans masked; each attachment
    with redacted spans gets a reader copy in its own format where possible (`readercopy`); an
    unreadable attachment the reviewer chose to redact is withheld. `attachments`: the item's
    attachments if the caller knows them (an empty list when it has none). Returns them as saved."""
    spans: dict[str, list[tuple[int, int]]] = {}
    secrets: dict[str, list[str]] = {}
    withheld = set()
    for f in findings if findings is not None else d.findings.all():
        if f.decision == SecrecyFinding.Decision.REDACT:
            if f.kind in (secrecy.Kind.UNSCANNED, secrecy.Kind.ACTIVE):
                withheld.add(f.field)
            else:
                spans.setdefault(f.field, []).append((f.start, f.end))
                secrets.setdefault(f.field, []).append(f.text)
    title = secrecy.redact(d.title, spans.get("title", [])) if spans.get("title") else ""
    body = secrecy.redact(d.body, spans.get("body", [])) if spans.get("body") else ""
    if (title, body) != (d.redacted_title, d.redacted_body):
        d.redacted_title, d.redacted_body = title, body
        Disclosure.objects.filter(pk=d.pk).update(redacted_title=title, redacted_body=body)
    attachments = list(d.attachments.order_by("id") if attachments is None else attachments)
    for att in attachments:
        field = f"attachment:{att.pk}"
        if field in withheld or spans.get(field):
            readercopy.redact(att, spans.get(field, []), secrets.get(field, []), withheld=field in withheld)
        else:
            readercopy.clear(att)
    return attachments


@serialized
@transaction.atomic
def decide_finding(finding: SecrecyFinding, actor, decision: str, reason: str = "") -> SecrecyFinding:
    """The reviewer redacts or waives each finding (waiving needs a written reason), or marks it
    unclear for the 保密部门; at the 保密部门 step the authority settles the unclear ones."""
    D = SecrecyFinding.Decision
    if decision not in (D.REDACT, D.WAIVE, D.UNCLEAR):
        raise ValidationError(_("请选择处理方式。"))
    reason = (reason or "").strip()
    if decision == D.WAIVE and finding.kind in secrecy.Kind.NOT_WAIVABLE:
        raise ValidationError(_("附件中的宏或脚本不能以“无需处理”放行：请删除该附件并上传不含宏的版本，"
                                "或选择“脱密处理”使该附件不予公开。"))
    if decision in (D.WAIVE, D.UNCLEAR) and not reason:
        raise ValidationError(_("“%(d)s”须填写书面理由。") % {"d": D(decision).label})
    d = finding.disclosure
    wf = workflow_of(d, lock=True)
    step = wf.current if wf else None
    if step is None or not (step.secrecy or step.kind == StepKind.SECRECY_AUTHORITY):
        raise ValidationError(_("只有在保密审查环节才能处理保密审查发现。"))
    if step.kind == StepKind.SECRECY_AUTHORITY and decision == D.UNCLEAR:
        raise ValidationError(_("保密部门须作出明确决定：脱密处理或无需处理。"))
    person, role = require_secrecy_duty(actor, step)
    check_separation(wf, step, person)
    finding.refresh_from_db()
    finding.decision, finding.reason = decision, reason
    finding.decided_by = user_of(actor)
    finding.decided_at = timezone.now()
    finding.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    record("disclosure.finding_decided", actor=actor, obj=d,
           detail={"finding": finding.pk, "kind": finding.kind, "field": finding.field, "decision": decision,
                   "reason": reason, "role": role})
    return finding


# ---------------------------------------------------------------------------------------------- engine


def _back_to_review(d: Disclosure, actor, person: Person, why: str) -> None:
    wf = workflow_of(d, lock=True)
    if wf is None or wf.current is None:
        return
    first_review = wf.steps.filter(secrecy=True).order_by("order").first()
    if first_review is None or wf.current.order <= first_review.order:
        return
    record_step(wf, wf.current, actor, person, Role.PROPOSER, A.EDIT_BACK, why)
    rewind(wf, first_review)
    set_status(d, Status.REVIEW, approved_hash="", approved_algorithm="")
    record("disclosure.back_to_review", actor=actor, obj=d, detail={"reason": why})
    notifications.notify_step(wf.steps.get(pk=first_review.pk), actor=actor)


@serialized
@transaction.atomic
def submit(d: Disclosure, actor) -> StepRecord:
    """提出: the proposer submits the plan. Requires the risk assessment (art. 18)."""
    lock = "FOR UPDATE" if connection.features.has_select_for_update else ""
    d = raw_rows(Disclosure, "id = %s", [d.pk], lock)[0]
    d.org = raw_rows(Organization, "id = %s", [d.org_id])[0]
    if d.status not in EDITABLE:
        raise ValidationError(_("只有草稿或退回修改的公开事项可以提交。"))
    person, role = require_duty(actor, d.org, [Role.PROPOSER], _("提出公开方案"))
    if not d.risk_level or not d.risk_effect:
        raise ValidationError(_("提交前须完成风险评估（达州办法第十八条）。"))
    if not d.channels:
        raise ValidationError(_("请至少选择一种公开方式。"))
    if d.scope == Scope.TARGETED and not (d.target_orgs.exists() or d.target_people.exists()):
        raise ValidationError(_("对特定对象公开须指定公开对象（组织或人员）。"))
    rescan(d)
    wf = workflow_of(d, lock=True)
    if wf is None:
        wf = start_workflow(d, deciding=True)  # a new workflow has no earlier duties to separate from
    else:
        if wf.current is None or wf.current.kind != StepKind.PROPOSE:
            raise ValidationError(_("流程不在提出环节。"))
        check_separation(wf, wf.current, person)
    step = wf.current
    rec = record_step(wf, step, actor, person, role, A.SUBMIT)
    advance(wf, step, actor)
    record("disclosure.submitted", actor=actor, obj=d, detail={"workflow": wf.pk, "hash": rec.content_hash})
    return rec


def _secrecy_authority_org(d: Disclosure, person: Person) -> Organization:
    """保密部门: the nearest org (self, then superiors) with a secrecy officer other than the reviewer."""
    for org in [d.org, *reversed(list(ancestors(d.org).exclude(pk=d.org_id)))]:
        if RoleAssignment.objects.filter(org=org, role=Role.SECRECY).exclude(person=person).exists():
            return org
    raise ValidationError(_("未找到可送审的保密部门（上级组织中没有其他保密审查人员）。"))


@serialized
@transaction.atomic
def act(d: Disclosure, actor, action: str, *, opinion: str = "", expected_version: int | None = None,
        meeting_date=None) -> StepRecord:
    """One decision on the current step: pass, return, reject, escalate or send to the 保密部门."""
    opinion = (opinion or "").strip()
    wf = workflow_of(d, lock=True)
    if wf is None or wf.current is None:
        raise ValidationError(_("该事项没有待办理的流程。"))
    if expected_version is not None and wf.version != expected_version:
        raise ConcurrentDecision(_("该事项已由他人处理，请刷新页面查看最新状态。"))
    d = wf.disclosure
    step = wf.current
    if step.kind in (StepKind.PROPOSE, StepKind.PUBLISH):
        raise ValidationError(_("“%(step)s”环节请使用提交或发布操作。") % {"step": step.label})
    secrecy_step = step.secrecy or step.kind == StepKind.SECRECY_AUTHORITY
    # Closing a secrecy step records the 保密审查: only its duty may (the record names that person).
    person, role = require_step_duty(actor, step, secrecy=secrecy_step and action in (A.PASS, A.UNCLEAR))
    check_separation(wf, step, person)
    if action in (A.RETURN, A.REJECT, A.ESCALATE, A.UNCLEAR) and not opinion:
        raise ValidationError(_("“%(a)s”须填写书面理由。") % {"a": A(action).label})
    if step.collective and action == A.PASS and meeting_date is None:
        raise ValidationError(_("“%(step)s”须填写审定会议日期。") % {"step": step.label})
    if action == A.RETURN and wf.purpose == Workflow.Purpose.WIDEN:
        action = A.REJECT  # a widening request has nothing to revise: it is declined with the reason
    findings = raw_rows(SecrecyFinding, "disclosure_id = %s", [d.pk]) if (
        step.secrecy or step.kind == StepKind.SECRECY_AUTHORITY) else []
    D = SecrecyFinding.Decision

    if action == A.PASS:
        seen = None
        if step.secrecy or step.kind == StepKind.SECRECY_AUTHORITY:
            if any(f.decision == D.PENDING for f in findings):
                raise ValidationError(_("还有保密审查发现未处理：每一项须脱密处理或书面说明无需处理。"))
            if any(f.decision == D.UNCLEAR for f in findings):
                raise ValidationError(_("有是否涉密不明确的内容，请选择“送保密部门审查”。"))
            # The covered parts read once: an item without attachments needs no attachment query for the
            # redaction, and the hash covers the attachments as the redaction just saved them.
            parts = parts_of(d)
            saved = apply_redactions(d, findings, attachments=None if parts.attachments else [])
            seen = content_hash(d, hash_algorithm(), parts._replace(
                attachments=[attachment_part(a) for a in sorted(saved, key=lambda a: a.pk)]))
        rec = record_step(wf, step, actor, person, role, A.PASS, opinion, meeting_date, seen_hash=seen)
        nxt = advance(wf, step, actor, rec)
        if nxt is None and wf.purpose == Workflow.Purpose.WIDEN:
            apply_scope_change(wf, actor)
    elif action == A.RETURN:
        rec = record_step(wf, step, actor, person, role, A.RETURN, opinion)
        rewind(wf, wf.steps.get(kind=StepKind.PROPOSE))
        set_status(d, Status.RETURNED if wf.purpose == Workflow.Purpose.PUBLISH else d.status,
                    approved_hash="", approved_algorithm="")
        notifications.notify_person(d.proposer, _("公开事项被退回修改：%(t)s") % {"t": d.title}, opinion, d)
    elif action == A.REJECT:
        rec = record_step(wf, step, actor, person, role, A.REJECT, opinion)
        WorkflowStep.objects.filter(pk=step.pk).update(state=WorkflowStep.State.DONE)
        bump(wf, current=None, active=False, outcome=Workflow.Outcome.REJECTED, ended_at=timezone.now())
        if wf.purpose == Workflow.Purpose.PUBLISH:
            set_status(d, Status.REJECTED)
        notifications.notify_person(d.proposer, _("公开事项未获通过：%(t)s") % {"t": d.title}, opinion, d)
    elif action == A.ESCALATE:
        if step.kind not in (StepKind.APPROVE, StepKind.ESCALATED) or step.org.parent_id is None:
            raise ValidationError(_("只有审批环节可以报上级党组织审批。"))
        rec = record_step(wf, step, actor, person, role, A.ESCALATE, opinion)
        insert_after(wf, step, kind=StepKind.ESCALATED, label=str(StepKind.ESCALATED.label),
                      roles=[Role.APPROVER], org=step.org.parent, inserted_reason=opinion)
        advance(wf, step, actor)
    elif action == A.UNCLEAR:
        if not step.secrecy:
            raise ValidationError(_("只有保密审查环节可以送保密部门审查。"))
        rec = record_step(wf, step, actor, person, role, A.UNCLEAR, opinion)
        insert_after(wf, step, kind=StepKind.SECRECY_AUTHORITY, label=str(StepKind.SECRECY_AUTHORITY.label),
                      roles=[Role.SECRECY], org=_secrecy_authority_org(d, person), inserted_reason=opinion)
        advance(wf, step, actor)
    else:
        raise ValidationError(_("未知的操作。"))
    record(f"disclosure.step.{action}", actor=actor, obj=d,
           detail={"workflow": wf.pk, "step": step.label, "role": role, "opinion": opinion,
                   "hash": rec.content_hash, "algorithm": rec.hash_algorithm})
    return rec
