"""Real headless Chromium against the live server: log in through the form, browse the org tree, lockout."""

import re

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _counts(row) -> str:
    """The row's "N 个组织 · M 名党员" text, thousands separators removed."""
    return row.locator("> .counts").inner_text().replace(",", "").replace("，", "")


def _row(page, org_name: str):
    """The tree row (<li>) whose own link is the org's name."""
    return page.locator("#org-tree li", has=page.locator(f"> a:text-is('{org_name}')"))


def test_login_and_expand_org_tree(world, browser_login, live_server, password):
    page = browser_login("office", password)
    assert page.locator("form input[name=password]").count() == 0, "登录失败：仍停留在登录页"

    page.goto(f"{live_server.url}/orgs/")
    city = _row(page, world.city.name)
    # 7 orgs in the city's subtree; direct party members: 3 at the city, 8 at the district, 1 each at
    # the sibling district, the town and the east village → 14.
    assert re.search(r"7\s*个组织\s*·\s*14\s*名党员", _counts(city))
    assert _row(page, world.district.name).count() == 0  # children are not loaded yet

    toggle = city.locator("> button.toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()  # htmx GET /orgs/?parent=<id> → rows swapped into the child list
    district = _row(page, world.district.name)
    district.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert re.search(r"4\s*个组织\s*·\s*10\s*名党员", _counts(district))
    sibling = _row(page, world.sibling.name)
    assert re.search(r"1\s*个组织\s*·\s*1\s*名党员", _counts(sibling))

    # One level further: the town under the district, loaded on demand as well.
    district.locator("> button.toggle").click()
    town = _row(page, world.town.name)
    town.wait_for()
    assert re.search(r"3\s*个组织\s*·\s*2\s*名党员", _counts(town))


def test_five_wrong_passwords_hold_the_account_back_with_the_same_answer(world, browser_page, live_server, password):
    page = browser_page
    threshold = settings.DWGK_LOCKOUT_THRESHOLD
    assert threshold == 5
    for _attempt in range(threshold):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "member_village")
        page.fill("input[name=password]", "Wrong-Pass-2026")
        with page.expect_navigation():
            page.click("form button[type=submit]:has-text('登录')")
        assert page.locator("form input[name=password]").count() == 1

    # Now even the right password is refused while the account's delay runs, with the same answer a wrong
    # password or an unknown account gets (no one learns which accounts exist; dwgk.accounts.throttle).
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "member_village")
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]:has-text('登录')")
    assert page.locator("form input[name=password]").count() == 1
    body = page.locator("main").inner_text()
    assert "登录未成功" in body and "已被锁定" not in body, body
    page.goto(f"{live_server.url}/orgs/")
    assert "/accounts/login/" in page.url  # not logged in


def test_demo_account_sees_the_demo_city(browser_login, live_server):
    """The demo city's organizations step, then a demo account (README) logs in and browses the tree."""
    import random

    from django.utils import timezone

    from dwgk.core.seeding import DemoContext
    from dwgk.orgs import demo
    from dwgk.orgs.defaults import ensure_default_lines
    from dwgk.orgs.models import Line, Organization, Person

    # A transactional test's flush also empties what data migrations put in (the 12 default lines).
    ensure_default_lines(Line)
    demo.seed_demo(DemoContext(rng=random.Random(2026), today=timezone.localdate()))
    username = next(u for u, _name, _where, roles in demo.DEMO_ACCOUNTS if "office_admin" in roles)
    page = browser_login(username, demo.DEMO_PASSWORD)
    assert page.locator("form input[name=password]").count() == 0, "演示账号登录失败"

    page.goto(f"{live_server.url}/orgs/")
    city = Organization.objects.get(parent=None)
    district = Organization.objects.filter(parent=city, kind="local_committee").order_by("sort_order", "id").first()
    _row(page, city.name).locator("> button.toggle").click()
    row = _row(page, district.name)
    row.wait_for()
    orgs = Organization.objects.filter(path__startswith=district.path).count()
    members = Person.objects.filter(party_org__path__startswith=district.path).count()
    assert orgs > 20 and members > 500
    assert re.search(rf"{orgs}\s*个组织\s*·\s*{members}\s*名党员", _counts(row))
