from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import seed


class Command(BaseCommand):
    help = "Load demo data: companies, participants, test centres and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=30)
        parser.add_argument("--participants", type=int, default=400)
        parser.add_argument(
            "--no-certificates",
            dest="certificates",
            action="store_false",
            help="Do not issue demo certificates (each is a PDF render; use at benchmark scale).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, companies, participants, certificates, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo logins have the password 'demo'. "
                "Use --force if you really mean it."
            )
        result = seed(
            companies=companies,
            participants=participants,
            certificates=certificates,
            stdout=self.stdout,
        )
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role in result.logins:
            self.stdout.write(f"  {username:<10} {password:<6} {role}")
