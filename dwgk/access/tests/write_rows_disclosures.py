"""Write rows of the disclosure workflow, and the reader apps' URLs (portal, search, API), which write
nothing but the reader's own settings. Allowed actors are the duties the workflow names (seed 001 art. 14):
承办 proposes and edits, 审核/保密审查 review, 审批 approves, 发布 publishes; written by hand."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from dwgk.core.choices import Category, Channel, Scope
from dwgk.disclosures import publishing, release, services
from dwgk.disclosures.models import SecrecyFinding, StepRecord

from .write_matrix import WM, WriteRow

A = StepRecord.Action
OUT_OF_CATALOG = "本季度专项公开，目录未列"


def _draft(wm: WM, title: str, body: str = "<p>本支部第三季度党费收缴情况。</p>"):
    w = wm.world
    d = services.create_draft(org=w.district, title=title, body=body, proposer=w.users["proposer"],
                              scope=Scope.PARTY, category=Category.ORGANIZATION, channels=[Channel.PORTAL],
                              out_of_catalog_reason=OUT_OF_CATALOG, actor=w.users["proposer"])
    services.set_risk_assessment(d, w.users["proposer"], level="low", effect="党员知晓", plan="")
    return d


def _submitted(wm: WM, title: str, body: str = "<p>本支部第三季度党费收缴情况。</p>"):
    d = _draft(wm, title, body)
    services.submit(d, wm.world.users["proposer"])
    return d


def _approved(wm: WM, title: str):
    d = _submitted(wm, title)
    services.act(d, wm.world.users["secrecy"], A.PASS, opinion="内容准确，不涉密")
    services.act(d, wm.world.users["approver"], A.PASS, opinion="同意公开")
    d.refresh_from_db()
    return d


def setup(wm: WM) -> None:
    o = wm.objs
    o["draft"] = _draft(wm, "矩阵草稿事项")
    o["draft_with_file"] = _draft(wm, "矩阵带附件草稿")
    services.add_attachment(o["draft_with_file"], wm.world.users["proposer"], name="名单.txt",
                            data="参会名单：张三".encode())
    o["in_review"] = _submitted(wm, "矩阵审核中事项")
    o["with_finding"] = _submitted(wm, "矩阵含手机号事项", "<p>联系人电话 13912345678。</p>")
    o["at_approval"] = _submitted(wm, "矩阵待审批事项")
    services.act(o["at_approval"], wm.world.users["secrecy"], A.PASS, opinion="不涉密")
    o["approved"] = _approved(wm, "矩阵已审批事项")
    o["published"] = _approved(wm, "矩阵已公开事项")
    publishing.publish(o["published"], wm.world.users["publisher"])
    for key in ("draft", "draft_with_file", "in_review", "with_finding", "at_approval", "approved", "published"):
        o[key].refresh_from_db()
    # Texts under review (release.py): one with a finding to decide, one ready to close its secrecy step.
    proposer = wm.world.users["proposer"]
    o["text_with_finding"] = release.review_of(publishing.INTERPRETATION, publishing.add_interpretation(
        o["published"], proposer, kind="qa", title="矩阵解读含手机号", body="问：找谁？答：13912345678。"))
    o["text_clean"] = release.review_of(publishing.INTERPRETATION, publishing.add_interpretation(
        o["published"], proposer, kind="qa", title="矩阵解读", body="问：为何公开？答：按目录公开。"))


def _version(d) -> int:
    wf = d.workflows.filter(active=True).first()
    return wf.version if wf else 0


def _file(name="名单.txt", data="参会名单：张三、李四"):
    return lambda wm: {"file": SimpleUploadedFile(name, data.encode(), content_type="text/plain")}


PROPOSAL = {"title": "矩阵新提出事项", "body": "<p>正文</p>", "category": Category.ORGANIZATION,
            "scope": Scope.PARTY, "channels": [Channel.PORTAL], "out_of_catalog_reason": OUT_OF_CATALOG}
ONLY = frozenset

ROWS = [
    WriteRow("disclosures:create", ONLY({"proposer"}), data=lambda wm: PROPOSAL),
    WriteRow("disclosures:edit", ONLY({"proposer"}), args=lambda wm: [wm.objs["draft"].pk],
             data=lambda wm: {**PROPOSAL, "title": "矩阵草稿事项（修改）"}),
    WriteRow("disclosures:risk", ONLY({"proposer"}), args=lambda wm: [wm.objs["draft"].pk],
             data=lambda wm: {"level": "medium", "effect": "党员知晓", "plan": "专人解答疑问"}),
    WriteRow("disclosures:attach", ONLY({"proposer"}), args=lambda wm: [wm.objs["draft"].pk], files=_file(),
             label="草稿"),
    # Issue 12 Why 5: the 监督员 and a superior's office uploaded to an approved item and sent it back.
    WriteRow("disclosures:attach", ONLY({"proposer"}), args=lambda wm: [wm.objs["approved"].pk], files=_file(),
             label="已审批"),
    WriteRow("disclosures:detach", ONLY({"proposer"}),
             args=lambda wm: [wm.objs["draft_with_file"].pk, wm.objs["draft_with_file"].attachments.get().pk]),
    WriteRow("disclosures:submit", ONLY({"proposer"}), args=lambda wm: [wm.objs["draft"].pk]),
    WriteRow("disclosures:act", ONLY({"secrecy"}), args=lambda wm: [wm.objs["in_review"].pk],
             data=lambda wm: {"action": A.PASS, "opinion": "同意", "version": _version(wm.objs["in_review"])},
             label="审核"),
    WriteRow("disclosures:act", ONLY({"approver"}), args=lambda wm: [wm.objs["at_approval"].pk],
             data=lambda wm: {"action": A.PASS, "opinion": "同意", "version": _version(wm.objs["at_approval"])},
             label="审批"),
    WriteRow("disclosures:finding", ONLY({"secrecy"}), args=lambda wm: [wm.objs["with_finding"].pk],
             data=lambda wm: {"finding": wm.objs["with_finding"].findings.get().pk,
                              "decision": SecrecyFinding.Decision.REDACT}),
    WriteRow("disclosures:publish", ONLY({"publisher"}), args=lambda wm: [wm.objs["approved"].pk]),
    WriteRow("disclosures:offline", ONLY({"publisher", "proposer"}), args=lambda wm: [wm.objs["published"].pk],
             data=lambda wm: {"channel": Channel.MEETING, "held_on": "2026-11-20", "place": "党员活动室",
                              "audience_count": 30}),
    WriteRow("disclosures:withdraw", ONLY({"approver", "publisher"}), args=lambda wm: [wm.objs["published"].pk],
             data=lambda wm: {"reason": "内容有误，撤回"}),
    WriteRow("disclosures:correct", ONLY({"proposer", "publisher"}), args=lambda wm: [wm.objs["published"].pk],
             data=lambda wm: {"kind": "correct", "reason": "更正收缴金额"}),
    WriteRow("disclosures:widen", ONLY({"proposer"}), args=lambda wm: [wm.objs["published"].pk],
             data=lambda wm: {"scope": Scope.PUBLIC, "reason": "扩大到向社会公开"}),
    WriteRow("disclosures:interpret", ONLY({"proposer", "publisher"}), args=lambda wm: [wm.objs["published"].pk],
             data=lambda wm: {"kind": "qa", "title": "政策问答", "body": "问：为何公开？答：按目录公开。"}),
    WriteRow("disclosures:archive", ONLY({"publisher", "office"}), args=lambda wm: [wm.objs["published"].pk],
             data=lambda wm: {"retention": "permanent"}),
    # 谁审查谁负责: findings in a text and its secrecy step are the 保密审查 duty's; 审核 alone is refused.
    WriteRow("disclosures:text_finding", ONLY({"secrecy"}), args=lambda wm: [wm.objs["text_with_finding"].pk],
             data=lambda wm: {"finding": wm.objs["text_with_finding"].findings.get().pk, "decision": "redact"}),
    WriteRow("disclosures:text_act", ONLY({"secrecy"}), args=lambda wm: [wm.objs["text_clean"].pk],
             data=lambda wm: {"action": "pass", "opinion": "不涉密"}),
]

READ = "a read: who may read it is decided by dwgk.access (the read matrices)"
EXEMPT = {
    "disclosures:index": READ, "disclosures:detail": READ, "disclosures:attachment": READ,
    "disclosures:board": READ, "disclosures:package": READ, "disclosures:screen": READ,
    "disclosures:text_reviews": READ, "disclosures:text_review": READ,
    "disclosures:people": READ + " (names for the target picker, from the org's own subtree)",
    "disclosures:inbox": "marks the poster's own notifications read (mark_read(viewer.person)); no one else's",
    "search:search": READ,
    "portal:my_feed": "issues or revokes the poster's own feed token; no one else's",
    "api:tokens": "issues or revokes the poster's own API token; no one else's",
    "core:home": READ, "core:workbench": READ, "core:favicon": "a static icon",
    "core:healthz": "reports the server's health (database, cache, worker heartbeat); writes nothing",
    "portal:disclosure_print": READ, "portal:font_size": "sets the reader's own font-size cookie",
    "core:large_type": "sets a cookie in the poster's own browser",
    "core:switch_org": "chooses which of the poster's own work orgs the session acts for (checked against them)",
    "accounts:login": "logs the poster in (the login form's own tests)",
    "accounts:logout": "ends the poster's own session",
    "accounts:password": "changes the poster's own password (checks the current one)",
}
EXEMPT.update({f"portal:{name}": READ for name in (
    "home", "latest", "guide", "org", "org_all", "org_all_page", "org_category", "org_category_page", "org_year",
    "org_year_page", "catalog", "org_guide", "disclosure", "attachment", "feed_all", "feed_org", "feed_category",
    "feed_search", "feed_personal", "kiosk", "kiosk_category", "kiosk_detail", "screen")})
EXEMPT.update({f"api:{name}": "the API is read-only: every operation answers GET only (405 otherwise)" for name in (
    "index", "openapi", "docs", "organizations", "organization", "catalog", "catalogs", "disclosures",
    "disclosure", "attachment", "search", "me", "unknown")})
