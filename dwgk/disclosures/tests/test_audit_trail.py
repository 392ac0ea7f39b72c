"""Every workflow step, publication, correction and archive lands in the hash-chained audit log."""

import pytest

from dwgk.audit.models import AuditEntry
from dwgk.audit.services import verify
from dwgk.disclosures import archive, publishing

pytestmark = pytest.mark.django_db


def test_lifecycle_is_audited_and_chain_verifies(world, approved):
    d = approved()
    publishing.publish(d, world.users["publisher"])
    new = publishing.start_correction(d, world.users["proposer"], kind="clarify", reason="补充说明统计口径")
    publishing.withdraw(d, world.users["approver"], "以更正版本为准")
    archive.archive(d, world.users["publisher"])
    events = list(AuditEntry.objects.filter(object_type="disclosures.disclosure", object_id=str(d.pk))
                  .order_by("seq").values_list("event", flat=True))
    for expected in ("disclosure.created", "disclosure.risk_assessed", "disclosure.submitted",
                     "disclosure.finding_decided", "disclosure.step.pass", "disclosure.published",
                     "disclosure.correction_started", "disclosure.withdrawn", "disclosure.archived"):
        assert expected in events, expected
    assert AuditEntry.objects.filter(object_id=str(new.pk), event="disclosure.created").exists()
    assert verify().ok
