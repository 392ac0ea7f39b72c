"""Writes for oversight. Every function validates first and raises ValidationError with a Chinese
message; each runs in one transaction, so bad input leaves nothing behind."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dwgk.access import orgs as org_access
from dwgk.access import oversight as access
from dwgk.access.staff import holds
from dwgk.audit.services import record
from dwgk.core.choices import Category, Channel, Scope
from dwgk.core.crypto import blind_index, sm3_hex
from dwgk.disclosures import release
from dwgk.disclosures import services as ds
from dwgk.disclosures.notifications import notify_person
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Organization, Person, Role
from dwgk.workdays.calendar import add_workdays

from . import indicators, selectors
from .models import (
    AccountabilityCase,
    Answer,
    Aspect,
    AssessedOrg,
    Assessment,
    Ballot,
    BestPracticeRound,
    BodyMember,
    Carrier,
    CheckItem,
    Circular,
    ContactPoint,
    Finding,
    Indicator,
    Inspection,
    InspectionTarget,
    LeadingBody,
    Measure,
    Nomination,
    NominationScore,
    Publicity,
    Question,
    Rectification,
    Response,
    RoundLine,
    Score,
    SupervisorAppointment,
    SupervisorComment,
    Survey,
)

NOMINATE_MIN, NOMINATE_MAX = 3, 4  # seed 004 二.6: 每条线报送3－4家
CHOOSE_MIN, CHOOSE_MAX = 1, 2  # seed 004 一, 二.6: 各条线最终确定1－2家


def _in_subtree(org: Organization, root: Organization) -> bool:
    return org.path.startswith(root.path)


def _text(value: str, label: str, max_len: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    if max_len and len(value) > max_len:
        raise ValidationError(f"{label}不能超过{max_len}个字。")
    return value


def _checksum(upload) -> tuple[str, str]:
    if not upload:
        return "", ""
    data = b"".join(upload.chunks())
    upload.seek(0)
    return sm3_hex(data), getattr(upload, "name", "")


# --- 工作台账 -----------------------------------------------------------------------------------

@transaction.atomic
def add_leading_body(org, *, kind: str, name: str, established_on: date, members: list[dict] = (),
                     duties: str = "", actor=None) -> LeadingBody:
    access.require_manage(actor, org)
    if kind not in LeadingBody.Kind.values:
        raise ValidationError("未知的机构类型。")
    body = LeadingBody.objects.create(org=org, kind=kind, name=_text(name, "机构名称", 120),
                                      established_on=established_on, duties=duties)
    for i, m in enumerate(members):
        BodyMember.objects.create(body=body, person=m.get("person"), name=_text(m.get("name", ""), "成员姓名", 40),
                                  position=_text(m.get("position", ""), "成员职务", 40), unit=m.get("unit", ""),
                                  sort_order=i)
    record("oversight.body.added", actor=actor, obj=body, detail={"org": org.pk, "kind": kind})
    return body


@transaction.atomic
def add_measure(org, *, kind: str, title: str, adopted_on: date, doc_number: str = "", document=None,
                actor=None) -> Measure:
    access.require_manage(actor, org)
    if kind not in Measure.Kind.values:
        raise ValidationError("未知的制度类型。")
    checksum, filename = _checksum(document)
    measure = Measure.objects.create(org=org, kind=kind, title=_text(title, "标题", 200), doc_number=doc_number,
                                     adopted_on=adopted_on, document=document or "", filename=filename,
                                     checksum=checksum, created_by=actor)
    record("oversight.measure.added", actor=actor, obj=measure, detail={"org": org.pk, "sm3": checksum})
    return measure


@transaction.atomic
def add_contact_point(org, *, point, established_on: date, contact_person: str = "", note: str = "",
                      actor=None) -> ContactPoint:
    access.require_manage(actor, org)
    if point.pk == org.pk or not _in_subtree(point, org):
        raise ValidationError("联系点应当是本组织的下级党组织。")
    if ContactPoint.objects.filter(org=org, point=point, ended_on__isnull=True).exists():
        raise ValidationError("该单位已是本组织的联系点。")
    cp = ContactPoint.objects.create(org=org, point=point, established_on=established_on,
                                     contact_person=contact_person, note=note)
    record("oversight.contact_point.added", actor=actor, obj=cp)
    return cp


@transaction.atomic
def add_carrier(org, *, kind: str, name: str, established_on: date, quantity: int = 1, url: str = "",
                column_name: str = "", actor=None) -> Carrier:
    access.require_manage(actor, org)
    if kind not in Carrier.Kind.values:
        raise ValidationError("未知的载体类型。")
    if not isinstance(quantity, int) or quantity < 1:
        raise ValidationError("数量应当是正整数。")
    if kind == Carrier.Kind.WEBSITE and not url:
        raise ValidationError("党务公开网应当填写网址。")
    carrier = Carrier.objects.create(org=org, kind=kind, name=_text(name, "名称", 120), quantity=quantity,
                                     established_on=established_on, url=url, column_name=column_name)
    record("oversight.carrier.added", actor=actor, obj=carrier, detail={"kind": kind, "quantity": quantity})
    return carrier


@transaction.atomic
def file_website(carrier: Carrier, *, filed_with: Organization, filed_on: date, actor=None) -> Carrier:
    """网络媒体备案: the website's 党务公开专栏 is filed with a superior (seed 004 二.2 二)."""
    access.require_manage(actor, carrier.org)
    if carrier.kind != Carrier.Kind.WEBSITE:
        raise ValidationError("只有党务公开网（专栏）需要备案。")
    if filed_with.pk == carrier.org_id or not _in_subtree(carrier.org, filed_with):
        raise ValidationError("应当向上级党组织备案。")
    if not carrier.column_name:
        raise ValidationError("请先填写党务公开专栏名称。")
    carrier.filed_with, carrier.filed_on = filed_with, filed_on
    carrier.save(update_fields=["filed_with", "filed_on"])
    record("oversight.website.filed", actor=actor, obj=carrier, detail={"filed_with": filed_with.pk})
    return carrier


@transaction.atomic
def add_publicity(org, *, kind: str, title: str, held_on: date, outlet: str = "", participants=None,
                  actor=None) -> Publicity:
    access.require_manage(actor, org)
    if kind not in Publicity.Kind.values:
        raise ValidationError("未知的宣传类型。")
    item = Publicity.objects.create(org=org, kind=kind, title=_text(title, "名称/标题", 200), held_on=held_on,
                                    outlet=outlet, participants=participants)
    record("oversight.publicity.added", actor=actor, obj=item)
    return item


# --- 监督员 -------------------------------------------------------------------------------------

@transaction.atomic
def appoint_supervisor(org, person: Person, *, on: date, actor=None) -> SupervisorAppointment:
    access.require_manage(actor, org)
    org_access.require_grant_role(actor, person, org, Role.SUPERVISOR)
    # seed 000 四(三): 聘请党员作为党务公开监督员.
    if not person.is_party_member:
        raise ValidationError("监督员应当从党员中聘请。")
    if SupervisorAppointment.objects.filter(org=org, person=person, ended_on__isnull=True).exists():
        raise ValidationError("该党员已是本组织的监督员。")
    appt = SupervisorAppointment.objects.create(org=org, person=person, appointed_on=on, appointed_by=actor)
    org_services.assign_role(person, org, Role.SUPERVISOR, actor=actor)
    record("oversight.supervisor.appointed", actor=actor, obj=appt, detail={"org": org.pk, "person": person.pk})
    return appt


@transaction.atomic
def end_supervisor(appt: SupervisorAppointment, *, on: date, actor=None) -> SupervisorAppointment:
    access.require_manage(actor, appt.org)
    if appt.ended_on:
        raise ValidationError("该监督员已解聘。")
    if on < appt.appointed_on:
        raise ValidationError("解聘日期不能早于聘请日期。")
    appt.ended_on = on
    appt.save(update_fields=["ended_on"])
    org_services.revoke_role(appt.person, appt.org, Role.SUPERVISOR, actor=actor)
    record("oversight.supervisor.ended", actor=actor, obj=appt)
    return appt


def active_appointment(org, person) -> SupervisorAppointment | None:
    return SupervisorAppointment.objects.filter(org=org, person=person, ended_on__isnull=True).first()


@transaction.atomic
def add_supervisor_comment(org, person: Person, *, body: str, on: date, actor=None) -> SupervisorComment:
    access.require_acts_as(actor, person)
    appt = active_appointment(org, person)
    if appt is None:
        raise ValidationError("只有本组织在任的监督员可以提意见建议。")
    comment = SupervisorComment.objects.create(appointment=appt, org=org, made_on=on,
                                               body=_text(body, "意见建议", 2000))
    record("oversight.comment.added", actor=actor, obj=comment)
    return comment


@transaction.atomic
def reply_supervisor_comment(comment: SupervisorComment, *, reply: str, on: date, actor=None) -> SupervisorComment:
    access.require_answer_for(actor, comment.org)
    if comment.replied_on:
        raise ValidationError("该意见建议已答复。")
    comment.reply, comment.replied_on = _text(reply, "答复", 2000), on
    comment.save(update_fields=["reply", "replied_on"])
    record("oversight.comment.replied", actor=actor, obj=comment)
    return comment


# --- 督查与整改 ---------------------------------------------------------------------------------

@transaction.atomic
def create_inspection(organizer, *, kind: str, title: str, leader: Person, started_on: date,
                      targets: list[Organization], focus: str = "", actor=None) -> Inspection:
    access.require_manage(actor, organizer)
    if kind not in Inspection.Kind.values:
        raise ValidationError("请选择经常性检查或专项督查。")
    targets = list({t.pk: t for t in targets}.values())
    if not targets:
        raise ValidationError("请至少选择一个被检查党组织。")
    outside = [t.name for t in targets if t.pk == organizer.pk or not _in_subtree(t, organizer)]
    if outside:
        raise ValidationError("只能检查本组织的下级党组织：{}".format("、".join(outside)))
    insp = Inspection.objects.create(organizer=organizer, kind=kind, title=_text(title, "名称", 200), focus=focus,
                                     leader=leader, started_on=started_on, state=Inspection.State.ONGOING)
    InspectionTarget.objects.bulk_create([InspectionTarget(inspection=insp, org=t, inspected_on=started_on)
                                          for t in targets])
    record("oversight.inspection.created", actor=actor, obj=insp, detail={"targets": [t.pk for t in targets]})
    return insp


@transaction.atomic
def record_checks(target: InspectionTarget, *, checks: dict[str, bool], summary: str = "",
                  inspected_on: date | None = None, actor=None) -> InspectionTarget:
    access.require_inspector(actor, target.inspection)
    if target.inspection.state == Inspection.State.CONCLUDED:
        raise ValidationError("督查已结束，不能再修改检查结果。")
    unknown = set(checks) - set(CheckItem.values)
    if unknown:
        raise ValidationError("未知的检查项目。")
    missing = [CheckItem(c).label for c in CheckItem.values if c not in checks]
    if missing:
        raise ValidationError("请逐项填写检查结果：{}".format("、".join(str(m) for m in missing)))
    target.checks = {k: bool(v) for k, v in checks.items()}
    target.summary = summary
    if inspected_on:
        target.inspected_on = inspected_on
    target.save(update_fields=["checks", "summary", "inspected_on"])
    record("oversight.inspection.checked", actor=actor, obj=target, detail=target.checks)
    return target


@transaction.atomic
def add_finding(target: InspectionTarget, *, check_item: str, description: str, actor=None) -> Finding:
    access.require_inspector(actor, target.inspection)
    if target.inspection.state == Inspection.State.CONCLUDED:
        raise ValidationError("督查已结束，不能再添加问题。")
    if check_item not in CheckItem.values:
        raise ValidationError("请选择检查项目。")
    finding = Finding.objects.create(target=target, check_item=check_item,
                                     description=_text(description, "问题描述", 2000))
    record("oversight.finding.added", actor=actor, obj=finding)
    return finding


def rectification_deadline(start: date, days: int, working_days: bool) -> date:
    """限期整改: `days` calendar days, or working days when the holiday calendar is installed."""
    if working_days:
        if not apps.is_installed("dwgk.workdays"):
            raise ValidationError("未启用节假日日历，只能按自然日计算整改期限。")

        return date.fromordinal(add_workdays(start, days).toordinal())
    return start + timedelta(days=days)


@transaction.atomic
def order_rectification(finding: Finding, *, requirement: str, days: int, working_days: bool = False,
                        today: date | None = None, actor=None) -> Rectification:
    access.require_inspector(actor, finding.target.inspection)
    today = today or timezone.localdate()
    if not isinstance(days, int) or not 1 <= days <= 365:
        raise ValidationError("整改期限应为1至365天。")
    rect = Rectification.objects.create(
        finding=finding, org=finding.target.org, requirement=_text(requirement, "整改要求", 2000),
        deadline=rectification_deadline(today, days, working_days),
        deadline_in_workdays=days if working_days else None)
    record("oversight.rectification.ordered", actor=actor, obj=rect, detail={"deadline": rect.deadline})
    return rect


@transaction.atomic
def answer_rectification(rect: Rectification, *, answer: str, on: date | None = None, actor=None) -> Rectification:
    access.require_answer_for(actor, rect.org)
    rect = Rectification.objects.select_for_update().get(pk=rect.pk)
    if rect.state != Rectification.State.OPEN:
        raise ValidationError("该整改事项不在待整改状态。")
    rect.answer = _text(answer, "整改情况", 4000)
    rect.answered_on = on or timezone.localdate()
    rect.answered_by = actor
    rect.state = Rectification.State.ANSWERED
    rect.save(update_fields=["answer", "answered_on", "answered_by", "state"])
    record("oversight.rectification.answered", actor=actor, obj=rect)
    return rect


@transaction.atomic
def verify_rectification(rect: Rectification, *, accept: bool, note: str = "", on: date | None = None,
                         actor=None) -> Rectification:
    """The inspector accepts the answer (已验收) or sends it back to 待整改 with a reason."""
    access.require_inspector(actor, rect.finding.target.inspection)
    rect = Rectification.objects.select_for_update().get(pk=rect.pk)
    if rect.state != Rectification.State.ANSWERED:
        raise ValidationError("整改单位尚未报送整改情况，不能验收。")
    if not accept:
        rect.verification_note = _text(note, "退回理由", 2000)
        rect.state = Rectification.State.OPEN
        rect.returned_count += 1
        rect.save(update_fields=["verification_note", "state", "returned_count"])
        record("oversight.rectification.returned", actor=actor, obj=rect)
        return rect
    rect.verification_note = note
    rect.verified_on = on or timezone.localdate()
    rect.verified_by = actor
    rect.state = Rectification.State.VERIFIED
    rect.save(update_fields=["verification_note", "verified_on", "verified_by", "state"])
    record("oversight.rectification.verified", actor=actor, obj=rect)
    return rect


@transaction.atomic
def conclude_inspection(insp: Inspection, *, on: date, actor=None) -> Inspection:
    access.require_inspector(actor, insp)
    if insp.state == Inspection.State.CONCLUDED:
        raise ValidationError("督查已结束。")
    unchecked = [t.org.name for t in insp.targets.select_related("org") if not t.checks]
    if unchecked:
        raise ValidationError("以下单位尚未填写检查结果：{}".format("、".join(unchecked)))
    if on < insp.started_on:
        raise ValidationError("结束日期不能早于开始日期。")
    insp.state, insp.ended_on = Inspection.State.CONCLUDED, on
    insp.save(update_fields=["state", "ended_on"])
    record("oversight.inspection.concluded", actor=actor, obj=insp)
    return insp


def _scope(scope: str) -> str:
    if scope not in Scope.values:
        raise ValidationError("请选择通报范围。")
    return scope


@transaction.atomic
def issue_circular(*, kind: str, org, title: str, body: str, scope: str, inspection=None, assessment=None,
                   best_practice=None, actor=None) -> Circular:
    """通报 to a chosen scope. 先审查后公开: it reaches readers once its review (secrecy scan, 保密审查,
    approval) releases it; `published_at` is set then. It may also be published as a disclosure."""
    access.require_manage(actor, org)
    if kind == Circular.Kind.INSPECTION and (inspection is None or inspection.state != Inspection.State.CONCLUDED):
        raise ValidationError("督查结束后才能通报结果。")
    circular = Circular.objects.create(kind=kind, org=org, title=_text(title, "标题", 200),
                                       body=_text(body, "正文", 20000), scope=_scope(scope),
                                       inspection=inspection, assessment=assessment, best_practice=best_practice,
                                       published_at=None, created_by=actor)
    release.submit(CIRCULAR, circular, actor)
    record("oversight.circular.issued", actor=actor, obj=circular, detail={"kind": kind, "scope": scope})
    return circular


@transaction.atomic
def revise_circular(circular: Circular, *, title: str, body: str, actor=None) -> Circular:
    """A circular sent back (or to be corrected) is edited and submitted again; a released one is hidden from
    readers until approved again."""
    access.require_manage(actor, circular.org)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    circular.title, circular.body = _text(title, "标题", 200), _text(body, "正文", 20000)
    circular.save(update_fields=["title", "body"])
    release.submit(CIRCULAR, circular, actor)
    record("oversight.circular.revised", actor=actor, obj=circular)
    return circular


def _reissue(existing: Circular | None, **kw) -> Circular:
    """The circular of an assessment or a round, issued again after its results were resubmitted: an
    unreleased one is revised in place rather than duplicated."""
    if existing is None or existing.published_at is not None:
        return issue_circular(**kw)
    existing.scope = _scope(kw["scope"])
    existing.save(update_fields=["scope"])
    return revise_circular(existing, title=kw["title"], body=kw["body"], actor=kw["actor"])


def _pending(kind_key: str, obj) -> bool:
    review = release.review_of(kind_key, obj)
    return review is not None and review.state == review.State.REVIEW


def inspection_circular_text(insp: Inspection) -> str:
    """A draft body for the circular, from the checklist and the findings."""
    lines = [f"{insp.organizer.name}于{insp.started_on:%Y年%m月%d日}开展{insp.get_kind_display()}“{insp.title}”，"
             f"共检查{insp.targets.count()}个党组织。"]
    for t in insp.targets.select_related("org").prefetch_related("findings"):
        failed = [str(CheckItem(k).label) for k, ok in t.checks.items() if not ok]
        lines.append(f"{t.org.name}：" + ("检查项目均符合要求。" if not failed else "存在问题：" + "、".join(failed) + "。"))
        for f in t.findings.all():
            lines.append(f"  · {f.description}")
    return "\n".join(lines)


# --- 考核 ---------------------------------------------------------------------------------------

def _decimal(value, label: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError(f"{label}应当是数字。") from None
    if not d.is_finite():
        raise ValidationError(f"{label}应当是数字。")
    return d


@transaction.atomic
def create_assessment(org, *, year: int, title: str, assessed: list[Organization], indicators_spec: list[dict],
                      actor=None) -> Assessment:
    """Indicators: dicts with aspect, name, weight and optionally `computed` (a registry key)."""
    access.require_manage(actor, org)
    assessed = list({o.pk: o for o in assessed}.values())
    if not assessed:
        raise ValidationError("请选择被考核党组织。")
    outside = [o.name for o in assessed if o.pk == org.pk or not _in_subtree(o, org)]
    if outside:
        raise ValidationError("只能考核本组织的下级党组织：{}".format("、".join(outside)))
    a = Assessment.objects.create(org=org, year=year, title=_text(title, "名称", 200))
    AssessedOrg.objects.bulk_create([AssessedOrg(assessment=a, org=o) for o in assessed])
    for i, spec in enumerate(indicators_spec):
        add_indicator(a, sort_order=i, **spec)
    record("oversight.assessment.created", actor=actor, obj=a)
    return a


def add_indicator(a: Assessment, *, aspect: str, name: str, weight, computed: str = "",
                  sort_order: int = 0, actor=None) -> Indicator:
    access.require_manage(actor, a.org)
    if a.state != Assessment.State.DRAFT:
        raise ValidationError("评分开始后不能再调整指标。")
    if aspect not in Aspect.values:
        raise ValidationError("请选择指标所属的评价方面。")
    weight = _decimal(weight, "权重")
    if weight <= 0:
        raise ValidationError("权重应当大于0。")
    if computed and computed not in indicators.registry():
        raise ValidationError("该自动计算指标所需的数据尚未提供。")
    return Indicator.objects.create(assessment=a, aspect=aspect, name=_text(name, "指标名称", 200), weight=weight,
                                    computed=computed, sort_order=sort_order)


@transaction.atomic
def start_scoring(a: Assessment, *, today: date | None = None, actor=None) -> Assessment:
    """Weights must sum to 100; computed indicators are scored from the data now."""
    access.require_manage(actor, a.org)
    if a.state != Assessment.State.DRAFT:
        raise ValidationError("考核已开始评分。")
    total = a.indicators.aggregate(s=Sum("weight"))["s"] or Decimal(0)
    if total != Decimal(100):
        raise ValidationError(f"各指标权重之和应为100，目前为{total.normalize():f}。")
    today = today or timezone.localdate()
    for ind in a.indicators.exclude(computed=""):
        for ao in a.assessed.select_related("org"):
            value = indicators.compute(ind.computed, ao.org, a.year, today)
            if value is not None:
                Score.objects.create(indicator=ind, assessed=ao, value=value, note="系统根据数据计算")
    a.state = Assessment.State.SCORING
    a.save(update_fields=["state"])
    record("oversight.assessment.scoring", actor=actor, obj=a)
    return a


@transaction.atomic
def score(indicator: Indicator, assessed: AssessedOrg, *, value, note: str = "", actor=None) -> Score:
    access.require_manage(actor, indicator.assessment.org)
    a = indicator.assessment
    if a.state != Assessment.State.SCORING or assessed.assessment_id != a.pk:
        raise ValidationError("考核不在评分阶段。")
    value = _decimal(value, "得分")
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError("得分应在0至100之间。")
    obj, _created = Score.objects.update_or_create(indicator=indicator, assessed=assessed,
                                                   defaults={"value": value, "note": note, "scored_by": actor})
    record("oversight.assessment.scored", actor=actor, obj=obj, detail={"value": value})
    return obj


def weighted_totals(a: Assessment):
    """{assessed id: Σ weight × score / 100}. The sum of products is SQL; the division stays in Python
    because SQLite would divide integers as integers."""
    product = ExpressionWrapper(F("value") * F("indicator__weight"),
                                output_field=DecimalField(max_digits=12, decimal_places=4))
    rows = (Score.objects.filter(assessed__assessment=a).values("assessed_id").order_by()
            .annotate(p=Sum(product)))
    return {r["assessed_id"]: (Decimal(str(r["p"])) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP) for r in rows}


@transaction.atomic
def finalize_assessment(a: Assessment, *, actor=None) -> Assessment:
    access.require_manage(actor, a.org)
    if a.state != Assessment.State.SCORING:
        raise ValidationError("考核不在评分阶段。")
    n_ind, n_org = a.indicators.count(), a.assessed.count()
    if Score.objects.filter(assessed__assessment=a).count() != n_ind * n_org:
        raise ValidationError("尚有指标未评分，不能定稿。")
    totals = weighted_totals(a)
    rows = sorted(a.assessed.all(), key=lambda ao: -totals[ao.pk])
    rank, previous = 0, None
    for i, ao in enumerate(rows, start=1):
        if totals[ao.pk] != previous:  # competition ranking: equal totals share a place (1, 2, 2, 4)
            rank, previous = i, totals[ao.pk]
        ao.total, ao.rank = totals[ao.pk], rank
    AssessedOrg.objects.bulk_update(rows, ["total", "rank"])
    a.state = Assessment.State.FINAL
    a.save(update_fields=["state"])
    record("oversight.assessment.final", actor=actor, obj=a)
    return a


def assessment_results_text(a: Assessment) -> str:
    """The results as readers get them: indicators, then each assessed org's rank, total and scores."""
    table = selectors.assessment_table(a)
    inds = table["indicators"]
    lines = [f"{a.org.name}{a.year}年度党务公开工作考核结果（被考核党组织{len(table['rows'])}个）。", "考核指标："]
    lines += [f"  {i}. {ind.get_aspect_display()}：{ind.name}（权重{ind.weight}）" for i, ind in enumerate(inds, start=1)]
    rows = sorted(table["rows"], key=lambda r: (r["assessed"].rank or 0, r["assessed"].org.path))
    for r in rows:
        ao = r["assessed"]
        scores = "；".join(f"{i}. {sc.value if sc else '—'}" for i, sc in enumerate(r["scores"], start=1))
        lines.append(f"第{ao.rank}名 {ao.org.name} 总分{ao.total}（各指标得分：{scores}）")
    return "\n".join(lines)


@transaction.atomic
def publish_assessment(a: Assessment, *, scope: str, actor=None) -> Circular:
    """公布考核结果: the results are frozen as text and, with the results circular, go through review
    (先审查后公开); readers see them once released. A text sent back may be published again."""
    access.require_manage(actor, a.org)
    a = Assessment.objects.select_for_update().get(pk=a.pk)
    if a.state == Assessment.State.REVIEW and _pending(ASSESSMENT_RESULTS, a):
        raise ValidationError("考核结果正在审查中。")
    if a.state not in (Assessment.State.FINAL, Assessment.State.REVIEW):
        raise ValidationError("考核定稿后才能公布结果。")
    a.scope, a.state, a.published_at = _scope(scope), Assessment.State.REVIEW, None
    a.results_text = assessment_results_text(a)
    a.save(update_fields=["scope", "state", "published_at", "results_text"])
    release.submit(ASSESSMENT_RESULTS, a, actor)
    record("oversight.assessment.published", actor=actor, obj=a, detail={"scope": scope})
    body = "\n".join(f"第{ao.rank}名 {ao.org.name} {ao.total}分"
                     for ao in a.assessed.select_related("org").order_by("rank", "org__path"))
    return _reissue(a.circulars.filter(kind=Circular.Kind.ASSESSMENT).order_by("-id").first(),
                    kind=Circular.Kind.ASSESSMENT, org=a.org, title=f"关于{a.title}结果的通报", body=body,
                    scope=scope, assessment=a, actor=actor)


# --- 评议与满意度测评 ---------------------------------------------------------------------------

@transaction.atomic
def create_survey(org, *, subject, kind: str, audience: str, title: str, opens_on: date, closes_on: date,
                  questions: list[dict], intro: str = "", actor=None) -> Survey:
    access.require_manage(actor, org)
    if kind not in Survey.Kind.values:
        raise ValidationError("请选择党员评议或满意度测评。")
    if audience not in Survey.Audience.values:
        raise ValidationError("请选择参评对象。")
    if not _in_subtree(subject, org):
        raise ValidationError("被评议/测评的党组织应当是本组织或其下级组织。")
    if closes_on < opens_on:
        raise ValidationError("截止日期不能早于开始日期。")
    if not questions:
        raise ValidationError("请至少设置一道题目。")
    if kind == Survey.Kind.SATISFACTION and not any(q.get("kind") == Question.Kind.SATISFACTION for q in questions):
        raise ValidationError("满意度测评至少应有一道满意度题目。")
    survey = Survey.objects.create(org=org, subject=subject, kind=kind, audience=audience,
                                   title=_text(title, "名称", 200), intro=intro, opens_on=opens_on,
                                   closes_on=closes_on)
    for i, q in enumerate(questions):
        qkind = q.get("kind")
        if qkind not in Question.Kind.values:
            raise ValidationError("未知的题型。")
        options = [str(o).strip() for o in q.get("options", []) if str(o).strip()]
        if qkind == Question.Kind.CHOICE and len(options) < 2:
            raise ValidationError("单项选择题至少需要两个选项。")
        Question.objects.create(survey=survey, text=_text(q.get("text", ""), "题目", 300), kind=qkind,
                                options=options if qkind == Question.Kind.CHOICE else [], sort_order=i)
    record("oversight.survey.created", actor=actor, obj=survey)
    return survey


@transaction.atomic
def set_survey_state(survey: Survey, state: str, *, actor=None) -> Survey:
    access.require_manage(actor, survey.org)
    allowed = {Survey.State.DRAFT: Survey.State.OPEN, Survey.State.OPEN: Survey.State.CLOSED}
    if allowed.get(survey.state) != state:
        raise ValidationError("测评状态不能这样变更。")
    survey.state = state
    survey.save(update_fields=["state"])
    record("oversight.survey.state", actor=actor, obj=survey, detail={"state": state})
    return survey


def is_eligible(survey: Survey, person: Person | None) -> bool:
    return access.may_take_survey(survey, person)


def ballot_token(survey: Survey, person: Person) -> str:
    # Keyed HMAC: the token proves "this person has answered" without naming them or their answers.
    return blind_index(f"{survey.pk}:{person.pk}", purpose="oversight-survey-ballot")


def has_taken(survey: Survey, person: Person) -> bool:
    return Ballot.objects.filter(survey=survey, token=ballot_token(survey, person)).exists()


@transaction.atomic
def submit_response(survey: Survey, person: Person, *, answers: dict[int, int], on: date | None = None) -> Response:
    on = on or timezone.localdate()
    if survey.state != Survey.State.OPEN or not survey.opens_on <= on <= survey.closes_on:
        raise ValidationError("该测评不在进行中。")
    if not is_eligible(survey, person):
        raise ValidationError("您不在本次测评的参评范围内。")
    questions = list(survey.questions.all())
    for q in questions:
        choice = answers.get(q.pk)
        if choice is None:
            raise ValidationError(f"请回答：{q.text}")
        if not isinstance(choice, int) or not 0 <= choice < len(q.choices):
            raise ValidationError(f"“{q.text}”的选项无效。")
    if set(answers) - {q.pk for q in questions}:
        raise ValidationError("答卷包含不属于本测评的题目。")
    try:
        with transaction.atomic():
            Ballot.objects.create(survey=survey, token=ballot_token(survey, person))
    except IntegrityError:
        raise ValidationError("您已参加过本次测评，每人只能提交一次。") from None
    response = Response.objects.create(survey=survey, submitted_on=on)
    Answer.objects.bulk_create([Answer(response=response, question=q, choice=answers[q.pk]) for q in questions])
    # No actor in the audit entry: the log must not tie a person to an anonymous response.
    record("oversight.survey.response", object_type="oversight.survey", object_id=str(survey.pk))
    return response


def survey_results_text(survey: Survey) -> str:
    """The results as readers get them: each question's counts and shares, satisfaction and mean."""
    lines = [f"{survey.title}（{survey.get_kind_display()}，被测评党组织：{survey.subject.name}，"
             f"答卷{survey.responses.count()}份）。"]
    for n, r in enumerate(selectors.survey_results(survey), start=1):
        lines.append(f"{n}. {r['question'].text}")
        lines += [f"  {o['label']}：{o['n']}人（{o['pct']}%）" for o in r["options"]]
        if r.get("satisfied_pct") is not None:
            lines.append(f"  满意度（满意＋基本满意）：{r['satisfied_pct']}%")
        if r.get("mean"):
            lines.append(f"  平均分：{r['mean']}")
    return "\n".join(lines)


@transaction.atomic
def publish_survey_results(survey: Survey, *, scope: str, actor=None) -> Survey:
    """公布测评结果: the results are frozen as text and go through review (先审查后公开); readers see them once
    released (`results_published_at` is set then)."""
    access.require_manage(actor, survey.org)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != Survey.State.CLOSED:
        raise ValidationError("测评结束后才能公布结果。")
    if survey.results_published_at is not None:
        raise ValidationError("测评结果已公布。")
    if _pending(SURVEY_RESULTS, survey):
        raise ValidationError("测评结果正在审查中。")
    survey.results_scope, survey.results_text = _scope(scope), survey_results_text(survey)
    survey.save(update_fields=["results_scope", "results_text"])
    release.submit(SURVEY_RESULTS, survey, actor)
    record("oversight.survey.published", actor=actor, obj=survey, detail={"scope": scope})
    return survey


# --- 责任追究 -----------------------------------------------------------------------------------

@transaction.atomic
def record_accountability(org, *, case: str, action: str, responsible_org, facts: str, decided_on: date,
                          responsible_person: Person | None = None, ref_type: str = "", ref_id: str = "",
                          actor=None) -> AccountabilityCase:
    access.require_manage(actor, org)
    if case not in AccountabilityCase.Case.values:
        raise ValidationError("请选择责任追究情形（达州办法第二十九条所列六种情形之一）。")
    if action not in AccountabilityCase.Action.values:
        raise ValidationError("请选择处理方式：批评教育、责令整改或依规依纪追究。")
    if not _in_subtree(responsible_org, org):
        raise ValidationError("责任党组织应当是本组织或其下级组织。")
    if bool(ref_type) != bool(ref_id):
        raise ValidationError("依据类型和依据编号应当同时填写。")
    if ref_type:
        try:
            model = apps.get_model(ref_type)
        except (LookupError, ValueError):
            raise ValidationError("未知的依据类型。") from None
        if not model.objects.filter(pk=ref_id).exists():
            raise ValidationError("所引用的依据不存在。")
    item = AccountabilityCase.objects.create(
        org=org, case=case, action=action, responsible_org=responsible_org, responsible_person=responsible_person,
        facts=_text(facts, "事实", 4000), ref_type=ref_type, ref_id=str(ref_id), decided_on=decided_on,
        decided_by=actor)
    record("oversight.accountability.recorded", actor=actor, obj=item, detail={"case": case, "action": action})
    return item


def ref_of(obj) -> tuple[str, str]:
    """The generic reference of a fact object, for `record_accountability`."""
    return obj._meta.label_lower, str(obj.pk)


# --- 最佳实践单位选树 ---------------------------------------------------------------------------

@transaction.atomic
def open_round(organizer, *, year: int, title: str, lines, actor=None) -> BestPracticeRound:
    access.require_manage(actor, organizer)
    lines = list(lines)
    if not lines:
        raise ValidationError("请选择参加选树的条线。")
    no_lead = [line.name for line in lines if line.lead_org_id is None]
    if no_lead:
        raise ValidationError("以下条线尚未确定牵头部门：{}".format("、".join(no_lead)))
    rnd = BestPracticeRound.objects.create(organizer=organizer, year=year, title=_text(title, "名称", 200))
    RoundLine.objects.bulk_create([RoundLine(round=rnd, line=line, lead_org_id=line.lead_org_id) for line in lines])
    record("oversight.best_practice.opened", actor=actor, obj=rnd)
    return rnd


@transaction.atomic
def nominate(round_line: RoundLine, *, by_org, entries: list[dict], actor=None) -> list[Nomination]:
    """The line's lead department reports 3–4 units at once, each with its highlights and materials."""
    access.require_lead(actor, round_line.lead_org)
    if round_line.round.state != BestPracticeRound.State.NOMINATING:
        raise ValidationError("推选阶段已结束。")
    if by_org.pk != round_line.lead_org_id:
        raise ValidationError("只有本条线的牵头部门可以报送推选单位。")
    if round_line.nominated_at:
        raise ValidationError("本条线已报送推选单位。")
    orgs = [e["org"] for e in entries]
    if len({o.pk for o in orgs}) != len(orgs):
        raise ValidationError("推选单位不能重复。")
    if not NOMINATE_MIN <= len(orgs) <= NOMINATE_MAX:
        raise ValidationError(f"每条线应当报送3－4家最佳实践推选单位，目前为{len(orgs)}家。")
    wrong = [o.name for o in orgs if o.line_id != round_line.line_id]
    if wrong:
        raise ValidationError("以下单位不属于本条线：{}".format("、".join(wrong)))
    out = []
    for e in entries:
        checksum, _name = _checksum(e.get("material"))
        out.append(Nomination.objects.create(round_line=round_line, org=e["org"],
                                             highlights=_text(e.get("highlights", ""), "特色亮点", 4000),
                                             material=e.get("material") or "", material_checksum=checksum))
    round_line.nominated_at = timezone.now()
    round_line.save(update_fields=["nominated_at"])
    record("oversight.best_practice.nominated", actor=actor, obj=round_line, detail={"orgs": [o.pk for o in orgs]})
    return out


@transaction.atomic
def start_joint_evaluation(rnd: BestPracticeRound, *, actor=None) -> BestPracticeRound:
    access.require_manage(actor, rnd.organizer)
    if rnd.state != BestPracticeRound.State.NOMINATING:
        raise ValidationError("已进入联合评估。")
    missing = [rl.line.name for rl in rnd.lines.select_related("line") if not rl.nominated_at]
    if missing:
        raise ValidationError("以下条线尚未报送推选单位：{}".format("、".join(missing)))
    rnd.state = BestPracticeRound.State.EVALUATING
    rnd.save(update_fields=["state"])
    record("oversight.best_practice.evaluating", actor=actor, obj=rnd)
    return rnd


@transaction.atomic
def score_nominee(nomination: Nomination, *, evaluator, aspect: str, value, actor=None) -> NominationScore:
    """联合评估: the organizer and the line's lead departments score on the six aspects."""
    access.require_score_for(actor, evaluator)
    rnd = nomination.round_line.round
    if rnd.state != BestPracticeRound.State.EVALUATING:
        raise ValidationError("不在联合评估阶段。")
    if evaluator.pk != rnd.organizer_id and not rnd.lines.filter(lead_org=evaluator).exists():
        raise ValidationError("只有组织单位和各条线牵头部门参加联合评估。")
    if aspect not in Aspect.values:
        raise ValidationError("请选择评价方面。")
    value = _decimal(value, "得分")
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError("得分应在0至100之间。")
    obj, _c = NominationScore.objects.update_or_create(nomination=nomination, aspect=aspect, evaluator=evaluator,
                                                       defaults={"value": value})
    from django.db.models import Avg

    avg = nomination.scores.aggregate(a=Avg("value"))["a"]
    nomination.total = Decimal(avg).quantize(Decimal("0.01"))
    nomination.save(update_fields=["total"])
    record("oversight.best_practice.scored", actor=actor, obj=obj)
    return obj


@transaction.atomic
def choose(round_line: RoundLine, nominations: list[Nomination], *, actor=None) -> list[Nomination]:
    access.require_manage(actor, round_line.round.organizer)
    if round_line.round.state != BestPracticeRound.State.EVALUATING:
        raise ValidationError("联合评估后才能确定最佳实践单位。")
    ids = {n.pk for n in nominations}
    if not CHOOSE_MIN <= len(ids) <= CHOOSE_MAX:
        raise ValidationError(f"各条线最终确定1－2家党务公开最佳实践单位，目前选择了{len(ids)}家。")
    if round_line.nominations.filter(pk__in=ids).count() != len(ids):
        raise ValidationError("只能从本条线的推选单位中确定。")
    unscored = round_line.nominations.filter(pk__in=ids, total__isnull=True)
    if unscored.exists():
        raise ValidationError("入选单位应当先经联合评估评分。")
    round_line.nominations.update(chosen=False)
    round_line.nominations.filter(pk__in=ids).update(chosen=True)
    record("oversight.best_practice.chosen", actor=actor, obj=round_line, detail={"nominations": sorted(ids)})
    return list(round_line.nominations.filter(chosen=True))


def announcement_text(rnd: BestPracticeRound) -> str:
    """The result as readers get it: per line, the units chosen with their highlights."""
    lines = [f"{rnd.organizer.name}{rnd.year}年度党务公开最佳实践单位选树结果。"]
    for rl in rnd.lines.select_related("line", "lead_org"):
        chosen = list(rl.nominations.filter(chosen=True).select_related("org").order_by("-total", "id"))
        lines.append(f"{rl.line.name}：" + "、".join(n.org.name for n in chosen)
                     + (f"（牵头部门{rl.lead_org.name}为优秀组织单位）" if rl.excellent_organizer else ""))
        lines += [f"  · {n.org.name}：{n.highlights}" for n in chosen]
    return "\n".join(lines)


@transaction.atomic
def announce(rnd: BestPracticeRound, *, scope: str, excellent_lines=(), actor=None) -> Circular:
    """通报选树结果: the result and its circular go through review (先审查后公开); readers see them once
    released. A result sent back may be announced again."""
    access.require_manage(actor, rnd.organizer)
    rnd = BestPracticeRound.objects.select_for_update().get(pk=rnd.pk)
    if rnd.state == BestPracticeRound.State.REVIEW and _pending(BEST_PRACTICE, rnd):
        raise ValidationError("选树结果通报正在审查中。")
    if rnd.state not in (BestPracticeRound.State.EVALUATING, BestPracticeRound.State.REVIEW):
        raise ValidationError("联合评估后才能通报。")
    round_lines = list(rnd.lines.select_related("line"))
    bad = [rl.line.name for rl in round_lines
           if not CHOOSE_MIN <= rl.nominations.filter(chosen=True).count() <= CHOOSE_MAX]
    if bad:
        raise ValidationError("以下条线尚未确定1－2家最佳实践单位：{}".format("、".join(bad)))
    excellent = {line.pk for line in excellent_lines}
    if excellent - {rl.line_id for rl in round_lines}:
        raise ValidationError("优秀组织单位应当是本次选树的条线牵头部门。")
    rnd.lines.update(excellent_organizer=False)
    rnd.lines.filter(line_id__in=excellent).update(excellent_organizer=True)
    rnd.state, rnd.scope, rnd.announced_at = BestPracticeRound.State.REVIEW, _scope(scope), None
    rnd.announcement = announcement_text(rnd)
    rnd.save(update_fields=["state", "scope", "announced_at", "announcement"])
    release.submit(BEST_PRACTICE, rnd, actor)
    record("oversight.best_practice.announced", actor=actor, obj=rnd, detail={"scope": scope})
    parts = []
    for rl in rnd.lines.select_related("line", "lead_org"):
        chosen = "、".join(n.org.name for n in rl.nominations.filter(chosen=True).select_related("org"))
        parts.append(f"{rl.line.name}：{chosen}" + (f"（牵头部门{rl.lead_org.name}为优秀组织单位）"
                                                   if rl.excellent_organizer else ""))
    return _reissue(rnd.circulars.filter(kind=Circular.Kind.BEST_PRACTICE).order_by("-id").first(),
                    kind=Circular.Kind.BEST_PRACTICE, org=rnd.organizer,
                    title=f"关于{rnd.year}年度党务公开最佳实践单位的通报", body="\n".join(parts), scope=scope,
                    best_practice=rnd, actor=actor)


# --- 先审查后公开: the reader-facing texts of oversight (disclosures.release) ----------------------

CIRCULAR = "circular"
ASSESSMENT_RESULTS = "assessment_results"
SURVEY_RESULTS = "survey_results"
BEST_PRACTICE = "best_practice_announcement"


def circular_url(c: Circular) -> str:
    if c.inspection_id:
        return reverse("oversight:inspection", args=[c.inspection_id])
    if c.assessment_id:
        return reverse("oversight:assessment", args=[c.assessment_id])
    if c.best_practice_id:
        return reverse("oversight:round", args=[c.best_practice_id])
    return reverse("oversight:index")


def _assessment_released(a: Assessment) -> None:
    Assessment.objects.filter(pk=a.pk).update(state=Assessment.State.PUBLISHED)


def _round_released(rnd: BestPracticeRound) -> None:
    BestPracticeRound.objects.filter(pk=rnd.pk).update(state=BestPracticeRound.State.ANNOUNCED)


release.register(release.TextKind(
    key=CIRCULAR, label=gettext_lazy("通报"), model=Circular, fields=("title", "body"), mark="published_at",
    org=lambda c: c.org, scope=lambda c: c.scope, url=circular_url))
release.register(release.TextKind(
    key=ASSESSMENT_RESULTS, label=gettext_lazy("考核结果"), model=Assessment, fields=("title", "results_text"),
    mark="published_at", org=lambda a: a.org, scope=lambda a: a.scope,
    url=lambda a: reverse("oversight:assessment", args=[a.pk]), on_release=_assessment_released))
release.register(release.TextKind(
    key=SURVEY_RESULTS, label=gettext_lazy("测评结果"), model=Survey, fields=("title", "results_text"),
    mark="results_published_at", org=lambda sv: sv.org, scope=lambda sv: sv.results_scope,
    url=lambda sv: reverse("oversight:survey_results", args=[sv.pk])))
release.register(release.TextKind(
    key=BEST_PRACTICE, label=gettext_lazy("最佳实践选树通报"), model=BestPracticeRound,
    fields=("title", "announcement"), mark="announced_at", org=lambda r: r.organizer, scope=lambda r: r.scope,
    url=lambda r: reverse("oversight:round", args=[r.pk]), on_release=_round_released))


# --- 合规监测：提醒与通报 -----------------------------------------------------------------------

def send_compliance_reminders(root: Organization, *, actor=None, today: date | None = None, top: int = 20) -> int:
    """Remind the 第一责任人 and the office of each of the worst orgs of their problems (站内消息)."""
    access.require_manage(actor, root)
    from . import compliance

    m = compliance.monitor(root, today=today, top=top)
    people = compliance.responsible_people([row["org"].pk for row in m.worst])
    sent = 0
    for row in m.worst:
        for person in people.get(row["org"].pk, []):
            notify_person(person, f"党务公开工作提醒：{row['org'].name}",
                          compliance.problem_text(row) + "。请及时整改。", kind="reminder")
            sent += 1
    record("oversight.compliance.reminded", actor=actor, obj=root, detail={"orgs": len(m.worst), "sent": sent})
    return sent


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def submit_as_disclosure(*, org: Organization, title: str, text: str, scope: str, actor, source: str,
                         category: str | None = None):
    """In one step, a 通报 becomes a disclosure in the workflow: a draft with its risk assessment,
    submitted for review when the actor is the org's 承办人 (else left as a draft for them). Review,
    secrecy review and approval then follow as for any disclosure (先审查后公开)."""
    person = getattr(actor, "person", None)
    if person is None:
        raise ValidationError("请使用本人账号操作。")
    if scope not in Scope.values:
        raise ValidationError("请选择公开范围。")
    d = ds.create_draft(org=org, title=title, body=_paragraphs(text), proposer=person, scope=scope,
                        category=category or Category.OTHER, channels=[Channel.PORTAL],
                        out_of_catalog_reason=f"{source}（达州办法第二十七条）", source=source, actor=actor)
    ds.set_risk_assessment(d, actor, level="low", effect="通报工作情况，无不良影响", plan="")
    if scope != Scope.TARGETED and holds(person, org, [Role.PROPOSER]):
        ds.submit(d, actor)
        d.refresh_from_db()
    return d


@transaction.atomic
def issue_compliance_circular(root: Organization, *, title: str, body: str, scope: str, actor=None,
                              as_disclosure: bool = True) -> Circular:
    """A 通报 drafted from the compliance monitor, issued by the subtree's root to a chosen scope and
    (by default) put through the disclosure workflow at once."""
    circular = issue_circular(kind=Circular.Kind.COMPLIANCE, org=root, title=title, body=body, scope=scope,
                              actor=actor)
    if as_disclosure:
        circular_to_disclosure(circular, actor=actor)
    return circular


@transaction.atomic
def circular_to_disclosure(circular: Circular, *, actor):
    access.require_manage(actor, circular.org)
    if circular.disclosure_id:
        raise ValidationError("该通报已转为公开事项。")
    d = submit_as_disclosure(org=circular.org, title=circular.title, text=circular.body, scope=circular.scope,
                             actor=actor, source=str(circular.get_kind_display()))
    circular.disclosure = d
    circular.save(update_fields=["disclosure"])
    record("oversight.circular.to_disclosure", actor=actor, obj=circular, detail={"disclosure": d.pk})
    return d
