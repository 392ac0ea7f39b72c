"""Prepared plain-SQL reads of model rows for hot paths."""

import psycopg
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper


def raw_rows(model, where: str, params, suffix: str = "") -> list:
    """Rows of one model by a plain WHERE clause, as model instances. For hot paths that read a handful
    of rows by key many times a second (the workflow's decisions, the logged-in user of every request),
    where compiling an ORM query costs more than running it: the SELECT and the column converters are
    prepared once per model and connection."""
    loaders = connection.__dict__.setdefault("_dwgk_loaders", {})
    loader = loaders.get(model)
    if loader is None:
        qn, table = connection.ops.quote_name, model._meta.db_table
        fields = model._meta.concrete_fields
        cols = [f.get_col(table) for f in fields]
        converters = [(i, conv) for i, (f, col) in enumerate(zip(fields, cols, strict=True))
                      for conv in connection.ops.get_db_converters(col) + f.get_db_converters(connection)]
        select = f"SELECT {', '.join(qn(f.column) for f in fields)} FROM {qn(table)}"
        loader = loaders[model] = (select, [f.attname for f in fields], cols, converters)
    select, names, cols, converters = loader
    with prepared_cursor(connection) as cursor:
        cursor.execute(f"{select} WHERE {where} {suffix}", params)
        rows = cursor.fetchall()
    out = []
    for row in rows:
        values = list(row)
        for i, conv in converters:
            values[i] = conv(values[i], cols[i], connection)
        out.append(model.from_db(connection.alias, names, values))
    return out


def prepared_cursor(connection):
    """A cursor for SQL a hot path sends again and again with the same text. Django binds parameters on the
    client on PostgreSQL unless `server_side_binding` is set (dwgk sets it by default; an operator may turn it
    off), and client-bound SQL is never prepared; this cursor binds them on the server whatever that says, so psycopg
    prepares the statement once it has run `prepare_threshold` times on the connection and the server skips
    parse and plan from then on (for these reads, planning cost as much as running them). Elsewhere, and
    for everything else, Django's own cursor. Wrapped like any Django cursor (query log, execute wrappers)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    return _ServerBoundDebugCursor(raw, connection) if connection.queries_logged else connection.make_cursor(raw)


class _ServerBoundDebugCursor(CursorDebugWrapper):
    """Logs the SQL as sent (Django reads the executed query back from client-side cursors only)."""

    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        return super().debug_sql(sql, params, use_last_executed_query=False, many=many)
