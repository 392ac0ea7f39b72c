"""Dates counted into a year whose holiday schedule is not announced say 暂定 wherever an applicant sees them."""

import re
from datetime import date

import pytest
from django.urls import reverse

from dwgk.participation import services
from dwgk.participation.models import DisclosureRequest
from dwgk.workdays import calendar

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_years_eve(monkeypatch):
    """The request arrives on 2026-12-31; 2027's schedule is not loaded (only estimated)."""
    monkeypatch.setattr(services, "today", lambda: date(2026, 12, 31))
    calendar.clear_cache()
    yield date(2026, 12, 31)
    calendar.clear_cache()


def submit(client, world):
    client.force_login(world.users["member_village"])
    return client.post(reverse("participation:request_new"), {
        "org": world.town.pk, "applicant_type": "natural", "applicant_name": "党员甲",
        "description": "请公开党费使用情况", "form_wanted": "email", "email": "a@example.com"})


def test_confirmation_page_says_the_reply_deadline_is_provisional(client, world, new_years_eve):
    html = submit(client, world).content.decode()
    req = DisclosureRequest.objects.get()
    # 20 working days after 12-31: 元旦 (Fri 1 Jan, estimated) is skipped → Jan 4–29 → 2027-01-29
    assert req.reply_due == date(2027, 1, 29)
    assert "答复期限：2027年1月29日" in html
    assert re.search(r"答复期限：2027年1月29日\s*<span class=\"badge badge-warn tentative\"[^>]*>暂定</span>", html)


def test_a_deadline_from_new_years_eve_skips_new_years_day(world, new_years_eve):
    from dwgk.participation import deadlines

    assert deadlines.correction_reply_deadline(date(2026, 12, 31)) != date(2027, 1, 1)
    assert deadlines.reply_clock(received_on=date(2026, 12, 31), base_workdays=1).due == date(2027, 1, 4)


def test_correction_and_reply_deadlines_are_labelled(client, world, new_years_eve):
    submit(client, world)
    req = DisclosureRequest.objects.get()
    services.ask_correction(req, actor=world.users["office"], note="请写明年份", on=date(2026, 12, 31))
    req.refresh_from_db()
    assert req.state == DisclosureRequest.State.CORRECTION
    html = client.get(reverse("participation:track_request", args=[req.pk])).content.decode()
    assert "补正期限：" in html and "补正期限：请于" in html
    assert "答复期限及计算依据" in html and "补正期间不计算答复期限" in html
    # the correction deadline lies in 2027 and says so
    assert re.search(r"补正期限：请于 <strong>2027年1月\d+日</strong>\s*<span class=\"badge badge-warn tentative\"", html)


def test_an_official_year_has_no_provisional_mark(client, world, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: date(2026, 6, 1))
    html = submit(client, world).content.decode()
    # June 2–30 less 端午 (Fri 19 June): 4 + 5 + 4 + 5 + 2 = 20 → 2026-06-30
    assert "答复期限：2026年6月30日" in html and "tentative" not in html
