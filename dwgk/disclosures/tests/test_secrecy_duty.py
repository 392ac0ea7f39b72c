"""保密审查 is a duty of its own (seed 001 art. 17 先审查后公开、谁审查谁负责; issue 13 Why 2).

By default the "审核（含保密审查）" step names both 审核 and 保密审查; a holder of 审核 alone closed it and
the item went on to publication while the 保密审查 holder kept an unread 待办 for an item already public."""

import pytest

from dwgk.access.errors import Refused
from dwgk.disclosures import services
from dwgk.disclosures.models import Notification, SecrecyFinding, StepRecord
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.testing.world import make_user

from .conftest import draft

pytestmark = pytest.mark.django_db
A = StepRecord.Action
CLEAN = "<p>本季度党费收缴情况良好，全部按时足额缴纳。</p>"


def test_holding_review_alone_cannot_close_the_secrecy_step(world):
    d = draft(world, body=CLEAN)
    services.submit(d, world.users["proposer"])
    with pytest.raises(Refused, match="保密审查"):
        services.act(d, world.users["reviewer"], A.PASS, opinion="同意")
    d.refresh_from_db()
    assert d.status == "review"


def test_holding_review_alone_cannot_decide_a_finding(world):
    d = draft(world, body="<p>联系电话 13912345678</p>")
    services.submit(d, world.users["proposer"])
    f = d.findings.get()
    with pytest.raises(Refused):
        services.decide_finding(f, world.users["reviewer"], SecrecyFinding.Decision.WAIVE, "公开电话")
    f.refresh_from_db()
    assert f.decision == SecrecyFinding.Decision.PENDING


def test_the_secrecy_reviewer_closes_it_and_the_record_names_that_person(world):
    d = draft(world, body=CLEAN)
    services.submit(d, world.users["proposer"])
    rec = services.act(d, world.users["secrecy"], A.PASS, opinion="不涉密")
    assert rec.actor_person_id == world.people["secrecy"].pk and rec.role == Role.SECRECY


def test_one_person_holding_both_duties_decides_as_both(world):
    """A village branch: 审核 and 保密审查 held by one person is allowed and recorded as both."""
    p = org_services.create_person(name="村审核保密员", party_org=world.village)
    org_services.assign_role(p, world.village, Role.REVIEWER)
    org_services.assign_role(p, world.village, Role.SECRECY)
    proposer = org_services.create_person(name="村承办人", party_org=world.village)
    org_services.assign_role(proposer, world.village, Role.PROPOSER)
    d = draft(world, org=world.village, proposer=make_user("v_proposer", proposer), body=CLEAN,
              out_of_catalog_reason="村务临时事项")
    services.submit(d, d.proposer)
    rec = services.act(d, make_user("v_both", p), A.PASS, opinion="不涉密")
    assert rec.role == "reviewer+secrecy"


def test_stale_todos_are_withdrawn_with_a_note_when_the_item_moves_on(world):
    d = draft(world, body=CLEAN)
    services.submit(d, world.users["proposer"])
    todo = Notification.objects.get(recipient=world.people["reviewer"], disclosure=d, kind="todo")
    services.act(d, world.users["secrecy"], A.PASS, opinion="不涉密")
    todo.refresh_from_db()
    assert todo.kind == "withdrawn" and todo.read_at is not None and "已撤回" in todo.body
    # The approver's fresh 待办 is untouched.
    assert Notification.objects.filter(recipient=world.people["approver"], disclosure=d, kind="todo",
                                       read_at__isnull=True).exists()
