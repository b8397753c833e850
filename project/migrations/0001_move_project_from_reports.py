"""The project record moves from `reports` to its own low-floor app, keeping its rows.

State only here: the model is created in this app's state on the table `reports` made
(reports_project); `reports.0002` drops it from that app's state, and `0002` below renames the
table. No row is copied, so the move is safe on SQLite and PostgreSQL alike.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Project",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("funder", models.CharField(blank=True, max_length=200, verbose_name="funder")),
                        (
                            "funder_reference",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="funder's reference"
                            ),
                        ),
                        ("start_date", models.DateField(verbose_name="start date")),
                        ("end_date", models.DateField(verbose_name="end date")),
                        (
                            "target_companies",
                            models.PositiveIntegerField(default=70, verbose_name="target: companies"),
                        ),
                        (
                            "target_participants",
                            models.PositiveIntegerField(
                                default=1000, verbose_name="target: participants"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "project",
                        "verbose_name_plural": "projects",
                        "db_table": "reports_project",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("end_date__gte", models.F("start_date"))),
                                name="project_period_ordered",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
