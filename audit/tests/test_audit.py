"""The audit trail records who changed what, staff browse it, and nobody can change or delete it
or the personnummer access log."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import PersonalDataAccess
from audit.guards import AppendOnlyError
from audit.tracking import MASK, TRACKED
from companies import services as company_services
from companies.models import Company, Participant
from companies.tests.helpers import in_english
from companies.tests.test_forms import company_data


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def test_every_listed_model_is_tracked():
    from auditlog.registry import auditlog
    from django.apps import apps

    for label in TRACKED:
        assert auditlog.contains(apps.get_model(label)), label


@pytest.mark.parametrize("app", ["coaching", "training"])
def test_the_apps_that_came_later_track_every_record_they_keep(app):
    """Coaching's and training's records are in the trail (they call track() in ready())."""
    from auditlog.registry import auditlog
    from django.apps import apps

    models = [m for m in apps.get_app_config(app).get_models() if not m._meta.auto_created]
    # A batch of hours sheets is a run of generated files, like a document: not a record.
    kept = [m for m in models if m.__name__ not in {"HoursBatch"}]
    assert kept and all(auditlog.contains(model) for model in kept), [
        model.__name__ for model in kept if not auditlog.contains(model)
    ]


def test_a_change_through_the_page_is_recorded_with_who_and_before_after(cast):
    client = cast.client(cast.staff)
    company = cast.company_a
    data = company_data(organisationsnummer=company.organisationsnummer, name="Alfa Verkstad AB")
    response = client.post(reverse("companies:company_edit", args=[company.pk]), data)
    assert response.status_code == 302
    entry = entries_for(company).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == cast.staff
    assert entry.changes_dict["name"] == ["Alfa AB", "Alfa Verkstad AB"]


def test_a_new_company_and_a_deleted_contact_are_recorded(cast):
    client = cast.client(cast.staff)
    client.post(reverse("companies:company_create"), company_data())
    company = Company.objects.get(name="Nya Verkstaden AB")
    assert entries_for(company).first().action == LogEntry.Action.CREATE


def test_personal_data_is_recorded_as_changed_but_never_its_value(cast):
    participant = cast.participant_a
    old_number = participant.personnummer
    participant.first_name = "Annika"
    participant.save()
    entry = entries_for(participant).last()
    assert entry.changes_dict["first_name"] == [MASK, MASK]
    created = entries_for(participant).first()
    assert old_number not in str(created.changes)
    assert "Anna" not in str(created.changes)


def test_a_personnummer_view_is_logged(cast):
    client = cast.client(cast.staff)
    client.get(reverse("companies:participant_detail", args=[cast.participant_a.pk]))
    access = PersonalDataAccess.objects.get()
    assert access.user == cast.staff and access.participant == cast.participant_a
    assert access.purpose == "participant_detail"


def test_an_export_with_personnummer_is_logged_like_views(cast):
    company_services.personnummer_access_log_many(
        actor=cast.staff,
        participants=[cast.participant_a, cast.participant_b],
        purpose="scb_monthly_report",
    )
    logged = PersonalDataAccess.objects.filter(purpose="scb_monthly_report")
    assert set(logged.values_list("participant_id", flat=True)) == {
        cast.participant_a.pk,
        cast.participant_b.pk,
    }


# --- nobody can change or delete them ------------------------------------------------------


@pytest.fixture
def access(cast):
    company_services.personnummer_access_log(
        actor=cast.staff, participant=cast.participant_a, purpose="participant_detail"
    )
    return PersonalDataAccess.objects.get()


def test_the_access_log_refuses_change_and_deletion(cast, access):
    access.purpose = "something else"
    with pytest.raises(AppendOnlyError):
        access.save()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        access.delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        PersonalDataAccess.objects.all().delete()
    assert PersonalDataAccess.objects.count() == 1


def test_deleting_a_participant_does_not_take_their_access_log_along(cast, access):
    with pytest.raises(AppendOnlyError), transaction.atomic():
        Participant.objects.filter(pk=cast.participant_a.pk).delete()
    assert PersonalDataAccess.objects.count() == 1


def test_the_audit_trail_refuses_change_and_deletion(cast):
    entry = entries_for(cast.company_a).first()
    entry.object_repr = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        LogEntry.objects.all().delete()
    assert entries_for(cast.company_a).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("auditlog_logentry", "object_repr = 'forged'"),
        ("accounts_personaldataaccess", "purpose = 'x'"),
    ],
)
def test_the_database_refuses_update_and_delete_whatever_the_client(cast, access, table, change):
    from django.db import DatabaseError

    # B608 (SQL from strings) is excepted: the table and change are the test's own constants.
    statements = (f"UPDATE {table} SET {change}", f"DELETE FROM {table}")  # nosec B608
    for statement in statements:
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL framtidssakrad.redact_personal_data = 'on'")
        # The retention job's way (B608 excepted: the test's own constants).
        cursor.execute(f"UPDATE {table} SET {change}")  # nosec B608


@pytest.mark.parametrize("model", [LogEntry, PersonalDataAccess])
def test_the_admin_offers_no_change_or_delete(cast, admin_client, model, access):
    opts = model._meta
    obj = model.objects.first()
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert model.objects.filter(pk=obj.pk).exists()
    assert response.status_code in (200, 302)


# --- staff browse it -----------------------------------------------------------------------


def test_staff_browse_one_records_history(cast):
    client = in_english(cast.client(cast.staff))
    cast.company_a.name = "Alfa Verkstad AB"
    cast.company_a.save()
    response = client.get(
        reverse("audit:log_list"), {"kind": "companies.company", "record": cast.company_a.pk}
    )
    assert response.status_code == 200
    shown = list(response.context["page"])
    assert shown and all(
        entry.object_id == cast.company_a.pk
        and entry.content_type == ContentType.objects.get_for_model(Company)
        for entry in shown
    )
    assert "Alfa Verkstad AB" in response.text


def test_staff_browse_one_users_actions(cast):
    client = cast.client(cast.staff)
    client.post(reverse("companies:company_create"), company_data())
    response = client.get(reverse("audit:log_list"), {"actor": cast.staff.pk})
    shown = list(response.context["page"])
    assert shown and all(entry.actor_id == cast.staff.pk for entry in shown)


@pytest.mark.parametrize("role", ["manager", "assessor_a", "coach_a"])
def test_only_staff_see_the_audit_trail(cast, role):
    client = cast.client(getattr(cast, role))
    assert client.get(reverse("audit:log_list")).status_code == 403


def test_the_history_button_is_on_the_record_for_staff_only(cast):
    url = reverse("companies:participant_detail", args=[cast.participant_a.pk])
    assert reverse("audit:log_list") in cast.client(cast.staff).get(url).text
    assert reverse("audit:log_list") not in cast.client(cast.coach_a).get(url).text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_audit_list_runs_a_constant_number_of_queries(
    cast, rows, django_assert_max_num_queries
):
    for n in range(rows):
        cast.company_a.name = f"Alfa {n}"
        cast.company_a.save()
    client = cast.client(cast.staff)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("audit:log_list")).status_code == 200
