from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from coaching.bench import coaching_figures
from demo import bench, bench_pages
from demo.seed import seed
from imports.bench import import_seconds
from training import bench as training_bench


class Command(BaseCommand):
    help = (
        "Print speed figures: the main pages x roles at the demo size and at scale, the "
        "participant list through gunicorn, demo data at scale, one certificate render, a batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--companies", type=int, default=70)
        parser.add_argument("--runs", type=int, default=20, help="Requests per page and role.")
        parser.add_argument(
            "--port", type=int, default=8090, help="Local port for gunicorn (0: skip)."
        )
        parser.add_argument("--seconds", type=float, default=10, help="Length of the load run.")
        parser.add_argument("--renders", type=int, default=200)
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--per-process", type=int, default=300)
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--pages-only",
            action="store_true",
            help="Only the pages x roles table and the requests per second (to compare commits).",
        )

    def handle(
        self,
        *args,
        participants,
        companies,
        runs,
        port,
        seconds,
        renders,
        batch,
        per_process,
        force,
        pages_only,
        **options,
    ):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: the benchmark writes demo data. Use --force.")
        out = self.stdout
        out.write(
            f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
            f"broker: {'yes' if settings.BROKER_CONFIGURED else 'none (inline)'}\n"
        )
        with bench_pages.tasks_inline():  # its certificates rendered here, not left queued
            seconds_seed = bench.timed(lambda: seed())
        out.write(
            f"seed_demo (30 companies, 400 participants, validations, certificates): "
            f"{seconds_seed:.1f} s\n"
        )
        small = bench_pages.page_table(runs)
        if not pages_only:
            # The map at its stated size (a company of the demo plus 200 participants), measured
            # before the large seed puts ~1,400 participants in every company.
            coaching_figures(out)  # the competence map (target: < 150 ms) and the coach's day
        big = None
        if participants:
            seconds_seed = bench.timed(
                lambda: seed(companies=companies, participants=participants, certificates=False)
            )
            out.write(
                f"seed_demo --companies {companies} --participants {participants} "
                f"--no-certificates (validations included, then ANALYZE on PostgreSQL): "
                f"{seconds_seed:.1f} s (target: 100,000 participants in < 300 s)\n"
            )
            big = bench_pages.page_table(runs)
        out.write(f"\nPages x roles, server time in this process over {runs} requests each:\n")
        bench_pages.print_table(
            out, small, big, "400 participants", f"{participants:,} participants"
        )
        if port:
            figures = bench_pages.requests_per_second(
                port=port, path=reverse("companies:participant_list"), seconds=seconds
            )
            out.write(
                f"\nparticipant list through gunicorn (3 workers), 8 concurrent, {seconds:.0f} s: "
                f"{figures['rps']:.0f} requests/s, median {figures['median_ms']:.0f} ms, "
                f"p95 {figures['p95_ms']:.0f} ms, {figures['failures']} failed "
                f"(target: >= {bench_pages.TARGET_RPS} requests/s)\n"
            )
        out.write("(The machine may be shared: repeat a run before trusting a single figure.)\n\n")
        if pages_only:
            return
        owner = get_user_model().objects.get(username="staff")
        try:
            median, p10, p90 = bench.certificate_ms(renders, owner)
            out.write(
                f"certificate, one worker, whole task (claim, load, render, store): "
                f"median {median:.1f} ms (p10 {p10:.1f}, p90 {p90:.1f}) over {renders} "
                f"renders (target: median <= 30 ms)\n"
            )
            if per_process:
                solo_seconds = bench.batch_seconds(per_process, owner, out, pool="solo")
                if solo_seconds is not None:
                    out.write(
                        f"one worker process (--pool=solo), {per_process} certificates from the "
                        f"queue: {per_process / solo_seconds:.1f} renders/s\n"
                    )
            if batch:
                seconds_batch = bench.batch_seconds(batch, owner, out)
                if seconds_batch is not None:
                    out.write(
                        f"batch of {batch} certificates, celery worker with default "
                        f"concurrency: {seconds_batch:.1f} s (target: <= 20 s on 2 cores)\n"
                    )
        finally:
            bench.cleanup(owner)
        check, write = import_seconds(10_000)
        out.write(
            f"import of 10,000 participant rows (.xlsx): check {check:.1f} s + import "
            f"{write:.1f} s = {check + write:.1f} s (target: < 30 s)\n"
        )
        bench.reports_figures(out)
        training_bench.run(owner, out)
