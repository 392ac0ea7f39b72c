import pytest

from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures import publishing, services
from dwgk.disclosures.models import SecrecyFinding, StepRecord

A = StepRecord.Action


def publish_through_workflow(world, *, title: str, body: str, scope=Scope.PUBLIC, category=Category.ORGANIZATION,
                             channels=(Channel.PORTAL, Channel.BOARD), org=None, **kw):
    """提出 → 审核（含保密审查）→ 审批 → 实施, by the district's staff, as the real services do it."""
    d = services.create_draft(org=org or world.district, title=title, body=body, proposer=world.users["proposer"],
                              scope=scope, category=category, channels=list(channels),
                              out_of_catalog_reason="本季度专项公开，目录未列", actor=world.users["proposer"], **kw)
    services.set_risk_assessment(d, world.users["proposer"], level="low", effect="党员群众知晓，无负面影响", plan="")
    services.submit(d, world.users["proposer"])
    for f in d.findings.all():
        services.decide_finding(f, world.users["secrecy"], SecrecyFinding.Decision.REDACT)
    services.act(d, world.users["secrecy"], A.PASS, opinion="经审核，内容准确，不涉密")
    services.act(d, world.users["approver"], A.PASS, opinion="同意公开")
    publishing.publish(d, world.users["publisher"])
    d.refresh_from_db()
    return d


@pytest.fixture
def publish(world):
    return lambda **kw: publish_through_workflow(world, **kw)
