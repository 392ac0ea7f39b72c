from django.db import migrations


def forwards(apps, schema_editor):
    from dwgk.orgs.defaults import ensure_default_lines

    ensure_default_lines(apps.get_model("orgs", "Line"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
