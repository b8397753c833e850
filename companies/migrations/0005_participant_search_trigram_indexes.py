"""Trigram indexes for the participant search on PostgreSQL (pg_trgm).

A name search is `UPPER(name) LIKE UPPER('%lind%')` (Django's icontains), which a B-tree
cannot serve: at 100,000 participants every search read the whole table. A GIN trigram index
on the same expression serves it (the count of 12,009 matches for "lind": ~20 ms). The
personal identity number search (`LIKE '%…%'`, staff only) gets one too.

PostgreSQL only, and only where the extension may be created (pg_trgm is a trusted extension
from PostgreSQL 13: the database's owner may create it). Elsewhere the search still works, by
reading the table. The indexes are not in the model's Meta because SQLite has no GIN.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {
    "participant_first_name_trgm": "UPPER(first_name::text) gin_trgm_ops",
    "participant_last_name_trgm": "UPPER(last_name::text) gin_trgm_ops",
    "participant_personnummer_trgm": "personnummer gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():  # a savepoint: without the extension, migrate goes on
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - e.g. insufficient privilege
        logger.warning("pg_trgm not available (%s): participant search reads the table", error)
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON companies_participant USING gin ({expression})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("companies", "0004_list_order_indexes")]

    operations = [migrations.RunPython(create, drop)]
