"""Walking a large table a page at a time, with no cursor left open between pages.

Why not `QuerySet.iterator()` where the loop writes: on SQLite a write on a connection whose read is
still pending fails at once ("database is locked", no busy wait) when another process has committed
since that read began — a scheduled job writing as it iterates then fails whenever the web server
commits meanwhile. On PostgreSQL a long open read also pins one snapshot for the whole walk."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet


def pages(qs: QuerySet, size: int = 500) -> Iterator[list]:
    """The rows of `qs` in primary-key order, as lists of at most `size`, each read whole before it is
    handed over (the next page starts after the last key seen, so rows changed meanwhile are not skipped
    or read twice)."""
    last = None
    while True:
        page = list((qs if last is None else qs.filter(pk__gt=last)).order_by("pk")[:size])
        if not page:
            return
        yield page
        if len(page) < size:
            return
        last = page[-1].pk


def rows(qs: QuerySet, size: int = 500) -> Iterator:
    """Each row of `qs` in primary-key order, read a page at a time (`pages`)."""
    for page in pages(qs, size):
        yield from page
