"""A reader's disclosure page costs the gate's answer plus a rendering cached per version: the gate is asked
on every request (a reader who loses access gets 404 at once), and every change made through the real
services — correction, withdrawal, scope change, archive — gives the page a new version, so no reader sees
a stale rendering."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dwgk.core.choices import Scope
from dwgk.disclosures import publishing, services
from dwgk.disclosures.archive import archive
from dwgk.disclosures.models import StepRecord
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Organization
from dwgk.portal import selectors
from dwgk.testing.texts import release_of

from .conftest import publish_through_workflow

pytestmark = pytest.mark.django_db
A = StepRecord.Action


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _get(client, user, d):
    client.force_login(user) if user is not None else client.logout()
    return client.get(reverse("portal:disclosure", args=[d.pk]))


def _finish(world, wf_disclosure):
    services.set_risk_assessment(wf_disclosure, world.users["proposer"], level="low", effect="无", plan="")
    services.submit(wf_disclosure, world.users["proposer"])
    services.act(wf_disclosure, world.users["secrecy"], A.PASS, opinion="同意")
    services.act(wf_disclosure, world.users["approver"], A.PASS, opinion="同意")
    publishing.publish(wf_disclosure, world.users["publisher"])


def test_第二次阅读只问可见性闸门不再重新渲染(world, client):
    d = publish_through_workflow(world, title="甲区委关于党员发展工作的公示", body="<p>拟发展对象三名。</p>")
    member = world.users["member_town"]
    first = _get(client, member, d)
    assert first.status_code == 200 and "拟发展对象三名" in first.content.decode()
    with CaptureQueriesContext(connection) as cached:
        again = _get(client, member, d)
    assert again.status_code == 200 and "拟发展对象三名" in again.content.decode()
    sqls = [q["sql"] for q in cached.captured_queries]
    gate = [q for q in sqls if 'FROM "disclosures_disclosure"' in q]
    assert len(gate) == 1, gate  # the gate, once: the content came from the cache
    assert " JOIN " not in gate[0]
    # No query of its own for what hangs off the disclosure (they are figures in the gate's stamp).
    for table in ("disclosures_attachment", "disclosures_interpretation", "disclosures_scopechange",
                  "orgs_organization\" WHERE", "catalog_catalogitem"):
        assert not any(q.startswith("SELECT") and f'FROM "{table}' in q for q in sqls), table


def test_失去阅读权限的读者立即得到404(world, client):
    d = publish_through_workflow(world, title="甲区委党内通报", body="<p>党内通报内容。</p>", scope=Scope.PARTY)
    member = world.users["member_town"]
    assert _get(client, member, d).status_code == 200
    assert _get(client, member, d).status_code == 200  # now served from the cached rendering
    org_services.transfer_membership(world.people["member_town"], world.sibling)
    assert _get(client, member, d).status_code == 404
    assert _get(client, world.users["member_district"], d).status_code == 200


def test_更正后原件页面立即标明已被更正(world, client):
    d = publish_through_workflow(world, title="甲区委关于党费收缴情况的公示", body="<p>实缴党费386,520.60元。</p>")
    reader = world.users["member_village"]
    assert "本件已被更正" not in _get(client, reader, d).content.decode()
    fix = publishing.start_correction(d, world.users["proposer"], kind="correct", reason="金额有误",
                                      body=d.body.replace("386,520.60", "386,250.60"))
    _finish(world, fix)
    page = _get(client, reader, d).content.decode()
    assert "本件已被更正" in page and reverse("portal:disclosure", args=[fix.pk]) in page
    assert "已更正" in page  # 有效性, in the cached part of the page
    assert "金额有误" in _get(client, reader, fix).content.decode()


def test_撤回后页面立即404(world, client):
    d = publish_through_workflow(world, title="甲区委关于评先评优的公示", body="<p>拟表彰名单。</p>")
    assert _get(client, None, d).status_code == 200
    publishing.withdraw(d, world.users["approver"], "名单需重新核对")
    assert _get(client, None, d).status_code == 404
    assert _get(client, world.users["member_town"], d).status_code == 404


def test_扩大公开范围后页面显示新范围(world, client):
    d = publish_through_workflow(world, title="甲区委2026年党务公开工作要点", body="<p>坚持先审查后公开。</p>",
                                 scope=Scope.PARTY)
    member = world.users["member_town"]
    page = _get(client, member, d).content.decode()
    assert "党内公开" in page and "扩大为" not in page
    assert _get(client, None, d).status_code == 404
    publishing.request_scope_change(d, world.users["proposer"], scope=Scope.PUBLIC, reason="党内公开无异议")
    services.act(d, world.users["secrecy"], A.PASS, opinion="可向社会公开")
    services.act(d, world.users["approver"], A.PASS, opinion="同意")
    page = _get(client, member, d).content.decode()
    assert "社会公开" in page and "扩大为" in page
    assert _get(client, None, d).status_code == 200


def test_归档给页面一个新版本(world, client):
    d = publish_through_workflow(world, title="甲区委关于换届选举的公告", body="<p>选举办法。</p>")
    before = selectors.disclosure_page_stamp(None, d.pk)
    assert _get(client, None, d).status_code == 200
    archive(d, world.users["publisher"])
    after = selectors.disclosure_page_stamp(None, d.pk)
    assert after is not None and after != before
    page = _get(client, None, d)
    assert page.status_code == 200 and "选举办法" in page.content.decode()


def test_发布组织改名后页面立即显示新名称(world, client):
    d = publish_through_workflow(world, title="甲区委关于党费收缴的公示", body="<p>公示。</p>")
    assert world.district.name in _get(client, None, d).content.decode()
    Organization.objects.filter(pk=world.district.pk).update(name="中共甲区委员会（更名）")
    assert "中共甲区委员会（更名）" in _get(client, None, d).content.decode()


def test_解读发布后页面立即显示(world, client):
    d = publish_through_workflow(world, title="甲区委关于党建工作的通知", body="<p>通知正文。</p>")
    assert "政策解读" not in _get(client, None, d).content.decode()
    item = publishing.add_interpretation(d, world.users["publisher"], kind="written", title="一图读懂党建工作通知",
                                         body="<p>解读正文。</p>")
    assert "一图读懂党建工作通知" not in _get(client, None, d).content.decode()  # in review
    release_of(publishing.INTERPRETATION, item, world.users["secrecy"], world.users["approver"])
    page = _get(client, None, d).content.decode()
    assert "一图读懂党建工作通知" in page
