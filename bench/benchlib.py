"""What several benchmarks share: a database of their own, started from nothing, and percentiles."""

from __future__ import annotations

from pathlib import Path


def recreate_database(var: Path, url: str) -> None:
    """Delete the benchmark's SQLite file under `var` (url empty), or drop and recreate the PostgreSQL
    database `url` names. Only ever a database the benchmark owns."""
    if not url:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (var / f"dwgk.sqlite3{suffix}").unlink(missing_ok=True)
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    with psycopg.connect(host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
                         password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(cfg["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]
