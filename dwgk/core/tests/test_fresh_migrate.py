"""`./dev demo` migrates a fresh SQLite database with the database guards on (the test settings turn
them off). A guard trigger that names another table once made a later table rebuild fail half-way:
this runs the real `dwgk migrate` on an empty database, as a user's first step does."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_a_fresh_database_migrates_with_every_guard_in_place(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "DWGK_"))}
    env.update({"DWGK_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dwgk.settings"})
    run = subprocess.run([sys.executable, "-m", "dwgk", "migrate", "--noinput"], env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    again = subprocess.run([sys.executable, "-m", "dwgk", "migrate", "--noinput"], env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    with sqlite3.connect(tmp_path / "dwgk.sqlite3") as db:
        triggers = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_no_update", "audit_no_delete", "disclosures_archived_frozen", "disclosures_steprecord_no_update",
            "disclosures_published_content_frozen", "disclosures_published_attachment_no_insert",
            "disclosures_textrecord_no_update", "disclosures_textrecord_no_delete"} <= triggers
