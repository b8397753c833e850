"""Certificate documents store only their subject ("ABC123 – Anna Alfa", "Alfa AB"); the words
around it now come from the kind's translatable title, in the reader's language. Titles stored
whole, in the creator's language, lose those words here."""

import re

from django.db import migrations

PREFIXES = {
    "certificate": re.compile(r"^(Competence certificate|Kompetensbevis) "),
    "certificate_batch_zip": re.compile(r"^(Competence certificates|Kompetensbevis) – "),
}


def strip(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for kind, prefix in PREFIXES.items():
        for document in Document.objects.filter(kind=kind).only("pk", "title").iterator():
            subject = prefix.sub("", document.title, count=1)
            if subject != document.title:
                Document.objects.filter(pk=document.pk).update(title=subject)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_certificate_list_order_indexes"),
        ("documents", "0002_language"),
    ]

    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
