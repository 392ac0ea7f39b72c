"""索引号: the number a 政府信息公开 reader quotes, given once at publication.

Rule: 组织代码-类别代码-年份-序号, e.g. ``QS-03-2026-0007``: the publishing org's code, the category's
two-digit code (the order of the eight 公开类别, 01–08), the year of publication and a four-digit sequence
that is unique per org and year (a database constraint backs it). Corrections get their own number.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from dwgk.core.choices import Category
from dwgk.orgs.models import Organization

from .models import Disclosure


def category_code(category: str) -> str:
    values = list(Category.values)
    return f"{values.index(category) + 1:02d}" if category in values else f"{len(values):02d}"


def index_number_for(org_code: str, category: str, year: int, seq: int) -> str:
    return f"{org_code}-{category_code(category)}-{year}-{seq:04d}"


@transaction.atomic(savepoint=False)  # no savepoint of its own: a failure fails the publication around it
def assign_index_number(d: Disclosure, now=None, *, save: bool = True, org: Organization | None = None) -> dict:
    """Give `d` the next number of its org and year; returns the fields set (saved unless `save` is
    False: publication writes them with the item's status in one UPDATE, in the same transaction). `org`:
    the item's org as the caller read it in this transaction, if it did.
    Serialised per org by locking the org row (on SQLite by the write transaction), so two publications
    never draw the same sequence."""
    if d.index_seq:
        return {}
    year = timezone.localtime(now or timezone.now()).year
    if org is None or connection.features.has_select_for_update:
        # FOR NO KEY UPDATE: serialises numbering per org without blocking the foreign-key checks of rows that
        # reference the org (a submission's steps), which a plain FOR UPDATE blocks (and could deadlock with).
        code = Organization.objects.select_for_update(no_key=True).only("id", "code").get(pk=d.org_id).code
    else:
        # SQLite has no row locks (its IMMEDIATE transaction already serialises writers): the org the
        # caller read in this transaction gives the code.
        code = org.code
    last = Disclosure.objects.filter(org_id=d.org_id, index_year=year).aggregate(m=Max("index_seq"))["m"] or 0
    fields = {"index_year": year, "index_seq": last + 1,
              "index_number": index_number_for(code, d.category, year, last + 1)}
    if save:
        Disclosure.objects.filter(pk=d.pk).update(**fields)
    for key, value in fields.items():
        setattr(d, key, value)
    return fields
