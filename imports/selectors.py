"""What an import's page shows: the checked rows grouped by what the import does with them."""

from django.utils.translation import gettext as _

from companies.selectors import personnummer_of

from .models import ImportJob, ImportKind
from .plan import CHANGE, CREATE, REJECT


def preview(job: ImportJob, *, limit: int) -> dict:
    """The first `limit` rows of each group (rejected, changed, created) and each group's size."""
    groups = {CREATE: [], CHANGE: [], REJECT: []}
    for outcome in job.outcomes:
        rows = groups.get(outcome["action"])
        if rows is not None and len(rows) < limit:
            rows.append(outcome)
    return {
        "rejected_rows": groups[REJECT],
        "changed_rows": groups[CHANGE],
        "created_rows": groups[CREATE],
        "limit": limit,
        "several_sheets": len(job.headers) > 1,
    }


def rejected_rows(job: ImportJob) -> tuple[list[str], list[list]]:
    """The header of the rejected rows' sheet (the file's own, plus row and reason) and the rows.
    A workbook whose sheets differ gets the widest header."""
    rejected = [o for o in job.outcomes if o["action"] == REJECT]
    width = max((len(o["cells"]) for o in rejected), default=0)
    header = [_("Row"), _("Reason")]
    rows = [[o["row"], " ".join(o["reasons"]), *o["cells"]] for o in rejected]
    return [*header, *_file_header(job, width)], rows


def _file_header(job: ImportJob, width: int) -> list[str]:
    sheets = {o["sheet"] for o in job.outcomes if o["action"] == REJECT}
    header = job.headers.get(sheets.pop(), []) if len(sheets) == 1 else []
    return (header + [""] * width)[:width]


def imports_naming(participant_ids) -> list[tuple[ImportJob, list[dict]]]:
    """The imports of participants whose rows hold one of the participants' personnummer
    (read before they are anonymised), each with those rows (its own `outcomes` dicts). In
    Python: SQLite cannot look inside JSON lists, and imports are few."""
    numbers = personnummer_of(participant_ids)
    found = []
    if not numbers:
        return found
    jobs = ImportJob.objects.filter(kind=ImportKind.PARTICIPANTS).order_by("pk")
    for job in jobs.iterator():
        rows = [o for o in job.outcomes if (o.get("values") or {}).get("personnummer") in numbers]
        if rows:
            found.append((job, rows))
    return found
