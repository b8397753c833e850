"""Demo data of the reports app: a few months sent to the funder, one of them corrected after
a late registration, and the manager subscribed to the monthly progress report."""

import datetime

from django.db import transaction
from django.utils import timezone

from companies.identifiers import make_personnummer
from companies.models import (
    Company,
    CompanyStatus,
    EndReason,
    Participant,
    ParticipantStatus,
    Sex,
    StartStatus,
)
from companies.services import participants_bulk_register
from project.models import Project
from project.services import project_save

from .models import FunderReport, ReportSubscription
from .services import funder_report_send

SENT_MONTHS = 4

# The progress report's own text, as staff would write it.
REPORT_TEXT = {
    "report_activities": (
        "Kompetenscoacherna har hållit första och andra samtalet med de rekryterade företagen. "
        "Testcentren har validerat deltagare i Industriteknik BAS och CNC; de första "
        "kompetensbevisen är utfärdade."
    ),
    "report_deviations": (
        "Rekryteringen i Kronobergs län går långsammare än planerat; fler företag kontaktas "
        "via branschorganisationerna under nästa period."
    ),
    "report_horizontal_principles": (
        "Andelen kvinnor följs upp varje månad och företagen uppmuntras att anmäla kvinnor i "
        "produktionen. Valideringarna kan göras med uppläsningsstöd, och lokalerna är "
        "tillgängliga. Kallelser och material finns på lätt svenska."
    ),
}


def _end_completed(today: datetime.date) -> None:
    """Half of those mapped (and not validated) who started two months ago or more have left the
    project since, for a new job, studies or another employer, on days spread over the months
    after their start: the series and the funder's report then have ends, not only the few who
    dropped out. (Those with validations keep the statuses the validation demo gave them.)"""
    reasons = [EndReason.NEW_JOB, EndReason.STUDIES, EndReason.LEFT_COMPANY]
    finished = []
    for participant in Participant.objects.filter(
        status=ParticipantStatus.MAPPED,
        start_date__lte=today - datetime.timedelta(days=60),
    ).order_by("pk")[::2]:
        participant.end_date = min(
            today - datetime.timedelta(days=1),
            participant.start_date + datetime.timedelta(days=45 + participant.pk % 150),
        )
        participant.end_reason = reasons[participant.pk % len(reasons)]
        participant.status = ParticipantStatus.ENDED
        participant.updated_at = timezone.now()
        finished.append(participant)
    Participant.objects.bulk_update(
        finished, ["end_date", "end_reason", "status", "updated_at"], batch_size=1000
    )


@transaction.atomic
def seed_reports(*, staff, manager, project_start: datetime.date, today: datetime.date) -> int:
    """Send the project's first months to the funder, register one participant late in the
    second month and send that month again as a correction. Idempotent: does nothing once
    any month was sent. Returns how many reports were recorded."""
    ReportSubscription.objects.get_or_create(user=manager, defaults={"monthly": True})
    project = Project.current()
    if project and not project.report_activities:
        project_save(actor=staff, data=REPORT_TEXT)
    if FunderReport.objects.exists():
        return 0
    _end_completed(today)
    months, month = [], project_start.replace(day=1)
    while len(months) < SENT_MONTHS:
        end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        if end > today:
            break
        months.append(month)
        month = end
    for month in months:
        funder_report_send(actor=staff, month=month)
    company = Company.objects.exclude(status=CompanyStatus.PROSPECT).order_by("pk").first()
    if len(months) < 2 or company is None:
        return len(months)
    late_start = max(months[1] + datetime.timedelta(days=14), project_start)
    participants_bulk_register(
        actor=staff,
        participants=[
            Participant(
                personnummer=make_personnummer(datetime.date(1979, 5, 17), 242),
                first_name="Lena",
                last_name="Sent",
                sex=Sex.FEMALE,
                company=company,
                start_status=StartStatus.EMPLOYED,
                start_date=late_start,
                consent_given_on=late_start,
            )
        ],
    )
    funder_report_send(actor=staff, month=months[1])
    return len(months) + 1
