"""The write matrix's framework (DESIGN invariant 1: every write asks `dwgk.access`).

Every URL of the project is either a write row (`WriteRow`) or exempt with a reason (it writes nothing,
or is a write of one's own account such as logging in). Rows live in `write_rows_*.py` beside this file,
one module per area, each exposing `ROWS`, `EXEMPT` and optionally `setup(wm)`.

For each row, every actor in ACTORS posts the row's data: the actors in `allowed` must succeed (an answer
below 400 and the database changed), everyone else must be refused (an answer of 302 with an error
message, 403 or 404) and leave the database exactly as it was. Each attempt runs inside a transaction
that is rolled back, so every actor starts from the same state. Allowed sets are written by hand.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

# The test world's accounts (dwgk.testing.world) who attempt every write, plus the anonymous visitor.
ACTORS = ("anonymous", "proposer", "reviewer", "secrecy", "approver", "publisher", "office", "supervisor",
          "city_office", "city_approver", "member_district", "member_village", "resident", "outsider",
          "sysadmin", "secadmin", "auditadmin")
# Tables a refused attempt may still write: the audit log records refusals, sessions and login state move.
VOLATILE = {"audit.auditentry", "sessions.session", "accounts.loginattempt", "django_tasks_database.dbtaskresult"}


@dataclass
class WM:
    """What the rows work on: the test world and the objects each area's setup() made."""

    world: object
    objs: dict = field(default_factory=dict)
    tmp: object = None

    def user(self, actor: str):
        return None if actor == "anonymous" else self.world.users[actor]

    def client(self, actor: str) -> Client:
        c = Client()
        if actor != "anonymous":
            c.force_login(self.world.users[actor])
        return c


@dataclass(frozen=True)
class WriteRow:
    url_name: str                              # "namespace:name" from the URL configuration
    allowed: frozenset[str]                    # actors who may make this write; every other actor is refused
    args: Callable[[WM], list] = lambda wm: []
    data: Callable[[WM], dict] = lambda wm: {}
    label: str = ""                            # tells two rows of one URL apart (e.g. two actions)
    files: Callable[[WM], dict] | None = None  # uploads: name → SimpleUploadedFile, made afresh per attempt
    changes: bool = True                       # an allowed write changes the database

    @property
    def id(self) -> str:
        return f"{self.url_name}{'·' + self.label if self.label else ''}"


def url_names() -> list[str]:
    """Every named URL of the project, as "namespace:name"."""
    out = []

    def walk(resolver, ns: str):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                out.append(ns + p.name)
    walk(get_resolver(), "")
    return sorted(set(out))


def digest() -> str:
    """A fingerprint of every row of every table but the volatile ones."""
    h = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        if model._meta.label_lower in VOLATILE or not model._meta.managed:
            continue
        h.update(model._meta.label_lower.encode())
        for row in model._default_manager.order_by("pk").values_list():
            h.update(repr(row).encode())
    return h.hexdigest()


@dataclass
class Attempt:
    status: int
    changed: bool
    errors: list[str]


# Django logs an executemany as "N times: <sql>".
WRITE = re.compile(r'^\s*(?:\d+ times: )?(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def wrote(queries) -> bool:
    """Did any statement write a table outside VOLATILE? (A cheap test; the digest confirms a yes.)"""
    volatile = {apps.get_model(label)._meta.db_table for label in VOLATILE if _known(label)}
    for q in queries:
        m = WRITE.match(q["sql"])
        if m and m.group(2) not in volatile:
            return True
    return False


def _known(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def attempt(wm: WM, row: WriteRow, actor: str, url: str, before: str) -> Attempt:
    """One actor's POST, rolled back afterwards. `before` is the row's digest (the same for every actor,
    since every attempt starts from the same state)."""
    client = wm.client(actor)
    with transaction.atomic():
        data = dict(row.data(wm))
        if row.files:
            data.update(row.files(wm))
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        errors = [str(m) for m in get_messages(response.wsgi_request)
                  if "error" in m.tags] if hasattr(response, "wsgi_request") else []
        content = getattr(response, "content", b"")
        if response.status_code == 200 and (b"errorlist" in content or b'role="alert"' in content):
            errors.append("form error")
        changed = wrote(queries.captured_queries) and digest() != before
        transaction.set_rollback(True)
    for user in wm.world.users.values():  # cached duties and audiences belong to the rolled-back state
        for attr in ("_dwgk_audience",):
            user.__dict__.pop(attr, None)
    return Attempt(response.status_code, changed, errors)


def judge(row: WriteRow, actor: str, a: Attempt) -> str | None:
    """None when the attempt went as the matrix says, else what went wrong."""
    if actor in row.allowed:
        if a.status >= 400 or a.errors:
            return f"{actor} should be allowed: answered {a.status} {a.errors}"
        if row.changes and not a.changed:
            return f"{actor} should be allowed: nothing changed (answered {a.status})"
        return None
    if a.changed:
        return f"{actor} should be refused: the database changed (answered {a.status})"
    if a.status in (403, 404, 405) or (a.status in (200, 302) and a.errors):
        return None
    if a.status == 302 and actor == "anonymous":
        return None  # sent to the login page
    return f"{actor} should be refused: answered {a.status} without a refusal"
