"""A real `celery worker` in a subprocess, for the tests that need one and for `make bench`.

The worker listens on a queue of its own, and this process sends its tasks there while the
block runs, so a worker of a shared broker never picks them up.
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from .celery import app as celery_app

START_TIMEOUT = 60  # seconds


@contextmanager
def celery_worker_process(
    *, name: str, env: dict[str, str] | None = None, pool: str | None = None, quiet: bool = False
) -> Iterator[subprocess.Popen]:
    """Start a worker (default concurrency unless `pool` says otherwise, e.g. "solo"), wait
    until it answers a ping, and stop it after the block. `env` is added to this process's
    environment; `quiet` drops its output (a line per task would bury a benchmark's figures)."""
    queue = f"{name}-{uuid.uuid4().hex[:8]}"
    command = [sys.executable, "-m", "celery", "-A", "framtidssakrad", "worker", "-Q", queue]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    # "prefork:1" is the prefork pool with one process (what a test that kills it needs).
    pool, _, concurrency = (pool or "").partition(":")
    command += ["--loglevel=WARNING", *([f"--pool={pool}"] if pool else [])]
    command += [f"--concurrency={concurrency}"] if concurrency else []
    output = subprocess.DEVNULL if quiet else None
    worker = subprocess.Popen(
        command,
        env={**os.environ, **(env or {}), "CELERY_QUEUE": queue},
        stdout=output,
        stderr=output,
    )
    default_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not celery_app.control.ping(timeout=1.0):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        yield worker
    finally:
        celery_app.conf.task_default_queue = default_queue
        worker.terminate()
        worker.wait(timeout=60)
