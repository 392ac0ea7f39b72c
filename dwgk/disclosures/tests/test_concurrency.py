"""Two reviewers acting at once leave exactly one decision (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction

from dwgk.disclosures import engine, services
from dwgk.disclosures.indexno import assign_index_number
from dwgk.disclosures.models import StepRecord, Workflow
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.testing.world import build_world, make_user

from .conftest import A, draft, resolve_all


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("actions", [(A.PASS, A.PASS), (A.PASS, A.RETURN)])
def test_two_reviewers_at_once_leave_one_decision(actions):
    world = build_world()
    second = org_services.create_person(name="第二审核人", party_org=world.district)
    org_services.assign_role(second, world.district, Role.SECRECY)
    users = [world.users["secrecy"], make_user("secrecy2", second)]
    d = draft(world)
    services.submit(d, world.users["proposer"])
    resolve_all(world, d)
    version = Workflow.objects.get(disclosure=d, active=True).version
    barrier = threading.Barrier(2)
    results = []

    def decide(user, action):
        try:
            barrier.wait()
            services.act(d, user, action, opinion="意见", expected_version=version)
            results.append("ok")
        except engine.ConcurrentDecision:
            results.append("conflict")
        except Exception as exc:  # noqa: BLE001 - any other failure must fail the test below
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(u, a)) for u, a in zip(users, actions, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["conflict", "ok"], results
    wf = Workflow.objects.get(disclosure=d)
    assert StepRecord.objects.filter(workflow=wf, step__secrecy=True).exclude(action=A.SUBMIT).count() == 1
    assert wf.version == version + 1  # exactly one decision moved the workflow


@pytest.mark.django_db(transaction=True)
def test_numbering_a_publication_does_not_hold_up_a_submission_at_the_same_org():
    """The index number serialises publications per org by locking the org row; a submission at that org
    meanwhile only checks the row's key (its steps reference the org) and must not wait for it (with a
    plain FOR UPDATE it did, and four parallel workflow processes deadlocked)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: its write transaction serialises both")
    world = build_world()
    numbered, submitted = draft(world), draft(world)
    results = []

    def submit():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                services.submit(submitted, world.users["proposer"])
            results.append("ok")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results.append(repr(exc))
        finally:
            connection.close()

    with transaction.atomic():
        assign_index_number(numbered, save=False)  # holds the org row's lock until this block ends
        thread = threading.Thread(target=submit)
        thread.start()
        thread.join(30)
    assert results == ["ok"], results
    assert Workflow.objects.filter(disclosure=submitted, active=True).exists()
