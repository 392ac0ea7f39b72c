"""The decision path reads its rows with prepared plain SQL (dwgk.core.raw.raw_rows): what it loads must be
what the ORM loads, and a decision must stay a bounded number of round trips."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwgk.disclosures import engine, extract, publishing, services
from dwgk.disclosures.models import Disclosure, SecrecyFinding, Workflow, WorkflowStep

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


# Statements per decision as counted on SQLite (inside the test's transaction: a SAVEPOINT and its RELEASE
# stand for BEGIN and COMMIT). PostgreSQL adds the audit append's savepoint (two more) and, at publication,
# the org row lock for the index number (SQLite's write transaction already serialises numbering).
# submit: the item locked and its org; the duty; the rescan (terms, attachments, findings); the workflow
#   started from the org's definition (one read) with its steps; the covered parts hashed; the record; the
#   steps, the version, the status (a workflow started now has no 待办 to withdraw); the next holders and
#   their 待办; the audit head and entry.
# secrecy pass: the workflow, its steps, the item and org; the duty (read once for both rules); separation;
#   the findings; the covered parts (read once: redaction and hash); the redacted text; record, steps,
#   version, 待办, status, holders and 待办, audit — no attachment query for an item without attachments.
# approve: the same without findings and redaction.
# publish: the workflow, steps, item, org; the covered parts (hash and undecided findings), the secrecy
#   record, the duty; record, step, version, 待办; the channel records in one INSERT; the index number
#   (last number) written with the status; audit head and entry, change feed, the tally's counters (item
#   and channels: the year's and the month's row in one UPDATE); the proposer's message and address.
BOUNDS = {"submit": 21, "secrecy_pass": 20, "approve": 18, "publish": 22}


def _bound(action: str) -> int:
    if connection.vendor != "postgresql":
        return BOUNDS[action]
    return BOUNDS[action] + 2 + (1 if action == "publish" else 0)


def _decisions(world, d):
    """Each decision of a whole publication; the secrecy reviewer's findings are redacted (each in its own
    transaction) just before the pass."""
    u = world.users

    def secrecy_pass():
        return services.act(d, u["secrecy"], A.PASS, opinion="同意")

    return [("submit", lambda: services.submit(d, u["proposer"])),
            ("secrecy_pass", secrecy_pass),
            ("approve", lambda: services.act(d, u["approver"], A.PASS, opinion="同意")),
            ("publish", lambda: publishing.publish(d, u["publisher"], now=timezone.now()))]


def _publish_one(world, d) -> None:
    for action, decide in _decisions(world, d):
        if action == "secrecy_pass":
            resolve_all(world, d)
        decide()


def test_each_decision_is_a_bounded_number_of_round_trips(world, make_draft):
    # A first publication creates the org's tally rows; the bounds count a later one.
    _publish_one(world, make_draft())
    d = make_draft()  # two findings (redacted), two channels
    u = world.users
    assert _count(lambda: services.submit(d, u["proposer"])) <= _bound("submit")
    resolve_all(world, d)
    assert _count(lambda: services.act(d, u["secrecy"], A.PASS, opinion="同意")) <= _bound("secrecy_pass")
    assert _count(lambda: services.act(d, u["approver"], A.PASS, opinion="同意")) <= _bound("approve")
    assert _count(lambda: publishing.publish(d, u["publisher"], now=timezone.now())) <= _bound("publish")
    d.refresh_from_db()
    assert d.status == "published"
    assert not WorkflowStep.objects.filter(workflow__disclosure=d, state=WorkflowStep.State.ACTIVE).exists()


def test_no_decision_asks_the_database_the_same_question_twice(world, make_draft):
    """The waste that used to creep in: the same duty read for each rule, the same rows re-read."""
    _publish_one(world, make_draft())
    d = make_draft()
    for action, decide in _decisions(world, d):
        if action == "secrecy_pass":
            resolve_all(world, d)
        with CaptureQueriesContext(connection) as ctx:
            decide()
        reads = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        assert reads, action
        repeated = {sql for sql in reads if reads.count(sql) > 1}
        assert not repeated, (action, repeated)


def test_an_item_without_attachments_reads_no_attachment_rows_after_submitting(world, make_draft):
    d = make_draft(body="<p>经研究，拟将下列同志列为发展对象，现予公示。</p>")  # no findings
    for action, decide in _decisions(world, d):
        with CaptureQueriesContext(connection) as ctx:
            decide()
        touched = [q["sql"] for q in ctx.captured_queries if 'FROM "disclosures_attachment"' in q["sql"]]
        if action != "submit":  # submitting rescans, attachments included
            assert touched == [], action
    d.refresh_from_db()
    assert d.status == "published"


def test_an_unchanged_attachment_is_neither_re_read_nor_re_extracted(world, make_draft, settings, tmp_path,
                                                                     monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    d = make_draft(body="<p>名单见附件。</p>")
    u = world.users
    att = services.add_attachment(d, u["proposer"], name="名单.txt", data="联系人：李华，手机13912345678".encode())
    parsed, opened = [], []
    plain = extract.EXTRACTORS[".txt"]
    monkeypatch.setitem(extract.EXTRACTORS, ".txt", lambda *a: parsed.append(a[0]) or plain(*a))
    open_file = type(att.file).open
    monkeypatch.setattr(type(att.file), "open",
                        lambda self, *a, **kw: opened.append(self.name) or open_file(self, *a, **kw))
    services.submit(d, u["proposer"])
    assert parsed == [] and opened == []  # the rescan found the text in the cache by the recorded hash
    assert {f.text for f in d.findings.filter(field=f"attachment:{att.pk}")} == {"13912345678"}
    for f in d.findings.all():
        services.decide_finding(f, u["secrecy"], SecrecyFinding.Decision.WAIVE, reason="公示需要")
    services.act(d, u["secrecy"], A.PASS, opinion="同意")
    services.act(d, u["approver"], A.PASS, opinion="同意")
    publishing.publish(d, u["publisher"], now=timezone.now())
    assert parsed == []
    assert opened, "publication re-reads the stored bytes it checks"
