"""Every municipality of Jönköpings län (06) and Kronobergs län (07), with SCB codes."""

from django.db import migrations

MUNICIPALITIES = [
    ("0604", "Aneby", "06"),
    ("0617", "Gnosjö", "06"),
    ("0642", "Mullsjö", "06"),
    ("0643", "Habo", "06"),
    ("0662", "Gislaved", "06"),
    ("0665", "Vaggeryd", "06"),
    ("0680", "Jönköping", "06"),
    ("0682", "Nässjö", "06"),
    ("0683", "Värnamo", "06"),
    ("0684", "Sävsjö", "06"),
    ("0685", "Vetlanda", "06"),
    ("0686", "Eksjö", "06"),
    ("0687", "Tranås", "06"),
    ("0760", "Uppvidinge", "07"),
    ("0761", "Lessebo", "07"),
    ("0763", "Tingsryd", "07"),
    ("0764", "Alvesta", "07"),
    ("0765", "Älmhult", "07"),
    ("0767", "Markaryd", "07"),
    ("0780", "Växjö", "07"),
    ("0781", "Ljungby", "07"),
]


def add_municipalities(apps, schema_editor):
    Municipality = apps.get_model("companies", "Municipality")
    for code, name, county in MUNICIPALITIES:
        Municipality.objects.update_or_create(code=code, defaults={"name": name, "county": county})


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_initial")]
    operations = [migrations.RunPython(add_municipalities, migrations.RunPython.noop)]
