"""What changed in a disclosure's readable copy, appended to the change feed (dwgk.core.changes) in the
transaction that changed it.

The workflow writes status changes with `QuerySet.update()` (no post_save), but every step it takes is
appended to the audit log, so the audit entries are the reliable event source: publish, scheduled
publish, correct (the new version's publication names the corrected one), withdraw, expire, widen,
archive, interpret. Direct saves of a published disclosure and changes of its targets count too.

Followers (the search index, the static mirror) re-read each disclosure through the visibility gate;
they never trust the entry to say what is visible.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_save

from dwgk.audit.models import AuditEntry
from dwgk.core import changes

from .models import Disclosure

DISCLOSURE_EVENTS = frozenset({
    "disclosure.published", "disclosure.withdrawn", "disclosure.expired", "disclosure.scope_widened",
    "disclosure.archived", "disclosure.interpreted", "disclosure.offline_recorded",
})


def disclosures_changed(*ids: int, event: str = "") -> None:
    changes.record(changes.DISCLOSURE, ids, event)


def orgs_changed(*org_ids: int, event: str = "") -> None:
    """An org page's own items changed (a consultation, notice, answered question or feedback reply)."""
    changes.record(changes.ORG, org_ids, event)


def _on_audit(sender, instance, created, **kwargs):
    if not created or instance.event not in DISCLOSURE_EVENTS or instance.object_type != "disclosures.disclosure":
        return
    ids = [instance.object_id]
    corrects = (instance.detail or {}).get("corrects")
    if corrects:
        ids.append(corrects)  # the corrected original is now marked in place
    disclosures_changed(*[int(i) for i in ids if str(i).isdigit()], event=instance.event)


def _on_disclosure_saved(sender, instance, **kwargs):
    if instance.published_at is not None:
        disclosures_changed(instance.pk, event="disclosure.saved")


def _on_targets(sender, instance, action, **kwargs):
    if action.startswith("post_") and getattr(instance, "published_at", None) is not None:
        disclosures_changed(instance.pk, event="disclosure.targets")


def connect() -> None:
    post_save.connect(_on_audit, sender=AuditEntry, dispatch_uid="changefeed.audit_events", weak=False)
    post_save.connect(_on_disclosure_saved, sender=Disclosure, dispatch_uid="changefeed.disclosure_saved",
                      weak=False)
    for through in (Disclosure.target_orgs.through, Disclosure.target_people.through):
        m2m_changed.connect(_on_targets, sender=through, dispatch_uid=f"changefeed.targets.{through.__name__}",
                            weak=False)
