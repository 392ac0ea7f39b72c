"""Real headless Chromium: Chinese search finds a just-published disclosure with its highlighted snippet;
a member reads a 党内公开 item an anonymous visitor cannot; the portal read from the static mirror with the
application stopped (a plain static web server on a free port); axe-core on the portal's pages."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from dwgk.core.choices import Scope
from dwgk.disclosures.models import Attachment
from dwgk.orgs.defaults import ensure_default_lines
from dwgk.orgs.models import Line
from dwgk.portal.mirror import Mirror
from dwgk.testing.browser import inject_script

from .conftest import publish_through_workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"


@pytest.fixture(autouse=True)
def _derived_copies(settings, tmp_path):
    ensure_default_lines(Line)  # transactional tests flush the migration's default lines
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    settings.DWGK_SEARCH_AUTO_INDEX = True  # the index follows publication, as in production
    settings.DWGK_MIRROR_DIR = tmp_path / "mirror"
    settings.DWGK_MIRROR_AUTO = True
    from dwgk.search import services

    services.rebuild([])


def test_chinese_search_finds_a_just_published_disclosure(world, browser_page, live_server):
    d = publish_through_workflow(world, title="关于甲区2026年第二季度发展党员工作情况的公示",
                                 body="<p>经支部大会讨论，同意接收三名同志为预备党员，现予公示。</p>")
    page = browser_page
    page.goto(live_server.url + "/")
    page.fill("#home-q", "发展党员 公示")
    page.click("form[role=search] button[type=submit]")
    assert "共找到 1 条结果" in page.inner_text(".result-count")
    hit = page.locator(".search-hit").first
    assert hit.locator("h3 a").inner_text() == d.public_title
    marks = hit.locator("mark").all_inner_texts()
    assert "发展党员" in marks and "公示" in marks
    hit.locator("h3 a").click()
    assert page.locator("h1").inner_text() == d.public_title
    assert "社会公开" in page.inner_text(".d-facts")


def test_a_member_reads_a_party_item_an_anonymous_visitor_cannot(world, browser, browser_login, live_server,
                                                                 password):
    d = publish_through_workflow(world, title="甲区委关于2026年度民主评议党员工作的通知", scope=Scope.PARTY,
                                 body="<p>各党支部于本月内完成民主评议党员工作。</p>")
    url = f"{live_server.url}{reverse('portal:disclosure', args=[d.pk])}"
    anon = browser.new_context(locale="zh-CN")
    try:
        p = anon.new_page()
        assert p.goto(url).status == 404
        p.goto(f"{live_server.url}{reverse('portal:org', args=[world.district.pk])}")
        assert d.title not in p.inner_text("main")
    finally:
        anon.close()
    page = browser_login("member_town", password, next_url=reverse("portal:org", args=[world.district.pk]))
    page.click(f"text={d.title}")
    assert page.locator("h1").inner_text() == d.title
    assert "党内公开" in page.inner_text(".d-facts")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_portal_reads_from_the_static_mirror_with_the_application_stopped(world, browser_page, settings):
    """No live_server here: the only thing serving is `python -m http.server` on the mirror directory."""
    public = publish_through_workflow(world, title="甲区委2026年党务公开工作要点",
                                      body="<p>坚持先审查后公开，用好党务公开日。</p>")
    text = "党务公开日安排表\n".encode()
    Attachment.objects.create(disclosure=public, file=ContentFile(text, name="安排表.txt"), name="安排表.txt",
                              content_type="text/plain; charset=utf-8", size=len(text), sha256="0" * 64)
    party = publish_through_workflow(world, title="甲区委党内学习安排", scope=Scope.PARTY, body="<p>党内学习。</p>")
    root = settings.DWGK_MIRROR_DIR
    Mirror(root).build()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        page = browser_page
        page.goto(base + "/")
        assert "本页为静态公开镜像" in page.inner_text("footer")
        assert party.title not in page.inner_text("main")
        page.click(f"text={world.city.name}")  # the org tree: city → district → its disclosures
        page.click(f".card >> text={world.district.name}")
        page.click(f"text={public.title}")
        assert page.locator("h1").inner_text() == public.title
        href = page.get_attribute("a:has-text('安排表.txt')", "href")
        assert page.goto(base + href).status == 200
        with urllib.request.urlopen(base + href) as r:  # byte for byte (the browser re-decodes text/plain)
            assert r.read() == text
        assert page.goto(base + reverse("portal:disclosure", args=[party.pk])).status == 404
        feed = page.goto(base + reverse("portal:feed_org", args=[world.district.pk, "atom"]))
        body = feed.text()
        assert public.title in body and party.title not in body
        # The large-type button works without the application (script only, no server round trip).
        page.goto(base + "/")
        page.click("[data-large-type]")
        assert "large-type" in page.get_attribute("body", "class")
    finally:
        server.terminate()
        server.wait(5)


def test_kiosk_returns_home_when_idle(world, browser_page, live_server, settings):
    settings.DWGK_KIOSK_IDLE_SECONDS = 2
    d = publish_through_workflow(world, title="甲区委关于开展主题党日活动的通知", body="<p>每月固定开展主题党日。</p>")
    page = browser_page
    home = f"{live_server.url}{reverse('portal:kiosk', args=[world.city.pk])}"
    page.goto(home)
    box = page.locator(".kiosk-list a").first.bounding_box()
    assert box["height"] >= 64  # big touch targets
    page.click(f"text={d.title}")
    assert page.locator("h1").inner_text() == d.title
    page.wait_for_url(home, timeout=8000)


def _axe(page) -> list[dict]:
    inject_script(page, AXE)
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    return [v for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_violation(world, browser_page, live_server):
    d = publish_through_workflow(world, title="甲区委关于党费收缴使用情况的公示",
                                 body="<p>本季度党费收缴使用情况公示如下。</p>")
    pages = {
        "home": "/", "org": reverse("portal:org", args=[world.district.pk]),
        "org_list": reverse("portal:org_all", args=[world.district.pk]),
        "disclosure": reverse("portal:disclosure", args=[d.pk]),
        "search": reverse("search:search") + "?q=党费", "guide": reverse("portal:guide"),
        "kiosk": reverse("portal:kiosk", args=[world.city.pk]),
    }
    page = browser_page
    problems = {}
    for name, url in pages.items():
        page.goto(live_server.url + url)
        for large in (False, True):
            if large:
                page.click("button:has-text('大字模式')") if page.locator("button:has-text('大字模式')").count() \
                    else None
            found = _axe(page)
            if found:
                problems[f"{name}{' (大字)' if large else ''}"] = [(v["id"], v["impact"], v["help"]) for v in found]
    assert not problems, problems
    # The check itself can fail: an image without alternative text is a critical violation.
    page.set_content('<html lang="zh-CN"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert "image-alt" in {v["id"] for v in _axe(page)}
