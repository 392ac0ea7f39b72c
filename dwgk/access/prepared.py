"""The gate's hottest reader queries, compiled once per audience shape and run with the reader's own values.

Building and compiling an ORM query through the gate's Q costs a millisecond or more of Python on every
request (a dozen lookups, each resolved and compiled), against a quarter of that for the database to answer
it. Yet the SQL text depends only on the *shape* of the reader's audience — whether there is a person and
how many orgs each list holds — never on the ids themselves. So a `Prepared` query is built by the gate
for a stand-in reader of the same shape whose ids are sentinels, compiled once, and on every request
executed with the sentinels replaced by this reader's own ids (and the caller's integer arguments).

The gate still decides every row on every request: the WHERE clause is the one `scope_q` writes, the
values bound are the reader's audience, computed for this request. Nothing about a reader is cached; only
the SQL text of a shape is. The stand-in answers nothing but those ids: a query that reads anything else
about the reader (a path, a role, the user) while it is built, or leaves a sentinel unused, is refused a
prepared form and runs through the ORM as before (dwgk/access/tests/test_prepared.py, and the portal's
test_hot_paths compares the prepared SQL with a fresh compile for every kind of reader).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections

from dwgk.core.raw import prepared_cursor

from .audience import ANONYMOUS, Audience, audience_of

# Sentinels: negative integers no id, limit or constant in a reader query can be.
_BASE = -7_310_000_000


class _NotPreparable(Exception):
    pass


# What a prepared query may read about its reader: the ids the sentinels stand for.
_ANSWERS = frozenset({"person_id", "party_org_ids", "unit_org_ids", "affiliated_org_ids"})


class _SentinelAudience(Audience):
    def __getattribute__(self, name):
        if name.startswith("_") or name in _ANSWERS:
            return super().__getattribute__(name)
        raise _NotPreparable(name)


class _StandIn:
    """A logged-in reader of a given audience, who answers nothing else."""

    def __init__(self, audience: Audience):
        self.__dict__["_dwgk_audience"] = audience

    def __getattr__(self, name):
        if name == "is_authenticated":
            return True
        raise _NotPreparable(name)


def shape_of(aud: Audience) -> tuple:
    """What the gate's SQL text depends on: which lists are there and how long each is."""
    if aud is ANONYMOUS:
        return ("anonymous",)
    return (aud.person_id is not None, len(aud.party_org_ids), len(aud.unit_org_ids), len(aud.affiliated_org_ids))


def _sentinel_audience(shape: tuple) -> tuple[Audience, list[int]]:
    has_person, n_party, n_unit, n_aff = shape
    counter = iter(range(_BASE, _BASE - 1_000_000, -1))
    person = next(counter) if has_person else None
    aff = [next(counter) for _ in range(n_aff)]
    aud = _SentinelAudience(person_id=person, affiliated_org_ids=aff)
    aud.__dict__["party_org_ids"] = [next(counter) for _ in range(n_party)]
    aud.__dict__["unit_org_ids"] = [next(counter) for _ in range(n_unit)]
    return aud, [*([person] if has_person else []), *aff, *aud.party_org_ids, *aud.unit_org_ids]


def _values_of(aud: Audience) -> list[int]:
    """The reader's ids in the order `_sentinel_audience` hands out sentinels."""
    if aud is ANONYMOUS:
        return []
    return [*([aud.person_id] if aud.person_id is not None else []), *aud.affiliated_org_ids, *aud.party_org_ids,
            *aud.unit_org_ids]


class _Compiled:
    __slots__ = ("sql", "params", "slots", "converters")

    def __init__(self, sql, params, slots, converters):
        self.sql, self.params, self.slots, self.converters = sql, params, slots, converters


_UNPREPARABLE = object()


class Prepared:
    """`build(reader, *args)` returns a `values_list` queryset through the gate; `rows(user, *args)` runs it
    for this reader. `args` are integers (an id) bound the same way as the audience's ids."""

    def __init__(self, build: Callable, using: str = "default"):
        self.build = build
        self.using = using
        self._compiled: dict = {}
        self._lock = threading.Lock()

    def _compile(self, shape: tuple, n_args: int):
        if shape == ("anonymous",):
            reader, sentinels = None, []
        else:
            aud, sentinels = _sentinel_audience(shape)
            reader = _StandIn(aud)
        arg_sentinels = list(range(_BASE - 2_000_000, _BASE - 2_000_000 - n_args, -1))
        try:
            compiler = self.build(reader, *arg_sentinels).query.get_compiler(using=self.using)
            sql, params = compiler.as_sql()
        except _NotPreparable:
            return _UNPREPARABLE
        position = {s: i for i, s in enumerate([*sentinels, *arg_sentinels])}
        slots = [position.get(p) if type(p) is int else None for p in params]
        used = {params[i] for i, s in enumerate(slots) if s is not None}
        if used != set(position):
            return _UNPREPARABLE  # the query depends on more than the ids: no prepared form
        fields = [s[0] for s in compiler.select[0:compiler.col_count]]
        converters = compiler.get_converters(fields)
        return _Compiled(sql, list(params), slots, converters)

    def sql_params(self, user, *args: int):
        """The SQL and parameters `rows` would run (None when the query has no prepared form)."""
        aud = audience_of(user)
        shape = shape_of(aud)
        key = (connections[self.using].vendor, shape, len(args))
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    compiled = self._compiled[key] = self._compile(shape, len(args))
        if compiled is _UNPREPARABLE:
            return None
        values = [*_values_of(aud), *args]
        params = [p if s is None else values[s] for p, s in zip(compiled.params, compiled.slots, strict=True)]
        return compiled, params

    def rows(self, user, *args: int) -> list[tuple]:
        found = self.sql_params(user, *args)
        if found is None:
            return list(self.build(user, *args))
        compiled, params = found
        # The SQL text of a shape repeats exactly: on PostgreSQL the server prepares it (dwgk.core.raw).
        connection = connections[self.using]
        with prepared_cursor(connection) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(r) for r in rows]
        out = []
        items = compiled.converters.items()
        for row in rows:
            row = list(row)
            for pos, (convs, expression) in items:
                value = row[pos]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[pos] = value
            out.append(tuple(row))
        return out
