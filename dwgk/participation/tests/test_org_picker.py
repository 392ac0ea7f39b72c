"""意见箱 and 依申请公开 reach any org in the tree by name (village included), default to the org the reader
came from, work without JavaScript, do not tick 匿名 by default and ask no captcha of a signed-in user."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from dwgk.participation.models import DisclosureRequest, Feedback

pytestmark = pytest.mark.django_db


def solve(html):
    key = re.search(r'name="captcha_key" value="([^"]+)"', html).group(1)
    return {"captcha_key": key, "captcha": cache.get(f"dwgk:captcha:{key}")["image"]}


def test_village_page_links_to_both_forms_with_the_village_chosen(client, world):
    html = client.get(reverse("portal:org", args=[world.village.pk])).content.decode()
    assert f'{reverse("participation:feedback_new")}?org={world.village.pk}' in html
    assert f'{reverse("participation:request_new")}?org={world.village.pk}' in html
    form = client.get(reverse("participation:feedback_new") + f"?org={world.village.pk}").content.decode()
    assert f'name="org" value="{world.village.pk}" checked' in form


def test_anonymous_is_not_ticked_by_default(client, world):
    html = client.get(reverse("participation:feedback_new") + f"?org={world.village.pk}").content.decode()
    tag = re.search(r'<input[^>]*name="is_anonymous"[^>]*>', html).group(0)
    assert "checked" not in tag


def test_search_without_javascript_finds_a_village_and_keeps_what_was_typed(client, world):
    page = client.get(reverse("participation:feedback_new")).content.decode()
    r = client.post(reverse("participation:feedback_new"), {
        "subject": "公开栏更新不及时", "body": "村务公开栏三个月未更新", "org_q": "东村", "find_org": "1",
        "captcha_key": "", "captcha": ""})
    html = r.content.decode()
    assert r.status_code == 200 and not Feedback.objects.exists()
    assert f'name="org" value="{world.village.pk}"' in html and world.village.name in html
    assert "公开栏更新不及时" in html and "村务公开栏三个月未更新" in html
    assert "验证码不正确" not in html and "请填写验证码" not in html  # a search is not a submission
    assert page  # the empty form rendered too


def test_anonymous_sender_picks_the_village_and_submits(client, world):
    page = client.get(reverse("participation:feedback_new") + "?org_q=西村").content.decode()
    assert world.village2.name in page
    r = client.post(reverse("participation:feedback_new"), {
        "org": world.village2.pk, "subject": "道路", "body": "村道路灯不亮", **solve(page)})
    assert "查询码" in r.content.decode()
    assert Feedback.objects.get().org == world.village2


def test_no_org_chosen_is_a_clear_error(client, world):
    page = client.get(reverse("participation:feedback_new")).content.decode()
    r = client.post(reverse("participation:feedback_new"), {"subject": "道路", "body": "村道路灯不亮", **solve(page)})
    assert "请选择意见涉及的党组织" in r.content.decode() and not Feedback.objects.exists()


def test_htmx_search_returns_matches_from_every_level(client, world):
    html = client.get(reverse("participation:org_search") + "?org_q=一镇").content.decode()
    assert world.town.name in html and world.village.name in html and world.village2.name in html
    assert "没有找到名称含" in client.get(reverse("participation:org_search") + "?org_q=不存在的组织").content.decode()


def test_signed_in_user_gets_no_captcha(client, world):
    client.force_login(world.users["resident"])
    html = client.get(reverse("participation:feedback_new") + f"?org={world.village.pk}").content.decode()
    assert 'name="captcha"' not in html
    r = client.post(reverse("participation:feedback_new"), {"org": world.village.pk, "subject": "道路",
                                                            "body": "村道路灯不亮"})
    assert "查询码" in r.content.decode()
    assert Feedback.objects.get().org == world.village


def test_request_defaults_to_the_org_the_reader_came_from(client, world):
    client.force_login(world.users["member_village"])
    html = client.get(reverse("participation:request_new") + f"?org={world.town.pk}").content.decode()
    assert f'name="org" value="{world.town.pk}" checked' in html
    html = client.get(reverse("participation:request_new")).content.decode()  # else the member's own branch
    assert f'name="org" value="{world.village.pk}" checked' in html
    r = client.post(reverse("participation:request_new"), {
        "org": world.village2.pk, "applicant_type": "natural", "applicant_name": "党员甲",
        "description": "请公开党费使用情况", "form_wanted": "email", "email": "a@example.com"})
    assert "查询码" in r.content.decode()
    assert DisclosureRequest.objects.get().org == world.village2


def test_search_button_with_nothing_typed_says_what_to_do(client, world):
    r = client.post(reverse("participation:feedback_new"), {"subject": "道路", "org_q": " \x00 ", "find_org": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and not Feedback.objects.exists()
    assert re.search(r'role="alert">请输入要查找的党组织名称', html) and "道路" in html


def test_search_button_finding_nothing_says_so_and_a_huge_query_is_cut(client, world):
    r = client.post(reverse("participation:feedback_new"), {"org_q": "无此组织" + "党" * 5000, "find_org": "1"})
    html = r.content.decode()
    assert re.search(r'role="alert">没有找到名称含“无此组织党', html)
    assert "党" * 61 not in html  # the kept search is cut to what a name can be


def test_staff_search_button_registers_nothing_and_keeps_what_was_typed(client, world):
    client.force_login(world.users["office"])
    r = client.post(reverse("participation:manage_request_new"), {
        "org": world.village.pk, "applicant_type": "natural", "applicant_name": "王五", "description": "村务收支",
        "form_wanted": "copy", "channel": "in_person", "received_on": "2026-01-05", "org_q": "东村",
        "find_org": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and not DisclosureRequest.objects.exists()
    assert "王五" in html and "村务收支" in html and world.village.name in html


def test_a_search_that_finds_only_the_chosen_org_says_so(client, world):
    r = client.post(reverse("participation:feedback_new"), {
        "org": world.village.pk, "subject": "道路", "body": "村道路灯不亮", "org_q": world.village.name,
        "find_org": "1", "captcha_key": "", "captcha": ""})
    html = r.content.decode()
    assert f'name="org" value="{world.village.pk}" checked' in html
    assert f"名称含“{world.village.name}”的只有已选的“{world.village.name}”" in html
    assert not Feedback.objects.exists()
