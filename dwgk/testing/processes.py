"""`dwgk` commands as separate processes on a test's own database: what two processes do at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection


def database_for_processes(tmp_path: Path) -> dict:
    """Environment for `dwgk` processes on this test's database: PostgreSQL's test database as it is; the
    SQLite in-memory test database copied to a file (processes cannot share memory), in WAL mode as a
    migrated database is."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dwgk.settings_test", "DWGK_VAR_DIR": str(tmp_path)}
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/"
                               f"{s['NAME']}")
        return env
    env["DATABASE_URL"] = ""
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "dwgk.sqlite3")
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return env


def dwgk_shell(env: dict, code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run Python `code` in `dwgk shell` with `env` (from database_for_processes)."""
    return subprocess.run([sys.executable, "-m", "dwgk", "shell", "-c", code], env=env, capture_output=True,
                          text=True, timeout=timeout)
