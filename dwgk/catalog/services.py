"""Writes to catalogs: create from template, edit drafts, file with the superior, publish, change
control after filing, and the due-period API other apps call.

API for the disclosure workflow (issue 4) and others:

    fulfil_due_period(item, *, published_on: date, disclosure_id: int) -> DuePeriod | None
        Call when a disclosure linked to `item` (a CatalogItem or its id) is published. Marks the
        matching period FULFILLED (on time) or LATE and stores `disclosure_id`. Idempotent for the
        same disclosure; returns None when no unfulfilled period started on or before that day.
    open_event_period(item, event_date) -> DuePeriod
        An 即时 item's event happened: it must be disclosed within N working days.

Every state change is recorded in the audit chain. Bad input raises ValidationError with a
Chinese message and changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dwgk.access import catalog as access
from dwgk.audit import services as audit
from dwgk.core.choices import Category, Channel, Scope
from dwgk.orgs.models import Organization, Person
from dwgk.orgs.paths import subtree_q

from . import cadence, duedates, seed_templates, selectors
from .models import Catalog, CatalogItem, CatalogVersion, DuePeriod, Filing, ItemChange

EDITABLE_STATES = (Catalog.State.DRAFT, Catalog.State.RETURNED)
ITEM_FIELDS = ("subject", "description", "category", "scope", "channels", "cadence_kind", "cadence_params",
               "responsible_unit", "legal_basis", "withheld", "withheld_reason")


# ---- the API for other apps ---------------------------------------------------------------

def fulfil_due_period(item, *, published_on: date, disclosure_id: int) -> DuePeriod | None:
    period = duedates.fulfil(item, published_on=published_on, disclosure_id=disclosure_id)
    if period is not None:
        audit.record("catalog.period_fulfilled", obj=period,
                     detail={"item": period.item_id, "disclosure": disclosure_id, "state": period.state,
                             "published_on": published_on})
    return period


def open_event_period(item: CatalogItem, event_date: date) -> DuePeriod:
    return duedates.open_event_period(item, event_date)


# ---- item data ------------------------------------------------------------------------------

def clean_item_data(data: dict) -> dict:
    """Validate one item's fields; returns clean values (targets as id lists). Chinese errors."""
    errors: list[str] = []
    out: dict = {}
    subject = str(data.get("subject", "")).strip()
    if not subject:
        errors.append("公开事项不能为空。")
    elif len(subject) > 200:
        errors.append("公开事项不超过 200 字。")
    out["subject"] = subject
    out["description"] = str(data.get("description", "") or "").strip()
    for key, choices, label in (("category", Category, "公开类别"), ("scope", Scope, "公开范围")):
        value = data.get(key, "")
        if value not in choices.values:
            errors.append(f"{label}“{value}”无效。")
        out[key] = value
    channels = data.get("channels") or []
    if isinstance(channels, str):
        channels = [c for c in channels.replace("，", ",").split(",") if c.strip()]
    channels = [c.strip() for c in channels]
    bad = [c for c in channels if c not in Channel.values]
    if not channels:
        errors.append("至少选择一种公开方式。")
    elif bad:
        errors.append(f"公开方式“{'、'.join(bad)}”无效。")
    out["channels"] = list(dict.fromkeys(channels))
    try:
        out["cadence_params"] = cadence.normalize(data.get("cadence_kind", ""), data.get("cadence_params") or {})
        out["cadence_kind"] = data["cadence_kind"]
    except ValidationError as exc:
        errors.extend(exc.messages)
    out["responsible_unit"] = str(data.get("responsible_unit", "") or "").strip()[:100]
    out["legal_basis"] = str(data.get("legal_basis", "") or "").strip()[:300]
    out["withheld"] = bool(data.get("withheld"))
    out["withheld_reason"] = str(data.get("withheld_reason", "") or "").strip() if out["withheld"] else ""
    if out["withheld"] and not out["withheld_reason"]:
        errors.append("暂不公开的事项须写明理由（报上一级党组织备案）。")
    out["target_orgs"] = [int(x) for x in data.get("target_orgs") or []]
    out["target_people"] = [int(x) for x in data.get("target_people") or []]
    if out.get("scope") == Scope.TARGETED and not (out["target_orgs"] or out["target_people"]):
        errors.append("对特定对象公开的事项须指定公开对象（组织或人员）。")
    if out["target_orgs"] and Organization.objects.filter(pk__in=out["target_orgs"]).count() != len(set(out["target_orgs"])):
        errors.append("指定的公开对象组织不存在。")
    if out["target_people"] and Person.objects.filter(pk__in=out["target_people"]).count() != len(set(out["target_people"])):
        errors.append("指定的公开对象人员不存在。")
    rp = data.get("responsible_person")
    out["responsible_person"] = int(rp) if rp else None
    if rp and not Person.objects.filter(pk=rp).exists():
        errors.append("责任人不存在。")
    if errors:
        raise ValidationError(errors)
    return out


def apply_item_fields(item: CatalogItem, clean: dict) -> CatalogItem:
    for f in ITEM_FIELDS:
        setattr(item, f, clean[f])
    item.responsible_person_id = clean["responsible_person"]
    item.cadence_sig = cadence.signature(item.cadence_kind, item.cadence_params)
    item.save()
    item.target_orgs.set(clean["target_orgs"])
    item.target_people.set(clean["target_people"])
    return item


def item_snapshot(item: CatalogItem) -> dict:
    return {
        "id": item.pk, "seq": item.seq, "template_code": item.template_code, "subject": item.subject,
        "description": item.description, "category": item.category, "scope": item.scope,
        "target_orgs": [[o.pk, o.name] for o in item.target_orgs.all()],
        "target_people": [[p.pk, p.name] for p in item.target_people.all()],
        "channels": item.channels, "cadence_kind": item.cadence_kind, "cadence_params": item.cadence_params,
        "cadence_text": cadence.describe(item.cadence_kind, item.cadence_params),
        "responsible_unit": item.responsible_unit,
        "responsible_person": item.responsible_person.name if item.responsible_person_id else "",
        "legal_basis": item.legal_basis, "withheld": item.withheld, "withheld_reason": item.withheld_reason,
        "status": item.status, "effective_from": item.effective_from, "ended_on": item.ended_on,
    }


def _snapshot(catalog: Catalog) -> list[dict]:
    import json

    items = [item_snapshot(i) for i in selectors.items_of(catalog)]
    return json.loads(json.dumps(items, default=str, ensure_ascii=False))


def _template_row(t: seed_templates.TemplateItem) -> dict:
    return {"subject": t.subject, "description": t.description, "category": t.category, "scope": t.scope,
            "channels": list(t.channels), "cadence_kind": t.cadence_kind, "cadence_params": t.cadence_params,
            "responsible_unit": t.responsible_unit, "legal_basis": t.legal_basis}


def _new_item(catalog: Catalog, seq: int, t: seed_templates.TemplateItem) -> CatalogItem:
    params = cadence.normalize(t.cadence_kind, t.cadence_params)
    return CatalogItem(catalog=catalog, seq=seq, template_code=t.code, subject=t.subject, description=t.description,
                       category=t.category, scope=t.scope, channels=list(t.channels), cadence_kind=t.cadence_kind,
                       cadence_params=params, cadence_sig=cadence.signature(t.cadence_kind, params),
                       responsible_unit=t.responsible_unit, legal_basis=t.legal_basis)


# ---- catalog lifecycle ------------------------------------------------------------------------

@transaction.atomic
def create_from_template(org: Organization, *, actor=None) -> Catalog:
    """A new org's catalog starts as a draft from the template of its kind."""
    access.require_create(actor, org, selectors.catalog_maker_for(org))
    if Catalog.objects.filter(org=org).exists():
        raise ValidationError(f"{org.name}已有党务公开目录。")
    catalog = Catalog.objects.create(org=org, maker=selectors.catalog_maker_for(org),
                                     filed_with=selectors.filed_with_for(org), template_kind=org.kind)
    template = seed_templates.template_for(org.kind, org.category)
    CatalogItem.objects.bulk_create(_new_item(catalog, (n + 1) * 10, t) for n, t in enumerate(template))
    audit.record("catalog.created", actor=actor, obj=catalog, detail={"org": org.pk, "items": len(template)})
    return catalog


def ensure_catalog(org: Organization, *, actor=None) -> Catalog:
    return selectors.catalog_of(org) or create_from_template(org, actor=actor)


def _editable(catalog: Catalog) -> None:
    if catalog.state not in EDITABLE_STATES:
        raise ValidationError("目录已报备，事项的变更、撤销或终止须提出调整申请，经制定目录的党组织批准。")


@transaction.atomic
def add_item(catalog: Catalog, data: dict, *, actor=None) -> CatalogItem:
    access.require_edit(actor, catalog)
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    _editable(catalog)
    clean = clean_item_data(data)
    last = catalog.items.order_by("-seq").values_list("seq", flat=True).first() or 0
    item = apply_item_fields(CatalogItem(catalog=catalog, seq=last + 10, template_code=str(data.get("template_code", ""))[:40]),
                  clean)
    audit.record("catalog.item_added", actor=actor, obj=item, detail={"catalog": catalog.pk, "subject": item.subject})
    return item


@transaction.atomic
def update_item(item: CatalogItem, data: dict, *, actor=None) -> CatalogItem:
    access.require_edit(actor, item.catalog)
    catalog = Catalog.objects.select_for_update().get(pk=item.catalog_id)
    _editable(catalog)
    apply_item_fields(item, clean_item_data(data))
    audit.record("catalog.item_updated", actor=actor, obj=item, detail={"subject": item.subject})
    return item


@transaction.atomic
def delete_item(item: CatalogItem, *, actor=None) -> None:
    access.require_edit(actor, item.catalog)
    catalog = Catalog.objects.select_for_update().get(pk=item.catalog_id)
    _editable(catalog)
    if catalog.version:
        raise ValidationError("已备案过的事项不能删除，请在目录备案后提出撤销申请。")
    audit.record("catalog.item_deleted", actor=actor, obj=item, detail={"subject": item.subject})
    item.delete()


@transaction.atomic
def add_missing_from_template(catalog: Catalog, *, actor=None) -> list[CatalogItem]:
    """Add to a draft the template items it lacks (the comparison's “missing” column)."""
    access.require_edit(actor, catalog)
    _editable(catalog)
    missing = selectors.compare_with_template(catalog).missing
    last = catalog.items.order_by("-seq").values_list("seq", flat=True).first() or 0
    items = [_new_item(catalog, last + 10 * (n + 1), t) for n, t in enumerate(missing)]
    CatalogItem.objects.bulk_create(items)
    if items:
        audit.record("catalog.template_applied", actor=actor, obj=catalog, detail={"added": [t.code for t in missing]})
    return items


@transaction.atomic
def push_template(superior: Organization, *, kind: str = "", actor=None) -> dict:
    """A superior pushes the template down its subtree: every org below it (of `kind`, if given)
    without a catalog gets a draft from its template; drafts lacking template items get them.
    Catalogs already filed are left to their change procedure and counted."""
    access.require_push_template(actor, superior)
    orgs = Organization.objects.filter(subtree_q(superior.path, include_self=False), is_active=True)
    if kind:
        orgs = orgs.filter(kind=kind)
    stats = {"created": 0, "extended": 0, "filed_untouched": 0}
    existing = {c.org_id: c for c in Catalog.objects.filter(org__in=orgs)}
    for org in orgs.order_by("path"):
        catalog = existing.get(org.pk)
        if catalog is None:
            create_from_template(org, actor=actor)
            stats["created"] += 1
        elif catalog.state in EDITABLE_STATES:
            if add_missing_from_template(catalog, actor=actor):
                stats["extended"] += 1
        else:
            stats["filed_untouched"] += 1
    audit.record("catalog.template_pushed", actor=actor, obj=superior, detail={"kind": kind, **stats})
    return stats


@transaction.atomic
def submit(catalog: Catalog, *, actor=None, note: str = "") -> Filing:
    """报备: send the draft to the superior. Withheld items go with their reasons."""
    access.require_edit(actor, catalog)
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    if catalog.state not in EDITABLE_STATES:
        raise ValidationError("只有草稿或被退回的目录可以报备。")
    items = list(catalog.items.all())
    if not [i for i in items if i.status == CatalogItem.Status.ACTIVE]:
        raise ValidationError("目录中没有任何事项，不能报备。")
    missing_reason = [i.subject for i in items if i.withheld and not i.withheld_reason.strip()]
    if missing_reason:
        raise ValidationError([f"暂不公开事项“{s}”须写明理由。" for s in missing_reason])
    try:
        filing = Filing.objects.create(catalog=catalog, filed_with=catalog.filed_with, submitted_by=actor,
                                       note=note.strip(), snapshot=_snapshot(catalog),
                                       withheld_count=sum(1 for i in items if i.withheld))
    except IntegrityError:
        raise ValidationError("该目录已有一份待审的报备。")
    catalog.state = Catalog.State.SUBMITTED
    catalog.submitted_at = timezone.now()
    catalog.save(update_fields=["state", "submitted_at", "updated_at"])
    audit.record("catalog.submitted", actor=actor, obj=catalog,
                 detail={"filing": filing.pk, "filed_with": catalog.filed_with_id, "withheld": filing.withheld_count})
    return filing


def _pending_filing(catalog: Catalog) -> Filing:
    filing = catalog.filings.filter(decision=Filing.Decision.PENDING).first()
    if catalog.state != Catalog.State.SUBMITTED or filing is None:
        raise ValidationError("该目录没有待审的报备。")
    return filing


def _new_version(catalog: Catalog, reason: str) -> CatalogVersion:
    number = (catalog.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = CatalogVersion.objects.create(catalog=catalog, number=number, reason=reason[:200],
                                            items=_snapshot(catalog))
    catalog.version = number
    return version


@transaction.atomic
def acknowledge(catalog: Catalog, *, actor=None, opinion: str = "", effective_from: date | None = None,
                today: date | None = None) -> CatalogVersion:
    """The superior files the catalog (备案): a new version, obligations start (due periods)."""
    access.require_file(actor, catalog)
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    filing = _pending_filing(catalog)
    today = today or timezone.localdate()
    effective_from = effective_from or today
    catalog.items.filter(effective_from__isnull=True).update(effective_from=effective_from)
    filing.decision, filing.decided_by, filing.decided_at = Filing.Decision.FILED, actor, timezone.now()
    filing.reason = opinion.strip()
    filing.save()
    first_filing = catalog.version == 0
    version = _new_version(catalog, "报备备案" if first_filing else "重新报备备案")
    catalog.state = Catalog.State.PUBLISHED if catalog.publish_scope and catalog.published_at else Catalog.State.FILED
    catalog.filed_at = timezone.now()
    catalog.save()
    duedates.sync_catalog(catalog, today.year, today=today)
    audit.record("catalog.filed", actor=actor, obj=catalog, detail={"filing": filing.pk, "version": version.number})
    return version


@transaction.atomic
def return_filing(catalog: Catalog, *, reason: str, actor=None) -> Filing:
    """The superior returns the catalog with reasons; it goes back to draft for correction."""
    access.require_file(actor, catalog)
    if not reason or not reason.strip():
        raise ValidationError("退回须写明理由。")
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    filing = _pending_filing(catalog)
    filing.decision, filing.decided_by, filing.decided_at = Filing.Decision.RETURNED, actor, timezone.now()
    filing.reason = reason.strip()
    filing.save()
    catalog.state = Catalog.State.RETURNED
    catalog.save(update_fields=["state", "updated_at"])
    audit.record("catalog.returned", actor=actor, obj=catalog, detail={"filing": filing.pk, "reason": filing.reason})
    return filing


@transaction.atomic
def publish(catalog: Catalog, *, scope: str, actor=None) -> Catalog:
    """按照规定在党内或向社会公开 (达州办法 art. 13): only a filed catalog; scope may only widen."""
    access.require_edit(actor, catalog)
    catalog = Catalog.objects.select_for_update().get(pk=catalog.pk)
    if scope not in (Scope.PARTY, Scope.PUBLIC):
        raise ValidationError("目录的公开范围应为“党内公开”或“向社会公开”。")
    if not catalog.in_force:
        raise ValidationError("目录须经上一级党组织备案后才能公布。")
    order = [s for s, _ in Scope.choices]
    if catalog.publish_scope and order.index(scope) < order.index(catalog.publish_scope):
        raise ValidationError("目录已向社会公开，不能缩小公开范围。")
    catalog.state, catalog.publish_scope = Catalog.State.PUBLISHED, scope
    catalog.published_at = catalog.published_at or timezone.now()
    catalog.save()
    audit.record("catalog.published", actor=actor, obj=catalog, detail={"scope": scope, "version": catalog.version})
    return catalog


# ---- change control after filing ----------------------------------------------------------------

@transaction.atomic
def request_change(catalog: Catalog, *, kind: str, reason: str, explanation: str, item: CatalogItem | None = None,
                   data: dict | None = None, effective_on: date | None = None, actor=None) -> ItemChange:
    """变更、撤销或终止 (or add) an item of a filed catalog; needs the approver org's approval."""
    access.require_edit(actor, catalog)
    if not catalog.in_force:
        raise ValidationError("目录尚未备案：请直接修改草稿。")
    if kind not in ItemChange.Kind.values:
        raise ValidationError("调整类型无效。")
    errors = []
    if not (reason or "").strip():
        errors.append("须写明调整理由。")
    if not (explanation or "").strip():
        errors.append("须写明向党员群众公布的调整说明。")
    if kind == ItemChange.Kind.ADD:
        if item is not None:
            errors.append("新增事项不应指定已有事项。")
    elif item is None or item.catalog_id != catalog.pk:
        errors.append("请指定本目录中的事项。")
    elif item.status != CatalogItem.Status.ACTIVE:
        errors.append("该事项已撤销或终止。")
    clean = {}
    if kind in (ItemChange.Kind.ADD, ItemChange.Kind.CHANGE):
        try:
            clean = clean_item_data(data or {})
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    try:
        change = ItemChange.objects.create(
            catalog=catalog, item=item, kind=kind, data=clean, reason=reason.strip(), explanation=explanation.strip(),
            effective_on=effective_on or timezone.localdate(), approver_org=selectors.change_approver_for(catalog.org),
            requested_by=actor)
    except IntegrityError:
        raise ValidationError("该事项已有一项待审批的调整申请。")
    audit.record("catalog.change_requested", actor=actor, obj=change,
                 detail={"catalog": catalog.pk, "kind": kind, "item": getattr(item, "pk", None)})
    return change


@transaction.atomic
def approve_change(change: ItemChange, *, actor=None, opinion: str = "", today: date | None = None) -> ItemChange:
    """Approve: apply the change, snapshot a new version, publish the explanation, and recompute
    the item's due periods from the effective date on."""
    access.require_decide_change(actor, change)
    change = ItemChange.objects.select_for_update(of=("self",)).select_related("catalog", "item").get(pk=change.pk)
    if change.state != ItemChange.State.PENDING:
        raise ValidationError("该调整申请已处理。")
    today = today or timezone.localdate()
    catalog, item, eff = change.catalog, change.item, change.effective_on
    if change.kind == ItemChange.Kind.ADD:
        last = catalog.items.order_by("-seq").values_list("seq", flat=True).first() or 0
        item = apply_item_fields(CatalogItem(catalog=catalog, seq=last + 10, effective_from=eff), change.data)
        change.item = item
    elif change.kind == ItemChange.Kind.CHANGE:
        apply_item_fields(item, change.data)
    elif change.kind == ItemChange.Kind.REVOKE:
        item.status, item.ended_on = CatalogItem.Status.REVOKED, eff
        item.save(update_fields=["status", "ended_on"])
    else:
        item.status, item.ended_on = CatalogItem.Status.TERMINATED, eff
        item.save(update_fields=["status", "ended_on"])
    now = timezone.now()
    version = _new_version(catalog, f"{change.get_kind_display()}：{item.subject}")
    catalog.save(update_fields=["version", "updated_at"])
    change.state, change.decided_by, change.decided_at = ItemChange.State.APPROVED, actor, now
    change.opinion, change.version, change.published_at = opinion.strip(), version.number, now
    change.save()
    item.refresh_from_db()
    item.catalog = catalog
    for year in {eff.year, today.year}:
        duedates.sync_item(item, year, today=today, since=None if change.kind == ItemChange.Kind.ADD else eff)
    audit.record("catalog.change_approved", actor=actor, obj=change,
                 detail={"kind": change.kind, "item": item.pk, "version": version.number})
    return change


@transaction.atomic
def reject_change(change: ItemChange, *, opinion: str, actor=None) -> ItemChange:
    access.require_decide_change(actor, change)
    if not (opinion or "").strip():
        raise ValidationError("不予批准须写明理由。")
    change = ItemChange.objects.select_for_update().get(pk=change.pk)
    if change.state != ItemChange.State.PENDING:
        raise ValidationError("该调整申请已处理。")
    change.state, change.decided_by, change.decided_at = ItemChange.State.REJECTED, actor, timezone.now()
    change.opinion = opinion.strip()
    change.save()
    audit.record("catalog.change_rejected", actor=actor, obj=change, detail={"opinion": change.opinion})
    return change


