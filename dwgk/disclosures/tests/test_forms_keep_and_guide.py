"""Workbench forms that are refused keep what was typed, and guide: defaults from the catalog item, only
wider scopes offered, corrections carrying attachments, a publish message that says what happened."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dwgk.core.choices import Scope
from dwgk.disclosures import publishing, services
from dwgk.disclosures.forms import DisclosureForm
from dwgk.disclosures.models import Disclosure, Status

from .conftest import to_approved


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


@pytest.mark.django_db
def test_refused_pass_keeps_the_reviewers_opinion(world, make_draft, login):
    d = make_draft()
    services.submit(d, world.users["proposer"])  # findings (a phone number) are still unhandled
    client = login(world.users["secrecy"])
    wf_version = d.workflows.get(outcome="").version
    resp = client.post(f"/disclosures/{d.pk}/act/", {"action": "pass", "opinion": "内容属实，同意公开。",
                                                      "version": wf_version}, follow=True)
    html = resp.content.decode()
    assert "msg-error" in html
    assert "内容属实，同意公开。</textarea>" in html
    d.refresh_from_db()
    assert d.status == Status.REVIEW


@pytest.mark.django_db
def test_detail_page_element_ids_are_unique(world, approved, login):
    d = approved()
    publishing.publish(d, world.users["publisher"])
    html = login(world.users["publisher"]).get(f"/disclosures/{d.pk}/").content.decode()
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.django_db
def test_widen_offers_only_wider_scopes_and_keeps_the_reason(world, approved, login):
    d = approved(scope=Scope.UNIT)
    publishing.publish(d, world.users["publisher"])
    client = login(world.users["proposer"])
    html = client.get(f"/disclosures/{d.pk}/").content.decode()
    widen = html[html.index('id="widen_scope"'):]
    widen = widen[:widen.index("</select>")]
    assert 'value="party"' in widen and 'value="public"' in widen
    assert 'value="unit"' not in widen and 'value="targeted"' not in widen
    resp = client.post(f"/disclosures/{d.pk}/widen/", {"scope": "targeted", "reason": "扩大到全体党员知晓"},
                       follow=True)
    html = resp.content.decode()
    assert "msg-error" in html and "扩大到全体党员知晓</textarea>" in html
    assert '<details open><summary>扩大公开范围' in html


@pytest.mark.django_db
def test_publish_message_says_published_and_links_to_the_portal(world, approved, login):
    d = approved()
    resp = login(world.users["publisher"]).post(f"/disclosures/{d.pk}/publish/", follow=True)
    html = resp.content.decode()
    assert "已发布，读者现在可以在" in html
    assert f'<a href="{reverse("portal:disclosure", args=[d.pk])}">党务公开专栏的页面</a>' in html


@pytest.mark.django_db
def test_publish_message_says_scheduled_and_when(world, approved, login):
    planned = timezone.now() + timezone.timedelta(days=3)
    d = approved(planned_at=planned)
    resp = login(world.users["publisher"]).post(f"/disclosures/{d.pk}/publish/", follow=True)
    html = resp.content.decode()
    assert "已定时发布：将于 " + timezone.localtime(planned).strftime("%Y-%m-%d %H:%M") in html


@pytest.mark.django_db
def test_correction_by_the_publisher_carries_the_attachments_which_can_be_removed(world, make_draft, login):
    d = make_draft()
    services.add_attachment(d, world.users["proposer"], name="说明.txt", data="会议纪要\n".encode())
    d = to_approved(world, d)
    publishing.publish(d, world.users["publisher"])
    client = login(world.users["publisher"])
    resp = client.post(f"/disclosures/{d.pk}/correct/", {"kind": "correct", "reason": "日期有误"}, follow=True)
    new = Disclosure.objects.get(corrects=d)
    assert [a.name for a in new.attachments.all()] == ["说明.txt"]
    assert "说明.txt" in resp.content.decode()
    att = new.attachments.get()
    prop = login(world.users["proposer"])
    prop.post(f"/disclosures/{new.pk}/attachments/{att.pk}/remove/", follow=True)
    assert not new.attachments.exists()
    assert d.attachments.count() == 1  # the published original keeps its own


@pytest.mark.django_db
def test_refused_new_proposal_keeps_everything_typed(world, login):
    client = login(world.users["proposer"])
    resp = client.post("/disclosures/new/", {
        "title": "关于党费收缴情况的公示", "body": "第一段\n第二段", "category": "organization",
        "out_of_catalog_reason": "专项公示", "scope": "targeted", "target_people": "查无此人",
        "channels": ["portal", "board"]})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "找不到“查无此人”" in html
    assert 'value="关于党费收缴情况的公示"' in html and "第一段\n第二段</textarea>" in html
    assert "专项公示</textarea>" in html and "查无此人</textarea>" in html
    assert re.search(r'value="board"[^>]*checked', html)


def test_a_new_proposal_defaults_to_party_scope(world):
    assert DisclosureForm(org=world.district).initial["scope"] == Scope.PARTY


@pytest.mark.django_db
def test_targets_are_named_and_ambiguous_names_are_explained(world):
    from dwgk.orgs import services as org_services

    org_services.create_person(name="党员member_village", party_org=world.village2)
    form = DisclosureForm({"title": "t", "body": "b", "category": "organization", "scope": "targeted",
                           "out_of_catalog_reason": "r", "channels": ["portal"],
                           "target_people": "党员member_village"}, org=world.district)
    assert not form.is_valid()
    assert "2 位同名人员" in form.errors["target_people"][0] and "一镇东村" in form.errors["target_people"][0]
    form = DisclosureForm({"title": "t", "body": "b", "category": "organization", "scope": "targeted",
                           "out_of_catalog_reason": "r", "channels": ["portal"],
                           "target_people": "党员member_village（中共一镇东村支部委员会）"}, org=world.district)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["target_people"] == [world.people["member_village"]]


@pytest.mark.django_db
def test_email_reply_needs_an_email_address(world):
    from dwgk.participation.forms import RequestForm

    form = RequestForm({"org": world.village.pk, "applicant_type": "natural", "applicant_name": "张三",
                        "description": "想了解党费使用情况", "form_wanted": "email"})
    form.is_valid()
    assert "请填写电子邮箱" in " ".join(form.errors.get("email", []))

