"""Each validation keeps its participant's company as its scope key (Validation.company)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_company(apps, schema_editor):
    Validation = apps.get_model("validation", "Validation")
    Participant = apps.get_model("companies", "Participant")
    Validation.objects.update(
        company_id=Subquery(
            Participant.objects.filter(pk=OuterRef("participant_id")).values("company_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0010_participant_counts_index"),
        ("validation", "0010_start_page_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="validation",
            name="company",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="companies.company",
                verbose_name="company",
            ),
        ),
        migrations.RunPython(fill_company, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="validation",
            name="company",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="companies.company",
                verbose_name="company",
            ),
        ),
        migrations.RemoveIndex(model_name="validation", name="validation_list_order"),
        migrations.AddIndex(
            model_name="validation",
            index=models.Index(
                fields=["scheduled_at", "id"], include=("company",), name="validation_list_order"
            ),
        ),
    ]
