"""The workflow engine: steps, hashes, the secrecy gate, three-person rule, escalation, 目录外."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dwgk.audit.models import AuditEntry
from dwgk.core.choices import Scope
from dwgk.disclosures import flows, publishing, services
from dwgk.disclosures.content import content_hash
from dwgk.disclosures.models import (
    Disclosure,
    Notification,
    SecrecyFinding,
    Status,
    StepKind,
    StepRecord,
    Workflow,
)
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role

from .conftest import A, resolve_all

pytestmark = pytest.mark.django_db


def test_full_path_records_every_step_with_hash(world, approved):
    d = approved()
    assert d.status == Status.APPROVED
    publishing.publish(d, world.users["publisher"])
    d.refresh_from_db()
    assert d.status == Status.PUBLISHED and d.published_at is not None
    records = list(StepRecord.objects.filter(workflow__disclosure=d).order_by("at", "id"))
    assert [r.action for r in records] == [A.SUBMIT, A.PASS, A.PASS, A.PUBLISH]
    assert [r.actor_name for r in records] == ["测试proposer", "测试secrecy", "测试approver", "测试publisher"]
    assert all(len(r.content_hash) == 64 and r.hash_algorithm for r in records)
    assert records[-1].content_hash == records[-2].content_hash == d.approved_hash
    # The phone number was redacted in the published copy; the original stays.
    assert "13812345678" in d.body and "13812345678" not in d.public_body
    assert set(d.publications.values_list("channel", flat=True)) == {"portal", "board"}
    events = set(AuditEntry.objects.filter(object_id=str(d.pk)).values_list("event", flat=True))
    assert {"disclosure.submitted", "disclosure.step.pass", "disclosure.published"} <= events


def test_submit_requires_risk_assessment(world):
    d = services.create_draft(org=world.district, title="测试", body="正文", proposer=world.users["proposer"],
                              scope=Scope.PARTY, out_of_catalog_reason="临时事项")
    with pytest.raises(ValidationError, match="风险评估"):
        services.submit(d, world.users["proposer"])
    d.refresh_from_db()
    assert d.status == Status.DRAFT and not Workflow.objects.filter(disclosure=d).exists()


def test_pending_finding_blocks_the_secrecy_step(world, make_draft):
    d = make_draft()
    services.submit(d, world.users["proposer"])
    with pytest.raises(ValidationError, match="保密审查发现未处理"):
        services.act(d, world.users["secrecy"], A.PASS)
    f = d.findings.get()
    with pytest.raises(ValidationError, match="书面理由"):
        services.decide_finding(f, world.users["secrecy"], SecrecyFinding.Decision.WAIVE, "")
    services.decide_finding(f, world.users["secrecy"], SecrecyFinding.Decision.WAIVE, "公开的办公联系电话，可以公开")
    services.act(d, world.users["secrecy"], A.PASS)
    d.refresh_from_db()
    assert d.status == Status.APPROVAL and "13812345678" in d.public_body


@pytest.mark.parametrize("path", ["skip_review", "approve_without_review", "forged_status"])
def test_no_path_publishes_without_secrecy_review(world, make_draft, path):
    d = make_draft()
    services.submit(d, world.users["proposer"])
    if path == "skip_review":
        with pytest.raises(ValidationError):
            publishing.publish(d, world.users["publisher"])
    elif path == "approve_without_review":
        with pytest.raises(ValidationError):
            services.act(d, world.users["approver"], A.PASS)
        with pytest.raises(ValidationError):
            publishing.publish(d, world.users["publisher"])
    else:
        # Even with the status and current step forced past review, publishing checks the records.
        wf = Workflow.objects.get(disclosure=d, active=True)
        publish_step = wf.steps.get(kind=StepKind.PUBLISH)
        Workflow.objects.filter(pk=wf.pk).update(current=publish_step)
        Disclosure.objects.filter(pk=d.pk).update(status=Status.APPROVED, approved_hash=content_hash(d))
        with pytest.raises(ValidationError, match="先审查后公开"):
            publishing.publish(Disclosure.objects.get(pk=d.pk), world.users["publisher"])
    d.refresh_from_db()
    assert d.published_at is None and not d.publications.exists()


def test_edit_after_approval_returns_to_review_and_blocks_publication(world, approved):
    d = approved()
    services.update_draft(d, world.users["proposer"], body=d.body + "<p>补充：会议地点在区委第一会议室。</p>")
    d.refresh_from_db()
    assert d.status == Status.REVIEW and d.approved_hash == ""
    with pytest.raises(ValidationError):
        publishing.publish(d, world.users["publisher"])
    assert StepRecord.objects.filter(workflow__disclosure=d, action=A.EDIT_BACK).count() == 1


def test_content_changed_behind_the_workflow_blocks_publication(world, approved):
    d = approved()
    Disclosure.objects.filter(pk=d.pk).update(body=d.body + "<p>未经审批的内容</p>")
    with pytest.raises(ValidationError, match="不一致"):
        publishing.publish(Disclosure.objects.get(pk=d.pk), world.users["publisher"])
    assert Disclosure.objects.get(pk=d.pk).published_at is None


def test_return_and_reject_need_reasons(world, make_draft):
    d = make_draft()
    services.submit(d, world.users["proposer"])
    resolve_all(world, d)
    for action in (A.RETURN, A.REJECT):
        with pytest.raises(ValidationError, match="书面理由"):
            services.act(d, world.users["secrecy"], action, opinion=" ")
    services.act(d, world.users["secrecy"], A.RETURN, opinion="数据口径需与组织部核对")
    d.refresh_from_db()
    assert d.status == Status.RETURNED
    assert Notification.objects.filter(recipient=world.people["proposer"], disclosure=d).exists()
    services.submit(d, world.users["proposer"])
    services.act(d, world.users["secrecy"], A.REJECT, opinion="涉及未定事项，不宜公开")
    d.refresh_from_db()
    assert d.status == Status.REJECTED
    assert not Workflow.objects.filter(disclosure=d, active=True).exists()


def test_one_active_workflow_per_disclosure_is_a_database_rule(world, make_draft):
    d = make_draft()
    services.submit(d, world.users["proposer"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Workflow.objects.create(disclosure=d, template_name="重复流程")


def test_three_different_people(world, make_draft):
    """One person holding proposer, secrecy and approver roles still cannot do two of those duties."""
    d = make_draft()
    p = world.people["proposer"]
    for role in (Role.SECRECY, Role.APPROVER):
        org_services.assign_role(p, world.district, role)
    services.submit(d, world.users["proposer"])
    resolve_all(world, d)
    with pytest.raises(ValidationError, match="三个不同的人"):
        services.act(d, world.users["proposer"], A.PASS)
    services.act(d, world.users["secrecy"], A.PASS)
    # The secrecy reviewer now also holds the approver role: still refused.
    org_services.assign_role(world.people["secrecy"], world.district, Role.APPROVER)
    with pytest.raises(ValidationError, match="三个不同的人"):
        services.act(d, world.users["secrecy"], A.PASS)
    with pytest.raises(ValidationError, match="三个不同的人"):
        services.act(d, world.users["proposer"], A.PASS)
    services.act(d, world.users["approver"], A.PASS)
    d.refresh_from_db()
    assert d.status == Status.APPROVED


def test_escalation_to_the_superior_approver(world, make_draft):
    d = make_draft()
    services.submit(d, world.users["proposer"])
    resolve_all(world, d)
    services.act(d, world.users["secrecy"], A.PASS)
    with pytest.raises(ValidationError, match="书面理由"):
        services.act(d, world.users["approver"], A.ESCALATE)
    services.act(d, world.users["approver"], A.ESCALATE, opinion="涉及全区干部调整，超出职权")
    d.refresh_from_db()
    assert d.status == Status.ESCALATED
    wf = Workflow.objects.get(disclosure=d, active=True)
    assert wf.current.kind == StepKind.ESCALATED and wf.current.org == world.city
    assert Notification.objects.filter(recipient=world.people["city_approver"], disclosure=d).exists()
    with pytest.raises(ValidationError, match="没有"):
        services.act(d, world.users["approver"], A.PASS)
    services.act(d, world.users["city_approver"], A.PASS, opinion="同意")
    d.refresh_from_db()
    assert d.status == Status.APPROVED


def test_out_of_catalog_item_needs_the_catalog_makers_approval(world):
    """A grassroots org's catalog is made by its superior: 目录外 items need that org's approval."""
    people = {}
    for key, org, role in (("v_prop", world.village, Role.PROPOSER), ("v_sec", world.village, Role.SECRECY),
                           ("v_appr", world.village, Role.APPROVER), ("t_appr", world.town, Role.APPROVER)):
        p = org_services.create_person(name=key, party_org=org)
        org_services.assign_role(p, org, role)
        from dwgk.testing.world import make_user

        people[key] = make_user(key, p)
    from .conftest import draft

    d = draft(world, org=world.village, proposer=people["v_prop"], out_of_catalog_reason="村集体临时事项")
    services.submit(d, people["v_prop"])
    for f in d.findings.all():
        services.decide_finding(f, people["v_sec"], SecrecyFinding.Decision.REDACT)
    services.act(d, people["v_sec"], A.PASS)
    services.act(d, people["v_appr"], A.PASS)
    d.refresh_from_db()
    assert d.status == Status.CATALOG_APPROVAL
    with pytest.raises(ValidationError):
        publishing.publish(d, people["v_appr"])
    services.act(d, people["t_appr"], A.PASS, opinion="同意目录外公开")
    d.refresh_from_db()
    assert d.status == Status.APPROVED


def test_unclear_goes_to_the_secrecy_authority(world, make_draft):
    authority = org_services.create_person(name="市保密办", party_org=world.city)
    org_services.assign_role(authority, world.city, Role.SECRECY)
    from dwgk.testing.world import make_user

    auth_user = make_user("city_secrecy", authority)
    d = make_draft()
    services.submit(d, world.users["proposer"])
    f = d.findings.get()
    services.decide_finding(f, world.users["secrecy"], SecrecyFinding.Decision.UNCLEAR, "号码是否属个人信息不明确")
    with pytest.raises(ValidationError, match="保密部门"):
        services.act(d, world.users["secrecy"], A.PASS)
    services.act(d, world.users["secrecy"], A.UNCLEAR, opinion="送保密部门确定")
    d.refresh_from_db()
    assert d.status == Status.SECRECY_AUTHORITY
    wf = Workflow.objects.get(disclosure=d, active=True)
    assert wf.current.org == world.city  # the district's only secrecy officer flagged it
    services.decide_finding(f, auth_user, SecrecyFinding.Decision.REDACT)
    services.act(d, auth_user, A.PASS, opinion="属个人信息，脱密后公开")
    d.refresh_from_db()
    assert d.status == Status.APPROVAL


def test_seed_003_variant_is_expressible(world, make_draft):
    flows.set_template(world.district, **{k: flows.SEED_003[k] for k in ("name", "steps", "source")})
    d = make_draft()
    services.submit(d, world.users["proposer"])
    wf = Workflow.objects.get(disclosure=d, active=True)
    assert [s.label for s in wf.steps.order_by("order")] == ["拟定公开内容", "党组织审定", "第一责任人（审批人）审签",
                                                            "向党员（群众）公开"]
    resolve_all(world, d, "secrecy")
    with pytest.raises(ValidationError, match="会议日期"):
        services.act(d, world.users["secrecy"], A.PASS)
    services.act(d, world.users["secrecy"], A.PASS, meeting_date=datetime.date(2026, 4, 20), opinion="班子会审定")
    services.act(d, world.users["approver"], A.PASS)
    assert Disclosure.objects.get(pk=d.pk).status == Status.APPROVED


def test_template_without_secrecy_review_is_refused(world):
    steps = [s for s in flows.SEED_001["steps"] if not s.get("secrecy")]
    with pytest.raises(ValidationError, match="保密审查"):
        flows.set_template(world.district, name="缺保密审查", steps=steps)


def test_create_draft_for_participation(world):
    d = services.create_draft(org=world.district, title="关于群众反映较多的党费使用问题的说明", body="说明内容",
                              proposer=world.people["proposer"], scope=Scope.PUBLIC, source="意见反馈#12")
    assert d.status == Status.DRAFT and d.is_out_of_catalog and "意见反馈#12" in d.out_of_catalog_reason
