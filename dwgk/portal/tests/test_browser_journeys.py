"""Headless Chromium walks three portal journeys at 1366×768 and on a 390×844 phone — a member's
依申请公开, a resident's 意见箱 from a village's page, a reader on a disclosure page — keeps a
screenshot of every step (var/test-artifacts/journeys/, or DWGK_ARTIFACT_DIR), runs axe-core (served from
our static files) on every page visited, and measures the phone header."""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static

from dwgk.core.choices import Scope
from dwgk.testing.world import PASSWORD, build_world

from .conftest import publish_through_workflow

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
ARTIFACTS = Path(os.environ.get("DWGK_ARTIFACT_DIR") or Path(settings.BASE_DIR).parent / "var" / "test-artifacts") \
    / "journeys"
AXE = static("vendor/axe/axe.min.js")


class Walk:
    def __init__(self, browser, live_server, journey: str, viewport: str):
        self.context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                           viewport=VIEWPORTS[viewport], device_scale_factor=1)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base, self.journey, self.viewport, self.step = live_server.url, journey, viewport, 0
        self.problems: list[str] = []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def goto(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("domcontentloaded")

    def login(self, username: str):
        self.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("form button[type=submit]:has-text('登录')")

    def check(self, name: str):
        """Screenshot, axe-core (serious and critical only), and on a phone the header's share of the screen."""
        self.step += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.journey}-{self.viewport}-{self.step:02d}-{name}.png"),
                             full_page=True)
        self.page.add_script_tag(url=self.base + AXE)
        found = self.page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        for v in found:
            self.problems.append(f"{self.page.url} {v['impact']} {v['id']} {json.dumps(v['nodes'], ensure_ascii=False)}")
        if self.viewport == "phone":
            height = self.page.evaluate("""() => {
                const h = document.querySelector('.site-header');
                return h ? h.getBoundingClientRect().height : 0; }""")
            if height > 844 * 0.25:
                self.problems.append(f"{self.page.url} 页眉和导航高 {height:.0f}px，超过手机首屏的 25%")

    def close(self):
        self.context.close()
        assert not self.problems, "\n".join(self.problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_member_files_a_request_from_the_village_page(browser, live_server, viewport):
    world = build_world()
    w = Walk(browser, live_server, "member-request", viewport)
    w.login("member_village")
    w.goto(f"/portal/org/{world.village.pk}/")
    w.check("org-page")
    with w.page.expect_navigation():
        w.page.click("a.org-request")
    assert w.page.is_checked(f"input[name=org][value='{world.village.pk}']")
    w.check("request-form")
    w.page.fill("#id_description", "请公开本村2026年党费收缴和使用情况")
    w.page.fill("#id_email", "member@example.com")
    with w.page.expect_navigation():
        w.page.click("button:has-text('提交申请')")
    assert re.search(r"答复期限：\d{4}年", w.page.inner_text("main"))
    w.check("submitted")
    w.page.goto(w.base + "/participation/mine/")
    w.check("mine")
    w.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_resident_leaves_feedback_from_the_village_page(browser, live_server, viewport):
    world = build_world()
    w = Walk(browser, live_server, "resident-feedback", viewport)
    w.login("resident")
    w.goto(f"/portal/org/{world.village.pk}/")
    with w.page.expect_navigation():
        w.page.click("a.org-feedback")
    assert w.page.is_checked(f"input[name=org][value='{world.village.pk}']")
    assert not w.page.is_checked("#id_is_anonymous") and w.page.locator("#id_captcha").count() == 0
    w.check("feedback-form")
    w.page.fill("#id_subject", "村务公开栏更新不及时")
    w.page.fill("#id_body", "村党务公开栏的内容还是上季度的，请及时更新。")
    with w.page.expect_navigation():
        w.page.click("button:has-text('提交意见')")
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", w.page.inner_text(".query-code").strip())
    w.check("submitted")
    w.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reader_on_a_disclosure_page(browser, live_server, viewport):
    world = build_world()
    d = publish_through_workflow(world, title="关于2026年第一季度党费收缴情况的公示", body="<p>全区党费按时足额收缴。</p>",
                                 scope=Scope.PUBLIC, document_number="东甲组发〔2026〕1号", keywords="党费 公示")
    w = Walk(browser, live_server, "reader-disclosure", viewport)
    w.goto("/portal/")
    w.check("home")
    w.goto(f"/portal/d/{d.pk}/")
    assert d.index_number in w.page.inner_text(".d-meta")
    w.check("disclosure")
    with w.page.expect_navigation():
        w.page.click("button[name=size][value=large]")
    assert "fs-large" in w.page.get_attribute("body", "class")
    w.check("disclosure-large")
    with w.page.expect_navigation():
        w.page.click("a:has-text('打印')")
    assert d.index_number in w.page.inner_text(".print-meta")
    w.check("print")
    w.goto(f"/portal/org/{world.district.pk}/guide/")
    w.check("guide")
    w.goto("/search/?q=党费")
    if viewport == "phone":
        assert not w.page.evaluate("document.querySelector('details.filters-fold').open")
    w.check("search")
    assert w.page.request.get(w.base + "/favicon.ico").status == 200
    w.close()


def test_the_axe_harness_reports_a_known_violation(browser, live_server):
    """The check above cannot pass by not running: a page with an unlabelled image is reported."""
    w = Walk(browser, live_server, "axe-harness", "desktop")
    w.goto("/portal/")
    w.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\">')")
    w.step = 90
    w.check("unlabelled-image")
    assert any("image-alt" in p for p in w.problems), w.problems
    w.context.close()
