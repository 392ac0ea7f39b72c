"""Baseline for invariant 2 after publication: record name, type, size and SHA-256 of existing
redacted copies, and fix the reader hash of items already published (from the bytes in storage now:
the scheduled check compares against this from here on). Archived items are frozen by a trigger,
which is lifted for this one statement and put back."""

import hashlib
import mimetypes
from pathlib import PurePath

from django.db import migrations

CHECKED = ("published", "expired", "archived")
SQLITE_ARCHIVED = """CREATE TRIGGER disclosures_archived_frozen BEFORE UPDATE ON disclosures_disclosure
       WHEN OLD.status = 'archived'
       BEGIN SELECT RAISE(ABORT, 'archived disclosures are immutable'); END"""
PG_ARCHIVED = """CREATE TRIGGER disclosures_archived_frozen BEFORE UPDATE ON disclosures_disclosure
       FOR EACH ROW WHEN (OLD.status = 'archived') EXECUTE FUNCTION disclosures_refuse_change()"""


def _archived_trigger_exists(schema_editor) -> bool:
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'disclosures_archived_frozen'")
        elif conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'disclosures_archived_frozen'")
        else:
            return False
        return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    from dwgk.disclosures.integrity import reader_hash

    Attachment = apps.get_model("disclosures", "Attachment")
    Disclosure = apps.get_model("disclosures", "Disclosure")
    for att in Attachment.objects.exclude(redacted_file="").filter(redacted_sha256=""):
        try:
            with att.redacted_file.open("rb") as fh:
                data = fh.read()
        except (FileNotFoundError, OSError, ValueError):
            continue  # missing: publication and the scheduled check will refuse/report it
        name = PurePath(att.redacted_file.name).name
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        Attachment.objects.filter(pk=att.pk).update(
            redacted_name=name[:200], redacted_size=len(data), redacted_sha256=hashlib.sha256(data).hexdigest(),
            redacted_content_type=f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed)
    hashes = {}
    for d in Disclosure.objects.filter(status__in=CHECKED, reader_hash=""):
        hashes[d.pk] = reader_hash(d, attachments=list(Attachment.objects.filter(disclosure_id=d.pk)))
    if not hashes:
        return
    lifted = _archived_trigger_exists(schema_editor)
    if lifted:
        schema_editor.execute("DROP TRIGGER disclosures_archived_frozen" + (
            " ON disclosures_disclosure" if schema_editor.connection.vendor == "postgresql" else ""))
    for pk, value in hashes.items():
        Disclosure.objects.filter(pk=pk).update(reader_hash=value)
    if lifted:
        schema_editor.execute(PG_ARCHIVED if schema_editor.connection.vendor == "postgresql" else SQLITE_ARCHIVED)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0006_reader_copy_fields")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
