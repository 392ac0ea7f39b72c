"""Hypothesis over every form of the workbench and the portal (issue 16): the POST forms on every page that
`dwgk.testing.reach` reaches in the demo (patterns with arguments included), each as the first demo account
shown it, are filled with generated hostile values (control characters, huge numbers, long and empty text,
forged choices) and submitted. No answer is a server error; a refused submission (the form shown again, or
a 4xx) leaves the database and the media directory unchanged, and a form shown again says in Chinese what
is wrong.

Bounded and reproducible: derandomized, a few examples per form; one test per app (`-k catalog`).
"""

from __future__ import annotations

import re
import time

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dwgk.testing import reach

from .test_no_raw_codes import ACCOUNTS, apps_with_pages

pytestmark = [pytest.mark.pages, pytest.mark.slow, pytest.mark.django_db]

SKIP_NAMES = {"accounts:logout", "accounts:login", "api:unknown"}
# Rows a refused submission may legitimately add: the audit trail (a refused login is recorded) and sessions.
UNCOUNTED = {"audit.auditentry", "sessions.session", "audit.auditanchor", "accounts.loginattempt",
             "django_tasks_database.dbtaskresult"}
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR_BLOCK = re.compile(
    r'<(ul|div|p|span)[^>]*(?:class="[^"]*(?:errorlist|msg-error|error)[^"]*"|role="alert")[^>]*>(.*?)</\1>', re.S)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "党费\x00公示", "\x1b[31m", "=cmd|' /C calc'!A0", "<script>alert(1)</script>",
                     "9" * 30, "-1", "０", "党" * 5000, "\u202e反向", "%0A", "' OR 1=1 --", "2026-02-30",
                     "99999-01-01", "1e309", "NaN"]),
)


def _value(f: reach.Field):
    if f.kind in ("select", "checkbox", "radio", "submit"):
        forged = st.sampled_from(["99999999999999999999999", "-1", "x", "\x00"])
        offered = [o for o in f.options if o] or [""]
        return st.lists(st.one_of(st.sampled_from(offered), forged), min_size=0, max_size=2)
    if f.kind == "number":
        return st.one_of(st.integers(-10**25, 10**25).map(str), HOSTILE_TEXT)
    return HOSTILE_TEXT


def _snapshot():
    counts = {}
    for model in apps.get_models():
        if model._meta.label_lower in UNCOUNTED or not model._meta.managed:
            continue
        counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def _media():
    root = django_settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("app", apps_with_pages())
def test_generated_submissions_to_every_form_cause_no_server_error_and_refusals_change_nothing(demo_world, app):
    from dwgk.accounts.models import User

    users = [User.objects.get(username=u) if u else None for u in ACCOUNTS]
    fuzzed, failures = fuzz_app(app, users)
    print(f"{app}: {len(fuzzed)} forms fuzzed", *fuzzed, sep="\n  ")
    assert not failures, "\n\n".join(failures)


def fuzz_app(app: str, users) -> tuple[list[str], list[str]]:
    """(forms fuzzed, failures) for the forms of one app's pages; each form's first failing example."""
    fuzzed, failures = [], []
    for user, client, page, form in reach.form_pages(users, app, skip=tuple(SKIP_NAMES)):
        fields = {name: f for name, f in form.fields.items() if f.kind not in ("file", "password")}
        if not fields:
            continue
        where = f"{user.username if user else '（未登录）'} {page} → {form.action}"
        started = time.monotonic()
        try:
            _fuzz(client, form, fields)
        except Exception as exc:  # noqa: BLE001 - every form's failure is reported, not only the first
            failures.append(f"{where}: {type(exc).__name__}: {str(exc)[:600]}")
        fuzzed.append(f"{where} ({time.monotonic() - started:.1f} s)")
    return fuzzed, failures


def _fuzz(client, form: reach.Form, fields: dict[str, reach.Field]):
    strategy = st.fixed_dictionaries({name: _value(f) for name, f in fields.items()})

    # No shrinking: a failing example is reported as found (shrinking one form cost minutes).
    @settings(max_examples=4, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=strategy)
    def submit(data):
        cache.clear()
        with transaction.atomic():
            before_db, before_media = _snapshot(), _media()
            response = client.post(form.action, {**form.hidden, **{k: v for k, v in data.items() if v != []}})
            assert response.status_code < 500, (form.action, data, response.status_code)
            if response.status_code == 200 or 400 <= response.status_code < 500:
                assert _snapshot() == before_db, (form.action, data)
                assert _media() == before_media, (form.action, data)
            # The org picker's 查找 button (find_org) is a search, not a submission: an answer listing the
            # matching orgs is no refusal, so it needs no error (the checks above still apply).
            found_orgs = bool(data.get("find_org")) and 'class="plain-list org-matches"' in response.content.decode()
            if response.status_code == 200 and not found_orgs:
                html = response.content.decode()
                errors = " ".join(m.group(2) for m in ERROR_BLOCK.finditer(html))
                assert CJK.search(errors), ("没有中文错误提示", form.action, data)
            transaction.set_rollback(True)

    submit()
