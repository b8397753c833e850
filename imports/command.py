"""The two import commands' common work: check a file, print what it found, import it."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from . import services
from .plan import CHANGE, CREATE, REJECT, UNCHANGED
from .reading import UnreadableFile

# Exit statuses: every row valid; some rows rejected (the valid ones imported unless
# --dry-run); the file could not be read.
ALL_VALID, SOME_REJECTED, UNREADABLE = 0, 1, 2


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, import nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
            plan = services.check_file(
                actor=None, kind=self.kind, content=content, filename=path.name
            )
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=UNREADABLE) from None
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error}", returncode=UNREADABLE) from None
        if not dry_run:
            services.import_from_command(
                kind=self.kind, content=content, filename=path.name, plan=plan
            )
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{path.name}: {plan.count(CREATE)} {verb} created, {plan.count(CHANGE)} {verb} "
            f"changed, {plan.count(UNCHANGED)} unchanged, {plan.count(REJECT)} rejected."
        )
        for outcome in plan.outcomes:
            if outcome.action == REJECT:
                where = (
                    f"{outcome.sheet} row {outcome.row}"
                    if outcome.sheet != "CSV"
                    else f"row {outcome.row}"
                )
                self.stdout.write(f"  {where}: {' '.join(outcome.reasons)}")
        if plan.count(REJECT):
            sys.exit(SOME_REJECTED)
