"""DESIGN invariant 2, whole: what readers receive is what was approved, at publication and after.

- At publication the stored bytes of every reader copy are read back and compared with the hashes
  the approval covered (`checked_reader_hash`); a replaced or missing file refuses publication.
- At publication the reader hash (title, body, every reader copy's bytes) is fixed on the item;
  afterwards the database refuses changes to content columns (migration `published_content_frozen`)
  and the scheduled check (`verify_reader_copies`) recomputes every published item's reader hash
  from storage and reports drift to the 党务公开办公室 and the audit administrator.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dwgk.audit import alerts
from dwgk.core import batches
from dwgk.core.crypto import digest_hex
from dwgk.orgs.models import Person, Role
from dwgk.orgs.selectors import ancestors

from . import notifications
from .content import hash_algorithm
from .models import Attachment, Disclosure, Status
from .readercopy import reader_copy

# Items a reader may still receive (or that were published and must not change silently).
CHECKED_STATUSES = (Status.PUBLISHED, Status.EXPIRED, Status.ARCHIVED)
ALERT_KIND = "reader_copy_drift"


def checked_reader_hash(d: Disclosure, algorithm: str | None = None, attachments=None) -> str:
    """Publication's check: every attachment's reader copy, read from storage, is the one recorded
    (and so approved); returns the reader hash of those very bytes. Refuses with a reason otherwise.
    `attachments`: the item's attachments when the caller has read them in this transaction (an empty
    list for an item that has none), else they are read here."""
    files = []
    if attachments is None:
        attachments = Attachment.objects.filter(disclosure_id=d.pk).order_by("id")
    for att in sorted(attachments, key=lambda a: a.pk):
        copy = reader_copy(att)
        data = copy.read()
        if data is None:
            raise ValidationError(_("附件“%(name)s”的公开文件在存储中缺失，不能发布；请退回重新审核。")
                                  % {"name": copy.name})
        digest = hashlib.sha256(data).hexdigest()
        if digest != copy.sha256 or (copy.size is not None and len(data) != copy.size):
            raise ValidationError(_("附件“%(name)s”的公开文件与审批通过的版本不一致（存储中的文件被替换），"
                                    "不能发布；请退回重新审核。") % {"name": copy.name})
        files.append([att.pk, copy.name, copy.content_type, digest])
    return _hash({"title": d.redacted_title or d.title, "body": d.redacted_body or d.body, "attachments": files},
                 algorithm)


def _hash(snapshot: dict, algorithm: str | None) -> str:
    algorithm = algorithm or hash_algorithm()
    data = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{algorithm}:{digest_hex(data.encode(), algorithm)}"


def reader_snapshot(d: Disclosure, attachments=None) -> dict:
    """Exactly what a reader receives: title, body, and each attachment's name, type and bytes' hash
    (the bytes read from storage now; a missing file is recorded as missing)."""
    files = []
    if attachments is None:
        attachments = Attachment.objects.filter(disclosure_id=d.pk)
    for att in sorted(attachments, key=lambda a: a.pk):
        copy = reader_copy(att)
        data = copy.read()
        files.append([att.pk, copy.name, copy.content_type,
                      hashlib.sha256(data).hexdigest() if data is not None else "missing"])
    return {"title": d.redacted_title or d.title, "body": d.redacted_body or d.body, "attachments": files}


def reader_hash(d: Disclosure, algorithm: str | None = None, attachments=None) -> str:
    """"algorithm:hex" of the reader snapshot."""
    return _hash(reader_snapshot(d, attachments), algorithm)


def reader_hash_matches(d: Disclosure) -> bool:
    algorithm, _sep, _hex = d.reader_hash.partition(":")
    return bool(d.reader_hash) and reader_hash(d, algorithm) == d.reader_hash


@dataclass
class DriftReport:
    checked: int = 0
    drifted: list[int] = field(default_factory=list)
    unfixed: list[int] = field(default_factory=list)  # published before reader hashes existed


def _office_of(d: Disclosure) -> list[int]:
    """The 党务公开办公室 nearest the item's org (itself, then upwards)."""
    for org in [d.org, *reversed(list(ancestors(d.org).exclude(pk=d.org_id)))]:
        people = list(Person.objects.filter(roles__org=org, roles__role=Role.OFFICE_ADMIN)
                      .values_list("pk", flat=True).distinct())
        if people:
            return people
    return []


def report_drift(d: Disclosure) -> bool:
    """Tell the office and the audit administrator once (until the drift is gone)."""
    title = _("公开内容被改动：%(t)s") % {"t": d.title}
    alert = alerts.raise_alert(ALERT_KIND, f"disclosure:{d.pk}", title, {
        "disclosure": d.pk, "org": d.org.name, "status": d.status, "reader_hash": d.reader_hash})
    if alert is None:
        return False
    body = _("已公开事项“%(t)s”当前向读者提供的标题、正文或附件与公开时固定的版本不一致，"
             "可能在数据库或文件存储中被直接改动。请核查并通过更正程序处理。") % {"t": d.title}
    for pk in _office_of(d):
        notifications.notify_person(pk, title, body, d, "alert")
    return True


def verify_reader_copies(now=None) -> DriftReport:
    """The scheduled check: recompute every published item's reader hash from storage."""
    report = DriftReport()
    open_keys = set(alerts.open_alerts().filter(kind=ALERT_KIND).values_list("key", flat=True))
    qs = (Disclosure.objects.filter(status__in=CHECKED_STATUSES).select_related("org").order_by("pk")
          .only("pk", "org", "title", "body", "redacted_title", "redacted_body", "status", "reader_hash"))
    for d in batches.rows(qs):
        report.checked += 1
        if not d.reader_hash:
            report.unfixed.append(d.pk)
            continue
        if reader_hash_matches(d):
            if f"disclosure:{d.pk}" in open_keys:
                alerts.clear_alert(ALERT_KIND, f"disclosure:{d.pk}")
            continue
        report.drifted.append(d.pk)
        report_drift(d)
    return report
