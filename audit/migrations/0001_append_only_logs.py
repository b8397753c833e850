"""PostgreSQL refuses UPDATE and DELETE of the audit trail and the personnummer access log,
whoever asks (the application, the admin, a psql session of the application's role).

Two exceptions: setting a deleted user's `actor_id` to NULL (auditlog's on_delete), and a
transaction that ran `SET LOCAL framtidssakrad.redact_personal_data = 'on'` (the retention job).
On SQLite (development) the models' own refusal (audit/guards.py) is the guard.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION framtidssakrad_append_only() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('framtidssakrad.redact_personal_data', true), '') = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'auditlog_logentry'
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""
TABLES = ["auditlog_logentry", "accounts_personaldataaccess"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION framtidssakrad_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS framtidssakrad_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("accounts", "0002_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
