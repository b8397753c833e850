"""Each result keeps the pass marks its outcome was decided with. Results recorded before this
get their model's marks as they stand now: the best that is known of them."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_from_the_model(apps, schema_editor):
    ValidationResult = apps.get_model("validation", "ValidationResult")
    Validation = apps.get_model("validation", "Validation")
    validation = Validation.objects.filter(pk=OuterRef("validation_id"))
    ValidationResult.objects.update(
        theory_pass_mark=Subquery(validation.values("model__theory_pass_mark")[:1]),
        area_pass_mark=Subquery(validation.values("model__area_pass_mark")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("validation", "0004_one_open_booking")]

    operations = [
        migrations.AddField(
            model_name="validationresult",
            name="theory_pass_mark",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="theory pass mark (%)"),
        ),
        migrations.AddField(
            model_name="validationresult",
            name="area_pass_mark",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="area pass mark (%)"),
        ),
        migrations.RunPython(fill_from_the_model, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="validationresult",
            name="theory_pass_mark",
            field=models.PositiveSmallIntegerField(verbose_name="theory pass mark (%)"),
        ),
        migrations.AlterField(
            model_name="validationresult",
            name="area_pass_mark",
            field=models.PositiveSmallIntegerField(verbose_name="area pass mark (%)"),
        ),
    ]
