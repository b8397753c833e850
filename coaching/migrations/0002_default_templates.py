"""Seed the four default conversation templates (version 1), Swedish with English."""

from django.db import migrations

from coaching.defaults import DEFAULT_TEMPLATES


def seed(apps, schema_editor):
    Template = apps.get_model("coaching", "ConversationTemplate")
    Question = apps.get_model("coaching", "Question")
    for data in DEFAULT_TEMPLATES:
        if Template.objects.filter(number=data["number"]).exists():
            continue
        template = Template.objects.create(
            number=data["number"],
            version=1,
            title_sv=data["title_sv"],
            title_en=data["title_en"],
            is_current=True,
        )
        Question.objects.bulk_create(
            Question(
                template=template,
                position=position,
                kind=kind,
                text_sv=text_sv,
                text_en=text_en,
                required=required,
                help_sv=help_sv,
                help_en=help_en,
                choices_sv=choices_sv,
                choices_en=choices_en,
            )
            for position, (
                kind,
                text_sv,
                text_en,
                required,
                help_sv,
                help_en,
                choices_sv,
                choices_en,
            ) in enumerate(data["questions"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_conversations_templates_competence_map")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
