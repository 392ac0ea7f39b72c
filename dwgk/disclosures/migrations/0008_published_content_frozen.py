"""After publication the database refuses changes to what readers receive (DESIGN invariant 2):
the content columns of a published, expired or withdrawn item (an archived one is frozen whole, 0002),
and any insert, update or delete of its attachments. A change goes through a correction (a new
version). Like the other guards, skipped when settings.DWGK_AUDIT_DB_GUARD is off (tests install it)."""

from django.db import migrations

FROZEN = "('published', 'expired', 'withdrawn')"
CONTENT = ["title", "body", "redacted_title", "redacted_body", "approved_hash", "approved_algorithm",
           "published_hash", "reader_hash"]
ATTACHMENT_FROZEN = "('published', 'expired', 'withdrawn', 'archived')"
MESSAGE = "published content is frozen: change it through a correction"

SQLITE = [
    f"""CREATE TRIGGER disclosures_published_content_frozen BEFORE UPDATE OF {', '.join(CONTENT)}
       ON disclosures_disclosure
       WHEN OLD.status IN {FROZEN} AND ({' OR '.join(f'NEW.{c} IS NOT OLD.{c}' for c in CONTENT)})
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    *(f"""CREATE TRIGGER disclosures_published_attachment_no_{op.lower()} BEFORE {op} ON disclosures_attachment
       WHEN (SELECT status FROM disclosures_disclosure WHERE id = {row}.disclosure_id) IN {ATTACHMENT_FROZEN}
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
      for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))),
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS disclosures_published_content_frozen",
               *(f"DROP TRIGGER IF EXISTS disclosures_published_attachment_no_{op}"
                 for op in ("insert", "update", "delete"))]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION disclosures_published_content_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.status IN {FROZEN} AND ({' OR '.join(f'NEW.{c} IS DISTINCT FROM OLD.{c}' for c in CONTENT)}) THEN
           RAISE EXCEPTION '{MESSAGE}';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER disclosures_published_content_frozen BEFORE UPDATE ON disclosures_disclosure
       FOR EACH ROW EXECUTE FUNCTION disclosures_published_content_frozen()""",
    f"""CREATE OR REPLACE FUNCTION disclosures_published_attachment_frozen() RETURNS trigger AS $$
       DECLARE owner bigint;
       BEGIN
         IF TG_OP = 'INSERT' THEN owner := NEW.disclosure_id; ELSE owner := OLD.disclosure_id; END IF;
         IF EXISTS (SELECT 1 FROM disclosures_disclosure WHERE id = owner AND status IN {ATTACHMENT_FROZEN}) THEN
           RAISE EXCEPTION '{MESSAGE}';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER disclosures_published_attachment_frozen BEFORE INSERT OR UPDATE OR DELETE
       ON disclosures_attachment FOR EACH ROW EXECUTE FUNCTION disclosures_published_attachment_frozen()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS disclosures_published_content_frozen ON disclosures_disclosure",
    "DROP TRIGGER IF EXISTS disclosures_published_attachment_frozen ON disclosures_attachment",
    "DROP FUNCTION IF EXISTS disclosures_published_content_frozen()",
    "DROP FUNCTION IF EXISTS disclosures_published_attachment_frozen()",
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
    dependencies = [("disclosures", "0007_reader_copy_baseline")]
    operations = [migrations.RunPython(forwards, backwards)]
