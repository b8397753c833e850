"""`make bench`: the main pages × roles, measured in-process, and the participant list's
requests per second through gunicorn. Figures are printed, never asserted: timings depend on
the machine (and on whoever else shares it).

- Page table: for each page and role, the query count (one request) and the median and 95th
  percentile of the server time (Django's test client in this process: URL routing,
  middleware, views, templates and the database; no network, no gunicorn), over `runs`
  requests after two warm-ups.
- Throughput: gunicorn with 3 workers on 127.0.0.1, 8 keep-alive clients (demo.load, in a
  process of their own) asking for the participant list as staff for a fixed number of seconds
  (a bounded loop, local only).
"""

import json
import math
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from companies.models import Company, Participant
from framtidssakrad.pagination import PAGE_SIZE
from validation.models import Validation

ROLES = ("staff", "manager", "assessor", "coach")  # the demo logins
SEARCH = "lind"  # a name part common in the demo data (Lindqvist, Lindberg, Lindgren …)

# The targets, printed next to the figures.
TARGET_MEDIAN_MS, TARGET_P95_MS, TARGET_GROWTH, TARGET_RPS = 50, 100, 2.0, 100


@dataclass(frozen=True)
class Page:
    label: str
    roles: tuple[str, ...]
    url: object  # (user) -> str | None: None when the role has nothing of this kind in scope
    method: str = "get"
    data: object = None  # (user) -> dict, for a POST


@dataclass(frozen=True)
class Figure:
    queries: int
    median_ms: float
    p95_ms: float
    status: int
    kilobytes: float


def _first(queryset):
    return queryset.order_by("pk").values_list("pk", flat=True).first()


def _deep(model, user) -> int:
    """A page four fifths of the way through the user's list (the issue measured deep pages)."""
    pages = math.ceil(model.objects.for_user(user).count() / PAGE_SIZE)
    return max(1, pages * 4 // 5)


def _detail(name: str, model):
    def url(user):
        pk = _first(model.objects.for_user(user))
        return reverse(name, args=[pk]) if pk else None

    return url


def _static(name: str, query: str = ""):
    return lambda user: reverse(name) + query


def _deep_list(name: str, model):
    return lambda user: f"{reverse(name)}?page={_deep(model, user)}"


ALL = ROLES
PAGES = [
    Page("start page", ALL, _static("home")),
    Page("company list", ALL, _static("companies:company_list")),
    Page("company detail", ALL, _detail("companies:company_detail", Company)),
    Page("participant list", ALL, _static("companies:participant_list")),
    Page(
        "participant list, deep page",
        ALL,
        _deep_list("companies:participant_list", Participant),
    ),
    Page("participant list, search", ALL, _static("companies:participant_list", f"?q={SEARCH}")),
    Page("participant detail", ALL, _detail("companies:participant_detail", Participant)),
    Page(
        "participant search (POST)",
        ("staff", "assessor"),
        _static("companies:participant_search"),
        method="post",
        data=lambda user: {"q": SEARCH, "bookable": "1"},
    ),
    Page("validation list", ALL, _static("validation:validation_list")),
    Page(
        "validation list, deep page",
        ALL,
        _deep_list("validation:validation_list", Validation),
    ),
    Page("validation list, search", ALL, _static("validation:validation_list", f"?q={SEARCH}")),
    Page("validation detail", ALL, _detail("validation:validation_detail", Validation)),
    Page("certificate list", ALL, _static("certificates:certificate_list")),
    Page(
        "certificate list, deep page",
        ALL,
        _deep_list("certificates:certificate_list", Certificate),
    ),
    Page("certificate list, search", ALL, _static("certificates:certificate_list", "?q=an")),
    Page("certificate detail", ALL, _detail("certificates:certificate_detail", Certificate)),
    Page("booking form", ("staff", "assessor"), _static("validation:validation_book")),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _request(client, page: Page, url: str, user):
    if page.method == "post":
        return client.post(url, page.data(user))
    return client.get(url)


def _measure(client, page: Page, url: str, user, runs: int) -> Figure:
    for _ in range(2):  # warm-up: template compilation, first connection, caches
        _request(client, page, url, user)
    # Counted at once: the capture reads the connection's log lazily, and the log is emptied
    # as each later request starts (and holds at most 9,000 queries).
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = _request(client, page, url, user)
    queries = len(captured)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        _request(client, page, url, user)
        samples.append(1000 * (time.perf_counter() - start))
    return Figure(
        queries=queries,
        median_ms=statistics.median(samples),
        p95_ms=statistics.quantiles(samples, n=20)[-1] if runs >= 2 else samples[0],
        status=response.status_code,
        kilobytes=len(response.content) / 1024,
    )


def page_table(runs: int = 20, users: dict | None = None) -> dict[tuple[str, str], Figure | None]:
    """(page label, role) → its figures (None when the role has nothing of the kind). `users`:
    role → user, by default the demo logins."""
    users = users or {name: get_user_model().objects.get(username=name) for name in ROLES}
    clients = {name: _client(user) for name, user in users.items()}
    figures = {}
    for page in PAGES:
        for role in page.roles:
            url = page.url(users[role])
            figures[page.label, role] = (
                _measure(clients[role], page, url, users[role], runs) if url else None
            )
    return figures


def _cell(figure: Figure | None) -> str:
    if figure is None:
        return f"{'–':>30}"
    status = "" if figure.status == 200 else f" [{figure.status}]"
    return (
        f"{figure.queries:>3} q {figure.median_ms:>7.1f} {figure.p95_ms:>7.1f} ms "
        f"{figure.kilobytes:>5.0f} kB{status}"
    )


def print_table(stdout, small: dict, big: dict | None, small_label: str, big_label: str) -> None:
    """The table with both sizes side by side, each row marked where it misses a target."""
    heading = f"{'page':<30} {'role':<9} {small_label:>30}"
    if big is not None:
        heading += f"  {big_label:>30}  {'x':>5}"
    stdout.write(heading + "\n")
    stdout.write(f"{'':<40} {'queries, median, p95, size':>30}\n")
    misses = 0
    for (label, role), figure in small.items():
        line = f"{label:<30} {role:<9} {_cell(figure)}"
        if big is not None:
            other = big.get((label, role))
            line += f"  {_cell(other)}"
            if figure and other:
                growth = other.median_ms / figure.median_ms if figure.median_ms else 0
                line += f"  {growth:>4.1f}x"
                missed = (
                    other.median_ms > TARGET_MEDIAN_MS
                    or other.p95_ms > TARGET_P95_MS
                    or growth > TARGET_GROWTH
                    or other.queries != figure.queries
                )
                if missed:
                    misses += 1
                    line += "  <- misses a target"
        stdout.write(line + "\n")
    stdout.write(
        f"targets at the larger size: median <= {TARGET_MEDIAN_MS} ms, p95 <= {TARGET_P95_MS} ms, "
        f"<= {TARGET_GROWTH:.0f}x the smaller size's median, the same query count; "
        f"rows missing one: {misses}\n"
    )


@contextmanager
def tasks_inline():
    """Celery tasks run in this process while inside: the benchmark's small seed renders its
    demo certificates itself instead of queueing them for a worker that is not running (they
    would wait in the broker and be rendered by the batch measurement's worker, skewing it)."""
    from framtidssakrad.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = before


def _wait_for_port(port: int, process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited; run it by hand to see why")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{port}")


@contextmanager
def gunicorn(port: int, workers: int = 3):
    """gunicorn serving this project on 127.0.0.1:`port`, stopped on the way out."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "framtidssakrad.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--preload",  # the workers start with Django loaded: none is warming up when measured
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def requests_per_second(
    *, port: int, path: str, username: str = "staff", concurrency: int = 8, seconds: float = 10
) -> dict:
    """Requests per second and latency for `path` as `username`, `concurrency` keep-alive
    clients (demo.load, a process of its own) against gunicorn (3 workers) on 127.0.0.1 for
    `seconds` (after 3 s of warm-up)."""
    client = _client(get_user_model().objects.get(username=username))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    command = [sys.executable, "-m", "demo.load", str(port), path, cookie]
    command += [f"--concurrency={concurrency}", f"--seconds={seconds}"]
    with gunicorn(port):
        output = subprocess.run(
            command, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
        ).stdout
    return json.loads(output)
