"""DESIGN "Architecture": apps import only downward, and no import hides inside a function.

The test reads every module's syntax tree (not its text), so an aliased import, a `from x import (…)`
over several lines or an import inside a function are all seen.

Domain layers, bottom to top. An app's domain modules (models, services, selectors, …) may import only
apps below it. Its interface modules (INTERFACE: views, urls, forms, panels, template tags, management
commands, demo data, app config) sit above every domain layer: they may import any app's domain modules,
but no other app's interface. The project root (urls, settings, wsgi) composes everything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dwgk

ROOT = Path(dwgk.__file__).parent
LAYERS = ["core", "audit", "orgs", "accounts", "workdays", "access", "catalog", "disclosures",
          "participation", "oversight", "search", "portal", "api", "reports"]
RANK = {app: i for i, app in enumerate(LAYERS)}
INTERFACE = {"views", "urls", "forms", "panels", "import_views", "templatetags", "management", "demo", "apps",
             "context_processors", "pages"}
NOT_AN_APP = {"testing", "static", "templates"}


def _is_interface(rel: Path) -> bool:
    return any(part.removesuffix(".py") in INTERFACE for part in rel.parts[1:])


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if len(rel.parts) < 2 or {"tests", "migrations"} & set(rel.parts) or rel.parts[0] in NOT_AN_APP:
            continue
        yield path, rel


def _imports(tree: ast.Module):
    """(imported dwgk module, line, inside a function?) for every import in the module."""
    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.level == 0 and (child.module or "").startswith("dwgk."):
                yield child.module, child.lineno, in_function
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("dwgk."):
                        yield alias.name, child.lineno, in_function
            yield from walk(child, inner)
    yield from walk(tree, False)


def offences() -> list[str]:
    out = []
    for path, rel in _modules():
        app = rel.parts[0]
        assert app in RANK, f"{app}: an app missing from LAYERS (place it in the order and in DESIGN)"
        interface = _is_interface(rel)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module, line, in_function in _imports(tree):
            parts = module.split(".")
            target = parts[1]
            where = f"{rel}:{line} imports {module}"
            if target == app or target in NOT_AN_APP - {"testing"}:
                continue
            if target == "testing":
                out.append(f"{where}: test support is for tests only")
                continue
            if in_function and not (rel.name == "apps.py"):
                out.append(f"{where} inside a function (import at the top; fix the layering, not the symptom)")
            target_interface = len(parts) > 2 and parts[2].removesuffix(".py") in INTERFACE
            if target_interface:
                out.append(f"{where}: another app's interface")
            elif not interface and RANK[target] > RANK[app]:
                out.append(f"{where}: upward ({app} is below {target})")
    return out


def test_apps_import_only_downward_and_never_inside_a_function():
    found = offences()
    assert not found, "\n".join(found)


def test_portal_is_imported_by_no_other_app():
    users = [o for o in offences() if "imports dwgk.portal" in o]
    for path, rel in _modules():
        if rel.parts[0] == "portal":
            continue
        for module, line, _inner in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if module.startswith("dwgk.portal"):
                users.append(f"{rel}:{line} imports {module}")
    assert not users, "\n".join(users)


@pytest.mark.parametrize("source, expected", [
    ("from dwgk.portal.views import home\n", ["imports dwgk.portal.views"]),
    ("def f():\n    from dwgk.orgs.models import Role\n", ["inside a function"]),
    ("import dwgk.reports.stats as s\n", ["upward"]),
    ("from dwgk.orgs.models import Role\n", []),
])
def test_the_layer_check_sees_the_shapes_it_looks_for(tmp_path, monkeypatch, source, expected):
    """A check that cannot fail is no check: a module of `catalog` with each shape is caught (or not)."""
    app = tmp_path / "catalog"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "probe.py").write_text(source)
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    found = offences()
    assert len(found) == len(expected) and all(e in f for e, f in zip(expected, found, strict=True)), found
