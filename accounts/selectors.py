"""What each role's start page shows: one query per figure, aggregated in the database."""

from django.db.models import Count, Q

from companies.models import Company, CompanyStatus, Participant, Sex
from reports.models import Project


def project_progress(user) -> dict:
    """Companies and participants against the project's targets, within the user's scope."""
    project = Project.current()
    companies = Company.objects.for_user(user).aggregate(
        total=Count("id"),
        engaged=Count(
            "id", filter=~Q(status__in=[CompanyStatus.PROSPECT, CompanyStatus.WITHDRAWN])
        ),
    )
    participants = Participant.objects.for_user(user).aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(sex=Sex.FEMALE)),
        men=Count("id", filter=Q(sex=Sex.MALE)),
        active=Count("id", filter=Q(end_date__isnull=True)),
    )
    return {
        "project": project,
        "companies": companies,
        "participants": participants,
        "company_percent": _percent(companies["engaged"], project and project.target_companies),
        "participant_percent": _percent(
            participants["total"], project and project.target_participants
        ),
    }


def _percent(value: int, target: int | None) -> int | None:
    return min(100, round(100 * value / target)) if target else None


def companies_by_status(user) -> list[tuple[str, int]]:
    counts = dict(
        Company.objects.for_user(user).values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in CompanyStatus.choices]


def my_companies(user):
    """The companies a coach or assessor works with, with participant counts."""
    return (
        Company.objects.for_user(user)
        .select_related("municipality", "test_centre", "coach")
        .annotate(participant_count=Count("participants"))
        .order_by("name")
    )
