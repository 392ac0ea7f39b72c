"""The staff journeys walked in headless Chromium at 1366×768 and 390×844: a village publication, the
区委 chain, the office's compliance, filing and statistics. On every page: a screenshot kept under
var/test-artifacts/screens/, axe-core finds no serious or critical violation, and on the phone the header
with its nav takes at most a quarter of the first screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.testing.browser import fill_body
from dwgk.testing.world import PASSWORD, make_user

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"  # axe-core 4.14.1
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
PHONE_HEADER_MAX = 844 * 0.25


class Walk:
    """Records every page a journey visits and checks it in both viewports."""

    def __init__(self, browser, live_server, journey: str):
        self.browser, self.base, self.journey = browser, live_server.url, journey
        self.out = Path(settings.VAR_DIR) / "test-artifacts" / "screens" / journey
        self.out.mkdir(parents=True, exist_ok=True)
        self.contexts: dict[str, object] = {}
        self.problems: list[str] = []
        self.n = 0

    def as_user(self, username: str):
        ctx = self.browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                       viewport=VIEWPORTS["desktop"])
        ctx.set_default_timeout(15_000)
        # Injected by the browser itself (not a page script), so the site's Content-Security-Policy stays on.
        ctx.add_init_script(path=str(AXE))
        page = ctx.new_page()
        page.on("console", lambda m: self.problems.append(f"{username}: 控制台错误 {m.text}")
                if m.type == "error" and "Content Security Policy" in m.text else None)
        page.goto(f"{self.base}/accounts/login/?next=/workbench/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form button[type=submit]:has-text('登录')")
        self.contexts[username] = ctx
        return page

    def check(self, page, name: str):
        """Screenshot and axe in both viewports, then back to the desktop size."""
        self.n += 1
        page.wait_for_load_state("load")
        slug = re.sub(r"[^\w\-]+", "-", name)
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(50)
            page.screenshot(path=str(self.out / f"{self.n:02d}-{slug}-{label}.png"))
            if label == "phone":
                # The workbench layout (base.html); the portal's own header is the portal's concern.
                height = page.evaluate(
                    "() => { const h = document.querySelector('body:not(.portal) .site-header');"
                    " return h ? h.getBoundingClientRect().height : 0; }")
                if height > PHONE_HEADER_MAX:
                    self.problems.append(f"{name}: 手机首屏页头与导航高 {height:.0f}px，超过 25%")
            result = page.evaluate(
                "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
                " return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')); }")
            for v in result:
                self.problems.append(f"{name} [{label}] {page.url}: {v}")
        page.set_viewport_size(VIEWPORTS["desktop"])

    def visit(self, page, path: str, name: str):
        page.goto(self.base + path)
        page.wait_for_load_state("domcontentloaded")
        self.check(page, name)

    def close(self):
        for ctx in self.contexts.values():
            ctx.close()


def _village_staff(world):
    """The village's own proposer, reviewer (with secrecy) and secretary (approves and publishes)."""
    v = world.village
    people = {}
    for key, roles in (("v_weiyuan", [Role.PROPOSER]), ("v_baomi", [Role.REVIEWER, Role.SECRECY]),
                       ("v_shuji", [Role.APPROVER, Role.PUBLISHER])):
        p = org_services.create_person(name=f"村{key}", party_org=v)
        for r in roles:
            org_services.assign_role(p, v, r)
        make_user(key, p)
        people[key] = p
    # An out-of-catalog item is agreed by the town's party committee.
    p = org_services.create_person(name="镇审批人", party_org=world.town)
    org_services.assign_role(p, world.town, Role.APPROVER)
    make_user("t_shenpi", p)
    return people


def _propose(page, base, title):
    page.goto(f"{base}/disclosures/new/")
    page.fill("#id_title", title)
    fill_body(page, "村党支部2026年第一季度党费收缴使用情况如下。\n联系人：张明，手机13812345678。")
    page.select_option("#id_category", "organization")
    page.fill("#id_out_of_catalog_reason", "本季度专项公示")
    page.check("input[name=channels][value=portal]")
    page.check("input[name=channels][value=board]")


def _after_save_risk_submit(page):
    page.wait_for_selector("#risk-form")
    page.select_option("#risk-form select[name=level]", "low")
    page.fill("#risk-form textarea[name=effect]", "有利于党员了解情况，无负面影响")
    # Each is a plain form post: wait for the new page, or the next step acts on (or photographs) one in flight.
    with page.expect_navigation():
        page.click("#risk-form button[type=submit]")
    with page.expect_navigation():
        page.click("#submit-btn")


def _redact_and(page, action: str, opinion: str):
    while page.locator(".finding-form").count():
        form = page.locator(".finding-form").first
        form.locator("select[name=decision]").select_option("redact")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
    page.fill("#act textarea[name=opinion]", opinion)
    with page.expect_navigation():
        page.click(f"#act button[value={action}]")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_village_publication_journey(world, browser, live_server):
    _village_staff(world)
    walk = Walk(browser, live_server, "village-publication")
    try:
        page = walk.as_user("v_weiyuan")
        walk.check(page, "承办人工作台")
        walk.visit(page, "/disclosures/", "公开事项列表")
        _propose(page, walk.base, "石桥村2026年第一季度党费收缴使用情况公示")
        walk.check(page, "提出公开方案")
        with page.expect_navigation():
            page.click("button:has-text('保存')")
        walk.check(page, "草稿详情")
        _after_save_risk_submit(page)
        pk = int(re.search(r"/disclosures/(\d+)/", page.url)[1])
        walk.check(page, "已提交审核")
        reviewer = walk.as_user("v_baomi")
        walk.visit(reviewer, f"/disclosures/{pk}/", "审核与保密审查")
        _redact_and(reviewer, "pass", "经审核，内容准确，已脱密")
        walk.check(reviewer, "审核通过")
        secretary = walk.as_user("v_shuji")
        walk.visit(secretary, f"/disclosures/{pk}/", "审批")
        _redact_and(secretary, "pass", "同意公开")
        town = walk.as_user("t_shenpi")
        walk.visit(town, f"/disclosures/{pk}/", "镇党委目录外事项审核")
        _redact_and(town, "pass", "同意作为目录外事项公开")
        walk.visit(secretary, f"/disclosures/{pk}/", "实施发布")
        with secretary.expect_navigation():
            secretary.click("#publish-btn")
        assert "已发布" in secretary.inner_text(".messages")
        walk.check(secretary, "发布后")
        walk.visit(secretary, "/disclosures/inbox/", "消息")
    finally:
        walk.close()
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_district_chain_journey(world, browser, live_server):
    walk = Walk(browser, live_server, "district-chain")
    try:
        page = walk.as_user("proposer")
        _propose(page, walk.base, "区委关于2026年党建工作要点的公开")
        with page.expect_navigation():
            page.click("button:has-text('保存')")
        _after_save_risk_submit(page)
        pk = int(re.search(r"/disclosures/(\d+)/", page.url)[1])
        walk.check(page, "承办提交")
        for user, action, opinion, name in (("secrecy", "pass", "已脱密", "保密审查"),
                                            ("approver", "pass", "同意公开", "第一责任人审批")):
            p = walk.as_user(user)
            walk.visit(p, f"/disclosures/{pk}/", name)
            _redact_and(p, action, opinion)
        publisher = walk.as_user("publisher")
        walk.visit(publisher, f"/disclosures/{pk}/", "发布")
        with publisher.expect_navigation():
            publisher.click("#publish-btn")
        walk.check(publisher, "发布后（政策解读、澄清更正）")
        publisher.click("summary:has-text('政策解读')")
        publisher.select_option("#interp_kind", index=0)
        publisher.fill("#interp_title", "一图读懂党建工作要点")
        publisher.fill("#interp_body", "要点解读正文")
        with publisher.expect_navigation():
            publisher.click("button:has-text('提交解读')")
        walk.check(publisher, "政策解读已提交审查")
        # 先审查后公开: the 保密审查 holder and the approver take it from their 待审文本.
        for user, name in (("secrecy", "解读保密审查"), ("approver", "解读审批")):
            p = walk.as_user(user)
            walk.visit(p, "/disclosures/texts/", f"待审文本（{name}）")
            with p.expect_navigation():
                p.click("#pending-texts a:has-text('一图读懂党建工作要点')")
            walk.check(p, name)
            with p.expect_navigation():
                p.click("#act button[value=pass]")
        walk.visit(publisher, f"/portal/d/{pk}/", "专栏页面")
        assert "一图读懂党建工作要点" in publisher.content()
    finally:
        walk.close()
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_office_compliance_filing_statistics_journey(world, browser, live_server):
    walk = Walk(browser, live_server, "office")
    try:
        page = walk.as_user("office")
        walk.check(page, "办公室工作台")
        for path, name in (("/catalog/", "公开目录"), (f"/catalog/org/{world.district.pk}/", "本级目录"),
                           ("/catalog/filings/", "目录报备"), ("/catalog/due/", "公开期限"),
                           ("/reports/", "统计通报"), ("/reports/stats/", "统计表"),
                           ("/reports/compliance/", "合规监测"), ("/reports/briefings/", "年度通报"),
                           ("/oversight/", "监督考核"), ("/participation/manage/", "申请与意见办理"),
                           ("/disclosures/settings/workflow/", "公开流程设置"), ("/workdays/", "节假日安排")):
            walk.visit(page, path, name)
        # On the phone the nav is one 菜单 button; opened, it lists the groups and the header tools.
        page.set_viewport_size(VIEWPORTS["phone"])
        assert not page.locator("#main-nav").is_visible()
        page.click("[data-nav-toggle]")
        assert page.locator("#main-nav").is_visible()
        page.click("#main-nav summary:has-text('公开办理')")
        assert page.locator("#main-nav a:has-text('公开目录')").is_visible()
        page.screenshot(path=str(walk.out / "99-手机菜单展开.png"))
    finally:
        walk.close()
    assert not walk.problems, "\n".join(walk.problems)
