from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo import bench
from demo.seed import seed
from imports.bench import import_seconds


class Command(BaseCommand):
    help = "Print speed figures: demo data at scale, one certificate render, a batch by a worker."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--companies", type=int, default=70)
        parser.add_argument("--renders", type=int, default=200)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--per-process", type=int, default=300)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, participants, companies, renders, batch, per_process, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: the benchmark writes demo data. Use --force.")
        out = self.stdout
        out.write(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
            f"broker: {'yes' if settings.BROKER_CONFIGURED else 'none (inline)'}\n"
        )
        seconds = bench.timed(lambda: seed())
        out.write(
            f"seed_demo (30 companies, 400 participants, validations, certificates): "
            f"{seconds:.1f} s\n"
        )
        if participants:
            seconds = bench.timed(
                lambda: seed(companies=companies, participants=participants, certificates=False)
            )
            out.write(
                f"seed_demo --companies {companies} --participants {participants} "
                f"--no-certificates (validations included): {seconds:.1f} s "
                f"(target: 100,000 participants in < 300 s)\n"
            )
        owner = get_user_model().objects.get(username="staff")
        try:
            median, p10, p90 = bench.certificate_ms(renders, owner)
            out.write(
                f"certificate, one worker, whole task (claim, load, render, store): "
                f"median {median:.1f} ms (p10 {p10:.1f}, p90 {p90:.1f}) over {renders} "
                f"renders (target: median <= 30 ms)\n"
            )
            if per_process:
                seconds = bench.batch_seconds(per_process, owner, out, pool="solo")
                if seconds is not None:
                    out.write(
                        f"one worker process (--pool=solo), {per_process} certificates from the "
                        f"queue: {per_process / seconds:.1f} renders/s\n"
                    )
            if batch:
                seconds = bench.batch_seconds(batch, owner, out)
                if seconds is not None:
                    out.write(
                        f"batch of {batch} certificates, celery worker with default "
                        f"concurrency: {seconds:.1f} s (target: <= 20 s on 2 cores)\n"
                    )
        finally:
            bench.cleanup(owner)
        check, write = import_seconds(10_000)
        out.write(
            f"import of 10,000 participant rows (.xlsx): check {check:.1f} s + import "
            f"{write:.1f} s = {check + write:.1f} s (target: < 30 s)\n"
        )
