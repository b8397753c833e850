"""`/health/` for the load balancer: 200 when the database, the broker (when one is configured)
and the file storage answer, else 503. No login, and no detail to the caller: what failed is
logged."""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 2  # seconds


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    if not settings.BROKER_CONFIGURED:
        return
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT) as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)


def _storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


CHECKS = {"database": _database, "broker": _broker, "storage": _storage}


def failing_checks() -> list[str]:
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            failed.append(name)
    return failed


@never_cache
@require_safe
def health(request):
    failed = failing_checks()
    return HttpResponse(
        "unavailable" if failed else "ok",
        status=503 if failed else 200,
        content_type="text/plain",
    )
