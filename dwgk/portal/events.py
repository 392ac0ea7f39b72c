"""Publication events: one signal, sent after commit, naming the disclosures whose readable copy changed.

The workflow writes status changes with `QuerySet.update()` (no post_save), but every step it takes is
appended to the audit log, so the audit entries are the reliable event stream: publish, scheduled
publish, correct (the new version's publication names the corrected one), withdraw, expire, widen,
archive, interpret. Direct saves of a published disclosure and changes of its targets count too.

Receivers (the search index, the static mirror) re-read each disclosure through the visibility gate;
they never trust the event to say what is visible.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger(__name__)

# sent with ids: frozenset[int] (disclosure primary keys), after the transaction that changed them commits
disclosure_changed = Signal()
# sent with org_ids: frozenset[int], after a consultation, notice, answered question or feedback reply of
# those orgs changed (their org pages show them)
org_changed = Signal()

DISCLOSURE_EVENTS = frozenset({
    "disclosure.published", "disclosure.withdrawn", "disclosure.expired", "disclosure.scope_widened",
    "disclosure.archived", "disclosure.interpreted", "disclosure.offline_recorded",
})

# Per thread: on_commit callbacks run in the thread whose transaction committed, and must not deliver
# ids another thread's still-open transaction noted (receivers would read the old rows, and that
# thread's own flush would then find nothing to send).
_local = threading.local()


def _sets() -> tuple[set[int], set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending, _local.pending_orgs = set(), set()
    return _local.pending, _local.pending_orgs


def changed(*ids: int) -> None:
    """Note that these disclosures changed; receivers run once the current transaction commits."""
    ids = {int(i) for i in ids if i}
    if not ids:
        return
    _sets()[0].update(ids)
    transaction.on_commit(flush)


def orgs_changed(*org_ids: int) -> None:
    org_ids = {int(i) for i in org_ids if i}
    if not org_ids:
        return
    _sets()[1].update(org_ids)
    transaction.on_commit(flush)


def flush() -> None:
    """Deliver every pending id at once (later on_commit callbacks of the same batch find nothing)."""
    pending, pending_orgs = _sets()
    ids, org_ids = frozenset(pending), frozenset(pending_orgs)
    pending.clear()
    pending_orgs.clear()
    sends = []
    if ids:
        sends.append((disclosure_changed, {"ids": ids}))
    if org_ids:
        sends.append((org_changed, {"org_ids": org_ids}))
    for signal, kwargs in sends:
        for receiver, result in signal.send_robust(sender=None, **kwargs):
            if isinstance(result, Exception):
                # A derived copy failing must not fail the publication; `dwgk portal build` and
                # `dwgk search rebuild` restore it from the database.
                log.error("%r failed: %s", receiver, result, exc_info=result)


def _on_audit(sender, instance, created, **kwargs):
    if not created or instance.event not in DISCLOSURE_EVENTS or instance.object_type != "disclosures.disclosure":
        return
    ids = [instance.object_id]
    corrects = (instance.detail or {}).get("corrects")
    if corrects:
        ids.append(corrects)  # the corrected original is now marked in place
    changed(*[int(i) for i in ids if str(i).isdigit()])


def _on_disclosure_saved(sender, instance, **kwargs):
    if instance.published_at is not None:
        changed(instance.pk)


def _on_targets(sender, instance, action, **kwargs):
    if action.startswith("post_") and getattr(instance, "published_at", None) is not None:
        changed(instance.pk)


def _on_participation_saved(sender, instance, **kwargs):
    orgs_changed(instance.org_id)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_save

    from dwgk.audit.models import AuditEntry
    from dwgk.disclosures.models import Disclosure
    from dwgk.participation.models import Consultation, Feedback, Inquiry, Notice

    for model in (Consultation, Notice, Inquiry, Feedback):
        post_save.connect(_on_participation_saved, sender=model, dispatch_uid=f"portal.org_page.{model.__name__}",
                          weak=False)

    post_save.connect(_on_audit, sender=AuditEntry, dispatch_uid="portal.audit_events", weak=False)
    post_save.connect(_on_disclosure_saved, sender=Disclosure, dispatch_uid="portal.disclosure_saved", weak=False)
    for through in (Disclosure.target_orgs.through, Disclosure.target_people.through):
        m2m_changed.connect(_on_targets, sender=through, dispatch_uid=f"portal.targets.{through.__name__}",
                            weak=False)
