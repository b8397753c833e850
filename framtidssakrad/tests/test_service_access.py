"""Every write service refuses an actor without the capability, and one outside their scope,
by itself: the same door for the pages, the commands and an import (README, "Layout")."""

import datetime
import inspect
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts import services as accounts
from accounts.roles import Role
from certificates import services as certificates
from certificates.kinds import KIND_CERTIFICATE
from certificates.models import CertificateBatch
from certificates.tests.factories import CertificateFactory, model_with_areas, recorded_validation
from coaching import services as coaching
from coaching.models import ConversationTemplate
from companies import services as companies
from companies.models import CompanyStatus, Participant
from companies.tests.factories import municipality
from documents import services as documents
from documents.models import Document, DocumentStatus
from imports import services as imports
from imports.models import ImportJob, ImportStatus
from imports.plan import Plan, RowOutcome
from validation import services as validation
from validation.tests.conftest import book, catalogue, record, scores_for  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

MODULES = [accounts, companies, validation, certificates, documents, imports, coaching]


def _recorded(cast, models):
    validation_ = book(cast, models, side="b", practical=True)
    record(validation_, actor=cast.assessor_b)
    return validation_


@pytest.fixture
def world(cast, catalogue):  # noqa: F811 (the fixture imported above)
    return SimpleNamespace(
        booked_b=book(cast, catalogue, side="b"),
        recorded_b=_recorded(cast, catalogue),
        full_b=recorded_validation(
            cast.participant_b,
            assessor=cast.assessor_b,
            model=model_with_areas(centre_may_issue=True),
        ),
        certificate_b=CertificateFactory(
            participant=cast.participant_b, assessor=cast.assessor_b, issued_by=cast.staff
        ),
        batch=CertificateBatch.objects.create(description="Omgång", created_by=cast.staff),
        failed_document=Document.objects.create(
            kind=KIND_CERTIFICATE,
            title="Kompetensbevis",
            owner=cast.staff,
            status=DocumentStatus.FAILED,
            error="Fel",
        ),
    )


def _entry(validation_):
    return validation.ResultEntry(
        held_on=datetime.date.today(), scores=scores_for(validation_.model)
    )


def _user_data(cast):
    return accounts.UserData("ny", "Ny", "Användare", "ny@example.se", Role.STAFF)


def _company_data():
    return companies.CompanyData("556000-0001", "Ny AB", municipality(), employees=12)


def _participant_data(cast):
    return companies.ParticipantData(
        company=cast.company_b,
        first_name="Ny",
        last_name="Deltagare",
        sex="M",
        start_status="employed",
        start_date=datetime.date(2026, 1, 1),
        protected_identity=True,
    )


def _company_row() -> dict:
    return {
        "organisationsnummer": "556000-0001",
        "name": "Ny AB",
        "sni_code": "25.62",
        "municipality": municipality().pk,
        "employees": 3,
    }


def _participant_row(company) -> dict:
    return {
        "personnummer": "198001010019",
        "first_name": "Ny",
        "last_name": "Deltagare",
        "sex": "male",
        "company_id": company.pk,
        "start_status": "employed",
        "start_date": datetime.date(2026, 1, 1),
    }


def _import_file(actor) -> dict:
    content = b"Personnummer;F\xc3\xb6rnamn\r\n198001010019;Ny\r\n"
    return {"actor": actor, "kind": "participants", "content": content, "filename": "p.csv"}


def _import_job(owner):
    return ImportJob.objects.create(
        kind="participants",
        owner=owner,
        filename="p.csv",
        checksum="0" * 64,
        size=1,
        status=ImportStatus.CHECKED,
    )


def _plan_creating_a_company():
    row = RowOutcome(sheet="CSV", row=2, action="create", kind="company", values=_company_row())
    return Plan(outcomes=[row])


def _planned_b(cast):
    return coaching.conversation_plan(
        actor=cast.coach_b, company=cast.company_b, number=1, planned_at=None, mode="on_site"
    )


def _draft() -> coaching.ConversationData:
    return coaching.ConversationData(None, "on_site", [], True, "", {}, "")


def _action_b(cast):
    return coaching.action_add(
        actor=cast.coach_b,
        conversation=_planned_b(cast),
        what="Boka",
        due_on=datetime.date.today(),
        owner_is_coach=True,
    )


def _competence_b(cast):
    return coaching.competence_need_set(
        actor=cast.coach_b, company=cast.company_b, level=3, name="Svetsning"
    )


def _session_data():
    return coaching.SessionData(kind="guidance", held_on=datetime.date(2021, 3, 10), hours=1)


# (service, an actor without the capability, or "scope:" and one outside their scope, the call)
REFUSALS = [
    ("user_save", "manager", lambda c, w, a: accounts.user_save(actor=a, data=_user_data(c))),
    (
        "company_save",
        "coach_a",
        lambda c, w, a: companies.company_save(actor=a, data=_company_data(), company=c.company_a),
    ),
    (
        "company_change_status",
        "manager",
        lambda c, w, a: companies.company_change_status(
            actor=a, company=c.company_a, status=CompanyStatus.RECRUITED, on=datetime.date.today()
        ),
    ),
    (
        "participant_save",
        "assessor_a",
        lambda c, w, a: companies.participant_save(actor=a, data=_participant_data(c)),
    ),
    (
        "personnummer_access_log",
        "coach_a",
        lambda c, w, a: companies.personnummer_access_log(
            actor=a, participant=c.participant_a, purpose="test"
        ),
    ),
    (
        "personnummer_access_log_many",
        "coach_a",
        lambda c, w, a: companies.personnummer_access_log_many(
            actor=a, participants=[c.participant_a], purpose="export"
        ),
    ),
    (
        "companies_import",
        "coach_a",
        lambda c, w, a: companies.companies_import(actor=a, new=[_company_row()], changed=[]),
    ),
    (
        "participants_import",
        "manager",
        lambda c, w, a: companies.participants_import(actor=a, new=[], changed=[]),
    ),
    (
        "participants_import",
        "scope:coach_a",
        lambda c, w, a: companies.participants_import(
            actor=a, new=[_participant_row(c.company_b)], changed=[]
        ),
    ),
    (
        "participants_import",
        "scope:coach_b",
        lambda c, w, a: companies.participants_import(
            actor=a, new=[], changed=[(c.participant_a.pk, {"first_name": "Ändrad"})]
        ),
    ),
    ("check_file", "manager", lambda c, w, a: imports.check_file(**_import_file(a))),
    ("import_upload", "assessor_a", lambda c, w, a: imports.import_upload(**_import_file(a))),
    (
        "import_confirm",
        "scope:coach_b",
        lambda c, w, a: imports.import_confirm(actor=a, job=_import_job(c.coach_a)),
    ),
    (
        "import_retry",
        "scope:coach_b",
        lambda c, w, a: imports.import_retry(actor=a, job=_import_job(c.coach_a)),
    ),
    (
        "write_plan",
        "manager",
        lambda c, w, a: imports.write_plan(actor=a, plan=_plan_creating_a_company()),
    ),
    (
        "participants_bulk_register",
        "manager",
        lambda c, w, a: companies.participants_bulk_register(
            actor=a, participants=[Participant(company=c.company_a, first_name="X")]
        ),
    ),
    (
        "centre_save",
        "assessor_a",
        lambda c, w, a: validation.centre_save(
            actor=a, data=validation.CentreData("C", "556000-0003", municipality())
        ),
    ),
    (
        "model_save",
        "assessor_a",
        lambda c, w, a: validation.model_save(actor=a, data=validation.ModelData("Ny")),
    ),
    ("area_save", "coach_a", lambda c, w, a: validation.area_save(actor=a, name="Ny")),
    (
        "validation_book",
        "coach_a",
        lambda c, w, a: book(c, c.catalogue, side="a", actor=a),
    ),
    (
        "validation_book",  # another centre's participant
        "scope:assessor_a",
        lambda c, w, a: book(c, c.catalogue, side="b", actor=a),
    ),
    (
        "validation_cancel",
        "scope:assessor_a",
        lambda c, w, a: validation.validation_cancel(actor=a, validation=w.booked_b),
    ),
    (
        "validation_cancel",
        "manager",
        lambda c, w, a: validation.validation_cancel(actor=a, validation=w.booked_b),
    ),
    (
        "validation_record",
        "coach_b",
        lambda c, w, a: validation.validation_record(
            actor=a, validation=w.booked_b, entry=_entry(w.booked_b)
        ),
    ),
    (
        "validation_record",
        "scope:assessor_a",
        lambda c, w, a: validation.validation_record(
            actor=a, validation=w.booked_b, entry=_entry(w.booked_b)
        ),
    ),
    (
        "validation_correct",
        "scope:assessor_a",
        lambda c, w, a: validation.validation_correct(
            actor=a, validation=w.recorded_b, entry=_entry(w.recorded_b), reason="Fel"
        ),
    ),
    (
        "validation_correct",
        "manager",
        lambda c, w, a: validation.validation_correct(
            actor=a, validation=w.recorded_b, entry=_entry(w.recorded_b), reason="Fel"
        ),
    ),
    (
        "certificate_issue",
        "coach_b",
        lambda c, w, a: certificates.certificate_issue(actor=a, validation=w.full_b),
    ),
    (
        "certificate_issue",  # the model lets centres issue, but not for another centre
        "scope:assessor_a",
        lambda c, w, a: certificates.certificate_issue(actor=a, validation=w.full_b),
    ),
    (
        "certificate_revoke",
        "assessor_b",
        lambda c, w, a: certificates.certificate_revoke(
            actor=a, certificate=w.certificate_b, reason="Fel"
        ),
    ),
    (
        "certificates_issue_bulk",
        "assessor_b",
        lambda c, w, a: certificates.certificates_issue_bulk(actor=a),
    ),
    (
        "certificates_issue_many",
        "manager",
        lambda c, w, a: certificates.certificates_issue_many(actor=a, validations=[w.full_b]),
    ),
    (
        "document_retry",  # someone else's certificate, without certificates.issue
        "coach_b",
        lambda c, w, a: documents.document_retry(actor=a, document=w.failed_document),
    ),
    (
        "certificate_batch_zip",
        "assessor_b",
        lambda c, w, a: certificates.certificate_batch_zip(actor=a, batch=w.batch),
    ),
]

COACHING_REFUSALS = [
    (
        "conversation_plan",
        "manager",
        lambda c, w, a: coaching.conversation_plan(
            actor=a, company=c.company_b, number=1, planned_at=None, mode="on_site"
        ),
    ),
    (
        "conversation_plan",
        "scope:coach_a",
        lambda c, w, a: coaching.conversation_plan(
            actor=a, company=c.company_b, number=1, planned_at=None, mode="on_site"
        ),
    ),
    (
        "conversation_save_draft",
        "scope:coach_a",
        lambda c, w, a: coaching.conversation_save_draft(
            actor=a, conversation=_planned_b(c), data=_draft()
        ),
    ),
    (
        "conversation_mark_held",
        "manager",
        lambda c, w, a: coaching.conversation_mark_held(
            actor=a, conversation=_planned_b(c), data=_draft(), held_on=datetime.date.today()
        ),
    ),
    (
        "conversation_mark_held",
        "scope:coach_a",
        lambda c, w, a: coaching.conversation_mark_held(
            actor=a, conversation=_planned_b(c), data=_draft(), held_on=datetime.date.today()
        ),
    ),
    (
        "conversation_cancel",
        "assessor_b",
        lambda c, w, a: coaching.conversation_cancel(
            actor=a, conversation=_planned_b(c), reason="Sjuk"
        ),
    ),
    (
        "action_add",
        "scope:coach_a",
        lambda c, w, a: coaching.action_add(
            actor=a,
            conversation=_planned_b(c),
            what="Boka",
            due_on=datetime.date.today(),
            owner_is_coach=True,
        ),
    ),
    (
        "action_complete",
        "manager",
        lambda c, w, a: coaching.action_complete(actor=a, action=_action_b(c)),
    ),
    (
        "template_edit",
        "coach_a",
        lambda c, w, a: coaching.template_edit(
            actor=a,
            template=ConversationTemplate.objects.get(number=1, is_current=True),
            title_sv="Ny",
            title_en="",
            questions=[coaching.QuestionData(kind="text", text_sv="Fråga?")],
        ),
    ),
    (
        "competence_need_set",
        "assessor_b",
        lambda c, w, a: coaching.competence_need_set(
            actor=a, company=c.company_b, level=3, name="Svetsning"
        ),
    ),
    (
        "competence_need_set",
        "scope:coach_a",
        lambda c, w, a: coaching.competence_need_set(
            actor=a, company=c.company_b, level=3, name="Svetsning"
        ),
    ),
    (
        "participant_levels_record",
        "scope:coach_a",
        lambda c, w, a: coaching.participant_levels_record(
            actor=a, participant=c.participant_b, levels={_competence_b(c).pk: 2}
        ),
    ),
    (
        "map_levels_record",
        "manager",
        lambda c, w, a: coaching.map_levels_record(
            actor=a, company=c.company_b, levels={c.participant_b: {_competence_b(c).pk: 2}}
        ),
    ),
    (
        "participant_session_record",
        "scope:coach_a",
        lambda c, w, a: coaching.participant_session_record(
            actor=a, participant=c.participant_b, data=_session_data()
        ),
    ),
    (
        "participant_session_record",
        "manager",
        lambda c, w, a: coaching.participant_session_record(
            actor=a, participant=c.participant_b, data=_session_data()
        ),
    ),
]
REFUSALS += COACHING_REFUSALS

# Services that take an actor but are no door for a person, each with its reason.
NOT_DOORS: dict[str, str] = {
    "document_request": "a step of the services that make documents (certificate_issue, "
    "certificate_batch_zip), called after their own checks; `actor` becomes the owner",
}


def _write_services() -> set[str]:
    names = set()
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameter = inspect.signature(function).parameters.get("actor")
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                names.add(name)
    return names


def test_every_write_service_is_in_the_table():
    assert _write_services() == {name for name, _, _ in REFUSALS} | set(NOT_DOORS)


def _rows_everywhere() -> dict:
    from django.apps import apps

    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "accounts",
            "companies",
            "validation",
            "certificates",
            "documents",
            "imports",
            "coaching",
        }
    }


@pytest.mark.parametrize(
    ("service", "actor", "call"), REFUSALS, ids=[f"{s}-{a}" for s, a, _ in REFUSALS]
)
def test_service_refuses_an_actor_without_capability_or_outside_scope(
    cast,
    catalogue,  # noqa: F811
    world,
    service,
    actor,
    call,
):
    cast.catalogue = catalogue
    scope, _, actor = actor.rpartition(":")
    before = _rows_everywhere()
    # Without the capability: 403. Outside the scope a service may also name the field that
    # is out of reach (the booking form shows "not within your test centre's companies").
    refusal = (PermissionDenied, ValidationError) if scope else PermissionDenied
    with pytest.raises(refusal), transaction.atomic():
        call(cast, world, getattr(cast, actor))
    assert _rows_everywhere() == before
