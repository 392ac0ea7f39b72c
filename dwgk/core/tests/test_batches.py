"""A walk over a large table hands over whole pages and keeps no cursor open, so the walker may write
between rows while another process commits (on SQLite a write beside a pending read fails at once)."""

import pytest
from django.db import connection

from dwgk.core import batches
from dwgk.orgs.models import Organization
from dwgk.testing.processes import database_for_processes, dwgk_shell
from dwgk.testing.world import build_world


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_pages_give_every_row_once_in_key_order(size):
    build_world()
    qs = Organization.objects.filter(kind__isnull=False)
    expected = list(qs.order_by("pk").values_list("pk", flat=True))
    got = [[o.pk for o in page] for page in batches.pages(qs, size)]
    assert [pk for page in got for pk in page] == expected
    assert all(0 < len(page) <= size for page in got)
    assert [o.pk for o in batches.rows(qs, size)] == expected
    assert list(batches.pages(Organization.objects.none(), size)) == []


WALK = """
import sqlite3
from django.conf import settings
from django.db.models import F
from dwgk.core import batches
from dwgk.orgs.models import Organization
other = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None, timeout=5)
walked = 0
for org in batches.rows(Organization.objects.all(), 2):
    other.execute("UPDATE orgs_organization SET member_count = member_count WHERE id = ?", [org.pk])
    Organization.objects.filter(pk=org.pk).update(sort_order=F("sort_order") + 1)
    walked += 1
print("walked", walked)
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_walk_that_writes_between_rows_is_not_refused_when_another_process_commits(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL lets a connection write beside its open read")
    build_world()
    total = Organization.objects.count()
    env = database_for_processes(tmp_path)
    out = dwgk_shell(env, WALK)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == f"walked {total}"
    # The same walk over an open cursor is refused: the rule this module exists for.
    out = dwgk_shell(env, WALK.replace("batches.rows(Organization.objects.all(), 2)",
                                       "Organization.objects.order_by('pk').iterator(chunk_size=2)"))
    assert out.returncode != 0 and "database is locked" in out.stderr
