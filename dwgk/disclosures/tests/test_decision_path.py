"""The decision path reads its rows with prepared plain SQL (dwgk.core.raw.raw_rows): what it loads must be
what the ORM loads, and a decision must stay a bounded number of round trips."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwgk.disclosures import engine, publishing, services
from dwgk.disclosures.models import Disclosure, Workflow, WorkflowStep

from .conftest import A, resolve_all

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_prepared_reads_equal_the_orm(world, make_draft):
    d = make_draft(planned_at=timezone.now() + timezone.timedelta(days=3))
    services.submit(d, world.users["proposer"])
    wf = engine.workflow_of(d)
    orm = Workflow.objects.get(pk=wf.pk)
    assert _fields(wf) == _fields(orm)
    assert _fields(wf.disclosure) == _fields(Disclosure.objects.get(pk=d.pk))
    assert [_fields(s) for s in wf.step_list] == [_fields(s) for s in orm.steps.order_by("order")]
    assert wf.current.pk == orm.current_id and wf.current.org == orm.current.org
    assert wf.disclosure.planned_at.tzinfo is not None  # converters applied (SQLite returns text)


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_each_decision_is_a_bounded_number_of_round_trips(world, make_draft):
    u = world.users
    d = make_draft()
    assert _count(lambda: services.submit(d, u["proposer"])) <= 26
    resolve_all(world, d)
    # (the secrecy decision also withdraws the step's other 待办: one UPDATE, in a savepoint on PostgreSQL)
    assert _count(lambda: services.act(d, u["secrecy"], A.PASS, opinion="同意")) <= 25
    assert _count(lambda: services.act(d, u["approver"], A.PASS, opinion="同意")) <= 20
    # Publishing also keeps the statistics tally (reports.tally): a few counter updates per channel;
    # re-reads the stored reader copies against the approved hash, numbers the item (索引号), writes the
    # change feed's entry and withdraws stale 待办. On PostgreSQL the tally's first-row inserts and the
    # audit append run in savepoints.
    savepoints = 4 if connection.vendor == "postgresql" else 0
    assert _count(lambda: publishing.publish(d, u["publisher"], now=timezone.now())) <= 41 + savepoints
    d.refresh_from_db()
    assert d.status == "published"
    assert not WorkflowStep.objects.filter(workflow__disclosure=d, state=WorkflowStep.State.ACTIVE).exists()
