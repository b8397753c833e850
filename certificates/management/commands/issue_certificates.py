"""Issue every due certificate of one company, for operations.

    python manage.py issue_certificates --company 556000-0001 --dry-run
    python manage.py issue_certificates --company 556000-0001 --as staffuser

A dry run lists what is due and changes nothing. Issuing needs --as: the certificates are
issued in the name of that staff user, so `issued_by` records a person who answers for them
rather than a machine.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import Capability, Role, has_capability
from companies.identifiers import normalize_organisationsnummer
from companies.models import Company

from ... import selectors, services
from ...models import CertificateLanguage


class Command(BaseCommand):
    help = "List the certificates due for a company and issue them (unless --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("--company", required=True, help="Organisation number")
        parser.add_argument(
            "--as",
            dest="username",
            help="Username of the staff member issuing (needed unless --dry-run)",
        )
        parser.add_argument(
            "--language", choices=CertificateLanguage.values, default=CertificateLanguage.SWEDISH
        )
        parser.add_argument("--dry-run", action="store_true", help="List only; change nothing.")

    def handle(self, *args, company, username, language, dry_run, **options):
        try:
            orgnr = normalize_organisationsnummer(company)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        found = Company.objects.filter(organisationsnummer=orgnr).first()
        if found is None:
            raise CommandError(f"No company has the organisation number {orgnr}.")
        if username:
            actor = self._actor(username)
            due = list(selectors.certificates_due(user=actor, company=found))
        elif dry_run:
            actor = None
            due = list(selectors.certificates_due_for_operations(company=found))
        else:
            raise CommandError(
                "Say who issues the certificates: --as USERNAME (a staff member), "
                "or list what is due with --dry-run."
            )
        self.stdout.write(f"{found.name} ({orgnr}): {len(due)} certificate(s) due")
        for validation in due:
            self.stdout.write(
                f"  {validation.participant.full_name}: {validation.model.name} – "
                f"{validation.level.name}, {validation.centre.name}"
            )
        if dry_run or not due:
            if dry_run:
                self.stdout.write("Dry run: nothing was issued.")
            return
        batch = services.certificates_issue_bulk(
            actor=actor, company=found, language=language, description=found.name
        )
        count = batch.certificates.count()
        self.stdout.write(
            self.style.SUCCESS(f"Issued {count} certificate(s) as batch {batch.pk}; PDFs queued.")
        )

    def _actor(self, username):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        if not has_capability(user, Capability.CERTIFICATES_ISSUE):
            raise CommandError(f"{username} may not issue certificates ({Role.STAFF.label} only).")
        return user
