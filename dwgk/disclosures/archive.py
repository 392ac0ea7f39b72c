"""归档: freeze a disclosure with its workflow record; 档号 by rule; a zip package with a manifest."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.access.disclosures import released_interpretations
from dwgk.access.staff import require_duty
from dwgk.audit.services import record
from dwgk.orgs.models import Role

from .content import snapshot
from .engine import set_status, user_of
from .models import ArchiveRecord, Disclosure, Retention, Status, Workflow
from .readercopy import reader_copy

# 档号 category segment: short, stable codes for the 8 categories.
CATEGORY_CODES = {"resolutions": "JY", "ideology": "SX", "organization": "ZZ", "leadership": "BZ",
                  "cadres": "GB", "service": "FW", "integrity": "LZ", "other": "QT"}
ARCHIVABLE = {Status.PUBLISHED, Status.EXPIRED, Status.WITHDRAWN, Status.REJECTED}


def archive_number(org_code: str, year: int, category: str, sequence: int) -> str:
    """档号 = 组织代码-年度-类别-件号, e.g. DJ0017-2026-ZZ-0003."""
    return f"{org_code}-{year}-{CATEGORY_CODES.get(category, 'QT')}-{sequence:04d}"


def workflow_record(d: Disclosure) -> list[dict]:
    out = []
    for wf in Workflow.objects.filter(disclosure=d).order_by("started_at", "id"):
        out.append({
            "purpose": wf.purpose, "template": wf.template_name, "outcome": wf.outcome,
            "started_at": wf.started_at.isoformat(), "ended_at": wf.ended_at.isoformat() if wf.ended_at else None,
            "steps": [{"order": s.order, "kind": s.kind, "label": s.label, "org": s.org.name, "state": s.state,
                       "inserted_reason": s.inserted_reason} for s in wf.steps.select_related("org")],
            "records": [{"at": r.at.isoformat(), "step": r.step.label if r.step else "", "action": r.action,
                         "actor": r.actor_name, "role": r.role, "opinion": r.opinion,
                         "meeting_date": r.meeting_date.isoformat() if r.meeting_date else None,
                         "content_hash": r.content_hash, "algorithm": r.hash_algorithm}
                        for r in wf.records.select_related("step").order_by("at", "id")],
        })
    return out


def metadata(d: Disclosure, archive_no: str, retention: str, archived_at) -> dict:
    return {
        "archive_no": archive_no, "retention": retention, "archived_at": archived_at.isoformat(),
        "disclosure": d.pk, "org": {"id": d.org_id, "code": d.org.code, "name": d.org.name},
        "title": d.title, "public_title": d.public_title, "category": d.category, "scope": d.scope,
        "status_before_archive": d.status, "version_no": d.version_no, "corrects": d.corrects_id,
        "catalog_item": d.catalog_item_id, "out_of_catalog_reason": d.out_of_catalog_reason,
        "published_at": d.published_at.isoformat() if d.published_at else None,
        "withdrawn_at": d.withdrawn_at.isoformat() if d.withdrawn_at else None,
        "withdraw_reason": d.withdraw_reason, "approved_hash": d.approved_hash,
        "approved_algorithm": d.approved_algorithm, "published_hash": d.published_hash,
        "risk": {"level": d.risk_level, "effect": d.risk_effect, "plan": d.risk_plan},
        "content_snapshot": snapshot(d),
        "findings": [{"field": f.field, "kind": f.kind, "start": f.start, "end": f.end, "decision": f.decision,
                      "reason": f.reason} for f in d.findings.all()],
        "publications": [{"channel": p.channel, "published_at": p.published_at.isoformat(),
                          "held_on": p.held_on.isoformat() if p.held_on else None, "place": p.place,
                          "audience_count": p.audience_count, "active": p.active} for p in d.publications.all()],
        "interpretations": [{"kind": i.kind, "title": i.title, "published_at": i.published_at.isoformat()}
                            for i in released_interpretations(d.interpretations.all())],
    }


def build_package(d: Disclosure, meta: dict) -> tuple[bytes, dict]:
    """The zip: content (published and original), attachments (original and redacted), workflow
    record, metadata JSON, and manifest-sha256.txt over every other file."""
    files: dict[str, bytes] = {
        "content/published.html": f"<h1>{d.public_title}</h1>\n{d.public_body}".encode(),
        "content/original.html": f"<h1>{d.title}</h1>\n{d.body}".encode(),
        "workflow.json": json.dumps(workflow_record(d), ensure_ascii=False, indent=2).encode(),
        "metadata.json": json.dumps(meta, ensure_ascii=False, indent=2, default=str).encode(),
    }
    for att in d.attachments.all():
        with att.file.open("rb") as fh:
            files[f"attachments/original/{att.pk}_{att.name}"] = fh.read()
        copy = reader_copy(att)
        if copy.redacted:
            with copy.open() as fh:
                files[f"attachments/redacted/{att.pk}_{copy.name}"] = fh.read()
    manifest = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    files["manifest-sha256.txt"] = "".join(f"{h}  {n}\n" for n, h in manifest.items()).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue(), manifest


def verify_package(data: bytes) -> list[str]:
    """Names of files whose checksum does not match the manifest (empty list: intact)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        lines = zf.read("manifest-sha256.txt").decode().splitlines()
        listed = dict(reversed(line.split("  ", 1)) for line in lines if line)
        bad = [n for n, h in listed.items() if hashlib.sha256(zf.read(n)).hexdigest() != h]
        bad += [n for n in zf.namelist() if n != "manifest-sha256.txt" and n not in listed]
    return bad


@transaction.atomic
def archive(d: Disclosure, actor, *, retention: str = Retention.PERMANENT) -> ArchiveRecord:
    """立卷归档 (art. 14(四)): a finished item, frozen with its workflow record and package."""
    d = Disclosure.objects.select_for_update().select_related("org").get(pk=d.pk)
    if d.status not in ARCHIVABLE:
        raise ValidationError(_("只有已公开、已到期、已撤回或未通过的事项可以归档（当前：%(s)s）。") % {
            "s": d.get_status_display()})
    if Workflow.objects.filter(disclosure=d, active=True).exists():
        raise ValidationError(_("该事项还有进行中的流程，办结后才能归档。"))
    if retention not in Retention.values:
        raise ValidationError(_("请选择保管期限。"))
    require_duty(actor, d.org, [Role.PUBLISHER, Role.OFFICE_ADMIN], _("归档"))
    now = timezone.now()
    year = timezone.localdate(d.published_at or now).year
    for _attempt in range(5):
        last = (ArchiveRecord.objects.filter(org=d.org, year=year, category=d.category)
                .aggregate(m=Max("sequence"))["m"] or 0)
        number = archive_number(d.org.code, year, d.category, last + 1)
        meta = metadata(d, number, retention, now)
        data, manifest = build_package(d, meta)
        try:
            with transaction.atomic():
                rec = ArchiveRecord(disclosure=d, archive_no=number, org=d.org, year=year, category=d.category,
                                    sequence=last + 1, retention=retention, manifest=manifest,
                                    package_sha256=hashlib.sha256(data).hexdigest(),
                                    archived_by=user_of(actor), archived_at=now)
                rec.package.save(f"{number}.zip", ContentFile(data), save=False)
                rec.save(force_insert=True)
                break
        except IntegrityError:
            continue  # another archive took the sequence number; take the next
    else:
        raise ValidationError(_("档号分配冲突，请重试。"))
    set_status(d, Status.ARCHIVED, archived_at=now)
    record("disclosure.archived", actor=actor, obj=d,
           detail={"archive_no": number, "retention": retention, "package_sha256": rec.package_sha256})
    return rec
