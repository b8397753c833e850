"""Anonymise the participants whose retention period has run out (also run daily by Celery beat).

python manage.py anonymise_participants --dry-run   # how many, changes nothing
python manage.py anonymise_participants
"""

from django.core.management.base import BaseCommand

from privacy import services


class Command(BaseCommand):
    help = "Remove personnummer and names of participants whose retention period has run out."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        ends = services.retention_ends_on()
        if ends is None:
            self.stdout.write("No project record: nothing is due.")
            return
        due = services.participants_due()
        if dry_run:
            self.stdout.write(f"Retention ends {ends}: {due.count()} participant(s) due (dry run).")
            return
        count = services.participants_anonymise(participants=due)
        self.stdout.write(f"Retention ends {ends}: {count} participant(s) anonymised.")
