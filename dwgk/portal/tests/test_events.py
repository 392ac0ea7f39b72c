"""The derived copies follow the workflow: 实施 (publish), 更正, 撤回 and 扩大公开范围 (先党内后党外) reach the
search index and the static mirror when the transaction commits, through the real services — which write
status with UPDATE, so only the audit entries they append can announce the change."""

import pytest
from django.urls import reverse

from dwgk.access.audience import audience_keys
from dwgk.core.choices import Scope
from dwgk.disclosures import publishing, services
from dwgk.disclosures.models import StepRecord
from dwgk.participation import engagement
from dwgk.portal.mirror import file_for
from dwgk.search import services as search
from dwgk.testing.reviewers import release_now

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db
A = StepRecord.Action


@pytest.fixture
def live_copies(settings, tmp_path):
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    settings.DWGK_SEARCH_AUTO_INDEX = True
    settings.DWGK_MIRROR_DIR = tmp_path / "mirror"
    settings.DWGK_MIRROR_AUTO = True
    search.rebuild([])
    return tmp_path / "mirror"


def _found(term, user=None):
    return [h.id for h in search.search(term, audience_keys(user)).hits]


def _page(root, d):
    return file_for(root, reverse("portal:disclosure", args=[d.pk]))


def test_publish_correct_withdraw_reach_index_and_mirror(world, live_copies, django_capture_on_commit_callbacks):
    root = live_copies
    with django_capture_on_commit_callbacks(execute=True):
        d = publish_through_workflow(world, title="甲区委关于2026年党费收缴情况的公示", body="<p>实缴党费386,520.60元。</p>")
    assert _found("党费收缴") == [d.pk]
    assert _page(root, d).exists()
    assert d.title in file_for(root, "/").read_text(encoding="utf-8")
    org_feed = file_for(root, reverse("portal:feed_org", args=[world.city.pk, "atom"]))
    assert d.title in org_feed.read_text(encoding="utf-8")  # the feeds of the orgs above carry it too

    # 更正: a new version through the whole workflow; the original is marked in place, found no more.
    fix = publishing.start_correction(d, world.users["proposer"], kind="correct", reason="金额有误，更正为386,250.60元",
                                      body=d.body.replace("386,520.60", "386,250.60"))
    services.set_risk_assessment(fix, world.users["proposer"], level="low", effect="无", plan="")
    services.submit(fix, world.users["proposer"])
    services.act(fix, world.users["secrecy"], A.PASS, opinion="同意")
    services.act(fix, world.users["approver"], A.PASS, opinion="同意")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(fix, world.users["publisher"])
    assert _found("党费收缴") == [fix.pk]
    original = _page(root, d).read_text(encoding="utf-8")
    assert "本件已被更正" in original and reverse("portal:disclosure", args=[fix.pk]) in original
    assert "金额有误" in _page(root, fix).read_text(encoding="utf-8")

    # 撤回: gone from the index and the mirror in the same step.
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(fix, world.users["approver"], "数据需重新核对")
    assert fix.pk not in _found("党费收缴")
    assert not _page(root, fix).exists()
    listing = file_for(root, reverse("portal:org_all", args=[world.district.pk])).read_text(encoding="utf-8")
    assert reverse("portal:disclosure", args=[fix.pk]) not in listing
    # The withdrawn correction corrects nothing: the original stands again, unmarked and found again.
    d.refresh_from_db()
    assert d.superseded_by_id is None
    assert "本件已被更正" not in _page(root, d).read_text(encoding="utf-8")
    assert "已更正" not in listing
    assert _found("党费收缴") == [d.pk]


def test_widening_scope_after_publication_reaches_the_public(world, live_copies, django_capture_on_commit_callbacks):
    """一般先党内后党外: a 党内公开 item widened to 向社会公开 appears for the anonymous visitor and in the mirror."""
    root = live_copies
    with django_capture_on_commit_callbacks(execute=True):
        d = publish_through_workflow(world, title="甲区委2026年党务公开工作要点", scope=Scope.PARTY,
                                     body="<p>坚持先审查后公开。</p>")
    assert _found("工作要点") == []
    assert _found("工作要点", world.users["member_town"]) == [d.pk]
    assert not _page(root, d).exists()
    publishing.request_scope_change(d, world.users["proposer"], scope=Scope.PUBLIC, reason="党内公开无异议")
    services.act(d, world.users["secrecy"], A.PASS, opinion="可向社会公开")
    with django_capture_on_commit_callbacks(execute=True):
        services.act(d, world.users["approver"], A.PASS, opinion="同意")
    assert _found("工作要点") == [d.pk]
    page = _page(root, d).read_text(encoding="utf-8")
    assert "社会公开" in page and "扩大为" in page


def test_a_consultation_reaches_the_org_page_in_the_mirror(world, live_copies, django_capture_on_commit_callbacks):
    office = world.users["office"]
    with django_capture_on_commit_callbacks(execute=True):
        public = engagement.open_consultation(org=world.district, title="关于党员积分管理办法征求意见",
                                              draft="征求意见稿", actor=office)
        party = engagement.open_consultation(org=world.district, title="党内征求意见：班子建设", draft="稿",
                                             audience="internal", actor=office)
    path = file_for(live_copies, reverse("portal:org", args=[world.district.pk]))
    assert "关于党员积分管理办法征求意见" not in path.read_text(encoding="utf-8")  # 先审查后公开: not yet
    with django_capture_on_commit_callbacks(execute=True):
        release_now(engagement.CONSULTATION, public)  # the release itself re-renders the org page
        release_now(engagement.CONSULTATION, party)
    page = path.read_text(encoding="utf-8")
    assert "关于党员积分管理办法征求意见" in page
    assert "党内征求意见：班子建设" not in page  # 党内征求意见 is PARTY scope: not in the public mirror
