"""A validation model's description in Swedish (shown on Swedish pages) and English (shown on
English pages, falling back to the Swedish one).

The five seeded models had English descriptions in the Swedish field: the English text moves to
the new field and the Swedish field gets the Swedish text, for rows staff have not edited."""

from django.db import migrations, models

PLACEHOLDER_NOTE_EN = (
    "Seeded from public facts. Competence areas, practical modules, pass marks and validity "
    "are placeholders: edit them when the official figures are known."
)
PLACEHOLDER_NOTE_SV = (
    "Inlagd utifrån offentliga uppgifter. Kompetensområden, praktiska moment, gränsvärden och "
    "giltighetstid är platshållare: ändra dem när de officiella uppgifterna är kända."
)

# name: (English as seeded by 0003, Swedish)
DESCRIPTIONS = {
    "Industriteknik BAS": (
        "Cross-industry basic validation, web-based theory test of about 3 hours, 10 competence "
        "areas. ",
        "Branschgemensam grundvalidering: webbaserat teoriprov på cirka 3 timmar, "
        "10 kompetensområden. ",
    ),
    "Automation BAS": (
        "Cross-industry basic validation in automation, 15 competence areas of which 10 are "
        "shared with Industriteknik BAS. ",
        "Branschgemensam grundvalidering i automation: 15 kompetensområden, varav 10 gemensamma "
        "med Industriteknik BAS. ",
    ),
    "Underhåll BAS": (
        "Cross-industry basic validation in maintenance. ",
        "Branschgemensam grundvalidering i underhåll. ",
    ),
    "CNC Teknik": (
        "SKTC's CNC validation: theory and a practical test at a machine (about 2 hours). ",
        "SKTC:s CNC-validering: teori och ett praktiskt prov vid en maskin (cirka 2 timmar). ",
    ),
    "Svets": (
        "Welding validation (Svetskommissionen), theory and a practical test. ",
        "Svetsvalidering (Svetskommissionen): teori och ett praktiskt prov. ",
    ),
}


def to_swedish(apps, schema_editor):
    ValidationModel = apps.get_model("validation", "ValidationModel")
    for name, (english, swedish) in DESCRIPTIONS.items():
        ValidationModel.objects.filter(
            name=name, description=english + PLACEHOLDER_NOTE_EN
        ).update(description=swedish + PLACEHOLDER_NOTE_SV, description_en=english + PLACEHOLDER_NOTE_EN)


def to_english(apps, schema_editor):
    ValidationModel = apps.get_model("validation", "ValidationModel")
    for name, (english, swedish) in DESCRIPTIONS.items():
        ValidationModel.objects.filter(
            name=name, description=swedish + PLACEHOLDER_NOTE_SV
        ).update(description=english + PLACEHOLDER_NOTE_EN)


class Migration(migrations.Migration):
    dependencies = [("validation", "0007_merge_perf_and_floors")]

    operations = [
        migrations.AlterField(
            model_name="validationmodel",
            name="description",
            field=models.TextField(blank=True, verbose_name="description (Swedish)"),
        ),
        migrations.AddField(
            model_name="validationmodel",
            name="description_en",
            field=models.TextField(
                blank=True,
                help_text="Shown on English pages; empty: the Swedish description.",
                verbose_name="description (English)",
            ),
        ),
        migrations.RunPython(to_swedish, to_english),
    ]
