"""Staff and readers see every stored choice by its Chinese label: no page of the demo shows a choice's
code (party, board, proposer, active …) in its visible text, for any of the demo's accounts.

Pages come from the URL configuration: every pattern without parameters is visited, and every link a
page offers is followed when it resolves to a pattern (at most a few addresses per pattern), as each
account. Patterns no account reached are listed, so a page cannot silently drop out of the check."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

ACCOUNTS = ["qs_chengban", "qs_shenhe", "qs_baomi", "qs_shenpi", "qs_fabu", "qs_ban", "qs_jiandu", "sw_ban", "sw_baomi",
            "sw_shenpi", "cun_shuji", "cun_weiyuan", "cun_baomi", "dangyuan", "qunzhong", "sysadmin", "secadmin",
            "auditadmin", None]
PER_PATTERN = 2
# Never followed: they change state on GET or leave the session.
SKIP_NAMES = {"accounts:logout"}
# The API's developer documentation lists the codes one passes as parameters: there they are the content.
EXEMPT_NAMES = {"api:docs"}
# Not reached by following links (POST-only actions, files and feeds, JSON, pages opened from a form or
# needing query arguments). A new page missing from the crawl must be linked, or listed here knowingly.
KNOWN_UNREACHED = {
    "core:favicon",
    "core:healthz",
    "disclosures:detach",
    "portal:font_size",
    "accounts:logout",
    "api:attachment",
    "api:catalog",
    "api:catalogs",
    "api:disclosure",
    "api:disclosures",
    "api:index",
    "api:me",
    "api:openapi",
    "api:organization",
    "api:organizations",
    "api:search",
    "api:unknown",
    "catalog:apply_template",
    "catalog:create",
    "catalog:export",
    "catalog:import",
    "catalog:item_delete",
    "catalog:item_edit",
    "catalog:item_new",
    "catalog:publish",
    "catalog:push_template",
    "catalog:submit",
    "core:large_type",
    "core:switch_org",
    "disclosures:act",
    "disclosures:archive",
    "disclosures:attach",
    "disclosures:attachment",
    "disclosures:board",
    "disclosures:correct",
    "disclosures:finding",
    "disclosures:interpret",
    "disclosures:offline",
    "disclosures:package",
    "disclosures:publish",
    "disclosures:risk",
    "disclosures:submit",
    "disclosures:text_act",
    "disclosures:text_finding",
    "disclosures:widen",
    "disclosures:withdraw",
    "orgs:grant_role",
    "orgs:revoke_role",
    "orgs:roles",
    "oversight:assessment_action",
    "oversight:assessment_create",
    "oversight:circular_disclosure",
    "oversight:circular_revise",
    "oversight:inspection_action",
    "oversight:inspection_create",
    "oversight:registry_add",
    "oversight:round_action",
    "oversight:survey_create",
    "participation:captcha",
    "participation:letter",
    "participation:letter_pdf",
    "participation:manage_consultation",
    "participation:manage_hearing",
    "participation:manage_inquiry",
    "participation:manage_notice",
    "participation:track_feedback",
    "portal:attachment",
    "portal:feed_all",
    "portal:feed_category",
    "portal:feed_org",
    "portal:feed_personal",
    "portal:feed_search",
    "portal:kiosk",
    "portal:kiosk_category",
    "portal:kiosk_detail",
    "portal:org_all_page",
    "portal:org_category_page",
    "portal:org_year_page",
    "portal:screen",
    "reports:briefing_pdf",
    "reports:stats_pdf",
    "reports:stats_xlsx",
    "workdays:remove_day",
    "workdays:set_day",
    "workdays:upload",
}
# Words that are a choice code and ordinary (uppercase, product) words at once are matched case-sensitively,
# so "API" or "PDF" in a sentence never counts as the code "api"/"pdf".


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


class _Visible(HTMLParser):
    """Text a person sees: text nodes outside script/style, and the attributes read out or shown."""

    SHOWN_ATTRS = ("title", "placeholder", "alt", "aria-label")

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
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for name in self.SHOWN_ATTRS:
            if a.get(name):
                self.parts.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def pattern_names() -> dict[str, bool]:
    """Every named URL pattern → whether it takes parameters."""
    out: dict[str, bool] = {}

    def walk(patterns, ns, has_params):
        for p in patterns:
            params = has_params or bool(getattr(p.pattern, "converters", None)) or "(?P<" in str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns, params)
            elif isinstance(p, URLPattern) and p.name:
                out[f"{ns}{p.name}"] = params

    walk(get_resolver().url_patterns, "", False)
    return out


def _name_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client: Client, starts: list[str], codes_re, findings, reached, duplicate_ids=None):
    seen: set[str] = set()
    per_pattern: dict[str, int] = defaultdict(int)
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        name = _name_of(urlsplit(url).path)
        if name is None or name in SKIP_NAMES or per_pattern[name] >= PER_PATTERN:
            continue
        per_pattern[name] += 1
        resp = client.get(url)
        if resp.status_code != 200 or not resp.get("Content-Type", "").startswith("text/html"):
            continue
        reached.add(name)
        if name in EXEMPT_NAMES:
            continue
        parser = _Visible()
        parser.feed(resp.content.decode())
        text = " ".join(parser.parts)
        if duplicate_ids is not None:
            dups = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
            if dups:
                duplicate_ids.append((name, url, dups))
        for m in codes_re.finditer(text):
            findings.append((url, m.group(0), text[max(0, m.start() - 40):m.end() + 40].replace("\n", " ")))
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if "/static/" in parts.path or "/media/" in parts.path:
                continue
            queue.append(href)


@pytest.mark.slow
@pytest.mark.django_db
def test_no_page_shows_a_stored_choice_code_to_any_account(settings, tmp_path):
    from django.urls import reverse

    from dwgk.accounts.models import User

    settings.DWGK_MIRROR_DIR = tmp_path / "mirror"
    settings.DWGK_SEARCH_DIR = tmp_path / "search"
    call_command("seed", "--demo")
    codes = choice_codes()
    codes_re = re.compile(r"(?<![A-Za-z0-9_./\-])(" + "|".join(sorted(map(re.escape, codes), key=len,
                                                                        reverse=True)) + r")(?![A-Za-z0-9_/\-])")
    names = pattern_names()
    starts = []
    for name, has_params in names.items():
        if not has_params:
            try:
                starts.append(reverse(name))
            except Exception:  # noqa: BLE001 - a pattern that needs query arguments
                continue
    findings: list[tuple[str, str, str]] = []
    reached: set[str] = set()
    duplicate_ids: list[tuple[str, str, list[str]]] = []
    for username in ACCOUNTS:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        before = len(findings)
        crawl(client, ["/", *starts], codes_re, findings, reached, duplicate_ids)
        for f in findings[before:]:
            f_user = username or "（未登录）"
            print(f_user, *f)
    unreached = sorted(set(names) - reached)
    for d in duplicate_ids:
        print("DUPID", *d)
    assert not findings, "\n".join(f"{u} 「{c}」 … {ctx}" for u, c, ctx in findings[:80])
    assert not set(unreached) - KNOWN_UNREACHED, f"这些页面未被检查：{sorted(set(unreached) - KNOWN_UNREACHED)}"
    # Pages with several forms give each field its own id (a label points at one control).
    assert not duplicate_ids, "\n".join(f"{u}: {ids}" for _n, u, ids in duplicate_ids[:40])
