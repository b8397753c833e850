"""Logs a log system can read: one line per event (a traceback stays inside its line), as JSON
when settings.LOG_FORMAT is "json", each with the request id, the user id (the number, never
a name or personnummer) and the Celery task id when there is one.

The request id is nginx's X-Request-ID (deploy/nginx.conf) when it looks like one, else new;
it is sent back in the response's X-Request-ID so a user's report can be found in the logs.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s "
    "[request=%(request_id)s user=%(user_id)s task=%(task_id)s] %(message)s"
)


def console_logging(log_format: str, level: str, loggers: dict) -> dict:
    """The dictConfig of one console handler in `log_format` ("json" or "text"), with the ids
    added to every record: settings.LOGGING, and gunicorn's (deploy/gunicorn.conf.py)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "framtidssakrad.logs.ContextFilter"}},
        "formatters": {
            "json": {"()": "framtidssakrad.logs.JsonFormatter"},
            "text": {"()": "framtidssakrad.logs.OneLineFormatter", "format": TEXT_FORMAT},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": loggers,
    }


def _task_id() -> str:
    from celery import current_task

    request = getattr(current_task, "request", None) if current_task else None
    return getattr(request, "id", None) or ""


class ContextFilter(logging.Filter):
    """Adds request_id, user_id and task_id to every record (empty when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        record.task_id = _task_id()
        return True


class JsonFormatter(logging.Formatter):
    converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "user_id": getattr(record, "user_id", None),
            "task_id": getattr(record, "task_id", "") or None,
            "process": record.process,
        }
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False, default=str)


class OneLineFormatter(logging.Formatter):
    """The text format, with a traceback's line breaks escaped so an event stays one line."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", "\\n")


class RequestLogContextMiddleware:
    """Sets the request id and the user id for the logs of this request (after
    AuthenticationMiddleware). They stay set until the response is finished (`clear_context`
    on request_finished), so Django's own line about a 404 or 500, written after the
    middleware returned, carries them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        request_id_var.set(request_id)
        user_id_var.set(user.pk if user is not None and user.is_authenticated else None)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def clear_context(**kwargs) -> None:
    """request_finished: the next lines of this thread belong to no request."""
    request_id_var.set("")
    user_id_var.set(None)
