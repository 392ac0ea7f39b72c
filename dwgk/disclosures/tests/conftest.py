import pytest

from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures import services
from dwgk.disclosures.models import SecrecyFinding, StepRecord

A = StepRecord.Action

BODY = ("<p>经区委常委会研究，决定于2026年4月26日党务公开日公开本季度党费收缴使用情况。</p>"
        "<p>联系人：张明，手机13812345678。</p>")


def draft(world, **kw):
    data = {"org": world.district, "title": "关于2026年第一季度党费收缴使用情况的公示", "body": BODY,
            "proposer": world.users["proposer"], "scope": Scope.PARTY, "category": Category.ORGANIZATION,
            "channels": [Channel.PORTAL, Channel.BOARD], "out_of_catalog_reason": "本季度专项公示，目录未列"}
    data.update(kw)
    d = services.create_draft(**data)
    services.set_risk_assessment(d, data["proposer"], level="low", effect="党员知晓度提高，无负面影响",
                                 plan="")
    return d


def resolve_all(world, d, user="secrecy"):
    for f in d.findings.all():
        services.decide_finding(f, world.users[user], SecrecyFinding.Decision.REDACT)


def to_approved(world, d):
    """Proposer submits, the secrecy reviewer redacts and passes, the approver approves."""
    services.submit(d, world.users["proposer"])
    resolve_all(world, d)
    services.act(d, world.users["secrecy"], A.PASS, opinion="经审核，内容准确，已脱密")
    services.act(d, world.users["approver"], A.PASS, opinion="同意公开")
    d.refresh_from_db()
    return d


@pytest.fixture
def make_draft(world):
    return lambda **kw: draft(world, **kw)


@pytest.fixture
def approved(world):
    return lambda **kw: to_approved(world, draft(world, **kw))
