"""Every form keeps what was typed when it is refused (issue 14): each POST form on the pages that
`dwgk.testing.reach` reaches in the demo, as the first demo account shown it, is filled in completely with
one field made invalid; the answer shows a Chinese error and the form again with every other value as typed
(text inputs, textareas, selects, checkboxes). One test per app: `-k catalog`."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction

from dwgk.testing import reach

from .test_no_raw_codes import ACCOUNTS, apps_with_pages

# Never kept on purpose: secrets and one-time proofs.
NOT_KEPT = re.compile(r"password|captcha|honeypot|website|token|csrf", re.IGNORECASE)
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR_BLOCK = re.compile(
    r'<(ul|div|p|span)[^>]*(?:class="[^"]*(?:errorlist|msg-error|error)[^"]*"|role="alert")[^>]*>(.*?)</\1>', re.S)

TYPED = {"email": "keep{i}@example.com", "tel": "13800000000", "url": "https://example.com/keep{i}",
         "number": "3", "date": "2026-05-01", "datetime-local": "2026-05-01T09:00", "time": "09:30",
         "month": "2026-05", "textarea": "保留的说明文字{i}", "text": "保留的文字{i}", "search": "保留{i}"}
WRONG = {"number": "不是数字", "date": "不是日期", "datetime-local": "不是时间", "time": "不是时间",
         "month": "不是月份", "email": "不是邮箱"}


def fill(form: reach.Form) -> dict[str, list[str]]:
    """Every field filled as a careful person would: what the page offers, else a plausible value."""
    data: dict[str, list[str]] = {k: [v] for k, v in form.hidden.items()}
    for i, (name, f) in enumerate(form.fields.items()):
        if f.kind in ("file", "password") or NOT_KEPT.search(name):
            continue
        if f.kind == "select":
            choices = [o for o in f.options if o]
            data[name] = f.checked or choices[:1] if f.multiple else [f.value or (choices[0] if choices else "")]
        elif f.kind == "checkbox":
            data[name] = f.checked or f.options[:1]
        elif f.kind == "radio":
            data[name] = f.checked[:1] or f.options[:1]
        elif f.kind == "submit":
            data[name] = f.options[:1]  # the first button pressed
        else:
            data[name] = [f.value or TYPED.get(f.kind, TYPED["text"]).format(i=i)]
    return data


def spoil(form: reach.Form, data: dict[str, list[str]]) -> str | None:
    """Make one field invalid (a malformed date or number, an option or choice not offered, a required file
    or text left out); returns its name, or None when nothing can be made invalid."""
    for name, f in form.fields.items():
        if f.kind in WRONG and name in data:
            data[name] = [WRONG[f.kind]]
            return name
    for name, f in form.fields.items():
        if f.kind == "select" and name in data and [o for o in f.options if o]:
            data[name] = ["99999999"]
            return name
    for name, f in form.fields.items():
        if f.kind in ("radio", "submit") and name in data and len(f.options) > 1:
            data[name] = ["99999999"]
            return name
    for name, f in form.fields.items():
        if f.kind == "file" and f.required:
            return name
    for name, f in form.fields.items():
        if f.required and f.kind in ("text", "textarea") and name in data:
            data[name] = [""]
            return name
    return None


def lost(form: reach.Form, data, spoiled: str, html: str, page: str) -> list[str]:
    """The typed values the answer does not show again."""
    again = [f for f in reach.post_forms(html, page) if set(form.fields) <= set(f.fields)]
    if not again:
        return [] if len(form.fields) == 1 else ["表单没有再次显示"]
    shown = again[0].fields
    out = []
    for name, f in form.fields.items():
        if name == spoiled or name not in data or f.kind in ("file", "password", "submit") or NOT_KEPT.search(name):
            continue
        typed, field = data[name], shown[name]
        if f.kind in ("checkbox", "select") and (f.kind == "checkbox" or f.multiple):
            if sorted(field.checked) != sorted(typed):
                out.append(f"{name}: 选中 {typed} → {field.checked}")
        elif f.kind == "radio":
            if field.checked[:1] != typed:
                out.append(f"{name}: 选中 {typed} → {field.checked}")
        elif field.value.replace("\r\n", "\n").strip() != typed[0].strip():
            out.append(f"{name}: 「{typed[0]}」 → 「{field.value}」")
    return out


def check_app(app: str, users) -> tuple[list[str], list[str]]:
    """(forms checked, problems) for the forms of one app's pages."""
    problems, checked, done = [], [], set()
    for user, client, page, form in reach.form_pages(users, app, done=done):
        data = fill(form)
        spoiled = spoil(form, data)
        if spoiled is None:
            continue
        cache.clear()  # rate limits of earlier submissions
        with transaction.atomic():
            # A refused form may redirect back to the page that shows it (the typed values kept in the
            # session for that one redirect): follow it before the attempt is rolled back.
            resp = client.post(form.action, data, follow=True)
            transaction.set_rollback(True)
        who = user.username if user else "（未登录）"
        where = f"{who} {page} → {form.action} [{spoiled}]"
        final = urlsplit(resp.redirect_chain[-1][0]).path if resp.redirect_chain else form.action
        if resp.status_code in (403, 404) or final.startswith("/accounts/login"):
            continue  # refused as a whole (the duty or the login), not a form error: another account may try
        done.add(form.key)
        checked.append(where)
        if resp.status_code != 200:
            problems.append(f"{where}: 答复 {resp.status_code}")
            continue
        html = resp.content.decode()
        errors = " ".join(m.group(2) for m in ERROR_BLOCK.finditer(html))
        if not CJK.search(errors):
            problems.append(f"{where}: 没有中文错误提示")
        missing = lost(form, data, spoiled, html, page)
        if missing:
            problems.append(f"{where}: " + "；".join(missing))
    return checked, problems


@pytest.mark.one_db
@pytest.mark.pages
@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("app", apps_with_pages())
def test_a_refused_form_shows_a_chinese_error_and_keeps_every_typed_value(demo_world, app):
    from dwgk.accounts.models import User

    users = [User.objects.get(username=u) if u else None for u in ACCOUNTS]
    checked, problems = check_app(app, users)
    print(f"{app}: {len(checked)} forms checked", *checked, sep="\n  ")
    assert not problems, "\n".join(problems)
