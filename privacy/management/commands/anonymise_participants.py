"""Anonymise the participants whose retention period has run out (also run daily by Celery beat).

python manage.py anonymise_participants --dry-run   # how many, and the files that would go
python manage.py anonymise_participants
"""

from django.core.management.base import BaseCommand
from django.utils import translation

from privacy import services


class Command(BaseCommand):
    help = (
        "Remove personnummer and names of participants whose retention period has run out, "
        "and delete the stored files that name them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count and list the files, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        ends = services.retention_ends_on()
        if ends is None:
            self.stdout.write("No project record: nothing is due.")
            return
        due = services.participants_due()
        with translation.override("en"):  # like the rest of what it writes
            files = services.files_naming(due.values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"Retention ends {ends}: {due.count()} participant(s) due (dry run).")
            self.stdout.write(f"Files that would be deleted: {files.total()}")
        else:
            count = services.participants_anonymise(participants=due)
            self.stdout.write(f"Retention ends {ends}: {count} participant(s) anonymised.")
            self.stdout.write(f"Files deleted: {files.total()}")
        for kind, number in sorted(files.items()):
            self.stdout.write(f"  {kind}: {number}")
