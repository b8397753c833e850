"""Seed the validation models with the public facts (see DOMAIN.md).

Public: the model names, that Industriteknik BAS has 10 competence areas and Automation BAS 15 of
which 10 are shared with Industriteknik BAS, the CNC levels (green, blue, black) and the welding
levels (VIT, GRÖN, BLÅ, SVART). Not public: the names of the areas, the practical modules, pass
marks and validity. Those are seeded as plausible names flagged `is_placeholder` and default
marks, all editable by staff on the validation model pages. Re-running finds rows by name.
"""

from django.db import migrations

# Shared by Industriteknik BAS and Automation BAS (the ten common areas).
INDUSTRITEKNIK_AREAS = [
    "Arbetsmiljö och säkerhet",
    "Kvalitet",
    "Mätteknik",
    "Ritningsläsning",
    "Material och tillverkningsmetoder",
    "Produktionsekonomi",
    "Lean och ständiga förbättringar",
    "Miljö och hållbarhet",
    "Teknisk matematik",
    "Kommunikation och samarbete",
]
AUTOMATION_ONLY_AREAS = [
    "Elteknik",
    "Pneumatik och hydraulik",
    "Styrsystem och PLC",
    "Givare och sensorer",
    "Robotteknik",
]
UNDERHALL_AREAS = [
    "Arbetsmiljö och säkerhet",
    "Kvalitet",
    "Mätteknik",
    "Ritningsläsning",
    "Elteknik",
    "Förebyggande underhåll",
    "Felsökning",
    "Mekanik och maskinelement",
    "Smörjteknik",
]
CNC_AREAS = [
    "Arbetsmiljö och säkerhet",
    "Ritningsläsning",
    "Mätteknik",
    "Skärteknik",
    "CNC-programmering",
    "Maskinuppsättning",
]
SVETS_AREAS = [
    "Arbetsmiljö och säkerhet",
    "Ritningsläsning",
    "Svetsmetoder",
    "Grundmaterial och tillsatsmaterial",
    "Svetssymboler och svetsfel",
]

PLACEHOLDER_NOTE = (
    "Seeded from public facts. Competence areas, practical modules, pass marks and validity "
    "are placeholders: edit them when the official figures are known."
)

MODELS = [
    {
        "name": "Industriteknik BAS",
        "description": "Cross-industry basic validation, web-based theory test of about "
        "3 hours, 10 competence areas. " + PLACEHOLDER_NOTE,
        "levels": ["BAS"],
        "areas": INDUSTRITEKNIK_AREAS,
        "modules": [],
    },
    {
        "name": "Automation BAS",
        "description": "Cross-industry basic validation in automation, 15 competence areas of "
        "which 10 are shared with Industriteknik BAS. " + PLACEHOLDER_NOTE,
        "levels": ["BAS"],
        "areas": INDUSTRITEKNIK_AREAS + AUTOMATION_ONLY_AREAS,
        "modules": [],
    },
    {
        "name": "Underhåll BAS",
        "description": "Cross-industry basic validation in maintenance. " + PLACEHOLDER_NOTE,
        "levels": ["BAS"],
        "areas": UNDERHALL_AREAS,
        "modules": [],
    },
    {
        "name": "CNC Teknik",
        "description": "SKTC's CNC validation: theory and a practical test at a machine "
        "(about 2 hours). " + PLACEHOLDER_NOTE,
        "levels": ["Grön", "Blå", "Svart"],
        "areas": CNC_AREAS,
        "modules": ["Uppsättning och nollpunkt", "Bearbetning enligt ritning", "Kontrollmätning"],
    },
    {
        "name": "Svets",
        "description": "Welding validation (Svetskommissionen), theory and a practical test. "
        + PLACEHOLDER_NOTE,
        "levels": ["VIT", "GRÖN", "BLÅ", "SVART"],
        "areas": SVETS_AREAS,
        "modules": ["Provsvets kälsvets", "Provsvets stumsvets", "Visuell kontroll"],
    },
]


def seed(apps, schema_editor):
    ValidationModel = apps.get_model("validation", "ValidationModel")
    Level = apps.get_model("validation", "Level")
    CompetenceArea = apps.get_model("validation", "CompetenceArea")
    ModelArea = apps.get_model("validation", "ModelArea")
    PracticalModule = apps.get_model("validation", "PracticalModule")
    for spec in MODELS:
        model, _ = ValidationModel.objects.get_or_create(
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "has_practical_test": bool(spec["modules"]),
                "theory_pass_mark": 60,
                "area_pass_mark": 50,
            },
        )
        for order, name in enumerate(spec["levels"]):
            Level.objects.get_or_create(model=model, name=name, defaults={"order": order})
        for order, name in enumerate(spec["areas"]):
            area, _ = CompetenceArea.objects.get_or_create(
                name=name, defaults={"is_placeholder": True}
            )
            ModelArea.objects.get_or_create(
                model=model, area=area, defaults={"order": order, "weight": 1}
            )
        for order, name in enumerate(spec["modules"]):
            PracticalModule.objects.get_or_create(
                model=model, name=name, defaults={"order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("validation", "0002_validations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
