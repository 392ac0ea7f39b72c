"""Headless Chromium: feedback with a query code; a member's request through 补正, consultation,
extension and partial disclosure, with the reply letter's dates."""

import re
import shutil
import subprocess
from datetime import date
from unittest import mock

import pytest

from dwgk.participation import feedback, guards
from dwgk.participation.models import DisclosureRequest, Feedback
from dwgk.participation.reasons import install_defaults
from dwgk.testing.reviewers import release_now
from dwgk.testing.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "零一二三四五六七八九"


def answer_captcha(page) -> str:
    """Solve the captcha the way a screen-reader user does: read the text question."""
    q = page.inner_text(".captcha-question")
    a, op, b = WORDS.index(q[0]), q[1], WORDS.index(q[2])
    page.wait_for_timeout(guards.TEXT_ANSWER_MIN_SECONDS * 1000 + 200)  # a person reads before answering
    return str(a + b if op == "加" else a - b)


def test_anonymous_feedback_and_public_reply_by_query_code(browser_page, live_server):
    world = build_world()
    page = browser_page
    page.goto(f"{live_server.url}/participation/feedback/?org={world.village.pk}")
    page.fill("#id_subject", "公开栏内容更新不及时")
    page.fill("#id_body", "村党务公开栏的内容还是上季度的，请及时更新。")
    assert not page.is_checked("#id_is_anonymous")  # 匿名 is the sender's choice, not the default
    page.check("#id_is_anonymous")
    page.fill("#id_captcha", answer_captcha(page))
    page.click("button:has-text('提交意见')")
    code = page.inner_text(".query-code").strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    fb = Feedback.objects.get()
    assert fb.is_anonymous and fb.org == world.village
    feedback.accept_feedback(fb, actor=world.users["office"])
    feedback.reply_feedback(fb, actor=world.users["office"], text="已督促村党支部于本周内更新公开栏。", public=True)
    # The sender reads the reply at once; the public, once its review released it (先审查后公开).
    release_now(feedback.FEEDBACK_REPLY, fb)

    page.context.clear_cookies()  # later, in a new session
    page.goto(f"{live_server.url}/participation/query/")
    page.fill("#id_code", code)
    page.click("button:has-text('查询')")
    assert "已督促村党支部于本周内更新公开栏。" in page.inner_text(".reply-text")
    assert page.inner_text(".feedback-state") == "已答复"
    # The public reply is listed on the participation page too.
    page.goto(f"{live_server.url}/participation/")
    assert "已督促村党支部" in page.inner_text("main")


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]:has-text('登录')")


def _act(page, button_text, **fields):
    form = page.locator("form", has=page.locator(f"button:has-text('{button_text}')"))
    for name, value in fields.items():
        target = form.locator(f"[name={name}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    with page.expect_navigation():
        form.locator(f"button:has-text('{button_text}')").click()


def test_member_request_through_correction_consultation_extension_partial(browser, live_server):
    world = build_world()
    install_defaults()  # transactional tests flush the rows the data migration installed
    from dwgk.orgs import services as org_services
    from dwgk.orgs.models import Role

    org_services.assign_role(world.people["approver"], world.district, Role.APPROVER)  # already the head
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    today = mock.patch("django.utils.timezone.localdate")
    clock = today.start()
    try:
        # Fri 11 Sep 2026: the member applies online.
        clock.return_value = date(2026, 9, 11)
        _login(page, live_server, "member_village")
        page.goto(f"{live_server.url}/participation/request/")
        # the org picker finds the district by name while typing (htmx)
        page.fill("#id_org_q", "甲区委员会")
        page.check(f"input[name=org][value='{world.district.pk}']")
        page.fill("#id_description", "请公开本区2026年党建工作专项经费使用情况")
        page.fill("#id_purpose", "了解经费使用")
        page.click("button:has-text('提交申请')")
        code = page.inner_text(".query-code").strip()
        assert "答复期限：2026年10月15日" in page.inner_text("main")
        req = DisclosureRequest.objects.get()

        # Mon 14 Sep: the office asks for 补正; the member completes it the same day by query code.
        clock.return_value = date(2026, 9, 14)
        _login(page, live_server, "office")
        staff_url = f"{live_server.url}/participation/manage/requests/{req.pk}/"
        page.goto(staff_url)
        _act(page, "要求补正", note="请写明所需年度")
        assert page.inner_text(".request-state") == "补正中"
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/participation/query/")
        page.fill("#id_code", code)
        page.click("button:has-text('查询')")
        page.fill("#id_supplement", "2026年1月至8月")
        page.click("button:has-text('提交补正')")
        assert "2026年9月14日（收到补正后的申请之日）" in page.inner_text("main")
        assert "2026年10月16日" in page.inner_text(".clock")

        # Wed 23 Sep: third-party consultation — the clock stops.
        clock.return_value = date(2026, 9, 23)
        _login(page, live_server, "office")
        page.goto(staff_url)
        _act(page, "交办", department=str(world.town.pk))
        _act(page, "征求第三方意见", third_party="承接项目的服务机构", note="涉及商业信息")
        assert page.inner_text(".request-state") == "征求第三方意见"
        assert "进行中" in page.inner_text(".clock")
        # Mon 12 Oct: the third party answers; 8 working days were paused.
        clock.return_value = date(2026, 10, 12)
        page.goto(staff_url)
        _act(page, "第三方意见已收到", note="不同意公开合同单价")
        clock_text = page.inner_text(".clock")
        assert "2026年9月23日 至 2026年10月12日，暂停 8 个工作日" in clock_text
        assert "2026年10月28日" in clock_text

        # Tue 20 Oct: extension by 20 working days with the head's approval.
        clock.return_value = date(2026, 10, 20)
        page.goto(staff_url)
        _act(page, "延长答复期限", approver=str(world.people["approver"].pk), note="需财务部门核对")
        assert "2026年11月25日" in page.inner_text(".clock")

        # Fri 20 Nov: partial disclosure.
        clock.return_value = date(2026, 11, 20)
        page.goto(staff_url)
        reason = page.locator("#reason option", has_text="保护第三方合法权益").get_attribute("value")
        _act(page, "答复并出具答复书", outcome="partial", reason=reason,
             text="现公开专项经费总额及主要用途；合同单价涉及第三方商业信息，不予公开。")
        assert page.inner_text(".request-state") == "已答复"

        # The member reads the reply letter by query code; it shows the dates.
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/participation/query/")
        page.fill("#id_code", code)
        page.click("button:has-text('查询')")
        assert "部分公开" in page.inner_text(".outcome")
        page.click("a:has-text('查看') >> nth=-1")
        letter = page.inner_text("body")
        for text in ("答复书", "依申请公开〔2026〕3号", "收到申请\t2026年9月11日",
                     "起算日\t2026年9月14日（收到补正后的申请之日）",
                     "2026年9月23日 至 2026年10月12日，暂停 8 个工作日", "延长答复期限\t20 个工作日",
                     "答复期限\t2026年11月25日", "答复日期\t2026年11月20日", "部分公开（保护第三方合法权益）"):
            assert text in letter, text
        pdf_url = page.url.rstrip("/") + "/pdf/"
        response = page.request.get(pdf_url, timeout=90_000)  # WeasyPrint renders it on demand
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
            assert "2026年11月25日" in text and "2026年9月14日" in text
    finally:
        today.stop()
        context.close()
