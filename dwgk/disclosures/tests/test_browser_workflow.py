"""Headless Chromium: one disclosure from proposal to archive as four different users, and one
through escalation and out-of-catalog approval."""

import pytest

from dwgk.disclosures.models import ArchiveRecord, Disclosure, Status
from dwgk.orgs import services as org_services
from dwgk.orgs.models import Role
from dwgk.testing.browser import fill_body
from dwgk.testing.world import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login_as(page, live_server, username):
    """Switch the one browser page to another user: drop the session cookie, log in through the form."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next=/disclosures/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:has-text('登录')")
    page.wait_for_url("**/disclosures/")
    return page


def propose(page, live_server, title, body, reason):
    page.goto(f"{live_server.url}/disclosures/new/")
    page.fill("#id_title", title)
    fill_body(page, body)
    page.select_option("#id_category", "organization")
    page.fill("#id_out_of_catalog_reason", reason)
    page.select_option("#id_scope", "party")
    page.check("input[name=channels][value=portal]")
    page.check("input[name=channels][value=board]")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#risk-form")
    page.select_option("#risk-form select[name=level]", "low")
    page.fill("#risk-form textarea[name=effect]", "有利于党员了解情况，无负面影响")
    page.click("#risk-form button[type=submit]")
    page.click("#submit-btn")
    assert "已提交审核" in page.inner_text(".messages")
    return int(page.url.rstrip("/").split("/")[-1])


def open_item(page, live_server, pk):
    page.goto(f"{live_server.url}/disclosures/{pk}/")


def redact_all_and_pass(page, opinion):
    while page.locator(".finding-form").count():
        form = page.locator(".finding-form").first
        form.locator("select[name=decision]").select_option("redact")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
    page.fill("#act textarea[name=opinion]", opinion)
    page.click("#act button[value=pass]")
    assert "已办理" in page.inner_text(".messages")


def test_proposal_to_archive_as_four_users(world, browser_page, live_server):
    proposer = login_as(browser_page, live_server, "proposer")
    pk = propose(proposer, live_server, "关于2026年第一季度党费收缴使用情况的公示",
                 "全区实缴党费386520.60元。\n联系人王晓红，手机13880012345。", "本季度专项公示")
    assert Disclosure.objects.get(pk=pk).status == Status.REVIEW

    secrecy = login_as(browser_page, live_server, "secrecy")
    open_item(secrecy, live_server, pk)
    assert "13880012345" in secrecy.inner_text("#findings")
    redact_all_and_pass(secrecy, "内容准确，手机号已脱密")

    approver = login_as(browser_page, live_server, "approver")
    open_item(approver, live_server, pk)
    assert "13880012345" not in approver.inner_text("#public-body")
    approver.fill("#act textarea[name=opinion]", "同意公开")
    approver.click("#act button[value=pass]")
    assert "审批" in approver.inner_text(".messages") or "已办理" in approver.inner_text(".messages")

    publisher = login_as(browser_page, live_server, "publisher")
    open_item(publisher, live_server, pk)
    assert publisher.locator("#original-body").count() == 0  # the original is for reviewers only
    publisher.click("#publish-btn")
    assert "已公开" in publisher.inner_text("#status")
    response = publisher.request.get(f"{live_server.url}/disclosures/{pk}/board/?size=A4", timeout=90_000)
    assert response.ok and response.body().startswith(b"%PDF")
    publisher.select_option("#archive select[name=retention]", "30y")
    publisher.click("#archive-btn")
    assert "已归档" in publisher.inner_text("#status")
    rec = ArchiveRecord.objects.get(disclosure_id=pk)
    assert rec.archive_no in publisher.inner_text("#archive-no")
    names = [r.actor_name for r in Disclosure.objects.get(pk=pk).workflows.get().records.order_by("at", "id")]
    assert names == ["测试proposer", "测试secrecy", "测试approver", "测试publisher"]


def test_escalation_and_out_of_catalog_approval(world, browser_page, live_server):
    users = {}
    for key, org, roles in (("v_prop", world.village, [Role.PROPOSER]), ("v_sec", world.village, [Role.SECRECY]),
                            ("v_appr", world.village, [Role.APPROVER, Role.PUBLISHER]),
                            ("t_appr", world.town, [Role.APPROVER])):
        person = org_services.create_person(name=key, party_org=org)
        for role in roles:
            org_services.assign_role(person, org, role)
        users[key] = make_user(key, person)

    page = login_as(browser_page, live_server, "v_prop")
    pk = propose(page, live_server, "东村2026年集体经济收益分配方案", "村集体经济收益186000元，按方案分配到户。",
                 "村级临时重大事项，目录未列")
    sec = login_as(browser_page, live_server, "v_sec")
    open_item(sec, live_server, pk)
    redact_all_and_pass(sec, "不涉密")

    appr = login_as(browser_page, live_server, "v_appr")
    open_item(appr, live_server, pk)
    appr.fill("#act textarea[name=opinion]", "涉及全村利益分配，特别重大，报镇党委审批")
    appr.click("#act button[value=escalate]")
    assert "上级党组织审批" in appr.inner_text("#current-step")

    town = login_as(browser_page, live_server, "t_appr")
    open_item(town, live_server, pk)
    town.fill("#act textarea[name=opinion]", "同意")
    town.click("#act button[value=pass]")
    assert "目录外事项审核同意" in town.inner_text("#current-step")
    town.fill("#act textarea[name=opinion]", "同意目录外公开")
    town.click("#act button[value=pass]")
    assert Disclosure.objects.get(pk=pk).status == Status.APPROVED

    appr = login_as(browser_page, live_server, "v_appr")  # one page: switch back to the publisher
    open_item(appr, live_server, pk)
    appr.click("#publish-btn")
    assert "已公开" in appr.inner_text("#status")
    labels = list(Disclosure.objects.get(pk=pk).workflows.get().steps.order_by("order").values_list("label", flat=True))
    assert labels == ["提出", "审核（含保密审查）", "审批", "上级党组织审批", "目录外事项审核同意", "实施"]
