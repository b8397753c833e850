"""The moved table takes this app's name (a rename; the rows stay)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("project", "0001_move_project_from_reports"), ("reports", "0002_project_moved")]

    operations = [migrations.AlterModelTable(name="project", table=None)]
