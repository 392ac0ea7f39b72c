"""Staff and readers see every stored choice by its Chinese label: no page of the demo shows a choice's
code (party, board, proposer, active …), an untranslated English word or escaped markup in its visible
text, for any of the demo's accounts.

Pages come from the URL configuration through `dwgk.testing.reach`: every pattern, with its arguments
filled from the demo's own objects (the account's first), is opened as every demo account, and the links a
page offers within its app are followed too. Each app's patterns must be reached by some account, be
POST-only actions (the write matrix covers those) or be exempt below with a reason, so a new page cannot
silently drop out of the check. One test per app: `-k catalog` checks the catalog's pages alone."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from dwgk.testing import reach

ACCOUNTS = ["qs_chengban", "qs_shenhe", "qs_baomi", "qs_shenpi", "qs_fabu", "qs_ban", "qs_jiandu", "sw_ban", "sw_baomi",
            "sw_shenpi", "cun_shuji", "cun_weiyuan", "cun_baomi", "dangyuan", "qunzhong", "sysadmin", "secadmin",
            "auditadmin", None]
ANONYMOUS = "（未登录）"
LINKS_PER_PATTERN = 1
# Never opened: they change state on GET or leave the session.
SKIP_NAMES = {"accounts:logout"}
# The API's developer documentation lists the codes one passes as parameters: there they are the content.
NO_TEXT_CHECK = {"api:docs"}
# English a reader may meet: names of products and formats. Any other English word on a page is untranslated.
ENGLISH_ALLOWED = {"API", "Atom", "RSS", "PDF", "Excel", "Word", "WPS", "CSV", "csv", "xlsx", "JSON", "https", "http",
                   "OFD", "ofd", "docx", "pdf", "xls", "txt", "zip", "Chrome", "Firefox", "Edge", "Safari", "Windows",
                   "Android", "iOS", "email", "Email", "ICP", "URL", "SVG", "PNG", "JPG", "HTML", "UTF"}
ENGLISH = re.compile(r"(?<![A-Za-z0-9_./@:\-])[A-Za-z][A-Za-z_]{2,}(?![A-Za-z0-9_/@\-])")
# Markup shown as text: a tag escaped on its way into the page.
ESCAPED_MARKUP = re.compile(r"<[a-z]+[\s>/]|\bclass=\"")
# Patterns no account opens with a 200 in the demo, and why. Everything else must be reached.
EXEMPT = {
    "accounts:logout": "退出登录（GET 会结束会话），不是页面",
    "api:unknown": reach.UNFILLED["api:unknown"],
    "participation:captcha": reach.UNFILLED["participation:captcha"],
    "portal:feed_personal": reach.UNFILLED["portal:feed_personal"],
}


def choice_codes() -> set[str]:
    codes: set[str] = set()

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("dwgk."):
                codes.update(str(v) for v in sub.values)
            walk(sub)

    walk(models.Choices)
    for model in apps.get_models():
        if not model.__module__.startswith("dwgk."):
            continue
        for f in model._meta.get_fields():
            for value, _label in getattr(f, "flatchoices", None) or []:
                codes.add(str(value))
    return {c for c in codes if re.fullmatch(r"[A-Za-z][A-Za-z0-9_:\-]*", c) and len(c) >= 3}


class Visible(HTMLParser):
    """Text a person sees: text nodes outside script/style, and the attributes read out or shown."""

    SHOWN_ATTRS = ("title", "placeholder", "alt", "aria-label")
    # Not prose: scripts, styles, and <code> — an identifier shown as such (an account name, a request
    # header a developer types, the tail of a token).
    NOT_READ = ("script", "style", "template", "code")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag in self.NOT_READ:
            self._skip += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for name in self.SHOWN_ATTRS:
            if a.get(name):
                self.parts.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in self.NOT_READ and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _name_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Crawl:
    def __init__(self, app: str):
        self.app = app
        codes = choice_codes()
        self.codes_re = re.compile(r"(?<![A-Za-z0-9_./\-])(" + "|".join(
            sorted(map(re.escape, codes), key=len, reverse=True)) + r")(?![A-Za-z0-9_/\-])")
        self.findings: list[tuple[str, str, str, str]] = []
        self.errors: list[tuple[str, str, int]] = []
        self.duplicate_ids: list[tuple[str, str, list[str]]] = []
        self.reached: set[str] = set()
        self.post_only: set[str] = set()
        self.redirects: set[str] = set()

    def mine(self, name: str) -> bool:
        return name.split(":", 1)[0] == self.app and name not in SKIP_NAMES

    def visit(self, who: str, client: Client, url: str) -> tuple[int, list[str]]:
        name = _name_of(urlsplit(url).path)
        resp = client.get(url)
        if resp.status_code >= 500:
            self.errors.append((who, url, resp.status_code))
        if resp.status_code == 405:
            self.post_only.add(name)
        if resp.status_code in (301, 302) and who != ANONYMOUS and _name_of(urlsplit(resp["Location"]).path) not in (
                None, "accounts:login"):
            self.redirects.add(name)  # e.g. 角色管理 opens the current org's page, crawled as its own pattern
        if resp.status_code != 200:
            return resp.status_code, []
        self.reached.add(name)
        if not resp.get("Content-Type", "").startswith("text/html") or name in NO_TEXT_CHECK:
            return 200, []
        parser = Visible()
        parser.feed(resp.content.decode())
        text = " ".join(parser.parts)
        dups = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
        if dups:
            self.duplicate_ids.append((who, url, dups))
        found = [m for m in self.codes_re.finditer(text)]
        found += [m for m in ENGLISH.finditer(text) if m.group(0) not in ENGLISH_ALLOWED]
        found += list(ESCAPED_MARKUP.finditer(text))
        for m in found:
            self.findings.append((who, url, m.group(0), text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")))
        return 200, parser.links

    def run(self, who: str, client: Client, plan: dict[str, list[str]]) -> None:
        seen: set[str] = set()
        links: list[str] = []
        for name, urls in plan.items():
            if not self.mine(name):
                continue
            for url in urls:  # candidates best first: one page per pattern that this account may open
                seen.add(url)
                status, found = self.visit(who, client, url)
                links += found
                if status in (200, 405):
                    break
        per_pattern: dict[str, int] = defaultdict(int)
        while links:  # then the addresses the pages themselves offer (filters, pages, tabs) within the app
            href = urldefrag(links.pop(0))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or href in seen:
                continue
            seen.add(href)
            name = _name_of(parts.path)
            if name is None or not self.mine(name) or per_pattern[name] >= LINKS_PER_PATTERN:
                continue
            per_pattern[name] += 1
            links += self.visit(who, client, href)[1]


def apps_with_pages() -> list[str]:
    return sorted({name.split(":", 1)[0] for name in reach.patterns() if ":" in name})


def test_every_pattern_with_arguments_is_filled_or_unfilled_with_a_reason():
    assert not reach.unaccounted(), f"这些 URL 模式没有取值方法，也没有说明原因：{reach.unaccounted()}"
    assert all(why.strip() for why in {**reach.UNFILLED, **EXEMPT}.values())
    unknown = (set(reach.FILL) | set(reach.UNFILLED) | set(EXEMPT)) - set(reach.patterns())
    assert not unknown, f"不存在的 URL 模式：{sorted(unknown)}"


@pytest.mark.one_db
@pytest.mark.pages
@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("app", apps_with_pages())
def test_no_page_shows_a_stored_choice_code_to_any_account(demo_world, app):
    from dwgk.accounts.models import User

    crawl = Crawl(app)
    for username in ACCOUNTS:
        user = User.objects.get(username=username) if username else None
        client = Client(raise_request_exception=False)
        if user:
            client.force_login(user)
        crawl.run(username or ANONYMOUS, client, reach.plan(user, app=app))
    assert not crawl.errors, "服务器错误：\n" + "\n".join(f"{w} {u} {s}" for w, u, s in crawl.errors)
    assert not crawl.findings, "\n".join(f"{w} {u} 「{c}」 … {ctx}" for w, u, c, ctx in crawl.findings[:80])
    mine = {name for name in reach.patterns() if crawl.mine(name)}
    unreached = sorted(mine - crawl.reached - crawl.redirects - crawl.post_only - set(EXEMPT))
    assert not unreached, f"这些页面没有账号能打开（请在 reach 中取值或在 EXEMPT 说明原因）：{unreached}"
    # Pages with several forms give each field its own id (a label points at one control).
    assert not crawl.duplicate_ids, "\n".join(f"{w} {u}: {ids}" for w, u, ids in crawl.duplicate_ids[:40])
