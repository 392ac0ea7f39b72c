"""No module uses another module's private names (`_name`): what another module needs is public API,
named and documented as such (DESIGN "Architecture"; the workflow engine's public functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dwgk

ROOT = Path(dwgk.__file__).parent


# Django documents these as public API despite the underscore.
DJANGO_PUBLIC = {"_meta", "_default_manager", "_base_manager"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in DJANGO_PUBLIC


def offences_in(tree: ast.AST) -> list[str]:
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [f"{node.lineno}: from {node.module or '.'} import {a.name}" for a in node.names if _private(a.name)]
            # `from . import services` / `from dwgk.x import services as s`: module aliases whose private
            # attributes must not be read either.
            modules.update(a.asname or a.name for a in node.names)
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name) \
                and node.value.id in modules and node.value.id not in ("self", "cls"):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if {"tests", "migrations"} & set(rel.parts):
            continue
        found += [f"{rel}:{o}" for o in offences_in(ast.parse(path.read_text(encoding="utf-8")))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("source, caught", [
    ("from .services import _bump\n", True),
    ("from . import services\nservices._apply(x)\n", True),
    ("from dwgk.orgs import services as s\ns._set_id_number(p, n)\n", True),
    ("from .engine import bump\n", False),
    ("class A:\n    def f(self):\n        return self._x\n", False),
    ("from django.db.models import Model\nModel._meta\n", False),
    ("from . import tally\ntally._aware_range(y)\n", True),
])
def test_the_check_sees_the_shapes_it_looks_for(source, caught):
    assert bool(offences_in(ast.parse(source))) is caught
