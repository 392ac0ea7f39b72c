"""DESIGN invariant 1: exactly one app, `dwgk/access`, decides who may read what; nothing else narrows a
query by a scope or audience field. The fields are taken from the models (every field whose name says
scope, audience, public or target), and every module's syntax tree is read for a query on one of them:
`.filter/.exclude/.get/Q(…)` keywords, `**{…}` keys, `Case(When(…))` conditions and `.target_*.filter()`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

import dwgk

ROOT = Path(dwgk.__file__).parent
GATE = ROOT / "access"
QUERY_CALLS = {"filter", "exclude", "get", "Q", "When", "get_or_create", "update_or_create", "filter_by"}
READER_FIELDS = {"audience", "target_orgs", "target_people", "is_public", "reply_public"}


def scope_fields() -> set[str]:
    """Every field of a dwgk model that says who may read the row: a scope (`scope`, `publish_scope`,
    `results_scope` …), an audience, a target list, a public flag."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("dwgk."):
            continue
        for f in model._meta.get_fields():
            if f.name.endswith("scope") or f.name in READER_FIELDS:
                names.add(f.name)
    return names


def _lookup_fields(key: str) -> list[str]:
    return key.split("__")


def offences_in(tree: ast.AST, fields: set[str]) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if name in QUERY_CALLS:
                keys = [k.arg for k in node.keywords if k.arg]
                for k in node.keywords:
                    if k.arg is None and isinstance(k.value, ast.Dict):
                        keys += [c.value for c in k.value.keys if isinstance(c, ast.Constant) and isinstance(c.value, str)]
                if any(part in fields for key in keys for part in _lookup_fields(key)):
                    lines.append(node.lineno)
            # d.target_people.filter(...) / .exists(): asking the relation who is targeted
            if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Attribute) \
                    and fn.value.attr.startswith("target_") and fn.attr in ("filter", "exclude"):
                lines.append(node.lineno)
    return lines


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if {"tests", "migrations"} & parts or path.is_relative_to(GATE) or "testing" in parts:
            continue
        yield path


@pytest.mark.django_db(databases=[])
def test_no_module_outside_access_narrows_a_query_by_scope_or_audience():
    fields = scope_fields()
    assert {"scope", "publish_scope", "audience", "target_people", "target_orgs"} <= fields
    found = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        for line in offences_in(ast.parse(text), fields):
            found.append(f"{path.relative_to(ROOT)}:{line}: {text.splitlines()[line - 1].strip()}")
    assert not found, "queries on scope or audience outside dwgk/access:\n" + "\n".join(found)


@pytest.mark.parametrize("source, caught", [
    ("Disclosure.objects.filter(scope=Scope.PUBLIC)", True),
    ('qs.exclude(**{"scope": "party"})', True),
    ("Q(disclosure__scope='public', org=o)", True),
    ("qs.filter(audience='internal')", True),
    ("Case(When(audience='internal', then=Value(1)))", True),
    ("d.target_people.filter(pk=p.pk).exists()", True),
    ("d.target_orgs.exists()", False),
    ("Catalog.objects.filter(publish_scope__in=['party'])", True),
    ("if d.scope == Scope.TARGETED and not targets: pass", False),
    ("qs.filter(org=o, status='published')", False),
])
def test_the_detector_catches_the_shapes_it_looks_for(source, caught):
    fields = {"scope", "publish_scope", "audience", "target_people", "target_orgs"}
    assert bool(offences_in(ast.parse(source), fields)) is caught
