"""The database refuses to rewrite workflow records and archives (DESIGN invariant 4):
step records and archive records are never updated or deleted; an archived disclosure is never updated.
Like the audit guard, skipped when settings.DWGK_AUDIT_DB_GUARD is off (test databases are flushed)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER disclosures_steprecord_no_update BEFORE UPDATE ON disclosures_steprecord
       BEGIN SELECT RAISE(ABORT, 'workflow records are append-only'); END""",
    """CREATE TRIGGER disclosures_steprecord_no_delete BEFORE DELETE ON disclosures_steprecord
       BEGIN SELECT RAISE(ABORT, 'workflow records are append-only'); END""",
    """CREATE TRIGGER disclosures_archive_no_update BEFORE UPDATE ON disclosures_archiverecord
       BEGIN SELECT RAISE(ABORT, 'archive records are immutable'); END""",
    """CREATE TRIGGER disclosures_archive_no_delete BEFORE DELETE ON disclosures_archiverecord
       BEGIN SELECT RAISE(ABORT, 'archive records are immutable'); END""",
    """CREATE TRIGGER disclosures_archived_frozen BEFORE UPDATE ON disclosures_disclosure
       WHEN OLD.status = 'archived'
       BEGIN SELECT RAISE(ABORT, 'archived disclosures are immutable'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS disclosures_steprecord_no_update",
    "DROP TRIGGER IF EXISTS disclosures_steprecord_no_delete",
    "DROP TRIGGER IF EXISTS disclosures_archive_no_update",
    "DROP TRIGGER IF EXISTS disclosures_archive_no_delete",
    "DROP TRIGGER IF EXISTS disclosures_archived_frozen",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION disclosures_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'workflow records and archives are append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER disclosures_steprecord_no_change BEFORE UPDATE OR DELETE ON disclosures_steprecord
       FOR EACH ROW EXECUTE FUNCTION disclosures_refuse_change()""",
    """CREATE TRIGGER disclosures_archive_no_change BEFORE UPDATE OR DELETE ON disclosures_archiverecord
       FOR EACH ROW EXECUTE FUNCTION disclosures_refuse_change()""",
    """CREATE TRIGGER disclosures_archived_frozen BEFORE UPDATE ON disclosures_disclosure
       FOR EACH ROW WHEN (OLD.status = 'archived') EXECUTE FUNCTION disclosures_refuse_change()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS disclosures_steprecord_no_change ON disclosures_steprecord",
    "DROP TRIGGER IF EXISTS disclosures_archive_no_change ON disclosures_archiverecord",
    "DROP TRIGGER IF EXISTS disclosures_archived_frozen ON disclosures_disclosure",
    "DROP FUNCTION IF EXISTS disclosures_refuse_change()",
]


def install(schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def uninstall(schema_editor):
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    from django.conf import settings

    if getattr(settings, "DWGK_AUDIT_DB_GUARD", True):
        install(schema_editor)


def backwards(apps, schema_editor):
    uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
