"""How far a running check or import has come, row by row, for its page.

The import runs in one transaction, so what it wrote about itself in the database would be
invisible to the page until the end: the progress goes to Django's cache instead (Redis in
production, CACHE_URL, shared by the worker and the web processes; process memory when tasks
run inline). It is written every EVERY rows, not per row, and doubles as the job's heartbeat:
the sweep leaves alone a job whose progress moved lately (`services.imports_sweep_stale`).
"""

import time

from django.core.cache import cache

# Rows between two writes: a 10,000-row file writes 20 times per phase.
EVERY = 500
# Kept a day: long after a job ended or lost its worker.
TIMEOUT = 24 * 3600

CHECKING, WRITING = "checking", "writing"


def _key(job_id) -> str:
    return f"imports:progress:{job_id}"


class Progress:
    """Counts the rows of one phase (CHECKING or WRITING) of job `job_id`; `step` is called
    per row (or per batch) and writes to the cache every EVERY rows."""

    def __init__(self, job_id, phase: str, total: int):
        self.key = _key(job_id)
        self.phase = phase
        self.total = total
        self.done = self.written = 0
        self.save()

    def step(self, rows: int = 1) -> None:
        self.done += rows
        if self.done - self.written >= EVERY:
            self.save()

    def save(self) -> None:
        self.written = self.done
        value = {"phase": self.phase, "done": self.done, "total": self.total, "at": time.time()}
        cache.set(self.key, value, TIMEOUT)


def read(job_id) -> dict | None:
    """{"phase", "done", "total", "at" (epoch seconds)} of the job's latest write, or None."""
    return cache.get(_key(job_id))


def clear(job_id) -> None:
    cache.delete(_key(job_id))
