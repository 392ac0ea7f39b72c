"""End to end with the real workflow: what the reviewers redacted is exactly what the API hands out —
title, body and the attachment's 脱密稿 — and only to the scope's readers."""

from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures import publishing, services
from dwgk.disclosures.models import SecrecyFinding, StepRecord

PHONE = "13812345678"


def test_a_workflow_published_disclosure_reads_redacted_through_the_api(world, api, token_for):
    w = world
    d = services.create_draft(
        org=w.district, title="关于2026年第一季度党费收缴使用情况的公示", proposer=w.users["proposer"],
        body=f"<p>党费收缴使用情况。联系人：张明，手机{PHONE}。</p>", scope=Scope.PARTY,
        category=Category.ORGANIZATION, channels=[Channel.PORTAL], out_of_catalog_reason="本季度专项公示")
    services.set_risk_assessment(d, w.users["proposer"], level="low", effect="无负面影响", plan="")
    services.add_attachment(d, w.users["proposer"], name="明细.txt", data=f"联系人手机 {PHONE}".encode())
    services.submit(d, w.users["proposer"])
    for f in d.findings.all():
        services.decide_finding(f, w.users["secrecy"], SecrecyFinding.Decision.REDACT)
    services.act(d, w.users["secrecy"], StepRecord.Action.PASS, opinion="已脱密")
    services.act(d, w.users["approver"], StepRecord.Action.PASS, opinion="同意公开")
    publishing.publish(d, w.users["publisher"])

    assert api.get(f"disclosures/{d.pk}").status_code == 404  # 党内公开: not for anonymous readers
    token = token_for(w.users["member_village"])
    body = api.json(f"disclosures/{d.pk}", token)
    assert body["scope"] == "party" and PHONE not in body["body"] and "张明" in body["body"]
    (att,) = body["attachments"]
    assert att["redacted"] is True
    resp = api.get(att["download_url"].replace("http://testserver", ""), token)
    content = b"".join(resp.streaming_content).decode()
    assert resp.status_code == 200 and PHONE not in content and "联系人手机" in content
    assert [r["id"] for r in api.json("disclosures", token)["results"]] == [d.pk]
    assert api.json("disclosures", token_for(w.users["member_sibling"]))["count"] == 0
