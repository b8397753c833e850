"""`make bench`: speed figures, printed, never asserted (timings are not tests).

- seed: seconds to load demo data at scale (`seed_demo --participants N`).
- certificate: ms per certificate rendered in one process, the task's whole work (claim, load,
  render, store), median over many runs.
- per worker process: certificates per second that one worker process (`--pool=solo`) renders
  from the queue, to size a fleet (README: scaling out).
- batch: seconds for a batch of certificates rendered by a real `celery worker` with its default
  concurrency (one process per core), from enqueue to the last file stored, started the way bulk
  issue starts them (`documents_start`: several certificates to a task). Needs a broker and
  PostgreSQL (the Makefile points `make bench` at the local ones when they answer).
"""

import statistics
import time
import uuid
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db import connection, transaction

from certificates.kinds import KIND_CERTIFICATE
from certificates.models import Certificate
from documents.models import Document, DocumentStatus
from documents.services import document_render, documents_start
from framtidssakrad.worker_process import celery_worker_process

BENCH_TITLE = "bench "


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def pending_certificate_documents(count: int, owner) -> list[uuid.UUID]:
    """Fresh pending render jobs for existing certificates (cycled), as the issue service makes."""
    certificates = list(Certificate.objects.order_by("pk").values_list("pk", "code")[:200])
    if not certificates:
        raise RuntimeError("No certificates to render: run seed_demo first.")
    documents = [
        Document(
            kind=KIND_CERTIFICATE,
            title=f"{BENCH_TITLE}{code}",
            owner=owner,
            params={"certificate": pk},
        )
        for pk, code in (certificates[i % len(certificates)] for i in range(count))
    ]
    Document.objects.bulk_create(documents)
    return [document.pk for document in documents]


def certificate_ms(runs: int, owner) -> tuple[float, float, float]:
    """(median, p10, p90) milliseconds for one render, after one warm-up render."""
    ids = pending_certificate_documents(runs + 1, owner)
    document_render(document_id=ids[0])  # warm-up: imports, font loading, template compile
    samples = [1000 * timed(lambda pk=pk: document_render(document_id=pk)) for pk in ids[1:]]
    failed = Document.objects.filter(pk__in=ids, status=DocumentStatus.FAILED).count()
    if failed:
        raise RuntimeError(f"{failed} renders failed; see the documents' error messages")
    deciles = statistics.quantiles(samples, n=10)
    return statistics.median(samples), deciles[0], deciles[-1]


def batch_seconds(count: int, owner, stdout, pool: str | None = None) -> float | None:
    """Seconds for `count` renders by a real worker (default concurrency; `pool="solo"` for one
    process), or None if there is no broker or the database is SQLite (which a second process
    cannot share safely)."""
    if not settings.BROKER_CONFIGURED or connection.vendor != "postgresql":
        stdout.write("  batch: skipped (needs CELERY_BROKER_URL and PostgreSQL DATABASE_URL)\n")
        return None
    with celery_worker_process(name="bench", quiet=True, pool=pool):
        ids = pending_certificate_documents(count, owner)
        start = time.perf_counter()
        with transaction.atomic():
            documents_start(ids)  # as bulk issue starts them
        # Polled by owner and title rather than by the 1000 ids, which would cost the database
        # (sharing the cores with the worker) a plan of a 1000-item IN list 10 times a second.
        pending = Document.objects.filter(
            owner=owner,
            title__startswith=BENCH_TITLE,
            status__in=[DocumentStatus.PENDING, DocumentStatus.RUNNING],
        )
        while pending.exists():
            if time.perf_counter() - start > 600:
                raise RuntimeError("the batch took more than 10 minutes")
            time.sleep(0.1)
        seconds = time.perf_counter() - start
    failed = Document.objects.filter(pk__in=ids, status=DocumentStatus.FAILED).count()
    if failed:
        stdout.write(f"  batch: {failed} of {count} failed\n")
    return seconds


def cleanup(owner) -> None:
    for document in Document.objects.filter(owner=owner, title__startswith=BENCH_TITLE):
        document.file.delete(save=False)
        document.delete()


# -- Reports (issue 12): the dashboard, and the progress report by a real worker --------------


def reports_figures(stdout) -> None:
    """The dashboard's response time and query count per role (median of 10 after a warm-up),
    fresh (the cache emptied first, as right after a change to the data) and cached; and
    seconds from request to stored file for the progress report's PDF and workbook by a real
    worker (skipped without a broker and PostgreSQL)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from reports.selectors import Filters
    from reports.services import progress_report_request

    users = get_user_model().objects
    url = reverse("reports:dashboard")
    for username in ("staff", "manager", "coach", "assessor"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users.get(username=username))
        client.get(url)  # warm-up: templates, translations
        fresh, cached = [], []
        for _ in range(10):
            cache.clear()  # as right after a change to the data: nothing computed yet
            with CaptureQueriesContext(connection) as fresh_queries:
                fresh.append(1000 * timed(partial(client.get, url)))
            with CaptureQueriesContext(connection) as cached_queries:
                cached.append(1000 * timed(partial(client.get, url)))
        stdout.write(
            f"reports dashboard ({username}): fresh median {statistics.median(fresh):.0f} ms, "
            f"{len(fresh_queries)} queries; cached median {statistics.median(cached):.0f} ms, "
            f"{len(cached_queries)} queries (target: < 100 ms both, fixed number of queries)\n"
        )
    manager = users.get(username="manager")
    if not settings.BROKER_CONFIGURED or connection.vendor != "postgresql":
        stdout.write("  progress report: skipped (needs CELERY_BROKER_URL and PostgreSQL)\n")
        return
    made = []
    try:
        with celery_worker_process(name="bench-reports", quiet=True):
            for format, target in (("pdf", 10), ("xlsx", 20)):
                start = time.perf_counter()
                with transaction.atomic():
                    document = progress_report_request(
                        actor=manager, filters=Filters(), format=format
                    )
                made.append(document.pk)
                waiting = Document.objects.filter(
                    pk=document.pk, status__in=[DocumentStatus.PENDING, DocumentStatus.RUNNING]
                )
                while waiting.exists():
                    if time.perf_counter() - start > 300:
                        raise RuntimeError("the progress report took more than 5 minutes")
                    time.sleep(0.1)
                seconds = time.perf_counter() - start
                document.refresh_from_db()
                stdout.write(
                    f"progress report {format}, celery worker: {seconds:.1f} s, "
                    f"{document.status}, {document.size or 0} bytes (target: < {target} s)\n"
                )
    finally:
        for document in Document.objects.filter(pk__in=made):
            document.file.delete(save=False)
            document.delete()
