"""The write matrix: every URL of the project × every actor of the test world → allowed or refused,
and after every refusal the database is unchanged. See write_matrix.py for the rules of a row."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import reverse

from dwgk.access import tests as access_tests

from .write_matrix import ACTORS, WM, WriteRow, attempt, digest, judge, url_names

pytestmark = pytest.mark.django_db

AREAS = [importlib.import_module(f"{access_tests.__name__}.{m.name}")
         for m in pkgutil.iter_modules(access_tests.__path__) if m.name.startswith("write_rows_")]
ROWS: list[WriteRow] = [row for area in AREAS for row in area.ROWS]
EXEMPT: dict[str, str] = {name: why for area in AREAS for name, why in area.EXEMPT.items()}


@pytest.fixture
def wm(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    m = WM(world=world, tmp=tmp_path)
    for area in AREAS:
        if hasattr(area, "setup"):
            area.setup(m)
    return m


def test_every_url_is_a_write_row_or_exempt_with_a_reason():
    covered = {row.url_name for row in ROWS} | set(EXEMPT)
    missing = [name for name in url_names() if name not in covered]
    assert not missing, "URLs with neither a write row nor a reason to be exempt:\n" + "\n".join(missing)
    assert all(why.strip() for why in EXEMPT.values())
    unknown = covered - set(url_names())
    assert not unknown, f"rows or exemptions for URLs that do not exist: {sorted(unknown)}"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_each_write_is_made_by_its_duty_and_refused_to_everyone_else(wm, row):
    url = reverse(row.url_name, args=row.args(wm))
    before = digest()
    wrong = [f"{actor}: {problem}" for actor in ACTORS
             if (problem := judge(row, actor, attempt(wm, row, actor, url, before)))]
    assert not wrong, f"{row.id} ({url}):\n" + "\n".join(wrong)
