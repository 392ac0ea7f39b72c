"""Headless Chromium for browser tests (Playwright's sync API driving Debian's /usr/bin/chromium).

Registered as a pytest plugin in `dwgk/conftest.py`. Fixtures:

- `browser` (session): one Chromium per test process (each xdist worker has its own);
- `browser_context` (function): a fresh context — no cookies carried between tests, zh-CN locale;
- `browser_page` (function): a page in that context, with a 10 s default timeout.

Use with pytest-django's `live_server` and `@pytest.mark.django_db(transaction=True)`:

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_x(browser_page, live_server):
        browser_page.goto(live_server.url + "/")

Without Chromium the tests are skipped with a message, except on CI (`CI=true`), where a missing
browser is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django's async-safety check would then
# refuse the test's own database access. The access is synchronous and single-threaded, so allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DWGK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
DEFAULT_TIMEOUT_MS = 10_000


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def chromium_path() -> str | None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


def _missing(reason: str):
    if _on_ci():
        pytest.fail(f"CI=true：浏览器测试无法运行（{reason}）", pytrace=False)
    pytest.skip(f"跳过浏览器测试：{reason}（Debian: apt-get install chromium）")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        _missing(f"未找到 Chromium（{CHROMIUM}）")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _missing("未安装 playwright Python 包")
    pw = sync_playwright().start()
    try:
        instance = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        pw.stop()
        _missing(f"Chromium 无法启动：{exc}")
    try:
        yield instance
    finally:
        instance.close()
        pw.stop()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def browser_page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture
def browser_login(browser_page, live_server):
    """Log in through the real login form: `browser_login(username, password)` returns the page."""

    def _login(username: str, password: str, next_url: str = "/"):
        page = browser_page
        page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("form button[type=submit]:has-text('登录')")
        return page

    return _login


def fill_body(page, text: str) -> None:
    """Type 正文 into the rich-text editor (one paragraph a line), or into the textarea without it."""
    editor = page.locator(".rich-editor .ql-editor")
    if editor.count():
        editor.click()
        for i, line in enumerate(text.split("\n")):
            if i:
                page.keyboard.press("Enter")
            page.keyboard.type(line)
    else:
        page.fill("#id_body", text)


AXE_URL = "/__test__/axe.min.js"


def inject_script(page, path, url: str = AXE_URL) -> None:
    """Load a test-only script (axe-core) into the page as if the site served it: the pages'
    Content-Security-Policy allows scripts from 'self' only, so an inline <script> would be refused."""
    page.route(f"**{url}", lambda route: route.fulfill(path=str(path), content_type="text/javascript"))
    page.add_script_tag(url=url)
