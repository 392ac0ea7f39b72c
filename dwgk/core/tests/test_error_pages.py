"""Error pages speak Chinese in the site's layout, give the refusal's own reason and a way back."""

import pytest
from django.test import Client
from django.urls import path

from dwgk.core import errors


def _visible(resp) -> str:
    return resp.content.decode()


@pytest.mark.django_db
def test_unknown_address_answers_a_chinese_404_in_the_layout(client):
    resp = client.get("/no-such-page/at-all/")
    assert resp.status_code == 404
    html = _visible(resp)
    assert '<html lang="zh-CN">' in html
    assert "没有找到该页面" in html
    assert 'class="site-header"' in html  # the site's own header and nav
    assert "返回首页" in html
    assert "Not Found" not in html and "requested resource" not in html


@pytest.mark.django_db
def test_refusal_shows_its_own_reason_and_a_way_back(world, login):
    client = login(world.users["proposer"])
    resp = client.get("/disclosures/settings/workflow/", HTTP_REFERER="http://testserver/workbench/")
    assert resp.status_code == 403
    html = _visible(resp)
    assert "只有本组织党务公开办公室可以设置公开流程" in html
    assert "无权访问" in html
    assert 'href="http://testserver/workbench/"' in html and "返回上一页" in html
    assert "403 Forbidden" not in html


@pytest.mark.django_db
def test_a_foreign_referer_is_not_offered_as_the_way_back(world, login):
    client = login(world.users["proposer"])
    resp = client.get("/disclosures/settings/workflow/", HTTP_REFERER="https://evil.example/")
    assert resp.status_code == 403
    assert "evil.example" not in _visible(resp)
    assert "返回首页" in _visible(resp)


@pytest.mark.django_db
def test_csrf_failure_is_explained_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["proposer"])
    resp = client.post("/prefs/large-type/", {"next": "/"})
    assert resp.status_code == 403
    html = _visible(resp)
    assert "CSRF 校验未通过" in html and "刷新后重新提交" in html
    assert "Forbidden" not in html


def _boom(request):
    raise RuntimeError("database exploded")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad header")


urlpatterns = [path("boom/", _boom), path("bad/", _bad)]
handler400 = "dwgk.core.errors.bad_request"
handler500 = "dwgk.core.errors.server_error"


@pytest.mark.django_db
def test_server_error_is_a_chinese_page_without_the_traceback(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    resp = client.get("/boom/")
    assert resp.status_code == 500
    html = _visible(resp)
    assert "系统暂时出错" in html and "返回首页" in html
    assert "database exploded" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_bad_request_is_a_chinese_page(settings):
    settings.ROOT_URLCONF = __name__
    resp = Client().get("/bad/")
    assert resp.status_code == 400
    html = _visible(resp)
    assert "请求无法处理" in html and "请返回上一页检查后重试" in html
    assert "bad header" not in html  # Django's internal wording is not the user's reason


def test_resolver_404_detail_is_not_shown_as_the_reason():
    from django.http import Http404

    assert errors.reason_of(Http404({"path": "x", "tried": []}), 404).startswith("该页面不存在")
    assert errors.reason_of(Http404("没有找到该党组织。"), 404) == "没有找到该党组织。"
