"""Under the Content-Security-Policy (no inline script or style) the pages still work, and the browser
reports no violation: htmx, the org tree, ECharts with its tooltips, the portal, the forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' @' + e.sourceFile + ':' + e.lineNumber));"""


def test_pages_run_with_no_csp_violation(world, browser_login, live_server, password):
    violations, console = [], []
    page = browser_login("office", password)
    page.add_init_script(WATCH)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)

    def check(path: str):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        violations.extend(f"{path}: {v}" for v in page.evaluate("window.__csp"))

    check("/")
    check(reverse("orgs:tree"))
    toggle = page.locator(f"li:has(> a:text-is('{world.city.name}')) > button.toggle")
    toggle.click()
    page.locator(f"a:text-is('{world.district.name}')").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"  # dwgk.js, not an inline hx-on handler
    violations.extend(f"tree: {v}" for v in page.evaluate("window.__csp"))

    check(f"{reverse('reports:dashboard')}?code={world.district.code}")
    page.wait_for_function("() => document.querySelectorAll('.chart[data-drawn=\"1\"]').length === 4")
    box = page.locator(".chart").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.7)  # a tooltip
    page.wait_for_timeout(300)
    violations.extend(f"dashboard: {v}" for v in page.evaluate("window.__csp"))

    check(reverse("api:docs"))
    check(reverse("participation:feedback_new"))
    check(reverse("portal:home"))
    assert violations == [] and console == []
