"""Dashboards: the figures behind the charts, and headless Chromium finding the charts drawn on the
看板 and on the full-screen 数据大屏 (ECharts served from our own static files)."""

from datetime import date

import pytest
from django.urls import reverse

from dwgk.reports import dashboard

from .smallworld import YEAR, build


def test_dashboard_figures(world):
    build(world)
    d = dashboard.data(world.district, YEAR, date(YEAR + 1, 1, 15))
    # Published per month in 2025 (smallworld: Mar ×2, Apr (the district), May, Jun, Jul, Aug, Sep, Oct, Dec).
    assert d["per_month"] == [0, 0, 2, 1, 1, 1, 1, 1, 1, 1, 0, 1]
    assert sum(c["value"] for c in d["by_category"]) == 10
    # Feedback answered 9 days after receipt (×3) and requests 8 days after (×2): all in the 6–10 bucket.
    assert d["feedback_days"] == [0, 3, 0, 0, 0, 0] and d["request_days"] == [0, 2, 0, 0, 0, 0]
    # Compliance by child of the district: the town's subtree holds two orgs without a catalog plus the town.
    names = d["compliance"]["orgs"]
    no_catalog = next(s for s in d["compliance"]["series"] if s["name"] == "未报备党务公开目录")["data"]
    assert no_catalog[names.index(world.town.short_name or world.town.name)] == 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_and_bigscreen_draw_their_charts(world, browser_login, live_server, password):
    page = browser_login("office", password, next_url=reverse("reports:dashboard"))
    page.goto(f"{live_server.url}{reverse('reports:dashboard')}?code={world.district.code}")
    page.wait_for_function("document.querySelectorAll('.chart[data-drawn=\"1\"]').length === 4")
    assert page.evaluate("typeof echarts") == "object"
    assert page.locator(".chart canvas").count() == 4
    assert page.evaluate("[...document.scripts].every(s => !s.src || s.src.startsWith(location.origin))")
    page.goto(f"{live_server.url}{reverse('reports:bigscreen')}?code={world.district.code}")
    page.wait_for_function("document.querySelectorAll('.chart[data-drawn=\"1\"]').length === 6")
    assert page.locator("body.bigscreen .chart canvas").count() == 6
    assert "数据大屏" in page.title()
