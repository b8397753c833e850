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
