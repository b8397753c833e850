"""The progress report for automation: JSON, PDF or workbook of the whole project.

    manage.py progress_report --format json|pdf|xlsx [--output PATH]
                              [--period-start DATE --period-end DATE]

Counted as project staff see it (the whole project). Without --output, JSON goes to standard
output; PDF and workbook need --output.
"""

import datetime
import json

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from ... import report
from ...selectors import Filters, Scope, figures
from ...services import report_title


class _System(AnonymousUser):
    """Who the command counts as: project staff (the whole project), not a person."""

    is_authenticated = True
    is_superuser = True
    pk = None


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Write the progress report as JSON, PDF or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
        parser.add_argument("--output", help="file to write (JSON: standard output without it)")
        parser.add_argument("--period-start", type=_day)
        parser.add_argument("--period-end", type=_day)

    def handle(self, *args, format, output, period_start, period_end, **options):
        if period_start and period_end and period_end < period_start:
            raise CommandError("--period-end is before --period-start")
        if format != "json" and not output:
            raise CommandError(f"--output is needed for {format}")
        user = _System()
        filters = Filters(period_start=period_start, period_end=period_end)
        data = figures(user, filters)
        if format == "json":
            text = json.dumps(report.as_json(data), ensure_ascii=False, indent=2)
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            else:
                self.stdout.write(text)
            return
        if format == "pdf":
            content = report.pdf_render(data, title=report_title(filters))
        else:
            content = report.xlsx_render(data, Scope(user, filters), with_personnummer=True)
        with open(output, "wb") as handle:
            handle.write(content)
        self.stderr.write(f"Wrote {output}")
