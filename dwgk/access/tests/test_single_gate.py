"""DESIGN invariant 1: exactly one module decides who may see a published item; nothing else filters
by scope. This test reads the source: a query filter on a scope field outside the gate fails it."""

import re
from pathlib import Path

import dwgk

ROOT = Path(dwgk.__file__).parent
GATE = ROOT / "portal" / "visibility.py"
# A query that narrows rows by scope: .filter(scope=…), .exclude(…scope…), Q(scope…), scope__in=…
SCOPE_FILTER = re.compile(r"\b(filter|exclude|Q)\([^)]*\bscope\b|\bscope__\w+\s*=|__scope\b")


def _sources():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if "tests" in parts or "migrations" in parts or path == GATE:
            continue
        yield path


def test_no_module_outside_the_gate_filters_by_scope():
    offenders = []
    for path in _sources():
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SCOPE_FILTER.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert not offenders, "scope filtering outside dwgk/portal/visibility.py:\n" + "\n".join(offenders)


def test_the_detector_catches_the_shapes_it_looks_for():
    for bad in ('Disclosure.objects.filter(scope=Scope.PUBLIC)', 'qs.exclude(scope="party")',
                'Q(scope=Scope.PARTY)', 'qs.filter(org=o, scope__in=[1])',
                '    disclosure__scope="public", disclosure__org=o)'):
        assert SCOPE_FILTER.search(bad), bad
    for fine in ('if d.scope == Scope.TARGETED and not targets:', 'scope = models.CharField()'):
        assert not SCOPE_FILTER.search(fine), fine
