"""Text review records (release.py) are append-only like workflow records (DESIGN invariant 4).
Skipped when settings.DWGK_AUDIT_DB_GUARD is off (test databases are flushed)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER disclosures_textrecord_no_update BEFORE UPDATE ON disclosures_textrecord
       BEGIN SELECT RAISE(ABORT, 'text review records are append-only'); END""",
    """CREATE TRIGGER disclosures_textrecord_no_delete BEFORE DELETE ON disclosures_textrecord
       BEGIN SELECT RAISE(ABORT, 'text review records are append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS disclosures_textrecord_no_update",
    "DROP TRIGGER IF EXISTS disclosures_textrecord_no_delete",
]
POSTGRES = [
    # The function comes from 0002_append_only; created again here so this migration stands on its own.
    """CREATE OR REPLACE FUNCTION disclosures_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'workflow records and archives are append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER disclosures_textrecord_no_change BEFORE UPDATE OR DELETE ON disclosures_textrecord
       FOR EACH ROW EXECUTE FUNCTION disclosures_refuse_change()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS disclosures_textrecord_no_change ON disclosures_textrecord",
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
    dependencies = [("disclosures", "0009_text_review")]
    operations = [migrations.RunPython(forwards, backwards)]
