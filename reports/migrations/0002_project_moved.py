"""The project record now lives in the `project` app (see project.0001): state only, the
table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("project", "0001_move_project_from_reports")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Project")], database_operations=[]
        )
    ]
