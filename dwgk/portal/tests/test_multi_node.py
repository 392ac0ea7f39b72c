"""Two app servers on one PostgreSQL + Redis, a worker on each, nginx with TLS in front (DESIGN: scale-out).

A headless-Chromium user logs in over HTTPS and publishes through node A; within 5 s a search on node B
finds it and the shared mirror serves it; a withdrawal through A removes it from B's search and from the
mirror; an attachment uploaded through A downloads through B; the audit entry carries the browser's
address, not the proxy's."""

import os
import time

import pytest

from dwgk.testing.browser import chromium_path
from dwgk.testing.cluster import PROXY_ADDR, Cluster, nginx_path, reachable
from dwgk.testing.world import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TERM = "志愿服务积分"
TITLE = f"甲区委关于2026年党员{TERM}情况的公示"
CSV = "姓名,积分\n张三,12\n李四,9\n".encode()
PG = os.environ.get("DWGK_CLUSTER_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("DWGK_CLUSTER_REDIS", "redis://127.0.0.1:6379/3")


def _needs(ok: bool, what: str):
    if not ok:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true：多节点测试无法运行（{what}）", pytrace=False)
        pytest.skip(f"跳过多节点测试：{what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    _needs(nginx_path() is not None, "未安装 nginx（Debian: apt-get install nginx）")
    _needs(chromium_path() is not None, "未找到 Chromium")
    _needs(reachable("127.0.0.1", 5432), "PostgreSQL 不可达")
    _needs(reachable("127.0.0.1", 6379), "Redis 不可达")
    c = Cluster(tmp_path_factory.mktemp("cluster"), PG, REDIS)
    c.create()
    try:
        c.start()
        yield c
    finally:
        c.stop()
        c.drop()


def _within(seconds: float, check) -> float:
    """Seconds until check() holds; fails past the limit."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.1)


def _login(page, base, username, next_url):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:has-text('登录')")
    page.wait_for_url(f"**{next_url}")


def test_publish_through_a_reaches_b_and_the_mirror(cluster, browser):
    pk = int(cluster.shell(
        "from dwgk.testing.world import build_world\n"
        "from dwgk.disclosures.tests.conftest import draft\n"
        "w = build_world()\n"
        f"d = draft(w, scope='public', title='{TITLE}', body='<p>本季度党员{TERM}已核定。</p>')\n"
        "print(d.pk)"))
    detail = f"/disclosures/{pk}/"
    a, b, mirror = cluster.url("a"), cluster.url("b"), cluster.url()
    staff = browser.new_context(locale="zh-CN", ignore_https_errors=True)
    reader = browser.new_context(locale="zh-CN", ignore_https_errors=True)
    staff.set_default_timeout(20_000)
    page = staff.new_page()
    try:
        # Through node A: the proposer attaches a file and submits; review and approval happen as usual.
        _login(page, a, "proposer", detail)
        page.set_input_files("input[name=file]", files=[{"name": "积分名单.csv", "mimeType": "text/csv",
                                                          "buffer": CSV}])
        page.click("button:has-text('上传附件')")
        page.wait_for_selector("text=积分名单.csv")
        page.click("#submit-btn")
        assert "已提交审核" in page.inner_text(".messages")
        assert cluster.shell(
            "from types import SimpleNamespace\n"
            "from dwgk.accounts.models import User\n"
            "from dwgk.disclosures import services\n"
            "from dwgk.disclosures.models import Disclosure\n"
            "from dwgk.disclosures.tests.conftest import A, resolve_all\n"
            "u = {x.username: x for x in User.objects.all()}\n"
            f"d = Disclosure.objects.get(pk={pk})\n"
            "resolve_all(SimpleNamespace(users=u), d)\n"
            "services.act(d, u['secrecy'], A.PASS, opinion='不涉密')\n"
            "services.act(d, u['approver'], A.PASS, opinion='同意公开')\n"
            "print('ok')") == "ok"

        # 实施 through node A, over HTTPS behind nginx.
        _login(page, a, "publisher", detail)
        page.click("#publish-btn")
        assert "已公开" in page.inner_text("#status")
        search = reader.request
        link = f'href="/portal/d/{pk}/"'  # a hit links to the item (its title is highlighted word by word)
        found = _within(5, lambda: link in search.get(f"{b}/search/?q={TERM}").text())
        served = _within(5, lambda: search.get(f"{mirror}/mirror/portal/d/{pk}/").status == 200)
        assert TITLE in search.get(f"{mirror}/mirror/portal/d/{pk}/").text()
        print(f"node B found it after {found:.2f} s; the mirror served it after a further {served:.2f} s")

        # The attachment uploaded through A downloads through B (shared media).
        att_url = cluster.shell(
            "from dwgk.disclosures.models import Attachment\n"
            "from dwgk.portal.selectors import attachment_url\n"
            f"att = Attachment.objects.get(disclosure_id={pk})\n"
            f"print(attachment_url({pk}, att))")
        got = search.get(f"{b}{att_url}")
        assert got.status == 200 and got.body() == CSV

        # The audit log names the browser (127.0.0.1), not the proxy (127.0.0.2).
        ips = cluster.shell(
            "from dwgk.audit.models import AuditEntry\n"
            "print(sorted(set(AuditEntry.objects.filter(event='login.success').values_list('ip', flat=True))))")
        assert ips == "['127.0.0.1']" and PROXY_ADDR not in ips

        # 撤回 through node A: gone from B's search and from the mirror within seconds.
        _login(page, a, "approver", detail)
        page.click("summary:has-text('撤回')")
        form = page.locator(f"form[action='/disclosures/{pk}/withdraw/']")
        form.locator("textarea[name=reason]").fill("数据需重新核对")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "已撤回" in page.inner_text("#status")
        _within(5, lambda: link not in search.get(f"{b}/search/?q={TERM}").text())
        _within(5, lambda: search.get(f"{mirror}/mirror/portal/d/{pk}/").status == 404)
    finally:
        staff.close()
        reader.close()
