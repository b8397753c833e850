"""Nobody changes or deletes the audit trail or the personnummer access log.

In the application: the models refuse (signals, so that a cascade from a deleted participant is
refused too, and the admin offers no change or delete). In PostgreSQL: a trigger refuses UPDATE
and DELETE of the rows whatever the client (migration 0001_append_only_logs), except inside a
transaction that set `framtidssakrad.redact_personal_data` (the retention job, which removes
personal data and nothing else).
"""

from django.db.models.signals import pre_delete, pre_save


class AppendOnlyError(Exception):
    """An attempt to change or delete a row of an append-only log."""


APPEND_ONLY = ["auditlog.LogEntry", "accounts.PersonalDataAccess"]


def refuse_change(sender, instance, raw=False, **kwargs):
    if not raw and not instance._state.adding:
        raise AppendOnlyError(f"{sender._meta.label} rows cannot be changed")


def refuse_delete(sender, instance, **kwargs):
    raise AppendOnlyError(f"{sender._meta.label} rows cannot be deleted")


def connect(get_model) -> None:
    for label in APPEND_ONLY:
        model = get_model(label)
        pre_save.connect(refuse_change, sender=model, dispatch_uid=f"append-only-save-{label}")
        pre_delete.connect(refuse_delete, sender=model, dispatch_uid=f"append-only-del-{label}")
