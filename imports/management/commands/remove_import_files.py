"""Remove the uploaded files of imports that ended IMPORT_FILE_RETENTION_DAYS ago, and the rows
read from them (also run every night by Celery beat). The log of each import stays.

python manage.py remove_import_files --dry-run   # which, removes nothing
python manage.py remove_import_files
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from imports import services


class Command(BaseCommand):
    help = (
        "Remove uploaded import files (they hold personal identity numbers) "
        "IMPORT_FILE_RETENTION_DAYS after the import ended; the import log stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, remove nothing.")

    def handle(self, *args, dry_run=False, **options):
        jobs = services.import_files_remove(dry_run=dry_run)
        for job in jobs:
            self.stdout.write(f"{job.ended:%Y-%m-%d}  {job.pk}  {job.filename}")
        verb = "would be removed (dry run)" if dry_run else "removed"
        days = settings.IMPORT_FILE_RETENTION_DAYS
        self.stdout.write(f"{len(jobs)} import file(s) older than {days} days {verb}.")
