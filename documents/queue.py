"""Long work in the task queue, for any app: documents' renders, imports' checks and imports.
Knows no domain; each app's rows carry `status`, `claimed_by`, `queued_at` and `started_at`.

- `send`: send a task without failing the request when the broker does not answer; the
  request's user is told (`EnqueueFailureMiddleware`) and the app's row stays to be sent again.
- `claim`: take a row for a task with a conditional update, so that a task delivered twice does
  the work once, and the same task delivered again after its worker died takes its row back
  (the broker gives such a task back to the queue: CELERY_TASK_REJECT_ON_WORKER_LOST).
- `lost`: which rows lost their task (never sent, or their worker was killed), for each app's
  sweep run by `celery beat`.
"""

import datetime
import logging
from collections.abc import Iterable
from contextvars import ContextVar

from django.db.models import Q, QuerySet

logger = logging.getLogger(__name__)

# What the tasks of this request (or task) that could not be sent would have done, in words
# for the user (lazy, translated when shown). None outside a request.
enqueue_failures: ContextVar[list | None] = ContextVar("enqueue_failures", default=None)


def send(task, *, message, **kwargs) -> bool:
    """`task.delay(**kwargs)`; False (logged, `message` kept for the user) when the broker does
    not answer."""
    try:
        task.delay(**kwargs)
    except Exception:  # kombu raises several unrelated types; the caller's rows tell the user
        logger.exception("Could not send %s %s", task.name, kwargs)
        pending = enqueue_failures.get()
        if pending is not None and message not in pending:
            pending.append(message)
        return False
    return True


def claim(rows: QuerySet, *, waiting: Q, working: str, task_id: str = "", **fields) -> int:
    """Mark `rows` that are `waiting` (or left `working` by this same `task_id`) as `working`,
    claimed by `task_id`, with `fields`; returns how many were claimed (0: nothing to do)."""
    claimable = waiting
    if task_id:
        claimable |= Q(status=working, claimed_by=task_id)
    return rows.filter(claimable).update(status=working, claimed_by=task_id, **fields)


def lost(
    *,
    now: datetime.datetime,
    stale_after: datetime.timedelta,
    waiting: Iterable[str],
    working: Iterable[str],
) -> Q:
    """Rows that lost their task: waiting since it was sent, or working since they were
    claimed, for longer than `stale_after`."""
    cutoff = now - stale_after
    return Q(status__in=list(waiting), queued_at__lt=cutoff) | Q(
        status__in=list(working), started_at__lt=cutoff
    )
