"""Writes of the reports app: ask for a progress report, subscribe to the monthly one, and the
monthly run itself."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import ROLE_CAPABILITIES, has_capability
from accounts.roles import Capability as C
from documents.models import Document
from documents.services import document_request

from . import funder
from .kinds import KIND_FUNDER_REPORT, KIND_PROGRESS_PDF, KIND_PROGRESS_XLSX
from .models import FunderReport, ReportSubscription
from .selectors import Filters

FORMATS = {"pdf": KIND_PROGRESS_PDF, "xlsx": KIND_PROGRESS_XLSX}


def report_title(filters: Filters) -> str:
    if filters.period_start and filters.period_end:
        return gettext("Progress report %(start)s – %(end)s") % {
            "start": filters.period_start.isoformat(),
            "end": filters.period_end.isoformat(),
        }
    return gettext("Progress report")


@transaction.atomic
def progress_report_request(*, actor, filters: Filters, format: str) -> Document:
    """Queue a progress report (PDF or workbook) of `actor`'s scope; managers and staff. The
    document task makes it after commit; it is listed under the user's documents."""
    if not has_capability(actor, C.REPORTS_DOWNLOAD):
        raise PermissionDenied
    return document_request(
        actor=actor,
        kind=FORMATS[format],
        title=report_title(filters),
        params={**filters.as_params(), "format": format},
    )


@transaction.atomic
def report_subscription_set(*, actor, monthly: bool) -> ReportSubscription:
    """Switch the monthly e-mail of the progress report on or off for `actor` (managers and
    staff: those who may download reports)."""
    if not has_capability(actor, C.REPORTS_DOWNLOAD):
        raise PermissionDenied
    subscription, _ = ReportSubscription.objects.update_or_create(
        user=actor, defaults={"monthly": monthly}
    )
    return subscription


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month before `today`'s."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last


def subscribers():
    """Active users who asked for the monthly report and may still download reports."""
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if C.REPORTS_DOWNLOAD in caps]
    return (
        get_user_model()
        .objects.filter(is_active=True, report_subscription__monthly=True)
        .filter(Q(is_superuser=True) | Q(profile__role__in=roles))
        .exclude(email="")
        .order_by("pk")
    )


@transaction.atomic
def monthly_reports_send(*, period_start: datetime.date, period_end: datetime.date) -> int:
    """The monthly run (Celery beat on the 1st): a PDF progress report of the month for each
    subscriber, of their own scope, and an e-mail with the link to it. Returns how many."""
    filters = Filters(period_start=period_start, period_end=period_end)
    sent = 0
    for user in subscribers():
        with translation.override(settings.LANGUAGE_CODE):
            document = document_request(
                actor=user,
                kind=KIND_PROGRESS_PDF,
                title=report_title(filters),
                params={**filters.as_params(), "format": "pdf", "monthly": True},
            )
            link = settings.SITE_URL + reverse("documents:document_detail", args=[document.pk])
            subject = gettext("Monthly progress report %(month)s") % {
                "month": period_start.strftime("%Y-%m")
            }
            body = gettext(
                "The progress report for %(month)s is being made. Find it here when it is "
                "ready: %(link)s"
            ) % {"month": period_start.strftime("%Y-%m"), "link": link}
        email = user.email
        transaction.on_commit(
            lambda s=subject, b=body, e=email: send_mail(
                s, b, settings.DEFAULT_FROM_EMAIL, [e], fail_silently=False
            )
        )
        sent += 1
    return sent


@transaction.atomic
def funder_report_send(*, actor, month: datetime.date) -> FunderReport:
    """Record the funder's participant report of `month` as sent now, with its rows as they
    are, and make its workbook (project staff). Only a month that is over may be sent; sending
    a month again is recorded as a correction."""
    if not has_capability(actor, C.FUNDER_REPORT):
        raise PermissionDenied
    month = month.replace(day=1)
    if not funder.month_is_over(month):
        raise ValidationError(
            _("A month can be reported from the 1st of the next month."), code="not_over"
        )
    rows = funder.month_rows(month)
    report = FunderReport.objects.create(
        month=month,
        sent_by=actor,
        rows=rows,
        row_count=len(rows),
        fingerprint=funder.fingerprint(rows),
        is_correction=FunderReport.objects.filter(month=month).exists(),
    )
    report.document = document_request(
        actor=actor,
        kind=KIND_FUNDER_REPORT,
        title=gettext("Participant report %(month)s") % {"month": f"{month:%Y-%m}"},
        params={"report": report.pk},
    )
    report.save(update_fields=["document"])
    return report
