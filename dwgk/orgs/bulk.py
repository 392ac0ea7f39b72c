"""Fast bulk inserts for imports and scale data, on SQLite (executemany) and PostgreSQL (COPY).

Django's `bulk_create` prepares every value of every object through the ORM and, on SQLite, splits
the rows into statements of ~60 rows (the bound-parameter limit); for 10^5–10^6 rows that costs far
more than the database work. Here the caller hands over tuples of already-prepared values for the
columns it names; every other column gets its model default, prepared once.
"""

from __future__ import annotations

from django.db import connection


class BulkInsert:
    """Insert rows into a model's table: `given` attnames per row (in order), other columns defaulted."""

    def __init__(self, model, given: list[str], now):
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(given) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        self.columns = [fields[a].column for a in given]
        rest = []
        for attname, f in fields.items():
            if attname in given or f.primary_key:
                continue
            auto_now = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
            self.columns.append(f.column)
            rest.append(f.get_db_prep_save(now if auto_now else f.get_default(), connection))
        self.rest = tuple(rest)

    def write(self, rows) -> int:
        """Insert the rows (an iterable of tuples) in the current transaction; returns how many."""
        rows = [r + self.rest for r in rows] if self.rest else list(rows)
        if not rows:
            return 0
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = connection.ops.quote_name(self.table)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur, cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            with connection.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        return len(rows)


def first_free_id(model) -> int:
    """The id after the largest ever used (SQLite's AUTOINCREMENT counter included)."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cur.fetchone()[0]
        if connection.vendor == "sqlite":
            cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cur.fetchone()
            top = max(top, row[0] if row else 0)
    return top + 1


def allocate_ids(model, n: int) -> list[int]:
    """Reserve n primary keys for an explicit-id insert. Call inside the writing transaction: on
    SQLite that transaction holds the write lock (BEGIN IMMEDIATE); on PostgreSQL the ids come from
    the table's own sequence, so concurrent writers never collide."""
    if n <= 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        [model._meta.db_table, n])
            return [row[0] for row in cur.fetchall()]
    start = first_free_id(model)
    return list(range(start, start + n))
