"""PostgreSQL: leave room in each page of the answers table so that the shuffle's swap (an UPDATE of an earlier
sheet, see actions.store_response) stays in that sheet's page (a HOT update) instead of moving it to the end,
where its new position would tell that it changed just now. SQLite updates rows in place already."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE surveys_response SET (fillfactor = 50)")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
