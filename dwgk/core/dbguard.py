"""Keep the database guards (append-only and frozen-content triggers) in place on SQLite.

SQLite cannot alter most columns in place: Django rebuilds the table, and the rebuild silently drops
its triggers — or fails outright when a trigger on another table names the table being rebuilt (the
attachment guards name disclosures_disclosure). So on SQLite the guard triggers are dropped before every
`migrate` and re-installed after it (each app's applied guard migrations, CREATE TRIGGER IF NOT EXISTS).
A migrate that fails leaves them off until the next successful one. PostgreSQL keeps triggers across
ALTER TABLE and is left alone."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate, pre_migrate


def reinstall(app_label: str, migration_names: list[str], using: str = "default") -> int:
    """Re-create the SQLite triggers of the applied guard migrations; returns how many statements ran."""
    conn = connections[using]
    if conn.vendor != "sqlite" or not getattr(settings, "DWGK_AUDIT_DB_GUARD", True):
        return 0
    applied = MigrationRecorder(conn).applied_migrations()
    ran = 0
    with conn.cursor() as cursor:
        for name in migration_names:
            if (app_label, name) not in applied:
                continue
            module = importlib.import_module(f"dwgk.{app_label}.migrations.{name}")
            for sql in module.SQLITE:
                cursor.execute(sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1))
                ran += 1
    return ran


def lift(app_label: str, migration_names: list[str], using: str = "default") -> int:
    """Drop the SQLite triggers of the guard migrations (IF EXISTS); returns how many statements ran."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        return 0
    ran = 0
    with conn.cursor() as cursor:
        for name in migration_names:
            module = importlib.import_module(f"dwgk.{app_label}.migrations.{name}")
            for sql in getattr(module, "SQLITE_DROP", []):
                cursor.execute(sql)
                ran += 1
    return ran


def keep_after_migrate(app_config, migration_names: list[str]) -> None:
    def before(sender, using="default", **kwargs):
        lift(app_config.label, migration_names, using)

    def after(sender, using="default", **kwargs):
        reinstall(app_config.label, migration_names, using)

    pre_migrate.connect(before, sender=app_config, weak=False, dispatch_uid=f"dwgk.dbguard.lift.{app_config.label}")
    post_migrate.connect(after, sender=app_config, weak=False, dispatch_uid=f"dwgk.dbguard.{app_config.label}")
