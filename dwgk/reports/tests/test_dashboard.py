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
    page.locator('.chart[data-drawn="1"]').nth(3).wait_for()  # no eval: the CSP forbids it
    assert page.evaluate("typeof echarts") == "object"
    assert page.locator(".chart canvas").count() == 4
    assert page.evaluate("[...document.scripts].every(s => !s.src || s.src.startsWith(location.origin))")
    page.goto(f"{live_server.url}{reverse('reports:bigscreen')}?code={world.district.code}")
    page.locator('.chart[data-drawn="1"]').nth(4).wait_for()  # no eval: the CSP forbids it
    assert page.locator("body.bigscreen .chart canvas").count() == 5
    assert "数据大屏" in page.title()


# Every text element a chart drew, as the four page corners of its (possibly rotated) box.
TEXT_RECTS = """(node) => {
  const chart = echarts.getInstanceByDom(node);
  return chart.getZr().storage.getDisplayList(true)
    .filter(el => el.type === 'tspan' && !el.invisible && el.style && el.style.text)
    .map(el => { const r = el.getBoundingRect(), m = el.getComputedTransform() || [1, 0, 0, 1, 0, 0];
                 const p = (x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
                 return {t: el.style.text, c: [p(r.x, r.y), p(r.x + r.width, r.y),
                                               p(r.x + r.width, r.y + r.height), p(r.x, r.y + r.height)]}; });
}"""


def _separated(a, b) -> bool:
    """Separating-axis test for two convex quadrilaterals (1 px tolerance)."""
    for poly in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            norm = (nx * nx + ny * ny) ** 0.5 or 1.0
            pa = [(x * nx + y * ny) / norm for x, y in a]
            pb = [(x * nx + y * ny) / norm for x, y in b]
            if max(pa) <= min(pb) + 1 or max(pb) <= min(pa) + 1:
                return True
    return False


def _overlaps(rects):
    return [(a["t"], b["t"]) for i, a in enumerate(rects) for b in rects[i + 1:] if not _separated(a["c"], b["c"])]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bigscreen_fits_1920x1080_with_no_repeated_chart_and_no_overlapping_labels(world, browser_login,
                                                                                   live_server, password):
    from dwgk.orgs import services as org_services
    from dwgk.orgs.models import OrgKind

    build(world)
    for i in range(9):  # many children with long names: the compliance axis must still read
        org_services.create_org(name=f"中共甲区第{i + 1}个名称很长的街道社区党群服务中心委员会", code=f"LONG{i}",
                                kind=OrgKind.TOWNSHIP, parent=world.district)
    page = browser_login("office", password, next_url=reverse("reports:dashboard"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{live_server.url}{reverse('reports:bigscreen')}?code={world.district.code}")
    page.locator('.chart[data-drawn="1"]').nth(4).wait_for()  # no eval: the CSP forbids it
    kinds = page.eval_on_selector_all(".chart[data-chart]", "ns => ns.map(n => n.dataset.chart)")
    assert len(kinds) == len(set(kinds)) == 5
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    for box in page.eval_on_selector_all(".chart", "ns => ns.map(n => n.getBoundingClientRect().toJSON())"):
        assert box["top"] >= 0 and box["bottom"] <= 1080 and box["left"] >= 0 and box["right"] <= 1920, box
    for kind in ("compliance", "channels", "categories"):
        rects = page.eval_on_selector(f".chart[data-chart={kind}]", TEXT_RECTS)
        assert rects and not _overlaps(rects), (kind, _overlaps(rects))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}{reverse('reports:dashboard')}?code={world.district.code}")
    page.locator('.chart[data-drawn="1"]').nth(3).wait_for()  # no eval: the CSP forbids it
    rects = page.eval_on_selector(".chart[data-chart=compliance]", TEXT_RECTS)
    assert not _overlaps(rects), _overlaps(rects)
